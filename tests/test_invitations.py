"""Reading calendar invitations: every fixture in tests/invitations/ as a candidate would hand it to us.

Each fixture reproduces what one calendar or scheduling tool produces (Google Calendar, Outlook/Exchange with
Windows zone names, Teams, Zoom, Calendly, Apple Calendar, an applicant-tracking system writing UTC only), as a
file or as the email it arrives in (base64, quoted-printable, ISO-8859-1, forwarded inline or as an attachment).
"""

from __future__ import annotations

import datetime as dt
import pathlib
import zoneinfo
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interview_prep.domain import clock
from interview_prep.domain.errors import PayloadTooLarge
from interview_prep.domain.fields import InterviewFields
from interview_prep.domain.invitations import (
    MAX_INVITATION_BYTES,
    Invitation,
    InvitationNotUsable,
    read_invitation,
    windows_zones,
    zone_for_tzid,
    zone_matching_rules,
    zone_offsets,
)
from interview_prep.domain.models import InterviewRequest

from tests.conftest import NOW

FIXTURES = pathlib.Path(__file__).parent / "invitations"
ME = "alex.morgan.jobs@gmail.com"
UTC = dt.UTC


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def read(name: str, **kwargs: Any) -> Invitation:
    with clock.frozen(NOW):
        return read_invitation(fixture(name), **kwargs)


def names(invitation: Invitation) -> list[str]:
    return [person["name"] for person in invitation.draft.get("interviewers", [])]


