"""Background builds: one enrichment process per database, its lock and its progress file.

The dashboard never computes keywords itself (loading the embedding model into
every server process costs memory and blocks the page). It starts
`trendboard ingest|enrich --if-idle` as a child process and reads the child's
progress file. Three files sit beside the database:

* ``<db>.build.lock`` — an exclusive `flock` held for the whole build by the
  process that builds; it holds that process's pid. The kernel drops the lock
  when the process dies (also on SIGKILL), so a lock file whose lock nobody
  holds is stale and is simply taken over.
* ``<db>.progress.json`` — written atomically (rename) by the builder: its
  state (running / finished / failed), the current step, done / total for the
  step and timestamps, from which readers derive the rate and time left.
* ``<db>.build.log`` — the child's output, for when something fails.

Every enrichment run takes the lock, from the CLI or from a dashboard child, so
two runs never enrich the same items at once; an interrupted run resumes from
the watermarks (`analysis.enrich.pipeline.resume_point`).

Nothing here imports the embedding model or the enrichment pipeline.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis import settings
from analysis.store.db import resolve_db_path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, builds are not deduplicated
    fcntl = None

STEP_INGEST = "ingest files"
STEP_ENTITIES = "companies & sources"
STEP_KEYWORDS = "keywords & categories"
STEPS = (STEP_INGEST, STEP_ENTITIES, STEP_KEYWORDS)
# Watermark keys in the `meta` table: the highest item id each step has finished.
ENTITIES_WATERMARK = "entities_upto"
# A child started with --if-idle keeps trying this long before deciding that another
# process really is building (a reader's `holder()` probe holds the lock for microseconds).
IDLE_PROBE_SECONDS = 2.0
# A failed build is not restarted automatically before this many seconds have passed.
RETRY_AFTER_FAILURE_SECONDS = 60.0
PROGRESS_WRITE_INTERVAL = 0.5
# A child counts as running for this long after it was started, before it has taken the lock.
STARTUP_GRACE_SECONDS = 15.0


def keywords_watermark(model_name: str) -> str:
    return f"keywords_upto:{model_name}"


def lock_path(db: str | None) -> Path:
    return Path(resolve_db_path(db) + ".build.lock")


def progress_path(db: str | None) -> Path:
    return Path(resolve_db_path(db) + ".progress.json")


def log_path(db: str | None) -> Path:
    return Path(resolve_db_path(db) + ".build.log")


class BuildRunning(RuntimeError):
    """Another process holds the build lock of this database."""

    def __init__(self, pid: int | None) -> None:
        super().__init__(f"another process (pid {pid}) is already building this database")
        self.pid = pid


def _read_pid(handle) -> int | None:
    handle.seek(0)
    text = handle.read().strip()
    return int(text) if text.isdigit() else None


@contextlib.contextmanager
def build_lock(db: str | None, *, wait: bool, on_wait=None) -> Iterator[None]:
    """Hold the database's build lock. `wait=False`: raise `BuildRunning` if another process has it
    (after `IDLE_PROBE_SECONDS` of retries); `wait=True`: block, calling `on_wait(pid)` once first."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    path = lock_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+", encoding="ascii")  # noqa: SIM115 - held for the whole build
    try:
        deadline = time.monotonic() + IDLE_PROBE_SECONDS
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not wait and time.monotonic() >= deadline:
                    raise BuildRunning(_read_pid(handle)) from None
                if wait and not told and on_wait is not None:
                    on_wait(_read_pid(handle))
                    told = True
                time.sleep(0.05 if not wait else 0.25)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()


def holder(db: str | None) -> int | None:
    """The pid of the process building this database, or None when nobody is (a stale lock file
    left by a killed process counts as nobody)."""
    if fcntl is None:  # pragma: no cover
        return None
    path = lock_path(db)
    if not path.exists():
        return None
    with open(path, "a+", encoding="ascii") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_pid(handle) or -1
        fcntl.flock(handle, fcntl.LOCK_UN)
    return None


# ------------------------------------------------------------------ progress


@dataclass
class BuildProgress:
    """What a reader knows of the latest build of a database."""

    state: str  # "running", "finished", "failed"
    command: str
    pid: int
    step: str
    done: int
    total: int
    started: float
    step_started: float
    updated: float
    steps_done: list[str] = field(default_factory=list)
    error: str = ""
    alive: bool = False  # filled in by `read_progress`: the builder still holds the lock

    @property
    def running(self) -> bool:
        return self.state == "running" and self.alive

    @property
    def interrupted(self) -> bool:
        """Said it was running, but its process is gone (killed, machine restarted)."""
        return self.state == "running" and not self.alive

    @property
    def rate(self) -> float | None:
        """Items (or files) per second in the current step."""
        elapsed = self.updated - self.step_started
        return self.done / elapsed if self.done and elapsed > 0 else None

    @property
    def seconds_left(self) -> float | None:
        rate = self.rate
        return (self.total - self.done) / rate if rate else None

    def has_finished(self, step: str) -> bool:
        return step in self.steps_done


