"""The .ics event: right instants in the interview's zone with its VTIMEZONE, stable UID, rising SEQUENCE."""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar
import pytest
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


@pytest.mark.parametrize(("count", "more"), [(7, 1), (12, 6)])
def test_build_ics_more_than_six_interviewers_six_named_and_how_many_more(count: int, more: int) -> None:
    panel = [{"name": f"Person {n}", "relationship": "team_member"} for n in range(1, count + 1)]
    _, event = parse(build_ics(make_interview(interviewers=panel, round=1)))

    named = "; ".join(f"Person {n} (team member)" for n in range(1, 7))
    assert str(event["DESCRIPTION"]) == (
        f"Round 1 interview for Backend Engineer at Kestrel Robotics.\nWith: {named}; and {more} more."
    )


def test_build_ics_six_interviewers_all_named() -> None:
    panel = [{"name": f"Person {n}", "relationship": "other"} for n in range(1, 7)]
    _, event = parse(build_ics(make_interview(interviewers=panel, round=1)))

    named = "; ".join(f"Person {n}" for n in range(1, 7))
    assert str(event["DESCRIPTION"]) == f"Round 1 interview for Backend Engineer at Kestrel Robotics.\nWith: {named}."


def test_build_ics_title_or_relationship_in_brackets_other_relationship_name_alone() -> None:
    panel = [
        {"name": "Grace Hopper", "title": "VP Engineering", "relationship": "executive"},
        {"name": "Alan Turing", "relationship": "team_member"},
        {"name": "Joan Clarke", "relationship": "other"},
    ]
    _, event = parse(build_ics(make_interview(interviewers=panel, round=1)))

    assert str(event["DESCRIPTION"]) == (
        "Round 1 interview for Backend Engineer at Kestrel Robotics.\n"
        "With: Grace Hopper (VP Engineering); Alan Turing (team member); Joan Clarke."
    )


def test_build_ics_a_title_with_brackets_and_a_post_for_a_name() -> None:
    """A title's own brackets are square inside the description's; a post entered for a name is not followed by the
    relationship it already says."""
    panel = [
        {"name": "Mark Davis", "title": "Partner, Sequoia Capital (board member)", "relationship": "other"},
        {"name": "Hiring Manager", "relationship": "hiring_manager"},
        {"name": "HR Advisor", "relationship": "recruiter"},
    ]
    _, event = parse(build_ics(make_interview(interviewers=panel, round=1)))

    assert str(event["DESCRIPTION"]).endswith(
        "With: Mark Davis (Partner, Sequoia Capital [board member]); Hiring Manager; HR Advisor (recruiter)."
    )


def test_build_ics_french_in_france_people_separated_as_french_typesets_them() -> None:
    panel = [{"name": "Grace Hopper", "relationship": "hr"}, {"name": "Alan Turing", "relationship": "hiring_manager"}]
    interview = make_interview(interviewers=panel, timezone="Europe/Paris", language="fr", round=1)
    _, event = parse(build_ics(interview))

    assert str(event["SUMMARY"]) == "Entretien\u202f: Backend Engineer chez Kestrel Robotics"
    assert str(event["DESCRIPTION"]).endswith(
        "Avec\u202f: Grace Hopper (RH)\u202f; Alan Turing (responsable du poste)."
    )


def test_build_ics_nobody_named_yet_description_says_only_which_interview() -> None:
    _, event = parse(build_ics(make_interview(interviewers=[], round=3)))

    assert str(event["DESCRIPTION"]) == "Round 3 interview for Backend Engineer at Kestrel Robotics."


@pytest.mark.parametrize(
    "location",
    [
        pytest.param("Reception", id="one-word-place"),
        pytest.param("https://meet.example.com/abc ask at the desk", id="link-with-words"),
        pytest.param("https:///no-host", id="link-without-host"),
        pytest.param("ftp://files.example.com/room", id="not-a-web-link"),
    ],
)
def test_build_ics_location_not_a_meeting_link_no_url(location: str) -> None:
    _, event = parse(build_ics(make_interview(location=location)))

    assert str(event["LOCATION"]) == location
    assert "URL" not in event


