"""The facts about one interview that advice may depend on, derived in one pure function.

`derive_facts(interview, now)` is the only place that reads an interview to decide what is true about it: the
round in words, final round, internal candidate, the setting, who is there and how (one-to-one, several at once or
one after another), executives, who was met before and their relationship, which logistics are known, hours until
the start, exercises, salary and notes. Every tip of the playbook names the facts it requires and excludes from
`FACTS`; the playbook's loader refuses any other name, so a tip can never test something that is not derived here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlsplit

from interview_prep.domain.language import capitalise
from interview_prep.domain.models import Format, Include, Relationship
from interview_prep.domain.posts import names_a_group, names_a_role, names_pupils, says_not_yet, unnamed

if TYPE_CHECKING:
    from interview_prep.domain.models import Interview, Interviewer

RELATIONSHIPS: tuple[str, ...] = Relationship.__args__  # type: ignore[attr-defined]
FORMATS: tuple[str, ...] = Format.__args__  # type: ignore[attr-defined]
INCLUDES: tuple[str, ...] = Include.__args__  # type: ignore[attr-defined]

EVENING_HOUR = 17
COFFEE_MINUTES = 30  # a "meal" this short, outside lunch and dinner hours, is a coffee
LONG_MINUTES = 240  # a half day or more: stamina, breaks, the schedule of the day
SHORT_MINUTES = 45
MANY_PEOPLE = 4
SHORT_NOTICE_HOURS = 20  # less than this before the start: the short digest, with what is left today only
DAYS_AHEAD_HOURS = 72


_URL = re.compile(r"^https?://\S+$", re.I)
# Notes marked as a weak point: `Concern:` in English, `Point faible :` (or `Inquiétude :`, `Préoccupation :`) in
# French, whatever the interview's language (a person may write notes in either), at the start of a line or of a
# sentence within it ("Wants to scale the team. Concern: I have not managed managers."): what follows, to the end
# of that line, is the concern.
CONCERN_MARK = re.compile(
    r"^\s*(?:[-*•]\s*)?(?:concerns?|points?\s+(?:faibles?|fragiles?)|inqui[ée]tudes?|pr[ée]occupations?)\s*:\s*", re.I
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“‘(]?[A-ZÀ-ÖØ-Þ0-9])")
_BULLET = re.compile(r"^\s*(?:[-*•·–—>]+|\d{1,2}[.)])\s*")


def note_sentences(notes: str) -> Iterator[tuple[str, bool]]:
    """The sentences of the candidate's notes, bullets and marks removed, each with whether it is marked as a concern
    (from the mark to the end of its line). The one reading of notes: the facts and the digest's points agree."""
    for line in notes.splitlines():
        marked = False
        for sentence in _SENTENCE_END.split(_BULLET.sub("", line).strip()):
            if CONCERN_MARK.match(sentence):
                marked, sentence = True, CONCERN_MARK.sub("", sentence)
                sentence = capitalise(sentence)  # "Concern: they doubted…" → "They doubted…"
            sentence = " ".join(sentence.split())
            if len(sentence) >= 3:
                yield sentence, marked


