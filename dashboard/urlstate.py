"""Every page widget in the URL: a shared link, or a reload, shows exactly the same view.

A page declares each widget's key with `bind(key, default)` before drawing the
widget (with `key=key` and no `value=`). On the widget's first run in a session
its value comes from the URL parameter of the same name, else the default;
at the end of every run `write_url` puts the sidebar's parameters and every
bound widget that differs from its default into the URL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any
from urllib.parse import urlencode

import streamlit as st

_BOUND = "_url_bound"  # key -> (default, encode) for the widgets of this run


def begin_run() -> None:
    st.session_state[_BOUND] = {}


def _decode(kind: str, raw: list[str], default: Any, choices: Sequence | None) -> Any:
    if not raw:
        return default
    try:
        if kind == "list":
            values = [v for v in raw if v]
            return [v for v in values if choices is None or v in choices]
        value = raw[-1]
        if kind == "int":
            return int(value)
        if kind == "bool":
            return value in ("1", "true", "yes")
        if kind == "dates":
            first, last = (date.fromisoformat(part) for part in value.split("_", 1))
            return (min(first, last), max(first, last))
        if choices is not None and value not in choices:
            return default
        return value[:200]
    except (ValueError, TypeError):
        return default


def _encode(kind: str, value: Any) -> list[str] | str:
    if kind == "list":
        return [str(v) for v in value]
    if kind == "bool":
        return "1" if value else "0"
    if kind == "dates":
        return f"{value[0].isoformat()}_{value[1].isoformat()}"
    return str(value)


def bind(
    key: str,
    default: Any,
    *,
    kind: str = "str",
    choices: Sequence | None = None,
    clamp: Callable[[Any], Any] | None = None,
) -> Any:
    """Seed `st.session_state[key]` from the URL (first run only) and register it for the URL.

    kind: "str", "int", "bool", "list" (repeated parameter) or "dates" (a
    `start_end` pair). `clamp` maps a decoded value into the widget's bounds.
    """
    if key not in st.session_state:
        value = _decode(kind, st.query_params.get_all(key), default, choices)
        st.session_state[key] = clamp(value) if clamp else value
    st.session_state.setdefault(_BOUND, {})[key] = (default, kind)
    return st.session_state[key]


def bound_keys() -> set[str]:
    """The URL parameters the widgets of this run read."""
    return set(st.session_state.get(_BOUND, {}))


def page_params() -> dict[str, str | list[str]]:
    params: dict[str, str | list[str]] = {}
    for key, (default, kind) in st.session_state.get(_BOUND, {}).items():
        value = st.session_state.get(key)
        if value is None or value == default or (isinstance(value, list) and not value):
            continue
        if kind == "dates" and not (isinstance(value, (tuple, list)) and len(value) == 2):
            continue
        params[key] = _encode(kind, value)
    return params


def write_url(sidebar_params: dict[str, str | list[str]]) -> dict[str, str | list[str]]:
    wanted = {**sidebar_params, **page_params()}
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    normalized = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if current != normalized:
        st.query_params.from_dict(wanted)
    return wanted


def share_link(params: dict[str, str | list[str]]) -> str:
    """The address of this view: the page's URL (without its old query) and the current parameters."""
    base = (st.context.url or "").split("?", 1)[0]
    query = urlencode(params, doseq=True)
    return f"{base}?{query}" if query else base
