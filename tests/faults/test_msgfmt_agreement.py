"""The strict reader rejects what `msgfmt --check` rejects (issue 13, case 13; fault
catalogue M9's differential oracle): format strings flagged c/python/python-brace/lua/
lisp/scheme-format, a header with an empty msgstr, a Plural-Forms expression that
divides by zero or overflows nplurals. Each case is judged by GNU msgfmt too."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from transflow.catalog.poparse import parse_po
from transflow.core.errors import CatalogSyntaxError

from .conftest import cli, msgfmt, tree

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)


def _entry(flag: str, msgid: str, msgstr: str) -> str:
    return f'{HEADER}#, {flag}\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n'


def _plural(expr: str) -> str:
    return (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Plural-Forms: nplurals=2; plural={expr};\\n"\n\nmsgid "a"\nmsgstr "b"\n'
    )


REJECTED = {
    "c_format_type": _entry("c-format", "%d files", "%s файлов"),
    "c_format_missing": _entry("c-format", "%d files", "файлов"),
    "c_format_unsigned": _entry("c-format", "%d files", "%u файлов"),
    "c_format_invalid_msgstr": _entry("c-format", "100% sure", "100% уверен"),
    "python_format_name": _entry("python-format", "%(n)d files", "%(m)d файлов"),
    "python_format_order": _entry("python-format", "%d files %s", "%s файлов %d"),
    "python_format_omitted_name": _entry("python-format", "%(n)d of %(m)s", "%(n)d"),
    "python_brace_format_name": _entry("python-brace-format", "{n} files", "{m} файлов"),
    "python_brace_format_missing": _entry("python-brace-format", "{n} files", "файлов"),
    "lisp_format": _entry("lisp-format", "~D files", "~A файлов"),
    "lisp_format_missing": _entry("lisp-format", "~D files ~A", "~D файлов"),
    "scheme_format": _entry("scheme-format", "~D files", "~A файлов"),
    "lua_format": _entry("lua-format", "%d files", "%s файлов"),
    "lua_format_missing": _entry("lua-format", "%d of %s", "%d из"),
    "header_with_empty_msgstr": 'msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\n',
    "plural_division_by_zero": _plural("(1 + (1 / (n - 257)))"),
    "plural_modulo_by_zero": _plural("(n % 0)"),
    "plural_value_too_large": _plural("n"),
    "plural_syntax": _plural("(n+"),
}

ACCEPTED = {
    "c_format_same": _entry("c-format", "%d files", "%d файлов"),
    "c_format_d_i": _entry("c-format", "%d files", "%i файлов"),
    "c_format_positional": _entry("c-format", "%1$d of %2$s", "%2$s: %1$d"),
    "c_format_fuzzy": (f'{HEADER}#, fuzzy, c-format\nmsgid "%d files"\nmsgstr "%s файлов"\n'),
    "c_format_invalid_msgid": _entry("c-format", "bad %", "x"),
    "c_format_untranslated": _entry("c-format", "%d files", ""),
    "no_c_format": _entry("no-c-format", "%d files", "%s файлов"),
    "python_format_s_r": _entry("python-format", "%s files", "%r файлов"),
    "python_format_names_reordered": _entry("python-format", "%(n)d %(m)s", "%(m)s %(n)d"),
    "python_brace_reordered": _entry("python-brace-format", "{0} of {1}", "{1}: {0}"),
    "lisp_format_a_s": _entry("lisp-format", "~A files", "~S файлов"),
    "percent_in_prose_without_flag": f'{HEADER}msgid "2.5% in"\nmsgstr "2,5 % в"\n',
    "plural_russian": _plural(
        "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"
    ).replace("nplurals=2", "nplurals=3"),
    "plural_arabic": _plural(
        "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5)"
    ).replace("nplurals=2", "nplurals=6"),
}


def _msgfmt_accepts(tmp_path: Path, text: str) -> bool:
    path = tmp_path / "case.po"
    path.write_text(text, encoding="utf-8")
    proc = subprocess.run([msgfmt(), "-c", "-o", "/dev/null", str(path)], capture_output=True)
    return proc.returncode == 0


def _we_accept(text: str) -> bool:
    try:
        parse_po(text.encode(), "case.po")
    except CatalogSyntaxError:
        return False
    return True


@pytest.mark.parametrize("case", sorted(REJECTED))
def test_M9_reader_rejects_what_msgfmt_rejects(tmp_path: Path, case: str) -> None:
    text = REJECTED[case]
    assert not _msgfmt_accepts(tmp_path, text), "msgfmt accepts it: the case is wrong"
    assert not _we_accept(text)


@pytest.mark.parametrize("case", sorted(ACCEPTED))
def test_M9_reader_accepts_what_msgfmt_accepts(tmp_path: Path, case: str) -> None:
    text = ACCEPTED[case]
    assert _msgfmt_accepts(tmp_path, text), "msgfmt rejects it: the case is wrong"
    assert _we_accept(text)


def test_I13_13_extract_never_writes_an_invalid_plural_forms_back(ws: Path) -> None:
    """before: the reader accepted `plural=(1 + (1 / (n - 257)))` and extract wrote it
    back into the catalog."""
    assert cli(ws, "extract").exit_code == 0
    po = ws / "locales" / "ru" / "library.po"
    text = po.read_text()
    start = text.index('"Plural-Forms:')
    end = text.index("\n", start)
    po.write_text(
        text[:start] + '"Plural-Forms: nplurals=3; plural=(1 + (1 / (n - 257)));\\n"' + text[end:]
    )
    (ws / "sources" / "library.txt").write_text(
        (ws / "sources" / "library.txt").read_text() + "\nOne more sentence.\n"
    )
    before = tree(ws)
    result = cli(ws, "extract")
    assert result.exit_code == 3
    assert "locales/ru/library.po" in result.stderr and "division by zero" in result.stderr
    assert tree(ws) == before
