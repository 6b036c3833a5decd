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
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace

from analysis import settings
from analysis.enrich import reference
from analysis.enrich.boilerplate import (
    BOILERPLATE_SENTENCES_FILE,
    BoilerplateIndex,
    blank_boilerplate,
    refresh_boilerplate,
    series_sql,
)
from analysis.enrich.entities import default_tagger, item_text, reload_tables
from analysis.enrich.jobs import (
    ENTITIES_WATERMARK,
    STEP_ENTITIES,
    STEP_KEYWORDS,
    keywords_watermark,
)
from analysis.enrich.products import PRODUCTS_FILE
from analysis.enrich.reference import SOURCES_FILE, add_alias, file_sha256, load_source_table
from analysis.enrich.sources import resolve_source
from analysis.store import daily
from analysis.store.db import read_connection, write_connection
from analysis.store.schema import arrow_schema
from analysis.store.write import insert_columns, rollback_quietly

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
    rows = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchall()
    return rows[0][0] if rows else None


def _set_meta(con, key: str, value: str) -> None:
    con.execute("DELETE FROM meta WHERE key = ?", [key])
    con.execute("INSERT INTO meta VALUES (?, ?)", [key, value])


def resume_point(con, key: str) -> tuple[int, int]:
    """Where a step resumes: (its watermark, the number of items above it).

    Every step commits each batch together with its new watermark, so a killed run
    leaves whole batches behind it and the next run starts right after the last one.
    """
    watermark = int(_meta(con, key) or 0)
    total = con.execute("SELECT count(*) FROM items WHERE item_id > ?", [watermark]).fetchone()[0]
    return watermark, int(total)


def _items_above(con, watermark: int, columns: str, limit: int) -> list[tuple]:
    """Rows of the next items after the watermark; NULLs stay None (not NaN)."""
    return con.execute(
        f"SELECT {columns} FROM items i JOIN digests d USING (digest_id) "
        "WHERE i.item_id > ? ORDER BY i.item_id LIMIT ?",
        [watermark, limit],
    ).fetchall()


def write_above_watermark(
    db_path: str | None,
    key: str,
    batch_ids: list[int],
    rows: dict[str, dict[str, list]],
    *,
    cache_rows: dict[str, list] | None = None,
    before_insert: Callable | None = None,
    daily_tables: tuple[str, ...] = (),
) -> int:
    """Store one batch of enrichment rows and advance watermark `key`, in ONE transaction.

    The batch covers the items `batch_ids` (ascending); `rows` maps each table to its
    columns. The watermark is read inside the transaction, so when another process
    has meanwhile covered some of these items their rows are dropped here: two
    enrichments at once write each row once. `before_insert(con, item_ids)` runs
    first, on the ids about to be written; cache entries already stored are skipped; the
    per-day aggregates `daily_tables` are recomputed for the days of the ids written.
    Returns the watermark now stored, where the caller continues.
    """
    with write_connection(db_path) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            stored = int(_meta(con, key) or 0)
            fresh_ids = [i for i in batch_ids if i > stored]
            if before_insert is not None and fresh_ids:
                before_insert(con, fresh_ids)
            for table, columns in rows.items():
                insert_columns(
                    con, table, _rows_where(columns, [i > stored for i in columns["item_id"]])
                )
            daily.refresh(con, daily.days_of(con, "item_id", fresh_ids), daily_tables)
            if cache_rows is not None and cache_rows["content_sha256"]:
                insert_columns(con, "enrichment_cache", _new_cache_rows(con, cache_rows))
            upto = max(stored, batch_ids[-1])
            _set_meta(con, key, str(upto))
            con.execute("COMMIT")
        except BaseException:
            rollback_quietly(con)
            raise
    return upto


def _rows_where(columns: dict[str, list], keep: list[bool]) -> dict[str, list]:
    return {
        name: [v for v, k in zip(values, keep, strict=True) if k]
        for name, values in columns.items()
    }


