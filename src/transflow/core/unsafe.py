"""What a translation must not bring into an export: links that run code in a browser,
and raw HTML its source unit did not carry.

A translator edits text in a PO file; transflow writes that text into published Markdown
and DOCX files. Raw HTML of a translation never reaches an export as HTML (the Markdown
writer escapes every ``<`` of the text; the HTML a source unit carried travels beside
the text as placeholders, ``{span1}``…``{span1_end}``, and is written back from the
source). Links are different: a translation's ``[text](url)`` is a real link in the
export. A link or image whose URL has a scheme that runs code (``javascript:``,
``vbscript:``, ``data:`` — except ``data:image/png|gif|jpeg|webp`` pictures, as
markdown-it allows) is never written as a link: the writers keep its text and warn, and
``check`` reports it as an error (:mod:`transflow.checks.markup`).

Browsers ignore ASCII control characters and white space inside a scheme
(``java\\tscript:``) and compare it without case; so does :func:`script_scheme`.
"""

from __future__ import annotations

import re

SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "data"})
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
_SAFE_DATA_IMAGE = re.compile(r"data:image/(?:png|gif|jpeg|webp);")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
# an HTML tag, closing tag, comment, processing instruction or declaration in text
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--|<\?|<![A-Za-z\[]")


def script_scheme(url: str | None, image: bool = False) -> str | None:
    """The scheme of ``url`` when it runs code in a browser (``javascript``…), else None;
    ``image``: the URL is a picture's source (safe ``data:image/…`` pictures allowed)."""
    if not url:
        return None
    compact = _CONTROL.sub("", url).lower()
    if compact.startswith("<") and compact.endswith(">"):  # markup's <…> destination form
        compact = compact[1:-1]
    m = _SCHEME.match(compact)
    if m is None or m.group(1) not in SCRIPT_SCHEMES:
        return None
    if m.group(1) == "data" and image and _SAFE_DATA_IMAGE.match(compact):
        return None
    return m.group(1)


def html_tags(text: str) -> list[str]:
    """The HTML tags (and comments, declarations…) written in ``text``."""
    return [m.group() for m in HTML_TAG.finditer(text)]
