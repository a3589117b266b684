"""Interviewers listed before anyone named them: "TBC", « À confirmer », "Hiring Manager (TBC)" typed where the name
goes. Nothing may say such a placeholder as a name ("Dear TBC,", "Ask To be confirmed:", "Look TBC up"): the emails
say the person by their post — the one typed with the placeholder, else their job title, else their relationship
("Hiring Manager", « Responsable du poste ») — as a post typed for a name is said (`domain.posts`), and the drafts
leave the name for the candidate to write (`names.as_said`). The stored interview keeps what was typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from interview_prep.domain import posts

if TYPE_CHECKING:
    from interview_prep.domain.models import Interviewer

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
