"""The digest as the message SES sends: parts, headers, links, safe rendering of user input, the .ics.

Each test records an interview through the API, lets the stream schedule it, fires the digest schedule
into `deliver` on moto, and reads the raw MIME back from what SES accepted.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
from collections.abc import Iterator
from email.message import EmailMessage
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import icalendar
import pytest
from interview_prep.adapters.settings import settings
from interview_prep.adapters.store import InterviewStore, sha256
from interview_prep.domain.errors import InvalidToken
from interview_prep.domain.mail import Links, RenderedEmail, compose
from interview_prep.services import tokens

from local_stack.cfn import Stack
from tests import delivery_support as ds
from tests.conftest import NOW, Api, interview_body

UTC = dt.UTC
BASE = "https://prep.example.test"  # PUBLIC_BASE_URL in the `aws` fixture
TOKEN = r"[A-Za-z0-9_-]{43}"

# User input that must come out as text, never as markup, in every part
UNSAFE = {
    "candidate": {"name": "Zoë O'Brien-Łukasiewicz", "email": "zoe@example.com"},
    "company": {
        "name": 'Café "Noir" <b>&</b> Søn',
        "website": 'https://cafe.example/jobs?ref="><script>alert(1)</script>',
    },
    "role": "<script>alert('role')</script> Analyst & \"Lead\"",
    "format": "video",
    "location": 'https://meet.example/abc?x="onmouseover=alert(1)',
    "interviewers": [
        {
            "name": "José Núñez <img src=x onerror=alert(1)>",
            "title": '"Head" of <i>Ops</i>',
            "relationship": "executive",
        }
    ],
    "first_interview_notes": 'They asked about <table> layouts & "edge" cases — ünïcödé.',
}


@pytest.fixture
def stream(aws: Stack) -> Iterator[ds.Stream]:
    from interview_prep.services import stream as stream_module

    stream_module.scheduler.cache_clear()
    yield ds.Stream(aws)
    stream_module.scheduler.cache_clear()


@pytest.fixture
def send_digest(api: Api, stream: ds.Stream, clock_at: Any) -> Any:
    """`send_digest(**overrides)`: record an interview, fire its digest; returns (raw MIME, message, resource)."""

    def make(**overrides: Any) -> tuple[str, EmailMessage, dict[str, Any]]:
        status, _, interview = api.call("POST", "/v1/interviews", interview_body(**overrides))
        assert status == 201, interview
        stream.drain()
        digest = ds.schedule(interview["id"], "digest")
        clock_at(ds.due_at(digest))
        assert ds.fire(digest)["status"] == "sent"
        (raw,) = ds.sent_raw()
        message = email.message_from_string(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        return raw, message, interview

    return make


def store() -> InterviewStore:
    return InterviewStore(settings().table_name)


def raw_headers(raw: str) -> list[tuple[str, str]]:
    """The top-level header fields as written on the wire: (name, value with folding kept)."""
    head = raw.replace("\r\n", "\n").split("\n\n", 1)[0]
    fields: list[tuple[str, str]] = []
    for line in head.split("\n"):
        if line[:1] in (" ", "\t"):
            name, value = fields[-1]
            fields[-1] = (name, value + "\n" + line)
        else:
            name, _, value = line.partition(":")
            fields.append((name, value.strip()))
    return fields


def parts(message: EmailMessage) -> tuple[str, str, EmailMessage]:
    text_part = message.get_body(preferencelist=("plain",))
    html_part = message.get_body(preferencelist=("html",))
    assert text_part is not None and html_part is not None
    (attachment,) = list(message.iter_attachments())
    return text_part.get_content(), html_part.get_content(), attachment  # type: ignore[return-value]


def ics_bytes(attachment: EmailMessage) -> bytes:
    """The .ics as sent (transfer encoding undone), to be read as UTF-8."""
    data = attachment.get_payload(decode=True)
    assert isinstance(data, bytes)
    return data


class Markup(HTMLParser):
    """The elements and attributes of an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)


def markup(html: str) -> Markup:
    parser = Markup()
    parser.feed(html)
    parser.close()
    return parser


# --- the shape of the message -----------------------------------------------------------------------------


def test_digest_email_is_multipart_alternative_with_text_html_and_ics(send_digest: Any) -> None:
    _, message, _ = send_digest()

    # A mixed message: the alternative (text first, then HTML, which clients prefer), then the .ics
    assert message.get_content_type() == "multipart/mixed"
    body, attachment = message.get_payload()  # type: ignore[misc]
    assert body.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in body.get_payload()] == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" for p in body.get_payload())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "PUBLISH"
    assert attachment.get_filename() == "interview.ics"
    assert attachment.get_content_disposition() == "attachment"


