"""Query results for the pages: short-lived read-only connections, cached by filters.

The cache key includes the database file's modification stamp, so results
refresh by themselves after an ingest (from this process or another).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from analysis.query import entities as entity_queries
from analysis.query import keywords as keyword_queries
from analysis.query import peaks
from analysis.query import products as product_queries
from analysis.query import series as queries
from analysis.query.filters import Filters
from analysis.store.db import DatabaseBusy, read_connection, resolve_db_path
from analysis.timezones import parse_tz

QUERIES: dict[str, Callable] = {
    "items_over_time": queries.items_over_time,
    "key_figures": queries.key_figures,
    "list_items": queries.list_items,
    "count_items": queries.count_items,
    "items_in_bucket": queries.items_in_bucket,
    "top_keywords": keyword_queries.top_keywords,
    "keyword_series": keyword_queries.keyword_series,
    "category_series": keyword_queries.category_series,
    "rising_keywords": keyword_queries.rising_keywords,
    "top_companies": entity_queries.top_companies,
    "company_series": entity_queries.company_series,
    "co_mentions": entity_queries.co_mentions,
    "top_sources": entity_queries.top_sources,
    "source_series": entity_queries.source_series,
    "unknown_organizations": entity_queries.unknown_organization_candidates,
    "top_models": product_queries.top_models,
    "top_families": product_queries.top_families,
    "model_series": product_queries.model_series,
    "family_series": product_queries.family_series,
    "rising_models": product_queries.rising_models,
    "peak_headlines": peaks.top_item_headlines,
}


def db_path() -> str:
    return resolve_db_path()


def db_version() -> tuple:
    """Changes whenever the database or its write-ahead log changes."""
    stamps = []
    for path in (db_path(), db_path() + ".wal"):
        try:
            stat = os.stat(path)
            stamps.append((stat.st_mtime_ns, stat.st_size))
        except FileNotFoundError:
            stamps.append(None)
    return tuple(stamps)


@st.cache_data(max_entries=512, ttl=900, show_spinner=False)
def _cached(name: str, filters: Filters, version: tuple, path: str, kwargs: tuple):
    with read_connection(path) as con:
        return QUERIES[name](con, filters, **dict(kwargs))


def query(name: str, filters: Filters, **kwargs):
    """Run a named query; while another process holds the lock too long, say so and return nothing."""
    try:
        return _cached(
            name,
            filters,
            db_version(),
            db_path(),
            tuple(sorted(kwargs.items(), key=lambda kv: kv[0])),
        )
    except DatabaseBusy:
        st.warning(
            st.session_state.get("_busy_message", "The database is busy; try again in a moment.")
        )
        return (
            pd.DataFrame() if name not in ("key_figures", "count_items", "peak_headlines") else None
        )


@st.cache_data(max_entries=8, ttl=900, show_spinner=False)
def _extent(version: tuple, path: str, tz: str) -> tuple[date | None, date | None]:
    with read_connection(path) as con:
        first, last = con.execute(
            "SELECT min(published_at), max(published_at) FROM items"
        ).fetchone()
    zone = parse_tz(tz)
    return (
        first.astimezone(zone).date() if first else None,
        last.astimezone(zone).date() if last else None,
    )


def data_extent(tz: str) -> tuple[date | None, date | None]:
    try:
        return _extent(db_version(), db_path(), tz)
    except DatabaseBusy:
        return None, None


@st.cache_data(max_entries=8, ttl=900, show_spinner=False)
def _options(version: tuple, path: str) -> dict[str, list[str]]:
    with read_connection(path) as con:
        categories = [
            r[0]
            for r in con.execute("""
            SELECT category FROM (SELECT category FROM item_categories
                                  UNION ALL SELECT unnest(categories) FROM digests)
            GROUP BY 1 ORDER BY count(*) DESC, 1""").fetchall()
        ]
        companies = [
            r[0]
            for r in con.execute(
                "SELECT company FROM item_companies GROUP BY 1 ORDER BY count(DISTINCT item_id) DESC, 1 LIMIT 400"
            ).fetchall()
        ]
        sources = [
            r[0]
            for r in con.execute(
                "SELECT source FROM item_sources GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 400"
            ).fetchall()
        ]
    return {"categories": categories, "companies": companies, "sources": sources}


def filter_options() -> dict[str, list[str]]:
    try:
        return _options(db_version(), db_path())
    except DatabaseBusy:
        return {"categories": [], "companies": [], "sources": []}


def item_total() -> int:
    try:
        with read_connection(db_path()) as con:
            return int(con.execute("SELECT count(*) FROM items").fetchone()[0])
    except DatabaseBusy:
        return -1


@st.cache_data(max_entries=64, ttl=900, show_spinner=False)
def _compare(
    first: Filters, second: Filters, dimension: str, version: tuple, path: str
) -> pd.DataFrame:
    from analysis.query.compare import period_deltas

    with read_connection(path) as con:
        return period_deltas(con, first, second, dimension)


def query_compare(first: Filters, second: Filters, dimension: str) -> pd.DataFrame:
    try:
        return _compare(first, second, dimension, db_version(), db_path())
    except DatabaseBusy:
        st.warning(
            st.session_state.get("_busy_message", "The database is busy; try again in a moment.")
        )
        return pd.DataFrame()
