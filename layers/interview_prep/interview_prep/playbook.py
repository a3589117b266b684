"""The interview playbook: advice kept as data (`playbook.toml`), and the pure selection of what applies.

The playbook holds tips (each with an id, a section, the conditions under which it applies and its text), a bank of
questions the candidate may be asked and a bank of questions to ask, tagged by who to ask. `select_advice` turns one
interview and one instant into a `DigestAdvice`: every piece of advice the digest shows, already chosen and ordered,
so that rendering only lays it out. Nothing is read at import time; the file is parsed and validated on first use.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import string
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator, model_validator

from interview_prep.models import Format, Include, Relationship

if TYPE_CHECKING:
    from interview_prep.models import Interview, Interviewer, Salary

# --- vocabularies -----------------------------------------------------------------------------------------

Section = Literal[
    "why_this_round",
    "prepare",
    "people",
    "format",
    "questions_to_expect",
    "questions_to_ask",
    "salary",
    "logistics",
    "mindset",
    "timeline",
    "after",
]
SECTIONS: tuple[str, ...] = Section.__args__  # type: ignore[attr-defined]
Step = Literal["today", "ahead", "day_before", "on_the_day", "after"]
STEPS: tuple[str, ...] = Step.__args__  # type: ignore[attr-defined]
RELATIONSHIPS: tuple[str, ...] = Relationship.__args__  # type: ignore[attr-defined]

FULL_DAY_MINUTES = 240
FULL_DAY_INTERVIEWERS = 4
MAX_FOLLOW_UPS = 8
MAX_FOLLOW_UP_CHARS = 220
QUESTIONS_TO_EXPECT = 6
GENERAL_QUESTIONS_TO_ASK = 5

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_PLACEHOLDERS_INTERVIEW = frozenset({"company", "role"})
_PLACEHOLDERS_PERSON = _PLACEHOLDERS_INTERVIEW | {"name"}


class PlaybookError(ValueError):
    """The playbook file is malformed; the message names the tip or question at fault."""


# --- the file's shape -------------------------------------------------------------------------------------


_T = TypeVar("_T")


def _as_tuple(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


Seq = Annotated[tuple[_T, ...], BeforeValidator(_as_tuple)]
"""A TOML array, kept as an immutable tuple (strict mode refuses lists for tuples otherwise)."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Conditions(_Strict):
    """When a piece of advice applies. Every condition given must hold (absent ones always hold).

    Person conditions (`relationships`, `met_before`) test the interviewer for a person-scoped tip; anywhere else
    they hold when at least one interviewer satisfies both. Lead time is `starts_at - now` in hours: at least
    `lead_min_hours`, less than `lead_max_hours`.
    """

    round_min: int | None = Field(default=None, ge=1, le=10)
    round_max: int | None = Field(default=None, ge=1, le=10)
    formats: Seq[Format] | None = Field(default=None, min_length=1)
    includes: Seq[Include] | None = Field(default=None, min_length=1)
    includes_none: bool | None = None
    relationships: Seq[Relationship] | None = Field(default=None, min_length=1)
    met_before: bool | None = None
    min_interviewers: int | None = Field(default=None, ge=0, le=12)
    max_interviewers: int | None = Field(default=None, ge=0, le=12)
    min_duration: int | None = Field(default=None, ge=15, le=720)
    full_day: bool | None = None
    salary_given: bool | None = None
    notes_given: bool | None = None
    location_given: bool | None = None
    lead_min_hours: float | None = Field(default=None, allow_inf_nan=False)
    lead_max_hours: float | None = Field(default=None, allow_inf_nan=False)

    @model_validator(mode="after")
    def _ranges(self) -> Conditions:
        pairs = (
            ("round_min", "round_max"),
            ("min_interviewers", "max_interviewers"),
            ("lead_min_hours", "lead_max_hours"),
        )
        for low, high in pairs:
            lo, hi = getattr(self, low), getattr(self, high)
            if lo is not None and hi is not None and lo > hi:
                raise ValueError(f"{low} must not be greater than {high}")
        return self

    def matches(self, facts: Facts, person: Interviewer | None = None) -> bool:
        if self.round_min is not None and facts.round < self.round_min:
            return False
        if self.round_max is not None and facts.round > self.round_max:
            return False
        if self.formats is not None and facts.format not in self.formats:
            return False
        if self.includes is not None and not facts.includes.intersection(self.includes):
            return False
        if self.includes_none is not None and (not facts.includes) != self.includes_none:
            return False
        if self.min_interviewers is not None and facts.interviewers < self.min_interviewers:
            return False
        if self.max_interviewers is not None and facts.interviewers > self.max_interviewers:
            return False
        if self.min_duration is not None and facts.duration < self.min_duration:
            return False
        if self.full_day is not None and facts.full_day != self.full_day:
            return False
        if self.salary_given is not None and facts.salary_given != self.salary_given:
            return False
        if self.notes_given is not None and facts.notes_given != self.notes_given:
            return False
        if self.location_given is not None and facts.location_given != self.location_given:
            return False
        if self.lead_min_hours is not None and facts.lead_hours < self.lead_min_hours:
            return False
        if self.lead_max_hours is not None and facts.lead_hours >= self.lead_max_hours:
            return False
        if self.relationships is None and self.met_before is None:
            return True
        people = [(person.relationship, person.met_before)] if person is not None else facts.people
        return any(self._person_matches(rel, met) for rel, met in people)

    def _person_matches(self, relationship: str, met_before: bool) -> bool:
        return (self.relationships is None or relationship in self.relationships) and (
            self.met_before is None or met_before == self.met_before
        )


