"""Warm overhead: each main operation through its handler, against the same AWS calls made directly with boto3.

Both run in this process on moto (`moto.mock_aws`, provisioned from template.yaml), interleaved call by call, so
moto's own time is in both and cancels out of the difference. A second, shorter pass attributes each handler's
time to where it goes (exclusive time, by wrapping the entry points of each part): moto playing AWS, botocore
building and parsing requests, pydantic validation and serialisation, rendering (Jinja2, icalendar, MIME),
Powertools idempotency, our own code (store, logic), and the rest (Powertools resolver, logger, metrics, glue).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import sys
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from bench.report import ratio, summary, table, verdict
from bench.service import (
    api_event,
    call_api,
    create_api_key,
    interview_body,
    mocked_stack,
    quiet,
)

GOAL = 1.2
OPERATIONS = ("create", "get", "list", "patch", "deliver digest")
CATEGORIES = ("aws (moto)", "botocore", "pydantic", "rendering", "idempotency", "our code", "powertools & glue")


# --- attribution ----------------------------------------------------------------------------------------------


class Attribution:
    """Exclusive time per category: entering a wrapped function pauses its caller's category."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self._stack: list[str] = []
        self._mark = 0.0
        self._patches: list[tuple[Any, str, Any]] = []

    def _enter(self, category: str) -> None:
        now = time.perf_counter()
        if self._stack:
            self.totals[self._stack[-1]] += now - self._mark
        self._stack.append(category)
        self._mark = now

    def _exit(self) -> None:
        now = time.perf_counter()
        self.totals[self._stack.pop()] += now - self._mark
        self._mark = now

    @contextlib.contextmanager
    def root(self, category: str) -> Iterator[None]:
        self._enter(category)
        try:
            yield
        finally:
            self._exit()

    def _wrapper(self, category: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            if not self._stack:
                return function(*args, **kwargs)
            self._enter(category)
            try:
                return function(*args, **kwargs)
            finally:
                self._exit()

        return timed

    def _set(self, owner: Any, name: str, value: Any) -> None:
        self._patches.append((owner, name, owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)))
        setattr(owner, name, value)

    def method(self, category: str, cls: type, name: str) -> None:
        raw = cls.__dict__[name]
        if isinstance(raw, classmethod):
            self._set(cls, name, classmethod(self._wrapper(category, raw.__func__)))
        else:
            self._set(cls, name, self._wrapper(category, raw))

    def function(self, category: str, module: Any, name: str) -> None:
        """Wrap `module.name` everywhere the service bound it (`from module import name` copies the reference)."""
        original = getattr(module, name)
        wrapped = self._wrapper(category, original)
        for loaded_name, loaded in list(sys.modules.items()):
            if loaded is None or not loaded_name.startswith(("interview_prep", "functions")):
                continue
            if getattr(loaded, name, None) is original:
                self._set(loaded, name, wrapped)

    def install(self) -> None:
        import importlib

        import botocore.client
        from aws_lambda_powertools.event_handler.api_gateway import ApiGatewayResolver
        from aws_lambda_powertools.utilities.idempotency.base import IdempotencyHandler
        from moto.core.botocore_stubber import BotocoreStubber
        from pydantic import BaseModel, TypeAdapter

        self.method("aws (moto)", BotocoreStubber, "__call__")
        self.method("botocore", botocore.client.BaseClient, "_make_api_call")
        for name in (
            "model_validate",
            "model_validate_json",
            "model_dump",
            "model_dump_json",
            "model_copy",
            "__init__",
        ):
            self.method("pydantic", BaseModel, name)
        for name in ("validate_python", "validate_json", "dump_python", "dump_json"):
            self.method("pydantic", TypeAdapter, name)
        self.method("idempotency", IdempotencyHandler, "handle")
        self.method("powertools & glue", ApiGatewayResolver, "resolve")
        for module_name, names in {
            "interview_prep.domain.digest": ("render_digest",),
            "interview_prep.domain.drafts": ("build_drafts", "render_thank_you"),
            "interview_prep.domain.calendar": ("ics_attachment", "build_ics"),
            "interview_prep.domain.mail": ("compose",),
        }.items():
            module = importlib.import_module(module_name)
            for name in names:
                self.function("rendering", module, name)
        from interview_prep.adapters.store import InterviewStore

        for name in (
            "create",
            "get",
            "get_for_owner",
            "save",
            "list_for_owner",
            "put_token",
            "get_token",
            "get_api_key",
            "count",
        ):
            self.method("our code", InterviewStore, name)
        for module_name, names in {
            "interview_prep.services.interviews": ("record", "patch", "cancel", "put_notes", "mutate"),
            "interview_prep.services.access": ("authenticate",),
            "interview_prep.services.delivery": ("send", "links_for"),
            "interview_prep.domain.planning": ("plan_deliveries", "with_due_times"),
        }.items():
            module = importlib.import_module(module_name)
            for name in names:
                self.function("our code", module, name)

    def uninstall(self) -> None:
        for owner, name, value in reversed(self._patches):
            setattr(owner, name, value)
        self._patches.clear()


