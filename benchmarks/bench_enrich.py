"""Enrichment throughput: the keyword & category step, the previous pipeline against the current
one, in the same run, on the same items.

Both configurations run `analysis.enrich.pipeline.enrich_keywords` on a copy of one database
holding the parsed (not yet enriched) items, with an empty `enrichment_cache`, so every item is
computed:

* baseline ("one process, KeyBERT MMR, whole text"): `workers=1`, `selector="keybert"`,
  `embed_chars=0` — the pipeline as it was before worker processes, the numpy MMR and the
  embedded-text cut;
* current: the defaults (`enrich_workers` processes, numpy MMR, the `embed_chars` setting).

Each run starts cold: the embedding and candidate caches of this process are cleared (the
model stays loaded here, which favours the baseline), and the current pipeline's worker
processes are started inside the timed run (they load the model each time, as
`trendboard enrich` does). Reported: items/s per run, the median of `--runs`, and the ratio.

Usage::

    HF_HUB_OFFLINE=1 nice uv run python benchmarks/bench_enrich.py [--items 768] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import common  # noqa: F401 - puts the project on sys.path

from analysis import settings
from analysis.enrich.pipeline import KeywordOptions, default_workers, enrich_keywords
from analysis.ingest.pipeline import discover, ingest_paths
from analysis.store.db import write_connection

BUNDLED = settings.DATA_DIR / "digests"


def parsed_database(folder: Path, items: int, workdir: Path) -> tuple[Path, int]:
    """A database with the first files of `folder` holding at least `items` items, unenriched."""
    files, _ = discover([str(folder)])
    db = workdir / "parsed.duckdb"
    chosen: list[str] = []
    stored = 0
    for start in range(0, len(files), 16):
        chunk = [str(f) for f in files[start : start + 16]]
        chosen.extend(chunk)
        stored += ingest_paths(chunk, str(db)).items_added
        if stored >= items:
            break
    with write_connection(str(db)) as con:
        con.execute(
            "DELETE FROM items WHERE item_id > (SELECT min(item_id) + ? - 1 FROM items)", [items]
        )
        stored = con.execute("SELECT count(*) FROM items").fetchone()[0]
    return db, stored


def _cold() -> None:
    from analysis.enrich.embeddings import clear_caches
    from analysis.enrich.segmentation import _candidate_terms_cached

    clear_caches()
    _candidate_terms_cached.cache_clear()


def timed_run(parsed: Path, workdir: Path, **kwargs) -> tuple[float, int]:
    db = workdir / "run.duckdb"
    shutil.copy(parsed, db)
    _cold()
    start = time.perf_counter()
    summary = enrich_keywords(str(db), **kwargs)
    elapsed = time.perf_counter() - start
    computed = summary.keyword_items - summary.keyword_items_from_cache
    db.unlink()
    return elapsed, computed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=768, help="items of the bundled sample")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--folder", type=Path, default=BUNDLED)
    args = parser.parse_args()

    from analysis.enrich.embeddings import get_backend

    get_backend().embed(["warm up"])  # the model loads here once, outside every timing
    configurations = {
        "baseline: 1 process, KeyBERT MMR, whole text": dict(
            workers=1, options=KeywordOptions(selector="keybert", embed_chars=0)
        ),
        f"current: {default_workers()} processes, numpy MMR, embed_chars="
        f"{settings.get_int('embed_chars')}": dict(options=KeywordOptions()),
    }
    with tempfile.TemporaryDirectory(prefix="bench-enrich-") as tmp:
        workdir = Path(tmp)
        parsed, items = parsed_database(args.folder, args.items, workdir)
        rates: dict[str, list[float]] = {name: [] for name in configurations}
        for run in range(args.runs):
            # Alternate the order so that load changes on a shared machine hit both alike.
            names = list(configurations) if run % 2 == 0 else list(reversed(configurations))
            for name in names:
                elapsed, computed = timed_run(parsed, workdir, **configurations[name])
                assert computed == items, (name, computed, items)
                rates[name].append(items / elapsed)
    print(f"items: {items} of {args.folder}; runs: {args.runs}; load: {os.getloadavg()}")
    medians = {}
    for name, values in rates.items():
        medians[name] = statistics.median(values)
        runs = ", ".join(f"{v:.1f}" for v in values)
        print(f"{name}: median {medians[name]:.1f} items/s (runs: {runs})")
    baseline, current = medians.values()
    print(f"ratio current / baseline: {current / baseline:.2f}x")


if __name__ == "__main__":
    main()
