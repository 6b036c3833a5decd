"""Whole-database queries (extent, filter options, stats, ingest problems) and the catalog."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import UTC, date, datetime

import pytest
from conftest import DATA

from analysis.enrich.pipeline import enrich_entities
from analysis.ingest.pipeline import ingest_paths
from analysis.query import catalog
from analysis.query.filters import Filters
from analysis.store.db import read_connection


@pytest.fixture
def tagged_db(good_folder, db_path):
    shutil.copy(DATA / "no_items.md", good_folder / "no_items.md")
    ingest_paths([str(good_folder)], db_path)
    enrich_entities(db_path)
    with read_connection(db_path) as con:
        yield con


def test_stats_count_digests_items_failures_and_enrichment(tagged_db):
    stats = catalog.run(tagged_db, "database_stats")
    assert (stats.digests, stats.items, stats.failed_files) == (9, 20, 1)
    assert stats.first_digest == datetime(2026, 1, 6, 16, 0, 10, tzinfo=UTC)
    assert stats.last_digest == datetime(2026, 2, 13, tzinfo=UTC)
    assert stats.enriched_items == {"item_keywords": 0, "item_companies": 18, "item_categories": 0}


def test_extent_days_are_days_of_the_display_zone(tagged_db):
    # The first item is stamped 2026-01-06 16:00:10 UTC: already Jan 7 at +08:00.
    assert catalog.run(tagged_db, "data_extent_days", tz="+08:00") == (
        date(2026, 1, 7),
        date(2026, 2, 13),
    )
    assert catalog.run(tagged_db, "data_extent_days", tz="America/New_York") == (
        date(2026, 1, 6),
        date(2026, 2, 12),
    )


def test_filter_options_most_frequent_first(tagged_db):
    options = catalog.run(tagged_db, "filter_options")
    declared = Counter(
        c for (cs,) in tagged_db.execute("SELECT categories FROM digests").fetchall() for c in cs
    )
    assert options["categories"] == sorted(declared, key=lambda c: (-declared[c], c))
    assert options["companies"][:2] == ["Google", "NVIDIA"]  # three items each, then by name
    assert len(options["companies"]) == 22 and len(options["sources"]) == 11


def test_ingest_problems_list_the_failed_file(tagged_db):
    problems = catalog.run(tagged_db, "ingest_problems")
    assert list(problems.columns) == ["source_path", "line", "reason", "severity", "seen_at"]
    assert problems["source_path"].str.endswith("no_items.md").tolist() == [True]
    assert problems["severity"].tolist() == ["error"]
    assert problems["reason"].iloc[0].startswith("no news items found")


def test_the_catalog_refuses_filters_where_a_query_takes_none_and_the_reverse(tagged_db):
    with pytest.raises(TypeError):
        catalog.run(tagged_db, "database_stats", Filters())
    with pytest.raises(TypeError):
        catalog.run(tagged_db, "top_keywords")


def test_every_catalog_query_has_a_busy_result_of_its_kind():
    assert catalog.when_busy("top_keywords").empty
    assert catalog.when_busy("data_extent_days") == (None, None)
    assert catalog.when_busy("filter_options") == {
        "categories": [],
        "companies": [],
        "sources": [],
        "series": [],
    }
    assert catalog.when_busy("key_figures") is None
