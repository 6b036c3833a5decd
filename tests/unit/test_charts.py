"""Each figure builder, read back through `fig.to_dict()`: traces, customdata, partial-bucket
markers and labels that show digest text as typed."""

from __future__ import annotations

import base64

import numpy as np
import pandas as pd
import pytest

from analysis.present import charts

TZ = "+08:00"
HOSTILE = "<b>Open</b>AI & <a href='x'>co</a>"
LONG_NAME = "字节跳动火山引擎大模型服务平台与智能体开发平台团队的新一代推理"  # 31 characters
ESCAPED = "&lt;b&gt;Open&lt;/b&gt;AI &amp; &lt;a href='x'&gt;co&lt;/a&gt;"


def values(data) -> list:
    """A trace array from `to_dict()`: plotly encodes numeric arrays as typed base64."""
    if isinstance(data, dict) and "bdata" in data:
        array = np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"])
        if "shape" in data:
            array = array.reshape([int(n) for n in str(data["shape"]).split(",")])
        return array.tolist()
    return [list(row) if isinstance(row, (list, tuple)) else row for row in data]


def days(*texts: str) -> list[pd.Timestamp]:
    return [pd.Timestamp(t, tz=TZ) for t in texts]


def series_frame() -> pd.DataFrame:
    buckets = days("2026-01-05", "2026-01-06", "2026-01-07")
    rows = []
    for key, label, counts in (("openai", HOSTILE, [4, 6, 1]), ("英伟达", "NVIDIA", [2, 3, 1])):
        for bucket, count, partial in zip(buckets, counts, [False, False, True], strict=True):
            rows.append(
                {
                    "bucket": bucket,
                    "key": key,
                    "label": label,
                    "count": count,
                    "items": 10,
                    "share": count / 10,
                    "partial": partial,
                }
            )
    return pd.DataFrame(rows)


def test_line_series_one_trace_per_key_with_click_data_and_open_partial_markers():
    fig = charts.line_series_figure(
        series_frame(), title="Keywords", x_title="Time", y_title="Share", partial_note="partial"
    ).to_dict()
    first, second = fig["data"]
    assert [t["name"] for t in fig["data"]] == [ESCAPED, "NVIDIA"]
    assert [tuple(c) for c in first["customdata"]] == [
        ("openai", "2026-01-05T00:00:00+08:00"),
        ("openai", "2026-01-06T00:00:00+08:00"),
        ("openai", "2026-01-07T00:00:00+08:00"),
    ]
    assert values(first["y"]) == [0.4, 0.6, 0.1]
    assert list(first["marker"]["symbol"]) == ["circle", "circle", "circle-open"]
    assert first["hovertemplate"].startswith(f"<b>{ESCAPED}</b>")
    assert first["hovertemplate"].endswith("<extra>partial</extra>")
    assert second["customdata"][0][0] == "英伟达"
    assert fig["layout"]["yaxis"]["tickformat"] == ".0%"
    assert fig["layout"]["title"]["text"] == "Keywords"


def test_line_series_counts_without_partial_buckets_have_plain_markers_and_integer_hover():
    frame = series_frame()
    frame = frame[~frame["partial"]]
    fig = charts.line_series_figure(
        frame, title="t", x_title="x", y_title="Items", value="count"
    ).to_dict()
    assert values(fig["data"][0]["y"]) == [4, 6]
    assert set(fig["data"][0]["marker"]["symbol"]) == {"circle"}
    assert fig["data"][0]["hovertemplate"].endswith("Items: %{y:,d}<extra></extra>")
    assert "tickformat" not in fig["layout"].get("yaxis", {})


def test_line_series_peak_labels_are_shortened_and_escaped():
    bucket = days("2026-01-06")[0]
    headline = "<script>alert(1)</script> OpenAI 发布 GPT-6，支持百万上下文与实时语音"
    fig = charts.line_series_figure(
        series_frame(), title="t", x_title="x", y_title="y", peaks={(bucket, 0.6): headline}
    ).to_dict()
    (note,) = [a for a in fig["layout"]["annotations"] if a.get("name") == "peak"]
    assert note["text"] == "&lt;script&gt;alert(1)&lt;/script&gt; O…"
    assert len(note["text"].replace("&lt;", "<").replace("&gt;", ">")) == 28
    # The arrow starts at the point; the label sits in its own row above the data.
    assert note["y"] == 0.6 and note["ay"] > 0.6 and note["ayref"] == "y"


