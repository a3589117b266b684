"""The manage page's form of the people the candidate meets: added or corrected once they know who they are."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from interview_prep.web.form_view import FormView

if TYPE_CHECKING:
    from interview_prep.domain.models import Interview


def people_view(
    interview: Interview, rows: list[dict[str, Any]] | None = None, errors: dict[str, list[str]] | None = None
) -> tuple[FormView, list[dict[str, Any]]]:
    """The form that changes who the candidate meets: its view (errors by row) and its rows, one left empty."""
    from interview_prep.web.form import rows_with_one_blank

    if rows is None:
        rows = [
            {"name": p.name, "title": p.title or "", "relationship": p.relationship, "met_before": p.met_before}
            for p in interview.interviewers
        ]
        rows = rows_with_one_blank(rows)
    view = FormView("p", {}, errors or {})
    view.anchors = {"interviewers": view.id("interviewers[0].name"), "form": view.id("interviewers[0].name")}
    return view, rows
