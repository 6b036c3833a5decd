"""The shared filters in the sidebar, kept in sync with the URL query string."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from functools import partial

import streamlit as st

from analysis import settings
from analysis.enrich.reference import load_categories
from analysis.present.charts import Note, notes_from
from analysis.query.filters import COUNT_BY, Filters
from analysis.query.granularity import GRANULARITIES
from analysis.store.annotations import add_annotation, delete_annotation
from analysis.store.db import DatabaseBusy, write_connection
from analysis.timezones import parse_tz
from dashboard.data import data_extent, db_path, filter_options, query
from dashboard.i18n import LANGUAGES, translate
from dashboard.state import ViewState, clamp_to_data, params_from_state, read_params

PRESET_KEYS = ["7", "30", "90", "all", "custom"]


@dataclass
class PageContext:
    state: ViewState
    filters: Filters
    t: Callable[..., str]
    first_day: date | None
    last_day: date | None
    url_params: dict = field(default_factory=dict)
    link_slot: object = None

    @property
    def language(self) -> str:
        return self.state.language

    @property
    def value(self) -> str:
        return self.state.measure


def _seed_widgets_from_url() -> None:
    """Widgets own their values after the first run; the URL only seeds them."""
    if st.session_state.get("_seeded"):
        return
    state, notices = read_params(
        {k: st.query_params.get_all(k) for k in st.query_params}, check_unknown=False
    )
    st.session_state["_url_names"] = list(st.query_params)
    if state.start and state.end:
        first_day, last_day = data_extent(settings.get("display_tz"))
        kept, note = clamp_to_data(state.start, state.end, first_day, last_day)
        if note:
            notices.append(note)
        state = (
            replace(state, start=kept[0], end=kept[1])
            if kept
            else replace(state, preset="30", start=None, end=None)
        )
    st.session_state["_url_notices"] = notices
    st.session_state.update(
        {
            "w_lang": state.language,
            "w_preset": state.preset,
            "w_granularity": state.granularity,
            "w_measure": state.measure,
            "w_text": state.text,
            "w_categories": list(state.categories),
            "w_companies": list(state.companies),
            "w_sources": list(state.sources),
            "w_series": list(state.series),
            "w_custom": (state.start, state.end) if state.start and state.end else None,
            "w_count_by": state.count_by,
            "w_story": state.story,
            "_seeded": True,
        }
    )


def _reset() -> None:
    st.session_state.pop("_url_notices", None)
    for key in (
        "w_preset",
        "w_granularity",
        "w_measure",
        "w_text",
        "w_categories",
        "w_companies",
        "w_sources",
        "w_series",
        "w_custom",
        "w_count_by",
    ):
        st.session_state.pop(key, None)
    st.session_state.update(
        {
            "w_preset": "30",
            "w_granularity": "day",
            "w_measure": "share",
            "w_text": "",
            "w_categories": [],
            "w_companies": [],
            "w_sources": [],
            "w_series": [],
            "w_custom": None,
            "w_count_by": "items",
        }
    )


def render_sidebar() -> PageContext:
    _seed_widgets_from_url()
    tz = settings.get("display_tz")
    with st.sidebar:
        language = st.radio(
            "Language / 语言",
            list(LANGUAGES),
            format_func=LANGUAGES.get,
            key="w_lang",
            horizontal=True,
        )
        t = partial(translate, language=language)
        st.session_state["_busy_message"] = t("db_busy")
        for notice in st.session_state.get("_url_notices", []):
            st.warning(t("url_notice", what=notice))
        st.header(t("filters"))
        first_day, last_day = data_extent(tz)
        preset = st.selectbox(
            t("preset"), PRESET_KEYS, key="w_preset", format_func=lambda k: t(f"preset_{k}")
        )
        start = end = None
        if preset == "custom":
            default = st.session_state.get("w_custom") or (
                ViewState(preset="30").date_range(first_day, last_day)
                if last_day
                else (date.today(), date.today())
            )
            # The data may have shrunk since the range was picked: the widget refuses out-of-range values.
            default = clamp_to_data(*default, first_day, last_day)[0] or (first_day, last_day)
            picked = st.date_input(
                t("date_range"),
                value=default,
                min_value=first_day,
                max_value=last_day,
                key="w_custom_input",
            )
            if isinstance(picked, (tuple, list)) and len(picked) == 2:
                start, end = picked
                st.session_state["w_custom"] = (start, end)
            elif st.session_state.get("w_custom"):
                start, end = st.session_state["w_custom"]
        granularity = st.selectbox(
            t("granularity"),
            list(GRANULARITIES),
            key="w_granularity",
            format_func=lambda g: t(f"g_{g}"),
        )
        measure = st.radio(
            t("measure"),
            ["share", "count"],
            key="w_measure",
            format_func=lambda m: t(f"m_{m}"),
            horizontal=True,
        )
        count_by = st.radio(
            t("count_by"),
            list(COUNT_BY),
            key="w_count_by",
            format_func=lambda c: t(f"cb_{c}"),
            horizontal=True,
            help=t("count_by_help"),
        )
        text = st.text_input(t("search"), key="w_text", max_chars=200)
        options = filter_options()
        categories = _multiselect(
            t("filter_categories"),
            options["categories"],
            "w_categories",
            t("choose"),
            format_func=category_label(language),
        )
        companies = _multiselect(
            t("filter_companies"), options["companies"], "w_companies", t("choose")
        )
        sources = _multiselect(t("filter_sources"), options["sources"], "w_sources", t("choose"))
        series = _multiselect(
            t("filter_series"), options.get("series", []), "w_series", t("choose")
        )
        st.button(t("reset"), on_click=_reset)
        st.caption(t("tz_note", tz=tz))
        link_slot = st.empty()
    state = ViewState(
        preset=preset if (preset != "custom" or (start and end)) else "30",
        start=start,
        end=end,
        granularity=granularity,
        measure=measure,
        categories=tuple(categories),
        companies=tuple(companies),
        sources=tuple(sources),
        series=tuple(series),
        text=text.strip(),
        language=language,
        count_by=count_by,
        story=st.session_state.get("w_story"),
    )
    filters = state.filters(first_day, last_day, tz=tz)
    context = PageContext(
        state, filters, t, first_day, last_day, params_from_state(state), link_slot
    )
    with st.sidebar:
        _notes_editor(context)
    st.session_state["_page_context"] = context
    return context


def notes(ctx: PageContext) -> list[Note]:
    """The readers' notes inside the selected range, for the charts."""
    return notes_from(query("annotations", ctx.filters))


