"""Interviewers listed before anyone named them ("TBC", « À confirmer », "Hiring Manager (TBC)"): no email says the
placeholder as a name ("Dear TBC,", "Ask To be confirmed:", "Look TBC up"). They are said by their post, the digest
asks the contact for the names, and the drafts leave the name for the candidate to write."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from interview_prep.domain import clock, posts
from interview_prep.domain.calendar import description
from interview_prep.domain.confirmation import render_confirmation
from interview_prep.domain.digest import render_digest, render_guide
from interview_prep.domain.drafts import build_drafts, render_thank_you
from interview_prep.domain.language import in_french_sentence
from interview_prep.domain.mail import Links
from interview_prep.domain.models import Interview
from interview_prep.domain.names import as_said

from tests.sample_interviews import northwind_at

NOW = dt.datetime(2027, 3, 8, 14, 0, tzinfo=dt.UTC)
LINKS = Links(manage_url="https://prep.example/manage/tok", unsubscribe_url="https://prep.example/unsub/tok")


def make(people: list[dict[str, Any]], *, french: bool = False, notes: dict[str, Any] | None = None) -> Interview:
    zone = "Europe/Paris" if french else "America/Toronto"
    extra = {"language": "fr"} if french else {}
    return northwind_at(NOW, zone, notes=notes, round=2, interviewers=people, format="video", **extra)


def who(name: str, relationship: str, title: str | None = None) -> dict[str, Any]:
    return {"name": name, "relationship": relationship, **({"title": title} if title else {})}


def said(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


@pytest.mark.parametrize(
    ("name", "holds"),
    [
        ("TBC", True),
        ("tbd", True),
        ("To be confirmed", True),
        ("(TBA)", True),
        ("?", True),
        ("À confirmer", True),
        ("Nom à venir", True),
        ("Hiring Manager (TBC)", True),
        ("Engineer TBC", True),
        ("Responsable du poste - à confirmer", True),
        ("Tabitha Brown", False),
        ("Na", False),  # a family name, not "n/a"
        ("Raj Patel (TBC)", False),  # a person named, whose presence is to be confirmed
        ("Hiring Manager", False),  # a post: `names_a_role`
    ],
)
def test_a_name_not_given_yet_is_read_as_such(name: str, holds: bool):
    assert posts.unnamed(name) is holds


@pytest.mark.parametrize(
    ("name", "holds"),
    [
        ("Senior Data Engineer", True),
        ("Staff Nurse", True),
        ("Team Member", True),
        ("Développeur senior", True),
        ("Ingénieure backend", True),
        ("Grace Engineer", False),
        ("Mark Nurse", False),
    ],
)
def test_a_job_title_typed_for_a_name_is_a_post(name: str, holds: bool):
    """Trades are posts too when nothing else is typed ("Senior Data Engineer"); a person whose family name is a
    trade is a person."""
    assert posts.names_a_role(name) is holds


def test_a_panel_member_is_a_post_not_a_group():
    assert not posts.names_a_group("Team Member") and not posts.names_a_group("Independent Panel Member")
    assert posts.names_a_group("Student panel") and posts.names_a_group("Recruitment Team")


def test_french_posts_take_their_article_and_elide_it():
    """The article is the post's (its gender, `posts.french_article`); its elision is French's, decided once
    (`language.elides`)."""
    assert in_french_sentence("Ingénieure backend") == "l’Ingénieure backend"
    assert posts.french_article("Ingénieure backend") == "la " and posts.french_feminine("Ingénieure backend")
    assert in_french_sentence("Développeur senior") == "le Développeur senior"
    assert posts.french_article("Développeur senior") == "le " and not posts.french_feminine("Développeur senior")
    assert in_french_sentence("Chargée de recrutement") == "la Chargée de recrutement"
    assert posts.french_article("Chargée de recrutement") == "la "


PANEL = [
    who("Helen Price", "hiring_manager", "Engineering Manager"),
    who("TBC", "team_member", "Senior Data Engineer"),
    who("To be confirmed", "other"),
]


def test_the_digest_says_people_not_named_yet_by_their_post_and_asks_for_the_names():
    interview = make(PANEL)
    for text in (render_digest(interview, LINKS, NOW).text, render_guide(interview, LINKS, NOW).text):
        assert "TBC" not in text and "To be confirmed" not in text
        assert "Senior Data Engineer (future colleague, name not given yet)" in text
        assert "Ask the Senior Data Engineer:" in text and "Ask the Interviewer:" in text
        assert "the name of everyone you will meet" in text
        assert "Look up" not in text or "Look up Helen Price before" in text
        assert "Look the Senior" not in text and "Look the Interviewer" not in text
    assert "Look up Helen Price" in render_guide(interview, LINKS, NOW).text


def test_the_drafts_leave_the_name_to_write_and_keep_the_notes():
    notes = {"interviewers": [{"name": "TBC", "topics": ["dbt testing"]}, {"name": "Helen Price", "topics": ["Kafka"]}]}
    interview = make(PANEL, notes=notes)
    drafts = build_drafts(interview)
    assert [d.body.split("\n")[0] for d in drafts] == ["Dear Helen Price,", "Dear [their name],", "Dear [their name],"]
    assert "dbt testing" in drafts[1].body  # the notes typed under "TBC" still reach its draft
    email = render_thank_you(interview, drafts, LINKS)
    assert "to the Senior Data Engineer ====" in email.text and "to TBC" not in email.text
    assert "Complete every part in [square brackets]" in email.text
    assert (
        "The Senior Data Engineer and the Interviewer had no names when you recorded the interview: put them on "
        "your interview page, and the drafts greet each by name: https://prep.example/manage/tok#s-people"
    ) in email.text
    assert "#s-people" in email.html and "TBC" not in email.html
    # A greeting name noted for them is used as for anyone else (a future colleague's draft is warm).
    noted = {"interviewers": [{"name": "TBC", "given_name": "Priya", "topics": ["dbt testing"]}]}
    assert build_drafts(make(PANEL, notes=noted))[1].body.split("\n")[0] in ("Hi Priya,", "Hello Priya,")


def test_the_stored_interview_keeps_what_was_typed():
    interview = make(PANEL, notes={"interviewers": [{"name": "TBC", "topics": ["dbt testing"]}]})
    shown, unnamed = as_said(interview)
    assert [p.name for p in interview.interviewers] == ["Helen Price", "TBC", "To be confirmed"]
    assert [p.name for p in shown.interviewers] == ["Helen Price", "Senior Data Engineer", "Interviewer"]
    assert shown.interviewers[1].title is None  # the title became the name: not said twice
    assert unnamed == {"Senior Data Engineer", "Interviewer"}
    assert shown.notes is not None and shown.notes.interviewers[0].name == "Senior Data Engineer"
    assert as_said(make(PANEL[:1]))[0] == make(PANEL[:1])  # everyone named: the same interview


def test_two_people_not_named_with_the_same_post_are_numbered():
    shown, _ = as_said(make([who("TBC", "team_member"), who("TBD", "team_member")]))
    assert [p.name for p in shown.interviewers] == ["Team Member 1", "Team Member 2"]


def test_french_emails_say_the_post_with_its_article():
    people = [who("Sophie Bernard", "hiring_manager"), who("À confirmer", "team_member", "Développeur senior")]
    interview = make(people, french=True)
    text = said(render_digest(interview, LINKS, NOW).text)
    assert "À confirmer" not in text.replace("Demandez à votre contact de vous confirmer", "")
    assert "Développeur senior (collègue de l’équipe, nom pas encore donné)" in text
    assert "À demander au Développeur senior :" in text
    drafts = build_drafts(interview)
    assert drafts[1].body.startswith("Bonjour [prénom et nom],")
    email = said(render_thank_you(interview, drafts, LINKS).text)
    assert "Le Développeur senior n’avait pas de nom quand vous avez enregistré l’entretien" in email
    alone = make([who("À confirmer", "other")], french=True)
    assert "À demander à l’Interlocuteur :" in said(render_guide(alone, LINKS, NOW).text)


def test_calendar_and_confirmation_say_the_post():
    interview = make(PANEL)
    assert "TBC" not in description(interview) and "Senior Data Engineer" in description(interview)
    one = make([who("TBC", "hiring_manager")]).model_copy(update={"status": "pending_confirmation"})
    links = Links(manage_url=LINKS.manage_url, unsubscribe_url=LINKS.unsubscribe_url, confirm_url="https://p/c")
    with clock.frozen(NOW):
        text = render_confirmation(one, links).text
    assert "a note to the Hiring Manager, ready to edit and send" in text and "TBC" not in text
