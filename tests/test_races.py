"""Races: reschedule while a digest is being delivered, cancel while the stream is behind, two PATCHes with the
same If-Match, the same Idempotency-Key in parallel.

Threads play concurrent Lambda invocations (each with its own copy of the service's clock context). Two
invocations of the API function cannot share one process (the event handler keeps the current request on the
class), so where the API itself races, one side goes through `functions/api` and the other through the same logic
the route calls. `atomic_moto()` makes moto apply each request atomically, as DynamoDB applies a conditional write.
Nothing here waits on time: the interleavings are forced with events and barriers.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests import hardening_support as hs
from tests.conftest import NOW, Api, interview_body

OWNER = "Acme Recruiting"  # the `api_key` fixture's owner
AFTER_ALL = dt.datetime(2027, 1, 25, tzinfo=dt.UTC)
WAIT = 30  # seconds: a bound on waits for another thread, never a sleep


class Worker(threading.Thread):
    """Runs `target` in a thread with the caller's context (the frozen clock); keeps its result or exception."""

    def __init__(self, target: Callable[[], Any]) -> None:
        super().__init__(daemon=True)
        self._target_fn = target
        self._context = contextvars.copy_context()
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self._context.run(self._target_fn)
        except BaseException as exc:
            self.error = exc

    def outcome(self) -> Any:
        self.join(WAIT)
        assert not self.is_alive(), "the worker did not finish"
        return self.error if self.error is not None else self.result


@pytest.fixture
def pipeline(aws: Any, api: Api, clock_at: Any) -> Iterator[hs.Pipeline]:
    from interview_prep.services import stream as stream_module

    stream_module.scheduler.cache_clear()
    with hs.atomic_moto():
        yield hs.Pipeline(aws)


def store() -> Any:
    from interview_prep.adapters.settings import settings
    from interview_prep.adapters.store import InterviewStore

    return InterviewStore(settings().table_name)


def record(api: Api, pipeline: hs.Pipeline) -> dict[str, Any]:
    status, _, body = api.call("POST", "/v1/interviews", interview_body())
    assert status == 201, body
    assert pipeline.drain() == []
    return dict(body)


# --- reschedule while a digest is being delivered ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("new_start", "following"),
    [
        # moved two hours: the digest in flight carried the old time, so a notice of the move follows
        ("2027-01-16T16:00", ["digest", "notice"]),
        ("2027-01-20T14:00", ["digest", "digest"]),  # moved four days: an "Updated:" digest follows
    ],
)
def test_reschedule_while_the_digest_is_being_delivered(
    api: Api, pipeline: hs.Pipeline, monkeypatch: pytest.MonkeyPatch, new_start: str, following: list[str]
) -> None:
    from interview_prep.adapters.ses import Mailer

    # Given the digest is being sent (SES has not answered yet)
    interview = record(api, pipeline)
    digest = next(s for s in pipeline.schedules() if s["input"]["kind"] == "digest")
    sending, release = threading.Event(), threading.Event()
    real_send = Mailer.send

    def slow_send(self: Any, message: Any, *, to: str, tags: dict[str, str] | None = None) -> str:
        if not sending.is_set():
            sending.set()
            assert release.wait(WAIT)
        return real_send(self, message, to=to, tags=tags)

    monkeypatch.setattr(Mailer, "send", slow_send)
    delivering = Worker(lambda: pipeline.fire(digest))
    delivering.start()
    assert sending.wait(WAIT)

    # When the interview is moved meanwhile, and the stream moves its schedules
    status, _, moved = api.call("PATCH", f"/v1/interviews/{interview['id']}", {"starts_at": new_start})
    assert status == 200 and moved["version"] == 2
    assert pipeline.drain() == []

    # And then SES accepts the digest in flight
    release.set()
    assert delivering.outcome()["status"] == "sent"

    # Then it is recorded on the moved interview, and what follows is exactly what the move calls for
    assert pipeline.drain() == []
    current = store().get(interview["id"])
    assert current.digest.sent_revision == 1 and current.revision == 2
    pipeline.run(AFTER_ALL)
    sent = pipeline.sent()
    assert hs.kinds(sent) == [*following, "thank_you"]
    assert ("Updated" in sent[1]["subject"]) == (following[1] == "digest")
    assert "Updated" not in sent[0]["subject"]


