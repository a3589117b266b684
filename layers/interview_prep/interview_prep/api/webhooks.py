"""The webhook routes of the JSON API: an API key registers, lists and removes HTTPS endpoints for its events.

They have a router of their own, which the resolver includes at the first request under `/v1/webhooks`
(`http_app.resolve`) and before the OpenAPI document is written: a request for an interview never loads them.
"""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from pydantic import BaseModel, ConfigDict, Field

from interview_prep.api import docs
from interview_prep.api.responses import error_responses as _error_responses
from interview_prep.api.responses import json_response as _json
from interview_prep.api.routes import BEARER, ID_PATTERN, owner, require_object
from interview_prep.domain import clock

# --- webhooks ---------------------------------------------------------------------------------------------------

WEBHOOKS = ["Webhooks"]

router = APIGatewayRouter()


# The body of `POST /v1/webhooks`: it validates requests, so it lives here rather than in `api.schemas` (no docstring:
# pydantic would make it the schema's description).
class WebhookRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True, defer_build=True)

    url: str = Field(
        min_length=9,
        max_length=500,
        description="An https:// URL on a public address (private, loopback and link-local addresses are refused).",
        examples=["https://ats.example.com/hooks/interview-prep"],
    )


WebhookId = Annotated[str, Path(description="The webhook's id.", pattern=ID_PATTERN)]


@router.post(
    "/v1/webhooks",
    summary="Register an HTTPS endpoint for the events about your interviews",
    description="Each event is POSTed as `{type, timestamp, data}`, signed per Standard Webhooks (`webhook-id`, "
    "`webhook-timestamp`, `webhook-signature`) with the secret returned here, once. Failed deliveries are retried "
    "with back-off for hours; a receiver gets each event once (`webhook-id` is the same on every retry).",
    operation_id="createWebhook",
    tags=WEBHOOKS,
    security=BEARER,
    responses={
        201: {"description": "Registered.", "content": {"application/json": docs.body("WebhookCreated")}},
        **_error_responses(400, 409, 422),
    },
)
def create_webhook(
    request: Annotated[
        WebhookRequest, Body(openapi_examples={"ats": {"value": {"url": "https://ats.example.com/hooks/prep"}}})
    ],
) -> Response[Any]:
    from interview_prep.services import webhooks

    require_object()
    return _json(webhooks.register(owner(), request.url, now=clock.now()), 201)


@router.get(
    "/v1/webhooks",
    summary="Your registered endpoints",
    operation_id="listWebhooks",
    tags=WEBHOOKS,
    security=BEARER,
    responses={
        200: {
            "description": "Every endpoint (without secrets).",
            "content": {"application/json": docs.body("WebhookList")},
        },
        **_error_responses(),
    },
)
def list_webhooks() -> Response[Any]:
    from interview_prep.services import webhooks

    return _json({"items": webhooks.endpoints(owner())})


@router.delete(
    "/v1/webhooks/<webhook_id>",
    summary="Stop sending events to an endpoint",
    operation_id="deleteWebhook",
    tags=WEBHOOKS,
    security=BEARER,
    responses={204: {"description": "Deleted."}, **_error_responses(404, 422)},
)
def delete_webhook(webhook_id: WebhookId) -> Response[Any]:
    from interview_prep.services import webhooks

    webhooks.delete(owner(), webhook_id)
    return Response(204, None, None, headers={"Cache-Control": "no-store"})
