"""Dashboard page reruns at scale: `uv run python benchmarks/bench_pages.py [--items 100000]`.

Runs each page with Streamlit's AppTest (the same script run a browser
triggers) against a database of N generated items, built by bench_scale.py
(bold terms as keywords, declared categories as item categories, real company
and source tagging). For each page it reports the median of several reruns:
`warm` (query results cached, as when a user changes a widget that does not
change the filters, or reloads), and `cold` (caches cleared before each run,
as for a new filter combination). The floor, measured in the same run, is the
rerun of the Ingest page, which runs no trend query. It refuses a database with items
left to enrich (a page would start a background build and time its load) and says so if a
build ran anyway.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from benchmarks.common import BENCH_ROOT, print_table
from dashboard.views import PAGES

COLD_TARGET_SECONDS = 0.5  # issue 14: a cold page rerun at 100k items


def database(items: int) -> str:
    import bench_scale

    path = bench_scale.db_file(items)
    if not bench_scale.kept_db_ok(items):
        bench_scale.build(items, repeats=1)
    return str(path)


def time_page(page: str, repeats: int) -> tuple[float, float, float]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    app = str(BENCH_ROOT.parent / "dashboard" / "app.py")

    def run_once(clear: bool) -> float:
        at = AppTest.from_file(app, default_timeout=300)
        at.query_params["range"] = "30"
        if page != "overview":
            at.run()  # a session starts on the default page; only the page switch is timed
            at.switch_page(f"views/{page}.py")
        if clear:
            st.cache_data.clear()
        start = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - start
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception[0].value}")
        if not at.title or at.title[0].value.lower() != page:
            raise RuntimeError(
                f"{page}: the run did not render the page (title {at.title and at.title[0].value!r})"
            )
        return elapsed

    first = run_once(clear=True)
    warm = statistics.median(run_once(clear=False) for _ in range(repeats))
    cold = statistics.median(run_once(clear=True) for _ in range(max(3, repeats // 2)))
    return first, warm, cold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    from analysis import settings
    from analysis.enrich import jobs

    db = database(args.items)
    os.environ["TRENDBOARD_DB"] = db
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    # A page opened on a database with items left to enrich starts a background build, whose
    # load would be timed with the pages.
    pending = jobs.pending_items(db, settings.get("model").strip())
    if pending:
        raise SystemExit(f"{pending:,} items are not enriched in {db}; rebuild it (bench_scale.py)")
    results = {page: time_page(page, args.repeats) for page in PAGES}
    progress = jobs.read_progress(db)
    if progress is not None:
        print(f"WARNING: a background build ran during the timing ({progress.command}): discard")
    floor_warm, floor_cold = results["ingest"][1], results["ingest"][2]
    rows = []
    for page, (first, warm, cold) in results.items():
        rows.append(
            [
                page,
                f"{first:.2f}",
                f"{warm:.2f}",
                f"{cold:.2f}",
                f"{warm / floor_warm:.1f}x",
                f"{cold / floor_cold:.1f}x",
                "met" if cold <= COLD_TARGET_SECONDS else "MISSED",
            ]
        )
    print(
        f"{args.items:,} items, last 30 days, day granularity; AppTest runs (app script + page), seconds"
    )
    print("(each figure is one script run: the app's sidebar and navigation plus the page)")
    print_table(
        [
            "page",
            "first",
            "warm median",
            "cold median",
            "warm / floor",
            "cold / floor",
            f"cold <= {COLD_TARGET_SECONDS} s",
        ],
        rows,
    )


if __name__ == "__main__":
    main()
