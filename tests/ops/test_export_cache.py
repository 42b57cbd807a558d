"""An export whose inputs have not changed is not done again (issue 15: a no-op export in
well under a second), and it is never skipped wrongly: every input changed one at a time
makes it run again, and a deleted or edited export is written again."""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from tests import cachefile

from transflow import formats
from transflow.ops import export, extract
from transflow.workspace import config, statcache, store

ROOT = Path(__file__).parents[2]
SOURCES = {p.suffix: p for p in (ROOT / "sources").iterdir()}
LOGO = ROOT / "tests" / "fixtures" / "build" / "logo.png"
TOML = 'languages = ["ru", "de"]\n[export]\nthreshold = 0\norganisation = "City of Riverton"\n'


@pytest.fixture(autouse=True)
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file counts as settled as soon as it was written (no 2-second wait)."""
    monkeypatch.setattr(statcache, "RACY_NS", 0)


class Reads:
    """Which articles an export read (each read means the article was exported again)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count: Counter[str] = Counter()
        for ext in (".txt", ".md", ".docx"):
            formats.reader_for(Path("x" + ext))  # registers the format
        for name, spec in list(formats.READERS.items()):

            def spy(source, load=spec.load):  # type: ignore[no-untyped-def]
                if source.slug != "_template":  # the letterhead's reference document
                    self.count[source.slug] += 1
                return load(source)

            monkeypatch.setitem(formats.READERS, name, dataclasses.replace(spec, load=spy))

    def take(self) -> Counter[str]:
        out, self.count = self.count, Counter()
        return out


def _workspace(tmp_path: Path, suffixes: str = ".md .txt .docx", toml: str = TOML) -> Path:
    (tmp_path / "sources").mkdir()
    for suffix in suffixes.split():
        shutil.copy2(SOURCES[suffix], tmp_path / "sources" / SOURCES[suffix].name)
    (tmp_path / "transflow.toml").write_text(toml)
    extract.run(config.load(tmp_path))
    for po in (tmp_path / "locales").glob("*/*.po"):  # a translation, so exports differ
        catalog, _ = store.load(po, str(po))
        entries = tuple(
            replace(e, msgstr=f"«{e.msgid}»") if not e.obsolete and e.msgid else e
            for e in catalog.entries
        )
        po.write_bytes(store.serialize(replace(catalog, entries=entries)))
    return tmp_path


def _run(root: Path, **options: object) -> dict[tuple[str, str, str], tuple]:
    report = export.run(config.load(root), **options)  # type: ignore[arg-type]
    return {
        (o.article, o.language, o.format): (o.action, o.translated, o.total, o.notes)
        for o in report.outcomes
    }


def _exports(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in (root / "exports").rglob("*")
        if p.is_file()
    }


SLUGS = {p.stem for p in SOURCES.values()}


def test_nothing_changed_nothing_read_same_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _workspace(tmp_path)
    reads = Reads(monkeypatch)
    first = _run(root)
    assert set(reads.take()) == SLUGS
    files = _exports(root)
    second = _run(root)  # skipped, with the outcomes a rerun reports
    assert reads.take() == Counter()
    assert all(action == "unchanged" for action, *_ in second.values())
    third = _run(root)
    assert third == second
    assert {k: v[1:] for k, v in first.items()} == {k: v[1:] for k, v in third.items()}
    assert _exports(root) == files
    assert (root / ".transflow" / "cache" / "export.sqlite").exists()


