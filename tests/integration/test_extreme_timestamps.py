"""Whatever timestamps the database holds (written by an older version or by hand), every page
renders and every export runs."""

from __future__ import annotations

import pytest
from test_dashboard import PAGES, assert_no_exception, open_app

from analysis.enrich.pipeline import enrich_entities
from analysis.ingest.pipeline import ingest_paths
from analysis.store.db import write_connection

EXTREMES = [
    "0001-01-01 00:00:00+00",
    "9999-12-31 23:59:59+00",
    "1970-01-01 00:00:00+00",
]


@pytest.fixture(scope="module")
def extreme_db(tmp_path_factory) -> str:
    import shutil

    from conftest import DATA, GOOD_FIXTURES

    root = tmp_path_factory.mktemp("extreme")
    (root / "digests").mkdir()
    for name in GOOD_FIXTURES:
        shutil.copy(DATA / name, root / "digests" / name)
    db = str(root / "extreme.duckdb")
    ingest_paths([str(root / "digests")], db)
    enrich_entities(db)
    with write_connection(db) as con:
        ids = [r[0] for r in con.execute("SELECT digest_id FROM digests ORDER BY 1").fetchall()]
        for digest_id, stamp in zip(ids, EXTREMES, strict=False):
            for table in ("digests", "items"):
                con.execute(
                    f"UPDATE {table} SET published_at = ?::TIMESTAMPTZ WHERE digest_id = ?",
                    [stamp, digest_id],
                )
    return db


@pytest.mark.parametrize("params", [{}, {"range": "all", "g": "month"}])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_extreme_stored_timestamps(monkeypatch, extreme_db, page, params):
    at = open_app(monkeypatch, extreme_db, page, params=params)
    assert_no_exception(at)
    assert at.title and at.title[0].value


@pytest.mark.parametrize("table", ["companies", "items", "keywords", "sources", "categories"])
def test_export_runs_with_extreme_stored_timestamps(extreme_db, tmp_path, table, trendboard):
    out = tmp_path / f"{table}.csv"
    done = trendboard("export", table, "--db", extreme_db, "--out", str(out))
    assert done.code == 0, done.err
    assert out.exists()


def test_stats_runs_with_extreme_stored_timestamps(extreme_db, trendboard):
    done = trendboard("stats", "--db", extreme_db)
    assert done.code == 0, done.err
    assert "items:      20" in done.out
