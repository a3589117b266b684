"""Response shapes, for the OpenAPI document (the responses themselves are built by the models)."""

from __future__ import annotations

from pydantic import BaseModel, Field, RootModel, create_model

from interview_prep.models import InterviewRequest, Notes, Status


class ErrorDetail(BaseModel):
    field: str = Field(description="Path of the invalid field, e.g. `interviewers[0].relationship`.")
    message: str


class ErrorInfo(BaseModel):
    code: str = Field(
        description="validation_error, bad_request, unauthorized, not_found, conflict, precondition_failed, "
        "payload_too_large or rate_limited."
    )
    message: str
    details: list[ErrorDetail] = Field(default_factory=list)


class ErrorBody(BaseModel):
    error: ErrorInfo


class DeliveryTimes(BaseModel):
    due_at: str | None = Field(description="When the email is planned (ISO 8601 with offset), or null.")
    sent_at: str | None = Field(description="When it was sent, or null.")


InterviewResource = create_model(  # the request's fields (with defaults filled), plus what the service adds
    "InterviewResource",
    __doc__="An interview as the API returns it.",
    **{name: (field.annotation, field) for name, field in InterviewRequest.model_fields.items()},  # type: ignore[call-overload]
    id=(str, ...),
    status=(Status, ...),
    ends_at=(str, Field(description="ISO 8601 with the interview zone's offset.")),
    starts_at_utc=(str, ...),
    digest=(DeliveryTimes, ...),
    thank_you=(DeliveryTimes, ...),
    notes=(Notes | None, ...),
    unsubscribed_at=(str | None, ...),
    version=(int, Field(description="Send it back as `If-Match` to make a change conditional.")),
    created_at=(str, ...),
    updated_at=(str, ...),
)


class InterviewList(BaseModel):
    items: list[InterviewResource]
    next: str | None = Field(description="Cursor for the next page, or null on the last page.")


class HealthBody(BaseModel):
    status: str
    time: str


class Draft(BaseModel):
    interviewer: str | None = Field(description="Who the draft is for (null for the general draft).")
    subject: str
    body: str


class DraftsBody(RootModel[list[Draft]]):
    """The drafts, one per interviewer."""