def test_a_just_written_export_is_checked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the real racy window, an export written a moment ago is not trusted (an edit
    in the same clock tick would not show in its stat): the next run does it again."""
    monkeypatch.setattr(statcache, "RACY_NS", 2_000_000_000)
    root = _workspace(tmp_path, ".txt")
    reads = Reads(monkeypatch)
    _run(root)
    _run(root)
    assert reads.take() == Counter({SOURCES[".txt"].stem: 2})


def _primed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **kw: str) -> tuple[Path, Reads]:
    root = _workspace(tmp_path, **kw)
    reads = Reads(monkeypatch)
    _run(root)
    assert reads.take() == Counter(dict.fromkeys(_slugs(root), 1))
    _run(root)
    assert reads.take() == Counter()  # primed: a run now reads nothing
    return root, reads


def _slugs(root: Path) -> set[str]:
    return {p.stem for p in (root / "sources").iterdir()}


def test_edited_source_is_exported_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, reads = _primed(tmp_path, monkeypatch)
    src = root / "sources" / SOURCES[".txt"].name
    src.write_text(src.read_text() + "\nA new closing line.\n")
    _run(root)
    assert reads.take() == Counter({SOURCES[".txt"].stem: 1})
    # touched without a change of content: read again too (the stat moved)
    src.write_bytes(src.read_bytes())
    _run(root)
    assert reads.take() == Counter({SOURCES[".txt"].stem: 1})


def test_edited_catalog_is_exported_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, reads = _primed(tmp_path, monkeypatch)
    slug = SOURCES[".md"].stem
    po = root / "locales" / "de" / f"{slug}.po"
    before = (root / "exports" / "de" / f"{slug}.md").read_bytes()
    po.write_text(po.read_text().replace("«", "‹", 1))
    outcomes = _run(root)
    assert reads.take() == Counter({slug: 1})
    assert outcomes[(slug, "de", "md")][0] == "written"
    assert outcomes[(slug, "ru", "md")][0] == "unchanged"  # replayed
    assert (root / "exports" / "de" / f"{slug}.md").read_bytes() != before


def test_edited_letterhead_catalog_is_exported_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, reads = _primed(tmp_path, monkeypatch)
    po = root / "locales" / "ru" / "_template.po"
    assert po.exists()
    po.write_text(po.read_text() + "\n")
    _run(root)
    assert reads.take() == Counter(dict.fromkeys(SLUGS, 1))


@pytest.mark.parametrize(
    "change",
    [
        ("organisation", 'organisation = "Riverton City Council"'),
        ("threshold", "threshold = 1"),
        ("paper", 'threshold = 0\npaper = { "*" = "Letter" }'),
    ],
    ids=lambda c: c[0],
)
def test_changed_settings_export_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: tuple[str, str]
) -> None:
    root, reads = _primed(tmp_path, monkeypatch)
    toml = root / "transflow.toml"
    old = 'organisation = "City of Riverton"' if change[0] == "organisation" else "threshold = 0"
    toml.write_text(toml.read_text().replace(old, change[1]))
    _run(root)
    assert reads.take() == Counter(dict.fromkeys(SLUGS, 1))


@pytest.mark.parametrize(
    "options", [{"threshold": 50.0}, {"keep": True}, {"formats": ["md"]}], ids=str
)
def test_changed_options_export_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: dict
) -> None:
    root, reads = _primed(tmp_path, monkeypatch)
    _run(root, **options)
    if "formats" in options:  # the md exports alone are the same exports: replayed
        assert reads.take() == Counter()
    else:
        assert reads.take() == Counter(dict.fromkeys(SLUGS, 1))


def test_new_transflow_version_exports_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, reads = _primed(tmp_path, monkeypatch)
    monkeypatch.setattr(export, "__version__", "99.0")
    _run(root)
    assert reads.take() == Counter(dict.fromkeys(SLUGS, 1))


def test_changed_reference_document_and_logo_export_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy2(LOGO, tmp_path / "logo.png")
    toml = TOML + 'logo = "logo.png"\n'
    root, reads = _primed(tmp_path, monkeypatch, suffixes=".txt", toml=toml)
    (root / "logo.png").write_bytes(LOGO.read_bytes() + b"\0")
    _run(root)
    assert reads.take() == Counter({SOURCES[".txt"].stem: 1})
    # a reference document instead of the built-in template, then a change to it
    shutil.copy2(SOURCES[".docx"], root / "ref.docx")
    (root / "transflow.toml").write_text(TOML + 'reference_docx = "ref.docx"\n')
    extract.run(config.load(root))
    _run(root)
    reads.take()
    _run(root)
    assert reads.take() == Counter()
    ref = root / "ref.docx"
    ref.write_bytes(ref.read_bytes())  # same bytes, new stat: read again
    _run(root)
    assert reads.take() == Counter({SOURCES[".txt"].stem: 1})


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_deleted_or_edited_export_is_written_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    root, reads = _primed(tmp_path, monkeypatch)
    slug = SOURCES[".md"].stem
    out = root / "exports" / "ru" / f"{slug}.{fmt}"
    good = out.read_bytes()
    out.unlink()
    outcomes = _run(root)
    assert reads.take() == Counter({slug: 1})
    assert outcomes[(slug, "ru", fmt)][0] == "written"
    assert out.read_bytes() == good
    _run(root)
    reads.take()
    out.write_bytes(good[:-1] + b"X")  # edited by hand, same size
    outcomes = _run(root)
    assert reads.take() == Counter({slug: 1})
    assert outcomes[(slug, "ru", fmt)][0] == "written"
    assert out.read_bytes() == good


def test_refused_export_replayed_and_a_file_put_there_is_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    toml = TOML.replace("threshold = 0", "threshold = 100")
    root, reads = _workspace(tmp_path, ".txt", toml), Reads(monkeypatch)
    slug = SOURCES[".txt"].stem
    po = root / "locales" / "de" / f"{slug}.po"
    catalog, _ = store.load(po, str(po))
    entries = tuple(replace(e, msgstr="") if e.msgid else e for e in catalog.entries)
    po.write_bytes(store.serialize(replace(catalog, entries=entries)))
    outcomes = _run(root)
    assert reads.take()[slug] == 1
    assert outcomes[(slug, "de", "md")][0] == "refused"
    again = _run(root)
    assert reads.take() == Counter()
    for fmt in ("md", "docx"):
        assert again[(slug, "de", fmt)] == outcomes[(slug, "de", fmt)]
        assert again[(slug, "ru", fmt)] == ("unchanged", *outcomes[(slug, "ru", fmt)][1:])
    stale = root / "exports" / "de" / f"{slug}.md"
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_text("an old export\n")
    outcomes = _run(root)
    assert reads.take() == Counter({slug: 1})
    assert outcomes[(slug, "de", "md")][0] == "removed"
    assert not stale.exists()


def test_a_document_with_pictures_is_always_exported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sources").mkdir()
    shutil.copy2(LOGO, tmp_path / "sources" / "logo.png")
    (tmp_path / "sources" / "pic.md").write_text("# Title\n\nText.\n\n![The logo](logo.png)\n")
    (tmp_path / "transflow.toml").write_text(TOML)
    extract.run(config.load(tmp_path))
    reads = Reads(monkeypatch)
    for _ in range(3):
        _run(tmp_path)
    assert reads.take() == Counter({"pic": 3})


def test_a_damaged_cache_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, reads = _primed(tmp_path, monkeypatch, suffixes=".txt")
    cache = root / ".transflow" / "cache" / "export.sqlite"
    assert cachefile.edit(cache, '"unchanged"', '"bogus"')
    _run(root)
    assert reads.take() == Counter({SOURCES[".txt"].stem: 1})
    cache.write_text("{not a database")
    _run(root)
    assert reads.take() == Counter({SOURCES[".txt"].stem: 1})


@pytest.mark.parametrize("damage", ['{"md":5,"zz":[', '{"md":["0:0:0:0"],"zz":['])
def test_an_entry_of_the_wrong_shape_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    """A format's record that is no ``[key, record]`` pair: exported again, never a
    crash (a damaged or foreign cache is a miss)."""
    root, reads = _primed(tmp_path, monkeypatch, suffixes=".txt")
    cache = root / ".transflow" / "cache" / "export.sqlite"
    assert cachefile.edit(cache, '{"md":[', damage)
    assert {v[0] for v in _run(root).values()} == {"unchanged"}  # same bytes written
    assert reads.take() == Counter({SOURCES[".txt"].stem: 1})


def _linked_picture_docx(path: Path, target: str) -> None:
    """A Word release whose picture is linked to a file (``r:link``), not embedded."""
    from docx import Document as DocxDocument
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn

    doc = DocxDocument()
    doc.add_heading("A linked picture", 0)
    doc.add_paragraph().add_run().add_picture(str(LOGO))
    doc.add_paragraph("The text after it.")
    rid = doc.part.relate_to(target, RT.IMAGE, is_external=True)
    for blip in doc.element.body.iter(qn("a:blip")):
        del blip.attrib[qn("r:embed")]
        blip.set(qn("r:link"), rid)
    doc.save(str(path))


def test_a_picture_linked_beside_a_word_source_is_looked_for_again(tmp_path: Path) -> None:
    """The Markdown export of a DOCX source with a linked picture depends on whether the
    file is beside the source, which the cache does not watch: never replayed."""
    (tmp_path / "sources").mkdir()
    _linked_picture_docx(tmp_path / "sources" / "a.docx", "pic.png")
    (tmp_path / "transflow.toml").write_text('languages = ["ru"]\n[export]\nthreshold = 0\n')
    extract.run(config.load(tmp_path))
    _run(tmp_path, formats=["md"])
    _run(tmp_path, formats=["md"])
    md = tmp_path / "exports" / "ru" / "a.md"
    assert "a.assets/" not in md.read_text()
    shutil.copy2(LOGO, tmp_path / "sources" / "pic.png")  # the picture arrives
    again = _run(tmp_path, formats=["md"])
    assert again[("a", "ru", "md")][0] == "written"
    assert "a.assets/" in md.read_text()


def test_a_language_outside_the_configuration_has_its_letterhead_watched(
    tmp_path: Path,
) -> None:
    root = _workspace(tmp_path, ".txt")  # built on the template: the letterhead's words
    (root / "transflow.toml").write_text(TOML.replace('["ru", "de"]', '["ru"]'))
    first = _run(root, languages=["de"], formats=["docx"])
    assert _run(root, languages=["de"], formats=["docx"]) == {
        k: ("unchanged", *v[1:]) for k, v in first.items()
    }
    letterhead = root / "locales" / "de" / "_template.po"
    text = letterhead.read_text(encoding="utf-8")
    assert "PRESS RELEASE" in text
    letterhead.write_text(
        text.replace('msgstr "«PRESS RELEASE»"', 'msgstr "PRESSEMITTEILUNG"'), encoding="utf-8"
    )
    again = _run(root, languages=["de"], formats=["docx"])
    assert {v[0] for v in again.values()} == {"written"}


def test_an_input_rewritten_after_the_run_started_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entries count as recorded when the command started: a catalog rewritten while a
    long run went on, in the same coarse clock tick as its read, is read again."""
    monkeypatch.setattr(statcache, "RACY_NS", 2_000_000_000)
    cache = statcache.FileCache(tmp_path / "cache", "t")
    path = tmp_path / "a.po"
    path.write_text("x")
    cache.put("a", statcache.stat_key(path), 1)
    assert cache.entry("a")[1] == cache.started
    # the file was written after the command started: never settled for this entry
    assert cache.get("a", statcache.stat_key(path)) is None
    cache.save()
    later = statcache.FileCache(tmp_path / "cache", "t")
    assert later.get("a", statcache.stat_key(path)) is None  # still within the window
    ours = statcache.written_key(path)
    cache.put("b", ours, 2)
    assert cache.get("b", ours) == 2  # what the command wrote itself needs no race check


