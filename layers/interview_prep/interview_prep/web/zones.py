"""Time zones for the form's picker, and times shown in the interview's own zone."""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

from interview_prep.domain.i18n import N_

if TYPE_CHECKING:
    from interview_prep.domain.i18n import Locale
    from interview_prep.domain.models import Interview

# --- time zones and times ------------------------------------------------------------------------------------

ZONE_REGIONS = (
    N_("Africa"),
    N_("America"),
    N_("Antarctica"),
    N_("Arctic"),
    N_("Asia"),
    N_("Atlantic"),
    N_("Australia"),
    N_("Europe"),
    N_("Indian"),
    N_("Pacific"),
)


@functools.cache
def zone_groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """IANA zones for the select, grouped by region (UTC first)."""
    from interview_prep.domain.models import accepted_zones

    names = sorted(z for z in accepted_zones() if z != "UTC")
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(name.split("/", 1)[0], []).append(name)
    return ((N_("Universal"), ("UTC",)), *((region, tuple(zones)) for region, zones in groups.items()))


def zone_label(name: str) -> str:
    return name.replace("_", " ")


def local_when(moment: dt.datetime | None, interview: Interview, locale: Locale | None = None) -> str:
    """A moment in the interview's own zone, e.g. `Saturday 16 January 2027, 14:00 (America/Toronto, UTC−05:00)`
    (in `locale`: `samedi 16 janvier 2027, 14 h (…)` in Québec French)."""
    if moment is None:
        return ""
    from interview_prep.domain.confirmation import format_local
    from interview_prep.domain.i18n import ENGLISH

    return format_local(moment.astimezone(interview.zone), interview.timezone, locale or ENGLISH)
