"""Writes parsed digests into DuckDB in batch inserts (Arrow), whole files per transaction.

Only `trendboard ingest` and the dashboard's ingest page write; everything else
opens the database read-only (see `analysis.store.db`).
"""

from __future__ import annotations

import hashlib
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

import duckdb
import pyarrow as pa

from analysis.records import ParseResult, Problem
from analysis.store import daily
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
    result: ParseResult | None  # None: content the database holds already, not parsed again
    moved_from: str | None = None  # the stored digest of this content was at this path

    @property
    def stores_digest(self) -> bool:
        return self.moved_from is None and self.result is not None and self.result.ok


def store_files(
    con: duckdb.DuckDBPyConnection, known: KnownFiles, files: list[PendingFile]
) -> list[tuple[int, bool]]:
    """Store parsed files in ONE transaction; each file is whole or absent.

    Returns (digest_id, replaced_an_old_version) per stored file, in order. Files
    that failed to parse get their problems recorded in the same transaction.
    A file with `moved_from` moves that digest to its path (a digest stored at
    that path before is deleted). On any error nothing is written and `known`
    is left as it was.
    """
    good = [f for f in files if f.stores_digest]
    moves = [f for f in files if f.moved_from]
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
    problems = [
        p for f in files if f.result is not None and not f.moved_from for p in f.result.problems
    ]
    overwritten_ids = [
        known.by_path[m.source_path][0] for m in moves if m.source_path in known.by_path
    ]
    con.execute("BEGIN TRANSACTION")
    try:
        # Deleted digests take their items' enrichment along: every table of their days.
        changed_days = daily.days_of(con, "digest_id", replaced_ids + overwritten_ids)
        for digest_id in replaced_ids:
            delete_digest(con, digest_id)
        for move in moves:
            overwritten = known.by_path.get(move.source_path)
            if overwritten is not None:
                delete_digest(con, overwritten[0])
            con.execute(
                "UPDATE digests SET source_path = ? WHERE digest_id = ?",
                [move.source_path, known.by_path[move.moved_from][0]],
            )
            # Warnings about the file travel with it; errors recorded at the new path are stale.
            con.execute("DELETE FROM ingest_errors WHERE source_path = ?", [move.source_path])
            con.execute(
                "UPDATE ingest_errors SET source_path = ? WHERE source_path = ?",
                [move.source_path, move.moved_from],
            )
        touched = [f.source_path for f in files if f.source_path in known.paths_with_problems]
        if touched:
            con.execute("DELETE FROM ingest_errors WHERE list_contains(?, source_path)", [touched])
        if good:
            insert_columns(con, "digests", digest_rows)
            insert_columns(con, "items", item_rows)
        daily.refresh(con, changed_days)
        if good:
            new_days = daily.days_of(con, "digest_id", digest_rows["digest_id"])
            daily.refresh(con, sorted(set(new_days) - set(changed_days)), daily.ITEM_TABLES)
        _insert_problems(con, problems, now)
        con.execute("COMMIT")
    except BaseException:
        rollback_quietly(con)
        raise
    for move in moves:
        digest_id, sha = known.by_path.pop(move.moved_from)
        overwritten = known.by_path.get(move.source_path)
        if overwritten is not None:
            known.by_hash.pop(overwritten[1], None)
        known.by_path[move.source_path] = (digest_id, sha)
        known.by_hash[sha] = move.source_path
        if move.moved_from in known.paths_with_problems:
            known.paths_with_problems.add(move.source_path)
    for pending, (digest_id, _) in zip(good, outcome, strict=False):
        old = known.by_path.get(pending.source_path)
        if old is not None:
            known.by_hash.pop(old[1], None)
        known.by_hash[pending.sha256] = pending.source_path
        known.by_path[pending.source_path] = (digest_id, pending.sha256)
    known.paths_with_problems.update(p.source_path for p in problems)
    known.next_digest_id, known.next_item_id = next_digest, next_item
    return outcome


def rollback_quietly(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back if a transaction is still open.

    After some failures (disk full) DuckDB has already aborted the transaction, and
    ROLLBACK would raise "no transaction is active", hiding the error that matters.
    """
    with suppress(duckdb.Error):
        con.execute("ROLLBACK")


def remove_paths(con: duckdb.DuckDBPyConnection, known: KnownFiles, paths: list[str]) -> list[str]:
    """Delete the digests (and recorded problems) of these paths in one transaction.

    Returns the paths that had a digest.
    """
    removed = [p for p in paths if p in known.by_path]
    con.execute("BEGIN TRANSACTION")
    try:
        changed_days = daily.days_of(con, "digest_id", [known.by_path[p][0] for p in removed])
        for path in removed:
            delete_digest(con, known.by_path[path][0])
        daily.refresh(con, changed_days)
        con.execute("DELETE FROM ingest_errors WHERE list_contains(?, source_path)", [paths])
        con.execute("COMMIT")
    except BaseException:
        rollback_quietly(con)
        raise
    for path in removed:
        _, sha = known.by_path.pop(path)
        if known.by_hash.get(sha) == path:
            del known.by_hash[sha]
    known.paths_with_problems.difference_update(paths)
    return removed


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
