"""Invitations forwarded by email, on moto: SES's verdicts, the one review email, the caps and the replies."""

from __future__ import annotations

import email
import email.policy
import json
import re
from email.message import EmailMessage
from typing import Any

import pytest

from tests import delivery_support as ds
from tests.conftest import NOW
from tests.test_invitations import fixture

SENDER = "alex.morgan.jobs@gmail.com"


def ses_event(message_id: str, **verdicts: str) -> dict[str, Any]:
    from local_stack.runtime import ses_receipt_event

    return ses_receipt_event(b"", message_id=message_id, recipients=["invite@in.example"], verdicts=verdicts)


def forwarded(inner: bytes, *, sender: str = SENDER, **headers: str) -> bytes:
    """A message `sender` forwards "as attachment" (the invitation email inside, whole)."""
    outer = EmailMessage()
    outer["From"] = f"Alex Morgan <{sender}>"
    outer["To"] = "invite@in.interview-prep.example.com"
    outer["Subject"] = "Fwd: my interview"
    for name, value in headers.items():
        outer[name.replace("_", "-")] = value
    outer.set_content("Here it is.\n")
    outer.add_attachment(email.message_from_bytes(inner, policy=email.policy.default))
    return outer.as_bytes()


def deliver_inbound(raw: bytes, message_id: str = "m1", **verdicts: str) -> dict[str, Any]:
    """Store the message where SES would and run the inbound function on SES's event."""
    import boto3
    from interview_prep.adapters.settings import settings

    from functions.on_inbound_email.app import lambda_handler

    boto3.client("s3").put_object(
        Bucket=settings().inbound_bucket, Key=f"{settings().inbound_prefix}{message_id}", Body=raw
    )
    result: dict[str, Any] = lambda_handler(ses_event(message_id, **verdicts), ds.deliver_context())
    return result


@pytest.fixture
def inbound(aws: Any, clock_at: Any) -> Any:
    clock_at(NOW)
    return aws


def test_inbound_forwarded_invitation_sends_one_review_email_to_the_sender(inbound: Any) -> None:
    outcome = deliver_inbound(fixture("teams_forwarded_as_attachment.eml"))

    assert outcome["status"] == "review_sent"
    (message,) = ds.sent_messages()
    assert message["To"].addresses[0].addr_spec == SENDER
    assert "Lumen Logistics" in str(message["Subject"])
    text = message.get_body(("plain",)).get_content()
    assert "Tuesday 30 March 2027, 15:00 (Europe/Berlin, UTC+02:00)" in text
    assert "Femke de Vries, Jonas Weber" in text
    assert "https://prep.example.test/review/" in text
    assert "List-Unsubscribe" not in message  # a reply to the sender's own message, not a mailing


def test_inbound_same_message_twice_sends_nothing_more(inbound: Any) -> None:
    raw = fixture("teams_forwarded_as_attachment.eml")
    deliver_inbound(raw, "same-id")
    again = deliver_inbound(raw, "same-id")

    assert again["status"] == "duplicate"
    assert len(ds.sent_messages()) == 1


def test_inbound_review_link_opens_the_draft(inbound: Any) -> None:
    from interview_prep.adapters.settings import settings
    from interview_prep.adapters.store import InterviewStore
    from interview_prep.services import tokens
    from interview_prep.services.inbound import draft_id

    deliver_inbound(fixture("teams_forwarded_as_attachment.eml"), "m-link")
    text = ds.sent_messages()[0].get_body(("plain",)).get_content()
    raw_token = text.split("/review/", 1)[1].split()[0]
    store = InterviewStore(settings().table_name)

    opened = tokens.resolve(store, raw_token, purpose="review", now=NOW)

    assert opened == draft_id("m-link")
    draft = store.get_invitation_draft(opened)
    assert draft is not None and draft["sender"] == SENDER


