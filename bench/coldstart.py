"""Cold start: each function's import and first response in a fresh interpreter, against a bare boto3 handler.

Every run is a new `python -I -S` process whose `sys.path` holds only what a Lambda sandbox would: the function's
folder, the layer (`layers/interview_prep`), the layer's dependencies (the closure of its `requirements.txt`, linked
from .venv) and what the runtime brings (boto3) — none of the dev tools installed in .venv (moto, awscrt, the
X-Ray SDK that moto's server needs…), which would change what botocore imports. The environment is a Lambda one
with `Tracing: Active`, as template.yaml sets.

AWS answers from canned responses (a botocore `before-send` hook in the child, the way moto answers, but without
importing moto), so the first response makes its real AWS calls (serialised, signed, parsed) at no network cost.
The baseline (`bench/baseline/app.py`) imports boto3, creates the same clients from one Session and makes the same
calls; for the health check it imports boto3 and answers.

CPU time is measured in every round (interleaved: function, baseline, function, ...). Beside it, each function and
each baseline runs once more under callgrind (Debian's valgrind), which counts the instructions executed: the same
on a busy machine as on an idle one, so a ratio of instruction counts can decide a goal that CPU time on a shared
machine leaves in doubt. What a child executes outside the timed window (interpreter start, reading the spec) is
counted once in a child that stops before the import, and subtracted; every child leaves with `os._exit` once its
result is written, so the interpreter's teardown, which follows the window, is counted for none.

When `.aws-sam/build` exists, the functions are also started from it as deployed: there, no module has a `.pyc`
(sam build ships none, and /opt and /var/task are read-only in Lambda), so every module is compiled at each cold
start; the children run with `-B` to keep it that way. The same build is also timed with every module compiled
once (under a private `pycache_prefix`), which is what compiling the build (`python -m compileall`) would give.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import datetime as dt
import json
import marshal
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from bench.report import heading, ms, ratio, spread, summary, table

ROOT = pathlib.Path(__file__).resolve().parent.parent
CHILD = pathlib.Path(__file__).resolve().parent / "_cold_child.py"
BASELINE_DIR = pathlib.Path(__file__).resolve().parent / "baseline"
LAYER_SOURCE = ROOT / "layers" / "interview_prep"
BUILD = ROOT / ".aws-sam" / "build"
GOAL = 1.5
STRETCH = 1.2  # reported: which functions come within 1.2× of the bare handler
REGION = "us-east-1"
ACCOUNT = "123456789012"
LOGICAL_IDS = {"api": "ApiFunction", "on_interview_change": "OnInterviewChangeFunction", "deliver": "DeliverFunction"}
RUNTIME_REQUIREMENTS = ("boto3", "snapshot-restore-py")  # what the python3.13 runtime brings (no awscrt)
TRACE_ID = "Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1"


@dataclasses.dataclass
class Scenario:
    """One function's first request, and what a bare boto3 handler must do to match its AWS work."""

    name: str
    function: str
    event: dict[str, Any]
    responses: dict[str, list[dict[str, Any]]]
    baseline_event: dict[str, Any]
    expect: str  # what a correct first response looks like (checked, so an error path is never timed)


# --- the isolated sys.path ------------------------------------------------------------------------------------


def _closure(requirements: list[str]) -> list[Any]:
    """The installed distributions `requirements` need (with extras and markers), from .venv."""
    from importlib.metadata import PackageNotFoundError, distribution

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    seen: dict[str, set[str]] = {}
    found: dict[str, Any] = {}
    todo = [Requirement(r) for r in requirements]
    while todo:
        req = todo.pop()
        name = canonicalize_name(req.name)
        extras = set(req.extras)
        if name in seen and extras <= seen[name]:
            continue
        seen.setdefault(name, set()).update(extras)
        try:
            dist = found.get(name) or distribution(req.name)
        except PackageNotFoundError:
            continue
        found[name] = dist
        for line in dist.requires or []:
            sub = Requirement(line)
            if sub.marker is None or any(sub.marker.evaluate({"extra": e}) for e in (seen[name] or {""})):
                todo.append(sub)
    return list(found.values())


def _link_site(target: pathlib.Path, requirements: list[str]) -> list[str]:
    """A folder of symlinks to exactly the packages (and their metadata) of `requirements`' closure."""
    target.mkdir(parents=True, exist_ok=True)
    names = []
    for dist in _closure(requirements):
        names.append(f"{dist.metadata['Name']}=={dist.version}")
        site = pathlib.Path(str(dist.locate_file("")))
        tops = {pathlib.PurePath(str(f)).parts[0] for f in dist.files or []}
        for top in tops:
            if top in ("..", "__pycache__") or top.endswith(".pth"):
                continue
            source, link = site / top, target / top
            if source.exists() and not link.exists():
                link.symlink_to(source)
    return sorted(names)


