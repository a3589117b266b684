"""The form's values and errors, and where each error is shown (next to the field it concerns)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markupsafe import Markup


# --- forms: values, errors and their places -----------------------------------------------------------------

TEXT_FIELDS = (
    "candidate.name",
    "candidate.email",
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
    "candidate.name": "Your name",
    "candidate.email": "Your email address",
    "company.name": "Company",
    "company.website": "Company website",
    "role": "Role",
    "round": "Round",
    "starts_at": "Date and time",
    "timezone": "Time zone",
    "duration_minutes": "Duration",
    "format": "Format",
    "location": "Location",
    "includes": "What it includes",
    "interviewers": "Interviewers",
    "first_interview_notes": "Notes from the earlier interview",
    "internal_candidate": "A move inside the company",
    "final_round": "Final round",
    "salary": "Salary range",
    "salary.min": "Salary from",
    "salary.max": "Salary to",
    "salary.currency": "Currency",
    "salary.period": "Salary per",
    "digest_lead_hours": "Digest lead time",
    "thank_you_delay_minutes": "Thank-you delay",
}
ROW_LABELS = {"name": "name", "title": "job title", "relationship": "role in the hiring", "met_before": "met before"}
RELATIONSHIPS = (
    ("hiring_manager", "Hiring manager (your future boss)"),
    ("team_member", "Team member (a future colleague)"),
    ("hr", "HR"),
    ("recruiter", "Recruiter"),
    ("executive", "Executive"),
    ("other", "Someone else"),
)
FORMATS = (("in_person", "In person"), ("video", "Video call"), ("phone", "Phone call"), ("meal", "Over a meal"))
INCLUDES = (
    ("presentation", "A presentation you give"),
    ("test", "A test or exercise"),
    ("tour", "A tour of the workplace"),
    ("group", "A group interview"),
    ("take_home", "A take-home or written exercise"),
)
PERIODS = (("year", "year"), ("month", "month"), ("hour", "hour"))


def _field_id(prefix: str, key: str) -> str:
    return f"{prefix}-" + re.sub(r"[^A-Za-z0-9_]+", "-", key).strip("-")


_MESSAGES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"^Input should be a valid integer.*"), lambda m: "must be a whole number"),
    (re.compile(r"^Input should be greater than or equal to (\S+)"), lambda m: f"must be at least {m.group(1)}"),
    (re.compile(r"^Input should be less than or equal to (\S+)"), lambda m: f"must be at most {m.group(1)}"),
    (
        re.compile(r"^String should have at most (\d+) characters?"),
        lambda m: f"must be at most {m.group(1)} characters",
    ),
    (
        re.compile(r"^String should have at least (\d+) characters?"),
        lambda m: f"must be at least {m.group(1)} characters",
    ),
    (re.compile(r"^Input should be '.*"), lambda m: "must be one of the choices offered"),
    (re.compile(r"^List should have at most (\d+) items?.*"), lambda m: f"can list at most {m.group(1)}"),
    (
        re.compile(r"^must be a local date-time.*|^is not a real date and time"),
        lambda m: "must be a real date and time",
    ),
)


def readable(message: str) -> str:
    """pydantic's wording, said for people (the JSON API keeps its own)."""
    for pattern, say in _MESSAGES:
        match = pattern.match(message)
        if match:
            return say(match)
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
