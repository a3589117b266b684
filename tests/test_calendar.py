"""The .ics event: right instants in the interview's zone with its VTIMEZONE, stable UID, rising SEQUENCE."""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar
from interview_prep.domain.calendar import build_ics, ics_attachment
from interview_prep.domain.models import Interview

from tests.sample_interviews import KESTREL, stored_interview


def make_interview(**overrides: Any) -> Interview:
    panel = [
        {"name": "Grace Hopper", "title": "VP Engineering", "relationship": "executive"},
        {"name": "Alan Turing", "relationship": "team_member"},
    ]
    base = {"duration_minutes": 90, "interviewers": panel, "id": "b" * 32, "updated_at": "2027-01-02T03:04:05Z"}
    return stored_interview(KESTREL, base, **overrides)


def parse(data: bytes) -> tuple[icalendar.Calendar, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    assert len(events) == 1
    return cal, events[0]


def test_build_ics_times_parse_back_to_the_utc_instants() -> None:
    interview = make_interview()
    cal, event = parse(build_ics(interview))

    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start.tzinfo is not None and end.tzinfo is not None
    assert start == interview.starts_at_utc
    assert end == interview.ends_at_utc
    assert start.utcoffset() == dt.timedelta(hours=-4)  # EDT on 29 March 2027
    assert event["DTSTART"].params["TZID"] == "America/Toronto"
    assert str(cal["METHOD"]) == "PUBLISH"
    assert str(event["SUMMARY"]) == "Interview: Backend Engineer at Kestrel Robotics"
    assert "Grace Hopper (VP Engineering)" in str(event["DESCRIPTION"])
    assert "ORGANIZER" not in event
    assert event.decoded("DTSTAMP") == dt.datetime(2027, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def test_build_ics_has_vtimezone_for_the_zone() -> None:
    cal, _ = parse(build_ics(make_interview(timezone="Europe/Paris", starts_at="2027-10-31T02:30")))

    zones = cal.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/Paris"]
    assert zones[0].walk("DAYLIGHT") and zones[0].walk("STANDARD")
    assert cal.get_missing_tzids() == set()


def test_build_ics_vtimezone_alone_gives_the_right_instant() -> None:
    # A client that knows no zone database must get the instant from the VTIMEZONE in the file.
    interview = make_interview(timezone="Asia/Kolkata")
    data = build_ics(interview).decode()

    assert "DTSTART;TZID=Asia/Kolkata:20270329T093000" in data
    assert "TZOFFSETTO:+0530" in data


def test_build_ics_uid_stable_and_sequence_rises_with_revision() -> None:
    first = make_interview(revision=1)
    moved = make_interview(revision=3, starts_at="2027-04-02T14:00", updated_at="2027-01-05T00:00:00Z")

    _, e1 = parse(build_ics(first))
    _, e2 = parse(build_ics(moved))
    assert str(e1["UID"]) == str(e2["UID"]) == f"{'b' * 32}@interview-prep"
    assert e1.decoded("SEQUENCE") == 0
    assert e2.decoded("SEQUENCE") == 2
    assert e2.decoded("DTSTART") == moved.starts_at_utc


def test_build_ics_cancelled_method_cancel_same_uid_higher_sequence() -> None:
    interview = make_interview(revision=2, status="cancelled")
    cal, event = parse(build_ics(interview, cancelled=True))

    assert str(cal["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == f"{'b' * 32}@interview-prep"
    assert event.decoded("SEQUENCE") == 2


def test_build_ics_special_characters_round_trip() -> None:
    location = 'Rue de l\'Été 5, 2nd floor; room "Ω" \\ back'
    interview = make_interview(
        location=location,
        role="Ingénieure logiciel; systèmes, temps réel",
        company={"name": "Société Générale, Zürich"},
        interviewers=[{"name": "José Nuñez; Jr.", "relationship": "hr"}],
    )
    _, event = parse(build_ics(interview))

    assert str(event["LOCATION"]) == location
    assert str(event["SUMMARY"]) == "Interview: Ingénieure logiciel; systèmes, temps réel at Société Générale, Zürich"
    assert "José Nuñez; Jr. (HR)" in str(event["DESCRIPTION"])
    assert "\n" in str(event["DESCRIPTION"])
    assert "URL" not in event


def test_build_ics_newline_in_location_round_trips() -> None:
    # The request model refuses line breaks in `location`; the encoder still must not break the file with one.
    interview = make_interview().model_copy(update={"location": "Building A,\nFloor 3; Room 12"})
    _, event = parse(build_ics(interview))

    assert str(event["LOCATION"]) == "Building A,\nFloor 3; Room 12"


def test_build_ics_meeting_link_also_url() -> None:
    link = "https://meet.example.com/abc-defg-hij?pwd=1,2;3"
    _, event = parse(build_ics(make_interview(format="video", location=link)))

    assert str(event["LOCATION"]) == link
    assert str(event["URL"]) == link


def test_build_ics_lines_folded_and_crlf() -> None:
    data = build_ics(make_interview(location="x" * 400))

    lines = data.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert data.endswith(b"\r\n")


def test_ics_attachment_filename_and_type() -> None:
    interview = make_interview()
    att = ics_attachment(interview)

    assert att.filename == "interview.ics"
    assert att.content_type == "text/calendar; method=PUBLISH; charset=utf-8"
    assert att.data == build_ics(interview)
    assert ics_attachment(interview, cancelled=True).content_type == "text/calendar; method=CANCEL; charset=utf-8"


def test_build_ics_same_record_same_bytes() -> None:
    assert build_ics(make_interview()) == build_ics(make_interview())
