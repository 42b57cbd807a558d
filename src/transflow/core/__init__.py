"""What every stage shares: errors, the data model that crosses seams, inline markup.

* :mod:`~transflow.core.errors`: the exceptions the library raises (the CLI maps them to exit codes);
* :mod:`~transflow.core.model`: the document model, small frozen dataclasses (Document,
  Block, Unit…) with no I/O;
* :mod:`~transflow.core.records`: what commands report and work on (Stats, Issue,
  SourceFile, LanguageInfo), frozen dataclasses too;
* :mod:`~transflow.core.inline`: transflow's inline markup, the one representation of
  formatting in blocks and catalogs;
* :mod:`~transflow.core.digest` and :mod:`~transflow.core.unsafe`: content digests, and what a
  translation must not bring into an export.
"""

# the public modules (imported on use: importing the package stays cheap)
__all__ = [
    "digest",
    "errors",
    "inline",
    "model",
    "records",
    "unsafe",
]
