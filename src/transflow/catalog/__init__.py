"""Everything that touches PO files: strict reading, msgcat-exact writing, merging."""

# the public modules (imported on use: importing the package stays cheap)
__all__ = [
    "edits",
    "entries",
    "merge",
    "merge3",
    "pofile",
    "poparse",
    "powrite",
    "scan",
    "template",
    "tm",
]