class _Advice(Conditions):
    """Conditions, optionally with alternatives: `any_of` holds when at least one of its condition sets holds."""

    any_of: Seq[Conditions] | None = Field(default=None, min_length=1)
    priority: int = Field(default=0, ge=-100, le=100)

    def applies(self, facts: Facts, person: Interviewer | None = None) -> bool:
        if not self.matches(facts, person):
            return False
        return self.any_of is None or any(c.matches(facts, person) for c in self.any_of)

    def _allowed(self, base: frozenset[str]) -> frozenset[str]:
        # {salary} is only known when a salary was given, so only advice that requires one may use it.
        return base | {"salary"} if self.salary_given else base


def _check_placeholders(text: str, allowed: frozenset[str]) -> str:
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        raise ValueError(f"has a malformed placeholder: {exc}") from None
    for name, spec, conv in fields:
        if name not in allowed or spec or conv:
            raise ValueError(f"uses placeholder {{{name}}}; allowed here: {', '.join(sorted(allowed))}")
    return text


def _known_tags(value: tuple[str, ...]) -> tuple[str, ...]:
    unknown = [t for t in value if t not in KNOWN_TAGS]
    if unknown:
        raise ValueError(f"unknown tag(s) {', '.join(unknown)}; known: {', '.join(sorted(KNOWN_TAGS))}")
    return value


class Tip(_Advice):
    id: str = Field(pattern=_ID.pattern, max_length=60)
    section: Section
    scope: Literal["interview", "person"] = "interview"
    step: Step | None = None
    text: str = Field(min_length=10, max_length=600)
    check: str | None = Field(default=None, min_length=3, max_length=120)

    @model_validator(mode="after")
    def _consistent(self) -> Tip:
        if self.scope == "person" and self.section != "people":
            raise ValueError("a person-scoped tip belongs in section 'people'")
        if (self.section == "timeline") != (self.step is not None):
            raise ValueError("a timeline tip needs a step, and only timeline tips have one")
        allowed = self._allowed(_PLACEHOLDERS_PERSON if self.scope == "person" else _PLACEHOLDERS_INTERVIEW)
        _check_placeholders(self.text, allowed)
        if self.check:
            _check_placeholders(self.check, self._allowed(_PLACEHOLDERS_INTERVIEW))
        return self


class ExpectedQuestion(_Advice):
    """A question the candidate may be asked: `tags` name facts that make it more likely (see `Facts.tags`)."""

    id: str = Field(pattern=_ID.pattern, max_length=60)
    text: str = Field(min_length=5, max_length=300)
    hint: str | None = Field(default=None, min_length=5, max_length=300)
    tags: Seq[str] = ()
    weight: int = Field(default=0, ge=-100, le=100)

    @model_validator(mode="after")
    def _placeholders(self) -> ExpectedQuestion:
        for text in (self.text, self.hint):
            if text:
                _check_placeholders(text, self._allowed(_PLACEHOLDERS_INTERVIEW))
        return self

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _known_tags(value)


