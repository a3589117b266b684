"""The web pages, in-process on moto: the form, double opt-in, the manage page, unsubscribe, CSRF and the limits.

Each test runs the whole local-stack runtime in this process (the API function, the stream handler, the scheduler
and SES's outbox), so "nothing but the confirmation is sent before confirming" is checked end to end.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest

from tests.conftest import NOW, clear_caches

BASE = "https://prep.example.test"
SOURCE_IP = "203.0.113.7"


# --- fixtures and a small cookie-keeping client --------------------------------------------------------------


def clear_web_caches() -> None:
    from interview_prep.web import csrf as web

    web._versions.cache_clear()


@pytest.fixture
def stack(monkeypatch: pytest.MonkeyPatch, clock_at: Any) -> Iterator[Any]:
    """The local stack's runtime in this process: moto from template.yaml, stream, scheduler, outbox."""
    from local_stack.runtime import Runtime

    saved = dict(os.environ)
    monkeypatch.delenv("CSRF_SECRET", raising=False)
    runtime = Runtime(public_base_url=BASE).start()
    os.environ["POWERTOOLS_METRICS_NAMESPACE"] = "InterviewPrep"
    clear_caches()
    clear_web_caches()
    try:
        yield runtime
    finally:
        runtime.stop()
        clear_caches()
        clear_web_caches()
        os.environ.clear()
        os.environ.update(saved)


@dataclasses.dataclass
class Page:
    status: int
    headers: dict[str, str]
    text: str
    set_cookies: list[str]

    @property
    def location(self) -> str:
        return self.headers.get("location", "")

    def csrf(self) -> str:
        match = re.search(r'name="csrf_token" value="([^"]*)"', self.text)
        assert match, "no CSRF token on the page"
        return match.group(1)


