"""The form's values and errors, and where each error is shown (next to the field it concerns)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from interview_prep.domain.i18n import ENGLISH, N_, Locale, gettext_for

if TYPE_CHECKING:
    from markupsafe import Markup


# --- forms: values, errors and their places -----------------------------------------------------------------

TEXT_FIELDS = (
    "candidate.name",
    "candidate.email",
    "candidate.given_name",
    "company.name",
    "company.website",
    "role",
    "round",
    "starts_at.date",
    "starts_at.time",
    "timezone",
    "duration_minutes",
    "format",
    "location",
    "first_interview_notes",
    "internal_candidate",
    "final_round",
    "salary.min",
    "salary.max",
    "salary.currency",
    "salary.period",
    "digest_lead_hours",
    "thank_you_delay_minutes",
    "language",
)
ROW_FIELD = re.compile(r"^interviewers\[(\d{1,3})\]\.(name|title|relationship|met_before)$")
ROW_KEYS = ("name", "title", "relationship", "met_before")
DEFAULTS = {
    "round": "2",
    "duration_minutes": "60",
    "format": "in_person",
    "timezone": "UTC",
    "salary.period": "year",
    "digest_lead_hours": "48",
    "thank_you_delay_minutes": "60",
}
LABELS = {
    "candidate.name": N_("Your name"),
    "candidate.email": N_("Your email address"),
    "candidate.given_name": N_("Greet me as"),
    "company.name": N_("Company"),
    "company.website": N_("Company website"),
    "role": N_("Role"),
    "round": N_("Round"),
    "starts_at": N_("Date and time"),
    "timezone": N_("Time zone"),
    "duration_minutes": N_("Duration"),
    "format": N_("Format"),
    "location": N_("Location"),
    "includes": N_("What it includes"),
    "interviewers": N_("Interviewers"),
    "first_interview_notes": N_("Notes from the earlier interview"),
    "internal_candidate": N_("A move inside the company"),
    "final_round": N_("Final round"),
    "salary": N_("Salary range"),
    "salary.min": N_("Salary from"),
    "salary.max": N_("Salary to"),
    "salary.currency": N_("Currency"),
    "salary.period": N_("Salary per"),
    "digest_lead_hours": N_("Digest lead time"),
    "thank_you_delay_minutes": N_("Thank-you delay"),
    "language": N_("Language of the emails"),
}
ROW_LABELS = {
    "name": N_("name"),
    "title": N_("job title"),
    "relationship": N_("role in the hiring"),
    "met_before": N_("met before"),
}
RELATIONSHIPS = (
    ("hiring_manager", N_("Hiring manager (your future boss)")),
    ("team_member", N_("Team member (a future colleague)")),
    ("hr", N_("HR")),
    ("recruiter", N_("Recruiter")),
    ("executive", N_("Executive")),
    ("other", N_("Someone else")),
)
FORMATS = (
    ("in_person", N_("In person")),
    ("video", N_("Video call")),
    ("phone", N_("Phone call")),
    ("meal", N_("Over a meal or a coffee")),
)
INCLUDES = (
    ("presentation", N_("A presentation you give")),
    ("test", N_("A test or exercise")),
    ("tour", N_("A tour of the workplace")),
    ("group", N_("A group interview")),
    ("take_home", N_("A take-home or written exercise")),
    ("recorded", N_("Recorded answers, with no one live (HireVue, Sonru…)")),
    ("online_test", N_("An online test, with no one live (HackerRank, Codility, SHL…)")),
)
PERIODS = (("year", N_("year")), ("month", N_("month")), ("day", N_("day")), ("hour", N_("hour")))


def _field_id(prefix: str, key: str) -> str:
    return f"{prefix}-" + re.sub(r"[^A-Za-z0-9_]+", "-", key).strip("-")


_MODEL_RULES_FROM = 9  # the entries from here on only translate the models' own (English) wording
_MESSAGES: tuple[tuple[re.Pattern[str], str, Callable[[re.Match[str]], dict[str, str]]], ...] = (
    (re.compile(r"^Input should be a valid integer.*"), N_("must be a whole number"), lambda m: {}),
    (re.compile(r"^Input should be a (valid|finite) number.*"), N_("must be a number"), lambda m: {}),
    (
        re.compile(r"^Input should be greater than or equal to (\S+)"),
        N_("must be at least %(n)s"),
        lambda m: {"n": m.group(1)},
    ),
    (
        re.compile(r"^Input should be less than or equal to (\S+)"),
        N_("must be at most %(n)s"),
        lambda m: {"n": m.group(1)},
    ),
    (
        re.compile(r"^String should have at most (\d+) characters?"),
        N_("must be at most %(n)s characters"),
        lambda m: {"n": m.group(1)},
    ),
    (
        re.compile(r"^String should have at least (\d+) characters?"),
        N_("must be at least %(n)s characters"),
        lambda m: {"n": m.group(1)},
    ),
    (re.compile(r"^Input should be '.*"), N_("must be one of the choices offered"), lambda m: {}),
    (
        re.compile(r"^List should have at most (\d+) items?.*"),
        N_("can list at most %(n)s"),
        lambda m: {"n": m.group(1)},
    ),
    (
        re.compile(r"^must be a local date-time.*|^is not a real date and time"),
        N_("must be a real date and time"),
        lambda m: {},
    ),
    # The models' own rules, in French (English keeps the models' words, which already read well).
    (re.compile(r"^is required$"), N_("is required"), lambda m: {}),
    (re.compile(r"^is not a valid email address.*"), N_("is not a valid email address"), lambda m: {}),
    (re.compile(r"^must be an http:// or https:// URL$"), N_("must be an http:// or https:// URL"), lambda m: {}),
    (re.compile(r"^must be in the future$"), N_("must be in the future"), lambda m: {}),
    (
        re.compile(r"^must be at most (\d+) days ahead$"),
        N_("must be at most %(n)s days ahead"),
        lambda m: {"n": m.group(1)},
    ),
    (re.compile(r"^must be an IANA time zone name.*"), N_("must be a time zone from the list"), lambda m: {}),
    (re.compile(r"^must be an ISO 4217 currency code.*"), N_("must be a currency from the list"), lambda m: {}),
    (re.compile(r"^min must not be greater than max$"), N_("must not start above where it ends"), lambda m: {}),
    (re.compile(r"^must have at most two decimal places$"), N_("must have at most two decimal places"), lambda m: {}),
    (
        re.compile(r"^must not contain control characters.*"),
        N_("must not contain control characters or line breaks"),
        lambda m: {},
    ),
    (
        re.compile(r"^\S+ does not exist in (\S+): the clocks skip that hour for daylight saving time$"),
        N_("does not exist in %(zone)s: the clocks skip that hour for daylight saving time"),
        lambda m: {"zone": m.group(1)},
    ),
)


def readable(message: str, locale: Locale = ENGLISH) -> str:
    """pydantic's wording, said for people in their language (the JSON API keeps its own)."""
    for index, (pattern, say, values) in enumerate(_MESSAGES):
        if index >= _MODEL_RULES_FROM and not locale.french:
            break
        match = pattern.match(message)
        if match:
            return gettext_for(locale, say, **values(match))
    return message


