"""Workspace configuration: discovery (like git), loading, validation, ``init``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from transflow.core.errors import ConfigError, WorkspaceNotFound
from transflow.lang import codes as languages

CONFIG_NAME = "transflow.toml"
SEGMENTATIONS = ("sentence", "paragraph")


@dataclass(frozen=True, slots=True)
class Config:
    """A workspace's settings, every one with a default."""

    root: Path
    source_language: str = "en"
    languages: tuple[str, ...] = ()
    segmentation: str = "sentence"
    threshold: float = 100.0
    thresholds: tuple[tuple[str, float], ...] = ()  # per-language export thresholds
    reference_docx: Path | None = None
    config_path: Path | None = None
    formats: tuple[str, ...] = ("md", "docx")
    # the built-in DOCX press-release template (no reference_docx)
    organisation: str = ""
    logo: Path | None = None
    paper: tuple[tuple[str, str], ...] = ()  # ("*" or a language, "A4" | "Letter")
    fonts: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()  # language -> slots

    @property
    def sources_dir(self) -> Path:
        return self.root / "sources"

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def exports_dir(self) -> Path:
        return self.root / "exports"

    @property
    def state_dir(self) -> Path:
        return self.root / ".transflow"

    def paper_for(self, language: str) -> str:
        """The paper size set for a language ("A4", "Letter"), or "" (by its locale)."""
        sizes = dict(self.paper)
        return sizes.get(language, sizes.get("*", ""))

    def fonts_for(self, language: str) -> tuple[tuple[str, str], ...]:
        """The ``w:rFonts`` slots set for a language in ``[export.fonts]``."""
        return dict(self.fonts).get(language, ())

    def threshold_for(self, language: str) -> float:
        for lang, value in self.thresholds:
            if lang == language:
                return value
        return self.threshold