def test_items_over_time_bars_span_their_bucket_and_partial_ones_form_their_own_trace():
    frame = pd.DataFrame(
        {
            "bucket": days("2026-01-05", "2026-01-06", "2026-01-07"),
            "items": [12, 30, 4],
            "digests": [2, 6, 1],
            "partial": [True, False, True],
        }
    )
    fig = charts.items_over_time_figure(
        frame, title="Items", x_title="Time", y_title="Items", granularity="week"
    ).to_dict()
    full, partial = fig["data"]
    assert (full["name"], partial["name"]) == ("Items", "Items (partial)")
    assert values(full["y"]) == [30] and values(partial["y"]) == [12, 4]
    assert full["width"] == pytest.approx(7 * 86_400_000 * 0.9)
    assert full["offset"] == 0
    assert [tuple(c) for c in partial["customdata"]] == [
        ("items", "2026-01-05T00:00:00+08:00"),
        ("items", "2026-01-07T00:00:00+08:00"),
    ]
    assert full["marker"]["color"] != partial["marker"]["color"]
    assert fig["layout"]["barmode"] == "overlay"


def test_heatmap_rows_ordered_by_total_with_escaped_labels():
    fig = charts.heatmap_figure(
        series_frame(), title="Keyword × time", x_title="Time", y_title="Keyword", value="count"
    ).to_dict()
    (trace,) = fig["data"]
    assert list(trace["y"]) == ["NVIDIA", ESCAPED]  # ascending total: plotly draws bottom-up
    assert values(trace["z"]) == [[2, 3, 1], [4, 6, 1]]
    assert trace["colorbar"]["tickformat"] == ",d"
    assert fig["layout"]["height"] == 320
    counted = charts.heatmap_figure(
        series_frame(),
        title="Keyword × time",
        x_title="Time",
        y_title="Keyword",
        value="count",
        value_title="Stories",
    ).to_dict()
    assert counted["data"][0]["colorbar"]["title"]["text"] == "Stories"  # says what it counts


def test_ranking_bars_carry_the_key_for_a_click_and_shorten_labels():
    frame = pd.DataFrame(
        {
            "company": ["OpenAI", HOSTILE, LONG_NAME],
            "key": ["openai", "hostile", "bytedance"],
            "items": [9, 3, 5],
        }
    )
    fig = charts.ranking_figure(
        frame, label="company", value="items", title="Top", x_title="Items", key="key"
    ).to_dict()
    (trace,) = fig["data"]
    assert values(trace["x"]) == [3, 5, 9]
    assert [tuple(c) for c in trace["customdata"]] == [
        ("hostile", ""),
        ("bytedance", ""),
        ("openai", ""),
    ]
    assert trace["y"][0] == "&lt;b&gt;Open&lt;/b&gt;AI &amp; &lt;a href='x'…"
    assert trace["y"][1] == LONG_NAME[:27] + "…"
    assert trace["orientation"] == "h"


def test_co_mention_matrix_is_symmetric_over_the_most_mentioned():
    pairs = pd.DataFrame(
        {
            "company_a": ["Google", "Google", "Anthropic"],
            "company_b": ["OpenAI", HOSTILE, "OpenAI"],
            "items": [5, 1, 2],
        }
    )
    fig = charts.co_mention_matrix_figure(pairs, title="Co-mentions", top=3).to_dict()
    (trace,) = fig["data"]
    assert values(trace["x"]) == ["OpenAI", "Google", "Anthropic"]
    assert values(trace["z"]) == [[0, 5, 2], [5, 0, 0], [2, 0, 0]]
    assert fig["layout"]["yaxis"]["autorange"] == "reversed"


def test_delta_bars_pair_both_periods_ordered_by_change():
    frame = pd.DataFrame(
        {
            "label": ["世界模型", HOSTILE],
            "share_a": [0.01, 0.2],
            "share_b": [0.08, 0.1],
            "delta": [0.07, -0.1],
        }
    )
    fig = charts.delta_figure(
        frame, label="label", title="Δ", first_name="before", second_name="after", x_title="Share"
    ).to_dict()
    before, after = fig["data"]
    assert (before["name"], after["name"]) == ("before", "after")
    assert list(before["y"]) == ["&lt;b&gt;Open&lt;/b&gt;AI &amp; &lt;a href='x'…", "世界模型"]
    assert values(before["x"]) == [0.2, 0.01] and values(after["x"]) == [0.1, 0.08]
    assert fig["layout"]["barmode"] == "group"


def test_empty_figure_says_why_and_hides_the_axes():
    fig = charts.empty_figure("No items in this range").to_dict()
    assert fig["layout"]["annotations"][0]["text"] == "No items in this range"
    assert fig["layout"]["xaxis"]["visible"] is False
    assert fig["data"] == []