# --- cancel while the stream is behind --------------------------------------------------------------------------


def test_cancel_while_the_stream_is_behind_no_email_goes_out(api: Api, pipeline: hs.Pipeline) -> None:
    # Given an interview with its schedules in place
    interview = record(api, pipeline)
    schedules = pipeline.schedules()
    assert len(schedules) == 2

    # When it is cancelled, and its schedules fire before the stream has caught up
    status, _, cancelled = api.call("DELETE", f"/v1/interviews/{interview['id']}")
    assert status == 200 and cancelled["status"] == "cancelled"
    outcomes = [pipeline.fire(s) for s in schedules]

    # Then the deliveries re-read the record and send nothing
    assert [o["status"] for o in outcomes] == ["skipped", "skipped"]
    assert {o["reason"] for o in outcomes} == {"cancelled"}

    # And when the stream catches up, the schedules are withdrawn; nothing is ever sent
    assert pipeline.drain() == []
    assert pipeline.schedules() == []
    pipeline.run(AFTER_ALL)
    assert pipeline.sent() == []


# --- two PATCHes with the same If-Match -------------------------------------------------------------------------


def test_two_patches_with_the_same_if_match_one_200_one_412(api: Api, pipeline: hs.Pipeline) -> None:
    interview = record(api, pipeline)
    path = f"/v1/interviews/{interview['id']}"

    first = api.call("PATCH", path, {"role": "First"}, headers={"If-Match": '"1"'})
    second = api.call("PATCH", path, {"role": "Second"}, headers={"If-Match": '"1"'})

    assert (first[0], second[0]) == (200, 412)
    assert hs.is_error_body(second[2]) and second[2]["error"]["code"] == "precondition_failed"
    assert api.call("GET", path)[2]["role"] == "First"


def test_two_patches_both_read_before_either_writes_one_wins_one_412(api: Api, pipeline: hs.Pipeline) -> None:
    import boto3
    from interview_prep.adapters.settings import settings
    from interview_prep.adapters.store import InterviewStore
    from interview_prep.domain.errors import VersionConflict
    from interview_prep.domain.fields import InterviewFields
    from interview_prep.services import interviews

    # Given two invocations that both read version 1 before either writes
    interview = record(api, pipeline)
    both_read = threading.Barrier(2, timeout=WAIT)

    class Container(InterviewStore):
        """One Lambda container's store: its own boto3 session; waits for the other container after reading."""

        def __init__(self) -> None:
            super().__init__(settings().table_name)
            self._table = (
                boto3.session.Session().resource("dynamodb", region_name=hs.REGION).Table(settings().table_name)
            )

        def get_for_owner(self, owner: str, interview_id: str) -> Any:
            found = super().get_for_owner(owner, interview_id)
            both_read.wait()
            return found

    def patch(role: str) -> Callable[[], Any]:
        fields = InterviewFields.model_validate({"role": role})
        return lambda: interviews.patch(Container(), OWNER, interview["id"], fields, if_match=1, now=NOW)

    workers = [Worker(patch("Left")), Worker(patch("Right"))]

    # When both write, conditionally on version 1
    for worker in workers:
        worker.start()
    outcomes = [w.outcome() for w in workers]

    # Then exactly one wins; the other gets the 412 (VersionConflict); the record holds the winner's change
    winners = [o for o in outcomes if not isinstance(o, BaseException)]
    losers = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert isinstance(losers[0], VersionConflict) and losers[0].status == 412
    current = store().get(interview["id"])
    assert current.version == 2 and current.role == winners[0].role


