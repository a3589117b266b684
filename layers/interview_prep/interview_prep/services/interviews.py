"""What can be done to an interview: record, change, cancel, take notes, confirm, unsubscribe, stop its email.

The logic layer between the HTTP handlers and the store: it validates against the current record, keeps
`version` and `revision` right, and fills in the planned delivery times. It never sends anything itself:
every write lands on the table's stream, and `on_interview_change` does the rest.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from interview_prep.adapters.store import InterviewStore
from interview_prep.domain.errors import InvalidInput, StateConflict, VersionConflict, details_from
from interview_prep.domain.models import (
    DEFAULTS,
    TIMING_FIELDS,
    DeliveryKind,
    EmailStop,
    Interview,
    InterviewRequest,
    Notes,
)
from interview_prep.domain.planning import with_due_times

if TYPE_CHECKING:
    from interview_prep.domain.fields import InterviewFields

REQUIRED = ("candidate", "company", "role", "starts_at", "timezone")


def new_interview(
    request: InterviewRequest, *, owner: str, source: str, now: dt.datetime, invitation_uid: str | None = None
) -> Interview:
    """A new interview from a validated request: API ones start scheduled, web-form ones wait for confirmation.

    One recorded from a forwarded invitation (`email`) starts scheduled too: its sender followed the review link
    that only their address received, and kept that address (that is the double opt-in).
    """
    trusted = source in ("api", "email")
    interview = Interview.model_validate(
        {
            **request.model_dump(),
            "id": uuid.uuid4().hex,
            "owner": owner,
            "source": source,
            "status": "scheduled" if trusted else "pending_confirmation",
            "invitation_uid": invitation_uid,
            "created_at": now,
            "updated_at": now,
            "confirmed_at": now if trusted else None,
        },
        context={"check_future": False, "stored": True},  # validated a moment ago, as a request
    )
    return with_due_times(interview)


def record(
    store: InterviewStore,
    request: InterviewRequest,
    *,
    owner: str,
    now: dt.datetime,
    source: str = "api",
    invitation_uid: str | None = None,
) -> Interview:
    interview = new_interview(request, owner=owner, source=source, now=now, invitation_uid=invitation_uid)
    store.create(interview)
    return interview


def _revalidate(interview: Interview, changes: dict[str, Any], *, check_future: bool) -> InterviewRequest:
    merged = {**interview.request_fields(), **changes}
    try:
        return InterviewRequest.model_validate(merged, context={"check_future": check_future})
    except ValidationError as exc:
        raise InvalidInput("the interview is not valid with these changes", details_from(exc.errors())) from None


def _next(interview: Interview, now: dt.datetime, **update: Any) -> Interview:
    """The interview after a change: version bumped, updated_at set, delivery times planned again."""
    changed = interview.model_copy(update={**update, "version": interview.version + 1, "updated_at": now})
    return with_due_times(changed)


def patch(
    store: InterviewStore,
    owner: str,
    interview_id: str,
    fields: InterviewFields,
    *,
    if_match: int | None,
    now: dt.datetime,
) -> Interview:
    """Apply a partial change; a change of time bumps `revision`, which moves (or re-plans) the deliveries."""
    interview = store.get_for_owner(owner, interview_id)
    return _apply_patch(store, interview, fields, if_match=if_match, now=now)


def _check_version(interview: Interview, if_match: int | None) -> None:
    """`If-Match` honoured: a version other than the current one is a 412 (None: unconditional)."""
    if if_match is not None and if_match != interview.version:
        raise VersionConflict(f"the interview is at version {interview.version}, not {if_match}")


def _apply_patch(
    store: InterviewStore, interview: Interview, fields: InterviewFields, *, if_match: int | None, now: dt.datetime
) -> Interview:
    _check_version(interview, if_match)
    if interview.status in ("cancelled", "completed"):
        raise StateConflict(f"a {interview.status} interview cannot be changed")
    changes = fields.model_dump(exclude_unset=True)
    problems = [{"field": n, "message": "cannot be null"} for n in REQUIRED if n in changes and changes[n] is None]
    changes = {name: value for name, value in changes.items() if not (name in REQUIRED and value is None)}
    for name, default in DEFAULTS.items():
        if name in changes and changes[name] is None:
            changes[name] = default
    timing_changed = any(name in changes and changes[name] != getattr(interview, name) for name in TIMING_FIELDS)
    moved = any(name in changes and changes[name] != getattr(interview, name) for name in ("starts_at", "timezone"))
    try:
        request = _revalidate(interview, changes, check_future=moved)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, problems + exc.details) from None
    if problems:
        raise InvalidInput("required fields cannot be removed", problems)
    # A new address lifts a stop that a bounce or complaint about the old one put on the interview's email
    readdressed = request.candidate.email.lower() != interview.candidate.email.lower()
    # The candidate's calendar shows the old time from now on, until a notice (or an updated digest) reaches it.
    event_moved = (request.starts_at_utc, request.ends_at_utc) != (interview.starts_at_utc, interview.ends_at_utc)
    if event_moved and interview.calendar is not None and interview.moved_at is None:
        changes_made: dict[str, Any] = {"moved_at": now}
    else:
        changes_made = {}
    if interview.notes is not None and "interviewers" in changes:
        # A name corrected after the notes were written keeps its notes (their drafts read them by name).
        notes = interview.notes.after_people_change(interview.interviewers, request.interviewers)
        if notes is not interview.notes:
            changes_made["notes"] = notes
    updated = _next(
        interview,
        now,
        **changes_made,
        **{name: getattr(request, name) for name in InterviewRequest.model_fields},
        **({"revision": interview.revision + 1, "revised_at": now} if timing_changed else {}),
        **({"email_stopped": None} if readdressed else {}),
    )
    store.save(updated, expected_version=interview.version)
    return updated


def _change(
    store: InterviewStore, interview: Interview, changes: dict[str, Any], *, invalid: str, now: dt.datetime
) -> Interview:
    """A change made on the manage page: `changes` read as a PATCH body, then the same rules as a PATCH."""
    from interview_prep.domain.fields import InterviewFields  # what changes fields loads them (cold start)

    try:
        fields = InterviewFields.model_validate(changes)
    except ValidationError as exc:
        raise InvalidInput(invalid, details_from(exc.errors())) from None
    return _apply_patch(store, interview, fields, if_match=None, now=now)


def reschedule(
    store: InterviewStore, interview: Interview, *, starts_at: str, timezone: str, now: dt.datetime
) -> Interview:
    """Move the interview (the manage page's form): the same rules as a PATCH of `starts_at` and `timezone`."""
    changes = {"starts_at": starts_at, "timezone": timezone}
    return _change(store, interview, changes, invalid="the new date is not valid", now=now)


def change_interviewers(
    store: InterviewStore, interview: Interview, people: list[dict[str, Any]], *, now: dt.datetime
) -> Interview:
    """Set who the candidate meets (the manage page's form): the same rules as a PATCH of `interviewers`."""
    return _change(store, interview, {"interviewers": people}, invalid="the interviewers are not valid", now=now)


def cancel(store: InterviewStore, interview: Interview, *, now: dt.datetime, if_match: int | None = None) -> Interview:
    """Cancel: pending deliveries are withdrawn (by the stream handler); the record stays as `cancelled`."""
    _check_version(interview, if_match)
    if interview.status == "cancelled":
        return interview
    if interview.status == "completed":
        raise StateConflict("a completed interview cannot be cancelled")
    updated = _next(interview, now, status="cancelled", cancelled_at=now)
    store.save(updated, expected_version=interview.version)
    return updated


def put_notes(
    store: InterviewStore, interview: Interview, notes: Notes, *, now: dt.datetime, if_match: int | None = None
) -> Interview:
    """Store the candidate's notes; each named person must be one of the interview's interviewers, and notes for the
    hiring team (`team`) are taken only when the interview names no one (else no draft would use them), or when
    they were written before people were named (kept, changed or emptied while the candidate moves them)."""
    _check_version(interview, if_match)
    known = {i.name.casefold() for i in interview.interviewers}
    unknown = [
        {"field": f"interviewers[{n}].name", "message": "is not one of this interview's interviewers"}
        for n, entry in enumerate(notes.interviewers)
        if entry.name.casefold() not in known
    ]
    if unknown:
        raise InvalidInput("the notes name someone who is not an interviewer", unknown)
    if notes.team is not None and interview.interviewers and interview.team_notes_left is None:
        # Once people are named, team notes written before can be kept, changed or emptied, never started.
        message = "is only for an interview that names no interviewer: note each person under interviewers"
        raise InvalidInput("the interview names its interviewers", [{"field": "team", "message": message}])
    if interview.status == "cancelled":
        raise StateConflict("a cancelled interview takes no notes")
    updated = _next(interview, now, notes=notes)
    store.save(updated, expected_version=interview.version)
    return updated


def mutate(
    store: InterviewStore,
    interview_id: str,
    change: Callable[[Interview], Interview | None],
    *,
    attempts: int = 8,
    read: Interview | None = None,
) -> Interview | None:
    """Apply `change` until the conditional write wins (the service's own writes never lose a race).

    `read` is the interview as the caller just read it: the first attempt writes on its version without
    reading again, and only a conflict costs a re-read. `change` returns the new interview, or None to leave
    it as it is. Returns what was written (or None).
    """
    for attempt in range(attempts):
        current = read if attempt == 0 and read is not None else store.get(interview_id)
        if current is None:
            return None
        updated = change(current)
        if updated is None:
            return None
        try:
            store.save(updated, expected_version=current.version)
            return updated
        except VersionConflict:
            continue
    raise VersionConflict("the interview kept changing; try again")


def confirm(store: InterviewStore, interview_id: str, *, now: dt.datetime) -> Interview | None:
    """Double opt-in: a pending interview becomes scheduled (its digest and thank-you get planned)."""

    def change(interview: Interview) -> Interview | None:
        if interview.status != "pending_confirmation":
            return None
        return _next(interview, now, status="scheduled", confirmed_at=now)

    return mutate(store, interview_id, change) or store.get(interview_id)


def unsubscribe(store: InterviewStore, interview_id: str, *, now: dt.datetime) -> Interview | None:
    """Stop every further email about this interview, at once."""

    def change(interview: Interview) -> Interview | None:
        if interview.unsubscribed_at is not None:
            return None
        return _next(interview, now, unsubscribed_at=now)

    return mutate(store, interview_id, change) or store.get(interview_id)


StopResult = Literal["stopped", "already_stopped", "address_changed", "not_found"]


def stop_email(
    store: InterviewStore,
    interview_id: str,
    *,
    reason: Literal["bounced", "complained"],
    kind: DeliveryKind | None,
    recipients: tuple[str, ...],
    now: dt.datetime,
) -> StopResult:
    """No more email about this interview: SES reported a hard bounce of, or a complaint from, its address.

    Only when the report is about the interview's current address (`recipients`, from the report); the first
    report is kept. The stream then withdraws the pending schedules, and a delivery firing before that skips.
    """
    outcome: list[StopResult] = []

    def change(interview: Interview) -> Interview | None:
        if interview.email_stopped is not None:
            outcome.append("already_stopped")
            return None
        if interview.candidate.email.lower() not in {r.lower() for r in recipients}:
            outcome.append("address_changed")
            return None
        outcome.clear()
        return _next(interview, now, email_stopped=EmailStop(reason=reason, at=now, kind=kind))

    if mutate(store, interview_id, change) is not None:
        return "stopped"
    return outcome[-1] if outcome else "not_found"
