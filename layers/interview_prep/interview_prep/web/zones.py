"""Time zones for the form's picker, and times shown in the interview's own zone."""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interview_prep.domain.models import Interview

# --- time zones and times ------------------------------------------------------------------------------------

ZONE_REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


@functools.cache
def zone_groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """IANA zones for the select, grouped by region (UTC first)."""
    import zoneinfo

    names = sorted(z for z in zoneinfo.available_timezones() if z.split("/", 1)[0] in ZONE_REGIONS and "/" in z)
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(name.split("/", 1)[0], []).append(name)
    return (("Universal", ("UTC",)), *((region, tuple(zones)) for region, zones in groups.items()))


def zone_label(name: str) -> str:
    return name.replace("_", " ")


def local_when(moment: dt.datetime | None, interview: Interview) -> str:
    """A moment in the interview's own zone, e.g. `Saturday 16 January 2027, 14:00 (America/Toronto, UTC−05:00)`."""
    if moment is None:
        return ""
    from interview_prep.domain.confirmation import format_local

    return format_local(moment.astimezone(interview.zone), interview.timezone)