def _notes_editor(ctx: PageContext) -> None:
    """Add a note on a date (drawn on every time chart), or remove one."""
    t = ctx.t
    with st.expander(t("notes")):
        with st.form("note-form", clear_on_submit=True, border=False):
            day = st.date_input(
                t("note_day"),
                value=ctx.last_day or date.today(),
                key="w_note_day",
                format="YYYY-MM-DD",
            )
            text = st.text_input(
                t("note_text"), key="w_note_text", max_chars=200, placeholder=t("note_example")
            )
            if st.form_submit_button(t("note_add")) and text.strip():
                at = datetime.combine(day, time(12), parse_tz(ctx.filters.tz))
                _write_note(ctx, lambda con: add_annotation(con, at, text))
        existing = query("annotations", ctx.filters.with_range(None, None))
        if existing is not None and not existing.empty:
            labels = {
                i: f"{row.at:%Y-%m-%d} · {row.text}" for i, row in enumerate(existing.itertuples())
            }
            chosen = st.selectbox(
                t("note_remove"),
                list(labels),
                format_func=labels.get,
                index=None,
                placeholder=t("choose"),
                key="w_note_remove",
            )
            if chosen is not None and st.button(t("note_remove_button"), key="w_note_remove_go"):
                row = existing.iloc[chosen]
                _write_note(
                    ctx,
                    lambda con: delete_annotation(
                        con, row["at"].to_pydatetime(), row["text"], row["created"].to_pydatetime()
                    ),
                )
                st.rerun()


def _write_note(ctx: PageContext, change) -> None:
    try:
        with write_connection(db_path()) as con:
            change(con)
    except DatabaseBusy:
        st.warning(ctx.t("db_busy"))


def current_context() -> PageContext:
    """The context the entry point built for this run (per session, so users never share it)."""
    return st.session_state["_page_context"]


def _multiselect(
    label: str, options: list[str], key: str, placeholder: str, format_func=str
) -> list[str]:
    chosen = st.session_state.get(key) or []
    # Values from a shared URL may not be among this database's options; keep them selectable.
    all_options = options + [c for c in chosen if c not in options]
    return st.multiselect(
        label, all_options, key=key, placeholder=placeholder, format_func=format_func
    )


def category_label(language: str):
    """Category names are English in the data; Chinese readers see the taxonomy's Chinese label."""
    labels = {c.name: c.label_zh for c in load_categories()} if language == "zh" else {}
    return lambda name: labels.get(name, name)
