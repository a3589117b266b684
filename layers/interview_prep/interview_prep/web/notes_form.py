"""The notes form of the manage page: what the candidate wrote after the interview, read back and checked.

Each person's topics, promises, concerns, given name and questions with answers come from their own boxes (when the
interview names no one, one set of boxes for the people met, without a given name: `team`); an error is placed next
to the box it concerns.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from interview_prep.domain.i18n import N_
from interview_prep.web.form_view import FormView, add_error
from interview_prep.web.pages import (
    one_value,
    say,
)

if TYPE_CHECKING:
    from interview_prep.domain.models import Interview, TeamNotes

# The boxes for the people met when the interview names no one: the one draft to the hiring team uses them.
TEAM = "team"


def team_boxes(interview: Interview) -> bool:
    """Whether the form shows the hiring team's boxes: when no one is named, or to hold the notes written for the team
    before people were named."""
    return not interview.interviewers or interview.team_notes_left is not None


# --- manage ----------------------------------------------------------------------------------------------------


def notes_view(
    interview: Interview, values: dict[str, str] | None = None, errors: dict[str, list[str]] | None = None
) -> FormView:
    if values is None:
        values = {}
        notes = interview.notes
        if notes is not None:
            values["text"] = notes.text or ""
            values["follow_ups"] = "\n".join(notes.follow_ups)
            held: list[tuple[str, TeamNotes | None]] = [
                (f"interviewers[{index}]", notes.for_interviewer(person.name))
                for index, person in enumerate(interview.interviewers)
            ]
            if team_boxes(interview):
                held.append((TEAM, notes.team))
            for k, entry in held:
                if entry is not None:
                    values[f"{k}.topics"] = "\n".join(entry.topics)
                    values[f"{k}.promised"] = "\n".join(entry.promised)
                    values[f"{k}.concerns"] = "\n".join(entry.concerns)
                    values[f"{k}.given_name"] = getattr(entry, "given_name", None) or ""
                    for number, raised in enumerate(entry.questions):
                        values[f"{k}.questions[{number}].question"] = raised.question
                        values[f"{k}.questions[{number}].answer"] = raised.answer or ""
    view = FormView("n", values, errors or {})
    view.anchors = {"form": view.id("text")}
    return view


def nonblank_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


NOTES_LIST_PARTS = ("topics", "promised", "concerns")
NOTES_PART_LABELS = {
    "topics": N_("Topics with %(person)s"),
    "promised": N_("What you promised %(person)s"),
    "concerns": N_("Concerns with %(person)s"),
    "given_name": N_("How to greet %(person)s"),
    "question": N_("%(person)s's question"),
    "answer": N_("Your answer to %(person)s"),
}
# The hiring team's boxes name no one: their errors take the boxes' own labels.
TEAM_PART_LABELS = {
    "topics": N_("Topics you talked about"),
    "promised": N_("What you promised to send them"),
    "concerns": N_("Doubts they raised"),
    "question": N_("A question they asked"),
    "answer": N_("Your answer, written to them"),
}
QUESTION_ROWS = 2  # question-and-answer pairs shown per person (more when the notes already hold more)
MAX_QUESTIONS = 5  # as many as InterviewerNotes.questions holds


def question_rows(interview: Interview) -> int:
    notes = interview.notes
    held = [len(n.questions) for n in (*notes.interviewers, *([notes.team] if notes.team else []))] if notes else []
    return min(max([QUESTION_ROWS, *(count + 1 for count in held)]), MAX_QUESTIONS)


def notes_entry(
    form: dict[str, list[str]], k: str, name: str | None, values: dict[str, str], errors: dict[str, list[str]]
) -> dict[str, Any] | None:
    """One person's notes as posted, or the hiring team's when `name` is None (None when every box is empty); what
    was typed is kept in `values`, and an answer without its question is an error in `errors`."""
    entry: dict[str, Any] = {} if name is None else {"name": name}
    parts = NOTES_LIST_PARTS if name is None else (*NOTES_LIST_PARTS, "given_name")
    for part in parts:
        values[f"{k}.{part}"] = one_value(form, f"{k}.{part}")
    for part in NOTES_LIST_PARTS:
        entry[part] = nonblank_lines(values[f"{k}.{part}"])
    if name is not None and values[f"{k}.given_name"].strip():
        entry["given_name"] = values[f"{k}.given_name"]
    questions = []
    for number in range(MAX_QUESTIONS):
        question, answer = (one_value(form, f"{k}.questions[{number}].{part}") for part in ("question", "answer"))
        values[f"{k}.questions[{number}].question"], values[f"{k}.questions[{number}].answer"] = question, answer
        if answer.strip() and not question.strip():
            label = _part_label("question", name)
            missing = say("%(label)s is missing: add what this answer replies to", label=label)
            add_error(errors, f"{k}.questions[{number}].question", missing)
        elif question.strip():
            questions.append({"question": question, **({"answer": answer} if answer.strip() else {})})
    entry["questions"] = questions
    return entry if any(entry[part] for part in (*NOTES_LIST_PARTS, "questions")) or "given_name" in entry else None


# A notes field of one person (`interviewers[n]`, n counting the entries posted) or of the hiring team (`team`): a list
# box and its line, or one question-and-answer pair.
_NOTES_FIELD = re.compile(
    r"^(?:interviewers\[(?P<who>\d+)\]|team)\."
    r"(?:(?P<part>topics|promised|concerns|given_name)(?:\[(?P<line>\d+)\])?"
    r"|questions\[(?P<pair>\d+)\](?:\.(?P<side>question|answer))?)"
)


def _part_label(part: str, person: str | None) -> str:
    """How an error names a box: `Topics with Dana Lee`, or the box's own label among the hiring team's."""
    return say(NOTES_PART_LABELS[part], person=person) if person else say(TEAM_PART_LABELS[part])


def _owner(match: re.Match[str], interview: Interview, positions: list[int]) -> tuple[str, str | None] | None:
    """Whose boxes a notes field is in: their key and the person (None for the hiring team), or None if no one's."""
    if match["who"] is None:
        return (TEAM, None) if match["part"] != "given_name" else None  # the team is greeted by no name
    if int(match["who"]) >= len(positions):
        return None
    index = positions[int(match["who"])]
    return f"interviewers[{index}]", interview.interviewers[index].name


def notes_place(field: str, interview: Interview, positions: list[int]) -> tuple[str, str]:
    """The notes form's control for an error about `field`, and how to name it."""
    match = _NOTES_FIELD.match(field)
    owner = _owner(match, interview, positions) if match else None
    if match and owner:
        key, person = owner
        if match["part"]:
            line = say(", line %(number)s,", number=int(match["line"]) + 1) if match["line"] else ""
            return f"{key}.{match['part']}", _part_label(match["part"], person) + line
        side = match["side"] or "question"
        return f"{key}.questions[{match['pair']}].{side}", _part_label(side, person)
    match = re.match(r"^follow_ups(?:\[(\d+)\])?", field)
    if match:
        line = say(", line %(number)s,", number=int(match.group(1)) + 1) if match.group(1) else ""
        return "follow_ups", say("Follow-ups") + line
    return "text", say("Your notes")
