"""Thank-you drafts: one per interviewer, personal from the notes, varied, bounded, and never inventing facts."""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import pytest
from interview_prep import drafts as drafts_module
from interview_prep.drafts import WORD_LIMIT, Draft, build_drafts, clip, render_thank_you
from interview_prep.mail import Links
from interview_prep.models import Interview

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
            "concerns": ["my limited Kubernetes experience"],
        },
        {"name": "Alan Turing", "topics": ["pairing practices on the robotics team"]},
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
)


def test_build_drafts_with_notes_one_per_interviewer_with_own_topics() -> None:
    drafts = build_drafts(make_interview(notes=NOTES))

    assert [d.interviewer for d in drafts] == ["Grace Hopper", "Alan Turing"]
    grace, alan = drafts
    assert grace.body.startswith("Dear Grace,")
    assert alan.body.splitlines()[0] in ("Hi Alan,", "Hello Alan,")
    assert "migration of the fleet software to Rust" in grace.body
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
    assert "VP Engineering" in grace.body
    assert "Staff Engineer" in alan.body
    assert "speaking with me again" in alan.body  # met before
    assert "speaking with me again" not in grace.body


def test_build_drafts_meal_without_notes_does_not_name_the_meal() -> None:
    drafts = build_drafts(make_interview(format="meal"))

    for draft in drafts:
        assert "meal" in draft.body
        assert not words(draft.body) & {"lunch", "dinner", "breakfast", "restaurant"}


def test_build_drafts_concern_answered_only_in_that_persons_draft() -> None:
    grace, alan = build_drafts(make_interview(notes=NOTES))

    assert "my limited Kubernetes experience." in grace.body
    assert "[Add your answer" in grace.body
    assert "Kubernetes" not in alan.body
    assert "[Add your answer" not in alan.body


def test_build_drafts_follow_up_naming_someone_goes_to_them() -> None:
    grace, alan = build_drafts(make_interview(notes=NOTES))

    assert "open-source scheduler" in alan.body
    assert "open-source scheduler" not in grace.body


def test_build_drafts_unnamed_follow_up_goes_to_hiring_manager() -> None:
    notes = {"follow_ups": ["The start date in June"]}
    drafts = build_drafts(make_interview(interviewers=PANEL, notes=notes))

    holders = [d.interviewer for d in drafts if "start date in June" in d.body]
    assert holders == ["Chidi Okafor"]


def test_build_drafts_no_interviewers_one_general_draft() -> None:
    drafts = build_drafts(make_interview(interviewers=[], notes={"follow_ups": ["References from my last job"]}))

    assert len(drafts) == 1
    (draft,) = drafts
    assert draft.interviewer is None
    assert draft.body.startswith("Dear Kestrel Robotics hiring team,")
    assert "Backend Engineer" in draft.body
    assert "References from my last job" in draft.body
    assert draft.as_dict() == {"interviewer": None, "subject": draft.subject, "body": draft.body}


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
            {"name": p["name"], "topics": [long_topic[:200]] * 3, "concerns": [long_concern[:300]] * 3} for p in PANEL
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


def test_build_drafts_honorific_kept_in_greeting() -> None:
    (draft,) = build_drafts(make_interview(interviewers=[{"name": "Dr. Chidi Okafor", "relationship": "executive"}]))

    assert draft.body.startswith("Dear Dr. Okafor,")


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


def test_render_thank_you_notes_without_topics_suggests_adding_topics() -> None:
    interview = make_interview(notes={"text": "Went well overall."})
    email = render_thank_you(interview, build_drafts(interview), LINKS)

    assert "list no topics" in email.text
    assert "did not add notes" not in email.text


def test_build_drafts_follow_up_naming_doctor_by_first_name_goes_to_them() -> None:
    people = [
        {"name": "Grace Hopper", "relationship": "hiring_manager"},
        {"name": "Dr. Chidi Okafor", "relationship": "other"},
    ]
    notes = {"follow_ups": ["Send Chidi the case study"]}
    grace, chidi = build_drafts(make_interview(interviewers=people, notes=notes))

    assert "case study" in chidi.body
    assert "case study" not in grace.body
