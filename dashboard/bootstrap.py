"""First run: build the database from the bundled digest folder, with visible progress."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from analysis import settings
from analysis.enrich.pipeline import enrich_all
from analysis.ingest.pipeline import discover, ingest_paths
from analysis.store.db import upgrade_schema
from dashboard.data import db_path


@st.cache_resource(show_spinner=False)
def _schema_checked(path: str) -> bool:
    """Once per process and file: a database from an older version gets its new columns."""
    return upgrade_schema(path)


def ensure_database(t) -> None:
    if Path(db_path()).exists():
        _schema_checked(db_path())
        return
    folder = settings.get("digest_dir")
    files, _ = discover([folder]) if Path(folder).exists() else ([], [])
    if not files:
        return
    with st.status(t("building_db", n=len(files)), expanded=True) as status:
        bar = st.progress(0.0)
        ingest_paths(
            [folder], db_path(), progress=lambda done, total: bar.progress(done / max(total, 1))
        )
        st.write(t("enriching"))
        enrich_bar = st.progress(0.0)
        enrich_all(
            db_path(),
            progress=lambda step, done, total: enrich_bar.progress(
                min(done / max(total, 1), 1.0), text=step
            ),
        )
        status.update(state="complete", expanded=False)