class QuestionToAsk(_Advice):
    """A question to ask an interviewer: `ask` lists who it suits (empty: anyone); `prefer_met_before` favours it
    for someone already met (true) or someone new (false); `tags` (as for expected questions) favour it too."""

    id: str = Field(pattern=_ID.pattern, max_length=60)
    text: str = Field(min_length=5, max_length=300)
    ask: Seq[Relationship] = ()
    prefer_met_before: bool | None = None
    tags: Seq[str] = ()
    weight: int = Field(default=0, ge=-100, le=100)

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _known_tags(value)

    @model_validator(mode="after")
    def _placeholders(self) -> QuestionToAsk:
        _check_placeholders(self.text, self._allowed(_PLACEHOLDERS_INTERVIEW))
        return self


class SectionInfo(_Strict):
    key: Section
    title: str = Field(min_length=2, max_length=80)


class RelationshipInfo(_Strict):
    label: str = Field(min_length=2, max_length=60)
    about: str = Field(min_length=10, max_length=300)

    @field_validator("about")
    @classmethod
    def _placeholders(cls, value: str) -> str:
        return _check_placeholders(value, _PLACEHOLDERS_PERSON)


class Playbook(_Strict):
    version: int = Field(ge=1)
    sections: tuple[SectionInfo, ...]
    steps: Mapping[Step, str]
    relationships: Mapping[Relationship, RelationshipInfo]
    formats: Mapping[Format, str]
    includes: Mapping[Include, str]
    tips: tuple[Tip, ...]
    expect: tuple[ExpectedQuestion, ...]
    ask: tuple[QuestionToAsk, ...]

    @model_validator(mode="after")
    def _complete(self) -> Playbook:
        keys = [s.key for s in self.sections]
        if sorted(keys) != sorted(SECTIONS):
            raise ValueError(f"sections must list each of {', '.join(SECTIONS)} exactly once")
        for name, table, expected in (
            ("steps", self.steps, STEPS),
            ("relationships", self.relationships, RELATIONSHIPS),
            ("formats", self.formats, Format.__args__),  # type: ignore[attr-defined]
            ("includes", self.includes, Include.__args__),  # type: ignore[attr-defined]
        ):
            missing = sorted(set(expected) - set(table))
            if missing:
                raise ValueError(f"[{name}] lacks {', '.join(missing)}")
        return self


def _validate_items(raw: Any, key: str, model: type[BaseModel]) -> list[BaseModel]:
    if not isinstance(raw, list):
        raise PlaybookError(f"playbook: [[{key}]] must be an array of tables")
    items: list[BaseModel] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw, start=1):
        name = entry.get("id") if isinstance(entry, dict) else None
        label = f"{key} {name!r}" if isinstance(name, str) else f"{key} #{index} (no id)"
        try:
            item = model.model_validate(entry)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or 'value'}: {err['msg']}" for err in exc.errors()
            )
            raise PlaybookError(f"playbook {label}: {problems}") from None
        ident = item.id  # type: ignore[attr-defined]
        if ident in seen:
            raise PlaybookError(f"playbook {label}: id is used twice")
        seen.add(ident)
        items.append(item)
    return items


