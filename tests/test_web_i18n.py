"""The pages in French: the browser's language, the switch on every page, the interview's own language."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlsplit

from tests import test_web
from tests.test_i18n import ENGLISH_WORDS, FRENCH_WORDS
from tests.test_web import Browser, form_fields, link_from

stack = test_web.stack  # the local stack in this process (the same fixture as the other page tests)

FRENCH_FORM: dict[str, Any] = {
    "candidate.name": "Élise Tremblay",
    "candidate.email": "elise@example.com",
    "company.name": "Boréal Logistique",
    "company.website": "https://boreal.example",
    "role": "Analyste des opérations",
    "location": "Café Olimpico, Montréal",
    "interviewers[0].name": "Marc Gagnon",
    "interviewers[0].title": "Directeur des opérations",
    "interviewers[1].name": "Léa Roy",
    "first_interview_notes": "Nous avons parlé de l’entrepôt de Laval.",
}


def visible_words(html: str) -> set[str]:
    """The words a reader sees: tags, URLs and the product's name aside, the language switch's own names aside."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r'<nav class="language-switch".*?</nav>', " ", text, flags=re.S)
    text = re.sub(r"<option\b[^>]*>[^<]*</option>", " ", text)  # zone names and currency codes
    text = re.sub(r"<[^>]+>|&\w+;|https?://\S+", " ", text).replace("Interview Prep", " ")
    return {w.casefold() for w in re.findall(r"[^\W\d_]+(?:[-’'][^\W\d_]+)*", text)}


def record_in_french(
    stack: Any, accept_language: str = "fr-CA,fr;q=0.9", **overrides: Any
) -> tuple[Browser, dict[str, Any]]:
    browser = Browser(accept_language=accept_language)
    page = browser.submit(form_fields(**{**FRENCH_FORM, **overrides}))
    assert page.status == 200, page.text
    if accept_language.startswith("fr"):
        assert "Consultez vos courriels" in page.text or "Consultez vos e-mails" in page.text
    mails = [m for m in stack.outbox() if "elise@example.com" in m["to"]]
    return browser, mails[-1]


def test_form_speaks_the_browsers_quebec_french(stack: Any) -> None:
    page = Browser(accept_language="fr-CA,fr;q=0.9,en;q=0.5").get("/")

    assert page.status == 200
    assert '<html lang="fr-CA">' in page.text and page.headers["content-language"] == "fr-CA"
    assert "Enregistrer une entrevue" in page.text and "Votre adresse courriel" in page.text
    assert re.search(r'name="language" value="fr" checked', page.text)  # the emails default to the page's language
    assert not visible_words(page.text) & ENGLISH_WORDS


def test_form_speaks_the_browsers_luxembourg_french(stack: Any) -> None:
    page = Browser(accept_language="fr-LU").get("/")

    assert '<html lang="fr-LU">' in page.text
    assert "Enregistrer un entretien" in page.text and "Langue des e-mails" in page.text
    assert "Seul son poste est connu" in page.text and "Chargée de recrutement" in page.text
    assert not visible_words(page.text) & ENGLISH_WORDS


def test_form_in_english_holds_no_french(stack: Any) -> None:
    page = Browser(accept_language="en-GB,en;q=0.9").get("/")

    assert '<html lang="en">' in page.text
    assert "Only their post is known? Enter it as the name, such as “Hiring Manager”." in page.text
    assert not visible_words(page.text) & FRENCH_WORDS
    assert 'hreflang="fr" lang="fr">Français</a>' in page.text  # the switch, in its own language


def test_language_switch_sticks_for_the_next_pages(stack: Any) -> None:
    browser = Browser(accept_language="en-US")

    switched = browser.get("/?lang=fr")
    assert switched.status == 200 and '<html lang="fr">' in switched.text
    assert any(c.startswith("lang=fr;") for c in switched.set_cookies)
    assert '<html lang="fr">' in browser.get("/").text  # the cookie keeps the choice
    assert '<html lang="en">' in browser.get("/?lang=en").text


def test_form_errors_are_in_french(stack: Any) -> None:
    browser = Browser(accept_language="fr-CA")
    page = browser.submit(form_fields(**{**FRENCH_FORM, "candidate.email": "pas-une-adresse", "role": ""}))

    assert page.status == 422
    assert "Il y a 2 problèmes" in page.text
    assert "Poste est obligatoire" in page.text
    assert "Votre adresse courriel n’est pas une adresse courriel valide" in page.text  # Québec says courriel
    assert not visible_words(page.text) & ENGLISH_WORDS


def test_french_interview_from_the_form_gets_french_email_and_pages(stack: Any) -> None:
    browser, mail = record_in_french(stack, language="fr")

    assert mail["subject"].startswith("Confirmez votre préparation à l’entrevue")
    page = test_web.press_confirm(browser, link_from(mail, "confirm"))
    manage = browser.get(urlsplit(page.location).path + "?" + urlsplit(page.location).query)
    assert manage.status == 200 and '<html lang="fr-CA">' in manage.text
    assert "Merci : votre adresse est confirmée." in manage.text.replace("\u00a0", " ")
    assert "Langue des courriels" in manage.text
    assert not visible_words(manage.text) & ENGLISH_WORDS


