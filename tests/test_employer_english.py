"""An institution as English says it: "at the University of Plymouth", "joining the Metropolitan Police Service",
"the Department for Transport's main objectives", never "at University of Plymouth"; a company's name, "NHS Lothian"
or "Leeds City Council" stand alone."""

from __future__ import annotations

import re

import pytest
from interview_prep.domain.calendar import build_ics
from interview_prep.domain.digest import render_digest, render_guide
from interview_prep.domain.drafts import build_drafts, render_thank_you
from interview_prep.domain.employer import in_english
from interview_prep.domain.mail import Links

from tests.test_playbook import NOW, make, person


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("University of Plymouth", "the University of Plymouth"),
        ("Department for Transport", "the Department for Transport"),
        ("City of Austin", "the City of Austin"),
        ("Royal Borough of Greenwich", "the Royal Borough of Greenwich"),
        ("Massachusetts Institute of Technology", "the Massachusetts Institute of Technology"),
        ("Metropolitan Police Service", "the Metropolitan Police Service"),
        ("London Ambulance Service", "the London Ambulance Service"),
        ("Home Office", "the Home Office"),
        ("Environment Agency", "the Environment Agency"),
        ("Leeds Teaching Hospitals NHS Trust", "the Leeds Teaching Hospitals NHS Trust"),
        ("British Museum", "the British Museum"),
        ("World Health Organization", "the World Health Organization"),
        ("Alan Turing Institute", "the Alan Turing Institute"),
        ("Nationwide Building Society", "the Nationwide Building Society"),
        ("Max Planck Institute for Intelligent Systems", "the Max Planck Institute for Intelligent Systems"),
        ("London School of Economics", "the London School of Economics"),
        ("Health Service Executive", "the Health Service Executive"),
        ("Scottish Qualifications Authority", "the Scottish Qualifications Authority"),
        ("Tourism Ireland Board", "the Tourism Ireland Board"),
        ("NHS", "the NHS"),
        ("BBC", "the BBC"),
        # As entered: a company, a name with its own "The", and public bodies said without an article
        ("Stripe", "Stripe"),
        ("The Guardian", "The Guardian"),
        ("NHS Lothian", "NHS Lothian"),
        ("Leeds City Council", "Leeds City Council"),
        ("Thames Valley Police", "Thames Valley Police"),
        ("University College London", "University College London"),
        ("Imperial College London", "Imperial College London"),
        ("Bank of America", "Bank of America"),
        ("Royal Bank of Canada", "Royal Bank of Canada"),
        ("New York University", "New York University"),
        ("Apex Cleaning Service", "Apex Cleaning Service"),  # a company's service, not a public one
        ("Office Depot", "Office Depot"),
        ("State Farm", "State Farm"),
        ("Who", "Who"),  # a word, not the initials
    ],
)
def test_an_institution_takes_the_in_english(name: str, said: str) -> None:
    assert in_english(name) == said


def test_every_english_email_says_the_institution_with_the() -> None:
    """The digest, the guide, the thank-you email and its drafts, the calendar event all say "the University of
    Plymouth" ("Research the University of Plymouth", "the University of Plymouth's main objectives", "joining the
    University of Plymouth"); the greeting to the hiring team keeps the name as entered; French is unchanged."""
    people = [person("hiring_manager", name="Ruth Kaur"), person("executive", name="Prof. Ian Shaw")]
    fields = {"company": {"name": "University of Plymouth"}, "timezone": "Europe/London"}
    for round_number in (1, 2):
        interview = make(interviewers=people, round=round_number, **fields)
        digest = render_digest(interview, None, NOW)
        drafts = build_drafts(interview)
        links = Links(manage_url="https://prep.example/m", unsubscribe_url="https://prep.example/u")
        email = render_thank_you(interview, drafts, links)
        texts = [digest.subject, digest.text, digest.html, render_guide(interview, None, NOW).text, email.text]
        everything = "\n".join([*texts, *(d.subject + "\n" + d.body for d in drafts)])
        assert "at the University of Plymouth" in digest.subject
        assert "the University of Plymouth" in build_ics(interview).decode()
        bare = everything.replace("the University of Plymouth", "").replace("The University of Plymouth", "")
        assert "University of Plymouth" not in bare, round_number
    (team,) = build_drafts(make(interviewers=[], **fields))
    assert team.body.startswith("Dear University of Plymouth hiring team,")
    french = render_digest(make(interviewers=people, language="fr", **fields), None, NOW)
    assert "the University" not in french.text