def _new_cache_rows(con, cache_rows: dict[str, list]) -> dict[str, list]:
    """The cache rows whose key (content, model, kind) is neither stored nor repeated."""
    keys = list(
        zip(cache_rows["content_sha256"], cache_rows["model"], cache_rows["kind"], strict=True)
    )
    seen = {
        tuple(row)
        for row in con.execute(
            "SELECT content_sha256, model, kind FROM enrichment_cache "
            "WHERE list_contains(?, content_sha256)",
            [sorted({k[0] for k in keys})],
        ).fetchall()
    }
    keep = []
    for k in keys:
        keep.append(k not in seen)
        seen.add(k)
    return _rows_where(cache_rows, keep)


_ENTITY_ROW_COLUMNS = "i.item_id, headline, summary, author, handle, url_host, {series} AS series"
# Bumped when tagging changes in a way the tables' hashes do not show.
ENTITY_RULES_VERSION = "7"


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
        daily.refresh(con, daily.days_of(con, "item_id", ids), daily.ENTITY_TABLES)
        if watermark is not None:
            # Read here, inside the transaction: a run that is behind another never moves the
            # watermark back (its rows are exact anyway: the batch's rows are replaced).
            stored = int(_meta(con, ENTITIES_WATERMARK) or 0)
            _set_meta(con, ENTITIES_WATERMARK, str(max(stored, watermark)))
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
        file_sha256(
            reference.COMPANIES_FILE, SOURCES_FILE, PRODUCTS_FILE, BOILERPLATE_SENTENCES_FILE
        )
        + ENTITY_RULES_VERSION
    )
    with write_connection(db_path) as con:
        stale = force or _meta(con, "entities_tables_sha256") != tables_sha
        if stale:
            _reset_entities(con, "entities_tables_sha256", tables_sha)
        watermark = int(_meta(con, ENTITIES_WATERMARK) or 0)
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
        with read_connection(db_path) as con:
            batch = _items_above(con, watermark, columns, ENTITY_BATCH)
        if not batch:
            break
        watermark = batch[-1][0]
        _write_entities(
            db_path, [row[0] for row in batch], _tag_entities(batch, boilerplate), watermark
        )
        done += len(batch)
        if progress:
            progress(STEP_ENTITIES, done, total)
    return done


def _reset_entities(con, meta_key: str, value: str) -> None:
    """Forget every entity row: the next batches tag all items from the first."""
    con.execute("BEGIN TRANSACTION")
    for table in _ENTITY_TABLES:
        con.execute(f"DELETE FROM {table}")
    daily.refresh(con, None, daily.ENTITY_TABLES)
    _set_meta(con, ENTITIES_WATERMARK, "0")
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
    workers: int | None = None,
) -> EnrichSummary:
    """Every enrichment step, each doing only what is missing."""
    summary = EnrichSummary()
    summary.tagged_entities = enrich_entities(db_path, progress=progress)
    enrich_keywords(
        db_path, summary, model=model, backend=backend, workers=workers, progress=progress
    )
    # After keywords; with worker processes their document vectors are not in this process's
    # cache, so stories embed the items' text again here.
    from analysis.enrich.stories import enrich_stories

    summary.embedded_items, summary.story_items = enrich_stories(
        db_path, backend=backend, model=model, progress=progress
    )
    return summary


def _category_cache_key(content_sha256: str, evidence: CategoryEvidence, embed_chars: int) -> str:
    # Categories depend on the digest's declared list, the item's section, tags and source
    # label, and on how much text is embedded.
    cut = f"|{embed_chars}" if embed_chars else ""
    inputs = json.dumps(
        [evidence.declared, evidence.section, evidence.source_label, evidence.tags],
        ensure_ascii=False,
    )
    # Items without section, label or tags keep the key they had before those counted.
    if not (evidence.section or evidence.source_label or evidence.tags):
        inputs = json.dumps(evidence.declared, ensure_ascii=False)
    return hashlib.sha256(f"{content_sha256}|{inputs}{cut}".encode()).hexdigest()


@dataclass(frozen=True)
class CategoryEvidence:
    """What besides its text an item's categories are read from (`assign_categories`)."""

    declared: list[str]  # the digest's own categories
    section: str | None = None  # the heading the item sits under
    source_label: str | None = None  # kept out of the classifier's text
    tags: list[str] = field(default_factory=list)  # the item's and its digest's #tags


