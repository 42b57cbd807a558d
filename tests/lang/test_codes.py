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


def test_every_locale_babel_has_data_for_is_what_babel_makes_of_it() -> None:
    """The codes taken without asking Babel (its data files' names) are each what
    ``Locale.parse`` makes of them, so the shortcut never accepts or spells a code
    otherwise than Babel would."""
    from babel import Locale

    known = languages._babel_locales()
    assert {"en", "pt_BR", "zh_Hans", "ar", "sr_Latn_ME"} <= known
    assert len(known) > 700
    for name in sorted(known):
        if languages._SHAPE.match(name):
            assert str(Locale.parse(name)) == name


def test_a_known_code_does_not_import_babel() -> None:
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from transflow.lang import codes\n"
        "assert [codes.normalize(c) for c in ('ru', 'pt-BR', 'zh_Hans')] == ['ru', 'pt_BR', 'zh_Hans']\n"
        "assert 'babel' not in sys.modules, 'babel imported'\n"
        "assert codes.normalize('EN') == 'en' and 'babel' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
