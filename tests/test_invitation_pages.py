"""The web pages that start from an invitation: upload or paste it on the form, or follow a forwarded one's link."""

from __future__ import annotations

import base64
import re
import uuid
from typing import Any

from tests import test_web
from tests.test_invitations import fixture
from tests.test_web import BASE, Browser, Page, form_fields, interviews_in_table, parse, pending

stack = test_web.stack  # the local stack's runtime, as the form's own tests use it

ME = "alex.morgan.jobs@gmail.com"


def upload(browser: Browser, *, file: tuple[str, bytes] | None = None, text: str = "", zone: str = "") -> Page:
    """Post the "Start from your invitation" form as a browser does (multipart; API Gateway sends it base64)."""
    from functions.api.app import lambda_handler
    from local_stack.proxy import LambdaContext, api_gateway_event, response_body, response_headers

    token = browser.get("/").csrf()
    boundary = "----formboundary" + uuid.uuid4().hex
    parts = [
        ("csrf_token", None, token.encode()),
        ("timezone", None, zone.encode()),
        ("invitation_text", None, text.encode()),
    ]
    if file:
        parts.append(("invitation_file", file[0], file[1]))
    body = b""
    for name, filename, data in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        body += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n".encode()
        body += b"Content-Type: application/octet-stream\r\n\r\n" if filename else b"\r\n"
        body += data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    headers = {
        "Host": "prep.example.test",
        "X-Forwarded-Proto": "https",
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Cookie": "; ".join(f"{k}={v}" for k, v in browser.cookies.items()),
    }
    event = api_gateway_event("POST", "/invitation", headers=headers)
    event.update(body=base64.b64encode(body).decode(), isBase64Encoded=True)  # a binary media type
    response = lambda_handler(event, LambdaContext("ApiFunction"))
    pairs = response_headers(response)
    return Page(int(response["statusCode"]), {k.lower(): v for k, v in pairs}, response_body(response).decode(), [])


def value_of(page: Page, name: str) -> str:
    control = next(c for c in parse(page.text).controls if c.get("name") == name)
    return control.get("value", "")


def selected(page: Page, name: str) -> str:
    start = page.text.index(f'name="{name}"')
    match = re.search(r'<option value="([^"]*)"[^>]* selected', page.text[start:])
    assert match
    return match.group(1)


def test_upload_ics_returns_the_form_filled_in_with_missing_fields_highlighted(stack: Any) -> None:
    page = upload(Browser(), file=("invite.ics", fixture("zoom.ics")))

    assert page.status == 200
    assert "We read your invitation" in page.text
    assert value_of(page, "company.name") == "Prairie Health"
    assert value_of(page, "role") == "Product Designer"
    assert (value_of(page, "starts_at.date"), value_of(page, "starts_at.time")) == ("2027-04-01", "08:30")
    assert selected(page, "timezone") == "America/Chicago"
    assert value_of(page, "location").startswith("https://prairiehealth.zoom.us/j/")
    assert value_of(page, "interviewers[0].name") == "Ruth Okafor"
    controls = {c["name"]: c for c in parse(page.text).controls}
    assert controls["candidate.name"].get("aria-invalid") == "true"  # highlighted: the invitation does not say
    assert controls["company.name"].get("aria-invalid") is None  # found: not highlighted
    assert "Your name: the invitation does not say: please fill it in." in page.text
    assert 'action="https://prep.example.test/"' in page.text or 'action="/"' in page.text
    assert interviews_in_table() == []  # nothing stored


def test_upload_latin1_email_keeps_accented_names(stack: Any) -> None:
    page = upload(Browser(), file=("Einladung.eml", fixture("latin1_quoted_printable.eml")))

    assert page.status == 200
    assert value_of(page, "interviewers[0].name") == "José Muñoz"
    assert value_of(page, "location") == "Schwäbische Werkzeug GmbH, Königstraße 12, 70173 Stuttgart"


def test_paste_text_with_browser_zone_shows_a_utc_time_in_that_zone(stack: Any) -> None:
    pasted = fixture("utc_only_ats.ics").decode()

    page = upload(Browser(), text="They sent me this:\n" + pasted, zone="America/Toronto")

    assert page.status == 200
    assert (value_of(page, "starts_at.date"), value_of(page, "starts_at.time")) == ("2027-04-05", "11:00")
    assert selected(page, "timezone") == "America/Toronto"
    assert "UTC only" in page.text  # the warning is shown


