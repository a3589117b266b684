"""Mail that stays deliverable: what SES reports after a send. A hard bounce or a complaint stops every further email
about that interview (shown in the API and on the manage page); soft bounces and rejects are counted only; the
local stack turns `POST /_local/ses/bounce` into the same effect.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest

from tests import hardening_support as hs
from tests.conftest import NOW, Api, interview_body

AFTER_ALL = dt.datetime(2027, 1, 17, tzinfo=dt.UTC)
DIGEST_SENT = dt.datetime(2027, 1, 15, 20, tzinfo=dt.UTC)  # after the digest, before the interview


@pytest.fixture
def pipeline(aws: Any, api: Api, clock_at: Any) -> hs.Pipeline:
    from interview_prep.services import stream as stream_module

    stream_module.scheduler.cache_clear()
    return hs.Pipeline(aws)


@pytest.fixture
def sent_log(aws: Any) -> Any:
    """What every SendEmail of the service carried (message id, recipient, tags), as SES received it."""
    from interview_prep.adapters.aws import client

    from local_stack.ses_events import SentLog

    log = SentLog()
    log.watch(client("sesv2"))
    return log


def email_event(sent_log: Any, kind: str, *, to: str = "zoe@example.com") -> dict[str, Any]:
    """The EventBridge event SES publishes about the last email sent to `to`."""
    from local_stack.ses_events import ses_event

    sent = sent_log.latest_to(to)
    assert sent is not None, f"nothing was sent to {to}"
    return ses_event(sent, kind, region="us-east-1")


def handle(event: dict[str, Any]) -> dict[str, Any]:
    from functions.email_events.app import lambda_handler
    from local_stack.proxy import LambdaContext

    result: dict[str, Any] = lambda_handler(event, LambdaContext("EmailEventsFunction"))
    return result


def metrics_emitted(captured: str) -> set[str]:
    """The metric names of every EMF record printed (Powertools writes them to stdout)."""
    names: set[str] = set()
    for line in captured.splitlines():
        if line.startswith("{") and '"_aws"' in line:
            for directive in json.loads(line)["_aws"]["CloudWatchMetrics"]:
                names |= {m["Name"] for m in directive["Metrics"]}
    return names


def record_and_send_digest(api: Api, pipeline: hs.Pipeline) -> dict[str, Any]:
    status, _, created = api.call("POST", "/v1/interviews", interview_body())
    assert status == 201, created
    pipeline.run(DIGEST_SENT)
    assert hs.kinds(pipeline.sent()) == ["digest"]
    return dict(created)


def test_sent_emails_carry_the_interview_and_kind_as_tags(api: Api, pipeline: hs.Pipeline, sent_log: Any) -> None:
    created = record_and_send_digest(api, pipeline)

    (sent,) = sent_log.sent
    assert sent.tags == {"interview": created["id"], "kind": "digest"}
    assert sent.configuration_set and sent.to == ("zoe@example.com",)


@pytest.mark.parametrize(
    ("kind", "reason", "metric"),
    [("bounce", "bounced", "EmailsBounced"), ("complaint", "complained", "EmailsComplained")],
)
def test_hard_bounce_or_complaint_stops_every_further_email_and_is_counted(
    api: Api,
    pipeline: hs.Pipeline,
    sent_log: Any,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    reason: str,
    metric: str,
) -> None:
    # Given an interview whose digest went out, with its thank-you still to come
    created = record_and_send_digest(api, pipeline)
    capsys.readouterr()

    # When SES reports that the digest bounced (or that the candidate marked it as spam)
    outcome = handle(email_event(sent_log, kind))

    # Then the interview's email is stopped, at once and visibly in the API, and it is counted
    assert outcome == {"status": "stopped", "reason": reason, "interview_id": created["id"]}
    assert metric in metrics_emitted(capsys.readouterr().out)
    stopped = api.call("GET", f"/v1/interviews/{created['id']}")[2]["email_stopped"]
    assert stopped["reason"] == reason and stopped["kind"] == "digest"
    # And the thank-you is withdrawn: no schedule is left, and nothing more is ever sent
    pipeline.drain()
    assert pipeline.schedules() == []
    pipeline.run(AFTER_ALL)
    assert hs.kinds(pipeline.sent()) == ["digest"]


def test_a_schedule_firing_before_the_stream_ran_sends_nothing_after_a_bounce(
    api: Api, pipeline: hs.Pipeline, sent_log: Any
) -> None:
    created = record_and_send_digest(api, pipeline)
    (thank_you,) = pipeline.schedules()

    handle(email_event(sent_log, "bounce"))
    outcome = pipeline.fire(thank_you)

    assert outcome["status"] == "skipped" and outcome["reason"] == "bounced"
    assert hs.kinds(pipeline.sent()) == ["digest"]
    assert api.call("GET", f"/v1/interviews/{created['id']}")[2]["status"] == "scheduled"


@pytest.mark.parametrize(("kind", "metric"), [("soft_bounce", "EmailsSoftBounced"), ("reject", "EmailsRejected")])
def test_soft_bounce_and_reject_are_counted_and_stop_nothing(
    api: Api, pipeline: hs.Pipeline, sent_log: Any, capsys: pytest.CaptureFixture[str], kind: str, metric: str
) -> None:
    created = record_and_send_digest(api, pipeline)
    capsys.readouterr()

    outcome = handle(email_event(sent_log, kind))

    assert outcome["status"] == "counted"
    assert metric in metrics_emitted(capsys.readouterr().out)
    assert api.call("GET", f"/v1/interviews/{created['id']}")[2]["email_stopped"] is None
    pipeline.run(AFTER_ALL)
    assert hs.kinds(pipeline.sent()) == ["digest", "thank_you"]


def test_the_same_bounce_twice_changes_nothing_more(api: Api, pipeline: hs.Pipeline, sent_log: Any) -> None:
    created = record_and_send_digest(api, pipeline)
    event = email_event(sent_log, "bounce")

    first = handle(event)
    version = api.call("GET", f"/v1/interviews/{created['id']}")[2]["version"]
    again = handle(event)
    complaint_after = handle(email_event(sent_log, "complaint"))

    assert first["status"] == "stopped"
    assert again["status"] == complaint_after["status"] == "already_stopped"
    after = api.call("GET", f"/v1/interviews/{created['id']}")[2]
    assert after["version"] == version and after["email_stopped"]["reason"] == "bounced"


def test_a_bounce_of_an_address_the_interview_no_longer_has_stops_nothing(
    api: Api, pipeline: hs.Pipeline, sent_log: Any
) -> None:
    created = record_and_send_digest(api, pipeline)
    event = email_event(sent_log, "bounce")
    new_address = {"candidate": {"name": "Zoë O'Brien", "email": "zoe.obrien@example.org"}}
    assert api.call("PATCH", f"/v1/interviews/{created['id']}", new_address)[0] == 200

    outcome = handle(event)

    assert outcome["status"] == "ignored" and outcome["reason"] == "address_changed"
    assert api.call("GET", f"/v1/interviews/{created['id']}")[2]["email_stopped"] is None


def test_a_new_address_lifts_the_stop(api: Api, pipeline: hs.Pipeline, sent_log: Any) -> None:
    created = record_and_send_digest(api, pipeline)
    handle(email_event(sent_log, "bounce"))
    pipeline.drain()
    assert pipeline.schedules() == []

    new_address = {"candidate": {"name": "Zoë O'Brien", "email": "zoe.obrien@example.org"}}
    status, _, changed = api.call("PATCH", f"/v1/interviews/{created['id']}", new_address)

    assert status == 200 and changed["email_stopped"] is None
    pipeline.run(AFTER_ALL)
    assert hs.kinds(pipeline.sent()) == ["digest", "thank_you"]
    assert pipeline.sent()[-1]["to"].endswith("<zoe.obrien@example.org>")


@pytest.mark.parametrize(
    "event",
    [
        {},
        {"detail": "x"},
        {"detail": {"eventType": "Delivery", "mail": {"tags": {}}}},
        {"detail": {"eventType": "Bounce", "bounce": {"bounceType": "Permanent"}, "mail": {"tags": {}}}},
        {
            "detail": {
                "eventType": "Bounce",
                "bounce": {"bounceType": "Permanent"},
                "mail": {"tags": {"interview": ["../x"]}},
            }
        },
        {"detail": {"eventType": "Complaint", "complaint": None, "mail": {"tags": {"interview": ["f" * 32]}}}},
    ],
)
def test_events_that_cannot_apply_are_ignored_never_raised(aws: Any, clock_at: Any, event: dict[str, Any]) -> None:
    outcome = handle(event)

    assert outcome["status"] == "ignored"


def test_nothing_personal_is_logged_about_a_bounce(
    api: Api,
    pipeline: hs.Pipeline,
    sent_log: Any,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import logging

    record_and_send_digest(api, pipeline)
    caplog.set_level(logging.DEBUG, logger="interview-prep")
    caplog.clear()
    capsys.readouterr()

    handle(email_event(sent_log, "bounce"))

    printed = capsys.readouterr()
    records = [json.dumps({k: str(v) for k, v in vars(r).items()}) for r in caplog.records]
    logged = "\n".join([*records, printed.out, printed.err])
    assert "email event applied" in caplog.messages
    assert "zoe@example.com" not in logged and "O'Brien" not in logged and "Zoë" not in logged


def test_manage_page_says_email_stopped_and_why(api: Api, pipeline: hs.Pipeline, sent_log: Any) -> None:
    from interview_prep.adapters.settings import settings
    from interview_prep.adapters.store import InterviewStore
    from interview_prep.services import tokens

    created = record_and_send_digest(api, pipeline)
    handle(email_event(sent_log, "bounce"))
    token = tokens.mint(
        InterviewStore(settings().table_name),
        interview_id=created["id"],
        purpose="manage",
        expires_at=NOW + dt.timedelta(days=30),
    )

    status, _, page = api.call("GET", f"/manage/{token}", key=False)

    assert status == 200
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "We stopped emailing you about this interview" in text
    assert "bounced" in text
    assert "Not sent: email to your address bounced" in text


# --- the local stack ------------------------------------------------------------------------------------------------


@pytest.mark.stack
def test_local_stack_turns_a_simulated_bounce_into_the_same_effect_as_in_aws() -> None:
    start = (dt.datetime.now(dt.UTC) + dt.timedelta(days=4)).replace(hour=11, minute=0, second=0, microsecond=0)
    body = interview_body(starts_at=start.strftime("%Y-%m-%dT%H:%M"), timezone="UTC")
    with hs.local_stack() as stack:
        status, _, created = stack.call("POST", "/v1/interviews", body)
        assert status == 201
        stack.run_scheduler(start - dt.timedelta(hours=1))  # the digest has gone out, the thank-you not yet
        assert hs.kinds(stack.outbox()) == ["digest"]

        bad = stack.call("POST", "/_local/ses/bounce", {"to": "nobody@example.com"}, key=None)
        wrong = stack.call("POST", "/_local/ses/bounce", {"to": "zoe@example.com", "type": "lost"}, key=None)
        status, _, outcome = stack.call("POST", "/_local/ses/bounce", {"to": "zoe@example.com"}, key=None)
        after = stack.call("GET", f"/v1/interviews/{created['id']}")[2]
        stack.run_scheduler(dt.datetime.now(dt.UTC) + dt.timedelta(days=6))
        sent = hs.kinds(stack.outbox())

    assert bad[0] == 404 and hs.is_error_body(bad[2])
    assert wrong[0] == 400 and hs.is_error_body(wrong[2])
    assert status == 200 and outcome["status"] == "stopped", outcome
    assert after["email_stopped"]["reason"] == "bounced"
    assert sent == ["digest"]  # the thank-you never went out
