"""The public DuckDB schema, declared once: the DDL below. Table and column names are a stable
contract documented in docs/schema.md; add columns at the end, never rename. The Arrow schemas
the writers build their batches with are derived from it (`arrow_schema`)."""

from __future__ import annotations

from functools import cache

import duckdb
import pyarrow as pa

SCHEMA_VERSION = 2  # 2: digests.series, tags, text_kept; items.section, source_label, tags

TABLES: dict[str, str] = {
    "digests": """
        CREATE TABLE IF NOT EXISTS digests (
            digest_id      BIGINT NOT NULL,
            source_path    VARCHAR NOT NULL,
            content_sha256 VARCHAR NOT NULL,
            title          VARCHAR,
            published_at   TIMESTAMPTZ NOT NULL,
            date_source    VARCHAR NOT NULL,
            categories     VARCHAR[],
            item_count     INTEGER NOT NULL,
            ingested_at    TIMESTAMPTZ NOT NULL,
            series         VARCHAR,
            tags           VARCHAR[],
            text_kept      DOUBLE
        )""",
    "items": """
        CREATE TABLE IF NOT EXISTS items (
            item_id        BIGINT NOT NULL,
            digest_id      BIGINT NOT NULL,
            position       INTEGER NOT NULL,
            headline       VARCHAR,
            author         VARCHAR,
            author_site    VARCHAR,
            url            VARCHAR,
            url_host       VARCHAR,
            handle         VARCHAR,
            status_id      VARCHAR,
            extra_urls     VARCHAR[],
            summary        VARCHAR,
            bold_terms     VARCHAR[],
            published_at   TIMESTAMPTZ NOT NULL,
            source_line    INTEGER,
            content_sha256 VARCHAR NOT NULL,
            section        VARCHAR,
            source_label   VARCHAR,
            tags           VARCHAR[]
        )""",
    "ingest_errors": """
        CREATE TABLE IF NOT EXISTS ingest_errors (
            source_path VARCHAR NOT NULL,
            line        INTEGER,
            reason      VARCHAR NOT NULL,
            seen_at     TIMESTAMPTZ NOT NULL,
            severity    VARCHAR NOT NULL DEFAULT 'error'
        )""",
    "item_keywords": """
        CREATE TABLE IF NOT EXISTS item_keywords (
            item_id      BIGINT NOT NULL,
            keyword      VARCHAR NOT NULL,
            keyword_norm VARCHAR NOT NULL,
            score        DOUBLE,
            origin       VARCHAR NOT NULL,
            model        VARCHAR NOT NULL
        )""",
    "item_categories": """
        CREATE TABLE IF NOT EXISTS item_categories (
            item_id  BIGINT NOT NULL,
            category VARCHAR NOT NULL,
            score    DOUBLE,
            method   VARCHAR NOT NULL
        )""",
    "item_companies": """
        CREATE TABLE IF NOT EXISTS item_companies (
            item_id     BIGINT NOT NULL,
            company     VARCHAR NOT NULL,
            mention     VARCHAR NOT NULL,
            start       INTEGER NOT NULL,
            via_product BOOLEAN NOT NULL
        )""",
    # Model and product names; `product` is the normalised name (`Claude Opus 4.6`),
    # `mention` the text as written, `start` its offset in the item text.
    "item_products": """
        CREATE TABLE IF NOT EXISTS item_products (
            item_id BIGINT NOT NULL,
            product VARCHAR NOT NULL,
            family  VARCHAR NOT NULL,
            company VARCHAR,
            mention VARCHAR NOT NULL,
            start   INTEGER NOT NULL
        )""",
    "item_sources": """
        CREATE TABLE IF NOT EXISTS item_sources (
            item_id     BIGINT NOT NULL,
            source      VARCHAR NOT NULL,
            handle      VARCHAR,
            platform    VARCHAR,
            affiliation VARCHAR
        )""",
    # Enrichment results keyed by the item's content hash and the model, so
    # re-ingesting an unchanged item or a moved file computes nothing.
    "enrichment_cache": """
        CREATE TABLE IF NOT EXISTS enrichment_cache (
            content_sha256 VARCHAR NOT NULL,
            model          VARCHAR NOT NULL,
            kind           VARCHAR NOT NULL,
            payload        VARCHAR NOT NULL
        )""",
    # Sentences a digest series repeats (footers, empty-channel notes), as masked templates;
    # recomputed from the items at every enrichment (analysis/enrich/boilerplate.py).
    "boilerplate": """
        CREATE TABLE IF NOT EXISTS boilerplate (
            series   VARCHAR NOT NULL,
            template VARCHAR NOT NULL,
            digests  INTEGER NOT NULL
        )""",
    # Per model and keyword: document frequency, days it occurs on, its period weight and the
    # longer keyword that carries nearly all its items (analysis/enrich/background.py);
    # recomputed at the end of every keyword enrichment.
    "keyword_background": """
        CREATE TABLE IF NOT EXISTS keyword_background (
            model         VARCHAR NOT NULL,
            keyword_norm  VARCHAR NOT NULL,
            items         BIGINT NOT NULL,
            periods       INTEGER NOT NULL,
            total_periods INTEGER NOT NULL,
            weight        DOUBLE NOT NULL,
            background    BOOLEAN NOT NULL,
            folded_into   VARCHAR
        )""",
    # Readers' notes on a moment ("GPT-5 launch"), drawn on every time chart.
    # `at` is a keyword in DuckDB's SQL: queries quote it.
    "annotations": """
        CREATE TABLE IF NOT EXISTS annotations (
            "at"    TIMESTAMPTZ NOT NULL,
            text    VARCHAR NOT NULL,
            created TIMESTAMPTZ NOT NULL
        )""",
    # One vector per item and embedding model (the item's headline and summary), so
    # story re-clustering and similar-item look-ups never embed again.
    "item_embeddings": """
        CREATE TABLE IF NOT EXISTS item_embeddings (
            item_id BIGINT NOT NULL,
            model   VARCHAR NOT NULL,
            vector  FLOAT[] NOT NULL
        )""",
    "item_stories": """
        CREATE TABLE IF NOT EXISTS item_stories (
            item_id    BIGINT NOT NULL,
            story_id   BIGINT NOT NULL,
            similarity DOUBLE NOT NULL
        )""",
    "stories": """
        CREATE TABLE IF NOT EXISTS stories (
            story_id      BIGINT NOT NULL,
            title         VARCHAR,
            first_seen    TIMESTAMPTZ NOT NULL,
            last_seen     TIMESTAMPTZ NOT NULL,
            items         INTEGER NOT NULL,
            digests       INTEGER NOT NULL,
            sources       INTEGER NOT NULL,
            title_item_id BIGINT
        )""",
    # Per-day pre-aggregates (analysis/store/daily.py keeps them exact at every write).
    # `day` is the start of the item's day at the UTC offset stored in meta `daily_offset_us`;
    # every count is of distinct items, each (item, key) pair counted once.
    "daily_items": """
        CREATE TABLE IF NOT EXISTS daily_items (
            day     TIMESTAMPTZ NOT NULL,
            items   BIGINT NOT NULL,
            digests BIGINT NOT NULL
        )""",
    "daily_keywords": """
        CREATE TABLE IF NOT EXISTS daily_keywords (
            day          TIMESTAMPTZ NOT NULL,
            model        VARCHAR NOT NULL,
            keyword_norm VARCHAR NOT NULL,
            items        BIGINT NOT NULL,
            also_bold    BIGINT NOT NULL
        )""",
    "daily_keyword_spellings": """
        CREATE TABLE IF NOT EXISTS daily_keyword_spellings (
            day          TIMESTAMPTZ NOT NULL,
            model        VARCHAR NOT NULL,
            keyword_norm VARCHAR NOT NULL,
            keyword      VARCHAR NOT NULL,
            mentions     BIGINT NOT NULL
        )""",
    "daily_companies": """
        CREATE TABLE IF NOT EXISTS daily_companies (
            day          TIMESTAMPTZ NOT NULL,
            company      VARCHAR NOT NULL,
            items        BIGINT NOT NULL,
            direct_items BIGINT NOT NULL
        )""",
    "daily_co_mentions": """
        CREATE TABLE IF NOT EXISTS daily_co_mentions (
            day          TIMESTAMPTZ NOT NULL,
            company_a    VARCHAR NOT NULL,
            company_b    VARCHAR NOT NULL,
            items        BIGINT NOT NULL,
            direct_items BIGINT NOT NULL
        )""",
    "daily_sources": """
        CREATE TABLE IF NOT EXISTS daily_sources (
            day         TIMESTAMPTZ NOT NULL,
            source_key  VARCHAR NOT NULL,
            source      VARCHAR NOT NULL,
            handle      VARCHAR,
            platform    VARCHAR,
            affiliation VARCHAR,
            items       BIGINT NOT NULL
        )""",
    "daily_products": """
        CREATE TABLE IF NOT EXISTS daily_products (
            day        TIMESTAMPTZ NOT NULL,
            product    VARCHAR NOT NULL,
            family     VARCHAR NOT NULL,
            company    VARCHAR,
            items      BIGINT NOT NULL,
            mentions   BIGINT NOT NULL,
            first_seen TIMESTAMPTZ NOT NULL,
            last_seen  TIMESTAMPTZ NOT NULL
        )""",
    "daily_families": """
        CREATE TABLE IF NOT EXISTS daily_families (
            day    TIMESTAMPTZ NOT NULL,
            family VARCHAR NOT NULL,
            items  BIGINT NOT NULL
        )""",
    "daily_categories": """
        CREATE TABLE IF NOT EXISTS daily_categories (
            day      TIMESTAMPTZ NOT NULL,
            category VARCHAR NOT NULL,
            items    BIGINT NOT NULL
        )""",
    "daily_declared_categories": """
        CREATE TABLE IF NOT EXISTS daily_declared_categories (
            day      TIMESTAMPTZ NOT NULL,
            category VARCHAR,
            items    BIGINT NOT NULL
        )""",
    "meta": """
        CREATE TABLE IF NOT EXISTS meta (
            key   VARCHAR NOT NULL,
            value VARCHAR
        )""",
}

