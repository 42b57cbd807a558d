"""``html``: a translation carries only the HTML its source carried, and no link that runs
code (issue 13, item 5)."""

from __future__ import annotations

import pytest

from transflow.core.unsafe import script_scheme

from .util import findings

SRC = "Hello {span1}world{span1_end}, see [the site](https://x.org)."


@pytest.mark.parametrize(
    "msgstr",
    [
        "Hallo <script>alert(1)</script> {span1}Welt{span1_end}, [Seite](https://x.org).",
        "Hallo <img src=x onerror=alert(1)> {span1}Welt{span1_end}, [Seite](https://x.org).",
        'Hallo <iframe src="https://e.x"></iframe> {span1}Welt{span1_end}, [S](https://x.org).',
        "Hallo <!-- x --> {span1}Welt{span1_end}, [Seite](https://x.org).",
        "Hallo {span1}Welt{span1_end}, [Seite](javascript:alert(1)).",
        "Hallo {span1}Welt{span1_end}, [Seite](https://x.org) [x](JavaScript:alert(1)).",
        "Hallo {span1}Welt{span1_end}, [Seite](https://x.org) ![x](<java\tscript:alert(1)>).",
        "Hallo {span1}Welt{span1_end}, [S](https://x.org) [d](<data:text/html,x>).",
        "Hallo {span1}Welt{span1_end}, [S](https://x.org) [v](vbscript:msgbox).",
    ],
)
def test_added_html_or_script_link_is_an_error(msgstr: str) -> None:
    assert findings("html", SRC, msgstr, "de")


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        (SRC, "Hallo {span1}Welt{span1_end}, siehe [die Seite](https://x.org)."),
        ("Contact <Jane Doe>.", "Kontakt <Jane Doe>."),  # a DOCX source's text
        ("Use `<br>` here.", "Nutzen Sie `<br>` hier."),  # code is not HTML
        ("x < y > z", "x < y > z"),
        ("![logo](data:image/png;base64,iVBO)", "![Logo](data:image/png;base64,iVBO)"),
    ],
)
def test_html_of_the_source_or_no_html_is_fine(msgid: str, msgstr: str) -> None:
    assert findings("html", msgid, msgstr, "de") == []


def test_message_names_the_tag_and_the_scheme() -> None:
    msgstr = "Hallo <script>x</script> {span1}W{span1_end} [S](javascript:alert(1))."
    messages = findings("html", SRC, msgstr, "de")
    assert any("<script" in m and "raw HTML not in the source" in m for m in messages)
    assert any("javascript: URL" in m for m in messages)


@pytest.mark.parametrize(
    ("url", "image", "scheme"),
    [
        ("javascript:alert(1)", False, "javascript"),
        (" JaVa\tScRiPt:alert(1)", False, "javascript"),
        ("vbscript:x", False, "vbscript"),
        ("data:text/html,<b>", False, "data"),
        ("data:image/png;base64,AA", False, "data"),
        ("data:image/png;base64,AA", True, None),
        ("data:image/svg+xml;base64,AA", True, "data"),
        ("https://x.org/javascript:", False, None),
        ("javascript%3Aalert(1)", False, None),
        ("<javascript:alert(1)>", False, "javascript"),
        ("mailto:a@b.c", False, None),
        ("", False, None),
    ],
)
def test_script_scheme(url: str, image: bool, scheme: str | None) -> None:
    assert script_scheme(url, image) == scheme