def test_upload_all_day_event_is_refused_next_to_the_upload_field(stack: Any) -> None:
    page = upload(Browser(), file=("day.ics", fixture("all_day.ics")))

    assert page.status == 422
    assert "all-day event" in page.text
    upload_control = next(c for c in parse(page.text).controls if c.get("name") == "invitation_file")
    assert upload_control.get("aria-invalid") == "true"
    assert interviews_in_table() == []


def test_upload_nothing_asks_for_a_file_or_text(stack: Any) -> None:
    page = upload(Browser())

    assert page.status == 422
    assert "Choose the invitation file, or paste its text." in page.text


def test_upload_without_the_csrf_token_reads_nothing(stack: Any) -> None:
    browser = Browser()
    browser.get("/")
    page = browser.post("/invitation", {"invitation_text": fixture("zoom.ics").decode()})

    assert page.status == 403
    assert "Prairie Health" not in page.text


def test_prefilled_form_completed_records_as_the_form_does(stack: Any) -> None:
    browser = Browser()
    page = upload(browser, file=("invite.ics", fixture("zoom.ics")))
    fields = form_fields(
        **{
            "candidate.name": "Alex Morgan",
            "candidate.email": ME,
            "company.name": value_of(page, "company.name"),
            "role": value_of(page, "role"),
            "starts_at.date": value_of(page, "starts_at.date"),
            "starts_at.time": value_of(page, "starts_at.time"),
            "timezone": selected(page, "timezone"),
            "location": value_of(page, "location"),
            "format": "video",
            "interviewers[0].name": "Ruth Okafor",
            "interviewers[0].relationship": "hiring_manager",
            "interviewers[1].name": "",
            "interviewers[1].relationship": "",
        }
    )

    fields.pop("interviewers[1].met_before")
    done = browser.post("/", {**fields, "csrf_token": page.csrf()})

    assert done.status == 200, done.text
    (interview,) = interviews_in_table()
    assert interview.status == "pending_confirmation"
    assert interview.starts_at_utc.isoformat() == "2027-04-01T13:30:00+00:00"


# --- the review link of a forwarded invitation -----------------------------------------------------------------


def forward(stack: Any, name: str = "teams_forwarded_as_attachment.eml") -> str:
    """Forward a fixture by email (the local stack's inbound path); the review link from the one email sent."""
    outcome = stack.inbound(fixture(name))
    assert outcome["status"] == "review_sent", outcome
    (mail,) = [m for m in stack.outbox() if "Review your interview" in m["subject"]]
    match = re.search(rf"{re.escape(BASE)}(/review/[A-Za-z0-9_-]{{43}})", mail["text"])
    assert match
    return match.group(1)


def review_fields(page: Page, **overrides: str) -> dict[str, Any]:
    fields = {
        c["name"]: c.get("value", "")
        for c in parse(page.text).controls
        if c.get("type") not in ("checkbox", "radio", "file")
    }
    fields.update(
        {
            "timezone": selected(page, "timezone"),
            "format": "video",
            "interviewers[0].relationship": "hiring_manager",
            "interviewers[1].relationship": "team_member",
            "csrf_token": page.csrf(),
            "homepage": "",
        }
    )
    fields.pop("interviewers[2].relationship", None)
    fields.update(overrides)
    return fields


def test_review_link_opens_the_prefilled_form_and_keeping_the_address_schedules_it(stack: Any) -> None:
    browser = Browser()
    path = forward(stack)

    page = browser.get(path)
    assert page.status == 200
    assert "Review your interview" in page.text and "Confirm and get my prep" in page.text
    assert value_of(page, "candidate.email") == ME
    done = browser.post(path, review_fields(page))

    assert done.status == 303, done.text
    assert "/manage/" in done.location and "done=confirmed" in done.location
    (interview,) = interviews_in_table()
    assert (interview.status, interview.source) == ("scheduled", "email")
    assert interview.invitation_uid is not None
    assert {s["name"].rsplit("-", 1)[-1] for s in pending(stack)} >= {"digest"}
    again = browser.post(path, review_fields(browser.get("/")))
    assert again.status == 409  # recorded once


def test_review_with_another_address_sends_that_address_a_confirmation_first(stack: Any) -> None:
    browser = Browser()
    path = forward(stack)
    page = browser.get(path)

    done = browser.post(path, review_fields(page, **{"candidate.email": "other@example.com"}))

    assert done.status == 200
    (interview,) = interviews_in_table()
    assert interview.status == "pending_confirmation"
    assert any(m["to"].endswith("<other@example.com>") or m["to"] == "other@example.com" for m in stack.outbox())


def test_review_with_a_forged_token_is_a_clear_404(stack: Any) -> None:
    page = Browser().get("/review/" + "A" * 43)

    assert page.status == 404
    assert "This link is not valid" in page.text
