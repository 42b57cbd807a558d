"""Glossary loading (CSV, dnt.txt, TBX) and the ``glossary`` check."""

from __future__ import annotations

from pathlib import Path

import pytest

from transflow.checks.glossary import Glossary, load_glossary, make_term
from transflow.core.errors import InputError
from transflow.core.records import Severity

from .util import findings

RU_CSV = """\
source,target,type,note
# the foundation's name is fixed
Heydar Aliyev Foundation,Фонд Гейдара Алиева,term,official name
Khojaly genocide,re:Ходжалинск[а-я]+ геноцид[а-я]*,term,
orphanage,детск* дом*,term,
Justice for Khojaly,,dnt,campaign name stays in English
,Нагорный Карабах,forbidden,write Нагорно-Карабахский
"""


def _workspace(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / "glossary" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


@pytest.fixture
def ru_glossary(tmp_path: Path) -> Glossary:
    root = _workspace(tmp_path, {"ru.csv": RU_CSV, "dnt.txt": "# brands\nYouTube\n\n"})
    glossary = load_glossary(root, "en", "ru")
    assert glossary is not None
    return glossary


def test_load_csv_and_dnt(ru_glossary: Glossary) -> None:
    kinds = [(t.type, t.severity) for t in ru_glossary.terms]
    assert kinds == [
        ("term", Severity.WARNING),
        ("term", Severity.WARNING),
        ("term", Severity.WARNING),
        ("dnt", Severity.ERROR),
        ("forbidden", Severity.ERROR),
        ("dnt", Severity.ERROR),
    ]
    assert ru_glossary.terms[0].origin == "glossary/ru.csv:3"
    assert ru_glossary.terms[0].note == "official name"


def test_no_glossary(tmp_path: Path) -> None:
    assert load_glossary(tmp_path, "en", "ru") is None
    root = _workspace(tmp_path, {"de.csv": "source,target\nA,B\n"})
    assert load_glossary(root, "en", "ru") is None


def test_base_language_file_applies_to_regional(tmp_path: Path) -> None:
    root = _workspace(tmp_path, {"pt.csv": "source,target\nFoundation,Fundação\n"})
    glossary = load_glossary(root, "en", "pt_BR")
    assert glossary is not None and len(glossary.terms) == 1


G = pytest.param
CHECK_CASES = [
    G("The Heydar Aliyev Foundation said.", "Фонд Гейдара Алиева заявил.", [], id="term-exact"),
    G("organized by the Heydar Aliyev Foundation", "организованной Фондом Гейдара Алиева", [],
      id="term-inflected"),
    G("the Heydar Aliyev Foundation's events", "мероприятия Фонда Гейдара Алиева", [],
      id="term-source-possessive"),
    G("the Khojaly genocide", "Ходжалинского геноцида", [], id="term-regex"),
    G("orphanages No.1", "детских домов №1", [], id="term-star-stem"),
    G("campaign Justice for Khojaly", "кампания Justice for Khojaly", [], id="dnt-kept"),
    G("on YouTube", "на YouTube", [], id="dnt-txt-kept"),
    G("the conflict", "конфликт", [], id="no-term"),
    G("The Heydar Aliyev Foundation said.", "Фонд Алиева заявил.",
      ["warning: glossary: 'Heydar Aliyev Foundation' should be translated as "
       "'Фонд Гейдара Алиева' (official name)"], id="term-missing"),
    G("campaign Justice for Khojaly", "кампания «Справедливость для Ходжалы»",
      ["error: glossary: 'Justice for Khojaly' must stay untranslated "
       "(campaign name stays in English)"], id="dnt-translated"),
    G("on YouTube", "на Ютубе", ["error: glossary: 'YouTube' must stay untranslated"],
      id="dnt-txt-translated"),
    G("the Nagorno-Karabakh conflict", "конфликт в Нагорном Карабахе",
      ["error: glossary: forbidden term 'Нагорном Карабахе' (write Нагорно-Карабахский)"],
      id="forbidden-inflected"),
]  # fmt: skip


@pytest.mark.parametrize(("msgid", "msgstr", "expected"), CHECK_CASES)
def test_glossary_check(
    ru_glossary: Glossary, msgid: str, msgstr: str, expected: list[str]
) -> None:
    from transflow.checks import CheckContext, CheckItem, run_checks

    ctx = CheckContext("en", "ru", ru_glossary)
    issues = run_checks([CheckItem(msgid, msgstr)], ctx, only=["glossary"])
    assert [f"{i.severity}: {i.message}" for i in issues] == expected


@pytest.mark.parametrize(
    ("language", "source", "target", "msgid", "msgstr", "flagged"),
    [
        G("de", "Foundation", "Stiftung", "the Foundation", "der Stiftung", False, id="de-ok"),
        G("de", "Foundation", "Stiftung", "the Foundation", "des Fonds", True, id="de-missing"),
        G("fr", "genocide", "génocide", "the genocide", "les génocides", False, id="fr-plural"),
        G("fr", "genocide", "génocide", "the genocide", "le massacre", True, id="fr-missing"),
        G("ar", "Foundation", "مؤسسة", "the Foundation", "والمؤسسة", False, id="ar-prefix"),
        G("ar", "Foundation", "مؤسسة", "the Foundation", "الصندوق", True, id="ar-missing"),
        G("zh_Hans", "Foundation", "基金会", "the Foundation", "该基金会表示", False,
          id="zh-ok"),
        G("zh_Hans", "Foundation", "re:基金会", "the Foundation", "该组织表示", True,
          id="zh-missing"),
        G("tr", "Foundation", "Vakıf", "the Foundation", "Vakfın", False, id="tr-stem"),
        G("tr", "Foundation", "Vakıf", "the Foundation", "Kurum", True, id="tr-missing"),
    ],
)  # fmt: skip
def test_required_terms_per_language(
    language: str, source: str, target: str, msgid: str, msgstr: str, flagged: bool
) -> None:
    term = make_term(source, target, source_language="en", language=language)
    glossary = Glossary("en", language, (term,))
    assert bool(findings("glossary", msgid, msgstr, language, glossary=glossary)) is flagged


TBX = """\
<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en">
 <text><body>
  <termEntry id="1">
   <descrip type="definition">the foundation</descrip>
   <langSet xml:lang="en"><tig><term>Heydar Aliyev Foundation</term></tig></langSet>
   <langSet xml:lang="ru-RU">
    <tig><term>Фонд Гейдара Алиева</term></tig>
    <tig><term>Фонд имени Гейдара Алиева</term>
     <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
   </langSet>
   <langSet xml:lang="de"><tig><term>Heydar-Aliyev-Stiftung</term></tig></langSet>
  </termEntry>
  <termEntry id="2">
   <langSet xml:lang="ru"><ntig><termGrp><term>Нагорный Карабах</term></termGrp>
    <termNote type="administrativeStatus">forbidden</termNote></ntig></langSet>
  </termEntry>
 </body></text>
</martif>
"""


def test_tbx(tmp_path: Path) -> None:
    root = _workspace(tmp_path, {"terms.tbx": TBX})
    glossary = load_glossary(root, "en", "ru")
    assert glossary is not None
    got = [(t.source, t.target, t.type) for t in glossary.terms]
    assert got == [
        ("Heydar Aliyev Foundation", "Фонд Гейдара Алиева", "term"),
        ("Heydar Aliyev Foundation", "Фонд имени Гейдара Алиева", "forbidden"),
        ("", "Нагорный Карабах", "forbidden"),
    ]
    assert glossary.terms[0].note == "the foundation"
    de = load_glossary(root, "en", "de")
    assert de is not None and [t.target for t in de.terms] == ["Heydar-Aliyev-Stiftung"]


def test_tbx_v3(tmp_path: Path) -> None:
    tbx = """<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" xml:lang="en"><text><body>
    <conceptEntry id="c1">
      <langSec xml:lang="en"><termSec><term>genocide</term></termSec></langSec>
      <langSec xml:lang="zh-Hans"><termSec><term>种族灭绝</term></termSec></langSec>
    </conceptEntry></body></text></tbx>"""
    root = _workspace(tmp_path, {"v3.tbx": tbx})
    glossary = load_glossary(root, "en", "zh_Hans")
    assert glossary is not None
    assert [(t.source, t.target) for t in glossary.terms] == [("genocide", "种族灭绝")]


@pytest.mark.parametrize(
    ("name", "text", "line", "reason"),
    [
        G("ru.csv", "source,target\nA,B,C\n", 2, "3 cells", id="too-many-cells"),
        G("ru.csv", "source,target,type\nA,B,glossy\n", 2, "unknown term type", id="bad-type"),
        G("ru.csv", "source,target,type\nA,,term\n", 2, "needs a target", id="term-no-target"),
        G("ru.csv", "source,target,type\n,B,dnt\n", 2, "needs a source", id="dnt-no-source"),
        G("ru.csv", "source,target\nA,re:Фонд[\n", 2, "bad regular expression", id="bad-regex"),
        G("ru.csv", "term,translation\nA,B\n", 1, "first row", id="bad-header"),
        G("ru.csv", 'source,target\n"A,B\n', 2, "malformed CSV", id="unclosed-quote"),
        G("ru.csv", "source,target,type,note,severity\nA,B,term,,fatal\n", 2, "severity",
          id="bad-severity"),
        G("terms.tbx", "<martif><text><body>\n<termEntry>\n</martif>", 3, "malformed TBX",
          id="bad-tbx"),
        G("dnt.txt", "ok\nre:(\n", 2, "", id="bad-dnt-regex"),
    ],
)  # fmt: skip
def test_malformed_glossary(tmp_path: Path, name: str, text: str, line: int, reason: str) -> None:
    root = _workspace(tmp_path, {name: text})
    with pytest.raises(InputError) as info:
        load_glossary(root, "en", "ru")
    assert info.value.path == f"glossary/{name}"
    assert info.value.line == line
    assert reason in info.value.message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "glossary" / "ru.csv"
    path.parent.mkdir()
    path.write_bytes("source,target\nFoundation,Фонд\n".encode("cp1251"))
    with pytest.raises(InputError, match="UTF-8") as info:
        load_glossary(tmp_path, "en", "ru")
    assert info.value.line == 2
