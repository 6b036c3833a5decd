"""Companies and sources over time, rankings, co-mentions, and alias-table gaps."""

from __future__ import annotations

import math
import re
from collections import Counter

import pandas as pd

from analysis.enrich.entities import default_tagger
from analysis.enrich.reference import (
    ORDINARY_WORD_ZIPF,
    load_alias_table,
    load_stopwords,
    normalize_text,
    zipf_frequency,
)
from analysis.enrich.segmentation import not_organizations
from analysis.query import sql as fragments
from analysis.query.filters import (
    Filters,
    daily_answerable,
    filtered_items,
    filtered_units,
    in_days,
)
from analysis.query.series import keyed_series, ranked_keys
from analysis.query.sql import Sql, most_common, sql


def _company_pairs(include_products: bool):
    return sql(
        "SELECT item_id, company AS key FROM item_companies WHERE ({products} OR NOT via_product)",
        products=include_products,
    )


def _daily_companies(include_products: bool) -> Sql:
    """(day, key, count, product_items) per day and company, from `daily_companies`."""
    if include_products:
        return Sql(
            "SELECT day, company AS key, items AS count, items - direct_items AS product_items "
            "FROM daily_companies"
        )
    return Sql(
        "SELECT day, company AS key, direct_items AS count, 0 AS product_items FROM daily_companies"
    )


def company_series(
    con,
    f: Filters,
    companies: list[str] | None = None,
    top_n: int = 10,
    include_products: bool = True,
) -> pd.DataFrame:
    """bucket, key (company), count, items, share, partial — for the given or the top-N companies."""
    if companies is None:
        companies = ranked_keys(
            _top_companies_query(con, f, top_n, include_products), "company", "items DESC, company"
        )
    return keyed_series(
        con,
        f,
        _company_pairs(include_products),
        wanted=companies,
        daily=_daily_companies(include_products),
    )


def top_companies(con, f: Filters, limit: int = 20, include_products: bool = True) -> pd.DataFrame:
    """company, items (mentioning it), share (of filtered items), product_items (via a product only)."""
    return _top_companies_query(con, f, limit, include_products).run(con).df()


def _top_companies_query(con, f: Filters, limit: int, include_products: bool) -> Sql:
    if daily_answerable(con, f):
        # Per day and company; summed below.
        rows = sql(
            "SELECT key AS company, count AS items, product_items FROM ({daily}) WHERE {days}",
            daily=_daily_companies(include_products),
            days=in_days(f),
        )
    else:
        # Per item and company.
        rows = sql(
            """
            SELECT c.company, 1 AS items, CAST(bool_and(c.via_product) AS INTEGER) AS product_items
            FROM item_companies c JOIN filtered USING (item_id)
            WHERE {products} OR NOT c.via_product
            GROUP BY c.company, filtered.unit""",
            products=include_products,
        )
    counted = sql(
        """
        SELECT company, CAST(sum(items) AS BIGINT) AS items,
               CAST(sum(product_items) AS BIGINT) AS product_items
        FROM ({rows}) GROUP BY company HAVING sum(items) > 0""",
        rows=rows,
    )
    return _ranked(
        con,
        f,
        counted,
        ("company", "items", "share", "product_items"),
        "items DESC, company",
        limit,
    )


def _ranked(con, f: Filters, counted: Sql, columns: tuple[str, ...], order: str, limit: int):
    """A ranking with shares, over the per-day tables when the filters allow, else the items."""
    if daily_answerable(con, f):
        return fragments.share_of_days(in_days(f), counted, columns, order, limit)
    return fragments.share_of_filtered(
        filtered_units(f), counted, columns, order, limit, by_units=f.count_by == "stories"
    )


def co_mentions(con, f: Filters, limit: int = 50, include_products: bool = False) -> pd.DataFrame:
    """company_a, company_b (a < b), items mentioning both."""
    if daily_answerable(con, f):
        return (
            sql(
                f"""
            SELECT company_a, company_b, CAST(sum({"items" if include_products else "direct_items"}) AS BIGINT) AS items
            FROM daily_co_mentions WHERE {{days}}
            GROUP BY 1, 2 HAVING items > 0 ORDER BY items DESC, 1, 2 LIMIT {{limit}}""",
                days=in_days(f),
                limit=limit,
            )
            .run(con)
            .df()
        )
    return (
        sql(
            """
        WITH filtered AS ({filtered}),
        mentions AS (SELECT DISTINCT c.item_id, c.company FROM item_companies c JOIN filtered USING (item_id)
                     WHERE {products} OR NOT c.via_product)
        SELECT a.company AS company_a, b.company AS company_b, count(*) AS items
        FROM mentions a JOIN mentions b ON a.item_id = b.item_id AND a.company < b.company
        GROUP BY 1, 2 ORDER BY items DESC, 1, 2 LIMIT {limit}""",
            filtered=filtered_items(f),
            products=include_products,
            limit=limit,
        )
        .run(con)
        .df()
    )


