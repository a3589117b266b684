"""Double opt-in: the confirm link of the confirmation email."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_lambda_powertools.event_handler import Response

from interview_prep.adapters.store import InterviewStore, interview_store
from interview_prep.domain import clock
from interview_prep.domain.errors import InvalidToken
from interview_prep.services import interviews, tokens
from interview_prep.web.pages import gone_page

if TYPE_CHECKING:
    from interview_prep.domain.models import Interview
from interview_prep.web.pages import redirect, root_path, router, token_problem

# --- confirm ---------------------------------------------------------------------------------------------------


@router.get("/confirm/<token>", include_in_schema=False)
def confirm_page(token: str) -> Response[str]:
    now, store = clock.now(), interview_store()
    try:
        interview_id = tokens.resolve(store, token, purpose="confirm", now=now)
    except InvalidToken as exc:
        return token_problem(exc, "confirm")
    before = store.get(interview_id)
    interview = interviews.confirm(store, interview_id, now=now) if before is not None else None
    if before is None or interview is None:
        return gone_page()
    manage = _mint_manage(store, interview)
    # A second click (or a mail scanner's first) finds it confirmed already: the page, not an error.
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
