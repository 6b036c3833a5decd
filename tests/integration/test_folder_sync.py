"""The database follows the digest folder: renames move, edits replace, deletions remove.

After every step of each sequence the database equals a fresh ingest of the folder as it is then.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import DATA, PROJECT
from test_watch import wait_for

from analysis.ingest.pipeline import ingest_paths
from analysis.store.db import write_connection


def snapshot(db: str) -> tuple:
    """Everything a digest is, keyed by its path (ids and ingest times differ between runs)."""
    with duckdb.connect(db, read_only=True) as con:
        digests = con.execute(
            "SELECT source_path, content_sha256, title, published_at, item_count FROM digests "
            "ORDER BY source_path"
        ).fetchall()
        items = con.execute(
            "SELECT d.source_path, i.position, i.headline, i.summary, i.published_at "
            "FROM items i JOIN digests d USING (digest_id) ORDER BY 1, 2"
        ).fetchall()
        orphans = con.execute(
            "SELECT count(*) FROM items WHERE digest_id NOT IN (SELECT digest_id FROM digests)"
        ).fetchone()[0]
        errors = con.execute(
            "SELECT DISTINCT source_path, reason FROM ingest_errors WHERE severity = 'error' "
            "ORDER BY 1, 2"
        ).fetchall()
    return digests, items, orphans, errors


def fresh_snapshot(folder: Path, tmp_path: Path) -> tuple:
    db = tmp_path / f"fresh-{len(list(tmp_path.glob('fresh-*')))}.duckdb"
    with write_connection(str(db)):
        pass
    ingest_paths([str(folder)], str(db), workers=1)
    return snapshot(str(db))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def start_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "digests"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(DATA / "bullets.md", folder / "a.md")
    shutil.copy(DATA / "headings.md", folder / "b.md")
    shutil.copy(DATA / "crlf.md", folder / "c.md")
    shutil.copy(DATA / "toml_front.md", folder / "sub" / "d.md")
    return folder


def steps(folder: Path):
    """(description, action, lines the CLI summary must show) for each step of the sequence."""
    yield "rename", lambda: (folder / "a.md").rename(folder / "a2.md"), ["1 moved", "moved:"]
    yield "edit", lambda: edit(folder / "a2.md", "宝玉", "宝玉xp"), ["1 replaced"]
    yield "delete", lambda: (folder / "b.md").unlink(), ["1 removed", "removed:"]
    yield (
        "move to a subfolder",
        lambda: (folder / "c.md").rename(folder / "sub" / "c.md"),
        ["1 moved"],
    )
    yield (
        "move over another file",
        lambda: (folder / "sub" / "d.md").replace(folder / "a2.md"),
        ["1 moved"],
    )
    yield (
        "copy then delete the original",
        lambda: (shutil.copy(folder / "a2.md", folder / "e.md"), (folder / "a2.md").unlink()),
        ["1 moved"],
    )

    def rename_and_edit():
        (folder / "sub" / "c.md").rename(folder / "c3.md")
        edit(folder / "c3.md", "HBM4", "HBM4e")

    yield "rename and edit", rename_and_edit, ["1 new", "1 removed"]
    yield "delete everything", lambda: [p.unlink() for p in folder.rglob("*.md")], ["removed"]


def api_ingest_prune(folder: Path, db: str) -> str:
    summary = ingest_paths([str(folder)], db, prune=True, workers=1)
    return "\n".join(
        [summary.line()]
        + [f"moved: {a} -> {b}" for a, b in summary.moved]
        + [f"removed: {p}" for p in summary.removed]
    )


@pytest.mark.parametrize("runner", ["api", "cli"])
def test_prune_follows_renames_edits_moves_and_deletions(tmp_path, runner, trendboard):
    def cli_ingest_prune(folder: Path, db: str) -> str:
        done = trendboard("ingest", str(folder), "--prune", "--no-enrich", "--db", db)
        assert done.code == 0, done.err
        return done.out

    ingest = cli_ingest_prune if runner == "cli" else api_ingest_prune
    folder = start_folder(tmp_path)
    db = str(tmp_path / "live.duckdb")
    ingest(folder, db)
    assert snapshot(db) == fresh_snapshot(folder, tmp_path)
    for name, action, expected_lines in steps(folder):
        action()
        out = ingest(folder, db)
        for line in expected_lines:
            assert line in out, (name, out)
        assert snapshot(db) == fresh_snapshot(folder, tmp_path), name


def test_without_prune_deleted_files_stay(tmp_path):
    folder = start_folder(tmp_path)
    db = str(tmp_path / "live.duckdb")
    ingest_paths([str(folder)], db)
    (folder / "b.md").unlink()
    summary = ingest_paths([str(folder)], db)
    assert summary.removed == []
    assert len(snapshot(db)[0]) == 4


def test_prune_leaves_digests_outside_the_folders_given(tmp_path):
    folder = start_folder(tmp_path)
    db = str(tmp_path / "live.duckdb")
    ingest_paths([str(folder)], db)
    (folder / "b.md").unlink()
    summary = ingest_paths([str(folder / "sub")], db, prune=True)
    assert summary.removed == []
    summary = ingest_paths([str(folder)], db, prune=True)
    assert summary.removed == [str((folder / "b.md").resolve())]


@pytest.mark.slow
def test_watch_follows_renames_edits_moves_and_deletions(tmp_path):
    folder = start_folder(tmp_path)
    db = str(tmp_path / "watch.duckdb")
    process = subprocess.Popen(
        [sys.executable, "-m", "analysis.cli", "ingest", str(folder), "--watch", "--no-enrich"]
        + ["--db", db],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    def matches(expected: tuple) -> bool:
        try:
            return snapshot(db) == expected
        except duckdb.Error:
            return False  # the watcher holds the lock right now

    try:
        assert wait_for(lambda: matches(fresh_snapshot(folder, tmp_path)), timeout=60)
        for name, action, _ in steps(folder):
            action()
            expected = fresh_snapshot(folder, tmp_path)
            assert wait_for(lambda expected=expected: matches(expected), timeout=30), name
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert "moved:" in out and "removed:" in out
