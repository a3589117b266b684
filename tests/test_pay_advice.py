"""What the digest and the guide say about pay: a range given, one figure given, none, and a place whose pay is set
for everyone who joins (an apprenticeship, an internship, a trainee or graduate scheme)."""

from __future__ import annotations

import pytest
from interview_prep.domain.digest import render_digest, render_guide
from interview_prep.domain.playbook import select_advice

from tests.test_playbook import NOW, fact_holds, make, person

RANGE = {"min": 38000, "max": 45000, "currency": "GBP", "period": "year"}
FIXED = {"min": 45000, "max": 45000, "currency": "GBP", "period": "year"}
HOURLY = {"min": 7.55, "max": 7.55, "currency": "GBP", "period": "hour"}
BARGAIN = {
    "en": ("room to negotiate", "moment to negotiate", "Decide where in it", "range given", "Know your floor"),
    "fr": ("marge de négociation", "moment de négocier", "Décidez où vous voulez", "fourchette annoncée", "plancher"),
}
FIRST_JOBS = (
    "Engineering Apprentice",
    "Software Engineering Intern",
    "Graduate Management Trainee",
    "Internal Medicine Resident (PGY-1)",
)
FIRST_JOBS_FR = (
    "Stage - Assistant RH (H/F)",
    "Chargé de communication en alternance",
    "Apprentie coiffeuse",
    "Interne en médecine générale",
)


def _texts(**fields: object) -> str:
    """The digest and the guide of one interview, as the candidate reads them."""
    interview = make(**fields)
    return render_digest(interview, None, NOW).text + render_guide(interview, None, NOW).text


@pytest.mark.parametrize("language", ["en", "fr"])
def test_one_figure_is_not_called_a_range(language: str):
    """A salary of GBP 45,000 (min equals max) has no "where in it" to decide: the candidate is told the pay and asked
    to decide whether it works."""
    people = [person("hr", name="Rita Moreno")]
    text = _texts(role="Data Analyst", salary=FIXED, language=language, interviewers=people)
    said = {"en": "The pay given for this role is GBP 45,000 per year.", "fr": "Le salaire annoncé pour ce poste"}
    assert said[language] in text
    for phrase in BARGAIN[language][2:4]:
        assert phrase not in text
    expected = {q.id for q in select_advice(make(salary=FIXED, interviewers=people), NOW).questions_to_expect}
    assert "q-pay-fit" in expected and "q-salary-fit" not in expected
    ranged = _texts(role="Data Analyst", salary=RANGE, language=language, interviewers=people)
    assert BARGAIN[language][2] in ranged and BARGAIN[language][3] in ranged  # a real range keeps its advice


@pytest.mark.parametrize("salary", [None, RANGE, HOURLY])
@pytest.mark.parametrize("final", [False, True])
@pytest.mark.parametrize(("language", "role"), [*(("en", r) for r in FIRST_JOBS), *(("fr", r) for r in FIRST_JOBS_FR)])
def test_a_trainee_is_not_told_to_bargain_over_pay(language: str, role: str, final: bool, salary: dict | None):
    """An apprentice, an intern, a graduate trainee: pay is set for everyone who joins. No range to negotiate, no
    floor, no haggling over the offer; asked instead what comes with the pay."""
    people = [person("hr", name="Hannah Price"), person("hiring_manager", name="Mark Ellis")]
    text = _texts(
        role=role, salary=salary, final_round=final, round=2 if final else 1, language=language, interviewers=people
    )
    for phrase in BARGAIN[language]:
        assert phrase not in text, (role, phrase)
    comes_with = {
        "en": "what comes with it: training, hours, travel costs",
        "fr": "formation, horaires, frais de transport",
    }
    assert comes_with[language] in text


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_intake_is_not_asked_why_the_position_is_open(language: str):
    """A residency, a graduate scheme, an apprenticeship take a year's intake: no one post fell vacant. A first
    interview for another job asks it. Their pay is the intake's, not negotiated."""
    people = [person("hiring_manager", name="Sarah Lee"), person("recruiter", name="Tom Ash")]
    why = {"en": "Why is this position open?", "fr": "Pourquoi ce poste est-il ouvert"}[language]
    for role in ("Internal Medicine Resident (PGY-1)", "Graduate Management Trainee"):
        assert why not in _texts(role=role, round=1, language=language, interviewers=people), role
    assert why in _texts(role="Staff Nurse", round=1, language=language, interviewers=people)
    set = {"en": "usually set for everyone who joins", "fr": "en général fixée pour tous"}[language]
    role = {"en": "Resident Physician", "fr": "Résident en médecine familiale"}[language]
    text = _texts(role=role, salary=FIXED, language=language, interviewers=people)
    assert set in text
    for phrase in BARGAIN[language]:
        assert phrase not in text, phrase


