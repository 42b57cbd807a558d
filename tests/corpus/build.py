"""Rebuild the fidelity corpus from local git mirrors of its origin repositories.

Not run by the tests: the corpus is committed. This records how it was made, so it can be
refreshed or extended. Usage (each argument a bare git directory of the named repo)::

    python tests/corpus/build.py --pandoc DIR --python-docx DIR --mammoth DIR \
        --commonmark DIR --markdown-it DIR

Families and what is taken (MANIFEST.tsv says where every file came from):

- pandoc: ``test/docx/*.docx`` of jgm/pandoc (GPL-2.0-or-later)
- python-docx: every ``*.docx`` under ``tests/test_files`` and ``features/steps/test_files``
  of python-openxml/python-docx (MIT), duplicates by content dropped
- mammoth: ``test/test-data/*.docx`` of mwilliamson/mammoth.js (BSD-2-Clause); the two
  ``*.zip`` files there are not documents and are not taken
- commonmark: every example of commonmark/commonmark-spec ``spec.txt`` (CC-BY-SA-4.0),
  one ``.md`` per example (``→`` written back as a tab)
- markdown-it: every case of executablebooks/markdown-it-py
  ``tests/test_port/fixtures/*.md`` (MIT) except ``commonmark_spec.md`` (the spec again),
  one ``.md`` per case
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent

FAMILIES = {
    "pandoc": ("jgm/pandoc", "GPL-2.0-or-later", "COPYING.md"),
    "python-docx": ("python-openxml/python-docx", "MIT", "LICENSE"),
    "mammoth": ("mwilliamson/mammoth.js", "BSD-2-Clause", "LICENSE"),
    "commonmark": ("commonmark/commonmark-spec", "CC-BY-SA-4.0", "LICENSE"),
    "markdown-it": ("executablebooks/markdown-it-py", "MIT", "LICENSE"),
}

EXAMPLE_FENCE = "`" * 32


def git(repo: Path, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True).stdout


def ls(repo: Path, folder: str) -> list[str]:
    out = git(repo, "ls-tree", "-r", "--name-only", "HEAD", folder).decode()
    return sorted(line for line in out.splitlines() if line)


def slug(text: str, limit: int = 40) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:limit].strip("-") or "x"


def commonmark_examples(spec: str) -> list[tuple[int, int, str, str]]:
    """(number, line, section, markdown) of every example in spec.txt."""
    out = []
    section = ""
    lines = spec.split("\n")
    i = 0
    in_example = False
    while i < len(lines):
        line = lines[i]
        if not in_example and re.match(r"#{1,6} ", line):
            section = line.lstrip("#").strip()
        if line.startswith(EXAMPLE_FENCE + " example"):
            start = i + 1
            j = start
            while lines[j] != ".":
                j += 1
            md = "\n".join(lines[start:j]).replace("→", "\t")
            out.append((len(out) + 1, start + 1, section, md))
            while not lines[j].startswith(EXAMPLE_FENCE):
                j += 1
            i = j + 1
            continue
        i += 1
    return out


def fixture_cases(text: str) -> list[tuple[int, str, str]]:
    """(line, description, markdown) of each case of a markdown-it fixture file:
    description lines, then ``.``, the input, ``.``, the expected HTML, ``.``."""
    lines = text.split("\n")
    cases = []
    i = 0
    desc: list[str] = []
    while i < len(lines):
        if lines[i] == ".":
            j = i + 1
            while j < len(lines) and lines[j] != ".":
                j += 1
            md = "\n".join(lines[i + 1 : j])
            k = j + 1
            while k < len(lines) and lines[k] != ".":
                k += 1
            cases.append((i + 2, " ".join(d for d in desc if d).strip(), md))
            desc = []
            i = k + 1
            continue
        desc.append(lines[i].strip())
        i += 1
    return cases


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for family in FAMILIES:
        ap.add_argument(f"--{family}", type=Path, required=True, metavar="GIT_DIR")
    args = ap.parse_args()
    repos = {f: getattr(args, f.replace("-", "_")) for f in FAMILIES}
    rows: list[tuple[str, ...]] = []
    seen: set[str] = set()

    for family, (origin, licence, licence_file) in FAMILIES.items():
        repo = repos[family]
        commit = git(repo, "rev-parse", "HEAD").decode().strip()
        dest = HERE / family
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        lic_dir = HERE / "LICENSES"
        lic_dir.mkdir(exist_ok=True)
        (lic_dir / f"{family}.txt").write_bytes(
            f"{origin} @ {commit}: {licence_file}\n\n".encode()
            + git(repo, "show", f"HEAD:{licence_file}")
        )

        def add(
            name: str,
            data: bytes,
            path: str,
            note: str = "",
            dest: Path = dest,
            commit: str = commit,
        ) -> None:
            digest = hashlib.sha256(data).hexdigest()
            if digest in seen:
                return
            seen.add(digest)
            (dest / name).write_bytes(data)
            family = dest.name
            origin, licence, _ = FAMILIES[family]
            rows.append((f"{family}/{name}", family, origin, path, commit, licence, note))

        if family == "pandoc":
            for path in ls(repo, "test/docx"):
                if path.endswith(".docx") and path.count("/") == 2:
                    add(Path(path).name, git(repo, "show", f"HEAD:{path}"), path)
        elif family == "python-docx":
            for folder in ("tests/test_files", "features/steps/test_files"):
                for path in ls(repo, folder):
                    if path.endswith(".docx"):
                        add(Path(path).name, git(repo, "show", f"HEAD:{path}"), path)
        elif family == "mammoth":
            for path in ls(repo, "test/test-data"):
                if path.endswith(".docx"):
                    add(Path(path).name, git(repo, "show", f"HEAD:{path}"), path)
        elif family == "commonmark":
            spec = git(repo, "show", "HEAD:spec.txt").decode()
            for number, line, section, md in commonmark_examples(spec):
                name = f"{number:03d}-{slug(section)}.md"
                add(name, (md + "\n").encode(), "spec.txt", f"example {number}, line {line}")
        elif family == "markdown-it":
            for path in ls(repo, "tests/test_port/fixtures"):
                if not path.endswith(".md") or path.endswith("commonmark_spec.md"):
                    continue
                stem = slug(Path(path).stem)
                text = git(repo, "show", f"HEAD:{path}").decode()
                for n, (line, desc, md) in enumerate(fixture_cases(text), 1):
                    note = f"case {n}, line {line}" + (f": {desc[:80]}" if desc else "")
                    add(f"{stem}-{n:03d}.md", (md + "\n").encode(), path, note)

    rows.sort()
    header = ("file", "family", "origin_repo", "origin_path", "commit", "licence", "note")
    with (HERE / "MANIFEST.tsv").open("w", encoding="utf-8", newline="\n") as fh:
        for row in (header, *rows):
            fh.write("\t".join(c.replace("\t", " ") for c in row) + "\n")
    print(f"{len(rows)} documents")


if __name__ == "__main__":
    main()
