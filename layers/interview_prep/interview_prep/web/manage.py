"""The manage page: status, when each email goes out, digest preview, reschedule, cancel, notes, drafts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.event_handler import Response

from interview_prep.adapters.store import interview_store
from interview_prep.domain import clock
from interview_prep.domain.errors import DomainError, InvalidInput, InvalidToken, details_from
from interview_prep.domain.i18n import LANGUAGE_NAMES, LANGUAGES, N_
from interview_prep.domain.language import in_sentence
from interview_prep.domain.names import as_said
from interview_prep.domain.planning import with_due_times
from interview_prep.services import interviews, tokens
from interview_prep.web.csrf import csrf_for_request, csrf_ok
from interview_prep.web.deliveries_view import delivery_rows
from interview_prep.web.form_view import FORMATS, INCLUDES, LABELS, RELATIONSHIPS, FormView, add_error, readable
from interview_prep.web.notes_form import (
    TEAM,
    nonblank_lines,
    notes_entry,
    notes_place,
    notes_view,
    question_rows,
    team_boxes,
)
from interview_prep.web.pages import (
    HTML,
    LANG_PARAM,
    MAX_ROWS,
    PREVIEW_CSP,
    form_body,
    gone_page,
    one_value,
    page,
    page_locale,
    redirect,
    root_path,
    router,
    say,
    security_headers,
    token_problem,
)
from interview_prep.web.people_form import people_view
from interview_prep.web.summary import people_listed, salary_text, team_company
from interview_prep.web.zones import local_when, zone_groups, zone_label

if TYPE_CHECKING:
    from interview_prep.domain.models import Interview

# --- manage ----------------------------------------------------------------------------------------------------

DONE = {
    "confirmed": N_("Thank you: your address is confirmed. Your prep digest and thank-you drafts are scheduled."),
    "opened": N_("Your address was already confirmed: here is your interview."),
    "rescheduled": N_("The interview was moved. The emails follow the new time."),
    "cancelled": N_("The interview is cancelled. No more emails will be sent about it."),
    "notes": N_("Your notes are saved. The thank-you drafts use them."),
    "language": N_("Done: the emails and drafts about this interview are now written in this language."),
    "people": N_("Saved: your digest, guide and thank-you drafts follow the people you meet."),
}
STATUS_LABELS = {
    "pending_confirmation": N_("Waiting for you to confirm your address"),
    "scheduled": N_("Scheduled"),
    "cancelled": N_("Cancelled"),
    "completed": N_("Completed"),
}
STOPPED_KIND = {
    "confirmation": N_("confirmation email"),
    "digest": N_("prep digest"),
    "thank_you": N_("thank-you drafts"),
}


def resolve_manage(token: str) -> tuple[Interview | None, Response[str] | None]:
    now, store = clock.now(), interview_store()
    try:
        interview_id = tokens.resolve(store, token, purpose="manage", now=now)
    except InvalidToken as exc:
        return None, token_problem(exc, "manage")
    interview = store.get(interview_id)
    if interview is None:
        return None, gone_page()
    return interview, None


def _reschedule_view(
    interview: Interview, values: dict[str, str] | None = None, errors: dict[str, list[str]] | None = None
) -> FormView:
    start = interview.starts_at_local
    defaults = {
        "starts_at.date": f"{start:%Y-%m-%d}",
        "starts_at.time": f"{start:%H:%M}",
        "timezone": interview.timezone,
    }
    view = FormView("r", values or defaults, errors or {})
    view.anchors = {"starts_at": view.id("starts_at.date"), "form": view.id("starts_at.date")}
    return view


def _manage_page(
    token: str,
    interview: Interview,
    *,
    status: int = 200,
    done: str | None = None,
    problem: str | None = None,
    reschedule: FormView | None = None,
    notes: FormView | None = None,
    people: tuple[FormView, list[dict[str, Any]]] | None = None,
) -> Response[str]:
    now = clock.now()
    changeable = interview.status in ("pending_confirmation", "scheduled") and now < interview.ends_at_utc
    started = now >= interview.starts_at_utc
    ended = now >= interview.ends_at_utc
    drafts = []
    if ended and interview.status != "cancelled":
        from interview_prep.domain.drafts import build_drafts

        drafts = build_drafts(interview)
    from interview_prep.domain.digest import duration_text, when_line

    locale = page_locale(interview)
    # The page's facts in the page's language (the drafts stay in the interview's: they are what will be sent).
    shown = (
        interview
        if locale.language == interview.language
        else interview.model_copy(update={"language": locale.language})
    )
    stopped = interview.email_stopped
    return page(
        "page_manage.html.j2",
        status,
        csrf=csrf_for_request(),
        locale=locale,
        token=token,
        i=interview,
        when=when_line(shown),
        duration=duration_text(interview.duration_minutes, locale),
        format_label=say(dict(FORMATS).get(interview.format, interview.format), locale),
        includes_labels=[say(dict(INCLUDES)[x], locale) for x in interview.includes],
        people_listed=people_listed(interview, locale),
        status_label=say(STATUS_LABELS[interview.status], locale),
        deliveries=delivery_rows(interview, locale),
        unsubscribed_when=local_when(interview.unsubscribed_at, interview, locale),
        stopped_when=local_when(stopped.at, interview, locale) if stopped else None,
        stopped_kind=say(STOPPED_KIND.get(stopped.kind or "", N_("email")), locale) if stopped else None,
        salary_range=salary_text(interview, locale),
        team_company=team_company(interview, locale),
        language_choices=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        done=say(DONE[done], locale) if done in DONE else None,
        problem=problem,
        changeable=changeable,
        show_notes=started and interview.status != "cancelled",
        question_rows=question_rows(interview),
        drafts=drafts,
        # Whom each draft is to, as a sentence says it: « Pour le Dr Paul Roux » in French (`language.in_sentence`).
        drafts_to=[in_sentence(d.interviewer, french=locale.french) if d.interviewer else None for d in drafts],
        # Whom each box of notes is about, as the drafts name them: "With the Senior Data Engineer" for someone typed
        # "TBC", "With Marie Dupont" for « Marie DUPONT » (`names.as_said`).
        notes_about=[in_sentence(p.name, french=locale.french) for p in as_said(interview)[0].interviewers],
        reschedule=reschedule or _reschedule_view(interview),
        notes=notes or notes_view(interview),
        people=people or people_view(interview),
        relationships=RELATIONSHIPS,
        max_rows=MAX_ROWS,
        zones=zone_groups(),
        zone_label=zone_label,
    )


@router.get("/manage/<token>", include_in_schema=False)
def manage_page(token: str) -> Response[str]:
    interview, problem = resolve_manage(token)
    if interview is None:
        return problem  # type: ignore[return-value]
    done = router.current_event.get_query_string_value("done")
    return _manage_page(token, interview, done=done)


@router.get("/manage/<token>/digest", include_in_schema=False)
def digest_preview(token: str) -> Response[str]:
    interview, problem = resolve_manage(token)
    if interview is None:
        return problem  # type: ignore[return-value]
    from interview_prep.domain.digest import render_digest
    from interview_prep.services.links import base_url, manage_links

    # Opened with the candidate's own manage token: the preview's links are real ones that work.
    email = render_digest(interview, manage_links(base_url(router.current_event), token), clock.now())
    return Response(200, HTML, email.html, headers=security_headers(PREVIEW_CSP))


@router.get("/manage/<token>/calendar.ics", include_in_schema=False)
def calendar_download(token: str) -> Response[str]:
    """ "Add to calendar": the event as it is now. From then on the candidate holds it, so a move or a cancellation
    is told to them by email, with an .ics that updates it."""
    interview, problem = resolve_manage(token)
    if interview is None:
        return problem  # type: ignore[return-value]
    from interview_prep.domain.calendar import build_ics

    now = clock.now()
    if interview.status in ("pending_confirmation", "scheduled"):

        def hold(current: Interview) -> Interview | None:
            if current.status not in ("pending_confirmation", "scheduled") or not _news(current):
                return None
            held = current.holding(now)
            return with_due_times(held.model_copy(update={"version": current.version + 1, "updated_at": now}))

        interview = interviews.mutate(interview_store(), interview.id, hold, read=interview) or interview
    body = build_ics(interview, cancelled=interview.status == "cancelled").decode()
    headers = {**security_headers(), "Content-Disposition": 'attachment; filename="interview.ics"'}
    return Response(200, "text/calendar; charset=utf-8", body, headers=headers)


def _news(interview: Interview) -> bool:
    """True when the download gives the candidate an event other than the one they already hold."""
    from interview_prep.domain.calendar import sequence

    held = interview.calendar
    now_event = (sequence(interview), interview.starts_at_utc, interview.ends_at_utc)
    return held is None or (held.sequence, held.starts_at_utc, held.ends_at_utc) != now_event


@router.get("/manage/<token>/guide", include_in_schema=False)
def guide_page(token: str) -> Response[str]:
    """The full prep guide: everything selected for the interview, without the email's word budget."""
    interview, problem = resolve_manage(token)
    if interview is None:
        return problem  # type: ignore[return-value]
    from interview_prep.domain.digest import render_guide  # the playbook loads only for the pages that use it
    from interview_prep.services.links import base_url, manage_links

    guide = render_guide(interview, manage_links(base_url(router.current_event), token), clock.now())
    return Response(200, HTML, guide.html, headers=security_headers(PREVIEW_CSP))


