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


def state_from_params(params: dict[str, str | list[str]]) -> ViewState:
    """Read a view from the URL; unknown or malformed values fall back to defaults."""

    def one(name: str) -> str | None:
        value = params.get(name)
        return value[-1] if isinstance(value, list) and value else value  # type: ignore[return-value]

    preset = one("range") or "30"
    start, end = _parse_date(one("start")), _parse_date(one("end"))
    if preset == "custom" and not (start and end):
        preset = "30"
    if preset not in PRESETS and preset != "custom":
        preset = "30"
    if start and end and start > end:
        start, end = end, start
    granularity = one("g") if one("g") in GRANULARITIES else "day"
    measure = one("m") if one("m") in MEASURES else "share"
    language = one("lang") if one("lang") in ("en", "zh") else "en"
    count_by = one("cb") if one("cb") in COUNT_BY else "items"
    story = one("story")
    return ViewState(
        preset=preset,
        start=start if preset == "custom" else None,
        end=end if preset == "custom" else None,
        granularity=granularity,
        measure=measure,
        categories=_split(params.get("cat")),
        companies=_split(params.get("co")),
        sources=_split(params.get("src")),
        series=_split(params.get("series")),
        text=(one("q") or "")[:200],
        language=language,
        count_by=count_by,
        story=int(story) if story and story.isdigit() and len(story) < 19 else None,
    )


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