@pytest.mark.parametrize(
    "verdicts",
    [{"spf": "FAIL"}, {"dkim": "FAIL"}, {"dmarc": "FAIL"}, {"spam": "FAIL"}, {"virus": "FAIL"},
     {"spf": "GRAY", "dkim": "GRAY"}],
)  # fmt: skip
def test_inbound_failed_checks_are_refused_without_any_reply(inbound: Any, verdicts: dict[str, str]) -> None:
    outcome = deliver_inbound(fixture("teams_forwarded_as_attachment.eml"), **verdicts)

    assert outcome["status"] == "refused"
    assert ds.sent_messages() == []


def test_inbound_message_without_invitation_gets_one_polite_reply_a_day(inbound: Any) -> None:
    note = forwarded(b"From: a@b.example\r\nSubject: lunch\r\n\r\nAre you free on Tuesday?\r\n")

    first = deliver_inbound(note, "n1")
    second = deliver_inbound(note, "n2")

    assert (first["status"], second["status"]) == ("replied", "reply_suppressed")
    (reply,) = ds.sent_messages()
    assert "could not find an interview invitation" in str(reply["Subject"])
    assert "No calendar invitation found" not in reply.get_body(("plain",)).get_content()  # reworded as a sentence


def test_inbound_repeating_event_reply_says_why(inbound: Any) -> None:
    deliver_inbound(forwarded_ics(fixture("recurring.ics")), "r1")

    (reply,) = ds.sent_messages()
    assert "repeating event" in reply.get_body(("plain",)).get_content()


def forwarded_ics(ics: bytes) -> bytes:
    outer = EmailMessage()
    outer["From"] = SENDER
    outer["To"] = "invite@in.interview-prep.example.com"
    outer["Subject"] = "Fwd: invitation"
    outer.set_content("See the attached invitation.\n")
    outer.add_attachment(ics, maintype="text", subtype="calendar", filename="invite.ics")
    return outer.as_bytes()


def test_inbound_caps_forwarded_invitations_per_address_like_the_form(inbound: Any) -> None:
    outcomes = [deliver_inbound(fixture("teams_forwarded_as_attachment.eml"), f"cap-{n}")["status"] for n in range(4)]

    assert outcomes == ["review_sent", "review_sent", "review_sent", "rate_limited"]
    assert len(ds.sent_messages()) == 3


@pytest.mark.parametrize(
    "headers", [{"Auto_Submitted": "auto-replied"}, {"Precedence": "bulk"}, {"List_Id": "<news.example>"}]
)
def test_inbound_automatic_mail_is_never_answered(inbound: Any, headers: dict[str, str]) -> None:
    outcome = deliver_inbound(forwarded(b"Subject: out of office\r\n\r\nAway.\r\n", **headers), "auto")

    assert outcome["status"] == "ignored"
    assert ds.sent_messages() == []


def test_inbound_robot_sender_is_never_answered(inbound: Any) -> None:
    outcome = deliver_inbound(forwarded(b"Subject: x\r\n\r\ny\r\n", sender="noreply@calendar.example"), "robot")

    assert outcome["status"] == "ignored"


def test_inbound_cancellation_of_a_recorded_interview_offers_to_cancel_it(inbound: Any) -> None:
    from interview_prep.adapters.settings import settings
    from interview_prep.adapters.store import InterviewStore
    from interview_prep.domain.invitations import read_invitation
    from interview_prep.domain.models import InterviewRequest
    from interview_prep.services import interviews
    from interview_prep.services.inbound import email_owner

    from tests.sample_interviews import KESTREL

    original = read_invitation(fixture("outlook_exchange.eml"))
    store = InterviewStore(settings().table_name)
    request = InterviewRequest.model_validate(
        {**KESTREL, "starts_at": "2027-03-30T10:00", "timezone": "America/Los_Angeles",
         "candidate": {"name": "Alex", "email": SENDER}}
    )  # fmt: skip
    recorded = interviews.record(
        store, request, owner=email_owner(SENDER), now=NOW, source="email", invitation_uid=original.uid
    )

    outcome = deliver_inbound(forwarded(fixture("outlook_cancel.eml")), "cancel-1")

    assert outcome == {"status": "cancel_offered", "interview_id": recorded.id}
    (offer,) = ds.sent_messages()
    assert str(offer["Subject"]).startswith("Cancel your interview prep")
    assert "https://prep.example.test/manage/" in offer.get_body(("plain",)).get_content()