def top_sources(con, f: Filters, limit: int = 20) -> pd.DataFrame:
    """source_key, source (display: the name seen most often), handle, platform, affiliation
    (the first in sort order when a key has several), items, share."""
    if daily_answerable(con, f):
        rows = sql(
            "SELECT source_key, source, handle, platform, affiliation, items FROM daily_sources "
            "WHERE {days}",
            days=in_days(f),
        )
    else:
        # `item_sources` holds one row per item; a story one source told twice counts once.
        rows = sql(
            """SELECT DISTINCT {source_key} AS source_key, s.source, s.handle, s.platform,
                      s.affiliation, filtered.unit, 1 AS items
               FROM item_sources s JOIN filtered USING (item_id)""",
            source_key=fragments.source_key("s"),
        )
    counted = sql(
        f"""
        SELECT source_key, {most_common("source", "items")} AS source, min(handle) AS handle,
               min(platform) AS platform, min(affiliation) AS affiliation,
               CAST(sum(items) AS BIGINT) AS items
        FROM (SELECT source_key, source, min(handle) AS handle, min(platform) AS platform,
                     min(affiliation) AS affiliation, sum(items) AS items
              FROM ({{rows}}) GROUP BY source_key, source)
        GROUP BY source_key""",
        rows=rows,
    )
    return (
        _ranked(
            con,
            f,
            counted,
            ("source_key", "source", "handle", "platform", "affiliation", "items", "share"),
            "items DESC, source",
            limit,
        )
        .run(con)
        .df()
    )


def source_series(
    con, f: Filters, source_keys: list[str] | None = None, top_n: int = 10
) -> pd.DataFrame:
    """bucket, key (source_key), count, items, share, partial, plus a `label` column (display name)."""
    if source_keys is None:
        ranking = top_sources(con, f, limit=top_n)
        source_keys = ranking["source_key"].tolist()
        labels = dict(zip(ranking["source_key"], ranking["source"], strict=False))
    else:
        labels = {}
    pairs = sql(
        "SELECT item_id, {source_key} AS key FROM item_sources", source_key=fragments.source_key()
    )
    daily = Sql("SELECT day, source_key AS key, items AS count FROM daily_sources")
    frame = keyed_series(con, f, pairs, wanted=source_keys, daily=daily)
    frame["label"] = frame["key"].map(lambda k: labels.get(k, k))
    return frame


_LATIN_NAME = re.compile(
    r"(?<![A-Za-z0-9])([A-Z][A-Za-z0-9]*(?:[ -][A-Z0-9][A-Za-z0-9]*){0,3})(?![A-Za-z0-9])"
)
_TEXT_HANDLE = re.compile(
    r"(?:@|(?:github\.com|huggingface\.co|x\.com|twitter\.com)/)([A-Za-z0-9][A-Za-z0-9_-]{2,38})"
)
# What follows a name that is the subject of a launch: `Prime Intellect 发布`, `Zyphra launches`.
_LAUNCH_AFTER = re.compile(
    r"\s*(?:正式|今天|今日|刚刚|近日|首次|也)?(?:发布|推出|宣布|开源|上线|官宣|推|发|完成|获得|融资|"
    r"launch(?:es|ed)?|release[sd]?|announce[sd]?|introduce[sd]?|unveil(?:s|ed)?|"
    r"open-source[sd]?|ship(?:s|ped)?|raise[sd]?)",
    re.IGNORECASE,
)
_VERSION_AFTER = re.compile(r"[ -]?[vV]?\d+(?:\.\d+)*\b")
_ORG_SUFFIX = re.compile(
    r"(?:\bAI|\bLabs?|\bInc\.?|\bRobotics|\bTechnologies|\bResearch|\bComputing|\bSystems|"
    r"\.ai|\.io|\.dev|科技|实验室|研究院|公司|集团)$"
)
_NAME_EVIDENCE = {"subject", "handle", "version", "org suffix"}
# A term in this share of the filtered items, on at least half of their days, is background.
BACKGROUND_SHARE = 0.03
# How much each kind of evidence adds to a candidate's score (beside log2(1 + items)).
EVIDENCE_WEIGHTS = {
    "subject": 1.5,
    "handle": 1.5,
    "version": 1.0,
    "org suffix": 1.0,
    "bold": 0.5,
    "name casing": 0.5,
}
CANDIDATE_COLUMNS = ["term", "items", "score", "evidence", "origin", "example_headline"]