# Every fact a tip may name, with what it means. Person facts hold for one interviewer (person-scoped tips only).
FACTS: dict[str, str] = {
    "round:first": "this is the first interview for the job",
    "round:second": "this is the second interview",
    "round:later": "this is the second interview or a later one",
    "round:third_plus": "this is the third interview or a later one",
    "final": "this is the final round (final_round)",
    "internal": "the candidate already works for the company (internal_candidate)",
    "company:undisclosed": 'the employer is not named yet ("Confidential client", « Client confidentiel »)',
    "setting:in_person": "in person at their premises",
    "setting:video": "a video call",
    "setting:phone": "a phone call",
    "setting:meal": "over a meal",
    "remote": "a video or phone call",
    "on_site": "face to face: in person or over a meal",
    "people:none": "nobody is named yet",
    "people:one": "exactly one interviewer is named",
    "people:several": "two or more interviewers are named",
    "shape:one_to_one": "one named interviewer",
    "shape:panel": "several named interviewers at once (a panel, a shared meal or a group call)",
    "shape:sequence": "several named interviewers one after another over a long day (not at a meal)",
    "many_people": f"{MANY_PEOPLE} or more named interviewers",
    "long": f"{LONG_MINUTES} minutes or more",
    "short": f"{SHORT_MINUTES} minutes or less",
    "exec:one": "exactly one executive",
    "exec:several": "two or more executives",
    "exec:any": "at least one executive",
    **{f"rel:{r}": f"at least one interviewer is {r}" for r in RELATIONSHIPS},
    "met:any": "at least one interviewer was met before (in an earlier round, or before a first interview)",
    "met:none": "interviewers are named and none was met before",
    "new:any": "at least one named interviewer was not met before",
    **{f"met:{r}": f"an interviewer met before is {r}" for r in RELATIONSHIPS},
    "known:people": "the interviewers are named",
    "people:unnamed": 'at least one interviewer is listed but not named yet ("TBC", « À confirmer »)',
    "known:location": "a location is given",
    "known:address": "a street address is given for a meeting in person or a meal",
    "known:link": "a meeting link is given for a video call",
    "known:number": "a number or call arrangement is given for a phone call",
    "missing:any": "the people or the place are not known yet",
    "lead:started": "the interview has started",
    "lead:short": f"less than {SHORT_NOTICE_HOURS} hours before the start (short notice)",
    "lead:ahead": f"{SHORT_NOTICE_HOURS} hours or more before the start",
    "lead:days": f"{DAYS_AHEAD_HOURS} hours or more before the start",
    "lead:eve": "there is still an evening before the interview day (it is not today)",
    "lead:today": "the interview is today, in its own time zone",
    "time:evening": f"it starts at {EVENING_HOUR}:00 or later, local time (a dinner rather than a coffee or a lunch)",
    "meal:coffee": f"over a meal of {COFFEE_MINUTES} minutes or less outside lunch and dinner hours (a coffee)",
    **{f"exercise:{i}": f"the interview includes {i.replace('_', '-')}" for i in INCLUDES},
    "exercise:any": "the interview includes at least one exercise",
    "live:none": "no one is live on the other side: recorded answers or an online test taken alone",
    "employer:school": 'the employer is a school whose pupils are children (a "Student panel" there is its pupils)',
    "salary:given": "a salary range was given",
    "salary:fixed": "the salary given is one figure, not a range",
    "notes:given": "the candidate gave notes from earlier interviews",
    "notes:concerns": "the candidate marked some of those notes as concerns",
    "role:leads": "the role's title suggests managing people (head, lead, director, manager…; not a product, account "
    'or case manager, nor a "Principal Engineer")',
    "role:remote": 'the role\'s title says it is remote or hybrid ("(Remote)", ", hybrid", télétravail…)',
    "role:entry": "the role's title says it is a first job (apprentice, intern, trainee, graduate, junior…)",
    "role:trainee": "a first job whose pay is usually the same for all who join (apprentice, intern, trainee, graduate, "
    "a doctor's residency)",
    "role:scale": 'the role is paid on a published scale: its title names it ("Band 5", "(Grade 7)", "GS-12", « catégorie '
    "A »), or the employer pays every role on one (an NHS trust, a French public hospital, a Québec CISSS)",
    "role:contract": "the role's title says it is a contractor's or a freelance job, paid a rate rather than a salary "
    '("Contract DevOps Engineer", "(6 month contract)", "Outside IR35", « Freelance »)',
    "role:temporary": "the role's title says the job ends after a set time: an internship, a temporary, seasonal or "
    'fixed-term job, a contractor\'s ("Summer Intern", "Maternity Cover (12 months)", « CDD », "Contract …")',
    "role:unpaid": "the role's title says it is given time, not paid, and no pay is given: a volunteer's, a charity's "
    'trustee, a school\'s governor, a Special Constable ("Volunteer Befriender", « Bénévole »; not "Volunteer '
    'Coordinator")',
    "role:board": "the role's title is a seat on a board, which oversees the organisation rather than works in it: a "
    'trustee, a school\'s governor, a non-executive director ("Trustee (Treasurer)", "Parent Governor", "NED")',
    "role:sales": 'the role\'s title names a sales job, whose pay often has a commission part ("Account Executive", '
    '"Sales Manager", « Ingénieur commercial »)',
}
PERSON_FACTS: dict[str, str] = {
    **{f"person:{r}": f"this interviewer is {r}" for r in RELATIONSHIPS},
    "person:met": "this interviewer was met before (in an earlier round, or before a first interview)",
    "person:new": "this interviewer was not met before",
    "person:group": 'this "interviewer" is a group, entered under one name ("Student panel", « Jury »)',
    "person:pupils": 'this "interviewer" is a group of a school\'s pupils ("Pupil panel", "School council", « Jury '
    "d’élèves »): children, given only the advice and questions written for them",
    "person:one_name": 'this interviewer was entered by one name alone ("Carlos"): nothing to look them up by',
    "person:post": 'this interviewer was entered by a post, not a name ("Hiring Manager", « Chargée de recrutement »): '
    "nothing to look them up by",
}


