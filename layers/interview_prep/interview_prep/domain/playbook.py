"""The interview playbook: advice kept as data (`playbook.toml`), and the pure selection of what applies.

The playbook holds tips (each with an id, an idea key, a section, the facts it requires and excludes, a priority and
its text), a bank of questions the candidate may be asked and a bank of questions to ask, tagged by who to ask.
`select_advice` derives the interview's facts (`facts.derive_facts`) and turns them into a `DigestAdvice`: every
piece of advice that fits, scored for this interview, at most one per idea, the three that matter most first. That is
the full prep guide; `DigestAdvice.keeping` trims it to what fits in an email. Nothing is read at import time; the
file is parsed and validated on first use.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import re
import string
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple, TypeVar

from pydantic import ConfigDict, Field, ValidationError, model_validator

from interview_prep.domain import i18n, language, posts
from interview_prep.domain.facts import (
    FACTS,
    INCLUDES,
    PERSON_FACTS,
    RELATIONSHIPS,
    Facts,
    derive_facts,
    meal_name,
    note_sentences,
    person_facts,
)
from interview_prep.domain.i18n import Locale
from interview_prep.domain.models import Format, Include, Interview, Interviewer, Relationship, Salary
from interview_prep.domain.names import as_said

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
    "final",
    "timeline",
    "after",
]
SECTIONS: tuple[str, ...] = Section.__args__  # type: ignore[attr-defined]
Step = Literal["today", "ahead", "day_before", "on_the_day", "after"]
STEPS: tuple[str, ...] = Step.__args__  # type: ignore[attr-defined]
Missing = Literal["people", "names", "address", "where", "link", "number"]

TOP_COUNT = 3
MAX_NOTE_POINTS = 8
MAX_NOTE_CHARS = 220
QUESTIONS_TO_EXPECT = 6
GENERAL_QUESTIONS_TO_ASK = 5
BRIEF_MINUTES = 20  # a call this short leaves time for a question or two of the candidate's
CHECK_SCORE_OFFSET = 1000  # a checklist line stands in for a tip left out: considered after every full item

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_PLACEHOLDERS = frozenset({"company", "company_s", "role", "round", "earlier", "earlier_cap"})
# A person tip names them as a sentence does ({name}: "Ms Hartley", `language.addressed`), or whole where the whole
# name is the point ({full_name}: "Look Ms Fiona Hartley up"); {names} and {full_names} in `plural`.
_PERSON = frozenset({"name", "full_name"})
_PEOPLE = frozenset({"names", "full_names"})
_WITH_FACT = {"salary": "salary:given", "missing": "missing:any"}  # placeholders known only when a fact holds


# Every tip, question and label is written in each language: English in `text` (`plural`, `check`, `hint`), French
# beside it in `fr` (`plural_fr`, `check_fr`, `hint_fr`), and Québec French in `fr_ca` (…) where the European
# wording uses a word Québec says differently. French has no possessive placeholder ({company_s}); it has
# {de_company} (« d’Acme », « de Kestrel »: French elides « de » before a vowel).
_EUROPE_ONLY = re.compile(r"\b(?:entretiens?|e-mails?|mails?)\b", re.IGNORECASE)
_QUEBEC_ONLY = re.compile(r"\b(?:entrevues?|courriels?)\b", re.IGNORECASE)
_ENGLISH_ONLY = frozenset({"company_s"})  # a possessive
_FRENCH_ONLY = frozenset({"de_company"})  # « d’Acme », « de Kestrel »


def _french_name(name: str, quebec: bool = False) -> str:
    """Where the French of an English field lives: `text` → `fr`, `plural` → `plural_fr` (`…_ca` for Québec)."""
    base = "fr" if name == "text" else f"{name}_fr"
    return f"{base}_ca" if quebec else base


def _check_regional(label: str, europe: str | None, quebec: str | None) -> None:
    """European French must not say « entrevue »/« courriel », Québec French not « entretien »/« e-mail »; a
    European text that uses one of its own words needs its Québec version."""
    if europe and _QUEBEC_ONLY.search(europe):
        raise ValueError(f"{label}: Québec wording ({_QUEBEC_ONLY.search(europe).group(0)}) in the European text")  # type: ignore[union-attr]
    if quebec and _EUROPE_ONLY.search(quebec):
        raise ValueError(f"{label}: European wording ({_EUROPE_ONLY.search(quebec).group(0)}) in the Québec text")  # type: ignore[union-attr]
    if europe and quebec is None and _EUROPE_ONLY.search(europe):
        word = _EUROPE_ONLY.search(europe).group(0)  # type: ignore[union-attr]
        raise ValueError(f"{label}: says « {word} », so it needs its Québec French version ({label}_ca)")


# The playbook's shape: dataclasses that pydantic validates and creates (`parse_playbook`, at build time), and that a
# function loads from the build's pickle. Defining them generates no code: no `__init__` (pydantic and pickle fill
# an instance's fields), no `__repr__` or `__eq__`; `_Frozen` keeps them read-only. (Pydantic models cost ~60 M
# instructions of the deliver function's cold start; dataclasses with their generated methods ~100 M.) Their
# annotations are strings (`from __future__ import annotations`): only a validation evaluates them.


class _Frozen:
    """Read-only instances: the playbook is loaded once per process and shared."""

    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


@dataclasses.dataclass(init=False, repr=False, eq=False, kw_only=True)
class _Translated(_Frozen):
    """A playbook entry written in each language: `said(field, locale)` is its text for a reader."""

    def said(self, name: str, locale: Locale) -> str | None:
        if not locale.french:
            return getattr(self, name)  # type: ignore[no-any-return]
        if locale.quebec:
            quebec = getattr(self, _french_name(name, quebec=True))
            if quebec is not None:
                return quebec  # type: ignore[no-any-return]
        return getattr(self, _french_name(name))  # type: ignore[no-any-return]

    def _check_french(self, allowed: Mapping[str, frozenset[str]]) -> None:
        """Each English field present has its French (and only then); placeholders are the English ones'."""
        for name, names in allowed.items():
            english = getattr(self, name)
            europe = getattr(self, _french_name(name))
            quebec = getattr(self, _french_name(name, quebec=True))
            label = _french_name(name)
            if english is not None and europe is None:
                raise ValueError(f"has no French `{label}` for its `{name}` (every entry is written in each language)")
            if english is None and (europe is not None or quebec is not None):
                raise ValueError(f"has `{label}` but no English `{name}`")
            _check_regional(label, europe, quebec)
            for text in (europe, quebec):
                if text is not None:
                    _check_placeholders(text, (names - _ENGLISH_ONLY) | _FRENCH_ONLY)


