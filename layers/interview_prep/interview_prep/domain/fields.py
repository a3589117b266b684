"""`InterviewFields`: every field a tool may set on an interview, each optional — the body of
`PATCH /v1/interviews/{id}`, the manage page's changes, and the draft an invitation is read into.

In a module of its own, imported by what changes an interview's fields: defining the model costs ~10 M instructions at
a cold start, which the functions that never change them (the stream, the deliveries) no longer pay.

No `from __future__ import annotations` here, as in `models`: annotations are evaluated as the class is defined.
"""

from pydantic import Field

from interview_prep.domain.models import (
    FINAL_HELP,
    INTERNAL_HELP,
    LANGUAGE_HELP,
    NOTES_HELP,
    STARTS_AT_HELP,
    Candidate,
    Company,
    Format,
    Includes,
    Interviewer,
    Language,
    Line,
    LocalDateTime,
    Salary,
    Text,
    ZoneName,
    _Model,
)

__all__ = ["InterviewFields"]


class InterviewFields(_Model):
    """Every field a tool may set on an interview (all optional here; `InterviewRequest` requires some)."""

    candidate: Candidate | None = None
    company: Company | None = None
    role: Line(200) | None = Field(default=None, description="The job title applied for.")  # type: ignore[valid-type]
    round: int | None = Field(default=None, ge=1, le=10, description="Which interview round this is.")
    starts_at: LocalDateTime | None = Field(default=None, description=STARTS_AT_HELP, examples=["2027-03-29T09:30"])
    timezone: ZoneName | None = Field(default=None, description="IANA time zone name.", examples=["America/Toronto"])
    duration_minutes: int | None = Field(default=None, ge=15, le=720)
    format: Format | None = None
    location: Line(500) | None = Field(default=None, description="Address, restaurant or meeting link.")  # type: ignore[valid-type]
    includes: Includes | None = None
    interviewers: list[Interviewer] | None = Field(default=None, max_length=12)
    first_interview_notes: Text(5000) | None = Field(default=None, description=NOTES_HELP)  # type: ignore[valid-type]
    salary: Salary | None = None
    internal_candidate: bool | None = Field(default=None, description=INTERNAL_HELP)
    final_round: bool | None = Field(default=None, description=FINAL_HELP)
    digest_lead_hours: int | None = Field(default=None, ge=1, le=168)
    thank_you_delay_minutes: int | None = Field(default=None, ge=0, le=1440)
    language: Language | None = Field(default=None, description=LANGUAGE_HELP)
