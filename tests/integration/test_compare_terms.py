"""Compare, Related and Rising on the sample corpus: exact counts, never invented zeros."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from analysis.query.compare import period_deltas
from analysis.query.filters import Filters
from analysis.query.related import related
from analysis.query.rising import rising
from analysis.query.series import items_in_bucket, list_items
from analysis.query.terms import clean_terms, parse_term, term_series, term_totals
from analysis.store.db import read_connection


@pytest.fixture(scope="module")
def con(sample_db):
    with read_connection(sample_db) as connection:
        yield connection


def _last_day(con):
    return con.execute("SELECT max(published_at) FROM items").fetchone()[0].astimezone().date()


def _exact_keyword_items(con, f: Filters, key: str) -> int:
    start, end = f.start_instant(), f.end_instant()
    return con.execute(
        """SELECT count(DISTINCT k.item_id) FROM item_keywords k JOIN items i USING (item_id)
           WHERE k.keyword_norm = ? AND (k.model = ? OR k.model = '')
             AND i.published_at >= ? AND i.published_at < ?""",
        [key, f.model, start, end],
    ).fetchone()[0]


def test_period_deltas_count_every_key_exactly_in_both_periods(con):
    end = _last_day(con)
    second = Filters(start=end - timedelta(days=6), end=end)
    first = Filters(start=end - timedelta(days=13), end=end - timedelta(days=7))
    deltas = period_deltas(con, first, second, "keywords", limit=40)
    assert len(deltas) == 40
    for row in deltas.itertuples():
        assert row.items_a == _exact_keyword_items(con, first, row.key), row.key
        assert row.items_b == _exact_keyword_items(con, second, row.key), row.key


def test_terms_are_or_of_spellings_and_whole_words():
    assert parse_term(" 英伟达 | NVIDIA |nvidia|") == ("英伟达", "NVIDIA")
    assert clean_terms(["a|b", "B|A", "", "c", "d", "e", "f", "g"]) == ("a|b", "B|A", "c", "d", "e")


def test_a_term_outside_every_top_list_is_counted_from_the_text(con):
    f = Filters()
    rare = con.execute(
        """SELECT keyword FROM item_keywords GROUP BY keyword HAVING count(DISTINCT item_id) = 2
           ORDER BY keyword LIMIT 1"""
    ).fetchone()[0]
    series = term_series(con, f, (rare,))
    assert series["count"].sum() >= 2
    assert set(series["key"]) == {rare}
    either = term_totals(con, f, ("英伟达|NVIDIA", "英伟达", "NVIDIA"))
    both, zh, en = either["items"].tolist()
    assert max(zh, en) <= both <= zh + en
    assert both > 0


def test_term_drill_down_lists_the_bucket_items_that_mention_it(con):
    f = Filters(granularity="week")
    series = term_series(con, f, ("OpenAI",))
    busiest = series.sort_values("count").iloc[-1]
    items = items_in_bucket(
        con, f, busiest["bucket"].to_pydatetime(), key_kind="term", key="OpenAI", limit=500
    )
    assert len(items) == busiest["count"]


def test_related_ranks_by_lift_and_never_lists_the_term_itself(con):
    frame = related(con, Filters(), "OpenAI", kind="company", min_together=3)
    assert not frame.empty
    assert "OpenAI" not in set(frame["key"])
    assert list(frame["lift"]) == sorted(frame["lift"], reverse=True)
    n = con.execute("SELECT count(*) FROM items").fetchone()[0]
    row = frame.iloc[0]
    assert row["lift"] == pytest.approx(
        row["together"] * n / (row["key_items"] * row["term_items"])
    )


def test_rising_companies_have_sparklines_and_evidence(con):
    from analysis.query.rising import rising_window

    frame = rising(con, Filters(), kind="company", min_g2=0.0, min_support=2, limit=5)
    assert not frame.empty
    window = rising_window(con, Filters(), window_days=7, baseline_days=28)
    for row in frame.itertuples():
        assert len(row.sparkline) == window.days + window.baseline_days
        assert sum(row.sparkline[-7:]) == row.window_count
        assert len(row.item_ids) == row.window_count


def test_the_rising_baseline_starts_no_earlier_than_the_data(con):
    from analysis.query.database import data_extent_days
    from analysis.query.rising import rising_window

    first, last = data_extent_days(con, Filters().zone)
    days = (last - first).days + 1
    window = rising_window(con, Filters(), window_days=7, baseline_days=days * 2)
    assert window.baseline_start == first
    assert window.baseline_days == days - 7
    long = rising(
        con, Filters(), kind="company", min_g2=0.0, min_support=2, limit=5, baseline_days=days * 2
    )
    assert not long.empty
    # the sparkline covers the days with data, not the asked-for days before them
    assert {len(line) for line in long["sparkline"]} == {days}
    # a window that starts with the data has nothing to rise against
    whole = rising_window(con, Filters(), window_days=days, baseline_days=28)
    assert whole.baseline_days == 0
    assert rising(con, Filters(), kind="company", window_days=days, min_g2=0.0).empty


def test_list_items_takes_ids_as_numpy_integers(con):
    # The rising table hands over ids from a DataFrame cell: numpy.int64, which DuckDB cannot bind.
    ids = con.execute("SELECT item_id FROM items ORDER BY item_id LIMIT 3").fetchall()
    frame = list_items(con, Filters(), item_ids=tuple(np.array([i for (i,) in ids])))
    assert sorted(frame["item_id"]) == [i for (i,) in ids]
