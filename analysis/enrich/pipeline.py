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
from analysis.enrich.entities import default_tagger, item_text
from analysis.enrich.reference import COMPANIES_FILE, SOURCES_FILE, file_sha256, load_source_table
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


def enrich_entities(
    db_path: str | None = None, *, force: bool = False, progress: Progress | None = None
) -> int:
    """Tag company mentions and sources; returns the number of items tagged."""
    tables_sha = file_sha256(COMPANIES_FILE, SOURCES_FILE)
    with write_connection(db_path) as con:
        stale = force or _meta(con, "entities_tables_sha256") != tables_sha
        if stale:
            con.execute("BEGIN TRANSACTION")
            con.execute("DELETE FROM item_companies")
            con.execute("DELETE FROM item_sources")
            _set_meta(con, "entities_upto", "0")
            _set_meta(con, "entities_tables_sha256", tables_sha)
            con.execute("COMMIT")
        watermark = int(_meta(con, "entities_upto") or 0)
        total = con.execute("SELECT count(*) FROM items WHERE item_id > ?", [watermark]).fetchone()[
            0
        ]
    tagger, source_table = default_tagger(), load_source_table()
    done = 0
    while True:
        batch = _items_above(
            db_path,
            watermark,
            "i.item_id, headline, summary, author, handle, url_host",
            ENTITY_BATCH,
        )
        if not batch:
            break
        companies: dict[str, list] = {
            "item_id": [],
            "company": [],
            "mention": [],
            "start": [],
            "via_product": [],
        }
        sources: dict[str, list] = {
            "item_id": [],
            "source": [],
            "handle": [],
            "platform": [],
            "affiliation": [],
        }
        for item_id, headline, summary, author, handle, host in batch:
            for m in tagger.mentions(item_text(headline, summary)):
                for key, value in zip(
                    companies, (item_id, m.company, m.mention, m.start, m.via_product), strict=False
                ):
                    companies[key].append(value)
            src = resolve_source(source_table, author, handle, host)
            if src is not None:
                for key, value in zip(
                    sources,
                    (item_id, src.source, src.handle, src.platform, src.affiliation),
                    strict=False,
                ):
                    sources[key].append(value)
        watermark = batch[-1][0]
        with write_connection(db_path) as con:
            con.execute("BEGIN TRANSACTION")
            insert_columns(con, "item_companies", companies)
            insert_columns(con, "item_sources", sources)
            _set_meta(con, "entities_upto", str(watermark))
            con.execute("COMMIT")
        done += len(batch)
        if progress:
            progress("companies & sources", done, total)
    return done


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


def _category_cache_key(content_sha256: str, declared: list[str] | None) -> str:
    # Categories depend on the digest's declared list as well as on the item text.
    return hashlib.sha256(
        f"{content_sha256}|{json.dumps(declared or [], ensure_ascii=False)}".encode()
    ).hexdigest()


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
            f"{series} AS series, i.tags",
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
                    list(row[7] or []),
                ),
                boilerplate.templates(row[6]),
            )
            for row in batch
        ]
        hits = lexicon_hits([f"{d.headline}\n{d.summary}" for d in item_docs])
        keyword_keys = [keyword_cache_key(d, h) for d, h in zip(item_docs, hits, strict=True)]
        keyword_cache = cached_payloads(db_path, keyword_keys, backend.name, "keywords")
        category_keys = [_category_cache_key(row[4], row[5]) for row in batch]
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
                docs, [list(batch[i][5] or []) for i in missing], backend
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
    """Terms the stored digests mark themselves: bold terms, `#tags`, headline subjects.

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
        tags = [
            str(row[0]).lstrip("#＃")
            for row in con.execute(
                "SELECT DISTINCT unnest(tags) FROM items WHERE tags IS NOT NULL"
            ).fetchall()
            if row[0]
        ]
        subjects = [
            row[0]
            for row in con.execute(
                "SELECT DISTINCT regexp_extract(headline, ?, 1) FROM items",
                [HEADLINE_SUBJECT_PATTERN],
            ).fetchall()
            if row[0]
        ]
    return sorted(set(bold_keyword_terms(sorted(bold))) | set(tags) | set(subjects))


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
