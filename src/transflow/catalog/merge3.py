"""Three-way merge of two versions of one catalog, entry by entry (the git merge driver).

``merge3(base, ours, theirs)`` merges by entry key (msgctxt, msgid), never by line, so a
re-wrap by another tool or entries moved around never conflict. The rules:

* an entry changed on one side only takes that side's version (translation, flags,
  comments, ``#|``, live or obsolete), field by field when both sides changed different
  fields (one side translates, the other adds a translator comment);
* both sides changed the translation differently: a **conflict**. The translation of the
  side with the later ``PO-Revision-Date`` is kept (ours on a tie: the result does not
  depend on the direction of the merge, nor on rebase swapping "ours" and "theirs", unless
  both dates are equal), the entry is marked fuzzy, and the other
  translation is kept in a translator comment: a reviewer picks one, nothing is lost;
* fuzzy follows the text: a side clearing ``fuzzy`` approves the text *it* saw, so an
  approval on one side and a new draft on the other leave the new draft fuzzy; a side
  marking an entry fuzzy keeps it fuzzy whatever the other side translated;
* entries added on either side are kept; an entry added on both sides with different
  translations is a conflict as above;
* removed on one side and unchanged on the other: removed, except that a live entry
  with a translation becomes obsolete (``#~``) instead — a translation leaves a catalog
  only through ``#~`` (removing obsolete entries, a deliberate purge, is honoured);
* removed on one side and changed on the other: the changed entry is kept, as obsolete
  when it has a translation (the next ``transflow extract`` brings it back, or offers it
  as a fuzzy match, if the merged template still has that unit); without a translation
  the removal wins;
* template facts (extracted comments, references, ``X-Transflow-Source``,
  ``POT-Creation-Date``) come from the side with the later ``POT-Creation-Date``: the
  template decides them, and the next ``extract`` rewrites them anyway;
* header: field by field; a field both sides changed takes the later
  ``PO-Revision-Date`` side's value for the translator's fields and the template side's
  for the template's fields, ours otherwise.

:func:`lost_translations` re-checks a result: every translation a side introduced must
still be in the merged catalog (as a translation or in a conflict comment).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from transflow.catalog.entries import Catalog, Entry, format_header, parse_header

Key = tuple[str | None, str]

CONFLICT_NOTE = "transflow merge conflict: the other branch translated this as:"
# header fields that go with the translator's last save / with the template
_TRANSLATOR_FIELDS = {"PO-Revision-Date", "Last-Translator", "Language-Team", "X-Generator"}
_TEMPLATE_FIELDS = {"POT-Creation-Date", "X-Transflow-Source", "X-Transflow-Unextracted"}


@dataclass(frozen=True, slots=True)
class Conflict:
    """Both sides translated one entry differently: ``kept`` is in msgstr (fuzzy), the other
    is in a translator comment."""

    msgctxt: str | None
    msgid: str
    kept: str
    other: str
    kept_side: str  # "ours" or "theirs"


@dataclass(frozen=True, slots=True)
class Merge3Result:
    catalog: Catalog
    conflicts: tuple[Conflict, ...] = ()
    kept_as_obsolete: int = 0  # entries removed on one side whose translation went to #~


@dataclass(frozen=True, slots=True)
class _Sides:
    """Which side wins a tie on translator and template facts."""

    newer: str  # later PO-Revision-Date: "ours" or "theirs"
    template: str  # later POT-Creation-Date


def merge3(base: Catalog | None, ours: Catalog, theirs: Catalog) -> Merge3Result:
    """Merge ``ours`` and ``theirs``, two descendants of ``base`` (None: added on both sides)."""
    sides = _Sides(
        newer=_later(ours, theirs, "PO-Revision-Date"),
        template=_later(ours, theirs, "POT-Creation-Date"),
    )
    b = {e.key: e for e in base.entries} if base else {}
    o = {e.key: e for e in ours.entries}
    t = {e.key: e for e in theirs.entries}
    conflicts: list[Conflict] = []
    merged: dict[Key, Entry] = {}
    kept_as_obsolete = 0
    for key in _ordered_keys(ours, theirs, sides.template):
        be, oe, te = b.get(key), o.get(key), t.get(key)
        entry, conflict, to_obsolete = _merge_entry(be, oe, te, sides)
        if conflict is not None:
            conflicts.append(conflict)
        kept_as_obsolete += to_obsolete
        if entry is not None:
            merged[key] = replace(entry, lineno=0)
    live = [e for e in merged.values() if not e.obsolete]
    obsolete = [e for e in merged.values() if e.obsolete]
    header = _merge_header(base.header if base else None, ours.header, theirs.header, sides)
    catalog = Catalog(header=header, entries=(*live, *obsolete))
    return Merge3Result(catalog, tuple(conflicts), kept_as_obsolete)


def lost_translations(
    base: Catalog | None, ours: Catalog, theirs: Catalog, merged: Catalog
) -> list[str]:
    """Translations one side introduced (new or changed since ``base``) that ``merged`` no
    longer holds under the same key, as msgstr or in a comment. Empty when all is well."""
    b = {e.key: e for e in base.entries} if base else {}
    m = {e.key: e for e in merged.entries}
    lost: list[str] = []
    for side in (ours, theirs):
        for e in side.entries:
            if not e.has_translation:
                continue
            before = b.get(e.key)
            if before is not None and _text(before) == _text(e):
                continue  # not this side's work
            now = m.get(e.key)
            held = "" if now is None else "\n".join((_text(now), *now.translator_comments))
            if now is None or not all(part in held for part in _text(e).split("\n")):
                lost.append(e.msgid)
    return lost


# -- entries -----------------------------------------------------------------------------


def _merge_entry(
    be: Entry | None, oe: Entry | None, te: Entry | None, sides: _Sides
) -> tuple[Entry | None, Conflict | None, int]:
    """(merged entry or None, a conflict or None, 1 if a removal became obsolete)."""
    if oe == te:
        return oe, None, 0
    if oe is None or te is None:  # removed on one side (or added on one side)
        kept = oe if te is None else te
        assert kept is not None
        if be is None:
            return kept, None, 0  # added on one side
        if kept == be:  # removed on one side, unchanged on the other
            if not kept.obsolete and kept.has_translation:
                return _obsoleted(kept), None, 1
            return None, None, 0
        # removed on one side, changed on the other
        if kept.has_translation:
            return (kept, None, 0) if kept.obsolete else (_obsoleted(kept), None, 1)
        return None, None, 0
    if oe == be:
        return te, None, 0
    if te == be:
        return oe, None, 0
    return _merge_fields(be, oe, te, sides)


def _merge_fields(
    be: Entry | None, oe: Entry, te: Entry, sides: _Sides
) -> tuple[Entry, Conflict | None, int]:
    """Both sides changed the entry: merge it field by field."""
    added = be is None
    if be is None:  # added on both sides: merge against an empty entry
        be = Entry(msgid=oe.msgid, msgctxt=oe.msgctxt)
    conflict: Conflict | None = None
    ot, tt, bt = _text(oe), _text(te), _text(be)
    if ot == tt or tt == bt:
        text_side, other = oe, te
    elif ot == bt:
        text_side, other = te, oe
    else:
        text_side, other = (oe, te) if sides.newer == "ours" else (te, oe)
        if not text_side.has_translation:  # a translation never loses to an empty one
            text_side, other = other, text_side
        conflict = Conflict(
            oe.msgctxt,
            oe.msgid,
            kept=_text(text_side),
            other=_text(other),
            kept_side="ours" if text_side is oe else "theirs",
        )
    template_side = oe if sides.template == "ours" else te
    flags = _merge_set(be.flags, oe.flags, te.flags)
    fuzzy = _merged_fuzzy(be, text_side, other, conflict is not None)
    flags = tuple(f for f in flags if f != "fuzzy")
    if fuzzy:
        flags = ("fuzzy", *flags)
    comments = _merge_lines(be.translator_comments, oe.translator_comments, te.translator_comments)
    if conflict is not None and other.has_translation:
        comments = (*comments, CONFLICT_NOTE, *_text(other).split("\n"))
    previous = _pick3(_previous(be), _previous(oe), _previous(te), _previous(text_side))
    merged = replace(
        text_side,
        flags=flags,
        translator_comments=comments,
        extracted_comments=_pick3(
            be.extracted_comments,
            oe.extracted_comments,
            te.extracted_comments,
            template_side.extracted_comments,
        ),
        references=_pick3(be.references, oe.references, te.references, template_side.references),
        previous_msgctxt=previous[0],
        previous_msgid=previous[1],
        previous_msgid_plural=previous[2],
        obsolete=(oe.obsolete and te.obsolete)
        if added  # added live on one side: live
        else _pick3(be.obsolete, oe.obsolete, te.obsolete, oe.obsolete and te.obsolete),
    )
    if merged.obsolete:
        merged = replace(merged, references=(), extracted_comments=())
    return merged, conflict, 0


def _merged_fuzzy(be: Entry, text_side: Entry, other: Entry, conflict: bool) -> bool:
    """Fuzzy follows the text: the side whose translation is taken decides, unless the other
    side newly marked the entry fuzzy (a reviewer's "needs work" is never dropped)."""
    if conflict:
        return True
    if _text(text_side) == _text(other):  # same text on both sides: an ordinary 3-way merge
        return _pick3(be.fuzzy, text_side.fuzzy, other.fuzzy, text_side.fuzzy or other.fuzzy)
    return text_side.fuzzy or (other.fuzzy and not be.fuzzy)


def _text(e: Entry) -> str:
    if e.msgid_plural is not None:
        return "\n".join(e.msgstr_plural)
    return e.msgstr


def _previous(e: Entry) -> tuple[str | None, str | None, str | None]:
    return (e.previous_msgctxt, e.previous_msgid, e.previous_msgid_plural)


def _pick3(base, ours, theirs, both):
    """The classic three-way choice for one value; ``both`` when both sides changed it."""
    if ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    return both


def _merge_set(base: Iterable[str], ours: Iterable[str], theirs: Iterable[str]) -> tuple[str, ...]:
    """Flags: what either side added, minus what either side removed (order of ours)."""
    b, o, t = set(base), list(ours), list(theirs)
    removed = (b - set(o)) | (b - set(t))
    out = [f for f in o if f not in removed]
    out += [f for f in t if f not in removed and f not in out]
    return tuple(out)


def _merge_lines(
    base: tuple[str, ...], ours: tuple[str, ...], theirs: tuple[str, ...]
) -> tuple[str, ...]:
    """Translator comments: one side's change wins; both changed: ours, then theirs' new lines."""
    if ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    removed = (set(base) - set(ours)) | (set(base) - set(theirs))
    out = [line for line in ours if line not in removed]
    out += [line for line in theirs if line not in removed and line not in ours]
    return tuple(out)


def _obsoleted(e: Entry) -> Entry:
    return replace(e, obsolete=True, references=(), extracted_comments=())


def _ordered_keys(ours: Catalog, theirs: Catalog, template: str) -> list[Key]:
    """Every key, in the template side's order; the other side's own keys follow the key
    they follow there."""
    first, second = (ours, theirs) if template == "ours" else (theirs, ours)
    order = [e.key for e in first.entries]
    known = set(order)
    position = {k: i for i, k in enumerate(order)}
    inserts: dict[int, list[Key]] = {}
    previous = -1
    for e in second.entries:
        if e.key in known:
            previous = position[e.key]
            continue
        inserts.setdefault(previous, []).append(e.key)
    out = list(inserts.get(-1, []))
    for i, k in enumerate(order):
        out.append(k)
        out.extend(inserts.get(i, []))
    return out


# -- header ------------------------------------------------------------------------------


def _later(ours: Catalog, theirs: Catalog, name: str) -> str:
    """The side whose header date ``name`` is later ("ours" on a tie or unreadable dates)."""
    a, b = _date(ours, name), _date(theirs, name)
    if a is not None and b is not None and b > a:
        return "theirs"
    return "ours"


def _date(catalog: Catalog, name: str) -> dt.datetime | None:
    for k, v in catalog.header_fields():
        if k == name:
            for fmt in ("%Y-%m-%d %H:%M%z", "%Y-%m-%d %H:%M:%S%z"):
                try:
                    return dt.datetime.strptime(v.strip(), fmt)
                except ValueError:
                    continue
    return None


def _merge_header(
    base: Entry | None, ours: Entry | None, theirs: Entry | None, sides: _Sides
) -> Entry | None:
    if ours is None or theirs is None:
        return ours or theirs
    if ours == theirs:
        return ours
    bf = dict(parse_header(base.msgstr)) if base else {}
    of, tf = parse_header(ours.msgstr), parse_header(theirs.msgstr)
    od, td = dict(of), dict(tf)
    names = [k for k, _ in of] + [k for k, _ in tf if k not in od]
    fields: list[tuple[str, str]] = []
    for name in names:
        bv, ov, tv = bf.get(name), od.get(name), td.get(name)
        if name in _TRANSLATOR_FIELDS:
            winner = sides.newer
        elif name in _TEMPLATE_FIELDS:
            winner = sides.template
        else:
            winner = "ours"
        value = _pick3(bv, ov, tv, ov if winner == "ours" else tv)
        if value is not None:
            fields.append((name, value))
    base_comments = base.translator_comments if base else ()
    base_flags = base.flags if base else ()
    return replace(
        ours,
        msgstr=format_header(fields),
        translator_comments=_merge_lines(
            base_comments, ours.translator_comments, theirs.translator_comments
        ),
        flags=_merge_set(base_flags, ours.flags, theirs.flags),
        lineno=0,
    )
