"""What goes with a term: the keywords, companies and models that co-occur with it, ranked by lift.

lift = P(key | term) / P(key) = together · N / (term_items · key_items), over
the filtered items. Lift 3 means items mentioning the term carry the key three
times as often as items in general; only keys with lift above 1 (seen with
the term more often than chance) are related. Keys seen with the term fewer than
`min_together` times are left out: on a handful of items lift is noise.
"""

from __future__ import annotations

import pandas as pd

from analysis.enrich.normalize import normalize_keyword
from analysis.query.filters import Filters, filtered_items
from analysis.query.kinds import KINDS
from analysis.query.sql import sql
from analysis.query.terms import parse_term, term_items

RELATED_COLUMNS = ["key", "label", "together", "key_items", "term_items", "lift"]


def related(
    con, f: Filters, term: str, kind: str = "keyword", limit: int = 25, min_together: int = 2
) -> pd.DataFrame:
    """key, label, together, key_items, term_items, lift — best lift first."""
    spellings = parse_term(term)
    if not spellings:
        return pd.DataFrame(columns=RELATED_COLUMNS)
    own = sorted({normalize_keyword(s) for s in spellings} | {s.casefold() for s in spellings})
    frame = (
        sql(
            """
        WITH filtered AS ({filtered}),
        total AS (SELECT count(*) AS n FROM filtered),
        focus AS (SELECT DISTINCT item_id FROM filtered WHERE item_id IN ({term_items})),
        pairs AS (SELECT p.item_id, p.key, p.label FROM ({pairs}) p JOIN filtered USING (item_id)),
        per_key AS (
            SELECT key, mode(label) AS label, count(DISTINCT item_id) AS key_items,
                   count(DISTINCT item_id) FILTER (WHERE item_id IN (SELECT item_id FROM focus)) AS together
            FROM pairs GROUP BY key)
        SELECT key, label, together, key_items, (SELECT count(*) FROM focus) AS term_items,
               together * (SELECT n FROM total) / (key_items * (SELECT count(*) FROM focus)) AS lift
        FROM per_key
        WHERE together >= {min_together} AND NOT list_contains({own}, lower(key))
          AND together * (SELECT n FROM total) > key_items * (SELECT count(*) FROM focus)
        ORDER BY lift DESC, together DESC, key LIMIT {limit}""",
            filtered=filtered_items(f),
            term_items=term_items(term, f),
            pairs=KINDS[kind].pairs(f),
            min_together=min_together,
            own=own,
            limit=limit,
        )
        .run(con)
        .df()
    )
    return frame[RELATED_COLUMNS]