class Facts(NamedTuple):
    """What is true about one interview at one instant: the named facts, and the values wording needs."""

    holds: frozenset[str]
    round: int
    final: bool
    internal: bool
    setting: str
    people: int
    executives: int
    lead_hours: float
    missing: tuple[str, ...]  # keys of `Playbook.missing`, in order: what to ask the contact for
    earlier_met: tuple[tuple[str, str], ...]  # (name, relationship) of those met before

    def __contains__(self, name: object) -> bool:
        return name in self.holds

    @property
    def short_notice(self) -> bool:
        return "lead:short" in self.holds


def person_facts(person: Interviewer, *, school: bool = False) -> frozenset[str]:
    """The facts of one person; at a `school` (`employer:school`), a "Student panel" is its pupils."""
    facts = {f"person:{person.relationship}", "person:met" if person.met_before else "person:new"}
    if names_a_group(person.name):  # no one looks a panel up
        facts.add("person:group")
        if names_pupils(person.name, school=school):
            facts.add("person:pupils")
    elif names_a_role(person.name):  # nor a post
        facts.add("person:post")
    if len(person.name.split()) == 1:
        facts.add("person:one_name")
    return frozenset(facts)


def is_link(location: str | None) -> bool:
    return bool(location) and bool(_URL.match(location or ""))


def is_map_link(location: str | None) -> bool:
    """A link to a place on a map (Google Maps, Apple Maps, Bing Maps, OpenStreetMap): as good as an address for
    a meeting in person."""
    if not is_link(location):
        return False
    parts = urlsplit(str(location))
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path.casefold()
    return (
        host.startswith("maps.")  # maps.google.com, maps.app.goo.gl, maps.apple.com
        or host in ("openstreetmap.org", "osm.org")
        or (host == "goo.gl" and path.startswith("/maps"))
        or (host.startswith("google.") and path.startswith("/maps"))
        or (host == "bing.com" and path.startswith("/maps"))
    )


def stated_location(location: str | None) -> str | None:
    """The location as given, or None when it only says the place is not known yet (`TBD`, `à confirmer`)."""
    if location is None:
        return None
    return None if says_not_yet(location) else location


def meal_name(start: dt.datetime, minutes: int) -> str:
    """What a meal starting at `start` (local) and lasting `minutes` is: `lunch`, `dinner`, `breakfast`, `the coffee`
    (half an hour or less outside lunch and dinner hours: a coffee, not a breakfast), or `the meal`."""
    if 11 <= start.hour < 15:
        return "lunch"
    if EVENING_HOUR <= start.hour < 23:
        return "dinner"
    if minutes <= COFFEE_MINUTES:
        return "the coffee"
    if 6 <= start.hour < 10:
        return "breakfast"
    return "the meal"


