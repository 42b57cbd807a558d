"""catalog_header reads a template's fields once for all its languages: the same headers."""

from __future__ import annotations

import itertools

from transflow.catalog import template as tpl
from transflow.catalog.template import build_template, catalog_header


def _templates() -> list[tpl.Catalog]:
    units = [("Hello.", "headline"), ("World.", "lead")]
    return [
        build_template("a", "sources/a.txt", units, "d1", "2026-01-01 10:00+0000"),
        build_template("b", "sources/b.txt", units, "d2", "2026-01-01 10:01+0000", ("chart",)),
        build_template("a", "sources/a.txt", units, "d3", "2026-01-01 10:00+0000"),
    ]


def test_headers_alike_whatever_template_came_before() -> None:
    templates = _templates()
    for first, second in itertools.product(templates, repeat=2):
        for t in (first, second, first):
            for language, name in (("ru", "Russian"), ("de", "German")):
                got = catalog_header(t, None, language, name, "nplurals=2; plural=(n != 1);")
                tpl._last_fields = (None, {})  # as if no template had been read
                plain = catalog_header(t, None, language, name, "nplurals=2; plural=(n != 1);")
                assert got == plain
                assert f"X-Transflow-Source: {tpl.header_value(t, tpl.SOURCE_FIELD)}\n" in (
                    got.msgstr
                )
