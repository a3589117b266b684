"""Starting from the invitation on the web: upload or paste it, and the form comes back filled in.

- `POST /invitation` (multipart: an `.ics` or `.eml` file, or pasted text): the record form, pre-filled with
  what the invitation says, the fields it does not say highlighted, and what to check listed above. Nothing
  is stored: the person reviews the form and records it as usual (then confirms by email).
- `GET /review/{token}`: the same pre-filled form for an invitation forwarded by email, from the link in the
  review email. `POST /review/{token}` records it; as the link reached the address that forwarded it, keeping
  that address confirms it at once (a changed address gets the usual confirmation email instead).
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response

from interview_prep.adapters.store import interview_store
from interview_prep.domain import clock, i18n
from interview_prep.domain.errors import InvalidToken, PayloadTooLarge
from interview_prep.domain.i18n import N_, Locale, Said, said_in
from interview_prep.services import interviews, tokens
from interview_prep.web import UPLOAD_PATH
from interview_prep.web.confirm import _mint_manage
from interview_prep.web.csrf import csrf_ok
from interview_prep.web.form import FormInput, _blank_row, _empty_input, _form_page, _over_limits, read_submission
from interview_prep.web.form_view import DEFAULTS, LABELS, TEXT_FIELDS
from interview_prep.web.pages import (
    MAX_ROWS,
    form_body,
    logger,
    message_page,
    page,
    page_locale,
    redirect,
    root_path,
    router,
    say,
    token_problem,
)

MAX_UPLOAD_BYTES = 300 * 1024  # the invitation's 256 KiB, and the multipart envelope around it
UPLOAD_FIELDS = ("invitation_file", "invitation_text", "timezone", "csrf_token")


def _multipart() -> dict[str, bytes]:
    """The fields of a multipart/form-data body (files as bytes), parsed by the standard `email` package."""
    import base64
    from email.parser import BytesParser
    from email.policy import HTTP

    event = router.current_event
    content_type = event.headers.get("content-type", "")
    if not content_type.lower().startswith("multipart/form-data"):
        return {name: value[-1].encode() for name, value in form_body().items()}
    body = event.body or ""
    raw = base64.b64decode(body) if event.is_base64_encoded else body.encode("utf-8", "surrogateescape")
    if len(raw) > MAX_UPLOAD_BYTES:
        raise PayloadTooLarge(Said("The file is larger than 256 KiB: upload the invitation (.ics) alone."))
    envelope = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1", "replace")
    message = BytesParser(policy=HTTP).parsebytes(envelope + raw)
    fields: dict[str, bytes] = {}
    if not message.is_multipart():
        return fields
    for part in message.iter_parts():  # type: ignore[attr-defined]
        name = part.get_param("name", header="content-disposition")
        if isinstance(name, str) and name in UPLOAD_FIELDS and name not in fields:
            payload = part.get_payload(decode=True)
            fields[name] = payload if isinstance(payload, bytes) else b""
    return fields


def _as_form(fields: dict[str, bytes]) -> dict[str, list[str]]:
    return {name: [value.decode("utf-8", "replace")] for name, value in fields.items() if name != "invitation_file"}


# --- the draft as the form ------------------------------------------------------------------------------------

MISSING_SAYS = N_("%(label)s: the invitation does not say: please fill it in.")
ASSUMED_SAYS = {
    "round": N_("%(label)s: the invitation does not say which round this is: 2 is assumed, change it if needed."),
    "format": N_(
        "%(label)s: the invitation does not say how it takes place: in person is assumed, change it if needed."
    ),
}
NO_LINK_SAYS = N_("%(label)s: the invitation holds no meeting link: add it if you have it.")
NO_ROLE_SAYS = N_("Interviewer %(number)s: choose their role in the hiring (the invitation does not say).")


def draft_input(draft: dict[str, Any], language: str = "en") -> FormInput:
    """The record form's values for a draft interview (what the invitation said, defaults elsewhere); the emails'
    `language` preset to the page's."""
    values = {name: DEFAULTS.get(name, "") for name in TEXT_FIELDS}
    values["language"] = language
    candidate, company = draft.get("candidate") or {}, draft.get("company") or {}
    pairs = {
        "candidate.name": candidate.get("name"),
        "candidate.email": candidate.get("email"),
        "company.name": company.get("name"),
        "company.website": company.get("website"),
        "role": draft.get("role"),
        "round": draft.get("round"),
        "timezone": draft.get("timezone"),
        "duration_minutes": draft.get("duration_minutes"),
        "format": draft.get("format"),
        "location": draft.get("location"),
    }
    values.update({name: str(value) for name, value in pairs.items() if value is not None})
    if draft.get("starts_at"):
        values["starts_at.date"], _, values["starts_at.time"] = str(draft["starts_at"]).partition("T")
        values["starts_at.time"] = values["starts_at.time"][:5]
    rows = [{**_blank_row(), "name": person["name"]} for person in draft.get("interviewers", [])][:MAX_ROWS]
    if len(rows) < MAX_ROWS:
        rows.append(_blank_row())
    return FormInput(values, [], rows)


def missing_marks(missing: list[str], locale: Locale = i18n.ENGLISH) -> dict[str, list[str]]:
    """The missing fields, marked at their places on the form (highlighted, each saying what to do)."""
    marks: dict[str, list[str]] = {}
    for field in missing:
        label = say(LABELS[field], locale) if field in LABELS else field
        if field.startswith("interviewers["):
            number = int(field[len("interviewers[") : field.index("]")]) + 1
            marks[field] = [say(NO_ROLE_SAYS, locale, number=number)]
        elif field in ("starts_at", "timezone", "candidate.name", "candidate.email", "company.name", "role"):
            marks[field] = [say(MISSING_SAYS, locale, label=label)]
        elif field in ASSUMED_SAYS:
            marks[field] = [say(ASSUMED_SAYS[field], locale, label=label)]
        elif field == "location":
            marks[field] = [say(NO_LINK_SAYS, locale, label=label)]
    return marks


