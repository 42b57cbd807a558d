"""Export: no source text left in a fully translated export, fuzzy never used, thresholds."""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from transflow.core.inline import plain
from transflow.lang.bidi import strip_bidi
from transflow.ops import export, extract
from transflow.workspace import config, store

ROOT = Path(__file__).parents[2]
SOURCES = sorted((ROOT / "sources").iterdir())


def workspace(
    tmp_path: Path, source: Path, langs: str = '"ru", "ar"', extra: str = ""
) -> config.Config:
    (tmp_path / "sources").mkdir()
    shutil.copy2(source, tmp_path / "sources" / source.name)
    (tmp_path / "transflow.toml").write_text(f"languages = [{langs}]\n{extra}")
    cfg = config.load(tmp_path)
    extract.run(cfg)
    return cfg


def sentinel_fill(po: Path, fuzzy_every: int = 0) -> dict[str, str]:
    """Translate every entry as ⟦T:n⟧ (keeping its formatting markers); return msgid -> msgstr."""
    catalog, _ = store.load(po, str(po))
    entries, done = [], {}
    for n, e in enumerate(catalog.entries):
        if not e.obsolete:
            markers = "".join(re.findall(r"\*\*|\*|<u>|</u>", e.msgid))
            links = " ".join("[L](" + u + ")" for u in re.findall(r"\]\(([^)\s]+)\)", e.msgid))
            text = (
                f"⟦T:{n}⟧"
                + (f" **⟦B{n}⟧**" if "**" in markers else "")
                + (f" {links}" if links else "")
            )
            flags = ("fuzzy",) if fuzzy_every and n % fuzzy_every == 0 else ()
            e = replace(e, msgstr=text, flags=flags)
            done[e.msgid] = text
        entries.append(e)
    po.write_bytes(store.serialize(replace(catalog, entries=tuple(entries))))
    return done


def docx_texts(path: Path) -> list[str]:
    """The text of every paragraph (w:t joined) of every XML part, core properties included."""
    out = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not name.endswith(".xml"):
                continue
            xml = z.read(name).decode("utf-8")
            for para in re.split(r"</w:p>|</dc:title>|</cp:keywords>", xml):
                text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", para))
                text += "".join(re.findall(r"<dc:title>([^<]*)", para))
                if text.strip():
                    out.append(text)
    return out


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_fully_translated_export_has_no_source_text(tmp_path: Path, source: Path) -> None:
    """R4: every unit is a sentinel; no unit's source text is left in any output."""
    cfg = workspace(tmp_path, source)
    slug = source.stem
    done = {
        lang: sentinel_fill(tmp_path / "locales" / lang / f"{slug}.po") for lang in ("ru", "ar")
    }
    report = export.run(cfg)
    assert not report.refused
    for lang in ("ru", "ar"):
        md = strip_bidi((tmp_path / "exports" / lang / f"{slug}.md").read_text())
        texts = docx_texts(tmp_path / "exports" / lang / f"{slug}.docx")
        for msgid in done[lang]:
            source_text = plain(msgid).strip()
            if len(source_text) < 4 or not re.search(r"[A-Za-z]{3}", source_text):
                continue  # numbers and codes legitimately stay
            assert source_text not in md, (lang, source_text)
            assert not any(source_text in t for t in texts), (lang, source_text)
        assert "⟦T:" in md and any("⟦T:" in t for t in texts)


def test_fuzzy_translations_are_never_used(tmp_path: Path) -> None:
    """R5: with --threshold 0, a fuzzy entry falls back to the source, never its msgstr."""
    source = ROOT / "sources" / "khojaly-commemoration-moscow.txt"
    cfg = workspace(tmp_path, source, '"ru"')
    done = sentinel_fill(tmp_path / "locales" / "ru" / f"{source.stem}.po", fuzzy_every=3)
    catalog, _ = store.load(tmp_path / "locales" / "ru" / f"{source.stem}.po", "x")
    fuzzy = [e.msgstr for e in catalog.live if e.fuzzy]
    assert fuzzy and len(fuzzy) < len(done)
    export.run(cfg, threshold=0, formats=["md"])
    md = (tmp_path / "exports" / "ru" / f"{source.stem}.md").read_text()
    assert not any(f in md for f in fuzzy)
    assert all(e.msgstr in md for e in catalog.live if not e.fuzzy)


def test_per_language_thresholds(tmp_path: Path) -> None:
    source = ROOT / "sources" / "khojaly-commemoration-moscow.txt"
    cfg = workspace(
        tmp_path, source, '"ru", "de"', "[export]\nthreshold = 100\nthresholds = { de = 40 }\n"
    )
    po = tmp_path / "locales" / "de" / f"{source.stem}.po"
    catalog, _ = store.load(po, "x")
    half = len(catalog.live) // 2
    entries = tuple(
        replace(e, msgstr="Ü") if i < half else e for i, e in enumerate(catalog.entries)
    )
    po.write_bytes(store.serialize(replace(catalog, entries=entries)))
    report = export.run(cfg, formats=["md"])
    actions = {o.language: o.action for o in report.outcomes}
    assert actions == {"ru": "refused", "de": "written"}
    assert report.refused[0].message.endswith("need 100 %")
