"""Boilerplate sentences: templates, seed patterns and stripping (the store side is in
tests/integration/test_keyword_enrichment.py)."""

from __future__ import annotations

from analysis.enrich.boilerplate import blank_boilerplate, sentences, strip_boilerplate, template
from analysis.enrich.entities import default_tagger


def test_templates_mask_names_and_numbers():
    assert template("Mozilla AI Discord 暂无新的讨论。") == template(
        "Cohere Discord 暂无新的讨论。"
    )
    assert template("评测机构将在 5 周内公布") == template("评测机构将在 12 周内公布")


def test_sentences_never_cross_lines():
    assert sentences("第一句。第二句！\n第三句") == ["第一句。", "第二句！", "第三句"]


def test_strip_keeps_news_and_drops_learnt_and_seeded_boilerplate():
    learnt = frozenset({template("本日报由编辑部整理，每天早上八点准时更新。")})
    text = "OpenAI 发布 GPT-5.3-Codex。本日报由编辑部整理，每天早上八点准时更新。\n第二段。"
    assert strip_boilerplate(text, learnt) == "OpenAI 发布 GPT-5.3-Codex。\n第二段。"
    assert strip_boilerplate("**Torchtune Discord** 暂无新消息。") == ""
    assert strip_boilerplate("The Mozilla AI Discord has no new messages.") == ""
    assert strip_boilerplate("该图片是一张发布会截图。") == ""
    assert strip_boilerplate("新模型对 Ultra 订阅用户开放。") == "新模型对 Ultra 订阅用户开放。"


def test_a_repeated_headline_shape_that_reports_news_is_not_boilerplate():
    # a generated series repeats `#开放#预览版…` with other names in it; a note repeats too
    learnt = frozenset(
        {
            template("OpenAI开放GPT-5.2预览版，支持10M上下文"),
            template("Anthropic 发布 Claude 技术报告并开放全部权重"),
            template("Cohere Discord 频道本周无人发言"),
        }
    )
    assert strip_boilerplate("Google开放Gemini 3预览版，支持10M上下文", learnt) == (
        "Google开放Gemini 3预览版，支持10M上下文"
    )  # a model version
    assert strip_boilerplate("Mistral 发布 Magistral 技术报告并开放全部权重", learnt) == (
        "Mistral 发布 Magistral 技术报告并开放全部权重"
    )  # an event
    assert strip_boilerplate("Torchtune Discord 频道本周无人发言", learnt) == ""


def test_blanking_keeps_offsets_and_drops_only_boilerplate_sentences():
    text = "Google 发布 Gemini 4。LM Studio Discord 暂无新消息。\nNVIDIA 跟进。Cursor 周报见下。"
    templates = frozenset({template("Cursor 周报见下。")})
    blanked = blank_boilerplate(text, templates)
    assert len(blanked) == len(text)
    assert "Discord" not in blanked and "Cursor" not in blanked  # seed pattern, series template
    assert blanked.index("NVIDIA") == text.index("NVIDIA")
    assert blanked.startswith("Google 发布 Gemini 4。")
    assert blank_boilerplate(text).count("Cursor") == 1  # no template: stays


def test_mentions_from_blanked_text_point_into_the_original():
    text = "**Cohere Discord** 暂无新消息。\nTogether AI 上线 Kimi K2。"
    mentions = default_tagger().mentions(blank_boilerplate(text))
    assert [m.company for m in mentions if not m.via_product] == ["Together AI"]
    for m in mentions:
        assert text[m.start : m.start + len(m.mention)] == m.mention
