"""Writes parsed digests into DuckDB in batch inserts (Arrow), whole files per transaction.

Only `trendboard ingest` and the dashboard's ingest page write; everything else
opens the database read-only (see `analysis.store.db`).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

import duckdb
import pyarrow as pa

from analysis.records import ParseResult, Problem
from analysis.store.schema import ITEM_CHILD_TABLES, arrow_schema


def item_content_sha256(headline: str, summary: str) -> str:
    return hashlib.sha256(f"{headline}\n{summary}".encode()).hexdigest()


@dataclass
class KnownFiles:
    """What the database already holds, loaded once per ingest run."""

    by_hash: dict[str, str]  # content sha256 → source_path
    by_path: dict[str, tuple[int, str]]  # source_path → (digest_id, sha256)
    next_digest_id: int
    next_item_id: int
    paths_with_problems: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> KnownFiles:
        rows = con.execute("SELECT digest_id, source_path, content_sha256 FROM digests").fetchall()
        next_digest = con.execute("SELECT coalesce(max(digest_id), 0) + 1 FROM digests").fetchone()[
            0
        ]
        next_item = con.execute("SELECT coalesce(max(item_id), 0) + 1 FROM items").fetchone()[0]
        with_problems = {
            row[0]
            for row in con.execute("SELECT DISTINCT source_path FROM ingest_errors").fetchall()
        }
        return cls(
            {sha: path for _, path, sha in rows},
            {path: (did, sha) for did, path, sha in rows},
            next_digest,
            next_item,
            with_problems,
        )


@dataclass
class PendingFile:
    """A file read and parsed, waiting for its transaction."""

    source_path: str
    sha256: str
    result: ParseResult


def store_files(
    con: duckdb.DuckDBPyConnection, known: KnownFiles, files: list[PendingFile]
) -> list[tuple[int, bool]]:
    """Store parsed files in ONE transaction; each file is whole or absent.

    Returns (digest_id, replaced_an_old_version) per stored file, in order. Files
    that failed to parse get their problems recorded in the same transaction.
    On any error nothing is written and `known` is left as it was.
    """
    good = [f for f in files if f.result.ok]
    outcome: list[tuple[int, bool]] = []
    digest_rows: dict[str, list] = {name: [] for name in arrow_schema("digests").names}
    item_rows: dict[str, list] = {name: [] for name in arrow_schema("items").names}
    replaced_ids: list[int] = []
    next_digest, next_item = known.next_digest_id, known.next_item_id
    now = datetime.now(UTC)
    for pending in good:
        digest, items = pending.result.digest, pending.result.items
        previous = known.by_path.get(pending.source_path)
        if previous is not None:
            replaced_ids.append(previous[0])
        outcome.append((next_digest, previous is not None))
        published = digest.published_at.astimezone(UTC)
        for name, value in (
            ("digest_id", next_digest),
            ("source_path", pending.source_path),
            ("content_sha256", pending.sha256),
            ("title", digest.title),
            ("published_at", published),
            ("date_source", digest.date_source),
            ("categories", digest.categories),
            ("item_count", len(items)),
            ("ingested_at", now),
            ("series", digest.series),
            ("tags", digest.tags),
            ("text_kept", digest.text_kept),
        ):
            digest_rows[name].append(value)
        for item in items:
            row = asdict(item)
            row.update(
                item_id=next_item,
                digest_id=next_digest,
                published_at=published,
                content_sha256=item_content_sha256(item.headline, item.summary),
            )
            for name in item_rows:
                item_rows[name].append(row[name])
            next_item += 1
        next_digest += 1
    problems = [p for f in files for p in f.result.problems]
    con.execute("BEGIN TRANSACTION")
    try:
        for digest_id in replaced_ids:
            delete_digest(con, digest_id)
        touched = [f.source_path for f in files if f.source_path in known.paths_with_problems]
        if touched:
            con.execute("DELETE FROM ingest_errors WHERE list_contains(?, source_path)", [touched])
        if good:
            insert_columns(con, "digests", digest_rows)
            insert_columns(con, "items", item_rows)
        _insert_problems(con, problems, now)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    for pending, (digest_id, _) in zip(good, outcome, strict=False):
        old = known.by_path.get(pending.source_path)
        if old is not None:
            known.by_hash.pop(old[1], None)
        known.by_hash[pending.sha256] = pending.source_path
        known.by_path[pending.source_path] = (digest_id, pending.sha256)
    known.paths_with_problems.update(p.source_path for p in problems)
    known.next_digest_id, known.next_item_id = next_digest, next_item
    return outcome


def delete_digest(con: duckdb.DuckDBPyConnection, digest_id: int) -> None:
    """Delete a digest with its items and their enrichment (caller owns the transaction)."""
    for table in ITEM_CHILD_TABLES:
        con.execute(
            f"DELETE FROM {table} WHERE item_id IN (SELECT item_id FROM items WHERE digest_id = ?)",
            [digest_id],
        )
    con.execute("DELETE FROM items WHERE digest_id = ?", [digest_id])
    con.execute("DELETE FROM digests WHERE digest_id = ?", [digest_id])


def insert_columns(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, list]) -> None:
    """Append rows given as one list per column (every column of `table`) in one Arrow batch."""
    if set(columns) != set(arrow_schema(table).names):
        raise ValueError(f"{table}: columns {sorted(columns)} are not the table's")
    con.from_arrow(pa.Table.from_pydict(columns, schema=arrow_schema(table))).insert_into(table)


def _insert_problems(
    con: duckdb.DuckDBPyConnection, problems: list[Problem], now: datetime
) -> None:
    if not problems:
        return
    insert_columns(
        con,
        "ingest_errors",
        {
            "source_path": [p.source_path for p in problems],
            "line": [p.line for p in problems],
            "reason": [p.reason for p in problems],
            "seen_at": [now] * len(problems),
            "severity": [p.severity for p in problems],
        },
    )
