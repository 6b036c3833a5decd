"""URL parameters the dashboard cannot honour are dropped or clamped, and each is named in a notice."""

from __future__ import annotations

from datetime import date

from dashboard.state import MAX_LIST_VALUES, clamp_to_data, read_params

FIRST, LAST = date(2026, 1, 1), date(2026, 1, 21)


def test_every_dropped_value_is_named():
    state, notices = read_params(
        {"g": "year", "range": "-1", "m": "x", "lang": "fr", "start": "nope", "utm_source": "a"}
    )
    assert (state.granularity, state.preset, state.measure, state.language) == (
        "day",
        "30",
        "share",
        "en",
    )
    assert notices == [
        "`range=-1`",
        "`start=nope`",
        "`g=year`",
        "`m=x`",
        "`lang=fr`",
        "`utm_source` (unknown)",
    ]


def test_a_clean_url_gives_no_notice():
    state, notices = read_params({"range": "7", "g": "week", "co": ["NVIDIA"], "q": "英伟达"})
    assert notices == [] and state.companies == ("NVIDIA",)


def test_long_and_hostile_values_are_cut():
    state, notices = read_params(
        {"q": "英伟达" * 300, "co": ["x" * 500] + [f"c{i}" for i in range(40)]}
    )
    assert len(state.text) == 200
    assert len(state.companies) == MAX_LIST_VALUES
    assert "q (cut to 200 characters)" in notices
    assert "co (kept 20 of 41 values)" in notices


def test_control_and_bidi_characters_are_removed():
    state, _ = read_params({"q": "a\x00b\u202ec", "src": ["\x00"]})
    assert state.text == "abc" and state.sources == ()


def test_notice_text_cannot_render_as_markdown():
    _, notices = read_params({"g": "`**[x](javascript:alert(1))**"})
    assert notices == ["`g='**[x](javascript:alert(1))**`"]


def test_custom_range_clamped_to_the_data():
    assert clamp_to_data(date(2026, 1, 5), date(2099, 12, 31), FIRST, LAST) == (
        (date(2026, 1, 5), LAST),
        "2026-01-05 .. 2099-12-31 clamped to the data: 2026-01-05 .. 2026-01-21",
    )
    assert clamp_to_data(date(1, 1, 1), date(9999, 12, 31), FIRST, LAST)[0] == (FIRST, LAST)
    assert clamp_to_data(date(2026, 1, 2), date(2026, 1, 3), FIRST, LAST) == (
        (date(2026, 1, 2), date(2026, 1, 3)),
        "",
    )


def test_custom_range_missing_the_data_falls_back():
    kept, notice = clamp_to_data(date(2000, 1, 1), date(2000, 1, 31), FIRST, LAST)
    assert kept is None and "outside the data" in notice


def test_empty_database_leaves_the_range_alone():
    assert clamp_to_data(date(2000, 1, 1), date(2000, 1, 31), None, None) == (
        (date(2000, 1, 1), date(2000, 1, 31)),
        "",
    )
