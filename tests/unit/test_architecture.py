"""Contracts of the design: the layers hold, the dashboard holds no SQL, settings are documented."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT

from analysis.settings import PROJECT_ROOT, SETTINGS


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


def test_docs_settings_lists_every_setting_with_its_default_and_nothing_else():
    rows = {}
    for line in (PROJECT / "docs" / "settings.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if line.startswith("| `"):
            rows[cells[0]] = cells[1]
    expected = {}
    for setting in SETTINGS.values():
        default = Path(setting.default)
        shown = (
            default.relative_to(PROJECT_ROOT) if default.is_relative_to(PROJECT_ROOT) else default
        )
        expected[setting.env] = str(shown)
    assert rows == expected


# An SQL statement anywhere in a file, spread over lines or not, or a database call.
SQL_IN_CODE = re.compile(
    r"\b(SELECT|INSERT|DELETE|UPDATE|CREATE|DROP)\s+[\s\S]{0,400}?\b(FROM|INTO|SET|TABLE)\b"
    r"|\.execute\(|\bduckdb\b"
)


def test_the_dashboard_holds_no_sql():
    offenders = [
        f"{path.relative_to(PROJECT)}:{text.count(chr(10), 0, match.start()) + 1}"
        for path in (PROJECT / "dashboard").rglob("*.py")
        for text in [path.read_text(encoding="utf-8")]
        for match in SQL_IN_CODE.finditer(text)
    ]
    assert offenders == []


def test_the_sql_check_finds_a_statement_over_several_lines():
    assert SQL_IN_CODE.search('frame = con.sql(\n    """SELECT item_id\n    FROM items"""\n)\n')
    assert not SQL_IN_CODE.search('st.selectbox(t("select_from"), options)')
