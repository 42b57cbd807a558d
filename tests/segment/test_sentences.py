"""Sentence segmentation: the seed's tricky sentences and language-aware rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from transflow.core.model import Role
from transflow.core.records import SourceFile
from transflow.formats import read_source
from transflow.segment.sentences import segment, split_sentences

SEED = Path(__file__).parents[2] / "sources" / "khojaly-commemoration-moscow.txt"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Children of orphanages No.1 of Nizami District and No.2 came. They sang.",
            ["Children of orphanages No.1 of Nizami District and No.2 came.", "They sang."],
            id="No.1",
        ),
        pytest.param(
            "It was recognized by seven U.S. states. We will continue.",
            ["It was recognized by seven U.S. states.", "We will continue."],
            id="U.S.",
        ),
        pytest.param(
            "Dr. Smith met Ms. Jones. They talked.",
            ["Dr. Smith met Ms. Jones.", "They talked."],
            id="titles",
        ),
        pytest.param(
            "J. R. Smith spoke. Then we left.",
            ["J. R. Smith spoke.", "Then we left."],
            id="initials",
        ),
        pytest.param(
            "He said: “It is late. We must go.” Then he left.",
            ["He said: “It is late.", "We must go.”", "Then he left."],
            id="quote-split",
        ),
        pytest.param(
            "Really? Yes! Fine… Done.", ["Really?", "Yes!", "Fine…", "Done."], id="terminators"
        ),
        pytest.param(
            "Prices rose 3.5 % in 2025. Not bad.",
            ["Prices rose 3.5 % in 2025.", "Not bad."],
            id="decimal",
        ),
        pytest.param(
            "See e.g. the report. It helps.", ["See e.g. the report.", "It helps."], id="e.g."
        ),
        pytest.param(
            "Read **the report. It is long.** Then rest.",
            ["Read **the report. It is long.**", "Then rest."],
            id="no-split-inside-bold",
        ),
        pytest.param(
            "Visit [our site. Now](https://x.org/a.b). Thanks.",
            ["Visit [our site. Now](https://x.org/a.b).", "Thanks."],
            id="no-split-inside-link",
        ),
        pytest.param("今天很好。我们走吧！", ["今天很好。", "我们走吧！"], id="cjk"),
        pytest.param("No end punctuation", ["No end punctuation"], id="single"),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected


def test_german_abbreviations() -> None:
    assert split_sentences("Das ist z.B. gut. Nr. 5 kommt.", "de") == [
        "Das ist z.B. gut.",
        "Nr. 5 kommt.",
    ]


def _seed_units():
    doc = read_source(SourceFile(SEED, "sources/k.txt", "k"))
    return segment(doc.blocks, "sentence", "en")


def test_seed_quotation_is_four_units() -> None:
    units = [u for u in _seed_units() if u.block_index == 4]
    assert len(units) == 4
    assert units[0].text.startswith("Speaking at the event")
    assert units[1].text.startswith("Twenty one years ago")
    assert units[3].text.endswith("in 1992”.")


def test_seed_unit_count_and_roles() -> None:
    units = _seed_units()
    assert len(units) == 30
    assert units[0].role is Role.HEADLINE
    assert units[1].role is Role.LEAD
    assert {u.role for u in units} >= {Role.BODY, Role.QUOTE}


def test_paragraph_mode_keeps_blocks_whole() -> None:
    doc = read_source(SourceFile(SEED, "sources/k.txt", "k"))
    assert len(segment(doc.blocks, "paragraph", "en")) == 9
