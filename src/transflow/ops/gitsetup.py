"""``transflow git-setup`` and ``init``'s git chores: the merge driver, attributes, ignores.

* ``.gitattributes`` (in the workspace folder) routes catalogs and templates to the
  ``transflow`` merge driver; the file is committed, so every clone shares it. Existing
  lines are kept; ours are added once.
* ``merge.transflow.driver`` / ``.name`` go into the repository's own git config
  (``git config --local``): git config is not versioned, so every clone runs
  ``transflow git-setup`` once. Where the driver is not configured git ignores the
  attribute and merges catalogs line by line, as before.
* ``.gitignore`` gets ``.transflow/`` (lock file and caches).
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from transflow.core.errors import TransflowError

DRIVER = "transflow"
DRIVER_NAME = "transflow: gettext catalogs merged entry by entry"
ATTRIBUTES_COMMENT = "# transflow: merge catalogs entry by entry (transflow git-setup)"
IGNORE_LINE = ".transflow/"


class NotAGitRepository(TransflowError):
    """git-setup outside a git work tree."""


@dataclass(frozen=True, slots=True)
class GitSetupResult:
    repository: Path
    attributes: Path
    attributes_added: tuple[str, ...]
    config: tuple[tuple[str, str], ...]  # (key, value) set in the local git config
    config_changed: bool


@dataclass(frozen=True, slots=True)
class InitGitResult:
    gitignore: Path
    gitignore_changed: bool
    repository: Path | None  # the git work tree the workspace is in, if any


def repository_root(folder: Path) -> Path | None:
    """The top of the git work tree holding ``folder`` (None outside one, or without git)."""
    try:
        proc = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
        )
    except (FileNotFoundError, NotADirectoryError):
        return None
    if proc.returncode != 0 or not proc.stdout.strip():
        return None
    return Path(proc.stdout.strip())


def repository_prefix(folder: Path) -> str:
    """``folder``'s path inside its git repository, with a trailing slash (``""`` at the top
    or outside a repository): what turns workspace paths into repository paths."""
    repo = repository_root(folder)
    if repo is None:
        return ""
    try:
        rel = folder.resolve().relative_to(repo.resolve()).as_posix()
    except ValueError:
        return ""
    return "" if rel == "." else rel + "/"


def driver_command(strict: bool = False) -> str:
    """The command git runs: this Python's transflow, by absolute path (the driver must
    work from any shell or GUI client, whatever its PATH)."""
    cmd = f"{shlex.quote(sys.executable)} -m transflow merge-driver"
    if strict:
        cmd += " --strict"
    return cmd + " --marker-size %L %O %A %B %P"


def attribute_lines(root: Path, locales_dir: Path) -> list[str]:
    rel = locales_dir.relative_to(root).as_posix() if locales_dir.is_relative_to(root) else ""
    prefix = f"/{rel}/" if rel and rel != "." else "/"
    return [f"{prefix}**/*.po merge={DRIVER}", f"{prefix}**/*.pot merge={DRIVER}"]


def setup(root: Path, locales_dir: Path, strict: bool = False) -> GitSetupResult:
    """Write ``.gitattributes`` and set the driver in the local git config (idempotent)."""
    repo = repository_root(root)
    if repo is None:
        raise NotAGitRepository(
            f"{root}: not inside a git repository (run `git init` first, then git-setup)"
        )
    attributes = root / ".gitattributes"
    added = _add_lines(attributes, attribute_lines(root, locales_dir), ATTRIBUTES_COMMENT)
    wanted = (
        (f"merge.{DRIVER}.name", DRIVER_NAME),
        (f"merge.{DRIVER}.driver", driver_command(strict)),
    )
    changed = False
    for key, value in wanted:
        if _git_config_get(root, key) != value:
            _git(root, "config", "--local", key, value)
            changed = True
    return GitSetupResult(repo, attributes, tuple(added), wanted, changed)


def init_git(root: Path) -> InitGitResult:
    """What ``init`` does for git: ``.gitignore`` with ``.transflow/``; is this in a repo?"""
    gitignore = root / ".gitignore"
    added = _add_lines(gitignore, [IGNORE_LINE], None, same={".transflow", "/.transflow/"})
    return InitGitResult(gitignore, bool(added), repository_root(root))


def _add_lines(
    path: Path, lines: list[str], comment: str | None, same: set[str] | None = None
) -> list[str]:
    """Append the lines ``path`` lacks (keeping every line already there); returns them."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    present = {line.strip() for line in text.splitlines()}
    missing = [line for line in lines if line not in present and not (same or set()) & present]
    if not missing:
        return []
    block = ([comment] if comment and comment not in present else []) + missing
    if text and not text.endswith("\n"):
        text += "\n"
    path.write_text(text + "\n".join(block) + "\n", encoding="utf-8")
    return missing


def _git(root: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise TransflowError(f"git {' '.join(args[:2])} failed: {proc.stderr.strip()}")
    return proc.stdout


def _git_config_get(root: Path, key: str) -> str | None:
    proc = subprocess.run(
        ["git", "config", "--local", "--get", key],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout.rstrip("\n") if proc.returncode == 0 else None
