"""The schema is declared once (the DDL); the writers' Arrow schemas follow it."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pyarrow as pa
import pytest
from conftest import PROJECT

from analysis.store.schema import TABLES, arrow_schema, ensure_schema
from analysis.store.write import insert_columns

ARROW_TYPE_OF = {
    "BIGINT": pa.int64(),
    "INTEGER": pa.int32(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "VARCHAR": pa.string(),
    "VARCHAR[]": pa.list_(pa.string()),
    "FLOAT[]": pa.list_(pa.float32()),
    "TIMESTAMP WITH TIME ZONE": pa.timestamp("us", tz="UTC"),
}


def declared_columns() -> dict[str, list[tuple[str, str]]]:
    """table → [(column, DuckDB type)] as a fresh database holds the DDL."""
    con = duckdb.connect(":memory:")
    ensure_schema(con)
    rows = con.execute(
        """SELECT table_name, column_name, data_type FROM information_schema.columns
           WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"""
    ).fetchall()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows:
        tables.setdefault(table, []).append((column, data_type))
    return tables


def test_every_declared_table_has_an_arrow_schema_with_its_columns_and_types():
    tables = declared_columns()
    assert set(tables) == set(TABLES)
    for table, columns in tables.items():
        schema = arrow_schema(table)
        assert schema.names == [name for name, _ in columns], table
        for name, data_type in columns:
            assert schema.field(name).type.equals(ARROW_TYPE_OF[data_type]), (table, name)


def test_insert_columns_round_trips_a_row_and_refuses_unknown_columns():
    con = duckdb.connect(":memory:")
    ensure_schema(con)
    seen = datetime(2026, 1, 5, 8, 30, tzinfo=UTC)
    insert_columns(
        con,
        "ingest_errors",
        {
            "source_path": ["/digests/2026-01-05.md"],
            "line": [12],
            "reason": ["item has an empty headline"],
            "seen_at": [seen],
            "severity": ["warning"],
        },
    )
    assert con.execute("SELECT * FROM ingest_errors").fetchall() == [
        ("/digests/2026-01-05.md", 12, "item has an empty headline", seen, "warning")
    ]
    with pytest.raises(ValueError, match="ingest_errors"):
        insert_columns(con, "ingest_errors", {"source_path": ["x"], "cause": ["?"]})


def documented_columns(markdown: str) -> dict[str, list[str]]:
    """`## table` sections of docs/schema.md → the first cell of each row of their tables."""
    tables: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in markdown.splitlines():
        if line.startswith("## "):
            current = tables.setdefault(line[3:].strip().strip("`"), [])
        elif current is not None and line.startswith("|"):
            cell = line.strip("|").split("|")[0].strip().strip("`")
            if cell != "column" and set(cell) - set("-: "):
                current.append(cell)
    return tables


def test_docs_schema_documents_every_table_and_column_of_the_ddl_and_nothing_else():
    documented = documented_columns((PROJECT / "docs" / "schema.md").read_text(encoding="utf-8"))
    declared = {table: [name for name, _ in cols] for table, cols in declared_columns().items()}
    assert sorted(documented) == sorted(declared)
    for table, columns in declared.items():
        assert documented[table] == columns, table


def test_the_schema_doc_parser_sees_sections_and_rows_only():
    sample = (
        "# Schema\n\nintro | not a row\n\n## t\n\ntext\n\n| column | type |\n|---|---|\n| a | X |\n"
    )
    assert documented_columns(sample) == {"t": ["a"]}
