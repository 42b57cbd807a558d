"""Where things live in a workspace: sources, templates, catalogs, exports.

Every path handed out here is checked to stay inside its folder, so no language code,
slug or symlink can make transflow write elsewhere.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .errors import InputError
from .formats import SourceFile, source_extensions

_IGNORED_PREFIXES = (".", "~", "#")


@dataclass(frozen=True, slots=True)
class Workspace:
    config: Config

    @property
    def root(self) -> Path:
        return self.config.root

    def rel(self, path: Path) -> str:
        text, root = str(path), str(self.root)
        if text.startswith(root + "/"):
            return text[len(root) + 1 :]
        return text

    def template_path(self, slug: str) -> Path:
        return _inside(self.config.locales_dir / "templates", f"{slug}.pot")

    def catalog_path(self, language: str, slug: str) -> Path:
        return _inside(self.config.locales_dir / language, f"{slug}.po")

    def export_path(self, language: str, slug: str, fmt: str) -> Path:
        return _inside(self.config.exports_dir / language, f"{slug}.{fmt}")

    def export_asset_path(self, export: Path, name: str) -> Path:
        """A file a writer puts beside an export (``name`` relative to its folder, such as
        ``harbour.assets/image1.png``), refused if it would land outside that folder."""
        return _inside(export.parent, name)

    def sources(self, selected: list[Path] | None = None) -> list[SourceFile]:
        """Every source file (or the selected ones), sorted by slug; refuses slug collisions."""
        base = self.config.sources_dir
        if selected:
            files = [self._check_selected(p) for p in selected]
        else:
            files = _walk(base) if base.is_dir() else []
        seen: dict[str, SourceFile] = {}
        folded: dict[str, SourceFile] = {}
        for path in files:
            rel_to_sources = path.relative_to(base)
            slug = rel_to_sources.with_suffix("").as_posix()
            src = SourceFile(path=path, rel=self.rel(path), slug=slug)
            key = unicodedata.normalize("NFC", slug).casefold()
            other = folded.get(key)
            if other is not None and other.path != path:
                raise InputError(src.rel, f"has the same slug as {other.rel}; rename one of them")
            folded[key] = src
            seen[slug] = src
        return [seen[k] for k in sorted(seen)]

    def existing_catalogs(
        self, languages: tuple[str, ...], articles: list[str] | None = None
    ) -> Iterator[tuple[SourceFile, str, Path, str]]:
        """(source, language, path, rel) of every catalog on disk, article by article."""
        for source in self.sources():
            if articles and source.slug not in articles:
                continue
            for language in languages:
                path = self.catalog_path(language, source.slug)
                if path.exists():
                    yield source, language, path, self.rel(path)

    def _check_selected(self, path: Path) -> Path:
        absolute = (Path.cwd() / path) if not path.is_absolute() else path
        shown = str(path)
        if not absolute.exists() and not absolute.is_symlink():
            raise InputError(shown, "no such source file")
        base = self.config.sources_dir.resolve()
        try:
            absolute.resolve().relative_to(base)
            lexical = Path(_normpath(absolute)).relative_to(_normpath(self.config.sources_dir))
        except ValueError:
            raise InputError(shown, "is not inside the workspace's sources/ folder") from None
        candidate = self.config.sources_dir / lexical
        _check_source_file(candidate, self.rel(candidate))
        return candidate


def _normpath(path: Path) -> str:
    import os

    return os.path.normpath(os.path.abspath(path))


def _walk(base: Path) -> list[Path]:
    """Source files below ``base`` (hidden and editor files skipped), with one ``scandir``
    per folder: a newsroom has thousands of articles and ``status`` walks them every time."""
    exts = source_extensions()
    found: list[Path] = []
    stack = [str(base)]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(_IGNORED_PREFIXES):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                    continue
                if os.path.splitext(entry.name)[1].lower() not in exts:
                    continue
                path = Path(entry.path)
                if not entry.is_file(follow_symlinks=False):
                    _check_source_file(path, path.relative_to(base.parent).as_posix())
                found.append(path)
    found.sort()
    return found


def _check_source_file(path: Path, rel: str) -> None:
    if path.suffix.lower() not in source_extensions():
        raise InputError(rel, f"not a source transflow reads ({', '.join(source_extensions())})")
    if path.is_symlink():
        target = path.resolve()
        root = path.parent
        while root.name != "sources" and root != root.parent:
            root = root.parent
        try:
            target.relative_to(root.resolve())
        except ValueError:
            raise InputError(rel, "is a link to a file outside sources/; refusing it") from None
    if path.is_dir():
        raise InputError(rel, "is a folder, not a source file")
    if path.exists() and not path.is_file():
        raise InputError(rel, "is not a regular file")


def _inside(base: Path, name: str) -> Path:
    """``base / name``, refused when ``name`` could leave ``base`` (absolute, ``..``, NUL)."""
    parts = name.split("/")
    if name.startswith("/") or "\x00" in name or any(p in ("", ".", "..") for p in parts):
        raise InputError(name, "would be written outside its folder; refusing it")
    return base / name
