"""Times right at both ends: every zone, every daylight-saving change of the next two years.

The end of an interview is its start plus its duration in elapsed time (UTC), shown back in the zone: an interview
that ends after the clocks went back (or forward) shows each end with its own offset, and its .ics says the same
instants, read here by a second, independent iCalendar library (vobject).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import zoneinfo
from typing import Any

import pytest
import vobject
from interview_prep.domain.calendar import build_ics
from interview_prep.domain.digest import utc_offset, when_line
from interview_prep.domain.models import Interview, accepted_zones

from tests.sample_interviews import KESTREL, stored_interview

UTC = dt.UTC
# Every zone an interview may be in (CET, EST5EDT, Canada/Atlantic and the like are refused at validation).
ZONES = sorted(accepted_zones())
FIRST_DAY = dt.datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
DAYS = 2 * 366
STEP_DAYS = 5


def _transition_in(zone: zoneinfo.ZoneInfo, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    """The instant (to the minute) within (start, end] at which the zone's offset changes."""
    low, high = start, end  # offset(low) differs from offset(high)
    while high - low > dt.timedelta(minutes=1):
        middle = low + (high - low) / 2
        middle = middle.replace(second=0, microsecond=0)
        if middle <= low:
            break
        if middle.astimezone(zone).utcoffset() == low.astimezone(zone).utcoffset():
            low = middle
        else:
            high = middle
    return high


@functools.cache
def transitions() -> list[tuple[str, dt.datetime]]:
    """(zone, UTC instant) of every change of UTC offset in every IANA zone over the next two years."""
    found = []
    for name in ZONES:
        zone = zoneinfo.ZoneInfo(name)
        previous = FIRST_DAY
        previous_offset = previous.astimezone(zone).utcoffset()
        for day in range(STEP_DAYS, DAYS + STEP_DAYS, STEP_DAYS):  # no zone changes twice within STEP_DAYS
            moment = FIRST_DAY + dt.timedelta(days=day)
            offset = moment.astimezone(zone).utcoffset()
            if offset != previous_offset:
                found.append((name, _transition_in(zone, previous, moment)))
            previous, previous_offset = moment, offset
    return found


def interview_at(zone: str, local: dt.datetime, minutes: int) -> Interview:
    return stored_interview(
        KESTREL,
        starts_at=local.strftime("%Y-%m-%dT%H:%M"),
        timezone=zone,
        duration_minutes=minutes,
        updated_at="2026-01-01T00:00:00Z",
    )


def starts_on_the_transition_day(zone: str, change: dt.datetime) -> list[dt.datetime]:
    """Local start times around the change, as a person would type them: before it, so the interview spans it,
    and right at it."""
    tz = zoneinfo.ZoneInfo(zone)
    moments = (change - dt.timedelta(minutes=30), change)
    return [m.astimezone(tz).replace(tzinfo=None) for m in moments]


def vobject_times(data: bytes) -> tuple[dt.datetime, dt.datetime]:
    """DTSTART and DTEND as vobject reads them, from this file's VTIMEZONE alone (as a client seeing it first)."""
    registry = vars(vobject.icalendar)["__tzidMap"]  # vobject keeps the first VTIMEZONE of each TZID it read
    for tzid in [t for t in registry if t != "UTC"]:
        del registry[tzid]
    calendar: Any = vobject.readOne(io.StringIO(data.decode()))
    event = calendar.vevent
    return event.dtstart.value, event.dtend.value


def test_transitions_found_for_the_zones_that_change_their_clocks() -> None:
    # The search itself: the zones everybody knows change twice a year; a zone without DST never does
    found = transitions()
    zones = {zone for zone, _ in found}
    assert {"America/Toronto", "Europe/Paris", "Australia/Sydney", "America/Santiago"} <= zones
    assert "Asia/Tokyo" not in zones and "UTC" not in zones
    toronto = [change for zone, change in found if zone == "America/Toronto"]
    assert len(toronto) >= 4
    for change in toronto:
        tz = zoneinfo.ZoneInfo("America/Toronto")
        assert (change - dt.timedelta(minutes=1)).astimezone(tz).utcoffset() != change.astimezone(tz).utcoffset()


