"""A job that ends after a set time (an internship, a fixed-term or seasonal job, a contractor's): nothing the
candidate reads assumes years in it — no "first three months" for a ten-week internship, no "a year from now", no
"your plans for the years ahead" in a thank-you."""

from __future__ import annotations

import datetime as dt

import pytest
from interview_prep.domain.digest import render_digest, render_guide
from interview_prep.domain.drafts import build_drafts
from interview_prep.domain.language import role_as_said
from interview_prep.domain.mail import Links
from interview_prep.domain.titles import temporary, title_facts

from tests.sample_interviews import northwind_at, person

NOW = dt.datetime(2027, 3, 8, 14, 0, tzinfo=dt.UTC)
LINKS = Links(manage_url="https://prep.example/manage/t", unsubscribe_url="https://prep.example/unsubscribe/t")
LASTING = (
    "first three months",
    "A year from now",
    "How could this role grow over time?",
    "for this role over the next few years?",
    "this job and this team for years",
    "stay for the long run",
)


@pytest.mark.parametrize(
    "role",
    [
        "Summer Intern, Markets",
        "Software Engineering Internship",
        "Content Intern (Remote)",
        "Placement Student",
        "Co-op Student",
        "Temp Receptionist",
        "Seasonal Ski Instructor",
        "Office Manager - Maternity Cover (12 months)",
        "Project Manager (6 months)",
        "Analyst - Fixed Term",
        "Locum GP",
        "Interim CFO",
        "Data Engineer - Contract",
        "Stage - Assistant marketing",
        "Stagiaire juriste",
        "Chargée de communication (CDD 6 mois)",
        "Job d’été - Animateur",
        "Remplacement congé maternité - Comptable",
    ],
)
def test_a_title_that_says_the_job_ends_is_temporary(role: str) -> None:
    assert temporary(role) and "role:temporary" in title_facts(role)


@pytest.mark.parametrize(
    "role",
    [
        "Operations Analyst",
        "Internal Auditor",
        "International Tax Manager",
        "Temperature Engineer",
        "Cover Supervisor",
        "Fixed Income Analyst",
        "Stage Manager",
        "Head of Internships",
        "Interns Programme Manager",
        "Internship Coordinator",
        "Graduate Trainee",
        "Apprentice Electrician",
        "Contracts Manager",
        "Temporary Works Engineer Manager (Permanent)",
        "Responsable des stages",
    ],
)
def test_a_lasting_job_or_one_that_runs_internships_is_not(role: str) -> None:
    assert not temporary(role) and "role:temporary" not in title_facts(role)


def _intern(role: str = "Summer Intern, Markets", **fields: object):
    people = [person("executive", name="Stefan Keller"), person("hiring_manager", name="Anna Roth")]
    return northwind_at(NOW, "Europe/Zurich", role=role, round=2, interviewers=people, **fields)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_internship_digest_asks_about_the_term_not_the_years(language: str) -> None:
    interview = _intern(language=language)
    text = render_digest(interview, LINKS, NOW).text + render_guide(interview, LINKS, NOW).text
    if language == "en":
        assert "What would you want me to have achieved by the end of my time here?" in text
        assert not [phrase for phrase in LASTING if phrase in text]
    else:
        assert "d’ici la fin de ma mission chez vous" in text
        assert "trois premiers mois" not in text and "Dans un an" not in text and "pendant des années" not in text
    # The same interview for a lasting job is asked about its first months.
    lasting = _intern(role="Markets Analyst", language=language)
    said = render_digest(lasting, LINKS, NOW).text + render_guide(lasting, LINKS, NOW).text
    assert ("first three months" if language == "en" else "trois premiers mois") in said


def test_an_internship_guide_asks_whether_people_stay_on() -> None:
    interview = _intern()
    assert "Do people in this role sometimes stay on afterwards" in render_guide(interview, LINKS, NOW).text
    assert "stay on afterwards" not in render_guide(_intern(role="Markets Analyst"), LINKS, NOW).text


@pytest.mark.parametrize(("language", "years"), [("en", "years ahead"), ("fr", "années à venir")])
def test_a_thank_you_for_a_temporary_job_promises_no_years(language: str, years: str) -> None:
    # Each interview id draws its own phrasing: among many, the senior leader's draft would name the years for a
    # lasting job, never for an internship.
    lasting_said = temporary_said = 0
    for number in range(40):
        for role, temporary_role in (("Markets Analyst", False), ("Summer Intern, Markets", True)):
            interview = _intern(role=role, language=language, id=f"{number:032x}")
            text = build_drafts(interview)[0].body
            if temporary_role:
                temporary_said += years in text
            else:
                lasting_said += years in text
    assert lasting_said > 0 and temporary_said == 0


@pytest.mark.parametrize(
    ("role", "said"),
    [
        ("Office Manager - Maternity Cover (12 months)", "Office Manager"),
        ("Data Engineer - Contract (6 months)", "Data Engineer"),
        ("Analyst (Fixed Term, 12 months)", "Analyst"),
        ("Staff Nurse (Band 5) - Permanent", "Staff Nurse (Band 5)"),
        ("Temporary Works Engineer", "Temporary Works Engineer"),
    ],
)
def test_a_title_with_two_contract_terms_is_said_without_either(role: str, said: str) -> None:
    assert role_as_said(role) == said


def test_a_french_contract_term_is_not_said_with_the_role() -> None:
    """« Stage - Assistante chef de produit (6 mois) » is « Assistante chef de produit » in a sentence, as
    « (remplacement) » is left out of a replacement's title."""
    role = "Stage - Assistante chef de produit (6 mois)"
    assert role_as_said(role, french=True) == "Assistante chef de produit"
    assert role_as_said("Enseignant en informatique (remplacement)", french=True) == "Enseignant en informatique"
    assert role_as_said("Comptable - Remplacement congé maternité", french=True) == "Comptable"
    assert role_as_said("Technicien de remplacement", french=True) == "Technicien de remplacement"
    intern = _intern(role=role, language="fr", timezone="Europe/Paris")
    text = render_digest(intern, LINKS, NOW).text + render_guide(intern, LINKS, NOW).text
    assert "(6 mois)" not in text and "Stage -" not in text and "Assistante chef de produit" in text
