"""Contracts of the design: analysis/ never imports the UI; settings are documented."""

from __future__ import annotations

import subprocess

from analysis.settings import SETTINGS
from conftest import PROJECT


def test_import_contracts_hold():
    result = subprocess.run(["lint-imports"], cwd=PROJECT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "analysis never imports the UI KEPT" in result.stdout


def test_every_setting_is_documented_in_the_readme():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS.values():
        assert f"`{setting.env}`" in readme, setting.env
