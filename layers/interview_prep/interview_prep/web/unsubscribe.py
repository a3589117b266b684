"""One-click unsubscribe (RFC 8058) and its page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_lambda_powertools.event_handler import Response

from interview_prep.adapters.store import interview_store
from interview_prep.domain import clock
from interview_prep.services import interviews
from interview_prep.web.manage import resolve_manage
from interview_prep.web.pages import logger, page, router
from interview_prep.web.zones import local_when

if TYPE_CHECKING:
    from interview_prep.domain.models import Interview

_EMAILS = (("digest", "the prep digest"), ("thank_you", "the thank-you drafts"))


def _emails(interview: Interview) -> dict[str, list[str]]:
    """The scheduled emails by where they stand: already `sent`, and still `to_come` (the page says which)."""
    sent = [label for kind, label in _EMAILS if interview.delivery(kind).sent_at is not None]  # type: ignore[arg-type]
    return {"sent": sent, "to_come": [label for _, label in _EMAILS if label not in sent]}


# --- unsubscribe -----------------------------------------------------------------------------------------------


@router.get("/unsubscribe/<token>", include_in_schema=False)
def unsubscribe_page(token: str) -> Response[str]:
    """A page with a button: a GET never unsubscribes (mail scanners follow links)."""
    interview, problem = resolve_manage(token)
    if interview is None:
        return problem  # type: ignore[return-value]
    return page(
        "page_unsubscribe.html.j2",
        token=token,
        i=interview,
        done=False,
        unsubscribed_when=local_when(interview.unsubscribed_at, interview),
        emails=_emails(interview),
    )


@router.post("/unsubscribe/<token>", include_in_schema=False)
def unsubscribe(token: str) -> Response[str]:
    """RFC 8058 one-click unsubscribe (no CSRF token can travel with it; it is idempotent and only stops email)."""
    interview, problem = resolve_manage(token)
    if interview is None:
        return problem  # type: ignore[return-value]
    updated = interviews.unsubscribe(interview_store(), interview.id, now=clock.now()) or interview
    logger.info("unsubscribed", extra={"interview_id": interview.id})
    return page(
        "page_unsubscribe.html.j2",
        token=token,
        i=updated,
        done=True,
        unsubscribed_when=local_when(updated.unsubscribed_at, updated),
        emails=_emails(updated),
    )
