"""Thank-you drafts: one per interviewer, personal from the notes, varied, bounded, and never inventing facts."""

from __future__ import annotations

import datetime as dt
import html
import itertools
import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from interview_prep.domain import drafts as drafts_module
from interview_prep.domain import drafts_fr, language
from interview_prep.domain.digest import render_digest
from interview_prep.domain.drafts import WORD_LIMIT, Draft, build_drafts, clip, reminders, render_thank_you
from interview_prep.domain.mail import Links
from interview_prep.domain.models import Interview
from interview_prep.domain.reported import reported_question

from tests.sample_interviews import KESTREL, stored_interview

LINKS = Links(manage_url="https://prep.example/manage/tok", unsubscribe_url="https://prep.example/unsubscribe/tok")

PANEL = [
    {"name": "Grace Hopper", "title": "VP Engineering", "relationship": "executive"},
    {"name": "Alan Turing", "title": "Staff Engineer", "relationship": "team_member", "met_before": True},
    {"name": "Chidi Okafor", "title": "Engineering Manager", "relationship": "hiring_manager"},
    {"name": "Barbara Liskov", "relationship": "hr"},
]


def make_interview(**overrides: Any) -> Interview:
    base = {"round": 2, "duration_minutes": 60, "format": "in_person", "interviewers": PANEL[:2]}
    return stored_interview(KESTREL, base, {"updated_at": "2027-01-02T00:00:00Z"}, **overrides)


NOTES = {
    "interviewers": [
        {
            "name": "Grace Hopper",
            "topics": ["the migration of the fleet software to Rust"],
            "questions": [
                {
                    "question": "about my Kubernetes experience",
                    "answer": "I have since run our staging cluster on k3s and can show you how.",
                },
                {"question": "whether I could relocate"},
            ],
            "promised": ["the write-up of my queue benchmark"],
            "concerns": ["my limited Kubernetes experience"],
        },
        {"name": "Alan Turing", "given_name": "Alan", "topics": ["pairing practices on the robotics team"]},
    ],
    "follow_ups": ["Send Alan the link to my open-source scheduler"],
}


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9']+", text.lower()))


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, tuple | list):
        return [s for v in value for s in _strings(v)]
    return []


TEMPLATE_WORDS = words(
    " ".join(s for name in dir(drafts_module) if name.isupper() for s in _strings(getattr(drafts_module, name)))
    + " ".join(language.ORDINALS)
)


def test_build_drafts_with_notes_one_per_interviewer_with_own_topics() -> None:
    drafts = build_drafts(make_interview(notes=NOTES))

    assert [d.interviewer for d in drafts] == ["Grace Hopper", "Alan Turing"]
    grace, alan = drafts
    assert grace.body.startswith("Dear Grace Hopper,")  # the name as given
    assert alan.body.splitlines()[0] in ("Hi Alan,", "Hello Alan,")  # the given name the candidate set
    assert "the migration of the fleet software to Rust" in grace.body
    assert "pairing practices" in alan.body
    assert "pairing practices" not in grace.body
    assert "Rust" not in alan.body
    assert all(d.subject and "\n" not in d.subject for d in drafts)


def test_build_drafts_without_notes_mentions_only_given_facts() -> None:
    interview = make_interview(format="video", includes=["presentation"])
    drafts = build_drafts(interview)

    given = words(json.dumps(interview.request_fields()))
    for draft in drafts:
        assert "Backend Engineer" in draft.body
        assert "Kestrel Robotics" in draft.body
        assert "video" in draft.body
        # Every word is either from the fixed phrasings or from a field the candidate gave.
        assert words(draft.body) <= TEMPLATE_WORDS | given, words(draft.body) - TEMPLATE_WORDS - given
        for invented in ("rust", "kubernetes", "pairing", "migration", "lunch", "dinner", "scheduler"):
            assert invented not in words(draft.body)
    grace, alan = drafts
    assert "leadership side" in grace.body  # the relationship, never the title pasted into a sentence
    assert "as someone on the team" in alan.body
    assert "as VP Engineering" not in grace.body and "as Staff Engineer" not in alan.body
    assert "speaking with me again" in alan.body  # met before
    assert "speaking with me again" not in grace.body


@pytest.mark.parametrize(
    ("starts_at", "minutes", "meal"),
    [
        ("2027-03-29T12:30", 60, "lunch"),
        ("2027-03-29T12:30", 30, "lunch"),
        ("2027-03-29T19:00", 90, "dinner"),
        ("2027-03-29T08:00", 60, "breakfast"),
        ("2027-03-29T09:00", 30, "the coffee"),  # half an hour at nine is a coffee, not a breakfast
        ("2027-03-29T16:00", 30, "the coffee"),
        ("2027-03-29T16:00", 60, "the meal"),
    ],
)
def test_build_drafts_meal_is_thanked_for(starts_at: str, minutes: int, meal: str) -> None:
    for notes in (None, NOTES):
        interview = make_interview(format="meal", starts_at=starts_at, duration_minutes=minutes, notes=notes)
        for draft in build_drafts(interview):
            assert any(line.format(meal=meal) in draft.body for line in drafts_module.MEAL), draft.body
    for draft in build_drafts(make_interview(format="in_person")):
        assert not words(draft.body) & {"lunch", "dinner", "breakfast", "meal"}


def test_build_drafts_question_raised_only_with_its_answer() -> None:
    grace, alan = build_drafts(make_interview(notes=NOTES))

    assert "You asked about my Kubernetes experience. I have since run our staging cluster on k3s" in grace.body
    assert "relocate" not in grace.body  # no answer given: stays a reminder for the candidate
    assert "Kubernetes" not in alan.body


def test_build_drafts_direct_question_quoted_then_answered() -> None:
    notes = {
        "interviewers": [
            {
                "name": "Grace Hopper",
                "questions": [
                    {
                        "question": "Have you led a team before?",
                        "answer": "yes: four engineers at Datacorp for two years",
                    }
                ],
            }
        ]
    }
    (grace,) = build_drafts(make_interview(interviewers=PANEL[:1], notes=notes))
    assert "You asked: “Have you led a team before?” Yes: four engineers at Datacorp for two years." in grace.body


def test_build_drafts_promise_left_for_the_candidate_to_attach() -> None:
    grace, alan = build_drafts(make_interview(notes=NOTES))

    assert "As promised, [attach or paste: the write-up of my queue benchmark]." in grace.body
    assert "queue benchmark" not in alan.body


def test_build_drafts_never_hand_concerns_or_follow_ups_to_the_interviewer() -> None:
    notes = {
        "interviewers": [
            {"name": "Grace Hopper", "concerns": ["I ran 5 minutes over time", "She doubted my SQL"]},
            {"name": "Alan Turing", "topics": ["She liked my dbt models.", "I need to send the deck"]},
        ],
        "follow_ups": ["Send Jonas the write-up of my queue benchmark", "References from my last job"],
    }
    interview = make_interview(notes=notes)
    text = " ".join(d.body for d in build_drafts(interview))
    for note in (
        "5 minutes over",
        "doubted my SQL",
        "dbt models",
        "send the deck",
        "Jonas",
        "queue benchmark",
        "References from my last job",
    ):
        assert note not in text, note
    assert "you raised" not in text.lower() and "follow up on" not in text.lower()
    reminders = render_thank_you(interview, build_drafts(interview), LINKS).text
    for note in ("I ran 5 minutes over time", "She liked my dbt models.", "Send Jonas the write-up"):
        assert note in reminders, note
    # a note in "Doubts they raised" may be the candidate's own ("I ran over"): the reminder says whose note it is,
    # not that the interviewer said it
    assert 'About Grace Hopper, you noted a doubt: "I ran 5 minutes over time".' in reminders
    assert "raised a doubt" not in reminders


def test_a_doubt_the_draft_answers_is_not_recalled_as_open() -> None:
    """ "my SQL depth", noted as a doubt beside "Is your SQL strong enough?" and its answer: the draft answers it, so the
    email does not ask the candidate to answer it again; a doubt on something else stays."""
    notes = {
        "interviewers": [
            {
                "name": "Grace Hopper",
                "concerns": ["my SQL depth", "my notice period"],
                "questions": [{"question": "Is your SQL strong enough?", "answer": "I write it daily at Datacorp."}],
            },
            {"name": "Alan Turing", "concerns": ["my SQL depth"]},
        ]
    }
    interview = make_interview(notes=notes)
    doubts = [(r.about, r.text) for r in reminders(interview) if r.kind == "concern"]
    assert doubts == [("Grace Hopper", "my notice period"), ("Alan Turing", "my SQL depth")]
    assert "I write it daily at Datacorp." in build_drafts(interview)[0].body


def test_build_drafts_no_interviewers_one_general_draft() -> None:
    drafts = build_drafts(make_interview(interviewers=[], notes={"follow_ups": ["References from my last job"]}))

    assert len(drafts) == 1
    (draft,) = drafts
    assert draft.interviewer is None
    assert draft.body.startswith("Dear Kestrel Robotics hiring team,")
    assert "Backend Engineer" in draft.body
    assert "References from my last job" not in draft.body
    assert draft.as_dict() == {"interviewer": None, "subject": draft.subject, "body": draft.body}
    email = render_thank_you(make_interview(interviewers=[]), drafts, LINKS)
    assert "Your draft: to the Kestrel Robotics hiring team =" in email.text and "to The" not in email.text


@pytest.mark.parametrize(
    ("company", "greeting"),
    [
        ("The Copper Pot", "Dear Copper Pot hiring team,"),
        ("the Department for Transport", "Dear Department for Transport hiring team,"),
        ("Theta Labs", "Dear Theta Labs hiring team,"),
    ],
)
def test_build_drafts_to_the_hiring_team_never_say_dear_the(company: str, greeting: str) -> None:
    interview = make_interview(interviewers=[], company={"name": company})
    (draft,) = build_drafts(interview)
    assert draft.body.startswith(greeting + "\n")
    email = render_thank_you(interview, [draft], LINKS)
    assert not re.search(r"\bthe the\b", email.text, re.IGNORECASE)


TEAM_NOTES = {
    "text": "Lunch with two of their data engineers.",
    "team": {
        "topics": ["the move from Airflow to Dagster", "how they plan on-call"],
        "questions": [{"question": "about my Spark experience", "answer": "I have run Spark on EMR for three years."}],
        "promised": ["my Spark tuning notes"],
        "concerns": ["my lack of Scala"],
    },
}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ("Dear Kestrel Robotics hiring team,", "the move from Airflow to Dagster", "You asked about my Spark")),
        (
            "fr",
            ("Bonjour à toute l’équipe Kestrel Robotics,", "the move from Airflow to Dagster", "Vous m’avez demandé"),
        ),
    ],
)
def test_build_drafts_no_interviewers_draft_to_the_team_written_from_the_team_notes(
    language: str, expected: tuple[str, str, str]
) -> None:
    interview = make_interview(interviewers=[], language=language, notes=TEAM_NOTES)
    (draft,) = build_drafts(interview)

    for part in expected:
        assert part in draft.body
    assert "my Spark tuning notes]" in draft.body  # a gap to attach it, in either language
    # The doubt and the free notes stay with the candidate; "how they plan on-call" speaks of them as "they".
    for private in ("Scala", "Lunch with two", "how they plan on-call"):
        assert private not in draft.body
    email = render_thank_you(interview, [draft], LINKS)
    assert "still general" not in email.text and "reste général" not in email.text
    assert "how they plan on-call" in email.text and "Scala" in email.text  # as reminders, about the hiring team
    assert (
        "For the Kestrel Robotics hiring team:" if language == "en" else "Pour l’équipe de recrutement"
    ) in email.text


