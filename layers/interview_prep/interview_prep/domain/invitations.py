"""Read the calendar invitation a candidate received and turn it into a draft interview.

The input is what a candidate holds: an `.ics` file, or a whole email the way mail clients save or forward it
(`message/rfc822`, with the calendar as a `text/calendar` part or an `invite.ics` attachment, possibly inside a
forwarded message, in any transfer encoding and charset). iCalendar itself is parsed by `icalendar`; this module
decides which event the invitation is about and what it tells about the interview:

- the event: `METHOD:REQUEST` or `PUBLISH` (or none), the first `VEVENT` that is not cancelled; a repeating
  event or an all-day event is refused, a reply (`METHOD:REPLY`, `COUNTER`…) is not an invitation;
  `METHOD:CANCEL` is read as a cancellation (`Invitation.cancelled`), for the caller to match;
- the start in the event's own zone: an IANA `TZID`, a Windows zone name through CLDR's table
  (`windows_zones.json`), a `VTIMEZONE` with an unknown name matched by its rules against the IANA zones,
  UTC (`...Z`, shown in the caller's zone when one is given) and floating times;
- the duration, the place, the meeting link (Google Meet, Teams, Zoom, Webex; in `LOCATION`, `DESCRIPTION`,
  `URL`, `CONFERENCE` or the vendors' own properties) and so the format;
- company and role only when the title says them plainly; the people from `ATTENDEE` and `ORGANIZER`, leaving
  out rooms and resources, the candidate and scheduling robots.

The result is a draft (the `InterviewFields` of `POST /v1/interviews`, each field valid on its own), the fields
still `missing` before it can be recorded, and `warnings` a person should read. Pure: no AWS, no clock but
`clock.now()`.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import json
import re
import zoneinfo
from collections.abc import Callable, Iterator
from importlib import resources
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from interview_prep.domain import clock
from interview_prep.domain.errors import DomainError, PayloadTooLarge
from interview_prep.domain.fields import InterviewFields
from interview_prep.domain.i18n import N_, Said

if TYPE_CHECKING:
    from email.message import Message

MAX_INVITATION_BYTES = 256 * 1024
MAX_INTERVIEWERS = 12
_DAY = dt.timedelta(days=1)


class InvitationNotUsable(DomainError):
    """The input holds no invitation this service can use; the message says why and what to do instead."""

    code, status = "invitation_not_usable", 422

    def __init__(self, message: str) -> None:
        super().__init__(message, [{"field": "invitation", "message": message}])


@dataclasses.dataclass(frozen=True)
class Invitation:
    """What an invitation says, as a draft interview plus what is still missing and what to check."""

    draft: dict[str, Any]
    missing: list[str]
    warnings: list[str]
    uid: str | None = None
    sequence: int = 0
    cancelled: bool = False
    starts_at_utc: dt.datetime | None = None
    organizer_email: str | None = None

    def as_body(self) -> dict[str, Any]:
        """The API's answer: `{"draft", "missing", "warnings"}` and what identifies the event."""
        return {
            "draft": self.draft,
            "missing": self.missing,
            "warnings": self.warnings,
            "event": {
                "uid": self.uid,
                "sequence": self.sequence,
                "starts_at_utc": clock.iso(self.starts_at_utc) if self.starts_at_utc else None,
            },
        }


# --- entry point ------------------------------------------------------------------------------------------


