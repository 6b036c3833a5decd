"""Enrichment at ingest: companies, sources, keywords and item categories.

Each step works on the items above its watermark (item ids only grow, and a
replaced digest gets new ids), so re-running does nothing. Companies and
sources are cheap and re-tag everything when their table in data/ changes.
Keywords and categories are expensive: they are cached in `enrichment_cache` by
model name and a key over everything that changes them (keywords: the item's
text without boilerplate, its bold terms, the rules version, the word lists and
the marked terms found in its text, `analysis.enrich.keywords.keyword_cache_key`;
categories: content hash and declared categories), so an unchanged item under a
new digest costs nothing and switching models recomputes each item once.

Computation happens outside the write lock; each batch is written in its own
short transaction, so readers get in between.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from analysis import settings
from analysis.enrich import reference
from analysis.enrich.boilerplate import (
    BOILERPLATE_FILE,
    BoilerplateIndex,
    blank_boilerplate,
    refresh_boilerplate,
    series_sql,
)
from analysis.enrich.entities import default_tagger, item_text, reload_tables
from analysis.enrich.products import PRODUCTS_FILE
from analysis.enrich.reference import SOURCES_FILE, add_alias, file_sha256, load_source_table
from analysis.enrich.sources import resolve_source
from analysis.store.db import read_connection, write_connection
from analysis.store.schema import arrow_schema
from analysis.store.write import insert_columns

ENTITY_BATCH = 20_000
# Real items are a few hundred characters; segmentation and embedding cost grows with
# length, so a pathological item (a 1M-character summary) is read only this far.
MAX_HEADLINE_CHARS = 500
MAX_SUMMARY_CHARS = 5_000
Progress = Callable[[str, int, int], None]


@dataclass
class EnrichSummary:
    tagged_entities: int = 0
    keyword_items: int = 0
    keyword_items_from_cache: int = 0
    category_items: int = 0
    embedded_items: int = 0
    story_items: int = 0


def _meta(con, key: str) -> str | None:
    row = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def _set_meta(con, key: str, value: str) -> None:
    con.execute("DELETE FROM meta WHERE key = ?", [key])
    con.execute("INSERT INTO meta VALUES (?, ?)", [key, value])


def _items_above(db_path: str | None, watermark: int, columns: str, limit: int) -> list[tuple]:
    """Rows of the next items after the watermark; NULLs stay None (not NaN)."""
    with read_connection(db_path) as con:
        return con.execute(
            f"SELECT {columns} FROM items i JOIN digests d USING (digest_id) "
            "WHERE i.item_id > ? ORDER BY i.item_id LIMIT ?",
            [watermark, limit],
        ).fetchall()


_ENTITY_ROW_COLUMNS = "i.item_id, headline, summary, author, handle, url_host, {series} AS series"
# Bumped when tagging changes in a way the tables' hashes do not show.
ENTITY_RULES_VERSION = "2"


def _tag_entities(rows: list[tuple], boilerplate: BoilerplateIndex) -> tuple[dict, dict, dict]:
    """item_companies, item_products and item_sources rows for (item_id, headline, …) rows."""
    tagger, source_table = default_tagger(), load_source_table()
    companies: dict[str, list] = {name: [] for name in arrow_schema("item_companies").names}
    products: dict[str, list] = {name: [] for name in arrow_schema("item_products").names}
    sources: dict[str, list] = {name: [] for name in arrow_schema("item_sources").names}

    def add(columns: dict[str, list], values: tuple) -> None:
        for key, value in zip(columns, values, strict=True):
            columns[key].append(value)

    for item_id, headline, summary, author, handle, host, series in rows:
        text = blank_boilerplate(item_text(headline, summary), boilerplate.templates(series))
        mentions, found = tagger.tag(text)
        own = tagger.author_mention(handle)
        if own is not None:
            mentions.append(own)
        for m in mentions:
            add(companies, (item_id, m.company, m.mention, m.start, m.via_product))
        for p in found:
            add(products, (item_id, p.product, p.family, p.company, p.mention, p.start))
        src = resolve_source(source_table, author, handle, host)
        if src is not None:
            add(sources, (item_id, src.source, src.handle, src.platform, src.affiliation))
    return companies, products, sources


_ENTITY_TABLES = ("item_companies", "item_products", "item_sources")


def _write_entities(db_path: str | None, ids: list[int], rows, watermark: int | None) -> None:
    with write_connection(db_path) as con:
        con.execute("BEGIN TRANSACTION")
        for table, columns in zip(_ENTITY_TABLES, rows, strict=True):
            con.execute(f"DELETE FROM {table} WHERE list_contains(?, item_id)", [ids])
            insert_columns(con, table, columns)
        if watermark is not None:
            _set_meta(con, "entities_upto", str(watermark))
        con.execute("COMMIT")


def _boilerplate_fingerprint(index: BoilerplateIndex) -> str:
    lines = sorted(f"{series}\t{t}" for series, ts in index.by_series.items() for t in ts)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def enrich_entities(
    db_path: str | None = None, *, force: bool = False, progress: Progress | None = None
) -> int:
    """Tag company, product and model mentions and sources; returns the number of items tagged.

    Boilerplate sentences of the item's series (`analysis.enrich.boilerplate`) are read as
    blank. When the series' boilerplate changes, every item is tagged again (a few seconds
    per 100k items), so no mention from a sentence now known as boilerplate survives.
    """
    tables_sha = (
        file_sha256(reference.COMPANIES_FILE, SOURCES_FILE, PRODUCTS_FILE, BOILERPLATE_FILE)
        + ENTITY_RULES_VERSION
    )
    with write_connection(db_path) as con:
        stale = force or _meta(con, "entities_tables_sha256") != tables_sha
        if stale:
            _reset_entities(con, "entities_tables_sha256", tables_sha)
        watermark = int(_meta(con, "entities_upto") or 0)
        if not con.execute("SELECT count(*) FROM items WHERE item_id > ?", [watermark]).fetchone()[
            0
        ]:
            return 0
        boilerplate = refresh_boilerplate(con)
        fingerprint = _boilerplate_fingerprint(boilerplate)
        if _meta(con, "entities_boilerplate_sha256") != fingerprint:
            _reset_entities(con, "entities_boilerplate_sha256", fingerprint)
            watermark = 0
        total = con.execute("SELECT count(*) FROM items WHERE item_id > ?", [watermark]).fetchone()[
            0
        ]
        columns = _ENTITY_ROW_COLUMNS.format(series=series_sql(con))
    done = 0
    while True:
        batch = _items_above(db_path, watermark, columns, ENTITY_BATCH)
        if not batch:
            break
        watermark = batch[-1][0]
        _write_entities(
            db_path, [row[0] for row in batch], _tag_entities(batch, boilerplate), watermark
        )
        done += len(batch)
        if progress:
            progress("companies & sources", done, total)
    return done


def _reset_entities(con, meta_key: str, value: str) -> None:
    """Forget every entity row: the next batches tag all items from the first."""
    con.execute("BEGIN TRANSACTION")
    for table in _ENTITY_TABLES:
        con.execute(f"DELETE FROM {table}")
    _set_meta(con, "entities_upto", "0")
    _set_meta(con, meta_key, value)
    con.execute("COMMIT")


def add_alias_and_retag(
    db_path: str | None, name: str, org: str, kind: str = "company"
) -> tuple[str, int]:
    """Add `name` to organisation `org` in data/companies.toml, then re-tag every item.

    Returns the edit's outcome (`reference.add_alias`) and the number of items re-tagged.
    """
    outcome = add_alias(name, org, kind=kind)
    reload_tables()
    return outcome, enrich_entities(db_path)


def enrich_all(
    db_path: str | None = None,
    progress: Progress | None = None,
    model: str | None = None,
    backend=None,
) -> EnrichSummary:
    """Every enrichment step, each doing only what is missing."""
    summary = EnrichSummary()
    summary.tagged_entities = enrich_entities(db_path, progress=progress)
    enrich_keywords(db_path, summary, model=model, backend=backend, progress=progress)
    # After keywords: their document vectors are still in the in-process cache.
    from analysis.enrich.stories import enrich_stories

    summary.embedded_items, summary.story_items = enrich_stories(
        db_path, backend=backend, model=model, progress=progress
    )
    return summary


# Bumped when category rules change in a way the inputs do not show.
CATEGORY_RULES_VERSION = "2"


def _category_cache_key(
    content_sha256: str, declared: list[str] | None, evidence: tuple = ()
) -> str:
    """Categories depend on the item text, the digest's declared list, the item's section,
    source label and tags, the digest's tags, and the rules version."""
    payload = [declared or [], [list(v) if isinstance(v, list) else v for v in evidence]]
    return hashlib.sha256(
        f"{content_sha256}|{json.dumps(payload, ensure_ascii=False, default=str)}|"
        f"{CATEGORY_RULES_VERSION}".encode()
    ).hexdigest()


