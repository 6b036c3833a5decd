"""The dashboard, as a real server, keeps serving while `trendboard ingest` adds 1,000 files from another process."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import duckdb
import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, page_url, streamlit_server, wait_for_app
from conftest import PROJECT

from benchmarks.generate_corpus import generate

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium"),
]

# Enough for a minute of parsing and enrichment (writers at work while the pages load).
NEW_FILES = 300


def item_count(db: str) -> int:
    with duckdb.connect(db, read_only=True) as con:
        return con.execute("SELECT count(*) FROM items").fetchone()[0]


def shown_items(page) -> int:
    metric = page.locator("[data-testid='stMetric']", has_text="Items").first
    return int(metric.locator("[data-testid='stMetricValue']").inner_text().replace(",", ""))


def test_pages_load_during_an_ingest_and_new_items_appear(sample_db, tmp_path):
    db = str(tmp_path / "live.duckdb")
    shutil.copy(sample_db, db)
    before = item_count(db)
    incoming = tmp_path / "incoming"
    generate(incoming, days=NEW_FILES // 6 + 1, start="2026-02-01")
    files = sorted(incoming.rglob("*.md"))[:NEW_FILES]
    for extra in sorted(incoming.rglob("*.md"))[NEW_FILES:]:
        extra.unlink()
    assert len(files) == NEW_FILES

    from playwright.sync_api import sync_playwright

    loads, failures = 0, []
    with streamlit_server(db) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1600})
        page.goto(page_url(server, "overview", "range=all"))
        wait_for_app(page)
        assert shown_items(page) == before
        ingest = subprocess.Popen(
            [sys.executable, "-m", "analysis.cli", "ingest", str(incoming), "--db", db],
            cwd=PROJECT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 600
        names = ["overview", "items", "companies", "keywords"]
        while ingest.poll() is None and time.monotonic() < deadline:
            name = names[loads % len(names)]
            page.goto(page_url(server, name, "range=all"))
            wait_for_app(page, timeout=120)
            loads += 1
            if page.locator("[data-testid='stException']").count():
                failures.append(
                    (name, page.locator("[data-testid='stException']").first.inner_text()[:300])
                )
            if page.get_by_text("The database is busy", exact=False).count():
                failures.append((name, "database busy"))
        out, err = ingest.communicate(timeout=600)
        assert ingest.returncode == 0, err[-2000:]
        assert f"{NEW_FILES} new" in out
        page.goto(page_url(server, "overview", "range=all"))
        wait_for_app(page)
        after = shown_items(page)
        browser.close()
    assert failures == []
    assert loads >= 5, "the ingest finished before the dashboard was exercised"
    assert after == item_count(db) > before
