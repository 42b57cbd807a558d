"""Readers take bytes, and a command reads each source once (issue 14): extract parses and
digests the same bytes; export parses them and a DOCX writer merges into them."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest
from docx import Document as DocxDocument

from transflow import formats
from transflow.core.records import SourceFile
from transflow.formats import read_source, reader_for
from transflow.ops import export, extract
from transflow.workspace import config


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each source was loaded, by its workspace path."""
    counts: Counter[str] = Counter()
    for ext in (".txt", ".md", ".docx"):
        reader_for(Path("x" + ext))  # registers the format
    for name, spec in list(formats.READERS.items()):

        def counting(source: SourceFile, load=spec.load) -> bytes:
            counts[source.rel] += 1
            return load(source)

        monkeypatch.setitem(formats.READERS, name, dataclasses.replace(spec, load=counting))
    return counts


def _workspace(root: Path) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "transflow.toml").write_text('languages = ["ru", "de"]\n')
    (root / "sources" / "a.txt").write_text("Title\n\nFirst paragraph. Second one.\n")
    (root / "sources" / "b.md").write_text("# Heading\n\nSome *text* here.\n")
    doc = DocxDocument()
    doc.add_heading("A Word title", 0)
    doc.add_paragraph("A Word paragraph.")
    doc.save(str(root / "sources" / "c.docx"))
    return root


def test_extract_reads_each_source_once(tmp_path: Path, loads: Counter[str]) -> None:
    root = _workspace(tmp_path / "ws")
    extract.run(config.load(root))
    assert loads == {"sources/a.txt": 1, "sources/b.md": 1, "sources/c.docx": 1}


def test_export_reads_each_source_once_for_every_language_and_format(
    tmp_path: Path, loads: Counter[str]
) -> None:
    root = _workspace(tmp_path / "ws")
    cfg = config.load(root)
    extract.run(cfg)
    loads.clear()
    report = export.run(cfg, formats=["md", "docx"], threshold=0)
    assert len(report.outcomes) == 3 * 2 * 2  # articles x languages x formats
    assert loads == {"sources/a.txt": 1, "sources/b.md": 1, "sources/c.docx": 1}


def test_a_reader_parses_the_bytes_it_is_given_not_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("On disk\n")
    source = SourceFile(path, "sources/a.txt", "a")
    document = read_source(source, b"Given bytes\n")
    assert [b.text for b in document.blocks] == ["Given bytes"]
    assert [b.text for b in read_source(source).blocks] == ["On disk"]
