"""Mixed Chinese/English tokenizer that proposes keyword candidates.

Digest text is Chinese with English names mixed in (`英伟达在CES 2026发布Rubin GPU`),
and sometimes whole English sentences. `tokenize(text)` segments it into
non-overlapping tokens; `candidate_terms(text)` filters them into keyword
candidates and adds compounds.

Pipeline
    1. ``™ ® ©`` are dropped and the text is NFKC-normalised
       (`analysis.enrich.reference.normalize_text`: ``ＮＶＩＤＩＡ`` → ``NVIDIA``).
    2. Alias-table surface forms that mix scripts (``谷歌DeepMind``, ``欧盟AI法案``)
       are cut out first as atomic tokens.
    3. The rest is scanned into Latin words (letters/digits with internal
       ``- . + & '``), CJK runs, spaces and punctuation.
    4. CJK runs go to a private `jieba.Tokenizer` (never the global one) whose
       user dictionary holds every CJK alias and product of the alias table and a
       small AI-domain lexicon (``大模型``, ``具身智能`` ...), so ``英伟达``,
       ``波士顿动力``, ``字节跳动``, ``通义千问`` stay one word.
    5. Latin words separated by single spaces form a *group*, which is cut into
       names (see `_latin_group_tokens`):

       * lowercase function/stop words (``the, of, and, for ...``, the English
         stop-word list, case-insensitively) break a group and are dropped; a
         capitalised one inside a name stays in it (``Deep Think``), unless it is a
         Title Case verb or function word (``Meta Is Building``); an owner's
         possessive ends a name (``Alibaba's Qwen``), another does not
         (``Humanity's Last Exam``);
       * a *name* is a maximal run of name words — capitalised, acronym or
         letters-with-digits words (``Boston``, ``GPU``, ``a16z``, ``BlueField-4``)
         — where a bare number may follow a word (``NVLink 6 Switch``,
         ``CES 2026``, ``Claude Opus 5``) but never start a name (``16TB KV Cache``
         gives ``KV Cache``); plain lowercase words (``coding``, ``hf-mem``)
         are single tokens;
       * multi-word alias-table entries are atomic and win over the rules
         (``Claude for Chrome``);
       * a name starting with an organisation alias is split after it
         (``NVIDIA GR00T`` → ``NVIDIA`` + ``GR00T``), a leading code word before a
         capitalised phrase is split off (``NVFP4 Tensor Core`` → ``NVFP4`` +
         ``Tensor Core``), trailing role words are split off (``Boston Dynamics
         CTO``);
       * a name longer than 4 words is not a name: it falls back to its
         alias-table entries and single words.

Candidates (`candidate_terms`) exclude stop words (`analysis.enrich.reference.load_stopwords`,
case-insensitive), numbers, percentages and numbers with units (``100亿``,
``2026年``, ``50公斤``, ``1.7 billion``), punctuation, single Chinese characters,
single Latin letters and CJK words longer than 8 characters (never a sentence).
Compounds are added: adjacent noun-like Chinese words (``人形``+``机器人`` →
``人形机器人``, at most 3 words and 8 characters) and adjacent lowercase English
content words (``coding agents``).
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import sys
import threading
import warnings
from dataclasses import dataclass
from functools import lru_cache

from analysis.enrich import english_pos
from analysis.enrich.reference import DATA_DIR, load_alias_table, load_stopwords, normalize_text

__all__ = [
    "Token",
    "tokenize",
    "prepare_text",
    "candidate_terms",
    "is_number_like",
    "is_valid_term",
    "cjk_length",
    "latin_word_count",
    "is_sentence_like",
    "clean_surface",
    "DOMAIN_LEXICON",
    "GENERIC_TERMS_FILE",
    "load_generic_terms",
    "not_organizations",
    "is_generic_term",
    "use_marked_terms",
    "marked_terms",
    "DESCRIBING_SUFFIXES",
    "RULES_VERSION",
]

_CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{_CJK_CLASS}]")
_LATIN_WORD = r"[A-Za-z0-9]+(?:[-.+&'’][A-Za-z0-9]+)*\+*"
_SCAN = re.compile(
    rf"(?P<latin>{_LATIN_WORD})|(?P<cjk>[{_CJK_CLASS}]+)|(?P<space>[ \t]+)|(?P<other>.)", re.S
)
_DROPPED_SYMBOLS = str.maketrans("", "", "™®©℠")

# Bumped whenever a change here or in analysis.enrich.keywords changes which keywords an
# item gets; part of the keyword cache key, so cached keywords of older rules are recomputed.
RULES_VERSION = "12"  # 10: tier-2 terms are no rows; 11: `Deep Think`; 12: 同尺寸
GENERIC_TERMS_FILE = DATA_DIR / "generic_terms.txt"
NOT_ORGANIZATIONS_FILE = DATA_DIR / "not_organizations.txt"
# A single dictionary word this frequent in jieba's general-Chinese dictionary (改变, 训练,
# 芯片, 测试) is everyday vocabulary: part of a compound (推理芯片), never a keyword alone.
GENERAL_WORD_FREQ = 300
# jieba's HMM invents words for characters its dictionary does not know. Three characters
# is a person's or a short brand name (黄仁勋, 徐直军); a longer invented word is nearly
# always a cut across a word boundary (漏洞中有, 称该模型, 网页时会) unless a digest marks it.
MAX_INVENTED_CHARS = 3
# Two invented characters are mostly a cut (中有, 时会, 栏可); a real two-character name
# is in the alias table or marked by a digest (bold, #tag) and so in the dictionary.
MIN_INVENTED_CHARS = 3
MAX_CJK_CHARS = 8  # a CJK candidate longer than this is a phrase, not a keyword
MAX_NAME_WORDS = 4  # a run of capitalised words longer than this is not a name
_SENTENCE_CJK_CHARS = 12
_SENTENCE_WORDS = 6

# General vocabulary of AI news that jieba's 2013 dictionary splits
# (大模型 → 大/模型). Domain knowledge only: not derived from any test data.
DOMAIN_LEXICON: tuple[str, ...] = (
    "人工智能",
    "生成式人工智能",
    "通用人工智能",
    "超级智能",
    "大模型",
    "大语言模型",
    "语言模型",
    "基础模型",
    "基座模型",
    "多模态",
    "多模态模型",
    "推理模型",
    "世界模型",
    "视觉语言模型",
    "扩散模型",
    "开源模型",
    "闭源模型",
    "端侧模型",
    "小模型",
    "向量模型",
    "嵌入模型",
    "混合专家",
    "注意力机制",
    "稀疏注意力",
    "线性注意力",
    "上下文",
    "长上下文",
    "上下文窗口",
    "预训练",
    "后训练",
    "微调",
    "强化学习",
    "监督微调",
    "深度学习",
    "机器学习",
    "持续学习",
    "迁移学习",
    "知识蒸馏",
    "思维链",
    "推理能力",
    "提示词",
    "提示词工程",
    "幻觉",
    "对齐",
    "智能体",
    "多智能体",
    "编程智能体",
    "具身智能",
    "人形机器人",
    "机器狗",
    "四足机器人",
    "机械臂",
    "灵巧手",
    "遥操作",
    "自动驾驶",
    "无人驾驶",
    "智能驾驶",
    "辅助驾驶",
    "激光雷达",
    "智能座舱",
    "算力",
    "算力集群",
    "数据中心",
    "智算中心",
    "液冷",
    "显存",
    "高带宽内存",
    "国产芯片",
    "芯片架构",
    "光刻机",
    "晶圆代工",
    "先进封装",
    "出口管制",
    "开源",
    "开源生态",
    "开放权重",
    "开源社区",
    "数据集",
    "训练数据",
    "合成数据",
    "基准测试",
    "排行榜",
    "评测基准",
    "视频生成",
    "图像生成",
    "语音合成",
    "语音识别",
    "文生图",
    "文生视频",
    "数字人",
    "向量数据库",
    "检索增强生成",
    "知识库",
    "工作流",
    "编程助手",
    "代码生成",
    "氛围编程",
    "开发者",
    "推理成本",
    "推理速度",
    "推理加速",
    "端到端",
    "红队测试",
    "越狱",
    "提示词注入",
    "深度伪造",
    "奖励作弊",
    "可解释性",
    "规模定律",
    "涌现能力",
    "仿真",
    "自然语言",
    "自然语言处理",
    "下载量",
    "参数量",
    "融资",
    "估值",
    "首轮融资",
    "独角兽",
    "财报",
    "营收",
    "资本开支",
    "并购",
    "收购",
    "挖角",
)
_DOMAIN_SET = frozenset(DOMAIN_LEXICON)

# CJK words that are units after a number (`50公斤`, `900万次`, `2026年`).
_UNIT_WORDS = frozenset(
    [
        "年",
        "月",
        "日",
        "号",
        "时",
        "点",
        "分",
        "秒",
        "天",
        "周",
        "个",
        "位",
        "名",
        "人",
        "次",
        "倍",
        "款",
        "家",
        "台",
        "块",
        "张",
        "篇",
        "条",
        "项",
        "种",
        "部",
        "代",
        "届",
        "季",
        "期",
        "件",
        "辆",
        "座",
        "层",
        "亿",
        "万",
        "千",
        "百",
        "十",
        "兆",
        "元",
        "美元",
        "亿元",
        "万元",
        "亿美元",
        "万美元",
        "千亿",
        "百亿",
        "万亿",
        "欧元",
        "英镑",
        "日元",
        "港元",
        "人民币",
        "公斤",
        "千克",
        "克",
        "吨",
        "米",
        "厘米",
        "毫米",
        "公里",
        "千米",
        "英寸",
        "英尺",
        "度",
        "瓦",
        "千瓦",
        "兆瓦",
        "吉瓦",
        "瓦时",
        "帧",
        "岁",
        "小时",
        "分钟",
        "秒钟",
        "毫秒",
        "纳米",
        "平方米",
        "亩",
        "多",
        "余",
        "左右",
        "以上",
        "以下",
        "万次",
        "亿次",
        "多万",
        "多亿",
        "倍速",
        "星",
        "颗",
        "枚",
        "位数",
    ]
)
_CJK_NUMBER = re.compile(
    r"^第?[零〇一二三四五六七八九十百千万亿兆两几半多余]+"
    r"(?:分之[零〇一二三四五六七八九十百千万]+)?[个位名次倍年月日天号款项种家台代届季期条篇成]?$"
)
_LATIN_NUMBER = re.compile(
    r"^[-+]?\d+(?:[.,]\d+)*(?:%|[A-Za-z]{1,3}|k|K|x|X)?$"
)  # 2026, 1.7, 100%, 16TB, 10M, 3B, 1080p
_NUMBER_WORDS = frozenset(
    [
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "dozen",
        "dozens",
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "million",
        "millions",
        "billion",
        "billions",
        "trillion",
        "trillions",
        "percent",
        "k",
        "m",
        "bn",
        "mn",
    ]
)
_COMPANY_SUFFIXES = frozenset(["Inc", "Corp", "Ltd", "LLC", "GmbH", "plc", "Co"])
_ROLE_WORDS = frozenset(
    [
        "CEO",
        "CTO",
        "CFO",
        "COO",
        "CPO",
        "CSO",
        "CMO",
        "VP",
        "SVP",
        "EVP",
        "Founder",
        "Cofounder",
        "Co-founder",
        "President",
        "Chairman",
        "Chairwoman",
        "Chief",
    ]
)
# jieba POS tags treated as noun-like when building Chinese compounds (`vn` only before the head).
_NOUNISH_TAGS = frozenset(
    {"n", "nz", "nt", "nr", "ns", "nl", "ng", "nrt", "nrfg", "an", "j", "eng"}
)
# jieba POS tags of words that are never keywords on their own: pronouns, conjunctions,
# prepositions, particles, numerals, measure words, locatives, time words, idioms
# (`这一`, `之所以`, `大部分`, `两国之间`, `触手可及`). jieba's tags are noisy (`仿真` is
# tagged an adverb, `下载量` a set phrase), so adjectives and adverbs are only dropped
# when two characters long (`巨大`, `快速`), and set phrases (`l`) only when they start
# or end with a function word.
_NON_KEYWORD_TAGS = frozenset(
    {
        "r",
        "rr",
        "rz",
        "c",
        "p",
        "u",
        "uj",
        "ul",
        "uz",
        "ug",
        "uv",
        "ud",
        "y",
        "e",
        "o",
        "f",
        "q",
        "m",
        "mq",
        "z",
        "zg",
        "i",
        "t",
        "tg",
        "ad",
        "ag",
        "dg",
        "df",
    }
)
_SHORT_NON_KEYWORD_TAGS = frozenset({"a", "d"})
_FUNCTION_SUFFIXES = ("于", "之间", "之后", "之前", "以来", "而言", "的", "地", "得", "了")
# Words jieba's HMM invents (no dictionary tag) that start with a function character are
# fragments of a sentence (`仅为`, `这为`, `远超`, `更广`), not names.
_FUNCTION_CHARS = frozenset(
    "这那仅之是因为的了在和与及或被把将也都就而并又再其该此每各某所以于对从向让使给比更最很太非不没未别已曾正会能可要应须得远较上"
)
_RARE_WORD_FREQ = 50  # rarer than this in general Chinese: a name (文心, 可灵), not 身高 or 得分
_VERSION = re.compile(r"^\d{1,2}(?:\.\d{1,2}){1,2}$")
_PUNCT_ONLY = re.compile(r"^[\W_]+$")
_QUOTE_CHARS = "\"'“”‘’「」『』《》〈〉【】()（）[]{}<>`*_"


@dataclass(frozen=True)
class Token:
    """One token of `tokenize`.

    `kind`: ``name`` (Latin name or alias-table form), ``word`` (lowercase Latin word),
    ``stop`` (English stop word), ``number``, ``cjk`` (a jieba word), ``punct``.
    `start`/`end` are offsets in `prepare_text(text)`, the normalised text.
    """

    text: str
    kind: str
    start: int
    end: int
    tag: str = ""  # jieba part-of-speech for cjk tokens ("" when unknown)


# ------------------------------------------------------------------ resources (built once)

_INIT_LOCK = threading.Lock()


def _import_jieba(name: str):
    with warnings.catch_warnings():  # jieba 0.42 has invalid escapes in its regexes
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", SyntaxWarning)
        module = importlib.import_module(name)
    module.setLogLevel(logging.WARNING)
    logging.getLogger(name).setLevel(logging.WARNING)
    return module


def _cutter_module():
    """jieba_fast (jieba's algorithm in C, same dictionary: the same words, measured ~2.5x
    faster; `tests/unit/test_segmentation_cutter.py` holds them equal) when installed, else
    jieba."""
    try:
        return _import_jieba("jieba_fast")
    except ImportError:  # pragma: no cover - a declared dependency
        return _import_jieba("jieba")


class _Resources:
    def __init__(self, cutter=None) -> None:
        jieba = _import_jieba("jieba")
        cutter = cutter or _cutter_module()
        table = load_alias_table()
        self.stopwords = load_stopwords()
        self.jieba = cutter.Tokenizer()
        self.jieba.initialize()
        self.tags = _load_jieba_tags(jieba)
        self.general_freq: dict[str, int] = {}  # jieba's own frequency of words we re-weighted
        self.known: set[str] = set()  # words added from the tables, the lexicon and digests
        self.marked: set[str] = set()  # terms digests marked themselves (bold, #tags, headlines)
        self.marked_only: set[str] = set()  # marked terms the tables do not also add
        self.marked_from: tuple = ()  # the terms `use_marked_terms` was last given
        self.removed_tags: dict[str, str] = {}  # jieba's tag of each word we re-weighted
        self.generic = load_generic_terms()
        latin_forms: set[str] = set()
        mixed_forms: set[str] = set()
        self.org_aliases: set[str] = set()
        self.aliases: set[str] = set()
        for surface, (_, is_product) in table.surface_forms.items():
            surface = surface.strip()
            if not surface:
                continue
            self.aliases.add(surface)
            if not is_product:
                self.org_aliases.add(surface)
            has_cjk = bool(_CJK_CHAR.search(surface))
            has_latin = bool(re.search(r"[A-Za-z0-9]", surface))
            if has_cjk and has_latin:
                mixed_forms.add(surface)
            elif has_cjk:
                self._add_word(surface)
            else:
                latin_forms.add(surface)
        for word in DOMAIN_LEXICON:
            self._add_word(word)
        # Mixed-script forms are found by plain substring search (longest first),
        # with Latin ends on ASCII word boundaries.
        self.mixed = None
        if mixed_forms:
            parts = []
            for form in sorted(mixed_forms, key=len, reverse=True):
                left = r"(?<![A-Za-z0-9])" if form[0].isascii() and form[0].isalnum() else ""
                right = r"(?![A-Za-z0-9])" if form[-1].isascii() and form[-1].isalnum() else ""
                parts.append(left + re.escape(form) + right)
            self.mixed = re.compile("|".join(parts))
        # One-word Latin names of the tables that `_split_glued` may cut off a glued word.
        self.latin_single = {f for f in latin_forms if " " not in f and len(f) >= 3}
        # Latin forms as word tuples, indexed by first word, longest first.
        self.latin_forms: dict[str, list[tuple[str, ...]]] = {}
        for form in latin_forms:
            words = tuple(form.split())
            if words:
                self.latin_forms.setdefault(words[0], []).append(words)
        for forms in self.latin_forms.values():
            forms.sort(key=len, reverse=True)

    def _add_word(self, word: str) -> None:
        if word in self.known:
            return
        self.general_freq.setdefault(word, self.jieba.FREQ.get(word, 0) or 0)
        self.jieba.add_word(word, freq=max(self.general_freq[word], 200_000), tag="nz")
        if word in self.tags:  # a dictionary word now: noun-like by default
            self.removed_tags[word] = self.tags.pop(word)
        self.known.add(word)

    def _add_marked(self, word: str) -> None:
        self.marked.add(word)
        if word in self.known:
            return  # a word of the tables already: it stays when the mark goes
        self._add_word(word)
        self.marked_only.add(word)

    def _remove_marked(self, word: str) -> None:
        """Undo `_add_marked`: jieba's frequency, its total and the word's tag as they were."""
        self.marked.discard(word)
        if word not in self.marked_only:
            return
        self.marked_only.discard(word)
        self.known.discard(word)
        self.jieba.total -= self.jieba.FREQ[word]
        # A zero entry reads as "no such word" to jieba (and keeps longer words' prefixes).
        self.jieba.FREQ[word] = self.general_freq[word]
        self.jieba.user_word_tag_tab.pop(word, None)
        if word in self.removed_tags:
            self.tags[word] = self.removed_tags.pop(word)

    def general_frequency(self, word: str) -> int:
        """How common `word` is in general Chinese (jieba's dictionary before our additions)."""
        if word in self.general_freq:
            return self.general_freq[word]
        return self.jieba.FREQ.get(word, 0) or 0

    def tag(self, word: str) -> str:
        """jieba's part of speech: stored when not noun-like, "n" for other dictionary words,
        "" for words only jieba's HMM knows (new names like 黄仁勋, or sentence fragments)."""
        tag = self.tags.get(word)
        if tag is not None:
            return tag
        return "n" if self.jieba.FREQ.get(word) else ""


def _load_jieba_tags(jieba_module) -> dict[str, str]:
    """word → part of speech from jieba's bundled dictionary (`word freq tag` lines), for the
    words that are NOT noun-like (about a third of 349k; nouns default to "n", saving ~25 MB)."""
    path = os.path.join(os.path.dirname(jieba_module.__file__), "dict.txt")
    tags: dict[str, str] = {}
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                parts = line.split()
                if len(parts) >= 3 and parts[2] not in _NOUNISH_TAGS:
                    tags[parts[0]] = sys.intern(parts[2])
    except OSError:
        pass
    return tags


_RESOURCES: _Resources | None = None


def load_generic_terms(path=GENERIC_TERMS_FILE) -> frozenset[str]:
    """data/generic_terms.txt, case-folded: AI-news words that name no trend (模型, API, 开发者)."""
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if word:
            words.add(" ".join(word.casefold().split()))
    return frozenset(words)


@lru_cache(maxsize=2)
def not_organizations(path=NOT_ORGANIZATIONS_FILE) -> frozenset[str]:
    """Terms that are never an organisation or product name, case-folded:
    data/not_organizations.txt and the generic vocabulary."""
    own = {
        line.strip().casefold()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    return frozenset(own | load_generic_terms())


def is_generic_term(term: str) -> bool:
    """A term that names no trend on its own: in data/generic_terms.txt, or one everyday word.

    "One everyday word": a Chinese word of jieba's general dictionary with a general
    frequency of `GENERAL_WORD_FREQ` or more (训练, 改变, 芯片) that neither the alias
    tables nor the digests themselves mark as a name. Longer terms containing such a
    word (推理芯片, 强化学习) are not generic.
    """
    res = _resources()
    text = " ".join(str(term).split())
    if text.casefold() in res.generic:
        return True
    return _general_frequency_unmarked(text, res) >= GENERAL_WORD_FREQ


GENERAL_PHRASE_CHARS = 4  # shorter dictionary words mix everyday words and domain terms


def is_general_vocabulary(term: str) -> bool:
    """A Chinese phrase of 4+ characters that jieba's general dictionary already has (明显改善,
    达成协议, 合作伙伴, 核心成员) and that neither the alias tables, the domain lexicon nor the
    digests mark: set phrases of everyday Chinese, which an analyst rarely picks as an item's
    keyword. Domain terms the dictionary lacks (上下文工程, 编程智能体), and the shorter words it
    has (光刻机, 半导体), are not."""
    text = " ".join(str(term).split())
    if len(text) < GENERAL_PHRASE_CHARS or text in _DOMAIN_SET:
        return False
    return _general_frequency_unmarked(text, _resources()) > 0


# A phrase ending in one of these names a measure of something (参数量, 推理速度, 下载量, 成功率,
# 训练效率): news reports it, a trend is not made of it.
_MEASURE_HEADS = (
    "量",
    "率",
    "规模",
    "速度",
    "成本",
    "价格",
    "效率",
    "质量",
    "时长",
    "风险",
    "水平",
    "同比",
    "额",
)


def is_measure_phrase(term: str) -> bool:
    """A Chinese phrase of 3+ characters naming a measure (`_MEASURE_HEADS`) that neither the
    alias tables nor the digests mark (the tokenizer's domain lexicon has some, 参数量, so that
    they segment whole)."""
    text = str(term).strip()
    if len(text) < 3 or not text.endswith(_MEASURE_HEADS):
        return False
    res = _resources()
    return cjk_length(text) == len(text) and text not in res.aliases and text not in res.marked


def _general_frequency_unmarked(text: str, res: _Resources) -> int:
    if cjk_length(text) != len(text) or text in res.aliases or text in res.marked:
        return 0
    return res.general_frequency(text)


def _markable(term: str, res: _Resources) -> bool:
    return (
        2 <= len(term) <= MAX_CJK_CHARS
        and cjk_length(term) == len(term)
        and is_valid_term(term)
        and term.casefold() not in res.generic
        and term[0] not in _FUNCTION_CHARS
        and not term.endswith(_FUNCTION_SUFFIXES)
    )


def use_marked_terms(terms) -> frozenset[str]:
    """Make the dictionary's marked terms exactly `terms` (bold terms, `#tags`, headline names
    the digests mark themselves); returns the ones kept.

    Only Chinese terms of 2-8 characters that could be keywords are kept (Latin names are
    whole already); they then stay one word in every text, and count as names for
    `is_generic_term`. Terms of an earlier call that are not in `terms` are taken out
    again, so how a text is cut depends on the lexicon given here and never on what this
    process cut before (another database, an earlier batch). The tokenizer's memo is
    cleared when the set changed.
    """
    terms = tuple(terms)
    if _RESOURCES is None and not terms:
        return frozenset()
    res = _resources()
    with _INIT_LOCK:
        # Every batch of a run passes the same lexicon: compared as given, it is not cleaned
        # and checked again (tens of milliseconds per call for a large corpus).
        if terms == res.marked_from:
            return frozenset(res.marked)
        res.marked_from = terms
        wanted = {term for term in map(clean_surface, map(str, terms)) if _markable(term, res)}
        if wanted == res.marked:
            return frozenset(wanted)
        for term in sorted(res.marked - wanted):
            res._remove_marked(term)
        for term in sorted(wanted - res.marked):
            res._add_marked(term)
    _candidate_terms_cached.cache_clear()
    return frozenset(wanted)


def marked_terms() -> frozenset[str]:
    """The marked terms in use (`use_marked_terms`)."""
    return frozenset(_resources().marked)


def _resources() -> _Resources:
    global _RESOURCES
    if _RESOURCES is None:
        with _INIT_LOCK:
            if _RESOURCES is None:
                _RESOURCES = _Resources()
    return _RESOURCES


# ------------------------------------------------------------------ small predicates


def cjk_length(text: str) -> int:
    return len(_CJK_CHAR.findall(text))


def latin_word_count(text: str) -> int:
    return len(re.findall(_LATIN_WORD, text))


def is_sentence_like(term: str) -> bool:
    """A whole sentence rather than a term: more than 12 CJK characters or more than 6 words."""
    return cjk_length(term) > _SENTENCE_CJK_CHARS or latin_word_count(term) > _SENTENCE_WORDS


def is_number_like(term: str) -> bool:
    """Bare numbers, percentages, numbers with units: `2026`, `1.7`, `100%`, `16TB`, `100亿`, `2026年`, `十分之一`."""
    text = term.strip().replace(" ", "")
    if not text:
        return False
    if _LATIN_NUMBER.match(text) or _CJK_NUMBER.match(text) or text.lower() in _NUMBER_WORDS:
        return True
    match = re.match(r"^[-+]?\d+(?:[.,]\d+)*%?", text)
    if match:
        rest = text[match.end() :]
        return (
            not rest
            or rest in _UNIT_WORDS
            or bool(_CJK_NUMBER.match(rest))
            or (len(rest) <= 3 and all(ch in _UNIT_WORDS or ch in "万亿千百十多余" for ch in rest))
        )
    return False


def clean_surface(term: str) -> str:
    """NFKC, symbols dropped, whitespace collapsed, outer quotes/brackets and trailing punctuation stripped."""
    text = " ".join(prepare_text(term).split())
    previous = None
    while previous != text:
        previous = text
        text = text.strip(_QUOTE_CHARS + " ").rstrip("。，、；：！？,;:!?…").strip()
        if text.endswith(".") and not _keeps_final_period(text):
            text = text[:-1]
    for suffix in ("'s", "’s"):
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            text = text[: -len(suffix)]
    return text


def _keeps_final_period(text: str) -> bool:
    return text in load_alias_table().surface_forms  # `Alphabet Inc.`


def is_valid_term(term: str) -> bool:
    """Could `term` be a keyword at all? No stop word, number, punctuation, single CJK char or single letter."""
    text = term.strip()
    if not text or _PUNCT_ONLY.match(text):
        return False
    if text.lower() in load_stopwords():
        return False
    if is_number_like(text):
        return False
    n_cjk = cjk_length(text)
    if n_cjk == len(text) and n_cjk < 2:
        return False
    if n_cjk == 0 and len(text) < 2:
        return False
    # Not digits and symbols only.
    return not (n_cjk == 0 and not re.search(r"[A-Za-z]", text))


# ------------------------------------------------------------------ tokenize


def prepare_text(text: str) -> str:
    """What the tokenizer actually reads: ``™ ® ©`` dropped, then NFKC (full-width → half-width)."""
    return normalize_text(str(text).translate(_DROPPED_SYMBOLS))


def tokenize(text: str) -> list[Token]:
    """Segment mixed Chinese/English text into non-overlapping tokens (spaces dropped).

    Offsets refer to `prepare_text(text)`.
    """
    res = _resources()
    text = prepare_text(text)
    tokens: list[Token] = []
    position = 0
    if res.mixed is not None:
        for match in res.mixed.finditer(text):
            _scan(text, position, match.start(), tokens, res)
            tokens.append(Token(match.group(0), "name", match.start(), match.end(), "nz"))
            position = match.end()
    _scan(text, position, len(text), tokens, res)
    return tokens


def _scan(text: str, start: int, end: int, out: list[Token], res: _Resources) -> None:
    group: list[tuple[str, int, int]] = []  # Latin words joined by single spaces

    def flush() -> None:
        if group:
            out.extend(_latin_group_tokens(group, res))
            group.clear()

    for match in _SCAN.finditer(text, start, end):
        kind = match.lastgroup
        if kind == "latin":
            if group and not (group[-1][2] == match.start() - 1 and text[match.start() - 1] == " "):
                flush()
            pieces = _split_glued(match.group(0), res)
            if len(pieces) > 1:
                flush()
                offset = match.start()
                for piece in pieces:
                    out.extend(_latin_group_tokens([(piece, offset, offset + len(piece))], res))
                    offset += len(piece)
                continue
            group.append((match.group(0), match.start(), match.end()))
            continue
        if kind == "space":
            if match.group(0) != " ":
                flush()
            continue
        if (
            match.group(0) == "&"
            and group
            and group[-1][2] == match.start() - 1
            and text[match.start() - 1 : match.end() + 1] == " & "
        ):
            group.append(("&", match.start(), match.end()))  # `Weights & Biases`
            continue
        flush()
        if kind == "cjk":
            offset = match.start()
            for word in res.jieba.cut(match.group(0), HMM=True):
                out.append(Token(word, "cjk", offset, offset + len(word), res.tag(word)))
                offset += len(word)
        else:
            out.append(Token(match.group(0), "punct", match.start(), match.end()))
    flush()


def _split_glued(word: str, res: _Resources) -> list[str]:
    """A Latin word that glues a known name to a following name: `OpenAIGPT-5.2` → OpenAI, GPT-5.2.

    Cut after the longest alias-table name (3+ characters) that is a proper prefix, when
    the rest starts with a capital or a digit and is itself name-like. CamelCase names
    (DeepSeek, LangChain, MiniMax) are never cut at their case change alone.
    """
    if word in res.aliases or len(word) < 5:
        return [word]
    for end in range(len(word) - 2, 2, -1):
        head, rest = word[:end], word[end:]
        if head in res.latin_single and rest[0].isupper() and len(rest) >= 2:
            strong = rest in res.aliases or any(ch.isdigit() or ch.isupper() for ch in rest[1:])
            if strong:
                return [head, *_split_glued(rest, res)]
    return [word]


# `Tokyo-based`, `SoftBank-backed`, `state-owned`: they describe the name that follows.
DESCRIBING_SUFFIXES = ("based", "backed", "owned", "led", "funded", "focused")
_DESCRIBING_SUFFIX = re.compile(f"-(?:{'|'.join(DESCRIBING_SUFFIXES)})$")  # not Micro-LED


def _word_class(word: str, res: _Resources) -> str:
    if (
        word.lower() in res.stopwords and not (len(word) > 1 and word.isupper())  # `US`, `IT`
    ) or _DESCRIBING_SUFFIX.search(word):
        return "stop"
    if word.lower() in _NUMBER_WORDS or (word[0].isdigit() and not re.match(r"^\d[Dd]$", word)):
        return "number"
    if any(ch.isupper() for ch in word) or any(ch.isdigit() for ch in word):
        return "name"
    return "word"


# Capitalised in a Title Case headline (`Meta Is Building`), never inside a name.
_NEVER_IN_NAME = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "by",
        "as",
        "from",
        "into",
        "over",
        "it",
        "its",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "will",
        "would",
        "has",
        "have",
        "had",
        "can",
        "could",
        "may",
        "might",
        "should",
        "must",
        "do",
        "does",
        "did",
        "says",
        "said",
        "that",
        "this",
        "these",
        "those",
        "who",
        "which",
    ]
)