def test_patch_overtaken_between_read_and_write_answers_412_over_the_api(
    api: Api, pipeline: hs.Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interview_prep.adapters.store import InterviewStore
    from interview_prep.domain.fields import InterviewFields
    from interview_prep.services import interviews

    # Given another invocation changes the interview between this PATCH's read and its write
    interview = record(api, pipeline)
    real_save = InterviewStore.save
    overtaken: list[int] = []

    def save(self: InterviewStore, updated: Any, *, expected_version: int) -> None:
        if not overtaken:
            overtaken.append(expected_version)
            fields = InterviewFields.model_validate({"role": "Other"})
            interviews.patch(store(), OWNER, interview["id"], fields, if_match=1, now=NOW)
        real_save(self, updated, expected_version=expected_version)

    monkeypatch.setattr(InterviewStore, "save", save)

    # When this PATCH, with If-Match "1", writes
    status, _, body = api.call(
        "PATCH", f"/v1/interviews/{interview['id']}", {"role": "Mine"}, headers={"If-Match": '"1"'}
    )

    # Then it gets 412 in the error shape, and the other change stands
    assert overtaken == [1]
    assert status == 412 and hs.is_error_body(body) and body["error"]["code"] == "precondition_failed"
    assert store().get(interview["id"]).role == "Other"


# --- the same Idempotency-Key in parallel -----------------------------------------------------------------------


def _idempotent_payload(key: str) -> dict[str, Any]:
    """What `POST /v1/interviews` hands its idempotent function (see `interview_prep.api.routes.create_interview`)."""
    from interview_prep.domain.models import InterviewRequest

    body = InterviewRequest.model_validate(interview_body()).model_dump(mode="json")
    return {"owner": OWNER, "body": body, "key": f"{OWNER}\n{key}"}


def _interview_count() -> int:
    items, _ = store().list_for_owner(OWNER, limit=100)
    return len(items)


def test_same_idempotency_key_while_the_first_is_in_progress_409_then_the_first_201(
    api: Api, pipeline: hs.Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interview_prep.api import routes as http_api
    from interview_prep.services import interviews

    # Given a first request with an Idempotency-Key is recording its interview (another container)
    recording, release = threading.Event(), threading.Event()
    real_record = interviews.record

    def slow_record(*args: Any, **kwargs: Any) -> Any:
        recording.set()
        assert release.wait(WAIT)
        return real_record(*args, **kwargs)

    monkeypatch.setattr(interviews, "record", slow_record)
    create, _ = http_api._idempotent_create()
    first = Worker(lambda: create(request=_idempotent_payload("order-42")))
    first.start()
    assert recording.wait(WAIT)

    # When the same key and body arrive meanwhile over the API
    status, _, body = api.call("POST", "/v1/interviews", interview_body(), headers={"Idempotency-Key": "order-42"})

    # Then it is a 409 "in progress", in the error shape
    assert status == 409 and hs.is_error_body(body) and "in progress" in body["error"]["message"]

    # When the first finishes, and the client retries
    monkeypatch.setattr(interviews, "record", real_record)
    release.set()
    created = first.outcome()
    status, _, again = api.call("POST", "/v1/interviews", interview_body(), headers={"Idempotency-Key": "order-42"})

    # Then the retry gets the first 201's body; one interview exists
    assert status == 201 and again == created
    assert _interview_count() == 1


def test_same_idempotency_key_in_parallel_never_two_interviews(api: Api, pipeline: hs.Pipeline) -> None:
    from aws_lambda_powertools.utilities.idempotency.exceptions import IdempotencyAlreadyInProgressError
    from interview_prep.api import routes as http_api

    create, _ = http_api._idempotent_create()
    start = threading.Barrier(3, timeout=WAIT)

    def request() -> Any:
        start.wait()
        return create(request=_idempotent_payload("order-7"))

    # When three requests with the same key start together
    workers = [Worker(request) for _ in range(3)]
    for worker in workers:
        worker.start()
    outcomes = [w.outcome() for w in workers]

    # Then each is the one interview, or "in progress" (a 409); never a second interview
    created = [o for o in outcomes if isinstance(o, dict)]
    assert created, outcomes
    assert all(o == created[0] for o in created)
    assert all(isinstance(o, IdempotencyAlreadyInProgressError) for o in outcomes if not isinstance(o, dict))
    assert _interview_count() == 1
