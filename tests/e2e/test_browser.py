"""Real-browser tests: charts drawn, drill-down on click, URL state, screenshots of every page."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    OUTPUT,
    click_plot_element,
    page_url,
    streamlit_server,
    wait_for_app,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium"),
]

PAGES_WITH_CHARTS = {
    "overview": 2,
    "keywords": 2,
    "companies": 3,
    "sources": 1,
    "categories": 3,
    "compare": 3,
    "items": 0,
    "ingest": 0,
}


@pytest.fixture(scope="module")
def server(sample_db):
    with streamlit_server(sample_db) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 2400}, accept_downloads=True)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


@pytest.mark.parametrize("name", list(PAGES_WITH_CHARTS))
def test_each_page_draws_its_charts(server, page, name):
    for language in ("en", "zh"):
        page.goto(page_url(server, name, "lang=zh" if language == "zh" else ""))
        wait_for_app(page)
        assert page.locator("[data-testid='stException']").count() == 0
        drawn = page.locator(".js-plotly-plot .main-svg")
        assert page.locator(".js-plotly-plot").count() >= PAGES_WITH_CHARTS[name]
        if PAGES_WITH_CHARTS[name]:
            assert drawn.count() >= PAGES_WITH_CHARTS[name]
            assert page.locator(".js-plotly-plot .trace").count() > 0
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / f"{name}-{language}.png"), full_page=True)
    assert page.errors == []


def test_clicking_a_bar_shows_the_items_behind_it(server, page):
    page.goto(page_url(server, "overview", "range=all&g=week"))
    wait_for_app(page)
    bars = page.locator(".js-plotly-plot").first.locator(".bars .point path")
    assert bars.count() >= 3
    click_plot_element(page, bars.nth(2))
    wait_for_app(page)
    heading = page.get_by_text("Items in the bucket starting", exact=False)
    heading.wait_for(timeout=30000)
    table = page.locator("[data-testid='stDataFrame']")
    assert table.count() >= 2  # the drill-down table besides the latest items
    page.screenshot(path=str(OUTPUT / "drilldown.png"), full_page=True)


def test_clicking_a_line_point_drills_into_that_company(server, page):
    page.goto(f"{server}/companies?range=all&g=week")
    wait_for_app(page)
    points = (
        page.locator(".js-plotly-plot")
        .first.locator(".scatterlayer .trace")
        .first.locator(".points path")
    )
    assert points.count() >= 2
    click_plot_element(page, points.nth(1))
    wait_for_app(page)
    page.get_by_text("in the bucket starting", exact=False).first.wait_for(timeout=30000)


def test_url_query_string_restores_filters_after_reload(server, page):
    page.goto(f"{server}/keywords?range=7&g=4h&m=count&q=OpenAI")
    wait_for_app(page)
    page.reload()
    wait_for_app(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.locator("input[aria-label='Range']").input_value() == "Last 7 days"
    assert sidebar.locator("input[aria-label='Granularity']").input_value() == "4 hours"
    assert sidebar.get_by_role("radio", name="Raw counts").is_checked()
    assert (
        sidebar.locator("input[aria-label='Search headlines and summaries']").input_value()
        == "OpenAI"
    )
    assert "q=OpenAI" in page.url and "g=4h" in page.url


def test_changing_a_filter_updates_the_url(server, page):
    page.goto(page_url(server, "overview"))
    wait_for_app(page)
    box = page.locator(
        "[data-testid='stSidebar'] input[aria-label='Search headlines and summaries']"
    )
    box.fill("Kimi")
    box.press("Enter")
    wait_for_app(page)
    assert "q=Kimi" in page.url


def test_csv_download_button_gives_the_table(server, page):
    page.goto(page_url(server, "items", "range=all"))
    wait_for_app(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="⬇ CSV").first.click()
    download = info.value
    assert download.suggested_filename == "trendboard-items-table-all.csv"
    data = Path(download.path()).read_bytes()
    assert data.startswith("\ufeff".encode("utf-8"))
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header.startswith(
        "item_id,published_at,headline,author,url,summary,keywords,companies,categories"
    )
    assert len(data.decode("utf-8-sig").splitlines()) > 10


def test_chart_html_download(server, page):
    page.goto(page_url(server, "companies", "range=all&g=week"))
    wait_for_app(page)
    page.get_by_role("button", name="⬇ Export chart").first.click()
    with page.expect_download() as info:
        page.get_by_role("button", name="HTML (.html)").first.click()
    download = info.value
    assert download.suggested_filename == "trendboard-companies-trend-all.html"
    assert b"plotly" in Path(download.path()).read_bytes()[:500000]


def test_upload_a_good_and_a_broken_file(empty_db, tmp_path, browser):
    from conftest import DATA

    digests = tmp_path / "uploaded"
    with streamlit_server(empty_db, digest_dir=str(digests)) as server:
        page = browser.new_page(viewport={"width": 1400, "height": 2000})
        page.goto(page_url(server, "ingest"))
        wait_for_app(page)
        page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
            [str(DATA / "bullets.md"), str(DATA / "broken_front_matter.md")]
        )
        page.get_by_text("bullets.md").first.wait_for(timeout=30000)
        page.get_by_role("button", name="Ingest", exact=True).click()
        page.get_by_text("Ingest finished", exact=False).wait_for(timeout=120000)
        wait_for_app(page)
        text = page.locator("[data-testid='stMain']").inner_text()
        assert "2 files: 1 new, 0 unchanged, 0 replaced, 1 failed; 2 items added" in text
        assert page.locator("[data-testid='stDataFrame']").count() >= 1  # the errors
        page.screenshot(path=str(OUTPUT / "ingest-upload.png"), full_page=True)
        page.close()
    assert sorted(p.name for p in digests.iterdir()) == ["broken_front_matter.md", "bullets.md"]