def test_a_run_of_one_language_or_format_keeps_the_others_replayable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache keeps one entry per article: a run exporting some of its languages or
    formats again keeps what the entry says of the others, so the next full run
    replays them."""
    root, reads = _primed(tmp_path, monkeypatch, suffixes=".md")
    slug = SOURCES[".md"].stem
    po = root / "locales" / "ru" / f"{slug}.po"
    po.write_text(po.read_text().replace("«", "‹", 1))
    assert {v[0] for v in _run(root, languages=["ru"]).values()} == {"written"}
    assert reads.take() == Counter({slug: 1})
    assert {v[0] for v in _run(root).values()} == {"unchanged"}  # de as recorded before
    assert reads.take() == Counter()
    (root / "exports" / "de" / f"{slug}.md").unlink()
    done = _run(root, formats=["md"])
    assert done[(slug, "de", "md")][0] == "written" and reads.take() == Counter({slug: 1})
    assert {v[0] for v in _run(root).values()} == {"unchanged"}  # de's docx too
    assert reads.take() == Counter()


def test_a_racy_part_is_never_kept_under_a_later_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry's part (a language) recorded while its catalog was racy is not carried
    into the article's next entry, which is recorded later: there it would count as
    settled, and a catalog rewritten in the racy instant would be replayed as read."""
    from transflow.core.records import SourceFile

    monkeypatch.setattr(statcache, "RACY_NS", 2_000_000_000)
    at = 10_000_000_000
    settled_key, racy_key = [1, 1_000, 1_000, 7], [1, at - 1, at - 1, 8]
    recorded = {
        "de": [100.0, racy_key, None, {"md": ["1:2:3:4", ["unchanged", 1, 1, 100.0, []]]}],
        "fr": [100.0, settled_key, None, {"md": ["1:2:3:5", ["unchanged", 1, 1, 100.0, []]]}],
    }
    source = SourceFile(path=Path("/w/sources/a.md"), rel="sources/a.md", slug="a")
    plan = export._Plan(source, ["settings", settled_key], recorded=recorded, recorded_at=at)
    plan.inputs["ru"] = [100.0, settled_key, None]
    plan.paths["ru"] = ("/w/locales/ru/a.po", ("/w/exports/ru/a.md",))
    ru = export.Outcome("a", "ru", "md", "exports/ru/a.md", export.Action.WRITTEN, 1, 1, 100.0)
    run = export._Run(None, ("ru",), ("md",), None, False)  # type: ignore[arg-type]
    entry = export._Entry.of(plan, {"ru": [ru]}, [("ru", "md", "9:9:9:9")], run)
    head, value = json.loads(entry.head), json.loads(entry.text)
    assert head == plan.head and sorted(value) == ["fr", "ru"] and entry.pending == ()
    assert value["ru"] == [100.0, settled_key, None, {"md": ["9:9:9:9", export._record(ru)]}]
    assert value["fr"] == recorded["fr"]
    # an output placed in a folder that was there: its key is known once it is in place
    waiting = export._Entry.of(plan, {"ru": [ru]}, [("ru", "md", None)], run)
    assert waiting.pending == ("ru",) and json.loads(waiting.text)["ru"][3]["md"][0] is None
    # the language exported again in one format: its other formats' records are kept
    # from a settled part, never from a racy one
    docx = {"docx": ["1:2:3:6", ["unchanged", 1, 1, 100.0, []]]}
    for key, kept in ((settled_key, docx), (racy_key, {})):
        plan.recorded = {"ru": [100.0, key, None, dict(docx)]}
        plan.inputs["ru"] = [100.0, key, None]
        entry = export._Entry.of(plan, {"ru": [ru]}, [("ru", "md", "9:9:9:9")], run)
        assert json.loads(entry.text)["ru"][3] == {**kept, "md": ["9:9:9:9", export._record(ru)]}
