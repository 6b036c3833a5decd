"""The rising-term statistic on a constructed corpus with a known burst."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import duckdb
import numpy as np
import pytest

from analysis.query.filters import Filters
from analysis.query.keywords import keyword_series, rising_keywords, top_keywords
from analysis.query.rising import signed_g2
from analysis.store.schema import ensure_schema

CST = timezone(timedelta(hours=8))
DAYS = 35  # 28 days of baseline, then the 7-day window
ITEMS_PER_DAY = 20


def build_corpus() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    ensure_schema(con)
    item_id = 0
    start = datetime(2026, 3, 1, 0, 0, tzinfo=CST)
    for day in range(DAYS):
        in_window = day >= DAYS - 7
        con.execute(
            "INSERT INTO digests (digest_id, source_path, content_sha256, title, published_at, "
            "date_source, categories, item_count, ingested_at) "
            "VALUES (?, ?, ?, 't', ?, 'front_matter', [], ?, now())",
            [day, f"d{day}.md", f"sha{day}", start + timedelta(days=day), ITEMS_PER_DAY],
        )
        for n in range(ITEMS_PER_DAY):
            item_id += 1
            published = start + timedelta(days=day, hours=4 * (n % 6))
            con.execute(
                "INSERT INTO items (item_id, digest_id, position, headline, summary, published_at, "
                "content_sha256, extra_urls, bold_terms) VALUES (?, ?, ?, ?, '', ?, ?, [], [])",
                [item_id, day, n + 1, f"item {item_id}", published, f"h{item_id}"],
            )
            keywords = []
            if n % 5 == 0:
                keywords.append(("Steady Term", "steady term"))  # 20% every day
            if (in_window and n % 2 == 0) or (not in_window and n == 7 and day % 7 == 0):
                keywords.append(("Burst", "burst"))  # 50% in the window, rare before
            if in_window and n == 3:
                keywords.append(("新词", "新词"))  # absent from the baseline
            if n % 10 == 1 and day % 2 == 0:
                keywords.append(("Background", "background"))  # ~5%, steady on average
            for keyword, norm in keywords:
                con.execute(
                    "INSERT INTO item_keywords VALUES (?, ?, ?, 0.5, 'keybert', 'm')",
                    [item_id, keyword, norm],
                )
    return con


@pytest.fixture(scope="module")
def corpus():
    return build_corpus()


def test_burst_ranks_first_steady_absent_new_flagged(corpus):
    f = Filters(model="m", end=date(2026, 4, 4))
    rising = rising_keywords(corpus, f, window_days=7, baseline_days=28, min_support=3)
    assert rising["keyword_norm"].iloc[0] == "burst"
    assert "steady term" not in set(rising["keyword_norm"])
    assert "background" not in set(rising["keyword_norm"])
    new = rising[rising["keyword_norm"] == "新词"].iloc[0]
    assert bool(new["new"]) and new["baseline_count"] == 0 and new["window_count"] == 7
    assert new["ratio"] == float("inf")
    burst = rising.iloc[0]
    assert (burst["window_count"], burst["baseline_count"]) == (70, 4)
    assert burst["window_rate"] == pytest.approx(70 / 140)
    assert burst["baseline_rate"] == pytest.approx(4 / 560)
    assert not bool(burst["new"])
    assert len(burst["item_ids"]) == 70
    assert burst["keyword"] == "Burst"


def test_g2_matches_a_hand_computation():
    a, n1, b, n2 = 30, 100, 10, 300
    cells = [
        (a, (a + b) * n1 / (n1 + n2)),
        (b, (a + b) * n2 / (n1 + n2)),
        (n1 - a, (n1 + n2 - a - b) * n1 / (n1 + n2)),
        (n2 - b, (n1 + n2 - a - b) * n2 / (n1 + n2)),
    ]
    expected = 2 * sum(o * np.log(o / e) for o, e in cells)
    assert signed_g2(np.array([a]), n1, np.array([b]), n2)[0] == pytest.approx(expected)
    assert signed_g2(np.array([b]), n2, np.array([a]), n1)[0] == pytest.approx(-expected)
    assert signed_g2(np.array([5]), 10, np.array([5]), 0)[0] == 0


def test_keyword_series_shares_and_labels(corpus):
    f = Filters(model="m", granularity="week", start=date(2026, 3, 2), end=date(2026, 4, 4))
    series = keyword_series(corpus, f, keywords=["steady term", "burst"])
    steady = series[series["key"] == "steady term"]
    assert np.allclose(steady["share"], 0.2)
    assert set(series["label"]) == {"Steady Term", "Burst"}
    # Each bucket's count never exceeds the bucket's items, and shares are count / items.
    assert (series["count"] <= series["items"]).all()
    assert np.allclose(series["share"], series["count"] / series["items"])
    assert series.groupby("bucket")["items"].nunique().eq(1).all()
    # 2026-03-02 is a Monday; 2026-04-04 a Saturday: the last week is cut short, so it is partial.
    assert series.sort_values("bucket")["partial"].iloc[-1]
    assert not series.sort_values("bucket")["partial"].iloc[0]


def test_top_keywords(corpus):
    top = top_keywords(corpus, Filters(model="m"), limit=2)
    assert top["keyword_norm"].tolist() == ["steady term", "burst"]
    assert top["items"].iloc[0] == DAYS * ITEMS_PER_DAY // 5


def test_drill_down_on_a_keyword_includes_bold_term_rows(corpus):
    from analysis.query.series import items_in_bucket

    corpus.execute(
        "INSERT INTO item_keywords VALUES (1, 'Only Bold', 'only bold', 1.0, 'bold', '')"
    )
    try:
        frame = items_in_bucket(
            corpus,
            Filters(model="m"),
            bucket_start=datetime(2026, 3, 1, tzinfo=CST),
            key_kind="keyword",
            key="only bold",
        )
        assert frame["item_id"].tolist() == [1]
    finally:
        corpus.execute("DELETE FROM item_keywords WHERE keyword_norm = 'only bold'")
