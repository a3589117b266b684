"""Response shapes, for the OpenAPI document only (`api.docs`): the responses themselves are built by the models, and
answering a request never imports this module.

No `from __future__ import annotations`, as in `domain.models`: pydantic then reads each annotation as an object.
"""

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, RootModel, create_model

from interview_prep.domain.models import DeliveryKind, InterviewRequest, Notes, Status

# Only the OpenAPI document uses these models: their schemas are built when it is first asked for, not at import.
_DOCS = ConfigDict(defer_build=True)


class ErrorDetail(BaseModel):
    model_config = _DOCS

    field: str = Field(description="Path of the invalid field, e.g. `interviewers[0].relationship`.")
    message: str


class ErrorInfo(BaseModel):
    model_config = _DOCS

    code: str = Field(
        description="validation_error, bad_request, unauthorized, not_found, conflict, precondition_failed, "
        "payload_too_large, rate_limited or invitation_not_usable."
    )
    message: str
    details: list[ErrorDetail] = Field(default_factory=list)


class ErrorBody(BaseModel):
    model_config = _DOCS

    error: ErrorInfo


class DeliveryTimes(BaseModel):
    model_config = _DOCS

    due_at: AwareDatetime | None = Field(
        description="When the email is due (ISO 8601 with offset), or null when nothing is due: not planned, or "
        "sent and not due again. Fixed by the writes that change timing; other writes never move it."
    )
    sent_at: AwareDatetime | None = Field(description="When it was last sent, or null.")


class EmailStopped(BaseModel):
    model_config = _DOCS

    reason: Literal["bounced", "complained"] = Field(
        description="`bounced`: the candidate's address does not accept email (a hard bounce); `complained`: the "
        "candidate marked an email as spam. No further email is sent about this interview until its "
        "`candidate.email` is changed."
    )
    at: AwareDatetime = Field(description="When SES reported it (ISO 8601 with offset).")
    kind: DeliveryKind | None = Field(description="The email that bounced or was reported, when known.")


InterviewResource = create_model(  # the request's fields (with defaults filled), plus what the service adds
    "InterviewResource",
    __config__=_DOCS,
    __doc__="An interview as the API returns it.",
    **{name: (field.annotation, field) for name, field in InterviewRequest.model_fields.items()},  # type: ignore[call-overload]
    id=(str, ...),
    status=(Status, ...),
    ends_at=(AwareDatetime, Field(description="ISO 8601 with the interview zone's offset.")),
    starts_at_utc=(AwareDatetime, Field(description="The start in UTC.")),
    digest=(DeliveryTimes, ...),
    thank_you=(DeliveryTimes, ...),
    notice=(
        DeliveryTimes,
        Field(
            description="The notice of a move, sent when the interview moves after the candidate received its "
            "calendar event (an .ics that updates it): due a couple of minutes after the last move."
        ),
    ),
    cancellation=(
        DeliveryTimes,
        Field(description="The notice of a cancellation, with an .ics that removes the event from the calendar."),
    ),
    notes=(Notes | None, ...),
    unsubscribed_at=(AwareDatetime | None, Field(description="When the candidate unsubscribed, or null.")),
    email_stopped=(
        EmailStopped | None,
        Field(description="Set when SES reported a hard bounce of, or a complaint from, the candidate's address."),
    ),
    version=(int, Field(description="Send it back as `If-Match` to make a change conditional.")),
    created_at=(AwareDatetime, ...),
    updated_at=(AwareDatetime, ...),
)


class InterviewList(BaseModel):
    model_config = _DOCS

    items: list[InterviewResource]
    next: str | None = Field(description="Cursor for the next page, or null on the last page.")


class HealthBody(BaseModel):
    model_config = _DOCS

    status: str = Field(examples=["ok"])
    time: AwareDatetime = Field(description="The service's clock, UTC.")


class InvitationEvent(BaseModel):
    model_config = _DOCS

    uid: str | None = Field(description="The calendar event's UID.")
    sequence: int = Field(description="Its SEQUENCE: above 0 for an updated invitation.")
    starts_at_utc: str | None = Field(description="The start instant (ISO 8601, UTC), when the zone is known.")


class ParsedInvitation(BaseModel):
    model_config = _DOCS

    draft: dict[str, object] = Field(
        description="The fields found, in the shape of POST /v1/interviews (each valid on its own); `candidate` may "
        "lack `name` and each interviewer lacks `relationship` until a person adds them."
    )
    missing: list[str] = Field(
        description="Fields still to fill in, as paths (`role`, `interviewers[0].relationship`)."
    )
    warnings: list[str] = Field(description="What a person should check (a guessed zone, a place and a link…).")
    event: InvitationEvent


class Draft(BaseModel):
    model_config = _DOCS

    interviewer: str | None = Field(description="Who the draft is for (null for the general draft).")
    subject: str
    body: str


class DraftsBody(RootModel[list[Draft]]):
    """The drafts, one per interviewer."""

    model_config = _DOCS


class Webhook(BaseModel):
    model_config = _DOCS

    id: str
    url: str
    created_at: AwareDatetime


class WebhookCreated(Webhook):
    secret: str = Field(
        description="`whsec_<base64>`: verifies the `webhook-signature` of each delivery (Standard Webhooks). Shown "
        "only now: store it."
    )


class WebhookList(BaseModel):
    model_config = _DOCS

    items: list[Webhook]