def test_render_thank_you_no_interviewers_free_notes_only_says_the_draft_is_general() -> None:
    # Free notes never reach a draft: the candidate is told, and pointed at the boxes that do.
    interview = make_interview(interviewers=[], notes={"text": "We talked about Dagster."})
    (draft,) = build_drafts(interview)
    email = render_thank_you(interview, [draft], LINKS)

    assert "Dagster" not in draft.body
    assert "Your free notes stay with you, so the draft is still general." in email.text
    assert "“Topics you talked about” box" in email.text or '"Topics you talked about" box' in email.text


def test_build_drafts_team_notes_ignored_once_people_are_named() -> None:
    # Written when no one was named, then people were added: their drafts do not take the team's notes.
    interview = make_interview(notes=TEAM_NOTES)
    drafts = build_drafts(interview)

    assert len(drafts) == 2 and not any("Dagster" in d.body for d in drafts)
    assert "Dagster" not in render_thank_you(interview, drafts, LINKS).text


def test_build_drafts_panel_of_four_bodies_differ_beyond_names() -> None:
    interviewers = [{"name": f"Person{i} Smith", "relationship": "team_member"} for i in range(4)]
    for notes in (None, {"interviewers": [{"name": f"Person{i} Smith", "topics": ["the roadmap"]} for i in range(4)]}):
        drafts = build_drafts(make_interview(interviewers=interviewers, notes=notes))
        bodies = [re.sub(r"Person\d", "NAME", d.body) for d in drafts]
        for a, b in itertools.combinations(bodies, 2):
            assert a != b
        assert len({d.subject for d in drafts}) == 4


def test_build_drafts_panel_of_twelve_all_bodies_differ() -> None:
    interviewers = [{"name": f"P{i} Doe", "relationship": "other"} for i in range(12)]
    drafts = build_drafts(make_interview(interviewers=interviewers))

    bodies = {re.sub(r"P\d+", "NAME", d.body) for d in drafts}
    assert len(bodies) == 12


@pytest.mark.parametrize("with_notes", [True, False])
def test_build_drafts_any_input_short_and_signed(with_notes: bool) -> None:
    long_topic = "the long and winding discussion about " + "distributed consensus protocols " * 6
    long_concern = "whether I can lead a team of twelve engineers across " + "several time zones " * 12
    notes = {
        "interviewers": [
            {
                "name": p["name"],
                "topics": [long_topic[:200]] * 3,
                "concerns": [long_concern[:300]] * 3,
                "promised": [long_topic[:200]] * 3,
                "questions": [{"question": long_concern[:300], "answer": long_concern[:600]}] * 3,
            }
            for p in PANEL
        ],
        "follow_ups": [("Send " + "the detailed architecture notes " * 9)[:300]] * 3,
    }
    interview = make_interview(
        interviewers=PANEL,
        notes=notes if with_notes else None,
        includes=["presentation", "tour"],
        role="Principal Distributed Systems Engineer, Autonomous Warehouse Fleet Orchestration Platform",
    )
    for draft in build_drafts(interview):
        assert len(draft.body.split()) <= WORD_LIMIT + 20
        assert draft.body.rstrip().endswith("\nAda Lovelace")
        assert len(draft.subject) <= 120
        for line in draft.body.splitlines():
            assert len(line) < 2000


def test_build_drafts_long_topic_clipped_gracefully() -> None:
    topic = "how the team plans capacity for the warehouse robots during the holiday peak season every year"
    (draft,) = build_drafts(
        make_interview(interviewers=PANEL[:1], notes={"interviewers": [{"name": "Grace Hopper", "topics": [topic]}]})
    )

    assert topic not in draft.body
    assert "how the team plans capacity" in draft.body
    assert "…" in draft.body


def test_clip_long_text_cut_at_word_with_ellipsis() -> None:
    assert clip("short text", 20) == "short text"
    clipped = clip("alpha beta gamma delta epsilon", 18)
    assert clipped == "alpha beta gamma…"
    assert len(clip("x" * 500, 50)) == 50


def test_build_drafts_same_input_same_output() -> None:
    first = build_drafts(make_interview(interviewers=PANEL, notes=NOTES))
    second = build_drafts(make_interview(interviewers=PANEL, notes=NOTES))

    assert first == second
    assert all(isinstance(d, Draft) for d in first)


def test_build_drafts_other_interview_id_other_phrasing() -> None:
    texts = {tuple(d.body for d in build_drafts(make_interview(id=f"{i:032x}", interviewers=PANEL))) for i in range(6)}

    assert len(texts) > 1


@pytest.mark.parametrize(
    ("name", "greeting"),
    [
        ("Dr. Chidi Okafor", "Dear Dr. Okafor,"),  # a title with a given name: the title and the family name
        ("Mrs Claire Dunn", "Dear Mrs Dunn,"),
        ("Prof Ana María Ortega", "Dear Prof Ana María Ortega,"),  # which words are the family name: not ours to guess
        ("Dr. Okafor", "Dear Dr. Okafor,"),
        ("Capt. Fiona Byrne", "Dear Capt. Byrne,"),
        ("Cllr Mary Hughes", "Dear Cllr Hughes,"),
        ("Reverend Grace Okafor", "Dear Reverend Okafor,"),
        ("Chidi Okafor", "Dear Chidi Okafor,"),  # no title: the name as given, never a guessed first name
        ("Drew Paul Okafor", "Dear Drew Paul Okafor,"),
        ("Prof. Dr. Klaus Weber", "Dear Prof. Dr. Weber,"),  # titles one after another: all kept, as German writes
        ("Frau Dr. Petra Lang", "Dear Frau Dr. Lang,"),
        ("Dr. med. Anna Keller", "Dear Dr. Keller,"),  # the faculty of a doctorate is written, not said
        ("Prof. Dr. rer. nat. Marc Vogel", "Dear Prof. Dr. Vogel,"),
        ("Herr Jonas Becker", "Dear Herr Becker,"),
        ("Sir Richard Branson", "Dear Sir Richard,"),  # Sir and Dame go with the given name
        ("Dame Sarah Storey", "Dear Dame Sarah,"),
        ("Baroness Jane Harris", "Dear Baroness Harris,"),  # a peer: the title and the family name
        ("Lord Alan Sugar", "Dear Lord Sugar,"),
        # A family name with its particles, after any given names (once "Dear Dr Pieter van der Berg,")
        ("Dr Pieter van der Berg", "Dear Dr van der Berg,"),
        ("Ms María José de la Cruz", "Dear Ms de la Cruz,"),
        ("Mr Marco Di Stefano", "Dear Mr Di Stefano,"),
        ("Mr Ali bin Hassan", "Dear Mr bin Hassan,"),
        ("Mr Nguyen Van An", "Dear Mr Nguyen Van An,"),  # a capital "Van" is as often a Vietnamese middle name
        ("Mr Seán Ó Briain", "Dear Mr Ó Briain,"),
        # A rank or an office, said with the family name
        ("Sergeant Lisa Grant", "Dear Sergeant Grant,"),
        ("Detective Inspector Sam Shaw", "Dear Detective Inspector Shaw,"),
        ("Father John Byrne", "Dear Father Byrne,"),
        # Letters after a name are not said: never "Dear Karen Walsh, RN,"
        ("Karen Walsh, RN", "Dear Karen Walsh,"),
        ("Dr. Alan Chu, MD, PhD", "Dear Dr. Chu,"),
        ("Ana Ruiz, Ph.D.", "Dear Ana Ruiz,"),
        ("Robert Miller, Jr.", "Dear Robert Miller,"),  # nor the generation, in a letter
        ("John Smith, III", "Dear John Smith,"),
        ("Walsh, Karen", "Dear Walsh, Karen,"),  # a name, not letters
    ],
)
def test_build_drafts_greet_a_titled_name_by_title_and_family_name(name: str, greeting: str) -> None:
    (draft,) = build_drafts(make_interview(interviewers=[{"name": name, "relationship": "executive"}]))
    assert draft.body.startswith(greeting + "\n")
    given = {"interviewers": [{"name": name, "given_name": "Chidi"}]}
    (draft,) = build_drafts(make_interview(interviewers=[{"name": name, "relationship": "executive"}], notes=given))
    assert draft.body.startswith("Dear Chidi,\n")  # the name the candidate set always wins


@pytest.mark.parametrize(
    ("name", "greeting"),
    [
        ("Mme Claire Dunn", "Bonjour Madame Dunn,"),  # a French letter writes the title out, a sentence does not
        ("M. Jean Dupont", "Bonjour Monsieur Dupont,"),
        ("Dr Paul Roux", "Bonjour Docteur Roux,"),
        ("Dre Isabelle Côté", "Bonjour Docteure Côté,"),
        ("Mr Gary Holt", "Bonjour Monsieur Holt,"),  # an English title, greeted as a French letter greets
        ("Ms Joanne Price", "Bonjour Madame Price,"),
        ("Pr Nigel Shaw", "Bonjour Pr Shaw,"),  # « Professeur » or « Professeure »: not ours to guess
        ("Professor Mary Beard", "Bonjour Pr Beard,"),  # never « Bonjour Professor Beard »
        ("Jean Dupont", "Bonjour Jean Dupont,"),
        ("Herr Jonas Becker", "Bonjour Monsieur Becker,"),
        ("Frau Dr. Petra Lang", "Bonjour Docteur Lang,"),  # titles one after another: the last French writes out
        ("Prof. Dr. Klaus Weber", "Bonjour Docteur Weber,"),
        ("Sir Richard Branson", "Bonjour Sir Richard,"),
        ("Dre Isabelle Côté, MD", "Bonjour Docteure Côté,"),
        ("Marie Tremblay, Ph. D.", "Bonjour Marie Tremblay,"),  # Québec writes « Ph. D. »
        ("M. Karim El Amrani", "Bonjour Monsieur El Amrani,"),  # once « Bonjour Monsieur Karim El Amrani »
        ("M. Jean-Baptiste de La Fontaine", "Bonjour Monsieur de La Fontaine,"),
        ("Mme Marie de la Tour du Pin", "Bonjour Madame de la Tour du Pin,"),
        ("Me Anne Dupont", "Bonjour Maître Dupont,"),  # a lawyer's or a notary's title, written out
        ("Sergente Marie Gagnon", "Bonjour Sergente Gagnon,"),  # a French rank, « À demander à la Sergente Gagnon »
    ],
)
def test_build_drafts_greet_a_titled_name_in_french(name: str, greeting: str) -> None:
    interview = make_interview(language="fr", interviewers=[{"name": name, "relationship": "hr"}])
    (draft,) = build_drafts(interview)
    assert draft.body.startswith(greeting + "\n")
    named = make_interview(
        language="fr",
        interviewers=[{"name": name, "relationship": "hr"}],
        notes={"interviewers": [{"name": name, "given_name": "Mme Claire"}]},
    )
    assert build_drafts(named)[0].body.startswith("Bonjour Mme Claire,\n")  # what the candidate set, as set