def test_digest_email_subject_names_company_role_and_date(send_digest: Any) -> None:
    _, message, _ = send_digest()

    subject = str(message["Subject"])

    assert "Operations Analyst" in subject
    assert "Northwind <Traders>" in subject
    assert "Sat 16 Jan" in subject
    assert not subject.startswith("Updated:")


def test_digest_email_addresses_from_configuration(send_digest: Any) -> None:
    _, message, _ = send_digest()

    (to,) = message["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Zoë O'Brien", "zoe@example.com")
    assert message["From"].addresses[0].addr_spec == settings().sender_address
    assert message["Date"].datetime == NOW.replace(day=14, hour=19)
    assert re.fullmatch(r"<[^<>@\s]+@[^<>@\s]+>", str(message["Message-ID"]).strip())


def test_digest_email_when_and_where_in_the_interview_zone_with_utc_offset(send_digest: Any) -> None:
    _, message, _ = send_digest(starts_at="2027-03-29T09:30", timezone="Europe/Luxembourg")
    text, html, _ = parts(message)

    for body in (text, html):
        assert "29 March 2027" in body
        assert "09:30" in body
        assert "Europe/Luxembourg" in body
        assert "UTC+02:00" in body


# --- unsubscribe and manage links -------------------------------------------------------------------------


def test_digest_email_list_unsubscribe_headers_one_click(send_digest: Any) -> None:
    _, message, interview = send_digest()

    unsubscribe = str(message["List-Unsubscribe"])
    assert re.fullmatch(rf"<{re.escape(BASE)}/unsubscribe/{TOKEN}>", unsubscribe)
    assert str(message["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    token = unsubscribe[1:-1].rsplit("/", 1)[1]
    assert tokens.resolve(store(), token, purpose="unsubscribe", now=NOW) == interview["id"]
    with pytest.raises(InvalidToken):  # single-purpose: the URL handed to mailbox providers cannot manage
        tokens.resolve(store(), token, purpose="manage", now=NOW)


def test_digest_email_list_unsubscribe_written_as_a_plain_url_on_the_wire(send_digest: Any) -> None:
    # RFC 2369/8058: the header holds the URL in angle brackets; an RFC 2047 encoded word ("=?utf-8?q?...")
    # is not a URL, and mailbox providers would not offer one-click unsubscribe
    raw, _, _ = send_digest()

    values = [value for name, value in raw_headers(raw) if name.lower() == "list-unsubscribe"]

    assert len(values) == 1
    assert "=?" not in values[0]
    assert re.fullmatch(rf"<{re.escape(BASE)}/unsubscribe/{TOKEN}>", " ".join(values[0].split()))


def test_digest_email_manage_link_is_a_working_token_stored_only_as_a_hash(send_digest: Any) -> None:
    _, message, interview = send_digest()
    text, html, _ = parts(message)

    (manage_in_text,) = set(re.findall(rf"{re.escape(BASE)}/manage/({TOKEN})", text))
    assert f'href="{BASE}/manage/{manage_in_text}"' in html
    assert tokens.resolve(store(), manage_in_text, purpose="manage", now=NOW) == interview["id"]
    assert store().get_token(sha256(manage_in_text)) is not None
    assert store().get_token(manage_in_text) is None
    # A manage token does not confirm anything
    from interview_prep.domain.errors import InvalidToken

    with pytest.raises(InvalidToken):
        tokens.resolve(store(), manage_in_text, purpose="confirm", now=NOW)


# --- user input rendered safely ---------------------------------------------------------------------------


def test_digest_email_user_input_with_markup_escaped_in_html(send_digest: Any) -> None:
    _, message, _ = send_digest(**UNSAFE)
    _, html, _ = parts(message)

    found = markup(html)

    # No element or attribute came from user input: no scripts, images, event handlers or foreign links
    assert "script" not in found.tags and "img" not in found.tags and "b" not in found.tags and "i" not in found.tags
    assert not [name for name, _ in found.attrs if name.startswith("on")]
    hrefs = [value or "" for name, value in found.attrs if name == "href"]
    assert all(urlsplit(h).scheme in ("https", "http", "mailto") for h in hrefs)
    # The user's text is there, as text
    assert "&lt;script&gt;alert(&#39;role&#39;)&lt;/script&gt; Analyst &amp; &#34;Lead&#34;" in html
    assert "José Núñez &lt;img src=x onerror=alert(1)&gt;" in html
    assert "Café &#34;Noir&#34; &lt;b&gt;&amp;&lt;/b&gt; Søn" in html
    # And a URL with quotes stays inside its attribute
    assert 'href="https://meet.example/abc?x=&#34;onmouseover=alert(1)"' in html


def test_digest_email_user_input_verbatim_in_text_part(send_digest: Any) -> None:
    # The text part is plain text: shown as typed, not HTML-escaped
    _, message, _ = send_digest(**UNSAFE)
    text, _, _ = parts(message)

    assert UNSAFE["role"] in text
    assert UNSAFE["company"]["name"] in text
    assert "José Núñez <img src=x onerror=alert(1)>" in text
    assert "&lt;" not in text and "&#34;" not in text


def test_digest_email_non_ascii_names_decode_correctly_everywhere(send_digest: Any) -> None:
    raw, message, _ = send_digest(**UNSAFE)
    text, html, attachment = parts(message)

    # On the wire the message is 7-bit (encoded words and quoted-printable/base64 parts) ...
    assert raw.isascii()
    # ... and it decodes back to the exact names
    assert message["To"].addresses[0].display_name == "Zoë O'Brien-Łukasiewicz"
    assert 'Café "Noir" <b>&</b> Søn' in str(message["Subject"])
    assert "Zoë" in text and "Zoë" in html
    assert "ünïcödé" in text
    # (the .ics is UTF-8, RFC 5545's charset; see the test of its declared charset below)
    event = icalendar.Calendar.from_ical(ics_bytes(attachment)).walk("VEVENT")[0]
    assert "José Núñez <img src=x onerror=alert(1)>" in str(event["DESCRIPTION"])
    assert 'Café "Noir" <b>&</b> Søn' in str(event["SUMMARY"])


def test_digest_email_ics_attachment_declares_utf8(send_digest: Any) -> None:
    _, message, _ = send_digest(**UNSAFE)
    _, _, attachment = parts(message)

    assert attachment.get_content_charset() == "utf-8"
    assert "José Núñez" in attachment.get_content()


# --- no header injection ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"candidate": {"name": "Zoë\r\nBcc: victim@example.net", "email": "zoe@example.com"}}, "candidate.name"),
        ({"company": {"name": "Northwind\nBcc: victim@example.net"}}, "company.name"),
        ({"role": "Analyst\rX-Injected: yes"}, "role"),
        ({"role": "Analyst\u2028X-Injected: yes"}, "role"),
    ],
)
def test_create_line_break_in_a_name_refused(api: Api, clock_at: Any, overrides: dict[str, Any], field: str) -> None:
    status, _, body = api.call("POST", "/v1/interviews", interview_body(**overrides))

    assert status == 422
    assert field in [d["field"] for d in body["error"]["details"]]


