"""One module per command, named like the command: the library API the CLI calls.

Each module has a ``run`` (or a few named entry points) that takes a workspace and options
and returns a typed result; nothing here prints or exits.

* :mod:`~transflow.ops.extract`, :mod:`~transflow.ops.status`, :mod:`~transflow.ops.check`,
  :mod:`~transflow.ops.export`, :mod:`~transflow.ops.diff`;
* :mod:`~transflow.ops.xliff`, :mod:`~transflow.ops.tm`, :mod:`~transflow.ops.review`
  (``review import``);
* :mod:`~transflow.ops.gitsetup`, :mod:`~transflow.ops.mergedriver`;
* :mod:`~transflow.ops.parallel`: independent jobs on every core.
"""

# the public modules (imported on use: importing the package stays cheap)
__all__ = [
    "check",
    "diff",
    "export",
    "extract",
    "gitsetup",
    "mergedriver",
    "review",
    "status",
    "tm",
    "xliff",
]
