"""Fixtures for the XLIFF/TMX/TBX exchange tests: the sample workspace, the shipped
schemas, pseudo-translation at markup level and at XLIFF level."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from transflow.cli.app import app_for
from transflow.core import inline

ROOT = Path(__file__).parents[2]
SCHEMAS = ROOT / "tests" / "schemas"
LANGUAGES = ("ru", "az", "ar", "zh_Hans", "de")
ARTICLES = ("city-bike-share-expansion", "harbour-festival-2026", "khojaly-commemoration-moscow")


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repository's sample workspace (sources, catalogs, glossary)."""
    root = tmp_path / "ws"
    root.mkdir()
    for name in ("transflow.toml", "sources", "locales", "glossary"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / name)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1773446400")
    return root


def run(root: Path, *args: str):
    argv = ["-w", str(root), *args]
    return CliRunner().invoke(app_for(argv), argv)  # (what main() runs for argv)


def tree(root: Path) -> dict[str, str]:
    """sha256 and mtime of every file outside .transflow: equal means nothing changed."""
    return {
        p.relative_to(
            root
        ).as_posix(): f"{hashlib.sha256(p.read_bytes()).hexdigest()}:{p.stat().st_mtime_ns}"
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".transflow" not in p.parts
    }


class _Local(etree.Resolver):
    def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
        if url and url.endswith("xml.xsd"):
            return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
        return None


def _schema(name: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Local())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


@pytest.fixture(scope="session")
def validate():
    """validate(path_or_bytes, kind) with kind in xliff2, xliff12, tmx: asserts validity."""
    schemas = {
        "xliff2": _schema("xliff_core_2.0.xsd"),
        "xliff12": _schema("xliff-core-1.2-strict.xsd"),
        "tmx": etree.DTD(str(SCHEMAS / "tmx14.dtd")),
    }

    def check(data: bytes | Path, kind: str) -> None:
        raw = data.read_bytes() if isinstance(data, Path) else data
        doc = etree.fromstring(raw)
        validator = schemas[kind]
        ok = validator.validate(doc)
        assert ok, f"{kind}: {validator.error_log.filter_from_errors()[:3]}"

    return check


# --- pseudo-translation: the same function at markup level and at XLIFF level -------------

_TABLE = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "ȧƀƈḓḗƒɠħīĵķŀḿƞǿƥɋřşŧŭṽẇẋẏẑȦƁƇḒḖƑƓĦĪĴĶĿḾȠǾƤɊŘŞŦŬṼẆẊẎẐ",
)


def pseudo_text(text: str) -> str:
    """Character by character, so it does not matter how text is split between codes."""
    return text.translate(_TABLE)


def pseudo_markup(markup: str) -> str:
    spans = [
        sp if sp.code or sp.placeholder is not None else replace(sp, text=pseudo_text(sp.text))
        for sp in inline.parse(markup)
    ]
    return inline.render(spans)


_NATIVE = {"bpt", "ept", "ph", "x", "bx", "ex", "it", "data"}


def _pseudo_element(el: etree._Element) -> None:
    local = etree.QName(el).localname
    if el.text and local not in _NATIVE:
        el.text = pseudo_text(el.text)
    for child in el:
        _pseudo_element(child)
        if child.tail:
            child.tail = pseudo_text(child.tail)


def fill_xliff(data: bytes) -> bytes:
    """What a translator's CAT tool would return: every target the pseudo-translation of
    its source, codes kept, state translated."""
    root = etree.fromstring(data)
    ns = etree.QName(root).namespace
    q = lambda name: f"{{{ns}}}{name}"  # noqa: E731
    if root.get("version") == "1.2":
        for unit in root.iter(q("trans-unit")):
            old = unit.find(q("target"))
            if old is not None:
                unit.remove(old)
            target = _copy_as(unit.find(q("source")), q("target"))
            target.set("state", "translated")
            unit.find(q("source")).addnext(target)
            unit.set("approved", "yes")
    else:
        for seg in root.iter(q("segment")):
            old = seg.find(q("target"))
            if old is not None:
                seg.remove(old)
            seg.append(_copy_as(seg.find(q("source")), q("target")))
            seg.set("state", "translated")
            seg.attrib.pop("subState", None)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _copy_as(source: etree._Element, tag: str) -> etree._Element:
    import copy

    target = copy.deepcopy(source)
    target.tag = tag
    target.tail = None
    _pseudo_element(target)
    return target