class PlaybookError(ValueError):
    """The playbook file is malformed; the message names the tip or question at fault."""


# --- the file's shape -------------------------------------------------------------------------------------

_T = TypeVar("_T")


Seq = tuple[_T, ...]
"""A TOML array, kept as an immutable tuple."""


@dataclasses.dataclass(init=False, repr=False, eq=False, kw_only=True)
class _Strict(_Frozen):
    # Strict: a TOML string is never taken for a number or a flag. (The data is validated as JSON: in strict mode
    # pydantic takes a dataclass from a JSON object, and a tuple from an array.)
    __pydantic_config__ = ConfigDict(extra="forbid", strict=True)


def _known_facts(names: Iterable[str], *, person: bool) -> None:
    known = FACTS.keys() | (PERSON_FACTS.keys() if person else set())
    unknown = sorted(set(names) - known)
    if unknown:
        hint = "" if person else " (person:… facts only in person-scoped tips)"
        raise ValueError(f"unknown fact(s) {', '.join(unknown)}{hint}; see facts.FACTS")


@dataclasses.dataclass(init=False, repr=False, eq=False, kw_only=True)
class Condition(_Strict):
    """When advice applies, over the named facts: every `requires` holds, no `excludes` holds, and at least one of
    `any_of` holds (when given)."""

    requires: Seq[str] = ()
    excludes: Seq[str] = ()
    any_of: Seq[str] = ()

    def applies(self, holds: frozenset[str]) -> bool:
        return (
            all(f in holds for f in self.requires)
            and not any(f in holds for f in self.excludes)
            and (not self.any_of or any(f in holds for f in self.any_of))
        )

    @property
    def named_facts(self) -> set[str]:
        return {*self.requires, *self.excludes, *self.any_of}

    def _allowed(self, base: frozenset[str]) -> frozenset[str]:
        extra = {name for name, fact in _WITH_FACT.items() if fact in self.requires}
        return base | extra


def _check_placeholders(text: str, allowed: frozenset[str]) -> str:
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        raise ValueError(f"has a malformed placeholder: {exc}") from None
    for name, spec, conv in fields:
        if name not in allowed or spec or conv:
            raise ValueError(f"uses placeholder {{{name}}}; allowed here: {', '.join(sorted(allowed))}")
    return text


@dataclasses.dataclass(init=False, repr=False, eq=False, kw_only=True)
class Tip(Condition, _Translated):
    """One piece of advice. `idea` groups tips that say the same thing (at most one per idea is shown); `priority`
    plus the `boost` of each fact that holds is its score for one interview. A person-scoped tip is said once for
    everyone it applies to: `text` names one person ({name}), `plural` several ({names})."""

    id: Annotated[str, Field(pattern=_ID.pattern, max_length=60)]
    idea: Annotated[str, Field(pattern=_ID.pattern, max_length=60)] | None = None
    section: Section
    scope: Literal["interview", "person"] = "interview"
    step: Step | None = None
    priority: Annotated[int, Field(ge=-100, le=100)] = 0
    boost: Mapping[str, int] = dataclasses.field(default_factory=dict)
    text: Annotated[str, Field(min_length=10, max_length=600)]
    plural: Annotated[str, Field(min_length=10, max_length=600)] | None = None
    check: Annotated[str, Field(min_length=3, max_length=120)] | None = None
    fr: Annotated[str, Field(min_length=10, max_length=700)] | None = None  # required: see _check_french
    fr_ca: Annotated[str, Field(min_length=10, max_length=700)] | None = None
    plural_fr: Annotated[str, Field(min_length=10, max_length=700)] | None = None
    plural_fr_ca: Annotated[str, Field(min_length=10, max_length=700)] | None = None
    check_fr: Annotated[str, Field(min_length=3, max_length=140)] | None = None
    check_fr_ca: Annotated[str, Field(min_length=3, max_length=140)] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Tip:
        person = self.scope == "person"
        _known_facts(self.named_facts | set(self.boost), person=person)
        if person and self.section != "people":
            raise ValueError("a person-scoped tip belongs in section 'people'")
        if person and self.plural is None:
            raise ValueError("a person-scoped tip needs `plural`, said of several people at once ({names})")
        if not person and self.plural is not None:
            raise ValueError("only person-scoped tips have `plural`")
        if (self.section == "timeline") != (self.step is not None):
            raise ValueError("a timeline tip needs a step, and only timeline tips have one")
        base = self._allowed(_PLACEHOLDERS)
        one = base | (_PERSON if person else set())
        _check_placeholders(self.text, one)
        if self.plural:
            _check_placeholders(self.plural, base | _PEOPLE)
        if self.check:
            _check_placeholders(self.check, base)
        self._check_french({"text": one, "plural": base | _PEOPLE, "check": base})
        return self

    @property
    def key(self) -> str:
        return self.idea or self.id

    def score(self, holds: frozenset[str]) -> int:
        return self.priority + sum(by for fact, by in self.boost.items() if fact in holds)


@dataclasses.dataclass(init=False, repr=False, eq=False, kw_only=True)
class _Question(Condition, _Translated):
    id: Annotated[str, Field(pattern=_ID.pattern, max_length=60)]
    idea: Annotated[str, Field(pattern=_ID.pattern, max_length=60)] | None = None
    text: Annotated[str, Field(min_length=5, max_length=300)]
    fr: Annotated[str, Field(min_length=5, max_length=360)] | None = None  # required: see _check_french
    fr_ca: Annotated[str, Field(min_length=5, max_length=360)] | None = None
    tags: Seq[str] = ()
    weight: Annotated[int, Field(ge=-100, le=100)] = 0

    @property
    def key(self) -> str:
        return self.idea or self.id


