"""Lambda SnapStart's runtime hooks: before the snapshot, build what each restored instance would otherwise build on
its first request; after each restore, renew what must differ from one instance to the next.

Each function's `app` registers its hooks with `snapshot_restore_py` (shipped in Lambda's Python runtime). Lambda
calls them only for a version published with SnapStart on (template.yaml's `SnapStartFunctions`); without it they
are registered and never run, so a plain cold start still imports only what its first response needs.

Nothing here calls AWS: clients are created (credentials come from Lambda's container credentials endpoint, which
SnapStart functions use, so they stay valid after a restore), no request is sent.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from typing import Any

HEALTH_EVENT: dict[str, Any] = {
    "resource": "/{proxy+}",
    "path": "/v1/health",
    "httpMethod": "GET",
    "headers": {"Host": "snapshot.invalid"},
    "multiValueHeaders": {"Host": ["snapshot.invalid"]},
    "queryStringParameters": None,
    "multiValueQueryStringParameters": None,
    "pathParameters": {"proxy": "v1/health"},
    "requestContext": {"requestId": "before-snapshot", "stage": "prod", "path": "/prod/v1/health"},
    "body": None,
    "isBase64Encoded": False,
}


def validators() -> int:
    """Build the validator of every pydantic model the package has loaded (they are built at first use otherwise:
    `defer_build`); how many were built."""
    from pydantic import BaseModel

    built = 0
    for name, module in list(sys.modules.items()):
        if not name.startswith("interview_prep.") or module is None:
            continue
        for value in list(vars(module).values()):
            if (
                isinstance(value, type)
                and issubclass(value, BaseModel)
                and value.__module__ == name
                and type(value.__pydantic_validator__).__name__ != "SchemaValidator"
            ):
                value.model_rebuild(force=True)
                built += 1
    return built


def templates(*packages: str) -> None:
    """Load every template of `packages` into its environment (compiled modules imported, or sources compiled)."""
    from interview_prep.domain import templating

    for package in packages:
        env = templating.environment(package)
        for name in templating.template_names(package):
            env.get_template(name)


def sending() -> None:
    """What an email's delivery uses: the renderers, the playbook, SES, idempotency on the shared Session."""
    from interview_prep.domain import calendar, confirmation, digest, drafts  # noqa: F401 - imported to be in the snapshot
    from interview_prep.domain.playbook import load_playbook
    from interview_prep.domain.templating import EMAILS
    from interview_prep.services import delivery

    delivery._idempotency()
    delivery._store_and_mailer()
    load_playbook()
    templates(EMAILS)


def prime_api() -> None:
    """The API function: the store, the idempotency store, the pages' and the webhooks' routes, every page and email
    template (pages preview emails), the playbook, the validators, and one request through the resolver (routing,
    OpenAPI validation)."""
    from interview_prep.adapters.store import interview_store
    from interview_prep.api import routes
    from interview_prep.domain.templating import EMAILS
    from interview_prep.http_app import app, include_pages, include_webhooks

    interview_store()
    include_pages()
    include_webhooks()
    routes._idempotent_create()
    sending()
    templates("interview_prep.web")
    app.resolve(dict(HEALTH_EVENT), None)  # type: ignore[arg-type]
    templates(EMAILS)
    validators()


def prime_stream() -> None:
    """The stream function: the Scheduler client and the store it plans with, and what sends the opt-in email."""
    from interview_prep.services.stream import scheduler

    scheduler()
    sending()
    validators()


def prime_deliver() -> None:
    """The deliver function: everything a delivery uses."""
    sending()
    validators()


def renew() -> None:
    """After a restore: every instance resumed from one snapshot starts with the same `random` state, which botocore
    draws its retry jitter from; reseed it from the OS (`secrets`, `uuid4` and tokens read the OS already)."""
    random.seed()


def register(prime: Callable[[], None]) -> None:
    """Register `prime` to run before the snapshot and `renew` after each restore."""
    from snapshot_restore_py import register_after_restore, register_before_snapshot

    register_before_snapshot(prime)
    register_after_restore(renew)
