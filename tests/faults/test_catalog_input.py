"""Fault catalogue M (malformed catalogs) and E (encodings), through the CLI.

The fixtures are the ones the reader's own test uses (``tests/fixtures/bad``, with the line
and reason each must be refused with); here each is dropped into a workspace as a real
catalog and every command must refuse it: exit 3, one line ``path:line: reason``, no
traceback, not a byte or an mtime changed."""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from pathlib import Path

import pytest

from transflow.workspace import store

from .conftest import cli, one_line_error, tree

TESTS = Path(__file__).resolve().parents[1]
BAD = TESTS / "fixtures" / "bad"
_spec = importlib.util.spec_from_file_location("poparse_cases", TESTS / "catalog/test_poparse.py")
assert _spec and _spec.loader
_poparse = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_poparse)
BAD_CASES: dict[str, tuple[int, str, bool]] = _poparse.BAD_CASES

COMMANDS = (("extract",), ("status",), ("check",), ("export", "--threshold", "0"))
PO = "locales/ru/library.po"


def fixtures(case: str) -> list[str]:
    names = sorted(n for n in BAD_CASES if n.startswith(f"{case}_"))
    assert names, f"no fixture for {case}"
    return names


def refused_everywhere(ws: Path, data: bytes, line: int, reason: str) -> None:
    """Every command refuses the catalog with one line naming it and its line."""
    assert cli(ws, "extract").exit_code == 0
    (ws / PO).write_bytes(data)
    before = tree(ws)
    for command in COMMANDS:
        result = cli(ws, *command)
        assert result.exit_code == 3, (command, result.output)
        error = one_line_error(result)
        assert f"{PO}:{line}: " in error, (command, error)
        assert reason in error, (command, error)
        assert tree(ws) == before, command


def refuse_fixture(ws: Path, name: str) -> None:
    line, reason, _ = BAD_CASES[name]
    refused_everywhere(ws, (BAD / f"{name}.po").read_bytes(), line, reason)


@pytest.mark.parametrize("name", fixtures("M1"))
def test_M1_string_cut_by_end_of_file_or_line_is_refused_with_its_line(ws: Path, name: str) -> None:
    refuse_fixture(ws, name)


@pytest.mark.parametrize("name", fixtures("M2"))
def test_M2_msgid_without_msgstr_or_msgctxt_without_msgid_is_refused(ws: Path, name: str) -> None:
    refuse_fixture(ws, name)


@pytest.mark.parametrize("name", fixtures("M3"))
def test_M3_duplicate_entries_are_refused_naming_both_lines(ws: Path, name: str) -> None:
    refuse_fixture(ws, name)


@pytest.mark.parametrize("name", fixtures("M4"))
def test_M4_bad_plural_forms_are_refused_never_a_raw_ValueError(ws: Path, name: str) -> None:
    refuse_fixture(ws, name)


@pytest.mark.parametrize("name", fixtures("M5"))
def test_M5_garbage_and_merge_conflict_markers_are_refused(ws: Path, name: str) -> None:
    refuse_fixture(ws, name)


@pytest.mark.parametrize("name", fixtures("M6"))
def test_M6_invalid_escape_and_c_comment_are_refused(ws: Path, name: str) -> None:
    refuse_fixture(ws, name)


@pytest.mark.parametrize("name", fixtures("M7"))
def test_M7_empty_catalog_where_one_existed_is_refused_not_fresh(ws: Path, name: str) -> None:
    refuse_fixture(ws, name)


def test_M7_catalog_truncated_by_a_killed_save_is_never_started_afresh(ws: Path) -> None:
    """polib's save opens the target with 'w': kill -9 leaves 0 bytes. The next extract must
    not treat that as a new catalog (and silently start the translation over)."""
    refused_everywhere(ws, b"", 1, "empty")


@pytest.mark.parametrize("name", fixtures("M8"))
def test_M8_binary_mo_saved_as_po_is_refused(ws: Path, name: str) -> None:
    refuse_fixture(ws, name)


