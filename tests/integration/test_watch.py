"""`trendboard ingest --watch`: files that appear are ingested; Ctrl-C stops cleanly."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import threading
import time

import duckdb
import pytest
from conftest import DATA, PROJECT


def digest_count(db: str) -> int:
    try:
        with duckdb.connect(db, read_only=True) as con:
            return con.execute("SELECT count(*) FROM digests").fetchone()[0]
    except duckdb.Error:
        return -1  # not created yet, or the writer holds the lock right now


def wait_for(predicate, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


@pytest.mark.slow
def test_watch_ingests_new_and_changed_files_and_stops_on_ctrl_c(tmp_path):
    folder = tmp_path / "watched"
    folder.mkdir()
    shutil.copy(DATA / "bullets.md", folder / "bullets.md")
    db = str(tmp_path / "watch.duckdb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "analysis.cli",
            "ingest",
            str(folder),
            "--watch",
            "--no-enrich",
            "--db",
            db,
        ],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert wait_for(lambda: digest_count(db) == 1)
        shutil.copy(DATA / "toml_front.md", folder / "new.md")
        assert wait_for(lambda: digest_count(db) == 2)
        (folder / "nested").mkdir()
        shutil.copy(DATA / "crlf.md", folder / "nested" / "deeper.md")
        assert wait_for(lambda: digest_count(db) == 3)
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "watching" in out and "stopped watching" in out
    assert "Traceback" not in err
    assert "1 files: 1 new" in out


def test_a_file_that_arrives_during_the_first_ingest_is_not_missed(tmp_path, capsys):
    from analysis.ingest.watch import watch_folders

    folder = tmp_path / "watched"
    folder.mkdir()
    arrived = folder / "arrived.md"
    seen: list[str] = []

    def first() -> None:
        # The initial scan has listed the folder; a file lands before it is done.
        shutil.copy(DATA / "bullets.md", arrived)

    def ingest(changed: list[str], folders: list[str]) -> None:
        seen.extend(changed)
        raise KeyboardInterrupt  # what Ctrl-C does, once the file is in

    deadline = threading.Timer(30, signal.raise_signal, [signal.SIGINT])
    deadline.start()
    try:
        assert watch_folders([str(folder)], ingest, first=first) == 0
    finally:
        deadline.cancel()
    assert seen == [str(arrived)]
    assert "stopped watching" in capsys.readouterr().out


def test_a_fault_in_the_first_ingest_ends_the_watch_with_its_exit_code(tmp_path):
    from analysis.ingest.watch import watch_folders

    def ingest(changed, folders):
        raise AssertionError("nothing is watched after a fault")

    assert watch_folders([str(tmp_path)], ingest, first=lambda: 4) == 4


def test_a_file_still_being_written_is_read_only_once_it_settles(tmp_path, monkeypatch):
    """A copy that pauses between writes without an event is not read half-written."""
    from types import SimpleNamespace

    from watchdog.events import FileCreatedEvent

    import analysis.ingest.watch as watch

    now = [100.0]
    monkeypatch.setattr(watch, "time", SimpleNamespace(monotonic=lambda: now[0]))
    collector = watch._Collector(settle_seconds=0.5)
    digest = tmp_path / "2026-02-10.md"
    digest.write_text("---\ntitle: AI 日报\n---\n\n1. [第一条](https://a.example/1)\n")
    collector.on_any_event(FileCreatedEvent(str(digest)))
    assert collector.settled() == ([], False)
    now[0] += 0.3
    with digest.open("a") as handle:  # the rest arrives, and no event says so
        handle.write("\n2. [第二条](https://a.example/2)\n")
    assert collector.settled() == ([], False)  # it changed: the settle time starts again
    now[0] += 0.4
    assert collector.settled() == ([], False)  # 0.7 s since the event, 0.4 s since the change
    now[0] += 0.2
    assert collector.settled() == ([str(digest)], False)
    assert collector.settled() == ([], False)  # read once