def test_digest_email_subject_and_to_are_single_header_lines(send_digest: Any) -> None:
    raw, message, _ = send_digest(role="Analyst " + "very long role title " * 8)

    fields = raw_headers(raw)
    names = [name.lower() for name, _ in fields]

    # Each header once, no unexpected ones; folded lines only continue a header, they never start one
    assert names.count("subject") == 1 and names.count("to") == 1
    assert set(names) <= {
        "to",
        "from",
        "reply-to",
        "subject",
        "date",
        "message-id",
        "list-unsubscribe",
        "list-unsubscribe-post",
        "mime-version",
        "content-type",
    }
    assert "\n" not in str(message["Subject"]) and "\r" not in str(message["Subject"])
    assert "\n" not in str(message["To"])


def test_compose_line_breaks_in_renderer_output_never_become_headers() -> None:
    # Defence in depth: even if a renderer let a line break through, the headers stay single fields
    rendered = RenderedEmail(subject="Prep\r\nBcc: victim@example.net", text="t", html="<p>h</p>")

    message = compose(
        rendered,
        to_name="Zoë\nX-Injected: yes",
        to_address="zoe@example.com",
        sender="prep@interview-prep.example.com",
        reply_to=None,
        links=Links(manage_url=f"{BASE}/manage/x", unsubscribe_url=f"{BASE}/unsubscribe/x"),
    )
    raw = message.as_bytes().decode()

    names = [name.lower() for name, _ in raw_headers(raw)]
    assert "bcc" not in names and "x-injected" not in names
    assert str(message["Subject"]) == "Prep Bcc: victim@example.net"


# --- the calendar attachment ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts_at", "zone"),
    [("2027-01-16T14:00", "America/Toronto"), ("2027-03-29T09:30", "Europe/Luxembourg")],
)
def test_digest_email_ics_parses_back_with_the_right_start_and_end(send_digest: Any, starts_at: str, zone: str) -> None:
    _, message, interview = send_digest(starts_at=starts_at, timezone=zone, duration_minutes=90)
    _, _, attachment = parts(message)

    calendar = icalendar.Calendar.from_ical(ics_bytes(attachment))
    (event,) = calendar.walk("VEVENT")

    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start.tzinfo is not None and end.tzinfo is not None
    assert start == dt.datetime.fromisoformat(interview["starts_at_utc"])
    assert end == dt.datetime.fromisoformat(interview["ends_at"])
    assert end - start == dt.timedelta(minutes=90)
    assert event["DTSTART"].params["TZID"] == zone
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == [zone]
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(event["UID"]) == f"{interview['id']}@interview-prep"
    assert event["SEQUENCE"] == 0
