"""Roles the translator sees (issue 12, item 9): press-release labels, a bold dateline
split off its paragraph, end marks that are not units."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from transflow.core.model import Block, BlockKind, Role
from transflow.core.records import SourceFile
from transflow.formats import read_source
from transflow.lang.codes import info
from transflow.ops.exportdoc import translate_document
from transflow.segment.roles import is_dateline, is_label
from transflow.segment.sentences import block_units, is_end_mark, is_noise, segment, split_dateline

MARKDOWN = """\
**FOR IMMEDIATE RELEASE**

# Riverton doubles its bike-share network

**RIVERTON, March 14, 2026 —** The City of Riverton will add 40 new stations. Riders will benefit.

The expansion is funded by a grant.

– ENDS –

## About RiverRide

RiverRide is the city's bike share.

###

-30-
"""


def _read(tmp_path: Path, name: str, content: str):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return read_source(SourceFile(path, f"sources/{name}", path.stem))


def _units(doc, mode: str = "sentence") -> list[tuple[str, str]]:
    return [(str(u.role), u.text) for u in segment(doc.blocks, mode, "en")]


def test_markdown_press_release_roles(tmp_path: Path) -> None:
    doc = _read(tmp_path, "a.md", MARKDOWN)
    assert _units(doc) == [
        ("label", "**FOR IMMEDIATE RELEASE**"),
        ("headline", "Riverton doubles its bike-share network"),
        ("dateline", "**RIVERTON, March 14, 2026 —**"),
        ("lead", "The City of Riverton will add 40 new stations."),
        ("lead", "Riders will benefit."),
        ("body", "The expansion is funded by a grant."),
        ("heading", "About RiverRide"),
        ("boilerplate", "RiverRide is the city's bike share."),
    ]


def test_paragraph_mode_also_splits_the_dateline(tmp_path: Path) -> None:
    doc = _read(tmp_path, "a.md", MARKDOWN)
    assert _units(doc, "paragraph")[2:4] == [
        ("dateline", "**RIVERTON, March 14, 2026 —**"),
        ("lead", "The City of Riverton will add 40 new stations. Riders will benefit."),
    ]


def test_text_source_label_before_the_headline(tmp_path: Path) -> None:
    doc = _read(
        tmp_path,
        "a.txt",
        "PRESS RELEASE\nEMBARGOED UNTIL 00:01 GMT, 14 MARCH 2026\nRiverton opens a bridge\n"
        "RIVERTON, March 14, 2026 — The City opened a bridge today.\nENDS\n",
    )
    roles = _units(doc)
    assert roles[0] == ("label", "PRESS RELEASE")
    assert roles[1] == ("label", "EMBARGOED UNTIL 00:01 GMT, 14 MARCH 2026")
    assert roles[2] == (
        "headline",
        "Riverton opens a bridge",
    )  # the text reader's title was the label
    # a dateline that is not bold stays in its sentence (only a bold one is a unit of its own)
    assert roles[-1] == ("lead", "RIVERTON, March 14, 2026 — The City opened a bridge today.")
    assert all(text != "ENDS" for _, text in roles)


def test_docx_label_dateline_and_end_mark(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("FOR IMMEDIATE RELEASE")
    d.add_paragraph("Port Ellen Harbour Festival returns", style="Title")
    p = d.add_paragraph()
    p.add_run("PORT ELLEN, April 9, 2026 —").bold = True
    p.add_run(" The Trust today announced the programme.  It expects 8,500 visitors.")
    d.add_paragraph("– ENDS –")
    path = tmp_path / "h.docx"
    d.save(path)
    doc = read_source(SourceFile(path, "sources/h.docx", "h"))
    assert _units(doc) == [
        ("label", "FOR IMMEDIATE RELEASE"),
        ("headline", "Port Ellen Harbour Festival returns"),
        ("dateline", "**PORT ELLEN, April 9, 2026 —**"),
        ("lead", "The Trust today announced the programme."),
        ("lead", "It expects 8,500 visitors."),
    ]
    # the export joins the dateline and the sentence with the source's gap, and keeps
    # the end mark verbatim
    translations = {
        "**PORT ELLEN, April 9, 2026 —**": "**ПОРТ-ЭЛЛЕН, 9 апреля 2026 года —**",
        "The Trust today announced the programme.": "Фонд сегодня объявил программу.",
        "It expects 8,500 visitors.": "Он ожидает 8 500 гостей.",
    }
    out = translate_document(doc, "sentence", "en", translations, info("ru"))
    texts = [b.text for b in out.blocks if b.kind is BlockKind.PARAGRAPH]
    assert (
        "**ПОРТ-ЭЛЛЕН, 9 апреля 2026 года —** Фонд сегодня объявил программу.  "
        "Он ожидает 8 500 гостей."
    ) in texts
    assert "– ENDS –" in texts


@pytest.mark.parametrize(
    "text",
    ["FOR IMMEDIATE RELEASE", "For Immediate Release:", "PRESS RELEASE", "News Release",
     "MEDIA ADVISORY", "EMBARGOED UNTIL 00:01 GMT, 14 MARCH 2026", "Embargoed: 10:00 CET",
     "PRESS RELEASE | FOR IMMEDIATE RELEASE", "Under embargo until Monday 9 May",
     "For release at 10:00 on 3 May", "STRICTLY EMBARGOED"],
)  # fmt: skip
def test_labels(text: str) -> None:
    assert is_label(text)


@pytest.mark.parametrize(
    "text",
    ["Embargo on Russian oil lifted", "Media Advisory: Mayor to open the new bridge",
     "Press release issued by the city", "The release is immediate.", ""],
)  # fmt: skip
def test_not_labels(text: str) -> None:
    assert not is_label(text)


def test_a_headline_that_is_a_label_is_a_label_only_before_the_lead() -> None:
    blocks = (
        Block(BlockKind.TITLE, "Riverton opens a bridge"),
        Block(BlockKind.PARAGRAPH, "The City opened a bridge today."),
        Block(BlockKind.PARAGRAPH, "Press release"),
    )
    assert [u.role for u in segment(blocks, "sentence", "en")] == [
        Role.HEADLINE,
        Role.LEAD,
        Role.BODY,
    ]


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("**RIVERTON, March 14, 2026 —** The City will.", ("**RIVERTON, March 14, 2026 —**", " ")),
        ("**RIVERTON, March 14, 2026** — The City will.", ("**RIVERTON, March 14, 2026** —", " ")),
        ("**LONDON, 2 May 2026:** The City will.", ("**LONDON, 2 May 2026:**", " ")),
        ("**RIVERTON, March 14, 2026 —**", None),  # nothing after it
        ("**RIVERTON, March 14, 2026 —** 2026", None),  # nothing to translate after it
        ("**Admission is free**, and more.", None),
        ("RIVERTON, March 14, 2026 — The City will.", None),  # not bold
        ("The **RIVERTON, March 14, 2026 —** City.", None),  # not at the start
    ],
)
def test_split_dateline(markup: str, expected: tuple[str, str] | None) -> None:
    parts = split_dateline(markup)
    assert (parts[:2] if parts else None) == expected


def test_dateline_is_split_only_in_paragraphs() -> None:
    text = "**RIVERTON, March 14, 2026 —** The City will."
    assert len(block_units(Block(BlockKind.PARAGRAPH, text), "paragraph", "en")) == 2
    for kind in (BlockKind.QUOTE, BlockKind.LIST_ITEM, BlockKind.TABLE_CELL):
        assert len(block_units(Block(kind, text), "paragraph", "en")) == 1
    assert is_dateline("RIVERTON, March 14, 2026 —")
    assert not is_dateline("RIVERTON, March 14, 2026 — The City")


@pytest.mark.parametrize(
    ("text", "end_mark"),
    [("###", False), ("# # #", False), ("-30-", False), ("– ENDS –", True), ("ENDS", True),
     ("- End -", True), ("-ENDS-", True), ("[ENDS]", True), ("**– ENDS –**", True),
     ("End", False), ("ends", False), ("The end", False), ("It ends here.", False)],
)  # fmt: skip
def test_end_marks_are_not_units(text: str, end_mark: bool) -> None:
    from transflow.core.inline import plain

    assert is_end_mark(plain(text)) is end_mark
    # every end mark is noise (never a unit), letters or not
    assert is_noise(text) is (end_mark or not any(c.isalpha() for c in text))
