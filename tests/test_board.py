"""A seat on a board (a charity's trustee, a school's governor, a non-executive director): the board oversees the
organisation, so the candidate is not asked about "people at my level", a manager or an ordinary day in a team; they
are told what a board looks for, to read the annual report and accounts, and to ask what the board is missing."""

from __future__ import annotations

import datetime as dt

import pytest
from interview_prep.domain.digest import render_digest, render_guide
from interview_prep.domain.drafts import build_drafts
from interview_prep.domain.mail import Links
from interview_prep.domain.titles import title_facts

from tests.sample_interviews import northwind_at, person

NOW = dt.datetime(2027, 3, 8, 14, 0, tzinfo=dt.UTC)
LINKS = Links(manage_url="https://prep.example/manage/t", unsubscribe_url="https://prep.example/unsubscribe/t")
STAFF_ONLY = ("people at my level", "What do you expect from a manager?", "without checking with your manager",
              "How would you describe the way you manage", "on an ordinary day", "help the team deliver",
              "the people you manage", "first three months", "how does this team contribute",
              "the people who do best here", "If we hired you", "your first tasks",
              "several urgent things", "this job and this team for years")  # fmt: skip
PAY_TALK = ("room to negotiate", "moment to negotiate", "notice period", "What salary are you expecting?", "Why are you looking to move on?",
            "benefits —", "working hours", "prepare a range", "hiring me was the right call")  # fmt: skip


@pytest.mark.parametrize(
    ("role", "unpaid"),
    [("Trustee (Treasurer)", True), ("Board Trustee", True), ("Parent Governor", True), ("Chair of Governors", True),
     ("Non-Executive Director", False), ("NED - Audit Chair", False), ("Board Member", False),
     ("Membre du conseil d’administration", False), ("Administratrice indépendante", False),
     ("Administrateur non exécutif", False)],
)  # fmt: skip
def test_a_seat_on_a_board(role: str, unpaid: bool) -> None:
    facts = title_facts(role)
    assert "role:board" in facts and ("role:unpaid" in facts) is unpaid


@pytest.mark.parametrize(
    "role",
    ["Board Secretary", "Governance Officer", "Trustee Services Manager", "Prison Governor", "Clerk to Governors",
     "Executive Director", "Board Reporting Analyst", "Head of Non-Executive Appointments", "Administrateur systèmes",
     "Administrateur réseaux indépendant"],
)  # fmt: skip
def test_the_staff_who_serve_a_board_do_not_sit_on_it(role: str) -> None:
    assert "role:board" not in title_facts(role)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_board_interview_is_about_what_the_board_needs(language: str) -> None:
    people = [person("executive", name="Anne Grant"), person("hiring_manager", name="Mark Ellis")]
    interview = northwind_at(
        NOW, "Europe/London", role="Non-Executive Director", interviewers=people, language=language
    )
    guide = render_guide(interview, LINKS, NOW).text.replace("\u202f", " ").replace("\xa0", " ")
    if language == "en":
        assert not [said for said in STAFF_ONLY if said in guide]
        assert "Anne Grant is asking what you would add to the board" in guide
        assert "Read Northwind's latest annual report and accounts, if published" in guide
        assert "Which skills or experience is the board missing today?" in guide
        assert "How does the board work with the chief executive and the staff between meetings?" in guide
        assert "What would you bring to the board that it lacks today?" in guide
    else:
        assert "Anne Grant cherche ce que vous apporteriez au conseil" in guide
        assert "Quelles compétences ou quelle expérience manquent aujourd’hui au conseil ?" in guide
        assert "à mon niveau" not in guide
    staff = northwind_at(NOW, "Europe/London", role="Operations Director", interviewers=people, language=language)
    assert (
        "au conseil" not in render_guide(staff, LINKS, NOW).text
        and "the board" not in render_guide(staff, LINKS, NOW).text
    )


@pytest.mark.parametrize("role", ["Non-Executive Director", "Trustee (Treasurer)"])
def test_a_final_round_for_a_board_asks_what_a_board_member_would_ask(role: str) -> None:
    people = [person("executive", name="Anne Grant"), person("executive", name="Mark Ellis")]
    interview = northwind_at(NOW, "Europe/London", role=role, interviewers=people, final_round=True, salary=None)
    text = render_digest(interview, LINKS, NOW).text + render_guide(interview, LINKS, NOW).text
    assert not [said for said in (*STAFF_ONLY, *PAY_TALK) if said in text]
    assert "if you want the role, say so plainly" in text and "if you want the job" not in text
    assert "What would you hope I had brought to the board by the end of my first year?" in text
    fee = "A board seat's fee is usually set in advance and the same for every member, rather than negotiated"
    if role == "Trustee (Treasurer)":  # unpaid: asked why they give their time, not told about a fee
        assert fee not in text and "This role is unpaid" in text and "Why do you want to join" not in text
    else:
        assert fee in text and "This role is unpaid" not in text
        first = interview.model_copy(update={"round": 1, "final_round": False})
        assert "Why do you want to join Northwind's board?" in render_guide(first, LINKS, NOW).text
        assert "How much time could you give the board, and which other boards or commitments do you have?" in text


def test_a_board_fee_given_is_said_and_not_negotiated() -> None:
    salary = {"min": 40000, "max": 40000, "currency": "GBP", "period": "year"}
    interview = northwind_at(
        NOW, "Europe/London", role="Non-Executive Director", interviewers=[person("executive")], salary=salary
    )
    guide = render_guide(interview, LINKS, NOW).text
    assert "The fee given for this seat is GBP 40,000 per year." in guide
    assert not [said for said in PAY_TALK if said in guide]
    french = northwind_at(
        NOW,
        "Europe/Paris",
        role="Administratrice indépendante",
        interviewers=[person("executive")],
        salary=salary,
        language="fr",
    )
    guide = render_guide(french, LINKS, NOW).text.replace("\u202f", " ").replace("\xa0", " ")
    assert "La rémunération annoncée pour ce siège est de" in guide and "négocier" not in guide


@pytest.mark.parametrize("role", ["Trustee", "Non-Executive Director", "Volunteer Befriender"])
def test_a_board_member_or_a_volunteer_is_not_offered_work_samples(role: str) -> None:
    people = [person(r, name=f"Pat {r.title()}") for r in ("executive", "hiring_manager", "hr", "team_member")]

    def bodies(role: str) -> list[str]:  # the offer line is picked by the interview's id: a dozen ids see every line
        interview = northwind_at(NOW, "Europe/London", role=role, interviewers=people)
        ids = (f"{position:032x}" for position in range(12))
        return [draft.body for i in ids for draft in build_drafts(interview.model_copy(update={"id": i}))]

    assert not [body for body in bodies(role) if "work samples" in body]
    assert [body for body in bodies("Operations Manager") if "work samples" in body]
