"""Double opt-in: the confirm link of the confirmation email.

`GET /confirm/{token}` shows a page with a button and changes nothing (mail scanners open links: a GET must
neither confirm nor mint a manage link). The button's `POST`, CSRF-protected, confirms and opens the manage page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_lambda_powertools.event_handler import Response

from interview_prep.adapters.store import InterviewStore, interview_store
from interview_prep.domain import clock
from interview_prep.domain.errors import InvalidToken
from interview_prep.services import interviews, tokens
from interview_prep.web.csrf import csrf_for_request, csrf_ok
from interview_prep.web.pages import (
    form_body,
    gone_page,
    page,
    page_locale,
    redirect,
    root_path,
    router,
    token_problem,
)

if TYPE_CHECKING:
    from interview_prep.domain.models import Interview

# --- confirm ---------------------------------------------------------------------------------------------------


def _resolve(token: str) -> tuple[Interview | None, Response[str] | None]:
    store = interview_store()
    try:
        interview_id = tokens.resolve(store, token, purpose="confirm", now=clock.now())
    except InvalidToken as exc:
        return None, token_problem(exc, "confirm")
    interview = store.get(interview_id)
    return (interview, None) if interview is not None else (None, gone_page())


def _confirm_page(token: str, interview: Interview, *, status: int = 200, problem: str | None = None) -> Response[str]:
    return page(
        "page_confirm.html.j2",
        status,
        csrf=csrf_for_request(),
        locale=page_locale(interview),
        token=token,
        i=interview,
        pending=interview.status == "pending_confirmation",
        problem=problem,
    )


@router.get("/confirm/<token>", include_in_schema=False)
def confirm_page(token: str) -> Response[str]:
    """The page with the button: reads, writes nothing."""
    interview, problem = _resolve(token)
    if interview is None:
        return problem  # type: ignore[return-value]
    return _confirm_page(token, interview)


@router.post("/confirm/<token>", include_in_schema=False)
def confirm(token: str) -> Response[str]:
    """The button: confirms a pending interview, then opens its manage page (a fresh manage link)."""
    now, store = clock.now(), interview_store()
    before, problem = _resolve(token)
    if before is None:
        return problem  # type: ignore[return-value]
    if not csrf_ok(form_body()):
        message = "For your safety this page expired. Nothing was changed: press the button again."
        return _confirm_page(token, before, status=403, problem=message)
    interview = interviews.confirm(store, before.id, now=now)
    if interview is None:
        return gone_page()
    manage = _mint_manage(store, interview)
    # A second press (or a page left open) finds it confirmed already: the manage page, not an error.
    if before.status == "pending_confirmation" and interview.status == "scheduled":
        done = "?done=confirmed"
    else:
        done = "?done=opened" if interview.status in ("scheduled", "completed") else ""
    return redirect(f"{root_path()}/manage/{manage}{done}")


def _mint_manage(store: InterviewStore, interview: Interview) -> str:
    from interview_prep.adapters.store import RETENTION_AFTER_END

    return tokens.mint(
        store, interview_id=interview.id, purpose="manage", expires_at=interview.ends_at_utc + RETENTION_AFTER_END
    )
