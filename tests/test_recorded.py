"""A recorded video interview (HireVue, Sonru…: `includes` `recorded`): the questions come on screen and the candidate
films the answers with no one live. Nothing the candidate reads assumes someone to talk with, ask or close with: no
questions to ask, no "Close the conversation clearly", no "Join five minutes early", no names to ask for; the
thank-you thanks for the chance to answer, never for "meeting with me", "our conversation" or "everything I heard"."""

from __future__ import annotations

import datetime as dt

import pytest
from interview_prep.domain.digest import render_digest, render_guide
from interview_prep.domain.drafts import build_drafts, render_thank_you
from interview_prep.domain.mail import Links

from tests.sample_interviews import northwind_at, person

NOW = dt.datetime(2027, 3, 8, 14, 0, tzinfo=dt.UTC)
LINKS = Links(manage_url="https://prep.example/manage/t", unsubscribe_url="https://prep.example/unsubscribe/t")
LIVE = ("QUESTIONS TO ASK", "Ask ", "Close the conversation", "Join five minutes early", "the name of everyone",
        "not named yet", "with each of them", "on the call", "Watch how people treat each other",
        "what you talked about", "push back on purpose")  # fmt: skip
LIVE_IN_DRAFTS = ("meeting with me", "speaking with me", "conversation", "talking with", "Talking with",
                  "Everything I heard", "Thanks for talking", "our talk", "our exchange")  # fmt: skip


def _recorded(round: int = 1, final: bool = False, people: list[dict] | None = None, **fields: object):
    return northwind_at(
        NOW, "Europe/London", hours=100, format="video", location="https://app.hirevue.com/interviews/1",
        includes=["recorded"], interviewers=people or [], round=round, final_round=final, **fields,
    )  # fmt: skip


@pytest.mark.parametrize(("round", "final"), [(1, False), (2, False), (2, True)])
def test_the_digest_assumes_no_one_live(round: int, final: bool) -> None:
    interview = _recorded(round, final)
    digest = render_digest(interview, LINKS, NOW)
    guide = render_guide(interview, LINKS, NOW).text
    for text in (digest.text, guide):
        assert not [said for said in LIVE if said in text], [said for said in LIVE if said in text]
        assert "How:   Recorded video interview, 1 hour" in text and "Video call" not in text
        assert "With:  no one live" in text
    assert "each question appears on screen and you film your answer with no one on the other side" in digest.text
    assert "No one live" in digest.html and "Not named yet" not in digest.html
    assert "Practise a few likely questions aloud against a timer" in guide
    assert "Talk to the lens as you would to a person" in guide
    assert "Record from a quiet, well-lit spot, well ahead of any deadline" in guide


def test_a_live_video_call_is_unchanged() -> None:
    live = northwind_at(NOW, "Europe/London", format="video", location="https://zoom.us/j/1", interviewers=[])
    guide = render_guide(live, LINKS, NOW).text
    assert "QUESTIONS TO ASK" in guide and "Join five minutes early" in guide and "no one live" not in guide
    assert "film your answer" not in guide


def test_the_thank_you_thanks_for_the_chance_to_answer() -> None:
    said = set()
    for number in range(12):  # each interview draws its own phrasing: none of them speaks of a conversation
        notes = {"team": {"topics": ["teamwork", "why consulting"]}}
        interview = _recorded(id=f"{number:032x}", notes=notes)
        (draft,) = build_drafts(interview)
        assert draft.interviewer is None and draft.body.startswith("Dear Northwind hiring team,")
        assert not [phrase for phrase in LIVE_IN_DRAFTS if phrase in draft.body + draft.subject]
        assert "I particularly enjoyed the questions on teamwork and why consulting." in draft.body
        said.add(draft.body.split("\n\n")[1].split(".")[0])
    assert said == {
        "Thank you for the chance to answer your questions on video",
        "Thank you for inviting me to record a video interview",
    }


def test_a_recorded_interview_with_a_named_recruiter_is_thanked_the_same_way() -> None:
    people = [person("recruiter", name="Julie Roy", met_before=True)]
    interview = _recorded(
        people=people, notes={"interviewers": [{"name": "Julie Roy", "topics": ["customer service"]}]}
    )
    guide = render_guide(interview, LINKS, NOW).text
    assert "Ask Julie Roy" not in guide and "QUESTIONS TO ASK" not in guide
    # Whoever reviews the answers later is not met in it: no "met before, go deeper", no one "you will meet".
    assert "With:  no one live" in guide and "WHO YOU WILL MEET" not in guide and "You have met" not in guide
    (draft,) = build_drafts(interview)
    assert draft.body.startswith("Dear Julie Roy,") and "questions on customer service" in draft.body
    assert not [phrase for phrase in LIVE_IN_DRAFTS if phrase in draft.body + draft.subject]


@pytest.mark.parametrize(
    ("zone", "interview_word"), [("Europe/Paris", "un entretien"), ("America/Toronto", "une entrevue")]
)
def test_the_french_emails(zone: str, interview_word: str) -> None:
    interview = _recorded(language="fr", timezone=zone, notes={"team": {"topics": ["le travail en équipe"]}})
    guide = render_guide(interview, LINKS, NOW).text.replace("\u202f", " ").replace("\xa0", " ")
    assert "Avec :   personne en direct" in guide and "QUESTIONS À POSER" not in guide
    assert "vous filmez votre réponse sans personne en face" in guide
    bodies = [build_drafts(_recorded(language="fr", timezone=zone, id=f"{n:032x}"))[0].body for n in range(12)]
    assert any(f"Merci pour l’invitation à enregistrer {interview_word} vidéo." in body for body in bodies)
    assert not [body for body in bodies if "Tout ce que j’ai entendu" in body or "notre échange" in body.casefold()]
    email = render_thank_you(interview, build_drafts(interview), LINKS).text.replace("\u202f", " ").replace("\xa0", " ")
    assert "J’ai particulièrement apprécié les questions sur le travail en équipe." in email


@pytest.mark.parametrize(
    ("language", "zone"), [("en", "Europe/London"), ("fr", "Europe/Paris"), ("fr", "America/Toronto")]
)
def test_the_confirmation_promises_no_questions_to_ask(language: str, zone: str) -> None:
    from interview_prep.domain import clock
    from interview_prep.domain.confirmation import render_confirmation

    links = Links(manage_url=LINKS.manage_url, unsubscribe_url=LINKS.unsubscribe_url, confirm_url="https://p/c")
    with clock.frozen(NOW):
        recorded = render_confirmation(_recorded(language=language, timezone=zone), links)
        live = render_confirmation(northwind_at(NOW, zone, hours=100, language=language), links)
    for email in (recorded.text, recorded.html):
        said = email.replace("\u202f", " ").replace("\xa0", " ")
        assert "to ask" not in said and "celles à poser" not in said
        assert ("the questions to expect, and a calendar file" in said) or (
            "auxquelles vous attendre et un fichier" in said
        )
    assert "to ask" in live.text or "celles à poser" in live.text
