"""Two ingests, two enrichments, two re-tags at once on one database: every table equals one run's."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import duckdb
import pytest
from conftest import PROJECT

# Per table: the rows that say what it holds, with item ids replaced by (file, position) so
# that the comparison does not depend on which process happened to number the items.
CONTENT_QUERIES = {
    "digests": "SELECT source_path, content_sha256, title, published_at, date_source, categories, "
    "item_count FROM digests",
    "items": "SELECT d.source_path, i.position, i.headline, i.summary, i.url, i.content_sha256 "
    "FROM items i JOIN digests d USING (digest_id)",
    "ingest_errors": "SELECT source_path, line, reason, severity FROM ingest_errors",
    "item_keywords": "SELECT d.source_path, i.position, k.keyword, k.keyword_norm, round(k.score, 6), "
    "k.origin, k.model FROM item_keywords k JOIN items i USING (item_id) JOIN digests d USING (digest_id)",
    "item_categories": "SELECT d.source_path, i.position, c.category, round(c.score, 6), c.method "
    "FROM item_categories c JOIN items i USING (item_id) JOIN digests d USING (digest_id)",
    "item_companies": "SELECT d.source_path, i.position, c.company, c.mention, c.start, c.via_product "
    "FROM item_companies c JOIN items i USING (item_id) JOIN digests d USING (digest_id)",
    "item_sources": "SELECT d.source_path, i.position, s.source, s.handle, s.platform, s.affiliation "
    "FROM item_sources s JOIN items i USING (item_id) JOIN digests d USING (digest_id)",
    "item_products": "SELECT d.source_path, i.position, p.product, p.family, p.company, p.mention, "
    "p.start FROM item_products p JOIN items i USING (item_id) JOIN digests d USING (digest_id)",
    "item_embeddings": "SELECT d.source_path, i.position, e.model, len(e.vector), "
    "round(list_sum(e.vector), 4) FROM item_embeddings e JOIN items i USING (item_id) "
    "JOIN digests d USING (digest_id)",
    # A story by its first member, since story ids depend on the order of assignment.
    "item_stories": "SELECT d.source_path, i.position, min(d.source_path || '#' || i.position) "
    "OVER (PARTITION BY st.story_id) FROM item_stories st JOIN items i USING (item_id) "
    "JOIN digests d USING (digest_id)",
    "stories": "SELECT title, first_seen, last_seen, items, digests, sources FROM stories",
    "keyword_background": "SELECT * FROM keyword_background",
    "boilerplate": "SELECT * FROM boilerplate",
    "enrichment_cache": "SELECT content_sha256, model, kind, payload FROM enrichment_cache",
    "meta": "SELECT key, value FROM meta",
}
# The per-day pre-aggregates hold no item ids: all of their rows are content.
CONTENT_QUERIES |= {
    table: f"SELECT * FROM {table}"
    for table in (
        "daily_items",
        "daily_keywords",
        "daily_keyword_spellings",
        "daily_companies",
        "daily_co_mentions",
        "daily_sources",
        "daily_products",
        "daily_families",
        "daily_categories",
        "daily_declared_categories",
    )
}


def fingerprint(db: str) -> dict[str, tuple[int, str]]:
    """(row count, checksum over the sorted rows) per table."""
    result = {}
    with duckdb.connect(db, read_only=True) as con:
        tables = {
            r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
        assert set(CONTENT_QUERIES) <= tables
        for table, sql in CONTENT_QUERIES.items():
            rows = sorted(repr(row) for row in con.execute(sql).fetchall())
            result[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return result


def start_cli(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "analysis.cli", *args],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TRENDBOARD_LOCK_RETRY_SECONDS": "120"},
    )


def run_together(*commands: tuple[str, ...]) -> None:
    processes = [start_cli(*command) for command in commands]
    for process, command in zip(processes, commands, strict=True):
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, (command, out, err)
        assert "Traceback" not in err


@pytest.mark.slow
def test_two_of_every_writer_at_once_equal_one_run(good_folder, tmp_path):
    single, double = str(tmp_path / "single.duckdb"), str(tmp_path / "double.duckdb")
    folder = str(good_folder)
    run_together(("ingest", folder, "--no-enrich", "--db", single))
    run_together(("enrich", "--db", single))
    expected = fingerprint(single)
    assert expected["item_companies"][0] > 0 and expected["item_keywords"][0] > 0
    assert min(expected[t][0] for t in ("item_products", "item_stories", "daily_companies")) > 0

    run_together(*[("ingest", folder, "--no-enrich", "--db", double)] * 2)
    run_together(*[("enrich", "--db", double)] * 2)
    assert fingerprint(double) == expected
    run_together(*[("enrich", "--entities", "--db", double)] * 2)
    assert fingerprint(double) == expected


@pytest.mark.slow
def test_two_full_ingests_at_once_equal_one_run(good_folder, tmp_path):
    single, double = str(tmp_path / "single.duckdb"), str(tmp_path / "double.duckdb")
    run_together(("ingest", str(good_folder), "--db", single))
    run_together(*[("ingest", str(good_folder), "--db", double)] * 2)
    assert fingerprint(double) == fingerprint(single)


def test_enrichment_tables_refuse_duplicate_rows(good_folder, db_path):
    from analysis.enrich.pipeline import enrich_entities
    from analysis.ingest.pipeline import ingest_paths
    from analysis.store.db import write_connection

    ingest_paths([str(good_folder)], db_path)
    enrich_entities(db_path)
    with write_connection(db_path) as con:
        for table in ("item_companies", "item_sources"):
            with pytest.raises(duckdb.ConstraintException):
                con.execute(f"INSERT INTO {table} SELECT * FROM {table} LIMIT 1")
        con.execute("INSERT INTO enrichment_cache VALUES ('x', 'm', 'keywords', '[]')")
        with pytest.raises(duckdb.ConstraintException):
            con.execute("INSERT INTO enrichment_cache VALUES ('x', 'm', 'keywords', '[]')")
        with pytest.raises(duckdb.ConstraintException):
            con.execute("INSERT INTO meta VALUES ('schema_version', '99')")
