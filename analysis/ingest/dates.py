"""Dates as digests write them: in file names, titles, leading lines and front matter.

Every function returns an aware datetime or None. A stated offset (`Z`,
`+0000`, `+00:00`, `+08:00`) is kept; a date or time without one is read in
the zone the caller passes (the display zone). A date without a year (`12月20日`,
`12-19`) needs the year from elsewhere (the file name, the front matter).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo

_OFFSET = r"(?P<offset>Z|[+-]\d{2}(?::?\d{2})?)"

# 2025-08-25T11:23:23Z, 2025-08-25 19:23 +08:00, 2025/08/25 19:23:23
_ISO_DATETIME = re.compile(
    r"(?<!\d)(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})[T ]"
    r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?\s*" + _OFFSET + r"?(?![\d:])",
    re.IGNORECASE,
)
# 20251222T112417Z: the ISO basic format that some feeds put in file names
_BASIC_STAMP = re.compile(
    r"(?<!\d)(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})T(?P<H>\d{2})(?P<M>\d{2})(?P<S>\d{2})?"
    + _OFFSET
    + r"?(?![\dA-Za-z])",
    re.IGNORECASE,
)
# 2026.01.07.00: the reference digests' title stamp, hour last
_TITLE_STAMP = re.compile(r"(?<![\d.])(\d{4})\.(\d{1,2})\.(\d{1,2})\.(\d{1,2})(?![\d.])")
# 2025/12/24, 2025-12-24, 2025.12.24, 2025年12月24日
_FULL_DATE = re.compile(
    r"(?<![\d.])(?P<y>\d{4})\s*(?P<sep>[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:(?P=sep)|月)\s*(?P<d>\d{1,2})"
    r"(?:日|号)?(?![\d])"
)
_MONTH_DAY_CJK = re.compile(r"(?<!\d)(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]")
# 12-19 after a separator or a CJK word, not inside `Top 10-20` or `GPT-5-2`
_MONTH_DAY_DASH = re.compile(
    r"(?:^|(?<=[|｜/·•:：(（【\[—–~])|(?<=[^\x00-\x7f])\s|(?<=[^\x00-\x7f]))\s*"
    r"(?P<m>\d{2})-(?P<d>\d{2})(?![\d\w-])"
)
# File names: 2026-02-10-1200, 2026_02_10, 20260210, 2026.02.10.08
_NAME_FULL_DATE = re.compile(
    r"(?<!\d)(?P<y>\d{4})(?P<sep>[-_.]?)(?P<m>\d{2})(?P=sep)(?P<d>\d{2})"
    r"(?:[-_.T]?(?P<H>\d{2})(?P<M>\d{2})?)?(?!\d)"
)
# File names: 25-12-23-title.md
_NAME_SHORT_DATE = re.compile(r"(?<![\d])(?P<y>\d{2})[-_.](?P<m>\d{2})[-_.](?P<d>\d{2})(?![\d])")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def offset_zone(text: str | None, default: tzinfo) -> tzinfo | None:
    """The zone of `Z`, `+0000`, `+08:00`; None for an impossible offset (`+99:00`)."""
    if not text:
        return default
    if text.upper() == "Z":
        return UTC
    sign = 1 if text[0] == "+" else -1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 23 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _make(tz: tzinfo, y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0):
    try:
        value = datetime(y, m, d, hh, mm, ss, tzinfo=tz)
        value.astimezone(UTC)  # year 1 at +08:00 has no UTC equivalent, which the store needs
    except (ValueError, OverflowError):
        return None
    return value


def _from_groups(match: re.Match, tz: tzinfo) -> datetime | None:
    groups = match.groupdict()
    zone = offset_zone(groups.get("offset"), tz)
    if zone is None:
        return None
    return _make(
        zone,
        int(groups["y"]),
        int(groups["m"]),
        int(groups["d"]),
        int(groups.get("H") or 0),
        int(groups.get("M") or 0),
        int(groups.get("S") or 0),
    )


def date_from_text(text: str, tz: tzinfo, year: int | None = None) -> datetime | None:
    """The first date in a title, heading or line, most explicit shape first."""
    for pattern in (_ISO_DATETIME, _BASIC_STAMP):
        for match in pattern.finditer(text):
            value = _from_groups(match, tz)
            if value is not None:
                return value
    for match in _TITLE_STAMP.finditer(text):
        y, m, d, hh = (int(g) for g in match.groups())
        value = _make(tz, y, m, d, hh)
        if value is not None:
            return value
    for match in _FULL_DATE.finditer(text):
        value = _from_groups(match, tz)
        if value is not None:
            return value
    if year is None:
        return None
    for pattern in (_MONTH_DAY_CJK, _MONTH_DAY_DASH):
        for match in pattern.finditer(text):
            value = _make(tz, year, int(match["m"]), int(match["d"]))
            if value is not None:
                return value
    return None


def date_from_file_name(name: str, tz: tzinfo) -> datetime | None:
    """The most specific full date in a file name; the last one when several are equally so.

    `cn_2025-12_2025-12-24.md` is the 24th (`2025-12` is not a full date);
    `20251222T112417Z` is UTC; `25-12-23-title.md` is 2025-12-23.
    """
    stem = name.rsplit("/", 1)[-1]
    found: list[tuple[int, int, datetime]] = []  # (specificity, position, value)
    taken: list[range] = []
    for match in _BASIC_STAMP.finditer(stem):
        value = _from_groups(match, tz)
        if value is not None:
            found.append((3, match.start(), value))
            taken.append(range(match.start(), match.end()))
    for match in _NAME_FULL_DATE.finditer(stem):
        if any(match.start() in span for span in taken):
            continue
        value = _from_groups(match, tz)
        if value is not None:
            found.append((2 if match["H"] else 1, match.start(), value))
            taken.append(range(match.start(), match.end()))
    for match in _NAME_SHORT_DATE.finditer(stem):
        if any(match.start() in span or match.end() - 1 in span for span in taken):
            continue
        value = _make(tz, 2000 + int(match["y"]), int(match["m"]), int(match["d"]))
        if value is not None:
            found.append((0, match.start(), value))
    if not found:
        return None
    return max(found, key=lambda entry: (entry[0], entry[1]))[2]


def year_hint(*texts: str) -> int | None:
    """A year for dates written without one: from a full date, else a lone 19xx/20xx."""
    for text in texts:
        full = date_from_file_name(text, UTC)
        if full is not None:
            return full.year
    for text in texts:
        years = _YEAR.findall(text)
        if years:
            return int(years[-1])
    return None


def strip_dates(text: str) -> str:
    """The text with every date shape removed (for series names built from titles)."""
    for pattern in (
        _ISO_DATETIME,
        _BASIC_STAMP,
        _TITLE_STAMP,
        _FULL_DATE,
        _MONTH_DAY_CJK,
        _MONTH_DAY_DASH,
    ):
        text = pattern.sub(" ", text)
    return text
