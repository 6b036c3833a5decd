"""Every database fault gets one line saying what happened and what to do, the summary line,
and its documented exit code (docs/reliability.md) — on the CLI and on every dashboard page."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import DATA
from test_dashboard import PAGES, assert_no_exception, open_app

from analysis import cli
from analysis.ingest.pipeline import ingest_paths
from analysis.store import write

EXIT_BUSY, EXIT_UNUSABLE, EXIT_READ_ONLY, EXIT_DISK_FULL = 3, 4, 5, 6


def damaged_files(tmp_path: Path, good_folder: Path) -> dict[str, Path]:
    files = {
        "zero-length": b"",
        "text": "这不是数据库 not a database\n".encode(),
        "sqlite": b"SQLite format 3\x00" + bytes(4080),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = tmp_path / f"{name}.duckdb"
        paths[name].write_bytes(data)
    real = tmp_path / "damaged.duckdb"
    ingest_paths([str(good_folder)], str(real))
    with real.open("r+b") as handle:  # keep DuckDB's header, scramble the blocks after it
        handle.seek(12288)
        handle.write(os.urandom(real.stat().st_size - 12288))
    paths["damaged-blocks"] = real
    return paths


def assert_one_error_line(stderr: str, *needles: str) -> None:
    assert "Traceback" not in stderr
    errors = [line for line in stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, stderr
    for needle in needles:
        assert needle in errors[0], errors[0]


def test_unusable_database_file_on_every_command(good_folder, tmp_path, trendboard):
    for name, db in damaged_files(tmp_path, good_folder).items():
        before = db.read_bytes()
        done = trendboard("ingest", str(good_folder), "--no-enrich", "--db", str(db))
        assert done.code == EXIT_UNUSABLE, (name, done.out, done.err)
        assert_one_error_line(done.err, "move it aside")
        assert "9 file(s) not ingested" in done.out, (name, done.out)
        for command in (["stats"], ["export", "companies", "--out", str(tmp_path / "x.csv")]):
            other = trendboard(*command, "--db", str(db))
            assert other.code == EXIT_UNUSABLE, (name, command, other.err)
            assert_one_error_line(other.err, "not a trendboard database")
        assert db.read_bytes() == before, name  # never modified, never deleted


def test_busy_database(good_folder, tmp_path, trendboard, monkeypatch):
    db = str(tmp_path / "busy.duckdb")
    ingest_paths([str(good_folder)], db)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,time; c=duckdb.connect({db!r}); print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setenv("TRENDBOARD_LOCK_RETRY_SECONDS", "0.5")
        done = trendboard("ingest", str(good_folder), "--db", db)
    finally:
        holder.kill()
        holder.wait()
    assert done.code == EXIT_BUSY, done.err
    assert_one_error_line(done.err, "busy", "try again")
    assert "not ingested" in done.out


def simulated(monkeypatch, message: str) -> None:
    def failing_store(*args, **kwargs):
        raise duckdb.IOException(message)

    monkeypatch.setattr(write, "store_files", failing_store)
    monkeypatch.setattr("analysis.ingest.pipeline.store_files", failing_store)


def test_disk_full_simulated(good_folder, db_path, monkeypatch, capsys):
    simulated(
        monkeypatch, f'IO Error: Could not write file "{db_path}.wal": No space left on device'
    )
    code = cli.main(["ingest", str(good_folder), "--no-enrich", "--db", db_path])
    out, err = capsys.readouterr()
    assert code == EXIT_DISK_FULL
    assert_one_error_line(err, "disk", "full", "free some space")
    assert "files:" in out and "not ingested" in out
    assert "cannot rollback" not in err


def test_read_only_simulated(good_folder, db_path, monkeypatch, capsys):
    simulated(monkeypatch, f'IO Error: Cannot open file "{db_path}": Read-only file system')
    code = cli.main(["ingest", str(good_folder), "--no-enrich", "--db", db_path])
    out, err = capsys.readouterr()
    assert code == EXIT_READ_ONLY
    assert_one_error_line(err, "read-only", "writable")
    assert "not ingested" in out


def can_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None


def mounted_tmpfs(tmp_path: Path, size: str):
    mount_point = tmp_path / f"tmpfs-{size}"
    mount_point.mkdir()
    command = ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount_point)]
    if not can_mount() or subprocess.run(command, capture_output=True).returncode:
        pytest.skip("needs root and tmpfs to make a small or read-only file system")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


@pytest.fixture
def tiny_tmpfs(tmp_path):
    yield from mounted_tmpfs(tmp_path, "400k")


@pytest.fixture
def roomy_tmpfs(tmp_path):
    yield from mounted_tmpfs(tmp_path, "64m")


def test_disk_full_on_a_tiny_file_system(tiny_tmpfs, tmp_path, trendboard):
    from benchmarks.generate_corpus import generate

    generate(tmp_path / "many", days=40)
    db = str(tiny_tmpfs / "full.duckdb")
    done = trendboard("ingest", str(tmp_path / "many"), "--no-enrich", "--db", db)
    assert done.code == EXIT_DISK_FULL, (done.out, done.err)
    assert_one_error_line(done.err, "full", "free some space")
    assert "files:" in done.out and "not ingested" in done.out


def test_read_only_file_system(roomy_tmpfs, good_folder, trendboard):
    db = str(roomy_tmpfs / "ro.duckdb")
    assert ingest_paths([str(DATA / "bullets.md")], db).fault is None
    subprocess.run(["mount", "-o", "remount,ro", str(roomy_tmpfs)], check=True)
    done = trendboard("ingest", str(good_folder), "--no-enrich", "--db", db)
    assert done.code == EXIT_READ_ONLY, done.err
    assert_one_error_line(done.err, "read-only")
    stats = trendboard("stats", "--db", db)  # reading still works
    assert stats.code == 0 and "digests:    1" in stats.out
    fresh = trendboard("ingest", str(good_folder), "--db", str(roomy_tmpfs / "new.duckdb"))
    assert fresh.code == EXIT_READ_ONLY
    assert_one_error_line(fresh.err, "read-only")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_an_unusable_database_and_keeps_ingest_usable(monkeypatch, tmp_path, page):
    db = tmp_path / "foreign.duckdb"
    db.write_bytes("这不是数据库\n".encode())
    at = open_app(monkeypatch, str(db), page, tmp_digests=str(tmp_path / "digests"))
    assert_no_exception(at)
    assert any("cannot be used" in e.value and "move it aside" in e.value for e in at.error)
    if page == "ingest":
        labels = [b.label for b in at.button]
        assert any("Re-scan" in label for label in labels)
        move = next(b for b in at.button if "Move the damaged database aside" in b.label)
        move.click().run()
        assert_no_exception(at)
        assert not db.exists()
        aside = list(tmp_path.glob("foreign.duckdb.unusable-*"))
        assert len(aside) == 1 and aside[0].read_bytes() == "这不是数据库\n".encode()
