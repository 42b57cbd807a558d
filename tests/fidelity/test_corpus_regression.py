"""Source fidelity on the real-world corpus (tests/corpus) never gets worse.

Runs ``scripts/fidelity.py`` on every corpus document (about 80 s on 2 cores) and compares
each document's counts with ``tests/fidelity/baseline.json``: a count that rises fails the
test; a count that falls is an improvement, reported as a warning that asks for the
baseline to be regenerated (``.venv/bin/python scripts/fidelity.py --update-baseline``)
so that it cannot come back unnoticed. docs/fidelity.md says what is measured.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import sys
import warnings
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "fidelity.py"
BASELINE = Path(__file__).with_name("baseline.json")
UPDATE = ".venv/bin/python scripts/fidelity.py --update-baseline"


def _load_script():
    if "fidelity" in sys.modules:
        return sys.modules["fidelity"]
    spec = importlib.util.spec_from_file_location("fidelity", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["fidelity"] = module  # the worker processes find measure() by this name
    spec.loader.exec_module(module)
    return module


fidelity = _load_script()


@pytest.fixture(scope="module")
def results() -> list[dict]:
    return fidelity.run(fidelity.corpus_files(), jobs=2)


def test_manifest_lists_every_corpus_document() -> None:
    with (fidelity.CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    listed = {r["file"] for r in rows}
    present = {fidelity.doc_id(p) for p in fidelity.corpus_files()}
    assert listed == present
    for row in rows:
        assert row["licence"] and row["commit"] and row["origin_repo"], row
        assert (fidelity.CORPUS / "LICENSES" / f"{row['family']}.txt").is_file()


def test_pseudo_translation_keeps_markup_and_changes_every_word() -> None:
    from transflow.core import inline

    msgid = (
        "Visit **our site** at [the page](https://example.org/a_b) or write to "
        "press@example.org, run `make all`, {name} *stays* <u>here</u> \\* café 42"
    )
    out = fidelity.pseudo_markup(msgid)
    assert inline.formatting_signature(out) == inline.formatting_signature(msgid)
    assert inline.urls(out) == inline.urls(msgid)
    kept = {"https://example.org/a_b", "press@example.org", "make all", "{name}", "42"}
    for piece in kept:
        assert piece in out
    changed = fidelity.words(inline.plain(msgid), translatable_only=True) - Counter(
        {"make": 1, "all": 1}  # the code span
    )
    assert sum(changed.values()) == 13
    assert not changed & fidelity.words(inline.plain(out), translatable_only=True)


def test_words_are_normalized() -> None:
    assert fidelity.words("Word, WORD! «word» Straße") == {"word": 3, "strasse": 1}


def test_docx_measurement_counts_what_a_reader_sees(tmp_path: Path) -> None:
    """Cross-format counts: a row that starts short needs one spacer cell, a vertically
    merged cell is one cell, a heading without text is none, a header's picture is not
    in the body; a field result split across runs is one word; symbols are Unicode."""
    sys.path.insert(0, str(ROOT / "tests/fixtures/docx"))
    try:
        import make_fidelity as mf
    finally:
        sys.path.pop(0)
    d = mf._new()
    body = d.element.body
    tc = "<w:tc><w:p>{}</w:p></w:tc>"
    body.insert(
        len(body) - 1,
        mf.el(
            "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
            '<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p>'
            + mf.t("A")
            + "</w:p></w:tc>"
            + tc.format(mf.t("B"))
            + "</w:tr><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
            + tc.format(mf.t("C"))
            + '</w:tr><w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>'
            + tc.format(mf.t("D"))
            + "</w:tr></w:tbl>"
        ),
    )
    mf.body_p(d, '<w:pPr><w:pStyle w:val="Heading2"/></w:pPr>')
    mf.body_p(
        d,
        mf.t("See ")
        + mf.complex_field("REF _Ref1 \\h", "TIT")
        + mf.t("10")
        + '<w:r><w:sym w:font="Symbol" w:char="F0B1"/></w:r>',
    )
    d.sections[0].header.paragraphs[0].add_run().add_picture(io.BytesIO(mf.png()))
    measured = fidelity.read_docx(mf._save(d, tmp_path / "m.docx"))
    assert measured["cross"]["cells"] == 5  # A (merged), B, C, spacer, D
    assert measured["cross"]["headings"] == 0
    assert measured["cross"]["images"] == 0
    assert measured["counts"]["pictures"] == 1
    assert "10±" in measured["body"]
    split = mf._new()
    mf.body_p(
        split,
        mf.complex_field("REF _Ref1 \\h", "TIT").replace(mf.t("TIT"), mf.t("TIT") + mf.t("LE")),
    )
    assert "TITLE" in fidelity.read_docx(mf._save(split, tmp_path / "s.docx"))["fields"]


def test_no_count_is_above_the_baseline(results: list[dict]) -> None:
    crashed = [f"{r['file']}: {r['message']}" for r in results if r["status"] == "crashed"]
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    worse, better, unknown = fidelity.compare_baseline(baseline, results)
    measured = {r["file"] for r in results}
    gone = sorted(set(baseline["documents"]) - measured)
    if better:
        warnings.warn(
            f"fidelity improved on {len(better)} count(s), e.g. {better[:5]}; "
            f"lock the gain in: {UPDATE}",
            stacklevel=1,
        )
    problems = []
    if worse:
        problems.append(f"{len(worse)} count(s) rose:\n  " + "\n  ".join(worse[:40]))
    if unknown or gone:
        problems.append(
            f"the corpus and the baseline differ (new: {unknown[:5]}, gone: {gone[:5]}); "
            f"run {UPDATE}"
        )
    assert not problems, "\n".join(problems) + (
        "\ncrashes:\n" + "\n".join(crashed) if crashed else ""
    )
