"""Free terms, as a reader types them: `英伟达|NVIDIA` is one term with two spellings.

An item mentions a term when, for any of its spellings, the item
- mentions it in its headline or summary (case-insensitive; a Latin spelling
  only as a whole word, so `AI` does not match `said`), or
- carries it as a keyword (compared in normalised form, so `英伟达` also finds
  the keyword `NVIDIA`), or
- names it as a company (the alias table's canonical name, so `谷歌` finds Google).

This is what the Compare and Related pages count, over the whole vocabulary,
not only the top lists.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.enrich.normalize import normalize_keyword
from analysis.query import sql as fragments
from analysis.query.filters import Filters, filtered_items
from analysis.query.series import keyed_series
from analysis.query.sql import Sql, join, sql

MAX_TERMS = 5
MAX_SPELLINGS = 8
MAX_SPELLING_LENGTH = 80
_LATIN_WORD = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .+#&'_-]*$")


def parse_term(text: str) -> tuple[str, ...]:
    """The spellings of one typed term, `|`-separated, blanks and repeats dropped."""
    seen: dict[str, str] = {}
    for part in str(text).split("|"):
        spelling = " ".join(part.split())[:MAX_SPELLING_LENGTH]
        if spelling and spelling.casefold() not in seen:
            seen[spelling.casefold()] = spelling
    return tuple(seen.values())[:MAX_SPELLINGS]


def clean_terms(texts) -> tuple[str, ...]:
    """Up to MAX_TERMS distinct terms, each in a canonical `a|b` form."""
    terms: dict[str, str] = {}
    for text in texts:
        spellings = parse_term(text)
        if spellings:
            joined = "|".join(spellings)
            terms.setdefault(joined.casefold(), joined)
    return tuple(terms.values())[:MAX_TERMS]


def text_pattern(spellings: tuple[str, ...]) -> str:
    """One RE2 pattern (case-insensitive) matching any spelling; Latin ones only as whole words."""
    parts = []
    for spelling in spellings:
        escaped = re.escape(spelling)
        if _LATIN_WORD.match(spelling):
            parts.append(f"(?:^|[^a-z0-9]){escaped}(?:$|[^a-z0-9])")
        else:
            parts.append(escaped)
    return "(?is)(?:" + "|".join(parts) + ")"


def term_items(term: str, f: Filters) -> Sql:
    """SQL yielding `item_id` (possibly repeated) of every item that mentions the term."""
    spellings = parse_term(term)
    if not spellings:
        return Sql("SELECT CAST(NULL AS BIGINT) AS item_id WHERE FALSE")
    norms = sorted({normalize_keyword(s) for s in spellings} | {s.casefold() for s in spellings})
    return sql(
        """
        SELECT item_id FROM items
        WHERE regexp_matches(coalesce(headline, '') || chr(10) || coalesce(summary, ''), {pattern})
        UNION ALL
        SELECT item_id FROM item_keywords WHERE list_contains({norms}, keyword_norm) AND {visible}
        UNION ALL
        SELECT item_id FROM item_companies WHERE list_contains({norms}, lower(company))""",
        pattern=text_pattern(spellings),
        norms=norms,
        visible=fragments.keyword_visible(f.model),
    )


def term_series(con, f: Filters, terms: tuple[str, ...]) -> pd.DataFrame:
    """bucket, key (the term as given), label, count, items, share, partial — for free terms."""
    terms = clean_terms(terms)
    if not terms:
        return keyed_series(con, f, Sql("SELECT NULL AS item_id, NULL AS key WHERE FALSE"), [])
    pairs = join(
        [
            sql(
                "SELECT item_id, CAST({term} AS VARCHAR) AS key FROM ({items})",
                term=term,
                items=term_items(term, f),
            )
            for term in terms
        ],
        " UNION ALL ",
    )
    frame = keyed_series(con, f, pairs, list(terms))
    frame["label"] = frame["key"].map(lambda k: k.replace("|", " | "))
    return frame


def term_totals(con, f: Filters, terms: tuple[str, ...]) -> pd.DataFrame:
    """term, items (filtered items mentioning it), share — one row per term, in the order given."""
    terms = clean_terms(terms)
    filtered = filtered_items(f)
    total = sql("SELECT count(*) FROM ({filtered})", filtered=filtered).run(con).fetchone()[0]
    rows = []
    for term in terms:
        n = (
            sql(
                "WITH filtered AS ({filtered}) SELECT count(*) FROM filtered WHERE item_id IN ({items})",
                filtered=filtered,
                items=term_items(term, f),
            )
            .run(con)
            .fetchone()[0]
        )
        rows.append((term, int(n), (int(n) / total) if total else 0.0))
    return pd.DataFrame(rows, columns=["term", "items", "share"])


def vocabulary(con, f: Filters, limit: int = 5000) -> list[str]:
    """Every keyword (its usual spelling) and company, most mentioned first, for autocompletion.

    Over the whole database, not the selected range: a reader may compare a
    term that this range does not mention yet.
    """
    rows = (
        sql(
            """
        WITH keywords AS (
            SELECT mode(keyword) AS term, count(DISTINCT item_id) AS items FROM item_keywords
            WHERE {visible} GROUP BY keyword_norm),
        companies AS (
            SELECT company AS term, count(DISTINCT item_id) AS items FROM item_companies GROUP BY 1),
        both_kinds AS (SELECT * FROM keywords UNION ALL SELECT * FROM companies)
        SELECT term FROM both_kinds GROUP BY term ORDER BY max(items) DESC, term LIMIT {limit}""",
            visible=fragments.keyword_visible(f.model),
            limit=limit,
        )
        .run(con)
        .fetchall()
    )
    return [r[0] for r in rows]