@pytest.mark.parametrize("role", ["Junior Backend Engineer", "Data Analyst"])
def test_a_junior_job_keeps_the_advice_on_negotiating(role: str):
    text = _texts(role=role, salary=RANGE, final_round=True, round=3, interviewers=[person("hr", name="Alex Morgan")])
    assert "room to negotiate" in text and "moment to negotiate" in text


@pytest.mark.parametrize(
    ("language", "role"), [("en", "Engineering Apprentice"), ("en", "Junior Accountant"), ("fr", "Stagiaire juriste")]
)
def test_a_first_job_is_not_asked_why_it_is_moving_on(language: str, role: str):
    """A school leaver or a student has no job to move on from nor, often, any notice period to give (the French
    here is Québec's: the interviews are in Toronto)."""
    people = [person("recruiter", name="Tom Reid")]
    for final in (False, True):
        text = _texts(role=role, round=1, final_round=final, language=language, interviewers=people)
        moving = {
            "en": ("looking to move on", "Give your notice period", "Know your notice period"),
            "fr": ("changer de poste", "Donnez simplement votre préavis", "Connaissez votre préavis"),
        }
        for phrase in moving[language]:
            assert phrase not in text, (role, final, phrase)
        start = {"en": "exams or the end of term", "fr": "vos examens ou la fin de votre session"}
        assert (start[language] in text) is final  # closing the process: when could you start
    other = _texts(role="Senior Analyst", round=1, language=language, interviewers=people)
    assert ("looking to move on" if language == "en" else "changer de poste") in other


@pytest.mark.parametrize(
    ("zone", "said", "not_said"),
    [
        ("America/Toronto", ("la fin de votre session",), ("fin de l’année", "alternance")),
        ("Europe/Paris", ("la fin de l’année",), ("session",)),
    ],
)
def test_a_student_in_quebec_finishes_a_session(zone: str, said: tuple[str, ...], not_said: tuple[str, ...]):
    """Québec's schools end a « session », not a year; and it has no « alternance » to speak of."""
    text = _texts(
        role="Stagiaire en comptabilité",
        round=2,
        final_round=True,
        language="fr",
        timezone=zone,
        interviewers=[person("hr", name="Nathalie Gagnon")],
    )
    for words in said:
        assert words in text
    for words in not_said:
        assert words not in text


@pytest.mark.parametrize(
    ("role", "scale"),
    [
        ("Staff Nurse (Band 5)", True),
        ("Band 6 Physiotherapist", True),
        ("Clinical Nurse Specialist - Band 8a", True),
        ("Policy Adviser (Grade 7)", True),
        ("IT Specialist (GS-2210-12)", True),
        ("Healthcare Assistant (Agenda for Change)", True),
        ("Attaché d’administration (catégorie A)", True),
        ("Teacher of Mathematics (MPS/UPS)", True),  # an English teacher's main and upper pay scales
        ("Primary Teacher, M1-M6", True),
        ("Program Officer (PM-02)", True),  # a Canadian federal classification
        ("Technical Officer (P-3)", True),  # a United Nations grade
        ("Co-op Store Assistant", False),
        ("Python Developer (Remote)", False),
        ("Grade 3 Teacher", False),  # a school grade, not a pay grade
        ("Band Manager", False),
        ("Wedding Band Singer", False),
        ("Senior Data Engineer", False),
    ],
)
def test_facts_a_title_that_names_its_pay_scale(role: str, scale: bool):
    assert fact_holds("role:scale", role=role) is scale