class ProgressWriter:
    """The builder's side: `__call__(step, done, total)` is an enrichment `Progress` callback."""

    def __init__(self, db: str | None, command: str, pid: int | None = None) -> None:
        self.path = progress_path(db)
        now = time.time()
        self.record = {
            "state": "running",
            "command": command,
            "pid": pid or os.getpid(),
            "step": "",
            "done": 0,
            "total": 0,
            "started": now,
            "step_started": now,
            "updated": now,
            "steps_done": [],
            "error": "",
        }
        self._last_write = 0.0
        self._write()

    def __call__(self, step: str, done: int, total: int) -> None:
        now = time.time()
        changed = step != self.record["step"]
        if changed:
            if self.record["step"] and self.record["step"] not in self.record["steps_done"]:
                self.record["steps_done"].append(self.record["step"])
            self.record["step"] = step
            self.record["step_started"] = now
        self.record.update(done=done, total=total, updated=now)
        if changed or done >= total or now - self._last_write >= PROGRESS_WRITE_INTERVAL:
            self._write()

    def step_finished(self, step: str) -> None:
        if step not in self.record["steps_done"]:
            self.record["steps_done"].append(step)
        self.record["updated"] = time.time()
        self._write()

    def finish(self, error: str = "") -> None:
        if (
            self.record["step"]
            and self.record["step"] not in self.record["steps_done"]
            and not error
        ):
            self.record["steps_done"].append(self.record["step"])
        self.record.update(
            state="failed" if error else "finished", error=error, updated=time.time()
        )
        self._write()

    def _write(self) -> None:
        self._last_write = time.monotonic()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(self.record), encoding="utf-8")
        os.replace(temporary, self.path)


def read_progress(db: str | None) -> BuildProgress | None:
    """The latest build's progress, or None when no build ever wrote one (or it is unreadable)."""
    try:
        record = json.loads(progress_path(db).read_text(encoding="utf-8"))
        progress = BuildProgress(**record)
    except (OSError, ValueError, TypeError):
        return None
    progress.alive = progress.state == "running" and (
        holder(db) is not None
        or (time.time() - progress.updated < STARTUP_GRACE_SECONDS and _pid_alive(progress.pid))
    )
    return progress


def _pid_alive(pid: int) -> bool:
    _reap()
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# ------------------------------------------------------------------ starting a child

_CHILDREN: list[subprocess.Popen] = []


def _reap() -> None:
    for child in list(_CHILDREN):
        if child.poll() is not None:
            _CHILDREN.remove(child)


def start_child(db: str | None, arguments: Sequence[str], *, if_idle: bool = True) -> int | None:
    """Start `trendboard ARGUMENTS --db DB` in its own session (it outlives a page reload or a
    server restart); returns its pid, or None when a build is already running and `if_idle`."""
    _reap()
    if if_idle and holder(db) is not None:
        return None
    db = resolve_db_path(db)
    command = [sys.executable, "-m", "analysis.cli", *arguments, "--db", db]
    if if_idle:
        command.append("--if-idle")
    log = open(log_path(db), "ab")  # noqa: SIM115 - handed to the child
    try:
        child = subprocess.Popen(
            command,
            cwd=settings.PROJECT_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    finally:
        log.close()
    _CHILDREN.append(child)
    # Until the child has the lock, this record tells other tabs and servers that it is starting.
    ProgressWriter(db, arguments[0], pid=child.pid)
    return child.pid


def should_resume(progress: BuildProgress | None) -> bool:
    """After a build that was killed, start another at once; after one that failed, not in a loop."""
    if progress is None or progress.running:
        return False
    if progress.interrupted:
        return True
    return (
        progress.state == "failed" and time.time() - progress.updated >= RETRY_AFTER_FAILURE_SECONDS
    )


def pending_items(db: str | None, model_name: str, timeout: float = 0.5) -> int | None:
    """Items some enrichment step has not reached yet (by the watermarks), or None when the
    database is busy for longer than `timeout` seconds."""
    from analysis.store.db import DatabaseBusy, read_connection

    try:
        with read_connection(db, timeout=timeout) as con:
            marks = dict(
                con.execute(
                    "SELECT key, value FROM meta WHERE key IN (?, ?)",
                    [ENTITIES_WATERMARK, keywords_watermark(model_name)],
                ).fetchall()
            )
            upto = min(
                int(marks.get(ENTITIES_WATERMARK) or 0),
                int(marks.get(keywords_watermark(model_name)) or 0),
            )
            return int(
                con.execute("SELECT count(*) FROM items WHERE item_id > ?", [upto]).fetchone()[0]
            )
    except DatabaseBusy:
        return None
