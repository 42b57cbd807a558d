"""The merge driver under real git: two branches edit one catalog, `git merge` resolves it.

Every history checks that no translation either branch made is lost and that the merged
file passes `msgfmt --check`; the exit status of `git merge` says whether git saw a
conflict (default: conflicting translations merged fuzzy; --strict: left conflicted).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from transflow.catalog.entries import Catalog
from transflow.catalog.merge3 import CONFLICT_NOTE
from transflow.catalog.poparse import parse_po

from .conftest import CATALOG, Repo, mark_fuzzy, translate

LONG_A = (
    "Город Ривертон открыл в субботу свою новую центральную библиотеку, о чём сообщила "
    "городская администрация на торжественной церемонии."
)
LONG_B = (
    "Здание обошлось в 12,5 миллиона евро, и это больше, чем планировали в мэрии три года назад."
)


def msgfmt_ok(path: Path) -> None:
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU msgfmt is not installed")
    proc = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr


def translations(cat: Catalog) -> dict[tuple[str | None, str], str]:
    return {e.key: e.msgstr for e in cat.entries if e.msgstr}


def held(cat: Catalog) -> str:
    """Every translation and translator comment of a catalog, as one text."""
    return "\n".join(
        part for e in cat.entries for part in (e.msgstr, *e.translator_comments) if part
    )


def branch(repo: Repo, name: str, edits, message: str, parse: bool = True) -> Catalog:
    """Commit ``edits`` (a callable on the repo) on a new branch ``name`` off main."""
    repo.git("checkout", "-q", "-b", name, "main")
    edits()
    repo.commit(message)
    cat = repo.catalog() if parse else None
    repo.git("checkout", "-q", "main")
    return cat


def on_main(repo: Repo, edits, message: str) -> Catalog:
    edits()
    repo.commit(message)
    return repo.catalog()


def assert_nothing_lost(base: Catalog, sides: list[Catalog], merged: Catalog) -> None:
    before = translations(base)
    text = held(merged)
    for side in sides:
        for key, msgstr in translations(side).items():
            if before.get(key) == msgstr:
                continue
            assert msgstr in text, f"translation of {key[1]!r} lost: {msgstr!r}"


def merge(repo: Repo, name: str = "topic") -> subprocess.CompletedProcess[str]:
    return repo.git("merge", "--no-edit", name, check=False)


def test_translators_fill_different_entries_merge_cleanly(repo: Repo) -> None:
    base = repo.catalog()
    theirs = branch(
        repo,
        "topic",
        lambda: repo.edit(translate("The city of", LONG_A), revision="2026-03-15 10:00+0100"),
        "ru: lead",
    )
    ours = on_main(
        repo,
        lambda: repo.edit(translate("The building", LONG_B), revision="2026-03-15 11:00+0100"),
        "ru: cost",
    )
    proc = merge(repo)
    assert proc.returncode == 0, proc.stderr
    merged = repo.catalog()
    assert_nothing_lost(base, [ours, theirs], merged)
    by_id = {e.msgid: e for e in merged.entries}
    assert (
        by_id["The city of Riverton opened its new central library on Saturday."].msgstr == LONG_A
    )
    assert not any(e.fuzzy for e in merged.entries)
    msgfmt_ok(repo.root / CATALOG)
    # written msgcat-exact: what transflow itself would write
    from transflow.workspace import store

    assert (repo.root / CATALOG).read_bytes() == store.serialize(merged)


def _conflicting(repo: Repo) -> tuple[Catalog, Catalog, Catalog]:
    base = repo.catalog()
    theirs = branch(
        repo,
        "topic",
        lambda: repo.edit(
            translate("Entry is free", "Вход свободный для всех."),
            revision="2026-03-16 09:00+0000",
            translator="Anna <anna@example.org>",
        ),
        "ru: entry (Anna)",
    )
    ours = on_main(
        repo,
        lambda: repo.edit(
            translate("Entry is free", "Вход бесплатный."),
            revision="2026-03-15 09:00+0000",
            translator="Boris <boris@example.org>",
        ),
        "ru: entry (Boris)",
    )
    return base, ours, theirs


def test_both_translate_one_entry_default_keeps_newer_fuzzy_other_in_comment(repo: Repo) -> None:
    base, ours, theirs = _conflicting(repo)
    proc = merge(repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "both sides translated" in proc.stderr
    merged = repo.catalog()
    entry = next(e for e in merged.entries if e.msgid == "Entry is free for everyone.")
    assert entry.msgstr == "Вход свободный для всех."  # theirs: the later PO-Revision-Date
    assert entry.fuzzy
    assert CONFLICT_NOTE in entry.translator_comments
    assert "Вход бесплатный." in entry.translator_comments
    fields = dict(merged.header_fields())
    assert fields["PO-Revision-Date"] == "2026-03-16 09:00+0000"
    assert fields["Last-Translator"] == "Anna <anna@example.org>"
    assert_nothing_lost(base, [ours, theirs], merged)
    msgfmt_ok(repo.root / CATALOG)


def test_both_translate_one_entry_strict_leaves_conflict(repo: Repo) -> None:
    repo.transflow("git-setup", "--strict")
    base, ours, theirs = _conflicting(repo)
    proc = merge(repo)
    assert proc.returncode != 0
    status = repo.git("status", "--porcelain").stdout
    assert f"UU {CATALOG}" in status
    merged = repo.catalog()  # the driver's merge is in the work tree, valid, for review
    assert_nothing_lost(base, [ours, theirs], merged)
    assert "<<<<<<<" not in (repo.root / CATALOG).read_text()
    msgfmt_ok(repo.root / CATALOG)


def test_one_marks_fuzzy_other_translates(repo: Repo) -> None:
    repo.edit(translate("It holds", "В ней 80 000 книг."))
    repo.commit("ru: books")
    base = repo.catalog()
    theirs = branch(repo, "topic", lambda: repo.edit(mark_fuzzy("It holds")), "review: needs work")
    ours = on_main(
        repo, lambda: repo.edit(translate("It holds", "Фонд — 80 000 книг.")), "ru: better"
    )
    proc = merge(repo)
    assert proc.returncode == 0, proc.stderr
    merged = repo.catalog()
    entry = next(e for e in merged.entries if e.msgid == "It holds 80,000 books.")
    assert entry.msgstr == "Фонд — 80 000 книг."  # the new text…
    assert entry.fuzzy  # …still needs the reviewer's look
    assert_nothing_lost(base, [ours, theirs], merged)
    msgfmt_ok(repo.root / CATALOG)


def test_approval_on_one_side_does_not_publish_a_draft_from_the_other(repo: Repo) -> None:
    repo.edit(translate("It holds", "В ней 80 000 книг.", fuzzy=True))
    repo.commit("ru: draft")
    branch(
        repo,
        "topic",
        lambda: repo.edit(translate("It holds", "В ней 80 000 книг.", fuzzy=False)),
        "approve",
    )
    on_main(repo, lambda: repo.edit(translate("It holds", "Там 80 000 книг.")), "new draft")
    assert merge(repo).returncode == 0
    entry = next(e for e in repo.catalog().entries if e.msgid == "It holds 80,000 books.")
    assert entry.msgstr == "Там 80 000 книг."
    assert entry.fuzzy


def test_poedit_header_changes_on_both_sides(repo: Repo) -> None:
    base = repo.catalog()
    theirs = branch(
        repo,
        "topic",
        lambda: repo.edit(
            translate("Riverton opens", "В Ривертоне открылась новая библиотека"),
            revision="2026-03-20 18:30+0300",
            translator="Anna <anna@example.org>",
        ),
        "Poedit save (Anna)",
    )
    ours = on_main(
        repo,
        lambda: repo.edit(
            translate("The library is open", "Библиотека открыта ежедневно с 9 до 21 часа."),
            revision="2026-03-20 16:00+0000",  # later than 18:30+0300 (15:30 UTC)
            translator="Boris <boris@example.org>",
        ),
        "Poedit save (Boris)",
    )
    proc = merge(repo)
    assert proc.returncode == 0, proc.stderr
    merged = repo.catalog()
    fields = dict(merged.header_fields())
    assert fields["PO-Revision-Date"] == "2026-03-20 16:00+0000"
    assert fields["Last-Translator"] == "Boris <boris@example.org>"
    assert fields["X-Transflow-Source"] == dict(base.header_fields())["X-Transflow-Source"]
    assert_nothing_lost(base, [ours, theirs], merged)
    msgfmt_ok(repo.root / CATALOG)


def test_weblate_rewrite_on_one_side_is_no_conflict(repo: Repo) -> None:
    tt = pytest.importorskip("translate.storage.po")
    repo.edit(translate("The city of", LONG_A))
    repo.commit("ru: lead")
    base = repo.catalog()

    def weblate() -> None:
        # Weblate saves through Translate Toolkit, which wraps differently from msgcat
        path = repo.root / CATALOG
        store = tt.pofile.parsestring(path.read_bytes())
        for unit in store.units:
            if unit.source == "Entry is free for everyone.":
                unit.target = "Вход для всех свободный, об этом написали на сайте библиотеки большими буквами."
        path.write_bytes(bytes(store))

    theirs = branch(repo, "topic", weblate, "Translated using Weblate (Russian)")
    ours = on_main(
        repo, lambda: repo.edit(translate("It holds", "В ней 80 000 книг.")), "ru: books"
    )
    proc = merge(repo)
    assert proc.returncode == 0, proc.stderr
    merged = repo.catalog()
    assert not any(e.fuzzy for e in merged.entries)
    assert_nothing_lost(base, [ours, theirs], merged)
    msgfmt_ok(repo.root / CATALOG)


def test_entry_removed_by_extract_on_one_side_translated_on_the_other(repo: Repo) -> None:
    base = repo.catalog()
    theirs = branch(
        repo,
        "topic",
        lambda: repo.edit(translate("The building", "Здание обошлось в 12,5 млн евро.")),
        "ru: cost",
    )

    def editor() -> None:
        src = repo.root / "sources" / "library.txt"
        src.write_text(
            src.read_text().replace(
                "The building cost 12.5 million euros.", "The building cost 13 million euros."
            )
        )
        repo.transflow("extract")

    ours = on_main(repo, editor, "source: cost corrected")
    assert not any(e.msgid.startswith("The building cost 12.5") for e in ours.entries)
    proc = merge(repo)
    assert proc.returncode == 0, proc.stderr
    merged = repo.catalog()
    old = next(e for e in merged.entries if e.msgid == "The building cost 12.5 million euros.")
    assert old.obsolete and old.msgstr == "Здание обошлось в 12,5 млн евро."
    assert_nothing_lost(base, [ours, theirs], merged)
    msgfmt_ok(repo.root / CATALOG)
    # the next extract keeps it (obsolete entries are never dropped); the translator
    # finds it there as a starting point for the changed unit
    repo.transflow("extract")
    after = {e.msgid: e for e in repo.catalog().entries}
    assert (
        after["The building cost 12.5 million euros."].msgstr == "Здание обошлось в 12,5 млн евро."
    )
    msgfmt_ok(repo.root / CATALOG)


def test_templates_take_the_later_side_and_ask_for_extract(repo: Repo) -> None:
    def edit_source(old: str, new: str, epoch: str):
        def run() -> None:
            src = repo.root / "sources" / "library.txt"
            src.write_text(src.read_text().replace(old, new))
            repo.env["SOURCE_DATE_EPOCH"] = epoch
            repo.transflow("extract")

        return run

    branch(repo, "topic", edit_source("9 pm", "10 pm", "1773600000"), "hours")
    on_main(repo, edit_source("Saturday", "Sunday", "1773500000"), "day")
    proc = merge(repo)
    assert "Run `transflow extract`" in proc.stderr
    pot = (repo.root / "locales/templates/library.pot").read_text()
    assert "<<<<<<<" not in pot
    assert "10 pm" in pot  # theirs: the later POT-Creation-Date
    if proc.returncode != 0:  # the source itself may conflict textually; resolve it
        (repo.root / "sources" / "library.txt").write_text(
            (repo.root / "sources" / "library.txt").read_text().replace("9 pm", "10 pm")
        )
    repo.transflow("extract")
    pot = (repo.root / "locales/templates/library.pot").read_text()
    assert "10 pm" in pot and "Sunday" in pot
    msgfmt_ok(repo.root / CATALOG)


def test_malformed_side_falls_back_to_git_conflict_markers(repo: Repo) -> None:
    def broken() -> None:
        path = repo.root / CATALOG
        text = path.read_text().replace(
            'msgid "Entry is free for everyone."\nmsgstr ""',
            'msgid "Entry is free for everyone."\nmsgstr "Вход свободный',
        )
        path.write_text(text)

    branch(repo, "topic", broken, "a broken save", parse=False)
    on_main(repo, lambda: repo.edit(translate("Entry is free", "Вход бесплатный.")), "ru")
    proc = merge(repo)
    assert proc.returncode != 0
    assert "cannot merge by entry" in proc.stderr
    assert "end of line inside a string" in proc.stderr
    text = (repo.root / CATALOG).read_text()
    assert "<<<<<<< ours" in text and ">>>>>>> theirs" in text
    assert "Вход бесплатный." in text and "Вход свободный" in text
    assert f"UU {CATALOG}" in repo.git("status", "--porcelain").stdout


def test_not_a_catalog_falls_back(tmp_path: Path) -> None:
    from transflow.ops import mergedriver

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    base, ours, theirs = (tmp_path / n for n in ("o", "a", "b"))
    base.write_text("line 1\nline 2\n")
    ours.write_text("line 1 ours\nline 2\n")
    theirs.write_text("line 1 theirs\nline 2\n")
    result = mergedriver.run(base, ours, theirs, "locales/ru/x.po")
    assert result.exit_code == 1 and result.outcome == "fallback"
    assert "cannot merge by entry" in result.messages[0]
    text = ours.read_text()
    assert "line 1 ours" in text and "line 1 theirs" in text and "<<<<<<<" in text


def test_added_on_both_sides_with_empty_ancestor(repo: Repo, tmp_path: Path) -> None:
    """git's add/add: the ancestor is an empty file."""
    from transflow.ops import mergedriver

    cat = repo.catalog()
    ours_cat = replace(
        cat, entries=tuple(translate("Entry", "Вход свободный.")(e) for e in cat.entries)
    )
    theirs_cat = replace(
        cat, entries=tuple(translate("It holds", "80 000 книг.")(e) for e in cat.entries)
    )
    from transflow.workspace import store

    base, ours, theirs = (tmp_path / n for n in ("o", "a", "b"))
    base.write_bytes(b"")
    ours.write_bytes(store.serialize(ours_cat))
    theirs.write_bytes(store.serialize(theirs_cat))
    result = mergedriver.run(base, ours, theirs, CATALOG)
    assert result.exit_code == 0, result.messages
    merged = parse_po(ours.read_bytes(), "x")
    assert {"Вход свободный.", "80 000 книг."} <= set(translations(merged).values())
