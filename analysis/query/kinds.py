"""The kinds of thing a reader can follow over time — keywords, companies, and models when the
database has them — each as SQL yielding (item_id, key, label) pairs.

Rising and Related work on any kind listed here; a new kind (a table of
item_id → name) is one entry in `KINDS`.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.query import sql as fragments
from analysis.query.filters import Filters
from analysis.query.sql import Sql, sql


@dataclass(frozen=True)
class Kind:
    name: str  # "keyword", "company", "model", "category"
    table: str
    key_column: str
    label_sql: str  # an expression over the table's rows, aggregated per key with mode()
    uses_model: bool = False  # rows carry the embedding model's name (keywords)

    def pairs(self, f: Filters) -> Sql:
        """SELECT item_id, key, label over every row of the kind."""
        select = (
            f"SELECT item_id, {self.key_column} AS key, {self.label_sql} AS label FROM {self.table}"
        )
        if self.uses_model:
            return sql(select + " WHERE {visible}", visible=fragments.keyword_visible(f.model))
        return Sql(select)


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("keyword", "item_keywords", "keyword_norm", "keyword", uses_model=True),
        Kind("company", "item_companies", "company", "company"),
        Kind("model", "item_products", "product", "product"),
        Kind("category", "item_categories", "category", "category"),
    )
}


def available_kinds(con) -> list[str]:
    """The kinds whose table (with its key column) exists in this database."""
    present = {
        (table, column)
        for table, column in con.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
        ).fetchall()
    }
    return [name for name, kind in KINDS.items() if (kind.table, kind.key_column) in present]
