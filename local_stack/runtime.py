"""The local stack's AWS side: moto provisioned from template.yaml, the stream feeding
`on_interview_change` as Lambda's event source mapping would, a scheduler firing one-time schedules
into `deliver` as EventBridge Scheduler would, and the outbox of every email SES "sent".
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email
import email.policy
import json
import os
import re
import threading
from collections.abc import Iterator
from typing import Any

from local_stack.cfn import ACCOUNT, Stack, provision
from local_stack.proxy import LambdaContext
from local_stack.ses_events import SentLog, ses_event

AT = re.compile(r"^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$")
LOCAL_RETRIES = 2  # a failing delivery is tried this many more times before the dead-letter queue


def _matches(pattern: Any, value: Any) -> bool:
    """EventBridge-style content filtering (the subset event source mappings use: nested keys, lists of values)."""
    if isinstance(pattern, dict):
        return isinstance(value, dict) and all(k in value and _matches(p, value[k]) for k, p in pattern.items())
    if isinstance(pattern, list):
        if isinstance(value, list):  # an array in the event matches when any of its values does
            return any(v in pattern for v in value)
        return value in pattern
    return bool(pattern == value)


class Runtime:
    """Everything AWS would do around the three functions, in this process, on moto."""

    def __init__(
        self, *, region: str = "us-east-1", public_base_url: str = "http://127.0.0.1:3000", aws_port: int | None = None
    ) -> None:
        self.region = region
        self.aws_port = aws_port  # None: no AWS over HTTP; 0: on a free port
        self._aws_server: Any = None
        self.public_base_url = public_base_url
        self.lock = threading.RLock()
        # Set on shutdown: a scheduler run in progress stops before its next delivery (and answers what it fired).
        self.stopping = threading.Event()
        self._mock: Any = None
        self.stack: Stack | None = None
        self._stream_position = 0
        self.fired: list[dict[str, Any]] = []
        self.dead_letters: list[dict[str, Any]] = []
        self.published: list[dict[str, Any]] = []
        self._schedules_written = False
        self.sent_log = SentLog()

    # --- start and stop -----------------------------------------------------------------------------------

    def start(self) -> Runtime:
        for key, value in {
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            "AWS_SESSION_TOKEN": "local",
            "AWS_DEFAULT_REGION": self.region,
            "POWERTOOLS_TRACE_DISABLED": "1",
            "POWERTOOLS_METRICS_DISABLED": "1",
        }.items():
            os.environ[key] = value
        os.environ.pop("AWS_PROFILE", None)
        from moto import mock_aws

        self._mock = mock_aws()
        self._mock.start()
        self.stack = provision(self.region)
        os.environ.update(self.stack.function_environment())
        os.environ["PUBLIC_BASE_URL"] = self.public_base_url
        if self.aws_port is not None:
            # The same mocked AWS, over HTTP on loopback, for tools in other processes (the admin command).
            from moto.server import ThreadedMotoServer

            self._aws_server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.aws_port, verbose=False)
            self._aws_server.start()
            self.aws_port = self._aws_server.get_host_and_port()[1]  # the one chosen, when asked for port 0
        return self

    @property
    def aws_endpoint(self) -> str | None:
        return f"http://127.0.0.1:{self.aws_port}" if self.aws_port is not None else None

    def stop(self) -> None:
        if self._aws_server is not None:
            self._aws_server.stop()
            self._aws_server = None
        if self._mock is not None:
            self._mock.stop()
            self._mock = None

    # --- the functions ------------------------------------------------------------------------------------

    @staticmethod
    def api(event: dict[str, Any]) -> dict[str, Any]:
        from functions.api.app import lambda_handler

        return lambda_handler(event, LambdaContext("ApiFunction"))  # type: ignore[arg-type]

    def inbound(self, raw: bytes, *, verdicts: dict[str, str] | None = None) -> dict[str, Any]:
        """Receive an email as SES would: store it under the receipt rule's prefix in the inbound bucket, then
        invoke on_inbound_email with SES's receipt event (every verdict PASS unless `verdicts` says otherwise)."""
        import uuid

        import boto3

        from functions.on_inbound_email.app import lambda_handler

        assert self.stack is not None
        rule = self.stack.resources["InboundRule"]["Properties"]["Rule"]
        s3_action = next(a["S3Action"] for a in rule["Actions"] if "S3Action" in a)
        message_id = uuid.uuid4().hex
        boto3.client("s3", region_name=self.region).put_object(
            Bucket=self.stack.resolve(s3_action["BucketName"]),
            Key=f"{s3_action['ObjectKeyPrefix']}{message_id}",
            Body=raw,
        )
        event = ses_receipt_event(raw, message_id=message_id, recipients=self.stack.resolve(rule["Recipients"]),
                                  verdicts=verdicts or {})  # fmt: skip
        with self.lock:
            result: dict[str, Any] = lambda_handler(event, LambdaContext("OnInboundEmailFunction"))  # type: ignore[arg-type]
            self.drain_stream()
        return result

    # --- the stream (event source mapping) ----------------------------------------------------------------

    def _stream_records(self) -> list[dict[str, Any]]:
        """New records of the table's stream, read from moto's shard as Lambda's poller would read them.

        (Read from moto's backend directly: newer botocore resolves DynamoDB Streams endpoints that moto does
        not route, and the poller itself is AWS's side anyway.)"""
        from moto.dynamodb.models import dynamodb_backends

        assert self.stack is not None
        arn = self.stack.attrs[("InterviewsTable", "StreamArn")]
        table = dynamodb_backends[ACCOUNT][self.region].get_table(self.stack.refs["InterviewsTable"])
        shard = table.stream_shard
        if shard is None:
            return []
        position = self._stream_position
        records: list[dict[str, Any]] = []
        for item in shard.items[position:]:
            record = json.loads(json.dumps(item.to_json(), default=_json_default))
            record["eventSourceARN"] = arn
            records.append(record)
        self._stream_position = len(shard.items)
        return records

    # The stream's consumers, in the order the local stack feeds them each batch (each with its own mapping).
    STREAM_CONSUMERS = (
        ("OnInterviewChangeFunction", "functions.on_interview_change.app"),
        ("PublishEventsFunction", "functions.publish_events.app"),
    )

    def drain_stream(self) -> int:
        """Feed every pending stream record to each of the stream's functions, as their event source mappings
        would: the template's filter and batch size, partial batch failures retried on their own, then the DLQ."""
        import importlib

        assert self.stack is not None
        consumers = [
            (name, importlib.import_module(module).lambda_handler, self.stack.stream_mapping(name))
            for name, module in self.STREAM_CONSUMERS
            if name in self.stack.resources
        ]
        handled = 0
        self._watch_sends()
        with self.lock:
            self._watch_published_events()
            while True:
                records = self._stream_records()
                if not records:
                    self.drain_webhooks()
                    return handled
                for name, handler, mapping in consumers:
                    selected = [
                        r
                        for r in records
                        if not mapping["patterns"] or any(_matches(p, r) for p in mapping["patterns"])
                    ]
                    for start in range(0, len(selected), mapping["batch_size"]):
                        batch = selected[start : start + mapping["batch_size"]]
                        for record in self._invoke_batch(handler, batch, mapping, name):
                            self._dead_letter(
                                mapping["on_failure"], {"stream_record": record["dynamodb"]["SequenceNumber"]}
                            )
                handled += len(records)

    def _invoke_batch(
        self, handler: Any, batch: list[dict[str, Any]], mapping: dict[str, Any], function: str
    ) -> list[dict[str, Any]]:
        """Invoke with retries of the failed records only; returns the records that never succeeded."""
        pending = batch
        attempts = max(1, min(mapping["maximum_retry_attempts"], 3) + 1)
        for _ in range(attempts):
            try:
                result = handler({"Records": pending}, LambdaContext(function))
            except Exception:
                # Every record failed (Powertools raises then): Lambda retries the whole batch.
                result = {"batchItemFailures": [{"itemIdentifier": r["dynamodb"]["SequenceNumber"]} for r in pending]}
            failed_ids = {f["itemIdentifier"] for f in (result or {}).get("batchItemFailures", [])}
            if not failed_ids:
                return []
            # Lambda restarts from the first failed record: that one and every later one go again.
            first = next(i for i, r in enumerate(pending) if r["dynamodb"]["SequenceNumber"] in failed_ids)
            pending = pending[first:]
        return pending[:1]

    def _dead_letter(self, queue_arn: str | None, body: dict[str, Any]) -> None:
        import boto3

        self.dead_letters.append(body)
        if queue_arn:
            name = queue_arn.rsplit(":", 1)[-1]
            sqs = boto3.client("sqs", region_name=self.region)
            url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
            sqs.send_message(QueueUrl=url, MessageBody=json.dumps(body))

    # --- the event bus (EventBridge) ----------------------------------------------------------------------

    def _watch_published_events(self) -> None:
        """Note every event the service puts on the bus (on the client its adapter uses), as EventBridge delivers it
        to a rule's target: the envelope with its id, source, detail-type, time and detail."""
        from interview_prep.adapters.aws import client as _client

        events = _client("events").meta.events
        events.register(
            "before-parameter-build.events.PutEvents", self._note_entries, unique_id=f"runtime-{id(self)}-entries"
        )
        events.register("after-call.events.PutEvents", self._note_published, unique_id=f"runtime-{id(self)}-put")

    @staticmethod
    def _note_entries(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context["local_entries"] = list(params.get("Entries", []))

    def _note_published(self, parsed: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        for entry, result in zip(context.get("local_entries", []), parsed.get("Entries", []), strict=False):
            if "EventId" not in result:
                continue
            self.published.append(
                {
                    "version": "0",
                    "id": result["EventId"],
                    "detail-type": entry["DetailType"],
                    "source": entry["Source"],
                    "account": ACCOUNT,
                    "time": now,
                    "region": self.region,
                    "resources": entry.get("Resources", []),
                    "detail": json.loads(entry["Detail"]),
                }
            )
            self._route(self.published[-1])

    def _route(self, event: dict[str, Any]) -> None:
        """What the bus's rules do with an event: each matching rule sends it to its SQS targets."""
        import boto3

        assert self.stack is not None
        sqs = boto3.client("sqs", region_name=self.region)
        for res in self.stack.resources.values():
            if res["Type"] != "AWS::Events::Rule" or not _matches(res["Properties"]["EventPattern"], event):
                continue
            for target in res["Properties"].get("Targets", []):
                queue = target["Arn"]["Fn::GetAtt"][0]
                sqs.send_message(QueueUrl=self.stack.refs[queue], MessageBody=json.dumps(event))

    def drain_webhooks(self) -> int:
        """Feed the webhook queue to its function, as the SQS event source mapping would; a failed message is tried
        again at once (the back-off of AWS compressed), up to the queue's maxReceiveCount, then dead-lettered."""
        import boto3

        from functions.send_webhooks.app import lambda_handler

        assert self.stack is not None
        sqs = boto3.client("sqs", region_name=self.region)
        handled = 0
        function = self.stack.resources.get("SendWebhooksFunction")
        for source in function["Properties"]["Events"].values() if function else []:
            queue = source["Properties"]["Queue"]["Fn::GetAtt"][0]
            redrive = self.stack.resources[queue]["Properties"].get("RedrivePolicy", {})
            tries = int(redrive.get("maxReceiveCount", 1))
            dead_letters = self.stack.resolve(redrive.get("deadLetterTargetArn"))
            url = self.stack.refs[queue]
            while messages := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
                for message in messages:
                    if not self._deliver_message(lambda_handler, queue, message, tries):
                        self._dead_letter(dead_letters, json.loads(message["Body"]))
                    sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
                    handled += 1
        return handled

    def _deliver_message(self, handler: Any, queue: str, message: Any, tries: int) -> bool:
        assert self.stack is not None
        for count in range(1, tries + 1):
            record = {
                "messageId": message["MessageId"],
                "receiptHandle": message["ReceiptHandle"],
                "body": message["Body"],
                "attributes": {"ApproximateReceiveCount": str(count)},
                "messageAttributes": {},
                "eventSource": "aws:sqs",
                "eventSourceARN": self.stack.attrs[(queue, "Arn")],
                "awsRegion": self.region,
            }
            try:
                result = handler({"Records": [record]}, LambdaContext("SendWebhooksFunction"))
            except Exception:
                # The whole invocation failed (Powertools raises when every record did): the message comes back.
                result = {"batchItemFailures": [{"itemIdentifier": message["MessageId"]}]}
            if not (result or {}).get("batchItemFailures"):
                return True
        return False

    def events(self) -> list[dict[str, Any]]:
        """Every event published on the stack's bus, oldest first."""
        with self.lock:
            self.drain_stream()
            return list(self.published)

    # --- the scheduler (EventBridge Scheduler) ------------------------------------------------------------

    def schedules(self) -> list[dict[str, Any]]:
        """Every pending one-time schedule: name, due time (UTC) and the input it will hand to its target.

        (Read from moto's backend, as EventBridge Scheduler itself knows them: a GetSchedule per pending schedule on
        every tick held the lock for seconds once a few thousand schedules were pending.)"""
        from moto.scheduler.models import scheduler_backends

        groups = scheduler_backends[ACCOUNT][self.region].schedule_groups
        group = groups.get(os.environ["SCHEDULE_GROUP"])
        found: list[dict[str, Any]] = []
        for schedule in list(group.schedules.values()) if group is not None else []:
            match = AT.match(schedule.schedule_expression or "")
            if not match:
                continue
            due = dt.datetime.fromisoformat(match.group(1)).replace(tzinfo=dt.UTC)
            target = dict(schedule.target)
            found.append(
                {
                    "name": schedule.name,
                    "due_at": due.isoformat(),
                    "target_input": json.loads(target["Input"]),
                    "_target": target,
                }
            )
        return sorted(found, key=lambda s: (s["due_at"], s["name"]))

    def run_scheduler(self, until: dt.datetime) -> list[dict[str, Any]]:
        """Fire, in time order, every schedule due at or before `until`; the service's clock reads each
        schedule's due time while it fires (so a person or a test can jump ahead). Returns what fired."""
        import boto3
        from interview_prep.domain import clock

        client = boto3.client("scheduler", region_name=self.region)
        group = os.environ["SCHEDULE_GROUP"]
        fired: list[dict[str, Any]] = []
        with self.lock:
            self._watch_schedule_writes()
            self._watch_sends()
            self.drain_stream()
            while True:
                due = [s for s in self.schedules() if dt.datetime.fromisoformat(s["due_at"]) <= until]
                if not due:
                    return fired
                # One listing per pass, not one per firing (that made a run quadratic in the pending schedules): each
                # schedule is read again just before it fires (one the stream withdrew or moved meanwhile is left to
                # the next pass), and the pass ends when the service creates or updates one, to keep time order.
                self._schedules_written = False
                progressed = False
                for schedule in due:
                    if self.stopping.is_set():
                        return fired
                    if not self._unchanged(client, group, schedule):
                        continue
                    progressed = True
                    when = max(dt.datetime.fromisoformat(schedule["due_at"]), dt.datetime.now(dt.UTC))
                    with clock.frozen(when):
                        outcome = self._fire(schedule)
                        # After completion the schedule is deleted (ActionAfterCompletion: DELETE).
                        with contextlib.suppress(client.exceptions.ResourceNotFoundException):
                            client.delete_schedule(Name=schedule["name"], GroupName=group)
                        self.drain_stream()
                    entry = {
                        "name": schedule["name"],
                        "due_at": schedule["due_at"],
                        "target_input": schedule["target_input"],
                        "result": outcome,
                    }
                    fired.append(entry)
                    self.fired.append(entry)
                    if self._schedules_written:
                        break
                if not progressed:
                    return fired

    @staticmethod
    def _unchanged(client: Any, group: str, schedule: dict[str, Any]) -> bool:
        """The schedule still exists, due at the same time with the same input, as when the pass listed it."""
        try:
            current = client.get_schedule(Name=schedule["name"], GroupName=group)
        except client.exceptions.ResourceNotFoundException:
            return False
        match = AT.match(current.get("ScheduleExpression", ""))
        due = dt.datetime.fromisoformat(match.group(1)).replace(tzinfo=dt.UTC).isoformat() if match else None
        return bool(due == schedule["due_at"] and current["Target"]["Input"] == schedule["_target"]["Input"])

    def _watch_schedule_writes(self) -> None:
        """Note every schedule the service creates or updates (on the client its gateway uses)."""
        from interview_prep.adapters.aws import client as _client

        events = _client("scheduler").meta.events
        for operation in ("CreateSchedule", "UpdateSchedule"):
            events.register(
                f"after-call.scheduler.{operation}",
                self._note_schedule_write,
                unique_id=f"runtime-{id(self)}-{operation}",
            )

    def _note_schedule_write(self, **_: Any) -> None:
        self._schedules_written = True

    def _fire(self, schedule: dict[str, Any]) -> dict[str, Any]:
        from functions.deliver.app import lambda_handler

        target = schedule["_target"]
        retries = min(int(target.get("RetryPolicy", {}).get("MaximumRetryAttempts", 0)), LOCAL_RETRIES)
        error = ""
        for _ in range(retries + 1):
            try:
                result = lambda_handler(schedule["target_input"], LambdaContext("DeliverFunction"))  # type: ignore[arg-type]
                return {"status": "ok", "response": result}
            except Exception as exc:
                error = type(exc).__name__
        dlq = target.get("DeadLetterConfig", {}).get("Arn")
        self._dead_letter(dlq, {"schedule": schedule["name"], "input": schedule["target_input"], "error": error})
        return {"status": "dead_lettered", "error": error}

    def tick(self) -> None:
        """What passing time does: drain the stream, fire what is due now."""
        with self.lock:
            self.run_scheduler(dt.datetime.now(dt.UTC))

    # --- the outbox (SES) ---------------------------------------------------------------------------------

    @staticmethod
    def _ses_client() -> Any:
        from interview_prep.adapters.aws import client

        return client("sesv2")

    def _watch_sends(self) -> None:
        """Note what every SendEmail carries (message id, recipient, tags), as SES knows it."""
        self.sent_log.watch(self._ses_client())

    def simulate_email_event(self, to: str, kind: str) -> dict[str, Any] | None:
        """What SES does when the last email to `to` bounces, draws a complaint or is rejected: the event goes to the
        default bus, and to `EmailEventsFunction` when its rule (from the template) matches; its retries, then its
        dead-letter queue, as Lambda would. None when nothing was sent to `to`."""
        from functions.email_events.app import lambda_handler

        assert self.stack is not None
        with self.lock:
            self.drain_stream()
            sent = self.sent_log.latest_to(to)
            if sent is None:
                return None
            event = ses_event(sent, kind, region=self.region)
            rule = self.stack.event_rule("EmailEventsFunction")
            if not _matches(rule["pattern"], event):
                return {"status": "not_delivered", "reason": "the function's rule does not match the event"}
            error = ""
            for _ in range(rule["retries"] + 1):
                try:
                    result: dict[str, Any] = lambda_handler(event, LambdaContext("EmailEventsFunction"))
                    self.drain_stream()
                    return result
                except Exception as exc:
                    error = type(exc).__name__
            self._dead_letter(rule["dead_letter_queue"], {"event": event["detail-type"], "error": error})
            return {"status": "dead_lettered", "reason": error}

    def outbox(self) -> list[dict[str, Any]]:
        """Every email sent, oldest first, parsed back from the raw MIME SES received."""
        from moto.ses.models import ses_backends

        with self.lock:
            self.drain_stream()
            messages = list(ses_backends[ACCOUNT][self.region].sent_messages)
        return [parse_email(getattr(m, "raw_data", "")) for m in messages if getattr(m, "raw_data", None)]


def ses_receipt_event(
    raw: bytes, *, message_id: str, recipients: list[str], verdicts: dict[str, str]
) -> dict[str, Any]:
    """The event SES's Lambda action sends for a received message (the fields the function reads, and more)."""
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def verdict(name: str) -> dict[str, str]:
        return {"status": verdicts.get(name, "PASS").upper()}

    return {
        "Records": [
            {
                "eventSource": "aws:ses",
                "eventVersion": "1.0",
                "ses": {
                    "mail": {
                        "timestamp": now,
                        "source": email.utils.parseaddr(str(message.get("From", "")))[1],
                        "messageId": message_id,
                        "destination": recipients,
                        "headersTruncated": False,
                        "commonHeaders": {"subject": str(message.get("Subject", ""))},
                    },
                    "receipt": {
                        "timestamp": now,
                        "processingTimeMillis": 1,
                        "recipients": recipients,
                        "spamVerdict": verdict("spam"),
                        "virusVerdict": verdict("virus"),
                        "spfVerdict": verdict("spf"),
                        "dkimVerdict": verdict("dkim"),
                        "dmarcVerdict": verdict("dmarc"),
                        "action": {"type": "Lambda", "invocationType": "Event"},
                    },
                },
            }
        ]
    }


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=value.tzinfo or dt.UTC).timestamp()
    if isinstance(value, bytes):
        import base64

        return base64.b64encode(value).decode()
    raise TypeError(type(value).__name__)


def parse_email(raw: str) -> dict[str, Any]:
    """A sent message as the outbox shows it: addresses, subject, both parts, headers, attachments."""
    msg = email.message_from_string(raw, policy=email.policy.default)
    text = html = ""
    attachments: list[dict[str, str]] = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        if filename:
            attachments.append({"filename": filename, "content_type": part.get_content_type()})
        elif part.get_content_type() == "text/plain" and not text:
            text = part.get_content()
        elif part.get_content_type() == "text/html" and not html:
            html = part.get_content()
    date = msg.get("Date")
    return {
        "to": str(msg.get("To", "")),
        "from": str(msg.get("From", "")),
        "subject": str(msg.get("Subject", "")),
        "text": text,
        "html": html,
        "headers": {k: str(v) for k, v in msg.items()},
        "attachments": attachments,
        "sent_at": email.utils.parsedate_to_datetime(str(date)).isoformat() if date else None,
    }


@contextlib.contextmanager
def running(public_base_url: str = "http://127.0.0.1:3000") -> Iterator[Runtime]:
    runtime = Runtime(public_base_url=public_base_url).start()
    try:
        yield runtime
    finally:
        runtime.stop()
