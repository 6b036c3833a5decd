"""The rewrites made for scale (benchmarks/bench_scale.py) give the same answers as the plain forms."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pandas as pd
import pytest

from analysis.enrich.pipeline import enrich_entities
from analysis.ingest.pipeline import ingest_paths
from analysis.query import sql as fragments
from analysis.query.entities import company_series
from analysis.query.filters import Filters
from analysis.query.granularity import GRANULARITIES
from analysis.query.keywords import category_series
from analysis.query.series import items_in_bucket, items_over_time, list_items


@pytest.mark.parametrize("tz", ["+08:00", "-05:00", "UTC", "+05:30", "Asia/Shanghai"])
@pytest.mark.parametrize("granularity", list(GRANULARITIES))
def test_buckets_equal_icu_time_bucket(tz, granularity):
    """Fixed offsets are bucketed with integer arithmetic; it must agree with ICU everywhere,
    also before the 2000-01-03 origin and before 1970."""
    con = duckdb.connect(":memory:")
    con.execute("""CREATE TABLE t AS SELECT make_timestamptz(CAST(random() * 4e17 - 2e17 AS BIGINT)) AS published_at
                   FROM range(20000) UNION ALL SELECT make_timestamptz(0)
                   UNION ALL SELECT TIMESTAMPTZ '2000-01-02 16:00:00+00'
                   UNION ALL SELECT TIMESTAMPTZ '1999-12-31 23:59:59+00'""")
    f = Filters(granularity=granularity, tz=tz)
    fast = fragments.bucket(f)
    if tz == "+05:30":  # ICU has no Etc/ name for half hours: shift to UTC and back by hand
        expected = "time_bucket(CAST(? AS INTERVAL), published_at + INTERVAL 330 MINUTE, 'UTC') - INTERVAL 330 MINUTE"
        expected_params = [GRANULARITIES[granularity].interval]
    else:
        expected = "time_bucket(CAST(? AS INTERVAL), published_at, ?)"
        expected_params = [GRANULARITIES[granularity].interval, f.duckdb_tz]
    differing = con.execute(
        f"SELECT count(*) FROM t WHERE ({fast.text}) IS DISTINCT FROM ({expected})",
        [*fast.params, *expected_params],
    ).fetchone()[0]
    assert differing == 0


@pytest.fixture
def enriched(good_folder, db_path):
    ingest_paths([str(good_folder)], db_path)
    enrich_entities(db_path)
    with duckdb.connect(
        db_path
    ) as con:  # declared categories as the item categories, as the benchmark does
        con.execute("""INSERT INTO item_categories SELECT i.item_id, unnest(d.categories), 1.0, 'declared'
                       FROM items i JOIN digests d USING (digest_id)""")
    with duckdb.connect(db_path, read_only=True) as con:
        yield con


def test_items_over_time_counts_items_and_digests(enriched):
    f = Filters(granularity="month")
    frame = items_over_time(enriched, f)
    assert frame["items"].sum() == enriched.execute("SELECT count(*) FROM items").fetchone()[0]
    assert frame["digests"].sum() == enriched.execute("SELECT count(*) FROM digests").fetchone()[0]


def test_list_items_by_ids_and_pages(enriched):
    everything = list_items(enriched, Filters(), limit=1000)
    assert everything["published_at"].is_monotonic_decreasing
    some = everything["item_id"].iloc[[0, 3, 5]].tolist()
    picked = list_items(enriched, Filters(), item_ids=some + [10**9])
    assert sorted(picked["item_id"]) == sorted(some)
    assert list_items(enriched, Filters(), item_ids=[]).empty
    second_page = list_items(enriched, Filters(), limit=3, offset=3)
    assert second_page["item_id"].tolist() == everything["item_id"].iloc[3:6].tolist()
    companies = enriched.execute(
        """SELECT list(DISTINCT company ORDER BY company) FROM item_companies
                                    WHERE item_id = ?""",
        [some[0]],
    ).fetchone()[0]
    assert everything.set_index("item_id").loc[some[0], "companies"] == companies


def test_items_in_bucket_with_a_company_key(enriched):
    f = Filters(granularity="month")
    for bucket in items_over_time(enriched, f)["bucket"]:
        found = items_in_bucket(
            enriched, f, bucket.to_pydatetime(), key_kind="company", key="NVIDIA"
        )
        end = bucket + pd.DateOffset(months=1)
        expected = {
            row[0]
            for row in enriched.execute(
                """
            SELECT DISTINCT i.item_id FROM items i JOIN item_companies c USING (item_id)
            WHERE c.company = 'NVIDIA' AND i.published_at >= ? AND i.published_at < ?""",
                [bucket.to_pydatetime(), end.to_pydatetime()],
            ).fetchall()
        }
        assert set(found["item_id"]) == expected


def test_series_with_keys_gives_every_key_in_every_bucket_in_the_order_asked(enriched):
    first = enriched.execute("SELECT min(published_at) FROM items").fetchone()[0].date()
    f = Filters(start=first - timedelta(days=3), end=date(2026, 12, 31), granularity="week")
    series = company_series(enriched, f, companies=["NVIDIA", "Nobody Inc", "Boston Dynamics"])
    buckets = series["bucket"].unique()
    assert len(series) == 3 * len(buckets)
    for _, group in series.groupby("bucket"):
        assert group["key"].tolist() == ["NVIDIA", "Nobody Inc", "Boston Dynamics"]
    assert series.loc[series["key"] == "Nobody Inc", "count"].eq(0).all()
    assert series.loc[series["key"] == "NVIDIA", "count"].sum() == 3
    # Partial: a bucket the range covers only in part, where the range stops at the data (the
    # 4-hour cadence holding its first and last item), so a half-filled bucket is marked.
    low, high = enriched.execute(
        "SELECT min(published_at), max(published_at) FROM items"
    ).fetchone()
    cadence = pd.Timedelta(hours=4)
    data_start = pd.Timestamp(low).tz_convert(f.zone).floor("4h")
    data_end = pd.Timestamp(high).tz_convert(f.zone).floor("4h") + cadence
    starts = max(pd.Timestamp(f.start_instant()), data_start)
    ends = min(pd.Timestamp(f.end_instant()), data_end)
    assert (
        series["partial"].tolist()
        == (
            (series["bucket"] < starts) | (series["bucket"] + pd.Timedelta(weeks=1) > ends)
        ).tolist()
    )


def test_declared_categories_count_each_item_once(enriched):
    series = category_series(enriched, Filters(granularity="month"), kind="declared")
    expected = dict(
        enriched.execute("""
        SELECT category, count(DISTINCT item_id) FROM (
            SELECT i.item_id, unnest(d.categories) AS category FROM items i JOIN digests d USING (digest_id))
        GROUP BY 1""").fetchall()
    )
    assert series.groupby("key")["count"].sum().to_dict() == expected
