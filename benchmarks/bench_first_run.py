"""First run: seconds from opening the dashboard on a database that does not exist yet to the
overview showing its charts, with the bundled sample digests; enrichment goes on in the
background.

A real `streamlit run dashboard/app.py` server (headless, on 127.0.0.1) and headless Chromium
(Debian's /usr/bin/chromium through playwright). The clock starts when the page is requested
(the server is already up: its start-up time is printed separately) and stops when the overview
has drawn its items-over-time chart. Printed beside it: how far the background build had got at
that moment, and when it finished. Median of `--runs`, each on a fresh database.

Usage::

    HF_HUB_OFFLINE=1 nice uv run python benchmarks/bench_first_run.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def one_run(db: Path, digests: Path) -> dict:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(PROJECT))
    from analysis.enrich import jobs

    port = free_port()
    env = {
        **os.environ,
        "TRENDBOARD_DB": str(db),
        "TRENDBOARD_DIGEST_DIR": str(digests),
        "HF_HUB_OFFLINE": "1",
    }
    server_started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(PROJECT / "dashboard" / "app.py"),
         "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.2)
        server_seconds = time.perf_counter() - server_started
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 1200})
            start = time.perf_counter()
            page.goto(f"{url}/?range=all")
            page.locator(".js-plotly-plot").first.wait_for(timeout=300_000)
            to_charts = time.perf_counter() - start
            at_charts = jobs.read_progress(str(db))
            browser.close()
        step = f"{at_charts.step} {at_charts.done}/{at_charts.total}" if at_charts else "-"
        print(f"  overview with charts after {to_charts:.1f} s (build at {step})", flush=True)
        while (progress := jobs.read_progress(str(db))) is None or progress.running:
            time.sleep(0.5)
        finished = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "server": server_seconds,
        "charts": to_charts,
        "step_at_charts": f"{at_charts.step} {at_charts.done}/{at_charts.total}"
        if at_charts
        else "-",
        "build_done": finished,
        "build_state": progress.state,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--digests", type=Path, default=PROJECT / "data" / "digests")
    args = parser.parse_args()
    results = []
    for run in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="bench-first-run-") as tmp:
            result = one_run(Path(tmp) / "trends.duckdb", args.digests)
        results.append(result)
        print(
            f"run {run + 1}: server up in {result['server']:.1f} s; overview with charts "
            f"{result['charts']:.1f} s after the request (build then at {result['step_at_charts']});"
            f" build {result['build_state']} after {result['build_done']:.1f} s"
        )
    print(f"load average: {os.getloadavg()}")
    print(
        f"median: overview with charts {statistics.median(r['charts'] for r in results):.1f} s, "
        f"whole build {statistics.median(r['build_done'] for r in results):.1f} s"
    )


if __name__ == "__main__":
    main()