@dataclass(frozen=True)
class KeywordOptions:
    """How keywords and categories are computed (see `analysis.enrich.keywords`)."""

    selector: str = "numpy"  # MMR implementation: "numpy" or "keybert" (the reference)
    embed_chars: int | None = None  # None: the `embed_chars` setting

    def resolved_embed_chars(self) -> int:
        return settings.get_int("embed_chars") if self.embed_chars is None else self.embed_chars


def default_workers() -> int:
    """The `enrich_workers` setting; 0 means one process per CPU core this process may use."""
    configured = settings.get_int("enrich_workers")
    if configured > 0:
        return configured
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def compute_batch(
    docs: list,
    evidence: list[CategoryEvidence],
    backend,
    options: KeywordOptions,
    lexicon: list[str],
) -> tuple[list[list], list[list]]:
    """Keyword and category payloads (the `enrichment_cache` JSON shapes) for a batch of items."""
    from analysis.enrich.categorize import assign_categories
    from analysis.enrich.keywords import extract_keywords

    keywords = extract_keywords(
        docs, backend, lexicon=lexicon, selector=options.selector, embed_chars=options.embed_chars
    )
    categories = assign_categories(
        docs,
        [e.declared for e in evidence],
        backend,
        sections=[e.section for e in evidence],
        source_labels=[e.source_label for e in evidence],
        tags=[e.tags for e in evidence],
        embed_chars=options.embed_chars,
    )
    return (
        [[[k.keyword, k.keyword_norm, k.score, k.origin] for k in found] for found in keywords],
        [[list(c) for c in assigned] for assigned in categories],
    )


_WORKER: dict[str, object] = {}


def _exit_with_parent(parent: int) -> None:
    # A builder killed with SIGKILL cannot stop its pool; its workers would wait for work
    # forever, holding a model's memory and the output pipes of whoever started the build.
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _start_worker(model: str, options: KeywordOptions, lexicon: list[str]) -> None:
    from threadpoolctl import threadpool_limits

    from analysis.enrich.embeddings import get_backend
    from analysis.enrich.keywords import use_marked_terms

    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    # The workers already fill the cores; BLAS threads of their own only contend with them
    # (one thread each: 3-6% fewer CPU-seconds for the same keywords, 2,048 items).
    threadpool_limits(limits=1)
    use_marked_terms(lexicon)
    _WORKER.update(backend=get_backend(model), options=options, lexicon=lexicon)


def _compute_in_worker(
    docs: list, evidence: list[CategoryEvidence]
) -> tuple[list[list], list[list]]:
    return compute_batch(docs, evidence, _WORKER["backend"], _WORKER["options"], _WORKER["lexicon"])


class _InlineResult:
    def __init__(self, value) -> None:
        self.value = value

    def result(self):
        return self.value


@dataclass(frozen=True)
class _BatchContext:
    """What every batch of one run reads its keyword text with."""

    boilerplate: object  # analysis.enrich.boilerplate's templates per series
    series: str  # SQL expression of an item's series
    lexicon: list[str]