def find_root(start: Path) -> Path:
    """Walk up from ``start`` to the first folder holding ``transflow.toml`` or a
    ``pyproject.toml`` with a ``[tool.transflow]`` table."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _pyproject_table(pyproject) is not None:
            return folder
    raise WorkspaceNotFound(
        f"no {CONFIG_NAME} found in {start} or any parent folder (run 'transflow init' first)"
    )


def _pyproject_table(path: Path) -> dict | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
        return None
    table = data.get("tool", {}).get("transflow")
    return table if isinstance(table, dict) else None


def load(root: Path) -> Config:
    path = root / CONFIG_NAME
    if path.is_file():
        rel = CONFIG_NAME
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(
                rel, f"invalid TOML: {exc}", line=getattr(exc, "lineno", None)
            ) from None
        except UnicodeDecodeError:
            raise ConfigError(rel, "not valid UTF-8") from None
    else:
        path = root / "pyproject.toml"
        rel = "pyproject.toml [tool.transflow]"
        table = _pyproject_table(path)
        if table is None:
            raise WorkspaceNotFound(f"no {CONFIG_NAME} in {root}")
        data = table
    return _from_mapping(root, path, rel, data)


# Every key transflow reads. An unknown key is refused, not ignored: a misspelled
# ``threshhold`` or ``language`` would otherwise silently publish under other settings
# than the ones the user wrote (issue 13, case 11).
KNOWN_KEYS = {
    "": ("source_language", "languages", "segmentation", "export"),
    "export": (
        "threshold",
        "thresholds",
        "formats",
        "reference_docx",
        "organisation",
        "logo",
        "paper",
        "fonts",
    ),
}


def _check_keys(data: dict, rel: str, path: Path) -> None:
    import difflib

    for table, known in KNOWN_KEYS.items():
        mapping = data.get(table, {}) if table else data
        if not isinstance(mapping, dict):
            continue  # reported by the type checks below
        for key in mapping:
            if key in known:
                continue
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else f"; known: {', '.join(known)}"
            where = f"[{table}]" if table else "the top level"
            raise ConfigError(
                rel, f"unknown key '{key}' in {where}{hint}", line=_line_of_key(path, table, key)
            )


def _line_of_key(path: Path, table: str, key: str) -> int | None:
    """The line of ``key`` in ``table`` of a TOML file (best effort: None if not found),
    written ``key = …`` under its table's header or ``table.key = …`` under the parent's."""
    import re

    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    prefix = "tool.transflow" if path.name == "pyproject.toml" else ""
    own = ".".join(x for x in (prefix, table) if x)
    name = rf"""(?:"{re.escape(key)}"|'{re.escape(key)}'|{re.escape(key)})"""
    plain = re.compile(rf"\s*{name}\s*=")
    dotted = re.compile(rf"\s*{re.escape(table)}\s*\.\s*{name}\s*=") if table else None
    current = ""
    for number, line in enumerate(lines, 1):
        header = re.match(r"\s*\[\s*([^\]]+?)\s*\]", line)
        if header:
            current = header.group(1).replace(" ", "")
        elif (current == own and plain.match(line)) or (
            dotted and current == prefix and dotted.match(line)
        ):
            return number
    return None


def _from_mapping(root: Path, path: Path, rel: str, data: dict) -> Config:
    def fail(msg: str) -> ConfigError:
        return ConfigError(rel, msg)

    _check_keys(data, rel, path)

    source = data.get("source_language", "en")
    if not isinstance(source, str):
        raise fail("source_language must be a string")
    source = languages.normalize(source, origin=rel)
    langs = data.get("languages", [])
    if not isinstance(langs, list) or not all(isinstance(x, str) for x in langs):
        raise fail("languages must be a list of language codes")
    norm = tuple(dict.fromkeys(languages.normalize(x, origin=rel) for x in langs))
    seg = data.get("segmentation", "sentence")
    if seg not in SEGMENTATIONS:
        raise fail(f"segmentation must be one of {', '.join(SEGMENTATIONS)}, not {seg!r}")
    export = data.get("export", {})
    if not isinstance(export, dict):
        raise fail("[export] must be a table")
    threshold = _percent(export.get("threshold", 100), rel, "export.threshold")
    per_lang = export.get("thresholds", {})
    if not isinstance(per_lang, dict):
        raise fail("[export.thresholds] must map languages to percentages")
    thresholds = tuple(
        (languages.normalize(k, origin=rel), _percent(v, rel, f"export.thresholds.{k}"))
        for k, v in per_lang.items()
    )
    formats = export.get("formats", ["md", "docx"])
    if (
        not isinstance(formats, list)
        or not all(isinstance(f, str) for f in formats)
        or not set(formats) <= {"md", "docx"}
    ):
        raise fail("export.formats must be a list of 'md' and 'docx'")
    ref = export.get("reference_docx")
    reference = None
    if ref is not None:
        if not isinstance(ref, str):
            raise fail("export.reference_docx must be a path")
        reference = (root / ref).resolve()
        if not reference.is_file():
            raise fail(f"export.reference_docx: no such file '{ref}'")
    organisation = export.get("organisation", "")
    if not isinstance(organisation, str):
        raise fail("export.organisation must be a string")
    return Config(
        root=root,
        organisation=organisation.strip(),
        logo=_logo(root, export.get("logo"), rel),
        paper=_paper(export.get("paper"), rel),
        fonts=_fonts(export.get("fonts"), rel),
        source_language=source,
        languages=norm,
        segmentation=seg,
        threshold=threshold,
        thresholds=thresholds,
        reference_docx=reference,
        config_path=path,
        formats=tuple(formats),
    )


_PAPERS = ("A4", "Letter")
_FONT_SLOTS = ("ascii", "hAnsi", "cs", "eastAsia")
_LOGO_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff")


def _logo(root: Path, value: object, rel: str) -> Path | None:
    """``export.logo``: a picture file inside the workspace."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(rel, "export.logo must be a path to a picture")
    path = (root / value).resolve()
    try:
        path.relative_to(root.resolve())
    except ValueError:
        raise ConfigError(rel, f"export.logo: '{value}' is outside the workspace") from None
    if path.suffix.lower() not in _LOGO_TYPES:
        raise ConfigError(rel, f"export.logo: '{value}' is not a PNG, JPEG, GIF, BMP or TIFF")
    if not path.is_file():
        raise ConfigError(rel, f"export.logo: no such file '{value}'")
    return path