def _prefilled(
    draft: dict[str, Any],
    missing: list[str],
    warnings: list[Any],
    *,
    action: str = "/",
    review: bool = False,
    locale: Locale | None = None,
) -> Response[str]:
    """The form filled in from an invitation, in `locale` (the page's by default): its warnings (`Said` or kept
    as a record stores them) said in it too."""
    locale = locale or page_locale()
    return _form_page(
        draft_input(draft, locale.language),
        missing_marks(missing, locale),
        action=action,
        imported={"warnings": [said_in(warning, locale) for warning in warnings]},
        review=review,
        locale=locale,
    )


# --- upload or paste ------------------------------------------------------------------------------------------


@router.post(UPLOAD_PATH, include_in_schema=False)
def read_uploaded_invitation() -> Response[str]:
    from interview_prep.domain.invitations import InvitationNotUsable, read_invitation

    def refused(message: str, status: int = 422) -> Response[str]:
        said = said_in(message, page_locale()) if isinstance(message, Said) else say(message)
        return _form_page(_empty_input(), import_errors={"invitation": [said]}, status=status, fresh=True)

    try:
        fields = _multipart()
    except PayloadTooLarge as exc:
        return refused(exc.message, 413)
    if not csrf_ok(_as_form(fields)):
        return refused(N_("For your safety this form expired. Nothing was read: choose the file again."), 403)
    data = fields.get("invitation_file") or fields.get("invitation_text", b"").strip()
    if not data:
        return refused(N_("Choose the invitation file, or paste its text."))
    zone = fields.get("timezone", b"").decode("utf-8", "replace").strip() or None
    try:
        invitation = read_invitation(data, default_zone=zone)
    except (InvitationNotUsable, PayloadTooLarge) as exc:
        return refused(exc.message, 413 if isinstance(exc, PayloadTooLarge) else 422)
    if invitation.cancelled:
        return refused(N_("This is a cancellation of an event, not an invitation to it."))
    logger.info("invitation read for the web form", extra={"missing": len(invitation.missing)})
    return _prefilled(invitation.draft, invitation.missing, invitation.warnings)


# --- the review link of a forwarded invitation ------------------------------------------------------------------


def _draft(token: str) -> tuple[str, dict[str, Any]] | Response[str]:
    import json

    store = interview_store()
    try:
        draft_id = tokens.resolve(store, token, purpose="review", now=clock.now())
    except InvalidToken as exc:
        return token_problem(exc, "review")
    item = store.get_invitation_draft(draft_id)
    if item is None:
        return message_page(
            404, N_("This invitation is no longer here"), N_("Forward the invitation again to get a new link.")
        )
    if item.get("interview_id"):
        return message_page(
            409,
            N_("This invitation is already recorded"),
            N_("You completed and confirmed it already: the emails about it come from there."),
            hint=N_("To change it, use the manage link in the email you receive before the interview."),
        )
    return draft_id, {**json.loads(str(item["doc"])), "sender": str(item["sender"])}


@router.get("/review/<token>", include_in_schema=False)
def review_page(token: str) -> Response[str]:
    found = _draft(token)
    if isinstance(found, Response):
        return found
    _, body = found
    warnings = body.get("warnings_said") or body["warnings"]  # drafts kept before the first held English only
    return _prefilled(
        body["draft"], body["missing"], warnings, action=f"/review/{token}", review=True, locale=_review_locale(body)
    )


def _review_locale(body: dict[str, Any]) -> Locale:
    """The review page's language: the visitor's choice (the French review email's link makes it), in the region
    of the invitation's time zone when it has one (Québec French for a zone in Canada)."""
    locale = page_locale()
    zone = (body.get("draft") or {}).get("timezone")
    return i18n.locale_for(locale.language, zone) if locale.french and zone else locale


@router.post("/review/<token>", include_in_schema=False)
def review_submit(token: str) -> Response[str]:
    from interview_prep.services.inbound import email_owner

    found = _draft(token)
    if isinstance(found, Response):
        return found
    draft_id, body = found
    options: dict[str, Any] = {"action": f"/review/{token}", "review": True, "locale": _review_locale(body)}
    entered, request = read_submission(form_body(), **options)
    if isinstance(request, Response):
        return request
    store, now, sender = interview_store(), clock.now(), body["sender"]
    same_address = request.candidate.email.casefold() == sender.casefold()
    if not same_address:
        refused = _over_limits(request.candidate.email)
        if refused is not None:
            return _form_page(entered, refused, status=429, **options)
    interview = interviews.new_interview(
        request,
        owner=email_owner(sender) if same_address else "web",
        source="email" if same_address else "web",
        now=now,
        invitation_uid=body.get("event", {}).get("uid"),
    )
    if not store.use_invitation_draft(draft_id, interview_id=interview.id):
        return message_page(409, N_("This invitation is already recorded"), N_("It was completed a moment ago."))
    store.create(interview)
    logger.info("interview recorded from a forwarded invitation", extra={"interview_id": interview.id})
    if not same_address:  # a new address confirms itself, as on the form
        return page("page_sent.html.j2", email=interview.candidate.email)
    return redirect(f"{root_path()}/manage/{_mint_manage(store, interview)}?done=confirmed")
