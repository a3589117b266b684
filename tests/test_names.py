"""Names typed in capitals or in lower case ("Marie DUPONT", "DUPONT Marie", "sarah mcallister"): the emails write them
as a letter does, and the record keeps them as typed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from interview_prep.domain.digest import render_digest
from interview_prep.domain.drafts import build_drafts, render_thank_you
from interview_prep.domain.mail import Links
from interview_prep.domain.models import Interview
from interview_prep.domain.names import as_said, written

from tests.sample_interviews import northwind_at

NOW = dt.datetime(2027, 3, 8, 14, 0, tzinfo=dt.UTC)
LINKS = Links(manage_url="https://prep.example/manage/tok", unsubscribe_url="https://prep.example/unsub/tok")


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("Marie DUPONT", "Marie Dupont"),  # a French family name in capitals
        ("DUPONT Marie", "Marie Dupont"),  # typed first, as forms write it: after the given name
        ("Mme DUPONT Marie", "Mme Marie Dupont"),
        ("Jean-Luc LE GALL", "Jean-Luc Le Gall"),
        ("Jean-Pierre DUPONT-AIGNAN", "Jean-Pierre Dupont-Aignan"),
        ("Charles DE GAULLE", "Charles de Gaulle"),
        ("Valéry GISCARD D'ESTAING", "Valéry Giscard d'Estaing"),
        ("TANAKA Hiroshi", "Hiroshi Tanaka"),
        ("sarah mcallister", "Sarah McAllister"),
        ("jean de la fontaine", "Jean de La Fontaine"),
        ("ludwig van beethoven", "Ludwig van Beethoven"),
        ("seán o'neill", "Seán O'Neill"),
        ("m. pierre lefèvre", "M. Pierre Lefèvre"),
        ("JOHN SMITH", "John Smith"),
        ("Dr JOHN SMITH", "Dr John Smith"),
        ("JOHN SMITH III", "John Smith III"),
        ("MARIE DUPONT MBA", "Marie Dupont MBA"),
        ("A.J. SMITH", "A.J. Smith"),
        # as typed: a name already written so, initials, letters after it, a post
        ("Sarah McAllister", "Sarah McAllister"),
        ("AJ Smith", "AJ Smith"),
        ("Karen Walsh MRCP", "Karen Walsh MRCP"),
        ("Karen Walsh, RN", "Karen Walsh, RN"),
        ("HR ADVISOR", "HR ADVISOR"),
        ("CEO", "CEO"),
        ("IBM Recruiter", "IBM Recruiter"),  # an employer's initials before a post: not a family name
        ("Emma HEAD", "Emma Head"),  # a family name that is also a word of the trade
        ("Tom Ng", "Tom Ng"),
    ],
)
def test_a_name_is_written_as_a_letter_writes_it(typed: str, said: str):
    assert written(typed) == said


def make(candidate: str, people: list[str], *, french: bool = False, notes: dict[str, Any] | None = None) -> Interview:
    return northwind_at(
        NOW,
        "Europe/Paris" if french else "America/Denver",
        notes=notes,
        round=1,
        candidate={"name": candidate, "email": "c@example.com"},
        interviewers=[{"name": name, "relationship": "hiring_manager"} for name in people],
        **({"language": "fr"} if french else {}),
    )


def test_french_capitals_are_not_shouted_in_the_emails():
    interview = make(
        "Camille ROUSSEAU",
        ["Marie DUPONT", "LE GALL Jean-Luc"],
        french=True,
        notes={"interviewers": [{"name": "Marie DUPONT", "topics": ["le portefeuille de clients"]}]},
    )
    digest = render_digest(interview, LINKS, NOW).text
    assert "Bonjour Camille Rousseau," in digest and "ROUSSEAU" not in digest
    assert "Marie Dupont" in digest and "Jean-Luc Le Gall" in digest and "DUPONT" not in digest
    drafts = build_drafts(interview)
    assert drafts[0].body.startswith("Bonjour Marie Dupont,") and drafts[0].body.endswith("\nCamille Rousseau")
    assert "portefeuille de clients" in drafts[0].body  # the notes typed under the name as typed still apply
    email = render_thank_you(interview, drafts, LINKS)
    assert "DUPONT" not in email.text and "pour Jean-Luc Le Gall" in email.text
    # The record keeps what was typed.
    assert [p.name for p in interview.interviewers] == ["Marie DUPONT", "LE GALL Jean-Luc"]
    assert interview.candidate.name == "Camille ROUSSEAU"


def test_a_name_typed_in_lower_case_takes_its_capitals():
    interview = make("dylan reid", ["sarah mcallister"])
    digest = render_digest(interview, LINKS, NOW).text
    assert "Hi Dylan Reid," in digest and "Look up Sarah McAllister" in digest and "sarah" not in digest
    draft = build_drafts(interview)[0].body
    assert draft.startswith("Dear Sarah McAllister,") and draft.endswith("\nDylan Reid")


def test_names_already_written_so_leave_the_interview_as_it_is():
    interview = make("Ana Lima", ["Sarah McAllister", "AJ Smith"])
    assert as_said(interview) == (interview, frozenset())


@pytest.mark.parametrize(
    ("typed", "greeted", "signed"),
    [
        ("Dr Lena Fischer", "Lena Fischer", "Dr Lena Fischer"),
        ("dr. amaka okafor", "Amaka Okafor", "Dr. Amaka Okafor"),
        ("Dr Fischer", "Dr Fischer", "Dr Fischer"),  # no given name to greet by: as typed
        ("Lena Fischer", "Lena Fischer", "Lena Fischer"),
    ],
)
def test_the_candidate_is_greeted_without_their_own_title(typed: str, greeted: str, signed: str):
    """ "Hi Dr Lena Fischer," and "Good luck, Dr Lena Fischer!" read oddly in an email to her: she is greeted by her
    name; her drafts are signed as she typed it (how to sign is hers to choose)."""
    from interview_prep.domain.confirmation import render_confirmation

    interview = northwind_at(NOW, "America/Toronto", candidate={"name": typed, "email": "lena@example.com"})
    digest = render_digest(interview, LINKS, NOW).text
    assert f"Hi {greeted}, your second interview" in digest and f"Good luck, {greeted}!" in digest
    links = Links(manage_url="https://m/t", unsubscribe_url="https://m/u", confirm_url="https://m/c")
    assert render_confirmation(interview, links).text.startswith(f"Hi {greeted},\n")
    (draft,) = build_drafts(interview)  # nobody named: the one draft, to the hiring team
    assert draft.body.endswith(f"\n{signed}")
