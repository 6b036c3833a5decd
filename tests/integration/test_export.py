"""Exports: exact CSV text, round trips, images of the right size, offline HTML, CLI."""

from __future__ import annotations

import io
import shutil
import xml.etree.ElementTree as ET
from datetime import date

import numpy as np
import pandas as pd
import pytest
from browser import CHROMIUM, CHROMIUM_ARGS
from conftest import DATA
from PIL import Image

from analysis.enrich.pipeline import enrich_entities
from analysis.ingest.pipeline import ingest_paths
from analysis.present import views
from analysis.present.export import (
    UTF8_BOM,
    csv_bytes,
    export_file_name,
    figure_html_bytes,
    figure_image_bytes,
    image_export_unavailable_reason,
    json_bytes,
    parquet_bytes,
)
from analysis.query.filters import Filters
from analysis.store.db import read_connection

FEB_3_TO_6 = Filters(start=date(2026, 2, 3), end=date(2026, 2, 6), granularity="day")

EXPECTED_COMPANIES_CSV = (
    UTF8_BOM
    + """bucket,key,label,count,items,share,partial
2026-02-03T00:00:00+08:00,DeepSeek,DeepSeek,1,2,0.5,False
2026-02-03T00:00:00+08:00,Figure AI,Figure AI,0,2,0.0,False
2026-02-03T00:00:00+08:00,Moonshot AI,Moonshot AI,1,2,0.5,False
2026-02-04T00:00:00+08:00,DeepSeek,DeepSeek,0,2,0.0,False
2026-02-04T00:00:00+08:00,Figure AI,Figure AI,1,2,0.5,False
2026-02-04T00:00:00+08:00,Moonshot AI,Moonshot AI,0,2,0.0,False
2026-02-06T00:00:00+08:00,DeepSeek,DeepSeek,0,1,0.0,False
2026-02-06T00:00:00+08:00,Figure AI,Figure AI,0,1,0.0,False
2026-02-06T00:00:00+08:00,Moonshot AI,Moonshot AI,0,1,0.0,False
"""
)

EXPECTED_ITEMS_CSV = (
    UTF8_BOM
    + """item_id,published_at,headline,author,url,summary,companies
4,2026-02-04T12:00:00+08:00,宇树科技发布G2人形机器人,小互,https://x.com/imxiaohu/status/2012000000000000001,"宇树科技发布新一代G2人形机器人，售价9.9万元。
第二段：支持全身遥操作与自主导航。",Unitree
5,2026-02-04T12:00:00+08:00,Figure AI展示家务机器人,Brett Adcock,"""
    + "https://x.com/adcock_brett/status/2012000000000000002,"
    + """Figure AI在视频中展示了Figure 03完成洗碗任务。,Figure AI
"""
)


@pytest.fixture(scope="module")
def export_db(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("export")
    digests = folder / "digests"
    digests.mkdir()
    for name in ("reference_copy.md", "bullets.md", "headings.md", "crlf.md"):
        shutil.copy(DATA / name, digests / name)
    db = str(folder / "export.duckdb")
    ingest_paths([str(digests)], db)
    enrich_entities(db)
    return db


def test_companies_csv_is_exactly_this(export_db):
    with read_connection(export_db) as con:
        frame = views.table(con, "companies", FEB_3_TO_6, top=3)
    assert csv_bytes(frame).decode("utf-8") == EXPECTED_COMPANIES_CSV


def test_items_csv_is_exactly_this(export_db):
    with read_connection(export_db) as con:
        frame = views.table(con, "items", Filters(start=date(2026, 2, 4), end=date(2026, 2, 4)))
    columns = ["item_id", "published_at", "headline", "author", "url", "summary", "companies"]
    assert csv_bytes(frame[columns]).decode("utf-8") == EXPECTED_ITEMS_CSV


@pytest.mark.parametrize("name", views.TABLE_NAMES)
def test_csv_round_trip_equals_the_query(export_db, name):
    with read_connection(export_db) as con:
        frame = views.table(con, name, Filters(granularity="week"))
    text = csv_bytes(frame).decode("utf-8")
    assert text.startswith(UTF8_BOM)
    back = pd.read_csv(io.StringIO(text[1:]), keep_default_na=False, dtype=str)
    expected = pd.read_csv(
        io.StringIO(frame.pipe(lambda f: csv_bytes(f, excel_bom=False).decode())),
        keep_default_na=False,
        dtype=str,
    )
    assert list(back.columns) == list(frame.columns)
    assert len(back) == len(frame)
    pd.testing.assert_frame_equal(back, expected)
    if "count" in frame.columns and len(frame):
        assert back["count"].astype(int).tolist() == frame["count"].tolist()
        assert np.allclose(back["share"].astype(float), frame["share"])


def test_json_and_parquet_hold_the_same_rows(export_db):
    with read_connection(export_db) as con:
        frame = views.table(con, "companies", FEB_3_TO_6, top=3)
    records = pd.read_json(io.BytesIO(json_bytes(frame)))
    assert records["count"].tolist() == frame["count"].tolist()
    assert "DeepSeek" in json_bytes(frame).decode("utf-8")  # UTF-8, not \\u escapes
    parquet = pd.read_parquet(io.BytesIO(parquet_bytes(frame)))
    assert parquet["key"].tolist() == frame["key"].tolist()


def test_file_names_carry_view_and_range():
    assert (
        export_file_name("keywords-trend", date(2026, 1, 31), date(2026, 3, 1), "csv")
        == "trendboard-keywords-trend-2026-01-31_2026-03-01.csv"
    )
    assert (
        export_file_name("../../etc/passwd", None, None, "png") == "trendboard-etc-passwd-all.png"
    )


@pytest.mark.skipif(
    image_export_unavailable_reason() is not None, reason="needs Chromium for kaleido"
)
@pytest.mark.slow
def test_png_has_the_requested_size_and_is_not_blank(export_db):
    with read_connection(export_db) as con:
        fig = views.chart(con, "companies", Filters(granularity="week"))
    png = figure_image_bytes(fig, "png", width=800, height=500)
    image = Image.open(io.BytesIO(png)).convert("L")
    assert image.size == (800, 500)
    pixels = np.asarray(image)
    assert pixels.std() > 5 and (pixels < 128).mean() > 0.002


@pytest.mark.skipif(
    image_export_unavailable_reason() is not None, reason="needs Chromium for kaleido"
)
@pytest.mark.slow
def test_svg_parses_and_holds_the_traces(export_db):
    with read_connection(export_db) as con:
        fig = views.chart(con, "companies", Filters(granularity="week"), top=3)
    root = ET.fromstring(figure_image_bytes(fig, "svg"))
    traces = [el for el in root.iter() if "trace" in (el.get("class") or "").split()]
    assert len(traces) >= 3
    assert "NVIDIA" in ET.tostring(root, encoding="unicode")  # the legend names the top company


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium")
@pytest.mark.slow
def test_html_draws_offline_in_chromium(export_db, tmp_path):
    from playwright.sync_api import sync_playwright

    with read_connection(export_db) as con:
        fig = views.chart(con, "companies", Filters(granularity="week"))
    page_file = tmp_path / "chart.html"
    page_file.write_bytes(figure_html_bytes(fig))
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("request", lambda request: requests.append(request.url))
        page.route("http*://**", lambda route: route.abort())  # no network at all
        page.goto(page_file.as_uri())
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=20000)
        assert page.locator(".js-plotly-plot .trace").count() >= 1
        browser.close()
    assert [url for url in requests if not url.startswith("file:")] == []


