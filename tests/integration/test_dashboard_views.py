"""AppTest, page by page: the view a URL names is the view shown, and the issue-15 defects stay fixed."""

from __future__ import annotations

import json
import tomllib
from datetime import timedelta

import pytest
from conftest import PROJECT
from streamlit.testing.v1 import AppTest

APP = str(PROJECT / "dashboard" / "app.py")


def open_page(monkeypatch, db: str, page: str, params: dict | None = None) -> AppTest:
    """The app as a browser opening `/<page>?<params>`: that page is the first to run."""
    monkeypatch.setenv("TRENDBOARD_DB", db)
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if page != "overview":
        at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def url(at: AppTest) -> dict:
    return {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}


def values(data) -> list:
    """A plotly JSON array: a plain list, or a typed array (`{"dtype", "bdata"}`) since plotly 6."""
    if isinstance(data, dict) and "bdata" in data:
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
    return list(data)


def charts(at: AppTest) -> list:
    import json

    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


# Every page widget is named in the URL and restored from it.
PAGE_STATES = {
    "overview": {"ov_ev": "keyword:no such keyword"},
    "keywords": {"kw_top_n": "4", "kw_window": "5", "kw_base": "20", "kw_support": "2"},
    "companies": {"co_products": "0", "co_top_n": "7"},
    "sources": {"src_top_n": "4"},
    "models": {
        "mo_kind": "model",
        "mo_chosen": ["GPT-6"],
        "mo_top_n": "5",
        "mo_window": "5",
        "mo_base": "20",
        "mo_support": "3",
    },
    "stories": {"stories_order": "items", "stories_limit": "10"},
    "compare": {
        "cmp_terms": ["英伟达|NVIDIA", "Vibe Working"],
        "cmp_a": "2026-01-01_2026-01-07",
        "cmp_b": "2026-01-08_2026-01-14",
    },
    "related": {"rel_term": "OpenAI", "rel_min": "4"},
    "items": {"items_order": "oldest", "items_page": "3"},
}


@pytest.mark.parametrize("page", list(PAGE_STATES))
def test_every_page_widget_comes_from_the_url_and_stays_in_it(monkeypatch, sample_db, page):
    params = {"range": "all", "g": "week", **PAGE_STATES[page]}
    at = open_page(monkeypatch, sample_db, page, params)
    expected = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    assert url(at) == expected
    at.run()  # a rerun (a reload keeps the URL) changes nothing
    assert url(at) == expected


def test_changing_a_page_widget_puts_it_in_the_url(monkeypatch, sample_db):
    at = open_page(monkeypatch, sample_db, "items", {"range": "all"})
    at.selectbox(key="items_order").set_value("oldest").run()
    at.number_input(key="items_page").set_value(2).run()
    assert url(at)["items_order"] == ["oldest"] and url(at)["items_page"] == ["2"]
    at.selectbox(key="items_order").set_value("newest").run()
    assert "items_order" not in url(at)  # defaults stay out of links


def test_compare_plots_a_term_outside_every_top_list(monkeypatch, sample_db):
    at = open_page(
        monkeypatch, sample_db, "compare", {"range": "all", "cmp_terms": ["Vibe Working"]}
    )
    (terms_chart, *_) = charts(at)
    traces = [t for t in terms_chart["data"] if t.get("name") == "Vibe Working"]
    assert traces and sum(values(traces[0]["y"])) > 0
    assert max(values(traces[0]["y"])) < 1  # a share of all items, not the flat 100% of a search
    totals = at.dataframe[0].value
    assert totals.iloc[0]["term"] == "Vibe Working" and totals.iloc[0]["items"] > 0


def test_compare_periods_follow_the_sidebar_range(monkeypatch, sample_db):
    at = open_page(monkeypatch, sample_db, "compare", {"range": "all"})
    first_end = at.date_input(key="cmp_b").value[1]
    end = first_end - timedelta(days=10)
    at.selectbox(key="w_preset").set_value("custom").run()
    assert not at.exception, [e.value for e in at.exception]
    at.date_input(key="w_custom_input").set_value((end - timedelta(days=8), end)).run()
    assert not at.exception
    assert at.date_input(key="cmp_b").value == (end - timedelta(days=6), end)
    assert at.date_input(key="cmp_a").value == (end - timedelta(days=13), end - timedelta(days=7))


def test_change_figures_need_a_covered_previous_period(monkeypatch, sample_db):
    # 21 days of data: the 30 days before a 30-day range are empty, so no "+N items" against nothing.
    at = open_page(monkeypatch, sample_db, "overview", {"range": "30"})
    items = next(m for m in at.metric if m.label == "Items")
    assert items.proto.delta == ""
    assert "does not cover the previous period" in items.proto.help
    at = open_page(monkeypatch, sample_db, "overview", {"range": "7"})
    items = next(m for m in at.metric if m.label == "Items")
    assert items.proto.delta != ""