class Browser:
    """Calls functions/api as a browser would: keeps cookies, posts forms url-encoded."""

    def __init__(self, source_ip: str = SOURCE_IP, accept_language: str | None = None) -> None:
        self.cookies: dict[str, str] = {}
        self.source_ip = source_ip
        self.accept_language = accept_language

    def request(
        self, method: str, path: str, *, form: Any = None, raw: bytes | None = None, cookies: bool = True
    ) -> Page:
        from functions.api.app import lambda_handler
        from local_stack.proxy import LambdaContext, api_gateway_event, response_body, response_headers

        path, _, query = path.partition("?")
        body = raw if raw is not None else (urlencode(form, doseq=True).encode() if form is not None else None)
        headers = {"Host": "prep.example.test", "X-Forwarded-Proto": "https", "User-Agent": "pytest"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.accept_language:
            headers["Accept-Language"] = self.accept_language
        if cookies and self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        event = api_gateway_event(method, path, query=query, headers=headers, body=body, source_ip=self.source_ip)
        response = lambda_handler(event, LambdaContext("ApiFunction"))
        pairs = response_headers(response)
        set_cookies = [v for k, v in pairs if k.lower() == "set-cookie"]
        for cookie in set_cookies:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return Page(
            int(response["statusCode"]), {k.lower(): v for k, v in pairs}, response_body(response).decode(), set_cookies
        )

    def get(self, path: str) -> Page:
        return self.request("GET", path)

    def post(self, path: str, form: Any, **kwargs: Any) -> Page:
        return self.request("POST", path, form=form, **kwargs)

    def submit(self, fields: dict[str, Any], page: str = "/") -> Page:
        """Open the page with the form, then post `fields` with the page's CSRF token."""
        token = self.get(page).csrf()
        return self.post(page, {**fields, "csrf_token": token})


def form_fields(**overrides: Any) -> dict[str, Any]:
    """What a person types into the form: a valid invitation five days after NOW, in Toronto (`None` leaves a box
    out of the post, as a browser does with an unticked checkbox)."""
    fields: dict[str, Any] = {
        "candidate.name": "Zoë O'Brien",
        "candidate.email": "zoe@example.com",
        "company.name": "Northwind <Traders>",
        "company.website": "https://northwind.example",
        "role": "Operations Analyst",
        "round": "2",
        "starts_at.date": "2027-01-16",
        "starts_at.time": "14:00",
        "timezone": "America/Toronto",
        "duration_minutes": "60",
        "format": "in_person",
        "location": "12 Harbour St, Toronto",
        "includes": ["presentation", "tour"],
        "interviewers[0].name": "Dana Lee",
        "interviewers[0].title": "Head of Ops",
        "interviewers[0].relationship": "hiring_manager",
        "interviewers[1].name": "Sam Ortiz",
        "interviewers[1].title": "",
        "interviewers[1].relationship": "team_member",
        "interviewers[1].met_before": "on",
        "interviewers[2].name": "",
        "interviewers[2].title": "",
        "interviewers[2].relationship": "",
        "first_interview_notes": "They asked about inventory forecasting.",
        "salary.min": "70,000",
        "salary.max": "85000",
        "salary.currency": "CAD",
        "salary.period": "year",
        "digest_lead_hours": "48",
        "thank_you_delay_minutes": "60",
        "homepage": "",
    }
    fields.update(overrides)
    return {key: value for key, value in fields.items() if value is not None}  # None: a box left out (unticked)


def interviews_in_table() -> list[Any]:
    import boto3
    from interview_prep.adapters.settings import settings
    from interview_prep.adapters.store import load_interview

    items = boto3.resource("dynamodb").Table(settings().table_name).scan()["Items"]  # test-only look at the whole table
    return [load_interview(str(i["doc"])) for i in items if i["sk"] == "INTERVIEW"]


def pending(stack: Any) -> list[dict[str, Any]]:
    """The pending schedules, once the stream has been drained (as `/_local/schedules.json` shows them)."""
    stack.drain_stream()
    return stack.schedules()


def link_from(mail: dict[str, Any], kind: str) -> str:
    match = re.search(rf"{re.escape(BASE)}(/{kind}/[A-Za-z0-9_-]{{43}})", mail["text"])
    assert match, f"no {kind} link in the email"
    return match.group(1)


def recorded(stack: Any, browser: Browser | None = None, **overrides: Any) -> tuple[Browser, dict[str, Any]]:
    """Submit the form and return the browser and the confirmation email."""
    browser = browser or Browser()
    page = browser.submit(form_fields(**overrides))
    assert page.status == 200, page.text
    mails = [m for m in stack.outbox() if overrides.get("candidate.email", "zoe@example.com") in m["to"]]
    return browser, mails[-1]


def press_confirm(browser: Browser, link: str) -> Page:
    """Open the confirm link (a page with a button) and press the button (a CSRF-protected POST)."""
    page = browser.get(link)
    assert page.status == 200, page.text[:300]
    return browser.post(link, {"csrf_token": page.csrf()})


def confirmed(stack: Any, **overrides: Any) -> tuple[Browser, str]:
    """Submit, confirm, and return the browser and the manage path the confirmation led to."""
    browser, mail = recorded(stack, **overrides)
    page = press_confirm(browser, link_from(mail, "confirm"))
    assert page.status == 303
    return browser, urlsplit(page.location).path


class Controls(HTMLParser):
    """Form controls (name, id, type), labels' `for`, and elements by id."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str]] = []
        self.label_for: set[str] = set()
        self.ids: dict[str, dict[str, str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids[a["id"]] = {"tag": tag, **a}
        if tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.controls.append({"tag": tag, **a})
        if tag == "label" and "for" in a:
            self.label_for.add(a["for"])


def parse(text: str) -> Controls:
    parser = Controls()
    parser.feed(text)
    return parser


# --- the form ------------------------------------------------------------------------------------------------


CONTRACT_CONTROLS = [
    "candidate.name",
    "candidate.email",
    "company.name",
    "company.website",
    "role",
    "round",
    "starts_at.date",
    "starts_at.time",
    "timezone",
    "duration_minutes",
    "format",
    "location",
    "includes",
    "interviewers[0].name",
    "interviewers[0].title",
    "interviewers[0].relationship",
    "interviewers[0].met_before",
    "first_interview_notes",
    "salary.min",
    "salary.max",
    "salary.currency",
    "salary.period",
    "digest_lead_hours",
    "thank_you_delay_minutes",
]


def test_form_renders_every_contract_field_each_with_a_label(stack: Any) -> None:
    page = Browser().get("/")

    assert page.status == 200
    assert page.headers["content-type"].startswith("text/html")
    controls = parse(page.text)
    names = {c.get("name") for c in controls.controls}
    assert set(CONTRACT_CONTROLS) <= names
    for control in controls.controls:
        assert control["id"] in controls.label_for, f"{control.get('name')} has no label"
    # defaults: round 2, 60 minutes, in person, 48 h, 60 min; three empty interviewer rows without JavaScript
    assert re.search(r'name="round"[^>]*value="2"', page.text)
    assert re.search(r'name="duration_minutes"[^>]*value="60"', page.text)
    assert re.search(r'value="in_person" checked', page.text)
    assert "interviewers[2].name" in names and "interviewers[3].name" not in names
    assert "data-guess-zone" in page.text and '<option value="America/Toronto">' in page.text


def test_pages_carry_security_headers_and_a_csrf_cookie(stack: Any) -> None:
    page = Browser().get("/")

    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in page.text and " style=" not in page.text  # no inline script or style
    (cookie,) = page.set_cookies
    assert (
        cookie.startswith("__Host-csrf=") and "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    )


def test_csrf_cookie_is_not_secure_over_plain_http(stack: Any) -> None:
    from functions.api.app import lambda_handler
    from local_stack.proxy import LambdaContext, api_gateway_event, response_headers

    response = lambda_handler(api_gateway_event("GET", "/", headers={"Host": "127.0.0.1:3000"}), LambdaContext("Api"))
    (cookie,) = [v for k, v in response_headers(response) if k.lower() == "set-cookie"]
    assert cookie.startswith("csrf=") and "Secure" not in cookie and "HttpOnly" in cookie


def test_form_with_errors_shows_them_next_to_their_fields_and_keeps_the_input(stack: Any) -> None:
    browser = Browser()
    fields = form_fields(
        **{
            "candidate.name": "<script>alert('x')</script>",
            "candidate.email": "not-an-email",
            "role": "",
            "interviewers[1].relationship": "",
            "salary.min": "90000",
            "salary.max": "80000",
        }
    )

    page = browser.submit(fields)

    assert page.status == 422
    assert 'role="alert"' in page.text and "There are 4 problems" in page.text
    controls = parse(page.text)
    for control_id, error_id, words in (
        ("f-candidate-email", "ef-candidate-email", "not a valid email"),
        ("f-role", "ef-role", "is required"),
        ("f-interviewers-1-relationship", "ef-interviewers-1-relationship", "is required"),
    ):
        control = controls.ids[control_id]
        assert control.get("aria-invalid") == "true"
        assert error_id in control["aria-describedby"].split()
        assert error_id in controls.ids
        assert words in re.search(rf'id="{error_id}">(.*?)</p>', page.text, re.S).group(1)  # type: ignore[union-attr]
        assert f'href="#{control_id}"' in page.text  # the summary links to the field
    error_text = re.search(r'id="ef-candidate-email">(.*?)</p>', page.text, re.S)
    assert error_text and "not a valid email" in error_text.group(1)
    assert "min must not be greater than max" in page.text  # the salary range, on its fieldset
    # the input is kept, escaped
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page.text
    assert "<script>alert" not in page.text
    assert 'value="not-an-email"' in page.text and 'value="Dana Lee"' in page.text and 'value="Sam Ortiz"' in page.text
    assert interviews_in_table() == []


def test_a_start_in_the_past_or_without_a_time_is_refused_on_the_date_fields(stack: Any) -> None:
    past = Browser().submit(form_fields(**{"starts_at.date": "2027-01-02"}))
    no_time = Browser().submit(form_fields(**{"starts_at.time": ""}))

    assert past.status == 422 and "must be in the future" in past.text
    assert 'id="ef-starts_at"' in past.text
    assert no_time.status == 422 and "needs both a date and a time" in no_time.text


def test_add_and_remove_interviewer_rows_without_javascript(stack: Any) -> None:
    browser = Browser()
    token = browser.get("/").csrf()

    added = browser.post("/", {**form_fields(), "csrf_token": token, "add_interviewer": "1"})
    removed = browser.post("/", {**form_fields(), "csrf_token": token, "remove_interviewer": "0"})

    assert added.status == 200 and "interviewers[3].name" in added.text and "There is a problem" not in added.text
    assert removed.status == 200 and 'value="Dana Lee"' not in removed.text
    assert re.search(r'name="interviewers\[0\]\.name" value="Sam Ortiz"', removed.text)
    assert interviews_in_table() == []


def test_a_submission_records_a_pending_interview_and_sends_only_the_confirmation(stack: Any) -> None:
    browser = Browser()

    page = browser.submit(form_fields())

    assert page.status == 200 and "Check your email" in page.text and "zoe@example.com" in page.text
    (interview,) = interviews_in_table()
    assert interview.status == "pending_confirmation" and interview.source == "web" and interview.owner == "#web"
    assert [i.name for i in interview.interviewers] == ["Dana Lee", "Sam Ortiz"]
    assert interview.interviewers[1].met_before is True
    assert interview.salary is not None and interview.salary.min == 70000
    assert interview.includes == ["presentation", "tour"]
    (mail,) = stack.outbox()
    assert mail["subject"].strip().startswith("Confirm your interview prep")
    assert link_from(mail, "confirm") and link_from(mail, "manage")
    # time passes well beyond the digest and the thank-you: nothing more goes out
    stack.run_scheduler(NOW + dt.timedelta(days=30))
    assert len(stack.outbox()) == 1
    assert pending(stack) == []


def test_the_confirm_link_confirms_once_and_a_second_click_shows_the_page(stack: Any) -> None:
    browser, mail = recorded(stack)
    confirm = link_from(mail, "confirm")

    first = press_confirm(browser, confirm)
    again = press_confirm(browser, confirm)

    assert first.status == 303 and "done=confirmed" in first.location
    manage = browser.get(first.location)
    assert manage.status == 200 and "Scheduled" in manage.text and "your address is confirmed" in manage.text
    assert "Northwind &lt;Traders&gt;" in manage.text
    assert again.status == 303 and "done=opened" in again.location
    assert browser.get(again.location).status == 200
    assert sorted(s["target_input"]["kind"] for s in pending(stack)) == ["digest", "thank_you"]
    stack.run_scheduler(NOW + dt.timedelta(days=30))
    subjects = [m["subject"].strip() for m in stack.outbox()]
    assert len(subjects) == 3 and subjects[1].startswith("Prep for your Operations Analyst interview")


def test_a_confirm_token_does_not_open_the_manage_page_nor_a_manage_token_confirm(stack: Any) -> None:
    browser, mail = recorded(stack)
    confirm, manage = link_from(mail, "confirm"), link_from(mail, "manage")

    assert browser.get(manage.replace("/manage/", "/confirm/")).status == 404
    assert browser.get(confirm.replace("/confirm/", "/manage/")).status == 404
    assert browser.get(confirm.replace("/confirm/", "/unsubscribe/")).status == 404
    (interview,) = interviews_in_table()
    assert interview.status == "pending_confirmation"


def test_the_manage_page_before_confirming_says_to_confirm(stack: Any) -> None:
    browser, mail = recorded(stack)

    page = browser.get(link_from(mail, "manage"))

    assert page.status == 200 and "Waiting for you to confirm" in page.text
    assert "After you confirm your address" in page.text


def test_the_pages_and_the_confirmation_say_a_role_without_the_adverts_gender_marker(stack: Any) -> None:
    """ "Filialleitung (m/w/d)" as entered: the confirmation email and the manage page's heading say "Filialleitung";
    the stored role keeps what was typed."""
    browser, mail = recorded(stack, role="Filialleitung (m/w/d)")

    page = browser.get(link_from(mail, "manage"))

    assert "Filialleitung" in mail["subject"] and "m/w/d" not in mail["subject"] + mail["text"]
    assert re.search(r"<h1[^>]*>Filialleitung at ", page.text)
    assert [i.role for i in interviews_in_table()] == ["Filialleitung (m/w/d)"]


def test_one_interviews_tokens_open_only_that_interview(stack: Any) -> None:
    browser_a, manage_a = confirmed(stack, **{"candidate.email": "a@example.com", "company.name": "Alpha Ltd"})
    browser_b, manage_b = confirmed(stack, **{"candidate.email": "b@example.com", "company.name": "Beta Inc"})

    page_a = browser_a.get(manage_a)
    cancel_a = browser_a.post(f"{manage_a}/cancel", {"csrf_token": page_a.csrf()})

    assert "Alpha Ltd" in page_a.text and "Beta Inc" not in page_a.text
    assert cancel_a.status == 303
    status = {i.company.name: i.status for i in interviews_in_table()}
    assert status == {"Alpha Ltd": "cancelled", "Beta Inc": "scheduled"}
    assert manage_a != manage_b
    page_b = browser_b.get(manage_b)
    assert "Beta Inc" in page_b.text and "Alpha Ltd" not in page_b.text and "Scheduled" in page_b.text


def test_a_confirm_link_of_an_interview_cancelled_before_confirming_schedules_nothing(stack: Any) -> None:
    browser, mail = recorded(stack)
    manage = link_from(mail, "manage")
    browser.post(f"{manage}/cancel", {"csrf_token": browser.get(manage).csrf()})

    page = press_confirm(browser, link_from(mail, "confirm"))

    assert page.status == 303 and "done=" not in page.location
    assert "Cancelled" in browser.get(page.location).text
    assert pending(stack) == []
    stack.run_scheduler(NOW + dt.timedelta(days=30))
    assert len(stack.outbox()) == 1


@pytest.mark.parametrize(
    "path", ["/confirm/", "/manage/", "/unsubscribe/", "/manage/{token}/digest", "/manage/{token}/guide"]
)
def test_a_forged_token_gets_a_clear_404_page(stack: Any, path: str) -> None:
    forged = "A" * 43
    url = path.replace("{token}", forged) if "{token}" in path else path + forged

    page = Browser().get(url)
    short = Browser().get(url.replace(forged, "not-a-token"))

    for answer in (page, short):
        assert answer.status == 404
        assert answer.headers["content-type"].startswith("text/html")
        assert "This link is not valid" in answer.text and "Traceback" not in answer.text


def test_an_expired_confirm_link_gets_a_410_page(stack: Any, clock_at: Any) -> None:
    browser, mail = recorded(stack)

    clock_at(NOW + dt.timedelta(hours=73))
    page = browser.get(link_from(mail, "confirm"))

    assert page.status == 410 and "This link has expired" in page.text
    (interview,) = interviews_in_table()
    assert interview.status == "pending_confirmation"


def test_an_expired_manage_link_gets_a_410_page(stack: Any, clock_at: Any) -> None:
    browser, manage = confirmed(stack)

    clock_at(NOW + dt.timedelta(days=120))
    page = browser.get(manage)

    assert page.status == 410 and "This link has expired" in page.text


def test_a_get_of_the_unsubscribe_link_never_unsubscribes(stack: Any) -> None:
    browser, manage = confirmed(stack)
    unsubscribe = manage.replace("/manage/", "/unsubscribe/")

    page = browser.get(unsubscribe)

    assert page.status == 200 and f'action="{unsubscribe}"' in page.text and 'method="post"' in page.text
    (interview,) = interviews_in_table()
    assert interview.unsubscribed_at is None
    stack.run_scheduler(NOW + dt.timedelta(days=30))
    assert len(stack.outbox()) == 3  # confirmation, digest, thank-you


def test_a_one_click_post_unsubscribes_at_once_and_stops_every_email(stack: Any) -> None:
    _, manage = confirmed(stack)
    unsubscribe = manage.replace("/manage/", "/unsubscribe/")
    stranger = Browser(source_ip="198.51.100.9")  # a mail provider: no cookie, no CSRF token

    first = stranger.request("POST", unsubscribe, raw=b"List-Unsubscribe=One-Click", cookies=False)
    again = stranger.request("POST", unsubscribe, raw=b"List-Unsubscribe=One-Click", cookies=False)

    assert first.status == 200 and "You are unsubscribed" in first.text
    assert again.status == 200
    (interview,) = interviews_in_table()
    assert interview.unsubscribed_at == NOW
    assert pending(stack) == []
    stack.run_scheduler(NOW + dt.timedelta(days=30))
    assert len(stack.outbox()) == 1
    assert "Already unsubscribed" in stranger.get(unsubscribe).text


def test_every_email_carries_the_one_click_unsubscribe_headers(stack: Any) -> None:
    _, mail = recorded(stack)

    headers = {k.lower(): v for k, v in mail["headers"].items()}

    assert headers["list-unsubscribe-post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(rf"<{re.escape(BASE)}/unsubscribe/[A-Za-z0-9_-]{{43}}>", headers["list-unsubscribe"])


# --- CSRF, honeypot, limits ------------------------------------------------------------------------------------


def test_a_post_without_a_csrf_token_is_refused_and_records_nothing(stack: Any) -> None:
    browser = Browser()
    browser.get("/")

    missing = browser.post("/", form_fields())
    wrong = browser.post("/", {**form_fields(), "csrf_token": "0" * 64})
    no_cookie = Browser().post("/", {**form_fields(), "csrf_token": browser.get("/").csrf()})

    for page in (missing, wrong, no_cookie):
        assert page.status == 403 and "Nothing was recorded" in page.text
        assert 'value="Dana Lee"' in page.text  # the input is kept for a second try
    assert interviews_in_table() == [] and stack.outbox() == []


def test_a_token_signed_for_another_cookie_is_refused(stack: Any) -> None:
    mallory, victim = Browser(), Browser()
    token = mallory.get("/").csrf()
    victim.get("/")

    page = victim.post("/", {**form_fields(), "csrf_token": token})

    assert page.status == 403


def test_manage_page_changes_need_the_csrf_token(stack: Any) -> None:
    browser, manage = confirmed(stack)

    page = browser.post(f"{manage}/cancel", {"csrf_token": "nope"})

    assert page.status == 403 and "Nothing was changed" in page.text
    (interview,) = interviews_in_table()
    assert interview.status == "scheduled"


def test_a_filled_honeypot_pretends_success_and_records_nothing(stack: Any) -> None:
    page = Browser().submit(form_fields(homepage="http://spam.example"))

    assert page.status == 200 and "Check your email" in page.text
    assert interviews_in_table() == [] and stack.outbox() == []


def test_unconfirmed_submissions_per_email_address_are_capped(stack: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from interview_prep.adapters.settings import settings

    monkeypatch.setenv("UNCONFIRMED_PER_EMAIL_PER_DAY", "2")
    settings.cache_clear()
    answers = [Browser(source_ip=f"198.51.100.{n}").submit(form_fields()).status for n in range(3)]
    other = Browser(source_ip="198.51.100.99").submit(form_fields(**{"candidate.email": "else@example.com"}))

    assert answers == [200, 200, 429]
    assert other.status == 200
    assert len(interviews_in_table()) == 3 and len(stack.outbox()) == 3


def test_the_email_cap_message_is_next_to_the_email_field(stack: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from interview_prep.adapters.settings import settings

    monkeypatch.setenv("UNCONFIRMED_PER_EMAIL_PER_DAY", "1")
    settings.cache_clear()
    Browser().submit(form_fields())

    page = Browser(source_ip="198.51.100.2").submit(form_fields())

    assert page.status == 429
    assert 'id="ef-candidate-email"' in page.text and "waiting for confirmation" in page.text
    assert 'value="zoe@example.com"' in page.text


def test_unconfirmed_submissions_per_source_address_are_capped(stack: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from interview_prep.adapters.settings import settings

    monkeypatch.setenv("UNCONFIRMED_PER_SOURCE_PER_DAY", "2")
    settings.cache_clear()
    browser = Browser(source_ip="192.0.2.50")
    answers = [browser.submit(form_fields(**{"candidate.email": f"p{n}@example.com"})) for n in range(3)]

    assert [a.status for a in answers] == [200, 200, 429]
    assert "Too many interviews were recorded from your network today" in answers[2].text
    assert len(interviews_in_table()) == 2
    # the next day the count starts again
    from interview_prep.domain import clock

    with clock.frozen(NOW + dt.timedelta(days=1)):
        assert browser.submit(form_fields(**{"candidate.email": "p9@example.com"})).status == 200


def test_a_body_over_64_kib_is_refused(stack: Any) -> None:
    page = Browser().request("POST", "/", raw=b"x=" + b"a" * (65 * 1024))

    assert page.status == 413


# --- the manage page -------------------------------------------------------------------------------------------


def test_the_manage_page_shows_when_each_email_goes_out_in_the_interviews_zone(stack: Any) -> None:
    browser, manage = confirmed(stack)

    page = browser.get(manage)

    assert "Goes out Thursday 14 January 2027, 14:00 (America/Toronto, UTC−05:00)" in page.text  # digest, 48 h before
    assert "Goes out Saturday 16 January 2027, 16:00 (America/Toronto" in page.text  # thank-you, 60 min after the end
    assert "Sent Monday 11 January 2027, 10:00" in page.text  # the confirmation
    assert page.headers["cache-control"] == "no-store"


def test_rescheduling_moves_the_schedules(stack: Any) -> None:
    browser, manage = confirmed(stack)
    before = {s["target_input"]["kind"]: s["due_at"] for s in pending(stack)}
    token = browser.get(manage).csrf()

    page = browser.post(
        f"{manage}/reschedule",
        {"csrf_token": token, "starts_at.date": "2027-01-20", "starts_at.time": "09:30", "timezone": "Europe/Paris"},
    )

    assert page.status == 303 and page.location.endswith("done=rescheduled")
    after = {s["target_input"]["kind"]: s["due_at"] for s in pending(stack)}
    assert after != before
    assert after["digest"].startswith("2027-01-18T08:30")
    shown = browser.get(page.location)
    assert "The interview was moved" in shown.text and "Europe/Paris" in shown.text


def test_a_reschedule_into_the_past_shows_the_error_and_keeps_the_input(stack: Any) -> None:
    browser, manage = confirmed(stack)
    token = browser.get(manage).csrf()

    page = browser.post(
        f"{manage}/reschedule",
        {"csrf_token": token, "starts_at.date": "2026-12-01", "starts_at.time": "09:30", "timezone": "America/Toronto"},
    )

    assert page.status == 422 and "must be in the future" in page.text
    assert 'value="2026-12-01"' in page.text and 'aria-invalid="true"' in page.text
    (interview,) = interviews_in_table()
    assert interview.starts_at == "2027-01-16T14:00"


def test_cancelling_withdraws_every_email(stack: Any) -> None:
    browser, manage = confirmed(stack)

    page = browser.post(f"{manage}/cancel", {"csrf_token": browser.get(manage).csrf()})

    assert page.status == 303
    shown = browser.get(page.location)
    assert "The interview is cancelled" in shown.text and "Move the interview" not in shown.text
    # The digest and the thank-you are withdrawn; what is left tells the calendar that holds the event (the
    # confirmation email carried it) that the interview is off.
    assert [s["name"].rsplit("-", 1)[-1] for s in pending(stack)] == ["cancellation"]
    stack.run_scheduler(NOW + dt.timedelta(days=30))
    sent = stack.outbox()
    assert len(sent) == 2 and sent[-1]["subject"].startswith("Cancelled:")


def test_changes_to_a_cancelled_interview_are_explained(stack: Any) -> None:
    browser, manage = confirmed(stack)
    token = browser.get(manage).csrf()
    browser.post(f"{manage}/cancel", {"csrf_token": token})

    page = browser.post(
        f"{manage}/reschedule",
        {"csrf_token": token, "starts_at.date": "2027-01-20", "starts_at.time": "09:30", "timezone": "UTC"},
    )

    assert page.status == 409 and "cannot be changed" in page.text


def test_the_digest_preview_is_its_own_sandboxed_page(stack: Any) -> None:
    browser, manage = confirmed(stack)

    page = browser.get(f"{manage}/digest")

    assert page.status == 200 and "Operations Analyst" in page.text
    assert "sandbox" in page.headers["content-security-policy"]
    assert "script-src" not in page.headers["content-security-policy"]


def test_the_full_prep_guide_is_linked_from_the_manage_page_and_holds_more_than_the_digest(stack: Any) -> None:
    browser, manage = confirmed(stack)

    guide = browser.get(f"{manage}/guide")
    digest = browser.get(f"{manage}/digest")

    assert guide.status == 200 and "Full prep guide" in guide.text and "Operations Analyst" in guide.text
    assert "sandbox" in guide.headers["content-security-policy"]
    assert len(guide.text) > len(digest.text)
    assert 'href="' in browser.get(manage).text and '/guide">Your full prep guide</a>' in browser.get(manage).text


def test_notes_after_the_interview_feed_the_drafts_shown_once_it_ended(stack: Any, clock_at: Any) -> None:
    browser, manage = confirmed(stack)
    assert "Your notes after the interview" not in browser.get(manage).text

    clock_at(dt.datetime(2027, 1, 16, 19, 30, tzinfo=dt.UTC))  # 14:30 in Toronto: started, not ended
    during = browser.get(manage)
    assert "Your notes after the interview" in during.text and "Your thank-you drafts" not in during.text
    saved = browser.post(
        f"{manage}/notes",
        {
            "csrf_token": during.csrf(),
            "text": "Went well.",
            "interviewers[0].topics": "the warehouse move\n\nseasonal staffing",
            "interviewers[0].concerns": "",
            "interviewers[1].topics": "",
            "interviewers[1].concerns": "my SQL depth",
            "follow_ups": "send the forecasting sample",
        },
    )
    assert saved.status == 303 and saved.location.endswith("done=notes")

    clock_at(dt.datetime(2027, 1, 16, 20, 30, tzinfo=dt.UTC))
    after = browser.get(manage)
    assert "Your thank-you drafts" in after.text and "To Dana Lee" in after.text and "To Sam Ortiz" in after.text
    assert "warehouse move" in after.text
    assert "Move the interview" not in after.text and "Cancel the interview" not in after.text  # it is over
    (interview,) = interviews_in_table()
    assert interview.notes is not None and interview.notes.interviewers[0].topics == [
        "the warehouse move",
        "seasonal staffing",
    ]


def test_the_form_records_an_internal_final_round_with_a_take_home(stack: Any) -> None:
    browser, manage = confirmed(
        stack, internal_candidate="on", final_round="on", includes=["take_home", "presentation"]
    )
    (interview,) = interviews_in_table()
    assert interview.internal_candidate and interview.final_round
    assert interview.includes == ["take_home", "presentation"]
    page = browser.get(manage).text
    assert "(the final round)" in page and "You already work for Northwind" in page
    assert "A take-home or written exercise" in page


def test_the_form_records_a_recorded_video_interview(stack: Any) -> None:
    """A one-way video interview (HireVue, Sonru…) is ticked among what the interview includes, and the digest says
    no one is live and gives no questions to ask."""
    browser, manage = confirmed(stack, format="video", location="https://app.hirevue.com/i/1", includes=["recorded"])
    (interview,) = interviews_in_table()
    assert interview.includes == ["recorded"]
    assert "Recorded answers, with no one live (HireVue, Sonru…)" in browser.get(manage).text


def test_the_form_records_an_online_test(stack: Any) -> None:
    """An online test taken alone (HackerRank, Codility, SHL…) is ticked among what the interview includes, and its
    confirmation promises advice for the test, not questions to expect or to ask."""
    browser, mail = recorded(stack, format="video", location="https://app.codility.com/t/1", includes=["online_test"])
    assert "advice for this online test and a calendar file" in mail["text"]
    assert "questions to expect" not in mail["text"]
    press_confirm(browser, link_from(mail, "confirm"))
    (interview,) = interviews_in_table()
    assert interview.includes == ["online_test"]


def test_the_form_greets_by_the_name_asked_for_and_keeps_the_whole_name(stack: Any) -> None:
    """`Greet me as` (optional) is how every email greets the candidate; the name stays whole where it signs."""
    browser, mail = recorded(stack, **{"candidate.name": "Mei Ling Ong", "candidate.given_name": "  Mei "})
    assert "Hi Mei," in mail["text"] and "Hi Mei Ling Ong" not in mail["text"]
    press_confirm(browser, link_from(mail, "confirm"))
    (interview,) = interviews_in_table()
    assert interview.candidate.name == "Mei Ling Ong" and interview.candidate.given_name == "Mei"


def test_the_form_left_without_a_greeting_name_greets_by_the_whole_name(stack: Any) -> None:
    page = Browser().get("/")
    box = next(c for c in parse(page.text).controls if c.get("name") == "candidate.given_name")
    assert "required" not in box and box["autocomplete"] == "given-name" and box["maxlength"] == "60"
    _browser, mail = recorded(stack, **{"candidate.name": "Mei Ling Ong"})
    assert "Hi Mei Ling Ong," in mail["text"]
    too_long = Browser().submit(form_fields(**{"candidate.given_name": "M" * 61}))
    assert too_long.status == 422
    control = parse(too_long.text).ids["f-candidate-given_name"]
    assert control.get("aria-invalid") == "true" and "ef-candidate-given_name" in control["aria-describedby"].split()
    said = re.search(r'id="ef-candidate-given_name">(.*?)</p>', too_long.text, re.S)
    assert said and "Greet me as" in said.group(1) and "60" in said.group(1)


def test_the_form_without_the_new_boxes_records_an_ordinary_interview(stack: Any) -> None:
    confirmed(stack)
    (interview,) = interviews_in_table()
    assert not interview.internal_candidate and not interview.final_round


def test_notes_promises_and_answered_questions_reach_the_drafts(stack: Any, clock_at: Any) -> None:
    browser, manage = confirmed(stack)
    clock_at(dt.datetime(2027, 1, 16, 19, 30, tzinfo=dt.UTC))  # started, not ended
    during = browser.get(manage)
    for box in ("promised", "questions[0].question", "questions[0].answer", "questions[1].question", "given_name"):
        assert f'name="interviewers[0].{box}"' in during.text, box
    saved = browser.post(
        f"{manage}/notes",
        {
            "csrf_token": during.csrf(),
            "interviewers[0].topics": "the warehouse move",
            "interviewers[0].promised": "my forecasting sample",
            "interviewers[0].questions[0].question": "about my SQL experience",
            "interviewers[0].questions[0].answer": "I have since rebuilt our stock report in SQL.",
            "interviewers[0].questions[1].question": "whether I could start in May",
            "interviewers[0].given_name": "Dana",
            "interviewers[1].concerns": "my SQL depth",
        },
    )
    assert saved.status == 303, saved.text

    clock_at(dt.datetime(2027, 1, 16, 20, 30, tzinfo=dt.UTC))
    after = browser.get(manage).text
    assert "Dear Dana," in after
    assert "As promised, [attach or paste: my forecasting sample]." in after
    assert "You asked about my SQL experience. I have since rebuilt our stock report in SQL." in after
    (interview,) = interviews_in_table()
    entry = interview.notes.for_interviewer("Dana Lee")
    assert entry is not None and entry.questions[1].answer is None and entry.given_name == "Dana"
    assert 'value="whether I could start in May"' in after  # shown back in the form


def test_notes_and_drafts_name_people_as_the_emails_do(stack: Any, clock_at: Any) -> None:
    """On the manage page, someone typed "TBC" is "the Senior Data Engineer" and « DUPONT Marie » is "Marie Dupont",
    above their notes as on their draft; the list of people keeps what was typed, to correct it."""
    browser, manage = confirmed(
        stack,
        **{
            "interviewers[0].name": "TBC",
            "interviewers[0].title": "Senior Data Engineer",
            "interviewers[1].name": "DUPONT Marie",
        },
    )
    clock_at(dt.datetime(2027, 1, 16, 19, 30, tzinfo=dt.UTC))  # started: the notes are open
    page = browser.get(manage).text
    assert "With the Senior Data Engineer" in page and "With Marie Dupont" in page
    assert "With TBC" not in page and "With DUPONT" not in page
    clock_at(dt.datetime(2027, 1, 16, 20, 30, tzinfo=dt.UTC))  # ended: the drafts are there
    after = browser.get(manage).text
    assert "To the Senior Data Engineer" in after and "Dear [their name]," in after and "Dear Marie Dupont," in after
    assert "DUPONT Marie" in after  # the people as typed, to correct


NOBODY_NAMED = {
    **{f"interviewers[{n}].{part}": "" for n in range(2) for part in ("name", "title", "relationship")},
    "interviewers[1].met_before": None,
}


def test_notes_with_no_one_named_feed_the_draft_to_the_hiring_team(stack: Any, clock_at: Any) -> None:
    browser, manage = confirmed(stack, **NOBODY_NAMED)
    (interview,) = interviews_in_table()
    assert interview.interviewers == []
    clock_at(dt.datetime(2027, 1, 16, 19, 30, tzinfo=dt.UTC))  # started, not ended
    during = browser.get(manage)
    assert (
        "With the people you met" in during.text and "goes to the Northwind &lt;Traders&gt; hiring team" in during.text
    )
    assert 'name="team.topics"' in during.text and 'name="team.questions[0].answer"' in during.text
    assert 'name="team.given_name"' not in during.text  # a team is not greeted by a name

    saved = browser.post(
        f"{manage}/notes",
        {
            "csrf_token": during.csrf(),
            "text": "Met two people from the ops team.",
            "team.topics": "the warehouse move",
            "team.promised": "my forecasting sample",
            "team.questions[0].question": "about my SQL experience",
            "team.questions[0].answer": "I have since rebuilt our stock report in SQL.",
            "team.concerns": "my SQL depth",
        },
    )
    assert saved.status == 303, saved.text

    clock_at(dt.datetime(2027, 1, 16, 20, 30, tzinfo=dt.UTC))
    after = browser.get(manage).text
    draft = re.search(r'<pre class="draft-body"[^>]*>(.*?)</pre>', after, re.S)
    assert draft and draft.group(1).startswith("Dear Northwind &lt;Traders&gt; hiring team,")
    assert "the warehouse move" in draft.group(1) and "SQL depth" not in draft.group(1)
    assert "As promised, [attach or paste: my forecasting sample]." in after
    assert "You asked about my SQL experience. I have since rebuilt our stock report in SQL." in after
    assert "the warehouse move</textarea>" in after and "my SQL depth</textarea>" in after  # shown back in the form
    (interview,) = interviews_in_table()
    assert interview.notes is not None and interview.notes.team is not None
    assert interview.notes.team.concerns == ["my SQL depth"] and interview.notes.interviewers == []


def test_notes_for_the_hiring_team_that_break_a_rule_are_shown_next_to_their_box(stack: Any, clock_at: Any) -> None:
    browser, manage = confirmed(stack, **NOBODY_NAMED)
    clock_at(dt.datetime(2027, 1, 16, 19, 30, tzinfo=dt.UTC))
    token = browser.get(manage).csrf()

    long_topic = browser.post(f"{manage}/notes", {"csrf_token": token, "team.topics": "x" * 201})
    no_question = browser.post(f"{manage}/notes", {"csrf_token": token, "team.questions[1].answer": "From May."})

    assert long_topic.status == 422
    assert 'id="en-team-topics"' in long_topic.text and "Topics you talked about, line 1," in long_topic.text
    assert no_question.status == 422 and 'href="#n-team-questions-1-question"' in no_question.text
    assert "A question they asked is missing: add what this answer replies to" in no_question.text
    assert "From May.</textarea>" in no_question.text


def test_people_learned_later_are_added_on_the_manage_page_and_reach_the_digest_and_drafts(
    stack: Any, clock_at: Any
) -> None:
    browser, manage = confirmed(stack, **NOBODY_NAMED)
    page = browser.get(manage)
    assert "The people you meet" in page.text and "The invitation named no one?" in page.text
    assert 'name="interviewers[0].name"' in page.text and 'action="' in page.text and '/people"' in page.text

    saved = browser.post(
        f"{manage}/people",
        {
            "csrf_token": page.csrf(),
            "interviewers[0].name": "Dana Lee",
            "interviewers[0].title": "Head of Ops",
            "interviewers[0].relationship": "hiring_manager",
            "interviewers[1].name": "",
            "interviewers[1].title": "",
            "interviewers[1].relationship": "",
        },
    )
    assert saved.status == 303 and saved.location.endswith("done=people")
    (interview,) = interviews_in_table()
    assert [(p.name, p.title, p.relationship) for p in interview.interviewers] == [
        ("Dana Lee", "Head of Ops", "hiring_manager")
    ]
    after = browser.get(urlsplit(saved.location).path + "?done=people")
    assert "thank-you drafts follow the people you meet" in after.text and 'value="Dana Lee"' in after.text
    assert "Ask Dana Lee" in browser.get(f"{manage}/digest").text

    clock_at(dt.datetime(2027, 1, 16, 20, 30, tzinfo=dt.UTC))  # the interview is over: one draft, to her
    assert "To Dana Lee" in browser.get(manage).text


def test_a_name_corrected_after_the_notes_keeps_them_in_that_persons_draft(stack: Any, clock_at: Any) -> None:
    browser, manage = confirmed(stack)
    clock_at(dt.datetime(2027, 1, 16, 19, 30, tzinfo=dt.UTC))
    token = browser.get(manage).csrf()
    browser.post(f"{manage}/notes", {"csrf_token": token, "interviewers[0].topics": "the warehouse move"})

    saved = browser.post(
        f"{manage}/people",
        {
            "csrf_token": token,
            "interviewers[0].name": "Dana Li",
            "interviewers[0].title": "Head of Ops",
            "interviewers[0].relationship": "hiring_manager",
            "interviewers[1].name": "Sam Ortiz",
            "interviewers[1].relationship": "team_member",
        },
    )

    assert saved.status == 303
    (interview,) = interviews_in_table()
    assert interview.notes is not None and [(n.name, n.topics) for n in interview.notes.interviewers] == [
        ("Dana Li", ["the warehouse move"])
    ]
    clock_at(dt.datetime(2027, 1, 16, 20, 30, tzinfo=dt.UTC))
    after = browser.get(manage).text
    assert "the warehouse move</textarea>" in after  # in her box of the notes form, under her new name
    draft = re.search(r'<pre class="draft-body"[^>]*>(Dear Dana Li,.*?)</pre>', after, re.S)
    assert draft and "the warehouse move" in draft.group(1)


def test_team_notes_written_before_two_people_are_named_stay_on_the_page_until_moved(stack: Any, clock_at: Any) -> None:
    browser, manage = confirmed(stack, **NOBODY_NAMED)
    clock_at(dt.datetime(2027, 1, 16, 19, 30, tzinfo=dt.UTC))
    token = browser.get(manage).csrf()
    browser.post(f"{manage}/notes", {"csrf_token": token, "team.topics": "the warehouse move", "team.concerns": "SQL"})
    people = {
        "csrf_token": token,
        "interviewers[0].name": "Dana Lee",
        "interviewers[0].relationship": "hiring_manager",
        "interviewers[1].name": "Sam Ortiz",
        "interviewers[1].relationship": "team_member",
    }
    assert browser.post(f"{manage}/people", people).status == 303

    page = browser.get(manage).text
    assert "Written before you named anyone" in page and "These notes are in no draft now" in page
    assert "the warehouse move</textarea>" in page and "SQL</textarea>" in page
    kept = browser.post(
        f"{manage}/notes",
        {"csrf_token": token, "interviewers[0].topics": "the warehouse move", "team.concerns": "SQL"},
    )
    assert kept.status == 303
    (interview,) = interviews_in_table()
    assert interview.notes is not None and interview.notes.team is not None
    assert interview.notes.team.topics == [] and interview.notes.team.concerns == ["SQL"]
    assert interview.notes.interviewers[0].topics == ["the warehouse move"]

    emptied = browser.post(f"{manage}/notes", {"csrf_token": token, "interviewers[0].topics": "the warehouse move"})
    assert emptied.status == 303
    (interview,) = interviews_in_table()
    assert interview.notes is not None and interview.notes.team is None
    assert "Written before you named anyone" not in browser.get(manage).text


def test_people_rows_are_added_without_javascript_and_errors_shown_next_to_their_box(stack: Any) -> None:
    browser, manage = confirmed(stack)
    token = browser.get(manage).csrf()

    more = browser.post(
        f"{manage}/people", {"csrf_token": token, "interviewers[0].name": "Dana Lee", "add_interviewer": "1"}
    )
    bad = browser.post(
        f"{manage}/people",
        {"csrf_token": token, "interviewers[0].name": "Dana Lee", "interviewers[0].relationship": ""},
    )

    assert more.status == 200 and 'name="interviewers[1].name"' in more.text and 'value="Dana Lee"' in more.text
    assert bad.status == 422
    said = re.search(r'id="ep-interviewers-0-relationship">(.*?)</p>', bad.text, re.S)
    assert said and "Interviewer 1" in said.group(1)
    assert 'value="Dana Lee"' in bad.text
    (interview,) = interviews_in_table()
    assert [p.name for p in interview.interviewers] == ["Dana Lee", "Sam Ortiz"]  # nothing saved by either


def test_people_form_empties_the_list_and_is_gone_once_cancelled(stack: Any) -> None:
    browser, manage = confirmed(stack)
    token = browser.get(manage).csrf()

    emptied = browser.post(f"{manage}/people", {"csrf_token": token})
    assert emptied.status == 303
    (interview,) = interviews_in_table()
    assert interview.interviewers == []
    forged = browser.post(f"{manage}/people", {"interviewers[0].name": "Eve", "interviewers[0].relationship": "hr"})
    assert forged.status == 403 and interviews_in_table()[0].interviewers == []

    browser.post(f"{manage}/cancel", {"csrf_token": token})
    page = browser.get(manage)
    assert "The people you meet" not in page.text
    late = browser.post(
        f"{manage}/people",
        {"csrf_token": token, "interviewers[0].name": "Eve", "interviewers[0].relationship": "hr"},
    )
    assert late.status == 409 and interviews_in_table()[0].interviewers == []


def test_notes_answer_without_a_question_is_shown_next_to_its_box(stack: Any, clock_at: Any) -> None:
    browser, manage = confirmed(stack)
    clock_at(dt.datetime(2027, 1, 16, 19, 30, tzinfo=dt.UTC))
    token = browser.get(manage).csrf()

    page = browser.post(
        f"{manage}/notes", {"csrf_token": token, "interviewers[0].questions[0].answer": "Yes, from May."}
    )

    assert page.status == 422
    assert "Dana Lee&#39;s question is missing: add what this answer replies to" in page.text
    assert 'href="#n-interviewers-0-questions-0-question"' in page.text
    assert "Yes, from May.</textarea>" in page.text


def test_notes_that_break_a_rule_are_shown_next_to_their_box(stack: Any, clock_at: Any) -> None:
    browser, manage = confirmed(stack)
    clock_at(dt.datetime(2027, 1, 16, 19, 30, tzinfo=dt.UTC))
    token = browser.get(manage).csrf()

    page = browser.post(f"{manage}/notes", {"csrf_token": token, "interviewers[0].topics": "x" * 201})

    assert page.status == 422
    assert 'id="en-interviewers-0-topics"' in page.text and "Topics with Dana Lee" in page.text


# --- static files and the OpenAPI document ----------------------------------------------------------------------


def test_static_files_are_served_with_long_cache_headers(stack: Any) -> None:
    browser = Browser()
    page = browser.get("/")
    css = re.search(r'href="(/static/app\.css\?v=\w+)"', page.text)
    js = re.search(r'src="(/static/app\.js\?v=\w+)"', page.text)
    assert css and js

    for url, kind in ((css.group(1), "text/css"), (js.group(1), "text/javascript")):
        answer = browser.get(url)
        assert answer.status == 200 and answer.headers["content-type"].startswith(kind)
        assert "immutable" in answer.headers["cache-control"]
    assert browser.get("/static/secrets.txt").status == 404


def test_pages_are_not_in_the_openapi_document(stack: Any) -> None:
    import json

    page = Browser().get("/v1/openapi.json")

    assert page.status == 200
    paths = json.loads(page.text)["paths"]
    assert paths and all(path.startswith("/v1/") for path in paths)


def test_csrf_secret_comes_from_the_environment_when_set(stack: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from interview_prep.web import csrf as web

    monkeypatch.setenv("CSRF_SECRET", "a-test-secret")
    clear_web_caches()
    browser = Browser()
    page = browser.get("/")
    value = browser.cookies["__Host-csrf"]

    import hashlib
    import hmac

    assert page.csrf() == hmac.new(b"a-test-secret", value.encode(), hashlib.sha256).hexdigest()
    assert web.signing_keys() == web.signing_keys(all_values=True) == (b"a-test-secret",)


def test_readable_messages_speak_to_people() -> None:
    from interview_prep.web.form_view import readable

    assert readable("Input should be a valid integer, unable to parse string as an integer") == "must be a whole number"
    assert readable("Input should be greater than or equal to 15") == "must be at least 15"
    assert readable("is required") == "is required"


@pytest.mark.parametrize(
    ("typed_min", "typed_max", "amounts", "shown"),
    [
        ("11,44", "12,50", (11.44, 12.5), "GBP 11.44–12.50 per hour"),  # the decimal comma, as French writes it
        ("11.44", "12.5", (11.44, 12.5), "GBP 11.44–12.50 per hour"),
        ("1 234,50", "1,500.00", (1234.5, 1500), "GBP 1,234.50–1,500.00 per hour"),
        ("11", "12", (11, 12), "GBP 11–12 per hour"),
        ("£11.44", "£ 12.50", (11.44, 12.5), "GBP 11.44–12.50 per hour"),  # a currency sign typed in the box
        ("12.45", "", (12.45, 12.45), "GBP 12.45 per hour"),  # one figure, in either box
        ("", "12,45", (12.45, 12.45), "GBP 12.45 per hour"),
    ],
)
def test_the_form_takes_pay_by_the_hour_with_its_cents(
    stack: Any, typed_min: str, typed_max: str, amounts: tuple[float, float], shown: str
) -> None:
    browser, manage = confirmed(
        stack,
        **{"salary.min": typed_min, "salary.max": typed_max, "salary.currency": "GBP", "salary.period": "hour"},
    )
    (interview,) = interviews_in_table()
    assert (interview.salary.min, interview.salary.max) == amounts
    assert shown in browser.get(manage).text


def test_the_form_takes_a_contractors_day_rate(stack: Any) -> None:
    """A contractor's rate is by the day: the form offers "day" beside year, month and hour, and the manage page says
    "GBP 550 per day"."""
    page = Browser().get("/")
    assert '<option value="day">day</option>' in page.text
    browser, manage = confirmed(
        stack, **{"salary.min": "550", "salary.max": "", "salary.currency": "GBP", "salary.period": "day"}
    )
    (interview,) = interviews_in_table()
    assert interview.salary is not None and interview.salary.period == "day"
    assert "GBP 550 per day" in browser.get(manage).text


def test_the_form_says_next_to_the_box_when_an_amount_is_not_a_number(stack: Any) -> None:
    page = Browser().submit(form_fields(**{"salary.min": "11,4444", "salary.max": "12"}))
    assert page.status == 422
    said = re.search(r'id="ef-salary-min">(.*?)</p>', page.text, re.S)
    assert said and "must be a number" in said.group(1)
    assert 'inputmode="decimal"' in page.text and 'inputmode="numeric" maxlength="15"' not in page.text