def _category_evidence_sql(con) -> str:
    """`section, source_label, item_tags, digest_tags` over `items i JOIN digests d`, NULL for a
    column this store does not have yet (they come with the real-digest parser)."""
    columns = {
        (table, column)
        for table, column in con.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_name IN ('items', 'digests')"
        ).fetchall()
    }

    def column(table: str, alias: str, name: str, as_name: str, empty: str) -> str:
        return (
            f"{alias}.{name} AS {as_name}" if (table, name) in columns else f"{empty} AS {as_name}"
        )

    return ", ".join(
        [
            column("items", "i", "section", "section", "NULL::VARCHAR"),
            column("items", "i", "source_label", "source_label", "NULL::VARCHAR"),
            column("items", "i", "tags", "item_tags", "NULL::VARCHAR[]"),
            column("digests", "d", "tags", "digest_tags", "NULL::VARCHAR[]"),
        ]
    )


def enrich_keywords(
    db_path: str | None = None,
    summary: EnrichSummary | None = None,
    *,
    model: str | None = None,
    backend=None,
    progress: Progress | None = None,
) -> EnrichSummary:
    """Keywords (KeyBERT + bold terms) and item categories for items above the model's watermark."""
    from analysis.enrich.background import refresh_keyword_background
    from analysis.enrich.boilerplate import refresh_boilerplate, series_sql
    from analysis.enrich.categorize import assign_categories
    from analysis.enrich.embeddings import get_backend
    from analysis.enrich.keywords import (
        ItemText,
        extract_keywords,
        keyword_cache_key,
        lexicon_hits,
        register_terms,
        strip_item_boilerplate,
    )

    summary = summary or EnrichSummary()
    backend = backend or get_backend(model)
    watermark_key = f"keywords_upto:{backend.name}"
    with write_connection(db_path) as con:
        boilerplate = refresh_boilerplate(con)
        series = series_sql(con)
        evidence = _category_evidence_sql(con)
    lexicon = corpus_lexicon(db_path)
    register_terms(lexicon)
    with read_connection(db_path) as con:
        watermark = int(_meta(con, watermark_key) or 0)
        total = con.execute("SELECT count(*) FROM items WHERE item_id > ?", [watermark]).fetchone()[
            0
        ]
    done = 0
    while True:
        batch = _items_above(
            db_path,
            watermark,
            "i.item_id, headline, summary, bold_terms, i.content_sha256, d.categories, "
            f"{series} AS series, {evidence}",
            batch_items(),
        )
        if not batch:
            break
        # The text keywords are read from: boilerplate sentences of the item's series out.
        item_docs = [
            strip_item_boilerplate(
                ItemText(
                    (row[1] or "")[:MAX_HEADLINE_CHARS],
                    (row[2] or "")[:MAX_SUMMARY_CHARS],
                    list(row[3] or []),
                ),
                boilerplate.templates(row[6]),
            )
            for row in batch
        ]
        hits = lexicon_hits([f"{d.headline}\n{d.summary}" for d in item_docs])
        keyword_keys = [keyword_cache_key(d, h) for d, h in zip(item_docs, hits, strict=True)]
        keyword_cache = cached_payloads(db_path, keyword_keys, backend.name, "keywords")
        category_keys = [_category_cache_key(row[4], row[5], row[7:]) for row in batch]
        category_cache = cached_payloads(db_path, category_keys, backend.name, "categories")
        missing = [
            i
            for i in range(len(batch))
            if keyword_keys[i] not in keyword_cache or category_keys[i] not in category_cache
        ]
        if missing:
            docs = [item_docs[i] for i in missing]
            keywords = extract_keywords(docs, backend, lexicon=lexicon)
            categories = assign_categories(
                docs,
                [list(batch[i][5] or []) for i in missing],
                backend,
                sections=[batch[i][7] for i in missing],
                source_labels=[batch[i][8] for i in missing],
                tags=[list(batch[i][9] or []) + list(batch[i][10] or []) for i in missing],
            )
            new_cache: dict[str, list] = {
                "content_sha256": [],
                "model": [],
                "kind": [],
                "payload": [],
            }
            for index, found, assigned in zip(missing, keywords, categories, strict=False):
                keyword_cache[keyword_keys[index]] = [
                    [k.keyword, k.keyword_norm, k.score, k.origin] for k in found
                ]
                category_cache[category_keys[index]] = [list(c) for c in assigned]
                for key, kind, payload in (
                    (keyword_keys[index], "keywords", keyword_cache[keyword_keys[index]]),
                    (category_keys[index], "categories", category_cache[category_keys[index]]),
                ):
                    for column, value in zip(
                        new_cache,
                        (key, backend.name, kind, json.dumps(payload, ensure_ascii=False)),
                        strict=False,
                    ):
                        new_cache[column].append(value)
        else:
            new_cache = {"content_sha256": [], "model": [], "kind": [], "payload": []}
        keyword_rows: dict[str, list] = {name: [] for name in arrow_schema("item_keywords").names}
        category_rows: dict[str, list] = {
            name: [] for name in arrow_schema("item_categories").names
        }
        for index, row in enumerate(batch):
            for keyword, norm, score, origin in keyword_cache[keyword_keys[index]]:
                values = (
                    row[0],
                    keyword,
                    norm,
                    score,
                    origin,
                    backend.name if origin != "bold" else "",
                )
                for column, value in zip(keyword_rows, values, strict=False):
                    keyword_rows[column].append(value)
            for category, score, method in category_cache[category_keys[index]]:
                for column, value in zip(
                    category_rows, (row[0], category, score, method), strict=False
                ):
                    category_rows[column].append(value)
        ids = [row[0] for row in batch]
        watermark = ids[-1]
        with write_connection(db_path) as con:
            con.execute("BEGIN TRANSACTION")
            # Bold rows belong to no model, and categories to the latest model: replace both.
            con.execute(
                "DELETE FROM item_keywords WHERE (model = ? OR model = '') AND list_contains(?, item_id)",
                [backend.name, ids],
            )
            con.execute("DELETE FROM item_categories WHERE list_contains(?, item_id)", [ids])
            insert_columns(con, "item_keywords", keyword_rows)
            insert_columns(con, "item_categories", category_rows)
            insert_columns(con, "enrichment_cache", new_cache)
            _set_meta(con, watermark_key, str(watermark))
            con.execute("COMMIT")
        summary.keyword_items += len(batch)
        summary.keyword_items_from_cache += len(batch) - len(missing)
        summary.category_items += len(batch)
        done += len(batch)
        if progress:
            progress("keywords & categories", done, total)
    with write_connection(db_path) as con:
        stale = (
            done
            or not con.execute(
                "SELECT count(*) FROM keyword_background WHERE model = ?", [backend.name]
            ).fetchone()[0]
        )
        if stale:
            refresh_keyword_background(con, backend.name)
    return summary