@pytest.mark.parametrize(
    ("name", "greeting"),
    [
        ("Assessment panel", "Dear Assessment Panel,"),
        ("hiring manager", "Dear Hiring Manager,"),
        ("HR team", "Dear HR Team,"),
        ("Board of Trustees", "Dear Board of Trustees,"),
        ("Jury de recrutement", "Dear Jury de recrutement,"),  # French, which writes it in small letters
    ],
)
def test_a_group_or_a_post_is_greeted_as_a_letter_heads_it(name: str, greeting: str) -> None:
    """ "Dear Assessment panel," read as typed into a form; a letter capitalises each word of a group's or a post's
    name, and leaves the small words, the capitals typed and a French name as they are."""
    (draft,) = build_drafts(make_interview(interviewers=[{"name": name, "relationship": "other"}]))
    assert draft.body.startswith(greeting + "\n"), draft.body


def test_a_group_entered_under_one_name_is_greeted_as_a_letter_greets_a_group() -> None:
    """« Bonjour Jury, » and « À demander à Jury » read as if the jury were a person: a French letter to a group opens
    « Madame, Monsieur, » and a sentence gives its common noun the article (« au Jury », « le Comité de sélection »);
    English letters write "Dear Hiring Committee,"; a greeting name the candidate set still wins."""
    for name, said in (
        ("Jury", "au Jury"),
        ("Comité de sélection", "au Comité de sélection"),
        ("Équipe RH", "à l’Équipe RH"),
    ):
        interview = make_interview(language="fr", interviewers=[{"name": name, "relationship": "other"}])
        (draft,) = build_drafts(interview)
        assert draft.body.startswith("Madame, Monsieur,\n"), draft.body
        digest = (
            render_digest(interview, LINKS, interview.starts_at_utc - dt.timedelta(days=2))
            .text.replace("\u202f", " ")
            .replace("\u00a0", " ")
        )
        assert f"À demander {said} :" in digest, name
        assert f"à {name}" not in digest
    (english,) = build_drafts(make_interview(interviewers=[{"name": "Hiring Committee", "relationship": "other"}]))
    assert english.body.startswith("Dear Hiring Committee,\n")
    named = make_interview(
        language="fr",
        interviewers=[{"name": "Jury", "relationship": "other"}],
        notes={"interviewers": [{"name": "Jury", "given_name": "Madame la Présidente"}]},
    )
    assert build_drafts(named)[0].body.startswith("Bonjour Madame la Présidente,\n")


def test_render_thank_you_one_draft_is_not_counted_as_one_of_one() -> None:
    """One interviewer, one draft: "Your draft", never "Draft 1 of 1"; every sentence about it is singular."""
    interview = make_interview(interviewers=PANEL[:1], notes=NOTES)
    email = render_thank_you(interview, build_drafts(interview), LINKS)
    for part in (email.text, email.html):
        assert "Your draft" in part and "of 1" not in part and "the drafts" not in part
    assert "End of draft =" in email.text and "the draft there follows your changes" in email.text
    several = make_interview(interviewers=PANEL[:2], notes=NOTES)
    email = render_thank_you(several, build_drafts(several), LINKS)
    assert "Draft 1 of 2: to" in email.text and "Draft 2 of 2 &middot; to" in email.html
    assert "End of drafts =" in email.text and "the drafts there follow your changes" in email.text


def test_render_thank_you_all_drafts_in_text_part() -> None:
    interview = make_interview(interviewers=PANEL, notes=NOTES)
    drafts = build_drafts(interview)
    email = render_thank_you(interview, drafts, LINKS)

    assert "thank" in email.subject.lower()
    assert "Kestrel Robotics" in email.subject
    for draft in drafts:
        assert draft.body in email.text
        assert draft.subject in email.text
        assert draft.interviewer is not None and draft.interviewer in email.text
    assert "24 hours" in email.text and "24 hours" in email.html
    assert LINKS.manage_url in email.text and LINKS.manage_url in email.html
    assert "[square brackets]" in email.text
    assert email.html.count("<pre") == len(drafts)


def test_render_thank_you_html_in_notes_escaped() -> None:
    evil = "<script>alert(1)</script>"
    interview = make_interview(
        candidate={"name": "Ada <b>Lovelace</b>", "email": "ada@example.com"},
        company={"name": "Kestrel & <i>Co</i>"},
        interviewers=[{"name": "Grace <img src=x>", "title": evil, "relationship": "executive"}],
        notes={"interviewers": [{"name": "Grace <img src=x>", "topics": [evil], "concerns": [evil * 5]}]},
    )
    drafts = build_drafts(interview)
    email = render_thank_you(interview, drafts, LINKS)

    assert "<script>" not in email.html
    assert "&lt;script&gt;" in email.html
    assert "<img src=x>" not in email.html
    assert "<b>Lovelace" not in email.html
    assert "<i>Co</i>" not in email.html
    assert "<script>alert(1)</script>" in email.text  # plain text is pasted as is, never interpreted


def test_render_thank_you_without_notes_suggests_adding_them() -> None:
    interview = make_interview()
    email = render_thank_you(interview, build_drafts(interview), LINKS)

    assert "did not add notes" in email.text
    assert "did not add notes" in email.html
    assert "[square brackets]" not in email.text
    assert f"{LINKS.manage_url}#s-notes" in email.text and f"{LINKS.manage_url}#s-notes" in email.html


@pytest.mark.parametrize(
    ("language", "people", "expected"),
    [
        ("en", 1, "Your free notes stay with you, so the draft is still general. Put what you talked about in the"),
        ("en", 2, "Your free notes stay with you, so the drafts are still general. Put what you talked about in each"),
        ("fr", 1, "Vos notes libres restent pour vous\u00a0: le brouillon reste donc général."),
        ("fr", 2, "Vos notes libres restent pour vous\u00a0: les brouillons restent donc généraux."),
    ],
)
def test_render_thank_you_free_notes_alone_are_said_to_stay_with_the_candidate(
    language: str, people: int, expected: str
) -> None:
    # "Your notes name no topic" would be untrue to someone who wrote what they talked about in the free box.
    interview = make_interview(interviewers=PANEL[:people], language=language, notes={"text": "We talked about Rust."})
    email = render_thank_you(interview, build_drafts(interview), LINKS)

    assert expected in email.text
    assert expected.split(":")[0].split("\u00a0")[0] in html.unescape(email.html)
    assert "name no topic" not in email.text and "ni sujet, ni réponse" not in email.text


def test_render_thank_you_notes_without_topics_says_drafts_are_general() -> None:
    interview = make_interview(notes={"text": "Went well overall."})
    email = render_thank_you(interview, build_drafts(interview), LINKS)

    assert "so the drafts are still general" in email.text
    assert "did not add notes" not in email.text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ("Your thank-you draft for", "Your notes name no topic, answer or promise yet, so the draft is still")),
        (
            "fr",
            (
                "Votre brouillon de remerciement pour",
                "ni sujet, ni réponse, ni promesse\u00a0: le brouillon reste général",
            ),
        ),
    ],
)
def test_render_thank_you_one_person_says_the_draft_in_the_singular(language: str, expected: tuple[str, str]) -> None:
    subject, general = expected
    one = [{"name": "Helen Park", "title": "Founder & CEO", "relationship": "executive"}]
    interview = make_interview(interviewers=one, language=language, notes={"follow_ups": ["Call her back Monday"]})
    email = render_thank_you(interview, build_drafts(interview), LINKS)

    assert email.subject.startswith(subject)
    assert general in email.text and general in email.html
    assert "drafts" not in email.subject + email.text and "brouillons" not in email.subject + email.text


@pytest.mark.parametrize(
    ("language", "expected", "several"),
    [
        ("en", "Add what you talked about in your notes, and the draft follows:", "with each person"),
        ("fr", "Ajoutez dans vos notes ce dont vous avez parlé, et le brouillon suivra", "avec chaque personne"),
    ],
)
def test_render_thank_you_without_notes_one_person_is_not_each_person(
    language: str, expected: str, several: str
) -> None:
    one = [{"name": "Helen Park", "relationship": "executive"}]
    for people in ([], one):  # one draft: to the hiring team, or to the one person met
        interview = make_interview(interviewers=people, language=language)
        email = render_thank_you(interview, build_drafts(interview), LINKS)
        assert expected in email.text and several not in email.text and several not in email.html
    panel = make_interview(interviewers=PANEL, language=language)
    assert several in render_thank_you(panel, build_drafts(panel), LINKS).text


def test_render_thank_you_several_people_say_the_drafts_in_the_plural() -> None:
    interview = make_interview(interviewers=PANEL, notes={"text": "Went well overall."})
    email = render_thank_you(interview, build_drafts(interview), LINKS)

    assert email.subject.startswith("Your thank-you drafts for")
    assert "so the drafts are still general" in email.text and "so the drafts are still general" in email.html


def test_render_thank_you_partial_notes_name_the_general_drafts() -> None:
    notes = {"interviewers": [{"name": "Chidi Okafor", "topics": ["the queue rewrite"]}]}
    interview = make_interview(interviewers=PANEL, notes=notes)
    email = render_thank_you(interview, build_drafts(interview), LINKS)

    expected = "fits the drafts to Grace Hopper, Alan Turing and Barbara Liskov yet, so they are still general"
    assert expected in email.text and expected in email.html
    assert f"{LINKS.manage_url}#s-notes" in email.text


def test_render_thank_you_one_general_draft_named_in_the_singular() -> None:
    notes = {"interviewers": [{"name": "Grace Hopper", "topics": ["the queue rewrite"]}]}
    interview = make_interview(notes=notes)
    email = render_thank_you(interview, build_drafts(interview), LINKS)
    assert (
        "the draft to Alan Turing yet, so it is still general. Add what you talked about with Alan Turing" in email.text
    )


def test_render_thank_you_notes_the_drafts_cannot_use_never_said_to_be_missing() -> None:
    """A person whose only note is about the candidate ("my years at KPMG") has notes: the email does not say the
    notes leave them out; it says nothing in them fits the draft yet, and the reminder says why."""
    notes = {"interviewers": [{"name": "Grace Hopper", "topics": ["the queue rewrite"]}]}
    notes["interviewers"].append({"name": "Alan Turing", "topics": ["my years at KPMG"]})
    interview = make_interview(notes=notes)
    email = render_thank_you(interview, build_drafts(interview), LINKS)
    assert "cover only some" not in email.text and "Nothing in your notes fits the draft to Alan Turing" in email.text
    assert '"my years at KPMG" is about you' in email.text


