from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import DATA, PROJECT


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis.cli", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def test_ingest_exit_codes_summary_and_failure_listing(good_folder, db_path):
    shutil.copy(DATA / "no_items.md", good_folder / "no_items.md")
    first = run_cli("ingest", str(good_folder), "--db", db_path)
    assert first.returncode == 1
    assert "10 files: 9 new, 0 unchanged, 0 replaced, 1 failed; 20 items added" in first.stdout
    assert "no_items.md: error: no news items found" in first.stderr
    assert "Traceback" not in first.stderr
    (good_folder / "no_items.md").unlink()
    second = run_cli("ingest", str(good_folder), "--db", db_path)
    assert second.returncode == 0
    assert "0 new, 9 unchanged" in second.stdout and "0 items added" in second.stdout


def test_db_from_environment_and_stats(good_folder, tmp_path):
    db = str(tmp_path / "env.duckdb")
    assert run_cli("ingest", str(good_folder), env={"TRENDBOARD_DB": db}).returncode == 0
    stats = run_cli("stats", env={"TRENDBOARD_DB": db})
    assert stats.returncode == 0
    assert "digests:    9" in stats.stdout and "items:      20" in stats.stdout
    # In the display zone, as the dashboard shows it (the first digest is 2026-01-06 16:00:10 UTC).
    assert "date range: 2026-01-07 00:00:10+08:00 .. 2026-02-13" in stats.stdout
    assert "(+08:00)" in stats.stdout


def test_a_rerun_finishes_enrichment_an_earlier_run_skipped(good_folder, db_path):
    assert run_cli("ingest", str(good_folder), "--no-enrich", "--db", db_path).returncode == 0
    rerun = run_cli("ingest", str(good_folder), "--db", db_path)
    assert rerun.returncode == 0, rerun.stderr
    assert "0 items added" in rerun.stdout
    assert "companies & sources tagged for 20 items" in rerun.stdout
    assert "keywords & categories for 20 items" in rerun.stdout
    quiet = run_cli("ingest", str(good_folder), "--db", db_path)
    assert "tagged" not in quiet.stdout and "keywords" not in quiet.stdout


def test_export_to_stdout_has_no_bom_and_files_say_what_they_show(good_folder, tmp_path):
    db = str(tmp_path / "export.duckdb")
    assert run_cli("ingest", str(good_folder), "--db", db, "--no-enrich").returncode in (0, 1)
    piped = subprocess.run(
        [sys.executable, "-m", "analysis.cli", "export", "items", "--db", db, "--out", "-"],
        cwd=PROJECT,
        capture_output=True,
        timeout=300,
    )
    assert piped.returncode == 0
    assert piped.stdout.startswith(b"item_id,published_at,headline")
    out = tmp_path / "items.csv"
    written = run_cli(
        "export",
        "items",
        "--db",
        db,
        "--company",
        "OpenAI",
        "--start",
        "2026-01-01",
        "--end",
        "2026-02-28",
        "--out",
        str(out),
    )
    assert written.returncode == 0
    lines = out.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0] == "# trendboard export: 5 lines of metadata, then the CSV header"
    assert lines[1] == "# title: trendboard items"
    assert lines[2] == "# range: 2026-01-01 – 2026-02-28"
    assert lines[3] == "# filters: by day, +08:00; companies: OpenAI"
    assert lines[4].startswith("# generated: 20")
    assert lines[5].startswith("item_id,published_at,headline")