def _latin_group_tokens(group: list[tuple[str, int, int]], res: _Resources) -> list[Token]:
    """Cut a group of space-separated Latin words into name / word / number tokens."""
    words = [w for w, _, _ in group]
    tokens: list[Token] = []
    run: list[tuple[int, int]] = []  # (first index, last index) units of the current name run

    def emit_run() -> None:
        if run:
            tokens.extend(_name_run_tokens(run, group, res))
            run.clear()

    i = 0
    while i < len(words):
        if i and words[i - 1].endswith(("'s", "’s")) and words[i - 1][:-2] in res.org_aliases:
            emit_run()  # an owner's possessive ends a name: `Alibaba's Qwen` is two, while
            # `Humanity's Last Exam` is one
        alias_len = _alias_at(words, i, res)
        if alias_len:
            run.append((i, i + alias_len - 1))
            i += alias_len
            continue
        word = words[i]
        if word == "&":
            # inside a name when one name word stands on each side (`Procter & Gamble`), else
            # nothing: two organisations are two names (`OpenAI & Microsoft`), and so are two
            # people (`Sam Altman & Jony Ive`)
            joins = (
                len(run) == 1
                and run[0][0] == run[0][1]
                and i + 1 < len(words)
                and _word_class(words[i + 1], res) == "name"
                and (i + 2 >= len(words) or _word_class(words[i + 2], res) != "name")
            )
            if joins:
                before = " ".join(words[run[0][0] : run[-1][1] + 1])
                after_len = _alias_at(words, i + 1, res)
                after = " ".join(words[i + 1 : i + 1 + after_len])
                joins = not (before in res.org_aliases and after in res.org_aliases)
            if joins:
                run.append((i, i))
            else:
                emit_run()
            i += 1
            continue
        kind = _word_class(word, res)
        if (
            kind == "stop"
            and run
            and word[:1].isupper()
            and word[1:].islower()
            and word.lower() not in _NEVER_IN_NAME
        ):
            kind = "name"  # a capitalised stop word inside a name: `Deep Think`, `Last Exam`
        if kind == "name":
            run.append((i, i))
        elif kind == "number" and run:
            run.append((i, i))  # `NVLink 6 Switch`, `CES 2026`
        else:
            emit_run()
            tokens.append(
                Token(
                    word,
                    "number" if kind == "number" else ("stop" if kind == "stop" else "word"),
                    group[i][1],
                    group[i][2],
                )
            )
        i += 1
    emit_run()
    return tokens


