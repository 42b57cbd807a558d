"""The workspace on disk: configuration, where things live, safe file transactions.

* :mod:`~transflow.workspace.config`: discovery (like git), loading, validation, ``init``;
* :mod:`~transflow.workspace.paths`: sources, templates, catalogs and exports, never outside;
* :mod:`~transflow.workspace.store`: atomic, race-free writes, identity checks and the lock;
* :mod:`~transflow.workspace.statcache`: facts about files keyed by ``stat``;
* :mod:`~transflow.workspace.letterhead`: the ``_template`` catalog of the page around articles.
"""

# the public modules (imported on use: importing the package stays cheap)
__all__ = [
    "config",
    "letterhead",
    "paths",
    "statcache",
    "store",
]
