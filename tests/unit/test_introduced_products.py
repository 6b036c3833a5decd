"""Names a sentence introduces as a company's product are product mentions of that company."""

from __future__ import annotations

import pytest

from analysis.enrich.entities import default_tagger


def products_in(text: str) -> list[tuple[str, str, str]]:
    return [(p.product, p.family, p.company) for p in default_tagger().tag(text)[1]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a kind noun before the name
        ("🚀 Cohere 发布自研编程模型 Lumen，生成速度提升 4 倍", [("Lumen", "Lumen", "Cohere")]),
        ("小鹏在科技日上展示人形机器人 KESTREL 的新版本", [("KESTREL", "KESTREL", "XPeng")]),
        ("零一万物将聚焦企业级智能体平台“百川汇”", [("百川汇", "百川汇", "01.AI")]),
        # a kind noun after it, with describing characters between
        ("商汤同时开源“问天”世界模型，可生成驾驶视频", [("问天", "问天", "SenseTime")]),
        (
            "Figure 03 配合自研 Vireo 视觉-语言-动作模型完成家务",
            [("Figure 03", "Figure", "Figure AI"), ("Vireo", "Vireo", "Figure AI")],
        ),
        # a launch verb, in English
        (
            "World Labs launches Quarry for persistent 3D scenes",
            [("Quarry", "Quarry", "World Labs")],
        ),
        (
            "Weaviate 发布 Query Agent，用自然语言查询向量库",
            [("Query Agent", "Query Agent", "Weaviate")],
        ),
    ],
)
def test_an_introduced_name_is_a_product_of_the_company_before_it(text, expected):
    assert products_in(text) == expected


def test_every_mention_of_an_introduced_name_in_the_item_counts():
    text = "Cohere 发布自研编程模型 Lumen\n随新版一同上线的 Lumen 通过强化学习训练"
    found = default_tagger().tag(text)[1]
    assert [(p.product, p.start) for p in found] == [
        ("Lumen", text.index("Lumen")),
        ("Lumen", text.rindex("Lumen")),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "发布自研编程模型 Lumen，生成速度提升 4 倍",  # no company says whose it is
        "OpenAI 发布 API 更新，价格下调",  # an acronym of not_organizations.txt
        "英伟达推出 Transformer 引擎的新版本",  # a technical term
        "Cohere 上线的编辑器使用 MoE 模型",
        "Apple launches in China next month",  # an everyday word
        "英伟达 CEO Jensen Huang 表示芯片供不应求",  # a person, followed by a verb of saying
        "Anthropic announces Series F at a $183B valuation",
        "Meta 的 Alexandr Wang 负责新实验室",  # a possession names people as often as products
        "OpenAI 发布了新模型。Lumen 是另一家公司的产品",  # the company is in another sentence
    ],
)
def test_no_product_without_a_cue_a_maker_and_a_name_like_word(text):
    assert products_in(text) == []


def test_known_names_are_not_introduced_twice():
    assert products_in("OpenAI 发布 GPT-5.4 模型") == [("GPT-5.4", "GPT", "OpenAI")]
