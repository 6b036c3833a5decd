"""Stories: items that tell the same news event, across digests and series, join one story.

Two steps at enrichment, each doing only what is missing:

* `embed_items` stores one vector per item and model in `item_embeddings` (the item's
  headline and summary, the same text keywords and categories embed), so re-clustering
  or a threshold change never embeds again.
* `assign_stories` walks the new items in time order and puts each into the best
  matching story that is active within `story_window_hours`, or starts a new one.
  Nothing already assigned moves: a new digest joins existing stories without
  recomputing the corpus. When the parameters or the model change, assignment starts
  over from the stored vectors.

How an item is matched to a story (`StoryParams`, thresholds chosen on the labelled set
in tests/data/stories_gold.toml, see benchmarks/bench_stories.py):

* an item's vector blends its headline's embedding and its headline-and-summary
  embedding (`headline_weight`), so inner products blend the two cosines;
* the text score is the item's cosine to the centroid of the story's members in the window
  (blended with its best cosine to one member by `link_blend`, 0 by default): a story is
  compared as a whole, so an item that resembles one member only — the bridge from one
  event to the next — does not pull the next event in (single-link chaining);
* the item joins when the score reaches `similarity`; or `url_similarity` when it links
  a URL a member links (the same tweet or article); or `term_similarity` when it shares
  a *specific* term with a member: one that no more than `term_max_stories` stories of
  the window carry, so a passing buzzword such as "AI Agent" links nothing while a
  launch's model name links its coverage; when both open with the same product named
  with a version (a release: `Intern-S2`, not the app `豆包`), `release_similarity`
  suffices, since a release's coverage in two languages shares little else; an item that
  opens with no product but is the maker's news and names the release a member opens with
  (`Kuaishou releases image model with 4K output`, Kolors 3.0 in its summary) joins at
  `term_similarity`. An item's
  terms are the product its headline names first (`Grok 5进入LMArena前三` is about Grok 5,
  not the Claude Opus 5 it is ranked against) and its bold terms that are not products;
* when both the item and the story name companies and none in common, the threshold
  rises by `company_penalty`, and when both name models and none in common, by
  `model_penalty`: the same template about another company or model is another event;
  and when both report kinds of event (data/event_kinds.toml: funding, earnings, a launch …)
  and none in common, the item joins on its text alone (no term or URL shortcut) at
  `similarity` + `event_penalty`: a company's funding round is not its launch;
* the same company's event of a kind it has one of at a time (a round, results, a listing)
  joins at `event_similarity`, whatever the language; the company is the headline's
  subject (the companies it names and the maker of the product it opens with, not a
  `Tencent-backed` describer) or its parent (`谷歌母公司` for Alphabet), so an investor
  both rounds name links nothing, and a story of that kind whose subjects are all others'
  (or, where a headline names no company, whose terms are) is closed to the item;
* a story takes no item more than `max_span_hours` after its first one: digests retell an
  event for a day or two, and without a limit the steady stream of items about a popular
  product would chain into one story that never ends.

Among several stories the largest margin over its threshold wins; and an item whose
text score reaches `merge_similarity` for several stories merges those whose centroids are
as close into the oldest: coverage that started as two stories because its first items
read differently becomes one, while two events an item merely sits between stay apart, and
so do two stories that report different kinds of event or name no company or model in common.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from functools import cache
from itertools import pairwise
from urllib.parse import parse_qsl, urlencode, urlsplit

import numpy as np
import pyarrow as pa

from analysis import settings
from analysis.enrich.entities import AUTHOR_HANDLE_START
from analysis.enrich.event_kinds import event_kinds, lexicon_sha256, once_per_company
from analysis.enrich.products import has_cjk
from analysis.enrich.reference import load_alias_table
from analysis.enrich.segmentation import DESCRIBING_SUFFIXES
from analysis.enrich.story_keys import (
    ITEM_SOURCE_KEY_SQL,
    ITEM_SOURCE_ROWS_SQL,
    STORIES_ROWS_KEY,
    product_column,
)
from analysis.store.db import read_connection, write_connection
from analysis.store.write import insert_columns

Progress = Callable[[str, int, int], None]

EMBED_BATCH = 1024
# Each item has two vectors: its headline and summary (under the backend's name, the vector
# similar-item look-ups use) and its headline alone (under the name with this suffix).
# A headline names the event; the summary adds context that repeats across events.
HEADLINE_SUFFIX = "#headline"
# Headline and summary as keywords and categories read them, so one text has one vector.
MAX_HEADLINE_CHARS = 500
MAX_SUMMARY_CHARS = 5_000


# ------------------------------------------------------------------ parameters

# Written right after a company, these make it a description of another one (`China's
# Nvidia rival`, `英伟达供应商`). RE2 syntax, like the pattern below: DuckDB matches them.
DESCRIBING_NOUNS = (
    r" ?(?:rival|challenger|competitor|supplier)s?(?:[^A-Za-z]|$)|竞争对手|对手|劲敌|供应商"
)
# `前OpenAI研究员创办的Lodestar Labs`, `ex-Google engineers' startup`: a company written just
# after these describes someone's past, not whose news it is (日前, 此前 … mean "recently",
# "before"); matched against the characters before the name.
FORMER_AFFILIATION = r"(?:^|[^日此目之提以当眼面向])前$|(?i:\bex-|\bformer )$"
# `彭博社：软银洽谈领投…`, `36氪独家：…`, `据路透社报道`: a news outlet (kind `media` in
# data/companies.toml) written so reports the news, it is not whose news it is
# (`The Times sues …` is the paper's own). After the name, and before it.
REPORTED_BY = r"^[ 》]?(?:独家|报道|称|消息|援引|获悉|[：:｜|]|(?i:reports?|reported|says)\b)"
REPORTED_BY_BEFORE = r"据$|(?i:according to |per )$"
# `Texas sues Facebook parent`, `TikTok owner answers …`, `Kimi maker gives …`: a product
# written just before these names its maker, whose news it is (the maker stays the subject);
# the product is not what the news is about, so it is no lead and links nothing.
NAMES_ITS_MAKER = (
    r"^(?:\x27s|’s)? ?(?i:(?:owner|parent|maker|developer|creator|operator)s?\b)"
    r"|^的?(?:母公司|开发商|背后的公司)"
)
# `DeepSeek-V4.5发布两天后阿里云跟进降价`, `days after DeepSeek release`: a name in a clause
# that dates the headline by its own earlier event is not whose news the headline reports,
# when the clause is followed by a company's name (`Sora 3上线第二天就宕机` is Sora's outage,
# `MiniMax上市后首份年报` MiniMax's results).
DATING_CLAUSE_AFTER = (
    r"^(?:发布|上线|开源|推出|宣布|上市|降价)"
    r"(?:[一二两三四五六七八九十几0-9]+(?:天|周|日|个月|小时))?(?:后|之后|以后|当天|次日|第二天)"
)
DATING_CLAUSE_BEFORE = r"(?i:\b(?:after|since|ahead of) )$"
# `Moonshot's new model claims an edge over OpenAI's latest`, `K3.5成绩单：HLE超过GPT-5.6`: a
# company or product written just after these (or after the possessive of a company so
# compared, `beats Anthropic's mid-tier Claude`) is what the news is measured against, not
# whose news it is; matched against the characters before the name.
COMPARED_WITH = (
    r"(?:超过|超越|反超|击败|打败|胜过|领先|落后于?|不如|对标|比肩|媲美|逼近|直逼|追平|追上|叫板|不输|比"
    r"|(?i:vs)\.?) ?$"
    r"|(?i:\b(?:(?:edge|lead|advantage|wins?) over|than|beats?|beating|outperforms?|outscores?"
    r"|nears|rivals|rivaling|matches|matching|undercuts?|undercutting|on par with|takes on"
    r"|catches up (?:with|to)|versus|vs\.?) (?:[A-Z][\w.-]*(?:,| and| or) )*"
    r"(?:[A-Z][\w.-]*(?:\x27|’)s (?:[a-z][\w-]* ){0,2})?)$"
)

# Bumped when what `item_signals` reads changes, so stored stories are assigned again.
# 2: terms are the headline's first product and bold terms that are not products.
# 3: the kinds of event a headline reports.
# 4: the same company's once-at-a-time event (a round, results) links like a shared term.
# 5: sums of money link nothing; a headline's companies (or its product's maker) are the
#    subjects whose once-at-a-time events link; makers of products named are parties; a
#    kind word that dates the headline by another event (`递表第二天`) reports nothing.
#    Stories of different kinds of event, or naming nothing in common, never merge.
#    A company named only inside a model's name (`DeepSeek-R3`) is not named for itself.
# 6: the posting account's company is no subject and does not come before the headline's
#    first product (`Claude Opus 5.5 is now available in Cursor` by @cursor_ai is Anthropic's),
#    nor does a describer (`Alibaba-backed PixVerse releases V6` is AIsphere's). A former
#    employer (`前OpenAI研究员创办的…`) describes; a headline naming only describers has no
#    subject (its summary names investors).
# 7: the product a headline names first is kept (`lead`): a release named with a version
#    links its coverage at `release_similarity`.
# 8: a subject's parents (`owners`) report its once-at-a-time events too (`谷歌母公司` and
#    Alphabet); subjects named in the headline decide alone whose event it is.
# 9: a company or product the headline measures the news against (`an edge over OpenAI's
#    latest`, `超过GPT-5.6`) is no subject or lead, nor one dating the news by its own
#    earlier event (`DeepSeek-V4.5发布两天后阿里云…`), nor a news outlet reporting it (`彭博社：…`);
#    stories mostly about different companies never merge.
# 10: more ways of measuring against a rival (`undercut Google's`, `nears Claude`, `比谷歌…`),
#    and the product of a company so compared (`beats Anthropic's mid-tier Claude`).
# 11: a plan's allowance changed is a price change, `IPO前再…` and `a day after its new
#    flagship launch` date the headline; an item of a once-at-a-time event never joins a
#    story of other kinds.
# 12: a product naming its maker (`Facebook parent`, `TikTok owner`) is no lead; the maker's
#    news naming a release a member opens with, of the same kind of event, joins at
#    `release_similarity`.
# 13: an item whose headline only describes its company joins a story whose headlines name the
#    company its summary names halfway between the term and the text threshold.
# 14: every company of a list measured against (`takes on OpenAI and Google`) is no subject.
# 15: whose once-at-a-time event a headline naming no company reports is its summary's first
#    company (`first_named`), not every company the summary names.
# 16: a headline naming a family without its version (`unveils new Ernie model`) is the
#    maker's news about the release of that family a member opens with.
# 17: an item in the other language than all of a story's members joins it at
#    `cross_language_bonus` less.
SIGNALS_VERSION = 17


@dataclass(frozen=True)
class StoryParams:
    window_hours: float
    similarity: float
    term_similarity: float
    url_similarity: float
    company_penalty: float
    link_blend: float
    term_max_stories: int
    headline_weight: float
    max_span_hours: float = 48.0
    merge_similarity: float = 0.52
    model_penalty: float = 0.1
    event_penalty: float = 0.2
    event_similarity: float = 0.2
    release_similarity: float = 0.2
    cross_language_bonus: float = 0.05

    @classmethod
    def from_settings(cls) -> StoryParams:
        return cls(
            window_hours=settings.get_float("story_window_hours"),
            similarity=settings.get_float("story_similarity"),
            term_similarity=settings.get_float("story_term_similarity"),
            url_similarity=settings.get_float("story_url_similarity"),
            company_penalty=settings.get_float("story_company_penalty"),
            link_blend=settings.get_float("story_link_blend"),
            term_max_stories=settings.get_int("story_term_max_stories"),
            headline_weight=settings.get_float("story_headline_weight"),
            max_span_hours=settings.get_float("story_max_span_hours"),
            merge_similarity=settings.get_float("story_merge_similarity"),
            model_penalty=settings.get_float("story_model_penalty"),
            event_penalty=settings.get_float("story_event_penalty"),
            event_similarity=settings.get_float("story_event_similarity"),
            release_similarity=settings.get_float("story_release_similarity"),
            cross_language_bonus=settings.get_float("story_cross_language_bonus"),
        )

    def fingerprint(self, model: str) -> str:
        payload = json.dumps(
            {
                "model": model,
                "signals": SIGNALS_VERSION,
                "event_kinds": lexicon_sha256(),
                **asdict(self),
            },
            sort_keys=True,
        )
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


# ------------------------------------------------------------------ signals of one item


# Query parameters that track the click, not the page.
_TRACKING_PARAMS = ("utm_", "spm", "from", "share", "s", "t", "ref", "fbclid", "gclid")


def normalize_url(url: str | None) -> str | None:
    """Scheme, `www.`, fragment, tracking parameters and a trailing slash do not make another
    page; the rest of the query does (`?id=3120` and `?id=3155` are two articles)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host:
        return None
    if host in ("twitter.com", "mobile.twitter.com", "mobile.x.com"):
        host = "x.com"
    kept = sorted(
        pair
        for pair in parse_qsl(parts.query, keep_blank_values=True)
        if not (pair[0].lower().startswith("utm_") or pair[0].lower() in _TRACKING_PARAMS[1:])
    )
    query = f"?{urlencode(kept)}" if kept else ""
    return f"{host}{parts.path.rstrip('/')}{query}"


