"""A seat on a board (a charity's trustee, a school's governor, a non-executive director): the board oversees the
organisation, so the candidate is not asked about "people at my level", a manager or an ordinary day in a team; they
are told what a board looks for, to read the annual report and accounts, and to ask what the board is missing."""

from __future__ import annotations

import datetime as dt

import pytest
from interview_prep.domain.digest import render_guide
from interview_prep.domain.mail import Links
from interview_prep.domain.titles import title_facts

from tests.sample_interviews import northwind_at, person

NOW = dt.datetime(2027, 3, 8, 14, 0, tzinfo=dt.UTC)
LINKS = Links(manage_url="https://prep.example/manage/t", unsubscribe_url="https://prep.example/unsubscribe/t")
STAFF_ONLY = ("people at my level", "What do you expect from a manager?", "without checking with your manager",
              "How would you describe the way you manage", "on an ordinary day", "help the team deliver",
              "the people you manage")  # fmt: skip


@pytest.mark.parametrize(
    ("role", "unpaid"),
    [("Trustee (Treasurer)", True), ("Board Trustee", True), ("Parent Governor", True), ("Chair of Governors", True),
     ("Non-Executive Director", False), ("NED - Audit Chair", False), ("Board Member", False),
     ("Membre du conseil d’administration", False)],
)  # fmt: skip
def test_a_seat_on_a_board(role: str, unpaid: bool) -> None:
    facts = title_facts(role)
    assert "role:board" in facts and ("role:unpaid" in facts) is unpaid


@pytest.mark.parametrize(
    "role",
    ["Board Secretary", "Governance Officer", "Trustee Services Manager", "Prison Governor", "Clerk to Governors",
     "Executive Director", "Board Reporting Analyst", "Head of Non-Executive Appointments"],
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
