"""Exchange with translation agencies: XLIFF (documents), TMX (memories), TBX (terms).

``inline_codes`` maps transflow's inline markup to XLIFF/TMX inline codes and back;
``xmlsafe`` parses untrusted XML; ``xliff``/``tmx``/``tbx`` read and write the formats;
``xliff_ops`` and ``tm_ops`` are the operations behind ``transflow xliff …`` and
``transflow tm …``. Nothing here prints or exits.
"""
