"""What the manage page's summary of an interview says beyond its fields: each person's role said once, the salary
as the digest states it, and the company as "the … hiring team" names it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from interview_prep.domain import language
from interview_prep.web.form_view import RELATIONSHIPS
from interview_prep.web.pages import say

if TYPE_CHECKING:
    from interview_prep.domain.i18n import Locale
    from interview_prep.domain.models import Interview, Interviewer


def people_listed(interview: Interview, locale: Locale) -> list[tuple[Interviewer, str | None]]:
    """Each interviewer with the label of their relationship, or None when their title already says it (never
    "Recruiter · Recruiter")."""
    labels = {key: say(label, locale) for key, label in RELATIONSHIPS}
    return [
        (p, None if language.title_says(p.title, p.relationship, labels[p.relationship]) else labels[p.relationship])
        for p in interview.interviewers
    ]


def team_company(interview: Interview, locale: Locale) -> str:
    """The company as "the … hiring team" names it ("the Copper Pot hiring team" for The Copper Pot)."""
    return language.team_company_name(interview.company.name, french=locale.french)


def salary_text(interview: Interview, locale: Locale) -> str | None:
    from interview_prep.domain.playbook import salary_range

    return salary_range(interview.salary, locale) if interview.salary else None
