"""Golden merge: an old catalog + the edited source -> the expected catalog, byte for byte.

before.txt was translated into before.ru.po (a comment, a fuzzy draft); after.txt edits
one sentence, drops the boilerplate and adds a sentence. Regenerate deliberately with
``scripts/test --update-golden`` and review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from transflow.ops import extract
from transflow.workspace import config

HERE = Path(__file__).parent / "merge"


def test_merge_golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, update_golden: bool) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1773446400")
    (tmp_path / "sources").mkdir()
    (tmp_path / "locales" / "ru").mkdir(parents=True)
    shutil.copy(HERE / "after.txt", tmp_path / "sources" / "festival.txt")
    shutil.copy(HERE / "before.ru.po", tmp_path / "locales" / "ru" / "festival.po")
    (tmp_path / "transflow.toml").write_text('languages = ["ru"]\n')
    extract.run(config.load(tmp_path))
    produced = (tmp_path / "locales" / "ru" / "festival.po").read_bytes()
    golden = HERE / "after.ru.po"
    if update_golden:
        golden.write_bytes(produced)
    assert produced == golden.read_bytes()
    text = produced.decode()
    assert "# checked by the editor\n" in text  # translator comment kept
    assert (
        '#| msgid "Tickets cost 12 euros and go on sale on Monday."' in text
    )  # changed: fuzzy + previous
    assert '#~ msgid "About the Trust' in text  # removed: obsolete, not dropped
    assert '#~ msgid "Tickets cost 12 euros' in text  # the edited one's old entry is kept too