@dataclasses.dataclass(init=False, repr=False, eq=False, kw_only=True)
class ExpectedQuestion(_Question):
    """A question the candidate may be asked: `tags` name facts that make it more likely."""

    hint: Annotated[str, Field(min_length=5, max_length=300)] | None = None
    hint_fr: Annotated[str, Field(min_length=5, max_length=360)] | None = None
    hint_fr_ca: Annotated[str, Field(min_length=5, max_length=360)] | None = None

    @model_validator(mode="after")
    def _valid(self) -> ExpectedQuestion:
        _known_facts(self.named_facts | set(self.tags), person=False)
        for text in (self.text, self.hint):
            if text:
                _check_placeholders(text, self._allowed(_PLACEHOLDERS))
        allowed = self._allowed(_PLACEHOLDERS)
        self._check_french({"text": allowed, "hint": allowed})
        return self


@dataclasses.dataclass(init=False, repr=False, eq=False, kw_only=True)
class QuestionToAsk(_Question):
    """A question to ask an interviewer: `ask` lists who it suits (empty: anyone); `prefer_met_before` favours it
    for someone already met (true) or someone new (false); `tags` (facts) favour it too. Its conditions may name the
    person's own facts (`requires = ["person:met"]` for a question about an earlier conversation); questions that
    share an `idea` are asked once in an email, of one person."""

    ask: Seq[Relationship] = ()
    prefer_met_before: bool | None = None

    @model_validator(mode="after")
    def _valid(self) -> QuestionToAsk:
        # A question is asked of one person: its conditions may name that person's facts (`person:met`…); its tags,
        # which weigh it for the interview, may not.
        _known_facts(self.named_facts, person=True)
        _known_facts(set(self.tags), person=False)
        _check_placeholders(self.text, self._allowed(_PLACEHOLDERS))
        self._check_french({"text": self._allowed(_PLACEHOLDERS)})
        return self


@dataclasses.dataclass(init=False, repr=False, eq=False, kw_only=True)
class SectionInfo(_Strict):
    key: Section
    title: Annotated[str, Field(min_length=2, max_length=80)]
    fr: Annotated[str, Field(min_length=2, max_length=90)] | None = None
    fr_ca: Annotated[str, Field(min_length=2, max_length=90)] | None = None
    # The title for a phone call, where no one is met (`phone`, `phone_fr`: both or neither).
    phone: Annotated[str, Field(min_length=2, max_length=80)] | None = None
    phone_fr: Annotated[str, Field(min_length=2, max_length=90)] | None = None

    @model_validator(mode="after")
    def _regional(self) -> SectionInfo:
        if self.fr is None:
            raise ValueError(f"section {self.key} has no French title `fr` (every title is written in each language)")
        _check_regional(f"section {self.key} fr", self.fr, self.fr_ca)
        if (self.phone is None) != (self.phone_fr is None):
            raise ValueError(f"section {self.key}: a phone title needs both `phone` and `phone_fr`")
        _check_regional(f"section {self.key} phone_fr", self.phone_fr, None)
        return self

    def said(self, locale: Locale, *, phone: bool = False) -> str:
        if phone and self.phone:
            return str(self.phone_fr) if locale.french else self.phone
        if not locale.french:
            return self.title
        return (self.fr_ca if locale.quebec else None) or str(self.fr)


@dataclasses.dataclass(init=False, repr=False, eq=False, kw_only=True)
class Wording(_Strict):
    """Phrases the code fills into tips, kept here so that a second language needs no code change."""

    earlier_one: Annotated[str, Field(min_length=3, max_length=60)]  # what round one is called in round two
    earlier_many: Annotated[str, Field(min_length=3, max_length=60)]  # the earlier rounds, from round three on
    # a first interview's notes (e.g. from a screening call):
    earlier_none: Annotated[str, Field(min_length=3, max_length=60)]
    met_in_one: Annotated[str, Field(min_length=3, max_length=60)]
    met_in_many: Annotated[str, Field(min_length=3, max_length=60)]
    met_before: Annotated[str, Field(min_length=3, max_length=60)]  # met before a first interview (a careers fair)
    new_to_you: Annotated[str, Field(min_length=3, max_length=60)]
    name_to_come: Annotated[str, Field(min_length=3, max_length=60)]  # an interviewer typed "TBC"
    over_coffee: Annotated[str, Field(min_length=3, max_length=60)]  # the format of a half-hour meal (meal:coffee)
    # the format of a meal by its hour (`facts.meal_name`): "Over breakfast", "Over lunch", "Over dinner"
    over_breakfast: Annotated[str, Field(min_length=3, max_length=60)]
    over_lunch: Annotated[str, Field(min_length=3, max_length=60)]
    over_dinner: Annotated[str, Field(min_length=3, max_length=60)]
    undisclosed_employer: Annotated[str, Field(min_length=3, max_length=60)]  # {company} when not named yet
    # the format of a video interview with no one live (`_on_screen`): "Online test", "Recorded video interview"
    online_test: Annotated[str, Field(min_length=3, max_length=60)]
    recorded: Annotated[str, Field(min_length=3, max_length=60)]


@dataclasses.dataclass(init=False, repr=False, eq=False, kw_only=True)
class Labels(_Strict):
    """The labels of one language ([fr]); Québec French ([fr_ca]) lists only the ones it says differently."""

    steps: Mapping[Step, str] = dataclasses.field(default_factory=dict)
    relationships: Mapping[Relationship, str] = dataclasses.field(default_factory=dict)
    formats: Mapping[Format, str] = dataclasses.field(default_factory=dict)
    includes: Mapping[Include, str] = dataclasses.field(default_factory=dict)
    missing: Mapping[Missing, str] = dataclasses.field(default_factory=dict)
    wording: Mapping[str, str] = dataclasses.field(default_factory=dict)


_TABLES = ("steps", "relationships", "formats", "includes", "missing", "wording")