def _alias_at(words: list[str], i: int, res: _Resources) -> int:
    """Length in words of the longest alias-table entry starting at words[i] (0 if none)."""
    for form in res.latin_forms.get(words[i], ()):
        if tuple(words[i : i + len(form)]) == form:
            return len(form)
    return 0


def _name_run_tokens(run: list[tuple[int, int]], group, res: _Resources) -> list[Token]:
    words = [w for w, _, _ in group]
    units = list(run)
    if len(units) > 1 and units[-1][0] == units[-1][1] and words[units[-1][0]] in _COMPANY_SUFFIXES:
        units = units[:-1]  # `Alphabet Inc.` → `Alphabet`

    def span_text(a: int, b: int) -> str:
        return " ".join(words[a : b + 1])

    pieces: list[list[tuple[int, int]]] = [units]
    # An organisation alias at the start is its own name: `NVIDIA GR00T`, `Anthropic Claude Opus 5`.
    first = units[0]
    if (
        len(units) > 1
        and span_text(*first) in res.org_aliases
        and _word_class(words[units[1][0]], res) == "name"
    ):
        pieces = [[first], units[1:]]
    # A leading code word before a capitalised phrase: `NVFP4 Tensor Core`, `H100 Tensor Core GPU`.
    out_pieces: list[list[tuple[int, int]]] = []
    for piece in pieces:
        head = piece[0]
        if (
            len(piece) >= 3
            and head[0] == head[1]
            and _is_code_word(words[head[0]])
            and _is_capitalised_word(words[piece[1][0]])
            and span_text(piece[0][0], piece[-1][1]) not in res.aliases
        ):
            out_pieces.extend([[head], piece[1:]])
        else:
            out_pieces.append(piece)
    # Role words split a name wherever they are: `Boston Dynamics CTO`, `Windsurf CEO Varun Mohan`.
    final: list[list[tuple[int, int]]] = []
    for piece in out_pieces:
        current: list[tuple[int, int]] = []
        for unit in piece:
            single = unit[0] == unit[1]
            word = words[unit[0]]
            if single and word in _ROLE_WORDS:
                if current:
                    final.append(current)
                final.append([unit])
                current = []
            else:
                current.append(unit)
        if current:
            final.append(current)

    tokens: list[Token] = []
    for piece in final:
        a, b = piece[0][0], piece[-1][1]
        n_words = b - a + 1
        if n_words > MAX_NAME_WORDS and span_text(a, b) not in res.aliases:
            for ua, ub in piece:  # not a name: its aliases and single words
                kind = "name" if (ua != ub or _word_class(words[ua], res) == "name") else "number"
                tokens.append(Token(span_text(ua, ub), kind, group[ua][1], group[ub][2]))
            continue
        # A run of numbers after one name word: keep `CES 2026` but not a lone number.
        tokens.append(Token(span_text(a, b), "name", group[a][1], group[b][2]))
    return tokens