def test_rising_now_shows_the_evidence_named_in_the_url(monkeypatch, sample_db):
    at = open_page(monkeypatch, sample_db, "overview", {"range": "all"})
    rising = at.dataframe[0].value
    assert list(rising.columns) == ["label", "growth", "trend", "window_count"]
    # the sample covers 21 days: the 28-day baseline is cut to the 14 days with data
    assert all(len(spark) == 21 for spark in rising["trend"])
    assert "Last 7 days (" in at.caption[0].value and "vs the 14 days before" in at.caption[0].value
    first = rising.iloc[0]["label"]
    # What a click on the row records: the same view after a reload.
    from analysis.query.filters import Filters
    from analysis.query.rising import rising as rising_query
    from analysis.store.db import read_connection

    with read_connection(sample_db) as con:
        key = rising_query(con, Filters(), kind="keyword", limit=8)["key"].iloc[0]
    at = open_page(monkeypatch, sample_db, "overview", {"range": "all", "ov_ev": f"keyword:{key}"})
    assert any(first in m.value for m in at.markdown)
    evidence = at.dataframe[-2].value  # the evidence table, above the latest items
    assert len(evidence) == rising_query_count(sample_db, key)


def rising_query_count(db, key) -> int:
    from analysis.query.filters import Filters
    from analysis.query.rising import rising as rising_query
    from analysis.store.db import read_connection

    with read_connection(db) as con:
        frame = rising_query(con, Filters(), kind="keyword", limit=8)
    return int(frame.loc[frame["key"] == key, "window_count"].iloc[0])


def test_categories_draw_small_panels_with_one_palette(monkeypatch, sample_db):
    at = open_page(monkeypatch, sample_db, "categories", {"range": "all", "g": "week"})
    panels = charts(at)[0]
    axes = {t.get("xaxis") for t in panels["data"]}
    assert len(axes) > 5  # one panel per category, not 12 lines in one plot
    colors = {t["line"]["color"] for t in panels["data"]}
    assert colors == {"#0072B2", "#E69F00"}  # declared and inferred, the same in every panel
    # the shared axes say once what they show: time below the bottom row, the share on the left
    layout = panels["layout"]
    y_titles = [
        v["title"]["text"]
        for k, v in layout.items()
        if k.startswith("yaxis") and v.get("title", {}).get("text")
    ]
    x_titles = [
        v["title"]["text"]
        for k, v in layout.items()
        if k.startswith("xaxis") and v.get("title", {}).get("text")
    ]
    assert y_titles == ["Share of items"], y_titles
    assert x_titles and set(x_titles) == {x_titles[0]}, x_titles


def test_chinese_mode_translates_dates_placeholders_and_category_names(monkeypatch, sample_db):
    at = open_page(monkeypatch, sample_db, "compare", {"range": "all", "lang": "zh"})
    deltas = [c for c in charts(at) if c["layout"]["title"]["text"] == "分类：占比变化"]
    labels = set(deltas[0]["data"][0]["y"])
    assert "模型" in labels or "产品" in labels, labels
    assert at.multiselect(key="cmp_terms").proto.placeholder.startswith("输入词语")
    at = open_page(monkeypatch, sample_db, "keywords", {"range": "all", "lang": "zh"})
    assert charts(at)[0]["layout"]["xaxis"]["tickformat"] == "%m月%d日"
    assert at.multiselect(key="kw_chosen").proto.placeholder == "输入以搜索全部关键词"
    at = open_page(monkeypatch, sample_db, "ingest", {"lang": "zh"})
    assert any("拖放文件到这里" in h.proto.body for h in at.get("html"))


def test_keywords_can_plot_any_keyword_of_the_vocabulary(monkeypatch, sample_db):
    at = open_page(monkeypatch, sample_db, "keywords", {"range": "all"})
    options = at.multiselect(key="kw_chosen").options
    assert len(options) > 200  # the whole vocabulary, not the top 60


def test_sources_show_empty_cells_not_none(monkeypatch, sample_db):
    at = open_page(monkeypatch, sample_db, "sources", {"range": "all"})
    table = at.dataframe[0].value
    for column in ("handle", "platform", "affiliation"):
        assert not table[column].isna().any() and "None" not in set(table[column])


def test_items_show_empty_cells_not_none(monkeypatch, sample_db):
    at = open_page(monkeypatch, sample_db, "items", {"range": "all"})
    table = at.dataframe[0].value
    for column in ("author", "series", "section", "source_label"):
        assert not table[column].isna().any() and "None" not in set(table[column])


def test_items_table_puts_author_companies_and_keywords_before_the_summary(monkeypatch, sample_db):
    at = open_page(monkeypatch, sample_db, "items", {"range": "all"})
    columns = list(at.dataframe[0].value.columns)
    assert columns[:6] == ["published_at", "headline", "author", "companies", "keywords", "models"]
    assert {"series", "section", "source_label"} <= set(columns)  # where the item comes from
    assert columns[-1] == "summary"