class FormView:
    """The values and errors of one form, with the ids and ARIA attributes each control needs."""

    def __init__(
        self,
        prefix: str,
        values: dict[str, Any] | None = None,
        errors: dict[str, list[str]] | None = None,
    ) -> None:
        self.prefix = prefix
        self.values = values or {}
        self.errors = errors or {}
        self.anchors: dict[str, str] = {}

    def id(self, key: str) -> str:
        return _field_id(self.prefix, key)

    def value(self, key: str, default: str = "") -> Any:
        value = self.values.get(key)
        return default if value is None else value

    def error(self, key: str) -> str | None:
        messages = self.errors.get(key)
        return " ".join(messages) if messages else None

    def error_id(self, key: str) -> str:
        return "e" + self.id(key)

    def hint_id(self, key: str) -> str:
        return "h" + self.id(key)

    def attrs(self, name: str, *, key: str | None = None, hint: bool = False, id_key: str | None = None) -> Markup:
        """` id=… name=… aria-describedby=… aria-invalid=…` for a control named `name` whose errors are under `key`."""
        from markupsafe import Markup

        key = key or name
        described = [self.hint_id(key)] if hint else []
        parts = [Markup('id="{}"').format(self.id(id_key or name)), Markup('name="{}"').format(name)]
        if self.error(key):
            described.append(self.error_id(key))
            parts.append(Markup('aria-invalid="true"'))
        if described:
            parts.append(Markup('aria-describedby="{}"').format(" ".join(described)))
        return Markup(" ") + Markup(" ").join(parts)

    def summary(self) -> list[dict[str, str]]:
        """The error summary: one link per message, to the control it concerns."""
        return [
            {"href": "#" + self.anchors.get(key, self.id(key)), "text": " ".join(messages)}
            for key, messages in self.errors.items()
        ]


def add_error(errors: dict[str, list[str]], key: str, message: str) -> None:
    if message not in errors.setdefault(key, []):
        errors[key].append(message)