@dataclasses.dataclass
class Paths:
    function_site: pathlib.Path
    runtime_site: pathlib.Path
    layer_packages: list[str]

    def function_path(self, function: str) -> list[str]:
        return [str(ROOT / "functions" / function), str(LAYER_SOURCE), str(self.function_site)]

    def deployed_path(self, function: str) -> list[str]:
        return [str(BUILD / LOGICAL_IDS[function]), str(BUILD / "DomainLayer" / "python"), str(self.runtime_site)]

    def baseline_path(self) -> list[str]:
        return [str(BASELINE_DIR), str(self.runtime_site)]


@contextlib.contextmanager
def isolated_paths() -> Iterator[Paths]:
    requirements = [
        line.strip()
        for line in (LAYER_SOURCE / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    folder = pathlib.Path(tempfile.mkdtemp(prefix="bench-site-"))
    try:
        layer = _link_site(folder / "function", [*requirements, *RUNTIME_REQUIREMENTS])
        _link_site(folder / "runtime", list(RUNTIME_REQUIREMENTS))
        yield Paths(folder / "function", folder / "runtime", layer)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- environment and fixtures ---------------------------------------------------------------------------------


def function_environment(function: str) -> dict[str, str]:
    """The function's environment from template.yaml (Globals + its own), resolved with made-up resource names."""
    from local_stack.cfn import Stack, load_template

    stack = Stack(load_template(), REGION)
    stack.params = {k: str(v.get("Default", "")) for k, v in stack.template.get("Parameters", {}).items()}
    for name, res in stack.resources.items():
        stack.refs[name] = name
        service = res["Type"].split("::")[1].lower()
        stack.attrs[(name, "Arn")] = f"arn:aws:{service}:{REGION}:{ACCOUNT}:{name}"
        stack.attrs[(name, "StreamArn")] = (
            f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{name}/stream/2027-01-01T00:00:00.000"
        )
        stack.attrs[(name, "QueueName")] = name
    stack.add_alias_refs()
    glob = stack.template.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {})
    own = stack.resources[LOGICAL_IDS[function]]["Properties"].get("Environment", {}).get("Variables", {})
    env = {k: str(v) for k, v in stack.resolve(glob).items()}
    env.update({k: str(v) for k, v in stack.resolve(own).items()})
    return env


def lambda_environment(function: str, code_dir: str) -> dict[str, str]:
    """What Lambda sets in a sandbox, plus fake credentials (nothing here can reach AWS: responses are canned)."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "TZ": "UTC",
        "HOME": tempfile.gettempdir(),
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_SESSION_TOKEN": "bench",
        "AWS_REGION": REGION,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EXECUTION_ENV": "AWS_Lambda_python3.13",
        "AWS_LAMBDA_FUNCTION_NAME": LOGICAL_IDS.get(function, "Baseline"),
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_LOG_FORMAT": "JSON",
        "LAMBDA_TASK_ROOT": code_dir,
        "_HANDLER": "app.lambda_handler",
        "_X_AMZN_TRACE_ID": TRACE_ID,
        # The X-Ray daemon is a UDP socket on loopback in Lambda; nothing listens here, and UDP does not care.
        "AWS_XRAY_DAEMON_ADDRESS": "127.0.0.1:2000",
        "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
    }


def _low_level(item: dict[str, Any]) -> dict[str, Any]:
    from boto3.dynamodb.types import TypeSerializer

    serializer = TypeSerializer()
    return {k: serializer.serialize(v) for k, v in item.items()}


@contextlib.contextmanager
def _environment(variables: dict[str, str]) -> Iterator[None]:
    """The process environment with `variables` set, and the settings read afresh, for the block only."""
    from interview_prep.adapters.settings import settings

    saved = dict(os.environ)
    os.environ.update(variables)
    settings.cache_clear()
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
        settings.cache_clear()


def scenarios() -> list[Scenario]:
    """The four first requests: health, a read of one interview, a stream INSERT, a digest sent."""
    from interview_prep.adapters.scheduler import RETRY_POLICY, DeliveryRequest, at_expression, schedule_name
    from interview_prep.adapters.store import InterviewStore, sha256
    from interview_prep.domain.mail import Links, compose
    from interview_prep.domain.models import InterviewRequest
    from interview_prep.domain.planning import plan_deliveries
    from interview_prep.services import interviews

    from bench.service import api_event, interview_body

    now = dt.datetime.now(dt.UTC)
    api_env = function_environment("api")
    change_env = function_environment("on_interview_change")
    table_name, idem_table = api_env["TABLE_NAME"], api_env["IDEMPOTENCY_TABLE_NAME"]
    request = InterviewRequest.model_validate(interview_body(days=3))
    interview = interviews.new_interview(request, owner="Bench Tools", source="api", now=now)
    item = InterviewStore._item(InterviewStore.__new__(InterviewStore), interview)
    key = "ipk_bench-cold-start-key-0000000000000000000000"
    key_item = {
        "pk": f"APIKEY#{sha256(key)}",
        "sk": "APIKEY",
        "key_id": "cafe0001",
        "owner": "Bench Tools",
        "created_at": now.isoformat(),
    }
    found_key = {"body": {"Item": _low_level(key_item)}}
    found_interview = {"body": {"Item": _low_level(item)}}

    # api: one interview read (the API key, then the interview).
    get_event = api_event("GET", f"/v1/interviews/{interview.id}", key=key)
    get_calls = [
        ["table", "get_item", {"TableName": table_name, "Key": {"pk": key_item["pk"], "sk": "APIKEY"}}],
        [
            "table",
            "get_item",
            {"TableName": table_name, "Key": {"pk": item["pk"], "sk": "INTERVIEW"}, "ConsistentRead": True},
        ],
    ]

    # on_interview_change: the INSERT of that interview; both schedules are new.
    record = {
        "eventID": "1",
        "eventName": "INSERT",
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": REGION,
        "dynamodb": {
            "ApproximateCreationDateTime": int(now.timestamp()),
            "Keys": {"pk": {"S": item["pk"]}, "sk": {"S": "INTERVIEW"}},
            "NewImage": _low_level(item),
            "SequenceNumber": "100000000000000000001",
            "SizeBytes": 2048,
            "StreamViewType": "NEW_AND_OLD_IMAGES",
        },
        "eventSourceARN": f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{table_name}/stream/2027-01-01T00:00:00.000",
    }
    schedule_missing = {
        "status": 404,
        "headers": {"x-amzn-errortype": "ResourceNotFoundException", "content-type": "application/json"},
        "body": {"Message": "Schedule not found."},
    }
    created = {
        "headers": {"content-type": "application/json"},
        "body": {"ScheduleArn": f"arn:aws:scheduler:{REGION}:{ACCOUNT}:schedule/x/y"},
    }
    schedule_calls: list[list[Any]] = []
    for delivery in plan_deliveries(interview):
        target_input = DeliveryRequest(
            interview_id=interview.id,
            kind=delivery.kind,
            revision=delivery.revision,
            due_at=delivery.due_at,  # type: ignore[arg-type]
        ).model_dump_json()
        name = schedule_name(interview.id, delivery.kind)
        group = change_env["SCHEDULE_GROUP"]
        schedule_calls.append(
            [
                "scheduler",
                "create_schedule",
                {
                    "Name": name,
                    "GroupName": group,
                    "ScheduleExpression": at_expression(delivery.due_at),
                    "ScheduleExpressionTimezone": "UTC",
                    "FlexibleTimeWindow": {"Mode": "OFF"},
                    "Target": {
                        "Arn": change_env["DELIVER_FUNCTION_ARN"],
                        "RoleArn": change_env["SCHEDULER_ROLE_ARN"],
                        "Input": target_input,
                        "RetryPolicy": RETRY_POLICY,
                        "DeadLetterConfig": {"Arn": change_env["DELIVERY_DLQ_ARN"]},
                    },
                    "ActionAfterCompletion": "DELETE",
                    "State": "ENABLED",
                    "Description": f"{delivery.kind} for interview {interview.id}",
                },
            ]
        )

    # deliver: the digest of that interview, sent (rendered, composed, sent, recorded, exactly once).
    digest = next(d for d in plan_deliveries(interview) if d.kind == "digest")
    deliver_event = json.loads(
        DeliveryRequest(
            interview_id=interview.id, kind="digest", revision=digest.revision, due_at=digest.due_at
        ).model_dump_json()
    )
    from interview_prep.services.delivery import render

    links = Links(
        manage_url="https://prep.example.test/manage/" + "t" * 43,
        unsubscribe_url="https://prep.example.test/unsubscribe/" + "t" * 43,
    )
    with _environment(function_environment("deliver")):  # the renderer reads the sender from the settings
        email = render(interview, "digest", links, now)
    raw = (
        compose(
            email,
            to_name=interview.candidate.name,
            to_address=interview.candidate.email,
            sender=api_env["SENDER_ADDRESS"],
            reply_to=None,
            links=links,
        )
        .as_bytes()
        .decode()
    )
    sent_item = dict(item, version=2, doc=item["doc"])
    idem_key = {"id": {"S": f"deliver#{interview.id}"}}
    deliver_calls = [
        [
            "dynamodb",
            "put_item",
            {
                "TableName": idem_table,
                "Item": {
                    **idem_key,
                    "expiration": {"N": str(int(now.timestamp()) + 604800)},
                    "status": {"S": "INPROGRESS"},
                    "in_progress_expiration": {"N": str(int(now.timestamp() * 1000) + 30000)},
                },
                "ConditionExpression": "attribute_not_exists(#id) OR #expiry < :now",
                "ExpressionAttributeNames": {"#id": "id", "#expiry": "expiration"},
                "ExpressionAttributeValues": {":now": {"N": str(int(now.timestamp()))}},
            },
        ],
        [
            "table",
            "get_item",
            {"TableName": table_name, "Key": {"pk": item["pk"], "sk": "INTERVIEW"}, "ConsistentRead": True},
        ],
        [
            "table",
            "put_item",
            {
                "TableName": table_name,
                "Item": {
                    "pk": "TOKEN#" + "0" * 64,
                    "sk": "TOKEN",
                    "interview_id": interview.id,
                    "purpose": "manage",
                    "expires_at": int(now.timestamp()),
                    "ttl": int(now.timestamp()),
                },
                "ConditionExpression": "attribute_not_exists(pk)",
            },
        ],
        [
            "table",
            "put_item",
            {
                "TableName": table_name,
                "Item": {
                    "pk": "TOKEN#" + "1" * 64,
                    "sk": "TOKEN",
                    "interview_id": interview.id,
                    "purpose": "unsubscribe",
                    "expires_at": int(now.timestamp()),
                    "ttl": int(now.timestamp()),
                },
                "ConditionExpression": "attribute_not_exists(pk)",
            },
        ],
        [
            "sesv2",
            "send_email",
            {
                "FromEmailAddress": api_env["SENDER_ADDRESS"],
                "Destination": {"ToAddresses": [interview.candidate.email]},
                "Content": {"Raw": {"Data": raw}},
                "EmailTags": [{"Name": "interview", "Value": interview.id}, {"Name": "kind", "Value": "digest"}],
                "ConfigurationSetName": api_env["SES_CONFIGURATION_SET"],
            },
        ],
        [
            "table",
            "put_item",
            {
                "TableName": table_name,
                "Item": sent_item,
                "ConditionExpression": "attribute_exists(pk) AND version = :v",
                "ExpressionAttributeValues": {":v": 1},
            },
        ],
        [
            "dynamodb",
            "update_item",
            {
                "TableName": idem_table,
                "Key": idem_key,
                "UpdateExpression": "SET #response_data = :response_data, #expiry = :expiry, #status = :status",
                "ExpressionAttributeNames": {"#response_data": "data", "#expiry": "expiration", "#status": "status"},
                "ExpressionAttributeValues": {
                    ":response_data": {"S": '{"status": "sent", "reason": null, "message_id": "bench-1"}'},
                    ":expiry": {"N": str(int(now.timestamp()) + 604800)},
                    ":status": {"S": "COMPLETED"},
                },
            },
        ],
    ]
    ok: dict[str, Any] = {"body": {}}
    return [
        Scenario(
            "api: GET /v1/health", "api", api_event("GET", "/v1/health"), {}, {"clients": [], "calls": []}, "status 200"
        ),
        Scenario(
            "api: GET /v1/interviews/{id}",
            "api",
            get_event,
            {"dynamodb.GetItem": [found_key, found_interview]},
            {"clients": ["table"], "calls": get_calls},
            "status 200",
        ),
        Scenario(
            "on_interview_change: INSERT",
            "on_interview_change",
            {"Records": [record]},
            {"scheduler.GetSchedule": [schedule_missing], "scheduler.CreateSchedule": [created]},
            {"clients": ["scheduler"], "calls": schedule_calls},
            "no batch item failures",
        ),
        Scenario(
            "deliver: digest sent",
            "deliver",
            deliver_event,
            {
                "dynamodb.PutItem": [ok],
                "dynamodb.GetItem": [found_interview],
                "dynamodb.UpdateItem": [ok],
                "sesv2.SendEmail": [
                    {"headers": {"content-type": "application/json"}, "body": {"MessageId": "bench-1"}}
                ],
            },
            {"clients": ["dynamodb", "table", "sesv2"], "calls": deliver_calls},
            "status sent",
        ),
    ]


def _check(scenario: Scenario, response: Any, baseline: bool) -> str | None:
    """None when the first response is the one expected, else what went wrong."""
    if not isinstance(response, dict):
        return f"unexpected response {response!r:.200}"
    if baseline:
        return None if response.get("statusCode") == 200 else f"baseline answered {response!r:.200}"
    if scenario.function == "api" and response.get("statusCode") != 200:
        return f"status {response.get('statusCode')}: {str(response.get('body'))[:200]}"
    if scenario.function == "on_interview_change" and response.get("batchItemFailures"):
        return f"batch item failures: {response['batchItemFailures']}"
    if scenario.function == "deliver" and response.get("status") != "sent":
        return f"delivery {response}"
    return None


# --- running children -----------------------------------------------------------------------------------------


@dataclasses.dataclass
class Variant:
    """One kind of child process: a scenario's function (from source or as deployed), or its baseline."""

    label: str
    scenario: Scenario
    kind: str  # "function" | "deployed" | "deployed_pyc" | "baseline"
    path: list[str]
    env: dict[str, str]
    flags: tuple[str, ...] = ()
    samples: list[dict[str, float]] = dataclasses.field(default_factory=list)
    instructions: int | None = None
    errors: list[str] = dataclasses.field(default_factory=list)
    calls: list[str] = dataclasses.field(default_factory=list)
    modules: int = 0


def _encoded(responses: dict[str, list[dict[str, Any]]]) -> dict[str, list[tuple[int, dict[str, str], bytes]]]:
    """Canned responses as the child serves them: (status, headers, body bytes), so the child needs no `json`."""
    return {
        key: [
            (
                spec.get("status", 200),
                {"content-type": "application/x-amz-json-1.0", **spec.get("headers", {})},
                json.dumps(spec.get("body", {})).encode(),
            )
            for spec in queue
        ]
        for key, queue in responses.items()
    }


def _run_child(
    variant: Variant,
    workdir: pathlib.Path,
    *,
    importtime: bool = False,
    callgrind: bool = False,
    empty: bool = False,
) -> dict[str, Any] | None:
    spec_path = workdir / "spec.bin"
    out_path = workdir / "out.bin"
    callgrind_out = workdir / "callgrind.out"
    out_path.unlink(missing_ok=True)
    callgrind_out.unlink(missing_ok=True)
    baseline = variant.kind == "baseline"
    spec = {
        "path": variant.path,
        "env": variant.env,
        "module": "app",
        "mode": "empty" if empty else "run",
        "function_name": variant.env["AWS_LAMBDA_FUNCTION_NAME"],
        "event": variant.scenario.baseline_event if baseline else variant.scenario.event,
        "responses": _encoded(variant.scenario.responses),
        "out": str(out_path),
    }
    spec_path.write_bytes(marshal.dumps(spec))
    flags = [*variant.flags, *(["-X", "importtime"] if importtime else [])]
    wrapper = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={callgrind_out}"] if callgrind else []
    proc = subprocess.run(
        [*wrapper, sys.executable, "-I", "-S", *flags, str(CHILD), str(spec_path)],
        env=variant.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=900 if callgrind else 120,
        check=False,
    )
    if proc.returncode != 0 or not out_path.exists():
        variant.errors.append(
            proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}"
        )
        return None
    result: dict[str, Any] = marshal.loads(out_path.read_bytes())  # noqa: S302 - our child wrote it, in our temp dir
    if callgrind:
        result["instructions"] = callgrind_total(callgrind_out.read_text(errors="replace"))
    if empty:
        return result
    problem = _check(variant.scenario, result["response"], baseline)
    if not problem and result["calls"] and not result["hooked"]:
        problem = "AWS answered without the canned-response hook"
    if problem:
        variant.errors.append(problem)
        return None
    if importtime:
        result["importtime"] = proc.stderr
    return result


