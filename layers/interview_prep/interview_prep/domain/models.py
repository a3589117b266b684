"""The domain: an interview invitation as recorded, and the notes that feed the thank-you drafts.

These pydantic models validate every request (so the OpenAPI document is generated from them too) and
are the one shape the rest of the package works with.

No `from __future__ import annotations` here: annotations are evaluated as each class is defined, which is cheaper at
a cold start than pydantic evaluating every field's annotation from its text (a model's own name is quoted).
"""

import datetime as dt
import functools
import re
import unicodedata
import zoneinfo
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from interview_prep.domain import clock
from interview_prep.domain.addresses import ascii_domain

if TYPE_CHECKING:
    from interview_prep.domain.i18n import Locale

# --- text rules -------------------------------------------------------------------------------------------

_LINE_BREAKS = {"\n", "\r", "\u2028", "\u2029", "\x85"}
# Joiners that scripts need between two letters (Persian, Indic scripts, emoji sequences): the only format characters
# (Unicode category Cf) allowed. Every other one is invisible and refused: direction controls (U+202A-202E,
# U+2066-2069, U+200E/200F, U+061C), zero-width spaces (U+200B, U+2060, U+FEFF), tags, soft hyphens.
_JOINERS = {"\u200c", "\u200d"}
# Letters that render as nothing (Hangul fillers, the blank Braille pattern): allowed, but not as the only content.
_BLANK_LETTERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}


def _invisible(ch: str) -> bool:
    return ch.isspace() or ch in _JOINERS or ch in _BLANK_LETTERS or unicodedata.category(ch) in ("Mn", "Me", "Cf")


def _refuse_control(value: str, *, multiline: bool) -> str:
    for ch in value:
        if multiline and ch in "\n\t":
            continue
        category = unicodedata.category(ch)
        if ch in _LINE_BREAKS or category in ("Cc", "Cs"):
            raise ValueError("must not contain control characters" + ("" if multiline else " or line breaks"))
        if category == "Cf" and ch not in _JOINERS:
            raise ValueError(
                f"must not contain invisible or text-direction characters (U+{ord(ch):04X}); type the text again"
            )
    if value and all(_invisible(ch) for ch in value):
        raise ValueError("must not be empty (it holds only invisible characters)")
    return value


def _single_line(value: str) -> str:
    return _refuse_control(value, multiline=False)


def _multi_line(value: str) -> str:
    return _refuse_control(value.replace("\r\n", "\n"), multiline=True)


def Line(max_length: int, min_length: int = 1) -> Any:  # noqa: N802 - a type factory, named like a type
    """A one-line text field: stripped, length-limited, no control characters or line breaks."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length),
        AfterValidator(_single_line),
    ]


def Text(max_length: int) -> Any:  # noqa: N802 - a type factory, named like a type
    """A multi-line text field: stripped, length-limited, no control characters but newlines and tabs."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length),
        AfterValidator(_multi_line),
    ]


def _email(value: str, info: ValidationInfo) -> str:
    # A stored interview was validated when it was written: reading it back does not import and run the checker
    # again (email_validator compiles large regexes on import, tens of milliseconds of a cold start).
    if (info.context or {}).get("stored"):
        return value
    from email_validator import EmailNotValidError, validate_email

    try:
        checked = validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(f"is not a valid email address: {exc}") from None
    if not checked.local_part.isascii():
        # Such an address needs SMTPUTF8 from end to end, which the service does not send: refused, not mangled.
        raise ValueError(
            "must use only ASCII characters before the @ (an address such as jose@example.com; "
            "addresses with accented or non-Latin letters before the @ are not supported)"
        )
    try:
        carried = ascii_domain(checked.domain)
    except UnicodeError:
        carried = ""
    if carried != checked.ascii_domain:  # the emails' punycode must name the very domain the address names
        raise ValueError(f"has a domain to write in its ASCII form: {checked.local_part}@{checked.ascii_domain}")
    return str(checked.normalized)


EmailAddress = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=3, max_length=254), AfterValidator(_email)
]


def _http_url(value: str) -> str:
    _single_line(value)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in value:
        raise ValueError("must be an http:// or https:// URL")
    return value