def test_manage_page_changes_the_language_of_the_emails(stack: Any) -> None:
    browser, mail = record_in_french(stack, accept_language="en", language="fr", timezone="Europe/Luxembourg")
    assert mail["subject"].startswith("Confirmez votre préparation à l’entretien")  # the interview's own language
    page = test_web.press_confirm(browser, link_from(mail, "confirm"))
    path = urlsplit(page.location).path
    manage = browser.get(path)
    assert '<html lang="fr-LU">' in manage.text  # the interview's language, whatever the browser's

    changed = browser.post(f"{path}/language", {"language": "en", "csrf_token": manage.csrf()})
    assert changed.status == 303
    after = browser.get(urlsplit(changed.location).path + "?" + urlsplit(changed.location).query)
    assert '<html lang="en">' in after.text
    assert "the emails and drafts about this interview are now written in this language" in after.text


def test_unsubscribe_and_error_pages_in_french(stack: Any) -> None:
    browser, mail = record_in_french(stack, accept_language="fr-LU", language="fr", timezone="Europe/Luxembourg")
    unsubscribe = browser.get(link_from(mail, "unsubscribe"))
    assert unsubscribe.status == 200
    assert "Ne plus recevoir d’e-mails sur cet entretien" in unsubscribe.text
    assert not visible_words(unsubscribe.text) & ENGLISH_WORDS

    missing = Browser(accept_language="fr-CA").get("/manage/" + "x" * 43)
    assert missing.status == 404 and "Ce lien n’est pas valide" in missing.text
    assert not visible_words(missing.text) & ENGLISH_WORDS


def test_review_page_of_a_french_invitation_speaks_the_emails_french(stack: Any) -> None:
    from tests.test_inbound import forwarded_in_french
    from tests.test_invitation_pages import review_fields

    assert stack.inbound(forwarded_in_french())["status"] == "review_sent"
    (mail,) = [m for m in stack.outbox() if m["subject"].startswith("Vérifiez votre entrevue")]
    match = re.search(r"/review/[A-Za-z0-9_-]{43}\?lang=fr", mail["text"])
    assert match
    browser = Browser(accept_language="en-GB,en;q=0.9")  # an English browser: the French email's link decides

    page = browser.get(match.group(0))

    assert page.status == 200
    assert '<html lang="fr-CA"' in page.text and "Vérifiez votre entrevue" in page.text
    assert 'class="language-switch"' in page.text  # and English is one click away
    assert "Personne 1\u00a0: choisissez son rôle dans le recrutement" in page.text
    assert not visible_words(page.text) & ENGLISH_WORDS
    checked = re.search(r'name="language" value="(\w+)" checked', page.text)
    assert checked and checked.group(1) == "fr"  # the interview's emails: French too
    path = urlsplit(match.group(0)).path
    done = browser.post(path, review_fields(page, format="in_person", language=checked.group(1)))  # as a browser
    assert done.status == 303, done.text
    (interview,) = test_web.interviews_in_table()
    assert (interview.language, interview.locale.tag) == ("fr", "fr-CA")


def test_people_form_on_the_manage_page_answers_in_french(stack: Any) -> None:
    browser, mail = record_in_french(stack, language="fr")
    page = test_web.press_confirm(browser, link_from(mail, "confirm"))
    path = urlsplit(page.location).path
    manage = browser.get(path)
    assert "Les personnes que vous rencontrez" in manage.text

    refused = browser.post(f"{path}/people", {"csrf_token": manage.csrf(), "interviewers[0].name": "Anne Roy"})
    saved = browser.post(
        f"{path}/people",
        {"csrf_token": manage.csrf(), "interviewers[0].name": "Anne Roy", "interviewers[0].relationship": "hr"},
    )

    assert refused.status == 422 and 'value="Anne Roy"' in refused.text
    said = re.search(r'id="ep-interviewers-0-relationship">(.*?)</p>', refused.text, re.S)
    assert said and "obligatoire" in said.group(1)
    assert not visible_words(refused.text) & ENGLISH_WORDS
    assert saved.status == 303
    done = browser.get(urlsplit(saved.location).path + "?" + urlsplit(saved.location).query)
    assert "suivent les personnes que vous rencontrez" in done.text


def test_manage_page_in_french_names_whom_a_draft_is_for_with_the_article_of_a_title(stack: Any, clock_at: Any) -> None:
    """« Pour Dr Paul Roux » above a draft is not French: « Pour le Dr Paul Roux »; the draft greets « Bonjour Docteur
    Roux, » and a name without such a title is left as written."""
    browser, manage = test_web.confirmed(
        stack, language="fr", **{"interviewers[0].name": "Dr Paul Roux", "interviewers[1].name": "Léa Roy"}
    )
    clock_at(dt.datetime(2027, 1, 16, 20, 30, tzinfo=dt.UTC))  # the interview has ended: the drafts are shown
    page = browser.get(manage).text.replace("\u202f", " ").replace("\u00a0", " ")
    assert "Pour le Dr Paul Roux" in page and "Copier le brouillon pour le Dr Paul Roux" in page
    assert "Pour Léa Roy" in page and "Bonjour Docteur Roux," in page
