"""Files on disk → parsed records → DuckDB, incrementally.

A file whose content hash the database already holds is skipped (also under a
new name); a known path with new content replaces its digest. Files are stored
whole: a transaction holds up to `files_per_transaction` complete files, so a
crash leaves whole digests or none (set it to 1 for a transaction per file; a
commit costs about 1 ms of fsync, so 1 is several times slower). The write lock
is held in bursts of at most `WRITE_BURST_SECONDS` so that readers (the
dashboard) get in between.
"""

from __future__ import annotations

import errno
import glob
import hashlib
import os
import pickle
import signal
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from analysis import settings
from analysis.ingest.parse import parse_digest
from analysis.records import ParseResult, Problem
from analysis.store.db import DatabaseFault, write_connection
from analysis.store.write import KnownFiles, PendingFile, remove_paths, store_files

DIGEST_SUFFIXES = {".md", ".markdown", ".txt"}
WRITE_BURST_SECONDS = 1.0
PARSE_CHUNK = 64
UNREADABLE_FOLDER = "cannot list folder"


@dataclass
class IngestSummary:
    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    failed: int = 0
    items_added: int = 0
    failures: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    new_digest_ids: list[int] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (skipped path, stored path)
    moved: list[tuple[str, str]] = field(default_factory=list)  # (old path, new path)
    removed: list[str] = field(default_factory=list)  # paths whose file is gone (prune)
    interrupted: bool = False
    fault: DatabaseFault | None = None  # the database stopped the run (disk full, read-only, …)
    not_ingested: int = 0  # files left when the run stopped

    @property
    def files(self) -> int:
        return self.new + self.unchanged + self.replaced + len(self.moved) + self.failed

    def line(self) -> str:
        moved = f", {len(self.moved)} moved" if self.moved else ""
        removed = f"; {len(self.removed)} removed (file gone)" if self.removed else ""
        text = (
            f"{self.files} files: {self.new} new, {self.unchanged} unchanged, "
            f"{self.replaced} replaced{moved}, {self.failed} failed; {self.items_added} items added"
            f"{removed}"
        )
        if self.new == self.replaced == self.failed == 0 == len(self.moved) and self.files:
            text += " (nothing to do: every file is already in the database)"
        if self.interrupted:
            text += " — interrupted, the rest was not ingested"
        if self.fault is not None:
            text += f" — stopped by a database fault ({self.fault.kind}): "
            text += f"{self.not_ingested} file(s) not ingested"
        return text


def discover(paths: Iterable[str]) -> tuple[list[Path], list[Problem]]:
    """Files named directly, digest files under folders (recursive), and glob matches.

    A folder that cannot be listed, and a named path that is not a regular file or
    folder (a FIFO, a device, a symbolic-link loop), is reported, never skipped silently.
    """
    found: dict[str, Path] = {}
    problems: list[Problem] = []
    for raw in paths:
        candidates = (
            [Path(p) for p in sorted(glob.glob(raw, recursive=True))]
            if glob.has_magic(raw)
            else [Path(raw)]
        )
        if not candidates:
            problems.append(Problem(display_path(raw), None, "no file matches this pattern"))
        for candidate in candidates:
            kind = _path_kind(candidate)
            if kind == "folder":
                for sub in _digest_files_under(candidate, problems):
                    found.setdefault(str(sub.resolve()), sub)
            elif kind == "file":
                found.setdefault(str(candidate.resolve()), candidate)
            elif not glob.has_magic(raw) or kind != "missing":
                problems.append(Problem(display_path(str(candidate)), None, kind))
    return [Path(p) for p in found], problems  # keys are resolved: one file, one digest