# --- the operations -------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Fixture:
    """What the operations work on: a key, an interview to read and change, a listing, interviews to deliver."""

    key: str
    key_hash: str
    list_key: str
    list_key_hash: str
    interview_id: str
    direct_patch_id: str  # its own interview: a direct write does not update the stored document's version
    deliverable: list[str]
    direct_deliverable: list[str]
    raw_digest: str
    template_item: dict[str, Any]
    patch_round: int = 0


def _setup(count: int) -> Fixture:
    from interview_prep.adapters.settings import settings
    from interview_prep.adapters.store import InterviewStore, sha256
    from interview_prep.domain import clock
    from interview_prep.domain.mail import compose
    from interview_prep.domain.models import InterviewRequest
    from interview_prep.services import interviews
    from interview_prep.services.delivery import links_for, render

    store = InterviewStore(settings().table_name)
    key, list_key = create_api_key("Bench Tools"), create_api_key("Bench Listing")
    now = clock.now()
    request = InterviewRequest.model_validate(interview_body(days=5))
    for days in range(10):  # the listed owner has ten interviews
        listed = InterviewRequest.model_validate(interview_body(days=3 + days))
        interviews.record(store, listed, owner="Bench Listing", now=now)
    first = interviews.record(store, request, owner="Bench Tools", now=now)
    direct_patch = interviews.record(store, request, owner="Bench Tools", now=now)
    deliverable = [interviews.record(store, request, owner="Bench Tools", now=now).id for _ in range(count)]
    direct = [interviews.record(store, request, owner="Bench Tools", now=now).id for _ in range(count)]
    links = links_for(store, first, now=now, confirm=False)
    raw = (
        compose(
            render(first, "digest", links, now),
            to_name=first.candidate.name,
            to_address=first.candidate.email,
            sender=settings().sender_address,
            reply_to=None,
            links=links,
        )
        .as_bytes()
        .decode()
    )
    return Fixture(
        key=key,
        key_hash=sha256(key),
        list_key=list_key,
        list_key_hash=sha256(list_key),
        interview_id=first.id,
        direct_patch_id=direct_patch.id,
        deliverable=deliverable,
        direct_deliverable=direct,
        raw_digest=raw,
        template_item=store._item(first),
    )


class Handlers:
    """Each operation through its function's handler, as API Gateway or EventBridge Scheduler would invoke it."""

    def __init__(self, fixture: Fixture) -> None:
        self.f = fixture

    def create(self, i: int) -> None:
        status, body = call_api(api_event("POST", "/v1/interviews", interview_body(days=5), key=self.f.key))
        assert status == 201, body

    def get(self, i: int) -> None:
        status, body = call_api(api_event("GET", f"/v1/interviews/{self.f.interview_id}", key=self.f.key))
        assert status == 200, body

    def list(self, i: int) -> None:
        status, body = call_api(api_event("GET", "/v1/interviews?limit=20", key=self.f.list_key))
        assert status == 200 and len(body["items"]) == 10, body

    def patch(self, i: int) -> None:
        self.f.patch_round += 1
        role = f"Operations Analyst {self.f.patch_round % 7}"
        status, body = call_api(
            api_event("PATCH", f"/v1/interviews/{self.f.interview_id}", {"role": role}, key=self.f.key)
        )
        assert status == 200, body

    def deliver_digest(self, i: int) -> None:
        from functions.deliver.app import lambda_handler
        from local_stack.proxy import LambdaContext

        event = {"interview_id": self.f.deliverable[i], "kind": "digest", "revision": 1}
        outcome = lambda_handler(event, LambdaContext("DeliverFunction"))  # type: ignore[arg-type]
        assert outcome["status"] == "sent", outcome


