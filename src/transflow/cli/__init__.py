"""The ``transflow`` command: typer for arguments, rich for output (the only users of both).

* :mod:`~transflow.cli.app`: the main app and the core commands;
* :mod:`~transflow.cli.exchange` and :mod:`~transflow.cli.review`: ``xliff``, ``tm``,
  ``glossary`` and ``review``;
* :mod:`~transflow.cli.output`: rendering results on the terminal;
* :mod:`~transflow.cli.statustable`: ``status``'s table, drawn without rich when piped.
"""

# the public modules (imported on use: importing the package stays cheap)
__all__ = [
    "app",
]
