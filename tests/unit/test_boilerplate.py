"""The entity tagger's view of boilerplate: sentences blanked, offsets kept."""

from __future__ import annotations

from analysis.enrich.boilerplate import blank_boilerplate, template
from analysis.enrich.entities import default_tagger


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
