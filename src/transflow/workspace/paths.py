"""Where things live in a workspace: sources, templates, catalogs, exports.

Every path handed out here is checked to stay inside its folder, so no language code,
slug or symlink can make transflow read or write elsewhere: a catalog, template or export
(or a folder on its way, such as ``locales/ru`` or ``exports/ru``) that is a symbolic
link is followed only while it leads to a place inside the same area of the workspace
(``locales/`` for catalogs and templates, ``exports/`` for exports); a link out of it is
refused with a message naming the link. So ``exports/`` linked into ``sources/`` never
turns exports into sources, and a catalog linked to a secret elsewhere is never read.
"""

from __future__ import annotations

import functools
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from transflow.core.errors import InputError
from transflow.core.records import SourceFile
from transflow.workspace.config import Config
from transflow.workspace.letterhead import TEMPLATE_SLUG

_IGNORED_PREFIXES = (".", "~", "#")


@dataclass(frozen=True, slots=True)
class Workspace:
    config: Config
    # folders already checked for links out of their area (once per command)
    _checked: dict[str, None] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    # (area, language, sub-folder) -> (the area, the folder, the folder as text)
    _bases: dict[tuple[str, str, str], tuple[Path, Path, str]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    _prefix: str = field(default="", init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_prefix", f"{self.config.root}/")  # (see text_rel)

    @property
    def root(self) -> Path:
        return self.config.root

    def rel(self, path: Path) -> str:
        return self.text_rel(str(path))

    def text_rel(self, text: str) -> str:
        """:meth:`rel` of a path given as text (export reports thousands)."""
        prefix = self._prefix
        return text[len(prefix) :] if text.startswith(prefix) else text

    def template_path(self, slug: str) -> Path:
        path = _inside(self.config.locales_dir / "templates", f"{slug}.pot")
        return self.in_area(self.config.locales_dir, path)

    def catalog_path(self, language: str, slug: str) -> Path:
        return self._area_path("locales", language, f"{slug}.po")

    def catalog_stat(self, language: str, slug: str) -> tuple[str, os.stat_result | None]:
        """(:meth:`catalog_path` as text, what ``os.stat`` says of it, None when it cannot
        say): the catalog's folder built once, and one ``lstat`` for both the link check
        and the stat when the catalog is no link (``status`` asks for thousands)."""
        return self._area_stat("locales", language, f"{slug}.po")

    def template_stat(self, slug: str) -> tuple[str, os.stat_result | None]:
        """:meth:`catalog_stat` of the article's template (``locales/templates/``)."""
        return self._area_stat("locales", "templates", f"{slug}.pot")

    def _area_stat(
        self, area_name: str, language: str, name: str
    ) -> tuple[str, os.stat_result | None]:
        _check_inside(name)
        head, _, tail = name.rpartition("/")
        base = self._bases.get((area_name, language, head))
        if base is None or base[2] not in self._checked:
            path = self._area_path(area_name, language, name)
            return str(path), _stat(path)
        text = f"{base[2]}/{tail}"  # as base[1] / tail: tail is one plain name
        try:
            st = os.lstat(text)
        except OSError:
            return text, None  # os.path.islink said no, and os.stat cannot say either
        if stat.S_ISLNK(st.st_mode):
            self._check_link(base[0], Path(text))
            return text, _stat(text)
        return text, st

    def export_path(self, language: str, slug: str, fmt: str) -> Path:
        return self._area_path("exports", language, f"{slug}.{fmt}")

    def export_text(self, language: str, slug: str, fmt: str) -> str:
        """:meth:`export_path` as text, its folders checked (once per command) but not the
        file itself: the caller ``lstat``'s it, and checks a link it finds there with
        :meth:`export_path` (``export`` plans thousands, most of them not there yet)."""
        name = f"{slug}.{fmt}"
        _check_inside(name)
        head, _, tail = name.rpartition("/")
        base = self._bases.get(("exports", language, head))
        if base is None or base[2] not in self._checked:
            return str(self.export_path(language, slug, fmt))
        return f"{base[2]}/{tail}"  # as base[1] / tail: tail is one plain name

    def _area_path(self, area_name: str, language: str, name: str) -> Path:
        """``<area>/<language>/<name>``, refused as :func:`_inside` and :meth:`in_area`
        refuse it; each folder's path is built once per command."""
        _check_inside(name)
        head, _, tail = name.rpartition("/")
        base = self._bases.get((area_name, language, head))
        if base is None:
            area = self.root / area_name
            folder = area / language / head if head else area / language
            base = self._bases[(area_name, language, head)] = (area, folder, str(folder))
        area, folder, text = base
        path = folder / tail
        if text not in self._checked:
            return self.in_area(area, path)
        if os.path.islink(path):  # the folder was checked: the file itself, every time
            self._check_link(area, path)
        return path

    def export_asset_path(self, export: Path, name: str) -> Path:
        """A file a writer puts beside an export (``name`` relative to its folder, such as
        ``harbour.assets/image1.png``), refused if it would land outside that folder."""
        return self.in_area(self.config.exports_dir, _inside(export.parent, name))

    def in_area(self, area: Path, path: Path, is_link: bool | None = None) -> Path:
        """``path`` (below ``area``, i.e. ``locales/`` or ``exports/``), refused when a
        symbolic link on its way leads out of that area. Folders are checked once per
        command; the file itself every time (one ``lstat``, unless the caller says
        whether it is a link: ``is_link``, from the ``scandir`` that listed it)."""
        folder = str(path.parent)
        if folder not in self._checked:
            self._check_link(area, path.parent)
            self._checked[folder] = None
        if os.path.islink(path) if is_link is None else is_link:
            self._check_link(area, path)
        return path

    def _check_link(self, area: Path, path: Path) -> None:
        real = os.path.realpath(path)
        real_area = os.path.join(os.path.realpath(self.root), area.relative_to(self.root))
        if real == real_area or real.startswith(real_area + os.sep):
            return
        from transflow.workspace.store import link_on_the_way

        link = link_on_the_way(self.root, path) or self.rel(path)
        raise InputError(
            link,
            f"is a symbolic link leading out of {area.name}/; transflow neither reads nor "
            "writes through it (replace the link by the file or folder itself)",
        )

    def sources(self, selected: list[Path] | None = None) -> list[SourceFile]:
        """Every source file (or the selected ones), sorted by slug; refuses slug collisions."""
        base = self.config.sources_dir
        if selected:
            files = [str(self._check_selected(p)) for p in selected]
        else:
            files = _walk(base) if base.is_dir() else []
        seen: dict[str, SourceFile] = {}
        folded: dict[str, SourceFile] = {}
        below = f"{base}/"
        for text in files:  # (as text: pathlib's operations cost 20 us a source)
            rel = self.text_rel(text)
            _check_name(rel)
            if not text.startswith(below):  # (never: each path is below sources/)
                raise InputError(rel, "is not inside the workspace's sources/ folder")
            slug = _without_suffix(text[len(below) :])
            src = SourceFile(path=Path(text), rel=rel, slug=slug)
            key = unicodedata.normalize("NFC", slug).casefold()
            if key == TEMPLATE_SLUG:
                raise InputError(
                    src.rel,
                    f"has the name of the workspace's letterhead catalog "
                    f"(locales/<lang>/{TEMPLATE_SLUG}.po, the words of the DOCX template's "
                    "header and footer), so their catalogs would be the same file; "
                    "rename the source",
                )
            other = folded.get(key)
            if other is not None and other.rel != rel:
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

    def template_catalogs(self, languages: tuple[str, ...]) -> Iterator[tuple[str, Path, str]]:
        """(language, path, rel) of each letterhead catalog (``locales/<lang>/_template.po``,
        see :mod:`.letterhead`) on disk."""
        for language in languages:
            path = self.catalog_path(language, TEMPLATE_SLUG)
            if path.exists():
                yield language, path, self.rel(path)

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


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _without_suffix(name: str) -> str:
    """``PurePosixPath(name).with_suffix("").as_posix()`` of a path with a file name."""
    head, _, last = name.rpartition("/")
    dot = last.rfind(".")
    if 0 < dot < len(last) - 1:
        last = last[:dot]
    return f"{head}/{last}" if head else last


def _check_name(rel: str) -> None:
    """A source name with a line break or another control character is refused: the
    catalogs' ``#:`` references could not hold it, and neither transflow nor msgfmt
    could read them back (issue 13, case 12)."""
    bad = _CONTROL.search(rel)
    if bad:
        shown = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", rel)
        raise InputError(
            shown,
            f"has a control character (U+{ord(bad.group()):04X}) in its name; rename the file",
        )


def _stat(path: Path | str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _normpath(path: Path) -> str:
    import os

    return os.path.normpath(os.path.abspath(path))


def _walk(base: Path) -> list[str]:
    """Source files below ``base`` (hidden and editor files skipped), with one ``scandir``
    per folder: a newsroom has thousands of articles and ``status`` walks them every time.
    Their paths as text, in the order of their parts (as ``Path`` objects sort)."""
    from transflow.formats import source_extensions  # (not the readers: none is imported)

    exts = source_extensions()
    found: list[str] = []
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
                if not entry.is_file(follow_symlinks=False):
                    path = Path(entry.path)
                    _check_source_file(path, path.relative_to(base.parent).as_posix())
                found.append(entry.path)
    found.sort(key=_parts)
    return found


def _parts(path: str) -> list[str]:
    return path.split("/")


def _check_source_file(path: Path, rel: str) -> None:
    from transflow.formats import source_extensions

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
    _check_inside(name)
    return base / name


_NOT_A_NAME = frozenset(("", ".", ".."))


@functools.lru_cache(maxsize=1 << 14)  # a name passes once per process (export asks twice
def _check_inside(name: str) -> None:  # per article and language); a refusal is not kept
    if name.startswith("/") or "\x00" in name or not _NOT_A_NAME.isdisjoint(name.split("/")):
        raise InputError(name, "would be written outside its folder; refusing it")