def callgrind_total(text: str) -> int:
    """The instructions executed (`Ir`) from a callgrind output file's `totals:` (or `summary:`) line."""
    for line in reversed(text.splitlines()):
        if line.startswith(("totals:", "summary:")):
            return int(line.split()[1])
    raise ValueError("no totals in the callgrind output")


def count_instructions(variants: list[Variant], workdir: pathlib.Path, progress: Any = print) -> int | str:
    """Each function's and baseline's instructions in the timed window (callgrind, one run each); returns what the
    empty child executes (subtracted from each), or why nothing was counted."""
    if shutil.which("valgrind") is None:
        return "valgrind is missing (apt-get install -y valgrind)"
    counted = [v for v in variants if v.kind in ("function", "baseline")]
    empty = _run_child(counted[0], workdir, callgrind=True, empty=True)
    if empty is None:
        return f"callgrind failed: {counted[0].errors[-1]}"
    outside = int(empty["instructions"])
    done = 0

    def count(number: int, variant: Variant) -> None:
        nonlocal done
        folder = workdir / f"callgrind-{number}"
        folder.mkdir(exist_ok=True)
        result = _run_child(variant, folder, callgrind=True)
        if result:
            variant.instructions = int(result["instructions"]) - outside
        done += 1
        progress(f"  instruction counts: {done}/{len(counted)} ({variant.kind} {variant.label})")

    # Two at a time: an instruction count does not depend on what else runs, and each child is ~50× slower here.
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(count, range(len(counted)), counted))
    return outside


