"""Tables for a DOCX built from a Markdown or text source: a real Word table per source
table, with its shape.

A table cell block says where it sits in its :class:`~transflow.core.model.TableCell`
(``table``, ``row``, ``col``, ``header``, ``colspan``, ``rowspan``, ``align``, and the
table's ``rows``/``cols`` when the reader knows them). Empty source cells have no block, so the table's size is the larger of what the blocks say and where they sit. A
header row repeats on every page (``w:tblHeader``) and is marked as the first row for the
table style (``w:tblLook firstRow``), or set in bold when the style has no header look;
spans become ``w:gridSpan`` and ``w:vMerge``; alignment becomes each paragraph's ``w:jc``.
Rows never split across pages (``w:cantSplit``), a repeated header row keeps with the
row after it, the paragraph before a table keeps with it, and the paragraph after it
gets space before (:func:`keep_with_next`, :func:`space_before`).
Only :mod:`.docx_build` uses this module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from docx.table import _Cell
from lxml import etree

from transflow.core.model import Block, BlockKind, TableCell
from transflow.formats.docx_xml import PPR_ORDER, TBLPR_ORDER, get_or_add, ppr_of, w

MAX_ROWS = 5000
MAX_COLS = 64
_JC = {"left": "left", "right": "right", "center": "center", "centre": "center"}
_TRPR_ORDER = ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter")
_TRPR_ORDER += ("cantSplit", "trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden")


@dataclass(frozen=True, slots=True)
class Cell:
    block: Block
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    align: str = ""


def table_id(block: Block) -> int | None:
    """Which table a cell belongs to, or None when the block does not say where it sits."""
    if block.kind is not BlockKind.TABLE_CELL or block.cell is None:
        return None
    return block.cell.table


def cell_of(block: Block) -> Cell:
    where = block.cell or TableCell(0, 0, 0)
    return Cell(
        block,
        max(where.row, 0),
        max(where.col, 0),
        max(where.rowspan, 1),
        max(where.colspan, 1),
        where.header,
        _JC.get(where.align.strip().lower(), ""),
    )


def _shape(cells: list[Cell]) -> tuple[int, int]:
    """Rows and columns: where the cells sit, or what the reader declared if larger (the
    declared size is capped; where real cells sit never is)."""
    rows = max(c.row + c.rowspan for c in cells)
    cols = max(c.col + c.colspan for c in cells)
    first = cells[0].block.cell
    if first is not None:
        rows = max(rows, min(first.rows, MAX_ROWS))
        cols = max(cols, min(first.cols, MAX_COLS))
    return rows, cols


def has_header_look(doc: Any, style_name: str | None) -> bool:
    """Whether the table style formats the first row (``w:tblStylePr firstRow``)."""
    if not style_name:
        return False
    try:
        style = doc.styles[style_name]
    except KeyError:
        return False
    return style.element.find(f"{w('tblStylePr')}[@{w('type')}='firstRow']") is not None


def build_table(
    doc: Any,
    blocks: list[Block],
    style_name: str | None,
    fill: Callable[[etree._Element, Block, bool], None],
) -> list[str]:
    """Add one table to ``doc`` for the cell ``blocks``; ``fill(p, block, bold)`` writes a
    cell block's runs into a paragraph. A block that falls under another cell's span is
    written into that merged cell, so no text is lost. Returns warnings (spans that
    overlap and were not merged)."""
    warnings: list[str] = []
    cells = [cell_of(b) for b in blocks]
    rows, cols = _shape(cells)
    table = doc.add_table(rows=rows, cols=cols)
    if style_name:
        table.style = style_name
    header_rows = {c.row for c in cells if c.header}
    # a header row is one whose every cell (of those present) says so
    header_rows = {r for r in header_rows if all(c.header for c in cells if c.row == r)}
    bold_header = bool(header_rows) and not has_header_look(doc, style_name)
    _look(table._tbl, bool(header_rows) and 0 in header_rows)
    # the grid once: python-docx's table.cell() walks the whole table per call (quadratic)
    trs = list(table._tbl.tr_lst)
    grid = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in trs]
    repeated: set[int] = set()
    for r in sorted(header_rows):
        if r > 0 and r - 1 not in header_rows:
            continue  # only a run of rows from the top repeats on each page
        repeated.add(r)
        get_or_add(trs[r].get_or_add_trPr(), "tblHeader", _TRPR_ORDER)
    for tr in trs:  # a row never breaks across pages
        get_or_add(tr.get_or_add_trPr(), "cantSplit", _TRPR_ORDER)
    used: dict[tuple[int, int], int] = {}  # (row, col) → how many blocks wrote there
    origin: dict[tuple[int, int], tuple[int, int]] = {}  # a merged-away cell → its origin
    for cell in cells:
        where = origin.get((cell.row, cell.col), (cell.row, cell.col))
        target = grid[where[0]][where[1]]
        n = used.get(where, 0)
        used[where] = n + 1
        p = target.paragraphs[0]._p if n == 0 else target.add_paragraph()._p
        fill(p, cell.block, bold_header and cell.header)
        if cell.align:
            get_or_add(ppr_of(p), "jc", PPR_ORDER).set(w("val"), cell.align)
        last = (cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1)
        if where != (cell.row, cell.col) or last == where:
            continue
        span = {
            (r, c) for r in range(cell.row, last[0] + 1) for c in range(cell.col, last[1] + 1)
        } - {where}
        if span & (set(origin) | set(used)):
            warnings.append(
                f"overlapping merged table cells were not merged (at {cell.block.text!r})"
            )
            continue
        origin.update(dict.fromkeys(span, where))
        target.merge(grid[last[0]][last[1]])
    for r in repeated:  # a header row is never left alone at the foot of a page
        for p in trs[r].iter(w("p")):
            get_or_add(ppr_of(p), "keepNext", PPR_ORDER)
    return warnings


def keep_with_next(body: etree._Element) -> None:
    """Keep-with-next on the last paragraph of ``body`` (the heading or paragraph that
    introduces the table about to be added)."""
    paragraphs = [c for c in body if c.tag == w("p")]
    last = next((c for c in reversed(body) if c.tag != w("sectPr")), None)
    if paragraphs and last is paragraphs[-1]:
        get_or_add(ppr_of(last), "keepNext", PPR_ORDER)


def space_before(p: etree._Element) -> None:
    """Space between a table and the paragraph after it (12 pt), unless the paragraph
    says how much it wants."""
    spacing = get_or_add(ppr_of(p), "spacing", PPR_ORDER)
    if spacing.get(w("before")) is None:
        spacing.set(w("before"), "240")


def _look(tbl: etree._Element, first_row: bool) -> None:
    """``w:tblLook``: the header row (if any) styled by the table style; no first column."""
    tbl_pr = tbl.tblPr  # type: ignore[attr-defined]  # a python-docx CT_Tbl, typed as the plain element
    look = get_or_add(tbl_pr, "tblLook", TBLPR_ORDER)
    flags = {"firstRow": first_row, "lastRow": False, "firstColumn": False}
    flags |= {"lastColumn": False, "noHBand": False, "noVBand": True}
    for name, on in flags.items():
        look.set(w(name), "1" if on else "0")
    look.set(w("val"), f"{(0x20 if first_row else 0) | 0x400:04X}")
