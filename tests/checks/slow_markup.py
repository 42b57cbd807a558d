"""transflow.checks.markup as it was before its fast paths, verbatim but for the
registration of its checks (the decorators are gone) and its imports of the other
copies: test_fast.py compares the checks with these."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from tests.checks.slow_textutil import (
    all_urls,
    emails,
    phone_digits,
    phones,
    plain,
)

from transflow.checks.base import CheckContext, CheckItem, Finding
from transflow.core import inline
from transflow.core.records import Severity
from transflow.core.unsafe import html_tags, script_scheme
from transflow.lang.scripts import base_language, uses_italics


def normalize_url(url: str, languages: tuple[str, ...] = ()) -> str:
    """A URL reduced for comparison: no scheme or ``www.``, no trailing ``/``, lower-case
    host; a path segment, subdomain or query value naming one of ``languages`` (the
    localized page of the same site, ``/en/`` → ``/ru/``) becomes ``{lang}``."""
    u = re.sub(r"^(?:https?|ftp)://", "", url.strip(), flags=re.IGNORECASE)
    u = re.sub(r"^www\.", "", u, flags=re.IGNORECASE)
    host, sep, rest = u.partition("/")
    u = host.lower() + sep + rest
    u = u.rstrip("/")
    codes = {c for lang in languages for c in (lang.lower(), base_language(lang))}
    if codes:
        alt = "|".join(sorted((re.escape(c) for c in codes), key=len, reverse=True))
        u = re.sub(rf"(?<=[/=.])(?:{alt})(?=[/&#?]|$)", "{lang}", u, flags=re.IGNORECASE)
        u = re.sub(rf"^(?:{alt})(?=\.)", "{lang}", u, flags=re.IGNORECASE)
    return u


def _missing_and_added(
    source: list[str], target: list[str], key: dict[str, str]
) -> tuple[list[str], list[str]]:
    src = {key[s] for s in source}
    tgt = {key[t] for t in target}
    missing = list(dict.fromkeys(s for s in source if key[s] not in tgt))
    added = list(dict.fromkeys(t for t in target if key[t] not in src))
    return missing, added


def check_urls(item: CheckItem, ctx: CheckContext) -> Iterator[str]:
    source, target = all_urls(item.msgid), all_urls(item.msgstr)
    if not source and not target:
        return
    langs = (ctx.source_language, ctx.language)
    key = {u: normalize_url(u, langs) for u in [*source, *target]}
    missing, added = _missing_and_added(source, target, key)
    for url in missing:
        yield f"URL missing in the translation: {url}"
    for url in added:
        yield f"URL not in the source: {url}"


def check_emails(item: CheckItem, ctx: CheckContext) -> Iterator[str]:
    source, target = emails(item.msgid), emails(item.msgstr)
    if not source and not target:
        return
    key = {e: e.lower() for e in [*source, *target]}
    missing, added = _missing_and_added(source, target, key)
    for email in missing:
        yield f"e-mail address missing in the translation: {email}"
    for email in added:
        yield f"e-mail address not in the source: {email}"


def check_phones(item: CheckItem, ctx: CheckContext) -> Iterator[str]:
    source, target = phones(plain(item.msgid)), phones(plain(item.msgstr))
    if not source and not target:
        return

    def same(a: str, b: str) -> bool:
        if phone_digits(a) == phone_digits(b):
            return True
        # a local rendering of an international number (+994 12 … → (012) …) keeps its tail
        tail_a, tail_b = phone_digits(a)[-7:], phone_digits(b)[-7:]
        return a.startswith("+") != b.startswith("+") and tail_a == tail_b

    missing = [p for p in source if not any(same(p, t) for t in target)]
    added = [t for t in target if not any(same(t, p) for p in source)]
    for phone in dict.fromkeys(missing):
        yield f"phone number missing in the translation: {phone}"
    for phone in dict.fromkeys(added):
        yield f"phone number not in the source: {phone}"


_MARKER_NAMES = {
    "**": "bold (**…**)",
    "*": "italic (*…*)",
    "<u>": "underline (<u>…</u>)",
    "~~": "strikethrough (~~…~~)",
}


def _describe_marker(marker: str) -> str:
    if marker in _MARKER_NAMES:
        return _MARKER_NAMES[marker]
    kind, _, value = marker.partition(":")
    return {"link": "link to ", "image": "image ", "code": "code span "}.get(kind, "") + value


def check_formatting(item: CheckItem, ctx: CheckContext) -> Iterator[str]:
    broken = inline.problems(item.msgstr)
    if broken and broken != inline.problems(item.msgid):
        for reason in broken:
            yield f"broken formatting in the translation: {reason}"
    langs = (ctx.source_language, ctx.language)

    def signature(markup: str) -> Counter[str]:
        sig: Counter[str] = Counter()
        for marker in inline.formatting_signature(markup):
            kind, _, value = marker.partition(":")
            if kind in ("link", "image") and value:
                marker = f"{kind}:{normalize_url(value, langs)}"
            sig[marker] += 1
        return sig

    src, tgt = signature(item.msgid), signature(item.msgstr)
    if src == tgt:
        return
    shown: dict[str, str] = {}
    for markup in (item.msgid, item.msgstr):
        for marker in inline.formatting_signature(markup):
            kind, _, value = marker.partition(":")
            norm = f"{kind}:{normalize_url(value, langs)}" if kind in ("link", "image") else marker
            shown.setdefault(norm, marker)
    dropped, added = src - tgt, tgt - src
    if dropped["*"] and not uses_italics(ctx.language):
        # Chinese, Japanese, Korean and Arabic script have no italics: dropping them is
        # what the translator should do, bold in their place (another weight) too
        count = dropped.pop("*")
        instead = min(count, added["**"])
        if instead:
            added["**"] -= instead
        times = f" ({count}×)" if count > 1 else ""
        how = f", {instead}× as bold" if instead else ""
        yield Finding(
            f"italic (*…*) dropped in the translation{times}{how}: fine for a script "
            "without italics, if the emphasis is not needed or carried otherwise",
            Severity.WARNING,
        )
    for marker, count in dropped.items():
        times = f" ({count}×)" if count > 1 else ""
        yield f"formatting dropped in the translation: {_describe_marker(shown[marker])}{times}"
    for marker, count in added.items():
        if count <= 0:
            continue
        times = f" ({count}×)" if count > 1 else ""
        yield f"formatting added in the translation: {_describe_marker(shown[marker])}{times}"


def check_placeholders(item: CheckItem, ctx: CheckContext) -> Iterator[str]:
    """Each placeholder of the source exactly once in the translation. A translator may
    move a placeholder with the words it belongs to; changing the order of several is a
    warning, not an error ("Page {PAGE} of {NUMPAGES}" is "{NUMPAGES} 页中的第 {PAGE} 页"
    in Chinese), as in Trados' and memoQ's tag-order checks."""
    source = inline.placeholders(item.msgid)
    target = inline.placeholders(item.msgstr)
    if source == target:
        return
    want, got = Counter(source), Counter(target)
    for name in dict.fromkeys(source):
        if got[name] == 0:
            yield f"placeholder {{{name}}} missing in the translation"
        elif got[name] > want[name]:
            yield f"placeholder {{{name}}} duplicated in the translation ({got[name]}×)"
    for name in dict.fromkeys(target):
        if want[name] == 0:
            yield f"placeholder {{{name}}} is not in the source"
    if want == got:
        yield Finding(
            "placeholders in another order: "
            + " ".join(f"{{{n}}}" for n in target)
            + " (source: "
            + " ".join(f"{{{n}}}" for n in source)
            + ")",
            Severity.WARNING,
        )


def _text_tags(markup: str) -> Counter[str]:
    """HTML tags written in the text of ``markup`` (not in code spans), by tag name."""
    tags: Counter[str] = Counter()
    for sp in inline.parse(markup):
        if sp.code or sp.image is not None:
            continue
        for tag in html_tags(sp.text):
            m = re.match(r"</?([A-Za-z][A-Za-z0-9-]*)", tag)
            tags[m.group().lower() if m else tag[:4]] += 1
    return tags


def check_html(item: CheckItem, ctx: CheckContext) -> Iterator[str]:
    """A translation carries only the HTML its source unit carried (as placeholders); a
    tag written into the text is published as visible text, never as HTML
    (:mod:`transflow.core.unsafe`). A link or image to a script URL is never exported as one."""
    added = _text_tags(item.msgstr) - _text_tags(item.msgid)
    for tag, count in added.items():
        times = f" ({count}×)" if count > 1 else ""
        yield (
            f"raw HTML not in the source: {tag}…>{times}; it would be published as visible "
            "text (HTML of the source is kept as placeholders such as {span1})"
        )
    for sp in inline.parse(item.msgstr):
        for url, image in ((sp.link, False), (sp.image, True)):
            scheme = script_scheme(url, image)
            if scheme:
                what = "image" if image else "link"
                yield (
                    f"{what} to a {scheme}: URL, which runs code in a browser: {url}; "
                    f"export writes its text without the {what}"
                )