def _build_for_another_machine() -> str | None:
    """Why the build cannot run here (its compiled extensions are for the functions' architecture), or None."""
    import platform

    from local_stack.cfn import load_template
    from tools.check_build import architectures

    wanted = architectures(load_template())
    here = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "arm64", "arm64": "arm64"}.get(platform.machine().lower())
    if here in wanted:
        return None
    return (
        f"the functions are built for {', '.join(sorted(wanted))} and this machine is {platform.machine()}: the build's "
        "compiled extensions do not load here, so the functions are timed from source (with the same precompiled "
        "templates and playbook)"
    )


def _sources_newer_than_build() -> bool:
    built = (BUILD.parent / "build.toml").stat().st_mtime if (BUILD.parent / "build.toml").exists() else 0
    sources = [
        *LAYER_SOURCE.rglob("*.py"),
        *LAYER_SOURCE.rglob("*.j2"),
        *LAYER_SOURCE.rglob("*.toml"),
        *(ROOT / "functions").rglob("*.py"),
    ]
    return any(p.stat().st_mtime > built for p in sources if "__pycache__" not in p.parts)


def importtime_by_package(stderr: str) -> dict[str, float]:
    """`-X importtime` output, summed by top-level package (self time, ms)."""
    totals: dict[str, float] = defaultdict(float)
    for line in stderr.splitlines():
        match = re.match(r"import time:\s+(\d+)\s+\|\s+\d+\s+\|\s+(\S.*)$", line)
        if match:
            name = match.group(2).strip().split(".")[0]
            totals["(ours) " + name if name in ("interview_prep", "app") else name] += int(match.group(1)) / 1000
    return dict(sorted(totals.items(), key=lambda kv: -kv[1]))