def _paper(value: object, rel: str) -> tuple[tuple[str, str], ...]:
    """``export.paper``: "A4" or "Letter" for every language, or a table by language."""
    if value is None:
        return ()
    items = {"*": value} if isinstance(value, str) else value
    if not isinstance(items, dict):
        raise ConfigError(rel, 'export.paper must be "A4", "Letter" or a table of them')
    out = []
    for lang, size in items.items():
        if size not in _PAPERS:
            raise ConfigError(rel, f'export.paper: {size!r} is not "A4" or "Letter"')
        out.append((lang if lang == "*" else languages.normalize(lang, origin=rel), size))
    return tuple(out)


def _fonts(value: object, rel: str) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """``[export.fonts]``: per language, one family for every script slot, or a table of
    slots (``ascii``, ``hAnsi``, ``cs``, ``eastAsia``)."""
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise ConfigError(rel, "[export.fonts] must map languages to fonts")
    out = []
    for lang, fonts in value.items():
        code = languages.normalize(lang, origin=rel)
        if isinstance(fonts, str) and fonts.strip():
            slots = tuple((slot, fonts.strip()) for slot in _FONT_SLOTS)
        elif (
            isinstance(fonts, dict)
            and fonts
            and all(k in _FONT_SLOTS and isinstance(v, str) and v.strip() for k, v in fonts.items())
        ):
            slots = tuple((k, v.strip()) for k, v in fonts.items())
        else:
            raise ConfigError(
                rel,
                f"export.fonts.{lang} must be a font name or a table of "
                f"{', '.join(_FONT_SLOTS)} names",
            )
        out.append((code, slots))
    return tuple(out)


def _percent(value: object, rel: str, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ConfigError(rel, f"{key} must be a number from 0 to 100")
    return float(value)


def discover(start: Path | None = None, workspace: Path | None = None) -> Config:
    """The configuration of the named workspace, or of the one above ``start``."""
    if workspace is not None:
        root = workspace.resolve()
        if not root.is_dir():
            raise WorkspaceNotFound(f"{workspace}: no such folder")
        find_root(root)  # a clear error when it is not a workspace
        if not (root / CONFIG_NAME).is_file() and _pyproject_table(root / "pyproject.toml") is None:
            raise WorkspaceNotFound(f"{workspace}: no {CONFIG_NAME} here")
        return load(root)
    return load(find_root(start or Path.cwd()))


@dataclass(frozen=True, slots=True)
class InitResult:
    root: Path
    created: tuple[str, ...]
    existing: tuple[str, ...]


def init(
    root: Path,
    source_language: str = "en",
    langs: tuple[str, ...] = (),
    segmentation: str = "sentence",
) -> InitResult:
    """Create a workspace (config and folders). Never overwrites an existing file."""
    source = languages.normalize(source_language)
    norm = tuple(dict.fromkeys(languages.normalize(x) for x in langs))
    if segmentation not in SEGMENTATIONS:
        raise ConfigError(None, f"segmentation must be one of {', '.join(SEGMENTATIONS)}")
    created: list[str] = []
    existing: list[str] = []
    root.mkdir(parents=True, exist_ok=True)
    for name in ("sources", "locales/templates", "exports", "glossary"):
        folder = root / name
        (existing if folder.is_dir() else created).append(name + "/")
        folder.mkdir(parents=True, exist_ok=True)
    cfg = root / CONFIG_NAME
    if cfg.exists():
        existing.append(CONFIG_NAME)
    else:
        langs_toml = ", ".join(f'"{x}"' for x in norm)
        text = (
            f'source_language = "{source}"\n'
            f"languages = [{langs_toml}]\n"
            f'segmentation = "{segmentation}"      # or "paragraph"\n'
            "\n[export]\n"
            "threshold = 100                # percent of units translated\n"
        )
        with open(cfg, "x", encoding="utf-8") as fh:
            fh.write(text)
        created.append(CONFIG_NAME)
    return InitResult(root, tuple(created), tuple(existing))