# (fixture, start instant in UTC, zone, minutes, format, location or its start, interviewers)
EXPECTED = [
    (
        "google_calendar.eml",
        dt.datetime(2027, 3, 30, 13, 30, tzinfo=UTC), "UTC", 60, "video",
        "https://meet.google.com/xqz-wbnr-kpt", ["Priya Raman", "Tom Becker"],
    ),
    (
        "google_forwarded_inline.eml",
        dt.datetime(2027, 3, 30, 13, 30, tzinfo=UTC), "UTC", 60, "video",
        "https://meet.google.com/xqz-wbnr-kpt", ["Priya Raman", "Tom Becker"],
    ),
    (
        "outlook_exchange.eml",
        dt.datetime(2027, 3, 30, 17, 0, tzinfo=UTC), "America/Los_Angeles", 90, "in_person",
        "Contoso Pharma, Building 4 Room 210, 1200 Harbor Way, Seattle WA 98104",
        ["Dana Whitfield", "Dr. Lena Fischer", "Marco Bianchi"],
    ),
    (
        "outlook_update.eml",
        dt.datetime(2027, 3, 31, 21, 0, tzinfo=UTC), "America/Los_Angeles", 90, "in_person",
        "Contoso Pharma, Building 4 Room 210", ["Dana Whitfield", "Dr. Lena Fischer", "Marco Bianchi"],
    ),
    (
        "outlook_custom_zone.ics",
        dt.datetime(2027, 4, 6, 7, 0, tzinfo=UTC), "Europe/Zurich", 60, "in_person",
        "Alpenbank AG, Bahnhofstrasse 45, 8001 Zurich", ["Petra Hofmann", "Alex Morgan", "Urs Keller"],
    ),
    (
        "teams_forwarded_as_attachment.eml",
        dt.datetime(2027, 3, 30, 13, 0, tzinfo=UTC), "Europe/Berlin", 60, "video",
        "https://teams.microsoft.com/l/meetup-join/19%3ameeting_ZjM5NDQ2YTAtYjE3Ni00N2U1LWI2NDctOGQ4MDhhYmM1ZjE3"
        "%40thread.v2/0?context=%7b%22Tid%22%3a%2272f988bf-86f1-41af-91ab-2d7cd011db47%22%2c%22Oid%22%3a%22b1c0e3a4"
        "-5f67-4d2b-9a8c-3e4f5a6b7c8d%22%7d",
        ["Femke de Vries", "Jonas Weber"],
    ),
    (
        "zoom.ics",
        dt.datetime(2027, 4, 1, 13, 30, tzinfo=UTC), "America/Chicago", 45, "video",
        "https://prairiehealth.zoom.us/j/84123456789?pwd=bXk5Q2ZyU0tIVk1nT3JhZ0xRPT09", ["Ruth Okafor"],
    ),
    (
        "calendly.eml",
        dt.datetime(2027, 4, 2, 16, 0, tzinfo=UTC), "UTC", 30, "video",
        "https://meet.google.com/kvd-pqrs-nwa", ["Marcus Lee"],
    ),
    (
        "apple_calendar.ics",
        dt.datetime(2027, 3, 30, 13, 0, tzinfo=UTC), "Europe/London", 90, "in_person",
        "Fenwick & Hale, 12 Curtain Road, London EC2A 3NQ, England", ["Sofia Rossi", "Alex Morgan", "Owen Hart"],
    ),
    (
        "utc_only_ats.ics",
        dt.datetime(2027, 4, 5, 15, 0, tzinfo=UTC), "UTC", 75, "video",
        "https://harboranalytics.webex.com/harboranalytics/j.php?MTID=m2f6a1b9c8d7e6f5a4b3c2d1e0f9a8b7c",
        ["Grace Liu", "Samir Haddad", "Alex Morgan"],
    ),
    (
        "latin1_quoted_printable.eml",
        dt.datetime(2027, 4, 7, 9, 0, tzinfo=UTC), "Europe/Berlin", 60, "in_person",
        "Schwäbische Werkzeug GmbH, Königstraße 12, 70173 Stuttgart", ["José Muñoz", "Jürgen Weiß"],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("name", "start", "zone", "minutes", "fmt", "location", "people"), EXPECTED)
def test_read_invitation_fixture_gives_start_zone_duration_place_and_people(
    name: str, start: dt.datetime, zone: str, minutes: int, fmt: str, location: str, people: list[str]
) -> None:
    invitation = read(name)
    draft = invitation.draft
    assert invitation.starts_at_utc == start
    assert draft["timezone"] == zone
    local = dt.datetime.fromisoformat(draft["starts_at"]).replace(tzinfo=zoneinfo.ZoneInfo(zone))
    assert local.astimezone(UTC) == start  # the local time and the zone say the same instant
    assert draft["duration_minutes"] == minutes
    assert draft["format"] == fmt
    assert draft["location"].startswith(location)
    assert names(invitation) == people
    assert not invitation.cancelled


@pytest.mark.parametrize("name", [e[0] for e in EXPECTED])
def test_read_invitation_fixture_draft_completes_to_a_valid_request(name: str) -> None:
    # Given the draft of any fixture, when a person adds what is missing, then the API accepts it.
    invitation = read(name)
    body: dict[str, Any] = {
        "candidate": {"name": "Alex Morgan", "email": ME},
        "company": {"name": "Somewhere"},
        "role": "Analyst",
        **invitation.draft,
    }
    body["candidate"] = {"name": "Alex Morgan", "email": ME, **body["candidate"]}
    body["company"] = {"name": "Somewhere", **body["company"]}
    body["interviewers"] = [{**p, "relationship": "team_member"} for p in body.get("interviewers", [])]
    with clock.frozen(NOW):
        request = InterviewRequest.model_validate(body)
    assert request.starts_at_utc == invitation.starts_at_utc
    for field in invitation.missing:
        top = field.split(".")[0].split("[")[0]
        assert top in body or top in ("round", "format")  # every missing field names a real request field


def test_read_invitation_google_names_company_role_and_website_from_title_and_organizer() -> None:
    draft = read("google_calendar.eml").draft
    assert draft["company"] == {"name": "Northwind Robotics", "website": "https://northwindrobotics.example"}
    assert draft["role"] == "Senior Data Analyst"


def test_read_invitation_meeting_room_and_scheduling_robots_are_not_interviewers() -> None:
    assert "HQ-3-Orion (6)" not in names(read("google_calendar.eml"))  # CUTYPE=RESOURCE
    assert not any("Rainier" in n for n in names(read("outlook_exchange.eml")))  # ROLE=NON-PARTICIPANT room
    ats = names(read("utc_only_ats.ics"))
    assert "Interview Scheduling" not in ats and "Harbor Analytics Recruiting" not in ats  # scheduling@, no-reply@


def test_read_invitation_email_recipient_is_the_candidate_not_an_interviewer() -> None:
    invitation = read("outlook_exchange.eml")
    assert invitation.draft["candidate"] == {"name": "Alex Morgan", "email": ME}
    assert "Alex Morgan" not in names(invitation)
    assert "candidate.name" not in invitation.missing


def test_read_invitation_forward_sender_is_the_candidate() -> None:
    # Gmail's inline forward: the invite.ics is attached to the forwarding mail, sent to our address.
    invitation = read("google_forwarded_inline.eml")
    assert invitation.draft["candidate"] == {"name": "Alex Morgan", "email": ME}


def test_read_invitation_candidate_email_given_leaves_them_out_of_an_ics() -> None:
    invitation = read("apple_calendar.ics", candidate_email=ME)
    assert names(invitation) == ["Sofia Rossi", "Owen Hart"]
    assert invitation.draft["candidate"] == {"name": "Alex Morgan", "email": ME}


def test_read_invitation_utc_only_is_shown_in_the_default_zone_with_a_warning() -> None:
    invitation = read("google_calendar.eml", default_zone="America/Toronto")
    assert invitation.draft["starts_at"] == "2027-03-30T09:30"
    assert invitation.draft["timezone"] == "America/Toronto"
    assert any("UTC only" in w and "America/Toronto" in w for w in invitation.warnings)


def test_read_invitation_utc_only_without_a_zone_says_utc_and_asks_to_choose() -> None:
    invitation = read("utc_only_ats.ics")
    assert invitation.draft["starts_at"] == "2027-04-05T15:00"
    assert any("UTC only" in w and "choose your time zone" in w for w in invitation.warnings)


def test_read_invitation_windows_zone_name_becomes_its_iana_zone() -> None:
    invitation = read("outlook_exchange.eml")
    assert invitation.draft["timezone"] == "America/Los_Angeles"
    assert invitation.draft["starts_at"] == "2027-03-30T10:00"  # the wall clock as the invitation says it


def test_read_invitation_unknown_vtimezone_is_matched_by_its_rules_and_said() -> None:
    invitation = read("outlook_custom_zone.ics")
    assert invitation.draft["timezone"] == "Europe/Zurich"  # the city in LOCATION breaks the tie
    assert any("Customized Time Zone" in w and "Europe/Zurich" in w for w in invitation.warnings)


def test_read_invitation_title_rounds_and_company_only_titles() -> None:
    assert read("teams_forwarded_as_attachment.eml").draft["round"] == 2  # "Second round interview: …"
    apple = read("apple_calendar.ics").draft
    assert apple["company"]["name"] == "Fenwick & Hale" and "role" not in apple and apple["round"] == 2
    assert "role" in read("apple_calendar.ics").missing
    german = read("latin1_quoted_printable.eml").draft
    assert german["company"]["name"] == "Schwäbische Werkzeug GmbH" and german["round"] == 2


def test_read_invitation_calendly_title_without_company_leaves_company_missing() -> None:
    invitation = read("calendly.eml")
    assert "company" not in invitation.draft and "role" not in invitation.draft
    assert {"company.name", "role", "round"} <= set(invitation.missing)


def test_read_invitation_lists_relationship_of_every_interviewer_as_missing() -> None:
    invitation = read("teams_forwarded_as_attachment.eml")
    assert invitation.missing == ["interviewers[0].relationship", "interviewers[1].relationship"]


def test_read_invitation_updated_invitation_says_so_and_carries_its_sequence() -> None:
    invitation = read("outlook_update.eml")
    assert invitation.sequence == 2
    assert invitation.uid == read("outlook_exchange.eml").uid
    assert any("updated invitation" in w for w in invitation.warnings)


@pytest.mark.parametrize("name", ["outlook_cancel.ics", "outlook_cancel.eml"])
def test_read_invitation_cancellation_is_read_as_cancelled_with_the_event_uid(name: str) -> None:
    invitation = read(name)
    assert invitation.cancelled
    assert invitation.uid == read("outlook_exchange.eml").uid
    assert invitation.starts_at_utc == dt.datetime(2027, 3, 31, 21, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("all_day.ics", "all-day event"),
        ("recurring.ics", "repeating event"),
        ("reply.ics", "reply to an invitation"),
    ],
)
def test_read_invitation_unusable_fixture_is_refused_with_a_reason(name: str, says: str) -> None:
    with pytest.raises(InvitationNotUsable) as caught:
        read(name)
    assert says in caught.value.message
    assert caught.value.status == 422 and caught.value.details[0]["field"] == "invitation"


