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
from analysis.store.schema import ITEM_CHILD_TABLES

_ITEM_SCHEMA = pa.schema(
    [
        ("item_id", pa.int64()),
        ("digest_id", pa.int64()),
        ("position", pa.int32()),
        ("headline", pa.string()),
        ("author", pa.string()),
        ("author_site", pa.string()),
        ("url", pa.string()),
        ("url_host", pa.string()),
        ("handle", pa.string()),
        ("status_id", pa.string()),
        ("extra_urls", pa.list_(pa.string())),
        ("summary", pa.string()),
        ("bold_terms", pa.list_(pa.string())),
        ("published_at", pa.timestamp("us", tz="UTC")),
        ("source_line", pa.int32()),
        ("content_sha256", pa.string()),
        ("section", pa.string()),
        ("source_label", pa.string()),
        ("tags", pa.list_(pa.string())),
    ]
)


_DIGEST_SCHEMA = pa.schema(
    [
        ("digest_id", pa.int64()),
        ("source_path", pa.string()),
        ("content_sha256", pa.string()),
        ("title", pa.string()),
        ("published_at", pa.timestamp("us", tz="UTC")),
        ("date_source", pa.string()),
        ("categories", pa.list_(pa.string())),
        ("item_count", pa.int32()),
        ("ingested_at", pa.timestamp("us", tz="UTC")),
        ("series", pa.string()),
        ("tags", pa.list_(pa.string())),
        ("text_kept", pa.float64()),
    ]
)

_PROBLEM_SCHEMA = pa.schema(
    [
        ("source_path", pa.string()),
        ("line", pa.int32()),
        ("reason", pa.string()),
        ("seen_at", pa.timestamp("us", tz="UTC")),
        ("severity", pa.string()),
    ]
)


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
    digest_rows: dict[str, list] = {name: [] for name in _DIGEST_SCHEMA.names}
    item_rows: dict[str, list] = {name: [] for name in _ITEM_SCHEMA.names}
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
            for name in _ITEM_SCHEMA.names:
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
            incoming_digests = pa.Table.from_pydict(digest_rows, schema=_DIGEST_SCHEMA)
            incoming_items = pa.Table.from_pydict(item_rows, schema=_ITEM_SCHEMA)
            con.execute("INSERT INTO digests BY NAME SELECT * FROM incoming_digests")
            con.execute("INSERT INTO items BY NAME SELECT * FROM incoming_items")
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


def _insert_problems(
    con: duckdb.DuckDBPyConnection, problems: list[Problem], now: datetime
) -> None:
    if not problems:
        return
    rows = pa.Table.from_pylist(
        [
            {
                "source_path": p.source_path,
                "line": p.line,
                "reason": p.reason,
                "seen_at": now,
                "severity": p.severity,
            }
            for p in problems
        ],
        schema=_PROBLEM_SCHEMA,
    )
    con.execute("INSERT INTO ingest_errors BY NAME SELECT * FROM rows")
