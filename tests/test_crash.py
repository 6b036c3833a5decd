"""kill -9 in the middle of an ingest: whole digests or none, and a re-run completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from conftest import DATA, PROJECT

FILES = 2000


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("crash_corpus")
    seed = (DATA / "reference_copy.md").read_text(encoding="utf-8")
    start = datetime(2025, 1, 1, 0, 0, 10)
    for index in range(FILES):
        stamp = start + timedelta(hours=4 * index)
        text = (seed.replace("2026-01-07T00:00:10", stamp.strftime("%Y-%m-%dT%H:%M:%S"))
                .replace("2026.01.07.00", stamp.strftime("%Y.%m.%d.%H"))
                .replace("2008360431719772520", str(2008360431719772520 + index)))
        (folder / f"{index:05d}.md").write_text(text, encoding="utf-8")
    return folder


def ingest_command(folder: Path, db: str) -> list[str]:
    return [sys.executable, "-m", "analysis.cli", "ingest", str(folder), "--db", db]


def state(db: str):
    with duckdb.connect(db, read_only=True) as con:
        torn = con.execute("""
            SELECT count(*) FROM digests d
            WHERE item_count <> (SELECT count(*) FROM items i WHERE i.digest_id = d.digest_id)""").fetchone()[0]
        orphans = con.execute(
            "SELECT count(*) FROM items WHERE digest_id NOT IN (SELECT digest_id FROM digests)").fetchone()[0]
        content = con.execute("""
            SELECT d.content_sha256, i.position, i.headline, i.status_id FROM items i JOIN digests d USING (digest_id)
            ORDER BY 1, 2""").fetchall()
    return torn, orphans, content


@pytest.mark.slow
@pytest.mark.parametrize("kill_after", [0.8, 1.7, 2.6])
def test_kill_minus_nine_leaves_whole_digests(big_folder, tmp_path, kill_after):
    db = str(tmp_path / "crash.duckdb")
    process = subprocess.Popen(ingest_command(big_folder, db), cwd=PROJECT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(kill_after)
    if process.poll() is not None:
        pytest.skip("ingest finished before the kill; machine faster than expected")
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    if Path(db).exists():
        torn, orphans, content = state(db)
        assert (torn, orphans) == (0, 0)
        assert len(content) % 9 == 0  # every stored reference digest has its 9 items
    rerun = subprocess.run(ingest_command(big_folder, db), cwd=PROJECT, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    torn, orphans, content = state(db)
    assert (torn, orphans) == (0, 0)
    assert len(content) == FILES * 9
    assert len({row[0] for row in content}) == FILES