@dataclasses.dataclass(init=False, repr=False, eq=False, kw_only=True)
class Playbook(_Strict):
    version: Annotated[int, Field(ge=1)]
    sections: tuple[SectionInfo, ...]
    steps: Mapping[Step, str]
    relationships: Mapping[Relationship, str]
    formats: Mapping[Format, str]
    includes: Mapping[Include, str]
    missing: Mapping[Missing, str]
    wording: Wording
    tips: tuple[Tip, ...]
    expect: tuple[ExpectedQuestion, ...]
    ask: tuple[QuestionToAsk, ...]
    fr: Labels  # complete: see _french
    fr_ca: Labels | None = None

    def label(self, table: str, key: str, locale: Locale) -> str:
        """A label (`formats`, `steps`, `wording`…) in the reader's language."""
        if locale.french:
            quebec = getattr(self.fr_ca, table).get(key) if locale.quebec and self.fr_ca else None
            return str(quebec or getattr(self.fr, table)[key])
        if table == "wording":
            return str(getattr(self.wording, key))
        return str(getattr(self, table)[key])

    @model_validator(mode="after")
    def _french(self) -> Playbook:
        for table in _TABLES:
            english = {f.name for f in dataclasses.fields(Wording)} if table == "wording" else set(getattr(self, table))
            french, quebec = getattr(self.fr, table), getattr(self.fr_ca, table) if self.fr_ca else {}
            missing = sorted(english - set(french))
            if missing:
                raise ValueError(f"[fr.{table}] lacks {', '.join(missing)} (every label is written in each language)")
            unknown = sorted((set(french) | set(quebec)) - english)
            if unknown:
                raise ValueError(f"[fr.{table}] or [fr_ca.{table}] has unknown keys {', '.join(unknown)}")
            for key, text in french.items():
                _check_regional(f"[fr.{table}] {key}", text, quebec.get(key))
        return self

    @model_validator(mode="after")
    def _complete(self) -> Playbook:
        keys = [s.key for s in self.sections]
        if sorted(keys) != sorted(SECTIONS):
            raise ValueError(f"sections must list each of {', '.join(SECTIONS)} exactly once")
        for name, table, expected in (
            ("steps", self.steps, STEPS),
            ("relationships", self.relationships, RELATIONSHIPS),
            ("formats", self.formats, Format.__args__),  # type: ignore[attr-defined]
            ("includes", self.includes, INCLUDES),
            ("missing", self.missing, Missing.__args__),  # type: ignore[attr-defined]
        ):
            missing = sorted(set(expected) - set(table))
            if missing:
                raise ValueError(f"[{name}] lacks {', '.join(missing)}")
        return self


_ENTRIES = ("tips", "expect", "ask")


def _problems(exc: ValidationError, data: Mapping[str, Any]) -> str:
    """A validation's errors, each under the entry it is about ("tips 'odd-tip'", "ask #3 (no id)") when it is in
    one of the playbook's arrays of entries."""
    found: dict[str, list[str]] = {}
    for err in exc.errors():
        loc, label = err["loc"], "playbook"
        if len(loc) >= 2 and loc[0] in _ENTRIES and isinstance(loc[1], int):
            entry = data[str(loc[0])][loc[1]]
            name = entry.get("id") if isinstance(entry, dict) else None
            label += f" {loc[0]} {name!r}" if isinstance(name, str) else f" {loc[0]} #{loc[1] + 1} (no id)"
            loc = loc[2:]
        found.setdefault(label, []).append(f"{'.'.join(str(p) for p in loc) or 'value'}: {err['msg']}")
    return "; ".join(f"{label}: {', '.join(problems)}" for label, problems in found.items())


def _toml_only(value: Any) -> Any:
    """A TOML date or time, for JSON: an object, so a field that expects text, a number or an array refuses it."""
    return {"date or time": str(value)}


def parse_playbook(text: str) -> Playbook:
    """Parse and validate playbook TOML; a `PlaybookError` names the tip or question at fault.

    Pydantic validates the data as the JSON it is (TOML's values are JSON's, dates and times aside): strict mode then
    takes a table for a dataclass and an array for a tuple, and never text for a number or a flag."""
    import tomllib

    from pydantic import TypeAdapter  # only a validation needs it (the build, a test, a playbook of one's own)

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlaybookError(f"playbook: not valid TOML: {exc}") from None
    for key in _ENTRIES:
        if not isinstance(data.setdefault(key, []), list):
            raise PlaybookError(f"playbook: [[{key}]] must be an array of tables")
    try:
        book: Playbook = TypeAdapter(Playbook).validate_json(json.dumps(data, default=_toml_only))
    except ValidationError as exc:
        raise PlaybookError(_problems(exc, data)) from None
    seen: dict[str, str] = {}
    for key, items in (("tips", book.tips), ("expect", book.expect), ("ask", book.ask)):
        for item in items:
            if item.id in seen:
                again = "is used twice" if seen[item.id] == key else f"already used in [[{seen[item.id]}]]"
                raise PlaybookError(f"playbook {key} {item.id!r}: id {again}")
            seen[item.id] = key
    return book


# The packaged playbook, validated at build time (tools/precompile.py): a pickle of the `Playbook` parsed from the
# TOML whose SHA-256 it records. Loading it takes ~2 ms where parsing and validating take ~40.
VALIDATED = "playbook.validated.pickle"


@functools.cache
def load_playbook(path: Path | str | None = None) -> Playbook:
    """The playbook (the packaged `playbook.toml` by default), parsed once per process on first use; the packaged one
    from its build-time validated form when that was made from the TOML as it is now."""
    if path is not None:
        return parse_playbook(Path(path).read_text(encoding="utf-8"))
    from importlib import resources

    package = resources.files("interview_prep.domain")
    text = package.joinpath("playbook.toml").read_text(encoding="utf-8")
    try:
        validated = package.joinpath(VALIDATED).read_bytes()
    except OSError:
        return parse_playbook(text)
    return _validated(validated, text) or parse_playbook(text)


def _validated(data: bytes, text: str) -> Playbook | None:
    """The playbook of a build-time pickle, when it was made from `text`; else None."""
    import hashlib
    import pickle

    digest, _, body = data.partition(b"\n")
    if digest.decode("ascii", "replace") != hashlib.sha256(text.encode()).hexdigest():
        return None
    # Our own build output, shipped read-only beside the TOML it was validated from (checked by its hash above).
    playbook = pickle.loads(body)  # noqa: S301
    return playbook if isinstance(playbook, Playbook) else None