def test_render_thank_you_every_draft_personal_no_general_note() -> None:
    notes = {"interviewers": [{"name": p["name"], "topics": ["the queue rewrite"]} for p in PANEL[:2]]}
    email = render_thank_you(make_interview(notes=notes), build_drafts(make_interview(notes=notes)), LINKS)
    assert "still general" not in email.text and "did not add notes" not in email.text


def test_notes_old_document_validates_with_empty_new_fields() -> None:
    from interview_prep.domain.models import Notes

    old = {
        "text": "ok",
        "interviewers": [{"name": "Grace Hopper", "topics": ["a"], "concerns": ["b"]}],
        "follow_ups": ["c"],
    }
    notes = Notes.model_validate(old)
    assert notes.interviewers[0].questions == [] and notes.interviewers[0].promised == []
    assert notes.interviewers[0].given_name is None


def test_usable_topic_sentence_or_to_do_refused() -> None:
    from interview_prep.domain.drafts import usable_topic

    assert usable_topic("the Hamilton warehouse opening") and usable_topic("dbt models")
    for note in ("She liked my dbt models.", "I was vague about numbers", "Send the deck", "why?", "  "):
        assert not usable_topic(note), note
    for note in ("how they deploy models to production", "their churn model", "leur façon de recruter"):
        assert not usable_topic(note), note
    assert usable_topic("the theory behind the pricing model") and usable_topic("l’ouverture de l’entrepôt")
    for note in ("nous avons parlé de la stratégie en Asie", "j’ai présenté mon portfolio", "on a vu le budget"):
        assert not usable_topic(note), note  # a French sentence, not a subject
    assert usable_topic("on-call") and usable_topic("la stratégie en Asie") and usable_topic("onboarding")


def test_a_topic_is_said_without_the_emoji_it_was_noted_with() -> None:
    """ "our conversation about 🚀 growth plans" reads as a chat, not a letter: the symbols a note opens or closes
    with are left out of the draft, and a topic of symbols alone stays with the candidate."""
    notes = {"interviewers": [{"name": "Grace Hopper", "topics": ["🚀 growth plans 👍🏽", "🔥"]}]}
    interview = make_interview(notes=notes)
    body = build_drafts(interview)[0].body
    assert "growth plans" in body and "🚀" not in body and "👍" not in body and "🔥" not in body
    assert [r.kind for r in drafts_module.reminders(interview)] == ["not_a_topic"]


@pytest.mark.parametrize(
    ("topic", "kind", "expected"),
    [
        (
            "https://nakatomi.example/annual-report",
            "link",
            '"https://nakatomi.example/annual-report" is a link, not a subject you discussed',
        ),
        ("see www.nakatomi.example", "link", "is a link, not a subject you discussed"),
        ("THE TOKYO EXPANSION", "capitals", '"THE TOKYO EXPANSION" is written in capitals'),
    ],
)
def test_a_link_or_a_topic_in_capitals_stays_with_the_candidate(topic: str, kind: str, expected: str) -> None:
    """ "our talk about THE TOKYO EXPANSION and https://nakatomi.example/annual-report" was pasted into a draft: a
    link names no subject, and capitals would shout (their case cannot be guessed back). Acronyms stay topics."""
    notes = {"interviewers": [{"name": "Grace Hopper", "topics": [topic, "GDPR", "AWS SOC 2"]}]}
    interview = make_interview(notes=notes)
    body = build_drafts(interview)[0].body
    assert topic not in body and "GDPR and AWS SOC 2" in body
    assert [r.kind for r in drafts_module.reminders(interview)] == [kind]
    assert expected in render_thank_you(interview, build_drafts(interview), LINKS).text


@pytest.mark.parametrize(
    ("language", "promised", "said"),
    [
        (
            "en",
            ["send portfolio link", "I'll send two references"],
            "As promised, [attach or paste: portfolio link] and [attach or paste: two references].",
        ),
        ("en", ["the ROC curves"], "As promised, [attach or paste: the ROC curves]."),
        (
            "en",
            ["to send my availability for April", "I promised to send them my portfolio"],
            "As promised, [attach or paste: my availability for April] and [attach or paste: my portfolio].",
        ),
        (  # a link noted as the promise is given, whole, however long: nothing is left to attach
            "en",
            ["send https://github.com/rosa/ops-dashboards/tree/main/docs/queue-benchmarks-and-capacity-planning-2027"],
            "As promised, here is the link: "
            "https://github.com/rosa/ops-dashboards/tree/main/docs/queue-benchmarks-and-capacity-planning-2027.",
        ),
        (
            "fr",
            ["https://rosa.example/portfolio", "mes références"],
            "Comme promis, voici le lien : https://rosa.example/portfolio et [joindre ou coller : mes références].",
        ),
        (
            "fr",
            ["envoyer mon diplôme", "mes références"],
            "Comme promis, [joindre ou coller : mon diplôme] et [joindre ou coller : mes références].",
        ),
        (  # the person the promise was made to, before or after the verb: « lui envoyer », "send her"
            "fr",
            ["lui envoyer mes recommandations", "je vous transmettrai mon mémoire"],
            "Comme promis, [joindre ou coller : mes recommandations] et [joindre ou coller : mon mémoire].",
        ),
        ("en", ["send her the deck"], "As promised, [attach or paste: the deck]."),
    ],
)
def test_promises_are_one_sentence_naming_each_thing(language: str, promised: list[str], said: str) -> None:
    """ "As promised, [attach or paste: send portfolio link]. As promised, [attach or paste: I'll send two
    references]." read as pasted notes: one sentence names each thing promised, without the verb it was noted with."""
    notes = {"interviewers": [{"name": PANEL[0]["name"], "promised": promised}]}
    zone = {"timezone": "Europe/Paris"} if language == "fr" else {}
    (draft,) = build_drafts(make_interview(interviewers=PANEL[:1], notes=notes, language=language, **zone))
    assert said in draft.body.replace("\u00a0", " ").replace("\u202f", " ")
    assert draft.body.count("As promised") + draft.body.count("Comme promis") == 1


def test_a_topic_naming_the_person_is_said_to_them() -> None:
    """ "the chance to discuss Raj's side project in Rust", written to Raj: a note's possessive of the person the draft
    is for is "your" (by first name, whole name or the name as greeted); anyone else's stays."""
    people = [
        {"name": "Raj Kumar", "relationship": "team_member"},
        {"name": "Dr. Sarah Lee", "relationship": "hiring_manager"},
    ]
    notes = {
        "interviewers": [
            {"name": "Raj Kumar", "topics": ["Raj's side project in Rust"]},
            {"name": "Dr. Sarah Lee", "topics": ["Dr. Lee's research on sepsis", "Raj's side project"]},
        ]
    }
    raj, sarah = build_drafts(make_interview(interviewers=people, notes=notes))
    assert "your side project in Rust" in raj.body and "Raj's" not in raj.body
    assert "your research on sepsis" in sarah.body and "Raj's side project" in sarah.body
    lower = {"interviewers": [{"name": "Raj Kumar", "topics": ["raj's side project in Rust"]}]}
    (raj,) = build_drafts(make_interview(interviewers=people[:1], notes=lower))
    assert "your side project in Rust" in raj.body  # typed in lower case


def test_a_french_topic_naming_the_person_is_said_to_them() -> None:
    """« le projet de Raj en Rust », written to Raj: « votre projet en Rust »; « les questions de M. Laurent » to him,
    « vos questions »; anyone else's stays, and so does a phrase whose owner is not sure (« la migration vers la 5G de
    Raj » is not « la migration vers votre 5G »)."""
    people = [
        {"name": "Raj Kumar", "relationship": "team_member"},
        {"name": "M. Ben Laurent", "relationship": "hiring_manager"},
    ]
    notes = {
        "interviewers": [
            {"name": "Raj Kumar", "topics": ["le projet de Raj en Rust", "la migration vers la 5G de Raj"]},
            {
                "name": "M. Ben Laurent",
                "topics": ["les questions de M. Laurent sur l’accessibilité", "l’équipe de Raj"],
            },
        ]
    }
    interview = make_interview(interviewers=people, notes=notes, language="fr", timezone="Europe/Paris")
    raj, ben = (draft.body.replace("\u202f", " ") for draft in build_drafts(interview))
    assert "votre projet en Rust" in raj and "la migration vers la 5G de Raj" in raj and "votre 5G" not in raj
    assert "vos questions sur l’accessibilité" in ben and "l’équipe de Raj" in ben


@pytest.mark.parametrize(
    ("language", "topics", "said", "not_said"),
    [
        ("en", ["his plans for the platform team"], "your plans for the platform team", "his plans"),
        ("en", ["her client's Kubernetes migration"], "your client's Kubernetes migration", "her client"),
        ("fr", ["sa vision pour la région"], "votre vision pour la région", "sa vision"),
        ("fr", ["ses priorités pour 2027"], "vos priorités pour 2027", "ses priorités"),
    ],
)
def test_a_topic_opening_with_his_or_her_is_theirs_in_the_draft_to_them(
    language: str, topics: list[str], said: str, not_said: str
) -> None:
    """Notes are kept per person: "his plans for the platform team" in Grace's notes are Grace's plans, and a note to
    her says "your plans", never "his plans" as if of someone else."""
    notes = {"interviewers": [{"name": "Grace Hopper", "topics": topics}]}
    interview = make_interview(notes=notes, language=language, timezone="Europe/Paris")
    body = build_drafts(interview)[0].body
    assert said in body and not_said not in body
    assert not [r for r in drafts_module.reminders(interview) if r.kind == "third_person"]


def test_his_or_her_past_the_first_word_or_in_the_teams_notes_stays_a_reminder() -> None:
    """ "handover before she leaves" (whose leaving?) and the hiring team's "his first 90 days" (whose?) are not
    said to anyone: the candidate is told why."""
    notes = {"interviewers": [{"name": "Grace Hopper", "topics": ["handover before she leaves", "the fleet"]}]}
    interview = make_interview(notes=notes)
    assert "she leaves" not in build_drafts(interview)[0].body
    assert [r.text for r in drafts_module.reminders(interview) if r.kind == "third_person"] == [
        "handover before she leaves"
    ]
    team = make_interview(interviewers=[], notes={"team": {"topics": ["his first 90 days", "the fleet migration"]}})
    (draft,) = build_drafts(team)
    assert "90 days" not in draft.body and "fleet migration" in draft.body
    assert [r.kind for r in drafts_module.reminders(team)] == ["third_person"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", '"how they deploy models to production" speaks of them in the third person'),
        ("fr", "« comment ils déploient leurs modèles » est écrit à la troisième personne"),
    ],
)
def test_render_thank_you_topic_about_them_left_to_the_candidate(language: str, expected: str) -> None:
    """A topic noted as "how they deploy models" would read "our conversation about how they deploy models" in a note
    to that very person: it is kept out of the draft and the candidate is told why."""
    topic = "how they deploy models to production" if language == "en" else "comment ils déploient leurs modèles"
    notes = {"interviewers": [{"name": "Grace Hopper", "topics": [topic, "the fleet migration"]}]}
    interview = make_interview(notes=notes, language=language, timezone="Europe/Paris")
    drafts = build_drafts(interview)
    email = render_thank_you(interview, drafts, LINKS)

    assert expected in email.text.replace("\u202f", " ").replace("\u00a0", " ")  # French typesetting's spaces
    assert all(topic not in d.body for d in drafts)
    assert "fleet migration" in drafts[0].body