def test_inbound_cancellation_without_a_recorded_interview_gets_the_polite_reply(inbound: Any) -> None:
    outcome = deliver_inbound(forwarded(fixture("outlook_cancel.eml")), "cancel-2")

    assert outcome["status"] == "replied"
    assert "no interview prep recorded from that invitation" in ds.sent_messages()[0].get_body(("plain",)).get_content()


def test_inbound_event_of_another_shape_is_rejected_not_retried(inbound: Any) -> None:
    from functions.on_inbound_email.app import lambda_handler

    assert lambda_handler({"Records": [{"s3": {}}]}, ds.deliver_context()) == {"status": "rejected"}


def test_inbound_received_mail_refusal_rules() -> None:
    from interview_prep.services.inbound import ReceivedMail

    def mail(**v: str) -> ReceivedMail:
        return ReceivedMail("x", {"spf": "PASS", "dkim": "PASS", "dmarc": "PASS", "spam": "PASS", "virus": "PASS", **v})

    assert mail().refusal() is None
    assert mail(dmarc="GRAY").refusal() is None  # no DMARC policy published: SPF and DKIM still pass
    assert mail(spf="GRAY").refusal() is None
    assert mail(spf="GRAY", dkim="GRAY").refusal() == "not_authenticated"
    assert mail(dkim="FAIL").refusal() == "dkim_failed"
    assert mail(virus="FAIL", spam="FAIL").refusal() == "virus"


def test_inbound_review_email_lists_what_is_missing_in_words(inbound: Any) -> None:
    deliver_inbound(forwarded(fixture("calendly.eml")), "cal-1")

    text = ds.sent_messages()[0].get_body(("plain",)).get_content()
    assert "- the company" in text and "- the role you applied for" in text
    assert "UTC only" in text  # the warnings travel with it


def test_inbound_sample_event_for_sam_local_invoke_reads_as_a_vouched_message() -> None:
    from interview_prep.services.inbound import ReceivedMail

    from tests.conftest import load_event

    mail = ReceivedMail.from_event(load_event("ses_inbound_email.json"))

    assert mail.message_id == "o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1"
    assert mail.refusal() is None


def test_inbound_refused_message_is_never_read(inbound: Any) -> None:
    from functions.on_inbound_email.app import lambda_handler

    # Given no stored message at all: reading it would fail, so a refusal must come before any read
    outcome = lambda_handler(ses_event("never-stored", dkim="FAIL"), ds.deliver_context())

    assert outcome == {"status": "refused", "reason": "dkim_failed"}


# --- the replies speak the forwarded message's language -------------------------------------------------------