HttpUrl = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=8, max_length=500), AfterValidator(_http_url)
]

# --- vocabularies -----------------------------------------------------------------------------------------

Relationship = Literal["hr", "recruiter", "hiring_manager", "team_member", "executive", "other"]
Format = Literal["in_person", "video", "phone", "meal"]
Include = Literal["presentation", "test", "tour", "group", "take_home", "recorded", "online_test"]
Status = Literal["pending_confirmation", "scheduled", "cancelled", "completed"]
Period = Literal["year", "month", "day", "hour"]
# Every kind of email the service sends, in one place (schedules, idempotency keys, metrics and events use these
# names): the opt-in, the digest, the thank-you drafts, and the notices of a move or a cancellation.
DeliveryKind = Literal["confirmation", "digest", "thank_you", "notice", "cancellation"]
DELIVERY_KINDS: tuple[DeliveryKind, ...] = get_args(DeliveryKind)
Language = Literal["en", "fr"]

# Active ISO 4217 currency codes.
CURRENCIES = frozenset(
    """AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD
    CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD
    HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL
    LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR
    PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP
    TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG""".split()
)

LOCAL_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$")
MAX_DAYS_AHEAD = 365
# Every date the service computes from a start (reminders, thank-you, retention: days to months around it) stays
# inside Python's calendar when the start's year is in this range; the date arithmetic runs only after this check.
MIN_YEAR, MAX_YEAR = 1970, 9000
# Time zones: the geographic IANA names (Area/Location) and UTC. Not the system's `localtime`, `Factory` (no time at
# all), `posixrules` or the POSIX-style rules such as `EST5EDT`, whose meaning depends on the machine or is obsolete.
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
def accepted_zones() -> frozenset[str]:
    return frozenset(
        z for z in zoneinfo.available_timezones() if z == "UTC" or ("/" in z and z.split("/", 1)[0] in ZONE_REGIONS)
    )


class NonexistentLocalTime(ValueError):
    """A wall-clock time skipped by a daylight-saving change in its zone."""


def to_utc(local: dt.datetime, zone: str) -> dt.datetime:
    """The UTC instant of a naive local time in `zone`.

    A time inside a DST gap does not exist and is refused; a time inside a DST overlap happens twice and is
    taken as its first occurrence (fold=0), the one before the clocks go back.
    """
    if not MIN_YEAR <= local.year <= MAX_YEAR:  # callers validate first; this keeps the arithmetic below in range
        raise ValueError(f"starts_at: the year must be between {MIN_YEAR} and {MAX_YEAR}")
    tz = zoneinfo.ZoneInfo(zone)
    aware = local.replace(tzinfo=tz, fold=0)
    as_utc = aware.astimezone(dt.UTC)
    if as_utc.astimezone(tz).replace(tzinfo=None) != local:
        raise NonexistentLocalTime(
            f"starts_at: {local:%Y-%m-%d %H:%M} does not exist in {zone}: the clocks skip that hour for daylight "
            "saving time"
        )
    return as_utc


def _local_time_shape(value: str) -> str:
    if not LOCAL_TIME.match(value):
        raise ValueError("must be a local date-time YYYY-MM-DDTHH:MM[:SS], without offset")
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("is not a real date and time") from None
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise ValueError(f"must be a date between the years {MIN_YEAR} and {MAX_YEAR}")
    return parsed.isoformat(timespec="minutes" if parsed.second == 0 else "seconds")


def is_accepted_zone(value: str) -> bool:
    """Whether `value` is one of `accepted_zones()`, without listing them all (which opens every file of the zone
    database: tens of milliseconds of a cold start): UTC, or a region's zone that loads."""
    if value == "UTC":
        return True
    if "/" not in value or value.split("/", 1)[0] not in ZONE_REGIONS:
        return False
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # unknown, not a normalised key, a folder
        return False
    return True


def _known_zone(value: str) -> str:
    if not is_accepted_zone(value):
        raise ValueError(
            "must be an IANA time zone name such as America/Toronto or Europe/Paris (a region and a city), or UTC"
        )
    return value


def _unique(value: list[str]) -> list[str]:
    if len(set(value)) != len(value):
        raise ValueError("must not list the same item twice")
    return value


