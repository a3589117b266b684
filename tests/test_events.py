"""Events for tools: one per fact, derived from the interview's images (pure), published once on the stack's bus.

Pure tests of `domain.events.facts`; then the local stack's Runtime (moto, the stream feeding both of its
functions, the scheduler): a web submission's whole life gives exactly the expected events, in order, each valid
against its JSON Schema in `events/schemas/`, and a replayed stream publishes nothing twice.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from interview_prep.domain.events import TYPES, facts
from interview_prep.domain.models import DeliveryState, Interview

from tests import hardening_support as hs
from tests.conftest import NOW, ROOT, interview_body
from tests.sample_interviews import KESTREL, stored_interview

SCHEMAS = ROOT / "events" / "schemas"
T0 = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)


def _schema(event_type: str) -> dict[str, Any]:
    return dict(json.loads((SCHEMAS / f"{event_type}.json").read_text(encoding="utf-8")))


def _later(interview: Interview, **update: Any) -> Interview:
    return interview.model_copy(update={"version": interview.version + 1, "updated_at": T0, **update})


@pytest.fixture
def recorded() -> Interview:
    return stored_interview(KESTREL, status="scheduled", owner="Acme Recruiting")


# --- the derivation (pure) -------------------------------------------------------------------------------------


def test_facts_new_interview_is_recorded_with_ids_owner_times_and_status_only(recorded: Interview) -> None:
    (fact,) = facts(None, recorded)

    assert fact.type == "interview.recorded"
    assert fact.detail["interview_id"] == recorded.id and fact.detail["owner"] == "Acme Recruiting"
    assert fact.detail["status"] == "scheduled" and fact.detail["starts_at_utc"] == "2027-03-29T13:30:00+00:00"
    text = json.dumps(fact.detail)
    assert "ada@example.com" not in text and "Ada" not in text and "Kestrel" not in text


def test_facts_each_change_gives_its_fact(recorded: Interview) -> None:
    pending = recorded.model_copy(update={"status": "pending_confirmation"})
    confirmed = _later(pending, status="scheduled", confirmed_at=T0)
    moved = _later(recorded, starts_at="2027-03-30T10:00")
    cancelled = _later(recorded, status="cancelled", cancelled_at=T0)
    unsubscribed = _later(recorded, unsubscribed_at=T0)
    notes_only = _later(recorded, duration_minutes=recorded.duration_minutes)

    assert [f.type for f in facts(pending, confirmed)] == ["interview.confirmed"]
    (rescheduled,) = facts(recorded, moved)
    assert rescheduled.type == "interview.rescheduled"
    assert rescheduled.detail["previous_starts_at_utc"] == "2027-03-29T13:30:00+00:00"
    assert [f.type for f in facts(recorded, cancelled)] == ["interview.cancelled"]
    assert [f.type for f in facts(recorded, unsubscribed)] == ["candidate.unsubscribed"]
    assert facts(recorded, notes_only) == []
    assert facts(recorded, None) == []


def test_facts_email_sent_and_failed_carry_kind_and_revision(recorded: Interview) -> None:
    sent = _later(recorded, digest=DeliveryState(sent_at=T0, sent_revision=1, sends=1, message_id="m"))
    failed = _later(recorded, thank_you=DeliveryState(failed_at=T0, failed_revision=1))

    (email_sent,) = facts(recorded, sent)
    (email_failed,) = facts(recorded, failed)

    assert (email_sent.type, email_sent.detail["kind"], email_sent.detail["revision"]) == ("email.sent", "digest", 1)
    assert email_sent.detail["occurred_at"] == "2027-03-01T12:00:00+00:00"
    assert (email_failed.type, email_failed.detail["kind"]) == ("email.failed", "thank_you")
    assert "m" not in email_sent.detail.values()


def test_facts_follow_a_new_kind_of_email_without_a_change() -> None:
    class WithReminder(Interview):
        reminder: DeliveryState = DeliveryState()

    before = WithReminder.model_validate(
        {**KESTREL, "id": "b" * 32, "owner": "o", "status": "scheduled", "created_at": T0, "updated_at": T0},
        context={"check_future": False},
    )
    after = _later(before, reminder=DeliveryState(sent_at=T0, sent_revision=1, sends=1))

    (fact,) = facts(before, after)

    assert (fact.type, fact.detail["kind"]) == ("email.sent", "reminder")


def test_facts_the_same_write_seen_twice_gives_the_same_ids_and_another_write_new_ones(recorded: Interview) -> None:
    first = _later(recorded, digest=DeliveryState(sent_at=T0, sent_revision=1, sends=1))
    again = _later(first, digest=DeliveryState(sent_at=T0 + dt.timedelta(days=1), sent_revision=2, sends=2))

    assert [f.id for f in facts(recorded, first)] == [f.id for f in facts(recorded, first)]
    assert facts(recorded, first)[0].id != facts(first, again)[0].id
    assert facts(None, recorded)[0].id != facts(recorded, first)[0].id


@pytest.mark.parametrize("event_type", TYPES)
def test_event_schema_exists_for_every_type_and_forbids_anything_else_in_detail(event_type: str) -> None:
    schema = _schema(event_type)
    jsonschema.Draft202012Validator.check_schema(schema)

    detail = schema["properties"]["detail"]

    assert schema["properties"]["detail-type"] == {"const": event_type}
    assert detail["additionalProperties"] is False
    assert not {"email", "candidate", "notes", "name"} & set(detail["properties"])


# --- on the local stack's Runtime --------------------------------------------------------------------------------


@pytest.fixture
def runtime() -> Iterator[Any]:
    with hs.local_runtime() as rt:
        yield rt


def _valid(event: dict[str, Any]) -> None:
    jsonschema.validate(event, _schema(event["detail-type"]), format_checker=jsonschema.FormatChecker())


def test_runtime_record_confirm_digest_thank_you_publishes_exactly_these_events_in_order(runtime: Any) -> None:
    from interview_prep.adapters.settings import settings
    from interview_prep.adapters.store import InterviewStore
    from interview_prep.domain import clock
    from interview_prep.domain.models import InterviewRequest
    from interview_prep.services import interviews

    store = InterviewStore(settings().table_name)
    now = clock.now()
    starts = (now + dt.timedelta(days=5)).strftime("%Y-%m-%dT10:00")
    request = InterviewRequest.model_validate(interview_body(starts_at=starts, timezone="Europe/Luxembourg"))

    # Given a web submission (the confirmation email goes out), confirmed by its link
    interview = interviews.record(store, request, owner="web", now=now, source="web")
    runtime.drain_stream()
    interviews.confirm(store, interview.id, now=now)
    # When time runs past the digest and the thank-you
    runtime.run_scheduler(interview.ends_at_utc + dt.timedelta(days=1))

    # Then exactly these events, in order, each valid against its schema and about this interview only
    events = runtime.events()
    assert [(e["detail-type"], e["detail"].get("kind")) for e in events] == [
        ("interview.recorded", None),
        ("email.sent", "confirmation"),
        ("interview.confirmed", None),
        ("email.sent", "digest"),
        ("email.sent", "thank_you"),
    ]
    for event in events:
        _valid(event)
        assert event["source"] == "interview-prep" and event["detail"]["interview_id"] == interview.id
    assert events[-1]["detail"]["status"] == "completed"
    assert len({e["detail"]["id"] for e in events}) == len(events)
    assert "zoe@example.com" not in json.dumps(events)

    # When the stream's records are all replayed (Lambda retries a batch)
    runtime._stream_position = 0
    runtime.drain_stream()

    # Then nothing is published twice
    assert len(runtime.events()) == len(events)


def test_runtime_email_failing_after_its_last_retry_publishes_email_failed_once(runtime: Any) -> None:
    from interview_prep.adapters.aws import client as _client
    from interview_prep.domain import clock

    from tests.conftest import Api

    key = _api_key()
    starts = (clock.now() + dt.timedelta(days=5)).strftime("%Y-%m-%dT10:00")
    status, _, created = Api(key).call("POST", "/v1/interviews", interview_body(starts_at=starts, timezone="UTC"))
    assert status == 201, created
    # Given SES refuses every send
    hs.hook(_client("sesv2"), "SendEmail", _always_throttled)

    # When the digest falls due and every retry fails
    fired = runtime.run_scheduler(dt.datetime.fromisoformat(created["digest"]["due_at"]))

    # Then the delivery is dead-lettered and the tools learn it once, as email.failed for the digest
    assert [f["result"]["status"] for f in fired] == ["dead_lettered"]
    failed = [e for e in runtime.events() if e["detail-type"] == "email.failed"]
    assert [(e["detail"]["kind"], e["detail"]["revision"]) for e in failed] == [("digest", 1)]
    _valid(failed[0])


def _api_key() -> str:
    from interview_prep.adapters.settings import settings
    from interview_prep.adapters.store import InterviewStore
    from interview_prep.services import access

    _, key = access.create_api_key(InterviewStore(settings().table_name), "Acme Recruiting", now=NOW)
    return key


def _always_throttled(**_: Any) -> None:
    raise hs.client_error("TooManyRequestsException", "SendEmail")


def test_template_delivery_attempts_are_the_tries_lambda_makes() -> None:
    from local_stack.cfn import load_template

    deliver = load_template()["Resources"]["DeliverFunction"]["Properties"]

    retries = deliver["EventInvokeConfig"]["MaximumRetryAttempts"]
    assert int(deliver["Environment"]["Variables"]["DELIVERY_ATTEMPTS"]) == retries + 1
