"""``status``'s table drawn without rich (stdout piped) is the text rich draws, byte for
byte, for every shape of report; whatever it cannot draw is left to rich."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from transflow.cli import statustable
from transflow.cli.output import status_table
from transflow.core.records import State, Stats

NAMES = st.one_of(
    st.text("abcxyz019_./-", max_size=50),
    st.sampled_from(["de", "pt_BR", "zh_Hans", "news/launch", "2019/a-b.c"]),
    st.text(max_size=12),  # markup, emoji codes, wide characters: left to rich
)
COUNT = st.integers(0, 3) | st.integers(0, 10**7)


@st.composite
def stats(draw: st.DrawFn) -> Stats:
    return Stats(
        article=draw(NAMES),
        language=draw(NAMES),
        total=draw(COUNT),
        translated=draw(COUNT),
        fuzzy=draw(COUNT),
        untranslated=draw(COUNT),
        obsolete=draw(COUNT),
        words=draw(COUNT),
        translated_words=draw(COUNT),
        changed=draw(COUNT),
        state=draw(st.sampled_from(list(State))),
        errors=draw(st.integers(0, 2)),
        warnings=draw(st.integers(0, 2)),
    )


def rich_text(
    catalogs: tuple[Stats, ...],
    totals: tuple[Stats, ...],
    width: int,
    details: bool | None,
    issues: bool,
) -> str:
    """What ``out.print(status_table(...))`` writes to a pipe ``width`` columns wide."""
    buffer = io.StringIO()
    console = Console(file=buffer, highlight=False, soft_wrap=True, width=width, _environ={})
    console.print(status_table(catalogs, totals, details=details, issues=issues))
    return buffer.getvalue()


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    catalogs=st.lists(stats(), max_size=8).map(tuple),
    totals=st.lists(stats(), max_size=4).map(tuple),
    width=st.integers(20, 300),
    details=st.sampled_from([None, True, False]),
    issues=st.booleans(),
)
def test_plain_table_is_what_rich_draws(
    catalogs: tuple[Stats, ...],
    totals: tuple[Stats, ...],
    width: int,
    details: bool | None,
    issues: bool,
) -> None:
    text = statustable.plain_table(catalogs, totals, width, details=details, issues=issues)
    if text is not None:
        assert text == rich_text(catalogs, totals, width, details, issues)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    catalogs=st.lists(stats(), max_size=7).map(tuple),
    totals=st.lists(stats(), max_size=3).map(tuple),
    details=st.sampled_from([None, True, False]),
    issues=st.booleans(),
)
def test_a_glimpse_of_the_catalogs_draws_the_table_of_them_all(
    catalogs: tuple[Stats, ...], totals: tuple[Stats, ...], details: bool | None, issues: bool
) -> None:
    """Status gives the table its catalogs one at a time (30,000 are never all held): the
    glimpse it keeps (the rows it shows, and an overview) draws the same table, plain and
    with rich."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(statustable, "MAX_ROWS", 3)  # (rows shown up to 3: both sides of it)
        glimpse = statustable.Glimpse(details)
        for s in catalogs:
            glimpse.add(s)
        rows, overview = glimpse.rows or [], glimpse.overview()
        assert overview == statustable.Overview.of(catalogs)
        shown = statustable.layout(overview, totals, details, issues)[0]
        assert (list(catalogs) if shown else []) == (rows if shown else [])
        text = statustable.plain_table(rows, totals, 300, details, issues, overview=overview)
        assert text == statustable.plain_table(catalogs, totals, 300, details, issues)
        buffer = io.StringIO()
        console = Console(file=buffer, highlight=False, soft_wrap=True, width=300, _environ={})
        console.print(status_table(rows, totals, details, issues, overview=overview))
        assert buffer.getvalue() == rich_text(catalogs, totals, 300, details, issues)


def test_plain_table_draws_a_usual_report_itself() -> None:
    """The fast path is taken for a report such as the benchmark's (and equals rich)."""
    catalogs = tuple(
        Stats(
            f"2019/article-{i}",
            lang,
            10,
            i % 11,
            1,
            10 - i % 11,
            0,
            200,
            20 * (i % 11),
            0,
            State.IN_PROGRESS if i % 11 < 10 else State.COMPLETE,
        )
        for i in range(250)
        for lang in ("de", "pt_BR", "zh_Hans")
    )
    totals = (Stats("", "de", 9, 3, state=State.IN_PROGRESS, errors=1),)
    for details in (None, True):
        text = statustable.plain_table(catalogs, totals, 160, details=details)
        assert text is not None
        assert text == rich_text(catalogs, totals, 160, details, False)
    missing = (Stats("a", "de"), Stats("b", "de", state=State.STALE))
    text = statustable.plain_table(missing, (), 160)
    assert text is not None and text == rich_text(missing, (), 160, None, False)
    assert statustable.plain_table((Stats("[red]x", "de"),), (), 160) is None
    assert statustable.plain_table(catalogs, totals, 60, details=True) is None


@pytest.mark.parametrize(
    ("env", "plain"),
    [({}, True), ({"FORCE_COLOR": "1"}, False), ({"TTY_COMPATIBLE": "1"}, False)],
)
def test_piped_status_table_without_rich(tmp_path: Path, env: dict[str, str], plain: bool) -> None:
    """A piped ``status`` table is drawn without importing rich, unless colour is forced."""
    ws = tmp_path / "ws"
    (ws / "sources").mkdir(parents=True)
    (ws / "transflow.toml").write_text('languages = ["de", "pt_BR"]\n')
    (ws / "sources" / "launch.txt").write_text("Launch\n\nWe launch a rocket today.\n")
    code = (
        "import sys; from transflow.cli.app import main; sys.argv = ['transflow', 'status'];\n"
        "try:\n    main()\nfinally:\n"
        "    print('rich' in sys.modules, file=sys.stderr)"
    )
    base = dict(os.environ)
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "COLUMNS"):
        base.pop(name, None)
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ws, capture_output=True, text=True, env={**base, **env}
    )
    assert run.returncode == 0 and "launch" in run.stdout, run.stderr
    assert run.stdout.startswith("Translation status\n┏") is plain
    assert run.stderr.strip().splitlines()[-1] == str(not plain)
