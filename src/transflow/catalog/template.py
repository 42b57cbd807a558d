"""Build templates (.pot) from units, and the headers of catalogs."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable

from transflow import __version__
from transflow.catalog.entries import Catalog, Entry, format_header, parse_header

SOURCE_FIELD = "X-Transflow-Source"
# visible text of the source that transflow could not extract ("2; chart text in …"): an
# article that has any is never complete (status, export)
UNEXTRACTED_FIELD = "X-Transflow-Unextracted"


def now_stamp() -> str:
    """The current time as gettext writes it; ``SOURCE_DATE_EPOCH`` makes it reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    t = float(epoch) if epoch and epoch.isdigit() else time.time()
    return time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime(t))


def reference_for(rel: str) -> str:
    """A ``#:`` reference; names with whitespace are isolated like gettext ≥ 0.22 does."""
    if any(c.isspace() for c in rel):
        return f"\u2068{rel}\u2069"
    return rel


def build_template(
    slug: str,
    rel: str,
    units: Iterable[tuple[str, str]],
    source_digest: str,
    creation_date: str,
    unextracted: tuple[str, ...] = (),
) -> Catalog:
    """A template from (text, role) units; identical texts share one entry with all roles."""
    order: dict[str, list[str]] = {}
    for text, role in units:
        roles = order.setdefault(text, [])
        if role not in roles:
            roles.append(role)
    ref = reference_for(rel)
    entries = tuple(
        Entry(msgid=text, extracted_comments=tuple(roles), references=(ref,))
        for text, roles in order.items()
    )
    fields = [
        ("Project-Id-Version", slug),
        ("Report-Msgid-Bugs-To", ""),
        ("POT-Creation-Date", creation_date),
        ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
        ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
        ("Language-Team", "LANGUAGE <LL@li.org>"),
        ("Language", ""),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("X-Generator", f"transflow {__version__}"),
        (SOURCE_FIELD, f"{rel} {source_digest}"),
    ]
    if unextracted:
        fields.append((UNEXTRACTED_FIELD, unextracted_value(unextracted)))
    header = Entry(
        msgid="",
        msgstr=format_header(fields),
        translator_comments=(f"Translatable units of {rel}.",),
        flags=("fuzzy",),
    )
    return Catalog(header=header, entries=entries)


def unextracted_value(what: tuple[str, ...]) -> str:
    return f"{len(what)}; " + "; ".join(w.replace("\n", " ") for w in what)


def unextracted_count(catalog: Catalog | None) -> int:
    """How many pieces of the source's text were not extracted (0 when none)."""
    value = header_value(catalog, UNEXTRACTED_FIELD)
    head = value.split(";", 1)[0].strip()
    return int(head) if head.isdigit() else 0


def same_content(a: Catalog, b: Catalog) -> bool:
    """Equal apart from header dates: what decides whether a template must be rewritten."""
    return a.entries == b.entries and _fields_without_dates(a) == _fields_without_dates(b)


def _fields_without_dates(c: Catalog) -> list[tuple[str, str]]:
    # a new transflow version (X-Generator) alone is no reason to rewrite every template
    return [(k, v) for k, v in c.header_fields() if not k.endswith("Date") and k != "X-Generator"]


def header_value(catalog: Catalog | None, name: str) -> str:
    if catalog is None:
        return ""
    for k, v in catalog.header_fields():
        if k == name:
            return v
    return ""


# the last template's header and its fields: every language's catalog reads the same one
_last_fields: tuple[str | None, dict[str, str]] = (None, {})


def _fields_of(template: Catalog) -> dict[str, str]:
    """``dict(template.header_fields())``, parsed once for the languages of a template (the
    dict is shared: read it, never change it)."""
    global _last_fields
    msgstr = template.header.msgstr if template.header is not None else ""
    last, fields = _last_fields
    if msgstr != last:
        fields = dict(parse_header(msgstr))
        _last_fields = (msgstr, fields)
    return fields


def catalog_header(
    template: Catalog,
    old: Catalog | None,
    language: str,
    language_name: str,
    plural_forms: str,
) -> Entry:
    """The header of a language's catalog: the template's facts, the translator's own."""
    tfields = _fields_of(template)
    if old is not None and old.header is not None:
        fields = parse_header(old.header.msgstr)
        comments = old.header.translator_comments
        flags = old.header.flags
    else:
        fields = [
            ("Project-Id-Version", tfields.get("Project-Id-Version", "")),
            ("Report-Msgid-Bugs-To", ""),
            ("POT-Creation-Date", ""),
            ("PO-Revision-Date", tfields.get("POT-Creation-Date", "")),
            ("Last-Translator", "Automatically generated"),
            ("Language-Team", f"{language_name}"),
            ("Language", language),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
            ("Plural-Forms", plural_forms),
            ("X-Generator", tfields.get("X-Generator", "")),
        ]
        comments = (
            f"{language_name} translation of {tfields.get(SOURCE_FIELD, '').split(' ')[0]}.",
        )
        flags = ()
    wanted = {
        "POT-Creation-Date": tfields.get("POT-Creation-Date", ""),
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": language,
        SOURCE_FIELD: tfields.get(SOURCE_FIELD, ""),
    }
    if UNEXTRACTED_FIELD in tfields:
        wanted[UNEXTRACTED_FIELD] = tfields[UNEXTRACTED_FIELD]
    else:
        fields = [(k, v) for k, v in fields if k != UNEXTRACTED_FIELD]
    if not any(k == "Plural-Forms" for k, _ in fields):
        wanted["Plural-Forms"] = plural_forms
    out: list[tuple[str, str]] = []
    for k, v in fields:
        out.append((k, wanted.pop(k, v)))
    out.extend(wanted.items())
    return Entry(msgid="", msgstr=format_header(out), translator_comments=comments, flags=flags)
