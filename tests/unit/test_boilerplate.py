from __future__ import annotations

from analysis.enrich.boilerplate import MIN_DIGESTS, blank_lines, repeated_lines


def test_lines_repeated_across_many_digests_of_a_series_are_boilerplate():
    footer = "LM Studio Discord 暂无新消息"
    digests = {}
    for d in range(40):
        lines = {f"第{d}条新闻：OpenAI 发布新模型", "本期完"}
        if d % 3 == 0:
            lines.add(footer)
        if d < MIN_DIGESTS - 1:
            lines.add("Anthropic 的同一条新闻转载三次")
        digests[("ainews", d)] = lines
    digests[("other", 1)] = {footer}
    found = repeated_lines(digests)
    assert found["ainews"] == {footer}  # `本期完` is too short to matter
    assert found["other"] == frozenset()  # one digest of its own series


def test_share_of_the_series_sets_the_bar_for_long_series():
    digests = {("s", d): ({"Cursor Discord 暂无新消息"} if d < 10 else set()) for d in range(1000)}
    assert repeated_lines(digests)["s"] == frozenset()  # 10 of 1,000 digests: under 2%
    assert repeated_lines(digests, min_share=0.01)["s"] == {"Cursor Discord 暂无新消息"}


def test_blanking_keeps_offsets():
    text = "Google 发布 Gemini\n  LM Studio Discord 暂无新消息\nNVIDIA 跟进"
    blanked = blank_lines(text, frozenset({"LM Studio Discord 暂无新消息"}))
    assert len(blanked) == len(text)
    assert "Discord" not in blanked
    assert blanked.index("NVIDIA") == text.index("NVIDIA")
    assert blank_lines(text, frozenset()) is text