FRENCH_EVENT = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN
METHOD:REQUEST
BEGIN:VEVENT
UID:boreal-entrevue-2027@boreal.example
SEQUENCE:0
DTSTAMP:20270108T150000Z
DTSTART;TZID={zone}:20270329T093000
DTEND;TZID={zone}:20270329T103000
SUMMARY:Entrevue – Analyste des opérations chez Boréal Logistique
DESCRIPTION:Bonjour\\, nous vous attendons pour votre deuxième entrevue avec Marc Gagnon.
LOCATION:Boréal Logistique\\, 1200 rue Peel\\, Montréal
ORGANIZER;CN=Chloé Martin:mailto:chloe.martin@boreal.example
ATTENDEE;CN=Marc Gagnon;ROLE=REQ-PARTICIPANT:mailto:marc.gagnon@boreal.example
ATTENDEE;CN=Alex Morgan;ROLE=REQ-PARTICIPANT:mailto:{sender}
END:VEVENT
END:VCALENDAR
"""


def forwarded_in_french(*, zone: str | None = "America/Toronto", **headers: str) -> bytes:
    """A French mail app's forward ("TR :", « Objet : ») of a French invitation (none when `zone` is None)."""
    inner = EmailMessage()
    inner["From"] = "Chloé Martin <chloe.martin@boreal.example>"
    inner["To"] = SENDER
    inner["Subject"] = "Entrevue – Analyste des opérations chez Boréal Logistique"
    inner.set_content("Bonjour Alex,\n\nVoici l’invitation pour votre entrevue avec Marc Gagnon.\n")
    if zone:
        event = FRENCH_EVENT.format(zone=zone, sender=SENDER).replace("\n", "\r\n").encode()
        inner.add_attachment(event, maintype="text", subtype="calendar", filename="invite.ics")
    outer = EmailMessage()
    outer["From"] = f"Alex Morgan <{SENDER}>"
    outer["To"] = "invite@in.interview-prep.example.com"
    outer["Subject"] = "TR: Entrevue avec Boréal Logistique"
    outer.set_content("Bonjour,\n\nvoici l’invitation reçue pour mon entrevue de lundi.\n\nDe : Chloé Martin\nObjet : "
                      "Entrevue – Analyste des opérations\n")  # fmt: skip
    outer.add_attachment(email.message_from_bytes(inner.as_bytes(), policy=email.policy.default))
    for name, value in headers.items():  # after the content, which would drop Content-* headers set before it
        outer[name.replace("_", "-")] = value
    return outer.as_bytes()


def test_inbound_french_invitation_gets_its_review_email_in_quebec_french(inbound: Any) -> None:
    from interview_prep.adapters.settings import settings
    from interview_prep.adapters.store import InterviewStore
    from interview_prep.services.inbound import draft_id

    from tests.test_i18n import ENGLISH_WORDS, _words

    outcome = deliver_inbound(forwarded_in_french(), "m-fr")

    assert outcome["status"] == "review_sent"
    (message,) = ds.sent_messages()
    assert str(message["Subject"]) == (
        "Vérifiez votre entrevue chez Boréal Logistique\u00a0: encore une étape pour recevoir votre préparation"
    )
    text = message.get_body(("plain",)).get_content()
    assert "- Quand\u00a0: lundi 29 mars 2027, 9\u00a0h\u00a030 (America/Toronto, UTC−04:00)" in text
    assert "vous recevrez par courriel une fiche de préparation avant l’entrevue" in text
    assert re.search(r"https://prep\.example\.test/review/[A-Za-z0-9_-]{43}\?lang=fr\s", text)  # the page in French
    assert not _words(text.replace("Interview Prep", "")) & ENGLISH_WORDS
    assert '<html lang="fr-CA">' in message.get_body(("html",)).get_content()
    draft = InterviewStore(settings().table_name).get_invitation_draft(draft_id("m-fr"))
    assert draft is not None and json.loads(draft["doc"])["language"] == "fr"


def test_inbound_french_message_without_an_invitation_gets_the_reply_in_french(inbound: Any) -> None:
    outcome = deliver_inbound(forwarded_in_french(zone=None), "m-fr-none")

    assert outcome["status"] == "replied"
    (message,) = ds.sent_messages()
    assert str(message["Subject"]) == "Nous n’avons trouvé aucune invitation à un entretien dans votre e-mail"
    text = message.get_body(("plain",)).get_content()
    assert "Nous n’avons pas pu l’utiliser\u202f: aucune invitation d’agenda trouvée" in text  # European French


def test_inbound_french_reply_takes_the_region_the_mail_app_names(inbound: Any) -> None:
    deliver_inbound(forwarded_in_french(zone=None, Content_Language="fr-CA"), "m-fr-ca")

    (message,) = ds.sent_messages()
    assert str(message["Subject"]) == "Nous n’avons trouvé aucune invitation à une entrevue dans votre courriel"


def test_inbound_english_invitation_from_a_french_mail_app_stays_english(inbound: Any) -> None:
    deliver_inbound(forwarded(fixture("teams_forwarded_as_attachment.eml"), Accept_Language="fr-FR"), "m-en")

    (message,) = ds.sent_messages()
    assert str(message["Subject"]).startswith("Review your interview")
