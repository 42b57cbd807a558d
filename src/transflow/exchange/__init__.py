"""Exchange with translation agencies: XLIFF (documents), TMX (memories), TBX (terms).

``inline_codes`` maps transflow's inline markup to XLIFF/TMX inline codes and back;
``xmlsafe`` parses untrusted XML; ``xliff``/``tmx``/``tbx`` read and write the formats;
the operations behind ``transflow xliff …`` and ``transflow tm …`` are
:mod:`transflow.ops.xliff` and :mod:`transflow.ops.tm`. Nothing here prints or exits.
"""

# the public modules (imported on use: importing the package stays cheap)
__all__ = [
    "tbx",
    "tmx",
    "xliff",
]