def enrich_keywords(
    db_path: str | None = None,
    summary: EnrichSummary | None = None,
    *,
    model: str | None = None,
    backend=None,
    workers: int | None = None,
    options: KeywordOptions | None = None,
    progress: Progress | None = None,
) -> EnrichSummary:
    """Keywords (KeyBERT-style MMR + bold terms) and item categories for items above the model's
    watermark.

    With more than one worker (default: `default_workers()`), batches are computed in that
    many processes, each loading the model once, while this process reads the next batches and
    writes finished ones in item order, each with its watermark. An explicit `backend` object
    (tests' fakes) is always used in this process.
    """
    from analysis.enrich.background import refresh_keyword_background
    from analysis.enrich.boilerplate import refresh_boilerplate, series_sql
    from analysis.enrich.embeddings import get_backend
    from analysis.enrich.keywords import use_marked_terms

    summary = summary or EnrichSummary()
    options = options or KeywordOptions()
    # Resolved here, so worker processes and cache keys agree on it.
    options = replace(options, embed_chars=options.resolved_embed_chars())
    explicit_backend = backend is not None
    backend = backend or get_backend(model)
    watermark_key = keywords_watermark(backend.name)
    with write_connection(db_path) as con:
        boilerplate = refresh_boilerplate(con)
        series = series_sql(con)
    lexicon = corpus_lexicon(db_path)
    use_marked_terms(lexicon)
    context = _BatchContext(boilerplate, series, lexicon)
    with read_connection(db_path) as con:
        watermark, total = resume_point(con, watermark_key)
    size = batch_items()
    wanted = 1 if explicit_backend else (workers or default_workers())
    # A process costs a model load (~1-2 s): start no more than there are batches to share.
    processes = min(wanted, -(-total // size)) if total else 1
    pool = None
    if processes > 1:
        pool = ProcessPoolExecutor(
            max_workers=processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(backend.name, options, lexicon),
        )
    in_flight: deque = deque()
    cursor = watermark
    exhausted = False
    done = 0
    try:
        while True:
            while not exhausted and len(in_flight) < max(1, 2 * processes):
                prepared = _prepare_batch(db_path, cursor, size, backend, options, pool, context)
                if prepared is None:
                    exhausted = True
                    break
                cursor = prepared["batch"][-1][0]
                in_flight.append(prepared)
                if pool is None:
                    break  # compute and write one batch at a time
            if not in_flight:
                break
            prepared = in_flight.popleft()
            written = _write_batch(db_path, prepared, backend.name, watermark_key)
            summary.keyword_items += written
            summary.keyword_items_from_cache += written - len(prepared["missing"])
            summary.category_items += written
            done += written
            if progress:
                progress(STEP_KEYWORDS, done, total)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
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


_KEYWORD_INPUT = (
    "i.item_id, headline, summary, bold_terms, i.content_sha256, d.categories, i.section, "
    "i.source_label, list_distinct(coalesce(i.tags, []) || coalesce(d.tags, [])) AS tags"
)


def _prepare_batch(
    db_path, cursor: int, size: int, backend, options: KeywordOptions, pool, context: _BatchContext
) -> dict | None:
    """Read the next batch after `cursor` and its cache entries (one connection: opening one
    costs about as much as computing an item), and start computing what is missing."""
    from analysis.enrich.keywords import (
        ItemText,
        keyword_cache_key,
        lexicon_hits,
        strip_item_boilerplate,
    )

    with read_connection(db_path) as con:
        batch = _items_above(con, cursor, f"{_KEYWORD_INPUT}, {context.series} AS series", size)
        if not batch:
            return None
        # The text keywords are read from: boilerplate sentences of the item's series out.
        item_docs = [
            strip_item_boilerplate(
                ItemText(
                    (row[1] or "")[:MAX_HEADLINE_CHARS],
                    (row[2] or "")[:MAX_SUMMARY_CHARS],
                    list(row[3] or []),
                ),
                context.boilerplate.templates(row[9]),
            )
            for row in batch
        ]
        hits = lexicon_hits([f"{d.headline}\n{d.summary}" for d in item_docs])
        chars = options.resolved_embed_chars()
        keyword_keys = [
            keyword_cache_key(d, h, chars) for d, h in zip(item_docs, hits, strict=True)
        ]
        keyword_cache = cached_payloads(con, keyword_keys, backend.name, "keywords")
        evidence = [
            CategoryEvidence(list(row[5] or []), row[6], row[7], sorted(row[8] or []))
            for row in batch
        ]
        category_keys = [
            _category_cache_key(row[4], found, chars)
            for row, found in zip(batch, evidence, strict=True)
        ]
        category_cache = cached_payloads(con, category_keys, backend.name, "categories")
    missing = [
        i
        for i in range(len(batch))
        if keyword_keys[i] not in keyword_cache or category_keys[i] not in category_cache
    ]
    result = None
    if missing:
        docs = [item_docs[i] for i in missing]
        wanted = [evidence[i] for i in missing]
        if pool is None:
            result = _InlineResult(compute_batch(docs, wanted, backend, options, context.lexicon))
        else:
            result = pool.submit(_compute_in_worker, docs, wanted)
    return {
        "batch": batch,
        "keyword_keys": keyword_keys,
        "keyword_cache": keyword_cache,
        "category_keys": category_keys,
        "category_cache": category_cache,
        "missing": missing,
        "result": result,
    }


def _write_batch(db_path, prepared: dict, model_name: str, watermark_key: str) -> int:
    """Store one batch's keywords, categories and new cache entries with its watermark."""
    batch, missing = prepared["batch"], prepared["missing"]
    keyword_cache, category_cache = prepared["keyword_cache"], prepared["category_cache"]
    category_keys, keyword_keys = prepared["category_keys"], prepared["keyword_keys"]
    new_cache: dict[str, list] = {name: [] for name in arrow_schema("enrichment_cache").names}
    if missing:
        keyword_payloads, category_payloads = prepared["result"].result()
        for index, found, assigned in zip(
            missing, keyword_payloads, category_payloads, strict=True
        ):
            keyword_cache[keyword_keys[index]] = found
            category_cache[category_keys[index]] = assigned
            for key, kind, payload in (
                (keyword_keys[index], "keywords", found),
                (category_keys[index], "categories", assigned),
            ):
                for column, value in zip(
                    new_cache,
                    (key, model_name, kind, json.dumps(payload, ensure_ascii=False)),
                    strict=True,
                ):
                    new_cache[column].append(value)
    keyword_rows: dict[str, list] = {name: [] for name in arrow_schema("item_keywords").names}
    category_rows: dict[str, list] = {name: [] for name in arrow_schema("item_categories").names}
    for index, row in enumerate(batch):
        for keyword, norm, score, origin in keyword_cache[keyword_keys[index]]:
            values = (row[0], keyword, norm, score, origin, model_name if origin != "bold" else "")
            for column, value in zip(keyword_rows, values, strict=True):
                keyword_rows[column].append(value)
        for category, score, method in category_cache[category_keys[index]]:
            for column, value in zip(category_rows, (row[0], category, score, method), strict=True):
                category_rows[column].append(value)

    def replace_older_rows(con, fresh_ids: list[int]) -> None:
        # Bold rows belong to no model, and categories to the latest model: replace both.
        con.execute(
            "DELETE FROM item_keywords WHERE (model = ? OR model = '') AND list_contains(?, item_id)",
            [model_name, fresh_ids],
        )
        con.execute("DELETE FROM item_categories WHERE list_contains(?, item_id)", [fresh_ids])

    write_above_watermark(
        db_path,
        watermark_key,
        [row[0] for row in batch],
        {"item_keywords": keyword_rows, "item_categories": category_rows},
        cache_rows=new_cache,
        before_insert=replace_older_rows,
        daily_tables=daily.KEYWORD_TABLES,
    )
    return len(batch)


def corpus_lexicon(db_path: str | None = None) -> list[str]:
    """Terms the stored digests mark themselves (`digest_marked_terms` over every item: bold
    terms, `#tags`, headline subjects), sorted, so the dictionary (and so every item's
    keywords) does not depend on the order items were stored or computed in."""
    from analysis.enrich.keywords import lexicon_of

    with read_connection(db_path) as con:

        def distinct(expression: str) -> list[str]:
            rows = con.execute(f"SELECT DISTINCT {expression} AS v FROM items ORDER BY v")
            return [row[0] for row in rows.fetchall() if row[0]]

        found = distinct("unnest(bold_terms)"), distinct("unnest(tags)"), distinct("headline")
    return lexicon_of(*found)


def cached_payloads(con, hashes: list[str], model: str, kind: str) -> dict[str, list]:
    if not hashes:
        return {}
    rows = con.execute(
        "SELECT content_sha256, payload FROM enrichment_cache "
        "WHERE model = ? AND kind = ? AND list_contains(?, content_sha256)",
        [model, kind, hashes],
    ).fetchall()
    return {sha: json.loads(payload) for sha, payload in rows}


def batch_items() -> int:
    return settings.get_int("batch_items")