class Direct:
    """The same AWS calls, made directly with boto3: no validation, no routing, no rendering, no logging."""

    def __init__(self, fixture: Fixture) -> None:
        import boto3
        from interview_prep.adapters.settings import settings

        self.f = fixture
        config = settings()
        self.table = boto3.resource("dynamodb").Table(config.table_name)
        self.idempotency_table = config.idempotency_table_name
        self.dynamodb = boto3.session.Session().client("dynamodb")
        self.ses = boto3.client("sesv2")
        self.sender = config.sender_address
        self.configuration_set = config.ses_configuration_set

    def _key(self, key_hash: str) -> None:
        self.table.get_item(Key={"pk": f"APIKEY#{key_hash}", "sk": "APIKEY"})

    def _interview(self, interview_id: str) -> dict[str, Any]:
        return dict(
            self.table.get_item(Key={"pk": f"INTERVIEW#{interview_id}", "sk": "INTERVIEW"}, ConsistentRead=True)["Item"]
        )

    def create(self, i: int) -> None:
        self._key(self.f.key_hash)
        new_id = uuid.uuid4().hex
        item = dict(
            self.f.template_item,
            pk=f"INTERVIEW#{new_id}",
            id=new_id,
            gsi1sk=f"{self.f.template_item['gsi1sk'][:20]}#{new_id}",
        )
        self.table.put_item(Item=item, ConditionExpression="attribute_not_exists(pk)")

    def get(self, i: int) -> None:
        self._key(self.f.key_hash)
        self._interview(self.f.interview_id)

    def list(self, i: int) -> None:
        from boto3.dynamodb.conditions import Key

        self._key(self.f.list_key_hash)
        condition = Key("gsi1pk").eq("OWNER#Bench Listing") & Key("gsi1sk").between("0000", "9999")
        items = self.table.query(IndexName="gsi1", KeyConditionExpression=condition, Limit=20)["Items"]
        assert len(items) == 10

    def patch(self, i: int) -> None:
        self._key(self.f.key_hash)
        item = self._interview(self.f.direct_patch_id)
        version = int(item["version"])
        self.table.put_item(
            Item=dict(item, version=version + 1),
            ConditionExpression="attribute_exists(pk) AND version = :v",
            ExpressionAttributeValues={":v": version},
        )

    def deliver_digest(self, i: int) -> None:
        interview_id = self.f.direct_deliverable[i]
        now = int(time.time())
        key = {"id": {"S": f"deliver#{uuid.uuid4().hex}"}}
        self.dynamodb.put_item(
            TableName=self.idempotency_table,
            Item={
                **key,
                "expiration": {"N": str(now + 604800)},
                "status": {"S": "INPROGRESS"},
                "in_progress_expiration": {"N": str(now * 1000 + 30000)},
            },
            ConditionExpression="attribute_not_exists(#id) OR #expiry < :now",
            ExpressionAttributeNames={"#id": "id", "#expiry": "expiration"},
            ExpressionAttributeValues={":now": {"N": str(now)}},
        )
        item = self._interview(interview_id)
        self.table.put_item(
            Item={
                "pk": f"TOKEN#{uuid.uuid4().hex}",
                "sk": "TOKEN",
                "interview_id": interview_id,
                "purpose": "manage",
                "expires_at": now + 86400,
                "ttl": now + 86400,
            },
            ConditionExpression="attribute_not_exists(pk)",
        )
        params: dict[str, Any] = {
            "FromEmailAddress": self.sender,
            "Destination": {"ToAddresses": ["zoe@example.com"]},
            "Content": {"Raw": {"Data": self.f.raw_digest.encode()}},
            "EmailTags": [{"Name": "interview", "Value": interview_id}, {"Name": "kind", "Value": "digest"}],
        }
        if self.configuration_set:
            params["ConfigurationSetName"] = self.configuration_set
        message_id = self.ses.send_email(**params)["MessageId"]
        version = int(item["version"])
        self.table.put_item(
            Item=dict(item, version=version + 1),
            ConditionExpression="attribute_exists(pk) AND version = :v",
            ExpressionAttributeValues={":v": version},
        )
        self.dynamodb.update_item(
            TableName=self.idempotency_table,
            Key=key,
            UpdateExpression="SET #response_data = :response_data, #expiry = :expiry, #status = :status",
            ExpressionAttributeNames={"#response_data": "data", "#expiry": "expiration", "#status": "status"},
            ExpressionAttributeValues={
                ":response_data": {"S": f'{{"status": "sent", "message_id": "{message_id}"}}'},
                ":expiry": {"N": str(now + 604800)},
                ":status": {"S": "COMPLETED"},
            },
        )


def _method(name: str) -> str:
    return name.replace(" ", "_")


def _calls_made(action: Callable[[], Callable[[int], None]], index: int) -> list[str]:
    """The AWS operations one run of `action()` makes (its clients created after the counter is registered)."""
    from bench.calls import CallCounter

    with CallCounter() as counter, counter.at("op"):
        counter.function = "op"
        action()(index)
    return sorted(r.key for r in counter.records)


