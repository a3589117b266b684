"""End to end over HTTP: an invitation forwarded by email to the local stack, reviewed, confirmed, then prepared for.

The local stack runs on the real clock, so the fixture's invitation is moved to a few weeks from now (its
quoted-printable calendar keeps dates as plain digits) before it is forwarded.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import http.cookiejar
import re
import urllib.parse
import urllib.request
from email.message import EmailMessage

import pytest

from tests import test_local_stack
from tests.test_invitations import fixture
from tests.test_local_stack import call, outbox, run_scheduler
from tests.test_web import parse

pytestmark = pytest.mark.stack

local_stack = test_local_stack.local_stack  # `python -m local_stack` on a free port
ME = "alex.morgan.jobs@gmail.com"


def forwarded_invitation(day: dt.date) -> bytes:
    """The ISO-8859-1, quoted-printable invitation fixture, moved to `day`, forwarded as an attachment."""
    original = fixture("latin1_quoted_printable.eml").replace(b"20270407", day.strftime("%Y%m%d").encode())
    outer = EmailMessage()
    outer["From"] = f"Alex Morgan <{ME}>"
    outer["To"] = "invite@in.interview-prep.example.com"
    outer["Subject"] = "Fwd: Einladung: Vorstellungsgespräch Runde 2"
    outer.set_content("Forwarding my interview invitation.\n")
    outer.add_attachment(email.message_from_bytes(original, policy=email.policy.default))
    return outer.as_bytes()


def post_raw(base: str, path: str, data: bytes) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(base + path, data=data, method="POST")
    request.add_header("Content-Type", "message/rfc822")
    with urllib.request.urlopen(request, timeout=60) as response:
        import json

        return response.status, json.loads(response.read())


def test_local_stack_forwarded_invitation_reviewed_confirmed_then_digest(local_stack: str) -> None:
    base = local_stack
    day = dt.date.today() + dt.timedelta(days=20)
    before = len(outbox(base))

    # Given an invitation forwarded by email to the local stack's inbound address
    status, outcome = post_raw(base, "/_local/inbound", forwarded_invitation(day))
    assert (status, outcome["status"]) == (200, "review_sent")

    # Then one review email is in the outbox, to the address that forwarded it, with its link
    (review,) = [m for m in outbox(base)[before:]]
    assert ME in review["to"] and "Review your interview" in review["subject"]
    assert "Schwäbische Werkzeug GmbH" in review["text"]
    path = re.search(rf"{re.escape(base)}(/review/[A-Za-z0-9_-]{{43}})", review["text"]).group(1)  # type: ignore[union-attr]

    # When the person follows the link, completes what the invitation did not say, and confirms
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with browser.open(base + path, timeout=60) as response:
        page = response.read().decode()
    assert "Review your interview" in page
    fields = {c["name"]: c.get("value", "") for c in parse(page).controls if c.get("type") not in ("checkbox", "radio")}
    fields.pop("interviewers[2].relationship", None)
    fields.update(
        {
            "csrf_token": re.search(r'name="csrf_token" value="([^"]*)"', page).group(1),  # type: ignore[union-attr]
            "candidate.name": "Alex Morgan",
            "role": "Produktionsplaner",
            "timezone": "Europe/Berlin",
            "format": "in_person",
            "interviewers[0].relationship": "hr",
            "interviewers[1].relationship": "hiring_manager",
        }
    )
    with browser.open(base + path, urllib.parse.urlencode(fields).encode(), timeout=60) as response:
        manage = response.read().decode()
        assert "/manage/" in response.url

    # Then the interview is scheduled: its digest is planned, and no confirmation email is sent
    assert "Scheduled" in manage
    status, schedules = call(base, "GET", "/_local/schedules.json")
    digest = next(s for s in schedules if s["target_input"]["kind"] == "digest")
    assert len(outbox(base)) == before + 1

    # When time jumps to the digest's due time, the digest follows, as for the form
    fired = run_scheduler(base, dt.datetime.fromisoformat(digest["due_at"]))
    assert ("digest", "ok") in [(f["target_input"]["kind"], f["result"]["status"]) for f in fired]
    mails = outbox(base)[before:]
    assert len(mails) == 2
    assert ME in mails[1]["to"] and "Produktionsplaner" in mails[1]["subject"]