LocalDateTime = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=19), AfterValidator(_local_time_shape)
]
ZoneName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=64), AfterValidator(_known_zone)]
Includes = Annotated[list[Include], Field(max_length=7), AfterValidator(_unique)]
STARTS_AT_HELP = (
    "Local date and time `YYYY-MM-DDTHH:MM[:SS]` in `timezone`. Must be in the future and at most 365 days "
    "ahead (a year outside 1970-9000 is refused before anything else). A time skipped by a daylight-saving change is refused; a time that happens twice is taken as "
    "its first occurrence."
)


NOTES_HELP = (
    "Your notes from the earlier interviews: what was discussed, open points. The digest quotes them back as your "
    "notes; start a line with `Concern:` (or, in French, `Point faible :`) to mark a weak point you expect to come "
    "back."
)
INTERNAL_HELP = "True when the candidate already works for the company (a move inside it)."
FINAL_HELP = "True when this is the last round before a decision (an offer may follow)."
LANGUAGE_HELP = (
    "The language of every email, draft and page about this interview: `en` or `fr`. French follows the time "
    "zone's region: Québec French for a zone in Canada, European French otherwise."
)


class _Model(BaseModel):
    # defer_build: each model's validator is built when first used, not at import (a function uses a few of them).
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True, frozen=True, defer_build=True)


# --- the request ------------------------------------------------------------------------------------------


class Candidate(_Model):
    name: Line(100) = Field(  # type: ignore[valid-type]
        description="The candidate's name: the emails greet them by it (unless `given_name` says otherwise), and the "
        "thank-you drafts are signed with it."
    )
    email: EmailAddress = Field(description="Where the digest and the thank-you drafts are sent.")
    given_name: Line(60) | None = Field(  # type: ignore[valid-type]
        default=None,
        description="How the emails greet the candidate, when not by `name` as given: e.g. 'Mei' for Mei Ling Ong. "
        "The drafts are still signed with `name`.",
    )

    @property
    def greeted_as(self) -> str:
        """The name the emails greet the candidate by ("Hi Mei,"), as a letter writes it ("Hi Dylan Reid," for "dylan
        reid", « Bonjour Camille Rousseau, » for « Camille ROUSSEAU »: `names.written`), without their own courtesy
        title ("Hi Lena Fischer," for "Dr Lena Fischer": `names.untitled`)."""
        from interview_prep.domain.names import untitled, written

        return written(self.given_name or untitled(self.name))

    @property
    def signed_as(self) -> str:
        """The name the thank-you drafts are signed with: `name`, as a letter writes it (`names.written`); a title
        the candidate typed with it stays ("Dr Mei Lin": their own choice of how to sign)."""
        from interview_prep.domain.names import written

        return written(self.name)


class Company(_Model):
    name: Line(200) = Field(description="The employer.")  # type: ignore[valid-type]
    website: HttpUrl | None = Field(default=None, description="The company's website, http(s).")


class Interviewer(_Model):
    name: Line(100) = Field(  # type: ignore[valid-type]
        description="The interviewer's name. Not named yet? 'TBC', or their post with it ('Hiring Manager (TBC)'): "
        "the emails say them by their post until the name is given."
    )
    title: Line(150) | None = Field(default=None, description="Their job title, e.g. 'Head of Operations'.")  # type: ignore[valid-type]
    relationship: Relationship = Field(description="Who they are to the candidate's future job.")
    met_before: bool = Field(default=False, description="True when the candidate met them in an earlier round.")


def _cents(value: float) -> float:
    if round(value, 2) != value:
        raise ValueError("must have at most two decimal places")
    return value


def _plain(value: float) -> int | float:
    """A whole amount as a whole number (`85000`, as before decimals were taken), else as it is (`11.44`)."""
    return int(value) if value.is_integer() else value