@pytest.mark.parametrize("name", fixtures("M9"))
def test_M9_arbitrary_bytes_are_refused_through_the_cli(ws: Path, name: str) -> None:
    refuse_fixture(ws, name)


@pytest.mark.parametrize("name", fixtures("E1"))
def test_E1_invalid_utf8_is_refused_with_a_line_not_a_byte_offset(ws: Path, name: str) -> None:
    refuse_fixture(ws, name)


@pytest.mark.parametrize("name", fixtures("E3"))
def test_E3_unknown_charset_is_refused_naming_the_header_line(ws: Path, name: str) -> None:
    refuse_fixture(ws, name)


@pytest.mark.parametrize("name", fixtures("E4"))
def test_E4_latin1_declared_over_utf8_bytes_is_flagged(ws: Path, name: str) -> None:
    refuse_fixture(ws, name)


@pytest.mark.parametrize("name", fixtures("E7"))
def test_E7_nul_and_control_characters_are_refused_with_the_line(ws: Path, name: str) -> None:
    refuse_fixture(ws, name)


@pytest.mark.parametrize("name", fixtures("E8"))
def test_E8_utf16_catalog_is_refused_with_what_to_do(ws: Path, name: str) -> None:
    refuse_fixture(ws, name)


HEADLINE = "Riverton opens new library"
TRANSLATION = "В Ривертоне открылась новая библиотека"


def translate_headline(ws: Path) -> Path:
    po = ws / PO
    catalog, _ = store.load(po, PO)
    entries = tuple(
        replace(e, msgstr=TRANSLATION) if e.msgid == HEADLINE else e for e in catalog.entries
    )
    assert entries != catalog.entries
    po.write_bytes(store.serialize(replace(catalog, entries=entries)))
    return po


def headline_translation(ws: Path) -> str:
    catalog, _ = store.load(ws / PO, PO)
    return next(e.msgstr for e in catalog.live if e.msgid == HEADLINE)


def test_E2_legacy_charset_is_read_and_no_op_runs_are_byte_identical(ws: Path) -> None:
    assert cli(ws, "extract").exit_code == 0
    po = translate_headline(ws)
    text = po.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=CP1251")
    po.write_bytes(text.encode("cp1251"))
    first = cli(ws, "extract")
    assert first.exit_code == 0, first.output
    assert headline_translation(ws) == TRANSLATION
    before = tree(ws)
    second = cli(ws, "extract")
    assert second.exit_code == 0, second.output
    assert tree(ws) == before


def test_E5_bom_is_accepted_translations_kept_written_back_without_it(ws: Path) -> None:
    assert cli(ws, "extract").exit_code == 0
    po = translate_headline(ws)
    po.write_bytes(b"\xef\xbb\xbf" + po.read_bytes())
    result = cli(ws, "extract")
    assert result.exit_code == 0, result.output
    assert not po.read_bytes().startswith(b"\xef\xbb\xbf")
    assert headline_translation(ws) == TRANSLATION
    assert "library.po" in result.output  # the rewrite is reported
    before = tree(ws)
    assert cli(ws, "extract").exit_code == 0
    assert tree(ws) == before


@pytest.mark.parametrize("ending", ["crlf", "cr", "mixed"])
def test_E6_line_endings_are_parsed_and_cause_no_churn(ws: Path, ending: str) -> None:
    assert cli(ws, "extract").exit_code == 0
    po = translate_headline(ws)
    lines = po.read_bytes().split(b"\n")
    if ending == "crlf":
        data = b"\r\n".join(lines)
    elif ending == "cr":
        data = b"\r".join(lines)
    else:
        data = b"".join(x + (b"\r\n" if i % 2 else b"\n") for i, x in enumerate(lines))
    po.write_bytes(data)
    first = cli(ws, "extract")
    assert first.exit_code == 0, first.output
    assert headline_translation(ws) == TRANSLATION
    before = tree(ws)
    assert cli(ws, "extract").exit_code == 0
    assert tree(ws) == before