@pytest.mark.parametrize(
    ("language", "topic", "expected"),
    [
        ("en", "my notice period", '"my notice period" is about you rather than a subject you discussed'),
        ("fr", "mon préavis", "« mon préavis » parle de vous plutôt que d’un sujet abordé ensemble"),
    ],
)
def test_render_thank_you_topic_about_the_candidate_left_to_them_and_said_so(
    language: str, topic: str, expected: str
) -> None:
    """ "Our conversation about my notice period" thanks a recruiter for a talk about oneself: the topic stays with the
    candidate, and the reason given is that one (not "reads as a sentence", which it does not)."""
    notes = {"interviewers": [{"name": "Grace Hopper", "topics": [topic, "the fleet migration"]}]}
    interview = make_interview(notes=notes, language=language, timezone="Europe/Paris")
    drafts = build_drafts(interview)
    email = render_thank_you(interview, drafts, LINKS)

    for part in (email.text, email.html):
        said = html.unescape(part).replace("\u202f", " ").replace("\u00a0", " ").replace("“", '"').replace("”", '"')
        assert expected in said and "reads as a sentence" not in said and "se lit comme une phrase" not in said
    assert all(topic not in d.body for d in drafts) and "fleet migration" in drafts[0].body


# --- properties over generated notes ---------------------------------------------------------------------------

NOTE_TEXT = st.sampled_from(
    [
        "I ran 5 minutes over time",
        "She liked my dbt models.",
        "Send Jonas the write-up of my queue benchmark",
        "whether I could relocate",
        "my limited Kubernetes experience",
        "I need to send the deck",
    ]
)


@settings(max_examples=80, deadline=None)
@given(
    fmt=st.sampled_from(["in_person", "video", "phone", "meal"]),
    size=st.integers(0, 4),
    private=st.lists(NOTE_TEXT, min_size=1, max_size=4),
    with_topics=st.booleans(),
)
def test_build_drafts_private_notes_never_reach_the_interviewer(
    fmt: str, size: int, private: list[str], with_topics: bool
) -> None:
    people = PANEL[:size]
    entries = [
        {
            "name": p["name"],
            "topics": (["the queue rewrite"] if with_topics else []) + [t for t in private if t.endswith(".")],
            "concerns": private,
            "questions": [{"question": q} for q in private],  # no answers
        }
        for p in people
    ]
    interview = make_interview(interviewers=people, format=fmt, notes={"interviewers": entries, "follow_ups": private})
    drafts = build_drafts(interview)
    email = render_thank_you(interview, drafts, LINKS)
    for draft in drafts:
        for note in private:
            assert note.rstrip(".") not in draft.body, note
        assert "you raised" not in draft.body.lower()
        if fmt == "meal":
            assert re.search(
                r"thank(s| you)( also| as well)? for (lunch|dinner|breakfast|the coffee|the meal)", draft.body, re.I
            )
    for note in private:
        assert note in email.text  # kept for the candidate, as a reminder
    general = [p["name"] for p in people] if not with_topics else []
    if general and len(general) == len(people):
        assert "still general" in email.text


@pytest.mark.parametrize("met_before", [False, True])
def test_build_drafts_phone_call_is_a_conversation_not_a_meeting(met_before: bool) -> None:
    people = [{"name": f"Person{i} Smith", "relationship": "hr", "met_before": met_before} for i in range(6)]
    drafts = build_drafts(make_interview(format="phone", interviewers=people))
    bodies = [d.body for d in drafts]

    assert all("meeting with me" not in body for body in bodies)
    assert all("meeting" not in d.subject for d in drafts)  # once "Thanks for meeting with me about the … role"
    assert any("speaking with me" in body and "on the phone" in body for body in bodies)
    video = [d.body for d in build_drafts(make_interview(format="video", interviewers=people))]
    assert any("on our video call" in body for body in video)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_build_drafts_never_say_how_it_went_or_who_decides(lang: str) -> None:
    """Only the candidate knows whether the meal was relaxed or they left a room (a call has none), and a future
    colleague may not decide: no variant of any draft says otherwise."""
    relationships = ["hr", "recruiter", "hiring_manager", "team_member", "executive", "other"]
    people = [{"name": f"Person{i} Smith", "relationship": relationships[i % 6]} for i in range(12)]
    bodies = [
        d.body
        for fmt in ("in_person", "video", "phone", "meal")
        for number in range(4)
        for d in build_drafts(
            make_interview(
                id=f"{number:032x}",
                format=fmt,
                interviewers=people,
                language=lang,
                starts_at="2027-03-10T19:00",
                includes=["tour"] if fmt == "in_person" else [],
            )
        )
    ]
    text = "\n".join(bodies)

    claims = ("relaxed", "enjoyable", "enjoyed the tour", "real plus", "I left", "your decision")
    for claim in (*claims, "détendu", "agréable", "beaucoup aimé", "vrai plus", "votre décision"):
        assert claim not in text, claim
    meal = {
        "en": ("Thank you also for dinner.", "And thank you for dinner."),
        "fr": ("Merci aussi pour le souper.", "Et merci pour le souper."),  # Kestrel is in Canada: Québec French
    }
    tour = {"en": "where the team works.", "fr": "où travaille l’équipe."}
    assert all(line in text for line in meal[lang]) and tour[lang] in text  # the meal's and the tour's lines were read


# --- notes kept through a change of people ------------------------------------------------------------------------


def _people(*names: str) -> list[Any]:
    from interview_prep.domain.models import Interviewer

    return [Interviewer(name=n, relationship="team_member") for n in names]


def test_notes_follow_a_name_corrected_in_place_and_its_draft_uses_them() -> None:
    from interview_prep.domain.models import Notes

    notes = Notes.model_validate(
        {
            "interviewers": [
                {"name": "Grace Hoper", "given_name": "Grace", "topics": ["the fleet software"]},
                {"name": "Alan Turing", "topics": ["pairing practices"]},
            ]
        }
    )

    kept = notes.after_people_change(_people("Grace Hoper", "Alan Turing"), _people("Grace Hopper", "Alan Turing"))
    (grace, alan) = build_drafts(make_interview(interviewers=PANEL[:2], notes=kept.model_dump()))

    assert [(n.name, n.given_name) for n in kept.interviewers] == [("Grace Hopper", "Grace"), ("Alan Turing", None)]
    assert grace.body.startswith("Dear Grace,") and "the fleet software" in grace.body
    assert "pairing practices" in alan.body


def test_notes_moved_to_someone_else_lose_a_greeting_their_name_does_not_contain() -> None:
    from interview_prep.domain.models import Notes

    notes = Notes.model_validate({"interviewers": [{"name": "Ana Ruiz", "given_name": "Ana", "topics": ["t"]}]})

    (moved,) = notes.after_people_change(_people("Ana Ruiz"), _people("Carla Diaz")).interviewers

    assert (moved.name, moved.given_name, moved.topics) == ("Carla Diaz", None, ["t"])


@pytest.mark.parametrize(
    ("before", "after", "ana_now"),
    [
        (("Ana Ruiz", "Ben Ng"), ("Ben Ng", "Ana Ruis"), "Ana Ruis"),  # her row deleted, the name added again below
        (("Ana Ruiz", "Ben Ng"), ("Ben Ng", "Carla Diaz"), "Carla Diaz"),  # one name out, one in: hers went to Carla
        (("Ana Ruiz", "Ben Ng", "Eve Li"), ("Ana Rúiz", "Ben Ng", "Eve Lee"), "Ana Rúiz"),  # two corrected in place
    ],
)
def test_notes_follow_the_name_that_replaced_theirs(
    before: tuple[str, ...], after: tuple[str, ...], ana_now: str
) -> None:
    from interview_prep.domain.models import Notes

    notes = Notes.model_validate({"interviewers": [{"name": "Ana Ruiz", "topics": ["t"]}, {"name": "Ben Ng"}]})

    moved = notes.after_people_change(_people(*before), _people(*after))

    assert [(n.name, n.topics) for n in moved.interviewers] == [(ana_now, ["t"]), ("Ben Ng", [])]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (("Ana Ruiz", "Ben Ng"), ("Ben Ng", "Ana Ruiz")),  # reordered: both names still there
        (("Ana Ruiz", "Ben Ng"), ("Carla Diaz",)),  # a list of another length: no place to pair by
        (("Ana Ruiz", "Ben Ng"), ("Ana Ruiz", "Ben Ng", "Carla Diaz")),
    ],
)
def test_notes_stay_under_their_name_when_the_change_is_not_a_correction(
    before: tuple[str, ...], after: tuple[str, ...]
) -> None:
    from interview_prep.domain.models import Notes

    notes = Notes.model_validate({"interviewers": [{"name": "Ana Ruiz", "topics": ["t"]}, {"name": "Ben Ng"}]})

    assert notes.after_people_change(_people(*before), _people(*after)) is notes


def test_notes_for_a_new_name_already_written_are_never_overwritten() -> None:
    from interview_prep.domain.models import Notes

    notes = Notes.model_validate({"interviewers": [{"name": "Ana Ruiz", "topics": ["a"]}, {"name": "ana ruis"}]})

    assert notes.after_people_change(_people("Ana Ruiz"), _people("Ana Ruis")) is notes


def test_notes_for_the_hiring_team_become_the_notes_of_the_one_person_named_later() -> None:
    from interview_prep.domain.models import Notes

    team = {"topics": ["the warehouse move"], "promised": ["my forecast"], "concerns": ["my SQL"]}
    notes = Notes.model_validate({"team": team, "follow_ups": ["call back"]})

    one = notes.after_people_change([], _people("Dana Lee"))
    two = notes.after_people_change([], _people("Dana Lee", "Sam Ortiz"))
    (dana,) = build_drafts(make_interview(interviewers=[PANEL[0] | {"name": "Dana Lee"}], notes=one.model_dump()))

    assert one.team is None and one.follow_ups == ["call back"]
    assert [(n.name, n.topics, n.promised, n.concerns) for n in one.interviewers] == [
        ("Dana Lee", ["the warehouse move"], ["my forecast"], ["my SQL"])
    ]
    assert "the warehouse move" in dana.body and "my forecast" in dana.body
    assert two is notes  # whose they are among two people is not known: kept as written


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_thank_you_email_says_team_notes_written_before_names_are_in_no_draft(lang: str) -> None:
    notes = {"team": {"topics": ["the warehouse move"]}, "interviewers": [{"name": "Grace Hopper", "topics": ["Rust"]}]}
    named = make_interview(interviewers=PANEL[:2], notes=notes, language=lang)
    nobody = make_interview(interviewers=[], notes={"team": notes["team"]}, language=lang)

    email = render_thank_you(named, build_drafts(named), LINKS)
    said = {"en": "before you named anyone is in no draft", "fr": "avant de nommer les personnes ne figure dans aucun"}

    assert said[lang] in email.text and said[lang] in email.html
    assert all("warehouse move" not in d.body for d in build_drafts(named))
    assert said[lang] not in render_thank_you(nobody, build_drafts(nobody), LINKS).text