def _manage_post(token: str, act: Callable[[Interview, dict[str, list[str]]], Response[str]]) -> Response[str]:
    """A change from the manage page: CSRF checked, token resolved, the change made, then 303 (or the page again)."""
    interview, problem = resolve_manage(token)
    if interview is None:
        return problem  # type: ignore[return-value]
    form = form_body()
    if not csrf_ok(form):
        message = say(
            "For your safety this form expired. Nothing was changed: please try again.", page_locale(interview)
        )
        return _manage_page(token, interview, status=403, problem=message)
    try:
        return act(interview, form)
    except DomainError as exc:
        return _manage_page(
            token, interview_store().get(interview.id) or interview, status=exc.status, problem=_domain_message(exc)
        )


def _domain_message(exc: DomainError) -> str:
    if exc.code == "precondition_failed":
        return say("The interview changed while you were looking at it. Here it is as it is now: please try again.")
    if exc.code == "conflict":
        return say("That change is not possible: %(reason)s.", reason=exc.message)
    return exc.message[:1].upper() + exc.message[1:] + "."


@router.post("/manage/<token>/reschedule", include_in_schema=False)
def reschedule(token: str) -> Response[str]:
    def act(interview: Interview, form: dict[str, list[str]]) -> Response[str]:
        values = {name: one_value(form, name) for name in ("starts_at.date", "starts_at.time", "timezone")}
        date, time = values["starts_at.date"].strip(), values["starts_at.time"].strip()
        try:
            if not (date and time):
                raise InvalidInput("incomplete", [{"field": "starts_at", "message": "needs both a date and a time"}])
            interviews.reschedule(
                interview_store(),
                interview,
                starts_at=f"{date}T{time}",
                timezone=values["timezone"].strip(),
                now=clock.now(),
            )
        except InvalidInput as exc:
            errors: dict[str, list[str]] = {}
            for detail in exc.details or [{"field": "starts_at", "message": exc.message}]:
                place = "timezone" if detail["field"].startswith("timezone") else "starts_at"
                locale = page_locale(interview)
                add_error(errors, place, f"{say(LABELS[place], locale)} {readable(detail['message'], locale)}")
            view = _reschedule_view(interview, values, errors)
            return _manage_page(token, interview, status=422, reschedule=view)
        return redirect(f"{root_path()}/manage/{token}?done=rescheduled")

    return _manage_post(token, act)


