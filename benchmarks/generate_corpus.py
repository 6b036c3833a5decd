"""Synthetic AI-news digest corpus generator for trendboard benchmarks and tests.

Writes markdown digests in exactly the format of the reference digest
(``shared/seeds/000_f9894c49d7f708a5.txt``)::

    ---
    title: "2026.01.07.00 过去4小时全球AI发生了什么？"
    date: 2026-01-07T00:00:10+08:00
    categories: ["AI News", "Hardware", "Robotics"]
    synthetic: true
    ---

    1.  [英伟达发布Rubin，...-歸藏(guizang.ai)](https://x.com/op7418/status/2008360431719772520)

        英伟达CEO在...发布了**Rubin芯片架构**...

    2.  [...]

The only addition to the reference front matter is ``synthetic: true``.
Each item is ``N.  [headline-author](url)`` (always two spaces after ``N.``),
a blank line, a 4-space-indented summary paragraph with 1-3 ``**bold**`` terms,
and a blank line between items.  The author is whatever follows the last ``-``
of the link text (author names never contain ``-``; headlines often do, e.g.
``DeepSeek-V4``).  Like the reference, a file ends right after the last
summary, without a final newline.

Cadence and size
    One digest every 4 hours at 00, 04, 08, 12, 16, 20 local time (+08:00),
    starting at ``--start`` 00:00.  ``--days N`` writes 6*N digests with 5-12
    items each; ``--items N`` writes as many digests as needed for exactly N
    items (the last digest absorbs the remainder; it only has fewer than 5
    items when N < 5), continuing the 4-hour cadence for as long as needed.

Layout rule (one rule for both modes)
    File names are the digest slot, ``YYYY-MM-DD-HHMM.md`` (unique, sortable).
    When a run writes at most 2,000 files they go flat into ``--out``;
    above 2,000 files they go into one subfolder per month, ``--out/YYYY-MM/``.
    (``--days 60`` = 360 files, flat; ``--items 100000`` = ~11.5k files, monthly.)
    Existing files in ``--out`` are overwritten by name, never deleted.

Speed
    Plain string building and O(1) table sampling: generation alone runs at
    roughly 8k files (65k items) per second on one core.  Runs above 2,000
    files hand the bytes to a forked writer process so that file creation
    overlaps generation (inline writing where ``fork`` is unavailable).

Determinism
    The same arguments and ``--seed`` (default 20260107) give byte-identical
    output; only the standard library ``random.Random`` is used.

Planted stories (the "truth")
    Story positions are placed relative to the corpus span S (so they all
    exist in a 60-day run):

    * ``launch``: >=3 product launches (GPT-6 at 0.15*S, Gemini 4 Ultra at
      0.35*S, Kimi K3 at 0.70*S; longer corpora get one per ~20 days of
      span, up to 12, e.g. Claude Opus 5, DeepSeek-V4).  Absent before the
      start, ~30% of items for ~1.5 days, then a 12 h half-life decay to a
      rare floor (0.8% of items) that itself halves every 45 days.
    * ``rising``: "世界模型" rises linearly from 1% to 15% of items over 21 days
      starting at 0.5*S, then stays at 15%.
    * ``new``: "Vibe Working" never appears before the last 7 days, then goes
      from 3% to 12% of items.
    * ``steady``: "多模态" 8%, "AI Agent" 5%, "RAG" 3%, "HBM" 2% of items, constant.

    Shares are probabilities per item; an item carrying a planted term is
    drawn from categories that fit it (HBM -> chips, AI Agent -> agents, ...).
    No template or vocabulary entry contains a planted term, so every mention
    is planted; the truth records the realised item counts.  ``--truth FILE``
    writes the truth (events, organisation aliases, source display names) as
    JSON.

Realism
    ~80 organisations and ~60 x.com sources with Zipf-like frequencies,
    bilingual inconsistent aliases (英伟达/NVIDIA, 字节/字节跳动/ByteDance, ...),
    a few sources under two display names, ~5% of items linking to blogs or
    news sites, status ids built like real snowflake ids from the item time
    (so they increase over time; 19 digits until about 2085, i.e. ~1.1M
    items from a 2026 start), 71 paired headline/lead templates over 14 item
    kinds plus ~70 further summary sentences, a 120-term Zipf topic
    vocabulary grouped by theme, and occasional English sentences.

Usage::

    uv run python benchmarks/generate_corpus.py --out /tmp/corpus60 --days 60 --truth /tmp/truth.json
    uv run python benchmarks/generate_corpus.py --out /tmp/c1m --items 1000000

or from Python: ``generate(out_dir, days=60)`` returns the summary with the
truth under ``"truth"``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import math
import multiprocessing
import os
import random
import time
from pathlib import Path

DEFAULT_SEED = 20260107
DEFAULT_START = "2026-01-01"
TZ = _dt.timezone(_dt.timedelta(hours=8))
SLOT_HOURS = 4
SLOTS_PER_DAY = 24 // SLOT_HOURS
FLAT_MAX_FILES = 2000
TWITTER_EPOCH_MS = 1288834974657

# ---------------------------------------------------------------------------
# Vocabulary tables: literal data in corpus_data/*.json beside this file
# ---------------------------------------------------------------------------

CORPUS_DATA = Path(__file__).resolve().with_name("corpus_data")


def _tables(file: str) -> dict:
    return json.loads((CORPUS_DATA / file).read_text(encoding="utf-8"))


_ORGANIZATIONS = _tables("organizations.json")
# (canonical, en name, [(alias, weight)], type, models, products, chips, robots, agents, oss)
# Order = popularity rank (Zipf).
ORGS = [
    (org[0], org[1], [tuple(alias) for alias in org[2]], *org[3:]) for org in _ORGANIZATIONS["ORGS"]
]
# category weights by organisation type
TYPE_CATS: dict[str, dict[str, float]] = _ORGANIZATIONS["TYPE_CATS"]
# established companies: never the target of a startup funding round
BIG = set(_ORGANIZATIONS["BIG"])
NEEDS = {"model": 4, "product": 5, "chip": 6, "robot": 7, "agent": 8, "oss": 9, "bench": 4}

_SOURCES = _tables("sources.json")
# (handle, [display names], affinity canonical orgs).  Order = activity rank (Zipf).
SOURCES = [tuple(source) for source in _SOURCES["SOURCES"]]
# Non-x.com links (about 5% of items): (author, url kind)
SITES = [tuple(site) for site in _SOURCES["SITES"]]

_TOPICS = _tables("topics.json")
CAT_LABELS = {category: tuple(labels) for category, labels in _TOPICS["CAT_LABELS"].items()}
CAT_ORDER: list[str] = _TOPICS["CAT_ORDER"]
# Topic vocabulary in popularity order (Zipf), each with a group:
# m = models/capabilities, a = agents/apps, r = robotics, h = hardware/infra,
# b = business/policy/society, s = science.
TOPICS = [tuple(topic) for topic in _TOPICS["TOPICS"]]
# which topic groups fit an item category
CAT_GROUPS: dict[str, str] = _TOPICS["CAT_GROUPS"]
ARCHS: list[str] = _TOPICS["ARCHS"]
EN_TOPICS: list[str] = _TOPICS["EN_TOPICS"]

# Fillers: benchmarks, amounts, features, tasks, roles, paper titles, URL slugs ...
_FILLERS = _tables("fillers.json")
BENCHES: list[str] = _FILLERS["BENCHES"]
MONEY: list[str] = _FILLERS["MONEY"]
VALUATIONS: list[str] = _FILLERS["VALUATIONS"]
ROUNDS: list[str] = _FILLERS["ROUNDS"]
PARAMS: list[str] = _FILLERS["PARAMS"]
CTX_LENS: list[str] = _FILLERS["CTX_LENS"]
SPEEDUPS: list[str] = _FILLERS["SPEEDUPS"]
USERS: list[str] = _FILLERS["USERS"]
PRICES: list[str] = _FILLERS["PRICES"]
FEATURES: list[str] = _FILLERS["FEATURES"]
TASKS: list[str] = _FILLERS["TASKS"]
WORK: list[str] = _FILLERS["WORK"]
ROLES: list[str] = _FILLERS["ROLES"]
INDUSTRIES: list[str] = _FILLERS["INDUSTRIES"]
LICENSES: list[str] = _FILLERS["LICENSES"]
CITIES: list[str] = _FILLERS["CITIES"]
POLICY_ACTS: list[str] = _FILLERS["POLICY_ACTS"]
METHODS: list[str] = _FILLERS["METHODS"]
PAPER_A: list[str] = _FILLERS["PAPER_A"]
PAPER_B: list[str] = _FILLERS["PAPER_B"]
PAPER_C: list[str] = _FILLERS["PAPER_C"]
SLUG_WORDS: list[str] = _FILLERS["SLUG_WORDS"]
CHIP_FEATURES: list[str] = _FILLERS["CHIP_FEATURES"]
_TEMPLATES = _tables("templates.json")
# Paired templates per item category: (headline, summary lead sentence with exactly one bold term).
# Fields are filled lazily (see _Ctx) and shared by the headline and the summary.
TEMPLATES = {
    category: [tuple(pair) for pair in pairs] for category, pairs in _TEMPLATES["TEMPLATES"].items()
}
# Category-specific detail sentences (0 or 1 bold).
DETAILS: dict[str, list[str]] = _TEMPLATES["DETAILS"]
# Generic closing / impact sentences (no bold; one may be promoted).
GENERIC: list[str] = _TEMPLATES["GENERIC"]
ENGLISH: list[str] = _TEMPLATES["ENGLISH"]
INJECT: list[str] = _TEMPLATES["INJECT"]

# --- planted stories -------------------------------------------------------

LAUNCHES = [
    ("GPT-6", "OpenAI", 0.15),
    ("Gemini 4 Ultra", "Google", 0.35),
    ("Kimi K3", "Moonshot", 0.70),
    ("Claude Opus 5", "Anthropic", None),
    ("DeepSeek-V4", "DeepSeek", None),
    ("Qwen4", "Alibaba", None),
    ("Grok 5", "xAI", None),
    ("Llama 5", "Meta", None),
    ("GLM-5", "Zhipu", None),
    ("MiniMax-M3", "MiniMax", None),
    ("ERNIE 6.0", "Baidu", None),
    ("Sora 3", "OpenAI", None),
]
LAUNCH_PEAK = 0.30
LAUNCH_RAMP_H = 6.0
LAUNCH_PLATEAU_H = 36.0
LAUNCH_HALF_LIFE_H = 12.0
LAUNCH_FLOOR = 0.008
LAUNCH_FADE_H = 45 * 24.0  # half-life of the rare floor after the burst

RISING = (
    "世界模型",
    0.5,
    21.0,
    0.01,
    0.15,
)  # term, start fraction, ramp days, share before, share after
NEW_TERM = ("Vibe Working", 7.0, 0.03, 0.12)  # term, last N days, share at start, share at end
STEADY = [("多模态", 0.08), ("AI Agent", 0.05), ("RAG", 0.03), ("HBM", 0.02)]
# item categories an item mentioning a planted term is drawn from (keeps items coherent)
TERM_CATS = {
    "世界模型": ("model", "robot", "paper", "opinion", "funding"),
    "Vibe Working": ("agent", "product", "opinion"),
    "多模态": ("model", "product", "oss", "bench", "paper"),
    "AI Agent": ("agent", "product", "opinion", "funding"),
    "RAG": ("agent", "product", "oss", "paper"),
    "HBM": ("chip", "partner", "policy"),
}


# ---------------------------------------------------------------------------
# Sampling helpers
# ---------------------------------------------------------------------------


class _Table:
    """O(1) sampler: a lookup table of 8192 slots filled in proportion to weights."""

    __slots__ = ("slots", "n")

    def __init__(self, items, weights, size=8192):
        total = float(sum(weights))
        raw = [w / total * size for w in weights]
        counts = [max(1, int(r)) for r in raw]
        # largest remainder to reach size (keeps every item >= 1 slot)
        rem = sorted(range(len(items)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
        i = 0
        while sum(counts) < size:
            counts[rem[i % len(rem)]] += 1
            i += 1
        slots = []
        for item, c in zip(items, counts, strict=False):
            slots.extend([item] * c)
        self.slots = slots
        self.n = len(slots)

    def pick(self, rnd):
        return self.slots[int(rnd() * self.n)]


def _zipf(n, s=1.0):
    return [1.0 / (r**s) for r in range(1, n + 1)]


class _Org:
    __slots__ = (
        "cid",
        "en",
        "aliases",
        "alias_tab",
        "type",
        "models",
        "products",
        "chips",
        "robots",
        "agents",
        "oss",
        "cat_tab",
        "cat_w",
    )

    def __init__(self, row):
        (
            self.cid,
            self.en,
            aliases,
            self.type,
            self.models,
            self.products,
            self.chips,
            self.robots,
            self.agents,
            self.oss,
        ) = row
        self.aliases = [a for a, _ in aliases]
        self.alias_tab = _Table(self.aliases, [w for _, w in aliases], size=256)
        lists = {
            4: self.models,
            5: self.products,
            6: self.chips,
            7: self.robots,
            8: self.agents,
            9: self.oss,
        }
        cats = []
        weights = []
        for cat, w in TYPE_CATS[self.type].items():
            need = NEEDS.get(cat)
            if need is not None and not lists[need]:
                continue
            if cat == "funding" and self.cid in BIG:
                continue
            cats.append(cat)
            weights.append(w)
        if not cats:
            cats, weights = ["opinion"], [1.0]
        self.cat_tab = _Table(cats, weights, size=512)
        tot = sum(weights)
        self.cat_w = {k: v / tot for k, v in zip(cats, weights, strict=False)}


class _World:
    """All static tables, built once per generate() call."""

    def __init__(self):
        self.orgs = [_Org(r) for r in ORGS]
        self.by_id = {o.cid: o for o in self.orgs}
        self.org_tab = _Table(self.orgs, _zipf(len(self.orgs), 1.0))

        def sub(types, startups=False):
            sel = [
                (o, w)
                for o, w in zip(self.orgs, _zipf(len(self.orgs), 1.0), strict=False)
                if o.type in types and not (startups and o.cid in BIG)
            ]
            return _Table([o for o, _ in sel], [w for _, w in sel], size=2048)

        self.vc_tab = sub({"vc"})
        self.gov_tab = sub({"gov"})
        self.startup_tab = sub({"robot", "app", "lab"}, startups=True)
        self.company_tab = sub({"lab", "chip", "app", "robot", "cloud", "oss"})
        self.lab_tab = _Table(
            [o for o in self.orgs if o.models],
            [w for o, w in zip(self.orgs, _zipf(len(self.orgs)), strict=False) if o.models],
            size=2048,
        )
        self.chip_tab = _Table(
            [o for o in self.orgs if o.chips],
            [w for o, w in zip(self.orgs, _zipf(len(self.orgs)), strict=False) if o.chips],
            size=2048,
        )
        self.cloud_tab = _Table(
            [
                self.by_id[k]
                for k in (
                    "NVIDIA",
                    "Microsoft",
                    "Amazon",
                    "Oracle",
                    "Google",
                    "Huawei",
                    "AMD",
                    "Alibaba",
                    "ByteDance",
                    "Cerebras",
                )
            ],
            [6, 5, 4, 4, 3, 3, 2, 2, 2, 1],
            size=1024,
        )
        self.sources = []
        for handle, names, aff in SOURCES:
            self.sources.append((handle, names, [self.by_id[a] for a in aff]))
        self.src_tab = _Table(self.sources, _zipf(len(self.sources), 0.9))
        tw = _zipf(len(TOPICS), 1.05)
        self.topic_tabs = {}
        for cat, groups in CAT_GROUPS.items():
            sel = [
                (t, w * groups.count(grp))
                for (t, grp), w in zip(TOPICS, tw, strict=False)
                if grp in groups
            ]
            self.topic_tabs[cat] = _Table([t for t, _ in sel], [w for _, w in sel], size=4096)
        ow = _zipf(len(self.orgs), 1.0)
        self.cat_org_tabs = {}
        for cat in CAT_GROUPS:
            sel = [
                (o, w * o.cat_w[cat]) for o, w in zip(self.orgs, ow, strict=False) if cat in o.cat_w
            ]
            if sel:
                self.cat_org_tabs[cat] = _Table([o for o, _ in sel], [w for _, w in sel], size=4096)
        self.platform_tab = _Table(
            [
                self.by_id[k]
                for k in (
                    "Microsoft",
                    "Amazon",
                    "Perplexity",
                    "Cursor",
                    "ByteDance",
                    "Tencent",
                    "Alibaba",
                    "Apple",
                    "Xiaomi",
                    "Honor",
                    "Databricks",
                    "Replit",
                    "Genspark",
                    "Manus",
                    "Oracle",
                )
            ],
            [8, 6, 6, 6, 5, 5, 4, 4, 3, 2, 2, 2, 2, 2, 2],
            size=1024,
        )


class _Ctx(dict):
    """Template context whose fields are drawn lazily on first use (then fixed)."""

    __slots__ = ("g", "org", "cloudo", "cat")

    def __missing__(self, key):
        v = _FIELDS[key](self)
        self[key] = v
        return v


def _f_org2(c):
    g = c.g
    for _ in range(6):
        o = g.world.company_tab.pick(g.rnd)
        if o is not c.org:
            break
    return o.alias_tab.pick(g.rnd)


def _pick(lst, c):
    return lst[int(c.g.rnd() * len(lst))]


def _topic(c):
    g = c.g
    used = {c.get("topic"), c.get("topic2"), c.get("topic3")}
    tab = g.world.topic_tabs[c.cat]
    for _ in range(5):
        t = tab.pick(g.rnd)
        if t not in used:
            return t
    return t


def _product_any(c):
    o = c.org
    taken = (c.get("agent"), c.get("product"))
    options = [p for p in o.products if p not in taken]
    if options:
        return _pick(options, c)
    return _pick(c.g.world.lab_tab.pick(c.g.rnd).products or ["ChatGPT"], c)


def _model_any(c):
    o = c.org
    if o.models:
        return _pick(o.models, c)
    return _pick(c.g.world.lab_tab.pick(c.g.rnd).models, c)


def _model2(c):
    g = c.g
    for _ in range(6):
        o = g.world.lab_tab.pick(g.rnd)
        if o is not c.org:
            break
    return _pick(o.models, c)


def _cloud(c):
    g = c.g
    for _ in range(6):
        o = g.world.cloud_tab.pick(g.rnd)
        if o is not c.org:
            break
    c.cloudo = o
    return o.alias_tab.pick(g.rnd)


def _startup_round(c):
    a, b = c["startup"], c["round"]
    return a + " " + b if a[-1].isascii() and a[-1].isalnum() and b[0].isascii() else a + b


def _platform(c):
    g = c.g
    for _ in range(6):
        o = g.world.platform_tab.pick(g.rnd)
        if o is not c.org:
            break
    return o.alias_tab.pick(g.rnd)


def _chip_any(c):
    o = c.cloudo if c.cloudo is not None and c.cloudo.chips else c.g.world.chip_tab.pick(c.g.rnd)
    return _pick(o.chips, c)


def _paper(c):
    r = c.g.rnd
    a, b, cc = PAPER_A[int(r() * 10)], PAPER_B[int(r() * 10)], PAPER_C[int(r() * 8)]
    form = int(r() * 3)
    if form == 0:
        return f"{a} {b} for {cc}"
    if form == 1:
        return f"{b} Is All You Need for {cc}"
    return f"{a} {b}: Lessons from {cc}"


_FIELDS = {
    "org": lambda c: c.org.alias_tab.pick(c.g.rnd),
    "org_s": lambda c: c["org"] if c.g.rnd() < 0.8 else c.org.alias_tab.pick(c.g.rnd),
    "org2": _f_org2,
    "en_org": lambda c: c.org.en,
    "startup": lambda c: c["org"],
    "startup_round": _startup_round,
    "investor": lambda c: c.g.world.vc_tab.pick(c.g.rnd).alias_tab.pick(c.g.rnd),
    "agency": lambda c: c.g.world.gov_tab.pick(c.g.rnd).alias_tab.pick(c.g.rnd),
    "model": lambda c: _pick(c.org.models, c) if c.org.models else _model_any(c),
    "model_any": _model_any,
    "model2": _model2,
    "product": lambda c: _pick(c.org.products, c) if c.org.products else _product_any(c),
    "product_any": _product_any,
    "chip": lambda c: _pick(c.org.chips, c),
    "chip_any": _chip_any,
    "cloud": _cloud,
    "weeks": lambda c: str(1 + int(c.g.rnd() * 6)),
    "years": lambda c: str(2 + int(c.g.rnd() * 6)),
    "nth": lambda c: str(2 + int(c.g.rnd() * 4)),
    "robot": lambda c: _pick(c.org.robots, c),
    "agent": lambda c: _pick(c.org.agents, c),
    "oss": lambda c: _pick(c.org.oss, c),
    "topic": _topic,
    "topic2": _topic,
    "topic3": _topic,
    "arch": lambda c: _pick(ARCHS, c),
    "platform": _platform,
    "en_topic": lambda c: _pick(EN_TOPICS, c),
    "bench": lambda c: _pick(BENCHES, c),
    "pct": lambda c: str(10 + int(c.g.rnd() * 75)),
    "pts": lambda c: f"{1 + c.g.rnd() * 14:.1f}",
    "score": lambda c: f"{35 + c.g.rnd() * 60:.1f}%",
    "num": lambda c: str(2 + int(c.g.rnd() * 98)),
    "hours": lambda c: str(2 + int(c.g.rnd() * 46)),
    "dof": lambda c: str(20 + int(c.g.rnd() * 40)),
    "load": lambda c: str(5 + int(c.g.rnd() * 45)),
    "money": lambda c: _pick(MONEY, c),
    "valuation": lambda c: _pick(VALUATIONS, c),
    "round": lambda c: _pick(ROUNDS, c),
    "params": lambda c: _pick(PARAMS, c),
    "ctx_len": lambda c: _pick(CTX_LENS, c),
    "speedup": lambda c: _pick(SPEEDUPS, c),
    "users": lambda c: _pick(USERS, c),
    "price": lambda c: _pick(PRICES, c),
    "feature": lambda c: _pick(FEATURES, c),
    "task": lambda c: _pick(TASKS, c),
    "work": lambda c: _pick(WORK, c),
    "role": lambda c: _pick(ROLES, c),
    "industry": lambda c: _pick(INDUSTRIES, c),
    "license": lambda c: _pick(LICENSES, c),
    "city": lambda c: _pick(CITIES, c),
    "policy_act": lambda c: _pick(POLICY_ACTS, c),
    "method": lambda c: _pick(METHODS, c),
    "paper": _paper,
    "chip_feature": lambda c: _pick(CHIP_FEATURES, c),
    "month": lambda c: str(1 + int(c.g.rnd() * 12)),
    "found_year": lambda c: str(2018 + int(c.g.rnd() * 8)),
    "usd": lambda c: _pick(["0.15", "0.5", "1.25", "2", "3", "10", "15"], c),
    "launch": lambda c: c.g.cur_launch,
    "year": lambda c: c.g.year,
}


# ---------------------------------------------------------------------------
# Schedule and stories
# ---------------------------------------------------------------------------

_COUNT_VALUES = [5, 6, 7, 8, 9, 10, 11, 12]
_COUNT_WEIGHTS = [8, 12, 15, 16, 15, 13, 11, 10]


def _schedule(days, items, seed):
    """Items per digest, drawn from an RNG stream of its own."""
    r = random.Random(seed * 7919 + 17)
    tab = _Table(_COUNT_VALUES, _COUNT_WEIGHTS, size=1024)
    counts = []
    if days is not None:
        for _ in range(days * SLOTS_PER_DAY):
            counts.append(tab.pick(r.random))
        return counts
    remaining = items
    while remaining > 0:
        c = tab.pick(r.random)
        if remaining <= 12:
            c = remaining  # only < 5 when items < 5
        elif remaining - c < 5:
            c = remaining - 5  # 8..12 here; leaves a final digest of exactly 5
        counts.append(c)
        remaining -= c
    return counts


def _iso(ts):
    return _dt.datetime.fromtimestamp(ts, TZ).isoformat()


def _plan_events(t0, n_slots):
    """Place planted stories relative to the corpus span; times are epoch seconds."""
    slot = SLOT_HOURS * 3600
    span = n_slots * slot
    t_end = t0 + (n_slots - 1) * slot
    span_days = span / 86400.0

    def snap(t):
        return t0 + int(round((t - t0) / slot)) * slot

    events = []
    n_launch = max(3, min(len(LAUNCHES), int(span_days // 20)))
    fixed = [launch for launch in LAUNCHES if launch[2] is not None]
    extra = [launch for launch in LAUNCHES if launch[2] is None][: n_launch - len(fixed)]
    fracs = [launch[2] for launch in fixed]
    if extra:
        # spread the extra launches evenly over the span, away from the fixed ones
        k = len(extra)
        extra_fracs = [(i + 0.5) / (k + 1) for i in range(k)]
        extra_fracs = [
            f + 0.05 if min(abs(f - x) for x in fracs) < 0.02 else f for f in extra_fracs
        ]
        fracs = fracs + extra_fracs
    for (term, org, _), frac in zip(fixed + extra, fracs, strict=False):
        start = snap(t0 + frac * span)
        decay_h = LAUNCH_HALF_LIFE_H * math.log2(LAUNCH_PEAK / LAUNCH_FLOOR)
        events.append(
            {
                "term": term,
                "kind": "launch",
                "org": org,
                "start_ts": start,
                "peak_ts": snap(start + (LAUNCH_RAMP_H + LAUNCH_PLATEAU_H) / 2 * 3600),
                "end_ts": start + int(round(LAUNCH_PLATEAU_H + decay_h)) * 3600,
                "share_peak": LAUNCH_PEAK,
                "share_after": LAUNCH_FLOOR,
            }
        )
    term, frac, ramp_days, s0, s1 = RISING
    rs = snap(t0 + frac * span)
    events.append(
        {
            "term": term,
            "kind": "rising",
            "start_ts": rs,
            "peak_ts": rs + int(ramp_days * 86400),
            "end_ts": t_end,
            "share_start": s0,
            "share_peak": s1,
        }
    )
    term, last_days, s0, s1 = NEW_TERM
    ns = snap(t_end - last_days * 86400 + slot)
    events.append(
        {
            "term": term,
            "kind": "new",
            "start_ts": ns,
            "peak_ts": t_end,
            "end_ts": t_end,
            "share_start": s0,
            "share_peak": s1,
        }
    )
    for term, share in STEADY:
        events.append(
            {
                "term": term,
                "kind": "steady",
                "start_ts": t0,
                "peak_ts": None,
                "end_ts": t_end,
                "share": share,
            }
        )
    return events


def _launch_share(ev, t):
    dt_h = (t - ev["start_ts"]) / 3600.0
    if dt_h < 0:
        return 0.0
    if dt_h < LAUNCH_RAMP_H:
        return LAUNCH_PEAK * (0.35 + 0.65 * dt_h / LAUNCH_RAMP_H)
    if dt_h < LAUNCH_PLATEAU_H:
        return LAUNCH_PEAK
    s = LAUNCH_PEAK * 0.5 ** ((dt_h - LAUNCH_PLATEAU_H) / LAUNCH_HALF_LIFE_H)
    if s >= LAUNCH_FLOOR:
        return s
    # rare mentions afterwards, fading out over months (matters only for long corpora)
    after_h = (t - ev["end_ts"]) / 3600.0
    s = LAUNCH_FLOOR * 0.5 ** (max(0.0, after_h) / LAUNCH_FADE_H)
    return s if s >= 0.0005 else 0.0


def _term_share(ev, t):
    k = ev["kind"]
    if k == "steady":
        return ev["share"]
    if t < ev["start_ts"]:
        return ev["share_start"] if k == "rising" else 0.0
    span = max(1, ev["peak_ts"] - ev["start_ts"])
    frac = min(1.0, (t - ev["start_ts"]) / span)
    return ev["share_start"] + (ev["share_peak"] - ev["share_start"]) * frac


# ---------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------


class _Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.rnd = self.rng.random
        self.world = _World()
        self.cur_launch = None
        self.year = "2026"
        self.seq = 0


def _fill(tmpl, c):
    return tmpl.format_map(c)


def _url(g, src_handle, tweet_ms):
    """x.com status URL with a snowflake id derived from the item time (ids increase with time)."""
    g.seq += 1
    sid = ((tweet_ms - TWITTER_EPOCH_MS) << 22) | (int(g.rnd() * 1024) << 12) | (g.seq & 4095)
    return f"https://x.com/{src_handle}/status/{sid}"


def _site_url(g, kind, tm):
    r = g.rnd
    n = len(SLUG_WORDS)
    i = int(r() * n)
    j = (i + 1 + int(r() * (n - 1))) % n
    k = (j + 1 + int(r() * (n - 2))) % n
    if k == i:
        k = (k + 1) % n
    slug = f"{SLUG_WORDS[i]}-{SLUG_WORDS[j]}-{SLUG_WORDS[k]}"
    if kind == "jiqizhixin":
        return f"https://www.jiqizhixin.com/articles/{tm.strftime('%Y-%m-%d')}-{1 + int(r() * 12)}"
    if kind == "qbitai":
        return f"https://www.qbitai.com/{tm.strftime('%Y/%m')}/{300000 + int(r() * 99999)}.html"
    if kind == "36kr":
        return f"https://36kr.com/p/{3500000000000 + int(r() * 99999999999)}"
    if kind == "openai":
        return f"https://openai.com/index/{slug}/"
    if kind == "anthropic":
        return f"https://www.anthropic.com/news/{slug}"
    if kind == "google":
        return f"https://blog.google/technology/ai/{slug}/"
    if kind == "hfblog":
        return f"https://huggingface.co/blog/{slug}"
    return (
        f"https://www.theverge.com/ai-artificial-intelligence/{100000 + int(r() * 899999)}/{slug}"
    )


def _item(g, t_slot, launches_active, term_events, counters, cats_count):
    """Build one item; returns (headline_with_author, url, summary)."""
    rnd = g.rnd
    w = g.world

    # --- planted stories for this item
    launch = None
    if launches_active:
        u = rnd()
        acc = 0.0
        for ev, share in launches_active:
            acc += share
            if u < acc:
                launch = ev
                break
    inject = []
    for ev, share in term_events:
        if share > 0.0 and rnd() < share:
            inject.append(ev)

    # --- source
    handle, names, aff = w.src_tab.pick(rnd)
    author = names[0] if len(names) == 1 or rnd() < 0.8 else names[1]

    c = _Ctx()
    c.g = g
    c.cloudo = None
    if launch is not None:
        c.org = w.by_id[launch["org"]]
        cat = "launch"
        g.cur_launch = launch["term"]
        counters[launch["term"]] += 1
    else:
        if inject:
            fit = TERM_CATS[inject[0]["term"]]
            cat = fit[int(rnd() * len(fit))]
            org = w.cat_org_tabs[cat].pick(rnd)
        else:
            if aff and rnd() < 0.45:
                org = aff[int(rnd() * len(aff))]
            else:
                org = w.org_tab.pick(rnd)
            cat = org.cat_tab.pick(rnd)
        if org.type == "vc" and cat == "funding":
            c["investor"] = org.alias_tab.pick(rnd)
            org = w.startup_tab.pick(rnd)
        elif org.type == "gov":
            c["agency"] = org.alias_tab.pick(rnd)
            org = w.company_tab.pick(rnd)
        c.org = org
    c.cat = cat
    if inject:
        c["topic"] = inject[0]["term"]
        if len(inject) > 1:
            c["topic2"] = inject[1]["term"]

    for lab in CAT_LABELS[cat]:
        cats_count[lab] = cats_count.get(lab, 0) + 1

    pairs = TEMPLATES[cat]
    h_tmpl, l_tmpl = pairs[int(rnd() * len(pairs))]
    if "{org}模型" in h_tmpl and not c.org.models:
        h_tmpl, l_tmpl = pairs[0]
    headline = _fill(h_tmpl, c)
    sents = [_fill(l_tmpl, c)]
    bold = 1
    details = DETAILS[cat]
    u = rnd()
    n_more = 1 if u < 0.1 else (2 if u < 0.4 else (3 if u < 0.75 else 4))  # 2..5 sentences in all
    used = set()
    tries = 0
    while len(sents) <= n_more and tries < 12:
        tries += 1
        if rnd() < 0.6:
            i = int(rnd() * len(details))
            key = i
            tmpl = details[i]
        else:
            i = int(rnd() * len(GENERIC))
            key = 100 + i
            tmpl = GENERIC[i]
        if key in used:
            continue
        used.add(key)
        s = _fill(tmpl, c)
        if "**" in s:
            if bold >= 3:
                s = s.replace("**", "")
            else:
                bold += 1
        sents.append(s)
    if len(sents) < 5 and rnd() < 0.1:
        sents.append(_fill(ENGLISH[int(rnd() * len(ENGLISH))], c))

    # length budget 80..300 characters, at least 2 sentences, lead always kept
    total = sum(map(len, sents))
    while total > 300 and len(sents) > 2:
        total -= len(sents.pop())
    tries = 0
    while total < 80 and tries < 20:
        tries += 1
        s = _fill(GENERIC[int(rnd() * len(GENERIC))], c)
        if s not in sents:
            sents.append(s)
            total += len(s)

    # planted terms must be mentioned; add a sentence when the templates did not
    for ev in inject:
        term = ev["term"]
        counters[term] += 1
        if term in headline or any(term in s for s in sents):
            continue
        s = _fill(INJECT[int(rnd() * len(INJECT))].replace("{term}", term), c)
        if bold >= 3:
            s = s.replace("**", "")
        else:
            bold += 1
        i = len(sents) - 1
        while (total + len(s) > 300 or len(sents) >= 5) and len(sents) > 1 and i >= 1:
            if not any(e["term"] in sents[i] for e in inject):
                total -= len(sents.pop(i))
            i -= 1
        sents.append(s)
        total += len(s)
    summary = "".join(sents)

    # --- link
    if rnd() < 0.05:
        site_author, kind = SITES[int(rnd() * len(SITES))]
        url = _site_url(g, kind, _dt.datetime.fromtimestamp(t_slot, TZ))
        author = site_author
    else:
        tweet_s = t_slot - 60 - rnd() * (SLOT_HOURS * 3600 - 120)
        url = _url(g, handle, int(tweet_s * 1000))
    return headline + "-" + author, url, summary


_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def _write_file(path, data):
    fd = os.open(path, _WRITE_FLAGS, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _writer_process(conn):
    """Child process: write batches of (path, bytes) until None; report the first error."""
    error = None
    while True:
        try:
            batch = conn.recv()
        except EOFError:  # parent went away
            return
        if batch is None:
            break
        if error is None:
            try:
                for path, data in batch:
                    _write_file(path, data)
            except OSError as exc:
                error = f"{exc.__class__.__name__}: {exc}"
    conn.send(error)
    conn.close()


class _Writer:
    """Writes digest files.

    Creating many small files costs about as much kernel time as generating
    them, so large runs hand the bytes to a forked writer process (file
    creation then overlaps generation on a second core).  Small runs, and
    platforms without ``fork``, write inline.
    """

    BATCH = 256

    def __init__(self, n_files):
        self.proc = None
        self.batch = []
        if n_files > FLAT_MAX_FILES and "fork" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("fork")
            self.conn, child = ctx.Pipe()
            self.proc = ctx.Process(
                target=_writer_process, args=(child,), name="corpus-writer", daemon=True
            )
            self.proc.start()
            child.close()

    def put(self, path, text):
        data = text.encode("utf-8")
        if self.proc is None:
            _write_file(path, data)
            return
        self.batch.append((path, data))
        if len(self.batch) >= self.BATCH:
            self.conn.send(self.batch)
            self.batch = []

    def close(self):
        if self.proc is None:
            return
        proc, self.proc = self.proc, None
        try:
            if self.batch:
                self.conn.send(self.batch)
                self.batch = []
            self.conn.send(None)
            error = self.conn.recv()
        finally:
            self.conn.close()
            proc.join()
        if error:
            raise OSError(f"writing the corpus failed: {error}")


def _write_digests(g, writer, out_s, layout, t0, counts, launch_evs, term_evs, counters, verbose):
    """Generate every digest in slot order and hand it to the writer."""
    rnd = g.rnd
    slot_s = SLOT_HOURS * 3600
    cat_rank = {c: i for i, c in enumerate(CAT_ORDER)}
    made_dirs = set()
    n_slots = len(counts)
    for k in range(n_slots):
        t = t0 + k * slot_s
        dtl = _dt.datetime.fromtimestamp(t, TZ)
        g.year = str(dtl.year)
        launches_active = [(ev, _launch_share(ev, t)) for ev in launch_evs if t >= ev["start_ts"]]
        term_active = [(ev, _term_share(ev, t)) for ev in term_evs]
        cats_count = {}
        parts = []
        for n in range(1, counts[k] + 1):
            head, url, summary = _item(g, t, launches_active, term_active, counters, cats_count)
            parts.append(f"{n}.  [{head}]({url})\n\n    {summary}")

        # front matter categories: "AI News" first, then the item categories by frequency
        ranked = sorted(cats_count.items(), key=lambda kv: (-kv[1], cat_rank[kv[0]]))
        n_cats = 2 + int(rnd() * 4)  # 2..5 besides "AI News" -> 3..6 in all
        cats = ["AI News"] + [name for name, _ in ranked[:n_cats]]
        for fill in ("Industry Trends", "Research", "Models"):
            if len(cats) >= 3:
                break
            if fill not in cats:
                cats.append(fill)
        sec = 3 + int(rnd() * 55)
        header = (
            "---\n"
            f'title: "{dtl.strftime("%Y.%m.%d.%H")} 过去4小时全球AI发生了什么？"\n'
            f"date: {dtl.strftime('%Y-%m-%dT%H:%M')}:{sec:02d}+08:00\n"
            "categories: [" + ", ".join(f'"{c}"' for c in cats) + "]\n"
            "synthetic: true\n"
            "---\n\n"
        )
        name = dtl.strftime("%Y-%m-%d-%H%M") + ".md"
        if layout == "monthly":
            sub = name[:7]
            if sub not in made_dirs:
                os.makedirs(out_s + "/" + sub, exist_ok=True)
                made_dirs.add(sub)
            path = out_s + "/" + sub + "/" + name
        else:
            path = out_s + "/" + name
        writer.put(path, header + "\n\n".join(parts))
        if verbose and k and k % 20000 == 0:
            print(f"  {k}/{n_slots} files", flush=True)


def generate(
    out_dir, *, days=None, items=None, seed=DEFAULT_SEED, start=DEFAULT_START, verbose=False
):
    """Write a synthetic digest corpus to ``out_dir``.

    Exactly one of ``days`` or ``items`` must be given.  Returns a summary dict
    (files, items, first, last, seconds, layout, out_dir) with the planted
    stories under ``"truth"``.
    """
    if (days is None) == (items is None):
        raise ValueError("give exactly one of days= or items=")
    if days is not None and days < 1:
        raise ValueError("days must be >= 1")
    if items is not None and items < 1:
        raise ValueError("items must be >= 1")
    t_begin = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    start_date = _dt.date.fromisoformat(start) if isinstance(start, str) else start
    t0 = int(_dt.datetime(start_date.year, start_date.month, start_date.day, tzinfo=TZ).timestamp())

    counts = _schedule(days, items, seed)
    n_slots = len(counts)
    layout = "flat" if n_slots <= FLAT_MAX_FILES else "monthly"
    events = _plan_events(t0, n_slots)
    launch_evs = [e for e in events if e["kind"] == "launch"]
    term_evs = [e for e in events if e["kind"] != "launch"]
    counters = {e["term"]: 0 for e in events}

    g = _Gen(seed)
    out_s = str(out)
    writer = _Writer(n_slots)
    try:
        _write_digests(
            g, writer, out_s, layout, t0, counts, launch_evs, term_evs, counters, verbose
        )
    finally:
        writer.close()
    total_items = sum(counts)
    t_last = t0 + (n_slots - 1) * SLOT_HOURS * 3600
    truth_events = []
    for ev in events:
        rec = {
            "term": ev["term"],
            "kind": ev["kind"],
            "start": _iso(ev["start_ts"]),
            "peak": _iso(ev["peak_ts"]) if ev["peak_ts"] is not None else None,
            "end": _iso(ev["end_ts"]),
            "items": counters[ev["term"]],
        }
        for key in ("org", "share", "share_start", "share_peak", "share_after"):
            if key in ev:
                rec[key] = ev[key]
        truth_events.append(rec)
    truth = {
        "generator": "benchmarks/generate_corpus.py",
        "seed": seed,
        "start": _iso(t0),
        "end": _iso(t_last),
        "files": n_slots,
        "items": total_items,
        "layout": layout,
        "events": truth_events,
        "organizations": {o.cid: o.aliases for o in g.world.orgs},
        "sources": {h: names for h, names, _ in SOURCES},
    }
    seconds = time.perf_counter() - t_begin
    return {
        "out_dir": out_s,
        "files": n_slots,
        "items": total_items,
        "first": _iso(t0),
        "last": _iso(t_last),
        "layout": layout,
        "seconds": round(seconds, 3),
        "truth": truth,
    }


def main(argv=None):
    p = argparse.ArgumentParser(
        prog="generate_corpus.py",
        description="Write a deterministic synthetic corpus of 4-hourly AI-news digests "
        "(reference format) with planted trends; see the module docstring.",
    )
    p.add_argument("--out", required=True, help="output folder (created if missing)")
    size = p.add_mutually_exclusive_group(required=True)
    size.add_argument("--days", type=int, help="number of days (6 digests a day, 5-12 items each)")
    size.add_argument("--items", type=int, help="exact total number of items")
    p.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    p.add_argument(
        "--start", default=DEFAULT_START, help=f"first day, YYYY-MM-DD (default {DEFAULT_START})"
    )
    p.add_argument("--truth", help="also write the planted stories as JSON to this file")
    a = p.parse_args(argv)
    try:
        _dt.date.fromisoformat(a.start)
    except ValueError:
        p.error(f"--start must be YYYY-MM-DD, got {a.start!r}")
    if (a.days is not None and a.days < 1) or (a.items is not None and a.items < 1):
        p.error("--days/--items must be >= 1")
    res = generate(a.out, days=a.days, items=a.items, seed=a.seed, start=a.start)
    if a.truth:
        Path(a.truth).parent.mkdir(parents=True, exist_ok=True)
        Path(a.truth).write_text(
            json.dumps(res["truth"], ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    print(
        f"wrote {res['files']} files, {res['items']} items, {res['first']} .. {res['last']}, "
        f"{res['layout']} layout, {res['seconds']:.2f} s -> {res['out_dir']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