def unknown_organization_candidates(
    con, f: Filters, limit: int = 30, min_items: int = 2
) -> pd.DataFrame:
    """term, items, score, evidence, origin, example_headline — names the alias table lacks.

    Candidates are capitalised Latin names (`Nested Learning`, `Zyphra`) and bold terms
    with evidence of being a name (below) that no alias, handle or product family covers.
    They are ranked by how organisation- or product-like they are: `score` is
    log2(1 + items) plus `EVIDENCE_WEIGHTS` for each kind of evidence seen in any item
    (`evidence` lists them): the subject of 发布/推出/宣布/launches/releases; matching an
    account name of the item (`@zyphra_ai`, `github.com/zyphra`, its author); a version
    after it; an organisation suffix (AI, Labs, 科技 …); bold type; mixed or title casing.
    Never suggested: terms of data/not_organizations.txt (LLM, Agent, GPU, API, Token …)
    and data/generic_terms.txt,
    stop words, ordinary English words, and background terms (in at least
    `BACKGROUND_SHARE` of the items on half of their days or more).
    """
    # The text columns come with the filtered items (no join of `items` with
    # itself), in storage order, and are read in batches: fetching every row
    # at once held all texts in memory (about 1 GB for 1M items).
    cursor = sql(
        "SELECT headline, summary, bold_terms, handle, published_at::DATE FROM ({filtered})",
        filtered=filtered_items(f, ("headline", "summary", "bold_terms", "handle")),
    ).run(con)
    table = load_alias_table()
    known = {form.lower() for form in table.surface_forms} | set(table.handles)
    stop = load_stopwords() | not_organizations()
    verdicts: dict[str, bool] = {}  # terms repeat across items; each is judged (tagger run) once
    items_with: Counter[str] = Counter()
    days_with: dict[str, set] = {}
    origins: dict[str, set[str]] = {}
    evidence: dict[str, set[str]] = {}
    examples: dict[str, str] = {}
    total_items, all_days = 0, set()
    for headline, summary, bold_terms, author_handle, day in _batches(cursor):
        total_items += 1
        all_days.add(day)
        text = normalize_text(f"{headline}\n{summary}")
        handles = {h.lower() for h in _TEXT_HANDLE.findall(text)}
        if author_handle:
            handles.add(author_handle.lower())
        found: dict[str, tuple[set[str], set[str]]] = {}
        for match in _LATIN_NAME.finditer(text):
            term = match.group(1)
            seen = found.setdefault(term, (set(), set()))
            seen[0].add("capitalized")
            seen[1].update(_evidence_at(text, match.start(1), match.end(1), term, handles))
        for term in bold_terms or []:
            term = normalize_text(term).strip()
            if len(term) <= 30:
                seen = found.setdefault(term, (set(), set()))
                seen[0].add("bold")
                seen[1].add("bold")
                at = text.find(term)
                if at >= 0:
                    seen[1].update(_evidence_at(text, at, at + len(term), term, handles))
        for term, (origin, kinds) in found.items():
            worth = verdicts.get(term)
            if worth is None:
                worth = verdicts[term] = _worth_suggesting(term, known, stop)
            if not worth or not (origin & {"capitalized"} or kinds & _NAME_EVIDENCE):
                continue  # a bold CJK phrase needs more than bold type to be a name
            items_with[term] += 1
            days_with.setdefault(term, set()).add(day)
            origins.setdefault(term, set()).update(origin)
            evidence.setdefault(term, set()).update(kinds)
            examples.setdefault(term, headline)
    rows = []
    for term, n in items_with.items():
        if n < min_items:
            continue
        if n >= BACKGROUND_SHARE * total_items and 2 * len(days_with[term]) >= len(all_days) > 1:
            continue
        kinds = evidence[term]
        score = math.log2(1 + n) + sum(EVIDENCE_WEIGHTS[k] for k in kinds)
        rows.append(
            (
                term,
                n,
                round(score, 3),
                ", ".join(k for k in EVIDENCE_WEIGHTS if k in kinds),
                ", ".join(sorted(origins[term])),
                examples[term],
            )
        )
    rows.sort(key=lambda r: (-r[2], -r[1], r[0]))
    return pd.DataFrame(rows[:limit], columns=CANDIDATE_COLUMNS)


def _evidence_at(text: str, start: int, end: int, term: str, handles: set[str]) -> set[str]:
    kinds = set()
    if _LAUNCH_AFTER.match(text, end):
        kinds.add("subject")
    if _VERSION_AFTER.match(text, end):
        kinds.add("version")
    if _ORG_SUFFIX.search(term):
        kinds.add("org suffix")
    if re.search(r"[a-z][A-Z]", term) or " " in term:
        kinds.add("name casing")
    squashed = re.sub(r"[\s.-]", "", term).lower()
    if any(squashed and (squashed in h.replace("_", "").replace("-", "")) for h in handles):
        kinds.add("handle")
    return kinds


def _batches(cursor, size: int = 10_000):
    while rows := cursor.fetchmany(size):
        yield from rows


def _worth_suggesting(term: str, known: set[str], stop: frozenset[str]) -> bool:
    lowered = term.lower()
    if len(term) < 3 or lowered in known or lowered in stop or not any(ch.isalpha() for ch in term):
        return False
    if lowered.isascii() and " " not in term and zipf_frequency(lowered) >= ORDINARY_WORD_ZIPF:
        return False  # `Agent`, `Token`, `Vision`: an ordinary word, however it is cased
    # `Boston Dynamics CTO`, `Rubin芯片架构`, `GPT-5.4`: a known name or model inside it.
    tagger = default_tagger()
    return not tagger.mentions(term) and not tagger.products.find(term)
