"""Status holds little per catalog: its memory grows with the catalogs by the report's row,
nothing more; the stat cache is read a few articles at a time and written a batch
at a time (issue 15: memory at newsroom scale).

Measured with tracemalloc (Python's own count of the bytes it allocates, the same on
every machine), never with a clock."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from transflow.ops import extract, status
from transflow.workspace import config
from transflow.workspace import statcache as cache

LANGUAGES = '["ru", "de", "fr", "es", "it"]'


def _workspace(root: Path, articles: int) -> config.Config:
    (root / "sources").mkdir(parents=True)
    (root / "transflow.toml").write_text(f"languages = {LANGUAGES}\n")
    for i in range(articles):
        (root / "sources" / f"release-{i:04d}.txt").write_text(
            f"Council approves budget number {i}\n\nThe city council approved {i} million "
            "euros for new cycle lanes on Monday, the mayor said.\n\nWork starts in May.\n"
        )
    cfg = config.load(root)
    extract.run(cfg)
    return cfg


def _peak_of(run: Callable[[], status.StatusReport]) -> tuple[int, status.StatusReport]:
    tracemalloc.start()
    try:
        result = run()
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    real = time.time_ns  # entries recorded "later": settled, so a second run is warm
    monkeypatch.setattr(cache.time, "time_ns", lambda: real() + 10 * cache.RACY_NS)


@pytest.mark.parametrize("warm", [True, False], ids=["warm", "cold"])
def test_status_memory_per_catalog_is_its_row(
    tmp_path: Path, settled: None, warm: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # what a cold run puts is written 64 entries at a time here (2,048 in a real run,
    # which at this size would hold every entry until the end)
    monkeypatch.setattr(cache, "_BATCH", 64)
    peaks = []
    for articles in (40, 120):
        cfg = _workspace(tmp_path / str(articles), articles)
        if warm:
            status.run(cfg)
        else:
            for p in (cfg.state_dir / "cache").glob("status.sqlite*"):
                p.unlink()
        peak, report = _peak_of(lambda cfg=cfg: status.run(cfg))
        assert len(report.catalogs) == (articles + 1) * 5  # + letterhead
        peaks.append(peak)
    per_catalog = (peaks[1] - peaks[0]) / ((120 - 40) * 5)
    # about 280 bytes, warm or cold: the row (a Stats) and the run's share of what it
    # holds per article (its source, its path); 700 when the whole cache was held as
    # lines, 1,100 to 1,270 when status also held each cached record decoded, a list of
    # work to do and a tuple of counts per catalog
    assert per_catalog < 400, f"{per_catalog:.0f} bytes per catalog"


def test_the_word_count_memo_holds_an_article_or_two_not_the_newsroom() -> None:
    """Status counts a msgid's words once for all its languages (an article's catalogs are
    read one after the other): the memo behind it keeps a few thousand msgids, not every
    msgid it ever saw (at 3,000 articles, 41,500 of them: 14 MiB held to the end)."""
    from transflow.segment.words import count_words

    count_words.cache_clear()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for n in range(20_000):
            count_words(f"Paragraph {n}: " + "the council approved the budget " * 16)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
        count_words.cache_clear()
    # 20,000 msgids of 500 characters held: 12 MiB; a few thousand: under 4 MiB
    assert held < 4 * 2**20, f"{held / 2**20:.1f} MiB held"