def test_build_ics_no_location_neither_location_nor_url() -> None:
    _, event = parse(build_ics(make_interview(location=None)))

    assert "LOCATION" not in event
    assert "URL" not in event


def test_build_ics_downloaded_cancelled_event_no_organizer_or_attendee() -> None:
    # The manage page and the API offer the cancelled event for download, with no sender to name as organizer
    _, event = parse(build_ics(make_interview(status="cancelled", revision=2), cancelled=True))

    assert str(event["STATUS"]) == "CANCELLED"
    assert "ORGANIZER" not in event
    assert "ATTENDEE" not in event


def test_build_ics_published_with_an_organizer_still_no_organizer() -> None:
    _, event = parse(build_ics(make_interview(), organizer="prep@example.com"))

    assert "ORGANIZER" not in event
    assert str(event["STATUS"]) == "CONFIRMED"


@pytest.mark.parametrize(
    ("kwargs", "method", "sequence"),
    [
        pytest.param({"method": "REQUEST"}, "REQUEST", 1, id="update"),
        pytest.param({"cancelled": True}, "CANCEL", 2, id="cancellation"),
    ],
)
def test_build_ics_sent_by_email_organizer_and_candidate_as_attendee(
    kwargs: dict[str, Any], method: str, sequence: int
) -> None:
    cal, event = parse(build_ics(make_interview(revision=2), organizer="prep@example.com", **kwargs))

    assert str(cal["METHOD"]) == method
    assert event.decoded("SEQUENCE") == sequence
    assert str(event["ORGANIZER"]) == "mailto:prep@example.com"
    assert event["ORGANIZER"].params["CN"] == "Interview Prep"
    assert str(event["ATTENDEE"]) == "mailto:ada@example.com"
    assert event["ATTENDEE"].params["CN"] == "Ada Lovelace"
    assert event["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"


def test_build_ics_new_year_interview_vtimezone_covers_its_start() -> None:
    # A client without a zone database reads the offset from the VTIMEZONE: it must already apply at the start
    interview = make_interview(starts_at="2027-01-01T10:00", timezone="America/Toronto")
    cal, event = parse(build_ics(interview))

    (zone,) = cal.walk("VTIMEZONE")
    first = min(sub.decoded("DTSTART") for sub in zone.subcomponents)
    assert first <= event.decoded("DTSTART").replace(tzinfo=None)
    assert event.decoded("DTSTART") == interview.starts_at_utc


def test_interview_holding_the_event_records_the_sequence_its_ics_carries() -> None:
    interview = make_interview(revision=3)
    _, event = parse(build_ics(interview))

    held = interview.holding(dt.datetime(2027, 1, 3, tzinfo=dt.UTC)).calendar

    assert held is not None
    assert held.sequence == event.decoded("SEQUENCE") == 2


@pytest.mark.parametrize(
    ("zone", "starts_at"),
    [
        pytest.param("Europe/Paris", "2027-10-29T10:00", id="paris"),
        # Morocco's clocks change around Ramadan, which begins in January in 2028
        pytest.param("Africa/Casablanca", "2027-12-10T10:00", id="casablanca"),
    ],
)
def test_build_ics_vtimezone_only_the_changes_of_the_interview_year(zone: str, starts_at: str) -> None:
    # The zone's changes in the year of the interview, not decades of them: the attachment stays small
    cal, _ = parse(build_ics(make_interview(starts_at=starts_at, timezone=zone)))

    (zone,) = cal.walk("VTIMEZONE")
    changes = []
    for observance in zone.subcomponents:
        changes.append(observance.decoded("DTSTART"))
        rdates = observance.get("RDATE", [])
        for rdate in rdates if isinstance(rdates, list) else [rdates]:
            changes.extend(period.dt for period in rdate.dts)
    assert {change.year for change in changes} == {2027}
    assert len(changes) <= 4


def test_build_ics_record_written_with_an_offset_dtstamp_in_utc() -> None:
    interview = make_interview(updated_at="2027-01-02T03:04:05+02:00")
    _, event = parse(build_ics(interview))

    assert event.decoded("DTSTAMP") == dt.datetime(2027, 1, 2, 1, 4, 5, tzinfo=dt.UTC)