def test_read_invitation_outlook_all_day_flag_is_refused() -> None:
    data = fixture("outlook_custom_zone.ics").replace(
        b"X-MICROSOFT-CDO-ALLDAYEVENT:FALSE", b"X-MICROSOFT-CDO-ALLDAYEVENT:TRUE"
    )
    with pytest.raises(InvitationNotUsable, match="all-day"):
        read_invitation(data)


def test_read_invitation_pasted_text_around_the_calendar_is_read() -> None:
    pasted = b"Here is what they sent me:\n\n" + fixture("zoom.ics").replace(b"\r\n", b"\n") + b"\nthanks\n"
    with clock.frozen(NOW):
        invitation = read_invitation(pasted)
    assert invitation.starts_at_utc == dt.datetime(2027, 4, 1, 13, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "data",
    [b"", b"hello", b"From: a@b.example\r\nSubject: lunch?\r\n\r\nAre you free on Tuesday?\r\n", b"\x00\xff" * 40],
)
def test_read_invitation_without_a_calendar_says_what_to_upload(data: bytes) -> None:
    with pytest.raises(InvitationNotUsable, match=r"No calendar invitation found.*\.ics"):
        read_invitation(data)


def test_read_invitation_oversized_input_is_refused_before_reading() -> None:
    with pytest.raises(PayloadTooLarge):
        read_invitation(b"BEGIN:VCALENDAR\r\n" + b"X" * MAX_INVITATION_BYTES)


