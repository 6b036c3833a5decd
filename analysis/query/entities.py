"""Companies and sources over time, rankings, co-mentions, and alias-table gaps."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from analysis.enrich.entities import default_tagger
from analysis.enrich.reference import load_alias_table, load_stopwords, normalize_text
from analysis.query import sql as fragments
from analysis.query.filters import Filters, filtered_items
from analysis.query.series import keyed_series
from analysis.query.sql import sql


def _company_pairs(include_products: bool):
    return sql(
        "SELECT item_id, company AS key FROM item_companies WHERE ({products} OR NOT via_product)",
        products=include_products,
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
        companies = top_companies(con, f, limit=top_n, include_products=include_products)[
            "company"
        ].tolist()
    return keyed_series(con, f, _company_pairs(include_products), wanted=companies)


def top_companies(con, f: Filters, limit: int = 20, include_products: bool = True) -> pd.DataFrame:
    """company, items (mentioning it), share (of filtered items), product_items (via a product only)."""
    counted = sql(
        """
        SELECT company, count(*) AS items, count(*) FILTER (WHERE only_products) AS product_items
        FROM (SELECT c.company, c.item_id, bool_and(c.via_product) AS only_products
              FROM item_companies c JOIN filtered USING (item_id)
              WHERE {products} OR NOT c.via_product
              GROUP BY c.company, c.item_id)
        GROUP BY company""",
        products=include_products,
    )
    query = fragments.share_of_filtered(
        filtered_items(f),
        counted,
        ("company", "items", "share", "product_items"),
        "items DESC, company",
        limit,
    )
    return query.run(con).df()


def co_mentions(con, f: Filters, limit: int = 50, include_products: bool = False) -> pd.DataFrame:
    """company_a, company_b (a < b), items mentioning both."""
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
    """source_key, source (display: the name seen most often), handle, platform, affiliation,
    items, share."""
    counted = sql(
        """
        SELECT {source_key} AS source_key, mode(s.source) AS source, any_value(s.handle) AS handle,
               any_value(s.platform) AS platform, any_value(s.affiliation) AS affiliation,
               count(DISTINCT s.item_id) AS items
        FROM item_sources s JOIN filtered USING (item_id)
        GROUP BY 1""",
        source_key=fragments.source_key("s"),
    )
    query = fragments.share_of_filtered(
        filtered_items(f),
        counted,
        ("source_key", "source", "handle", "platform", "affiliation", "items", "share"),
        "items DESC, source",
        limit,
    )
    return query.run(con).df()


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
    frame = keyed_series(con, f, pairs, wanted=source_keys)
    frame["label"] = frame["key"].map(lambda k: labels.get(k, k))
    return frame


_LATIN_NAME = re.compile(
    r"(?<![A-Za-z0-9])([A-Z][A-Za-z0-9]*(?:[ -][A-Z0-9][A-Za-z0-9]*){0,3})(?![A-Za-z0-9])"
)


def unknown_organization_candidates(
    con, f: Filters, limit: int = 30, min_items: int = 2
) -> pd.DataFrame:
    """term, items, origin, example_headline — frequent names the alias table lacks.

    Candidates are capitalized Latin terms (`Nested Learning`, `Qwen4`) and bold
    terms that no alias or product covers, for users to extend
    data/companies.toml. `origin` is `capitalized`, `bold` or `bold, capitalized`.
    """
    # The text columns come with the filtered items (no join of `items` with
    # itself), in storage order, and are read in batches: fetching every row
    # at once held all texts in memory (about 1 GB for 1M items).
    cursor = sql(
        "SELECT headline, summary, bold_terms FROM ({filtered})",
        filtered=filtered_items(f, ("headline", "summary", "bold_terms")),
    ).run(con)
    known = {form.lower() for form in load_alias_table().surface_forms}
    stop = load_stopwords()
    verdicts: dict[str, bool] = {}  # terms repeat across items; each is judged (tagger run) once
    items_with: Counter[str] = Counter()
    origins: dict[str, set[str]] = {}
    examples: dict[str, str] = {}
    for headline, summary, bold_terms in _batches(cursor):
        text = normalize_text(f"{headline}\n{summary}")
        found: dict[str, str] = {}
        for term in _LATIN_NAME.findall(text):
            found.setdefault(term, "capitalized")
        for term in bold_terms or []:
            term = normalize_text(term).strip()
            if len(term) <= 30:
                found[term] = "bold" if found.get(term, "bold") == "bold" else "bold, capitalized"
        for term, origin in found.items():
            worth = verdicts.get(term)
            if worth is None:
                worth = verdicts[term] = _worth_suggesting(term, known, stop)
            if not worth:
                continue
            items_with[term] += 1
            origins.setdefault(term, set()).update(origin.split(", "))
            examples.setdefault(term, headline)
    ranked = [
        (term, n, ", ".join(sorted(origins[term])), examples[term])
        for term, n in items_with.most_common()
        if n >= min_items
    ][:limit]
    return pd.DataFrame(ranked, columns=["term", "items", "origin", "example_headline"])


def _batches(cursor, size: int = 10_000):
    while rows := cursor.fetchmany(size):
        yield from rows


def _worth_suggesting(term: str, known: set[str], stop: frozenset[str]) -> bool:
    lowered = term.lower()
    if len(term) < 3 or lowered in known or lowered in stop or not any(ch.isalpha() for ch in term):
        return False
    # `Boston Dynamics CTO`, `Rubin芯片架构`: already covered by a known name inside it.
    return not default_tagger().mentions(term)
