"""The DOCX writer's per-process template cache (``formats.docx._template``) never changes
an export: every document, in every language and template setting, has the bytes the
uncached writer gives — the template made afresh for the document and localized after
the body is built, all styles at once (what the writer did before the cache) — whether
the cache is cold, warm from the same language, or warm from other languages."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import docx as python_docx
import pytest

from transflow.core.records import SourceFile
from transflow.formats import ExportContext, read_source
from transflow.formats import docx as writer
from transflow.formats.docx_template import FOOTER, LABEL, new_document
from transflow.lang.codes import info

LOGO = (Path(__file__).parent.parent / "fixtures" / "build" / "logo.png").read_bytes()

RELEASE = """\
---
title: Riverton doubles its bike share
date: 2026-03-14
author: Office of Communications, City of Riverton
---

# Riverton doubles its bike share

## Forty new stations by September

RIVERTON, March 14, 2026 — The City will add **40 stations** this year, see
[the plan](https://riverton.example/plan "The plan").

> "Bike share is how Riverton moves," said *the Deputy Mayor*.

Run `rr-dock --list` to see the stations.[^1]

| | Today | After |
|:--|--:|:-:|
| Stations | 52 | 92 |

\\#\\#\\#

## Media contact

Lena Marsh, press@riverton.example, +44 20 7946 0321

[^1]: The *tool* ships with the app.
"""

PLAIN = """Riverton opens a harbour festival

RIVERTON, June 2, 2026 - Three days of music on the quays.

The festival is free.
"""

SOURCES = {"release.md": RELEASE, "plain.txt": PLAIN}
LANGUAGES = ["ar", "zh_Hans", "de", "ja", "ru", "he", "ko"]
SETTINGS: list[dict[str, Any]] = [
    {},
    {
        "organisation": "City of Riverton",
        "template_strings": (
            ("City of Riverton", "Riverton"),
            (LABEL, "PRESSE"),
            (FOOTER, "S. {PAGE} / {NUMPAGES}"),
        ),
        "paper": "Letter",
        "fonts": (("ascii", "Georgia"), ("eastAsia", "Noto Serif CJK SC")),
    },
    {"organisation": "City of Riverton", "logo": True},
]


def _uncached(context: ExportContext) -> Any:
    """The writer before the cache: a fresh template, localized with the body."""
    doc, warnings = new_document(context)
    return writer._Copy(doc, warnings)


def _contexts(tmp_path: Path) -> list[tuple[str, ExportContext]]:
    logo = tmp_path / "logo.png"
    logo.write_bytes(LOGO)
    out = []
    for name, text in SOURCES.items():
        path = tmp_path / "sources" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        source = SourceFile(path, f"sources/{name}", path.stem)
        document = read_source(source)
        for lang, (n, extra) in itertools.product(LANGUAGES, enumerate(SETTINGS)):
            extra = {**extra, "logo": logo} if extra.get("logo") else extra
            ctx = ExportContext(source, document, info(lang), "en", "", "", **extra)
            out.append((f"{name}/{lang}/{n}", ctx))
    return out


def _write(ctx: ExportContext, tmp_path: Path) -> bytes:
    return writer.write_docx(ctx.source_document, tmp_path / "out.docx", ctx).data


def test_cached_template_gives_the_uncached_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = _contexts(tmp_path)
    writer._TEMPLATES.clear()
    with monkeypatch.context() as m:
        m.setattr(writer, "_template", _uncached)
        expected = {name: _write(ctx, tmp_path) for name, ctx in cases}
    # the uncached writer really is another path: without the cache it makes nothing
    assert not writer._TEMPLATES
    cold = {}
    for name, ctx in cases:
        writer._TEMPLATES.clear()
        cold[name] = _write(ctx, tmp_path)
    warm_same = {name: (_write(ctx, tmp_path), _write(ctx, tmp_path))[1] for name, ctx in cases}
    warm_mixed = {name: _write(ctx, tmp_path) for name, ctx in reversed(cases)}
    assert writer._TEMPLATES  # the cache was used
    for name, _ in cases:
        assert cold[name] == expected[name], name
        assert warm_same[name] == expected[name], name
        assert warm_mixed[name] == expected[name], name
    # the cases differ, so the comparison above compares something
    assert len(set(expected.values())) == len(cases)


def test_a_changed_logo_at_the_same_path_is_a_new_template(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(LOGO)
    name, ctx = next((n, c) for n, c in _contexts(tmp_path) if c.logo is not None)
    first = _write(ctx, tmp_path)
    assert _write(ctx, tmp_path) == first
    logo.write_bytes(b"not a picture")
    broken = _write(ctx, tmp_path)
    assert broken != first, name
    logo.unlink()
    assert _write(ctx, tmp_path) == broken  # unreadable logos are never cached
    logo.write_bytes(LOGO)
    assert _write(ctx, tmp_path) == first


def test_a_reference_docx_is_not_the_template(tmp_path: Path) -> None:
    reference = tmp_path / "letterhead.docx"
    made = python_docx.Document()
    made.sections[0].header.paragraphs[0].text = "City of Riverton"
    made.add_paragraph("placeholder body")
    made.save(str(reference))
    from dataclasses import replace

    for name, ctx in _contexts(tmp_path)[: len(LANGUAGES)]:
        with_reference = replace(ctx, reference_docx=reference)
        writer._TEMPLATES.clear()
        alone = _write(with_reference, tmp_path)
        _write(ctx, tmp_path)  # the template of the same language, cached
        assert _write(with_reference, tmp_path) == alone, name
        assert alone != _write(ctx, tmp_path), name


def _styles_bytes(template: Any) -> bytes:
    from lxml import etree

    return etree.tostring(template.styles)


def test_the_shared_styles_part_is_given_back_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Copies share the template's styles part; an export's added styles come off it
    again, also when the export fails half-way."""
    cases = [(n, c) for n, c in _contexts(tmp_path) if c.logo is None]  # 14 templates
    writer._TEMPLATES.clear()
    for _, ctx in cases:
        _write(ctx, tmp_path)
    made = {key: _styles_bytes(t) for key, t in writer._TEMPLATES.items()}
    for _, ctx in cases:  # everything again, on the cached templates
        _write(ctx, tmp_path)
    assert {key: _styles_bytes(t) for key, t in writer._TEMPLATES.items()} == made
    assert any(len(t.blobs) > 1 for t in writer._TEMPLATES.values())  # styles were added

    name, ctx = next((n, c) for n, c in cases if n.startswith("release.md/ar/"))
    expected = _write(ctx, tmp_path)
    build = writer.build_body

    def failing(doc: Any, *args: Any, **kwargs: Any) -> Any:
        build(doc, *args, **kwargs)  # adds its styles to the shared part
        raise RuntimeError("the build failed")

    with monkeypatch.context() as m:
        m.setattr(writer, "build_body", failing)
        with pytest.raises(RuntimeError):
            _write(ctx, tmp_path)
    assert {key: _styles_bytes(t) for key, t in writer._TEMPLATES.items()} == made
    assert _write(ctx, tmp_path) == expected, name