def read_invitation(
    data: bytes,
    *,
    candidate_email: str | None = None,
    default_zone: str | None = None,
    max_bytes: int = MAX_INVITATION_BYTES,
) -> Invitation:
    """The invitation in `data` (an .ics, a saved or forwarded email, or pasted text) as a draft interview.

    `candidate_email` is who received the invitation (left out of the interviewers, and the draft's candidate);
    `default_zone` the IANA zone to show a UTC-only or floating time in; `max_bytes` the largest input read (a
    forwarded email may carry large attachments beside the invitation). Raises `InvitationNotUsable` with a
    message for a person, or `PayloadTooLarge`.
    """
    if len(data) > max_bytes:
        raise PayloadTooLarge(Said("An invitation must be at most %(size)s KiB.", size=max_bytes // 1024))
    if default_zone is not None and default_zone not in zoneinfo.available_timezones():
        default_zone = None
    notes: list[str] = []
    calendars, recipients = _calendars_in(data, notes)
    if not calendars:
        raise InvitationNotUsable(
            Said(
                "No calendar invitation found: upload the .ics file, or the whole email the invitation came in "
                "(saved as .eml, or forwarded as an attachment)."
            )
        )
    candidates = {address.casefold(): name for name, address in recipients}
    if candidate_email:
        candidates.setdefault(candidate_email.casefold(), "")
    refusal: InvitationNotUsable | None = None
    for text in calendars:
        try:
            return _read_calendar(text, candidates, default_zone, notes)
        except InvitationNotUsable as exc:
            refusal = refusal or exc
    assert refusal is not None
    raise refusal


# --- finding the calendar ---------------------------------------------------------------------------------

_CALENDAR_TYPES = {"text/calendar", "application/ics", "text/x-vcalendar", "application/octet-stream"}
_BLOCK = re.compile(r"BEGIN:VCALENDAR\r?\n.*?END:VCALENDAR", re.DOTALL | re.IGNORECASE)
_HEADER_LINE = re.compile(rb"^[A-Za-z0-9-]{1,76}:", re.MULTILINE)


def _text(raw: bytes, charset: str | None, notes: list[str]) -> str:
    for candidate in (charset, "utf-8"):
        if not candidate:
            continue
        try:
            return raw.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    notes.append(
        Said("Some text was not in the character set it claimed; accented letters may be wrong — check names.")
    )
    return raw.decode("cp1252", errors="replace")


def _calendars_in(data: bytes, notes: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The iCalendar texts found in `data`, best first, and the addresses the invitation email was sent to."""
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:15].upper() == b"BEGIN:VCALENDAR":
        return _blocks(_text(stripped, None, notes)), []
    if not _HEADER_LINE.match(stripped):  # pasted text: an invitation copied out of a mail or a file
        return _blocks(_text(stripped, None, notes)), []
    import email
    import email.policy

    message = email.message_from_bytes(stripped, policy=email.policy.default)
    calendars: list[str] = []
    recipients: list[tuple[str, str]] = []
    for part, carrier in _parts(message, message):
        content_type = part.get_content_type()
        filename = (part.get_filename() or "").lower()
        if content_type in ("text/calendar", "application/ics") or filename.endswith((".ics", ".vcs")):
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                found = _blocks(_text(payload, part.get_content_charset(), notes))
                if found:
                    calendars.extend(found)
                    recipients.extend(_holders(carrier))
    if not calendars:  # a calendar pasted into the body of a mail
        for part, carrier in _parts(message, message):
            if part.get_content_type() == "text/plain":
                payload = part.get_payload(decode=True)
                if isinstance(payload, bytes):
                    found = _blocks(_text(payload, part.get_content_charset(), notes))
                    calendars.extend(found)
                    if found:
                        recipients.extend(_holders(carrier))
    return calendars, recipients


def _parts(part: Message, carrier: Message) -> Iterator[tuple[Message, Message]]:
    """Every leaf part with the message that carries it (a forwarded message carries its own parts)."""
    from email.message import Message

    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        for message in inner if isinstance(inner, list) else [inner]:
            if isinstance(message, Message):
                yield from _parts(message, message)
        return
    if part.is_multipart():
        for sub in part.get_payload():  # type: ignore[union-attr]
            if isinstance(sub, Message):
                yield from _parts(sub, carrier)
        return
    yield part, carrier


_FORWARD = re.compile(r"^\s*(fwd?|fw|wg|tr|rv|enc|doorst|vs|vl)\s*:", re.IGNORECASE)


def _holders(carrier: Message) -> list[tuple[str, str]]:
    """Who holds the invitation: whoever forwarded the message carrying it, else its recipients."""
    if _FORWARD.match(str(carrier.get("subject", "") or "")):
        return _addresses(carrier, "from")
    return _addresses(carrier, "to", "cc")


def _addresses(message: Message, *headers: str) -> list[tuple[str, str]]:
    from email.utils import getaddresses

    values: list[str] = []
    for header in headers:
        try:
            values.extend(str(v) for v in message.get_all(header, []))
        except (TypeError, ValueError, IndexError):  # a header the parser could not make sense of
            continue
    return [(name, address) for name, address in getaddresses(values) if "@" in address]


def _blocks(text: str) -> list[str]:
    return [match.group(0) for match in _BLOCK.finditer(text.replace("\r\n", "\n"))]


# --- choosing the event -----------------------------------------------------------------------------------

_NOT_INVITATIONS = {
    "REPLY": N_(
        "This is a reply to an invitation (someone accepting or declining), not the invitation itself. Forward or "
        "upload the invitation you received."
    ),
    "COUNTER": N_(
        "This proposes a new time for an event; it is not the invitation itself. Forward or upload the invitation "
        "you received."
    ),
    "DECLINECOUNTER": N_(
        "This declines a proposed new time; it is not the invitation itself. Forward or upload the invitation you "
        "received."
    ),
    "REFRESH": N_(
        "This asks for the latest version of an event; it is not the invitation itself. Forward or upload the "
        "invitation you received."
    ),
}


def _read_calendar(text: str, candidates: dict[str, str], default_zone: str | None, notes: list[str]) -> Invitation:
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(text)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        raise InvitationNotUsable(Said("The calendar data could not be read (%(error)s).", error=_short(exc))) from None
    if not isinstance(calendar, Calendar):
        raise InvitationNotUsable(Said("The calendar data does not start with BEGIN:VCALENDAR."))
    method = str(calendar.get("METHOD", "")).strip().upper()
    if method in _NOT_INVITATIONS:
        raise InvitationNotUsable(Said(_NOT_INVITATIONS[method]))
    events = [c for c in calendar.walk("VEVENT")]
    if not events:
        raise InvitationNotUsable(Said("The calendar holds no event (VEVENT): it is not an invitation to a meeting."))
    cancelled = method == "CANCEL"
    if cancelled:
        event = events[0]
    else:
        live = [e for e in events if str(e.get("STATUS", "")).upper() != "CANCELLED"]
        if not live:
            raise InvitationNotUsable(Said("Every event in this calendar is cancelled."))
        event = live[0]
    uid = _plain(event.get("UID"))
    if any(e.get("RRULE") or e.get("RDATE") for e in events if _plain(e.get("UID")) == uid) or event.get("RRULE"):
        raise InvitationNotUsable(
            Said(
                "This is a repeating event (it has a recurrence rule); an interview happens once. "
                "Record the occurrence you are invited to with the form."
            )
        )
    try:
        return _Reading(calendar, event, candidates, default_zone, notes, cancelled).invitation()
    except ValueError as exc:  # icalendar's errors for values it could not parse (BrokenCalendarProperty…)
        raise InvitationNotUsable(Said("The invitation could not be read (%(error)s).", error=_short(exc))) from None


def _plain(value: Any) -> str | None:
    if value is None or isinstance(value, list):
        return None
    text = " ".join(str(value).split())
    return text or None


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:160] or type(exc).__name__


# --- zones ------------------------------------------------------------------------------------------------


@functools.cache
def windows_zones() -> dict[str, str]:
    """CLDR's Windows zone name -> IANA zone table (see `tools/refresh_windows_zones.py`)."""
    document = json.loads(resources.files("interview_prep.domain").joinpath("windows_zones.json").read_text("utf-8"))
    zones: dict[str, str] = document["zones"]
    return zones


@functools.cache
def _known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones() - {"localtime", "Factory"})


def zone_for_tzid(tzid: str) -> str | None:
    """The IANA zone a `TZID` names: an IANA name (also inside a "/vendor/Area/City" id), or a Windows name."""
    cleaned = tzid.strip().strip('"').strip()
    if cleaned.strip("/") in _known_zones():
        return cleaned.strip("/")
    windows = {k.casefold(): v for k, v in windows_zones().items()}
    if cleaned.casefold() in windows:
        return windows[cleaned.casefold()]
    parts = cleaned.strip("/").split("/")
    for start in range(1, len(parts)):  # "/freeassociation.sourceforge.net/Tzfile/Europe/Paris"
        name = "/".join(parts[start:])
        if name in _known_zones():
            return name
    for key, zone in windows.items():  # Outlook sometimes writes "(UTC-05:00) Eastern Time (US & Canada)"
        if key and key in cleaned.casefold():
            return zone
    return None


Offsets = Callable[[dt.datetime], "dt.timedelta | None"]


class RuleClock:
    """The UTC offsets a VTIMEZONE defines, looked up by bisection in icalendar's list of its transitions.

    (The tzinfo icalendar builds re-runs every rule from its start on each call: Outlook starts them in 1601.)
    """

    def __init__(self, definition: Any) -> None:
        times, info = definition.get_transitions()
        if not times:
            raise ValueError("it defines no offsets")
        self.times = [t.replace(tzinfo=dt.UTC) for t in times]
        self.offsets: list[dt.timedelta] = [entry[0] for entry in info]

    def offset_at(self, instant: dt.datetime) -> dt.timedelta:
        return self.offsets[max(bisect.bisect_right(self.times, instant) - 1, 0)]

    def to_utc(self, wall: dt.datetime) -> dt.datetime:
        """The instant of a wall-clock time (the first of two in an overlap, the one after a gap)."""
        naive_utc = wall.replace(tzinfo=dt.UTC)
        valid = [naive_utc - o for o in set(self.offsets) if self.offset_at(naive_utc - o) == o]
        return min(valid) if valid else naive_utc - self.offset_at(naive_utc)


def zone_offsets(zone: str) -> Offsets:
    tz = zoneinfo.ZoneInfo(zone)
    return lambda instant: instant.astimezone(tz).utcoffset()


def _offsets(offset_at: Offsets, instants: list[dt.datetime]) -> tuple[dt.timedelta | None, ...]:
    return tuple(offset_at(i) for i in instants)


def zone_matching_rules(
    offset_at: Offsets, around: dt.datetime, names: tuple[str, ...] = (), place: str = ""
) -> list[str]:
    """The IANA zones whose clock agrees with `offset_at` on every day of the year around `around`, best first.

    First a zone whose city `place` names ("… 8001 Zurich" -> Europe/Zurich), then the zones that have kept
    these rules longest (a VTIMEZONE states its rules as timeless: Outlook's start in 1601), then one whose
    abbreviation matches `names` (the VTIMEZONE's TZNAMEs), then the zones of CLDR's Windows table, then the rest.
    """
    days = [around + dt.timedelta(days=d) for d in range(-183, 184)]
    quick = [around, around - dt.timedelta(days=91), around + dt.timedelta(days=91), around + dt.timedelta(days=182)]
    want_quick = _offsets(offset_at, quick)
    preferred = list(dict.fromkeys(windows_zones().values()))
    rest = sorted(_known_zones() - set(preferred))
    want: tuple[dt.timedelta | None, ...] | None = None
    found: list[str] = []
    for name in preferred + rest:
        if _offsets(zone_offsets(name), quick) != want_quick:
            continue
        want = want or _offsets(offset_at, days)
        if _offsets(zone_offsets(name), days) == want:
            found.append(name)
    wanted = {n.casefold() for n in names}
    words = set(re.findall(r"\w+", place.casefold()))

    years = [
        [dt.datetime(around.year - back, m, d, 12, tzinfo=dt.UTC) for m in range(1, 13) for d in (1, 8, 15, 22)]
        for back in range(1, 21)
    ]
    stated = functools.cache(lambda back: _offsets(offset_at, years[back]))

    def years_agreeing(name: str) -> int:
        """For how many years before `around` the zone has kept these rules (rules are written as timeless)."""
        offsets = zone_offsets(name)
        return next((back for back in range(len(years)) if _offsets(offsets, years[back]) != stated(back)), len(years))

    def rank(name: str) -> tuple[bool, int, bool]:
        city = name.rsplit("/", 1)[-1].replace("_", " ").casefold()
        named = bool(words) and set(city.split()) <= words
        abbreviation = (around.astimezone(zoneinfo.ZoneInfo(name)).tzname() or "").casefold()
        return not named, -years_agreeing(name), abbreviation not in wanted

    return sorted(found, key=rank)


# --- reading one event ------------------------------------------------------------------------------------

_ROBOT_LOCAL = re.compile(
    r"^(no-?reply|do-?not-?reply|donotreply|noreply[-+.].*|.*[-+.]noreply|calendar(-notification)?|"
    r"notifications?|invites?|invitations?|scheduling|scheduler|mailer-daemon|postmaster|bounces?(\+.*)?|"
    r"calendar-server|meetings?|zoom|events?)$",
    re.IGNORECASE,
)
_ROBOT_DOMAINS = (
    "resource.calendar.google.com",
    "group.calendar.google.com",
    "group.v.calendar.google.com",
    "import.calendar.google.com",
    "calendar.google.com",
    "calendly.com",
    "calendly-mail.com",
)
_FREE_MAIL = {
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com", "icloud.com",
    "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de", "mail.com", "yandex.com",
    "zoho.com", "fastmail.com", "hey.com", "google.com", "microsoft.com", "zoom.us", "calendly.com", "webex.com",
}  # fmt: skip

_LINK_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Google Meet", re.compile(r"^https://meet\.google\.com/[a-z]{3,4}-[a-z]{4}-[a-z]{3}\b", re.IGNORECASE)),
    (
        "Microsoft Teams",
        re.compile(r"^https://teams\.(microsoft|live)\.com/(l/meetup-join/|meet/|dl/launcher/)", re.IGNORECASE),
    ),
    ("Zoom", re.compile(r"^https://([\w-]+\.)?zoom(gov)?\.us/(j|my|w|s|wc/join)/", re.IGNORECASE)),
    ("Webex", re.compile(r"^https://[\w-]+\.webex\.com/([\w-]+/j\.php|meet/|join/|wbxmjs/|[\w-]+/m/)", re.IGNORECASE)),
)
_VENDOR_PROPERTIES = (
    "X-GOOGLE-CONFERENCE",
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK",
    "X-ZOOM-JOIN-URL",
    "X-WEBEX-MEETING-URL",
    "CONFERENCE",
    "URL",
)
_URL = re.compile(r"https://[^\s<>\"'()\[\]{}|\\^`]+", re.IGNORECASE)
_VIRTUAL_PLACE = re.compile(
    r"^(microsoft teams( meeting| meeting room)?|teams( meeting)?|zoom( meeting)?|google meet|meet|webex( meeting)?|"
    r"online|video( call)?|virtual|remote|web conference|online meeting)$",
    re.IGNORECASE,
)
_VENDOR_NAMED = re.compile(r"\b(microsoft teams|teams meeting|zoom|google meet|webex|hangouts)\b", re.IGNORECASE)
_PHONE_PLACE = re.compile(r"^(phone( call)?|call|telephone)?[:\s]*(\+?[\d][\d ().-]{6,}\d)$", re.IGNORECASE)

# Titles that name the role and the company plainly; anything else is left for the candidate to fill in.
_IV = r"(?:interview|vorstellungsgespräch|entretien|entrevue|entrevista)"
_SEP = r"\s*[:|–—-]\s*"
_TITLE_PATTERNS = (
    re.compile(rf"^(?:[\w ]*{_IV}){_SEP}(?P<role>.+?)\s+(?:at|@|with|chez)\s+(?P<company>.+)$", re.IGNORECASE),
    re.compile(rf"^(?P<company>[^:|–—-]+?){_SEP}(?P<role>.+?)\s+{_IV}(?:\s*\(.*\))?$", re.IGNORECASE),
    re.compile(rf"^(?P<role>.+?)\s+{_IV}\s+(?:at|@|with|chez)\s+(?P<company>.+)$", re.IGNORECASE),
    re.compile(rf"^{_IV}\s+(?:with|at)\s+(?P<company>.+?)\s+for\s+(?:the\s+)?(?P<role>.+?)(?:\s+(?:role|position))?$", re.IGNORECASE),
    re.compile(rf"^{_IV}\s+for\s+(?:the\s+)?(?P<role>.+?)(?:\s+(?:role|position))?\s+(?:at|@|with)\s+(?P<company>.+)$", re.IGNORECASE),
    # the company alone: "Second round interview – Fenwick & Hale", "Interview with Fenwick & Hale"
    re.compile(rf"^(?:[\w ]*\s)?{_IV}(?:\s+(?:runde|round)\s+\d)?(?:{_SEP}|\s+(?:at|with)\s+)(?P<company>[^:|–—@]+)$", re.IGNORECASE),
)  # fmt: skip
_ROUND_WORDS = re.compile(
    r"\b(?:(?P<n>[1-9])(?:st|nd|rd|th)?[ -]round|(?:round|runde)[ -](?P<m>[1-9])|(?P<w>first|second|third|final)[ -]round)\b",
    re.IGNORECASE,
)
_WORD_ROUNDS = {"first": 1, "second": 2, "third": 3}


class _Reading:
    """One VEVENT read into a draft. Holds the warnings gathered on the way."""

    def __init__(
        self,
        calendar: Any,
        event: Any,
        candidates: dict[str, str],
        default_zone: str | None,
        notes: list[str],
        cancelled: bool,
    ) -> None:
        self.calendar = calendar
        self.event = event
        self.candidates = candidates
        self.default_zone = default_zone
        self.warnings: list[str] = list(dict.fromkeys(notes))
        self.cancelled = cancelled
        self.draft: dict[str, Any] = {}
        self.unclear: list[str] = []
        self.custom_zones: dict[str, tuple[dt.datetime, dt.tzinfo | None, str | None]] = {}

    def invitation(self) -> Invitation:
        start_utc = self._when()
        self._where()
        self._what()
        organizer = self._who()
        self._sequence_note()
        draft = self._valid(self.draft)
        return Invitation(
            draft=draft,
            missing=self._missing(draft),
            warnings=list(dict.fromkeys(self.warnings)),
            uid=_plain(self.event.get("UID")),
            sequence=self._sequence(),
            cancelled=self.cancelled,
            starts_at_utc=start_utc,
            organizer_email=organizer,
        )

    # -- when --

    def _time(self, name: str) -> tuple[dt.datetime, dt.tzinfo | None, str | None] | None:
        """(wall-clock time, its zone's tzinfo or None when floating, the IANA zone name if known)."""
        prop = self.event.get(name)
        if prop is None or isinstance(prop, list):
            return None
        try:
            value = getattr(prop, "dt", None)
        except ValueError:  # icalendar keeps a value it could not parse, and says so when it is used
            value = None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            raise InvitationNotUsable(
                Said(
                    "This is an all-day event: it has a date but no time. Record the interview with the form and "
                    "its start time."
                )
            )
        if not isinstance(value, dt.datetime):
            raise InvitationNotUsable(
                Said("The event's %(name)s is not a date and time the service can read.", name=name)
            )
        wall = value.replace(tzinfo=None, microsecond=0)
        params = getattr(prop, "params", {}) or {}
        tzid = params.get("TZID")
        if tzid:
            tzid = str(tzid)
            zone = zone_for_tzid(tzid)
            if zone:
                return wall, zoneinfo.ZoneInfo(zone), zone
            if tzid not in self.custom_zones:
                self.custom_zones[tzid] = self._custom_zone(wall, tzid)
            _, custom_tz, custom_zone = self.custom_zones[tzid]
            return (wall, custom_tz, custom_zone) if custom_zone != "UTC" else self._custom_zone(wall, tzid)
        if value.tzinfo is not None and value.utcoffset() == dt.timedelta(0):
            return wall, dt.UTC, "UTC"
        return wall, None, None

    def _custom_zone(self, wall: dt.datetime, tzid: str) -> tuple[dt.datetime, dt.tzinfo | None, str | None]:
        definition = next(
            (c for c in self.calendar.walk("VTIMEZONE") if str(c.get("TZID", "")).strip() == tzid.strip()), None
        )
        if definition is None:
            self.warnings.append(
                Said(
                    "The invitation's time zone “%(tzid)s” is neither a known name nor defined in the invitation; "
                    "the time is read as written — check the time zone.",
                    tzid=tzid,
                )
            )
            return wall, None, None
        try:
            rules = RuleClock(definition)
        except (ValueError, KeyError, TypeError, AttributeError, IndexError, OverflowError) as exc:
            self.warnings.append(
                Said(
                    "The invitation's time zone “%(tzid)s” could not be read (%(error)s).", tzid=tzid, error=_short(exc)
                )
            )
            return wall, None, None
        around = rules.to_utc(wall)
        names = tuple(str(sub.get("TZNAME")) for sub in definition.subcomponents if sub.get("TZNAME") is not None)
        place = " ".join(str(self.event.get(p, "") or "") for p in ("LOCATION", "SUMMARY"))
        matches = zone_matching_rules(rules.offset_at, around, names, place)
        if not matches:
            self.warnings.append(
                Said(
                    "The invitation's time zone “%(tzid)s” matches no known zone; the time is given in UTC — choose "
                    "your time zone.",
                    tzid=tzid,
                )
            )
            return around.replace(tzinfo=None), dt.UTC, "UTC"
        if len(matches) > 1:
            others = ", ".join(matches[1:4]) + ("…" if len(matches) > 4 else "")
            self.warnings.append(
                Said(
                    "The invitation's time zone “%(tzid)s” is not a standard name; its rules match %(zone)s (as do "
                    "%(others)s). Check the time zone.",
                    tzid=tzid,
                    zone=matches[0],
                    others=others,
                )
            )
        else:
            self.warnings.append(
                Said(
                    "The invitation's time zone “%(tzid)s” is not a standard name; its rules match %(zone)s. Check "
                    "the time zone.",
                    tzid=tzid,
                    zone=matches[0],
                )
            )
        return wall, zoneinfo.ZoneInfo(matches[0]), matches[0]

    def _when(self) -> dt.datetime | None:
        start = self._time("DTSTART")
        if start is None:
            raise InvitationNotUsable(Said("The event has no start time (DTSTART)."))
        wall, tz, zone = start
        if str(self.event.get("X-MICROSOFT-CDO-ALLDAYEVENT", "")).upper() == "TRUE":
            raise InvitationNotUsable(
                Said(
                    "This is an all-day event: it has no start time. Record the interview with the form and its "
                    "start time."
                )
            )
        start_utc: dt.datetime | None = None
        if tz is not None:
            start_utc = wall.replace(tzinfo=tz, fold=0).astimezone(dt.UTC)
        if zone == "UTC":
            x_wr = zone_for_tzid(str(self.calendar.get("X-WR-TIMEZONE", "") or ""))
            shown = x_wr or self.default_zone
            if shown and shown != "UTC" and start_utc is not None:
                wall = start_utc.astimezone(zoneinfo.ZoneInfo(shown)).replace(tzinfo=None)
                zone = shown
                if not x_wr:
                    self.warnings.append(
                        Said(
                            "The invitation gives the time in UTC only; it is shown in %(zone)s — check the time zone.",
                            zone=shown,
                        )
                    )
            else:
                self.warnings.append(
                    Said(
                        "The invitation gives the time in UTC only; the draft says UTC — choose your time zone and "
                        "convert the time."
                    )
                )
        elif tz is None:  # floating: the same wall-clock time wherever you are
            if self.default_zone:
                zone = self.default_zone
                start_utc = wall.replace(tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(dt.UTC)
                self.warnings.append(
                    Said("The invitation's time has no time zone; it is read as %(zone)s — check it.", zone=zone)
                )
            else:
                self.warnings.append(Said("The invitation's time has no time zone: choose the time zone it is in."))
        self.draft["starts_at"] = wall.isoformat(timespec="minutes" if wall.second == 0 else "seconds")
        if zone:
            self.draft["timezone"] = zone
        if start_utc is not None and start_utc <= clock.now():
            self.warnings.append(Said("This invitation's start time has already passed."))
        self._duration(start_utc, wall, tz)
        return start_utc

    def _duration(self, start_utc: dt.datetime | None, wall: dt.datetime, tz: dt.tzinfo | None) -> None:
        length: dt.timedelta | None = None
        prop = self.event.get("DURATION")
        try:
            duration = getattr(prop, "dt", None)
        except ValueError:
            duration = None
        if isinstance(duration, dt.timedelta):
            length = duration
        else:
            try:
                end = self._time("DTEND")
            except InvitationNotUsable:
                end = None
            if end is not None:
                end_wall, end_tz, _ = end
                if start_utc is not None and end_tz is not None:
                    length = end_wall.replace(tzinfo=end_tz, fold=0).astimezone(dt.UTC) - start_utc
                else:
                    length = end_wall - wall
        if length is None:
            return
        minutes = int(length.total_seconds() // 60)
        if minutes >= 24 * 60 and minutes % (24 * 60) == 0 and wall.time() == dt.time(0):
            raise InvitationNotUsable(
                Said(
                    "This is an all-day event: it has no start time. Record the interview with the form and its "
                    "start time."
                )
            )
        if 15 <= minutes <= 720:
            self.draft["duration_minutes"] = minutes
        else:
            self.warnings.append(
                Said(
                    "The event lasts %(minutes)s minutes; an interview here lasts 15 to 720 minutes — set the "
                    "duration.",
                    minutes=minutes,
                )
            )

    # -- where --

    def _where(self) -> None:
        location = self.event.get("LOCATION")
        place = _one_line(", ".join(str(location).splitlines())) if location and not isinstance(location, list) else ""
        apple = self.event.get("X-APPLE-STRUCTURED-LOCATION")
        if not place and apple is not None and not isinstance(apple, list):
            place = _one_line(str(apple.params.get("X-ADDRESS") or apple.params.get("X-TITLE") or ""))
        vendor, link = self._link(place)
        phone = _PHONE_PLACE.match(place) if place else None
        virtual = bool(place) and bool(
            _VIRTUAL_PLACE.match(place) or _VENDOR_NAMED.search(place) or place.lower().startswith("http")
        )
        if link and (not place or virtual):
            self.draft["format"] = "video"
            self.draft["location"] = link
        elif link:
            self.draft["location"] = place
            self.warnings.append(
                Said(
                    "The invitation names a place (%(place)s) and a %(vendor)s link (%(link)s): choose the format; "
                    "the draft keeps the place.",
                    place=place,
                    vendor=vendor,
                    link=link,
                )
            )
        elif phone:
            self.draft["format"] = "phone"
            self.draft["location"] = phone.group(3)
        elif virtual:
            self.draft["format"] = "video"
            self.unclear.append("location")
            self.warnings.append(
                Said("The invitation says “%(place)s” but holds no meeting link — ask for it.", place=place)
            )
        elif place:
            self.draft["format"] = "in_person"
            self.draft["location"] = place

    def _link(self, place: str) -> tuple[str | None, str | None]:
        texts: list[str] = []
        for name in _VENDOR_PROPERTIES:
            values = self.event.get(name)
            for value in values if isinstance(values, list) else [values]:
                if value is not None:
                    texts.append(str(value))
        texts.append(place)
        texts.append(str(self.event.get("DESCRIPTION", "") or ""))
        texts.append(str(self.event.get("X-ALT-DESC", "") or ""))
        for text in texts:
            for url in _URL.findall(text):
                url = url.rstrip(".,;:!?>")
                for vendor, pattern in _LINK_PATTERNS:
                    if pattern.match(url) and len(url) <= 500:
                        return vendor, url
        return None, None

    # -- what --

    def _what(self) -> None:
        title = _one_line(_plain(self.event.get("SUMMARY")) or "")
        for prefix in ("Updated invitation: ", "Invitation: ", "Updated: ", "Canceled: ", "Cancelled: "):
            title = title.removeprefix(prefix)
        title = re.sub(r"\s+@\s+\w{3} \w{3} \d.*$", "", title)  # Google mail subjects append " @ Tue Mar 30, 2027 …"
        for pattern in _TITLE_PATTERNS:
            match = pattern.match(title)
            if not match:
                continue
            parts = match.groupdict()
            company = re.sub(r"\s*\(.*\)$", "", parts["company"].strip(" .,"))
            role = re.sub(
                r"^(?:the|a|an)\s+|\s*\(.*\)$", "", (parts.get("role") or "").strip(" .,"), flags=re.IGNORECASE
            )
            role = _ROUND_WORDS.sub("", role).strip(" -–—,")
            if 0 < len(company) <= 200 and not _ROUND_WORDS.search(company):
                self.draft["company"] = {"name": company}
                if 0 < len(role) <= 200:
                    self.draft["role"] = role
            break
        found = _ROUND_WORDS.search(title) or _ROUND_WORDS.search(str(self.event.get("DESCRIPTION", "") or "")[:2000])
        if found:
            number = found.group("n") or found.group("m")
            word = (found.group("w") or "").lower()
            if number or word in _WORD_ROUNDS:
                self.draft["round"] = int(number) if number else _WORD_ROUNDS[word]

    # -- who --

    def _who(self) -> str | None:
        organizer = self.event.get("ORGANIZER")
        organizer_email = _mailbox(organizer) if organizer is not None and not isinstance(organizer, list) else None
        attendees = self.event.get("ATTENDEE")
        people = [organizer] if organizer is not None and not isinstance(organizer, list) else []
        people += attendees if isinstance(attendees, list) else [attendees] if attendees is not None else []
        interviewers: list[dict[str, Any]] = []
        seen: set[str] = set()
        left_out = 0
        for person in people:
            address = _mailbox(person)
            params = getattr(person, "params", {}) or {}
            name = _person_name(str(params.get("CN", "") or ""))
            if name and "@" in name and address and name.casefold() == address.casefold():
                name = ""
            kind = str(params.get("CUTYPE", "INDIVIDUAL")).upper()
            role = str(params.get("ROLE", "")).upper()
            if kind in ("ROOM", "RESOURCE", "GROUP", "UNKNOWN") or role == "NON-PARTICIPANT":
                continue
            if address and is_robot(address):
                continue
            if address and address.casefold() in self.candidates:
                name = name or _person_name(self.candidates[address.casefold()])
                if "candidate" not in self.draft:
                    self.draft["candidate"] = {"name": name, "email": address} if name else {"email": address}
                continue
            key = (address or name).casefold()
            if not key or key in seen:
                continue
            seen.add(key)
            if not name:
                name = _name_from_address(address) or ""
                if not name:
                    left_out += 1
                    continue
            if len(interviewers) < MAX_INTERVIEWERS:
                interviewers.append({"name": name[:100]})
        if len(seen) - left_out > MAX_INTERVIEWERS:
            self.warnings.append(
                Said(
                    "The invitation lists more than %(most)s people; the first %(most)s are kept.",
                    most=MAX_INTERVIEWERS,
                )
            )
        if left_out:
            self.warnings.append(
                Said("%(count)s attendee(s) without a name were left out of the interviewers.", count=left_out)
            )
        if interviewers:
            self.draft["interviewers"] = interviewers
            self.warnings.append(
                Said(
                    "Everyone invited is listed as an interviewer: remove the people who will not interview you, "
                    "and say who each one is to you."
                )
            )
        if "candidate" not in self.draft and len(self.candidates) == 1:
            ((only, name),) = self.candidates.items()
            self.draft["candidate"] = {"name": _person_name(name), "email": only} if name else {"email": only}
        self._company_site(organizer_email)
        return organizer_email

    def _company_site(self, organizer_email: str | None) -> None:
        """The company's website from the organizer's domain, when it plainly is the company's."""
        company = self.draft.get("company")
        if not company or not organizer_email:
            return
        domain = organizer_email.rsplit("@", 1)[-1].lower()
        label = domain.split(".")[-2] if domain.count(".") >= 1 else domain
        squeezed = re.sub(r"[^a-z0-9]", "", company["name"].lower())
        if domain not in _FREE_MAIL and squeezed and squeezed == re.sub(r"[^a-z0-9]", "", label):
            company["website"] = f"https://{domain}"

    # -- the rest --

    def _sequence(self) -> int:
        try:
            return max(int(str(self.event.get("SEQUENCE", 0))), 0)
        except ValueError:
            return 0

    def _sequence_note(self) -> None:
        if self.cancelled:
            self.warnings.append(Said("This is a cancellation of the event, not an invitation to it."))
        elif self._sequence() > 0:
            self.warnings.append(
                Said(
                    "This is an updated invitation: if you already recorded this interview, change that one "
                    "instead of recording it again."
                )
            )

    def _valid(self, draft: dict[str, Any]) -> dict[str, Any]:
        """The draft with every field the rules refuse taken out (and said in a warning).

        Parts a person completes later (the candidate's name, each interviewer's relationship) are stood in for
        while checking, so only what the invitation said is judged.
        """
        while True:
            try:
                InterviewFields.model_validate(_completed(draft))
                return draft
            except ValidationError as exc:
                bad = {str(error["loc"][0]) for error in exc.errors() if error.get("loc")} & set(draft)
                if not bad:
                    return {}
                for field in sorted(bad):
                    draft.pop(field)
                    self.warnings.append(
                        Said("The invitation's %(field)s could not be used; fill it in.", field=field.replace("_", " "))
                    )

    def _missing(self, draft: dict[str, Any]) -> list[str]:
        missing: list[str] = []
        candidate = draft.get("candidate") or {}
        missing += [f"candidate.{f}" for f in ("name", "email") if f not in candidate]
        if "company" not in draft:
            missing.append("company.name")
        for field in ("role", "starts_at", "timezone", "round"):
            if field not in draft:
                missing.append(field)
        if "format" not in draft:
            missing.append("format")
        missing += [field for field in self.unclear if field not in draft and field not in missing]
        for index, _person in enumerate(draft.get("interviewers", [])):
            missing.append(f"interviewers[{index}].relationship")
        return missing


def _completed(draft: dict[str, Any]) -> dict[str, Any]:
    """`draft` with stand-ins for what a person adds later, to check the rest against the model."""
    probe = dict(draft)
    if "candidate" in probe:
        probe["candidate"] = {"name": "-", "email": "candidate@example.com", **probe["candidate"]}
    if "interviewers" in probe:
        probe["interviewers"] = [{"relationship": "other", **person} for person in probe["interviewers"]]
    return probe


def _mailbox(prop: Any) -> str | None:
    value = str(prop or "").strip()
    if value.lower().startswith("mailto:"):
        value = value[7:]
    params = getattr(prop, "params", {}) or {}
    if "@" not in value and params.get("EMAIL"):
        value = str(params["EMAIL"])
    value = value.strip().strip("<>")
    return value if "@" in value and " " not in value and len(value) <= 254 else None


def is_robot(address: str) -> bool:
    """A scheduling robot's address (noreply@, calendar-notification@, a calendar's resource address…)."""
    local, _, domain = address.lower().rpartition("@")
    return bool(_ROBOT_LOCAL.match(local)) or domain.endswith(_ROBOT_DOMAINS)


def _person_name(common_name: str) -> str:
    """A CN as a name to greet: quotes and spaces trimmed, "Hofmann, Petra" turned into "Petra Hofmann"."""
    name = _one_line(common_name).strip("'\" ")
    last, comma, first = name.partition(",")
    if comma and "," not in first and 0 < len(last.split()) <= 2 and 0 < len(first.split()) <= 2:
        return f"{first.strip()} {last.strip()}"
    return name


def _name_from_address(address: str | None) -> str | None:
    """The name in an address like jane.doe@acme.com ("Jane Doe"); None when it says none plainly."""
    if not address:
        return None
    local = address.split("@", 1)[0]
    pieces = re.split(r"[._-]", local)
    if len(pieces) == 2 and all(p.isalpha() and len(p) > 1 for p in pieces):
        return " ".join(p.capitalize() for p in pieces)
    return None


def _one_line(text: str) -> str:
    return " ".join(text.replace("\\n", " ").split())[:500]
