"""Markdown sources and exports.

Importing this module registers the ``markdown`` reader (``.md``, ``.markdown``) and the
``md`` writer. The reader lives in :mod:`.markdown_read` (block keys, ``nest`` attributes
and line-break policy are documented there) and the writer in :mod:`.markdown_write`.
"""

from __future__ import annotations

from .markdown_inline import MAX_NESTING
from .markdown_read import MAX_BYTES, read_markdown
from .markdown_write import inline_markdown, write_markdown

__all__ = ["MAX_BYTES", "MAX_NESTING", "inline_markdown", "read_markdown", "write_markdown"]
