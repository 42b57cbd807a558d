"""Language codes: normalised by Babel, refused when unknown or silently rewritten."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transflow.core.errors import ConfigError
from transflow.lang import codes as languages


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("ru", "ru"),
        ("pt-BR", "pt_BR"),
        ("pt_BR", "pt_BR"),
        ("zh_Hans", "zh_Hans"),
        ("zh-Hans", "zh_Hans"),
        ("EN", "en"),
        ("az", "az"),
        ("ar", "ar"),
    ],
)
def test_normalized(code: str, expected: str) -> None:
    assert languages.normalize(code) == expected


@pytest.mark.parametrize(
    "code",
    [
        "xx",
        "xx_INVALID",
        "und",
        "C",
        "iw",
        "../x",
        "/etc",
        "ru/../../sources",
        "",
        "ru\n",
        "ru\x00",
        "en US",
    ],
)
def test_refused(code: str) -> None:
    with pytest.raises(ConfigError, match="unknown language"):
        languages.normalize(code)


@given(st.text(max_size=12))
def test_any_text_is_a_babel_locale_or_refused(code: str) -> None:
    try:
        result = languages.normalize(code)
    except ConfigError:
        return
    assert "/" not in result and "." not in result and result.isprintable()


def test_info_rtl_and_cjk() -> None:
    assert languages.info("ar").rtl and not languages.info("ru").rtl
    assert languages.info("zh_Hans").cjk and languages.info("zh_Hans").word_separator == ""
    assert languages.info("pt_BR").bcp47 == "pt-BR"


def test_plural_forms_from_babel() -> None:
    assert languages.plural_forms("ru").startswith("nplurals=3;")
    assert languages.plural_forms("zh_Hans").startswith("nplurals=1;")
