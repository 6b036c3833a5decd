"""Real-browser tests: charts drawn, drill-down on click, URL state, screenshots of every page."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

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
    "models": 3,
    "sources": 1,
    "categories": 2,
    "stories": 0,
    "compare": 4,
    "related": 0,
    "items": 0,
    "ingest": 0,
}
SIZES = [(1440, 900), (1024, 768)]
# Where the screenshots go: outside the repository unless told otherwise.
SHOTS = Path(os.environ.get("TRENDBOARD_SCREENSHOTS", tempfile.gettempdir())) / "trendboard-shots"

# A page state per page (URL parameters) and how the page shows it back after a reload.
PAGE_STATES = {
    "overview": ("", None),
    "keywords": ("kw_top_n=4", ("slider", "4")),
    "companies": ("co_top_n=7", ("slider", "7")),
    "models": ("mo_top_n=5", ("slider", "5")),
    "sources": ("src_top_n=4", ("slider", "4")),
    "categories": ("", None),
    "stories": ("stories_limit=10", ("slider", "10")),
    "compare": ("cmp_terms=OpenAI%7CChatGPT&cmp_terms=NVIDIA", ("text", "OpenAI|ChatGPT")),
    "related": ("rel_term=OpenAI&rel_min=4", ("text", "OpenAI")),
    "items": ("items_page=2&items_order=oldest", ("number", "2")),
    "ingest": ("", None),
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


def _shot(page, path: Path) -> None:
    """The viewport as a reader sees it, and the whole page (Streamlit scrolls inside stMain)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    width = page.viewport_size["width"]
    height = page.viewport_size["height"]
    tall = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": width, "height": min(tall + 40, 8000)})
    time.sleep(0.8)
    page.screenshot(path=str(path.with_name(path.stem + "-full.png")))
    page.set_viewport_size({"width": width, "height": height})


def _query(url: str) -> dict:
    return parse_qs(urlsplit(url).query)


def _shows(page, check) -> None:
    if check is None:
        return
    kind, value = check
    main = page.locator("[data-testid='stMain']")
    if kind == "slider":
        assert main.locator("[data-testid='stSliderThumbValue']").first.inner_text() == value
    elif kind == "number":
        assert main.locator("[data-testid='stNumberInput'] input").first.input_value() == value
    else:
        assert value in main.inner_text()


@pytest.mark.parametrize("name", list(PAGES_WITH_CHARTS))
def test_each_page_restores_its_view_and_is_screenshot_in_both_languages(server, browser, name):
    state, check = PAGE_STATES[name]
    for width, height in SIZES:
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error, seen=errors: seen.append(str(error)))
        for language in ("en", "zh"):
            query = "&".join(
                q for q in ("range=all&g=week", state, "lang=zh" * (language == "zh")) if q
            )
            page.goto(page_url(server, name, query))
            wait_for_app(page)
            assert page.locator("[data-testid='stException']").count() == 0
            assert page.locator(".js-plotly-plot").count() >= PAGES_WITH_CHARTS[name]
            if PAGES_WITH_CHARTS[name]:
                assert page.locator(".js-plotly-plot .trace").count() > 0
            wanted = _query(page.url)
            assert wanted == _query(page_url(server, name, query))
            if width == SIZES[0][0]:
                page.reload()
                wait_for_app(page)
                assert _query(page.url) == wanted  # the same view after a reload
                _shows(page, check)
            _shot(page, SHOTS / f"{name}-{language}-{width}x{height}.png")
        context.close()
        assert errors == []


def test_a_term_in_no_top_list_is_plotted_and_survives_a_reload(server, page, sample_db):
    from analysis.query.filters import Filters
    from analysis.query.keywords import top_keywords
    from analysis.query.terms import vocabulary
    from analysis.store.db import read_connection

    with read_connection(sample_db) as con:
        tops = set(top_keywords(con, Filters(), limit=60)["keyword"])
        term = next(
            t for t in reversed(vocabulary(con, Filters())) if t not in tops and t.isascii()
        )
    page.goto(page_url(server, "compare", "range=all"))
    wait_for_app(page)
    box = page.locator("[data-testid='stMain'] [data-testid='stMultiSelect'] input").first
    box.fill(term)
    box.press("Enter")
    wait_for_app(page)
    # Enter can also take the highlighted suggestion (a longer keyword starting with the term).
    assert term in _query(page.url)["cmp_terms"]
    chart = page.locator(".js-plotly-plot").first
    traces = chart.locator(".scatterlayer .trace").count()
    assert traces == len(_query(page.url)["cmp_terms"])
    assert term in chart.inner_text()  # the line's end label
    before = page.url
    page.reload()
    wait_for_app(page)
    assert page.url == before
    assert page.locator(".js-plotly-plot").first.locator(".scatterlayer .trace").count() == traces
    assert (
        term
        in page.locator("[data-testid='stMain'] [data-testid='stMultiSelect']").first.inner_text()
    )


def test_overview_answers_at_its_name_and_peak_labels_do_not_overlap(server, page):
    page.goto(f"{server}/overview?range=all")
    wait_for_app(page)
    assert "Page not found" not in page.locator("body").inner_text()
    assert page.get_by_text("Rising now").count() == 1
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')[0]
                  .querySelectorAll('.annotation-text-g')].map(g => {
                    const r = g.getBoundingClientRect();
                    return [r.left, r.top, r.right, r.bottom, g.textContent];
                  })"""
    )
    assert len(boxes) >= 2
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, (a, b)
    assert len({b[4] for b in boxes}) == len(boxes)  # no story told twice


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
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "# trendboard export: 5 lines of metadata, then the CSV header"
    assert lines[2] == "# range: all data"
    assert lines[5].startswith(
        "item_id,published_at,headline,author,url,summary,keywords,companies,models,categories,"
        "series,section,source_label"
    )
    assert len(lines) > 15


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
        compact = text.replace(" ", "")
        assert "20MB" in compact and "200MB" not in compact
        assert page.locator("[data-testid='stAlertContentWarning']").count() == 1  # not green
        assert "Not kept in the digest folder (they failed): broken_front_matter.md" in text
        assert page.locator("[data-testid='stDataFrame']").count() >= 1  # the errors
        page.screenshot(path=str(OUTPUT / "ingest-upload.png"), full_page=True)
        page.close()
    # The failed upload is not kept, so a re-scan does not fail on it again.
    assert sorted(p.name for p in digests.iterdir()) == ["bullets.md"]