# --- what else is thanked for -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "fmt", "includes", "expected"),
    [
        (
            "en",
            "in_person",
            ["presentation", "tour"],
            "Thank you also for letting me present my work and for showing me where the team works.",
        ),
        ("en", "meal", ["presentation"], "Thank you also for dinner and for letting me present my work."),
        (
            "fr",
            "in_person",
            ["presentation", "tour"],
            "Merci aussi pour la possibilité de présenter mon travail et pour la visite des lieux.",
        ),
    ],
)
def test_build_drafts_thank_for_a_meal_a_presentation_and_a_tour_in_one_sentence(
    lang: str, fmt: str, includes: list[str], expected: str
) -> None:
    """Two or three things to thank for make one sentence, never "Thank you also…" after "Thank you, too…"."""
    for number in range(4):  # every phrasing the interview's id could pick
        interview = make_interview(
            id=f"{number:032x}",
            interviewers=PANEL[:1],
            format=fmt,
            includes=includes,
            language=lang,
            starts_at="2027-03-10T19:00",
        )
        (draft,) = build_drafts(interview)
        assert expected in draft.body, draft.body
        also = ("also", "too") if lang == "en" else ("aussi", "également")
        assert sum(draft.body.count(word) for word in also) == 1, draft.body


def test_build_drafts_one_thing_to_thank_for_keeps_its_own_sentence() -> None:
    (draft,) = build_drafts(make_interview(interviewers=PANEL[:1], includes=["presentation"]))
    assert "present my work." in draft.body and "Thank you also for the chance" not in draft.body


@pytest.mark.parametrize(
    ("noun", "expected"),
    [
        ("Year 4 Class Teacher", "de Year 4 Class Teacher"),
        ("Yves Rocher", "d’Yves Rocher"),
        ("Oakfield", "d’Oakfield"),
        ("Kestrel", "de Kestrel"),
        ("Yaoundé Labs", "de Yaoundé Labs"),
    ],
)
def test_french_de_elides_before_a_vowel_sound_only(noun: str, expected: str) -> None:
    assert language.de(noun) == expected


def test_build_drafts_in_french_speak_of_the_employer_by_name() -> None:
    interview = make_interview(
        language="fr",
        company={"name": "Oakfield Primary School"},
        interviewers=[{"name": "Paul Okafor", "relationship": "executive"}],
    )
    bodies = [d.body for n in range(4) for d in build_drafts(interview.model_copy(update={"id": f"{n:032x}"}))]
    assert all("chez Oakfield Primary School" in b or "Rejoindre Oakfield Primary School" in b for b in bodies)
    assert not any("l’entreprise" in b for b in bodies)
    # Said once: the executive is told « Contribuer à ce que vous bâtissez », not the employer's name again.
    assert all(b.count("Oakfield Primary School") == 1 for b in bodies)


# --- the link to the notes in the thank-you email -----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(
    ("case", "notes"),
    [
        ("no notes", None),
        ("free notes only", {"text": "It went fine."}),
        ("nothing usable", {"interviewers": [{"name": "Grace Hopper", "concerns": ["my SQL"]}]}),
        ("one person general", {"interviewers": [{"name": "Grace Hopper", "topics": ["the robots"]}]}),
    ],
)
def test_render_thank_you_html_links_to_the_notes_as_a_link_not_as_markup_text(
    lang: str, case: str, notes: dict[str, Any] | None
) -> None:
    """The sentence that sends the candidate to their notes holds a real link, whatever it says (its `<a>` was once
    escaped into the text: "in &lt;a href=…&gt;your notes")."""
    links = Links(manage_url="https://prep.example/manage/t?a=1&b=2", unsubscribe_url=LINKS.unsubscribe_url)
    interview = make_interview(interviewers=PANEL[:2], notes=notes, language=lang)
    html_part = render_thank_you(interview, build_drafts(interview), links).html
    assert "&lt;a" not in html_part and "&amp;lt;" not in html_part, case
    anchors = re.findall(r'<a href="([^"]+)" style="color:#1f5fbf;">([^<]+)</a>', html_part)
    assert ("https://prep.example/manage/t?a=1&amp;b=2#s-notes", "vos notes" if lang == "fr" else "your notes") in (
        anchors
    ), (case, anchors)


# --- a question they raised, reported in the candidate's words ----------------------------------------------------


@pytest.mark.parametrize(
    ("noted", "reported"),
    [
        ("how you would partition the events table", "how I would partition the events table"),
        ("why you want to join us", "why I want to join you"),
        ("what motivates you", "what motivates me"),
        ("whether you are open to relocation", "whether I am open to relocation"),
        ("about your experience with Spark", "about my experience with Spark"),
        ("what you know about our product", "what I know about your product"),
        ("where you see yourself in five years", "where I see myself in five years"),
        ("about my SQL", "about my SQL"),  # already the candidate's words
        ("about working in the US", "about working in the US"),  # a country, not the employer
        # Noted as asked, without its "?": reported with the subject first ("You asked what would I change first.")
        ("what would you change first", "what I would change first"),
        ("how many people would you hire", "how many people I would hire"),
        ("why do you want this job", "why I want this job"),
        ("what are you looking for in a team", "what I am looking for in a team"),
        ("when could you start", "when I could start"),
        # "you" after a noun is a subject ("a rapid response me led" once), after a preposition or a verb an object
        ("the biggest challenge you faced", "the biggest challenge I faced"),
        ("about the offer you accepted", "about the offer I accepted"),
        ("why we should hire you", "why you should hire me"),
        ("what led you to apply", "what led me to apply"),
        ("what your manager would say about you", "what my manager would say about me"),
        ("what you did before you joined", "what I did before I joined"),
        # A prompt rather than a question: reported as one, their "me" and "my" the candidate's "you" and "your"
        ("Tell me about a rapid response you led", "me to tell you about a rapid response I led"),
        ("Walk me through your CV", "me to walk you through my CV"),
        ("tell me about yourself", "me to tell you about myself"),
        ("Give us an example of when you missed a deadline", "me to give you an example of when I missed a deadline"),
        ("Describe a time you disagreed with me", "me to describe a time I disagreed with you"),
        ("Sell me this pen", "me to sell you this pen"),
    ],
)
def test_reported_question_speaks_from_the_candidate_side(noted: str, reported: str) -> None:
    assert reported_question(noted) == reported


def _raised(*pairs: tuple[str, str]) -> dict[str, Any]:
    """Notes in which Grace Hopper raised these questions, each with the candidate's answer."""
    return {"interviewers": [{"name": "Grace Hopper", "questions": [{"question": q, "answer": a} for q, a in pairs]}]}


def test_build_drafts_report_a_question_noted_in_the_interviewers_words() -> None:
    """ "You asked how you would partition the table" told the interviewer about themselves: the draft says "I"."""
    notes = _raised(("how you would partition the events table", "By day, with a bucket on customer id."))
    (draft,) = build_drafts(make_interview(interviewers=PANEL[:1], notes=notes))
    assert "You asked how I would partition the events table. By day, with a bucket on customer id." in draft.body
    asked = _raised(("are you open to relocation", "yes, within Europe"))
    (draft,) = build_drafts(make_interview(interviewers=PANEL[:1], notes=asked))
    assert "You asked: “Are you open to relocation?” Yes, within Europe." in draft.body  # as asked, not "are me"
    past = _raised(("how did you handle the outage", "We failed over in four minutes."))
    (draft,) = build_drafts(make_interview(interviewers=PANEL[:1], notes=past))
    # Never "You asked how did I handle the outage": quoted as asked.
    assert "You asked: “How did you handle the outage?” We failed over in four minutes." in draft.body
    for noted in ("why should we hire you", "what are your strengths", "how would your colleagues describe you"):
        # Never "You asked why should you hire me" nor "what are my strengths": their subject comes after the verb.
        (draft,) = build_drafts(make_interview(interviewers=PANEL[:1], notes=_raised((noted, "Because I ship."))))
        assert f"You asked: “{noted[0].upper()}{noted[1:]}?” Because I ship." in draft.body, noted
    kept = _raised(("what you would do in your first 90 days", "Listen, then fix the deploys."))
    (draft,) = build_drafts(make_interview(interviewers=PANEL[:1], notes=kept))
    assert "You asked what I would do in my first 90 days. Listen, then fix the deploys." in draft.body


def test_build_drafts_in_french_quote_a_question_noted_in_the_interviewers_words() -> None:
    """French cannot swap the person without changing the verb: the question is quoted as they asked it."""
    notes = _raised(("comment vous partitionneriez la table", "Par jour."), ("mon expérience Spark", "Trois ans."))
    (draft,) = build_drafts(make_interview(interviewers=PANEL[:1], notes=notes, language="fr"))
    assert "«\u00a0Comment vous partitionneriez la table?\u00a0» Par jour." in draft.body
    assert "Vous m’avez demandé mon expérience Spark. Trois ans." in draft.body


def test_build_drafts_report_a_prompt_as_one_in_either_language() -> None:
    """ "Tell me about…" noted without a mark is a prompt: "You asked me to tell you about…" (once "You asked Tell me
    about a rapid response me led"); in French it is quoted as a sentence, never given a question mark."""
    notes = _raised(("Tell me about a rapid response you led", "A post-op patient; I called it early."))
    (draft,) = build_drafts(make_interview(interviewers=PANEL[:1], notes=notes))
    assert "You asked me to tell you about a rapid response I led. A post-op patient; I called it early." in draft.body
    for noted, said in [
        ("Parlez-moi de votre dernier projet", "Parlez-moi de votre dernier projet."),
        ("Décrivez une situation difficile", "Décrivez une situation difficile."),
        ("Avez-vous géré une équipe", "Avez-vous géré une équipe?"),  # a question (Québec: no space before "?")
    ]:
        french = _raised((noted, "Oui."))
        (draft,) = build_drafts(make_interview(interviewers=PANEL[:1], notes=french, language="fr"))
        assert f"«\u00a0{said}\u00a0» Oui." in draft.body, noted