def run(runs: int = 15, deployed_runs: int = 7, progress: Any = print, *, instructions: bool = True) -> dict[str, Any]:
    """Measure every scenario `runs` times (interleaved, after one discarded warm-up run each), then count each
    function's and baseline's instructions once (callgrind) when `instructions`."""
    from tools.precompile import precompile

    precompile()  # the compiled templates and validated playbook `make build` ships, in the source tree too
    with isolated_paths() as paths, tempfile.TemporaryDirectory(prefix="bench-cold-") as tmp:
        workdir = pathlib.Path(tmp)
        variants: list[Variant] = []
        for scenario in scenarios():
            code_dir = str(ROOT / "functions" / scenario.function)
            env = {**lambda_environment(scenario.function, code_dir), **function_environment(scenario.function)}
            variants.append(Variant(scenario.name, scenario, "function", paths.function_path(scenario.function), env))
            base_env = lambda_environment("baseline", str(BASELINE_DIR))
            variants.append(Variant(scenario.name, scenario, "baseline", paths.baseline_path(), base_env))
        deployed_note = None
        foreign = _build_for_another_machine()
        if foreign:
            deployed_note = foreign
        elif (BUILD / "DomainLayer" / "python").is_dir() and deployed_runs > 0:
            stale = _sources_newer_than_build()
            deployed_note = (
                "the build is older than the sources (run `make build` for current figures)" if stale else None
            )
            for scenario in scenarios():
                code_dir = str(BUILD / LOGICAL_IDS[scenario.function])
                env = {**lambda_environment(scenario.function, code_dir), **function_environment(scenario.function)}
                path = paths.deployed_path(scenario.function)
                variants.append(Variant(scenario.name, scenario, "deployed", path, env, ("-B",)))
                # The same build with every module compiled once (what `python -m compileall` over the build would
                # ship): the warm-up run writes the .pyc files under a private prefix, the measured runs read them.
                prefix = ("-X", f"pycache_prefix={workdir / 'pyc'}")
                variants.append(Variant(scenario.name, scenario, "deployed_pyc", path, env, prefix))
        elif deployed_runs > 0:
            deployed_note = "not built: run `make build`, then `make bench`, to time the functions as deployed"

        started = time.perf_counter()
        for variant in variants:  # warm-up, not counted: .pyc files written (from source), disk cache filled
            result = _run_child(variant, workdir)
            if result:
                variant.calls, variant.modules = result["calls"], result["modules"]
        for round_ in range(max(runs, deployed_runs)):
            for variant in variants:
                if variant.errors and not variant.samples and round_ > 0:
                    continue
                if round_ >= (deployed_runs if variant.kind.startswith("deployed") else runs):
                    continue
                result = _run_child(variant, workdir)
                if result:
                    variant.samples.append(
                        {
                            "round": round_,
                            "import": result["import_ms"],
                            "first": result["first_ms"],
                            "total": result["import_ms"] + result["first_ms"],
                            "cpu_import": result["import_cpu_ms"],
                            "cpu_total": result["import_cpu_ms"] + result["first_cpu_ms"],
                        }
                    )
            progress(
                f"  cold start: round {round_ + 1}/{max(runs, deployed_runs)} ({time.perf_counter() - started:.0f} s)"
            )

        importtimes = {}
        for variant in variants:
            if variant.kind == "function" and variant.scenario.name in (
                "api: GET /v1/interviews/{id}",
                "on_interview_change: INSERT",
                "deliver: digest sent",
            ):
                result = _run_child(variant, workdir, importtime=True)
                if result:
                    importtimes[variant.scenario.function] = _split_importtime(result["importtime"])
            if variant.kind == "baseline" and "boto3" not in importtimes:
                result = _run_child(variant, workdir, importtime=True)
                if result:
                    importtimes["boto3"] = _split_importtime(result["importtime"])
        outside = count_instructions(variants, workdir, progress) if instructions else "not asked (--no-instructions)"
        compile_ms = _compile_cost()
    results = _results(variants, importtimes, paths.layer_packages, compile_ms, deployed_note, runs, deployed_runs)
    results["instructions_outside_window"] = outside
    return results


