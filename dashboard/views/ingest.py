"""Ingest: upload digest files or re-scan the digest folder, with progress and the list of errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from analysis import settings
from analysis.ingest.pipeline import DIGEST_SUFFIXES, ingest_paths
from analysis.ingest.uploads import UploadRejected, discard_rejected, save_upload, upload_target
from analysis.store.db import DatabaseUnusable, move_aside
from dashboard.bootstrap import start_enrichment
from dashboard.data import db_path, ingest_problems, text_kept
from dashboard.sidebar import PageContext, current_context


def render(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("ingest"))
    folder = Path(settings.get("digest_dir"))
    fault = st.session_state.get("_database_fault")
    if isinstance(fault, DatabaseUnusable) and st.button(t("move_aside"), type="primary"):
        st.success(t("moved_aside", path=str(move_aside(db_path()))))
        st.session_state.pop("_database_fault", None)
        st.rerun()
    max_mb = settings.get_float("max_file_mb")
    if ctx.language == "zh":
        _translate_uploader(t, max_mb)
    uploads = st.file_uploader(
        t("upload"),
        type=[s.lstrip(".") for s in sorted(DIGEST_SUFFIXES)],
        accept_multiple_files=True,
        key="uploads",
        # The limit the uploader states and enforces is the one ingest applies.
        max_upload_size=max(1, int(max_mb)),
        help=t("upload_help", mb=f"{max_mb:g}"),
    )
    st.caption(t("upload_help", mb=f"{max_mb:g}"))
    if uploads and st.button(t("ingest"), type="primary"):
        saved, created = [], []
        for upload in uploads:
            try:
                data, limit = upload.getvalue(), int(max_mb * 1e6)
                is_new = not upload_target(folder, upload.name, data, max_bytes=limit).exists()
                path = save_upload(folder, upload.name, data, max_bytes=limit)
            except UploadRejected as exc:
                st.error(t("upload_rejected", name=upload.name, why=str(exc)))
                continue
            except OSError as exc:
                st.error(t("upload_rejected", name=upload.name, why=exc.strerror or str(exc)))
                continue
            saved.append(str(path))
            if is_new:
                created.append(path)
        if saved:
            _run(ctx, saved, remove_failed=created)
    if st.button(t("rescan")):
        _run(ctx, [str(folder)], prune=True)
    kept, least = text_kept()
    if not kept.empty:
        _text_kept_tables(ctx, kept, least)
    st.subheader(t("error_log"))
    errors = ingest_problems()
    if errors is None:
        if fault is None:  # a fault is already shown in the page's header
            st.warning(t("db_busy"))
        return
    if errors.empty:
        st.success("✓")
    else:
        _problem_table(ctx, errors)


def _run(
    ctx: PageContext, paths: list[str], *, remove_failed: list[Path] = (), prune: bool = False
):
    """Ingest, then enrich what is new. The uploads in `remove_failed` (created by this upload,
    never files that were there before) that fail are removed from the digest folder (their
    problems stay on record), so a re-scan does not fail on them again. A
    database fault stops both and is shown with the summary line."""
    t = ctx.t
    bar = st.progress(0.0)
    summary = ingest_paths(
        paths,
        db_path(),
        workers=1,
        prune=prune,
        progress=lambda done, total: bar.progress(done / max(total, 1)),
    )
    if summary.items_added and summary.fault is None:
        start_enrichment()
    removed = [path.name for path in discard_rejected(list(remove_failed), summary.failures)]
    done = t("ingest_done", line=summary.line())
    if summary.fault is not None:
        st.error(t("db_fault", message=summary.fault.message))
        st.warning(done)
    elif summary.failed and summary.failed == summary.files:
        st.error(done)
    elif summary.failed:
        st.warning(done)
    else:
        st.success(done)
    if summary.items_added:
        st.info(t("enrich_started"), icon="⏳")
    if removed:
        st.caption(t("upload_removed", names=", ".join(removed)))
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
    return summary


def _text_kept_tables(ctx: PageContext, kept: pd.DataFrame, least: pd.DataFrame) -> None:
    t = ctx.t
    st.subheader(t("text_kept"), help=t("text_kept_help"))
    percent = st.column_config.ProgressColumn(format="percent", min_value=0.0, max_value=1.0)
    st.dataframe(
        kept,
        hide_index=True,
        width="stretch",
        column_config={"median_kept": percent, "min_kept": percent},
    )
    low = least[least["text_kept"] < 0.9]
    if not low.empty:
        st.caption(t("least_kept"))
        st.dataframe(
            low.assign(file=low["source_path"].map(lambda p: Path(p).name))[
                ["file", "series", "text_kept", "item_count", "date_source", "source_path"]
            ],
            hide_index=True,
            width="stretch",
            column_config={"text_kept": percent, "source_path": t("path")},
        )


def _translate_uploader(t, max_mb: float) -> None:
    """Streamlit draws the drop zone's words itself, in English; Chinese readers get them in Chinese."""
    drop, browse = t("uploader_drop"), t("uploader_browse")
    limit = t("uploader_limit", mb=f"{max_mb:g}")
    st.html(
        f"""<style>
        [data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
        [data-testid="stFileUploaderDropzoneInstructions"] span::before {{
            content: "{drop}"; font-size: 1rem; }}
        [data-testid="stFileUploaderDropzoneInstructions"] small {{ font-size: 0; }}
        [data-testid="stFileUploaderDropzoneInstructions"] small::before {{
            content: "{limit}"; font-size: 0.8rem; }}
        [data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"],
        [data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"] * {{
            font-size: 0 !important; }}
        [data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"]::after {{
            content: "{browse}"; font-size: 0.9rem; }}
        </style>"""
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
