"""An employer named by a common noun, as French says it: « à l’Université Laval », « au CHU de Bordeaux », « les
objectifs du CHU », never « chez Université Laval » nor « d’Université Laval »; a company's name stands alone."""

from __future__ import annotations

import pytest
from interview_prep.domain import language
from interview_prep.domain.calendar import build_ics
from interview_prep.domain.digest import render_digest, render_guide
from interview_prep.domain.drafts import build_drafts, render_thank_you
from interview_prep.domain.employer import in_french
from interview_prep.domain.mail import Links

from tests.test_playbook import NOW, make, person


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Université Laval", "l’Université Laval"),
        ("CHU de Bordeaux", "le CHU de Bordeaux"),
        ("Hôpital Sainte-Justine", "l’Hôpital Sainte-Justine"),
        ("Ville de Montréal", "la Ville de Montréal"),
        ("Hospices civils de Lyon", "les Hospices civils de Lyon"),
        ("Centre hospitalier de Pau", "le Centre hospitalier de Pau"),
        ("l’Université Laval", "l’Université Laval"),  # already with its article
        ("Doctolib", "Doctolib"),  # a company's name stands alone
        ("Crédit Agricole", "Crédit Agricole"),
        ("Centre", "Centre"),  # one word: a brand, as given
        ("SNCF", "la SNCF"),  # known initials take theirs
        ("CHUV", "le CHUV"),
        ("AP-HP", "l’AP-HP"),
        ("État de Vaud", "l’État de Vaud"),
        ("HUG", "les HUG"),
        ("Cliniques universitaires Saint-Luc", "les Cliniques universitaires Saint-Luc"),  # « aux Cliniques »
        ("Clinique Pasteur", "la Clinique Pasteur"),
        ("SDIS du Rhône", "le SDIS du Rhône"),
        ("SDIS", "le SDIS"),
        ("Police nationale", "la Police nationale"),
        # a business named by what it is
        ("Pharmacie du Centre", "la Pharmacie du Centre"),
        ("Société Générale", "la Société Générale"),
        ("Groupe SEB", "le Groupe SEB"),
        ("Cabinet Lefèvre", "le Cabinet Lefèvre"),
        ("Hôtel Ritz Paris", "l’Hôtel Ritz Paris"),
        ("Laboratoires Pierre Fabre", "les Laboratoires Pierre Fabre"),
        ("Salon Dessange Bruxelles", "le Salon Dessange Bruxelles"),
    ],
)
def test_an_institution_takes_its_article_in_french(name: str, said: str) -> None:
    assert in_french(name) == said


@pytest.mark.parametrize(
    ("text", "contracted"),
    [
        ("Infirmière chez le CHU de Bordeaux", "Infirmière au CHU de Bordeaux"),
        ("Conseillère chez l’Université Laval", "Conseillère à l’Université Laval"),
        ("jusqu’à les Hospices civils", "jusqu’aux Hospices civils"),
        ("Infirmière chez les Cliniques universitaires Saint-Luc", "Infirmière aux Cliniques universitaires Saint-Luc"),
        ("les objectifs de le CHU", "les objectifs du CHU"),
        ("l’entretien chez <strong>le CHU de Pau</strong>", "l’entretien au <strong>CHU de Pau</strong>"),  # HTML
        ("Développeur chez Doctolib", "Développeur chez Doctolib"),  # a company: « chez »
        ("Pharmacien chez la Pharmacie du Centre", "Pharmacien à la Pharmacie du Centre"),
        ("Chimiste chez l’Oréal", "Chimiste chez l’Oréal"),  # a company whose name has its own article
        ("Vendeur chez les Galeries Lafayette", "Vendeur chez les Galeries Lafayette"),
        ("Merci de le faire", "Merci de le faire"),  # a pronoun, not an article
        ("À demander à le Dr Roux", "À demander au Dr Roux"),
    ],
)
def test_french_contractions_before_an_institution(text: str, contracted: str) -> None:
    assert language.french_contractions(text) == contracted


def test_every_french_email_says_the_institution_with_its_article() -> None:
    """The digest, the guide, the thank-you email and its drafts, the calendar event: « au CHU de Bordeaux », « du
    CHU de Bordeaux », « Rejoindre le CHU de Bordeaux », never « chez CHU » nor « de CHU »; the drafts' greeting to
    the hiring team is « à toute l’équipe du CHU de Bordeaux »; English keeps the name as entered."""
    people = [person("hiring_manager", name="Mme Isabelle Roux"), person("executive", name="M. Pierre Blanc")]
    fields = {"company": {"name": "CHU de Bordeaux"}, "language": "fr", "timezone": "Europe/Paris"}
    interview = make(interviewers=people, **fields)
    digest = render_digest(interview, None, NOW)
    texts = [digest.subject, digest.text, render_guide(interview, None, NOW).text]
    drafts = build_drafts(interview)
    links = Links(manage_url="https://prep.example/m", unsubscribe_url="https://prep.example/u")
    email = render_thank_you(interview, drafts, links)
    texts += [email.subject, email.text, email.html, digest.html, *(d.subject + "\n" + d.body for d in drafts)]
    everything = "\n".join(texts)
    assert "au CHU de Bordeaux" in digest.subject
    assert "du CHU de Bordeaux" in everything
    for wrong in ("chez CHU", "de CHU", "d’CHU", "chez le CHU", "de le CHU", "à le CHU", "sur CHU", "chez <strong>"):
        assert wrong not in everything.replace("\u202f", " ").replace("\u00a0", " "), wrong
    assert "au CHU de Bordeaux" in build_ics(interview).decode()
    team = build_drafts(make(interviewers=[], **fields))
    assert team[0].body.startswith("Bonjour à toute l’équipe du CHU de Bordeaux,")
    company = build_drafts(make(interviewers=[], **{**fields, "company": {"name": "Doctolib"}}))
    assert company[0].body.startswith("Bonjour à toute l’équipe Doctolib,")  # a company's name stands alone
    english = render_digest(make(interviewers=people, company={"name": "CHU de Bordeaux"}), None, NOW)
    assert "at CHU de Bordeaux" in english.subject
