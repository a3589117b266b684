"""A school's pupils on the panel ("Pupil panel", "School council", « Conseil des élèves »): children. The digest gives
them questions a child can answer and no adult's ("Is there anything in my background that makes you hesitate?"),
labels them nobody's colleague, and their thank-you is a short note in plain words for the school to pass on — no
references offered, no "decision", no "Dear Pupil panel, I remain very interested in joining…"."""

from __future__ import annotations

import datetime as dt

import pytest
from interview_prep.domain import calendar
from interview_prep.domain.digest import render_digest, render_guide
from interview_prep.domain.drafts import build_drafts, reminders, render_thank_you
from interview_prep.domain.facts import person_facts
from interview_prep.domain.mail import Links
from interview_prep.domain.models import Interviewer
from interview_prep.domain.posts import names_pupils

from tests.sample_interviews import northwind_at, person

NOW = dt.datetime(2027, 3, 8, 14, 0, tzinfo=dt.UTC)
LINKS = Links(manage_url="https://prep.example/manage/t", unsubscribe_url="https://prep.example/unsubscribe/t")
ADULT_ASKS = ("makes you hesitate", "What part would you play", "How will success in this role be measured")


@pytest.mark.parametrize(
    "name",
    ["Pupil panel", "School council", "School Council", "Children's panel", "Year 6 pupils", "Pupil Voice",
     "Kids panel", "Jury d’élèves", "Conseil des élèves", "Comité d’élèves", "Panel d'enfants"],
)  # fmt: skip
def test_a_group_of_pupils_is_children(name: str) -> None:
    facts = person_facts(Interviewer(name=name, relationship="other"))
    assert names_pupils(name) and {"person:pupils", "person:group"} <= facts


@pytest.mark.parametrize(
    "name",
    # a university's students, groups of adults, and one person whose post or name only mentions children
    ["Student panel", "Recruitment Team", "Parish council", "Board of Governors", "Children's Services Manager",
     "Children Services Manager", "Pupil panel chair", "Sarah Childers", "Kidston Smith", "Head of Children's Services"],
)  # fmt: skip
def test_adults_and_one_person_are_not(name: str) -> None:
    assert not names_pupils(name)
    assert "person:pupils" not in person_facts(Interviewer(name=name, relationship="other"))


def _school(language: str = "en", pupils: str = "Pupil panel", relationship: str = "other", **fields: object):
    people = [person("hiring_manager", name="Janet Cole"), person(relationship, name=pupils)]
    where = {"company": {"name": "Oakfield Primary School"}, **fields}
    return northwind_at(
        NOW, "Europe/London", role="Year 4 Teacher", interviewers=people, language=language, **where,
    )  # fmt: skip


def _block(text: str, heading: str) -> str:
    """One person's part of the digest's WHO YOU WILL MEET: from their heading to the next blank line (French
    spacing as plain spaces)."""
    return _plain(text).split("\n" + heading, 1)[1].split("\n\n", 1)[0]


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


@pytest.mark.parametrize("relationship", ["other", "team_member"])
def test_the_digest_asks_pupils_what_a_child_can_answer(relationship: str) -> None:
    interview = _school(relationship=relationship)
    for text in (render_digest(interview, LINKS, NOW).text, render_guide(interview, LINKS, NOW).text):
        pupils = _block(text, "Pupil panel")
        assert pupils.startswith(" (new to you)")  # nobody's "future colleague", nor an "interviewer"
        assert "What do you like most about your school?" in pupils
        assert "If you could change one thing about your school, what would it be?" in pupils
        assert not [ask for ask in ADULT_ASKS if ask in pupils]
        assert "With:  Janet Cole (hiring manager), Pupil panel\n" in text
    guide = render_guide(interview, LINKS, NOW).text
    assert "With the Pupil panel, use plain words and short answers" in _block(guide, "Pupil panel")
    # The adult beside them is asked as before, and is not given the children's questions.
    assert "about your school" not in _block(guide, "Janet Cole")
    assert "Ask Janet Cole:" in _block(guide, "Janet Cole") or "Ask Ms Cole:" in _block(guide, "Janet Cole")


@pytest.mark.parametrize(
    ("employer", "children"),
    [("Oakfield Primary School", True), ("Hillside Academy", True), ("King Edward VI Grammar School", True),
     ("Lycée Victor Hugo", True), ("University of Leeds", False), ("London Business School", False),
     ("Royal Academy of Music", False), ("Leeds City College", False)],
)  # fmt: skip
def test_a_student_panel_is_children_at_a_school_only(employer: str, children: bool) -> None:
    """ "Student panel" is what a secondary school usually calls its pupils on a panel, and also a university's
    students: children at a school whose pupils are children, adults anywhere else."""
    interview = _school(pupils="Student panel", relationship="team_member", company={"name": employer})
    guide = render_guide(interview, LINKS, NOW).text
    assert ("about your school" in guide and "plain words" in guide) is children
    assert ("makes you hesitate" not in _block(guide, "Student panel")) or not children
    drafts = {draft.interviewer: draft for draft in build_drafts(interview)}
    assert ("I would love to work at your school." in drafts["Student panel"].body) is children
    assert ("Student panel (" not in calendar.description(interview)) is children


