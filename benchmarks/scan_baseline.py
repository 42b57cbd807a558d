"""The Python floor for ``status``: a bare line scanner over every catalog.

``python benchmarks/scan_baseline.py WORKSPACE`` reads every ``locales/<lang>/**/*.po``
once, and counts live entries, translated (non-empty msgstr, not fuzzy) and fuzzy ones
with nothing but ``bytes.split`` and ``startswith``: no object per entry, no unescaping,
no validation. It prints one CSV row per catalog and a total, like the status scripts of
shared/reference/performance.md. It is a baseline to compare ``transflow status`` with,
not a PO parser: it does not handle plural forms or syntax errors.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def scan(data: bytes) -> tuple[int, int, int]:
    """(entries, translated, fuzzy) of one PO file's bytes, the header excluded."""
    entries = translated = fuzzy = 0
    is_fuzzy = False
    state = 0  # 0 elsewhere, 1 in msgid, 2 in msgstr
    header = True
    has_str = False
    for line in data.split(b"\n"):
        if line.startswith(b"#,"):
            is_fuzzy = b"fuzzy" in line
        elif line.startswith(b"msgid "):
            state = 1
            header = line == b'msgid ""'
        elif line.startswith(b"msgstr"):
            state = 2
            has_str = not line.endswith(b' ""')
        elif line.startswith(b'"'):
            if state == 1 and header and line != b'""':
                header = False
            elif state == 2 and line != b'""':
                has_str = True
        elif not line and state == 2:
            if not header:
                entries, translated, fuzzy = _count(entries, translated, fuzzy, is_fuzzy, has_str)
            state, is_fuzzy, header = 0, False, False
    if state == 2 and not header:
        entries, translated, fuzzy = _count(entries, translated, fuzzy, is_fuzzy, has_str)
    return entries, translated, fuzzy


def _count(e: int, t: int, f: int, is_fuzzy: bool, has_str: bool) -> tuple[int, int, int]:
    if is_fuzzy:
        return e + 1, t, f + 1
    return e + 1, t + (1 if has_str else 0), f


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else ".")
    locales = root / "locales"
    totals = [0, 0, 0]
    out = ["catalog,entries,translated,fuzzy,untranslated"]
    for lang in sorted(os.listdir(locales)):
        if lang == "templates":
            continue
        for folder, _dirs, files in sorted(os.walk(locales / lang)):
            for name in sorted(files):
                if not name.endswith(".po"):
                    continue
                path = os.path.join(folder, name)
                with open(path, "rb") as fh:
                    e, t, f = scan(fh.read())
                totals[0] += e
                totals[1] += t
                totals[2] += f
                out.append(f"{path},{e},{t},{f},{e - t - f}")
    e, t, f = totals
    out.append(f"TOTAL,{e},{t},{f},{e - t - f}")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