def test_a_note_added_in_the_sidebar_is_drawn_on_the_charts(monkeypatch, tmp_path, sample_db):
    import shutil

    db = str(tmp_path / "notes.duckdb")
    shutil.copy(sample_db, db)
    at = open_page(monkeypatch, db, "overview", {"range": "all"})
    day = at.date_input(key="w_note_day").value - timedelta(days=3)
    at.date_input(key="w_note_day").set_value(day)
    at.text_input(key="w_note_text").input("GPT-5 launch")
    at.button[[b.label for b in at.button].index("Add note")].click().run()
    assert not at.exception
    items_chart = next(c for c in charts(at) if c["layout"]["title"]["text"] == "Items over time")
    assert any("GPT-5 launch" in a["text"] for a in items_chart["layout"]["annotations"])
    assert items_chart["layout"]["shapes"][0]["x0"].startswith(day.isoformat())

    def drawn(chart) -> bool:
        return any(
            "GPT-5 launch" in a.get("text", "") for a in chart["layout"].get("annotations", [])
        )

    models = open_page(monkeypatch, db, "models", {"range": "all"})
    trends = [
        c
        for c in charts(models)
        if c["layout"]["title"]["text"]
        in ("Model mentions over time", "Model families over time (all versions)")
    ]
    assert len(trends) == 2 and all(drawn(c) for c in trends)
    from analysis.store.db import read_connection

    with read_connection(db) as con:
        story = con.execute("SELECT story_id FROM stories ORDER BY items DESC LIMIT 1").fetchone()[
            0
        ]
    stories = open_page(monkeypatch, db, "stories", {"range": "all", "story": str(story)})
    timeline = [
        c for c in charts(stories) if c["layout"]["title"]["text"] == "How the story was told"
    ]
    assert len(timeline) == 1 and drawn(timeline[0])


def test_streamlit_config_sends_no_statistics_and_hides_the_developer_toolbar():
    config = tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text())
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["toolbarMode"] == "viewer"
    assert config["server"]["maxUploadSize"] == 20


def test_counting_stories_every_chart_says_so(monkeypatch, sample_db):
    overview = open_page(monkeypatch, sample_db, "overview", {"range": "all", "cb": "stories"})
    ranking = next(c for c in charts(overview) if c["layout"]["title"]["text"] == "Top companies")
    assert ranking["layout"]["xaxis"]["title"]["text"] == "Share of stories"
    keywords = open_page(monkeypatch, sample_db, "keywords", {"range": "all", "cb": "stories"})
    heat = next(c for c in charts(keywords) if c["data"][0]["type"] == "heatmap")
    assert heat["data"][0]["colorbar"]["title"]["text"] == "Share of stories"
    from analysis.store.db import read_connection

    with read_connection(sample_db) as con:
        story = con.execute("SELECT story_id FROM stories ORDER BY items DESC LIMIT 1").fetchone()
    stories = open_page(
        monkeypatch, sample_db, "stories", {"range": "all", "story": str(story[0]), "lang": "zh"}
    )
    (companies,) = [t for t in stories.dataframe if "company" in t.value.columns]
    # the columns' labels, in the reader's language
    assert json.loads(companies.proto.columns)["company"]["label"] == "公司"


def test_the_open_drill_down_is_kept_in_the_url_and_closes(monkeypatch, sample_db):
    from analysis.store.db import read_connection

    with read_connection(sample_db) as con:
        day = con.execute("SELECT min(published_at) FROM items").fetchone()[0].date()
    point = json.dumps(["items", day.isoformat()])
    at = open_page(
        monkeypatch, sample_db, "overview", {"range": "all", "g": "day", "pt_overview_items": point}
    )
    heads = [s.value for s in at.subheader]
    assert any(h.startswith("Items in the bucket starting") for h in heads), heads
    assert url(at)["pt_overview_items"] == [point]
    at.button(key="close-overview-items").click().run()
    assert not any(s.value.startswith("Items in the bucket") for s in at.subheader)
    assert "pt_overview_items" not in url(at)


def test_the_item_chosen_for_similar_items_is_kept_in_the_url(monkeypatch, sample_db):
    at = open_page(monkeypatch, sample_db, "items", {"range": "all"})
    assert at.selectbox(key="items_similar").value is None  # nothing computed until asked
    at.selectbox(key="items_similar").select_index(1).run()
    chosen = at.selectbox(key="items_similar").value
    assert url(at)["items_similar"] == [str(chosen)]
    again = open_page(
        monkeypatch, sample_db, "items", {"range": "all", "items_similar": str(chosen)}
    )
    assert again.selectbox(key="items_similar").value == chosen
    assert "similarity" in again.dataframe[-1].value.columns
    # an item no longer on the page is forgotten, not an error
    gone = open_page(
        monkeypatch, sample_db, "items", {"range": "all", "items_similar": "999999999"}
    )
    assert gone.selectbox(key="items_similar").value is None
