"""The `trendboard` command, run in-process (tests/e2e/test_cli_process.py runs it as a process)."""

from __future__ import annotations

import shutil

import pytest
from conftest import DATA, PROJECT


def test_ingest_exit_codes_summary_and_failure_listing(good_folder, db_path, trendboard):
    shutil.copy(DATA / "no_items.md", good_folder / "no_items.md")
    first = trendboard("ingest", str(good_folder), "--db", db_path, "--no-enrich")
    assert first.code == 1
    assert "10 files: 9 new, 0 unchanged, 0 replaced, 1 failed; 20 items added" in first.out
    assert "no_items.md: error: no news items found" in first.err
    (good_folder / "no_items.md").unlink()
    second = trendboard("ingest", str(good_folder), "--db", db_path, "--no-enrich")
    assert second.code == 0
    assert "0 new, 9 unchanged" in second.out and "0 items added" in second.out


def test_db_from_environment_and_stats(good_folder, tmp_path, monkeypatch, trendboard):
    monkeypatch.setenv("TRENDBOARD_DB", str(tmp_path / "env.duckdb"))
    assert trendboard("ingest", str(good_folder), "--no-enrich").code == 0
    stats = trendboard("stats")
    assert stats.code == 0
    assert stats.out.splitlines() == [
        f"database:   {tmp_path / 'env.duckdb'}",
        "digests:    9",
        "items:      20",
        # In the display zone, as the dashboard shows it.
        "date range: 2026-01-07 00:00:10+08:00 .. 2026-02-13 08:00:00+08:00 (+08:00)",
        "failed files on record: 0",
        "items with keywords: 0",
        "items with companies: 0",
        "items with categories: 0",
        "text kept per series (share of each file's text that reached an item):",
        "  过去4小时全球AI发生了什么？: 9 files, median 100%, lowest 98%, 0 under 70%",
    ]


def test_stats_of_an_empty_database(empty_db, trendboard):
    stats = trendboard("stats", "--db", empty_db)
    assert stats.code == 0
    assert "digests:    0" in stats.out and "date range: (empty)" in stats.out


@pytest.mark.slow  # enriches with the embedding model
def test_a_rerun_finishes_enrichment_an_earlier_run_skipped(
    good_folder, db_path, trendboard, embedding_backend
):
    assert trendboard("ingest", str(good_folder), "--no-enrich", "--db", db_path).code == 0
    rerun = trendboard("ingest", str(good_folder), "--db", db_path)
    assert rerun.code == 0, rerun.err
    assert "0 items added" in rerun.out
    assert "companies & sources tagged for 20 items" in rerun.out
    assert "keywords & categories for 20 items" in rerun.out
    quiet = trendboard("ingest", str(good_folder), "--db", db_path)
    assert "tagged" not in quiet.out and "keywords" not in quiet.out


def test_export_to_stdout_has_no_bom_and_files_say_what_they_show(
    good_folder, tmp_path, trendboard
):
    import subprocess
    import sys

    from conftest import PROJECT

    db = str(tmp_path / "export.duckdb")
    assert trendboard("ingest", str(good_folder), "--db", db, "--no-enrich").code == 0
    # A real process: the bytes on standard output are what a pipe receives.
    piped = subprocess.run(
        [sys.executable, "-m", "analysis.cli", "export", "items", "--db", db, "--out", "-"],
        cwd=PROJECT,
        capture_output=True,
        timeout=300,
    )
    assert piped.returncode == 0
    assert piped.stdout.startswith(b"item_id,published_at,headline")
    out = tmp_path / "items.csv"
    written = trendboard(
        "export", "items", "--db", db, "--company", "OpenAI", "--start", "2026-01-01",
        "--end", "2026-02-28", "--out", str(out),
    )  # fmt: skip
    assert written.code == 0
    lines = out.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0] == "# trendboard export: 5 lines of metadata, then the CSV header"
    assert lines[1] == "# title: trendboard items"
    assert lines[2] == "# range: 2026-01-01 – 2026-02-28"
    assert lines[3] == "# filters: by day, +08:00; companies: OpenAI"
    assert lines[4].startswith("# generated: 20")
    assert lines[5].startswith("item_id,published_at,headline")

    # The series filter, counting by stories and the readers' notes in the range are named too,
    # and the notes are drawn on the chart.
    from datetime import datetime, timedelta, timezone

    from analysis.store.annotations import add_annotation
    from analysis.store.db import write_connection

    with write_connection(db) as con:
        add_annotation(
            con, datetime(2026, 1, 20, tzinfo=timezone(timedelta(hours=8))), "GPT-5 launch"
        )
    counted = trendboard(
        "export", "keywords", "--db", db, "--series", "AI早报", "--count-by", "stories",
        "--start", "2026-01-01", "--end", "2026-02-28", "--out", str(out),
    )  # fmt: skip
    assert counted.code == 0
    lines = out.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[3] == "# filters: by day, +08:00, counting stories; series: AI早报"
    assert lines[5] == "# annotations: 2026-01-20 GPT-5 launch"
    chart = tmp_path / "keywords.html"
    assert trendboard("chart", "items", "--db", db, "--out", str(chart)).code == 0
    assert "GPT-5 launch" in chart.read_text(encoding="utf-8")


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
