"""Contracts of the design: analysis/ never imports the UI; settings are documented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import PROJECT

from analysis.settings import SETTINGS


def test_import_contracts_hold():
    # The venv's own script, found beside the interpreter, never through PATH.
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports)], cwd=PROJECT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "analysis never imports the UI KEPT" in result.stdout
    assert "stages import only the stages below them KEPT" in result.stdout
    assert "the dashboard never loads the embedding model KEPT" in result.stdout


def test_no_stage_module_sits_on_the_ground_floor():
    ground_floor = {"__init__.py", "settings.py", "records.py", "timezones.py", "cli.py"}
    assert {p.name for p in (PROJECT / "analysis").glob("*.py")} == ground_floor


def test_every_setting_is_documented_in_the_readme():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS.values():
        assert f"`{setting.env}`" in readme, setting.env