def test_the_french_digest_asks_pupils_in_french() -> None:
    interview = _school(language="fr", pupils="Conseil des élèves", timezone="Europe/Paris")
    guide = render_guide(interview, LINKS, NOW).text
    pupils = _block(guide, "Conseil des élèves")
    assert pupils.startswith(" (première rencontre)")
    assert "À demander au Conseil des élèves :" in pupils
    assert "Qu’est-ce que vous aimez le plus dans votre école ?" in pupils
    assert "Avec le Conseil des élèves, employez des mots simples" in pupils
    assert "hésiter" not in pupils


def test_the_calendar_lists_pupils_without_a_relationship() -> None:
    description = calendar.description(_school(relationship="team_member"))
    assert "Pupil panel;" in description or "Pupil panel." in description
    assert "Pupil panel (" not in description


def _notes(**pupils: object) -> dict:
    return {
        "interviewers": [{"name": "Janet Cole", "topics": ["the phonics scheme"]}, {"name": "Pupil panel", **pupils}]
    }


def test_the_thank_you_to_pupils_is_a_short_note_for_children() -> None:
    notes = _notes(topics=["the school garden", "my favourite book"], promised=["send the book list"])
    interview = _school(notes=notes)
    adult, pupils = build_drafts(interview)
    assert pupils.interviewer == "Pupil panel"
    assert pupils.subject == "A thank-you note for the Pupil panel"
    assert pupils.body.startswith("Dear Pupil Panel,\n\nThank you for")
    assert "talking with you about the school garden" in pupils.body
    assert "tell you about my favourite book" in pupils.body  # what they asked about
    assert "As promised, [attach or paste: the book list]." in pupils.body
    assert "I would love to work at your school." in pupils.body
    assert pupils.body.endswith("Best wishes,\nAlex Morgan") or pupils.body.split("\n")[-2] == "Best wishes,"
    for adult_words in ("decision", "references", "Oakfield Primary School", "Year 4 Teacher", "hiring", "position"):
        assert adult_words not in pupils.body
    assert len(pupils.body.split()) < 80
    # The adult's draft is an adult's.
    assert "the phonics scheme" in adult.body and "your school" not in adult.body
    # "my favourite book" is in the pupils' draft: not left with the candidate as "about you".
    assert not [r for r in reminders(interview) if r.text == "my favourite book"]


def test_an_adult_is_not_told_about_the_candidate() -> None:
    notes = {"interviewers": [{"name": "Janet Cole", "topics": ["my favourite book"]}]}
    interview = _school(notes=notes)
    assert "my favourite book" not in build_drafts(interview)[0].body
    assert [r.kind for r in reminders(interview) if r.text == "my favourite book"] == ["about_you"]


def test_a_school_s_own_teacher_says_our_school() -> None:
    drafts = build_drafts(_school(internal_candidate=True, notes=_notes(topics=["the reading scheme"])))
    assert "I would love to do this new job at our school." in drafts[1].body
    assert "your school" not in drafts[1].body


def test_the_french_thank_you_to_pupils() -> None:
    notes = {"interviewers": [{"name": "Conseil des élèves", "topics": ["le club d’échecs", "mes voyages"]}]}
    interview = _school(language="fr", pupils="Conseil des élèves", timezone="Europe/Paris", notes=notes)
    pupils = build_drafts(interview)[1]
    pupils = pupils.__class__(pupils.interviewer, _plain(pupils.subject), _plain(pupils.body))
    assert pupils.subject == "Un mot de remerciement pour le Conseil des élèves"
    assert pupils.body.startswith("Bonjour à toutes et à tous,\n\nMerci")
    assert "notre discussion sur le club d’échecs" in pupils.body or "notre échange sur le club d’échecs" in pupils.body
    assert "vous parler de mes voyages" in pupils.body
    assert "J’aimerais beaucoup travailler dans votre école." in pupils.body
    assert "Madame, Monsieur" not in pupils.body and "décision" not in pupils.body
    email = _plain(render_thank_you(interview, build_drafts(interview), LINKS).text)
    assert "Le brouillon pour le Conseil des élèves s’adresse à des enfants : envoyez-le à votre contact" in email


def test_the_email_says_the_school_passes_the_note_on() -> None:
    interview = _school(notes=_notes(topics=["the school garden"]))
    email = render_thank_you(interview, build_drafts(interview), LINKS)
    said = "The draft to the Pupil panel is written for children: send it to your contact at the school"
    assert said in email.text and said in email.html
    adults = _school(
        pupils="Student panel", notes=_notes(topics=["the school garden"]), company={"name": "University of Leeds"}
    )
    assert "written for children" not in render_thank_you(adults, build_drafts(adults), LINKS).text
