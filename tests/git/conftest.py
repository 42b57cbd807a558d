"""A real git repository holding a transflow workspace, with `transflow git-setup` done."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from transflow.catalog.entries import Catalog, Entry, format_header
from transflow.catalog.poparse import parse_po
from transflow.workspace import store

ARTICLE = """Riverton opens new library

The city of Riverton opened its new central library on Saturday. The building cost 12.5 million euros. It holds 80,000 books.

The library is open every day from 9 am to 9 pm. Entry is free for everyone.
"""

CATALOG = "locales/ru/library.po"


def git_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Test",
        GIT_AUTHOR_EMAIL="test@example.org",
        GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.org",
        SOURCE_DATE_EPOCH="1773446400",
    )
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    return env


@dataclass
class Repo:
    root: Path
    env: dict[str, str]

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            ["git", *args], cwd=self.root, env=self.env, capture_output=True, text=True
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"git {' '.join(args)}: {proc.stdout}\n{proc.stderr}")
        return proc

    def transflow(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [sys.executable, "-m", "transflow", "-w", str(self.root), *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"transflow {' '.join(args)}: {proc.stdout}\n{proc.stderr}")
        return proc

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def catalog(self, rel: str = CATALOG) -> Catalog:
        return parse_po((self.root / rel).read_bytes(), rel)

    def edit(
        self,
        fn: Callable[[Entry], Entry],
        rel: str = CATALOG,
        revision: str | None = None,
        translator: str | None = None,
        writer: Callable[[Catalog], bytes] = store.serialize,
    ) -> None:
        """Apply ``fn`` to every entry; set header fields as a PO editor does on save."""
        cat = self.catalog(rel)
        header = cat.header
        if header is not None and (revision or translator):
            fields = []
            for k, v in cat.header_fields():
                if k == "PO-Revision-Date" and revision:
                    v = revision
                if k == "Last-Translator" and translator:
                    v = translator
                if k == "X-Generator" and translator:
                    v = "Poedit 3.4.2"
                fields.append((k, v))
            header = replace(header, msgstr=format_header(fields))
        cat = replace(cat, header=header, entries=tuple(fn(e) for e in cat.entries))
        (self.root / rel).write_bytes(writer(cat))


def translate(msgid_start: str, msgstr: str, fuzzy: bool | None = None) -> Callable[[Entry], Entry]:
    """An edit: translate the entry whose msgid starts with ``msgid_start``."""

    def fn(e: Entry) -> Entry:
        if not e.msgid.startswith(msgid_start):
            return e
        flags = e.flags
        if fuzzy is True and "fuzzy" not in flags:
            flags = ("fuzzy", *flags)
        elif fuzzy is False:
            flags = tuple(f for f in flags if f != "fuzzy")
        return replace(e, msgstr=msgstr, flags=flags)

    return fn


def mark_fuzzy(msgid_start: str) -> Callable[[Entry], Entry]:
    def fn(e: Entry) -> Entry:
        if e.msgid.startswith(msgid_start) and "fuzzy" not in e.flags:
            return replace(e, flags=("fuzzy", *e.flags))
        return e

    return fn


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "news"
    (root / "sources").mkdir(parents=True)
    env = git_env(tmp_path)
    r = Repo(root, env)
    r.git("init", "-q", "-b", "main")
    (root / "transflow.toml").write_text('source_language = "en"\nlanguages = ["ru", "de"]\n')
    (root / "sources" / "library.txt").write_text(ARTICLE)
    (root / ".gitignore").write_text(".transflow/\n")
    r.transflow("extract")
    r.transflow("git-setup")
    r.commit("extract")
    return r
