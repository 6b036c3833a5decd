"""The shared filters in the sidebar, kept in sync with the URL query string."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

import streamlit as st

from analysis import settings
from analysis.enrich.reference import load_categories
from analysis.query.filters import Filters
from analysis.query.granularity import GRANULARITIES
from dashboard.data import data_extent, filter_options
from dashboard.i18n import LANGUAGES, translate
from dashboard.state import ViewState, params_from_state, state_from_params

PRESET_KEYS = ["7", "30", "90", "all", "custom"]


@dataclass
class PageContext:
    state: ViewState
    filters: Filters
    t: Callable[..., str]
    first_day: date | None
    last_day: date | None

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
    state = state_from_params({k: st.query_params.get_all(k) for k in st.query_params})
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
            "w_custom": (state.start, state.end) if state.start and state.end else None,
            "_seeded": True,
        }
    )


def _reset() -> None:
    for key in (
        "w_preset",
        "w_granularity",
        "w_measure",
        "w_text",
        "w_categories",
        "w_companies",
        "w_sources",
        "w_custom",
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
            "w_custom": None,
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
        st.button(t("reset"), on_click=_reset)
        st.caption(t("tz_note", tz=tz))
    state = ViewState(
        preset=preset if (preset != "custom" or (start and end)) else "30",
        start=start,
        end=end,
        granularity=granularity,
        measure=measure,
        categories=tuple(categories),
        companies=tuple(companies),
        sources=tuple(sources),
        text=text.strip(),
        language=language,
    )
    _write_url(state)
    context = PageContext(state, state.filters(first_day, last_day, tz=tz), t, first_day, last_day)
    st.session_state["_page_context"] = context
    return context


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


def _write_url(state: ViewState) -> None:
    wanted = params_from_state(state)
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    normalized = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if current != normalized:
        st.query_params.from_dict(wanted)