def run(
    iterations: int = 40, warmup: int = 3, attribution_iterations: int = 12, progress: Any = print
) -> dict[str, Any]:
    """Time every operation `iterations` times through its handler and directly, interleaved."""
    from interview_prep.domain import clock

    total = warmup + iterations + attribution_iterations + 2
    # A fixed "now", as the Lambda clock would be within a second, so every run sees the same plan.
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with mocked_stack(), clock.frozen(now), quiet():
        fixture = _setup(total)
        handlers = Handlers(fixture)
        calls = {}
        for op in OPERATIONS:  # index 0 and 1: what each side calls, checked to be the same calls
            made = _calls_made(functools.partial(getattr, handlers, _method(op)), 0)
            direct_made = _calls_made(lambda op=op: getattr(Direct(fixture), _method(op)), 0)  # type: ignore[misc]
            calls[op] = {
                "handler": dict(Counter(made)),
                "direct": dict(Counter(direct_made)),
                "same": made == direct_made,
            }
        direct = Direct(fixture)
        samples: dict[str, dict[str, list[float]]] = {op: {"handler": [], "direct": []} for op in OPERATIONS}
        started = time.perf_counter()
        for op in OPERATIONS:
            via_handler, via_boto3 = getattr(handlers, _method(op)), getattr(direct, _method(op))
            for i in range(1, 1 + warmup + iterations):
                for side, action in (("handler", via_handler), ("direct", via_boto3)):
                    start = time.perf_counter()
                    action(i)
                    elapsed = (time.perf_counter() - start) * 1000
                    if i > warmup:
                        samples[op][side].append(elapsed)
        elapsed_s = time.perf_counter() - started
        breakdown = _attribute(handlers, direct, warmup + iterations + 1, attribution_iterations)
    progress(f"  warm overhead: {iterations} interleaved runs per operation ({elapsed_s:.0f} s)")
    rows = []
    for op in OPERATIONS:
        h, d = summary(samples[op]["handler"]), summary(samples[op]["direct"])
        rows.append(
            {
                "operation": op,
                "handler_ms": h,
                "direct_ms": d,
                "ratio": ratio(h["median"], d["median"]),
                # Rendering is the deliver function's work, not overhead: the direct side sends a pre-rendered email.
                "ratio_without_rendering": ratio(h["median"] - breakdown[op]["handler"]["rendering"], d["median"]),
                "overhead_ms": h["median"] - d["median"],
                "calls": calls[op],
                "breakdown_ms": breakdown[op],
            }
        )
    return {"iterations": iterations, "goal_ratio": GOAL, "rows": rows, "categories": CATEGORIES}


def _attribute(
    handlers: Handlers, direct: Direct, first_index: int, iterations: int
) -> dict[str, dict[str, dict[str, float]]]:
    """Mean milliseconds per category, per operation, for the handler and for the direct calls."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    attribution = Attribution()
    attribution.install()
    try:
        for op in OPERATIONS:
            out[op] = {}
            for side, target in (("handler", handlers), ("direct", direct)):
                attribution.totals.clear()
                action = getattr(target, _method(op))
                for i in range(first_index, first_index + iterations):
                    with attribution.root("powertools & glue" if side == "handler" else "our code"):
                        action(i)
                out[op][side] = {c: attribution.totals.get(c, 0.0) * 1000 / iterations for c in CATEGORIES}
    finally:
        attribution.uninstall()
    return out


def render(results: dict[str, Any]) -> str:
    rows = []
    for row in results["rows"]:
        h, d = row["handler_ms"], row["direct_ms"]
        rows.append(
            (
                row["operation"],
                f"{h['median']:.2f} ({h['q1']:.2f}–{h['q3']:.2f})",
                f"{d['median']:.2f} ({d['q1']:.2f}–{d['q3']:.2f})",
                f"{row['overhead_ms']:+.2f}",
                f"{row['ratio']:.2f}×",
                f"{row['ratio_without_rendering']:.2f}×",
                verdict(row["ratio"], results["goal_ratio"]),
                sum(row["calls"]["handler"].values()),
                "same" if row["calls"]["same"] else "DIFFERENT",
            )
        )
    out = [
        table(
            (
                "operation",
                "handler ms",
                "boto3 direct ms",
                "overhead ms",
                "ratio",
                "without rendering",
                f"≤{GOAL}×",
                "AWS calls",
                "calls vs direct",
            ),
            rows,
        )
    ]
    out.append(f"\n  median (interquartile range) of {results['iterations']} interleaved runs on in-process moto.")
    out.append("  where the handler's extra time goes (mean ms per call, handler − direct, by part):")
    brows = []
    for row in results["rows"]:
        b = row["breakdown_ms"]
        diffs = {c: b["handler"][c] - b["direct"][c] for c in CATEGORIES}
        brows.append((row["operation"], *(f"{diffs[c]:+.2f}" for c in CATEGORIES)))
    out.append(table(("operation", *CATEGORIES), brows, indent="    "))
    out.append(
        "    (aws = moto serving the calls: the same calls on both sides, so ≈0; 'powertools & glue' = resolver, "
        "logger, metrics, decorators; measured in a separate pass with timing wrappers, which add a little)"
    )
    for row in results["rows"]:
        if not row["calls"]["same"]:
            out.append(f"  ! {row['operation']}: handler {row['calls']['handler']} vs direct {row['calls']['direct']}")
    return "\n".join(out)
