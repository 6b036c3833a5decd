"""Connection handling for a database that one process writes while others read.

DuckDB lets one process open a file read-write, or many open it read-only, not
both at once. So nobody keeps the file open: readers open read-only for one
query and close; the writer holds the lock in short bursts (see
`analysis.ingest.pipeline`). Whoever finds the lock taken retries with backoff until
`lock_retry_seconds` runs out.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from analysis import settings
from analysis.store.schema import ensure_schema, missing_columns


class DatabaseBusy(RuntimeError):
    """The database stayed locked by another process for the whole retry window."""


def _is_lock_conflict(exc: Exception) -> bool:
    text = str(exc)
    return "lock" in text.lower() or "different configuration" in text


def _connect_with_retry(
    path: str, read_only: bool, timeout: float | None
) -> duckdb.DuckDBPyConnection:
    timeout = settings.get_float("lock_retry_seconds") if timeout is None else timeout
    deadline = time.monotonic() + timeout
    delay = 0.01
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            if not _is_lock_conflict(exc) or time.monotonic() >= deadline:
                if _is_lock_conflict(exc):
                    raise DatabaseBusy(f"{path} is locked by another process: {exc}") from exc
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.25)


def resolve_db_path(path: str | None = None) -> str:
    return str(Path(path or settings.get("db")).expanduser())


@contextmanager
def write_connection(
    path: str | None = None, timeout: float | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    path = resolve_db_path(path)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = _connect_with_retry(path, read_only=False, timeout=timeout)
    try:
        ensure_schema(con)
        yield con
    finally:
        con.close()


@contextmanager
def read_connection(
    path: str | None = None, timeout: float | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived read-only connection; an absent database reads as empty."""
    path = resolve_db_path(path)
    if not Path(path).exists():
        con = duckdb.connect(":memory:")
        ensure_schema(con)
    else:
        con = _connect_with_retry(path, read_only=True, timeout=timeout)
    try:
        yield con
    finally:
        con.close()


def upgrade_schema(path: str | None = None) -> bool:
    """Add the columns a database file written by an older version lacks; True if it did.

    Readers cannot alter the file, so the dashboard calls this once at start; it takes the
    write lock only when something is missing.
    """
    try:
        with read_connection(path) as con:
            if not missing_columns(con):
                return False
        with write_connection(path):
            return True
    except DatabaseBusy:  # an ingest holds the lock, and its write connection upgrades the file
        return False
