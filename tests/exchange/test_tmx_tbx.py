"""TMX out and in (feeding extract's memory), TBX glossary export."""

from __future__ import annotations

from pathlib import Path

from transflow.catalog.poparse import parse_po
from transflow.checks.glossary import _load_tbx, load_glossary

from .conftest import run, tree

HEADLINE = "Riverton doubles its bike-share network with 40 new stations"
LINKED = "The full station map is available on the [RiverRide website](https://www.riverride.example/expansion-2026)."


def _catalog(root: Path, language: str, slug: str):
    path = root / "locales" / language / f"{slug}.po"
    return parse_po(path.read_bytes(), str(path))


def test_tmx_export_validates_and_holds_every_language(
    sample: Path, tmp_path: Path, validate
) -> None:
    out = tmp_path / "memory.tmx"
    result = run(sample, "tm", "export", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "ru 96, az 96, ar 96, zh_Hans 96, de 53" in result.output
    validate(out, "tmx")
    text = out.read_text()
    assert '<tuv xml:lang="zh-Hans">' in text
    assert '<bpt i="1" x="1" type="link">[</bpt>' in text
    assert '<ept i="1">](https://www.riverride.example/expansion-2026)</ept>' in text
    assert '<ph x="1" type="x-placeholder">{PAGE}</ph>' in text


def test_tmx_import_into_a_fresh_workspace_fills_new_units(sample: Path, tmp_path: Path) -> None:
    memory = tmp_path / "agency.tmx"
    assert run(sample, "tm", "export", "-o", str(memory)).exit_code == 0

    fresh = tmp_path / "fresh"
    (fresh / "sources").mkdir(parents=True)
    (fresh / "transflow.toml").write_text('source_language = "en"\nlanguages = ["ru", "de"]\n')
    (fresh / "sources" / "new.md").write_text(
        f"# {HEADLINE}\n\n"
        f"{LINKED}\n\n"
        "Riverton doubles its bike-share network with 45 new stations.\n\n"
        "A sentence no memory has ever seen before today.\n"
    )
    before = tree(fresh)
    result = run(fresh, "tm", "import", "--dry-run", str(memory))
    assert result.exit_code == 0 and "would be added tm/agency.tmx" in result.output
    assert tree(fresh) == before
    result = run(fresh, "tm", "import", str(memory))
    assert result.exit_code == 0, result.output
    assert "added tm/agency.tmx: 96 unit(s); ru 96, de 53" in result.output
    assert (fresh / "tm" / "agency.tmx").read_bytes() == memory.read_bytes()
    assert run(fresh, "tm", "import", str(memory)).output.startswith("unchanged tm/agency.tmx")

    result = run(fresh, "extract")
    assert result.exit_code == 0, result.output
    ru = {e.msgid: e for e in _catalog(fresh, "ru", "new").live}
    ru_sample = {
        e.msgid: e.msgstr for e in _catalog(sample, "ru", "city-bike-share-expansion").live
    }
    exact = ru[HEADLINE]
    assert exact.msgstr == ru_sample[HEADLINE] and not exact.fuzzy
    linked = ru[LINKED]  # exact, with its link code back as markup
    assert linked.msgstr == ru_sample[LINKED] and not linked.fuzzy
    close = ru["Riverton doubles its bike-share network with 45 new stations."]
    assert close.fuzzy and close.msgstr == ru_sample[HEADLINE] and close.previous_msgid == HEADLINE
    assert ru["A sentence no memory has ever seen before today."].msgstr == ""


def test_tbx_export_read_back_by_the_glossary(sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "terms.tbx"
    result = run(sample, "glossary", "export", "-o", str(out))
    assert result.exit_code == 0, result.output
    terms = _load_tbx(tmp_path, out, "en", "ru")
    pairs = {(t.source, t.target, t.type) for t in terms}
    assert ("Khojaly", "Ходжалы", "term") in pairs
    assert ("Heydar Aliyev Foundation", "Фонд Гейдара Алиева", "term") in pairs
    assert ("RiverRide", "RiverRide", "term") in pairs  # dnt: unchanged in every language
    glossary = load_glossary(sample, "en", "ru")
    wanted = {t.source.replace("*", "") for t in glossary.terms if not t.source.startswith("re:")}
    assert {t.source for t in terms} >= wanted - {""}
