"""What a cold start imports: each function's `app` in a fresh interpreter, as Lambda loads it.

A module a function's first response does not need, imported at load, is paid on every cold start. These tests fail
when one of the listed heavy modules is loaded by importing a function's `app`, and check the one shim that keeps
Powertools' package `__init__`s from importing everything (interview_prep.lazy_powertools) against the pinned
Powertools version.
"""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
from importlib.metadata import version

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
LAYER = ROOT / "layers" / "interview_prep"

# Never needed to load a function: the retired tracing SDK, the resolvers, event classes and AWS SDK parts the
# first response does not use, the renderers (imported by what renders), the playbook (read on first use), and the
# dev tools.
HEAVY = (
    "aws_xray_sdk",
    "aws_lambda_powertools.event_handler.appsync",
    "aws_lambda_powertools.event_handler.bedrock_agent",
    "aws_lambda_powertools.event_handler.vpc_lattice",
    "aws_lambda_powertools.utilities.data_classes.s3_batch_operation_event",
    "aws_lambda_powertools.utilities.data_classes.cognito_user_pool_event",
    "boto3",
    "botocore.client",
    "jinja2",
    "icalendar",
    "email_validator",
    "tomllib",
    "moto",
    "requests",
    # pydantic's serializer annotations (`PlainSerializer`…): ~25 M instructions at a cold start, for what a schema
    # written with `pydantic_core` says as well (`domain.models._Amount`).
    "pydantic.functional_serializers",
)
# asyncio (~30 ms) is imported by Powertools' batch processing module itself (utilities/batch/base.py), which only the
# webhook sender uses (its SQS records); the stream functions loop over their records themselves
# (`services.stream.each_record`) and, like the others, must not pay for it.
# The API function loads the pages' modules at the first request for a page and the webhook routes at the first
# request under /v1/webhooks (`http_app.resolve`), and the `email` package only when it composes an email; the stream
# function composes one only for a web submission's opt-in.
PAGES_AND_MAIL = ("interview_prep.web.routes", "interview_prep.web.form", "interview_prep.web.pages", "email.message")
# What renders an email (its value objects, the message catalogs) loads when something renders; the response models
# of the OpenAPI document only when the document is written (`api.docs`). The model of a change (`domain.fields`) is
# for what changes an interview: never the stream or the deliveries.
RENDERING = ("interview_prep.domain.rendered", "gettext")
HEAVY_BY_FUNCTION = {
    "api": (
        *HEAVY,
        "asyncio",
        *PAGES_AND_MAIL,
        *RENDERING,
        "interview_prep.api.schemas",
        "interview_prep.api.webhooks",
    ),
    "on_interview_change": (
        *HEAVY,
        "asyncio",
        "aws_lambda_powertools.utilities.batch.base",
        *PAGES_AND_MAIL,
        *RENDERING,
        "interview_prep.domain.fields",
        # The stream phrases nothing and lists nothing: the locales and the list cursors load where they are used.
        "interview_prep.domain.i18n",
        "interview_prep.adapters.cursors",
    ),
    "deliver": (*HEAVY, "asyncio", "interview_prep.domain.fields"),
    "email_events": (*HEAVY, "asyncio"),
    "publish_events": (*HEAVY, "asyncio", "aws_lambda_powertools.utilities.batch.base"),
    "on_inbound_email": (*HEAVY, "asyncio"),
    "send_webhooks": HEAVY,
}
LAMBDA_ENV = {
    "AWS_REGION": "us-east-1",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_LAMBDA_FUNCTION_NAME": "ImportTest",
    "AWS_EXECUTION_ENV": "AWS_Lambda_python3.13",
    "TABLE_NAME": "interviews",
    "IDEMPOTENCY_TABLE_NAME": "idempotency",
    "POWERTOOLS_SERVICE_NAME": "interview-prep",
    "POWERTOOLS_METRICS_NAMESPACE": "InterviewPrep",
    "_X_AMZN_TRACE_ID": "Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1",
}


