"""Company matching rules on the shipped alias table: casing, handles, renames, exclusions."""

from __future__ import annotations

import tomllib

import pytest

from analysis.enrich.entities import AUTHOR_HANDLE_START, MentionTagger, default_tagger
from analysis.enrich.products import load_families
from analysis.enrich.reference import (
    COMPANIES_FILE,
    AliasTable,
    Organization,
    case_insensitive_safe,
    excluded_by_context,
    load_alias_table,
)


def companies(text: str, direct_only: bool = True) -> list[tuple[str, str]]:
    return [
        (m.company, m.mention)
        for m in default_tagger().mentions(text)
        if not (direct_only and m.via_product)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("baseten和ollama都支持新模型", [("Baseten", "baseten"), ("Ollama", "ollama")]),
        ("BASETEN raised a round", [("Baseten", "BASETEN")]),
        (
            "pip install langchain llamaindex",
            [("LangChain", "langchain"), ("LlamaIndex", "llamaindex")],
        ),
        ("Deepinfra 上线", [("DeepInfra", "Deepinfra")]),
    ],
)
def test_safe_latin_names_match_in_any_casing(text, expected):
    assert companies(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I ate apple pie after lunch",
        "a modal verb and a modal dialog",
        "move the cursor to the end of the line",
        "we bring together AI researchers",
        "a perplexity of 3.2 on the test set",
        "the notion of a lambda function",
        "replicate the result twice",
        "the robot arm picks up a cup",
        "nvidia_like and openaiish strings",
    ],
)
def test_ordinary_words_are_not_companies(text):
    assert companies(text, direct_only=False) == []


def test_ambiguous_names_keep_their_casing_and_exclusions():
    assert companies("Cursor发布2.0版本") == [("Cursor", "Cursor")]
    assert companies("把Cursor光标移到行尾") == []  # the organisation's exclusion context
    # Chinese names that are also everyday words: the company, except in the word's contexts.
    assert companies("联想发布 AI PC 新品") == [("Lenovo", "联想")]
    assert companies("这让人联想到早年的语音助手") == []
    assert companies("荣耀发布新一代折叠屏手机") == [("HONOR", "荣耀")]
    assert companies("王者荣耀上线新英雄") == []
    assert companies("Modal 与 Replicate 上线 GPU 推理") == [
        ("Modal", "Modal"),
        ("Replicate", "Replicate"),
    ]
    assert companies("Perplexity 发布 Comet") == [("Perplexity", "Perplexity")]
    # A licence or an API shape names no organisation.
    assert companies("权重以 MIT 协议发布；code under the MIT license") == []
    assert companies("an OpenAI-compatible endpoint") == []
    assert companies("MIT 与 OpenAI 合作") == [("MIT", "MIT"), ("OpenAI", "OpenAI")]


def test_handles_name_their_organisation():
    text = (
        "via @togethercompute, cursor_ai 和 vllm_project；代码在 github.com/langchain-ai/langgraph"
    )
    assert {c for c, _ in companies(text)} == {"Together AI", "Cursor", "vLLM", "LangChain"}
    # A handle that is an ordinary word needs `@` or a URL slash.
    assert companies("deep cognition of the model") == []
    assert companies("转发自 @cognition") == [("Cognition", "cognition")]


def test_the_items_own_account_names_its_organisation():
    found = default_tagger().author_mention("TogetherCompute")
    assert (found.company, found.mention, found.start) == (
        "Together AI",
        "@TogetherCompute",
        AUTHOR_HANDLE_START,
    )
    assert default_tagger().author_mention("some_person") is None


def test_former_names_and_renames():
    assert companies("Codeium 的团队") == [("Cognition", "Codeium")]
    assert companies("Arena 榜单第一，LMSYS Chatbot Arena 旧称") == [
        ("LMArena", "Arena"),
        ("LMArena", "LMSYS Chatbot Arena"),
    ]
    assert load_alias_table().canonical("@lmarena_ai") == "LMArena"


def test_case_insensitive_rule():
    assert case_insensitive_safe("Baseten") and case_insensitive_safe("vLLM")
    assert case_insensitive_safe("Nebius AI")  # one rare word is enough
    for name in ("Cursor", "Modal", "Together AI", "Scale AI", "1X", "Apple", "Perplexity"):
        assert not case_insensitive_safe(name), name


def test_exclusion_phrase_containing_the_hit_counts_only_where_it_covers_it():
    text = "robot arm demo; Arm发布新芯片"
    assert excluded_by_context(text, 0 + text.index("arm"), text.index("arm") + 3, ("robot arm",))
    start = text.index("Arm")
    assert not excluded_by_context(text, start, start + 3, ("robot arm",))
    assert excluded_by_context("按住Cursor光标", 2, 8, ("光标",))


def test_a_product_named_like_anothers_counts_only_in_its_own_context():
    # Boston Dynamics' robot and OpenAI's browser are both `Atlas`
    browser = companies("Atlas Windows版细节：一键导入Chrome和Edge数据", direct_only=False)
    assert "Boston Dynamics" not in {company for company, _ in browser}, browser
    assert companies("Atlas 人形机器人学会了叠衣服", direct_only=False) == [
        ("Boston Dynamics", "Atlas")
    ]
    assert ("Boston Dynamics", "Atlas") in companies(
        "Hyundai plans to deploy Atlas in its Georgia plant", direct_only=False
    )


def test_an_organisation_can_insist_on_exact_casing():
    table = AliasTable({}, {})
    for org in [
        Organization("Baseten", "company", ("Baseten",)),
        Organization("Weird", "company", ("Zorblat",), case_sensitive=True),
    ]:
        table.organizations[org.name] = org
        for alias in org.aliases:
            table.surface_forms[alias] = (org.name, False)
    tagger = MentionTagger(table)
    assert [m.company for m in tagger.mentions("baseten zorblat Zorblat")] == ["Baseten", "Weird"]


def test_alias_table_size_coverage_and_consistency():
    table = load_alias_table()
    assert len(table.organizations) >= 450
    for name in [
        "LangChain", "Baseten", "Ollama", "Cognition", "Weights & Biases", "Cloudflare", "Cline",
        "Weaviate", "Prime Intellect", "DeepInfra", "Modal", "Epoch AI", "Artificial Analysis",
        "LlamaIndex", "Together AI", "vLLM", "Nous Research", "Thinking Machines Lab",
    ]:  # fmt: skip
        assert name in table.organizations, name
    raw = tomllib.loads(COMPANIES_FILE.read_text(encoding="utf-8"))["org"]
    seen: dict[str, str] = {}
    handles: dict[str, str] = {}
    for org in raw:
        for key in ("aliases", "products", "former_names"):
            for surface in org.get(key, []):
                assert surface not in seen or seen[surface] == "name:" + org["name"], surface
                seen[surface] = org["name"]
        seen.setdefault(org["name"], "name:" + org["name"])
        for handle in org.get("handles", []):
            assert handles.setdefault(handle.lower(), org["name"]) == org["name"], handle
    for family in load_families():
        assert family.company in table.organizations, family.name