def test_read_invitation_floating_time_uses_the_default_zone_when_given() -> None:
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:f1\r\nDTSTAMP:20270101T000000Z\r\n"
        b"DTSTART:20270330T093000\r\nDURATION:PT45M\r\nSUMMARY:Chat\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with clock.frozen(NOW):
        floating = read_invitation(data)
        placed = read_invitation(data, default_zone="Asia/Tokyo")
    assert floating.draft["starts_at"] == "2027-03-30T09:30" and "timezone" in floating.missing
    assert floating.starts_at_utc is None
    assert placed.starts_at_utc == dt.datetime(2027, 3, 30, 0, 30, tzinfo=UTC)
    assert placed.draft["duration_minutes"] == 45


def test_read_invitation_out_of_range_duration_is_left_out_with_a_warning() -> None:
    data = fixture("zoom.ics").replace(
        b"DTEND;TZID=America/Chicago:20270401T091500", b"DTEND;TZID=America/Chicago:20270401T084000"
    )
    with clock.frozen(NOW):
        invitation = read_invitation(data)
    assert "duration_minutes" not in invitation.draft
    assert any("10 minutes" in w for w in invitation.warnings)


def test_read_invitation_past_event_is_read_with_a_warning() -> None:
    with clock.frozen(dt.datetime(2027, 6, 1, tzinfo=UTC)):
        invitation = read_invitation(fixture("zoom.ics"))
    assert any("already passed" in w for w in invitation.warnings)


# --- zones ----------------------------------------------------------------------------------------------------


def test_windows_zones_table_targets_are_all_known_iana_zones() -> None:
    table = windows_zones()
    assert len(table) > 130
    assert table["Eastern Standard Time"] == "America/New_York"
    assert table["W. Europe Standard Time"] == "Europe/Berlin"
    assert set(table.values()) <= zoneinfo.available_timezones()


@pytest.mark.parametrize(
    ("tzid", "zone"),
    [
        ("Europe/Paris", "Europe/Paris"),
        ('"Romance Standard Time"', "Europe/Paris"),
        ("tokyo standard time", "Asia/Tokyo"),
        ("/freeassociation.sourceforge.net/Tzfile/America/Toronto", "America/Toronto"),
        ("/mozilla.org/20070129_1/Europe/Madrid", "Europe/Madrid"),
        ("Nowhere Standard Time", None),
    ],
)
def test_zone_for_tzid_maps_iana_windows_and_vendor_ids(tzid: str, zone: str | None) -> None:
    assert zone_for_tzid(tzid) == zone


