"""Blocks built with the typed locators of core.model (TableCell, ListItem, InQuote/InList,
Note, field) go through the writers and come back with the same locators."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transflow.core.model import (
    Block,
    BlockKind,
    Code,
    CodeKind,
    Container,
    Document,
    InList,
    InQuote,
    ListItem,
    Note,
    TableCell,
)
from transflow.core.records import LanguageInfo, SourceFile
from transflow.formats import ExportContext, read_source
from transflow.formats.docx import write_docx
from transflow.formats.markdown import write_markdown

K = BlockKind
RU = LanguageInfo("ru", "ru", "Russian", rtl=False, cjk=False, word_separator=" ")


def _markdown(doc: Document, tmp_path: Path) -> str:
    source = SourceFile(tmp_path / "a.md", doc.path, doc.slug)
    context = ExportContext(source, doc, RU, "en", "", "test")
    return write_markdown(doc, tmp_path / "out.md", context).data.decode("utf-8")


def _reread(text: str, tmp_path: Path, name: str = "back.md") -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_source(SourceFile(path, f"sources/{name}", name[:-3]))


def _built_docx(doc: Document, tmp_path: Path) -> Document:
    source = SourceFile(tmp_path / "a.md", doc.path, doc.slug)
    context = ExportContext(source, doc, RU, "en", "", "test")
    data = write_docx(doc, tmp_path / "a.docx", context).data
    path = tmp_path / "built.docx"
    path.write_bytes(data)
    return read_source(SourceFile(path, "sources/built.docx", "built"))


def _located(doc: Document) -> list[tuple[object, ...]]:
    """Each translatable block with everything a writer needs to put it back."""
    return [
        (b.kind, b.level, b.text, b.cell, b.item, b.nest, b.note, b.field)
        for b in doc.blocks
        if b.kind is not K.RAW
    ]


def _press_release() -> Document:
    head = ("left", "right")
    cells = [
        Block(
            K.TABLE_CELL,
            text,
            cell=TableCell(0, r, c, r == 0, align=head[c], rows=3, cols=2, aligns=head),
        )
        for r, row in enumerate([("Figure", "Value"), ("Panels", "12,400"), ("Homes", "3,100")])
        for c, text in enumerate(row)
    ]
    first, second = InList(1, 0, ".", True, 3), InList(1, 1, ".", True, 3)
    blocks = (
        Block(K.META, "Solar park opens", key="frontmatter:title", field="title"),
        Block(K.META, "Power for 3,100 homes.", key="frontmatter:summary", field="summary"),
        Block(K.TITLE, "Solar park opens", 1),
        Block(K.PARAGRAPH, "The park opens in May{fn1}.", codes=(
            Code("fn1", CodeKind.NOTE, ref="footnote:src"),)),
        Block(K.QUOTE, "We built it together.", 1, nest=(InQuote(1),)),
        Block(K.LIST_ITEM, "Buy a share.", 1, item=ListItem(True, 3), nest=(first,)),
        Block(K.LIST_ITEM, "Get a discount.", 1, item=ListItem(True, 3), nest=(second,)),
        Block(K.LIST_ITEM, "On the grid fee.", 2, item=ListItem(False),
              nest=(second, InList(2, 0, "-", True))),
        *cells,
        Block(K.NOTE, "Harbour Energy.", key="footnote:src", note=Note("footnote", "src")),
    )  # fmt: skip
    return Document("sources/a.md", "a", "markdown", blocks, (("date", "2026-05-01"),))


def test_markdown_writer_puts_every_typed_locator_back(tmp_path: Path) -> None:
    doc = _press_release()
    out = _markdown(doc, tmp_path)
    assert out.startswith("---\ntitle: Solar park opens\n")
    assert "\nsummary: Power for 3,100 homes.\n---\n" in out
    assert "> We built it together.\n" in out
    assert "3. Buy a share.\n4. Get a discount.\n   - On the grid fee.\n" in out
    assert "| Figure | Value |\n| :--- | ---: |\n| Panels | 12,400 |\n" in out
    assert out.endswith("[^src]: Harbour Energy.\n")
    assert _located(_reread(out, tmp_path)) == _located(doc)


def test_docx_builder_rebuilds_the_typed_table_shape(tmp_path: Path) -> None:
    cells = [
        Block(K.TABLE_CELL, "Event", cell=TableCell(0, 0, 0, header=True, colspan=2)),
        Block(K.TABLE_CELL, "Visitors", cell=TableCell(0, 0, 2, header=True, align="right")),
        Block(K.TABLE_CELL, "Friday", cell=TableCell(0, 1, 0, rowspan=2)),
        Block(K.TABLE_CELL, "Parade", cell=TableCell(0, 1, 1)),
        Block(K.TABLE_CELL, "2,000", cell=TableCell(0, 1, 2, align="right")),
        Block(K.TABLE_CELL, "Market", cell=TableCell(0, 2, 1)),
        Block(K.TABLE_CELL, "3,500", cell=TableCell(0, 2, 2, align="right")),
    ]
    doc = Document("sources/a.md", "a", "markdown", (Block(K.TITLE, "Harbour", 1), *cells))
    back = _built_docx(doc, tmp_path)
    # the DOCX reader says the same: where each cell sits, its spans, header and alignment
    got = [b.cell for b in back.blocks if b.kind is K.TABLE_CELL]
    assert got == [b.cell for b in cells]
    # and exporting that DOCX to Markdown gives one HTML table with the spans
    out = _markdown(back, tmp_path)
    assert '<th colspan="2">' in out and '<td rowspan="2">' in out


def test_docx_list_items_keep_their_kind_and_depth(tmp_path: Path) -> None:
    items = [
        Block(K.LIST_ITEM, "Bullet", 1, item=ListItem(False)),
        Block(K.LIST_ITEM, "Deeper", 2, item=ListItem(False)),
        Block(K.LIST_ITEM, "Numbered", 1, item=ListItem(True)),
    ]
    doc = Document("sources/a.md", "a", "markdown", (Block(K.TITLE, "T", 1), *items))
    back = _built_docx(doc, tmp_path)
    got = [(b.text, b.level, b.item) for b in back.blocks if b.kind is K.LIST_ITEM]
    assert got == [(b.text, b.level, b.item) for b in items]
    built = docx.Document(io.BytesIO(_docx_bytes(doc, tmp_path)))
    styles = [p.style.name for p in built.paragraphs if p.style.name.startswith("List")]
    assert styles == ["List Bullet", "List Bullet 2", "List Number"]


def _docx_bytes(doc: Document, tmp_path: Path) -> bytes:
    source = SourceFile(tmp_path / "a.md", doc.path, doc.slug)
    return write_docx(doc, tmp_path / "b.docx", ExportContext(source, doc, RU, "en", "", "t")).data


def test_docx_nested_table_cells_know_their_outer_cell(tmp_path: Path) -> None:
    made = docx.Document()
    outer = made.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Outer"
    outer.cell(0, 1).text = "Holds"
    inner = outer.cell(0, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "Inner"
    path = tmp_path / "nested.docx"
    made.save(str(path))
    doc = read_source(SourceFile(path, "sources/nested.docx", "nested"))
    cells = {b.text: b.cell for b in doc.blocks if b.kind is K.TABLE_CELL}
    # python-docx's default table look formats the first row: both rows are header rows
    outer_cell = TableCell(0, 0, 1, header=True)
    assert cells["Outer"] == TableCell(0, 0, 0, header=True)
    inner_cell = cells["Inner"]
    assert inner_cell == TableCell(1, 0, 0, header=True, outer=outer_cell)
    assert (inner_cell.depth, inner_cell.at(1), inner_cell.at(2)) == (2, outer_cell, inner_cell)
    out = _markdown(doc, tmp_path)
    assert out.count("<table>") == 2  # the inner table is in the outer one's second cell
    assert out.index("Outer") < out.index("Holds") < out.index("Inner") < out.rindex("</table>")


# ---------------------------------------------------------------- property

_WORDS = st.sampled_from(["Harbour", "solar", "park", "opens", "May", "homes", "grid"])
_TEXT = st.lists(_WORDS, min_size=1, max_size=4).map(" ".join)


@st.composite
def _tables(draw: st.DrawFn) -> list[Block]:
    rows = draw(st.integers(2, 4))
    cols = draw(st.integers(1, 4))
    aligns = tuple(draw(st.lists(st.sampled_from(["", "left", "center", "right"]),
                                 min_size=cols, max_size=cols)))  # fmt: skip
    return [
        Block(
            K.TABLE_CELL,
            draw(_TEXT),
            cell=TableCell(0, r, c, r == 0, align=aligns[c], rows=rows, cols=cols, aligns=aligns),
        )
        for r in range(rows)
        for c in range(cols)
    ]


@st.composite
def _lists(draw: st.DrawFn) -> list[Block]:
    """One list (ordered or not, any start) whose items may hold one nested list."""
    ordered = draw(st.booleans())
    start = draw(st.integers(0, 20)) if ordered else None
    bullet = "." if ordered else "-"
    blocks: list[Block] = []
    inner = 1
    for n in range(draw(st.integers(1, 4))):
        here: tuple[Container, ...] = (InList(1, n, bullet, True, start),)
        item = ListItem(ordered, start if start is not None else 1)
        blocks.append(Block(K.LIST_ITEM, draw(_TEXT), 1, item=item, nest=here))
        if draw(st.booleans()):
            inner += 1
            for m in range(draw(st.integers(1, 3))):
                nest = (*here, InList(inner, m, "*", True))
                blocks.append(Block(K.LIST_ITEM, draw(_TEXT), 2, item=ListItem(False), nest=nest))
    return blocks


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(table=_tables(), items=_lists())
def test_markdown_round_trip_keeps_typed_tables_and_lists(
    tmp_path: Path, table: list[Block], items: list[Block]
) -> None:
    blocks = (Block(K.TITLE, "Harbour", 1), *items, Block(K.PARAGRAPH, "Between."), *table)
    doc = Document("sources/a.md", "a", "markdown", blocks)
    back = _reread(_markdown(doc, tmp_path), tmp_path)
    # the headline also goes to the front matter as its title: a META block
    assert [x for x in _located(back) if x[0] is not K.META] == _located(doc)
