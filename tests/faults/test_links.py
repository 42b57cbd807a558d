"""Symbolic links (issue 13, case 4; fault catalogue P4, K5): nothing is read or written
through a link leading out of the workspace; the refusal is one line naming the link and
never quotes a byte of the file behind it."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import cli, one_line_error, tree

SECRET = "root:$6$Zx9q$SECRETHASHSECRETHASH:19000:0:99999:7:::\n"


@pytest.fixture
def extracted(ws: Path) -> Path:
    assert cli(ws, "extract").exit_code == 0
    po = ws / "locales" / "ru" / "library.po"
    po.write_text(po.read_text().replace('msgstr ""\n\n', 'msgstr "Перевод"\n\n'))
    return ws


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "shadow").write_text(SECRET)
    return folder


def _refused(result, link: str) -> None:
    assert result.exit_code == 3, result.output
    line = one_line_error(result)
    assert link in line and "symbolic link" in line, line
    assert "SECRET" not in result.output and "root:" not in result.output


@pytest.mark.parametrize("command", ["extract", "status", "check", "export", "diff"])
def test_P4_I13_4_catalog_linked_to_a_file_outside_is_neither_read_nor_written(
    extracted: Path, outside: Path, command: str
) -> None:
    po = extracted / "locales" / "ru" / "library.po"
    po.unlink()
    po.symlink_to(outside / "shadow")
    before = tree(outside)
    result = cli(extracted, command)
    _refused(result, "locales/ru/library.po")
    assert tree(outside) == before and (outside / "shadow").read_text() == SECRET


def test_P4_I13_4_language_folder_linked_outside_is_refused(extracted: Path, outside: Path) -> None:
    ru = extracted / "locales" / "ru"
    target = outside / "ru"
    ru.rename(target)
    ru.symlink_to(target)
    (target / "library.po").unlink()  # extract would create it out there
    before = tree(outside)
    _refused(cli(extracted, "extract"), "locales/ru")
    assert tree(outside) == before


def test_P4_I13_4_export_language_folder_linked_outside_is_refused(
    extracted: Path, outside: Path
) -> None:
    (extracted / "exports").mkdir()
    (extracted / "exports" / "ru").symlink_to(outside)
    before = tree(outside)
    _refused(cli(extracted, "export", "-l", "ru", "--threshold", "0"), "exports/ru")
    assert tree(outside) == before


def test_P4_I13_4_export_file_linked_outside_is_refused(extracted: Path, outside: Path) -> None:
    (extracted / "exports" / "ru").mkdir(parents=True)
    (extracted / "exports" / "ru" / "library.md").symlink_to(outside / "shadow")
    _refused(
        cli(extracted, "export", "-l", "ru", "--threshold", "0", "--to", "md"),
        "exports/ru/library.md",
    )
    assert (outside / "shadow").read_text() == SECRET


def test_P4_I13_4_export_file_linked_outside_after_an_export_is_refused(
    extracted: Path, outside: Path
) -> None:
    """An export the cache knows (its key is compared, so its file is stat'ed at the
    plan), replaced by a link out of exports/: refused before anything is followed."""
    assert cli(extracted, "export", "-l", "ru", "--threshold", "0", "--to", "md").exit_code == 0
    export = extracted / "exports" / "ru" / "library.md"
    export.unlink()
    export.symlink_to(outside / "shadow")
    _refused(
        cli(extracted, "export", "-l", "ru", "--threshold", "0", "--to", "md"),
        "exports/ru/library.md",
    )
    assert (outside / "shadow").read_text() == SECRET


def test_K5_export_linked_inside_exports_after_an_export_is_written_through(
    extracted: Path,
) -> None:
    assert cli(extracted, "export", "-l", "ru", "--threshold", "0", "--to", "md").exit_code == 0
    export = extracted / "exports" / "ru" / "library.md"
    kept = extracted / "exports" / "kept.md"
    export.rename(kept)
    kept.write_text("stale\n")
    export.symlink_to(kept)
    assert cli(extracted, "export", "-l", "ru", "--threshold", "0", "--to", "md").exit_code == 0
    assert export.is_symlink() and "Перевод" in kept.read_text()


def test_P4_I13_4_exports_linked_into_sources_never_become_sources(extracted: Path) -> None:
    (extracted / "exports").symlink_to(extracted / "sources")
    before = tree(extracted)
    _refused(cli(extracted, "export", "-l", "ru", "--threshold", "0"), "exports")
    assert tree(extracted) == before
    assert sorted(p.name for p in (extracted / "sources").iterdir()) == ["library.txt"]


def test_K5_catalog_linked_inside_its_area_is_written_through(extracted: Path) -> None:
    """A link that stays inside locales/ is allowed: the link is kept, its target
    updated (K5), as editors and `msgmerge -U` do."""
    ru = extracted / "locales" / "ru"
    (ru / "keep").mkdir()
    (ru / "library.po").rename(ru / "keep" / "library.po")
    (ru / "library.po").symlink_to(Path("keep") / "library.po")
    (extracted / "sources" / "library.txt").write_text(
        (extracted / "sources" / "library.txt").read_text() + "\nA new closing line.\n"
    )
    result = cli(extracted, "extract", "-l", "ru")
    assert result.exit_code == 0, result.output
    assert (ru / "library.po").is_symlink()
    assert "A new closing line." in (ru / "keep" / "library.po").read_text()


def test_P4_I13_4_parse_errors_never_quote_bytes_of_the_file(extracted: Path) -> None:
    """Even a file inside the workspace is not echoed beyond a keyword-like word."""
    po = extracted / "locales" / "ru" / "library.po"
    po.write_text(SECRET + po.read_text())
    result = cli(extracted, "status")
    assert result.exit_code == 3
    assert "locales/ru/library.po:1" in one_line_error(result)
    assert "SECRET" not in result.output and "root" not in result.output


def test_P4_I13_4_catalog_linked_outside_after_the_export_plan_is_not_read(
    extracted: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """export plans every catalog's path once (ops/export._plan) and reads the catalogs
    later, article by article: a catalog replaced meanwhile by a link out of the
    workspace is refused when it is read, as at the plan, never read through."""
    from transflow.ops import export

    po = extracted / "locales" / "ru" / "library.po"
    (outside / "library.po").write_text(po.read_text().replace("Перевод", "LEAKED"))
    planned = export._plan

    def plan_then_link(*args: object, **kwargs: object) -> object:
        found = planned(*args, **kwargs)  # type: ignore[arg-type]
        po.unlink()
        po.symlink_to(outside / "library.po")
        return found

    monkeypatch.setattr(export, "_plan", plan_then_link)
    result = cli(extracted, "export", "-l", "ru", "--threshold", "0", "--to", "md")
    _refused(result, "locales/ru/library.po")
    exported = extracted / "exports" / "ru" / "library.md"
    assert not exported.exists() or "LEAKED" not in exported.read_text()


def test_P4_I13_4_export_linked_into_sources_after_the_export_plan_is_refused(
    extracted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export replaced, after the plan checked its path, by a link out of exports/
    (into sources/: inside the workspace, so the store alone lets it through) is
    refused when it is written: a source is never overwritten by an export."""
    from transflow.ops import export

    source = extracted / "sources" / "library.txt"
    before = source.read_bytes()
    out = extracted / "exports" / "ru" / "library.md"
    out.parent.mkdir(parents=True)  # there before the run (a new one is staged whole)
    planned = export._plan

    def plan_then_link(*args: object, **kwargs: object) -> object:
        found = planned(*args, **kwargs)  # type: ignore[arg-type]
        out.symlink_to(Path("..") / ".." / "sources" / "library.txt")
        return found

    monkeypatch.setattr(export, "_plan", plan_then_link)
    result = cli(extracted, "export", "-l", "ru", "--threshold", "0", "--to", "md")
    _refused(result, "exports/ru/library.md")
    assert source.read_bytes() == before


