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
    assert "2026-01-06 16:00:10+00:00 .. 2026-02-13" in stats.stdout


def test_a_rerun_finishes_enrichment_an_earlier_run_skipped(good_folder, db_path):
    assert run_cli("ingest", str(good_folder), "--no-enrich", "--db", db_path).returncode == 0
    rerun = run_cli("ingest", str(good_folder), "--db", db_path)
    assert rerun.returncode == 0, rerun.stderr
    assert "0 items added" in rerun.stdout
    assert "companies & sources tagged for 20 items" in rerun.stdout
    assert "keywords & categories for 20 items" in rerun.stdout
    quiet = run_cli("ingest", str(good_folder), "--db", db_path)
    assert "tagged" not in quiet.stdout and "keywords" not in quiet.stdout


def test_aliases_add_keeps_the_files_comments_and_layout_and_retags(
    good_folder, db_path, tmp_path, monkeypatch, capsys
):
    import difflib

    import analysis.enrich.reference as reference
    from analysis.cli import main
    from analysis.enrich.entities import reload_tables
    from analysis.ingest.pipeline import ingest_paths
    from analysis.query.entities import top_companies
    from analysis.query.filters import Filters
    from analysis.store.db import read_connection

    table = tmp_path / "companies.toml"
    original = (PROJECT / "data" / "companies.toml").read_text(encoding="utf-8")
    table.write_text(original, encoding="utf-8")
    monkeypatch.setattr(reference, "COMPANIES_FILE", table)
    reload_tables()
    try:
        ingest_paths([str(good_folder)], db_path)
        assert main(["aliases", "add", "Nested Learning", "--as", "Nested Learning Lab",
                     "--kind", "lab", "--db", db_path]) == 0  # fmt: skip
        assert "new organisation 'Nested Learning Lab'" in capsys.readouterr().out
        created = table.read_text(encoding="utf-8")
        assert created.startswith(original.rstrip("\n"))  # every comment and line kept
        assert 'name = "Nested Learning Lab"' in created.removeprefix(original.rstrip("\n"))

        assert main(["aliases", "add", "Together Compute", "--as", "Together AI",
                     "--db", db_path]) == 0  # fmt: skip
        edited = table.read_text(encoding="utf-8")
        changed = [
            line
            for line in difflib.unified_diff(created.splitlines(), edited.splitlines(), n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        assert len(changed) == 2 and changed[0].startswith('-aliases = ["Together AI"')
        assert changed[1].endswith(', "Together Compute"]')

        assert main(["aliases", "add", "OpenAI", "--as", "Anthropic", "--db", db_path]) == 1
        assert "already names 'OpenAI'" in capsys.readouterr().err
        with read_connection(db_path) as con:
            counts = top_companies(con, Filters(), limit=200)
        assert (
            dict(zip(counts["company"], counts["items"], strict=True))["Nested Learning Lab"] == 2
        )
    finally:
        monkeypatch.undo()
        reload_tables()
