"""Interviewers listed before anyone named them: "TBC", « À confirmer », "Hiring Manager (TBC)" typed where the name
goes. Nothing may say such a placeholder as a name ("Dear TBC,", "Ask To be confirmed:", "Look TBC up"): the emails
say the person by their post — the one typed with the placeholder, else their job title, else their relationship
("Hiring Manager", « Responsable du poste ») — as a post typed for a name is said (`domain.posts`), and the drafts
leave the name for the candidate to write. The stored interview keeps what was typed."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from interview_prep.domain import posts

if TYPE_CHECKING:
    from interview_prep.domain.models import Interview, Interviewer

# The post a person not named yet is said by when nothing typed names one: each is a post to `posts.names_a_role`.
_BY_RELATIONSHIP = {
    "en": {
        "hiring_manager": "Hiring Manager",
        "recruiter": "Recruiter",
        "hr": "HR Representative",
        "team_member": "Team Member",
        "executive": "Senior Leader",
        "other": "Interviewer",
    },
    "fr": {
        "hiring_manager": "Responsable du poste",
        "recruiter": "Chargé de recrutement",
        "hr": "Responsable RH",
        "team_member": "Membre de l’équipe",
        "executive": "Membre de la direction",
        "other": "Interlocuteur",
    },
}


def stand_in(person: Interviewer, *, french: bool) -> str | None:
    """The post `person` is said by when their name is not given yet ("Hiring Manager" for "Hiring Manager (TBC)",
    "Senior Data Engineer" for "TBC" with that title, "Interviewer" for "TBC" alone); None for a person named."""
    if not posts.unnamed(person.name):
        return None
    if post := posts.unnamed_post(person.name):
        return post
    if person.title and posts.names_a_role(person.title) and not posts.names_a_group(person.title):
        return person.title
    return _BY_RELATIONSHIP["fr" if french else "en"][person.relationship]


def as_said(interview: Interview) -> tuple[Interview, frozenset[str]]:
    """`interview` as its emails say it, with the names of the people not named yet: each said by their post
    (`stand_in`; numbered when two share one: "Team Member 1", "Team Member 2"), their title dropped when it became
    the name, and the notes about them under that name. Also the names given so. The same interview when everyone
    is named."""
    french = interview.locale.french
    said = [stand_in(person, french=french) for person in interview.interviewers]
    if not any(said):
        return interview, frozenset()
    named = Counter(name for name in said if name)
    seen: Counter[str] = Counter()
    people: list[Interviewer] = []
    renamed: dict[str, str] = {}
    for person, name in zip(interview.interviewers, said, strict=True):
        if name is None:
            people.append(person)
            continue
        seen[name] += 1
        shown = f"{name} {seen[name]}" if named[name] > 1 else name
        renamed.setdefault(person.name.casefold(), shown)
        title = None if person.title and person.title.casefold() == name.casefold() else person.title
        people.append(person.model_copy(update={"name": shown, "title": title}))
    update: dict[str, object] = {"interviewers": people}
    if interview.notes is not None:
        entries = [
            entry.model_copy(update={"name": renamed[entry.name.casefold()]})
            if entry.name.casefold() in renamed
            else entry
            for entry in interview.notes.interviewers
        ]
        update["notes"] = interview.notes.model_copy(update={"interviewers": entries})
    return interview.model_copy(update=update), frozenset(p.name for p, name in zip(people, said, strict=True) if name)