def test_P4_I13_4_export_folder_made_with_a_link_into_sources_after_the_plan_is_left_alone(
    extracted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``exports/ru`` made after the plan by another program (``exports/``, new, is staged
    whole), with a link into sources/ where an export goes: the staged folder is not
    placed over it (exit 5, nothing written there), so the source is never
    overwritten."""
    from transflow.ops import export

    source = extracted / "sources" / "library.txt"
    before = source.read_bytes()
    out = extracted / "exports" / "ru" / "library.md"
    planned = export._plan

    def plan_then_link(*args: object, **kwargs: object) -> object:
        found = planned(*args, **kwargs)  # type: ignore[arg-type]
        out.parent.mkdir(parents=True, exist_ok=True)
        out.symlink_to(Path("..") / ".." / "sources" / "library.txt")
        return found

    monkeypatch.setattr(export, "_plan", plan_then_link)
    result = cli(extracted, "export", "-l", "ru", "--threshold", "0", "--to", "md")
    assert result.exit_code == 5, result.output
    assert "exports: made by another program" in one_line_error(result)
    assert source.read_bytes() == before and out.is_symlink()


def test_P4_I13_4_catalog_linked_outside_after_extract_found_its_paths_is_refused(
    extracted: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """extract finds each article's paths first (ops/extract._changed_sources, to see
    whether it changed) and writes later, in the article's job: a catalog replaced
    meanwhile by a link out of the workspace is refused there, never written through
    (a guard for any reuse of the paths found first)."""
    from transflow.ops import extract

    po = extracted / "locales" / "ru" / "library.po"
    found = extract._changed_sources

    def find_then_link(*args: object, **kwargs: object) -> object:
        todo = found(*args, **kwargs)  # type: ignore[arg-type]
        assert todo  # the catalog was edited: its article is extracted again
        po.unlink()
        po.symlink_to(outside / "shadow")
        return todo

    monkeypatch.setattr(extract, "_changed_sources", find_then_link)
    before = tree(outside)
    result = cli(extracted, "extract")
    _refused(result, "locales/ru/library.po")
    assert tree(outside) == before and (outside / "shadow").read_text() == SECRET
