"""Model and product families: normalised names, new versions found by pattern, no false hits."""

from __future__ import annotations

import pytest

from analysis.enrich.products import (
    Family,
    ProductMatcher,
    load_families,
    normalise_product,
    product_matcher,
)


def found(text: str) -> list[tuple[str, str, str, str, int]]:
    return [
        (m.product, m.family, m.company, m.mention, m.start) for m in product_matcher().find(text)
    ]


@pytest.mark.parametrize(
    ("written", "product", "family", "company"),
    [
        ("GPT-5.4", "GPT-5.4", "GPT", "OpenAI"),  # a version no table lists
        ("gpt-5.3-codex", "GPT-5.3-Codex", "GPT", "OpenAI"),
        ("GPT-5.3-Codex", "GPT-5.3-Codex", "GPT", "OpenAI"),
        ("gpt-5-mini", "GPT-5-mini", "GPT", "OpenAI"),
        ("GPT-4o", "GPT-4o", "GPT", "OpenAI"),
        ("claude-opus-4.6", "Claude Opus 4.6", "Claude", "Anthropic"),
        ("Claude Opus 4.6", "Claude Opus 4.6", "Claude", "Anthropic"),
        ("Claude 4.6 Opus", "Claude Opus 4.6", "Claude", "Anthropic"),
        ("Opus 4.6", "Claude Opus 4.6", "Claude", "Anthropic"),
        ("claude-sonnet-4-5-20250929", "Claude Sonnet 4.5", "Claude", "Anthropic"),
        ("Gemini 3 Pro", "Gemini 3 Pro", "Gemini", "Google"),
        ("gemini-3-pro-preview", "Gemini 3 Pro", "Gemini", "Google"),
        ("Gemini 4 Flash-Lite", "Gemini 4 Flash-Lite", "Gemini", "Google"),
        ("Qwen3-Coder", "Qwen3-Coder", "Qwen", "Alibaba"),
        ("Qwen3-Coder-480B-A35B-Instruct", "Qwen3-Coder", "Qwen", "Alibaba"),
        ("Qwen4-Max", "Qwen4-Max", "Qwen", "Alibaba"),
        ("Kimi K2", "Kimi K2", "Kimi", "Moonshot AI"),
        ("Kimi-K2-Thinking", "Kimi K2 Thinking", "Kimi", "Moonshot AI"),
        ("DeepSeek-V3.2", "DeepSeek-V3.2", "DeepSeek", "DeepSeek"),
        ("deepseek v3.2", "DeepSeek-V3.2", "DeepSeek", "DeepSeek"),
        ("DeepSeek-R2", "DeepSeek-R2", "DeepSeek", "DeepSeek"),
        ("GLM-4.6", "GLM-4.6", "GLM", "Zhipu AI"),
        ("GLM-5", "GLM-5", "GLM", "Zhipu AI"),
        ("Llama 4", "Llama 4", "Llama", "Meta"),
        ("Llama 4 Maverick", "Llama 4 Maverick", "Llama", "Meta"),
        ("Grok 4", "Grok 4", "Grok", "xAI"),
        ("Grok 4.1 Fast", "Grok 4.1 Fast", "Grok", "xAI"),
        ("MiniMax-M2", "MiniMax-M2", "MiniMax", "MiniMax"),
        ("gpt-oss-120b", "gpt-oss", "gpt-oss", "OpenAI"),
        ("o3-pro", "o3-pro", "OpenAI o-series", "OpenAI"),
        ("豆包1.6", "Doubao-1.6", "Doubao", "ByteDance"),
        ("混元T1", "Hunyuan T1", "Hunyuan", "Tencent"),
        ("Claude Code", "Claude Code", "Claude", "Anthropic"),
        ("ChatGPT Atlas", "ChatGPT Atlas", "ChatGPT", "OpenAI"),
        ("GB200 NVL72", "GB200 NVL72", "NVIDIA GPU", "NVIDIA"),
        ("MI308", "Instinct MI308", "Instinct", "AMD"),
        ("昇腾950PR", "Ascend 950PR", "Ascend", "Huawei"),
        ("gemini-embedding-001", "Gemini Embedding", "Gemini", "Google"),
        ("DINOv3", "DINOv3", "DINO", "Meta"),
        ("gpt-realtime-2", "gpt-realtime-2", "gpt-image", "OpenAI"),  # each brand its product
        ("gpt-image-1", "gpt-image-1", "gpt-image", "OpenAI"),
        ("思元690", "MLU690", "MLU", "Cambricon"),
        ("Siyuan 690", "MLU690", "MLU", "Cambricon"),  # the English press's name
    ],
)
def test_written_forms_normalise_to_one_name(written, product, family, company):
    assert found(f"消息：{written}发布。") == [(product, family, company, written, 3)]
    assert normalise_product(written) == product