def test_render_thank_you_a_quoted_question_or_doubt_is_not_followed_by_a_second_stop() -> None:
    """A reminder that quotes a note ending with its own mark ("…family?") ends the sentence there: never `?".`."""
    notes = {
        "interviewers": [
            {"name": "Grace Hopper", "questions": [{"question": "How do you explain a long wait to a family?"}]},
            {"name": "Alan Turing", "concerns": ["Was I too slow?", "my SQL"], "questions": [{"question": "why now"}]},
        ]
    }
    interview = make_interview(notes=notes)
    text = render_thank_you(interview, build_drafts(interview), LINKS).text
    assert 'without an answer in your notes: "How do you explain a long wait to a family?" Answer it' in text
    assert 'you noted a doubt: "Was I too slow?" If you can' in text
    assert 'you noted a doubt: "my SQL". If you can' in text  # a note without a mark of its own gets the full stop
    assert 'without an answer in your notes: "why now". Answer it' in text
    html_part = render_thank_you(interview, build_drafts(interview), LINKS).html
    assert "family?&rdquo; Answer it" in html_part and "my SQL&rdquo;. If you can" in html_part
    french = make_interview(notes=notes, language="fr")
    text_fr = render_thank_you(french, build_drafts(french), LINKS).text
    assert "?\xa0» Répondez-y" in text_fr and "SQL\xa0». Si vous" in text_fr  # Québec: no-break spaces


def test_build_drafts_name_the_role_once_in_a_body_whatever_the_phrasing() -> None:
    """The thanks never name the role when the sentence of interest after them does ("…about the Nurse
    Practitioner position. Our conversation confirmed my interest in the Nurse Practitioner role…")."""
    role = "Nurse Practitioner, Emergency"
    for language_code in ("en", "fr"):
        bodies = [
            d.body
            for i in range(40)
            for d in build_drafts(make_interview(id=f"{i:032x}", role=role, interviewers=PANEL, language=language_code))
        ]
        assert len({b.split("\n\n")[1].split(".")[0] for b in bodies}) >= 4  # several phrasings of the thanks read
        assert all(body.count(role) == 1 for body in bodies), next(b for b in bodies if b.count(role) != 1)


def test_build_drafts_an_internal_candidate_is_never_offered_references_or_work_samples() -> None:
    for language_code, word in (("en", "references"), ("fr", "références")):
        bodies = [
            d.body
            for i in range(40)
            for d in build_drafts(
                make_interview(id=f"{i:032x}", internal_candidate=True, interviewers=PANEL, language=language_code)
            )
        ]
        assert not any(word in body for body in bodies)
        outside = [d.body for i in range(40) for d in build_drafts(make_interview(id=f"{i:032x}", interviewers=PANEL))]
        assert language_code == "fr" or any(word in body for body in outside)  # the offer exists, for others


def test_render_thank_you_in_french_never_writes_de_before_a_name_that_starts_with_a_vowel() -> None:
    """« Une question de Alan Turing » and « À propos de Alan Turing » were wrong French (« d’Alan »): the reminders
    name the person after a word that never elides."""
    notes = {"interviewers": [{"name": "Alan Turing", "concerns": ["my SQL"], "questions": [{"question": "why now"}]}]}
    interview = make_interview(notes=notes, language="fr")
    text = render_thank_you(interview, build_drafts(interview), LINKS).text
    assert "Une question posée par Alan Turing, restée sans réponse" in text
    assert "Dans vos notes sur Alan Turing, un doute" in text
    assert not re.search(r"\b(de|que|le|la) [AEIOUYÉÈÂÎ]", text)


def test_build_drafts_on_a_panel_share_no_sentence_even_when_a_phrasing_is_skipped() -> None:
    """A phrasing skipped so as not to say a word twice ("…your time… Thank you again for your time.") is replaced
    by one nobody else on the panel gets: people who compare their notes never find the same sentence — also when
    some drafts thank for a topic and others do not (once "Many thanks for your time and for meeting with me on our
    video call." opened two drafts of one panel)."""
    everyone = {"interviewers": [{"name": p["name"], "topics": ["the release process"]} for p in PANEL]}
    first_only = {"interviewers": everyone["interviewers"][:1]}
    all_new = [{**p, "met_before": False} for p in PANEL]  # one "meeting with me" for everyone
    shapes = [{"format": "in_person", "includes": ["presentation", "tour"]}, {"format": "video"}, {"format": "phone"}]
    for language_code, shape, notes, size, panel in itertools.product(
        ("en", "fr"), shapes, (everyone, first_only, None), (2, 3, 4), (PANEL, all_new)
    ):
        for i in range(40):
            interview = make_interview(
                id=f"{i:032x}", interviewers=panel[:size], language=language_code, notes=notes, **shape
            )
            sentences = [
                set(re.split(r"(?<=[.!?])\s+", "\n".join(d.body.split("\n\n")[1:-1]))) for d in build_drafts(interview)
            ]
            for one, other in itertools.combinations(sentences, 2):
                assert not one & other, (language_code, shape, one & other)


def test_build_drafts_to_people_of_one_relationship_share_no_sentence() -> None:
    """Two senior leaders over lunch both read "I would be proud to contribute to what you are building.": the line
    for who someone is to the job is drawn among the people of that relationship, not by place on the panel, and one
    more of them than it has phrasings goes without it."""
    kinds = {
        "executive": ("Chief Executive", "Chief Operating Officer", "Chair"),
        "team_member": ("Engineer", "Designer", "Analyst", "Tester"),
        "hiring_manager": ("Head of Product", "Product Lead"),
    }
    panels = [
        [{"name": f"Person {n}", "title": title, "relationship": kind} for n, title in enumerate(titles)]
        for kind, titles in kinds.items()
    ]
    panels.append([{**PANEL[0], "name": "Ada Lovelace"}, PANEL[2], PANEL[0]])  # two executives, a manager between
    for language_code, panel, shape in itertools.product(
        ("en", "fr"), panels, ({"format": "meal", "starts_at": "2027-01-11T12:30"}, {"format": "video"})
    ):
        for i in range(40):
            interview = make_interview(id=f"{i:032x}", interviewers=panel, language=language_code, **shape)
            sentences = [
                set(re.split(r"(?<=[.!?])\s+", "\n".join(d.body.split("\n\n")[1:-1]))) for d in build_drafts(interview)
            ]
            for one, other in itertools.combinations(sentences, 2):
                assert not one & other, (language_code, [p["relationship"] for p in panel], one & other)


def test_build_drafts_say_role_once_and_give_a_group_no_singular_perspective() -> None:
    """ "Your view as the recruiter for the role gave me a clearer picture of the role." said "role" twice before
    the line of interest named it again; and "Recruitment Team" was thanked for how it sees things "as the
    recruiter", one person's view."""
    team = {"name": "Recruitment Team", "relationship": "recruiter"}
    for language_code, i in itertools.product(("en", "fr"), range(40)):
        for panel in (PANEL, [{"name": "Rita Moreno", "relationship": "recruiter"}, PANEL[2]]):
            for draft in build_drafts(make_interview(id=f"{i:032x}", interviewers=panel, language=language_code)):
                assert len(re.findall(r"\brole\b", draft.body)) <= 1, draft.body
        (draft,) = build_drafts(make_interview(id=f"{i:032x}", interviewers=[team], language=language_code))
        assert not re.search(
            r"recruiter|recrutement|your view|perspective|point of view|see things|votre regard", draft.body
        )


def test_build_drafts_never_say_the_same_word_twice_in_a_body() -> None:
    """« Merci pour notre échange… Notre échange a confirmé… », "…grateful for your time… Thank you again for your
    time.", "…interested in joining St Mary's… I would be glad to join your team.", « …avec plaisir. Au plaisir… »
    read like a form: whichever phrasings a draft draws, in whatever shape of interview, each word family of `ONCE`
    comes at most once in a body."""
    notes = {"interviewers": [{"name": p["name"], "topics": ["the release process"]} for p in PANEL]}
    shapes = [
        {"format": "in_person", "includes": ["presentation", "tour"]},
        {"format": "video"},
        {"format": "phone", "includes": ["presentation"]},
        {"format": "meal", "starts_at": "2027-01-11T12:30", "includes": ["tour"]},
        {"format": "in_person", "internal_candidate": True},
    ]
    for language_code, once in (("en", drafts_module.ONCE), ("fr", drafts_fr.ONCE)):
        assert once
        for shape, with_notes in itertools.product(shapes, (True, False)):
            bodies = [
                d.body
                for i in range(40)
                for d in build_drafts(
                    make_interview(
                        id=f"{i:032x}",
                        interviewers=PANEL,
                        language=language_code,
                        notes=notes if with_notes else None,
                        **shape,
                    )
                )
            ]
            for word in once:
                twice = [b for b in bodies if len(word.findall(b)) > 1]
                assert not twice, (word.pattern, shape, twice[0])
            # Never thanks again at the close, then once more in the sign-off, nor at the close after a "Thank you
            # also for lunch.": at most two sentences that thank.
            thanked_twice = re.compile(
                r"Thank you once more\.\s+Many thanks,|Merci de nouveau[^\n]*\s+(?:Merci encore|Avec mes remerciements),"
            )
            assert not [b for b in bodies if thanked_twice.search(b)], shape
            thanks = re.compile(r"\b(?:thank|thanks|merci|remerci)", re.IGNORECASE)
            thrice = [b for b in bodies if len(thanks.findall(b)) > 2]
            assert not thrice, (shape, thrice[0])
        # The rule binds the words that repeated before it ("time", « temps »): each is said, once.
        said = " ".join(
            d.body
            for i in range(40)
            for d in build_drafts(make_interview(id=f"{i:032x}", language=language_code, interviewers=PANEL))
        )
        assert re.search(r"\b(time|temps)\b", said)


def test_render_thank_you_in_french_puts_the_article_before_dr_in_sentences_never_in_the_greeting() -> None:
    """« pour Dr Paul Roux » and « Dans vos notes sur Dr Paul Roux » are not French: the email's sentences say « le Dr
    Paul Roux »; the draft greets « Bonjour Docteur Roux, » as a French letter does (title written out), and Mme takes no article."""
    people = [
        {"name": "Dr Paul Roux", "title": "Chef de service", "relationship": "executive"},
        {"name": "Mme Sandrine Petit", "relationship": "hiring_manager"},
    ]
    notes = {
        "interviewers": [
            {"name": "Dr Paul Roux", "concerns": ["mon expérience"], "questions": [{"question": "pourquoi ici"}]},
            {"name": "Mme Sandrine Petit", "topics": ["les gardes de nuit"]},
        ]
    }
    interview = make_interview(interviewers=people, notes=notes, language="fr")
    drafts = build_drafts(interview)
    email = render_thank_you(interview, drafts, LINKS)
    shown = html.unescape(re.sub(r"<[^>]+>", "", email.html))
    for text in (email.text.replace("\u202f", " "), shown.replace("\u202f", " ")):
        assert "pour le Dr Paul Roux, Chef de service" in text
        assert "Dans vos notes sur le Dr Paul Roux, un doute" in text
        assert "Une question posée par le Dr Paul Roux" in text
        assert "au brouillon pour le Dr Paul Roux" in text and "avec le Dr Paul Roux" in text
        assert not re.search(r"\b(pour|sur|par|avec|à) Dr\b", text)
        assert "pour Mme Sandrine Petit" in text and "le Mme" not in text
    assert drafts[0].body.startswith("Bonjour Docteur Roux,\n")


