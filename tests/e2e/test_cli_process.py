"""The installed console script end to end, in its own process: exit codes, streams, files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, PROJECT


def trendboard_process(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("trendboard")  # the venv's, never through PATH
    return subprocess.run(
        [str(script), *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "HF_HUB_OFFLINE": "1", **env},
        timeout=300,
    )


@pytest.mark.slow
def test_console_script_ingests_reports_and_exports(good_folder, tmp_path):
    shutil.copy(DATA / "no_items.md", good_folder / "no_items.md")
    env = {"TRENDBOARD_DB": str(tmp_path / "process.duckdb")}
    ingest = trendboard_process("ingest", str(good_folder), "--no-enrich", env=env)
    assert ingest.returncode == 1
    assert "10 files: 9 new, 0 unchanged, 0 replaced, 1 failed; 20 items added" in ingest.stdout
    assert "no_items.md: error: no news items found" in ingest.stderr
    assert "Traceback" not in ingest.stderr
    stats = trendboard_process("stats", env=env)
    assert stats.returncode == 0 and "items:      20" in stats.stdout
    export = trendboard_process("export", "items", "--format", "json", "--out", "-", env=env)
    assert export.returncode == 0, export.stderr
    assert export.stdout.lstrip().startswith("[") and "item_id" in export.stdout
