"""``urls``, ``emails``, ``phones`` and ``formatting``."""

from __future__ import annotations

import pytest

from .util import findings

P = pytest.param
SITE = "https://heydar-aliyev-foundation.org/en/"

CASES = [
    # check, language, msgid, msgstr, flagged
    # ---- urls
    P("urls", "ru", f"Visit {SITE}.", f"Посетите {SITE}.", False, id="url-ru-same"),
    P("urls", "de", "See www.example.org.", "Siehe www.example.org.", False, id="url-de-www"),
    P("urls", "ru", f"[site]({SITE})", "[сайт](https://heydar-aliyev-foundation.org/ru/)",
      False, id="url-localized-path"),
    P("urls", "zh_Hans", "Visit www.example.org now.", "请访问www.example.org。", False,
      id="url-zh-no-space"),
    P("urls", "ar", f"Visit {SITE}.", f"تفضلوا بزيارة {SITE}.", False, id="url-ar"),
    P("urls", "fr", f"Visit [our site]({SITE}).", "Consultez notre site.", True,
      id="url-fr-link-dropped"),
    P("urls", "tr", "See www.example.org.", "Bkz. www.example.com.", True, id="url-tr-changed"),
    P("urls", "de", "See the site.", "Siehe www.example.org.", True, id="url-de-added"),
    P("urls", "az", "See justiceforkhojaly.org.", "Bax: justiceforkhojaly.org.", False,
      id="url-az-bare-domain"),
    P("urls", "ru", "See justiceforkhojaly.org.", "См. сайт кампании.", True,
      id="url-ru-bare-domain-dropped"),
    # ---- emails
    P("emails", "ru", "Write to info@example.org.", "Пишите на info@example.org.", False,
      id="email-ru"),
    P("emails", "zh_Hans", "Write to **info@example.org**.", "请致信**info@example.org**。",
      False, id="email-zh-no-space"),
    P("emails", "ar", "Write to info@example.org.", "راسلونا على info@example.org.", False,
      id="email-ar"),
    P("emails", "de", "[Mail us](mailto:info@example.org)", "Schreiben Sie an info@example.org",
      False, id="email-mailto-to-text"),
    P("emails", "fr", "Write to info@example.org.", "Écrivez à inf@example.org.", True,
      id="email-fr-changed"),
    P("emails", "tr", "Write to info@example.org.", "Bize yazın.", True, id="email-tr-missing"),
    # ---- phones
    P("phones", "ru", "Tel.: +994 12 505 55 05", "Тел.: +994 12 505-55-05", False,
      id="phone-ru-dashes"),
    P("phones", "de", "Tel.: +994 12 505 55 05", "Tel.: +994 (12) 505 55 05", False,
      id="phone-de-parens"),
    P("phones", "az", "Tel.: +994 12 505 55 05", "Tel.: (012) 505 55 05", False,
      id="phone-az-local"),
    P("phones", "ar", "Tel.: +994 12 505 55 05", "هاتف: ‎+994 12 505 55 05", False,
      id="phone-ar"),
    P("phones", "fr", "Tel.: +994 12 505 55 05", "Tél. : +994 12 505 55 06", True,
      id="phone-fr-changed"),
    P("phones", "tr", "Tel.: +994 12 505 55 05", "Tel.: yok", True, id="phone-tr-missing"),
    P("phones", "zh_Hans", "Tel.: +994 12 505 55 05", "电话：+995 12 505 55 05", True,
      id="phone-zh-country-code"),
    # ---- formatting
    P("formatting", "ru", "The **Foundation** said.", "**Фонд** заявил.", False, id="fmt-ru"),
    P("formatting", "de", "*Children and War*, **today**", "**Heute**: *Kinder und Krieg*", False,
      id="fmt-de-moved"),
    P("formatting", "zh_Hans", "See [the site](https://x.org).", "请看[网站](https://x.org)。",
      False, id="fmt-zh-link"),
    P("formatting", "ar", "Use `transflow check`.", "استخدم `transflow check`.", False,
      id="fmt-ar-code"),
    P("formatting", "tr", "<u>Important</u> news", "<u>Önemli</u> haber", False,
      id="fmt-tr-underline"),
    P("formatting", "fr", "The **Foundation** said.", "La Fondation a déclaré.", True,
      id="fmt-fr-bold-dropped"),
    P("formatting", "ru", "The Foundation said.", "*Фонд* заявил.", True, id="fmt-ru-added"),
    P("formatting", "de", "The **Foundation** said.", "Die **Stiftung sagte.", True,
      id="fmt-de-broken"),
    P("formatting", "zh_Hans", "See [the site](https://x.org).", "请看[网站](https://y.org)。",
      True, id="fmt-zh-link-target"),
    P("formatting", "ar", "Use `transflow check`.", "استخدم `ترانسفلو`.", True,
      id="fmt-ar-code-translated"),
    P("formatting", "tr", "<u>Important</u> news", "Önemli haber</u>", True,
      id="fmt-tr-underline-broken"),
]  # fmt: skip


@pytest.mark.parametrize(("check", "language", "msgid", "msgstr", "flagged"), CASES)
def test_cases(check: str, language: str, msgid: str, msgstr: str, flagged: bool) -> None:
    messages = findings(check, msgid, msgstr, language)
    assert bool(messages) is flagged, messages


def test_messages_name_the_target() -> None:
    assert findings("urls", "See www.a.org.", "См. www.b.org.", "ru") == [
        "URL missing in the translation: www.a.org",
        "URL not in the source: www.b.org",
    ]
    assert findings("emails", "a@x.org", "b@x.org", "ru") == [
        "e-mail address missing in the translation: a@x.org",
        "e-mail address not in the source: b@x.org",
    ]
    messages = findings("formatting", "**a** *b*", "a b", "ru")
    assert sorted(messages) == [
        "formatting dropped in the translation: bold (**…**)",
        "formatting dropped in the translation: italic (*…*)",
    ]


def test_source_already_broken_is_not_blamed_on_translation() -> None:
    assert findings("formatting", "5 * 3 = 15", "5 * 3 = 15", "ru") == []