@pytest.mark.parametrize(
    ("name", "sentence", "expected"),
    [
        ("Dr Paul Roux", "À demander à {} :", "À demander au Dr Paul Roux :"),
        ("Pr Nigel Shaw", "Les travaux de {}", "Les travaux du Pr Nigel Shaw"),
        ("Dre Nathalie Roy", "{} vous imagine en collègue", "La Dre Nathalie Roy vous imagine en collègue"),
        ("Docteure Ana Ortega", "ce que fait {}", "ce que fait la Docteure Ana Ortega"),
        ("Mme Claire Dunn", "À demander à {} :", "À demander à Mme Claire Dunn :"),  # no article before Mme
        ("Drew Carey", "À demander à {} :", "À demander à Drew Carey :"),  # a first name, not a title
        ("Dr", "À demander à {} :", "À demander à Dr :"),  # a title alone is a name as given
    ],
)
def test_french_names_take_the_article_their_title_takes(name: str, sentence: str, expected: str) -> None:
    said = language.french_contractions(sentence.format(language.in_french_sentence(name)))
    assert said == expected
    assert language.french_contractions("aidez-le à le faire, de le dire") == "aidez-le à le faire, de le dire"


def test_build_drafts_in_french_sign_a_subject_from_a_titled_candidate_with_the_contracted_article() -> None:
    """« Merci de la part de Dr Mei Lin » → « Merci de la part du Dr Mei Lin »."""
    subjects = [
        d.subject
        for i in range(12)
        for d in build_drafts(
            make_interview(id=f"{i:032x}", candidate={"name": "Dr Mei Lin", "email": "mei@example.com"}, language="fr")
        )
    ]
    from_her = [s for s in subjects if "de la part" in s]
    assert from_her and all("de la part du Dr Mei Lin" in s for s in from_her)


def test_the_thank_you_subject_never_brackets_a_role_that_has_brackets_of_its_own() -> None:
    """ "…for Leeds Hospitals (Staff Nurse (Band 5))" reads badly: such a role follows a colon."""
    for language_code, expected in (
        ("en", "Your thank-you draft for Kestrel Robotics: Staff Nurse (Band 5)"),
        ("fr", "Votre brouillon de remerciement pour Kestrel Robotics : Staff Nurse (Band 5)"),
    ):
        interview = make_interview(role="Staff Nurse (Band 5)", interviewers=PANEL[:1], language=language_code)
        subject = render_thank_you(interview, build_drafts(interview), LINKS).subject
        assert subject.replace("\u202f", " ").replace("\u00a0", " ") == expected
    plain = make_interview(interviewers=PANEL[:2])
    assert render_thank_you(plain, build_drafts(plain), LINKS).subject == (
        "Your thank-you drafts for Kestrel Robotics (Backend Engineer)"
    )


@pytest.mark.parametrize(
    ("role", "said"),
    [
        ("Développeur Python (H/F)", "Développeur Python"),
        ("Comptable (h/f)", "Comptable"),
        ("Filialleitung (m/w/d)", "Filialleitung"),
        ("Verpleegkundige (M/V/X)", "Verpleegkundige"),
        ("Engineer (m/w/div)", "Engineer"),
        ("Technicien de maintenance (F/H) - CDI", "Technicien de maintenance"),
        ("Comptable (CDD 6 mois)", "Comptable"),
        ("Comptable H/F – CDD de 12 mois", "Comptable"),
        ("Assistant (CDI) - Lyon", "Assistant - Lyon"),
        ("Technicien H/F", "Technicien"),
        ("Technicien - H/F", "Technicien"),
        ("Ingénieur H/F (CDI)", "Ingénieur"),
        ("Head of R&D (m/f/d), Berlin", "Head of R&D, Berlin"),
        # The English advert's contract terms: in brackets that hold nothing else, or last after a dash or a comma
        ("Contract DevOps Engineer (6 months, Outside IR35)", "Contract DevOps Engineer"),
        ("Sales Assistant (Christmas temp)", "Sales Assistant"),
        ("Data Analyst (12-month FTC)", "Data Analyst"),
        ("Marketing Manager (Maternity Cover)", "Marketing Manager"),
        ("Staff Nurse - Permanent", "Staff Nurse"),
        ("Project Manager, Fixed Term", "Project Manager"),
        ("Engineer (Permanent) (H/F)", "Engineer"),
        ("Temporary Works Engineer", "Temporary Works Engineer"),
        ("Contract Manager", "Contract Manager"),
        ("Engineer - Contract Management", "Engineer - Contract Management"),
        ("Lawyer (Commercial Contracts)", "Lawyer (Commercial Contracts)"),
        ("Nurse (Band 5, Permanent)", "Nurse (Band 5, Permanent)"),  # the band matters: the bracket stays whole
        ("Part-time Pharmacist (24 hours)", "Part-time Pharmacist (24 hours)"),
        # Anything else bracketed is part of the job: kept.
        ("Staff Nurse (Band 5)", "Staff Nurse (Band 5)"),
        ("FX Trader (F/X)", "FX Trader (F/X)"),
        ("Analyst (M/D)", "Analyst (M/D)"),
        ("Engineer I/O", "Engineer I/O"),
        ("Chargé(e) de clientèle", "Chargé(e) de clientèle"),
        ("Conseillère aux membres (temps partiel)", "Conseillère aux membres (temps partiel)"),
        ("CDDI coach", "CDDI coach"),
        ("(H/F)", "(H/F)"),  # nothing else to say: as entered
    ],
)
def test_a_role_is_said_without_the_adverts_gender_marker_or_contract_type(role: str, said: str) -> None:
    assert language.role_as_said(role) == said
    assert language.role_as_said(role, french=True) == said


@pytest.mark.parametrize(
    ("role", "in_french", "in_english"),
    [
        (
            "Stage - Assistant marketing digital (H/F)",
            "Assistant marketing digital",
            "Stage - Assistant marketing digital",
        ),
        ("Alternance : Chargé de communication", "Chargé de communication", "Alternance : Chargé de communication"),
        ("Assistant marketing (stage de 6 mois)", "Assistant marketing", "Assistant marketing (stage de 6 mois)"),
        ("Intérim - Cariste (H/F)", "Cariste", "Intérim - Cariste"),
        ("Theatre Technician - Stage", "Theatre Technician", "Theatre Technician - Stage"),
        ("Stage Manager", "Stage Manager", "Stage Manager"),
    ],
)
def test_a_french_interview_also_leaves_out_an_internship_or_work_study_label(
    role: str, in_french: str, in_english: str
) -> None:
    """« le poste de Stage - Assistant marketing » is not French; in an English interview "Stage" may be the job."""
    assert language.role_as_said(role, french=True) == in_french
    assert language.role_as_said(role) == in_english
    assert make_interview(role=role, language="fr").role_said == in_french
    assert make_interview(role=role).role_said == in_english


def test_no_email_about_a_role_with_a_gender_marker_repeats_the_marker() -> None:
    """« Rejoindre Doctolib au poste de Développeur Python (H/F) m’intéresse » is not what anyone writes: the drafts,
    their subjects, the thank-you email, the digest and the calendar event say the role without the advert's « (H/F) »; the stored role
    keeps it."""
    import datetime as dt

    from interview_prep.domain import calendar
    from interview_prep.domain.digest import render_digest

    for language_code, role in (("fr", "Développeur Python (H/F)"), ("en", "Filialleitung (m/w/d)")):
        interview = make_interview(role=role, interviewers=PANEL[:3], language=language_code)
        assert interview.role == role
        drafts = build_drafts(interview)
        email = render_thank_you(interview, drafts, LINKS)
        digest = render_digest(interview, LINKS, interview.starts_at_utc - dt.timedelta(days=1))
        texts = [email.subject, email.text, email.html, digest.subject, digest.text, digest.html]
        texts += [d.subject + d.body for d in drafts] + [calendar.summary(interview), calendar.description(interview)]
        assert all(role not in text and "H/F" not in text and "m/w/d" not in text for text in texts)
        assert all(language.role_as_said(role) in text for text in (email.subject, digest.subject))


def test_letters_after_a_name_are_shown_but_never_said_in_a_sentence() -> None:
    """ "Karen Walsh, RN" is shown as typed where the person is listed, and said "Karen Walsh" in every sentence: the
    digest's tips, the names to look up, and the thank-you email's reminders (once "Look up Karen Walsh, RN and Tom
    Reilly", "Ask Karen Walsh, RN:")."""
    people = [
        {"name": "Karen Walsh, RN", "title": "Nurse Manager", "relationship": "hiring_manager"},
        {"name": "Tom Reilly", "title": "Charge Nurse", "relationship": "team_member"},
    ]
    notes = {
        "interviewers": [
            {"name": "Karen Walsh, RN", "concerns": ["my nights experience"]},
            {"name": "Tom Reilly", "topics": ["the rota"]},
        ]
    }
    interview = make_interview(interviewers=people, notes=notes)
    digest = render_digest(interview, LINKS, dt.datetime(2027, 3, 22, 14, 0, tzinfo=dt.UTC)).text
    assert "Karen Walsh, RN (Nurse Manager, hiring manager)" in digest  # listed as typed
    assert "Ask Karen Walsh:" in digest and "Look up Karen Walsh and Tom Reilly" in digest
    assert "Walsh, RN and" not in digest and "Walsh, RN wants" not in digest and "Walsh, RN:" not in digest
    email = render_thank_you(interview, build_drafts(interview), LINKS).text
    assert "to Karen Walsh, RN, Nurse Manager" in email  # the draft's heading, as typed
    assert "About Karen Walsh, you noted a doubt" in email and "Dear Karen Walsh,\n" in email
    assert "fits the draft to Karen Walsh yet" in email


@pytest.mark.parametrize(
    ("language", "question", "said"),
    [
        ("en", "why us?", "You asked: “Why us?”"),
        ("fr", "pourquoi BNP ?", "Vous m’avez demandé : « Pourquoi BNP ? »"),
    ],
)
def test_a_question_quoted_starts_as_a_question_does(language: str, question: str, said: str) -> None:
    """ "You asked: “why us?”" quoted a note as typed: a quoted question starts with a capital, as it was asked."""
    raised = [{"question": question, "answer": "For the size of the business."}]
    notes = {"interviewers": [{"name": PANEL[0]["name"], "questions": raised}]}
    zone = {"timezone": "Europe/Paris"} if language == "fr" else {}
    (draft,) = build_drafts(make_interview(interviewers=PANEL[:1], notes=notes, language=language, **zone))
    assert said in draft.body.replace("\u00a0", " ").replace("\u202f", " ")