@pytest.mark.parametrize(
    ("language", "role", "zone", "said"),
    [
        ("en", "Staff Nurse (Band 5)", "Europe/London", "paid on a scale"),
        ("en", "Policy Adviser (Grade 7)", "Europe/London", "paid on a scale"),
        ("fr", "Attaché d’administration (catégorie A)", "Europe/Paris", "payé selon une grille"),
    ],
)
@pytest.mark.parametrize("salary", [None, RANGE])
def test_a_pay_scale_is_not_bargained_over(language: str, role: str, zone: str, said: str, salary: dict | None):
    """An NHS band, a civil-service grade: the starting point follows set rules and experience. The candidate is told
    to ask where they would start, never to answer with "the upper part of their range" or to prepare a range."""
    text = _texts(
        role=role, salary=salary, language=language, timezone=zone, interviewers=[person("hr", name="Ann Lee")]
    )
    assert said in text
    start = {"en": "ask where you would start", "fr": "demandez où vous commenceriez"}
    assert start[language] in text
    for phrase in BARGAIN[language][:4]:
        assert phrase not in text, phrase
    prepare = {"en": "prepare a range before the interview", "fr": "préparez une fourchette à l’avance"}
    assert prepare[language] not in text


@pytest.mark.parametrize(
    ("role", "sales"),
    [
        ("Account Executive, Mid-Market", True),
        ("Sales Manager", True),
        ("Head of Sales", True),
        ("VP Sales", True),
        ("Field Sales Engineer", True),
        ("Business Development Representative", True),
        ("Sales Development Representative (SDR)", True),
        ("Estate Agency Sales Negotiator", True),
        ("Ingénieur commercial (H/F)", True),
        ("Attachée commerciale", True),
        ("Commercial terrain - CDI", True),
        ("Ingénieure d’affaires", True),
        ("Directrice commerciale", True),
        ("Représentante des ventes", True),  # Québec
        ("Directeur des ventes", True),
        ("Conseiller aux ventes", False),  # a shop's floor
        ("Sales Assistant", False),  # a shop's floor, not a target
        ("Sales Associate", False),
        ("Sales Operations Analyst", False),
        ("Head of Sales Operations", False),
        ("Sales Ledger Clerk", False),
        ("Salesforce Developer", False),
        ("Commercial Manager", False),  # often contracts, in English
        ("Juriste en droit commercial", False),
        ("Assistant commercial", False),
    ],
)
def test_facts_a_title_that_names_a_sales_job(role: str, sales: bool):
    assert fact_holds("role:sales", role=role) is sales


@pytest.mark.parametrize(
    ("language", "role", "zone", "said"),
    [
        ("en", "Account Executive, Mid-Market", "America/New_York", "base alone or the earnings at target"),
        ("fr", "Ingénieur commercial (H/F)", "Europe/Paris", "au fixe seul ou à la rémunération à objectifs atteints"),
    ],
)
def test_a_sales_job_is_asked_what_the_pay_given_is_made_of(language: str, role: str, zone: str, said: str):
    """A range given for a sales job may be the base or the earnings at target: the digest itself (not only the guide)
    tells the candidate to ask which, and how many of the team reach their targets; with no pay given, to ask for
    both figures. Never for a job beside sales, nor in a talk with future colleagues only."""
    people = [person("hiring_manager", name="Dana Whitfield")]
    interview = make(role=role, salary=RANGE, language=language, timezone=zone, interviewers=people)
    assert said in render_digest(interview, None, NOW).text
    asked = {
        "en": "ask for the base and the earnings at target separately",
        "fr": "demandez le fixe et la rémunération",
    }
    assert asked[language] in _texts(role=role, language=language, timezone=zone, interviewers=people)
    for other in (
        {"role": "Sales Assistant"},
        {"role": role, "interviewers": [person("team_member", name="Chris Park")]},
    ):
        text = _texts(**{"salary": RANGE, "language": language, "timezone": zone, "interviewers": people, **other})
        assert said not in text and asked[language] not in text, other


@pytest.mark.parametrize(
    ("company", "scale"),
    [
        ("Leeds Teaching Hospitals NHS Trust", True),
        ("NHS Greater Glasgow and Clyde", True),
        ("CHU de Bordeaux", True),
        ("Centre hospitalier de Pau", True),
        ("AP-HP", True),
        ("CIUSSS du Centre-Sud-de-l’Île-de-Montréal", True),
        ("CHUM", True),
        ("HUG", True),
        ("Académie de Versailles", True),  # France's state schools: teachers, even on contract, on a grid
        ("Rectorat de Lyon", True),
        ("Ministère de l’Éducation nationale", True),
        ("Academy of Art University", False),
        ("Metropolitan Police Service", True),  # police and fire services pay by rank on a published scale
        ("Gendarmerie nationale", True),
        ("SDIS du Rhône", True),
        ("West Midlands Fire and Rescue Service", True),
        ("Hugo Boss", False),
        ("Bupa", False),  # a private provider bargains
        ("Chubb", False),
        ("Northwind", False),
    ],
)
def test_facts_an_employer_that_pays_every_role_on_a_scale(company: str, scale: bool):
    """A consultant at an NHS trust was told to answer with "the upper part" of GBP 109,725–145,478: the employer, not
    only the title, can say the pay follows a published scale."""
    assert fact_holds("role:scale", role="Consultant Anaesthetist", company={"name": company}) is scale
    if scale:
        text = _texts(role="Consultant Anaesthetist", company={"name": company}, salary=RANGE)
        assert "paid on a scale" in text and "ask where you would start" in text
        assert "upper part of theirs" not in text and "Decide where in it" not in text
        assert "make up for a lower salary" not in text  # no benefit makes up for a rung of the scale