def _split_importtime(stderr: str) -> dict[str, dict[str, float]]:
    """The import phase and the first response's (lazy) imports, each summed by package."""
    # The child starts the first response after appending its hook; imports after the handler module's own line
    # belong to the first response. The handler module is `app`: its line closes the import phase.
    lines = stderr.splitlines()
    cut = next((i for i, line in enumerate(lines) if re.search(r"\|\s+app$", line)), len(lines) - 1)
    return {
        "import": importtime_by_package("\n".join(lines[: cut + 1])),
        "first": importtime_by_package("\n".join(lines[cut + 1 :])),
    }


def _compile_cost() -> dict[str, float]:
    """Milliseconds to compile our own modules from source (what every cold start pays when no .pyc ships)."""
    out = {}
    for label, folder in (("layer interview_prep", LAYER_SOURCE / "interview_prep"), ("functions", ROOT / "functions")):
        start = time.perf_counter()
        for path in folder.rglob("*.py"):
            if "__pycache__" not in path.parts:
                compile(path.read_text(encoding="utf-8"), str(path), "exec")
        out[label] = (time.perf_counter() - start) * 1000
    return out


def paired_ratios(variant: Variant, base: Variant, key: str) -> dict[str, float]:
    """The ratio to the baseline round by round (each round runs both, one after the other), summarised: its median
    and interquartile range are the spread of the ratio itself, not of either time."""
    by_round = {s["round"]: s[key] for s in base.samples}
    return summary([s[key] / by_round[s["round"]] for s in variant.samples if by_round.get(s["round"], 0) > 0])