class _Amount:
    """An amount of pay: a number from 0 to 100,000,000 with at most two decimals (cents for pay by the hour,
    `11.44`), written back whole when it is whole. Its schema is written here with `pydantic_core` directly: the
    annotations that say the same (`AfterValidator`, `PlainSerializer`, `WithJsonSchema`) import a pydantic module
    that every function would pay for at its cold start (~25 M instructions)."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(
            _cents,
            core_schema.float_schema(ge=0, le=100_000_000, allow_inf_nan=False),
            serialization=core_schema.plain_serializer_function_ser_schema(_plain),
        )

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict[str, Any]:
        return {"type": "number", "minimum": 0, "maximum": 100_000_000}


Amount = Annotated[float, _Amount()]


class Salary(_Model):
    min: Amount = Field(description="The bottom of the range: a whole number, or at most two decimals (11.44).")
    max: Amount = Field(
        description="The top of the range (equal to min for one figure): a whole number, or at most two decimals (12.50)."
    )
    currency: Annotated[str, StringConstraints(min_length=3, max_length=3)] = Field(description="ISO 4217 code.")
    period: Period = Field(description="What the amounts are per: `day` for a contractor's day rate.")

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        if value.upper() not in CURRENCIES:
            raise ValueError("must be an ISO 4217 currency code such as USD, EUR or CAD")
        return value.upper()

    @model_validator(mode="after")
    def _ordered(self) -> "Salary":
        if self.min > self.max:
            raise ValueError("min must not be greater than max")
        return self


DEFAULTS: dict[str, Any] = {
    "round": 2,
    "duration_minutes": 60,
    "format": "in_person",
    "includes": [],
    "interviewers": [],
    "internal_candidate": False,
    "final_round": False,
    "digest_lead_hours": 48,
    "thank_you_delay_minutes": 60,
    "language": "en",
}


class InterviewRequest(_Model):
    """An invitation as a tool records it (`POST /v1/interviews`)."""

    candidate: Candidate
    company: Company
    role: Line(200) = Field(description="The job title applied for.")  # type: ignore[valid-type]
    round: int = Field(default=2, ge=1, le=10, description="Which interview round this is.")
    starts_at: LocalDateTime = Field(description=STARTS_AT_HELP, examples=["2027-03-29T09:30"])
    timezone: ZoneName = Field(description="IANA time zone name.", examples=["America/Toronto"])
    duration_minutes: int = Field(default=60, ge=15, le=720)
    format: Format = "in_person"
    location: Line(500) | None = Field(default=None, description="Address, restaurant or meeting link.")  # type: ignore[valid-type]
    includes: Includes = Field(default=[])
    interviewers: list[Interviewer] = Field(default=[], max_length=12)
    first_interview_notes: Text(5000) | None = Field(default=None, description=NOTES_HELP)  # type: ignore[valid-type]
    salary: Salary | None = None
    internal_candidate: bool = Field(default=False, description=INTERNAL_HELP)
    final_round: bool = Field(default=False, description=FINAL_HELP)
    digest_lead_hours: int = Field(default=48, ge=1, le=168)
    thank_you_delay_minutes: int = Field(default=60, ge=0, le=1440)
    language: Language = Field(default="en", description=LANGUAGE_HELP)

    @model_validator(mode="after")
    def _when(self, info: ValidationInfo) -> "InterviewRequest":
        """The start must exist in its zone, and (unless the caller says not to check) lie ahead, within a year."""
        context = info.context or {}
        start = self.starts_at_utc  # raises NonexistentLocalTime for a DST gap
        if context.get("check_future", True):
            now = clock.now()
            if start <= now:
                raise ValueError("starts_at: must be in the future")
            if start > now + dt.timedelta(days=MAX_DAYS_AHEAD):
                raise ValueError(f"starts_at: must be at most {MAX_DAYS_AHEAD} days ahead")
        return self

    @property
    def company_said(self) -> str:
        """The employer as the emails and pages say it in a sentence: with the article an institution's name takes
        (« chez l’Université Laval », « au CHU de Bordeaux »: `employer.in_french`; "at the University of Plymouth":
        `employer.in_english`); one not named yet in small letters ("at a client of Hays": `employer.said_undisclosed`);
        else as entered."""
        from interview_prep.domain import employer

        if employer.undisclosed(self.company.name):  # "at a client of Hays", "at a confidential client"
            from interview_prep.domain.language import de

            return employer.said_undisclosed(self.company.name, french=self.language == "fr", de=de)
        if self.language != "fr":
            return employer.in_english(self.company.name)
        return employer.in_french(self.company.name)

    @property
    def role_said(self) -> str:
        """The role as the emails and pages say it in a sentence or a subject: without the advert's gender marker or
        contract type (« Développeur Python (H/F) - CDI » → « Développeur Python »), on one line
        (`language.role_as_said`). `role` stays as entered."""
        from interview_prep.domain.language import role_as_said

        return role_as_said(self.role, french=self.language == "fr")

    @property
    def no_one_live(self) -> bool:
        """Whether no one is live on the other side: answers filmed for later (`recorded`: HireVue, Sonru…) or an
        online test taken alone (`online_test`: HackerRank, Codility, SHL…). The people named are contacts."""
        return not {"recorded", "online_test"}.isdisjoint(self.includes)

    @property
    def online_test_only(self) -> bool:
        """An online test taken alone, not also ticked as recorded answers: no questions to expect, a draft that says
        it is done."""
        return "online_test" in self.includes and "recorded" not in self.includes

    @property
    def at_school(self) -> bool:
        """Whether the employer is a school whose pupils are children (`posts.is_school`), where a "Student panel" is
        its pupils."""
        from interview_prep.domain.posts import is_school

        return is_school(self.company.name)

    @property
    def local_start(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.starts_at)

    @property
    def starts_at_utc(self) -> dt.datetime:
        return to_utc(self.local_start, self.timezone)

    @property
    def ends_at_utc(self) -> dt.datetime:
        return self.starts_at_utc + dt.timedelta(minutes=self.duration_minutes)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def starts_at_local(self) -> dt.datetime:
        """The start as an aware datetime in the interview's zone (with its UTC offset)."""
        return self.starts_at_utc.astimezone(self.zone)

    @property
    def ends_at_local(self) -> dt.datetime:
        return self.ends_at_utc.astimezone(self.zone)

    @property
    def locale(self) -> "Locale":  # a string: without `from __future__ import annotations`, evaluated at definition
        """The language and regional conventions its emails and pages use (Québec French for a zone in Canada)."""
        # Imported here: the functions that never phrase anything (the stream) do without it at a cold start.
        from interview_prep.domain.i18n import locale_for

        return locale_for(self.language, self.timezone)