def test_cli_export_and_chart(export_db, tmp_path, trendboard):
    out = tmp_path / "companies.csv"
    result = trendboard(
        "export", "companies", "--start", "2026-02-03", "--end", "2026-02-06", "--top", "3",
        "--out", str(out), "--db", export_db,
    )  # fmt: skip
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8").split("\n")
    assert text[0] == "\ufeff# trendboard export: 5 lines of metadata, then the CSV header"
    assert text[2] == "# range: 2026-02-03 – 2026-02-06"
    assert "\ufeff" + "\n".join(text[5:]) == EXPECTED_COMPANIES_CSV
    html = tmp_path / "items.html"
    result = trendboard(
        "chart", "items", "--granularity", "week", "--out", str(html), "--db", export_db
    )
    assert result.code == 0, result.err
    assert result.out == f"items chart written to {html} (html)\n"
    # plotly.js embedded, so the file opens offline
    assert b"plotly" in html.read_bytes()[:200000] and html.stat().st_size > 1_000_000
    parquet = tmp_path / "rising.parquet"
    assert trendboard("export", "rising", "--out", str(parquet), "--db", export_db).code == 0
    assert list(pd.read_parquet(parquet).columns)[:3] == ["keyword_norm", "keyword", "window_count"]


@pytest.mark.skipif(
    image_export_unavailable_reason() is not None, reason="needs Chromium for kaleido"
)
def test_exported_images_say_what_they_show_and_keep_the_title_inside(export_db):
    from analysis.present.export import ExportContext, describe_filters, describe_range

    f = Filters(
        granularity="week",
        companies=("OpenAI",),
        series=("AI早报",),
        count_by="stories",
        start=date(2026, 1, 1),
        end=date(2026, 2, 28),
    )
    with read_connection(export_db) as con:
        fig = views.chart(con, "keywords", f, top=3)
    context = ExportContext(
        title="Keywords over time",
        range_text=describe_range(f.start, f.end),
        filters_text=describe_filters(f),
        notes=("2026-01-20 GPT-5 launch",),
    )
    text = figure_image_bytes(fig, "svg", context=context).decode("utf-8")
    root = ET.fromstring(text)
    assert "Keywords over time" in text
    assert "2026-01-01 – 2026-02-28" in text and "companies: OpenAI" in text
    assert "counting stories" in text and "series: AI早报" in text
    assert "generated 20" in text
    for element in root.iter():
        if (element.get("class") or "") == "gtitle":
            assert float(element.get("y")) > 12  # the whole first line is inside the image
    csv = csv_bytes(pd.DataFrame({"a": [1]}), context=context).decode("utf-8-sig").splitlines()
    assert csv[0] == "# trendboard export: 6 lines of metadata, then the CSV header"
    assert csv[5] == "# annotations: 2026-01-20 GPT-5 launch" and csv[6] == "a"
