"""Deterministic press-release corpus for transflow's benchmark.

``python benchmarks/corpus.py OUT --articles N --languages L [--catalogs] [--edit PCT]``
writes a complete transflow workspace in OUT:

* ``transflow.toml`` with the first L languages of :data:`LANGUAGES`;
* ``sources/<slug>.txt``: a title line, then about 12 paragraphs of 1-3 sentences, one
  paragraph per line with a blank line between paragraphs. The text has numbers, money,
  percentages, dates, quotations "..." and names; about 6 % of the paragraphs are
  boilerplate that recurs across articles ("About ..." footers, media contacts,
  forward-looking statements).

``--catalogs`` then runs ``transflow extract`` and fills every catalog: about 70 % of the
units translated (a pseudo-translation that reverses the letters of each word and keeps
numbers and punctuation), 10 % fuzzy, the rest untranslated. The files are rewritten with
transflow's own catalog API (``store.load``/``store.serialize``) so they stay canonical.

``--edit PCT`` changes one sentence in PCT % of the body paragraphs of every source
(deterministically), so that the catalogs lag behind the sources, as after an editor's
pass.

Everything is stdlib-only apart from the ``--catalogs`` step, and deterministic: article
*i* has its own RNG seeded from (seed, i), so a 100-article corpus is the first 100
articles of the 1,000-article one, and two runs give identical bytes.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import os
import random
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

LANGUAGES = ("ru", "de", "fr", "es", "it", "pt_BR", "ar", "zh_Hans", "tr", "pl")

ORGS = (
    "Northwind Energy",
    "Harbour City Council",
    "Meridian Health Group",
    "Atlas Rail Partners",
    "Bluewater Foods",
    "Kestrel Aerospace",
    "Lumen Bank",
    "Greenfield University",
)
PEOPLE = (
    "Anna Petrova",
    "David Okafor",
    "Maria Lindqvist",
    "Kenji Watanabe",
    "Sofia Marquez",
    "Omar Haddad",
    "Claire Dubois",
    "Tomasz Nowak",
    "Priya Raman",
    "Lukas Becker",
)
ROLES = (
    "chief executive officer",
    "head of operations",
    "chief financial officer",
    "director of research",
    "mayor",
    "programme manager",
)
CITIES = ("Lisbon", "Rotterdam", "Gdansk", "Valencia", "Turin", "Izmir", "Porto", "Leipzig")
PRODUCTS = (
    "electric ferry",
    "regional rail link",
    "solar farm",
    "patient portal",
    "cold-chain warehouse",
    "satellite ground station",
    "mobile banking app",
    "research campus",
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
VERBS = ("announced", "confirmed", "unveiled", "completed", "launched", "approved")
TRENDS = ("rose", "fell", "grew", "climbed", "declined")
NOUNS = ("revenue", "ridership", "output", "enrolment", "exports", "deliveries", "capacity")
ADJ = ("first", "largest", "newest", "most efficient", "fastest-growing")
FILLER = (
    "The project was developed together with local partners and independent experts.",
    "Construction is expected to begin after the final permits are granted.",
    "The company will publish further details at its annual meeting.",
    "Residents can follow the progress on the public information portal.",
    "The programme is funded by a mix of public grants and private investment.",
    "Independent auditors will review the results before the end of the year.",
    "Further phases are planned if the pilot meets its targets.",
    "The initiative also creates training places for young engineers.",
)
BOILERPLATE_ABOUT = {
    org: (
        f"About {org}: {org} is a company founded in {1950 + 7 * i} with "
        f"{1200 + 350 * i:,} employees in {4 + i} countries; more information is available "
        f"at www.{org.split()[0].lower()}.example.com."
    )
    for i, org in enumerate(ORGS)
}
BOILERPLATE_OTHER = (
    "Forward-looking statements: this press release contains statements about future "
    "events that involve risks and uncertainties.",
    "Media contact: press office, telephone +44 20 7946 0000, press@example.com.",
)


def _number(rng: random.Random) -> str:
    kind = rng.randrange(5)
    if kind == 0:
        return f"{rng.randrange(2, 99)}.{rng.randrange(10)}%"
    if kind == 1:
        return f"EUR {rng.randrange(1, 950)} million"
    if kind == 2:
        return f"{rng.randrange(1_000, 900_000):,}"
    if kind == 3:
        return f"${rng.randrange(10, 999)}.{rng.randrange(10)} billion"
    return str(rng.randrange(12, 480))


def _date(rng: random.Random) -> str:
    return f"{rng.randrange(1, 29)} {rng.choice(MONTHS)} {rng.randrange(2019, 2028)}"


def _sentence(rng: random.Random, org: str) -> str:
    kind = rng.randrange(6)
    person, role = rng.choice(PEOPLE), rng.choice(ROLES)
    city, product = rng.choice(CITIES), rng.choice(PRODUCTS)
    if kind == 0:
        return (
            f"{org} {rng.choice(VERBS)} the {rng.choice(ADJ)} {product} in {city} on {_date(rng)}."
        )
    if kind == 1:
        return (
            f"{rng.choice(NOUNS).capitalize()} {rng.choice(TRENDS)} by {_number(rng)} to "
            f"{_number(rng)} in the {rng.choice(('first', 'second', 'third'))} quarter."
        )
    if kind == 2:
        return f"“This is a {rng.choice(ADJ)} step for {city},” said {person}, {role} of {org}."
    if kind == 3:
        return (
            f"“We expect {_number(rng)} new users by {_date(rng)},” {person} added, "
            f"“and {_number(rng)} more next year.”"
        )
    if kind == 4:
        return (
            f"The {product} cost {_number(rng)} and will serve about {_number(rng)} "
            f"people across {rng.randrange(3, 40)} districts."
        )
    return rng.choice(FILLER)


@dataclasses.dataclass(frozen=True)
class Article:
    slug: str
    title: str
    paragraphs: tuple[str, ...]

    def text(self) -> str:
        return "\n\n".join((self.title, *self.paragraphs)) + "\n"


def article_rng(seed: int, index: int, salt: str = "") -> random.Random:
    digest = hashlib.sha256(f"{seed}:{index}:{salt}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def make_article(seed: int, index: int) -> Article:
    rng = article_rng(seed, index)
    org = rng.choice(ORGS)
    city, product = rng.choice(CITIES), rng.choice(PRODUCTS)
    title = f"{org} {rng.choice(VERBS)} {product} in {city} worth {_number(rng)}"
    paragraphs = []
    for _ in range(rng.randrange(9, 14)):
        paragraphs.append(" ".join(_sentence(rng, org) for _ in range(rng.randrange(1, 4))))
    if rng.random() < 0.35:
        paragraphs.append(BOILERPLATE_OTHER[0])
    paragraphs.append(BOILERPLATE_ABOUT[org])
    if rng.random() < 0.5:
        paragraphs.append(BOILERPLATE_OTHER[1])
    slug = f"{2019 + index % 8}/{re.sub(r'[^a-z0-9]+', '-', org.lower()).strip('-')}-{index:05d}"
    return Article(slug=slug, title=title, paragraphs=tuple(paragraphs))


def edit_article(article: Article, seed: int, index: int, percent: float) -> Article:
    """Change one sentence in ``percent`` % of the body paragraphs (boilerplate included)."""
    rng = article_rng(seed, index, "edit")
    org = next((o for o in ORGS if article.title.startswith(o)), ORGS[0])
    body = list(article.paragraphs)
    for i, para in enumerate(body):
        if rng.random() * 100 >= percent:
            continue
        sentences = re.split(r"(?<=[.”])\s+(?=[A-Z“])", para)
        j = rng.randrange(len(sentences))
        sentences[j] = _sentence(rng, org)
        if " ".join(sentences) == para:
            sentences.append(rng.choice(FILLER))
        body[i] = " ".join(sentences)
    return dataclasses.replace(article, paragraphs=tuple(body))


def write_workspace(
    out: Path,
    articles: int,
    languages: int,
    seed: int = 1,
    segmentation: str = "paragraph",
) -> list[Article]:
    if not 1 <= languages <= len(LANGUAGES):
        raise SystemExit(f"--languages must be 1..{len(LANGUAGES)}")
    out.mkdir(parents=True, exist_ok=True)
    for name in ("sources", "locales/templates", "exports", "glossary"):
        (out / name).mkdir(parents=True, exist_ok=True)
    langs = ", ".join(f'"{x}"' for x in LANGUAGES[:languages])
    (out / "transflow.toml").write_text(
        'source_language = "en"\n'
        f"languages = [{langs}]\n"
        f'segmentation = "{segmentation}"\n'
        "\n[export]\nthreshold = 100\n",
        encoding="utf-8",
    )
    made = [make_article(seed, i) for i in range(articles)]
    for article in made:
        path = out / "sources" / f"{article.slug}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article.text(), encoding="utf-8")
    return made


def edit_sources(out: Path, articles: int, percent: float, seed: int = 1) -> int:
    """Rewrite the sources of ``out`` with ``percent`` % of paragraphs edited; returns how
    many paragraphs changed."""
    changed = 0
    for i in range(articles):
        before = make_article(seed, i)
        after = edit_article(before, seed, i, percent)
        changed += sum(a != b for a, b in zip(before.paragraphs, after.paragraphs, strict=True))
        (out / "sources" / f"{after.slug}.txt").write_text(after.text(), encoding="utf-8")
    return changed


def edited_again(articles: int, percent: float, seed: int = 1) -> list[Article]:
    """The articles a second round of edits changes: on the sources :func:`edit_sources`
    wrote, ``percent`` % of the paragraphs changed again, drawn afresh (another seed for
    the edit)."""
    out = []
    for i in range(articles):
        first = edit_article(make_article(seed, i), seed, i, percent)
        second = edit_article(first, seed + SECOND_ROUND, i, percent)
        if second.text() != first.text():
            out.append(second)
    return out


def edit_again(out: Path, articles: int, percent: float, seed: int = 1) -> int:
    """Write the sources :func:`edited_again` changes; returns how many."""
    changed = edited_again(articles, percent, seed)
    for article in changed:
        (out / "sources" / f"{article.slug}.txt").write_text(article.text(), encoding="utf-8")
    return len(changed)


SECOND_ROUND = 7919  # added to the seed of the second round's edits


_WORD = re.compile(r"[^\W\d_]+")


def pseudo_translate(text: str, language: str) -> str:
    """Reverse the letters of every word; numbers, punctuation and spacing stay as they are."""
    del language  # every language gets the same shape; kept for readability at call sites
    return _WORD.sub(lambda m: m.group(0)[::-1], text)


def fill_catalogs(out: Path, seed: int = 1) -> dict[str, int]:
    """Translate ~70 %, fuzzy ~10 %, leave ~20 % empty, in every ``.po`` of ``out``."""
    from transflow.workspace import store

    counts = {"entries": 0, "translated": 0, "fuzzy": 0, "untranslated": 0}
    locales = out / "locales"
    for path in sorted(locales.glob("*/**/*.po")):
        rel = path.relative_to(out).as_posix()
        language = path.relative_to(locales).parts[0]
        catalog, _ = store.load(path, rel)
        rng = article_rng(seed, 0, rel)
        entries = []
        for e in catalog.entries:
            if e.obsolete:
                entries.append(e)
                continue
            counts["entries"] += 1
            roll = rng.random()
            if roll < 0.70:
                e = dataclasses.replace(
                    e, msgstr=pseudo_translate(e.msgid, language), flags=_unfuzzy(e.flags)
                )
                counts["translated"] += 1
            elif roll < 0.80:
                flags = e.flags if "fuzzy" in e.flags else ("fuzzy", *e.flags)
                e = dataclasses.replace(e, msgstr=pseudo_translate(e.msgid, language), flags=flags)
                counts["fuzzy"] += 1
            else:
                e = dataclasses.replace(e, msgstr="", flags=_unfuzzy(e.flags))
                counts["untranslated"] += 1
            entries.append(e)
        data = store.serialize(dataclasses.replace(catalog, entries=tuple(entries)))
        tmp = path.with_name(f".{path.name}.fill")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    return counts


def _unfuzzy(flags: Iterable[str]) -> tuple[str, ...]:
    return tuple(f for f in flags if f != "fuzzy")


def transflow_command() -> list[str]:
    """The transflow CLI of the interpreter running this script (the project's venv)."""
    exe = Path(sys.executable).with_name("transflow")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "transflow"]


def run_extract(out: Path) -> None:
    proc = subprocess.run(
        [*transflow_command(), "--workspace", str(out), "extract"],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise SystemExit("transflow extract failed:\n" + "\n".join(tail))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="workspace folder to write")
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--languages", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--segmentation",
        choices=("paragraph", "sentence"),
        default="paragraph",
        help="units (default: paragraph, as the peers measure)",
    )
    ap.add_argument("--catalogs", action="store_true", help="extract and fill the catalogs")
    ap.add_argument(
        "--edit",
        type=float,
        default=0.0,
        metavar="PCT",
        help="then edit PCT %% of the paragraphs of the sources",
    )
    args = ap.parse_args(argv)
    write_workspace(args.out, args.articles, args.languages, args.seed, args.segmentation)
    if args.catalogs:
        run_extract(args.out)
        counts = fill_catalogs(args.out, args.seed)
        print(
            f"catalogs: {counts['entries']} units, {counts['translated']} translated, "
            f"{counts['fuzzy']} fuzzy, {counts['untranslated']} untranslated",
            file=sys.stderr,
        )
    if args.edit:
        changed = edit_sources(args.out, args.articles, args.edit, args.seed)
        print(f"edited {changed} paragraph(s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
