"""Streamlit entry point: `uv run streamlit run dashboard/app.py`."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

# `uv run` installs the project (editable), so `dashboard` and `analysis` import from any
# working directory, although `streamlit run` puts only dashboard/ itself on sys.path.
from dashboard import urlstate
from dashboard.bootstrap import ensure_database
from dashboard.data import database_fault
from dashboard.i18n import translate
from dashboard.sidebar import render_sidebar
from dashboard.state import unknown_params
from dashboard.views import PAGES

VIEWS = Path(__file__).resolve().parent / "views"


def main() -> None:
    st.set_page_config(page_title="trendboard", page_icon="📈", layout="wide")
    language = st.session_state.get("w_lang") or st.query_params.get("lang", "en")
    ensure_database(lambda key, **kw: translate(key, language, **kw))
    fault = database_fault()
    st.session_state["_database_fault"] = fault
    if fault is not None:
        # Shown on every page, before anything that needs the data; the Ingest page offers the fix.
        st.error(translate("db_fault", language, message=fault.message))
    urlstate.begin_run()
    ctx = render_sidebar()
    # The default page lives at `/` and reserves its own path, so it is named `home`;
    # `/overview` (the name readers see, used in links) reaches the same page.
    pages = [
        st.Page(
            VIEWS / f"{name}.py",
            title=ctx.t(name),
            url_path="home" if index == 0 else name,
            default=index == 0,
        )
        for index, name in enumerate(PAGES)
    ]
    pages.append(
        st.Page(
            VIEWS / "overview.py", title=ctx.t("overview"), url_path="overview", visibility="hidden"
        )
    )
    try:
        st.navigation(pages).run()
    finally:
        _report_unknown_params(ctx)
        params = urlstate.write_url(ctx.url_params)
        with ctx.link_slot.container(), st.popover(ctx.t("copy_link"), width="stretch"):
            st.caption(ctx.t("copy_link_help"))
            st.code(urlstate.share_link(params), language=None, wrap_lines=True)


def _report_unknown_params(ctx) -> None:
    """Once the page has bound its widgets, name the parameters of the opening URL nobody read."""
    names = st.session_state.pop("_url_names", None)
    if names is None:
        return
    unknown = unknown_params(names, urlstate.bound_keys())
    if unknown:
        st.session_state.setdefault("_url_notices", []).extend(unknown)
        for notice in unknown:
            st.sidebar.warning(ctx.t("url_notice", what=notice))


main()
