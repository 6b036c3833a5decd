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

from analysis.enrich.keywords import normalize_keyword
from analysis.query.filters import Filters, filtered_items_sql
from analysis.query.series import keyed_series

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


def term_items_sql(term: str, f: Filters) -> tuple[str, list]:
    """SQL yielding `item_id` (possibly repeated) of every item that mentions the term."""
    spellings = parse_term(term)
    if not spellings:
        return "SELECT CAST(NULL AS BIGINT) AS item_id WHERE FALSE", []
    norms = sorted({normalize_keyword(s) for s in spellings} | {s.casefold() for s in spellings})
    sql = """
        SELECT item_id FROM items
        WHERE regexp_matches(coalesce(headline, '') || chr(10) || coalesce(summary, ''), ?)
        UNION ALL
        SELECT item_id FROM item_keywords
        WHERE list_contains(?, keyword_norm) AND (model = ? OR model = '')
        UNION ALL
        SELECT item_id FROM item_companies WHERE list_contains(?, lower(company))"""
    return sql, [text_pattern(spellings), norms, f.model, norms]


def term_series(con, f: Filters, terms: tuple[str, ...]) -> pd.DataFrame:
    """bucket, key (the term as given), label, count, items, share, partial — for free terms."""
    terms = clean_terms(terms)
    if not terms:
        return keyed_series(con, f, "SELECT NULL AS item_id, NULL AS key WHERE FALSE", [], keys=[])
    parts, params = [], []
    for term in terms:
        sql, term_params = term_items_sql(term, f)
        parts.append(f"SELECT item_id, CAST(? AS VARCHAR) AS key FROM ({sql})")
        params += [term, *term_params]
    frame = keyed_series(con, f, " UNION ALL ".join(parts), params, keys=list(terms))
    frame["label"] = frame["key"].map(lambda k: k.replace("|", " | "))
    return frame


def term_totals(con, f: Filters, terms: tuple[str, ...]) -> pd.DataFrame:
    """term, items (filtered items mentioning it), share — one row per term, in the order given."""
    terms = clean_terms(terms)
    items_sql, params = filtered_items_sql(f)
    rows = []
    total = int(con.execute(f"SELECT count(*) FROM ({items_sql})", params).fetchone()[0])
    for term in terms:
        sql, term_params = term_items_sql(term, f)
        n = con.execute(
            f"""WITH filtered AS ({items_sql})
                SELECT count(*) FROM filtered WHERE item_id IN ({sql})""",
            params + term_params,
        ).fetchone()[0]
        rows.append((term, int(n), (int(n) / total) if total else 0.0))
    return pd.DataFrame(rows, columns=["term", "items", "share"])


def vocabulary(con, f: Filters, limit: int = 5000) -> list[str]:
    """Every keyword (its usual spelling) and company, most mentioned first, for autocompletion.

    Over the whole database, not the selected range: a reader may compare a
    term that this range does not mention yet.
    """
    rows = con.execute(
        """
        WITH keywords AS (
            SELECT mode(keyword) AS term, count(DISTINCT item_id) AS items FROM item_keywords
            WHERE model = ? OR model = '' GROUP BY keyword_norm),
        companies AS (
            SELECT company AS term, count(DISTINCT item_id) AS items FROM item_companies GROUP BY 1),
        both_kinds AS (SELECT * FROM keywords UNION ALL SELECT * FROM companies)
        SELECT term FROM both_kinds GROUP BY term ORDER BY max(items) DESC, term LIMIT ?""",
        [f.model, limit],
    ).fetchall()
    return [r[0] for r in rows]
