"""Story assignment: quality on the labelled set, assignment speed, and the stories query at scale.

    uv run python benchmarks/bench_stories.py                # gold set + 100k items
    uv run python benchmarks/bench_stories.py --items 20000  # a smaller scale run

1. Quality. tests/data/stories_gold.toml (batches of about 150 items, each written blind;
   counts and history in tests/data/STORIES_GOLD.md) is written out as digests, ingested and
   enriched through the real pipeline (parser, company tagger, `use-multilingual` embeddings),
   and stories are assigned
   with the default settings. Pairwise precision and recall are printed for each part of
   `stories_gold.PARTS` (fixed by the time a story is first told: the tuning part, the
   held-out part, then one part per later batch; which of them have been read is in
   benchmarks/README.md), each clustered alone, and for the whole set clustered together (the
   densest case). Baselines in the same run: items that
   share a URL (URL only), and the embedding alone at the default threshold (no URL, term,
   company, model or span rules, no merging).
2. Assignment speed, given the embeddings: the generated corpus of `--items` items is ingested
   and tagged (companies, sources); its vectors are synthetic (seeded, clustered, 512-d, both
   the text and the headline vector), because embedding 100k items is the embedding step's
   cost, not assignment's. Timed: `StoryAssigner` alone over all items (median of runs) and
   the whole `assign_stories` step (load vectors and signals from DuckDB, assign, write
   `item_stories` and rebuild `stories`). Baseline in the same run: the numpy floor, one
   inner product of each item with its window's members and nothing else.
3. Stories query: `top_stories` at `--items` items, for the last week and for all time,
   medians of runs; baselines in the same run: the same ranking recounted over every item
   (top_stories' general path, the query before stored figures; checked equal) and
   `count_items` over the same filters.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
import zlib
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from benchmarks.common import (
    CORPUS_CACHE,
    accept_generated_dates,
    corpus,
    median_seconds,
    print_table,
)
from benchmarks.stories_gold import (
    PARTS,
    gold_labels,
    load_gold,
    pairwise,
    split_of,
    write_digests,
)

DIM = 512


# ------------------------------------------------------------------ quality


def gold_database(root: Path) -> tuple[str, dict[str, str], dict[tuple[str, int], str]]:
    """The gold set written as digests, ingested, tagged and embedded in `root`:
    (database, story id → its part of `PARTS`, digest labels)."""
    from analysis.enrich.embeddings import get_backend
    from analysis.enrich.pipeline import enrich_entities
    from analysis.enrich.stories import embed_items
    from analysis.ingest.pipeline import ingest_paths

    stories = load_gold()
    split = {s["id"]: split_of(s) for s in stories}
    labels = write_digests(root / "digests", stories)
    db = str(root / "gold.duckdb")
    ingest_paths([str(root / "digests")], db)
    enrich_entities(db)
    embed_items(db, get_backend("use-multilingual"))
    return db, split, labels


def quality() -> None:
    from analysis.enrich.stories import StoryParams, cluster, load_signals

    root = Path(tempfile.mkdtemp(prefix="bench-stories-"))
    db, split, labels = gold_database(root)
    params = StoryParams.from_settings()
    with duckdb.connect(db, read_only=True) as con:
        gold = gold_labels(con, labels)
        ids, vectors, signals = load_signals(
            con, "use-multilingual", "TRUE", [], params.headline_weight
        )
        text_ids, text_vectors, _ = load_signals(con, "use-multilingual", "TRUE", [], 0.0)
        assert text_ids == ids
    text_only = text_vectors[:, DIM:]  # weight 0: the headline half is zero
    plain = replace(
        params,
        term_similarity=params.similarity,
        url_similarity=params.similarity,
        company_penalty=0.0,
        model_penalty=0.0,
        event_penalty=0.0,
        max_span_hours=1e9,
        merge_similarity=2.0,
    )
    gold_of = [gold[i] for i in ids]
    rows = []
    for part in (*PARTS, "all"):
        index = [k for k, g in enumerate(gold_of) if part == "all" or split[g] == part]
        part_ids = [ids[k] for k in index]
        part_signals = [signals[k] for k in index]
        assigned, _ = cluster(vectors[index], part_signals, params)
        ours = pairwise(dict(zip(part_ids, assigned.tolist(), strict=True)), gold, part_ids)
        embedding_only, _ = cluster(
            text_only[index],
            [
                replace(
                    s,
                    urls=frozenset(),
                    terms=frozenset(),
                    companies=frozenset(),
                    subjects=frozenset(),
                    parties=frozenset(),
                )
                for s in part_signals
            ],
            plain,
        )
        emb = pairwise(dict(zip(part_ids, embedding_only.tolist(), strict=True)), gold, part_ids)
        by_url = _url_groups(part_ids, part_signals)
        url = pairwise(by_url, gold, part_ids)
        n_stories = len({gold[i] for i in part_ids})
        for name, score in (
            ("stories (defaults)", ours),
            ("embedding only", emb),
            ("shared URL only", url),
        ):
            rows.append(
                [
                    part,
                    f"{len(part_ids)} items / {n_stories} stories",
                    name,
                    f"{score['precision']:.3f}",
                    f"{score['recall']:.3f}",
                    f"{score['f1']:.3f}",
                ]
            )
    print("Pairwise precision and recall on tests/data/stories_gold.toml")
    print_table(["part", "size", "method", "precision", "recall", "F1"], rows)
    print(f"parameters: {params}")
    shutil.rmtree(root, ignore_errors=True)


def _url_groups(ids: list[int], signals) -> dict[int, int]:
    """Union-find over shared normalised URLs: the 'same link, same story' baseline."""
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with: dict[str, int] = {}
    for i, s in enumerate(signals):
        for url in s.urls:
            if url in first_with:
                parent[find(i)] = find(first_with[url])
            else:
                first_with[url] = i
    return {item: find(i) for i, item in enumerate(ids)}


# ------------------------------------------------------------------ scale


def scale_db(items: int) -> str:
    """Ingested and tagged corpus of `items` items with synthetic vectors, kept across runs."""
    from analysis.enrich.pipeline import enrich_entities
    from analysis.enrich.stories import HEADLINE_SUFFIX
    from analysis.ingest.pipeline import ingest_paths
    from analysis.store.write import insert_columns

    path = CORPUS_CACHE / f"stories-{items}.duckdb"
    if path.exists():
        return str(path)
    building = CORPUS_CACHE / f"stories-{items}.building.duckdb"
    building.unlink(missing_ok=True)
    start = time.perf_counter()
    accept_generated_dates()
    ingest_paths([str(corpus(items))], str(building))
    enrich_entities(str(building))
    rng = np.random.default_rng(20260107)
    with duckdb.connect(str(building)) as con:
        item_ids = [
            r[0] for r in con.execute("SELECT item_id FROM items ORDER BY item_id").fetchall()
        ]
        headlines = [
            r[0] or ""
            for r in con.execute("SELECT headline FROM items ORDER BY item_id").fetchall()
        ]
    centers = rng.standard_normal((4096, DIM)).astype(np.float32)
    from analysis.store.db import write_connection

    for lo in range(0, len(item_ids), 20_000):
        chunk = item_ids[lo : lo + 20_000]
        topic = np.array([zlib.crc32(h[:8].encode()) % 4096 for h in headlines[lo : lo + 20_000]])
        rows, models, vectors = [], [], []
        for suffix in ("", HEADLINE_SUFFIX):
            v = centers[topic] + 0.9 * rng.standard_normal((len(chunk), DIM)).astype(np.float32)
            v /= np.linalg.norm(v, axis=1, keepdims=True)
            rows += chunk
            models += ["use-multilingual" + suffix] * len(chunk)
            vectors += list(v)
        with write_connection(str(building)) as con:
            con.execute("BEGIN TRANSACTION")
            insert_columns(
                con,
                "item_embeddings",
                {
                    "item_id": rows,
                    "model": models,
                    "vector": pa.array(vectors, pa.list_(pa.float32())),
                },
            )
            con.execute("COMMIT")
    building.rename(path)
    print(f"built {path} in {time.perf_counter() - start:.0f} s")
    return str(path)


def scale(items: int, repeats: int) -> None:
    from analysis.enrich.stories import (
        StoryAssigner,
        StoryParams,
        assign_stories,
        load_signals,
        reset_stories,
    )
    from analysis.query.filters import Filters
    from analysis.query.series import count_items
    from analysis.query.stories import top_stories

    db = scale_db(items)
    params = StoryParams.from_settings()
    with duckdb.connect(db, read_only=True) as con:
        ids, vectors, signals = load_signals(
            con, "use-multilingual", "TRUE", [], params.headline_weight
        )

    def assign_in_memory() -> None:
        assigner = StoryAssigner(params, vectors.shape[1])
        for vector, signal in zip(vectors, signals, strict=True):
            assigner.assign(vector, signal)

    times = np.array([s.time for s in signals])
    window = params.window_hours * 3600
    starts = np.searchsorted(times, times - window)

    def numpy_floor() -> None:
        for i in range(len(times)):
            vectors[starts[i] : i] @ vectors[i]

    assign_s, _ = median_seconds(assign_in_memory, repeats=repeats, warmup=0)
    floor_s, _ = median_seconds(numpy_floor, repeats=repeats, warmup=0)
    step_runs = []
    for _ in range(max(1, repeats // 2)):
        reset_stories(db)
        start = time.perf_counter()
        placed = assign_stories(db, params=params)
        step_runs.append(time.perf_counter() - start)
    step_s = statistics.median(step_runs)
    assert placed == len(ids)
    print(f"\nAssignment given the embeddings, {len(ids):,} items (synthetic 2 x 512-d vectors)")
    print_table(
        ["what", "median s", "items/s", "ratio to floor"],
        [
            [
                "StoryAssigner (in memory)",
                f"{assign_s:.2f}",
                f"{len(ids) / assign_s:,.0f}",
                f"{assign_s / floor_s:.1f}x",
            ],
            [
                "assign_stories step (load + assign + write)",
                f"{step_s:.2f}",
                f"{len(ids) / step_s:,.0f}",
                f"{step_s / floor_s:.1f}x",
            ],
            [
                "numpy floor (window inner products only)",
                f"{floor_s:.2f}",
                f"{len(ids) / floor_s:,.0f}",
                "1.0x",
            ],
        ],
    )

    with duckdb.connect(db, read_only=True) as con:
        last = con.execute("SELECT max(published_at) FROM items").fetchone()[0].date()
        week = Filters(start=last - timedelta(days=6), end=last)
        everything = Filters()
        stories_n = con.execute("SELECT count(*) FROM stories").fetchone()[0]
        # A series filter that keeps every item sends top_stories down its general path,
        # which recounts every story over its items (the query before stored figures).
        every_series = tuple(
            s for (s,) in con.execute("SELECT DISTINCT series FROM digests").fetchall()
        )
        rows = []
        for name, f in (("last week", week), ("all time", everything)):
            recount = replace(f, series=every_series)
            assert top_stories(con, f, limit=20).equals(top_stories(con, recount, limit=20))
            q_s, _ = median_seconds(lambda f=f: top_stories(con, f, limit=20), repeats=repeats)
            r_s, _ = median_seconds(
                lambda f=recount: top_stories(con, f, limit=20), repeats=repeats
            )
            b_s, _ = median_seconds(lambda f=f: count_items(con, f), repeats=repeats)
            rows.append(
                [
                    name,
                    f"{q_s * 1000:.1f}",
                    f"{r_s * 1000:.1f}",
                    f"{q_s / r_s:.2f}x",
                    f"{b_s * 1000:.1f}",
                    f"{q_s / b_s:.1f}x",
                ]
            )
    print(f"\nStories query at {len(ids):,} items ({stories_n:,} stories), medians of {repeats}")
    print_table(
        [
            "range",
            "top_stories ms",
            "full recount ms",
            "ratio",
            "count_items ms",
            "ratio",
        ],
        rows,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    args = parser.parse_args()
    if not args.skip_quality:
        quality()
    if not args.skip_scale:
        scale(args.items, args.repeats)


if __name__ == "__main__":
    main()
