"""Products a sentence introduces by name, which no family pattern or table knows yet.

`Cursor 发布自研编程模型 Composer`, `World Labs launches Marble`, `商汤开源“开悟”世界模型`:
the name follows a launch verb (发布, 推出, 开源, launches, releases …) or stands beside a
kind noun (模型, 智能体, 机器人, 芯片, 平台 …). A possession (`Meta 的 Name`) is no cue: it
names people as often as products. Such a name is a product of the company named last
before it in the same sentence; without a company there, nothing is found (the sentence
says what the name is, the company says whose it is, and both are needed to count it).

The name has to look like one. Latin: capitalised words (up to three), and a single word
is four or more characters and not an everyday English word (`China`, `Windows`) unless it
is written in capitals (`HOPE`, `GEPA`). Chinese: only inside quotes (“天禧”), because an
unquoted Chinese name has no edge to cut at. Never a known organisation, a term of
data/not_organizations.txt (MoE, Transformer, API) or of the generic vocabulary.

Other mentions of an introduced name in the same text count too (`Composer` in the
headline and again in the summary).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from analysis.enrich.boilerplate import SENTENCE_PATTERN
from analysis.enrich.products import ProductMention
from analysis.enrich.reference import EVERYDAY_CAPITALISED_ZIPF, zipf_frequency

MIN_LATIN_WORD = 4

_LATIN_WORD = r"[A-Z][A-Za-z0-9]*(?:[.\-][A-Za-z0-9]+)*"
_LATIN_NAME = rf"(?<![A-Za-z0-9]){_LATIN_WORD}(?: {_LATIN_WORD}){{0,2}}(?![A-Za-z0-9])"
_QUOTED_NAME = r"[“「\"『](?P<quoted>[一-鿿A-Za-z0-9][一-鿿A-Za-z0-9 .\-]{0,10})[”」\"』]"
_KINDS_ZH = r"(?:大模型|模型|智能体|机器人|芯片|平台|框架|架构|优化器|助手|编辑器|浏览器|引擎|系统)"
_LAUNCH_ZH = r"(?:发布|推出|开源|上线|亮相|首发)了?(?:自研|全新|新一代|新款|首款|开源)?的?"
_LAUNCH_EN = (
    r"(?:launch(?:es|ed)?|release[sd]?|unveil(?:s|ed)?|introduce[sd]?|open-sourc(?:es|ed)"
    r"|ships|shipped|debut(?:s|ed)?|rolls out|rolled out|announce[sd]?)"
    r" (?:(?:its|a|an|the|new) )*"
)
_NAME = rf"(?:(?P<latin>{_LATIN_NAME})|{_QUOTED_NAME})"
# Between a name and its kind noun: describing characters (视觉-语言-动作, 多模态推理), never
# a verb of saying or a function word, so `Sam Altman 称模型…` names no product.
_KIND_FILLER = r"(?:(?![称表说认指透宣在是的将把被和与等也已还就都对向为让给从])[一-鿿\-]){0,8}?"

_CUES = [
    re.compile(rf"{_LAUNCH_ZH} ?{_NAME}"),
    re.compile(rf"{_KINDS_ZH} ?{_NAME}"),
    re.compile(rf"{_NAME} ?{_KIND_FILLER}{_KINDS_ZH}"),
    re.compile(rf"\b{_LAUNCH_EN}{_NAME}"),
]
# A sentence as boilerplate detection reads one: up to 。！？!? or a line break.
_SENTENCE = re.compile(SENTENCE_PATTERN)


@dataclass(frozen=True)
class CompanyAt:
    company: str
    start: int
    stop: int


def _looks_like_a_name(name: str, is_quoted: bool, is_excluded: Callable[[str], bool]) -> bool:
    if is_excluded(name):
        return False
    if is_quoted:
        return len(name.strip()) >= 2
    words = name.split()
    if len(words) > 1:
        return not is_excluded(words[0])
    if len(name) < MIN_LATIN_WORD:
        return False
    if name.isupper():
        return True
    mixed = any(ch.isupper() for ch in name[1:]) or any(ch.isdigit() for ch in name)
    return mixed or zipf_frequency(name) < EVERYDAY_CAPITALISED_ZIPF


def introduced_products(
    text: str,
    companies: Sequence[CompanyAt],
    taken: Sequence[tuple[int, int]],
    is_excluded: Callable[[str], bool],
) -> list[ProductMention]:
    """Product mentions of names `text` introduces; `companies` are the company mentions found
    in it, `taken` the spans already named, `is_excluded(name)` says a name is none."""
    if not companies:
        return []
    introduced: dict[str, str] = {}  # name -> company
    sentence_starts: list[int] | None = None  # found once, when a name needs its maker
    for cue in _CUES:
        for match in cue.finditer(text):
            group = "latin" if match["latin"] else "quoted"
            name, start = match[group], match.start(group)
            stop = start + len(name)
            name = name.strip()
            if name in introduced or any(lo < stop and start < hi for lo, hi in taken):
                continue
            if not _looks_like_a_name(name, group == "quoted", is_excluded):
                continue
            if sentence_starts is None:
                sentence_starts = [m.start() for m in _SENTENCE.finditer(text)]
            maker = _maker_before(sentence_starts, start, companies)
            if maker is not None:
                introduced[name] = maker
    found = []
    for name, company in introduced.items():
        for match in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])", text):
            if not any(lo < match.end() and match.start() < hi for lo, hi in taken):
                found.append(ProductMention(name, name, company, name, match.start()))
    return sorted(found, key=lambda p: p.start)


def _maker_before(
    sentence_starts: list[int], start: int, companies: Sequence[CompanyAt]
) -> str | None:
    """The company named last before `start` in the same sentence."""
    at = bisect_right(sentence_starts, start) - 1
    sentence_start = sentence_starts[at] if at >= 0 else 0
    before = [c for c in companies if sentence_start <= c.start and c.stop <= start]
    return max(before, key=lambda c: c.stop).company if before else None
