"""Time-zone names as users write them (+08:00, Asia/Shanghai, UTC)."""

from __future__ import annotations

import re
from datetime import UTC, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


def parse_tz(name: str) -> tzinfo:
    """A tzinfo for an IANA name or a fixed offset such as `+08:00` or `UTC+8`."""
    name = name.strip()
    if name.upper() in ("UTC", "Z", "GMT"):
        return UTC
    match = _OFFSET.match(name)
    if match:
        sign = 1 if match.group(1) == "+" else -1
        delta = timedelta(hours=int(match.group(2)), minutes=int(match.group(3) or 0))
        return timezone(sign * delta)
    return ZoneInfo(name)


def duckdb_tz_name(name: str) -> str:
    """The name DuckDB's ICU understands for the same zone.

    ICU takes IANA names; a fixed offset becomes the matching `Etc/GMT∓h` zone
    (POSIX sign convention: Etc/GMT-8 is eight hours ahead of UTC).
    """
    name = name.strip()
    if name.upper() in ("UTC", "Z", "GMT"):
        return "UTC"
    match = _OFFSET.match(name)
    if not match:
        return name
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if minutes:
        raise ValueError(f"offset {name!r} is not a whole hour; use an IANA zone name instead")
    if hours == 0:
        return "UTC"
    return f"Etc/GMT{'-' if match.group(1) == '+' else '+'}{hours}"
