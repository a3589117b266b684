"""SnapStart's runtime hooks (interview_prep.snapstart): registered by each function, and what they leave built.

Each runs in a fresh interpreter that loads the function as Lambda does, then calls the hooks Lambda would call.
"""

from __future__ import annotations

import pytest

from tests.test_imports import LAYER, ROOT, _fresh

PRIMES = {"api": "prime_api", "on_interview_change": "prime_stream", "deliver": "prime_deliver"}


@pytest.mark.parametrize("function", sorted(PRIMES))
def test_each_function_registers_its_before_snapshot_and_after_restore_hooks(function: str) -> None:
    found = _fresh(
        "import app, snapshot_restore_py as s\n"
        "print(json.dumps({'before': [f.__name__ for f, _, _ in s.get_before_snapshot()], "
        "'after': [f.__name__ for f, _, _ in s.get_after_restore()]}))",
        ROOT / "functions" / function,
        LAYER,
    )
    assert found == {"before": [PRIMES[function]], "after": ["renew"]}


@pytest.mark.parametrize("function", sorted(PRIMES))
def test_before_snapshot_hook_leaves_clients_validators_and_templates_built(function: str) -> None:
    found = _fresh(
        "import app, snapshot_restore_py as s\n"
        "from interview_prep import snapstart\n"
        "for hook, args, kwargs in s.get_before_snapshot(): hook(*args, **kwargs)\n"
        "from interview_prep.domain import models, templating\n"
        "from interview_prep.services import delivery\n"
        "env = templating.environment(templating.EMAILS)\n"
        "print(json.dumps({'boto3': 'boto3' in sys.modules, 'ses': 'botocore.client' in sys.modules,\n"
        "  'unbuilt': snapstart.validators(), 'request': type(models.InterviewRequest.__pydantic_validator__).__name__,\n"
        "  'compiled_loader': type(env.loader).__name__, 'templates_cached': len(env.cache or {}),\n"
        "  'idempotency': delivery._idempotency.cache_info().currsize}))",
        ROOT / "functions" / function,
        LAYER,
    )
    assert found["boto3"] is True and found["ses"] is True  # the clients exist (none has called AWS)
    assert found["unbuilt"] == 0  # every loaded model's validator already built
    assert found["request"] == "SchemaValidator"
    assert found["templates_cached"] >= 8  # every email template loaded
    assert found["idempotency"] == 1


def test_api_first_request_after_the_snapshot_imports_nothing_more() -> None:
    found = _fresh(
        "import app, snapshot_restore_py as s\n"
        "for hook, args, kwargs in s.get_before_snapshot(): hook(*args, **kwargs)\n"
        "for hook, args, kwargs in s.get_after_restore(): hook(*args, **kwargs)\n"
        "from interview_prep.snapstart import HEALTH_EVENT\n"
        "before = set(sys.modules)\n"
        "from interview_prep.http_app import resolve\n"
        "response = resolve(dict(HEALTH_EVENT), None)\n"
        "print(json.dumps({'status': response['statusCode'], 'new': sorted(set(sys.modules) - before),"
        " 'pages': 'interview_prep.web.routes' in before}))",
        ROOT / "functions" / "api",
        LAYER,
    )
    assert found == {"status": 200, "new": [], "pages": True}  # the pages were loaded before the snapshot too


def test_after_restore_hook_reseeds_random_so_restored_instances_differ() -> None:
    import random

    from interview_prep import snapstart

    state = random.getstate()
    try:
        random.seed(7)
        snapshot = random.getstate()
        first = random.random()
        random.setstate(snapshot)  # a second instance restored from the same snapshot
        snapstart.renew()
        assert random.random() != first
    finally:
        random.setstate(state)
