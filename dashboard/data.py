"""Query results for the pages: short-lived read-only connections, cached by filters.

The cache key includes the database file's modification stamp, so results
refresh by themselves after an ingest (from this process or another).
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from analysis.query import catalog
from analysis.query.filters import Filters
from analysis.store.db import DatabaseBusy, read_connection, resolve_db_path


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
def _cached(name: str, filters: Filters | None, version: tuple, path: str, options: tuple):
    with read_connection(path) as con:
        return catalog.run(con, name, filters, **dict(options))


def _run(name: str, filters: Filters | None, options: dict[str, Any]):
    return _cached(
        name, filters, db_version(), db_path(), tuple(sorted(options.items(), key=lambda kv: kv[0]))
    )


def query(name: str, filters: Filters | None, **options):
    """Run a named query (`analysis.query.catalog`); while another process holds the lock too
    long, say so and return the query's empty result."""
    try:
        return _run(name, filters, options)
    except DatabaseBusy:
        st.warning(
            st.session_state.get("_busy_message", "The database is busy; try again in a moment.")
        )
        return catalog.when_busy(name)


def _quiet(name: str, **options):
    """`query` for the sidebar's inputs, which fall back to their empty result without a word."""
    try:
        return _run(name, None, options)
    except DatabaseBusy:
        return catalog.when_busy(name)


def data_extent(tz: str) -> tuple[date | None, date | None]:
    return _quiet("data_extent_days", tz=tz)


def filter_options() -> dict[str, list[str]]:
    return _quiet("filter_options")


def ingest_problems() -> pd.DataFrame | None:
    """The recorded ingest problems, or None while the database is locked."""
    return _quiet("ingest_problems")


def text_kept() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Text kept per series and the files that kept the least (empty while the database is locked)."""
    return _quiet("text_kept_by_series"), _quiet("least_kept_files", limit=20)


def query_compare(first: Filters, second: Filters, dimension: str) -> pd.DataFrame:
    return query("period_deltas", first, second=second, dimension=dimension)
