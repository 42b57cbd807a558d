"""What the Markdown reader (:mod:`.markdown_read`, :mod:`.markdown_inline`) and writer
(:mod:`.markdown_write`) agree on, in a module of its own: the writer imports it without
importing the reader's parser (markdown-it), which a Markdown export needs only for a
text with Markdown syntax in it."""

from __future__ import annotations

HTML_REF = "html"  # Code.ref of a placeholder that stands for raw inline HTML
SEPARATOR = "<!---->"  # an empty HTML comment between adjacent code spans, ignored
# front-matter fields an export writes itself, so they are not copied from the source
RESERVED_FIELDS = frozenset(
    {"title", "subtitle", "summary", "description", "date", "date_display"} | {"lang", "dir"}
)
