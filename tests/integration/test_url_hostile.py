"""Any query string, shared or hostile, draws every page with its navigation and Reset button;
what the app cannot honour is dropped or clamped with a visible notice."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_dashboard import PAGES, assert_no_exception, open_app

from dashboard.state import KNOWN_PARAMS

KNOWN = list(KNOWN_PARAMS)
# Page widgets' parameters: a hostile value must reach the page that reads it.
KNOWN += ["kw_chosen", "kw_top_n", "co_top_n", "mo_kind", "mo_chosen", "stories_limit"]
KNOWN += ["cmp_terms", "cmp_a", "rel_term", "rel_min", "items_page", "items_order", "ov_ev"]
HOSTILE = [
    "custom",
    "0001-01-01",
    "9999-12-31",
    "2000-01-01",
    "2100-02-30",
    "1970-01-01",
    "-1",
    "all",
    "999999999999",
    "<script>alert(1)</script>",
    "'; DROP TABLE items; --",
    "\u202eevil",
    "\x00",
    "%00",
    "NaN",
    "x" * 5000,
    "英伟达" * 300,
    "zh",
    "4h",
    "count",
]
value = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))
param_value = st.one_of(value, st.lists(value, min_size=1, max_size=30))
params = st.dictionaries(
    st.one_of(st.sampled_from(KNOWN), st.text(min_size=1, max_size=8)), param_value, max_size=8
)


def assert_page_drawn(at) -> None:
    assert_no_exception(at)
    assert at.title and at.title[0].value
    assert any(b.label in ("Reset filters", "重置筛选") for b in at.sidebar.button)


@pytest.mark.slow
@settings(
    max_examples=24,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(page=st.sampled_from(PAGES), query=params)
@example(page="overview", query={"range": "custom", "start": "2000-01-01", "end": "2000-01-31"})
@example(page="keywords", query={"range": "custom", "start": "2026-01-05", "end": "2099-12-31"})
@example(page="ingest", query={"range": "custom", "start": "0001-01-01", "end": "9999-12-31"})
@example(page="companies", query={"co": ["x" * 5000] * 30, "q": "英伟达" * 300})
def test_any_query_string_draws_every_page(monkeypatch, sample_db, page, query):
    at = open_app(monkeypatch, sample_db, "overview", params=query)
    assert_page_drawn(at)
    if page != "overview":
        # The page itself gets the raw query string, not what the Overview run left of it.
        for key, value in query.items():
            at.query_params[key] = value
        at.switch_page(f"views/{page}.py").run()
        assert_page_drawn(at)


@pytest.mark.parametrize("page", PAGES)
def test_custom_range_outside_the_data_falls_back_with_a_notice(monkeypatch, sample_db, page):
    at = open_app(
        monkeypatch,
        sample_db,
        page,
        params={"range": "custom", "start": "2000-01-01", "end": "2000-01-31"},
    )
    assert_page_drawn(at)
    notices = [w.value for w in at.warning]
    assert any("2000-01-01" in n and "outside the data" in n for n in notices), notices


def test_custom_range_past_the_last_day_is_clamped(monkeypatch, sample_db):
    at = open_app(
        monkeypatch,
        sample_db,
        "overview",
        params={"range": "custom", "start": "2026-01-05", "end": "2099-12-31"},
    )
    assert_page_drawn(at)
    start, end = at.date_input(key="w_custom_input").value
    assert str(start) == "2026-01-05" and end.year == 2026
    assert any("2099-12-31" in w.value and "clamped" in w.value for w in at.warning)


def test_malformed_values_are_dropped_with_a_notice(monkeypatch, sample_db):
    at = open_app(monkeypatch, sample_db, "overview", params={"g": "year", "range": "-1", "m": "x"})
    assert_page_drawn(at)
    shown = " ".join(w.value for w in at.warning)
    for name in ("g=year", "range=-1", "m=x"):
        assert name in shown, shown
    assert at.selectbox(key="w_granularity").value == "day"
