"""Every query a reader runs by name — the dashboard's pages, the CLI's views and `stats` — in
one typed registry, with what a reader shows in its place while the database is locked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import duckdb
import pandas as pd

from analysis.query import (
    annotations,
    compare,
    database,
    entities,
    keywords,
    kinds,
    peaks,
    products,
    related,
    rising,
    series,
    stories,
    terms,
)
from analysis.query.filters import Filters

T = TypeVar("T")


@dataclass(frozen=True)
class NamedQuery(Generic[T]):
    function: Callable[..., T]
    """Called as function(con, filters, **options), or function(con, **options) when not `filtered`."""
    when_busy: Callable[[], T]
    """The empty result a reader shows while another process holds the database."""
    filtered: bool = True


def _frame() -> pd.DataFrame:
    return pd.DataFrame()


def _nothing() -> None:
    return None


QUERIES: dict[str, NamedQuery[Any]] = {
    "items_over_time": NamedQuery(series.items_over_time, _frame),
    "key_figures": NamedQuery(series.key_figures, _nothing),
    "list_items": NamedQuery(series.list_items, _frame),
    "count_items": NamedQuery(series.count_items, _nothing),
    "items_in_bucket": NamedQuery(series.items_in_bucket, _frame),
    "top_keywords": NamedQuery(keywords.top_keywords, _frame),
    "keyword_series": NamedQuery(keywords.keyword_series, _frame),
    "category_series": NamedQuery(keywords.category_series, _frame),
    "rising_keywords": NamedQuery(keywords.rising_keywords, _frame),
    "top_companies": NamedQuery(entities.top_companies, _frame),
    "company_series": NamedQuery(entities.company_series, _frame),
    "co_mentions": NamedQuery(entities.co_mentions, _frame),
    "top_sources": NamedQuery(entities.top_sources, _frame),
    "source_series": NamedQuery(entities.source_series, _frame),
    "unknown_organizations": NamedQuery(entities.unknown_organization_candidates, _frame),
    "top_models": NamedQuery(products.top_models, _frame),
    "top_families": NamedQuery(products.top_families, _frame),
    "model_series": NamedQuery(products.model_series, _frame),
    "family_series": NamedQuery(products.family_series, _frame),
    "rising_models": NamedQuery(products.rising_models, _frame),
    "peak_headlines": NamedQuery(peaks.top_item_headlines, _nothing),
    "peak_candidates": NamedQuery(peaks.peak_candidates, _frame),
    "period_deltas": NamedQuery(compare.period_deltas, _frame),
    "keyword_labels": NamedQuery(keywords.display_labels, dict),
    "rising": NamedQuery(rising.rising, _frame),
    "rising_window": NamedQuery(rising.rising_window, _nothing),
    "term_series": NamedQuery(terms.term_series, _frame),
    "term_totals": NamedQuery(terms.term_totals, _frame),
    "vocabulary": NamedQuery(terms.vocabulary, list),
    "related": NamedQuery(related.related, _frame),
    "annotations": NamedQuery(annotations.annotations, _frame),
    "available_kinds": NamedQuery(kinds.available_kinds, list, filtered=False),
    "data_span": NamedQuery(series.data_extent, lambda: (None, None), filtered=False),
    "top_stories": NamedQuery(stories.top_stories, _frame),
    "story": NamedQuery(stories.story, _nothing),
    "story_items": NamedQuery(stories.story_items, _frame),
    "story_timeline": NamedQuery(stories.story_timeline, _frame),
    "story_companies": NamedQuery(stories.story_companies, _frame),
    "story_models": NamedQuery(stories.story_models, _frame),
    "similar_items": NamedQuery(stories.similar_items, _frame),
    "data_extent_days": NamedQuery(database.data_extent_days, lambda: (None, None), filtered=False),
    "filter_options": NamedQuery(
        database.filter_options,
        lambda: {"categories": [], "companies": [], "sources": [], "series": []},
        filtered=False,
    ),
    "ingest_problems": NamedQuery(database.ingest_problems, _nothing, filtered=False),
    "database_stats": NamedQuery(database.database_stats, _nothing, filtered=False),
    "text_kept_by_series": NamedQuery(database.text_kept_by_series, _frame, filtered=False),
    "least_kept_files": NamedQuery(database.least_kept_files, _frame, filtered=False),
}


def run(
    con: duckdb.DuckDBPyConnection, name: str, filters: Filters | None = None, **options: Any
) -> Any:
    """Run the named query; `filters` is required for filtered queries and refused otherwise."""
    entry = QUERIES[name]
    if entry.filtered:
        if filters is None:
            raise TypeError(f"query {name!r} needs filters")
        return entry.function(con, filters, **options)
    if filters is not None:
        raise TypeError(f"query {name!r} reads the whole database and takes no filters")
    return entry.function(con, **options)


def when_busy(name: str) -> Any:
    return QUERIES[name].when_busy()