def parse_playbook(text: str) -> Playbook:
    """Parse and validate playbook TOML; a `PlaybookError` names the tip or question at fault."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlaybookError(f"playbook: not valid TOML: {exc}") from None
    tips = _validate_items(data.pop("tips", []), "tips", Tip)
    expect = _validate_items(data.pop("expect", []), "expect", ExpectedQuestion)
    ask = _validate_items(data.pop("ask", []), "ask", QuestionToAsk)
    seen: dict[str, str] = {}
    for key, items in (("tips", tips), ("expect", expect), ("ask", ask)):
        for item in items:
            ident = item.id  # type: ignore[attr-defined]
            if ident in seen:
                raise PlaybookError(f"playbook {key} {ident!r}: id already used in [[{seen[ident]}]]")
            seen[ident] = key
    try:
        return Playbook.model_validate({**data, "tips": tips, "expect": expect, "ask": ask}, strict=False)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in err['loc']) or 'value'}: {err['msg']}" for err in exc.errors())
        raise PlaybookError(f"playbook: {problems}") from None


@functools.cache
def load_playbook(path: Path | str | None = None) -> Playbook:
    """The playbook (the packaged `playbook.toml` by default), parsed once per process on first use."""
    if path is None:
        from importlib import resources

        text = resources.files("interview_prep").joinpath("playbook.toml").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return parse_playbook(text)


# --- facts about one interview ----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Facts:
    """What the conditions test, derived once from an interview and an instant."""

    round: int
    format: str
    includes: frozenset[str]
    people: tuple[tuple[str, bool], ...]
    interviewers: int
    duration: int
    full_day: bool
    salary_given: bool
    notes_given: bool
    location_given: bool
    lead_hours: float

    @classmethod
    def of(cls, interview: Interview, now: dt.datetime) -> Facts:
        people = tuple((p.relationship, p.met_before) for p in interview.interviewers)
        return cls(
            round=interview.round,
            format=interview.format,
            includes=frozenset(interview.includes),
            people=people,
            interviewers=len(people),
            duration=interview.duration_minutes,
            full_day=interview.duration_minutes >= FULL_DAY_MINUTES or len(people) >= FULL_DAY_INTERVIEWERS,
            salary_given=interview.salary is not None,
            notes_given=bool(interview.first_interview_notes),
            location_given=bool(interview.location),
            lead_hours=(interview.starts_at_utc - now).total_seconds() / 3600,
        )

    @property
    def tags(self) -> frozenset[str]:
        """The facts as tags, which make expected questions more relevant."""
        tags = {f"format:{self.format}", "round:first" if self.round == 1 else "round:later"}
        tags.update(f"includes:{i}" for i in self.includes)
        tags.update(f"rel:{rel}" for rel, _ in self.people)
        if any(met for _, met in self.people):
            tags.add("met_before")
        if self.interviewers >= 2:
            tags.add("panel")
        if self.full_day:
            tags.add("full_day")
        tags.add("salary:given" if self.salary_given else "salary:absent")
        if self.notes_given:
            tags.add("notes")
        return frozenset(tags)


KNOWN_TAGS = frozenset(
    {f"format:{f}" for f in Format.__args__}  # type: ignore[attr-defined]
    | {f"includes:{i}" for i in Include.__args__}  # type: ignore[attr-defined]
    | {f"rel:{r}" for r in RELATIONSHIPS}
    | {"round:first", "round:later", "met_before", "panel", "full_day", "salary:given", "salary:absent", "notes"}
)

# --- what the digest shows --------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Item:
    """One selected piece of advice: its id (for tests and metrics) and its text, placeholders filled."""

    id: str
    text: str
    hint: str | None = None


@dataclasses.dataclass(frozen=True)
class SectionAdvice:
    key: str
    title: str
    items: tuple[Item, ...]


@dataclasses.dataclass(frozen=True)
class PersonAdvice:
    """One interviewer: who they are, what they will look for, and what to ask them."""

    name: str
    title: str | None
    relationship: str
    relationship_label: str
    about: str
    met_before: bool
    look_for: tuple[Item, ...]
    questions_to_ask: tuple[Item, ...]


@dataclasses.dataclass(frozen=True)
class TimelineStep:
    key: str
    label: str
    items: tuple[Item, ...]


@dataclasses.dataclass(frozen=True)
class DigestAdvice:
    """Everything the digest says, chosen and ordered; templates only lay it out."""

    round: int
    round_label: str
    format_label: str
    includes_labels: tuple[str, ...]
    lead_hours: float
    full_day: bool
    sections: tuple[SectionAdvice, ...]
    people: tuple[PersonAdvice, ...]
    questions_to_expect: tuple[Item, ...]
    questions_to_ask: tuple[Item, ...]
    follow_ups: tuple[str, ...]
    salary_range: str | None
    timeline: tuple[TimelineStep, ...]
    checklist: tuple[str, ...]

    def section(self, key: str) -> SectionAdvice:
        return next(s for s in self.sections if s.key == key)

    @property
    def tip_ids(self) -> frozenset[str]:
        """Every tip and question selected, by id."""
        ids = {i.id for s in self.sections for i in s.items}
        ids.update(i.id for p in self.people for i in (*p.look_for, *p.questions_to_ask))
        ids.update(i.id for i in (*self.questions_to_expect, *self.questions_to_ask))
        ids.update(i.id for step in self.timeline for i in step.items)
        return frozenset(ids)

    @property
    def all_text(self) -> str:
        """All advice text, one item a line (handy for searching in tests)."""
        lines = [i.text for s in self.sections for i in s.items]
        for p in self.people:
            lines += [p.about, *(i.text for i in p.look_for), *(i.text for i in p.questions_to_ask)]
        lines += [i.text for i in (*self.questions_to_expect, *self.questions_to_ask)]
        lines += [i.text for step in self.timeline for i in step.items]
        lines += [*self.follow_ups, *self.checklist, self.salary_range or ""]
        return "\n".join(lines)


# --- selection --------------------------------------------------------------------------------------------

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_PERIODS = {"year": "per year", "month": "per month", "hour": "per hour"}
_BULLET = re.compile(r"^\s*(?:[-*•·–—>]+|\d{1,2}[.)])\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“‘(]?[A-ZÀ-ÖØ-Þ0-9])")

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def short_date(day: dt.date) -> str:
    """`Tue 14 Mar` (English, whatever the process locale)."""
    return f"{_WEEKDAYS[day.weekday()][:3]} {day.day} {_MONTHS[day.month - 1][:3]}"


def long_date(day: dt.date) -> str:
    """`Tuesday 14 March 2027`."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def round_label(number: int) -> str:
    return _ORDINALS[number - 1] if 1 <= number <= len(_ORDINALS) else f"round {number}"