def test_html_keeps_the_article_out_of_the_bold_name() -> None:
    """ "at <strong>the Home Office</strong>" and « pour <strong>le Dr Paul Roux</strong> » bolded the article we add
    with the name: the HTML emails put it before the bold, as the text reads."""
    links = Links(manage_url="https://prep.example/m", unsubscribe_url="https://prep.example/u")
    english = make(company={"name": "Home Office"}, interviewers=[person("hiring_manager", name="Helen Ward")])
    html = render_thank_you(english, build_drafts(english), links).html
    assert "at the <strong>Home Office</strong>" in html and "<strong>the " not in html
    people = [{**person("hiring_manager", name="Dr Paul Roux"), "title": "Cardiologue"}, person("team_member")]
    french = make(company={"name": "CHU de Bordeaux"}, language="fr", interviewers=people)
    html = render_thank_you(french, build_drafts(french), links).html
    assert re.search(r"pour le <strong[^>]*>Dr Paul Roux, Cardiologue</strong>", html)
    assert "au <strong>CHU de Bordeaux</strong>" in html
    assert not re.search(r"<strong[^>]*>((le|la|les|the) |l’)", html)


@pytest.mark.parametrize(
    ("name", "english", "french"),
    [
        ("A client of Hays", "a client of Hays", "un client de Hays"),
        ("Confidential client", "a confidential client", "un client confidentiel"),
        ("Confidential Client (fintech)", "a confidential client (fintech)", "un client confidentiel (fintech)"),
        ("Our client", "a client of your recruiter", "un client de votre recruteur"),
        ("Stealth startup", "a stealth startup", "un employeur pas encore nommé"),
        ("TBC", "an employer not named yet", "un employeur pas encore nommé"),
        ("Un client d’Adecco", "a client of Adecco", "un client d’Adecco"),
        ("Client confidentiel", "a confidential client", "un client confidentiel"),
        ("Entreprise non communiquée", "an employer not named yet", "une entreprise non communiquée"),
    ],
)
def test_an_employer_not_named_yet_is_said_as_a_sentence_says_it(name: str, english: str, french: str) -> None:
    """ "Prep for your Finance Business Partner interview at A client of Hays", "at TBC", « chez Our client »: the
    subjects, headings, calendar event and thank-you email say an employer not named yet in the email's language,
    in small letters, as a sentence would; the stored name stays as typed."""
    people = [person("recruiter", name="Niamh Byrne")]
    interview = make(company={"name": name}, interviewers=people, timezone="Europe/London")
    digest = render_digest(interview, None, NOW)
    assert digest.subject.startswith(f"Prep for your Operations Analyst interview at {english}, ")
    assert f"Operations Analyst at {english}: your" in digest.text and f"at {name}" not in digest.text
    assert f"at {english}" in build_ics(interview).decode().replace("\r\n ", "")
    links = Links(manage_url="https://prep.example/m", unsubscribe_url="https://prep.example/u")
    assert f"for {english} (Operations Analyst)" in render_thank_you(interview, build_drafts(interview), links).subject
    assert interview.company.name == name
    en_francais = make(company={"name": name}, interviewers=people, timezone="Europe/Paris", language="fr")
    assert f"chez {french}" in render_digest(en_francais, None, NOW).subject