def validate_packaged_playbook() -> Path:
    """Validate the packaged playbook and store it for `load_playbook` (a `PlaybookError` names what is wrong)."""
    import hashlib
    import os
    import pickle
    from importlib import resources

    package = resources.files("interview_prep.domain")
    text = package.joinpath("playbook.toml").read_text(encoding="utf-8")
    playbook = parse_playbook(text)
    target = Path(str(package.joinpath(VALIDATED)))
    scratch = target.with_name(f".{target.name}.{os.getpid()}")
    scratch.write_bytes(hashlib.sha256(text.encode()).hexdigest().encode() + b"\n" + pickle.dumps(playbook))
    os.replace(scratch, target)  # whole: a process loading it meanwhile reads the old one or the new one
    load_playbook.cache_clear()
    return target


# --- what the digest shows --------------------------------------------------------------------------------


class Item(NamedTuple):
    """One selected piece of advice: its id, idea key, text (placeholders filled) and score for this interview."""

    id: str
    text: str
    score: int = 0
    idea: str = ""
    hint: str | None = None
    check: str | None = None


class SectionAdvice(NamedTuple):
    key: str
    title: str
    items: tuple[Item, ...]


class PersonAdvice(NamedTuple):
    """One interviewer: who they are, advice about them alone, and what to ask them."""

    name: str
    title: str | None
    relationship: str
    relationship_label: str
    met_before: bool
    status: str  # "met in round one" / "met in your earlier interviews" / "new to you"
    tips: tuple[Item, ...]
    questions_to_ask: tuple[Item, ...]
    french: bool = False
    unnamed: bool = False  # typed as "TBC": `name` is the post it stands for (`names.as_said`)
    pupils: bool = False  # a school's pupils (`person:pupils`)

    @property
    def called(self) -> str:
        """How the advice's sentences name them ("Ask Ms Hartley:", « À demander au Dr Roux »: `templating.render`
        makes « à le » « au »), under a heading that gives the whole name."""
        return language.in_sentence(language.addressed(self.name), french=self.french)

    @property
    def shown_label(self) -> str | None:
        """The relationship's label, or None when the title already says it (`Senior Recruiter`, `Responsable RH`) or
        says more, or so does a post entered for a name ("Hiring Manager"): someone outside the listed relationships is
        labelled "interviewer" only when no title is known; a school's pupils are not labelled."""
        if self.title and self.relationship == "other":
            return None
        if self.pupils:  # a school's pupils: nobody's "future colleague", nor an "interviewer"
            return None
        if language.title_says(self.title, self.relationship, self.relationship_label):
            return None
        if language.post_says(self.name, self.relationship, self.relationship_label):  # "Hiring Manager"
            return None
        if self.relationship == "other" and posts.names_a_role(self.name):  # "Independent Panel Member"
            return None
        return self.relationship_label

    @property
    def described(self) -> str:
        """`Lab Manager, hiring manager`; `Senior Recruiter` alone; `recruiter` when no title is known. Said inside
        brackets, so a title's own brackets are square: `Partner, Sequoia Capital [board member]`; `future colleague,
        name not given yet` for someone typed as "TBC"."""
        said = (self.title, self.shown_label, self.status if self.unnamed else None)
        return i18n.in_brackets(", ".join(part for part in said if part))


class TimelineStep(NamedTuple):
    key: str
    label: str
    items: tuple[Item, ...]


class DigestAdvice(NamedTuple):
    """Everything the digest (or the full guide) says, chosen, scored and ordered; templates only lay it out.

    `complete` is True for the full guide (everything selected); `keeping` makes the shorter email version."""

    facts: Facts
    round: int
    round_label: str
    final: bool
    format_label: str
    includes_labels: tuple[str, ...]
    earlier: str
    top: tuple[Item, ...]
    sections: tuple[SectionAdvice, ...]
    people: tuple[PersonAdvice, ...]
    questions_to_expect: tuple[Item, ...]
    questions_to_ask: tuple[Item, ...]
    notes: tuple[Item, ...]
    concerns: tuple[Item, ...]
    salary_range: str | None
    timeline: tuple[TimelineStep, ...]
    checklist: tuple[Item, ...]
    complete: bool = True
    left_out: int = 0

    def section(self, key: str) -> SectionAdvice:
        return next(s for s in self.sections if s.key == key)

    def items(self) -> list[Item]:
        """Every item, in reading order (top three first)."""
        found = [*self.top, *(i for s in self.sections for i in s.items)]
        for p in self.people:
            found += [*p.tips, *p.questions_to_ask]
        found += [*self.questions_to_expect, *self.questions_to_ask, *self.notes, *self.concerns]
        found += [i for step in self.timeline for i in step.items]
        return found

    @property
    def tip_ids(self) -> frozenset[str]:
        """Every tip and question selected, by id."""
        return frozenset(i.id for i in self.items())

    @property
    def all_text(self) -> str:
        """All advice text, one item a line (handy for searching in tests)."""
        lines = [i.text for i in self.items()] + [i.hint or "" for i in self.questions_to_expect]
        lines += [i.text for i in self.checklist]
        return "\n".join(lines)

    def units(self) -> list[tuple[str, int, str]]:
        """What an email may leave out, as (key, score, text): every item but the top three, and the checklist
        lines that stand in for tips left out (scored after every full item)."""
        found = [(_unit(i), i.score, _item_words(i)) for i in self.items() if i not in self.top]
        for step in self.timeline:
            found += [(_unit(i), i.score, _item_words(i)) for i in step.items]
        checks = [(f"check:{i.id}", i.score - CHECK_SCORE_OFFSET, i.text) for i in self.checklist]
        return list(dict.fromkeys(found)) + checks

    def keeping(self, keep: frozenset[str]) -> DigestAdvice:
        """This advice with only the units in `keep` (the top three and the people always stay); the checklist
        then lists only the checks of tips left out."""
        every = {key for key, _, _ in self.units()}

        def kept(items: Iterable[Item]) -> tuple[Item, ...]:
            return tuple(i for i in items if _unit(i) in keep)

        shown = {i.id for i in self.top} | {i.id for i in self.items() if _unit(i) in keep}
        checklist = tuple(c for c in self.checklist if c.id not in shown and f"check:{c.id}" in keep)
        return self._replace(
            sections=tuple(s._replace(items=kept(s.items)) for s in self.sections),
            people=tuple(p._replace(tips=kept(p.tips), questions_to_ask=kept(p.questions_to_ask)) for p in self.people),
            questions_to_expect=kept(self.questions_to_expect),
            questions_to_ask=kept(self.questions_to_ask),
            notes=kept(self.notes),
            concerns=kept(self.concerns),
            timeline=tuple(step for step in (s._replace(items=kept(s.items)) for s in self.timeline) if step.items),
            checklist=checklist,
            complete=False,
            left_out=len(every - keep - {f"check:{c.id}" for c in self.checklist}),
        )


