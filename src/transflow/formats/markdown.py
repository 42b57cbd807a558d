"""Markdown sources and exports.

Importing this module registers the ``markdown`` reader (``.md``, ``.markdown``) and the
``md`` writer. The reader lives in :mod:`.markdown_read` (block keys, ``nest`` attributes,
table shape, footnotes, YAML/TOML front matter and line-break policy are documented
there), the inline layer and the placeholders for inline HTML and footnote references
in :mod:`.markdown_inline`, and the writer (tables, pictures and assets, page headers and
footers, heading levels of other formats) in :mod:`.markdown_write`.
"""

from __future__ import annotations

from transflow.formats.markdown_inline import MAX_NESTING
from transflow.formats.markdown_read import MAX_BYTES, read_markdown
from transflow.formats.markdown_write import inline_markdown, write_markdown

__all__ = ["MAX_BYTES", "MAX_NESTING", "inline_markdown", "read_markdown", "write_markdown"]
