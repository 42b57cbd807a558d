"""The versions the PO writer matches, and the goldens that judge it on every machine.

The writer matches GNU msgcat of gettext GETTEXT_VERSION, with line breaking and widths from
the Unicode Character Database UNICODE_VERSION. The goldens in ``golden/`` are that msgcat's
output (``golden/make_goldens.py``): they judge the writer whatever msgcat is installed;
tests that run the installed msgcat skip under another version (``tests/gettext_oracle.py``).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from gettext_oracle import msgcat_mismatch, require_msgcat
from transflow.catalog.linebreak import LIBUNISTRING_VERSION, UNICODE_VERSION
from transflow.catalog.poparse import parse_po
from transflow.catalog.powrite import GETTEXT_VERSION, serialize_po

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
GOOD = HERE.parent / "fixtures" / "good"
REPO = HERE.parent.parent
DATA = REPO / "src" / "transflow" / "data" / "linebreak.txt"

GOOD_GOLDENS = sorted((GOLDEN / "good").iterdir())
SAMPLE_GOLDENS = sorted(p for p in GOLDEN.glob("*.po") if p.name != "unicode15.po")


def test_the_versions_are_stated_in_code_data_and_docs() -> None:
    assert re.fullmatch(r"[0-9]+\.[0-9]+(\.[0-9]+)?", GETTEXT_VERSION)
    assert re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", UNICODE_VERSION)
    first = DATA.read_text(encoding="ascii").split("\n", 1)[0]
    assert first.endswith(f"Unicode Character Database {UNICODE_VERSION}"), first
    docs = (REPO / "docs" / "catalogs.md").read_text(encoding="utf-8")
    for version in (f"gettext {GETTEXT_VERSION}", f"Unicode {UNICODE_VERSION}"):
        assert version in docs, f"docs/catalogs.md does not state {version}"
    assert f"libunistring {LIBUNISTRING_VERSION}" in docs


def test_every_good_fixture_has_a_golden() -> None:
    names = {p.name for p in GOOD.iterdir() if b"charset=CHARSET" not in p.read_bytes()}
    assert names == {p.name for p in GOOD_GOLDENS}


@pytest.mark.parametrize("golden", GOOD_GOLDENS, ids=lambda p: p.name)
def test_good_fixture_written_as_msgcat_wrote_it(golden: Path) -> None:
    source = GOOD / golden.name
    assert serialize_po(parse_po(source.read_bytes(), golden.name)) == golden.read_bytes()


@pytest.mark.parametrize("golden", SAMPLE_GOLDENS, ids=lambda p: p.name)
def test_msgcat_output_is_a_fixpoint_of_our_writer(golden: Path) -> None:
    data = golden.read_bytes()
    assert len(parse_po(data, golden.name).entries) >= 10
    assert serialize_po(parse_po(data, golden.name)) == data


@pytest.mark.xfail(
    strict=True,
    reason=f"Unicode {UNICODE_VERSION} table vs msgcat {GETTEXT_VERSION}'s libunistring "
    f"{LIBUNISTRING_VERSION} (Unicode 14.0 data): characters new in 15.0 are wide for us, "
    "narrow for msgcat (docs/catalogs.md)",
)
def test_characters_new_in_unicode_15_wrap_as_msgcat_0_21_does() -> None:
    data = (GOLDEN / "unicode15.po").read_bytes()
    assert serialize_po(parse_po(data, "unicode15.po")) == data


@pytest.mark.parametrize("golden", [*GOOD_GOLDENS, *SAMPLE_GOLDENS], ids=lambda p: p.name)
def test_goldens_are_what_the_installed_msgcat_writes(golden: Path) -> None:
    """Keeps the goldens honest where the right msgcat is installed (skips elsewhere)."""
    msgcat = require_msgcat()
    out = subprocess.run([msgcat, "-"], input=golden.read_bytes(), capture_output=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout == golden.read_bytes()


def test_skip_reason_names_both_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    import gettext_oracle

    monkeypatch.setattr(gettext_oracle, "installed_version", lambda tool="msgcat": "0.23.1")
    reason = msgcat_mismatch()
    assert reason is not None
    assert "msgcat 0.23.1 is installed" in reason and f"gettext {GETTEXT_VERSION}" in reason
    monkeypatch.setattr(gettext_oracle, "installed_version", lambda tool="msgcat": None)
    assert "not installed" in (msgcat_mismatch() or "")
    monkeypatch.setattr(gettext_oracle, "installed_version", lambda tool="msgcat": GETTEXT_VERSION)
    assert msgcat_mismatch() is None