@router.post("/manage/<token>/cancel", include_in_schema=False)
def cancel(token: str) -> Response[str]:
    def act(interview: Interview, form: dict[str, list[str]]) -> Response[str]:
        interviews.cancel(interview_store(), interview, now=clock.now())
        return redirect(f"{root_path()}/manage/{token}?done=cancelled")

    return _manage_post(token, act)


@router.post("/manage/<token>/people", include_in_schema=False)
def people(token: str) -> Response[str]:
    """Who the candidate meets, added or corrected once they know (the invitation named no one, or not everyone)."""
    from interview_prep.web.form import edit_rows, form_errors, people_from_rows, read_form_input, rows_with_one_blank

    def act(interview: Interview, form: dict[str, list[str]]) -> Response[str]:
        entered = read_form_input(form)
        if "add_interviewer" in form or "remove_interviewer" in form:  # without JavaScript: the rows come back
            return _manage_page(token, interview, people=people_view(interview, edit_rows(entered, form).rows))
        try:
            interviews.change_interviewers(
                interview_store(), interview, people_from_rows(entered.rows), now=clock.now()
            )
        except InvalidInput as exc:
            details = exc.details or [{"field": "interviewers", "message": exc.message}]
            errors = form_errors(details, {}, page_locale(interview))
            view = people_view(interview, rows_with_one_blank(entered.rows), errors)
            return _manage_page(token, interview, status=422, people=view)
        return redirect(f"{root_path()}/manage/{token}?done=people")

    return _manage_post(token, act)