# Every table whose rows belong to one item; deleting a digest deletes these.
ITEM_CHILD_TABLES = [
    "item_keywords",
    "item_categories",
    "item_companies",
    "item_products",
    "item_sources",
    "item_embeddings",
    "item_stories",
]

# Unique keys, as unique indexes so that they also apply to a database created before them
# (whose duplicate rows, left by concurrent writers of older versions, are dropped first).
KEYS: dict[str, tuple[str, tuple[str, ...]]] = {
    "digests_path_key": ("digests", ("source_path",)),
    "item_keywords_key": ("item_keywords", ("item_id", "model", "origin", "keyword_norm")),
    "item_categories_key": ("item_categories", ("item_id", "category")),
    "item_companies_key": ("item_companies", ("item_id", "start")),
    "item_sources_key": ("item_sources", ("item_id",)),
    "enrichment_cache_key": ("enrichment_cache", ("content_sha256", "model", "kind")),
    "meta_key": ("meta", ("key",)),
}


@cache
def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of a table's rows, as DuckDB maps the DDL's types (TIMESTAMPTZ in UTC)."""
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET TimeZone = 'UTC'")
        con.execute(TABLES[table])
        return con.sql(f"SELECT * FROM {table}").to_arrow_table().schema
    finally:
        con.close()


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create what is missing; on a writable connection also add columns newer than the file."""
    for ddl in TABLES.values():
        con.execute(ddl)
    missing = missing_columns(con)
    if missing:
        try:
            for table, name, type_ in missing:
                con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {name} {type_}")
            con.execute("DELETE FROM meta WHERE key = 'schema_version'")
        except duckdb.Error:  # read-only: the next writer upgrades the file
            return
    present = {row[0] for row in con.execute("SELECT index_name FROM duckdb_indexes()").fetchall()}
    for name, (table, columns) in KEYS.items():
        if name in present:
            continue
        listed = ", ".join(columns)
        try:
            con.execute(
                f"DELETE FROM {table} WHERE rowid NOT IN "
                f"(SELECT min(rowid) FROM {table} GROUP BY {listed})"
            )
            con.execute(f"CREATE UNIQUE INDEX {name} ON {table} ({listed})")
        except duckdb.Error:  # read-only: the next writer adds the key
            return
    # fetchall, not fetchone: a result left unfinished makes DuckDB refuse the relation API
    # (`insert_columns`) on this connection.
    rows = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    if not rows:
        con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])


@cache
def _expected_columns() -> dict[str, list[tuple[str, str]]]:
    """Column names and types of the DDL above, as DuckDB reads them (computed once)."""
    scratch = duckdb.connect(":memory:")
    try:
        for ddl in TABLES.values():
            scratch.execute(ddl)
        rows = scratch.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "ORDER BY table_name, ordinal_position"
        ).fetchall()
    finally:
        scratch.close()
    columns: dict[str, list[tuple[str, str]]] = {}
    for table, name, type_ in rows:
        columns.setdefault(table, []).append((name, type_))
    return columns


def missing_columns(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(table, column, type) of every column this version has and the open database lacks."""
    present = {
        (table, name)
        for table, name in con.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
        ).fetchall()
    }
    return [
        (table, name, type_)
        for table, columns in _expected_columns().items()
        for name, type_ in columns
        if (table, name) not in present
    ]
