"""Regenerate the msgcat goldens: what GNU msgcat of gettext GETTEXT_VERSION writes.

    .venv/bin/python tests/catalog/golden/make_goldens.py

Refuses to run with another msgcat version: the goldens are the judge of the PO writer on
machines whose msgcat is missing or another release (tests/gettext_oracle.py), so they must
come from the version the writer matches. Review the diff before committing.

- ``good/<fixture>``: msgcat's output for each good fixture of ``tests/fixtures/good`` (BOM
  dropped and line ends made LF first: gettext 0.21 rejects a BOM and mishandles bare CRs);
- ``<name>.po``: msgcat's output for a catalog of the samples below, written by our writer
  first (so msgcat only re-lays it out).
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent.parent
sys.path.insert(0, str(TESTS))
sys.path.insert(0, str(TESTS.parent / "src"))

from gettext_oracle import msgcat_mismatch  # noqa: E402
from transflow.catalog.entries import Catalog, Entry  # noqa: E402
from transflow.catalog.powrite import serialize_po  # noqa: E402

HEADER = Entry(
    msgid="",
    msgstr=(
        "Project-Id-Version: transflow\n"
        "Language: ru\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=UTF-8\n"
        "Content-Transfer-Encoding: 8bit\n"
    ),
)

# strings whose wrapping only msgcat could judge until now (tests/catalog/test_powrite.py,
# tests/faults/test_round_trip.py TRICKY)
LONG_STRINGS = [
    "A long sentence that certainly goes over the seventy-nine column limit used here.",
    "Line one\nLine two\n",
    "中文句子很长" * 12,
    "https://example.com/" + "a" * 90 + "/b/c?d=e",
    'Quote "inside" and \\ backslash and \ttab',
    "Слово " * 20,
    "emoji 😀 👍🏽 " * 12,
    "שלום עולם " * 10 + "مرحبا بالعالم " * 5,
    "e\u0301 a\u0300 " * 30,
    "（中文）「引用」。" * 8,
    "北京市政府今天宣布，新图书馆将于明年春天开放，届时将提供超过八万册中文和外文图书供市民免费借阅。",
    "Emoji 🎉🎉🎉 and flags 🇦🇿🇷🇺 in a line that is long enough to need wrapping somewhere 🚲🚲.",
    "See https://example.com/a/very/long/path/that/goes/on/and/on/for/more/than/two/hundred/"
    "characters/so/that/msgcat/has/to/decide/where/to/break/it/into/several/lines/index.html?x=1",
    'Line one\nline two\twith a tab, "quotes" and back\\slashes',
    "العربية من اليمين إلى اليسار مع أرقام 12.5 مليون يورو",
    "Combining marks: e\u0301 a\u0308 o\u0302 and Zalgo z\u0336\u0335a\u0337",
]

# the alphabet of test_powrite's hypothesis strategy, drawn with a fixed seed: a broad sample
# of what the property test asks msgcat about, kept for machines without msgcat 0.21
_SPECIAL = [
    "https://example.com/" + "x" * 180, "中文", "日本語のテキスト", "😀", "👍🏽", "🇺🇸", "\n",
    "\t", '"', "\\", "שלום", "مرحبا", "e\u0301", " ", "  ", "—", "(", ")", "/", "-", "%",
    "$", "…", "word", "Слово", "12,5", "«", "»", "。", "，",
]  # fmt: skip


def _random_strings(n: int, seed: int = 14) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 30)):
            if rng.random() < 0.6:
                parts.append(rng.choice(_SPECIAL))
            else:
                parts.append(
                    "".join(chr(rng.randint(0x20, 0x2FF)) for _ in range(rng.randint(1, 9)))
                )
        out.append("".join(parts).replace("#-#-#-#-#", ""))
    return out


# characters new in Unicode 15.0 (U+1FA75 LIGHT BLUE HEART): our table is 15.0.0, gettext
# 0.21's libunistring 1.0 has 14.0 data and measures them as narrow (a known difference)
UNICODE_15 = ["word \U0001fa75\U0001fa75 " * 12]


def _catalog(strings: list[str]) -> bytes:
    entries = tuple(
        Entry(msgid=s, msgstr=s.upper(), msgctxt=str(i), references=(f"sources/a{i}.md",))
        for i, s in enumerate(strings)
    )
    return serialize_po(Catalog(header=HEADER, entries=entries))


def _msgcat(data: bytes) -> bytes:
    return subprocess.run(
        ["msgcat", "--to-code=UTF-8", "-"], input=data, capture_output=True, check=True
    ).stdout


def main() -> None:
    reason = msgcat_mismatch()
    if reason:
        sys.exit(f"refusing to write goldens: {reason}")
    good = TESTS / "fixtures" / "good"
    for path in sorted(good.iterdir()):
        data = path.read_bytes()
        if b"charset=CHARSET" in data:  # msgcat refuses the .pot placeholder
            continue
        plain = data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        (HERE / "good" / path.name).write_bytes(_msgcat(plain))
    for name, strings in [
        ("long_strings.po", LONG_STRINGS),
        ("random_strings.po", _random_strings(300)),
        ("unicode15.po", UNICODE_15),
    ]:
        (HERE / name).write_bytes(_msgcat(_catalog(strings)))
    print(f"goldens written in {HERE}")


if __name__ == "__main__":
    main()
