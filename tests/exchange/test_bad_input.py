"""Bad XLIFF and TMX: one line naming the file (and line), exit 3, nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import run, tree

GOOD2 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="{src}" trgLang="ru">
  <file id="f1" original="{original}">
    <unit id="u1">
      <segment state="translated">
        <source>{source}</source>
        <target>Перевод</target>
      </segment>
    </unit>
  </file>
</xliff>
"""
HEADLINE = "Riverton doubles its bike-share network with 40 new stations"
BIKE = "sources/city-bike-share-expansion.md"

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE xliff [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="ru">
<file id="f1" original="x"><unit id="u1"><segment><source>&lol3;</source></segment></unit></file></xliff>
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="ru">
<file id="f1" original="x"><unit id="u1"><segment><source>&xxe;</source></segment></unit></file></xliff>
"""
TMX_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
<tmx version="1.4"><header srclang="en" creationtool="x" creationtoolversion="1" segtype="sentence"
o-tmf="x" adminlang="en" datatype="plaintext"/><body><tu><tuv xml:lang="en"><seg>&b;</seg></tuv></tu></body></tmx>
"""


def _good(**kw: str) -> str:
    values = {"src": "en", "original": BIKE, "source": HEADLINE} | kw
    return GOOD2.format(**values)


CASES = [
    pytest.param("xliff", b"", r"bad.xlf: empty file", id="empty"),
    pytest.param(
        "xliff",
        _good().replace("</unit>", "</unt>").encode(),
        r"bad.xlf:9: malformed XLIFF: Opening and ending tag mismatch",
        id="malformed",
    ),
    pytest.param(
        "xliff",
        _good(src="fr").encode(),
        r"bad.xlf:2: source language is fr",
        id="wrong-source-language",
    ),
    pytest.param(
        "xliff",
        _good(source="A sentence nobody ever wrote").encode(),
        r"bad.xlf:3: none of the 1 units of sources/city-bike-share-expansion.md exists",
        id="units-no-longer-exist",
    ),
    pytest.param(
        "xliff",
        _good(original="sources/gone.md").encode(),
        r"bad.xlf:3: article sources/gone.md is not in this workspace",
        id="unknown-article",
    ),
    pytest.param(
        "xliff",
        _good().replace("Перевод", "Übersetzung").encode("latin-1", "replace"),
        r"bad.xlf:7: malformed XLIFF",
        id="wrong-encoding",
    ),
    pytest.param(
        "xliff",
        LAUGHS.encode(),
        r"bad.xlf:2: XLIFF must not have a document type",
        id="billion-laughs",
    ),
    pytest.param(
        "xliff", XXE.encode(), r"bad.xlf:2: XLIFF must not have a document type", id="xxe"
    ),
    pytest.param(
        "xliff",
        _good().replace('version="2.1"', 'version="3.0"').encode(),
        r"bad.xlf:2: unsupported XLIFF version '3.0'",
        id="unknown-version",
    ),
    pytest.param(
        "tm", b"<tmx version='1.4'><header/>", r"bad.xlf:1: malformed TMX", id="tmx-malformed"
    ),
    pytest.param(
        "tm", TMX_LAUGHS.encode(), r"bad.xlf:2: entity declarations", id="tmx-billion-laughs"
    ),
    pytest.param(
        "tm",
        TMX_LAUGHS.replace(
            '<!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>', ""
        )
        .replace('srclang="en"', 'srclang="fr"')
        .replace("&b;", "x")
        .encode(),
        r"bad.xlf: source language is fr",
        id="tmx-wrong-source-language",
    ),
]


@pytest.mark.parametrize("command,data,message", CASES)
def test_bad_input_exit_3_one_line_nothing_changed(
    sample: Path, tmp_path: Path, command: str, data: bytes, message: str
) -> None:
    bad = tmp_path / "bad.xlf"
    bad.write_bytes(data)
    before = tree(sample)
    result = run(sample, command, "import", str(bad))
    assert result.exit_code == 3, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert message.replace(r"bad.xlf", str(bad)) in lines[0], lines[0]
    assert tree(sample) == before


def test_one_bad_file_among_good_ones_changes_nothing(sample: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.xlf"
    good.write_text(_good())
    bad = tmp_path / "bad.xlf"
    bad.write_text(_good(src="fr"))
    before = tree(sample)
    result = run(sample, "xliff", "import", str(good), str(bad))
    assert result.exit_code == 3
    assert tree(sample) == before
