"""The exchange package is library code: no CLI toolkit, every command documented."""

from __future__ import annotations

import subprocess
import sys

from transflow.exchange.inline_codes import code_from_markup, to_tree


def test_exchange_never_imports_cli_toolkits() -> None:
    code = (
        "import sys, transflow.ops.xliff, transflow.ops.tm, "
        "transflow.exchange.tbx, transflow.exchange.tmx\n"
        "bad = [m for m in ('typer', 'rich', 'click') if m in sys.modules]\n"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_code_rebuilds_from_its_markup() -> None:
    markup = '**a** *b* <u>u</u> ~~s~~ [x **y**](http://e.com "t") `c` {PAGE} ![alt](i.png "p")'
    _, codes = to_tree(markup)
    assert [c.kind for c in codes] == [
        "bold",
        "italic",
        "underline",
        "strike",
        "link",
        "bold",
        "code",
        "placeholder",
        "image",
    ]
    for c in codes:
        assert code_from_markup(c.id, c.start, c.end if c.paired else None) == c
    assert code_from_markup("1", "<b>", "</b>") is None  # not transflow markup
