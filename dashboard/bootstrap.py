"""First run and background builds: the page starts `trendboard` in a child process and shows its
progress; it never parses the whole folder or loads the embedding model itself.

* No database yet and digests in the digest folder: `trendboard ingest FOLDER --if-idle` builds
  it. The page waits only for the parse-and-store step (seconds), then shows the data while the
  child computes companies, keywords and categories.
* A build that was killed (its lock is free but its progress file still says running): started
  again; enrichment resumes from its watermarks.
* Items that some enrichment step has not reached (an ingest with `--no-enrich`, an upload):
  `trendboard enrich --if-idle`.

`--if-idle` and the build lock (`analysis.enrich.jobs`) make a reload, a second tab or a second
server that asks at the same moment start nothing more.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

import streamlit as st

from analysis import settings
from analysis.enrich import jobs
from analysis.ingest.pipeline import discover
from analysis.store.db import DatabaseFault, upgrade_schema
from dashboard.data import db_path, db_version


@st.cache_data(max_entries=4, ttl=60, show_spinner=False)
def _pending_items(path: str, version: tuple, model: str) -> int | None:
    return jobs.pending_items(path, model)


def _build_arguments(path: str, progress: jobs.BuildProgress | None) -> list[str] | None:
    """What to run in the background now, if anything."""
    folder = settings.get("digest_dir")
    if not Path(path).exists():
        files, _ = discover([folder]) if Path(folder).exists() else ([], [])
        return ["ingest", folder] if files else None
    if jobs.should_resume(progress):
        return ["ingest", folder] if progress.command == "ingest" else ["enrich"]
    if progress is not None and progress.state == "failed":
        return None  # shown on the page; retried after a pause, not in a loop
    pending = _pending_items(path, db_version(), settings.get("model").strip())
    return ["enrich"] if pending else None


def start_enrichment() -> None:
    """After the Ingest page stored new items: compute their keywords in the background (waits
    for a build that is running, so nothing added now is left out)."""
    jobs.start_child(db_path(), ["enrich"], if_idle=False)
    st.session_state["_build_watch"] = True


@st.cache_resource(show_spinner=False)
def _schema_checked(path: str) -> bool:
    """Once per process and file: a database from an older version gets its new columns."""
    return upgrade_schema(path)


def ensure_database(t) -> None:
    """Start what is missing in the background, then show the running build's progress."""
    path = db_path()
    if Path(path).exists():
        # An unusable file is reported by `database_fault` on every page; not upgraded here.
        with suppress(DatabaseFault):
            _schema_checked(path)
    progress = jobs.read_progress(path)
    if progress is None or not progress.running:
        try:
            arguments = _build_arguments(path, progress)
        except DatabaseFault:  # an unusable file: `database_fault` says so on every page
            arguments = None
        if arguments is not None and jobs.start_child(path, arguments) is not None:
            progress = jobs.read_progress(path)
            st.session_state["_build_watch"] = True
    if (progress is not None and progress.running) or st.session_state.get("_build_watch"):
        st.session_state[_IN_FULL_RUN] = True
        try:
            _build_status(t)
        finally:
            st.session_state[_IN_FULL_RUN] = False
        progress = jobs.read_progress(path)
        if progress is not None and progress.running and _parsing_first(progress):
            st.stop()  # nothing to show until the digests are stored; the status reruns the app


def _parsing_first(progress: jobs.BuildProgress) -> bool:
    return progress.command == "ingest" and not progress.has_finished(jobs.STEP_INGEST)


def _step_text(t, progress: jobs.BuildProgress) -> str:
    if progress.step == jobs.STEP_INGEST or not progress.step:
        return t("build_parsing", done=progress.done, total=progress.total)
    step = "build_entities" if progress.step == jobs.STEP_ENTITIES else "build_keywords"
    text = t(step, done=f"{progress.done:,}", total=f"{progress.total:,}")
    if progress.rate:
        text += " · " + t("build_rate", rate=f"{progress.rate:,.0f}")
    if progress.seconds_left is not None and progress.done < progress.total:
        text += " · " + t("build_left", seconds=f"{progress.seconds_left:,.0f}")
    return text


_IN_FULL_RUN = "_build_status_in_full_run"


def _rerun_app() -> None:
    """Rerun the whole app, but only from the status's own timed runs: a full run already draws
    the page from the new data, and rerunning it would swallow the click that started it."""
    if not st.session_state.get(_IN_FULL_RUN):
        st.rerun()


@st.fragment(run_every=1.5)
def _build_status(t) -> None:
    """Polls the progress file; reruns the whole app when a step finishes, so charts fill in."""
    progress = jobs.read_progress(db_path())
    seen = st.session_state.get("_build_steps_seen")
    now_done = tuple(progress.steps_done) if progress else ()
    if progress is None or not progress.running:
        st.session_state["_build_watch"] = False
        if progress is not None and progress.state == "failed":
            st.error(t("build_failed", error=progress.error, log=str(jobs.log_path(db_path()))))
        if seen is not None:
            st.session_state.pop("_build_steps_seen", None)
            _rerun_app()
        return
    if seen is not None and seen != now_done:
        st.session_state["_build_steps_seen"] = now_done
        _rerun_app()
    st.session_state["_build_steps_seen"] = now_done
    fraction = min(progress.done / progress.total, 1.0) if progress.total else 0.0
    st.progress(fraction, text=_step_text(t, progress))


def filling_in(t, step: str) -> None:
    """On a page built from `step`'s results: say that they are still arriving."""
    progress = jobs.read_progress(db_path())
    if progress is None or not progress.running or progress.has_finished(step):
        return
    share = progress.done / progress.total if progress.step == step and progress.total else 0.0
    st.info(t("filling_in", percent=f"{share:.0%}"), icon="⏳")