def corpus_lexicon(db_path: str | None = None) -> list[str]:
    """Terms the stored digests mark themselves: their bold terms and headline subjects.

    Sorted, so the dictionary (and so every item's keywords) does not depend on the
    order items were stored in. See `analysis.enrich.keywords.digest_marked_terms`.
    """
    from analysis.enrich.keywords import HEADLINE_SUBJECT_PATTERN, bold_keyword_terms

    with read_connection(db_path) as con:
        bold = [
            row[0]
            for row in con.execute(
                "SELECT DISTINCT unnest(bold_terms) FROM items WHERE bold_terms IS NOT NULL"
            ).fetchall()
        ]
        subjects = [
            row[0]
            for row in con.execute(
                "SELECT DISTINCT regexp_extract(headline, ?, 1) FROM items",
                [HEADLINE_SUBJECT_PATTERN],
            ).fetchall()
            if row[0]
        ]
    return sorted(set(bold_keyword_terms(sorted(bold))) | set(subjects))


def cached_payloads(
    db_path: str | None, hashes: list[str], model: str, kind: str
) -> dict[str, list]:
    if not hashes:
        return {}
    with read_connection(db_path) as con:
        rows = con.execute(
            "SELECT content_sha256, payload FROM enrichment_cache "
            "WHERE model = ? AND kind = ? AND list_contains(?, content_sha256)",
            [model, kind, hashes],
        ).fetchall()
    return {sha: json.loads(payload) for sha, payload in rows}


def batch_items() -> int:
    return settings.get_int("batch_items")
