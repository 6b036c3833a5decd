"""`trendboard ingest --watch`: ingest files as they appear or change (watchdog)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from analysis.ingest.pipeline import DIGEST_SUFFIXES

# Editors and copy tools write a file in several steps; wait until it is quiet.
SETTLE_SECONDS = 0.5


class _Collector(FileSystemEventHandler):
    def __init__(self) -> None:
        self.changed: dict[str, float] = {}
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in ("created", "modified", "moved", "closed"):
            return
        path = str(getattr(event, "dest_path", "") or event.src_path)
        if Path(path).suffix.lower() in DIGEST_SUFFIXES:
            with self.lock:
                self.changed[path] = time.monotonic()

    def settled(self) -> list[str]:
        now = time.monotonic()
        with self.lock:
            ready = [p for p, t in self.changed.items() if now - t >= SETTLE_SECONDS]
            for path in ready:
                del self.changed[path]
        return [p for p in ready if Path(p).is_file()]


def watch_folders(paths: Sequence[str], ingest: Callable[[list[str]], object]) -> int:
    folders = sorted({str(Path(p)) if Path(p).is_dir() else str(Path(p).parent) for p in paths})
    collector = _Collector()
    observer = Observer()
    for folder in folders:
        observer.schedule(collector, folder, recursive=True)
    observer.start()
    print(f"watching {', '.join(folders)} — Ctrl-C stops", flush=True)
    try:
        while True:
            time.sleep(0.2)
            ready = collector.settled()
            if ready:
                ingest(ready)
    except KeyboardInterrupt:
        print("stopped watching", flush=True)
    finally:
        observer.stop()
        observer.join()
    return 0
