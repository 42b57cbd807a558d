"""Linked images survive the Markdown reader and writer (they are common in press releases:
a logo linking to the organisation's site)."""

from __future__ import annotations

import pytest

from transflow.formats.markdown_inline import inline_text
from transflow.formats.markdown_write import inline_markdown


@pytest.mark.parametrize(
    "markup",
    [
        "[![logo](l.png)](https://x.org)",
        "See [the ![chart](a.png) chart](https://u.org) now",
        "![alone](b.png) and [a link](https://u.org)",
    ],
)
def test_linked_images_round_trip(markup: str) -> None:
    markdown = inline_markdown(markup)
    assert inline_text(markdown) == markup