# --- notes ------------------------------------------------------------------------------------------------


class RaisedQuestion(_Model):
    question: Line(300) = Field(  # type: ignore[valid-type]
        description="What they asked, as it would follow 'You asked': e.g. 'about my SQL experience'."
    )
    answer: Text(600) | None = Field(  # type: ignore[valid-type]
        default=None,
        description="Your answer, written to them. The draft takes up the question only when there is an answer.",
    )


class TeamNotes(_Model):
    """What you talked about with the people you met, when the interview names no one: the one draft to the hiring
    team is written from it (`Notes.team`)."""

    topics: list[Line(200)] = Field(  # type: ignore[valid-type]
        default=[],
        max_length=10,
        description=(
            "What you talked about, as short phrases: e.g. 'the Hamilton warehouse opening'. A sentence, a phrase "
            "about them in the third person ('how they plan shifts') or about yourself ('my notice period') stays out "
            "of their draft: the thank-you email lists it for you instead."
        ),
    )
    promised: list[Line(200)] = Field(  # type: ignore[valid-type]
        default=[],
        max_length=5,
        description="What you promised to send them: e.g. 'the write-up of my queue benchmark'.",
    )
    questions: list[RaisedQuestion] = Field(
        default=[], max_length=5, description="Questions they raised, with your answer."
    )
    concerns: list[Line(300)] = Field(  # type: ignore[valid-type]
        default=[], max_length=10, description="Doubts they raised: reminders for you, not in the draft."
    )


class InterviewerNotes(TeamNotes):
    """What you talked about with one interviewer: their draft is written from it."""

    name: Line(100) = Field(description="One of the interview's interviewers, by name.")  # type: ignore[valid-type]
    given_name: Line(60) | None = Field(  # type: ignore[valid-type]
        default=None,
        description="How to greet them, when not by the name as given (or by a courtesy title and the last name: "
        "'Dear Mr Okafor' for Mr Paul Okafor): e.g. 'Mei' for Mei Ling Ong.",
    )


