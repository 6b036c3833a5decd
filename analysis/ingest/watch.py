"""`trendboard ingest --watch`: ingest files as they appear or change (watchdog), and follow
renames, moves and deletions (the database is pruned to the watched folders after every change)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from analysis.ingest.pipeline import DIGEST_SUFFIXES

# Editors and copy tools write a file in several steps, and a slow copy can pause between
# them without an event: a file is read once its size and mtime have not changed for this long.
SETTLE_SECONDS = 0.5


def _stat(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


class _Collector(FileSystemEventHandler):
    def __init__(self, settle_seconds: float = SETTLE_SECONDS) -> None:
        self.settle_seconds = settle_seconds
        # path → (when its size/mtime last changed, that size/mtime)
        self.changed: dict[str, tuple[float, tuple[int, int] | None]] = {}
        self.gone = False
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        kind = event.event_type
        if kind not in ("created", "modified", "moved", "closed", "deleted"):
            return
        with self.lock:
            if kind in ("deleted", "moved"):
                self.gone = True  # the old path is gone: prune
            if kind == "deleted":
                return
            target = str(getattr(event, "dest_path", "") or event.src_path)
            if event.is_directory:
                if kind in ("created", "moved"):  # a folder moved in brings its files
                    for root, _, names in os.walk(target):
                        for name in names:
                            self._note(os.path.join(root, name))
                return
            self._note(target)

    def _note(self, path: str) -> None:
        if Path(path).suffix.lower() in DIGEST_SUFFIXES:
            self.changed[path] = (time.monotonic(), _stat(path))

    def settled(self) -> tuple[list[str], bool]:
        """(files whose size and mtime have been stable for the settle time, whether any path went away)."""
        now = time.monotonic()
        ready = []
        with self.lock:
            for path, (since, seen) in list(self.changed.items()):
                current = _stat(path)
                if current != seen:
                    self.changed[path] = (now, current)
                elif now - since >= self.settle_seconds:
                    del self.changed[path]
                    if current is not None:
                        ready.append(path)
            # Prune only once nothing is pending: a rename's new path must be read first, so
            # that its digest moves instead of being removed and stored again.
            gone = self.gone and not self.changed
            self.gone = self.gone and not gone
        return [p for p in ready if Path(p).is_file()], gone


def watch_folders(
    paths: Sequence[str],
    ingest: Callable[[list[str], list[str]], object],
    first: Callable[[], int | None] | None = None,
) -> int:
    """Run `first()` (the initial ingest; an exit code stops the watch), then call
    `ingest(changed_files, folders_to_prune)` whenever files settle or disappear.

    The folders are watched before `first` runs: a file that arrives while it reads the
    folder would otherwise be in neither.
    """
    folders = sorted({str(Path(p)) if Path(p).is_dir() else str(Path(p).parent) for p in paths})
    collector = _Collector()
    observer = Observer()
    for folder in folders:
        observer.schedule(collector, folder, recursive=True)
    observer.start()
    try:
        code = first() if first is not None else None
        if code is not None:
            return code
        print(f"watching {', '.join(folders)} — Ctrl-C stops", flush=True)
        while True:
            time.sleep(0.2)
            ready, gone = collector.settled()
            if ready or gone:
                ingest(ready, folders)
    except KeyboardInterrupt:
        print("stopped watching", flush=True)
    finally:
        observer.stop()
        observer.join()
    return 0
