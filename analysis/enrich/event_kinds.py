"""The kind of event a headline reports (funding, earnings, launch …), from data/event_kinds.toml.

Story assignment uses it to keep a company's different events apart when their texts read
alike: the same company and model named in a launch and in a funding round the next day.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache

from analysis.enrich.reference import file_sha256, normalize_text, without_overlaps
from analysis.settings import DATA_DIR

EVENT_KINDS_FILE = DATA_DIR / "event_kinds.toml"

_WORD_CHAR = re.compile(r"[0-9a-z_\-]")
_LATIN = re.compile(r"[a-z]")


def _fold(text: str) -> str:
    return normalize_text(text).casefold()


@cache
def _table() -> dict:
    with EVENT_KINDS_FILE.open("rb") as handle:
        return tomllib.load(handle)


@cache
def _lexicon():
    """(automaton of folded words → (word, kind), the weak kinds)."""
    import ahocorasick

    table = _table()
    automaton = ahocorasick.Automaton()
    for kind, entry in table.items():
        for word in entry["words"]:
            folded = _fold(word)
            automaton.add_word(folded, (folded, kind))
    automaton.make_automaton()
    weak = frozenset(kind for kind, entry in table.items() if entry.get("weak"))
    return automaton, weak


@cache
def once_per_company() -> frozenset[str]:
    """Kinds a company has one event of at a time (`once = true`: a funding round, earnings)."""
    return frozenset(kind for kind, entry in _table().items() if entry.get("once"))


@cache
def lexicon_sha256() -> str:
    """Part of the stories' fingerprint: editing the lexicon assigns stories again."""
    return file_sha256(EVENT_KINDS_FILE)[:16]


def _whole_word(text: str, start: int, end: int, word: str) -> bool:
    """A Latin word must not continue a word on either side (`raises` in `praises`); Chinese
    words have no such boundary."""
    if _LATIN.match(word[0]) and start > 0 and _WORD_CHAR.match(text[start - 1]):
        return False
    return not (_LATIN.match(word[-1]) and end < len(text) and _WORD_CHAR.match(text[end]))


# A kind word that dates the headline by another event reports that event no more than a
# date does: `递表第二天，月之暗面发布Kimi K3` is a launch, `Ahead of IPO, X raises $1B` a round,
# `IPO前再添大客户` a deal.
_DATING_AFTER = re.compile(
    r"\s*(?:第二天|第三天|次日|当天|当日|前夕|之前|前再|前又|前先|之际|后一天|两天后|一周后|后不久)"
)
_DATING_BEFORE = re.compile(
    r"(?:\bdays? after|\bweeks? after|\bahead of|\bsince)(?:\s+(?:its|their|the|a|his|her))?"
    r"(?:\s+[\w.-]+){0,2}?\s*$"
)


# `raises SuperGrok price`, `调整Copilot计费`: words between verb and price, so no lexicon
# word; the whole span is a price change, longer than the `raises` of a funding round. A
# plan's allowance changed (`下调…Sonnet 5.5额度`, `周额度翻倍`) is one too; an allowance
# only mentioned (`有额度的虚拟卡`, `额度多撑了两天`) is not.
_PRICE_CHANGE = re.compile(
    r"\b(?:raises|raised|raising|cuts|cutting|lowers|lowered|hikes|hiked)\s+"
    r"(?:[\w.$-]+\s+){0,2}?(?:prices?|fees?)\b"
    r"|(?:调整|上调|下调)[^，,。：:；;]{1,12}?(?:计费|价格|定价|费率)"
    r"|(?:调整|上调|下调|削减)[^，,。：:；;]{0,32}?(?:额度|限额)"
    r"|(?:额度|限额)(?:临时)?(?:翻倍|减半|下调|上调|缩水)"
)


# `体操动作终于不崩了` (no longer falls apart) reports no outage, `暂不上市` no listing.
_NEGATION = frozenset("不没未")


def _negated(text: str, start: int) -> bool:
    return start > 0 and text[start - 1] in _NEGATION and not _LATIN.match(text[start])


def _dates_another_event(text: str, start: int, end: int) -> bool:
    return bool(_DATING_AFTER.match(text, end) or _DATING_BEFORE.search(text[:start]))


def event_kinds(headline: str) -> frozenset[str]:
    """The kinds of event `headline` reports; a weak kind only when it reports no other."""
    if not headline:
        return frozenset()
    automaton, weak = _lexicon()
    text = _fold(headline)
    matches = []
    for last, (word, kind) in automaton.iter(text):
        start = last - len(word) + 1
        if (
            _whole_word(text, start, last + 1, word)
            and not _negated(text, start)
            and not _dates_another_event(text, start, last + 1)
        ):
            matches.append((start, last + 1, kind))
    matches += [(m.start(), m.end(), "price") for m in _PRICE_CHANGE.finditer(text)]
    # Longest first; a match inside a longer one is part of it (`raises prices`).
    matches.sort(key=lambda m: (m[0] - m[1], m[0]))
    kinds = {kind for _, _, kind in without_overlaps(matches, lambda m: (m[0], m[1]))}
    strong = kinds - weak
    return frozenset(strong or kinds)
