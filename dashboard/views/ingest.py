"""Ingest: upload digest files or re-scan the digest folder, with progress and the list of errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from analysis import settings
from analysis.enrich.pipeline import enrich_all
from analysis.ingest.pipeline import DIGEST_SUFFIXES, ingest_paths
from analysis.ingest.uploads import UploadRejected, save_upload
from dashboard.data import db_path, ingest_problems
from dashboard.sidebar import PageContext, current_context


def render(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("ingest"))
    folder = Path(settings.get("digest_dir"))
    max_mb = settings.get_float("max_file_mb")
    uploads = st.file_uploader(
        t("upload"),
        type=[s.lstrip(".") for s in sorted(DIGEST_SUFFIXES)],
        accept_multiple_files=True,
        key="uploads",
    )
    if uploads and st.button(t("ingest"), type="primary"):
        saved = []
        for upload in uploads:
            try:
                saved.append(
                    str(
                        save_upload(
                            folder, upload.name, upload.getvalue(), max_bytes=int(max_mb * 1e6)
                        )
                    )
                )
            except UploadRejected as exc:
                st.error(t("upload_rejected", name=upload.name, why=str(exc)))
        if saved:
            _run(ctx, saved)
    if st.button(t("rescan")):
        _run(ctx, [str(folder)])
    st.subheader(t("error_log"))
    errors = ingest_problems()
    if errors is None:
        st.warning(t("db_busy"))
        return
    if errors.empty:
        st.success("✓")
    else:
        _problem_table(ctx, errors)


def _run(ctx: PageContext, paths: list[str]) -> None:
    t = ctx.t
    bar = st.progress(0.0)
    summary = ingest_paths(
        paths, db_path(), workers=1, progress=lambda done, total: bar.progress(done / max(total, 1))
    )
    if summary.items_added:
        step = st.progress(0.0)
        enrich_all(
            db_path(),
            progress=lambda name, done, total: step.progress(
                min(done / max(total, 1), 1.0), text=name
            ),
        )
    st.success(t("ingest_done", line=summary.line()))
    if summary.failures:
        st.subheader(t("ingest_errors"))
        _problem_table(
            ctx,
            pd.DataFrame(
                [
                    {
                        "source_path": p.source_path,
                        "line": p.line,
                        "reason": p.reason,
                        "severity": p.severity,
                    }
                    for p in summary.failures
                ]
            ),
        )


def _problem_table(ctx: PageContext, problems: pd.DataFrame) -> None:
    """File name first and the reason in full; the whole path last, for copying."""
    t = ctx.t
    shown = problems.assign(file=problems["source_path"].map(lambda p: Path(p).name))
    columns = (
        ["file", "line", "reason", "severity"]
        + [c for c in ("seen_at",) if c in shown.columns]
        + ["source_path"]
    )
    st.dataframe(
        shown[columns],
        hide_index=True,
        width="stretch",
        column_config={
            "file": st.column_config.TextColumn(t("file"), width="small"),
            "line": t("line"),
            "reason": st.column_config.TextColumn(t("reason"), width="large"),
            "source_path": t("path"),
        },
    )


render(current_context())
