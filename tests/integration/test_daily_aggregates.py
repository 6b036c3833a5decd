"""The per-day pre-aggregates: every fast path returns exactly the plain query's frame, and the
tables stay exact through ingest, replacement, prunes and re-enrichment."""

from __future__ import annotations

import shutil
from datetime import date, timedelta

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_enrich import HashingBackend

from analysis.enrich.pipeline import enrich_all, enrich_entities
from analysis.ingest.pipeline import ingest_paths
from analysis.query import entities as E
from analysis.query import keywords as K
from analysis.query import products as P
from analysis.query import series as Q
from analysis.query.filters import Filters, daily_answerable
from analysis.store import daily
from analysis.store.db import write_connection
from benchmarks.generate_corpus import generate

MODEL = "hashing-daily"
FIRST_DAY = date(2026, 1, 1)


@pytest.fixture(scope="module")
def enriched(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("daily")
    generate(root / "digests", days=12, start=FIRST_DAY)
    db = str(root / "daily.duckdb")
    ingest_paths([str(root / "digests")], db)
    enrich_all(db, backend=HashingBackend(MODEL))
    return db


def _fast_and_plain(monkeypatch, db: str, run):
    with duckdb.connect(db, read_only=True) as con:
        monkeypatch.setenv("TRENDBOARD_PRE_AGGREGATES", "1")
        fast = run(con)
        monkeypatch.setenv("TRENDBOARD_PRE_AGGREGATES", "0")
        plain = run(con)
    return fast, plain


def _assert_same(fast, plain) -> None:
    if isinstance(fast, pd.DataFrame):
        pd.testing.assert_frame_equal(fast, plain)
    else:
        assert fast == plain


QUERIES = {
    "items_over_time": Q.items_over_time,
    "key_figures": Q.key_figures,
    "count_items": Q.count_items,
    "top_companies": lambda c, f: E.top_companies(c, f, limit=15),
    "top_companies direct": lambda c, f: E.top_companies(c, f, include_products=False),
    "company_series": E.company_series,
    "company_series direct": lambda c, f: E.company_series(c, f, include_products=False),
    "co_mentions": E.co_mentions,
    "co_mentions with products": lambda c, f: E.co_mentions(c, f, include_products=True),
    "top_sources": E.top_sources,
    "source_series": E.source_series,
    "top_keywords": lambda c, f: K.top_keywords(c, f, limit=40),
    "top_keywords background": lambda c, f: K.top_keywords(c, f, include_background=True),
    "keyword_series": K.keyword_series,
    "display_labels": lambda c, f: K.display_labels(c, f),
    "category_series inferred": lambda c, f: K.category_series(c, f, "inferred"),
    "category_series declared": lambda c, f: K.category_series(c, f, "declared"),
    "top_models": lambda c, f: P.top_models(c, f, limit=30),
    "top_models of a kind": lambda c, f: P.top_models(c, f, kind="model"),
    "top_families": P.top_families,
    "model_series": P.model_series,
    "family_series": P.family_series,
}

days = st.one_of(st.none(), st.integers(-3, 15).map(lambda n: FIRST_DAY + timedelta(days=n)))
filters = st.builds(
    lambda start, end, granularity, tz, model: Filters(
        start=start, end=end, granularity=granularity, tz=tz, model=model
    ),
    days,
    days,
    st.sampled_from(["day", "week", "month"]),
    st.just("+08:00"),
    st.sampled_from([MODEL, "no-such-model"]),
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(f=filters, name=st.sampled_from(sorted(QUERIES)))
def test_every_fast_path_equals_the_plain_query(enriched, monkeypatch, f, name):
    monkeypatch.setenv("TRENDBOARD_PRE_AGGREGATES", "1")
    with duckdb.connect(enriched, read_only=True) as con:
        assert daily_answerable(con, f)  # the fast path is taken, so the comparison means something
    fast, plain = _fast_and_plain(monkeypatch, enriched, lambda con: QUERIES[name](con, f))
    _assert_same(fast, plain)


combinations = st.builds(
    lambda start, end, granularity, tz, extra: Filters(
        start=start, end=end, granularity=granularity, tz=tz, model=MODEL, **extra
    ),
    days,
    days,
    st.sampled_from(["4h", "day", "week", "month"]),
    st.sampled_from(["+08:00", "UTC", "Asia/Shanghai"]),
    st.sampled_from(
        [
            {},
            {"text": "模型"},
            {"companies": ("OpenAI",)},
            {"categories": ("Robotics",)},
            {"count_by": "stories"},
        ]
    ),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(f=combinations, name=st.sampled_from(sorted(QUERIES)))
def test_the_fast_path_is_taken_exactly_when_the_filters_allow_and_agrees(
    enriched, monkeypatch, f, name
):
    monkeypatch.setenv("TRENDBOARD_PRE_AGGREGATES", "1")
    allowed = f.tz == "+08:00" and f.granularity != "4h" and f.count_by == "items"
    allowed = allowed and not (f.text or f.companies or f.categories)
    with duckdb.connect(enriched, read_only=True) as con:
        assert daily_answerable(con, f) == allowed
    fast, plain = _fast_and_plain(monkeypatch, enriched, lambda con: QUERIES[name](con, f))
    _assert_same(fast, plain)


def test_the_fast_paths_cover_the_data(enriched, monkeypatch):
    """Not vacuous: the default filters give rows for every query."""
    f = Filters(model=MODEL, granularity="week")
    for name, run in QUERIES.items():
        fast, plain = _fast_and_plain(monkeypatch, enriched, lambda con, run=run: run(con, f))
        _assert_same(fast, plain)
        assert (fast if isinstance(fast, int) else len(fast)) > 0, name


@pytest.mark.parametrize(
    "f",
    [
        Filters(granularity="4h"),
        Filters(tz="UTC"),
        Filters(tz="Asia/Shanghai"),
        Filters(text="OpenAI"),
        Filters(companies=("OpenAI",)),
        Filters(sources=("x",)),
        Filters(series=("AI早报",)),
        Filters(categories=("Robotics",)),
        Filters(count_by="stories"),
    ],
    ids=repr,
)
def test_filters_the_days_cannot_answer_fall_back(enriched, f):
    with duckdb.connect(enriched, read_only=True) as con:
        assert not daily_answerable(con, f)


def test_a_range_clamped_inside_a_day_falls_back(enriched):
    with duckdb.connect(enriched, read_only=True) as con:
        assert not daily_answerable(con, Filters(start=date(1500, 1, 1)))
        assert daily_answerable(con, Filters(start=date(2000, 1, 1)))


def _tables(con) -> dict[str, list[tuple]]:
    return {
        t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
        for t in daily.DAILY_TABLES
    }


def _assert_exact(db: str) -> None:
    """The tables as maintained equal the tables built from scratch."""
    with write_connection(db) as con:
        kept = _tables(con)
        con.execute("BEGIN TRANSACTION")
        daily.refresh(con, None)
        rebuilt = _tables(con)
        con.execute("ROLLBACK")
    assert kept == rebuilt
    assert kept["daily_items"]


def test_the_tables_stay_exact_through_replacements_prunes_and_reenrichment(tmp_path):
    folder = tmp_path / "digests"
    generate(folder, days=5, start=FIRST_DAY)
    db = str(tmp_path / "kept.duckdb")
    ingest_paths([str(folder)], db)
    _assert_exact(db)  # items stored, nothing enriched yet
    enrich_all(db, backend=HashingBackend(MODEL))
    _assert_exact(db)
    files = sorted(folder.rglob("*.md"))
    # An edited file (new ids, same day), a deleted one (pruned), a moved one.
    edited = files[3]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("**", "** **Zyphra** ", 1), encoding="utf-8")
    files[5].unlink()
    files[7].rename(files[7].with_name("moved-" + files[7].name))
    summary = ingest_paths([str(folder)], db, prune=True)
    assert summary.replaced == 1 and summary.removed
    _assert_exact(db)  # items changed, their enrichment not yet: still exact
    enrich_all(db, backend=HashingBackend(MODEL))
    _assert_exact(db)
    enrich_entities(db, force=True)  # every entity row deleted and written again
    _assert_exact(db)
    enrich_all(db, backend=HashingBackend("hashing-other"))  # a second model's keywords
    _assert_exact(db)


def test_an_older_database_gets_its_tables_at_the_next_write(enriched, tmp_path):
    db = str(tmp_path / "old.duckdb")
    shutil.copy(enriched, db)
    with duckdb.connect(db) as con:
        for table in daily.DAILY_TABLES:
            con.execute(f"DROP TABLE {table}")
        con.execute("DELETE FROM meta WHERE key = ?", [daily.OFFSET_KEY])
    with duckdb.connect(db, read_only=True) as con:
        assert not daily_answerable(con, Filters())
        plain = Q.items_over_time(con, Filters())
    _assert_exact(db)
    with duckdb.connect(db, read_only=True) as con:
        assert daily_answerable(con, Filters())
        pd.testing.assert_frame_equal(Q.items_over_time(con, Filters()), plain)
