"""Dashboard state ⇄ URL query string ⇄ query Filters. Pure functions, no Streamlit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from analysis.query.filters import COUNT_BY, Filters
from analysis.query.granularity import GRANULARITIES

PRESETS = {"7": 7, "30": 30, "90": 90, "all": None}
MEASURES = ("share", "count")


@dataclass(frozen=True)
class ViewState:
    preset: str = "30"  # "7", "30", "90", "all" or "custom"
    start: date | None = None  # only for "custom"
    end: date | None = None
    granularity: str = "day"
    measure: str = "share"
    categories: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    series: tuple[str, ...] = ()
    text: str = ""
    language: str = "en"
    count_by: str = "items"  # what trends count: "items" or "stories"
    story: int | None = None  # the story open on the Stories page

    def date_range(
        self, first_day: date | None, last_day: date | None
    ) -> tuple[date | None, date | None]:
        """Presets count back from the last day with data, not from today."""
        if self.preset == "custom":
            return self.start, self.end
        days = PRESETS.get(self.preset)
        if days is None or last_day is None:
            return None, None
        return last_day - timedelta(days=days - 1), last_day

    def filters(
        self, first_day: date | None, last_day: date | None, tz: str = "", model: str = ""
    ) -> Filters:
        start, end = self.date_range(first_day, last_day)
        return Filters(
            start=start,
            end=end,
            granularity=self.granularity,
            tz=tz,
            model=model,
            categories=self.categories,
            companies=self.companies,
            sources=self.sources,
            series=self.series,
            text=self.text,
            count_by=self.count_by,
        )


def _parse_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _split(value: str | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    values = value if isinstance(value, list) else [value]
    return tuple(v for v in values if v)


MAX_TEXT = 200
MAX_LIST_VALUES = 20
MAX_VALUE_CHARS = 200
KNOWN_PARAMS = (
    "range",
    "start",
    "end",
    "g",
    "m",
    "lang",
    "q",
    "cat",
    "co",
    "src",
    "series",
    "cb",
    "story",
)


def _clean(text: str) -> str:
    """Text from a URL without control characters (NUL, bidi overrides are kept out of widgets)."""
    return "".join(
        ch for ch in text if ch.isprintable() and ch not in "\u202a\u202b\u202c\u202d\u202e"
    )


def _shown(name: str, value: object) -> str:
    """`name=value` for a notice, shortened, as a code span so that the page never renders it."""
    text = _clean(str(value)).replace("`", "'")
    return f"`{name}={text[:40]}{'…' if len(text) > 40 else ''}`"


def state_from_params(params: dict[str, str | list[str]]) -> ViewState:
    """Read a view from the URL; unknown or malformed values fall back to defaults."""
    return read_params(params)[0]


def unknown_params(names, page_keys=()) -> list[str]:
    """Notices for the URL parameters neither the sidebar nor the page's widgets read."""
    return [
        _shown(name[:40], "")[:-2] + "` (unknown)"
        for name in names
        if name and name not in KNOWN_PARAMS and name not in page_keys
    ]


def read_params(
    params: dict[str, str | list[str]], check_unknown: bool = True
) -> tuple[ViewState, list[str]]:
    """The view a URL asks for, and what of it was dropped or cut (`name=value`, for a notice).

    Page widgets bind their own parameters while the page runs; a caller that knows them
    only then passes `check_unknown=False` and calls `unknown_params` at the end of the run."""
    notices: list[str] = []

    def one(name: str) -> str | None:
        value = params.get(name)
        return value[-1] if isinstance(value, list) and value else value  # type: ignore[return-value]

    def choice(name: str, allowed, default: str) -> str:
        value = one(name)
        if value is None or value == "":
            return default
        if value in allowed:
            return value
        notices.append(_shown(name, value))
        return default

    preset = choice("range", [*PRESETS, "custom"], "30")
    start, end = _parse_date(one("start")), _parse_date(one("end"))
    for name, parsed in (("start", start), ("end", end)):
        if one(name) and parsed is None:
            notices.append(_shown(name, one(name)))
    if preset == "custom" and not (start and end):
        notices.append("range=custom (without a valid start and end)")
        preset = "30"
    if start and end and start > end:
        start, end = end, start
    granularity = choice("g", GRANULARITIES, "day")
    measure = choice("m", MEASURES, "share")
    language = choice("lang", ("en", "zh"), "en")
    text = _clean(one("q") or "")
    if len(text) > MAX_TEXT:
        notices.append(f"q (cut to {MAX_TEXT} characters)")
        text = text[:MAX_TEXT]

    def values(name: str) -> tuple[str, ...]:
        found = [_clean(v) for v in _split(params.get(name))]
        kept = tuple(dict.fromkeys(v for v in found if v and len(v) <= MAX_VALUE_CHARS))
        if len(kept) < len(found) or len(kept) > MAX_LIST_VALUES:
            notices.append(
                f"{name} (kept {min(len(kept), MAX_LIST_VALUES)} of {len(found)} values)"
            )
        return kept[:MAX_LIST_VALUES]

    categories, companies, sources = values("cat"), values("co"), values("src")
    if check_unknown:
        notices.extend(unknown_params(params))
    count_by = choice("cb", COUNT_BY, "items")
    story = one("story")
    state = ViewState(
        preset=preset,
        start=start if preset == "custom" else None,
        end=end if preset == "custom" else None,
        granularity=granularity,
        measure=measure,
        categories=categories,
        companies=companies,
        sources=sources,
        series=values("series"),
        text=text,
        language=language,
        count_by=count_by,
        story=int(story) if story and story.isdigit() and len(story) < 19 else None,
    )
    return state, notices


def clamp_to_data(
    start: date, end: date, first_day: date | None, last_day: date | None
) -> tuple[tuple[date, date] | None, str]:
    """A custom range inside the data's days: (range or None when it misses the data, notice or "")."""
    if first_day is None or last_day is None:
        return (start, end), ""
    asked = f"{start.isoformat()} .. {end.isoformat()}"
    if end < first_day or start > last_day:
        return (
            None,
            f"{asked} lies outside the data ({first_day} .. {last_day}); showing the default range",
        )
    clamped = (max(start, first_day), min(end, last_day))
    if clamped != (start, end):
        return clamped, f"{asked} clamped to the data: {clamped[0]} .. {clamped[1]}"
    return clamped, ""


def params_from_state(state: ViewState) -> dict[str, str | list[str]]:
    """The URL query string for a view; defaults are left out to keep links short."""
    params: dict[str, str | list[str]] = {}
    default = ViewState()
    if state.preset != default.preset:
        params["range"] = state.preset
    if state.preset == "custom" and state.start and state.end:
        params["start"], params["end"] = state.start.isoformat(), state.end.isoformat()
    if state.granularity != default.granularity:
        params["g"] = state.granularity
    if state.measure != default.measure:
        params["m"] = state.measure
    if state.language != default.language:
        params["lang"] = state.language
    if state.text:
        params["q"] = state.text
    if state.count_by != default.count_by:
        params["cb"] = state.count_by
    if state.story is not None:
        params["story"] = str(state.story)
    for name, values in (
        ("cat", state.categories),
        ("co", state.companies),
        ("src", state.sources),
        ("series", state.series),
    ):
        if values:
            params[name] = list(values)
    return params


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of equal length right before [start, end]."""
    length = (end - start).days + 1
    return start - timedelta(days=length), start - timedelta(days=1)