def goal_verdict(row: dict[str, Any], goal: float = GOAL, stretch: float = STRETCH) -> str:
    """`ok` when CPU time and instructions (where counted) are both within the goal; `ok, ≤ 1.2×` within the stretch."""
    measures = [row["ratio_cpu"], *([row["ratio_instructions"]] if row.get("ratio_instructions") else [])]
    if any(m != m for m in measures):  # NaN: nothing measured
        return "n/a"
    if max(measures) > goal:
        return "OVER"
    return f"ok, ≤ {stretch}×" if max(measures) <= stretch else "ok"


def _results(
    variants: list[Variant],
    importtimes: dict[str, Any],
    layer_packages: list[str],
    compile_ms: dict[str, float],
    deployed_note: str | None,
    runs: int,
    deployed_runs: int,
) -> dict[str, Any]:
    keys = ("import", "first", "total", "cpu_import", "cpu_total")
    baselines = [v for v in variants if v.kind == "baseline"]
    boto3_import = summary([s["import"] for v in baselines for s in v.samples])
    boto3_cpu = summary([s["cpu_import"] for v in baselines for s in v.samples])
    rows = []
    for variant in variants:
        if variant.kind == "baseline":
            continue
        base = next(b for b in baselines if b.scenario.name == variant.scenario.name)
        stats = {k: summary([s[k] for s in variant.samples]) for k in keys}
        base_stats = {k: summary([s[k] for s in base.samples]) for k in keys}
        instructions = variant.instructions if variant.kind == "function" else None
        rows.append(
            {
                "scenario": variant.scenario.name,
                "kind": variant.kind,
                "function": variant.scenario.function,
                "import_ms": stats["import"],
                "first_response_ms": stats["first"],
                "total_ms": stats["total"],
                "baseline_import_ms": base_stats["import"],
                "baseline_first_ms": base_stats["first"],
                "baseline_total_ms": base_stats["total"],
                "cpu_total_ms": stats["cpu_total"],
                "baseline_cpu_total_ms": base_stats["cpu_total"],
                "ratio_total": ratio(stats["total"]["median"], base_stats["total"]["median"]),
                "ratio_cpu": ratio(stats["cpu_total"]["median"], base_stats["cpu_total"]["median"]),
                "ratio_cpu_per_round": paired_ratios(variant, base, "cpu_total"),
                "instructions": instructions,
                "baseline_instructions": base.instructions,
                "ratio_instructions": (
                    ratio(instructions, base.instructions) if instructions and base.instructions else None
                ),
                "ratio_import": ratio(stats["import"]["median"], boto3_import["median"]),
                "ratio_import_cpu": ratio(stats["cpu_import"]["median"], boto3_cpu["median"]),
                "modules_imported": variant.modules,
                "aws_calls": variant.calls,
                "baseline_calls": base.calls,
                "errors": sorted(set(variant.errors + base.errors)),
            }
        )
    return {
        "runs": runs,
        "deployed_runs": deployed_runs,
        "goal_ratio": GOAL,
        "method": "fresh `python -I -S` per run, Lambda-like sys.path and environment (Tracing: Active); canned AWS responses",
        "boto3_import_ms": boto3_import,
        "boto3_import_cpu_ms": boto3_cpu,
        "goal_measure": "ratio_cpu and ratio_instructions",
        "stretch_ratio": STRETCH,
        "rows": rows,
        "deployed_note": deployed_note,
        "importtime_ms_by_package": importtimes,
        "compile_own_modules_ms": compile_ms,
        "layer_packages": layer_packages,
    }


