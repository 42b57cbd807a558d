"""What ``status`` does for a catalog the stat cache does not hold (and, with checks, for
every catalog): read it and count. Imported by :mod:`.status` at its first such catalog,
so a status answered from the cache pays for none of the readers it would need (the
lean reader, the word counter and what they import: 15 ms of a 0.15 s command)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from transflow.catalog.entries import Catalog, parse_header
from transflow.catalog.scan import Summary, Tally, summary_of, tally_of, tally_po
from transflow.catalog.template import SOURCE_FIELD, UNEXTRACTED_FIELD, header_value
from transflow.core.records import Stats
from transflow.ops.status import ReadJob, as_fields, state_of
from transflow.segment.words import count_words
from transflow.workspace import store


def catalog_stats(catalog: Catalog, article: str, language: str) -> Stats:
    return summary_stats(summary_of(catalog), article, language)


def summary_stats(
    summary: Summary, article: str, language: str, header: dict[str, str] | None = None
) -> Stats:
    """Stats of a catalog from its summary (:mod:`.catalog.scan`: the lean reader);
    ``header``: its header fields, when the caller has them already."""
    return tally_stats(tally_of(summary, count_words), article, language, header)


def tally_stats(
    tally: Tally, article: str, language: str, header: dict[str, str] | None = None
) -> Stats:
    """Stats of a catalog from its counts (:func:`.catalog.scan.tally_po`); ``header``:
    its header fields, when the caller has them already."""
    if header is None:
        header = _header_fields(tally.header)
    unextracted = _unextracted(header.get(UNEXTRACTED_FIELD, ""))
    total, translated, fuzzy = tally.total, tally.translated, tally.fuzzy
    return Stats(
        article=article,
        language=language,
        total=total,
        translated=translated,
        fuzzy=fuzzy,
        untranslated=total - translated - fuzzy,
        obsolete=tally.obsolete,
        words=tally.words,
        translated_words=tally.translated_words,
        changed=tally.changed,
        state=state_of(total, translated, unextracted),
        unextracted=unextracted,
    )


def _header_fields(msgstr: str) -> dict[str, str]:
    """Header fields by name; the first of a repeated name wins, as in :func:`header_value`."""
    fields: dict[str, str] = {}
    for name, value in parse_header(msgstr):
        fields.setdefault(name, value)
    return fields


def _unextracted(value: str) -> int:
    """As :func:`.template.unextracted_count`, from the header field's value."""
    head = value.split(";", 1)[0].strip()
    return int(head) if head.isdigit() else 0


def catalog_job(
    job: ReadJob, issue_counts: Callable[[str, str, Catalog], tuple[int, int]]
) -> tuple[list, str, int, int]:
    """(the catalog's stats as a flat list, without check results; its
    ``X-Transflow-Source``; check errors; check warnings)."""
    catalog, _ = store.load(Path(job.path), job.rel)
    stats = catalog_stats(catalog, job.article, job.language)
    errors, warnings = issue_counts(job.article, job.language, catalog)
    return as_fields(stats), header_value(catalog, SOURCE_FIELD), errors, warnings


def counts_job(job: ReadJob) -> tuple[list, str]:
    """(the catalog's stats as a flat list; its ``X-Transflow-Source``) from the lean
    reader (it refuses what load refuses)."""
    data = store.read_optional(job.path, job.rel, store.MAX_CATALOG_BYTES)
    if data is None:  # gone since it was listed: read_bytes says so, as it did
        data = store.read_bytes(Path(job.path), job.rel, store.MAX_CATALOG_BYTES)
    tally = tally_po(data, job.rel, count_words)
    origin, unextracted = _marks(tally.header)
    return _tally_fields(tally, job.article, job.language, unextracted), origin


def _marks(header: str) -> tuple[str, int]:
    """(``X-Transflow-Source``, the count ``X-Transflow-Unextracted`` gives) of a header's
    msgstr, as :func:`_header_fields` finds them (the first of a repeated name wins), with
    a look only at the lines that can hold them."""
    origin = unextracted = None
    at = header.find("X-Transflow-")
    while at >= 0:  # each line that holds the prefix, once, in order
        start = header.rfind("\n", 0, at) + 1
        end = header.find("\n", at)
        if end < 0:
            end = len(header)
        line = header[start:end]
        at = header.find("X-Transflow-", end)
        name, sep, value = line.partition(":")
        name = name.strip()
        if not sep:
            continue
        if name == SOURCE_FIELD and origin is None:
            origin = value.strip()
        elif name == UNEXTRACTED_FIELD and unextracted is None:
            unextracted = value.strip()
    return origin or "", _unextracted(unextracted or "")


def _tally_fields(tally: Tally, article: str, language: str, unextracted: int) -> list:
    """``as_fields(tally_stats(...))`` without building the Stats."""
    total, translated, fuzzy = tally.total, tally.translated, tally.fuzzy
    return [
        article,
        language,
        total,
        translated,
        fuzzy,
        total - translated - fuzzy,
        tally.obsolete,
        tally.words,
        tally.translated_words,
        tally.changed,
        state_of(total, translated, unextracted),
        0,
        0,
        unextracted,
    ]
