"""A real Streamlit server and headless Chromium (Debian's package) for the browser tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from conftest import PROJECT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
OUTPUT = PROJECT / "test-output"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def streamlit_server(db: str, digest_dir: str | None = None):
    port = free_port()
    env = {**os.environ, "TRENDBOARD_DB": db, "HF_HUB_OFFLINE": "1"}
    if digest_dir:
        env["TRENDBOARD_DIGEST_DIR"] = digest_dir
    with open(Path(db).with_suffix(".server.log"), "w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(PROJECT / "dashboard" / "app.py"),
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=PROJECT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                        break
                except OSError:
                    time.sleep(0.3)
            else:
                raise RuntimeError("streamlit did not start")
            yield url
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_for_app(page, timeout: float = 90) -> None:
    """Until the script run is over: no running indicator, no skeletons."""
    page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    quiet_since = None
    while time.monotonic() < deadline:
        busy = (
            page.locator("[data-testid='stStatusWidget']").count() > 0
            or page.locator("[data-testid='stSkeleton']").count() > 0
        )
        if busy:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since > 1.5:
            return
        time.sleep(0.2)
    raise TimeoutError("the app kept running")


def click_plot_element(page, element) -> None:
    """Click a bar or marker the way a person does: plotly selects what the pointer hovers, then the click."""
    element.scroll_into_view_if_needed()
    box = element.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for step in range(5):
        page.mouse.move(x - 8 + 2 * step, y)
        time.sleep(0.08)
    page.mouse.down()
    page.mouse.up()
    time.sleep(0.5)


def page_url(server: str, name: str, query: str = "") -> str:
    """The default page (overview) lives at `/`; st.navigation serves no `/overview`."""
    path = "" if name == "overview" else name
    return f"{server}/{path}" + (f"?{query}" if query else "")