def render(results: dict[str, Any]) -> str:
    out = []
    rows = []
    for row in results["rows"]:
        tag = {"deployed": " (as deployed: no .pyc)", "deployed_pyc": " (as deployed + compileall)"}.get(
            row["kind"], ""
        )
        per_round = row.get("ratio_cpu_per_round") or {}
        instructions = row.get("ratio_instructions")
        rows.append(
            (
                row["scenario"] + tag,
                spread(row["import_ms"]),
                spread(row["first_response_ms"]),
                spread(row["cpu_total_ms"]),
                spread(row["baseline_cpu_total_ms"]),
                f"{row['ratio_cpu']:.2f}×"
                + (f" ({per_round['q1']:.2f}–{per_round['q3']:.2f})" if per_round.get("n") else ""),
                f"{row['ratio_total']:.2f}×",
                f"{row['instructions'] / 1e6:,.0f} M" if row.get("instructions") else "",
                f"{instructions:.2f}×" if instructions else "",
                goal_verdict(row, results["goal_ratio"], results.get("stretch_ratio", STRETCH))
                if row["kind"] == "function"
                else "",
                row["modules_imported"],
            )
        )
    out.append(
        table(
            (
                "first request",
                "import ms",
                "1st response ms",
                "CPU ms",
                "baseline CPU ms",
                "ratio CPU (per-round IQR)",
                "ratio wall",
                "instructions",
                "ratio instr.",
                f"≤ {GOAL}×",
                "modules",
            ),
            rows,
        )
    )
    out.append(
        f"\n  median (interquartile range) of {results['runs']} fresh interpreters each ({results['deployed_runs']} as deployed); "
        f"`import boto3` alone: {spread(results['boto3_import_ms'])} ms."
    )
    outside = results.get("instructions_outside_window")
    out.append(
        f"  instructions: callgrind, one run each, less the {outside / 1e6:,.0f} M a child executes outside the timed"
        " window (interpreter start, reading the spec); the same to within 0.1% from run to run, busy machine or not."
        if isinstance(outside, int)
        else f"  instructions: not counted: {outside}"
    )
    out.append(
        "  ratio = (import + first response) ÷ (the baseline's `import boto3` + the same clients from one Session +"
        " the same AWS calls); the goal is judged on CPU time (the child's process_time: median of the times, and the"
        " interquartile range of the round-by-round ratio) and on instruction counts, both of which other work on the"
        " machine inflates far less than wall time (also shown)."
    )
    for row in results["rows"]:
        if row["errors"]:
            out.append(f"  ! {row['scenario']} ({row['kind']}): {'; '.join(row['errors'])[:300]}")
        if (
            row["kind"] == "function"
            and row["baseline_calls"]
            and sorted(row["aws_calls"]) != sorted(row["baseline_calls"])
        ):
            out.append(
                f"  ! {row['scenario']}: the function made {row['aws_calls']}, the baseline {row['baseline_calls']}"
            )
    if results["deployed_note"]:
        out.append(f"  note (as deployed): {results['deployed_note']}")
    compile_ms = results["compile_own_modules_ms"]
    out.append(
        "  compiling our own modules from source takes "
        + ", ".join(f"{k} {ms(v)} ms" for k, v in compile_ms.items())
        + " (paid at every cold start when the package ships no .pyc)"
    )
    for function, phases in results["importtime_ms_by_package"].items():
        for phase, packages in phases.items():
            top = list(packages.items())[:8]
            total = sum(packages.values())
            if not top:
                continue
            label = f"{function} ({'import' if phase == 'import' else 'first response'})"
            out.append(f"  -X importtime, {label}, {ms(total)} ms: " + ", ".join(f"{k} {ms(v)}" for k, v in top))
    return "\n".join(out)


def main() -> None:  # pragma: no cover - `python -m bench.coldstart` runs this section alone
    print(heading("cold start"))
    print(render(run()))
