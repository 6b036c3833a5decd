"""Companies and sources over time, rankings, co-mentions, and alias-table gaps."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from analysis.enrich.entities import default_tagger
from analysis.enrich.reference import load_alias_table, load_stopwords, normalize_text
from analysis.enrich.sources import SOURCE_KEY_SQL
from analysis.query.filters import Filters, filtered_items_sql
from analysis.query.series import keyed_series


def _company_pairs_sql(include_products: bool) -> tuple[str, list]:
    return (
        "SELECT item_id, company AS key FROM item_companies WHERE (? OR NOT via_product)",
        [include_products],
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
    sql, params = _company_pairs_sql(include_products)
    return keyed_series(con, f, sql, params, keys=companies)


def top_companies(con, f: Filters, limit: int = 20, include_products: bool = True) -> pd.DataFrame:
    """company, items (mentioning it), share (of filtered items), product_items (via a product only)."""
    items_sql, params = filtered_items_sql(f)
    return con.execute(
        f"""
        WITH filtered AS ({items_sql}),
        total AS (SELECT count(*) AS n FROM filtered),
        per_item AS (
            SELECT c.company, c.item_id, bool_and(c.via_product) AS only_products
            FROM item_companies c JOIN filtered USING (item_id)
            WHERE ? OR NOT c.via_product
            GROUP BY c.company, c.item_id)
        SELECT company, count(*) AS items, count(*) / any_value(total.n) AS share,
               count(*) FILTER (WHERE only_products) AS product_items
        FROM per_item, total
        GROUP BY company ORDER BY items DESC, company LIMIT ?""",
        params + [include_products, limit],
    ).df()


def co_mentions(con, f: Filters, limit: int = 50, include_products: bool = False) -> pd.DataFrame:
    """company_a, company_b (a < b), items mentioning both."""
    items_sql, params = filtered_items_sql(f)
    return con.execute(
        f"""
        WITH filtered AS ({items_sql}),
        mentions AS (SELECT DISTINCT c.item_id, c.company FROM item_companies c JOIN filtered USING (item_id)
                     WHERE ? OR NOT c.via_product)
        SELECT a.company AS company_a, b.company AS company_b, count(*) AS items
        FROM mentions a JOIN mentions b ON a.item_id = b.item_id AND a.company < b.company
        GROUP BY 1, 2 ORDER BY items DESC, 1, 2 LIMIT ?""",
        params + [include_products, limit],
    ).df()


# Sources are keyed by handle when there is one, so one person under two display
# names counts once; the label shown is the name seen most often.
_SOURCE_KEY = SOURCE_KEY_SQL


def top_sources(con, f: Filters, limit: int = 20) -> pd.DataFrame:
    """source_key, source (display), handle, platform, affiliation, items, share."""
    items_sql, params = filtered_items_sql(f)
    # The distinct count once (it was spelled, and computed, twice).
    return con.execute(
        f"""
        WITH filtered AS ({items_sql}), total AS (SELECT count(*) AS n FROM filtered),
        counted AS (
            SELECT {_SOURCE_KEY} AS source_key, mode(s.source) AS source, any_value(s.handle) AS handle,
                   any_value(s.platform) AS platform, any_value(s.affiliation) AS affiliation,
                   count(DISTINCT s.item_id) AS items
            FROM item_sources s JOIN filtered USING (item_id)
            GROUP BY 1)
        SELECT source_key, source, handle, platform, affiliation, items, items / total.n AS share
        FROM counted, total
        ORDER BY items DESC, source LIMIT ?""",
        params + [limit],
    ).df()


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
    frame = keyed_series(
        con, f, f"SELECT item_id, {_SOURCE_KEY} AS key FROM item_sources s", [], keys=source_keys
    )
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
    items_sql, params = filtered_items_sql(f, ("headline", "summary", "bold_terms"))
    cursor = con.execute(f"SELECT headline, summary, bold_terms FROM ({items_sql})", params)
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
