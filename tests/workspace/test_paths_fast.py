"""Workspace.catalog_path / export_path build each folder's path once per command; what
they return, and what they refuse, is what the plain construction gave (kept here as
the reference), for any slug, and a link out of the area is still refused every time."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transflow.core.errors import InputError
from transflow.workspace import config as config_mod
from transflow.workspace.paths import Workspace, _inside

PIECES = st.sampled_from(["a", "b", "2026", ".", "..", "", "x.y", "é", "\x00", "n-1"])
SLUGS = st.lists(PIECES, min_size=1, max_size=4).map("/".join)


def _reference(ws: Workspace, area: Path, language: str, name: str) -> Path:
    return ws.in_area(area, _inside(area / language, name))


def _outcome(fn, *args):  # the path, or the refusal's message
    try:
        return fn(*args)
    except InputError as exc:
        return str(exc)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("ws")
    (root / "transflow.toml").write_text('source_language = "en"\nlanguages = ["de"]\n')
    return Workspace(config_mod.load(root))


@given(slug=SLUGS, language=st.sampled_from(["de", "ru"]), fmt=st.sampled_from(["md", "docx"]))
@settings(max_examples=300)
def test_paths_are_the_reference_paths(
    workspace: Workspace, slug: str, language: str, fmt: str
) -> None:
    config = workspace.config
    fresh = Workspace(config)  # nothing built yet: both orders are compared
    for ws in (workspace, fresh):
        assert _outcome(ws.export_path, language, slug, fmt) == _outcome(
            _reference, ws, config.exports_dir, language, f"{slug}.{fmt}"
        )
        assert _outcome(ws.catalog_path, language, slug) == _outcome(
            _reference, ws, config.locales_dir, language, f"{slug}.po"
        )
        # the text export plans with (no link here: the file itself is not looked at)
        assert _outcome(ws.export_text, language, slug, fmt) == _outcome(
            lambda *a: str(_reference(*a)), ws, config.exports_dir, language, f"{slug}.{fmt}"
        )


def test_a_link_out_is_refused_after_the_folder_was_built(tmp_path: Path) -> None:
    (tmp_path / "transflow.toml").write_text('source_language = "en"\nlanguages = ["de"]\n')
    ws = Workspace(config_mod.load(tmp_path))
    folder = tmp_path / "exports" / "de" / "2026"
    folder.mkdir(parents=True)
    assert ws.export_path("de", "2026/a", "md") == folder / "a.md"
    outside = tmp_path.parent / f"{tmp_path.name}-secret.md"
    outside.write_text("secret")
    os.symlink(outside, folder / "b.md")
    with pytest.raises(InputError, match="symbolic link leading out of exports/"):
        ws.export_path("de", "2026/b", "md")
    with pytest.raises(InputError, match="symbolic link leading out of exports/"):
        ws.export_path("de", "2026/b", "md")  # every time, not once


def test_export_text_checks_the_folders_not_the_file(tmp_path: Path) -> None:
    """export_text leaves the file itself to its caller's lstat, but a folder on the way
    that leads out of exports/ is refused, built first or not."""
    (tmp_path / "transflow.toml").write_text('source_language = "en"\nlanguages = ["de"]\n')
    ws = Workspace(config_mod.load(tmp_path))
    folder = tmp_path / "exports" / "de" / "2026"
    folder.mkdir(parents=True)
    assert ws.export_text("de", "2026/a", "md") == str(folder / "a.md")
    outside = tmp_path.parent / f"{tmp_path.name}-out"
    outside.mkdir()
    os.symlink(outside / "secret.md", folder / "b.md")
    assert ws.export_text("de", "2026/b", "md") == str(folder / "b.md")  # its caller's
    os.symlink(outside, tmp_path / "exports" / "de" / "2027")
    for fresh in (ws, Workspace(ws.config)):
        with pytest.raises(InputError, match="symbolic link leading out of exports/"):
            fresh.export_text("de", "2027/c", "md")


def _reference_sources(ws: Workspace) -> list:
    """Workspace.sources as pathlib built it (the reference): each path's slug and rel."""
    from transflow.workspace import paths

    base = ws.config.sources_dir
    files = sorted(Path(p) for p in paths._walk(base))
    seen: dict[str, tuple[Path, str, str]] = {}
    folded: dict[str, Path] = {}
    for path in files:
        paths._check_name(ws.rel(path))
        slug = path.relative_to(base).with_suffix("").as_posix()
        key = paths.unicodedata.normalize("NFC", slug).casefold()
        if key == paths.TEMPLATE_SLUG:
            return ["template", ws.rel(path)]
        other = folded.get(key)
        if other is not None and other != path:
            return ["same slug", ws.rel(path)]
        folded[key] = path
        seen[slug] = (path, ws.rel(path), slug)
    return [seen[k] for k in sorted(seen)]


NAMES = st.sampled_from(
    [
        "a.md",
        "A.md",
        "b.txt",
        "a.b.md",
        "x",
        "2026",
        "é.md",
        "e\u0301.md",
        "_template.md",
        "a-b",
        "a",
        "c.docx",
        "..md",
        "a..md",
        "n\x01.md",
        "z.MD",
    ]
)


@given(tree=st.lists(st.lists(NAMES, min_size=1, max_size=3), max_size=10))
@settings(max_examples=150, deadline=None)
def test_sources_are_the_reference_sources(tmp_path_factory: pytest.TempPathFactory, tree) -> None:
    """The sources as found with text, not pathlib: the same files, slugs, order and
    refusals, whatever the tree (nested folders, dots, case and accents that fold
    together, the letterhead's name, a control character)."""
    root = tmp_path_factory.mktemp("ws")
    (root / "transflow.toml").write_text('source_language = "en"\nlanguages = ["de"]\n')
    (root / "sources").mkdir()
    for parts in tree:
        path = root.joinpath("sources", *parts)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                path.write_text("x")
        except (FileExistsError, NotADirectoryError, IsADirectoryError):
            continue
    ws = Workspace(config_mod.load(root))
    try:
        found = [(s.path, s.rel, s.slug) for s in ws.sources()]
    except InputError as exc:
        found = ["template" if "letterhead" in exc.message else "same slug", exc.path]
        if "control character" in exc.message:
            found = ["control", exc.path]
    try:
        reference = _reference_sources(ws)
    except InputError as exc:
        reference = ["control", exc.path]
    assert found == reference
