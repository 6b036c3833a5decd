"""The build lock and the progress file of background builds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from analysis.enrich import jobs

HOLD_LOCK = """
import sys, time
from analysis.enrich import jobs
with jobs.build_lock(sys.argv[1], wait=False):
    print("locked", flush=True)
    time.sleep(60)
"""


def test_lock_is_exclusive_and_a_killed_holder_leaves_it_free(tmp_path, monkeypatch):
    monkeypatch.setattr(jobs, "IDLE_PROBE_SECONDS", 0.2)
    db = str(tmp_path / "t.duckdb")
    assert jobs.holder(db) is None
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, db], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "locked"
        assert jobs.holder(db) == child.pid
        with pytest.raises(jobs.BuildRunning) as raised, jobs.build_lock(db, wait=False):
            pass
        assert raised.value.pid == child.pid
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    # The lock file stays behind with the dead pid in it; the lock itself is gone.
    assert jobs.lock_path(db).read_text() == str(child.pid)
    assert jobs.holder(db) is None
    with jobs.build_lock(db, wait=False):
        assert jobs.holder(db) == os.getpid()


def test_progress_file_gives_rate_time_left_and_interruption(tmp_path, monkeypatch):
    db = str(tmp_path / "t.duckdb")
    assert jobs.read_progress(db) is None
    with jobs.build_lock(db, wait=False):
        writer = jobs.ProgressWriter(db, "enrich")
        writer(jobs.STEP_ENTITIES, 10, 10)
        writer(jobs.STEP_KEYWORDS, 0, 100)
        writer.record["step_started"] = time.time() - 10
        writer(jobs.STEP_KEYWORDS, 25, 100)
        writer._write()
        progress = jobs.read_progress(db)
        assert progress.running and not progress.interrupted
        assert progress.steps_done == [jobs.STEP_ENTITIES]
        assert progress.has_finished(jobs.STEP_ENTITIES)
        assert not progress.has_finished(jobs.STEP_KEYWORDS)
        assert progress.rate == pytest.approx(2.5, rel=0.05)
        assert progress.seconds_left == pytest.approx(30, rel=0.05)
        assert not jobs.should_resume(progress)
    # The writer's process no longer holds the lock, and the record still says running:
    # killed midway, so the next page load starts the build again.
    monkeypatch.setattr(jobs, "STARTUP_GRACE_SECONDS", 0.0)
    progress = jobs.read_progress(db)
    assert progress.interrupted and jobs.should_resume(progress)
    writer.finish()
    finished = jobs.read_progress(db)
    assert finished.state == "finished" and not jobs.should_resume(finished)
    assert finished.has_finished(jobs.STEP_KEYWORDS)


def test_a_failed_build_is_not_restarted_in_a_loop(tmp_path):
    db = str(tmp_path / "t.duckdb")
    jobs.ProgressWriter(db, "enrich").finish(error="BackendUnavailable: no model")
    failed = jobs.read_progress(db)
    assert failed.state == "failed" and not jobs.should_resume(failed)
    failed.updated -= jobs.RETRY_AFTER_FAILURE_SECONDS + 1
    assert jobs.should_resume(failed)
