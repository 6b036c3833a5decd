"""Helpers shared by the benchmark scripts: corpus on demand, medians, tables."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

BENCH_ROOT = Path(__file__).resolve().parent

CORPUS_CACHE = Path("/tmp/trendboard-bench")


def accept_generated_dates() -> None:
    """The generated corpus runs from 2026-01-01 for as many days as its size needs (1M items:
    years), which ingest would reject as lying in the future of this machine's clock (a 100k
    corpus kept 17k items on 2026-12-02); every benchmark that ingests it calls this first."""
    os.environ.setdefault("TRENDBOARD_DATE_MAX_DAYS_AHEAD", "36500")


def corpus(items: int, seed: int = 20260107) -> Path:
    """A generated corpus of exactly `items` items, made once and reused across runs."""
    from benchmarks.generate_corpus import generate

    folder = CORPUS_CACHE / f"corpus-{items}-{seed}"
    done = folder / ".complete"
    if not done.exists():
        folder.mkdir(parents=True, exist_ok=True)
        generate(folder, items=items, seed=seed)
        done.write_text("ok")
    return folder


def median_seconds(
    run: Callable[[], object], repeats: int = 5, warmup: int = 1
) -> tuple[float, list[float]]:
    for _ in range(warmup):
        run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def print_table(headers: list[str], rows: list[list[object]]) -> None:
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for index, row in enumerate(cells):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)))
        if index == 0:
            print("  ".join("-" * width for width in widths))
