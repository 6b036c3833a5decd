from __future__ import annotations

from datetime import date

from dashboard.state import ViewState, params_from_state, previous_period, state_from_params


def test_round_trip_through_the_url():
    state = ViewState(
        preset="custom",
        start=date(2026, 2, 1),
        end=date(2026, 2, 10),
        granularity="week",
        measure="count",
        categories=("Robotics",),
        companies=("NVIDIA", "Google"),
        sources=("宝玉",),
        text="世界模型",
        language="zh",
    )
    params = params_from_state(state)
    assert params == {
        "range": "custom",
        "start": "2026-02-01",
        "end": "2026-02-10",
        "g": "week",
        "m": "count",
        "lang": "zh",
        "q": "世界模型",
        "cat": ["Robotics"],
        "co": ["NVIDIA", "Google"],
        "src": ["宝玉"],
    }
    assert state_from_params(params) == state


def test_defaults_are_left_out_and_bad_values_fall_back():
    assert params_from_state(ViewState()) == {}
    state = state_from_params(
        {"range": "999", "g": "year", "m": "x", "lang": "fr", "start": "nope"}
    )
    assert state == ViewState()
    assert state_from_params({"range": "custom"}).preset == "30"  # custom without dates
    swapped = state_from_params({"range": "custom", "start": "2026-02-10", "end": "2026-02-01"})
    assert (swapped.start, swapped.end) == (date(2026, 2, 1), date(2026, 2, 10))


def test_presets_count_back_from_the_last_day_with_data():
    last = date(2026, 3, 1)
    assert ViewState(preset="7").date_range(date(2026, 1, 1), last) == (date(2026, 2, 23), last)
    assert ViewState(preset="all").date_range(date(2026, 1, 1), last) == (None, None)
    f = ViewState(preset="30", granularity="4h").filters(
        date(2026, 1, 1), last, tz="+08:00", model="m"
    )
    assert (f.start, f.end, f.granularity) == (date(2026, 1, 31), last, "4h")


def test_previous_period_has_equal_length():
    assert previous_period(date(2026, 2, 1), date(2026, 2, 7)) == (
        date(2026, 1, 25),
        date(2026, 1, 31),
    )


def test_series_filter_round_trips_through_the_url():
    from dashboard.state import params_from_state, state_from_params

    state = state_from_params({"series": ["AI资讯日报", "Frontier AI Brief"]})
    assert state.series == ("AI资讯日报", "Frontier AI Brief")
    assert params_from_state(state)["series"] == ["AI资讯日报", "Frontier AI Brief"]
    assert state.filters(None, None).series == ("AI资讯日报", "Frontier AI Brief")
