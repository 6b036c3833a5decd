"""First run from the dashboard: the build runs in a child process; killed midway, a restarted
dashboard resumes it and every item ends up enriched exactly once."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT
from streamlit.testing.v1 import AppTest

from analysis.enrich import jobs
from benchmarks.generate_corpus import generate

APP = str(PROJECT / "dashboard" / "app.py")
BATCH = 16

# Every enrichment row of an item, keyed by where the item sits (file, position) rather than
# by its id, so that two databases built from the same files compare.
ROWS = {
    "item_keywords": "k.keyword, k.keyword_norm, k.score, k.origin, k.model",
    "item_categories": "k.category, k.score, k.method",
    "item_companies": "k.company, k.mention, k.start, k.via_product",
    "item_sources": "k.source, k.handle, k.platform, k.affiliation",
}


def enrichment_rows(db: str) -> dict[str, list[tuple]]:
    with duckdb.connect(db, read_only=True) as con:
        return {
            table: sorted(
                con.execute(f"""
                    SELECT parse_filename(d.source_path), i.position, {columns}
                    FROM {table} k JOIN items i USING (item_id) JOIN digests d USING (digest_id)
                    """).fetchall(),
                key=repr,
            )
            for table, columns in ROWS.items()
        }


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def child_pids(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def open_dashboard(monkeypatch, db: str, digests: Path) -> AppTest:
    monkeypatch.setenv("TRENDBOARD_DB", db)
    monkeypatch.setenv("TRENDBOARD_DIGEST_DIR", str(digests))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.slow
def test_killed_build_resumes_and_enriches_every_item_once(monkeypatch, tmp_path):
    from analysis.enrich.pipeline import enrich_all
    from analysis.ingest.pipeline import ingest_paths

    digests = tmp_path / "digests"
    generate(digests, days=3)
    # Small batches so that the kill lands between commits, two processes so that the pool is
    # what gets killed.
    monkeypatch.setenv("TRENDBOARD_BATCH_ITEMS", str(BATCH))
    monkeypatch.setenv("TRENDBOARD_ENRICH_WORKERS", "2")

    db = str(tmp_path / "trends.duckdb")
    open_dashboard(monkeypatch, db, digests)
    assert jobs.read_progress(db).running, "the page waited for the build instead of starting it"
    progress = wait_for(
        lambda: (
            (p := jobs.read_progress(db))
            and p.step == jobs.STEP_KEYWORDS
            and p.done >= 2 * BATCH
            and p
        ),
        timeout=300,
        what="the child to store a few keyword batches",
    )
    builder = jobs.holder(db)
    assert builder == progress.pid and builder != os.getpid()
    workers = child_pids(builder)
    assert workers, "the build ran no worker processes"
    os.kill(builder, signal.SIGKILL)
    wait_for(lambda: jobs.holder(db) is None, timeout=30, what="the lock to be released")
    wait_for(
        lambda: not [pid for pid in workers if alive(pid)],
        timeout=30,
        what="the killed builder's workers to exit",
    )
    killed = jobs.read_progress(db)
    assert killed.interrupted and killed.done < killed.total

    with duckdb.connect(db, read_only=True) as con:
        items = con.execute("SELECT count(*) FROM items").fetchone()[0]
        with_keywords = con.execute("SELECT count(DISTINCT item_id) FROM item_keywords").fetchone()[
            0
        ]
    assert 0 < with_keywords < items, "the kill did not land midway"

    # A restarted dashboard: the killed build is started again and finishes.
    open_dashboard(monkeypatch, db, digests)
    wait_for(
        lambda: (p := jobs.read_progress(db)) and p.state == "finished" and not p.alive,
        timeout=300,
        what="the resumed build to finish",
    )
    # A third start finds nothing to do and starts nothing.
    open_dashboard(monkeypatch, db, digests)
    assert jobs.read_progress(db).state == "finished"

    reference = str(tmp_path / "reference.duckdb")
    ingest_paths([str(digests)], reference)
    enrich_all(reference, workers=1)

    resumed, expected = enrichment_rows(db), enrichment_rows(reference)
    for table in ROWS:
        assert len(resumed[table]) == len(set(resumed[table])), f"duplicate rows in {table}"
        assert resumed[table] == expected[table], table
    with duckdb.connect(db, read_only=True) as con:
        uncategorised = con.execute(
            "SELECT count(*) FROM items WHERE item_id NOT IN (SELECT item_id FROM item_categories)"
        ).fetchone()[0]
    assert uncategorised == 0


def test_if_idle_does_nothing_while_another_build_runs(tmp_path, capsys, monkeypatch):
    from analysis.cli import main

    monkeypatch.setattr(jobs, "IDLE_PROBE_SECONDS", 0.2)
    db = str(tmp_path / "trends.duckdb")
    with jobs.build_lock(db, wait=False):
        assert main(["enrich", "--if-idle", "--db", db]) == 0
    assert "is already building this database; nothing to do" in capsys.readouterr().out
    assert not (tmp_path / "trends.duckdb").exists()
    assert jobs.read_progress(db) is None