class Notes(_Model):
    """What the candidate jots down after the interview (`PUT /v1/interviews/{id}/notes`)."""

    text: Text(5000) | None = Field(default=None, description="Free notes.")  # type: ignore[valid-type]
    interviewers: list[InterviewerNotes] = Field(default=[], max_length=12)
    team: TeamNotes | None = Field(
        default=None,
        description=(
            "Only when the interview names no interviewer: what you talked about with the people you met, for the one "
            "draft to the hiring team. With interviewers named, note each person under `interviewers`; team notes "
            "written before they were named (in no draft then) can still be sent back, changed or emptied, never "
            "started."
        ),
    )
    follow_ups: list[Line(300)] = Field(  # type: ignore[valid-type]
        default=[], max_length=10, description="Your own points to follow up: reminders, not in the drafts."
    )

    @field_validator("interviewers")
    @classmethod
    def _one_entry_per_person(cls, value: list[InterviewerNotes]) -> list[InterviewerNotes]:
        names = [n.name.casefold() for n in value]
        if len(set(names)) != len(names):
            raise ValueError("must not name the same interviewer twice")
        return value

    def for_interviewer(self, name: str) -> InterviewerNotes | None:
        key = name.casefold()
        return next((n for n in self.interviewers if n.name.casefold() == key), None)

    def after_people_change(self, before: list[Interviewer], after: list[Interviewer]) -> "Notes":
        """The notes once the interview's people change from `before` to `after`, so that nothing written is lost
        to a correction. With as many people as before, a name that left the list is a correction of a name that
        joined it: of the one new name when only one changed (wherever the rows now stand), else of the new name at
        the same position. Its notes go to the new name (never over notes already written there), and the greeting
        name goes with them only if the new name still contains it. Notes for the hiring team become the notes of
        the one person named, when an interview that named no one now names exactly one. Anything else is kept as
        it is."""
        old = [p.name.casefold() for p in before]
        new = [p.name.casefold() for p in after]
        pairs: list[tuple[str, Interviewer]] = []
        if len(old) == len(new):
            gone = [name for name in old if name not in new]
            came = [person for person in after if person.name.casefold() not in old]
            if len(gone) == 1 and len(came) == 1:
                pairs = [(gone[0], came[0])]
            else:
                pairs = [
                    (was, person)
                    for was, now_, person in zip(old, new, after, strict=True)
                    if was not in new and now_ not in old
                ]
        moved = {was: person for was, person in pairs if self.for_interviewer(person.name) is None}
        interviewers = [
            entry.model_copy(update={"name": person.name, "given_name": _kept_greeting(entry.given_name, person)})
            if (person := moved.get(entry.name.casefold()))
            else entry
            for entry in self.interviewers
        ]
        team = self.team
        if team is not None and not before and len(after) == 1 and not interviewers:
            interviewers = [InterviewerNotes(name=after[0].name, **team.model_dump())]
            team = None
        if interviewers == self.interviewers and team is self.team:
            return self
        return self.model_copy(update={"interviewers": interviewers, "team": team})


def _kept_greeting(given_name: str | None, person: Interviewer) -> str | None:
    """A greeting name still true for a renamed person: kept when their new name contains it ("Mei" for "Mei-Ling
    Ong" after "Mei Ling Ong"), dropped otherwise (the notes were moved to someone by another name)."""
    return given_name if given_name and given_name.casefold() in person.name.casefold() else None


# --- the stored interview ---------------------------------------------------------------------------------


class DeliveryState(BaseModel):
    """Where one kind of email stands for an interview."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    due_at: dt.datetime | None = None
    sent_at: dt.datetime | None = None
    message_id: str | None = None
    sent_revision: int | None = None
    sent_starts_at_utc: dt.datetime | None = None
    sends: int = 0
    # Failed tries of the delivery of `failed_revision`; `failed_at` once the last try failed (the email was not
    # sent): `email.failed` for the tools.
    failed_revision: int | None = None
    failed_attempts: int = 0
    failed_at: dt.datetime | None = None


class EmailStop(BaseModel):
    """Why no more email goes to the interview's address: SES reported a hard bounce or a complaint about it."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    reason: Literal["bounced", "complained"]
    at: dt.datetime
    kind: DeliveryKind | None = None  # the email that bounced or drew the complaint

    def to_resource(self) -> dict[str, str | None]:
        return {"reason": self.reason, "at": clock.iso(self.at), "kind": self.kind}


