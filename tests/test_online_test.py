"""An online test taken alone (HackerRank, Codility, SHL…: `includes` `online_test`): the platform keeps the time and no
one is live. The digest says "Online test" and "With: no one live", how such a test runs (the rules, the clock, the
system check), and nothing that assumes someone to meet, answer or ask: no questions to expect or to ask, no stories to
rehearse, no camera at eye level, no salary talk. The people named are contacts: written to after it, never "met". The
draft says the test is done, never thanks for a meeting."""

from __future__ import annotations

import datetime as dt

import pytest
from interview_prep.domain import calendar
from interview_prep.domain.confirmation import render_confirmation
from interview_prep.domain.digest import render_digest, render_guide
from interview_prep.domain.drafts import build_drafts, render_thank_you
from interview_prep.domain.mail import Links

from tests.sample_interviews import northwind_at, person

NOW = dt.datetime(2027, 3, 8, 14, 0, tzinfo=dt.UTC)
LINKS = Links(manage_url="https://prep.example/manage/t", unsubscribe_url="https://prep.example/unsubscribe/t")
CONFIRM = Links(
    manage_url="https://prep.example/manage/t",
    unsubscribe_url="https://prep.example/unsubscribe/t",
    confirm_url="https://prep.example/confirm/t",
)
LIVE = ("QUESTIONS TO ASK", "QUESTIONS YOU MAY BE ASKED", "Ask ", "Close the conversation", "Join five minutes early",
        "the name of everyone", "not named yet", "WHO YOU WILL MEET", "You have met", "camera at eye level",
        "Rehearse your answers aloud", "short stories", "Prepare answers to the questions", "Salary", "salary",
        "A first interview checks", "Video call", "push back on purpose")  # fmt: skip
LIVE_IN_DRAFTS = ("meeting with me", "speaking with me", "conversation", "talking with", "Talking with",
                  "Everything I heard", "our talk", "video call")  # fmt: skip


def _online(round: int = 1, people: list[dict] | None = None, **fields: object):
    where = {"format": "video", "location": "https://app.codility.com/test/1", **fields}
    return northwind_at(
        NOW, "Europe/London", hours=100, includes=["online_test"], interviewers=people or [], round=round, **where
    )


@pytest.mark.parametrize(("round", "people"), [(1, []), (2, [person("recruiter", met_before=True, name="Emma Price")])])
def test_the_digest_is_for_a_test_taken_alone(round: int, people: list[dict]) -> None:
    interview = _online(round, people, salary={"min": 40000, "max": 50000, "currency": "GBP", "period": "year"})
    digest = render_digest(interview, LINKS, NOW)
    guide = render_guide(interview, LINKS, NOW).text
    for text in (digest.text, guide):
        assert not [said for said in LIVE if said in text], [said for said in LIVE if said in text]
        assert "How:   Online test, 1 hour" in text and "With:  no one live" in text
        assert "An online test runs without anyone: the platform keeps the time" in text
    assert "No one live" in digest.html and "Emma Price" not in digest.html
    assert "Practise on questions of the same kind against a timer" in guide
    assert "run the platform's system check" in guide
    assert "Keep an eye on the clock" in guide and "some platforms record the screen" in guide
    assert "note what the test covered and where you got stuck" in guide
    assert "With:" not in calendar.description(interview)  # the contact is not met in it


def test_a_test_at_a_test_centre_keeps_its_journey() -> None:
    interview = _online(format="in_person", location="Pearson VUE, 1 Main St, Leeds")
    guide = render_guide(interview, LINKS, NOW).text
    assert "How:   In person, 1 hour, with an online test" in guide
    assert "Leave with a margin" in guide and "system check" not in guide
    assert "An online test runs without anyone" in guide


def test_the_confirmation_promises_advice_for_the_test() -> None:
    email = render_confirmation(_online(), CONFIRM).text
    assert "advice for this online test and a calendar file" in email and "questions to expect" not in email


def test_the_draft_says_the_test_is_done() -> None:
    said = set()
    for number in range(12):  # each interview draws its own phrasing: none of them speaks of a meeting
        notes = {"team": {"topics": ["SQL", "algorithms"]}}
        (draft,) = build_drafts(_online(id=f"{number:032x}", notes=notes))
        assert draft.body.startswith("Dear Northwind hiring team,")
        assert not [phrase for phrase in LIVE_IN_DRAFTS if phrase in draft.body + draft.subject]
        assert "Its questions on SQL and algorithms were a good way to show what I can do." in draft.body
        assert draft.subject in (
            "Online test completed — Operations Analyst",
            "My online test for the Operations Analyst role",
        )
        said.add(draft.body.split("\n\n")[1].split(".")[0])
    assert said == {
        "Thank you for inviting me to take your online test: I have now completed it",
        "I have now completed the online test, and I wanted to thank you for the invitation",
    }


def test_the_thank_you_email_asks_for_the_questions_topics() -> None:
    interview = _online()
    email = render_thank_you(interview, build_drafts(interview), LINKS)
    assert "Add the topics of the questions in your notes, and the draft follows" in email.text
    assert "what you talked about" not in email.text and "what you talked about" not in email.html


@pytest.mark.parametrize(("zone", "word"), [("Europe/Paris", "l’entretien"), ("America/Toronto", "l’entrevue")])
def test_the_french_emails(zone: str, word: str) -> None:
    interview = _online(language="fr", timezone=zone, notes={"team": {"topics": ["les algorithmes"]}})
    guide = render_guide(interview, LINKS, NOW).text.replace("\u202f", " ").replace("\xa0", " ")
    assert "Format : Test en ligne, 1 heure" in guide and "Avec :   personne en direct" in guide
    assert "Un test en ligne se déroule sans personne" in guide and "QUESTIONS À POSER" not in guide
    bodies = [build_drafts(_online(language="fr", timezone=zone, id=f"{n:032x}"))[0].body for n in range(12)]
    assert any("J’ai maintenant terminé le test en ligne" in body for body in bodies)
    assert not [body for body in bodies if "notre échange" in body.casefold() or "entretien" in body]
    email = render_thank_you(interview, build_drafts(interview), LINKS).text.replace("\u202f", " ")
    assert "Ses questions sur les algorithmes m’ont permis de montrer ce que je sais faire." in email
    confirmation = render_confirmation(_online(language="fr", timezone=zone), CONFIRM).text.replace("\u202f", " ")
    assert f"avant {word}" in confirmation and "des conseils pour ce test en ligne" in confirmation