def _unit(item: Item) -> str:
    return f"{item.id}:{item.text[:40]}" if item.id.startswith("note") else item.id


def _item_words(item: Item) -> str:
    return f"{item.text} {item.hint or ''}"


# --- selection --------------------------------------------------------------------------------------------

_PERIODS = {"year": "per year", "month": "per month", "day": "per day", "hour": "per hour"}


def round_label(number: int, locale: Locale = i18n.ENGLISH) -> str:
    """`second`; in French the figure with its ordinal mark, `2e` (`1er`, or `1re` for Québec's feminine
    « entrevue »)."""
    if not locale.french:
        return language.ordinal(number)
    if number == 1:
        return "1re" if locale.quebec else "1er"
    return f"{number}e"


_PERIODS_FR = {"year": "par an", "month": "par mois", "day": "par jour", "hour": "de l’heure"}
_PERIODS_QC = {"year": "par année", "month": "par mois", "day": "par jour", "hour": "de l’heure"}


def salary_range(salary: Salary, locale: Locale = i18n.ENGLISH) -> str:
    """The range as the digest states it: `CAD 85,000–95,000 per year` (one figure when min equals max), with cents
    when either amount has them (`GBP 11.44–12.50 per hour`); in French with CLDR's grouping, decimal comma and
    symbol, `85 000 à 95 000 $ par année` in Québec, `60 000 à 70 000 € par an`, `11,44 à 12,50 £GB de l’heure`; a contractor's `GBP 550 per day`."""
    cents = not (salary.min.is_integer() and salary.max.is_integer())  # both with cents, or neither
    if not locale.french:  # Python's own grouping: English needs no CLDR data (Babel costs a cold start ~90 M)
        low, high = (f"{amount:,.2f}" if cents else f"{int(amount):,}" for amount in (salary.min, salary.max))
        amounts = low if salary.min == salary.max else f"{low}–{high}"
        return f"{salary.currency} {amounts} {_PERIODS[salary.period]}"
    low, high = i18n.number(salary.min, locale, cents=cents), i18n.number(salary.max, locale, cents=cents)
    amounts = low if salary.min == salary.max else f"{low} à {high}"
    periods = _PERIODS_QC if locale.quebec else _PERIODS_FR
    return f"{amounts}{i18n.NBSP}{i18n.currency_symbol(salary.currency, locale)} {periods[salary.period]}"


