"""DOCX reader: golden extract of the sample press release, block kinds and keys, run
merging, fields, drawings, tracked changes, content controls, nested tables."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest
from block_facts import facts

from transflow.core.model import BlockKind, Document, ListItem, Role
from transflow.core.records import SourceFile
from transflow.formats import read_source

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests/golden/docx"
_spec = importlib.util.spec_from_file_location(
    "docx_fixtures", ROOT / "tests/fixtures/docx/make_fixtures.py"
)
assert _spec and _spec.loader
fx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fx)


def _read(path: Path) -> Document:
    return read_source(SourceFile(path, f"sources/{path.name}", path.stem))


def dump(doc: Document) -> str:
    """Blocks with the press-release role each gets (the ``#.`` comment translators see)."""
    from transflow.segment.roles import block_roles

    lines = [f"# {doc.path} format={doc.format} meta={json.dumps(dict(doc.meta))}"]
    for b, role in zip(doc.blocks, block_roles(doc.blocks), strict=True):
        attrs = ",".join(f"{k}={v}" for k, v in facts(b))
        lines.append(
            f"{b.key}\t{b.kind.value}/{b.level}\t{role.value}\t{attrs}\t{json.dumps(b.text, ensure_ascii=False)}"
        )
    return "\n".join(lines) + "\n"


def _golden(name: str, text: str, update: bool) -> None:
    path = GOLDEN / name
    if update or os.environ.get("TRANSFLOW_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, (
        f"regenerate with TRANSFLOW_UPDATE_GOLDEN=1 ({path})"
    )


def test_golden_extract_of_sample_press_release(tmp_path: Path, update_golden: bool) -> None:
    doc = _read(fx.sample(tmp_path / "harbour-festival-2026.docx"))
    _golden("harbour-festival-2026.txt", dump(doc), update_golden)


def test_committed_sample_matches_its_generator(tmp_path: Path) -> None:
    fresh = _read(fx.sample(tmp_path / "harbour-festival-2026.docx"))
    committed = _read(ROOT / "sources/harbour-festival-2026.docx")
    assert dump(fresh) == dump(committed)


def test_golden_extract_of_tricky_document(tmp_path: Path, update_golden: bool) -> None:
    _golden("tricky.txt", dump(_read(fx.tricky(tmp_path / "tricky.docx"))), update_golden)


@pytest.fixture(scope="module")
def sample_doc(tmp_path_factory: pytest.TempPathFactory) -> Document:
    return _read(fx.sample(tmp_path_factory.mktemp("s") / "harbour-festival-2026.docx"))


@pytest.fixture(scope="module")
def tricky_doc(tmp_path_factory: pytest.TempPathFactory) -> Document:
    return _read(fx.tricky(tmp_path_factory.mktemp("t") / "tricky.docx"))


def test_structure_of_sample(sample_doc: Document) -> None:
    kinds = [b.kind for b in sample_doc.blocks]
    assert kinds[0] is BlockKind.TITLE
    sub = sample_doc.blocks[1]
    assert (sub.kind, sub.level, sub.role, sub.style) == (
        BlockKind.HEADING,
        2,
        Role.SUBHEADLINE,
        "Subtitle",
    )
    assert kinds.count(BlockKind.HEADING) == 6
    assert kinds.count(BlockKind.QUOTE) == 1
    assert kinds.count(BlockKind.LIST_ITEM) == 4
    assert kinds.count(BlockKind.TABLE_CELL) == 16
    assert [b.kind for b in sample_doc.blocks[-3:]] == [
        BlockKind.HEADER,
        BlockKind.FOOTER,
        BlockKind.META,
    ]
    assert sample_doc.meta_value("date") == "2026-04-09"
    assert sample_doc.format == "docx"
    keys = [b.key for b in sample_doc.blocks]
    assert len(keys) == len(set(keys))


def test_noise_runs_merge_and_formatting_is_markup(sample_doc: Document) -> None:
    lead = sample_doc.blocks[2].text
    assert lead.startswith("**PORT ELLEN, April 9, 2026 —** The Port Ellen Harbour Trust today")
    assert "tenth Port Ellen" in lead  # one sentence across three runs with rsids and proofErr
    body = sample_doc.blocks[4].text
    assert "**Admission to all harbour events is free**" in body
    assert "[portellenfestival.org](https://www.portellenfestival.org/programme)" in body


def test_breaks_and_mailto_links(sample_doc: Document) -> None:
    contact = next(b for b in sample_doc.blocks if "MacLeod" in b.text)
    assert contact.text == (
        "Eilidh MacLeod, Communications Officer\n"
        "[press@portellenfestival.org](mailto:press@portellenfestival.org)\n+44 1496 300 123"
    )


def test_fields_and_images_are_not_text(sample_doc: Document) -> None:
    header = next(b for b in sample_doc.blocks if b.kind is BlockKind.HEADER)
    footer = next(b for b in sample_doc.blocks if b.kind is BlockKind.FOOTER)
    assert header.text == "{picture1}  **Port Ellen Harbour Trust**"
    assert footer.text.endswith("· Page {PAGE}")  # the PAGE field is a placeholder
    assert [(c.name, c.kind.value, c.text) for c in footer.codes] == [("PAGE", "field", "1")]
    (logo,) = header.codes
    assert (logo.kind.value, logo.ref) == ("picture", "word/media/image1.png")
    assert (header.key, footer.key) == ("hdr:0/p:0", "ftr:0/p:0")


def test_tricky_constructs(tricky_doc: Document) -> None:
    by_key = {b.key: b for b in tricky_doc.blocks}
    assert by_key["body/p:1"].text == "Runs split by revision ids merge."
    assert by_key["body/p:2"].text == "Updated on {DATE} by the {picture1}press office."
    assert by_key["body/p:2"].code("DATE").text == "9 April 2026"
    assert by_key["body/p:3"].text == "Kept inserted text, then a [jump](#here)."
    assert by_key["body/p:4"].text == "Line one\nline two\tafter a tab"
    assert "body/p:5" not in by_key  # the empty paragraph
    assert by_key["body/p:6"].kind is BlockKind.LIST_ITEM
    assert by_key["body/p:6"].item == ListItem(True)
    assert by_key["body/tbl:0/r:0/c:1/tbl:0/r:0/c:0/p:0"].text == "Inner cell"
    assert by_key["body/sdt:0/p:0"].text == "Inside a content control"
    assert (
        by_key["body/p:8"].text == r"After the table, \*\*stars\*\* and \[brackets\] stay literal."
    )
    assert all("DELETED" not in b.text for b in tricky_doc.blocks)
    assert tricky_doc.notices == (
        "the source has unresolved tracked changes; exported as if all were accepted",
    )
    order = [b.key for b in tricky_doc.blocks]
    assert order.index("body/sdt:0/p:0") < order.index("body/p:6")
