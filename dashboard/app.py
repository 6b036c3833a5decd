"""Streamlit entry point: `uv run streamlit run dashboard/app.py`."""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run dashboard/app.py` puts dashboard/ on sys.path, not the project root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from dashboard import digests_page  # noqa: E402

st.set_page_config(page_title="trendboard", layout="wide")
page = st.navigation([st.Page(digests_page.render, title="Digests", url_path="digests", default=True)])
page.run()
