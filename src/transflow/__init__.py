"""transflow: translate and publish press releases through gettext catalogs.

The library API (the CLI is a thin layer over it)::

    from transflow import config, extract, status, check, export
    cfg = config.discover()
    result = extract.run(cfg)
"""

__version__ = "0.2.0"