def _path_kind(path: Path) -> str:
    """ "file", "folder", or why the path is neither (the message shown to the user)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            return "symbolic link to a file or folder that does not exist"
        return "no such file or folder"
    except PermissionError:
        return "permission denied: cannot look inside the folder that holds this path"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop: the link points (through other links) back at itself"
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISREG(mode):
        return "file"
    what = (
        "a FIFO (named pipe)"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
    )
    return f"not a regular file but {what}; only digest files and folders can be ingested"


def _digest_files_under(folder: Path, problems: list[Problem]) -> list[Path]:
    """Digest files under `folder` (symbolic links to folders are not followed, so no loops)."""

    def unreadable(exc: OSError) -> None:
        where = display_path(str(exc.filename or folder))
        problems.append(
            Problem(
                where, None, f"{UNREADABLE_FOLDER}: {exc.strerror or exc}; its files were skipped"
            )
        )

    files = []
    for root, dirs, names in os.walk(folder, onerror=unreadable):
        dirs.sort()
        for name in sorted(names):
            sub = Path(root) / name
            if sub.suffix.lower() in DIGEST_SUFFIXES and sub.is_file():
                files.append(sub)
    return sorted(files)


def display_path(path: str) -> str:
    """The path as text that can be printed and stored.

    A file name that is not UTF-8 (a GBK name from an old archive) reaches Python
    with surrogate escapes, which no encoder accepts; its odd bytes become `\\xNN`.
    """
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        try:
            return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:
            return path.encode("utf-8", "backslashreplace").decode("utf-8")


def _read_and_parse(job: tuple[str, str, int]) -> tuple[str, str | None, ParseResult | None]:
    """Worker: read, hash, and (when the hash is new) parse one file.

    Returns the file's `display_path`, which is what gets stored and reported.
    """
    real_path, default_tz, max_bytes = job
    path = display_path(real_path)
    try:
        size = os.path.getsize(real_path)
        if size > max_bytes:
            reason = f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit (TRENDBOARD_MAX_FILE_MB)"
            return path, None, ParseResult(None, [], [Problem(path, None, reason)])
        data = Path(real_path).read_bytes()
    except OSError as exc:
        return (
            path,
            None,
            ParseResult(
                None, [], [Problem(path, None, f"cannot read file: {exc.strerror or exc}")]
            ),
        )
    sha = hashlib.sha256(data).hexdigest()
    if sha in _KNOWN_HASHES:
        return path, sha, None
    try:
        result = parse_digest(data, path, default_tz)
    except Exception as exc:  # parsing is total by contract; should a bug slip through, it costs this file, not the run
        reason = f"internal error while parsing ({type(exc).__name__}: {' '.join(str(exc).split())[:200]})"
        return path, sha, ParseResult(None, [], [Problem(path, None, reason)])
    if path != real_path:
        result.problems.append(
            Problem(
                path, None, "file name is not UTF-8: stored and shown with \\x escapes", "warning"
            )
        )
    return path, sha, result


def _read_and_parse_pickled(job: tuple[str, str, int]) -> tuple[str, str | None, bytes]:
    """Worker side of `_read_and_parse`: the result is pickled here, where a failure costs one file.

    Left to the pool, a result that cannot be pickled raises in the parent and ends the whole run.
    """
    path, sha, result = _read_and_parse(job)
    try:
        return path, sha, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # RecursionError, …
        reason = f"internal error while passing on the parsed file ({type(exc).__name__})"
        return path, sha, pickle.dumps(ParseResult(None, [], [Problem(path, None, reason)]))


_KNOWN_HASHES: frozenset[str] = frozenset()


def _init_worker(known_hashes: frozenset[str]) -> None:
    _remember_known_hashes(known_hashes)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop


class _StopFlag:
    """Ctrl-C sets the flag; the run stops between files."""

    def __init__(self) -> None:
        self.stop = False
        self._previous = None

    def __enter__(self) -> _StopFlag:
        try:
            self._previous = signal.signal(signal.SIGINT, self._handle)
        except ValueError:  # not in the main thread (e.g. inside the dashboard)
            self._previous = None
        return self

    def _handle(self, signum, frame) -> None:
        self.stop = True

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


def _parsed_files(
    paths: list[Path], known_hashes: frozenset[str], workers: int
) -> Iterator[tuple[str, str | None, ParseResult | None]]:
    default_tz = settings.get("display_tz")
    max_bytes = int(settings.get_float("max_file_mb") * 1_000_000)
    jobs = [(str(p.resolve()), default_tz, max_bytes) for p in paths]
    if workers <= 1 or len(jobs) < 2 * PARSE_CHUNK:
        _remember_known_hashes(known_hashes)
        yield from map(_read_and_parse, jobs)
        return
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(known_hashes,)) as pool:
        for path, sha, blob in pool.map(_read_and_parse_pickled, jobs, chunksize=PARSE_CHUNK):
            yield path, sha, pickle.loads(blob)


def _remember_known_hashes(known_hashes: frozenset[str]) -> None:
    global _KNOWN_HASHES
    _KNOWN_HASHES = known_hashes


def ingest_paths(
    paths: Iterable[str],
    db_path: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    files_per_transaction: int | None = None,
    prune: bool = False,
    prune_folders: Iterable[str] = (),
) -> IngestSummary:
    """Ingest files, folders and globs into the database; see the module docstring.

    With `prune`, digests stored from a file under one of the folders in `paths`
    (or in `prune_folders`) that no longer exists are removed.
    """
    paths = list(paths)
    files, problems = discover(paths)
    summary = IngestSummary(failures=list(problems), failed=len(problems))
    folders = [p for p in paths if prune and Path(p).is_dir()] + list(prune_folders)
    try:
        _ingest_files(
            files, problems, folders, summary, db_path, progress, workers, files_per_transaction
        )
    except DatabaseFault as fault:
        summary.fault = fault
        summary.not_ingested = max(len(files) - (summary.files - len(problems)), 0)
    return summary


def _ingest_files(
    files: list[Path],
    problems: list[Problem],
    folders: list[str],
    summary: IngestSummary,
    db_path: str | None,
    progress: Callable[[int, int], None] | None,
    workers: int | None,
    files_per_transaction: int | None,
) -> None:
    if not files:
        if folders:
            _prune(db_path, folders, problems, summary)
        return
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    per_transaction = files_per_transaction or settings.get_int("files_per_transaction")
    with write_connection(db_path) as con:
        known_at_start = frozenset(KnownFiles.load(con).by_hash)
    done = 0
    # Closed here when a write fails or a stop ends the loop early: left to the garbage
    # collector, the parsing pool would be shut down from one of its own threads.
    with _StopFlag() as flag, closing(_parsed_files(files, known_at_start, workers)) as entries:
        exhausted = False
        while not exhausted and not flag.stop:
            with write_connection(db_path) as con:
                # Reloaded per burst: another writer may have stored files in between.
                known = KnownFiles.load(con)
                burst_end = time.monotonic() + WRITE_BURST_SECONDS
                while time.monotonic() < burst_end and not flag.stop and not exhausted:
                    batch: list[PendingFile] = []
                    while len(batch) < per_transaction and not flag.stop:
                        entry = next(entries, None)
                        if entry is None:
                            exhausted = True
                            break
                        done += 1
                        pending = _triage(entry, known, batch, summary)
                        if pending is not None:
                            batch.append(pending)
                    if batch:
                        _store_batch(con, known, batch, summary)
                    if progress:
                        progress(done, len(files))
        summary.interrupted = flag.stop and done < len(files)
    if folders and not summary.interrupted:
        _prune(db_path, folders, problems, summary)


def _prune(db_path: str | None, folders: list[str], problems: list[Problem], summary) -> None:
    """Remove digests whose file under `folders` is gone; never under a folder that could not be listed."""
    roots = [display_path(str(Path(f).resolve())) for f in folders]
    blind = [p.source_path for p in problems if p.reason.startswith(UNREADABLE_FOLDER)]
    with write_connection(db_path) as con:
        known = KnownFiles.load(con)
        gone = [
            path
            for path in sorted(set(known.by_path) | known.paths_with_problems)
            if any(_is_under(path, root) for root in roots)
            and not any(_is_under(path, folder) for folder in blind)
            and not _still_a_digest_file(path)
        ]
        if gone:
            summary.removed.extend(remove_paths(con, known, gone))


def _is_under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _still_a_digest_file(stored_path: str) -> bool:
    # A stored path with \x escapes names a file whose real (non-UTF-8) name cannot be
    # rebuilt from it; such a file is never taken for gone.
    if "\\x" in stored_path:
        return True
    return Path(stored_path).suffix.lower() in DIGEST_SUFFIXES and os.path.isfile(stored_path)


def _holds(path: str, sha: str) -> bool:
    """Whether the file at a stored path still has this content (then a twin is a duplicate)."""
    if "\\x" in path:
        return True
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest() == sha
    except OSError:
        return False


def _triage(
    entry, known: KnownFiles, batch: list[PendingFile], summary: IngestSummary
) -> PendingFile | None:
    """Skip content the database (or this batch) already holds; pass the rest on."""
    path, sha, result = entry
    # Only a twin that is (being) stored makes this file a duplicate; the twin of a
    # failed file fails too, with its own reason. A stored twin whose file no longer
    # holds this content was renamed or moved here: its digest follows.
    in_batch = next(
        (p.source_path for p in batch if p.sha256 == sha and (p.moved_from or p.result.ok)),
        None,
    )
    stored_as = in_batch or known.by_hash.get(sha)
    if stored_as is not None and stored_as != path and not in_batch and not _holds(stored_as, sha):
        return PendingFile(path, sha, result, moved_from=stored_as)
    if result is None or stored_as is not None:
        summary.unchanged += 1
        if stored_as is not None and stored_as != path:
            summary.duplicates.append((path, stored_as))
        return None
    if not result.ok:
        summary.failed += 1
        summary.failures.extend(p for p in result.problems if p.severity == "error")
    return PendingFile(path, sha or "", result)


def _store_batch(con, known: KnownFiles, batch: list[PendingFile], summary: IngestSummary) -> None:
    outcome = store_files(con, known, batch)
    summary.moved.extend((p.moved_from, p.source_path) for p in batch if p.moved_from)
    for pending, (digest_id, replaced) in zip(
        [p for p in batch if p.stores_digest], outcome, strict=False
    ):
        summary.warnings.extend(p for p in pending.result.problems if p.severity != "error")
        summary.items_added += len(pending.result.items)
        summary.new_digest_ids.append(digest_id)
        if replaced:
            summary.replaced += 1
        else:
            summary.new += 1