@router.post("/manage/<token>/notes", include_in_schema=False)
def notes(token: str) -> Response[str]:
    from pydantic import ValidationError

    from interview_prep.domain.models import Notes

    def act(interview: Interview, form: dict[str, list[str]]) -> Response[str]:
        values = {"text": one_value(form, "text"), "follow_ups": one_value(form, "follow_ups")}
        entries, positions = [], []
        problems: dict[str, list[str]] = {}
        for index, person in enumerate(interview.interviewers):
            entry = notes_entry(form, f"interviewers[{index}]", person.name, values, problems)
            if entry is not None:
                entries.append(entry)
                positions.append(index)
        # No one named: the boxes for the people met feed the one draft to the hiring team. Named since: the same boxes
        # hold what was written before, until it is moved to each person and emptied.
        team = notes_entry(form, TEAM, None, values, problems) if team_boxes(interview) else None
        if problems:
            return _manage_page(token, interview, status=422, notes=notes_view(interview, values, problems))
        data: dict[str, Any] = {"interviewers": entries, "follow_ups": nonblank_lines(values["follow_ups"])}
        if team is not None:
            data["team"] = team
        if values["text"].strip():
            data["text"] = values["text"]
        try:
            parsed = Notes.model_validate(data)
        except ValidationError as exc:
            errors: dict[str, list[str]] = {}
            for detail in details_from(exc.errors()):
                place, label = notes_place(detail["field"], interview, positions)
                add_error(errors, place, f"{label} {readable(detail['message'], page_locale(interview))}")
            view = notes_view(interview, values, errors)
            return _manage_page(token, interview, status=422, notes=view)
        interviews.put_notes(interview_store(), interview, parsed, now=clock.now())
        return redirect(f"{root_path()}/manage/{token}?done=notes")

    return _manage_post(token, act)


@router.post("/manage/<token>/language", include_in_schema=False)
def language(token: str) -> Response[str]:
    """The language of the emails and drafts (and of this page) about the interview."""

    def act(interview: Interview, form: dict[str, list[str]]) -> Response[str]:
        from interview_prep.domain.fields import InterviewFields

        chosen = one_value(form, "language")
        if chosen not in LANGUAGES:
            problem = say("Choose one of the languages offered.", page_locale(interview))
            return _manage_page(token, interview, status=422, problem=problem)
        fields = InterviewFields.model_validate({"language": chosen})
        interviews.patch(interview_store(), interview.owner, interview.id, fields, if_match=None, now=clock.now())
        return redirect(f"{root_path()}/manage/{token}?done=language&{LANG_PARAM}={chosen}")

    return _manage_post(token, act)