def derive_facts(interview: Interview, now: dt.datetime) -> Facts:
    """Every fact about `interview` as of `now` (aware). Pure: the same inputs always give the same facts."""
    if now.tzinfo is None:
        raise ValueError("derive_facts needs a timezone-aware now")
    holds: set[str] = set()
    rnd = interview.round
    holds.add("round:first" if rnd == 1 else "round:later")
    if rnd == 2:
        holds.add("round:second")
    if rnd >= 3:
        holds.add("round:third_plus")
    if interview.final_round:
        holds.add("final")
    if interview.internal_candidate:
        holds.add("internal")

    setting = interview.format
    holds.add(f"setting:{setting}")
    holds.add("remote" if setting in ("video", "phone") else "on_site")

    people = interview.interviewers
    count = len(people)
    long = interview.duration_minutes >= LONG_MINUTES
    if long:
        holds.add("long")
    if interview.duration_minutes <= SHORT_MINUTES:
        holds.add("short")
    if count == 0:
        holds.add("people:none")
    else:
        holds.add("known:people")
        holds.add("people:one" if count == 1 else "people:several")
        if count == 1:
            holds.add("shape:one_to_one")
        elif long and setting != "meal":  # a long meal is still one table
            holds.add("shape:sequence")
        else:
            holds.add("shape:panel")
    if count >= MANY_PEOPLE:
        holds.add("many_people")
    executives = sum(p.relationship == "executive" for p in people)
    if executives:
        holds.add("exec:any")
        holds.add("exec:one" if executives == 1 else "exec:several")
    holds.update(f"rel:{p.relationship}" for p in people)
    met = [p for p in people if p.met_before]
    holds.update(f"met:{p.relationship}" for p in met)
    if met:
        holds.add("met:any")
    elif people:
        holds.add("met:none")
    if any(not p.met_before for p in people):
        holds.add("new:any")

    location = stated_location(interview.location)
    missing: list[str] = []
    if count == 0 and not interview.no_one_live:  # recorded answers, an online test: no one to meet
        missing.append("people")
    elif any(unnamed(p.name) for p in people):  # "TBC": the emails say their post, and ask for the name
        holds.add("people:unnamed")
        missing.append("names")
    if location:
        holds.add("known:location")
        link = is_link(location)
        if setting in ("in_person", "meal") and (not link or is_map_link(location)):
            holds.add("known:address")
        elif setting == "video" and link:
            holds.add("known:link")
        elif setting == "phone":
            holds.add("known:number")
    if setting in ("in_person", "meal") and "known:address" not in holds:
        # A meeting link for a meeting in person: the contact is asked which it is, not only for an address.
        missing.append("where" if location and is_link(location) else "address")
    elif setting == "video" and "known:link" not in holds:
        missing.append("link")
    elif setting == "phone" and not location:
        missing.append("number")
    if missing:
        holds.add("missing:any")

    lead = (interview.starts_at_utc - now).total_seconds() / 3600
    if lead <= 0:
        holds.add("lead:started")
    elif lead < SHORT_NOTICE_HOURS:
        holds.add("lead:short")
    else:
        holds.add("lead:ahead")
    if lead >= DAYS_AHEAD_HOURS:
        holds.add("lead:days")
    today = now.astimezone(interview.zone).date()
    day = interview.starts_at_local.date()
    if day > today:
        holds.add("lead:eve")
    elif day == today:
        holds.add("lead:today")
    if interview.starts_at_local.hour >= EVENING_HOUR:
        holds.add("time:evening")
    if setting == "meal" and meal_name(interview.starts_at_local, interview.duration_minutes) == "the coffee":
        holds.add("meal:coffee")

    holds.update(f"exercise:{i}" for i in interview.includes)
    if interview.no_one_live:
        holds.add("live:none")
    if interview.at_school:
        holds.add("employer:school")
    if interview.includes:
        holds.add("exercise:any")
    if interview.salary is not None:
        holds.add("salary:given")
        if interview.salary.min == interview.salary.max:
            holds.add("salary:fixed")
    notes = interview.first_interview_notes
    if notes:
        holds.add("notes:given")
        if any(marked for _, marked in note_sentences(notes)):
            holds.add("notes:concerns")
    from interview_prep.domain.employer import undisclosed
    from interview_prep.domain.titles import employer_facts, title_facts  # here: the notices and the thank-you,
    # which import this module for a place or a meal, never read a title

    holds.update(title_facts(interview.role))
    holds.update(employer_facts(interview.company.name))
    if undisclosed(interview.company.name):
        holds.add("company:undisclosed")
    if "role:contract" in holds:  # a freelancer at an NHS trust quotes a rate: the employer's scale is not theirs
        holds.discard("role:scale")
    if "salary:given" in holds:  # a title that says "volunteer" with pay given is paid
        holds.discard("role:unpaid")
    elif "role:unpaid" in holds:  # a Special Constable is not paid on the police's scale
        holds.discard("role:scale")

    unknown = holds - FACTS.keys()
    if unknown:  # a derivation above and the vocabulary disagree: a programming error, caught by every test
        raise AssertionError(f"facts not in FACTS: {sorted(unknown)}")
    return Facts(
        holds=frozenset(holds),
        round=rnd,
        final=interview.final_round,
        internal=interview.internal_candidate,
        setting=setting,
        people=count,
        executives=executives,
        lead_hours=lead,
        missing=tuple(missing),
        earlier_met=tuple((p.name, p.relationship) for p in met),
    )
