"""The OpenAPI document of the JSON API, as served at `/v1/openapi.json` and committed as `openapi.json`.

Powertools generates it from the routes (`api.routes`) and the models (`api.schemas`); `finish` is the one place
that completes what Powertools cannot express, so a generated client gets what it needs:

- header and query parameters without `null` in their schema (an absent parameter is not a null one);
- no `HTTPValidationError`/`ValidationError` of Powertools: every error is the documented `ErrorBody`, and
  `/v1/health` (which takes no input) answers no 422;
- components no operation refers to are left out.
"""

from __future__ import annotations

import json
from typing import Any

TITLE = "Interview Prep API"
VERSION = "1.0.0"
SECURITY_SCHEME = "bearerAuth"
TAGS = [
    {"name": "Interviews", "description": "Record, read, change and cancel interviews; what the candidate gets."},
    {"name": "Invitations", "description": "Read a calendar invitation (an .ics or its email) into a draft interview."},
    {"name": "Webhooks", "description": "HTTPS endpoints that receive the events about your interviews, signed."},
    {"name": "Service", "description": "Liveness."},
]
POWERTOOLS_ERRORS = ("HTTPValidationError", "ValidationError", "ResponseValidationError")


def security_schemes() -> dict[str, Any]:
    from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer

    return {
        SECURITY_SCHEME: HTTPBearer(
            description="An API key: `Authorization: Bearer <key>`. Keys are created with "
            "`python -m interview_prep.admin create-api-key --owner NAME`; every interview belongs to the key's owner."
        )
    }


def finish(document: dict[str, Any]) -> dict[str, Any]:
    """The generated document, completed (see the module's docstring). Returns the same dict, changed in place."""
    document["tags"] = TAGS
    for item in document.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") in ("header", "query"):
                    parameter["schema"] = _without_null(parameter["schema"])
            responses = operation["responses"]
            if "422" in responses and _refers_to(responses["422"], POWERTOOLS_ERRORS):
                del responses["422"]  # only on a route with no input: every other route documents its own 422
            operation["responses"] = dict(sorted(responses.items()))
    _drop_unreferenced(document)
    return document


def serialise(document: dict[str, Any]) -> str:
    """The JSON text served and committed: stable key order within objects as generated, two-space indented."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    options = schema.get("anyOf")
    if not options:
        return schema
    kept = [o for o in options if o != {"type": "null"}]
    if len(kept) != 1:
        return schema
    rest = {k: v for k, v in schema.items() if k != "anyOf"}
    return {**kept[0], **rest}


def _refers_to(node: Any, names: tuple[str, ...]) -> bool:
    text = json.dumps(node)
    return any(f'"#/components/schemas/{name}"' in text for name in names)


def _drop_unreferenced(document: dict[str, Any]) -> None:
    schemas: dict[str, Any] = document.get("components", {}).get("schemas", {})
    while True:
        outside = json.dumps({k: v for k, v in document.items() if k != "components"})
        inside = {name: json.dumps(schema) for name, schema in schemas.items()}
        used = {
            name
            for name in schemas
            if f'"#/components/schemas/{name}"' in outside
            or any(f'"#/components/schemas/{name}"' in text for other, text in inside.items() if other != name)
        }
        unused = set(schemas) - used
        if not unused:
            return
        for name in unused:
            del schemas[name]
