"""Security review as tests: injection (HTML, template, email headers), open redirects, token leakage, CORS,
error pages, rate limits, personal data in logs, the template's static analysis (cfn-lint, checkov), data
retention (TTL) and the deletion paths (DELETE, unsubscribe).
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import hashlib
import json
import logging
import pathlib
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tests import hardening_support as hs
from tests.conftest import NOW, Api, interview_body

ROOT = pathlib.Path(__file__).resolve().parent.parent
AFTER_ALL = dt.datetime(2027, 1, 17, tzinfo=dt.UTC)
TOKEN = re.compile(r"/(?:confirm|manage|unsubscribe|review)/([A-Za-z0-9_-]{43})")
HOSTILE_NAME = '<script>alert(1)</script>"><img src=x onerror=alert(1)>{{7*7}}'


def store() -> Any:
    from interview_prep.adapters.settings import settings
    from interview_prep.adapters.store import InterviewStore

    return InterviewStore(settings().table_name)


@pytest.fixture
def pipeline(aws: Any, api: Api, clock_at: Any) -> hs.Pipeline:
    from interview_prep.services import stream as stream_module

    stream_module.scheduler.cache_clear()
    return hs.Pipeline(aws)


# --- HTML, template and email injection -----------------------------------------------------------------------


def test_hostile_text_everywhere_is_escaped_in_every_email_and_never_evaluated(api: Api, pipeline: hs.Pipeline) -> None:
    # Given an interview whose every text field is hostile markup and template syntax
    body = interview_body(
        candidate={"name": HOSTILE_NAME, "email": "zoe@example.com"},
        company={"name": HOSTILE_NAME},
        role=HOSTILE_NAME,
        location=HOSTILE_NAME,
        first_interview_notes=HOSTILE_NAME + "\n{% for x in range(3) %}loop{% endfor %}",
    )
    body["interviewers"][0]["name"] = "Dana " + HOSTILE_NAME
    status, _, created = api.call("POST", "/v1/interviews", body)
    assert status == 201, created
    notes = {"text": HOSTILE_NAME, "interviewers": [{"name": "Dana " + HOSTILE_NAME, "topics": [HOSTILE_NAME]}]}
    assert api.call("PUT", f"/v1/interviews/{created['id']}/notes", notes)[0] == 200

    # When every email goes out, and the previews are read
    pipeline.run(AFTER_ALL)
    sent = pipeline.sent()
    preview = api.call("GET", f"/v1/interviews/{created['id']}/digest")[2]

    # Then no HTML carries the markup as markup, and the template syntax is shown as typed, never run
    assert hs.kinds(sent) == ["digest", "thank_you"]
    for html in [m["html"] for m in sent] + [preview]:
        assert "<script" not in html and "<img" not in html
        assert not re.search(r"<[^>]*\bonerror\s*=", html)  # no event handler inside any tag
        assert "&lt;script&gt;" in html
    for text in [m["text"] for m in sent]:
        assert "{{7*7}}" in text and "loop" not in text.replace("loop{% endfor %}", "")
    assert "49" not in sent[0]["subject"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("candidate.name", "Eve\r\nBcc: victim@example.com"),
        ("candidate.name", "Eve\nBcc: victim@example.com"),
        ("candidate.name", "Eve\u2028Bcc"),
        ("candidate.email", "eve@example.com\r\nBcc: victim@example.com"),
        ("company.name", "Acme\rSubject: hi"),
        ("role", "Analyst\x85x"),
        ("interviewers.0.name", "Dana\r\nX-Injected: 1"),
        ("location", "Room\u202e1"),
    ],
)
def test_line_breaks_and_controls_in_one_line_fields_are_refused(
    api: Api, clock_at: Any, field: str, value: str
) -> None:
    body = interview_body()
    target: Any = body
    *parents, last = field.split(".")
    for part in parents:
        target = target[int(part)] if part.isdigit() else target.setdefault(part, {})
    target[int(last) if last.isdigit() else last] = value

    status, _, answer = api.call("POST", "/v1/interviews", body)

    assert status == 422 and hs.is_error_body(answer)


def test_email_headers_cannot_be_injected_even_by_a_renderer() -> None:
    from interview_prep.domain import clock
    from interview_prep.domain.mail import Links, RenderedEmail, compose

    hostile = RenderedEmail(subject="Prep\r\nBcc: victim@example.com", text="t", html="<p>h</p>")
    with clock.frozen(NOW):
        message = compose(
            hostile,
            to_name="Eve\r\nBcc: victim@example.com",
            to_address="eve@example.com",
            sender="prep@example.com",
            reply_to=None,
            links=Links(manage_url="https://x.test/m", unsubscribe_url="https://x.test/u"),
        )

    parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    assert parsed["Bcc"] is None and "Bcc" not in [k for k in parsed]
    assert "\n" not in str(parsed["Subject"]) and "\n" not in str(parsed["To"])


def test_api_response_headers_carry_no_request_text(api: Api, clock_at: Any) -> None:
    status, headers, _body = api.call(
        "POST", "/v1/interviews", interview_body(), headers={"Idempotency-Key": "k\r\nSet-Cookie: a=b"}
    )

    assert status in (201, 422)
    assert "set-cookie" not in headers
    if status == 201:
        assert re.fullmatch(r"/v1/interviews/[0-9a-f]{32}", headers["location"])


# --- open redirects ---------------------------------------------------------------------------------------------


@pytest.fixture
def runtime(clock_at: Any) -> Iterator[Any]:
    with hs.local_runtime() as rt:
        yield rt


def confirm_link(runtime: Any) -> str:
    runtime.drain_stream()
    (confirmation,) = [m for m in runtime.outbox() if "confirm" in m["subject"].lower()]
    match = re.search(r"/confirm/[A-Za-z0-9_-]{43}", confirmation["text"])
    assert match, confirmation["text"]
    return match.group(0)


def test_no_route_redirects_to_a_user_supplied_url(runtime: Any) -> None:
    # Given an interview recorded from the web form, and its confirm link
    browser = hs.Browser()
    status, _, _ = browser.submit(hs.form_fields())
    assert status == 200
    link = confirm_link(runtime)
    evil = "https://evil.example/steal"

    # When links are opened with redirect-looking parameters, a forged Host, or a scheme-relative path
    answers = [
        hs.Browser(host="evil.example").press(f"{link}?next={evil}&redirect={evil}&return_to={evil}"),
        browser.press(f"{link}?next={evil}"),
        browser.request("POST", f"{link}?next={evil}", headers={"X-Forwarded-Host": "evil.example"}),
        browser.request("GET", "//evil.example/"),
        browser.request("GET", f"/?next={evil}"),
        browser.request("GET", f"/static/..%2f..%2f{evil}"),
    ]

    # Then every redirect stays on this site: a path of its own, never another host
    redirects = [headers["location"] for status, headers, _ in answers if 300 <= status < 400]
    assert redirects, "the confirm link redirects to the manage page"
    for location in redirects:
        assert location.startswith("/") and not location.startswith("//"), location
        assert "evil" not in location


# --- token leakage ----------------------------------------------------------------------------------------------


def test_pages_send_no_referrer_and_tokens_are_stored_only_as_hashes(runtime: Any) -> None:
    import boto3
    from interview_prep.adapters.settings import settings

    browser = hs.Browser()
    browser.submit(hs.form_fields())
    link = confirm_link(runtime)
    _status, headers, _ = browser.press(link)
    manage = headers["location"].split("?")[0]
    pages = [browser.request("GET", "/"), browser.request("GET", manage), browser.request("GET", f"{manage}/digest")]

    # Pages that carry capability tokens in their URL tell the browser never to send it on
    for page_status, page_headers, _ in pages:
        assert page_status == 200
        assert page_headers.get("referrer-policy") == "no-referrer"
        assert page_headers.get("cache-control") == "no-store"

    # And the table holds only hashes of the tokens
    raw = [m.group(1) for m in TOKEN.finditer(link + " " + manage)]
    items = boto3.resource("dynamodb", region_name=hs.REGION).Table(settings().table_name).scan()["Items"]
    dumped = json.dumps(items, default=str)
    for token in raw:
        assert token not in dumped
        assert f"TOKEN#{hashlib.sha256(token.encode()).hexdigest()}" in dumped


def test_local_stack_request_log_redacts_tokens() -> None:
    from local_stack.server import redact

    token = "A" * 43
    for path in (
        f"/confirm/{token}",
        f"/manage/{token}/digest?x=1",
        f"/unsubscribe/{token}",
        f"/manage/{token}",
        f"/review/{token}",
    ):
        assert token not in redact(path)
    assert redact("/v1/interviews?status=scheduled") == "/v1/interviews"


# --- CORS, error pages --------------------------------------------------------------------------------------------


def test_no_cors_allowance_on_the_api(api: Api, clock_at: Any) -> None:
    origin = {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}

    answers = [
        api.call("OPTIONS", "/v1/interviews", headers=origin),
        api.call("GET", "/v1/interviews", headers=origin),
        api.call("POST", "/v1/interviews", interview_body(), headers=origin),
        api.call("GET", "/v1/openapi.json", headers=origin),
    ]

    for status, headers, _ in answers:
        assert status < 500
        assert not any(name.startswith("access-control-") for name in headers), headers


MALFORMED = [
    ("POST", "/v1/interviews", b"\xff\xfe\x00garbage", "application/json"),
    ("POST", "/v1/interviews", b"--x\r\nContent-Disposition: form-data\r\n\r\n", "multipart/form-data"),
    ("PATCH", "/v1/interviews/" + "0" * 32, b"", "multipart/form-data"),  # was a 500: no boundary, empty body
    ("PUT", "/v1/interviews/" + "0" * 32 + "/notes", b"", "multipart/form-data; charset=utf-8"),
    ("PATCH", "/v1/interviews/" + "0" * 32, b'{"round": 1e999}', "application/json"),
    ("PUT", "/v1/interviews/" + "0" * 32 + "/notes", b"[" * 5000 + b"]" * 5000, "application/json"),
    ("GET", "/v1/interviews?limit=99999999999999999999&from=%00&to=9999-99-99", None, None),
    ("GET", "/v1/interviews/../../etc/passwd", None, None),
    ("GET", "/static/../../../etc/passwd", None, None),
    ("POST", "/", b"a=%zz&" * 1000, "application/x-www-form-urlencoded"),
    ("POST", "/unsubscribe/" + "x" * 500, b"List-Unsubscribe=One-Click", "application/x-www-form-urlencoded"),
    ("GET", "/manage/%00%ff", None, None),
    ("DELETE", "/", None, None),
]


@pytest.mark.parametrize(("method", "path", "raw", "content_type"), MALFORMED)
def test_malformed_requests_get_no_5xx_and_no_stack_trace(
    api: Api, clock_at: Any, method: str, path: str, raw: bytes | None, content_type: str | None
) -> None:
    status, _, body = api.call(method, path, raw=raw, headers={"Content-Type": content_type} if content_type else {})

    assert status < 500, (status, body)
    text = body if isinstance(body, str) else json.dumps(body)
    assert "Traceback" not in text and 'File "' not in text and "site-packages" not in text


# --- rate limits ----------------------------------------------------------------------------------------------------


def test_unconfirmed_submissions_are_capped_per_address_with_429(runtime: Any) -> None:
    from interview_prep.adapters.settings import settings

    browser = hs.Browser()
    limit = settings().unconfirmed_per_email_per_day
    statuses = [browser.submit(hs.form_fields())[0] for _ in range(limit + 1)]

    assert statuses == [200] * limit + [429]
    confirmations = [m for m in runtime.outbox() if "confirm" in m["subject"].lower()]
    assert len(confirmations) == limit  # the cap stops the mail-bombing, not just the page


def test_unconfirmed_submissions_are_capped_per_source_address_with_429(runtime: Any) -> None:
    from interview_prep.adapters.settings import settings

    browser = hs.Browser(source_ip="203.0.113.9")
    limit = settings().unconfirmed_per_source_per_day
    statuses = [
        browser.submit(hs.form_fields(**{"candidate.email": f"person{n}@example.com"}))[0] for n in range(limit + 1)
    ]

    assert statuses == [200] * limit + [429]


# --- personal data never in logs --------------------------------------------------------------------------------

PII = {
    "email": "private.person@example.org",
    "name": "Secretia Personne",
    "interviewer": "Confidentia Nomen",
    "notes": "my-private-note-marker",
    "first round": "first-round-private-marker",
}


def _everything_logged(caplog: pytest.LogCaptureFixture, captured: Any) -> str:
    records = [json.dumps({k: str(v) for k, v in vars(r).items()}) for r in caplog.records]
    formatter = logging.Formatter()
    tracebacks = [formatter.formatException(r.exc_info) for r in caplog.records if r.exc_info]
    return "\n".join([*records, *tracebacks, captured.out, captured.err])


def test_no_personal_data_in_the_logs_of_a_full_flow(
    runtime: Any, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    # Every library at INFO (as deployed), the service's own logger at DEBUG (the most an operator can set)
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="interview-prep")
    # Record (web form) -> confirmation email -> confirm -> digest -> notes -> thank-you, every function involved
    browser = hs.Browser()
    fields = hs.form_fields(
        **{
            "candidate.name": PII["name"],
            "candidate.email": PII["email"],
            "interviewers[0].name": PII["interviewer"],
            "first_interview_notes": PII["first round"],
        }
    )
    assert browser.submit(fields)[0] == 200
    status, headers, _ = browser.press(confirm_link(runtime))
    assert status == 303
    manage = headers["location"].split("?")[0]
    runtime.run_scheduler(dt.datetime(2027, 1, 15, tzinfo=dt.UTC))
    status, _, page = browser.request("GET", manage)
    token = re.search(r'name="csrf_token" value="([^"]*)"', page)
    assert token
    form = {"csrf_token": token.group(1), "text": PII["notes"], "interviewers[0].topics": PII["notes"]}
    assert browser.request("POST", f"{manage}/notes", form=form)[0] == 303
    runtime.run_scheduler(AFTER_ALL)
    assert hs.kinds(runtime.outbox()) == ["confirmation", "digest", "thank_you"]
    assert PII["notes"] in runtime.outbox()[-1]["text"]  # the notes did reach the thank-you drafts

    # Nothing that was logged or printed carries any of it
    logged = _everything_logged(caplog, capfd.readouterr())
    assert len(logged) > 500, "the flow logged almost nothing: the check would prove nothing"
    assert "delivery sent" in logged and "schedules in step" in logged  # every function's log was captured
    assert [label for label, value in PII.items() if value in logged] == []
    assert not TOKEN.search(logged)


@pytest.mark.stack
def test_no_personal_data_or_token_in_the_local_stack_log() -> None:
    start = (dt.datetime.now(dt.UTC) + dt.timedelta(days=4)).strftime("%Y-%m-%dT11:00")
    body = {
        "candidate": {"name": PII["name"], "email": PII["email"]},
        "company": {"name": "Hush Ltd"},
        "role": "Analyst",
        "starts_at": start,
        "timezone": "UTC",
        "interviewers": [{"name": PII["interviewer"], "relationship": "hr"}],
        "first_interview_notes": PII["first round"],
    }
    with hs.local_stack() as stack:
        status, _, created = stack.call("POST", "/v1/interviews", body)
        assert status == 201
        assert stack.call("PUT", f"/v1/interviews/{created['id']}/notes", {"text": PII["notes"]})[0] == 200
        stack.run_scheduler(dt.datetime.now(dt.UTC) + dt.timedelta(days=6))
        links = {m.group(0) for mail in stack.outbox() for m in TOKEN.finditer(mail["text"])}
        for link in links:
            stack.call("GET", link, key=None)
        log = stack.log()

    assert len(log) > 200, "the stack logged almost nothing: the check would prove nothing"
    assert [label for label, value in PII.items() if value in log] == []
    assert links and not any(link.rsplit("/", 1)[1] in log for link in links)


# --- the template: cfn-lint and checkov -----------------------------------------------------------------------------


def test_template_passes_cfn_lint() -> None:
    result = subprocess.run(
        [str(pathlib.Path(sys.executable).parent / "cfn-lint"), "template.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def _checkov(path: pathlib.Path) -> dict[str, Any]:
    result = subprocess.run(
        [
            str(hs.checkov_executable()),
            "-f",
            str(path),
            "--framework",
            "cloudformation",
            "--compact",
            "--skip-download",
            "--output",
            "json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**hs.clean_env(), "BC_SKIP_MAPPING": "TRUE"},
    )
    return dict(json.loads(result.stdout))


def _suppressions(template: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (skip["id"], name)
        for name, res in template["Resources"].items()
        for skip in res.get("Metadata", {}).get("checkov", {}).get("skip", [])
    }


@pytest.mark.parametrize("form", ["source", "transformed"])
def test_template_passes_checkov_every_finding_fixed_or_justified(form: str, tmp_path: pathlib.Path) -> None:
    from local_stack.cfn import load_template
    from tests.deployed_template import transformed

    # The source template, and the one SAM's transform makes of it (what CloudFormation deploys: the functions'
    # roles, the stage, the event rules), which carries each resource's suppressions along
    if form == "source":
        path, template = ROOT / "template.yaml", load_template()
    else:
        template = transformed()
        path = tmp_path / "transformed.json"
        path.write_text(json.dumps(template), encoding="utf-8")

    report = _checkov(path)

    summary = report["summary"]
    failed = [f"{c['check_id']} {c['resource']}" for c in report["results"]["failed_checks"]]
    assert summary["failed"] == 0 and failed == [], failed
    assert summary["passed"] > 0
    skipped = report["results"]["skipped_checks"]
    assert all((c.get("check_result", {}).get("suppress_comment") or "").strip() for c in skipped)
    used = {(c["check_id"], c["resource"].split(".", 1)[1]) for c in skipped}
    if form == "source":
        # Every suppression still answers a finding (a stale one hides nothing and misleads). In the transformed
        # form SAM copies a function's suppressions onto the resources it generates for it, where some cannot apply.
        assert _suppressions(template) - used == set(), _suppressions(template) - used
    else:
        # What the transform generates is suppressed only by what its source resource says
        assert used <= _suppressions(template), used - _suppressions(template)


# --- data retention and deletion --------------------------------------------------------------------------------


def test_interviews_expire_90_days_after_they_end_and_tokens_expire(runtime: Any) -> None:
    import boto3
    from interview_prep.adapters.settings import settings

    from local_stack.cfn import load_template

    browser = hs.Browser()
    browser.submit(hs.form_fields())
    link = confirm_link(runtime)
    status, _headers, _ = browser.press(link)
    assert status == 303
    table = boto3.resource("dynamodb", region_name=hs.REGION).Table(settings().table_name)
    items = table.scan()["Items"]
    (interview,) = [i for i in items if i["sk"] == "INTERVIEW"]
    ends = dt.datetime(2027, 1, 16, 20, 0, tzinfo=dt.UTC)  # 14:00 Toronto + 60 minutes

    # The interview item's TTL is its end plus 90 days; so is the manage token's; the confirm token lasts 72 hours
    assert int(interview["ttl"]) == int((ends + dt.timedelta(days=90)).timestamp())
    tokens = {i["purpose"]: i for i in items if i["sk"] == "TOKEN"}
    assert int(tokens["manage"]["ttl"]) == int((ends + dt.timedelta(days=90)).timestamp())
    assert int(tokens["confirm"]["ttl"]) <= int((NOW + dt.timedelta(hours=72)).timestamp())
    assert all(int(i["ttl"]) <= int((NOW + dt.timedelta(days=2)).timestamp()) for i in items if i["sk"] == "LIMIT")
    # And the tables expire items on those attributes
    resources = load_template()["Resources"]
    assert resources["InterviewsTable"]["Properties"]["TimeToLiveSpecification"] == {
        "AttributeName": "ttl",
        "Enabled": True,
    }
    assert resources["IdempotencyTable"]["Properties"]["TimeToLiveSpecification"]["Enabled"] is True

    # An expired link is refused at once, even before DynamoDB's TTL sweep removes it
    from interview_prep.domain import clock

    with clock.frozen(NOW + dt.timedelta(hours=73)):
        expired_status, _, _ = hs.Browser().request("GET", link)
    assert expired_status in (404, 410)


def test_delete_and_unsubscribe_stop_every_email_at_once(api: Api, pipeline: hs.Pipeline) -> None:
    from interview_prep.services import interviews

    # Given two interviews with their schedules in place
    cancelled = api.call("POST", "/v1/interviews", interview_body())[2]
    unsubscribed = api.call("POST", "/v1/interviews", interview_body())[2]
    pipeline.drain()
    assert len(pipeline.schedules()) == 4

    # When one is cancelled over the API and the candidate unsubscribes from the other
    assert api.call("DELETE", f"/v1/interviews/{cancelled['id']}")[0] == 200
    interviews.unsubscribe(store(), unsubscribed["id"], now=NOW)

    # Then at once, before the stream has run, a firing schedule sends nothing
    outcomes = [pipeline.fire(s) for s in pipeline.schedules()]
    assert {o["status"] for o in outcomes} == {"skipped"}
    assert {o["reason"] for o in outcomes} == {"cancelled", "unsubscribed"}
    # And once the stream has run, no schedule is left; nothing is ever sent
    pipeline.drain()
    assert pipeline.schedules() == []
    pipeline.run(AFTER_ALL)
    assert pipeline.sent() == []
    assert api.call("GET", f"/v1/interviews/{unsubscribed['id']}")[2]["unsubscribed_at"] is not None
