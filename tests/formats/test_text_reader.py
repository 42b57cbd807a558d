"""The plain-text reader: both shapes, encodings, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from transflow.core.errors import InputError
from transflow.core.model import BlockKind
from transflow.core.records import SourceFile
from transflow.formats import read_source
from transflow.formats.text import split_paragraphs

SEED = Path(__file__).parents[2] / "sources" / "khojaly-commemoration-moscow.txt"


def _read(tmp_path: Path, data: bytes):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    return read_source(SourceFile(path, "sources/a.txt", "a"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Title\nFirst para.\nSecond para.\n",
            ["Title", "First para.", "Second para."],
            id="line-per-paragraph",
        ),
        pytest.param(
            "Title\n\nFirst para.\n\n\nSecond.\n",
            ["Title", "First para.", "Second."],
            id="blank-separated-lines",
        ),
        pytest.param(
            "Title\n\nA wrapped paragraph\nthat goes on here\nand ends.\n\nAnother one\nhere.\n",
            ["Title", "A wrapped paragraph that goes on here and ends.", "Another one here."],
            id="hard-wrapped",
        ),
        pytest.param("Title\r\n\r\nOne.\r\nTwo.\r\n", ["Title", "One. Two."], id="crlf-wrapped"),
        pytest.param(
            "T\n" + "x" * 120 + "\ny\n", ["T", "x" * 120, "y"], id="long-lines-are-paragraphs"
        ),
        pytest.param(
            "  Title  \n\n   \n  indented para\n",
            ["Title", "indented para"],
            id="whitespace-trimmed",
        ),
    ],
)
def test_shapes(text: str, expected: list[str]) -> None:
    assert split_paragraphs(text) == expected


def test_seed_paragraph_per_line() -> None:
    doc = read_source(
        SourceFile(SEED, "sources/khojaly-commemoration-moscow.txt", "khojaly-commemoration-moscow")
    )
    assert len(doc.blocks) == 9
    assert doc.blocks[0].kind is BlockKind.TITLE
    assert doc.blocks[0].text.startswith("Leyla Aliyeva:")
    assert doc.blocks[4].text.startswith("Speaking at the event")
    assert all(b.kind is BlockKind.PARAGRAPH for b in doc.blocks[1:])


@pytest.mark.parametrize(
    ("data", "first"),
    [
        pytest.param("Café “news”\nBody.\n".encode(), "Café “news”", id="utf8"),
        pytest.param(b"\xef\xbb\xbfTitle\nBody.\n", "Title", id="utf8-bom"),
        pytest.param(
            "Café “news” – naïve\nBody.\n".encode("cp1252"), "Café “news” – naïve", id="cp1252"
        ),
    ],
)
def test_encodings_decoded(tmp_path: Path, data: bytes, first: str) -> None:
    assert _read(tmp_path, data).blocks[0].text == first


@pytest.mark.parametrize(
    ("data", "reason", "line"),
    [
        pytest.param(
            "Заголовок\nПривет мир.\n".encode("cp1251"), "not valid UTF-8", 1, id="cp1251-refused"
        ),
        pytest.param(
            "Title\nBody\nΚαλημέρα κόσμε\n".encode("cp1253"),
            "not valid UTF-8",
            3,
            id="greek-refused",
        ),
        pytest.param("Title\n".encode("utf-16"), "UTF-16", None, id="utf16"),
        pytest.param(b"Title\n\x00\x01binary", "NUL", 2, id="binary"),
    ],
)
def test_bad_encodings_refused(tmp_path: Path, data: bytes, reason: str, line: int | None) -> None:
    with pytest.raises(InputError) as info:
        _read(tmp_path, data)
    assert reason in info.value.message
    assert info.value.line == line
    assert str(info.value).startswith("sources/a.txt")


def test_markup_characters_are_escaped(tmp_path: Path) -> None:
    doc = _read(tmp_path, b"Title\nPrices rose 5*3 [sic] today.\n")
    assert doc.blocks[1].text == "Prices rose 5\\*3 \\[sic\\] today."
