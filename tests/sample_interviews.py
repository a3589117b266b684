"""Stored interviews for the tests of the pure core (digest, playbook, drafts, calendar, planning): no AWS."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from interview_prep.domain.models import Interview, Notes

# What the service adds when it stores an interview; each test file may override any of it.
STORED: dict[str, Any] = {
    "id": "a" * 32,
    "owner": "o",
    "status": "scheduled",
    "created_at": "2027-01-01T00:00:00Z",
    "updated_at": "2027-01-01T00:00:00Z",
}

# A backend engineer at Kestrel Robotics (drafts, calendar, confirmation, planning).
KESTREL: dict[str, Any] = {
    "candidate": {"name": "Ada Lovelace", "email": "ada@example.com"},
    "company": {"name": "Kestrel Robotics"},
    "role": "Backend Engineer",
    "starts_at": "2027-03-29T09:30",
    "timezone": "America/Toronto",
}

# An operations analyst at Northwind, in person in Toronto, nobody named yet (digest, playbook).
NORTHWIND: dict[str, Any] = {
    "candidate": {"name": "Zoë O'Brien", "email": "zoe@example.com"},
    "company": {"name": "Northwind"},
    "role": "Operations Analyst",
    "round": 2,
    "timezone": "America/Toronto",
    "duration_minutes": 60,
    "format": "in_person",
    "location": "1 Front St W, Toronto",
    "interviewers": [],
    "id": "x" * 32,
    "created_at": "2027-03-01T00:00:00+00:00",
    "updated_at": "2027-03-01T00:00:00+00:00",
}


def stored_interview(*bases: dict[str, Any], **fields: Any) -> Interview:
    """An interview as read back from the store: `STORED`, then each base, then `fields` on top.

    Not checked to lie in the future, as a stored interview may already have happened.
    """
    record: dict[str, Any] = dict(STORED)
    for base in bases:
        record.update(base)
    record.update(fields)
    return Interview.model_validate(record, context={"check_future": False})


def person(relationship: str = "hiring_manager", met_before: bool = False, name: str = "Marc Gagnon") -> dict:
    return {"name": name, "relationship": relationship, "met_before": met_before}


def northwind_at(
    now: dt.datetime, zone: str, *, hours: float = 50, notes: dict[str, Any] | None = None, **fields: Any
) -> Interview:
    """The Northwind interview `hours` after `now`, in `zone` (French when `language="fr"` is among `fields`), with
    the candidate's `notes` after it when given."""
    start = (now + dt.timedelta(hours=hours)).astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")
    interview = stored_interview(NORTHWIND, {"starts_at": start, "timezone": zone}, **fields)
    if notes is not None:
        interview = interview.model_copy(update={"notes": Notes.model_validate(notes)})
    return interview