def _is_code_word(word: str) -> bool:
    return bool(re.match(r"^[A-Z]+[A-Z0-9]*\d[A-Z0-9]*$", word))


def _is_capitalised_word(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


# ------------------------------------------------------------------ candidates


def candidate_terms(text: str) -> list[str]:
    """Keyword candidates of `text`, unique, in order of first appearance.

    Names (`Boston Dynamics`, `GPT-5.5`, `hf-mem`), Chinese words of 2-8
    characters, lowercase English content words, and compounds (`人形机器人`,
    `coding agents`); no stop words, numbers, units, punctuation or single
    characters.
    """
    return list(_candidate_terms_cached(str(text)))


@lru_cache(maxsize=8192)
def _candidate_terms_cached(text: str) -> tuple[str, ...]:
    res = _resources()
    tokens = tokenize(text)
    seen: dict[str, None] = {}

    def add(term: str) -> None:
        if term.endswith(("'s", "’s")) and len(term) > 3:
            term = term[:-2]  # `Alibaba's` names Alibaba
        if term not in seen and is_valid_term(term) and cjk_length(term) <= MAX_CJK_CHARS:
            seen[term] = None

    after_number = False
    for index, token in enumerate(tokens):
        if token.kind == "number":
            previous = tokens[index - 1] if index else None
            if (
                previous is not None
                and previous.kind == "cjk"
                and 2 <= len(previous.text) <= 4
                and token.start - previous.end <= 1
                and _VERSION.match(token.text)
                and _is_cjk_keyword_word(previous, res)
                and previous.text not in DOMAIN_LEXICON
                and res.general_frequency(previous.text) < _RARE_WORD_FREQ
            ):
                add(f"{previous.text} {token.text}")  # 文心 5.0, 可灵 2.5: a name and its version
            after_number = True
            continue
        if token.kind == "cjk":
            if after_number and (
                token.text in _UNIT_WORDS
                or _CJK_NUMBER.match(token.text)
                or is_number_like("1" + token.text)
            ):
                continue  # `50公斤`, `900万次`: still part of the number
            after_number = False
            if _is_cjk_keyword_word(token, res):
                add(token.text)
            continue
        after_number = False
        if (
            token.kind == "name"
            and token.text not in _ROLE_WORDS
            or token.kind == "word"
            and not _is_past_participle(token.text)
            and not english_pos.names_nothing_alone(token.text)
            and not _reads_as_verb(tokens, index)
        ):
            add(token.text)
    for compound in _compounds(tokens, res):
        add(compound)
    return tuple(seen)


def _is_cjk_keyword_word(token: Token, res: _Resources) -> bool:
    """A jieba word that can be a keyword on its own."""
    text = token.text
    if len(text) < 2 or text.lower() in res.stopwords or _CJK_NUMBER.match(text):
        return False
    tag = token.tag
    if tag in _NON_KEYWORD_TAGS or (tag in _SHORT_NON_KEYWORD_TAGS and len(text) == 2):
        return False
    invented = not tag and text not in res.known
    if invented and not MIN_INVENTED_CHARS <= len(text) <= MAX_INVENTED_CHARS:
        return False  # an HMM guess across a word boundary: 漏洞中有, 称该模型, 中有, 由前
    return not (
        (not tag or tag == "l")
        and (text[0] in _FUNCTION_CHARS or text.endswith(_FUNCTION_SUFFIXES))
    )


def _is_past_participle(word: str) -> bool:
    """`closed`, `trained`, `published`: verbs of an English sentence, not keywords (`speed` is kept)."""
    return len(word) >= 5 and word.endswith("ed") and not word.endswith("eed")


def _reads_as_verb(tokens: list[Token], index: int) -> bool:
    """An English word that is the sentence's verb here, though it could be a noun elsewhere.

    * an `-s` form between its subject (a name, a word, `it`, `that`, `and`, `now`) and
      what opens its object (a name, a number, a determiner, a word that is not itself a
      verb): `Anthropic ships Claude`, `model beats rivals`, `hits 10k`; not `memory
      snapshots` or `quality drops with`;
    * a base form after `to` or a modal: `to build`, `can call`;
    * an `-ing` form before a name, a number or a determiner: `beating the`, `using Claude`.
    """
    word = tokens[index].text
    before = (
        tokens[index - 1] if index and tokens[index - 1].end + 1 == tokens[index].start else None
    )
    after = (
        tokens[index + 1]
        if index + 1 < len(tokens) and tokens[index].end + 1 == tokens[index + 1].start
        else None
    )
    before_word = before.text.lower() if before is not None else ""
    if (
        before is not None
        and before.kind == "stop"
        and before_word in english_pos.BEFORE_AN_INFINITIVE
    ):
        return english_pos.can_be_base_verb(word)
    if after is None:
        return False
    opens_noun_phrase = after.kind in ("name", "number") or (
        after.kind == "stop" and after.text.lower() in english_pos.DETERMINERS
    )
    if english_pos.can_be_participle(word):
        return opens_noun_phrase
    if before is None or not english_pos.can_be_third_person_verb(word):
        return False
    has_subject = before.kind in ("name", "word") or (
        before.kind == "stop" and before_word in english_pos.BEFORE_A_VERB
    )
    opens_object = opens_noun_phrase or (
        after.kind == "word" and not english_pos.is_verb_only(after.text)
    )
    return has_subject and opens_object


def _opens_participle_clause(tokens: list[Token], index: int) -> bool:
    """`users building apps`, `before touching code`: an `-ing` form after a plural noun or
    a preposition of time or manner is a verb with its object, not a term's modifier
    (`reasoning models`, `for coding agents`, `improves reasoning performance`)."""
    word = tokens[index].text
    if not english_pos.can_be_participle(word) or not index:
        return False
    before = tokens[index - 1]
    if before.end + 1 != tokens[index].start:
        return False
    text = before.text.lower()
    if text == "of" and index > 1:  # `instead of removing tools`
        text = f"{tokens[index - 2].text.lower()} of"
    return text in english_pos.BEFORE_A_CLAUSE or (
        before.kind in ("word", "stop")
        and english_pos.is_plural_noun(text)
        and not english_pos.can_be_third_person_verb(text)  # `cuts serving cost`
    )


def _looks_like_verb_phrase(first: str, second: str) -> bool:
    """`agents load`, `trains reasoning`, `runs autonomously`, `loses clients`: a subject and
    its verb, or a verb and its object. In an English noun compound the modifier is singular
    (`coding agents`), and adverbs in -ly are never part of one."""
    return (
        (first.endswith("s") and not first.endswith("ss"))
        or first.endswith("ly")
        or (second.endswith("ly"))
    )


# 同 before one of these is the prefix "same" (同尺寸开源模型: open models of the same size), not
# the conjunction 同 ("with"), so no compound starts after it (no 尺寸开源模型).
_SAME_MEASURE_WORDS = frozenset(
    {"尺寸", "规模", "级别", "参数", "参数量", "量级", "体量", "价位", "档位"}
)


def _compounds(tokens: list[Token], res: _Resources):
    """Adjacent noun-like Chinese words and adjacent lowercase English content words.

    Chinese: chains of directly adjacent jieba words that are nouns (or unknown
    words such as names; a verbal noun `vn` only as a modifier, never the last
    word) give every 2-word compound of at most 8 characters and every 3-word
    compound of at most 6 (`人形`+`机器人`, `机器人`+`数据集`). Names from the alias
    table stay on their own (no `月之暗面开源`, `腾讯领投`).
    """
    chain: list[Token] = []

    def chain_compounds():
        # Only compounds that end at the chain's last word, its head noun: in
        # 国产+编程+工具 the modifiers 国产编程 are not a term, 编程工具 and 国产编程工具 are.
        for size, limit in ((2, MAX_CJK_CHARS), (3, 6)):
            for i in range(len(chain) - size, len(chain) - size + 1):
                if i < 0:
                    continue
                part = chain[i : i + size]
                if part[-1].tag == "vn":
                    continue
                text = "".join(t.text for t in part)
                if len(text) <= limit:
                    yield text

    previous_cjk: Token | None = None
    for token in tokens:
        nounish = (
            token.kind == "cjk"
            and _is_cjk_keyword_word(token, res)
            and token.text not in res.aliases
            and (token.tag in _NOUNISH_TAGS or token.tag in ("", "vn"))
        )
        if nounish and chain and chain[-1].end == token.start:
            chain.append(token)
        else:
            if len(chain) >= 2:
                yield from chain_compounds()
            # A chain cannot start right after a lone character of the same run: that
            # character belongs to the first word (全+模态大模型 is not 模态大模型).
            glued = (
                previous_cjk is not None
                and previous_cjk.end == token.start
                and len(previous_cjk.text) == 1
                and (
                    previous_cjk.text not in _FUNCTION_CHARS
                    and previous_cjk.text not in res.stopwords
                    or previous_cjk.text == "同"
                    and token.text in _SAME_MEASURE_WORDS
                )
            )
            chain = [token] if nounish and not glued else []
        previous_cjk = token if token.kind == "cjk" else None
    if len(chain) >= 2:
        yield from chain_compounds()

    previous: Token | None = None
    for index, token in enumerate(tokens):
        if (
            token.kind == "word"
            and previous is not None
            and previous.kind == "word"
            and previous.end + 1 == token.start
            and len(previous.text) > 2
            and len(token.text) > 2
            and not token.text.endswith("ed")
            and not _looks_like_verb_phrase(previous.text, token.text)
            and not english_pos.names_nothing_alone(token.text)  # `free worldwide`
            and not _reads_as_verb(tokens, index)  # `model beats rivals`
            and not _opens_participle_clause(tokens, index - 1)  # `users building apps`
        ):  # `model trained` is a clause, `trained model` a term
            yield f"{previous.text} {token.text}"
        previous = token
