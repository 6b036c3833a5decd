"""Legible charts: few lines, direct labels, steady colours, ticks on bucket starts, labels apart."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from analysis.present import charts
from analysis.present.charts import (
    MAX_LINES,
    PALETTE,
    Note,
    items_over_time_figure,
    key_colors,
    trend_figure,
)
from analysis.query.peaks import chart_peaks, distinct_stories

TZ = "+08:00"


def series(keys, days=60, start="2026-01-01", spike=None):
    buckets = pd.date_range(start, periods=days, freq="D", tz=TZ)
    rows = []
    for index, key in enumerate(keys):
        for day, bucket in enumerate(buckets):
            count = 5 + (index + day) % 3
            if spike and spike[0] == key and spike[1] == day:
                count = 40
            rows.append(
                dict(
                    bucket=bucket,
                    key=key,
                    label=key.title(),
                    count=count,
                    items=100,
                    share=count / 100,
                    partial=day == days - 1,
                )
            )
    return pd.DataFrame(rows)


def lines(fig):
    return [t for t in fig.data if t.type == "scatter"]


def test_at_most_five_lines_in_one_plot_and_small_multiples_beyond():
    five = trend_figure(series(list("abcde")), title="t", x_title="x", y_title="y")
    assert len(lines(five)) == 5 and not five._has_subplots()
    eight = trend_figure(series(list("abcdefgh")), title="t", x_title="x", y_title="y")
    assert eight._has_subplots()
    assert len({t.xaxis for t in eight.data}) == 8  # one panel per key
    assert MAX_LINES == 5


def test_lines_are_labelled_at_their_end_not_by_a_legend():
    fig = trend_figure(series(["openai", "google"]), title="t", x_title="x", y_title="y")
    assert fig.layout.showlegend is False
    end_labels = [a.text for a in fig.layout.annotations if a.xanchor == "left"]
    assert sorted(end_labels) == ["Google", "Openai"]


def test_a_key_keeps_its_colour_across_charts_of_a_page():
    colors = key_colors(["openai", "google", "nvidia"])
    first = trend_figure(
        series(["google", "openai"]), title="", x_title="", y_title="", colors=colors
    )
    second = trend_figure(
        series(["nvidia", "openai"]), title="", x_title="", y_title="", colors=colors
    )

    def by_name(fig):
        return {t.name: t.line.color for t in lines(fig)}

    assert by_name(first)["Openai"] == by_name(second)["Openai"] == PALETTE[0]
    assert len(set(by_name(first).values())) == 2
    assert set(PALETTE[:5]) == {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9"}


@pytest.mark.parametrize(
    ("granularity", "tick0", "dtick"),
    [("week", "2000-01-03", 7 * 86_400_000), ("month", "2000-01-01", "M1")],
)
def test_ticks_fall_on_bucket_starts(granularity, tick0, dtick):
    frame = series(["a"], days=120 if granularity == "month" else 60)
    fig = trend_figure(frame, title="", x_title="", y_title="", granularity=granularity)
    assert fig.layout.xaxis.tick0 == tick0  # 2000-01-03 is a Monday: weeks start on Mondays
    assert fig.layout.xaxis.dtick == dtick
    assert pd.Timestamp("2000-01-03").day_name() == "Monday"


def test_no_small_multiple_panel_has_a_tick_on_its_right_end():
    # Four weekly buckets in eight panels: before, every panel ran on to the Monday after the
    # last bucket and labelled it there, right against the next panel's first label.
    weekly = series(list("abcdefgh"), days=4 * 7, start="2025-12-29")
    weekly = weekly[weekly["bucket"].dt.day_name() == "Monday"]
    fig = trend_figure(weekly, title="", x_title="", y_title="", granularity="week")
    axis = fig.layout.xaxis
    end = charts.wall_time(axis.range[1])
    first_tick = pd.Timestamp(axis.tick0)
    assert (end - first_tick) % pd.Timedelta(milliseconds=axis.dtick) != pd.Timedelta(0)
    assert end > pd.Timestamp(weekly["bucket"].max().tz_localize(None))


def test_chinese_dates_on_axes_and_hover():
    fig = trend_figure(series(["a"]), title="", x_title="", y_title="", language="zh")
    assert fig.layout.xaxis.tickformat == "%m月%d日"
    assert fig.layout.xaxis.hoverformat == "%Y年%m月%d日"


def test_peak_labels_each_take_their_own_row_so_they_never_overlap():
    frame = series(["a", "b"])
    buckets = list(frame["bucket"].unique())
    peaks = {
        (buckets[10], 0.4): "first story",
        (buckets[11], 0.38): "second",
        (buckets[12], 0.3): "third",
    }
    fig = trend_figure(frame, title="", x_title="", y_title="", peaks=peaks)
    labels = [a for a in fig.layout.annotations if a.name == "peak"]
    assert len(labels) == 3
    rows = sorted(a.ay for a in labels)
    row_height = frame["share"].max() * charts.PEAK_ROW_HEIGHT
    assert all(b - a >= row_height * 0.99 for a, b in zip(rows, rows[1:], strict=False))
    assert min(rows) > frame["share"].max()  # above the data
    assert fig.layout.yaxis.range[1] > max(rows)


def test_the_biggest_spike_gets_a_label_whichever_line_it_is_on():
    frame = series(["openai", "google"], spike=("google", 30))
    spikes = chart_peaks(frame, value="count", top=3)
    assert spikes.iloc[0]["key"] == "google" if len(spikes) == 1 else "google" in set(spikes["key"])
    biggest = spikes.sort_values("excess").iloc[-1]
    assert biggest["key"] == "google" and biggest["bucket"] == frame["bucket"].unique()[30]


def test_labels_tell_different_stories():
    first = pd.DataFrame(
        [
            dict(item_id=1, headline="OpenAI ships", companies=["OpenAI"]),
            dict(item_id=2, headline="Google answers", companies=["Google"]),
        ]
    )
    second = pd.DataFrame(
        [
            dict(item_id=1, headline="OpenAI ships", companies=["OpenAI"]),
            dict(item_id=3, headline="OpenAI again", companies=["OpenAI"]),
            dict(item_id=4, headline="Kimi K3", companies=["Moonshot AI"]),
        ]
    )
    third = pd.DataFrame([dict(item_id=1, headline="OpenAI ships", companies=["OpenAI"])])
    assert distinct_stories([first, second, third]) == ["OpenAI ships", "Kimi K3", None]


def test_notes_are_drawn_on_time_charts():
    frame = series(["a"])
    note = Note(at=datetime.fromisoformat("2026-01-20T12:00:00+08:00"), text="GPT-5 launch")
    fig = trend_figure(frame, title="", x_title="", y_title="", notes=[note])
    assert any(a.name == "note" and "GPT-5 launch" in a.text for a in fig.layout.annotations)
    assert len(fig.layout.shapes) == 1
    bars = items_over_time_figure(
        frame.rename(columns={"count": "value"}).assign(items=frame["count"]),
        title="",
        x_title="",
        y_title="",
        notes=[note],
    )
    assert len(bars.layout.shapes) == 1
    outside = Note(at=datetime.fromisoformat("2027-06-01T12:00:00+08:00"), text="later")
    assert not trend_figure(frame, title="", x_title="", y_title="", notes=[outside]).layout.shapes
