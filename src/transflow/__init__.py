"""transflow: translate and publish press releases through gettext catalogs.

The library API (the CLI is a thin layer over it)::

    from transflow.ops import extract, status, export
    from transflow.workspace import config

    cfg = config.discover()
    result = extract.run(cfg)

The packages follow the pipeline: :mod:`transflow.core` (model, errors, markup),
:mod:`transflow.lang` (language facts), :mod:`transflow.workspace` (configuration, paths,
file transactions), :mod:`transflow.formats` (readers and writers),
:mod:`transflow.segment` (units and roles), :mod:`transflow.catalog` (PO files),
:mod:`transflow.checks`, :mod:`transflow.ops` (one module per command) and
:mod:`transflow.cli`. See ``docs/architecture.md``.
"""

__version__ = "0.2.0"
