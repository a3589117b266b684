"""One-click unsubscribe (RFC 8058) and its page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_lambda_powertools.event_handler import Response

from interview_prep.adapters.store import interview_store
from interview_prep.domain import clock
from interview_prep.domain.errors import InvalidToken
from interview_prep.services import interviews, tokens
from interview_prep.web.pages import gone_page, logger, page, page_locale, router, token_problem
from interview_prep.web.zones import local_when

if TYPE_CHECKING:
    from interview_prep.domain.models import Interview

_EMAILS = ("digest", "thank_you")


def _emails(interview: Interview) -> dict[str, list[str]]:
    """The scheduled emails (by kind) by where they stand: already `sent`, and still `to_come` (the page says
    which, in a sentence of its language for each case)."""
    sent = [kind for kind in _EMAILS if interview.delivery(kind).sent_at is not None]  # type: ignore[arg-type]
    return {"sent": sent, "to_come": [kind for kind in _EMAILS if kind not in sent]}


def resolve_unsubscribe(token: str) -> tuple[Interview | None, str | None, Response[str] | None]:
    """The interview an unsubscribe link opens, the manage token to link back with (only when the link itself
    is one), or the page for a bad link.

    Emails carry an unsubscribe token of its own (it stops email and nothing else). Links in emails sent before
    that carried the manage token: such a link still unsubscribes (a manage token may do that from the manage page
    anyway), and its page links back to the manage page as before.
    """
    now, store = clock.now(), interview_store()
    try:
        interview_id = tokens.resolve(store, token, purpose="unsubscribe", now=now)
        manage_token = None
    except InvalidToken as exc:
        try:
            interview_id = tokens.resolve(store, token, purpose="manage", now=now)
        except InvalidToken:
            return None, None, token_problem(exc, "unsubscribe")
        manage_token = token
    interview = store.get(interview_id)
    if interview is None:
        return None, None, gone_page()
    return interview, manage_token, None


# --- unsubscribe -----------------------------------------------------------------------------------------------


@router.get("/unsubscribe/<token>", include_in_schema=False)
def unsubscribe_page(token: str) -> Response[str]:
    """A page with a button: a GET never unsubscribes (mail scanners follow links)."""
    interview, manage_token, problem = resolve_unsubscribe(token)
    if interview is None:
        return problem  # type: ignore[return-value]
    locale = page_locale(interview)
    return page(
        "page_unsubscribe.html.j2",
        locale=locale,
        token=token,
        manage_token=manage_token,
        i=interview,
        done=False,
        unsubscribed_when=local_when(interview.unsubscribed_at, interview, locale),
        emails=_emails(interview),
    )


@router.post("/unsubscribe/<token>", include_in_schema=False)
def unsubscribe(token: str) -> Response[str]:
    """RFC 8058 one-click unsubscribe (no CSRF token can travel with it; it is idempotent and only stops email)."""
    interview, manage_token, problem = resolve_unsubscribe(token)
    if interview is None:
        return problem  # type: ignore[return-value]
    updated = interviews.unsubscribe(interview_store(), interview.id, now=clock.now()) or interview
    logger.info("unsubscribed", extra={"interview_id": interview.id})
    locale = page_locale(updated)
    return page(
        "page_unsubscribe.html.j2",
        locale=locale,
        token=token,
        manage_token=manage_token,
        i=updated,
        done=True,
        unsubscribed_when=local_when(updated.unsubscribed_at, updated, locale),
        emails=_emails(updated),
    )