def test_zone_matching_rules_tells_us_rules_from_eu_rules() -> None:
    around = dt.datetime(2027, 3, 30, 12, tzinfo=UTC)
    us = zone_matching_rules(zone_offsets("America/Toronto"), around)
    assert us[0] == "America/New_York" and "America/Havana" in us and "Europe/London" not in us
    half_hour = zone_matching_rules(lambda _instant: dt.timedelta(hours=5, minutes=30), around)
    assert half_hour[0] == "Asia/Calcutta" or half_hour[0] == "Asia/Kolkata"


# --- whatever arrives ------------------------------------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
VALUES = st.one_of(
    TEXT,
    st.sampled_from(["20270330T093000", "20270330T093000Z", "20270330", "2027XX", "", "PT1H", "-PT5M", "P1D"]),
)
PROPERTY = st.sampled_from(
    ["DTSTART", "DTEND", "DURATION", "SUMMARY", "LOCATION", "DESCRIPTION", "ATTENDEE", "ORGANIZER", "URL", "RRULE",
     "SEQUENCE", "STATUS", "UID", "X-GOOGLE-CONFERENCE", "X-MICROSOFT-CDO-ALLDAYEVENT", "RECURRENCE-ID"]
)  # fmt: skip
PARAMS = st.sampled_from(
    ["", ";TZID=Europe/Paris", ";TZID=Eastern Standard Time", ";TZID=Customized Time Zone", ";VALUE=DATE",
     ";CN=Jane Doe", ';CN="Doe, Jane";CUTYPE=ROOM', ";TZID=Nowhere"]
)  # fmt: skip
TIMEZONE = st.sampled_from(
    [
        "",
        "BEGIN:VTIMEZONE\r\nTZID:Customized Time Zone\r\nBEGIN:STANDARD\r\nDTSTART:16010101T030000\r\n"
        "TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\n"
        "END:VTIMEZONE\r\n",
        "BEGIN:VTIMEZONE\r\nTZID:Customized Time Zone\r\nEND:VTIMEZONE\r\n",
        "BEGIN:VTIMEZONE\r\nTZID:Customized Time Zone\r\nBEGIN:STANDARD\r\nTZOFFSETTO:+9999\r\nEND:STANDARD\r\n"
        "END:VTIMEZONE\r\n",
    ]
)


@st.composite
def calendars(draw: st.DrawFn) -> bytes:
    method = draw(
        st.sampled_from(["", "METHOD:REQUEST\r\n", "METHOD:PUBLISH\r\n", "METHOD:CANCEL\r\n", "METHOD:X\r\n"])
    )
    lines = [
        f"{name}{draw(PARAMS)}:{draw(VALUES).replace(chr(13), ' ').replace(chr(10), ' ')}"
        for name in draw(st.lists(PROPERTY, max_size=10))
    ]
    events = "".join(
        "BEGIN:VEVENT\r\n" + "\r\n".join(lines) + ("\r\n" if lines else "") + "END:VEVENT\r\n"
        for _ in range(draw(st.integers(0, 2)))
    )
    text = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{method}{draw(TIMEZONE)}{events}END:VCALENDAR\r\n"
    return text.encode("utf-8", errors="replace")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=calendars(), zone=st.sampled_from([None, "America/Toronto", "Not/AZone"]))
def test_read_invitation_any_calendar_gives_a_valid_draft_or_a_clear_refusal(data: bytes, zone: str | None) -> None:
    with clock.frozen(NOW):
        try:
            invitation = read_invitation(data, default_zone=zone)
        except InvitationNotUsable as refusal:
            assert refusal.message and refusal.status == 422
            return
    completed = dict(invitation.draft)
    if "candidate" in completed:
        completed["candidate"] = {"name": "A", "email": "a@example.com", **completed["candidate"]}
    completed["interviewers"] = [{**p, "relationship": "other"} for p in completed.get("interviewers", [])]
    InterviewFields.model_validate(completed)  # every field the draft holds is valid on its own


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=2000))
def test_read_invitation_any_bytes_read_or_refused(data: bytes) -> None:
    for wrapped in (data, b"BEGIN:VCALENDAR\r\n" + data, b"Subject: x\r\nContent-Type: text/calendar\r\n\r\n" + data):
        try:
            read_invitation(wrapped)
        except InvitationNotUsable as refusal:
            assert refusal.message
