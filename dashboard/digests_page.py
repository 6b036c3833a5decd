"""Lists the ingested digests, newest first."""

from __future__ import annotations

import streamlit as st

from analysis import settings
from analysis.db import read_connection


def render() -> None:
    st.title("Digests")
    with read_connection(settings.get("db")) as con:
        frame = con.execute(
            "SELECT published_at, title, item_count, categories, source_path FROM digests ORDER BY published_at DESC"
        ).df()
    if frame.empty:
        st.info("No digests yet. Run `uv run trendboard ingest data/digests` to add some.")
        return
    st.caption(f"{len(frame)} digests, {int(frame['item_count'].sum())} items")
    st.dataframe(frame, hide_index=True, use_container_width=True)