@cache  # the same models and bold terms recur across thousands of items
def normalize_term(term: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", term).casefold().split())


# A sum of money, with its round, or a round alone: `3亿美元B轮`, `$300 million`, `10亿美元种子轮`,
# `天使轮`. Two companies' rounds of the same size share it, so it links nothing (the company
# and the event kind do).
_ROUND = r"(?:(?:pre-)?(?:[a-z]\+?|种子|天使)轮(?:融资)?|series [a-z]|seed(?: round)?|round)"
_AMOUNT = re.compile(
    r"(?:us)?[$¥€£]?\s*\d[\d.,]*\s*(?:[kmb]|bn|million|billion|trillion|万亿|万|亿|千万|百万)?\s*"
    rf"(?:美元|元|人民币|欧元|港元|usd|dollars?)?\s*{_ROUND}?"
    rf"|{_ROUND}"
)


_MONEY = re.compile(
    r"[$¥€£]|美元|元|million|billion|trillion|万|亿|轮|series|round|seed|usd|dollar"
)


def is_amount(term: str) -> bool:
    return bool(_AMOUNT.fullmatch(term)) and bool(_MONEY.search(term))


@dataclass(frozen=True)
class ItemSignals:
    """What story assignment knows of an item besides its vector."""

    time: float  # epoch seconds
    urls: frozenset[str] = frozenset()
    companies: frozenset[str] = frozenset()
    # What links coverage of one event: the product the headline names first (its subject,
    # not a product it is compared with) and bold terms that are not products, normalised.
    terms: frozenset[str] = frozenset()
    models: frozenset[str] = frozenset()  # models and products named, normalised
    kinds: frozenset[str] = frozenset()  # kinds of event the headline reports
    # Whose event it is: the companies the headline names (not `Tencent-backed` ones) and the
    # maker of the product it opens with. A summary also names investors, customers, rivals.
    subjects: frozenset[str] = frozenset()
    parties: frozenset[str] = frozenset()  # companies named, and the makers of products named
    lead: str = ""  # the product the headline names first, normalised
    # The subjects' parent organisations (data/companies.toml `parent`): `谷歌母公司` and
    # `Alphabet` report one set of results, `Baidu's chip unit` lists Kunlunxin.
    owners: frozenset[str] = frozenset()
    headline_subjects: bool = False  # the subjects are named in the headline, not the summary
    first_named: str = ""  # the company the item's text names first
    chinese: bool = False  # the headline is written in Chinese


def item_signals(
    time: float,
    urls: Sequence[str | None] = (),
    companies: Sequence[str] = (),
    models: Sequence[str] = (),
    bold_terms: Sequence[str] = (),
    lead: str | None = None,
    headline: str = "",
    subjects: Sequence[str] = (),
    makers: Sequence[str] = (),
    headline_names: bool = False,
    parents: Callable[[str], Sequence[str]] | None = None,
) -> ItemSignals:
    """`headline_names`: whether the headline names any company, if only as a describer.
    Without `subjects` or `makers`, a headline that names none (`Murati确认新融资`) leaves
    its subjects to the summary's companies; one naming only describers (`前OpenAI研究员创办的
    Lodestar Labs`) is about a company the alias table does not know, and has none."""
    named = frozenset(t for t in map(normalize_term, models) if t)
    lead_term = normalize_term(lead) if lead else ""
    whose = frozenset(
        c for c in ((*subjects, *makers) or (() if headline_names else companies)) if c
    )
    bold = {t for t in map(normalize_term, bold_terms) if t and t not in named and not is_amount(t)}
    return ItemSignals(
        time=time,
        urls=frozenset(u for u in map(normalize_url, urls) if u),
        companies=frozenset(c for c in companies if c),
        terms=frozenset(bold | ({lead_term} if lead_term else set())),
        models=named,
        kinds=event_kinds(headline),
        subjects=whose,
        parties=frozenset(c for c in (*companies, *makers) if c),
        lead=lead_term,
        owners=frozenset(o for c in whose for o in parents(c)) - whose if parents else frozenset(),
        headline_subjects=bool(subjects or makers),
        first_named=next((c for c in companies if c), ""),
        chinese=has_cjk(headline),
    )


# ------------------------------------------------------------------ assignment (pure)


def _none_in_common(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both name something (companies, kinds of event …) and nothing in common."""
    return bool(a) and bool(b) and not (a & b)


def _same_subject(a: ItemSignals, b: ItemSignals) -> bool:
    """Both are some one company's news: the same subject, or one's subject is the other's
    parent (`谷歌母公司` = Alphabet for Google). Two units of one parent are not."""
    return bool(a.subjects & b.subjects or a.owners & b.subjects or a.subjects & b.owners)


def _same_party(a: ItemSignals, b: ItemSignals) -> bool:
    """Whether two reports of a once-at-a-time event can be one company's: by the subjects
    when both headlines name theirs (a shared word such as 资本开支 does not make Meta's
    results Alphabet's), else also by a shared term (a startup the alias table does not know,
    whose summary names only its investors)."""
    if _same_subject(a, b):
        return True
    return not (a.headline_subjects and b.headline_subjects) and bool(a.terms & b.terms)


def _is_version_of(product: str, family: str) -> bool:
    """`ernie 5.5` of `ernie`, `claude opus 5.5` of `claude`, `可图3.0` of `可图`, `gpt-6` of
    `gpt` (not `geminis 2` of `gemini`)."""
    rest = product[len(family) :] if product.startswith(family) else ""
    return bool(rest) and (rest[0].isdigit() or rest[0] in " -")


@dataclass(frozen=True)
class _Summary:
    """What decides whether two stories an item scores for merge: their members in the window."""

    centroid: np.ndarray  # sum of the members' vectors
    kinds: frozenset[str]
    named: frozenset[str]  # companies, makers and models
    # The subjects (or their parents) at least half its members' headlines report about, once
    # it has two: an item naming two companies (a roundup of 高德's and 携程's holiday
    # figures) is no reason to join their stories. One item about another company may be
    # its uptake of the story's launch (`Manus跟进：接入Gemini 4 Ultra`).
    whose: frozenset[str] = frozenset()

    def merges_with(self, other: _Summary, similarity: float) -> bool:
        """Stories merge only when they read alike as wholes, not merely because one item
        sits between them (that is how two events chain into one), and never when they
        report different kinds of event (a launch and the outage after it), name no
        company or model in common (two makers' glasses launched the same week) or are
        mostly about different companies."""
        if _none_in_common(self.kinds, other.kinds) or _none_in_common(self.named, other.named):
            return False
        if _none_in_common(self.whose, other.whose):
            return False
        cosine = float(self.centroid @ other.centroid) / float(
            np.linalg.norm(self.centroid) * np.linalg.norm(other.centroid)
        )
        return cosine >= similarity


class StoryAssigner:
    """Online assignment over items fed in time order.

    Members older than the window (relative to the item being placed) leave the working
    set for good, so the cost per item depends on the window's size, not the corpus's.
    Feed already-assigned items with `add` (they seed their stories) and new ones with
    `assign`.

    Per item, one matrix-vector product scores the window's members; only the stories
    with a member at the lowest threshold (a story's score never exceeds its best
    member's cosine) are looked at further, through their own member lists.
    """

    def __init__(self, params: StoryParams, dim: int, next_story_id: int = 1) -> None:
        self.params = params
        self.window = params.window_hours * 3600.0
        self.floor = min(
            params.similarity,
            params.term_similarity,
            params.url_similarity,
            params.event_similarity,
            params.release_similarity,
        )
        self.next_story_id = next_story_id
        self._vectors = np.zeros((1024, dim), dtype=np.float32)
        self._times = np.zeros(1024, dtype=np.float64)
        self._stories = np.zeros(1024, dtype=np.int64)
        self._signals: list[ItemSignals] = []
        self._size = 0
        self._start = 0  # members before this index are out of every future window
        self._members: dict[int, list[int]] = defaultdict(list)
        self._by_url: dict[str, list[int]] = defaultdict(list)
        self._by_term: dict[str, list[int]] = defaultdict(list)
        self._first_seen: dict[int, float] = {}
        self.merged: dict[int, int] = {}

    # -- members

    def add(
        self,
        vector: np.ndarray,
        signals: ItemSignals,
        story_id: int,
        first_seen: float | None = None,
    ) -> None:
        """Make an item a member of `story_id` (`first_seen`: the story's first item's time,
        when that item is not fed itself)."""
        if self._size == len(self._times):
            self._compact(grow=True)
        index = self._size
        self._vectors[index] = vector
        self._times[index] = signals.time
        self._stories[index] = story_id
        self._signals.append(signals)
        self._members[story_id].append(index)
        for url in signals.urls:
            self._by_url[url].append(index)
        for term in signals.terms:
            self._by_term[term].append(index)
        self._size += 1
        self.next_story_id = max(self.next_story_id, story_id + 1)
        start = signals.time if first_seen is None else min(first_seen, signals.time)
        self._first_seen[story_id] = min(self._first_seen.get(story_id, start), start)

    def _compact(self, grow: bool) -> None:
        start, size = self._start, self._size
        keep = size - start
        capacity = len(self._times)
        if grow and keep * 2 > capacity:
            capacity *= 2
        vectors = np.zeros((capacity, self._vectors.shape[1]), dtype=np.float32)
        vectors[:keep] = self._vectors[start:size]
        times = np.zeros(capacity, dtype=np.float64)
        times[:keep] = self._times[start:size]
        stories = np.zeros(capacity, dtype=np.int64)
        stories[:keep] = self._stories[start:size]
        self._vectors, self._times, self._stories = vectors, times, stories
        self._signals = self._signals[start:size]
        self._size, self._start = keep, 0
        for table in (self._members, self._by_url, self._by_term):
            for key in list(table):
                shifted = [i - start for i in table[key] if i >= start]
                if shifted:
                    table[key] = shifted
                else:
                    del table[key]

    def _advance(self, time: float) -> None:
        horizon = time - self.window
        start = self._start
        # Times are non-decreasing except for items seeded out of order: a slice test
        # stays exact because the window tests below check each member's time anyway.
        while start < self._size and self._times[start] < horizon:
            start += 1
        self._start = start

    # -- placing one item

    def assign(self, vector: np.ndarray, signals: ItemSignals) -> tuple[int, float]:
        """The story for a new item (an existing one or a new id) and its score to it.

        An item that several stories would take at `merge_similarity` joins them into the
        oldest; `merged` records each absorbed story id → the id it now has."""
        story, score, others = self._choose(vector, signals)
        if story is None:
            story, score = self.next_story_id, 1.0
        elif others:
            keep = min([story, *others], key=lambda s: (self._first_seen.get(s, 0.0), s))
            for absorbed in {story, *others} - {keep}:
                moved = self._members.pop(absorbed, [])
                self._stories[moved] = keep
                self._members[keep] = sorted(self._members[keep] + moved)
                self._first_seen[keep] = min(
                    self._first_seen.get(keep, signals.time),
                    self._first_seen.pop(absorbed, signals.time),
                )
                self.merged[absorbed] = keep
            story = keep
        self.add(vector, signals, story)
        return story, score

    def resolve(self, story: int) -> int:
        """The id a story has now, after merges."""
        while story in self.merged:
            story = self.merged[story]
        return story

    def best_story(self, vector: np.ndarray, signals: ItemSignals) -> tuple[int | None, float]:
        story, score, _ = self._choose(vector, signals)
        return story, score

    def _window_members(self, story: int, lo: int, time: float) -> np.ndarray:
        members = np.asarray(self._members.get(story, ()), dtype=np.int64)
        members = members[members >= lo]
        return members[np.abs(self._times[members] - time) <= self.window]

    def _text_score(self, sims: np.ndarray, members: np.ndarray) -> float:
        """Blend of the item's best cosine to a member and its cosine to the members'
        centroid (`link_blend`: 1 = best only). The centroid keeps a story on its event:
        an item that resembles one member only (the bridge to another event) stays out."""
        p = self.params
        centroid = float(sims.sum())
        if len(sims) > 1:
            centroid /= float(np.linalg.norm(self._vectors[members].sum(axis=0)))
        if p.link_blend <= 0.0:
            return centroid
        return p.link_blend * float(sims.max()) + (1.0 - p.link_blend) * centroid

    def _choose(
        self, vector: np.ndarray, signals: ItemSignals
    ) -> tuple[int | None, float, list[int]]:
        """(story or None, its score, other stories to merge into it)."""
        p = self.params
        self._advance(signals.time)
        lo, hi = self._start, self._size
        if lo == hi:
            return None, 0.0, []
        sims = self._vectors[lo:hi] @ vector
        hits = np.flatnonzero(sims >= self.floor)
        if not len(hits):
            return None, 0.0, []
        hits = hits[np.abs(self._times[lo + hits] - signals.time) <= self.window]
        candidates = np.unique(self._stories[lo + hits])
        if not len(candidates):
            return None, 0.0, []
        url_stories = self._stories_sharing(self._by_url, signals.urls, lo, signals.time)
        term_stories = self._specific_term_stories(signals.terms, lo, signals.time)
        choice, choice_margin, choice_score = None, -np.inf, 0.0
        passing: dict[int, _Summary] = {}
        span = p.max_span_hours * 3600.0
        for story in candidates.tolist():
            if signals.time - self._first_seen.get(story, signals.time) > span:
                continue
            members = self._window_members(story, lo, signals.time)
            if self._other_subject(members, signals):
                continue
            other_event = p.event_penalty > 0 and self._disjoint(members, signals, "kinds")
            # A company's outage (round, results …) the day after its launch reads like the
            # launch's coverage, names its model and often the launch itself: still its own.
            if other_event and signals.kinds & once_per_company():
                continue
            score = self._text_score(sims[members - lo], members)
            threshold = self._threshold(
                members, signals, story in term_stories, story in url_stories, other_event
            )
            margin = score - threshold
            # An item of another kind of event than a story may join it, never glue it to
            # another story: a launch and the outage after it stay two.
            if margin >= 0 and score >= p.merge_similarity and not other_event:
                passing[story] = self._summary(members)
            if margin >= 0 and margin > choice_margin:
                choice, choice_margin, choice_score = story, margin, score
        if choice not in passing:
            return choice, choice_score, []
        mine = passing.pop(choice)
        others = [
            s for s, theirs in passing.items() if mine.merges_with(theirs, p.merge_similarity)
        ]
        return choice, choice_score, others

    def _threshold(
        self,
        members: np.ndarray,
        signals: ItemSignals,
        shares_term: bool,
        shares_url: bool,
        other_event: bool,
    ) -> float:
        """The text score the item needs to join the story of `members`."""
        p = self.params
        threshold = p.similarity
        # Another kind of event (a funding round after a launch) is linked by its text
        # alone: a shared product name or URL is how the two events are alike.
        if shares_term and not other_event:
            threshold = min(threshold, p.term_similarity)
            if self._same_release(members, signals):
                threshold = min(threshold, p.release_similarity)
        if not other_event and self._names_release(members, signals):
            threshold = min(threshold, p.term_similarity)
            if signals.kinds & self._union(members, "kinds"):
                threshold = min(threshold, p.release_similarity)
        if shares_url and not other_event:
            threshold = min(threshold, p.url_similarity)
        # Halfway to the term threshold: the summary's company is weaker evidence than a
        # shared product or URL, and stronger than none.
        if not other_event and self._described_subject(members, signals):
            threshold = min(threshold, (p.similarity + p.term_similarity) / 2)
        if self._same_company_event(members, signals):
            threshold = min(threshold, p.event_similarity)
        # The multilingual embedding scores a Chinese retelling of an English report lower than
        # an English one: at the same cosine, pairs across the two languages are far more often
        # one story (tests/data/STORIES_GOLD.md, thirteenth round).
        if all(self._signals[i].chinese != signals.chinese for i in members.tolist()):
            threshold -= p.cross_language_bonus
        if self._disjoint(members, signals, "parties"):
            threshold += p.company_penalty
        if self._disjoint(members, signals, "models"):
            threshold += p.model_penalty
        if other_event:
            threshold += p.event_penalty
        return threshold

    def _described_subject(self, members: np.ndarray, signals: ItemSignals) -> bool:
        """Whether the item's headline only describes its company (`Chinese humanoid maker
        lands its biggest order yet`, `World's largest contract chipmaker posts …`: wire style)
        and its summary names a company most of the story's headlines name (any of them, when
        several are named as often): the same company's news across languages that share no
        word."""
        if signals.headline_subjects or not signals.subjects:
            return False
        named = Counter(
            c
            for i in members.tolist()
            if self._signals[i].headline_subjects
            for c in self._signals[i].subjects
        )
        most = max(named.values(), default=0)
        return any(named[c] == most for c in signals.subjects if c in named)

    def _summary(self, members: np.ndarray) -> _Summary:
        counts = Counter(
            c
            for i in members.tolist()
            if self._signals[i].headline_subjects
            for c in self._signals[i].subjects | self._signals[i].owners
        )
        return _Summary(
            self._vectors[members].sum(axis=0),
            self._union(members, "kinds"),
            self._union(members, "parties") | self._union(members, "models"),
            frozenset(c for c, n in counts.items() if 2 * n >= len(members) > 1),
        )

    def _in_window(self, index: int, lo: int, time: float) -> bool:
        return index >= lo and abs(self._times[index] - time) <= self.window

    def _stories_sharing(
        self, table: dict[str, list[int]], keys: frozenset[str], lo: int, time: float
    ) -> set[int]:
        found: set[int] = set()
        for key in keys:
            for index in table.get(key, ()):
                if self._in_window(index, lo, time):
                    found.add(int(self._stories[index]))
        return found

    def _specific_term_stories(self, terms: frozenset[str], lo: int, time: float) -> set[int]:
        found: set[int] = set()
        for term in terms:
            carriers = self._stories_sharing(self._by_term, frozenset((term,)), lo, time)
            if len(carriers) <= self.params.term_max_stories:
                found |= carriers
        return found

    def _same_release(self, members: np.ndarray, signals: ItemSignals) -> bool:
        """Whether the item and a member open with the same versioned product: coverage of one
        release (`Intern-S2 is out on Hugging Face` after `上海AI实验室发布书生Intern-S2`),
        which may share few words across languages. A product without a version (豆包,
        Alexa+) has many events: its new feature is not its price change."""
        lead = signals.lead
        return any(ch.isdigit() for ch in lead) and any(
            self._signals[i].lead == lead for i in members.tolist()
        )

    def _names_release(self, members: np.ndarray, signals: ItemSignals) -> bool:
        """Whether the item, about the release's maker only, names the versioned product a
        member opens with, though its own headline opens with none (`Kuaishou releases image
        model with 4K output` naming Kolors 3.0 in its summary)."""
        # A family named without its version (`unveils new Ernie model`) opens with no release.
        family = signals.lead
        if not signals.subjects or any(ch.isdigit() for ch in family):
            return False
        for i in members.tolist():
            other = self._signals[i]
            lead = other.lead
            if (
                lead
                and any(ch.isdigit() for ch in lead)
                and (not family or _is_version_of(lead, family))
                and lead in signals.models
                and signals.subjects <= other.subjects
            ):
                return True
        return False

    def _once_alike(self, members: np.ndarray, signals: ItemSignals) -> list[ItemSignals]:
        """The members that report a kind of event of the item's that a company has one of
        at a time (data/event_kinds.toml `once`): a round, results, a listing, a permit, an
        outage."""
        kinds = signals.kinds & once_per_company()
        if not kinds:
            return []
        return [self._signals[i] for i in members.tolist() if self._signals[i].kinds & kinds]

    def _same_company_event(self, members: np.ndarray, signals: ItemSignals) -> bool:
        """Whether a member reports the item's once-at-a-time event of the same subject (or
        of its parent, or its unit): one round or listing told in two languages that share
        no word."""
        if not signals.headline_subjects:
            # Whose event a headline that names no company reports is its summary's first
            # company, not every company the summary names (`Chip designer forecasts AI
            # revenue …` names its customers).
            signals = replace(signals, subjects=frozenset({signals.first_named}) - {""})
        return bool(signals.subjects) and any(
            _same_subject(other, signals) for other in self._once_alike(members, signals)
        )

    def _other_subject(self, members: np.ndarray, signals: ItemSignals) -> bool:
        """Whether the members that report the item's once-at-a-time event are about someone
        else (`_same_party`). Two startups' rounds on one day read alike, and a startup the
        alias table does not know names no company."""
        if not (signals.subjects or signals.terms):
            return False
        alike = [o for o in self._once_alike(members, signals) if o.subjects or o.terms]
        return bool(alike) and not any(_same_party(other, signals) for other in alike)

    def _disjoint(self, members: np.ndarray, signals: ItemSignals, field: str) -> bool:
        """Whether the item and the story's members in the window both name companies (or
        models, or report kinds of event) and none in common: the same template about another
        company or model is another event."""
        return _none_in_common(getattr(signals, field), self._union(members, field))

    def _union(self, members: np.ndarray, field: str) -> frozenset[str]:
        return frozenset().union(*(getattr(self._signals[i], field) for i in members.tolist()))


def cluster(
    vectors: np.ndarray, signals: Sequence[ItemSignals], params: StoryParams
) -> tuple[np.ndarray, np.ndarray]:
    """Story ids (1, 2, ...) and scores for items clustered from scratch, in time order."""
    order = sorted(range(len(signals)), key=lambda i: signals[i].time)
    assigner = StoryAssigner(params, vectors.shape[1] if vectors.ndim == 2 else 0)
    story_ids = np.zeros(len(signals), dtype=np.int64)
    scores = np.zeros(len(signals), dtype=np.float64)
    for i in order:
        story_ids[i], scores[i] = assigner.assign(vectors[i], signals[i])
    return np.array([assigner.resolve(int(s)) for s in story_ids], dtype=np.int64), scores


def representative(vectors: np.ndarray) -> int:
    """Index of the row closest to the rows' centroid (the story's title item)."""
    centroid = vectors.sum(axis=0)
    return int(np.argmax(vectors @ centroid))


# ------------------------------------------------------------------ storage


def _meta(con, key: str) -> str | None:
    row = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def _set_meta(con, key: str, value: str) -> None:
    con.execute("DELETE FROM meta WHERE key = ?", [key])
    con.execute("INSERT INTO meta VALUES (?, ?)", [key, value])


def vectors_from_arrow(column: pa.ChunkedArray | pa.Array, dim: int | None = None) -> np.ndarray:
    """A FLOAT[] column as an (n, dim) float32 matrix."""
    if isinstance(column, pa.ChunkedArray):
        column = (
            column.combine_chunks() if column.num_chunks else pa.array([], pa.list_(pa.float32()))
        )
    n = len(column)
    if n == 0:
        return np.zeros((0, dim or 0), dtype=np.float32)
    flat = column.flatten().to_numpy(zero_copy_only=False).astype(np.float32, copy=False)
    return flat.reshape(n, -1)


def embed_items(
    db_path: str | None = None, backend=None, *, progress: Progress | None = None
) -> int:
    """Store the text and headline vectors of every item that lacks them; returns how many items."""
    from analysis.enrich.embeddings import DOC_CACHE, embed_cached, get_backend
    from analysis.enrich.keywords import ItemText, item_text

    backend = backend or get_backend()
    text_model, headline_model = backend.name, backend.name + HEADLINE_SUFFIX
    missing = """NOT EXISTS (SELECT 1 FROM item_embeddings e
                             WHERE e.item_id = i.item_id AND e.model = ?)"""
    with read_connection(db_path) as con:
        total = con.execute(
            f"SELECT count(*) FROM items i WHERE {missing}", [headline_model]
        ).fetchone()[0]
    done, after = 0, -1
    while done < total:
        with read_connection(db_path) as con:
            batch = con.execute(
                f"""SELECT i.item_id, i.headline, i.summary, {missing} AS no_text
                   FROM items i WHERE i.item_id > ? AND {missing}
                   ORDER BY i.item_id LIMIT ?""",
                [text_model, after, headline_model, EMBED_BATCH],
            ).fetchall()
        if not batch:
            break
        need_text = [row for row in batch if row[3]]
        texts = [
            item_text(ItemText((h or "")[:MAX_HEADLINE_CHARS], (s or "")[:MAX_SUMMARY_CHARS]))
            for _, h, s, _ in need_text
        ]
        headlines = [(h or "")[:MAX_HEADLINE_CHARS] for _, h, _, _ in batch]
        text_vectors, headline_vectors = embed_cached(
            backend, [(texts, DOC_CACHE), (headlines, DOC_CACHE)]
        )
        ids = [row[0] for row in need_text] + [row[0] for row in batch]
        models = [text_model] * len(need_text) + [headline_model] * len(batch)
        vectors = [*np.asarray(text_vectors, np.float32), *np.asarray(headline_vectors, np.float32)]
        with write_connection(db_path) as con:
            con.execute("BEGIN TRANSACTION")
            insert_columns(
                con,
                "item_embeddings",
                {
                    "item_id": ids,
                    "model": models,
                    "vector": pa.array(vectors, pa.list_(pa.float32())),
                },
            )
            con.execute("COMMIT")
        after = batch[-1][0]
        done += len(batch)
        if progress:
            progress("embeddings", done, total)
    return done


def combined_vectors(text: np.ndarray, headline: np.ndarray, headline_weight: float) -> np.ndarray:
    """One vector per item whose inner products blend headline and text cosines by weight."""
    # Written in place: at 100k items each half is 200 MB, and temporaries doubled the time.
    dim = headline.shape[1]
    out = np.empty((len(headline), dim + text.shape[1]), dtype=np.float32)
    np.multiply(headline, np.float32(np.sqrt(headline_weight)), out=out[:, :dim])
    np.multiply(text, np.float32(np.sqrt(1.0 - headline_weight)), out=out[:, dim:])
    return out


def load_signals(
    con, model: str, where: str, params: list, headline_weight: float
) -> tuple[list, np.ndarray, list]:
    """(item_ids, combined vectors, signals) of the items matching `where` (on alias i),
    in time order; items without both vectors are left out."""
    product_column_name = product_column(con)
    products = (
        f"""(SELECT list(DISTINCT p.{product_column_name}) FROM item_products p
              WHERE p.item_id = i.item_id)"""
        if product_column_name
        else "CAST([] AS VARCHAR[])"
    )

    def compared(alias: str) -> str:
        """The name at `alias` is what the news is measured against, or dates it."""
        before = f"substr(i.headline, greatest(1, {alias}.start - 31), least({alias}.start, 32))"
        end = f"{alias}.start + length({alias}.mention)"
        clause = f"regexp_extract(substr(i.headline, {end} + 1, 16), '{DATING_CLAUSE_AFTER}')"
        return f"""(regexp_matches({before}, '{COMPARED_WITH}')
                    OR regexp_matches({before}, '{DATING_CLAUSE_BEFORE}')
                    OR (length({clause}) > 0 AND EXISTS (
                        SELECT 1 FROM item_companies d WHERE d.item_id = i.item_id
                          AND d.start = {end} + length({clause}))))"""

    lead = (
        f"""(SELECT arg_min(p.{product_column_name}, p.start) FROM item_products p
              WHERE p.item_id = i.item_id AND p.start < length(i.headline)
                AND NOT {compared("p")}
                AND NOT regexp_matches(
                    substr(i.headline, p.start + length(p.mention) + 1, 16), '{NAMES_ITS_MAKER}'))"""
        if product_column_name
        else "CAST(NULL AS VARCHAR)"
    )
    # A company named for itself, not as part of a product's name (`DeepSeek-R3` names a
    # model, which is how a comparison names its rival).
    named_itself = (
        """NOT c.via_product AND NOT EXISTS (
               SELECT 1 FROM item_products whole WHERE whole.item_id = c.item_id
                 AND c.start >= whole.start AND c.start < whole.start + length(whole.mention))"""
        if product_column_name
        else "NOT c.via_product"
    )
    # `Tencent-backed Enflame debuts`, `China's Nvidia rival posts …`, `英伟达供应商`: the
    # describing company is not whose news it is, and the posting account (`@cursor_ai`)
    # is not in the headline at all.
    described = f"^(?:-(?:{'|'.join(DESCRIBING_SUFFIXES)})|{DESCRIBING_NOUNS})"
    in_headline = f"c.start > {AUTHOR_HANDLE_START} AND c.start < length(i.headline)"

    media = ", ".join(
        "'" + org.name.replace("'", "''") + "'"
        for org in load_alias_table().organizations.values()
        if org.kind == "media"
    )
    reporter = (
        f"""c.company IN ({media}) AND (
            regexp_matches(substr(i.headline, c.start + length(c.mention) + 1, 12),
                           '{REPORTED_BY}')
            OR regexp_matches(substr(i.headline, greatest(1, c.start - 12), least(c.start, 13)),
                              '{REPORTED_BY_BEFORE}'))"""
        if media
        else "FALSE"
    )
    headline_subject = f"""{named_itself} AND {in_headline} AND NOT ({reporter})
        AND NOT regexp_matches(
            substr(i.headline, c.start + length(c.mention) + 1, 12), '{described}')
        AND NOT regexp_matches(
            substr(i.headline, greatest(1, c.start - 6), least(c.start, 7)),
            '{FORMER_AFFILIATION}')
        AND NOT {compared("c")}"""
    # The maker of the product a headline opens with, before any subject: whose event
    # `Kimi K3 is out on Hugging Face` is. A product it is compared with makes nobody's.
    makers = (
        f"""(SELECT list(DISTINCT p.company) FROM item_products p
             WHERE p.item_id = i.item_id AND p.start < length(i.headline)
               AND p.start = (SELECT min(q.start) FROM item_products q
                              WHERE q.item_id = i.item_id)
               AND NOT {compared("p")}
               AND p.start <= (SELECT coalesce(min(c.start), p.start) FROM item_companies c
                               WHERE c.item_id = i.item_id AND {headline_subject}))"""
        if product_column_name
        else "CAST([] AS VARCHAR[])"
    )
    table = con.sql(
        f"""
        WITH picked AS (SELECT i.item_id, i.published_at, i.url, i.extra_urls, i.bold_terms,
                               i.headline
                        FROM items i WHERE {where})
        SELECT i.item_id, epoch(i.published_at) AS t, i.url, i.extra_urls, i.bold_terms,
               i.headline,
               (SELECT list(c.company ORDER BY c.start) FROM item_companies c
                 WHERE c.item_id = i.item_id AND {named_itself}) AS companies,
               (SELECT list(DISTINCT c.company) FROM item_companies c
                 WHERE c.item_id = i.item_id AND {headline_subject}) AS subjects,
               EXISTS (SELECT 1 FROM item_companies c
                        WHERE c.item_id = i.item_id AND {in_headline}) AS headline_names,
               (SELECT list(DISTINCT c.mention) FROM item_companies c
                 WHERE c.item_id = i.item_id AND c.via_product) AS product_mentions,
               {makers} AS makers,
               {products} AS products, {lead} AS lead,
               e.vector, h.vector AS headline_vector
        FROM picked i JOIN item_embeddings e ON e.item_id = i.item_id AND e.model = ?
             JOIN item_embeddings h ON h.item_id = i.item_id AND h.model = ?
        ORDER BY i.published_at, i.item_id""",
        params=params + [model, model + HEADLINE_SUFFIX],
    ).to_arrow_table()
    parents_of = load_alias_table().parents
    # Python lists of the signal columns only: the vectors go to numpy whole.
    columns = table.drop_columns(["vector", "headline_vector"]).to_pydict()
    signals = [
        item_signals(
            time=float(t),
            urls=[url, *(extra or [])],
            companies=list(dict.fromkeys(companies or [])),
            models=[*(mentions or []), *(products or [])],
            bold_terms=bold or [],
            lead=lead,
            headline=headline or "",
            subjects=subjects or [],
            makers=makers or [],
            headline_names=names,
            parents=parents_of,
        )
        for t, url, extra, bold, headline, companies, subjects, makers, mentions, products, lead, names in zip(
            columns["t"],
            columns["url"],
            columns["extra_urls"],
            columns["bold_terms"],
            columns["headline"],
            columns["companies"],
            columns["subjects"],
            columns["makers"],
            columns["product_mentions"],
            columns["products"],
            columns["lead"],
            columns["headline_names"],
            strict=True,
        )
    ]
    vectors = combined_vectors(
        vectors_from_arrow(table.column("vector")),
        vectors_from_arrow(table.column("headline_vector")),
        headline_weight,
    )
    return columns["item_id"], vectors, signals


def reset_stories(db_path: str | None = None) -> None:
    """Forget every assignment (vectors stay): the next `assign_stories` places all items again."""
    with write_connection(db_path) as con:
        con.execute("BEGIN TRANSACTION")
        con.execute("DELETE FROM item_stories")
        con.execute("DELETE FROM stories")
        con.execute("DELETE FROM meta WHERE key = 'stories_params'")
        con.execute("COMMIT")


def assign_stories(
    db_path: str | None = None,
    *,
    model: str | None = None,
    params: StoryParams | None = None,
    progress: Progress | None = None,
) -> int:
    """Place every item that has a vector and no story yet; returns how many were placed."""
    model = model or settings.get("model")
    params = params or StoryParams.from_settings()
    fingerprint = params.fingerprint(model)
    with write_connection(db_path) as con:
        if _meta(con, "stories_params") != fingerprint:
            con.execute("BEGIN TRANSACTION")
            con.execute("DELETE FROM item_stories")
            con.execute("DELETE FROM stories")
            _set_meta(con, "stories_params", fingerprint)
            con.execute("COMMIT")
    with read_connection(db_path) as con:
        new_ids, new_vectors, new_signals = load_signals(
            con,
            model,
            "NOT EXISTS (SELECT 1 FROM item_stories s WHERE s.item_id = i.item_id)",
            [],
            params.headline_weight,
        )
        if not new_ids:
            return 0
        first = min(s.time for s in new_signals) - params.window_hours * 3600
        last = max(s.time for s in new_signals) + params.window_hours * 3600
        old_ids, old_vectors, old_signals = load_signals(
            con,
            model,
            "i.published_at BETWEEN make_timestamptz(CAST(? * 1e6 AS BIGINT)) "
            "AND make_timestamptz(CAST(? * 1e6 AS BIGINT)) "
            "AND EXISTS (SELECT 1 FROM item_stories s WHERE s.item_id = i.item_id)",
            [first, last],
            params.headline_weight,
        )
        old_story = dict(
            con.execute(
                "SELECT s.item_id, s.story_id FROM item_stories s "
                "WHERE list_contains(?, s.item_id)",
                [list(old_ids)],
            ).fetchall()
        )
        next_id = con.execute("SELECT coalesce(max(story_id), 0) + 1 FROM item_stories").fetchone()[
            0
        ]
        story_starts = dict(
            con.execute(
                "SELECT story_id, epoch(first_seen) FROM stories WHERE list_contains(?, story_id)",
                [sorted({int(v) for v in old_story.values()})],
            ).fetchall()
        )
    assigner = StoryAssigner(params, new_vectors.shape[1], next_story_id=int(next_id))
    # Seeded and new items are merged in time order, so every new item meets the stories
    # as they stood at its own time (a late-ingested older digest too).
    events = [(s.time, 0, i) for i, s in enumerate(old_signals)] + [
        (s.time, 1, i) for i, s in enumerate(new_signals)
    ]
    events.sort()
    placed: dict[str, list] = {"item_id": [], "story_id": [], "similarity": []}
    for _, is_new, index in events:
        if not is_new:
            story = int(old_story[old_ids[index]])
            assigner.add(old_vectors[index], old_signals[index], story, story_starts.get(story))
            continue
        story, score = assigner.assign(new_vectors[index], new_signals[index])
        placed["item_id"].append(int(new_ids[index]))
        placed["story_id"].append(int(story))
        placed["similarity"].append(float(score))
        if progress and len(placed["item_id"]) % 5000 == 0:
            progress("stories", len(placed["item_id"]), len(new_ids))
    placed["story_id"] = [assigner.resolve(s) for s in placed["story_id"]]
    merges = {old: assigner.resolve(old) for old in assigner.merged}
    touched = sorted(set(placed["story_id"]) | set(merges.values()))
    with write_connection(db_path) as con:
        con.execute("BEGIN TRANSACTION")
        for old, new in merges.items():
            con.execute("UPDATE item_stories SET story_id = ? WHERE story_id = ?", [new, old])
        insert_columns(con, "item_stories", placed)
        refresh_stories(con, model, touched)
        con.execute("COMMIT")
    if progress:
        progress("stories", len(new_ids), len(new_ids))
    return len(new_ids)


# The key an item's source is counted by in a story's `sources`: its tagged source, else
# its author, else its link's host (over `items i` joined to ITEM_SOURCE_ROWS_SQL as `src`).
def refresh_stories(con, model: str, touched: Sequence[int]) -> None:
    """Rebuild `stories` from `item_stories` (a story whose items were deleted shrinks or goes),
    choosing new titles for the touched stories and for those that lost their title item."""
    previous = {
        story: (title, item)
        for story, title, item in con.execute(
            "SELECT story_id, title, title_item_id FROM stories"
        ).fetchall()
    }
    con.execute("DELETE FROM stories")
    con.execute(f"""
        INSERT INTO stories
        SELECT st.story_id, NULL, min(i.published_at), max(i.published_at), count(*),
               count(DISTINCT i.digest_id),
               count(DISTINCT {ITEM_SOURCE_KEY_SQL}), NULL
        FROM item_stories st JOIN items i USING (item_id)
        LEFT JOIN ({ITEM_SOURCE_ROWS_SQL}) src ON src.item_id = i.item_id
        GROUP BY st.story_id""")
    _set_meta(
        con,
        STORIES_ROWS_KEY,
        str(con.execute("SELECT count(*) FROM item_stories").fetchone()[0]),
    )
    alive = {
        item
        for (item,) in con.execute(
            "SELECT item_id FROM item_stories WHERE list_contains(?, item_id)",
            [[item for _, item in previous.values() if item is not None]],
        ).fetchall()
    }
    kept = {story: value for story, value in previous.items() if value[1] in alive}
    retitle = set(touched) | {
        story
        for (story,) in con.execute("SELECT story_id FROM stories").fetchall()
        if story not in kept
    }
    titles: dict[str, list] = {"story_id": [], "title": [], "title_item_id": []}
    if retitle:
        members = con.sql(
            """SELECT st.story_id, st.item_id, i.headline, e.vector
               FROM item_stories st JOIN items i USING (item_id)
               LEFT JOIN item_embeddings e ON e.item_id = st.item_id AND e.model = ?
               WHERE list_contains(?, st.story_id)
               ORDER BY st.story_id, i.published_at, st.item_id""",
            params=[model, sorted(retitle)],
        ).to_arrow_table()
        # Python lists of the small columns; the vectors go to numpy whole (rows without a
        # vector are left out, so a story lacking one is titled by its first item).
        columns = members.drop_columns(["vector"]).to_pydict()
        vector_column = members.column("vector")
        has_vector = vector_column.is_valid().to_numpy(zero_copy_only=False).astype(bool)
        vectors = vectors_from_arrow(vector_column.filter(pa.array(has_vector)))
        vector_row = np.cumsum(has_vector) - 1
        stories = np.asarray(columns["story_id"], dtype=np.int64)
        starts = np.flatnonzero(np.diff(stories, prepend=stories[:1] - 1))
        for lo, hi in pairwise([*starts.tolist(), len(stories)]):
            pick = lo
            if hi - lo > 1 and has_vector[lo:hi].all():
                first = int(vector_row[lo])
                pick = lo + representative(vectors[first : first + hi - lo])
            titles["story_id"].append(int(stories[lo]))
            titles["title"].append(columns["headline"][pick])
            titles["title_item_id"].append(columns["item_id"][pick])
    for story, (title, item) in kept.items():
        if story not in retitle:
            titles["story_id"].append(story)
            titles["title"].append(title)
            titles["title_item_id"].append(item)
    con.register(
        "story_titles",
        pa.table(
            titles,
            schema=pa.schema(
                [("story_id", pa.int64()), ("title", pa.string()), ("title_item_id", pa.int64())]
            ),
        ),
    )
    con.execute("""UPDATE stories SET title = t.title, title_item_id = t.title_item_id
                   FROM story_titles t WHERE stories.story_id = t.story_id""")
    con.unregister("story_titles")


def enrich_stories(
    db_path: str | None = None,
    *,
    backend=None,
    model: str | None = None,
    params: StoryParams | None = None,
    progress: Progress | None = None,
) -> tuple[int, int]:
    """Embed what has no vector, then place what has no story: (embedded, placed)."""
    from analysis.enrich.embeddings import get_backend

    backend = backend or get_backend(model)
    embedded = embed_items(db_path, backend, progress=progress)
    placed = assign_stories(db_path, model=backend.name, params=params, progress=progress)
    return embedded, placed
