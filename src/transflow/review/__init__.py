"""Review in Word: a bilingual review DOCX per article and language, and its import.

- :mod:`.manifest` — what the document carries so that the import can match its rows
  to catalog entries (a custom XML part: Word and LibreOffice keep it);
- :mod:`.runs` — inline markup to WordprocessingML runs and back;
- :mod:`.build` — ``review export``: the document;
- :mod:`.read` — reading a (reviewed) document back into rows;
- ``review import``, the merge into the catalogs, is :mod:`transflow.ops.review`.
"""

# the public modules (imported on use: importing the package stays cheap)
__all__ = [
    "build",
    "manifest",
    "read",
]