def salary_range(salary: Salary) -> str:
    """The range as the digest states it: `CAD 85,000–95,000 per year` (one figure when min equals max)."""
    amounts = f"{salary.min:,}" if salary.min == salary.max else f"{salary.min:,}–{salary.max:,}"
    return f"{salary.currency} {amounts} {_PERIODS[salary.period]}"


def follow_up_points(notes: str | None) -> tuple[str, ...]:
    """The candidate's round-one notes as short points: one per line or sentence, bullets removed, bounded."""
    if not notes:
        return ()
    points: list[str] = []
    for line in notes.splitlines():
        line = _BULLET.sub("", line).strip()
        for sentence in _SENTENCE_END.split(line):
            sentence = " ".join(sentence.split()).strip()
            if len(sentence) < 3:
                continue
            if len(sentence) > MAX_FOLLOW_UP_CHARS:
                sentence = sentence[: MAX_FOLLOW_UP_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
            if sentence.casefold() not in (p.casefold() for p in points):
                points.append(sentence)
            if len(points) == MAX_FOLLOW_UPS:
                return tuple(points)
    return tuple(points)


def _fill(text: str, values: Mapping[str, str]) -> str:
    # Placeholders were checked at load (plain names only), so format_map cannot reach attributes.
    return text.format_map(values) if "{" in text else text


def _ordered(tips: Iterable[Tip]) -> list[Tip]:
    return sorted(tips, key=lambda t: -t.priority)  # stable: file order within a priority


def _select_expected(playbook: Playbook, facts: Facts, values: Mapping[str, str]) -> tuple[Item, ...]:
    tags = facts.tags
    scored = [
        (len(tags.intersection(q.tags)) * 10 + q.weight, index, q)
        for index, q in enumerate(playbook.expect)
        if q.applies(facts)
    ]
    scored.sort(key=lambda s: (-s[0], s[1]))
    chosen = sorted(scored[:QUESTIONS_TO_EXPECT], key=lambda s: s[1])  # shown in playbook order
    return tuple(Item(q.id, _fill(q.text, values), _fill(q.hint, values) if q.hint else None) for _, _, q in chosen)


def _questions_per_person(count: int) -> int:
    return 4 if count == 1 else 3 if count <= 3 else 2


def _rank_to_ask(playbook: Playbook, facts: Facts, person: Interviewer | None, used: set[str]) -> list[QuestionToAsk]:
    tags = facts.tags

    def score(item: tuple[int, QuestionToAsk]) -> tuple[int, int]:
        index, q = item
        value = q.weight + 15 * len(tags.intersection(q.tags))
        if person is not None:
            if person.relationship in q.ask:
                value += 100
            elif not q.ask:
                value += 50
            if q.prefer_met_before is not None:
                value += 20 if q.prefer_met_before == person.met_before else -20
        elif not q.ask:
            value += 100
        return (-value, index)

    candidates = [(i, q) for i, q in enumerate(playbook.ask) if q.id not in used and q.applies(facts, person)]
    return [q for _, q in sorted(candidates, key=score)]


def _person(
    playbook: Playbook, facts: Facts, person: Interviewer, count: int, used: set[str], values: Mapping[str, str]
) -> PersonAdvice:
    personal = {**values, "name": person.name}
    look_for = tuple(
        Item(t.id, _fill(t.text, personal))
        for t in _ordered(playbook.tips)
        if t.scope == "person" and t.applies(facts, person)
    )
    wanted = _questions_per_person(count)
    picked = _rank_to_ask(playbook, facts, person, used)[:wanted]
    used.update(q.id for q in picked)
    info = playbook.relationships[person.relationship]
    return PersonAdvice(
        name=person.name,
        title=person.title,
        relationship=person.relationship,
        relationship_label=info.label,
        about=_fill(info.about, personal),
        met_before=person.met_before,
        look_for=look_for,
        questions_to_ask=tuple(Item(q.id, _fill(q.text, personal)) for q in picked),
    )


def _timeline(
    playbook: Playbook, interview: Interview, facts: Facts, now: dt.datetime, values: Mapping[str, str]
) -> tuple[TimelineStep, ...]:
    today = now.astimezone(interview.zone).date()
    day = interview.starts_at_local.date()
    started = facts.lead_hours <= 0
    tips: dict[str, list[Item]] = {s: [] for s in STEPS}
    for tip in _ordered(playbook.tips):
        if tip.section == "timeline" and tip.step is not None and tip.applies(facts):
            tips[tip.step].append(Item(tip.id, _fill(tip.text, values)))
    labels: dict[str, str] = {str(key): label for key, label in playbook.steps.items()}
    eve = day - dt.timedelta(days=1)
    if started:  # nothing before the interview fits any more
        tips["today"], tips["ahead"], tips["day_before"], tips["on_the_day"] = [], [], [], []
    if eve < today:
        tips["day_before"] = []
    elif eve == today:  # today is the day before: one step
        tips["today"] += tips["day_before"]
        tips["day_before"] = []
        labels["today"] = f"{labels['today']} — {labels['day_before'].lower()}"
    if day == today:
        labels["today"] = labels["today"] if started else f"{labels['today']}, before the interview"
        labels["on_the_day"] = f"{labels['on_the_day']} (today)"
    dates = {"today": today, "day_before": eve, "on_the_day": day}
    steps = []
    for key in STEPS:
        if not tips[key]:
            continue
        label = labels[key]
        if key in dates and day != today:
            label = f"{label}, {short_date(dates[key])}"
        steps.append(TimelineStep(key, label, tuple(tips[key])))
    return tuple(steps)


def select_advice(interview: Interview, now: dt.datetime, *, playbook: Playbook | None = None) -> DigestAdvice:
    """Choose the advice for `interview` as of `now` (aware). Pure: the same inputs give the same advice."""
    if now.tzinfo is None:
        raise ValueError("select_advice needs a timezone-aware now")
    book = playbook or load_playbook()
    facts = Facts.of(interview, now)
    salary = salary_range(interview.salary) if interview.salary else None
    values = {"company": interview.company.name, "role": interview.role, "salary": salary or ""}

    by_section: dict[str, list[Tip]] = {key: [] for key in SECTIONS}
    for tip in _ordered(book.tips):
        if tip.scope == "interview" and tip.section != "timeline" and tip.applies(facts):
            by_section[tip.section].append(tip)
    # Every section, in the playbook's order (some only carry the lists below, e.g. people or timeline).
    sections = tuple(
        SectionAdvice(s.key, s.title, tuple(Item(t.id, _fill(t.text, values)) for t in by_section[s.key]))
        for s in book.sections
    )

    used: set[str] = set()
    people = tuple(
        _person(book, facts, person, len(interview.interviewers), used, values) for person in interview.interviewers
    )
    general_ask: tuple[Item, ...] = ()
    if not people:
        general_ask = tuple(
            Item(q.id, _fill(q.text, values)) for q in _rank_to_ask(book, facts, None, used)[:GENERAL_QUESTIONS_TO_ASK]
        )

    timeline = _timeline(book, interview, facts, now, values)
    order = {s.key: index for index, s in enumerate(book.sections)}
    checklist: list[str] = []
    for tip in sorted(_ordered(book.tips), key=lambda t: order[t.section]):
        if not tip.check or tip.section == "timeline":
            continue
        if (
            tip.applies(facts)
            if tip.scope == "interview"
            else any(tip.applies(facts, p) for p in interview.interviewers)
        ):
            line = _fill(tip.check, values)
            if line not in checklist:
                checklist.append(line)

    return DigestAdvice(
        round=interview.round,
        round_label=round_label(interview.round),
        format_label=book.formats[interview.format],
        includes_labels=tuple(book.includes[i] for i in interview.includes),
        lead_hours=facts.lead_hours,
        full_day=facts.full_day,
        sections=sections,
        people=people,
        questions_to_expect=_select_expected(book, facts, values),
        questions_to_ask=general_ask,
        follow_ups=follow_up_points(interview.first_interview_notes),
        salary_range=salary,
        timeline=timeline,
        checklist=tuple(checklist),
    )