def note_points(notes: str | None) -> tuple[list[str], list[str]]:
    """The candidate's notes as short points, (ordinary points, points marked `Concern:`, from the mark to the end of
    its line): one per line or sentence, bullets removed, bounded in number and length."""
    if not notes:
        return [], []
    points: list[str] = []
    concerns: list[str] = []
    seen: set[str] = set()
    for sentence, marked in note_sentences(notes):
        if sentence.casefold() in seen:
            continue
        if len(sentence) > MAX_NOTE_CHARS:
            sentence = sentence[: MAX_NOTE_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
        seen.add(sentence.casefold())
        (concerns if marked else points).append(sentence)
        if len(points) + len(concerns) == MAX_NOTE_POINTS:
            return points, concerns
    return points, concerns


def _fill(text: str, values: Mapping[str, str]) -> str:
    # Placeholders were checked at load (plain names only), so format_map cannot reach attributes.
    filled = text.format_map(values) if "{" in text else text
    if text.startswith(("{name}", "{names}")):  # the article a name takes opens the sentence: "The Hiring Committee…"
        filled = language.capitalise(filled)  # « Le Comité de recrutement vérifie… », « L’Équipe RH… »
    locale = values.get("_locale")
    if not isinstance(locale, i18n.Locale) or not locale.french:
        return filled
    return i18n.typeset(language.french_contractions(filled), locale)  # « au Dr Roux », French spacing


def _values(interview: Interview, facts: Facts, book: Playbook) -> dict[str, Any]:
    locale = interview.locale
    key = "earlier_none" if facts.round == 1 else "earlier_one" if facts.round == 2 else "earlier_many"
    earlier = book.label("wording", key, locale)
    missing = i18n.join([book.label("missing", m, locale) for m in facts.missing], locale)
    company = interview.company_said
    if "company:undisclosed" in facts.holds:  # "Confidential client": "Being invited back means the employer…"
        company = book.label("wording", "undisclosed_employer", locale)
    return {
        "company": company,  # « l’Université Laval » in French
        "company_s": language.possessive(company),  # English only: "the University of Plymouth's"
        "de_company": language.de(company),  # French only: « d’Acme », « du CHU de Bordeaux »
        "role": interview.role_said,
        "round": round_label(interview.round, locale),
        "earlier": earlier,
        "earlier_cap": language.capitalise(earlier),
        "salary": salary_range(interview.salary, locale) if interview.salary else "",
        "missing": missing,
        "_locale": locale,  # not a placeholder (the loader refuses names with an underscore first): for _fill
    }


def _best_per_idea(candidates: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """At most one candidate per idea key: the best scored (then the first in the file)."""
    best: dict[str, tuple[int, int, Any]] = {}
    for entry in sorted(candidates, key=lambda c: (-c[0], c[1])):
        best.setdefault(entry[2].key, entry)
    return sorted(best.values(), key=lambda c: (-c[0], c[1]))


def _questions_per_person(count: int, minutes: int) -> int:
    """How many questions to ask each person in the full guide (the email keeps the first ones that fit): fewer on a
    panel, and two at most (one each on a panel) in a call of `BRIEF_MINUTES` or less, which leaves time for no more."""
    if minutes <= BRIEF_MINUTES:
        return 2 if count <= 1 else 1
    return 4 if count <= 3 else 3 if count <= 6 else 2


def _format_label(book: Playbook, interview: Interview, locale: Locale) -> str:
    """How the interview is held, for the digest's "How:" line: "Video call", and a meal by its name ("Over lunch",
    "Over coffee"; "Over a meal" when its hours name none). Belgium and Switzerland name meals as Québec does
    (« Autour d’un dîner » at noon)."""
    if (on_screen := _on_screen(interview)) is not None:
        return book.label("wording", on_screen, locale)
    if interview.format != "meal":
        return book.label("formats", interview.format, locale)
    meal = meal_name(interview.starts_at_local, interview.duration_minutes)
    if meal == "the coffee":
        return book.label("wording", "over_coffee", locale)
    if meal not in ("breakfast", "lunch", "dinner"):
        return book.label("formats", "meal", locale)
    # Québec's labels name the meals as Belgium and Switzerland do (`Locale.noon_dinner`)
    return book.label("wording", f"over_{meal}", Locale("fr", "CA") if locale.noon_dinner else locale)


def _on_screen(interview: Interview) -> str | None:
    """What a "video" interview with no one live is, said as its format ("Online test", "Recorded video interview")
    rather than "Video call" and an include after it."""
    if interview.format == "video":
        return next((kind for kind in ("online_test", "recorded") if kind in interview.includes), None)
    return None


def _general_questions(minutes: int) -> int:
    """How many questions to ask when no one is named: two at most in a call of `BRIEF_MINUTES` or less."""
    return GENERAL_QUESTIONS_TO_ASK if minutes > BRIEF_MINUTES else 2


def _share_questions(
    book: Playbook, facts: Facts, people: list[Interviewer], used: set[str], minutes: int
) -> list[list[QuestionToAsk]]:
    """Each person's questions to ask, dealt in turns: each person's best question not yet given, person after
    person, then each one's next, so that a panel of people the same questions suit (three trustees) never leaves the
    last with none. No idea twice in an email; `used` gains what is given."""
    ranked = [_rank_to_ask(book, facts, person, used) for person in people]
    picked: list[list[QuestionToAsk]] = [[] for _ in people]
    for _ in range(_questions_per_person(len(people), minutes)):
        for mine, options in zip(picked, ranked, strict=True):
            best = next((q for q in options if q.key not in used), None)
            if best is not None:
                mine.append(best)
                used.add(best.key)
    return picked


def _for_person(advice: Condition, holds: frozenset[str]) -> bool:
    """Whether `advice` applies to one person (`holds`: the interview's facts and theirs): a school's pupils are given
    only what is written for them (`person:pupils`), and only they are."""
    return advice.applies(holds) and ("person:pupils" in advice.requires) == ("person:pupils" in holds)


def _rank_to_ask(book: Playbook, facts: Facts, person: Interviewer | None, used: set[str]) -> list[QuestionToAsk]:
    holds = facts.holds

    def score(item: tuple[int, QuestionToAsk]) -> tuple[int, int]:
        index, q = item
        value = q.weight + 15 * len(holds.intersection(q.tags))
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

    # The person's own facts count for the conditions: a question about "when we last spoke" requires `person:met`.
    applies_to = holds if person is None else holds | person_facts(person, school="employer:school" in holds)
    candidates = [
        (i, q)
        for i, q in enumerate(book.ask)
        if q.key not in used
        and _for_person(q, applies_to)
        and (person is None or not q.ask or person.relationship in q.ask)
    ]
    ranked: dict[str, QuestionToAsk] = {}  # at most one question per idea (`next-steps`…), the best ranked
    for _, q in sorted(candidates, key=score):
        ranked.setdefault(q.key, q)
    return list(ranked.values())


def _status(person: Interviewer, facts: Facts, book: Playbook, locale: Locale) -> str:
    if not person.met_before:
        return book.label("wording", "new_to_you", locale)
    key = "met_before" if facts.round == 1 else "met_in_one" if facts.round == 2 else "met_in_many"
    return book.label("wording", key, locale)


def _timeline(
    book: Playbook, interview: Interview, facts: Facts, now: dt.datetime, tips: list[tuple[int, int, Tip]], values: Any
) -> tuple[TimelineStep, ...]:
    locale = interview.locale
    today = now.astimezone(interview.zone).date()
    day = interview.starts_at_local.date()
    started = "lead:started" in facts
    steps: dict[str, list[Item]] = {s: [] for s in STEPS}
    for score, _, tip in tips:
        text, check = tip.said("text", locale), tip.said("check", locale)
        steps[str(tip.step)].append(Item(tip.id, _fill(str(text), values), score, tip.key, check=check))
    labels: dict[str, str] = {str(key): book.label("steps", str(key), locale) for key in book.steps}
    eve = day - dt.timedelta(days=1)
    if started:  # nothing before the interview fits any more
        steps["today"], steps["ahead"], steps["day_before"], steps["on_the_day"] = [], [], [], []
    if eve < today:
        steps["day_before"] = []
    elif eve == today:  # today is the day before: one step
        steps["today"] += steps["day_before"]
        steps["day_before"] = []
    if day == today:  # the day itself: one step, before the interview
        steps["today"] += steps["on_the_day"]
        steps["on_the_day"] = []
    if facts.short_notice:  # what is left today only
        steps = {"today": steps["today"]}
    dates = {"today": today, "day_before": eve, "on_the_day": day}
    out = []
    for key in STEPS:
        if not steps.get(key):
            continue
        label = labels[key]
        if key in dates and key != "today":
            label = f"{label}, {i18n.short_date(dates[key], locale)}"
        out.append(TimelineStep(key, label, tuple(steps[key])))
    return tuple(out)


def select_advice(interview: Interview, now: dt.datetime, *, playbook: Playbook | None = None) -> DigestAdvice:
    """Everything that fits `interview` as of `now` (aware), at most one tip per idea, best first. Pure."""
    if now.tzinfo is None:
        raise ValueError("select_advice needs a timezone-aware now")
    book = playbook or load_playbook()
    facts = derive_facts(interview, now)  # as typed: it knows who is not named yet
    interview, unnamed = as_said(interview)  # "TBC" said as the post it stands for
    holds = facts.holds
    values = _values(interview, facts, book)
    locale = interview.locale
    # Recorded answers, an online test: no one live to meet, ask or read. The people named are contacts, written to
    # after it (the drafts), never met in it.
    alone = "live:none" in holds
    school = "employer:school" in holds  # where a "Student panel" is the pupils'
    _person_facts = functools.partial(person_facts, school=school)

    # Tips about the interview, and person tips said once for everyone they apply to; one per idea.
    candidates: list[tuple[int, int, Any]] = []
    targets: dict[str, list[Interviewer]] = {}
    for index, tip in enumerate(book.tips):
        if tip.scope == "interview":
            if tip.applies(holds):
                candidates.append((tip.score(holds), index, tip))
            continue
        who = [] if alone else [p for p in interview.interviewers if _for_person(tip, holds | _person_facts(p))]
        if who:
            targets[tip.id] = who
            candidates.append((tip.score(holds), index, tip))
    chosen = _best_per_idea(candidates)

    people_tips: dict[str, list[Item]] = {p.name: [] for p in interview.interviewers}
    spoken = functools.partial(language.in_sentence, french=locale.french)  # « le Dr Roux » in a French sentence
    by_section: dict[str, list[Item]] = {key: [] for key in SECTIONS}
    timeline_tips: list[tuple[int, int, Tip]] = []
    for score, index, tip in chosen:
        if tip.section == "timeline":
            timeline_tips.append((score, index, tip))
            continue
        if tip.scope == "person":
            who = targets[tip.id]
            if len(who) == 1:
                named = {
                    "name": spoken(language.addressed(who[0].name)),
                    "full_name": spoken(language.without_letters_after(who[0].name)),
                }
                text = _fill(str(tip.said("text", locale)), {**values, **named})
                people_tips[who[0].name].append(Item(tip.id, text, score, tip.key))
                continue
            names = {
                "names": i18n.join([spoken(language.addressed(p.name)) for p in who], locale),
                "full_names": i18n.join([spoken(language.without_letters_after(p.name)) for p in who], locale),
            }
            text = _fill(str(tip.said("plural", locale)), {**values, **names})
        else:
            text = _fill(str(tip.said("text", locale)), values)
        check = _fill(tip.said("check", locale) or "", values)
        by_section[tip.section].append(Item(tip.id, text, score, tip.key, check=check))

    # The three things that matter most: the best scored tips outside the timeline, about the interview or a person.
    ranked = sorted(
        (i for items in (*by_section.values(), *people_tips.values()) for i in items), key=lambda i: -i.score
    )
    top = tuple(ranked[:TOP_COUNT])
    top_ids = {i.id for i in top}
    order = {s.key: n for n, s in enumerate(book.sections)}
    sections = tuple(
        SectionAdvice(
            s.key,
            s.said(locale, phone="setting:phone" in facts),
            tuple(i for i in by_section[s.key] if i.id not in top_ids),
        )
        for s in sorted(book.sections, key=lambda s: order[s.key])
    )

    used = {tip.key for _, _, tip in chosen}  # a question to ask never repeats a tip's idea (`next-steps`)
    people = []
    met = [] if alone else interview.interviewers
    shared = _share_questions(book, facts, met, used, interview.duration_minutes)
    for person, picked in zip(met, shared, strict=True):
        people.append(
            PersonAdvice(
                name=person.name,
                title=person.title,
                relationship=person.relationship,
                relationship_label=book.label("relationships", person.relationship, locale),
                met_before=person.met_before,
                status=book.label("wording", "name_to_come", locale)
                if person.name in unnamed
                else _status(person, facts, book, locale),
                unnamed=person.name in unnamed,
                tips=tuple(i for i in people_tips[person.name] if i.id not in top_ids),
                questions_to_ask=tuple(
                    Item(q.id, _fill(str(q.said("text", locale)), values), 60 - 15 * rank, q.key)
                    for rank, q in enumerate(picked)
                ),
                french=locale.french,
                pupils="person:pupils" in _person_facts(person),
            )
        )
    general_ask: tuple[Item, ...] = ()
    if not people and not alone:
        general_ask = tuple(
            Item(q.id, _fill(str(q.said("text", locale)), values), 55 - 10 * rank, q.key)
            for rank, q in enumerate(
                _rank_to_ask(book, facts, None, used)[: _general_questions(interview.duration_minutes)]
            )
        )

    points, concerns = note_points(interview.first_interview_notes)
    # The candidate's own notes are true of this interview as no general advice can be: they come before the advice
    # to go back over the earlier interviews, and before most of what a full day (a test, a tour, an offer) brings.
    notes = tuple(Item("note", p, 55 - rank, "note") for rank, p in enumerate(points))
    concern_items = tuple(Item("note-concern", c, 75 - rank, "note-concern") for rank, c in enumerate(concerns))

    checks: dict[str, Item] = {}  # the checklist, in the playbook's order of sections; one line per check
    for info in book.sections:
        for item in by_section[info.key]:
            if item.check and item.check not in checks:
                checks[item.check] = Item(item.id, item.check, item.score)
    checklist = tuple(checks.values())

    return DigestAdvice(
        facts=facts,
        round=interview.round,
        round_label=round_label(interview.round, locale),
        final=interview.final_round,
        format_label=_format_label(book, interview, locale),
        includes_labels=tuple(
            book.label("includes", i, locale) for i in interview.includes if i != _on_screen(interview)
        ),
        earlier=values["earlier"],
        top=top,
        sections=sections,
        people=tuple(people),
        questions_to_expect=_select_expected(book, facts, values, locale),
        questions_to_ask=general_ask,
        notes=notes,
        concerns=concern_items,
        salary_range=values["salary"] or None,
        timeline=_timeline(book, interview, facts, now, timeline_tips, values),
        checklist=checklist,
    )


def _select_expected(book: Playbook, facts: Facts, values: Mapping[str, Any], locale: Locale) -> tuple[Item, ...]:
    holds = facts.holds
    if "exercise:online_test" in holds and "exercise:recorded" not in holds:  # a test taken alone: no one asks
        return ()
    scored = [
        (len(holds.intersection(q.tags)) * 10 + q.weight, index, q)
        for index, q in enumerate(book.expect)
        if q.applies(holds)
    ]
    chosen = _best_per_idea(scored)[:QUESTIONS_TO_EXPECT]
    # Scored for the email below most tips: a question with many matching facts reaches the middle of the range.
    return tuple(
        Item(
            q.id,
            _fill(str(q.said("text", locale)), values),
            12 + min(score, 40) // 2,
            q.key,
            _fill(str(q.said("hint", locale)), values) if q.hint else None,
        )
        for score, _, q in chosen
    )
