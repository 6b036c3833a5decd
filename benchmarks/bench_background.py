"""Cost of the keyword background refresh (`refresh_keyword_background`) at scale.

Builds a store of `--items` items (default 100,000) over 180 days, each with 7 keyword rows
drawn from a Zipf-like vocabulary of 20,000 keywords in which every tenth keyword has a
longer phrase containing it that shares most of its items (the case the fold looks for).
Times the full refresh (document frequency, period weight, background flag and the fold)
against a baseline measured in the same run: the same refresh without the fold
(`fold=False`, the refresh as it was before `folded_into`). Prints medians of `--repeats` runs and their ratio.

Usage::

    uv run python benchmarks/bench_background.py [--items 100000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime, timedelta

import duckdb
import numpy as np
import pyarrow as pa

from analysis.enrich.background import refresh_keyword_background
from analysis.store.schema import ensure_schema

MODEL = "bench"
VOCABULARY = 20_000
PER_ITEM = 7


def build(items: int, seed: int = 7) -> duckdb.DuckDBPyConnection:
    rng = np.random.default_rng(seed)
    con = duckdb.connect()
    ensure_schema(con)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    ids = np.arange(1, items + 1)
    minutes = np.sort(rng.integers(0, 180 * 24 * 60, items))
    con.register(
        "new_items",
        pa.table({"item_id": ids, "stamp": [start + timedelta(minutes=int(m)) for m in minutes]}),
    )
    con.execute(
        "INSERT INTO items (item_id, digest_id, position, headline, summary, published_at, "
        "content_sha256) SELECT item_id, item_id // 20, item_id % 20, 'h', 's', stamp, 'x' "
        "FROM new_items"
    )
    ranks = rng.zipf(1.3, items * PER_ITEM) % VOCABULARY
    rows_item = np.repeat(ids, PER_ITEM)
    words = [f"term{r}" for r in ranks]
    item_col, word_col = list(rows_item), words
    # Every tenth keyword comes with its longer phrase on 19 of 20 of its items.
    extra = (ranks % 10 == 0) & (rng.random(len(ranks)) < 0.95)
    item_col += list(rows_item[extra])
    word_col += [f"{w} 融资" for w, keep in zip(words, extra, strict=True) if keep]
    table = pa.table({"item_id": item_col, "keyword_norm": word_col})
    con.register("new_rows", table)
    con.execute(
        "INSERT INTO item_keywords SELECT DISTINCT item_id, keyword_norm, keyword_norm, 1.0, "
        "'keybert', ? FROM new_rows",
        [MODEL],
    )
    return con


def _median_seconds(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    con = build(args.items)
    rows = con.execute("SELECT count(*) FROM item_keywords").fetchone()[0]
    baseline = _median_seconds(
        lambda: refresh_keyword_background(con, MODEL, fold=False), args.repeats
    )
    full = _median_seconds(lambda: refresh_keyword_background(con, MODEL), args.repeats)
    folded = con.execute(
        "SELECT count(*) FROM keyword_background WHERE model = ? AND folded_into IS NOT NULL",
        [MODEL],
    ).fetchone()[0]
    print(f"{args.items} items, {rows} keyword rows; {folded} keywords folded")
    print(f"refresh without the fold (baseline): median {baseline * 1000:.0f} ms")
    print(f"refresh with the fold:               median {full * 1000:.0f} ms")
    print(f"ratio: {full / baseline:.2f}x the baseline")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