def test_build_ics_every_zone_every_dst_change_of_two_years_dtend_minus_dtstart_is_the_duration() -> None:
    checked = 0
    for zone, change in transitions():
        for local in starts_on_the_transition_day(zone, change):
            interview = interview_at(zone, local, 60)
            data = build_ics(interview)

            # Read by vobject: the instants are the interview's, and the event lasts its duration
            start, end = vobject_times(data)
            assert start.astimezone(UTC) == interview.starts_at_utc, (zone, local)
            assert end.astimezone(UTC) - start.astimezone(UTC) == dt.timedelta(minutes=60), (zone, local)
            assert end.astimezone(UTC) == interview.ends_at_utc, (zone, local)

            # The email's line: both ends with their own offset when the offset changes in between
            line = when_line(interview)
            offsets = utc_offset(interview.starts_at_local), utc_offset(interview.ends_at_local)
            assert all(offset in line for offset in offsets), (zone, local, line)
            assert f"{interview.ends_at_local:%H:%M}" in line
            checked += 1
    assert checked > 1000  # hundreds of zones change their clocks, several times in two years


def test_build_ics_ends_in_the_repeated_hour_not_a_zero_length_event() -> None:
    # Given an interview at 01:30 (EDT) on the night Toronto's clocks go back: it ends at 01:30 again, on EST
    interview = interview_at("America/Toronto", dt.datetime(2027, 11, 7, 1, 30), 60)
    assert interview.ends_at_utc - interview.starts_at_utc == dt.timedelta(hours=1)

    data = build_ics(interview)
    start, end = vobject_times(data)

    # Then the event lasts an hour in every reader, and the end is written in UTC (a TZID time means its first
    # occurrence)
    assert end.astimezone(UTC) - start.astimezone(UTC) == dt.timedelta(hours=1)
    assert b"DTEND:20271107T063000Z" in data
    # And the email shows 01:30 twice, each with its own offset
    assert when_line(interview) == (
        "Sunday 7 November 2027, 01:30 (UTC\u221204:00) \u2013 01:30 (UTC\u221205:00), America/Toronto"
    )


def test_build_ics_starts_in_the_repeated_hour_written_in_utc_so_no_reader_takes_the_second() -> None:
    interview = interview_at("Europe/Paris", dt.datetime(2027, 10, 31, 2, 15), 30)

    data = build_ics(interview)

    assert b"DTSTART:20271031T001500Z" in data
    start, end = vobject_times(data)
    assert start.astimezone(UTC) == dt.datetime(2027, 10, 31, 0, 15, tzinfo=UTC)
    assert end.astimezone(UTC) - start.astimezone(UTC) == dt.timedelta(minutes=30)


def test_when_line_no_change_during_the_interview_one_offset() -> None:
    interview = interview_at("America/Toronto", dt.datetime(2027, 11, 8, 9, 0), 90)

    assert when_line(interview) == "Monday 8 November 2027, 09:00\u201310:30 (America/Toronto, UTC\u221205:00)"


@pytest.mark.parametrize(
    ("zone", "local", "minutes", "start_offset", "end_offset"),
    [
        ("Europe/Paris", dt.datetime(2027, 3, 28, 1, 30), 60, "UTC+01:00", "UTC+02:00"),
        ("Australia/Lord_Howe", dt.datetime(2027, 4, 4, 1, 45), 30, "UTC+11:00", "UTC+10:30"),
    ],
)
def test_when_line_offset_changes_during_the_interview_each_end_its_own(
    zone: str, local: dt.datetime, minutes: int, start_offset: str, end_offset: str
) -> None:
    line = when_line(interview_at(zone, local, minutes))

    assert f"({start_offset}) \u2013" in line and line.endswith(f"({end_offset}), {zone}")