@pytest.mark.parametrize(
    ("role", "contract"),
    [
        ("Contract DevOps Engineer (6 months, Outside IR35)", True),
        ("Data Engineer - Contract", True),
        ("Developer (6 month contract)", True),
        ("SAP Consultant (Outside IR35)", True),
        ("Freelance UX Designer", True),
        ("Développeur freelance", True),
        ("Consultant SAP (portage salarial)", True),
        ("Contract Manager", False),  # a job about contracts
        ("Contracts Administrator", False),
        ("Head of Contracts", False),
        ("Engineer - Contract Management", False),
        ("Lawyer (Commercial Contracts)", False),
    ],
)
def test_facts_a_title_that_names_a_contractors_job(role: str, contract: bool):
    assert fact_holds("role:contract", role=role) is contract


@pytest.mark.parametrize(
    ("language", "zone", "said", "not_said"),
    [
        (
            "en",
            "Europe/London",
            ("asked for a rate, by the day or by the hour", "What rate are you looking for?", "similar contracts"),
            ("What salary are you expecting?", "Know your floor", "prepare a range before the interview", "your range"),
        ),
        (
            "fr",
            "Europe/Paris",
            ("un tarif, à la journée ou à l’heure", "durée de la mission", "missions semblables"),
            ("prétentions salariales", "Connaissez votre plancher", "préparez une fourchette", "votre fourchette"),
        ),
        (
            "fr",
            "America/Toronto",
            ("un tarif, à l’heure ou à la journée", "durée du mandat", "mandats semblables"),
            ("prétentions salariales", "Connaissez votre plancher", "préparez une fourchette"),
        ),
    ],
)
def test_a_contractor_prepares_a_rate_not_a_salary(language: str, zone: str, said: tuple, not_said: tuple):
    """ "Contract DevOps Engineer (6 months, Outside IR35)" was told "Salary will probably come up, so prepare a range"
    and "which benefits could make up for a lower salary": a contractor quotes a rate, and knows the lowest one."""
    people = [person("recruiter", name="Jess Fowler")]
    text = _texts(
        role="Contract DevOps Engineer (6 months, Outside IR35)", language=language, timezone=zone, interviewers=people
    )
    for words in said:
        assert words in text, words
    for words in not_said:
        assert words not in text, words


def test_a_day_rate_given_is_said_per_day_and_asked_about_as_a_rate():
    day_rate = {"min": 500, "max": 600, "currency": "GBP", "period": "day"}
    people = [person("recruiter", name="Jess Fowler")]
    text = _texts(role="Data Engineer - Contract", salary=day_rate, interviewers=people)
    assert "The range given for this role is GBP 500–600 per day." in text
    assert "How does the rate for this role sound to you?" in text and "salary range for this role" not in text
    french = _texts(
        role="Data Engineer - Contract", salary=day_rate, language="fr", timezone="Europe/Paris", interviewers=people
    )
    assert "500 à 600\u00a0£GB par jour" in french


def test_a_contractor_at_a_public_hospital_quotes_a_rate_not_the_scale():
    """ "Ingénieur DevOps freelance" at the CHU de Bordeaux was told « Un poste comme celui-ci est en général payé selon
    une grille »: a contractor's rate is not the employer's scale."""
    fields = {"role": "Ingénieur DevOps freelance", "company": {"name": "CHU de Bordeaux"}}
    assert fact_holds("role:contract", **fields) and not fact_holds("role:scale", **fields)
    day_rate = {"min": 550, "max": 600, "currency": "EUR", "period": "day"}
    text = _texts(**fields, salary=day_rate, language="fr", timezone="Europe/Paris")
    assert "payé selon une grille" not in text and "550 à 600\u00a0€ par jour" in text