class HeldEvent(BaseModel):
    """The calendar event as the candidate last received it: from an email's .ics, or the manage page's download."""

    model_config = ConfigDict(extra="forbid", defer_build=True, frozen=True)

    sequence: int
    starts_at_utc: dt.datetime
    ends_at_utc: dt.datetime
    at: dt.datetime


class Interview(InterviewRequest):
    """An interview as stored: the request, plus what the service knows about it."""

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)

    id: str
    owner: str
    status: Status
    source: Literal["api", "web", "email"] = "api"
    # The UID of the calendar event it was recorded from (a forwarded invitation), to match its cancellation.
    invitation_uid: str | None = None
    version: int = 1
    # Bumped whenever a change moves a delivery (start, zone, duration, lead, delay); schedules carry it,
    # and a schedule of an older revision sends nothing.
    revision: int = 1
    created_at: dt.datetime
    # When `revision` last changed (None: not since it was recorded). Past-due emails are timed from it.
    revised_at: dt.datetime | None = None
    # The event in the candidate's calendar (None until an .ics reached them), and when the first move it does not
    # show yet was made (None when it shows the interview as it is): a change notice is timed from both.
    calendar: HeldEvent | None = None
    moved_at: dt.datetime | None = None
    updated_at: dt.datetime
    confirmed_at: dt.datetime | None = None
    cancelled_at: dt.datetime | None = None
    unsubscribed_at: dt.datetime | None = None
    email_stopped: EmailStop | None = None
    notes: Notes | None = None
    confirmation: DeliveryState = Field(default_factory=DeliveryState)
    digest: DeliveryState = Field(default_factory=DeliveryState)
    thank_you: DeliveryState = Field(default_factory=DeliveryState)
    notice: DeliveryState = Field(default_factory=DeliveryState)
    cancellation: DeliveryState = Field(default_factory=DeliveryState)

    def delivery(self, kind: DeliveryKind) -> DeliveryState:
        state: DeliveryState = getattr(self, kind)
        return state

    @property
    def team_notes_left(self) -> TeamNotes | None:
        """Notes for the hiring team written before anyone was named, now that people are: in no draft until the
        candidate moves them into each person's notes (None when there are none, or when no one is named yet)."""
        return self.notes.team if self.interviewers and self.notes is not None else None

    def holding(self, at: dt.datetime) -> "Interview":
        """The interview once the candidate has received its event as it is now (an .ics sent or downloaded)."""
        from interview_prep.domain.calendar import sequence

        held = HeldEvent(sequence=sequence(self), starts_at_utc=self.starts_at_utc, ends_at_utc=self.ends_at_utc, at=at)
        return self.model_copy(update={"calendar": held, "moved_at": None})

    def request_fields(self) -> dict[str, Any]:
        """The request part, as a tool would send it."""
        return self.model_dump(mode="json", include=set(InterviewRequest.model_fields))

    def to_resource(self) -> dict[str, Any]:
        """The interview as the API shows it."""
        body = self.request_fields()

        def state(s: DeliveryState) -> dict[str, str | None]:
            return {
                "due_at": clock.iso(s.due_at) if s.due_at else None,
                "sent_at": clock.iso(s.sent_at) if s.sent_at else None,
            }

        body.update(
            id=self.id,
            status=self.status,
            ends_at=clock.iso(self.ends_at_local),
            starts_at_utc=clock.iso(self.starts_at_utc),
            digest=state(self.digest),
            thank_you=state(self.thank_you),
            notice=state(self.notice),
            cancellation=state(self.cancellation),
            notes=self.notes.model_dump(mode="json") if self.notes else None,
            unsubscribed_at=clock.iso(self.unsubscribed_at) if self.unsubscribed_at else None,
            email_stopped=self.email_stopped.to_resource() if self.email_stopped else None,
            version=self.version,
            created_at=clock.iso(self.created_at),
            updated_at=clock.iso(self.updated_at),
        )
        return body


TIMING_FIELDS = ("starts_at", "timezone", "duration_minutes", "digest_lead_hours", "thank_you_delay_minutes")
