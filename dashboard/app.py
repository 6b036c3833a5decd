"""Streamlit entry point: `uv run streamlit run dashboard/app.py`."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

# `uv run` installs the project (editable), so `dashboard` and `analysis` import from any
# working directory, although `streamlit run` puts only dashboard/ itself on sys.path.
from dashboard.bootstrap import ensure_database
from dashboard.i18n import translate
from dashboard.sidebar import render_sidebar

PAGES = [
    "overview",
    "keywords",
    "companies",
    "models",
    "sources",
    "categories",
    "compare",
    "items",
    "ingest",
]
VIEWS = Path(__file__).resolve().parent / "views"


def main() -> None:
    st.set_page_config(page_title="trendboard", page_icon="📈", layout="wide")
    language = st.session_state.get("w_lang") or st.query_params.get("lang", "en")
    ensure_database(lambda key, **kw: translate(key, language, **kw))
    ctx = render_sidebar()
    pages = [
        st.Page(VIEWS / f"{name}.py", title=ctx.t(name), url_path=name, default=index == 0)
        for index, name in enumerate(PAGES)
    ]
    st.navigation(pages).run()


main()
