"""XLIFF import is a merge: codes checked per unit, conflicts left alone, --dry-run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from transflow.catalog.poparse import parse_po

from .conftest import fill_xliff, run, tree

XLF2 = "{urn:oasis:names:tc:xliff:document:2.0}"
BIKE = "city-bike-share-expansion"
LINK_UNIT = "The full station map is available on the"


def _export(root: Path, tmp: Path, language: str = "ru", version: str = "2.1") -> Path:
    out = tmp / f"{language}.xlf"
    result = run(
        root, "xliff", "export", "-l", language, "--xliff-version", version, "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    return out


def _entry(root: Path, language: str, slug: str, start: str):
    path = root / "locales" / language / f"{slug}.po"
    catalog = parse_po(path.read_bytes(), str(path))
    return next(e for e in catalog.live if e.msgid.startswith(start))


def _edit_target(path: Path, start: str, edit) -> None:  # type: ignore[no-untyped-def]
    """Apply ``edit(target_element)`` to the unit whose source starts with ``start``."""
    root = etree.fromstring(path.read_bytes())
    for seg in root.iter(f"{XLF2}segment"):
        source = seg.find(f"{XLF2}source")
        if "".join(source.itertext()).startswith(start):
            edit(seg.find(f"{XLF2}target"))
            break
    else:
        raise AssertionError(start)
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def test_codes_moved_by_the_translator_are_mapped_back(sample: Path, tmp_path: Path) -> None:
    out = _export(sample, tmp_path)

    def move_link_first(target: etree._Element) -> None:
        pc = target.find(f"{XLF2}pc")
        text = target.text
        target.remove(pc)
        pc.tail = " " + text.strip()
        target.text = ""
        target.insert(0, pc)

    _edit_target(out, LINK_UNIT, move_link_first)
    result = run(sample, "xliff", "import", str(out))
    assert result.exit_code == 0, result.output
    entry = _entry(sample, "ru", BIKE, LINK_UNIT)
    assert entry.msgstr.startswith(
        "[сайте RiverRide](https://www.riverride.example/expansion-2026)"
    )


@pytest.mark.parametrize(
    "damage,message",
    [
        pytest.param(
            lambda t: t.remove(t.find(f"{XLF2}pc")), "code 1 (link) is missing", id="lost"
        ),
        pytest.param(
            lambda t: t.append(
                etree.fromstring(etree.tostring(t.find(f"{XLF2}pc"), with_tail=False))
            ),
            "code 1 (link) is duplicated",
            id="duplicated",
        ),
        pytest.param(
            lambda t: t.find(f"{XLF2}pc").set("id", "7"),
            "code 7 is not in the source",
            id="unknown",
        ),
        pytest.param(
            lambda t: t.append(etree.Element(f"{XLF2}ec", startRef="1")),
            "code 1 (link) ends before it starts",
            id="broken",
        ),
    ],
)
def test_a_translation_that_lost_or_broke_a_code_is_refused(
    sample: Path, tmp_path: Path, damage, message: str
) -> None:
    out = _export(sample, tmp_path)
    out.write_bytes(fill_xliff(out.read_bytes()))
    _edit_target(out, LINK_UNIT, damage)
    before = _entry(sample, "ru", BIKE, LINK_UNIT)
    result = run(sample, "xliff", "import", str(out))
    assert result.exit_code == 1
    assert re.search(
        r"refused .*ru\.xlf:\d+: city-bike-share-expansion: " + re.escape(message), result.output
    ), result.output
    assert _entry(sample, "ru", BIKE, LINK_UNIT) == before  # refused: left alone
    other = _entry(sample, "ru", BIKE, "Installation starts")
    assert other.msgstr.startswith("Īƞşŧȧŀŀȧŧīǿƞ")  # every other unit imported


def test_sc_ec_pairs_read_like_pc(sample: Path, tmp_path: Path) -> None:
    """A CAT tool may split a <pc> into <sc>/<ec> (to let it overlap): same translation."""
    out = _export(sample, tmp_path)

    def split(target: etree._Element) -> None:
        pc = target.find(f"{XLF2}pc")
        sc = etree.Element(f"{XLF2}sc", id="1")
        ec = etree.Element(f"{XLF2}ec", startRef="1")
        sc.tail = pc.text
        ec.tail = pc.tail
        parent = pc.getparent()
        i = parent.index(pc)
        parent.remove(pc)
        parent.insert(i, ec)
        parent.insert(i, sc)

    _edit_target(out, LINK_UNIT, split)
    before = _entry(sample, "ru", BIKE, LINK_UNIT)
    result = run(sample, "xliff", "import", str(out))
    assert result.exit_code == 0, result.output
    assert _entry(sample, "ru", BIKE, LINK_UNIT) == before


def test_po_edited_meanwhile_is_a_conflict_kept_as_comment(sample: Path, tmp_path: Path) -> None:
    out = _export(sample, tmp_path)
    out.write_bytes(fill_xliff(out.read_bytes()))
    po = sample / "locales" / "ru" / f"{BIKE}.po"
    edited = _entry(sample, "ru", BIKE, "Installation starts")
    po.write_text(po.read_text().replace(edited.msgstr[:20], "ПРАВКА " + edited.msgstr[:20], 1))
    result = run(sample, "xliff", "import", str(out))
    assert result.exit_code == 1
    assert "conflict" in result.output and "changed since the export" in result.output
    entry = _entry(sample, "ru", BIKE, "Installation starts")
    assert entry.msgstr.startswith("ПРАВКА ")  # the translator's edit wins
    assert any(c.startswith("xliff ru.xlf: Īƞşŧȧŀŀȧŧīǿƞ") for c in entry.translator_comments)
    assert _entry(sample, "ru", BIKE, "The expansion is funded").msgstr.startswith("Ŧħḗ")
    # importing again adds no second comment
    run(sample, "xliff", "import", str(out))
    again = _entry(sample, "ru", BIKE, "Installation starts")
    assert again.translator_comments == entry.translator_comments


def test_source_changed_since_export_is_a_conflict(sample: Path, tmp_path: Path) -> None:
    out = _export(sample, tmp_path)
    out.write_bytes(fill_xliff(out.read_bytes()))
    src = sample / "sources" / f"{BIKE}.md"
    src.write_text(src.read_text().replace("600 bicycles", "650 bicycles"))
    assert run(sample, "extract").exit_code == 0
    changed = _entry(sample, "ru", BIKE, "RIVERTON, March 14")
    assert changed.fuzzy
    result = run(sample, "xliff", "import", str(out))
    assert result.exit_code == 1
    assert "the source text changed since the export" in result.output
    after = _entry(sample, "ru", BIKE, "RIVERTON, March 14")
    assert after.fuzzy and after.msgstr == changed.msgstr  # left as it is
    assert any("ŘĪṼḖŘŦǾȠ" in c for c in after.translator_comments)


def test_dry_run_changes_nothing(sample: Path, tmp_path: Path) -> None:
    out = _export(sample, tmp_path, "de", "1.2")
    out.write_bytes(fill_xliff(out.read_bytes()))
    before = tree(sample)
    result = run(sample, "xliff", "import", "--dry-run", str(out))
    assert result.exit_code == 0, result.output
    assert "would update locales/de/harbour-festival-2026.po" in result.output
    assert tree(sample) == before
    result = run(sample, "xliff", "import", str(out))
    assert result.exit_code == 0 and tree(sample) != before


def test_import_reports_per_article_and_language(sample: Path, tmp_path: Path) -> None:
    out = _export(sample, tmp_path, "de")
    out.write_bytes(fill_xliff(out.read_bytes()))
    result = run(sample, "xliff", "import", str(out))
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if line.startswith("updated")]
    assert len(lines) == 3
    assert (
        "updated locales/de/city-bike-share-expansion.po: 30 translation(s) imported"
        in result.output
    )
