"""Connection handling for a database that one process writes while others read.

DuckDB lets one process open a file read-write, or many open it read-only, not
both at once. So nobody keeps the file open: readers open read-only for one
query and close; the writer holds the lock in short bursts (see
`analysis.ingest.pipeline`). Whoever finds the lock taken retries with backoff until
`lock_retry_seconds` runs out.
"""

from __future__ import annotations

import errno
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from analysis import settings
from analysis.store import daily
from analysis.store.schema import ensure_schema, missing_columns


class DatabaseFault(RuntimeError):
    """The database cannot be used right now; the message says what happened and what to do.

    `exit_code` is the CLI's exit status for this fault (docs/reliability.md).
    """

    exit_code = 3
    kind = "fault"

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path


class DatabaseBusy(DatabaseFault):
    """The database stayed locked by another process for the whole retry window."""

    exit_code = 3
    kind = "busy"


class DatabaseUnusable(DatabaseFault):
    """The file is not a database this program can read: corrupt, empty, foreign or newer."""

    exit_code = 4
    kind = "unusable"


class DatabaseReadOnly(DatabaseFault):
    """The database file, its folder or its file system cannot be written."""

    exit_code = 5
    kind = "read_only"


class DiskFull(DatabaseFault):
    """The file system holding the database has no space left."""

    exit_code = 6
    kind = "disk_full"


def _errno_of(exc: BaseException) -> int | None:
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno:
            return exc.errno
        exc = exc.__cause__ or exc.__context__
    return None


def classify_fault(exc: BaseException, path: str) -> DatabaseFault | None:
    """The fault behind a DuckDB or OS error on the database at `path`, or None for other errors."""
    if isinstance(exc, DatabaseFault):
        return exc
    text = str(exc)
    lowered = text.lower()
    code = _errno_of(exc)
    if code == errno.ENOSPC or "no space left" in lowered or "disk full" in lowered:
        return DiskFull(
            f"the disk holding {path} is full: nothing from the interrupted step was stored; "
            "free some space (or set TRENDBOARD_DB to a file on another disk) and run again",
            path,
        )
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or any(
        marker in lowered
        for marker in ("read-only file system", "permission denied", "attached in read-only mode")
    ):
        return DatabaseReadOnly(
            f"cannot write {path}: the file, its folder or its file system is read-only "
            f"({_short(text)}); make it writable, or set TRENDBOARD_DB to a writable location",
            path,
        )
    if (
        "not a valid duckdb database" in lowered
        or "corrupt" in lowered
        or "checksum" in lowered
        or "storage version" in lowered
        or "built for duckdb version" in lowered
        or "serialization" in lowered
        and "database" in lowered
    ):
        return DatabaseUnusable(
            f"{path} is not a trendboard database this version can read (corrupt, empty, "
            f"another program's file, or from a newer version: {_short(text)}); move it aside "
            "(the dashboard's Ingest page can) and ingest the digests again",
            path,
        )
    return None


def _short(text: str) -> str:
    return " ".join(text.replace("IO Error: ", "").split())[:160]


def move_aside(path: str | None = None) -> Path:
    """Rename an unusable database (and its write-ahead log) out of the way; never deletes it."""
    source = Path(resolve_db_path(path))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = source.with_name(f"{source.name}.unusable-{stamp}")
    source.rename(target)
    wal = source.with_name(source.name + ".wal")
    if wal.exists():
        wal.rename(target.with_name(target.name + ".wal"))
    return target


def _is_lock_conflict(exc: Exception) -> bool:
    text = str(exc)
    return "lock" in text.lower() or "different configuration" in text


DUCKDB_MAGIC = b"DUCK"  # bytes 8..12 of every DuckDB database file


def _check_header(path: str) -> None:
    """Refuse a file that is not a DuckDB database before DuckDB opens it.

    Left to DuckDB, a SQLite file is attached through an extension it downloads,
    and our tables would then be written into another program's file.
    """
    try:
        with open(path, "rb") as handle:
            header = handle.read(12)
    except FileNotFoundError:
        return
    except OSError as exc:
        fault = classify_fault(exc, path)
        if fault is not None:
            raise fault from exc
        raise
    if header[8:12] != DUCKDB_MAGIC:
        what = (
            "an empty file"
            if not header
            else "a SQLite database"
            if header.startswith(b"SQLite format")
            else "not a DuckDB file"
        )
        raise DatabaseUnusable(
            f"{path} is not a trendboard database ({what}); move it aside "
            "(the dashboard's Ingest page can) or set TRENDBOARD_DB to another file, "
            "and ingest the digests again",
            path,
        )


def _connect_with_retry(
    path: str, read_only: bool, timeout: float | None
) -> duckdb.DuckDBPyConnection:
    _check_header(path)
    timeout = settings.get_float("lock_retry_seconds") if timeout is None else timeout
    deadline = time.monotonic() + timeout
    delay = 0.01
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            if not _is_lock_conflict(exc) or time.monotonic() >= deadline:
                if _is_lock_conflict(exc):
                    raise DatabaseBusy(
                        f"{path} is busy: another process (an ingest, an enrichment) holds it; "
                        "wait for it to finish and try again",
                        path,
                    ) from exc
                fault = classify_fault(exc, path)
                if fault is not None:
                    raise fault from exc
                raise
        except duckdb.Error as exc:  # a damaged file fails while it is opened
            fault = classify_fault(exc, path)
            if fault is not None:
                raise fault from exc
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
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise classify_fault(exc, path) or exc from exc
    con = _connect_with_retry(path, read_only=False, timeout=timeout)
    try:
        ensure_schema(con)
        daily.ensure_current(con)
        yield con
    except (duckdb.Error, OSError) as exc:
        fault = classify_fault(exc, path)
        if fault is None:
            raise
        raise fault from exc
    finally:
        # Closing after a failed write (disk full) can fail again; the fault is what matters.
        with suppress(duckdb.Error):
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
    except duckdb.Error as exc:
        fault = classify_fault(exc, path)
        if fault is None:
            raise
        raise fault from exc
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