def _fresh(code: str, *path: pathlib.Path) -> dict[str, object]:
    """Run `code` in a new interpreter with `path` first on sys.path; it prints one JSON value, returned here."""
    prelude = f"import sys, json\nsys.path[0:0] = {[str(p) for p in path]!r}\n"
    proc = subprocess.run(
        [sys.executable, "-I", "-c", prelude + code],
        env=LAMBDA_ENV,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def test_every_function_is_checked_for_heavy_imports() -> None:
    functions = {p.parent.name for p in (ROOT / "functions").glob("*/app.py")}

    assert functions == set(HEAVY_BY_FUNCTION)


@pytest.mark.parametrize("function", sorted(HEAVY_BY_FUNCTION))
def test_function_app_import_loads_no_listed_heavy_module(function: str) -> None:
    heavy = HEAVY_BY_FUNCTION[function]
    found = _fresh(
        f"import app\nprint(json.dumps({{'loaded': [m for m in {heavy!r} if m in sys.modules]}}))",
        ROOT / "functions" / function,
        LAYER,
    )
    assert found["loaded"] == []


def test_lazy_powertools_is_checked_against_the_pinned_powertools() -> None:
    from interview_prep import lazy_powertools

    # When Powertools moves (make lock), this fails: check that the deferred packages still work as below, then
    # set CHECKED to the new version. Until then the shim steps aside and every package is imported normally.
    assert version("aws-lambda-powertools") == lazy_powertools.CHECKED


def test_lazy_powertools_defers_every_package_a_function_loads() -> None:
    found = _fresh(
        "import interview_prep.lazy_powertools as lp\nimport app\n"
        "print(json.dumps({'deferred': lp.DEFERRED, 'pending': [p for p in lp.PACKAGES if lp.pending(p)]}))",
        ROOT / "functions" / "api",
        LAYER,
    )
    assert found["deferred"] == list(_packages())
    assert found["pending"] == list(_packages())  # the API's load never needed a package's whole `__init__`


def test_lazy_powertools_package_names_are_the_objects_the_normal_import_gives() -> None:
    # Every name each deferred package exports, through the shim and through a normal import, in two interpreters.
    code = (
        "{shim}import importlib\nout = {{}}\n"
        "for package in {packages!r}:\n"
        "    module = importlib.import_module(package)\n"
        "    for name in sorted(importlib.import_module('interview_prep.lazy_powertools').reexports(package, "
        "open(module.__spec__.origin).read())):\n"
        "        obj = getattr(module, name)\n"
        "        out[package + '.' + name] = (getattr(obj, '__module__', None), getattr(obj, '__qualname__', repr(obj)))\n"
        "print(json.dumps(out))"
    )
    through_shim = _fresh(code.format(shim="import interview_prep.lazy_powertools\n", packages=_packages()), LAYER)
    normal = _fresh(code.format(shim="", packages=_packages()), LAYER)

    assert len(normal) > 50
    assert through_shim == normal


def test_lazy_powertools_runs_the_real_init_for_a_name_it_does_not_know() -> None:
    found = _fresh(
        "import interview_prep.lazy_powertools as lp\n"
        "import aws_lambda_powertools.event_handler as eh\n"
        "before = lp.pending('aws_lambda_powertools.event_handler')\n"
        "everything = sorted(eh.__all__)\n"
        "print(json.dumps({'before': before, 'after': lp.pending('aws_lambda_powertools.event_handler'), "
        "'all': everything, 'asyncio': 'asyncio' in sys.modules}))",
        LAYER,
    )
    assert found["before"] is True
    assert found["after"] is False  # `__all__` is not a re-exported name: the real `__init__` ran
    assert "AppSyncResolver" in found["all"]  # type: ignore[operator]
    assert found["asyncio"] is True  # and brought what it imports


def test_lazy_powertools_steps_aside_for_another_powertools_version() -> None:
    found = _fresh(
        "import importlib, importlib.util\n"
        "spec = importlib.util.find_spec('interview_prep.lazy_powertools')\n"
        "source = spec.loader.get_source(spec.name).replace('CHECKED = ', 'CHECKED = \"0.0.0\" or ', 1)\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "exec(compile(source, spec.origin, 'exec'), module.__dict__)\n"
        "import aws_lambda_powertools.event_handler\n"
        "print(json.dumps({'deferred': module.DEFERRED, 'asyncio': 'asyncio' in sys.modules}))",
        LAYER,
    )
    assert found == {"deferred": [], "asyncio": True}


def _packages() -> tuple[str, ...]:
    from interview_prep import lazy_powertools

    return lazy_powertools.PACKAGES


def test_an_invocation_that_records_no_metric_leaves_no_warning_in_the_logs() -> None:
    # Powertools warns on stderr (outside the structured logs) when an invocation publishes no metric: most do.
    code = (
        "import sys, types\n"
        f"sys.path[0:0] = {[str(ROOT / 'functions' / 'on_interview_change'), str(LAYER)]!r}\n"
        "import app\n"
        "context = types.SimpleNamespace(function_name='f', memory_limit_in_mb=256, aws_request_id='r',\n"
        "    invoked_function_arn='arn:aws:lambda:us-east-1:123456789012:function:f')\n"
        "print(app.lambda_handler({'Records': []}, context))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-I", "-c", code], env=LAMBDA_ENV, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert "batchItemFailures" in proc.stdout
    assert "No application metrics" not in proc.stderr


def test_api_webhook_routes_join_at_the_first_request_for_one() -> None:
    # A new process: a request for an interview never loads the webhook routes; the first request under
    # /v1/webhooks finds them (not a 404), whatever came before it.
    code = """
import os
from moto import mock_aws
from local_stack.cfn import provision
with mock_aws():
    os.environ.update(provision().function_environment())
    os.environ["PUBLIC_BASE_URL"] = "https://prep.example.test"
    from tests.conftest import NOW, Api
    from interview_prep.adapters.settings import settings
    from interview_prep.adapters.store import InterviewStore
    from interview_prep.services import access
    _, key = access.create_api_key(InterviewStore(settings().table_name), "Acme Recruiting", now=NOW)
    api = Api(key)
    before = api.call("GET", "/v1/interviews/" + "a" * 32)[2]["error"]["message"]
    loaded_before = "interview_prep.api.webhooks" in sys.modules
    status, _, body = api.call("GET", "/v1/webhooks")
    one = api.call("DELETE", "/v1/webhooks/" + "b" * 32)[2]["error"]["message"]
    print(json.dumps({"before": before, "loaded_before": loaded_before, "status": status, "body": body, "one": one}))
"""
    result = _fresh(code, ROOT, LAYER, ROOT / "functions" / "api")
    assert result["before"] != "no such route" and result["loaded_before"] is False
    assert (result["status"], result["body"], result["one"]) == (200, {"items": []}, "no such webhook")


def test_an_english_digest_states_its_salary_without_loading_cldr_data() -> None:
    """Babel and its CLDR data cost the deliver function's cold start ~90 M instructions: English amounts are
    grouped by Python itself (French ones need CLDR's grouping, decimal comma and currency symbols)."""
    found = _fresh(
        "from interview_prep.domain.models import Salary\nfrom interview_prep.domain.playbook import salary_range\n"
        "said = salary_range(Salary.model_validate({'min': 11.44, 'max': 12.5, 'currency': 'GBP', 'period': 'hour'}))\n"
        "print(json.dumps({'said': said, 'babel': 'babel' in sys.modules}))",
        ROOT / "functions" / "deliver",
        LAYER,
    )
    assert found == {"said": "GBP 11.44–12.50 per hour", "babel": False}