def test_mentions_in_running_text_keep_offsets():
    text = "OpenAIGPT-5.2 对比 Claude Opus 4.6 和 Gemini 3 Pro，Qwen3-Coder 开源"
    assert [(p, m, s) for p, _, _, m, s in found(text)] == [
        ("GPT-5.2", "GPT-5.2", 6),
        ("Claude Opus 4.6", "Claude Opus 4.6", 17),
        ("Gemini 3 Pro", "Gemini 3 Pro", 35),
        ("Qwen3-Coder", "Qwen3-Coder", 48),
    ]
    for _, _, _, mention, start in found(text):
        assert text[start : start + len(mention)] == mention


@pytest.mark.parametrize(
    "text",
    [
        "MyGPT-5 clone",  # `GPT` inside a word
        "claude is a first name",  # a bare brand only in the family's casing
        "Step 3: install the package",  # StepFun's `Step` needs its `Step-3` form
        "llama.cpp 与 Llama.cpp 更新",  # a file name, not the model
        "open source, oxygen, o3d",  # `o` starts many words
        "SWE-bench Verified 得分",
        "DeepSeek 公司",  # the bare brand is the company, not a model
        "GPT 是一类模型",
        "按住Cursor光标",
        "网易有道开源子曰-o1 推理模型",  # a one-letter brand ending another name
    ],
)
def test_no_false_products(text):
    assert found(text) == []


def test_plurals_of_products_written_with_digits():
    assert [m.product for m in product_matcher().find("runs on H200s and B200s")] == [
        "H200",
        "B200",
    ]


def test_a_new_family_needs_only_data():
    family = Family(
        name="Zeta",
        company="Example",
        kind="model",
        brands=("Zeta",),
        version=r"\d(?:\.\d)?",
        variants=("Max",),
        separator="-",
        version_joiner="",
        variant_first=False,
        bare=False,
        variant_brands=(),
        release_words=("Preview",),
        exclude=(),
    )
    matcher = ProductMatcher([family])
    assert [
        (m.product, m.mention) for m in matcher.find("zeta2.5-max-preview 上线，Zeta 团队")
    ] == [("Zeta2.5-Max", "zeta2.5-max-preview")]


def test_every_family_has_a_brand_and_a_company():
    families = load_families()
    assert len(families) >= 80
    assert len({f.name for f in families}) == len(families)
    for family in families:
        assert family.brands and family.company, family


def test_a_bare_brand_written_before_its_makers_named_product_is_its_prefix():
    def names(text):
        return [(m.product, m.mention) for m in product_matcher().find(text)]

    assert names("上海AI实验室发布并开源书生Intern-S2科学多模态大模型") == [
        ("Intern-S2", "Intern-S2")
    ]
    assert names("Intern-S2 is out on Hugging Face") == [("Intern-S2", "Intern-S2")]
    assert names("书生大模型升级") == [("InternLM", "书生")]  # the brand alone still names it
    # another maker's product after a brand is a second product
    assert [p for p, _ in names("豆包 Claude Sonnet 5 对比")][0] == "Doubao"


def test_a_versioned_brand_names_its_family_only_with_a_version():
    def names(text):
        return [(m.product, m.mention) for m in product_matcher().find(text)]

    assert names("星火X2成绩单：AIME 2026得分93") == [("讯飞星火 X2", "星火X2")]
    assert names("星火 X2 API每百万token输入2元") == [("讯飞星火 X2", "星火 X2")]
    assert names("星星之火，可以燎原；星火燎原") == []  # the everyday word
    assert names("讯飞星火大模型升级") == [("讯飞星火", "星火大模型")]  # full brands stay bare


def test_a_version_written_alone_names_the_model_the_text_names_in_full():
    matcher = product_matcher()

    def found(text):
        return [(m.product, m.mention) for m in matcher.find(text)]

    assert found("K3.5成绩单：HLE第一\n月之暗面发布Kimi K3.5。") == [
        ("Kimi K3.5", "K3.5"),
        ("Kimi K3.5", "Kimi K3.5"),
    ]
    assert found("DeepSeek-V4发布，V4支持百万上下文") == [
        ("DeepSeek-V4", "DeepSeek-V4"),
        ("DeepSeek-V4", "V4"),
    ]
    # never without the full name, never a bare number, never inside another word
    assert found("K3.5成绩单") == []
    assert found("GPT-5.6发布，5.6更快") == [("GPT-5.6", "GPT-5.6")]
    assert found("Kimi K2发布，MK2不是它") == [("Kimi K2", "Kimi K2")]
