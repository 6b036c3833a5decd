"""Enrichment throughput: the keyword & category step of the pipeline before this speed work
against the current one, in the same run, on the same items.

Both run `analysis.enrich.pipeline.enrich_keywords` with their defaults, each in a fresh
child process, on a copy of one database holding the parsed (not yet enriched) items with an
empty `enrichment_cache`, so every item is computed:

* baseline: the code of `--baseline-ref` (default `BASELINE_REF`, main before worker
  processes, the numpy MMR, jieba_fast and the embedded-text cut), exported with `git archive`;
* current: this working tree.

Each child loads the model and the tokenizer and warms them on one item before its clock
starts (the current pipeline's worker processes start, and load the model, inside the timed
run, as in `trendboard enrich`). Reported per run: items/s by the wall clock and CPU-seconds
(the child's and its workers'); the median of `--runs`, alternating the order; the ratio.

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

PROJECT = Path(__file__).resolve().parent.parent
BUNDLED = PROJECT / "data" / "digests"
# `analysis` is imported only inside functions: a child imports it from the code it measures.


def parsed_database(folder: Path, items: int, workdir: Path) -> tuple[Path, int]:
    """A database with the first files of `folder` holding at least `items` items, unenriched."""
    from analysis.ingest.pipeline import discover, ingest_paths
    from analysis.store.db import write_connection

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


BASELINE_REF = "e1cd672"


def child(code: Path, db: Path) -> None:
    """In a fresh process whose sys.path starts at `code`: time one enrich_keywords run."""
    import json
    import resource
    import sys

    sys.path.insert(0, str(code))
    from analysis.enrich.embeddings import get_backend
    from analysis.enrich.keywords import ItemText, extract_keywords
    from analysis.enrich.pipeline import enrich_keywords

    assert Path(sys.modules["analysis"].__file__).is_relative_to(code)
    extract_keywords(
        [ItemText("英伟达发布 Rubin GPU", "黄仁勋宣布新的 AI 芯片", [])], get_backend()
    )
    from analysis.enrich.embeddings import clear_caches

    clear_caches()

    def cpu() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        workers = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime

    cpu_start, start = cpu(), time.perf_counter()
    summary = enrich_keywords(str(db))
    elapsed = time.perf_counter() - start
    computed = summary.keyword_items - summary.keyword_items_from_cache
    print(json.dumps({"seconds": elapsed, "cpu": cpu() - cpu_start, "computed": computed}))


def timed_run(code: Path, parsed: Path, workdir: Path) -> dict:
    import json
    import subprocess
    import sys

    db = workdir / "run.duckdb"
    shutil.copy(parsed, db)
    env = {**os.environ, "PYTHONPATH": str(code)}
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(code), str(db)],
        cwd=code,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    db.unlink()
    return json.loads(out.strip().splitlines()[-1])


def export_ref(ref: str, target: Path) -> Path:
    import subprocess

    target.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", ref, "analysis", "data"],
        cwd=PROJECT,
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def main() -> None:
    import sys

    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=768, help="items of the bundled sample")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--folder", type=Path, default=BUNDLED)
    parser.add_argument("--baseline-ref", default=BASELINE_REF)
    args = parser.parse_args()
    sys.path.insert(0, str(PROJECT))
    from analysis import settings
    from analysis.enrich.pipeline import default_workers

    with tempfile.TemporaryDirectory(prefix="bench-enrich-") as tmp:
        workdir = Path(tmp)
        parsed, items = parsed_database(args.folder, args.items, workdir)
        codes = {
            f"baseline ({args.baseline_ref})": export_ref(args.baseline_ref, workdir / "baseline"),
            f"current ({default_workers()} processes, embed_chars "
            f"{settings.get_int('embed_chars')})": settings.PROJECT_ROOT,
        }
        runs: dict[str, list[dict]] = {name: [] for name in codes}
        for run in range(args.runs):
            # Alternate the order so that load changes on a shared machine hit both alike.
            names = list(codes) if run % 2 == 0 else list(reversed(codes))
            for name in names:
                result = timed_run(codes[name], parsed, workdir)
                assert result["computed"] == items, (name, result, items)
                runs[name].append(result)
    print(f"items: {items} of {args.folder}; runs: {args.runs}; load average: {os.getloadavg()}")
    medians = {}
    for name, results in runs.items():
        rates = [items / r["seconds"] for r in results]
        cpu_rates = [items / r["cpu"] for r in results]
        medians[name] = (statistics.median(rates), statistics.median(cpu_rates))
        print(
            f"{name}: median {medians[name][0]:.1f} items/s wall, {medians[name][1]:.1f} items per "
            f"CPU-second (runs: {', '.join(f'{v:.1f}' for v in rates)} items/s)"
        )
    (base_wall, base_cpu), (cur_wall, cur_cpu) = medians.values()
    print(
        f"ratio current / baseline: {cur_wall / base_wall:.2f}x wall, {cur_cpu / base_cpu:.2f}x CPU"
    )


if __name__ == "__main__":
    main()
