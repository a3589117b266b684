"""The manage page's list of emails: when each goes out, went out, or why it will not."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from interview_prep.domain.i18n import N_, Locale
from interview_prep.web.pages import say
from interview_prep.web.zones import local_when

if TYPE_CHECKING:
    from interview_prep.domain.models import Interview

NOT_SENT = {
    "unconfirmed": N_("After you confirm your address with the link in the confirmation email"),
    "cancelled": N_("Not sent: the interview is cancelled"),
    "unsubscribed": N_("Not sent: you unsubscribed"),
    "completed": N_("Not sent: the interview is completed"),
    "bounced": N_("Not sent: email to your address bounced"),
    "complained": N_("Not sent: an email from us was reported as spam"),
}


def delivery_rows(interview: Interview, locale: Locale) -> list[dict[str, str]]:
    """One row per email the candidate gets: its name and its state, in the page's language."""
    from interview_prep.domain.planning import why_no_deliveries

    def when(moment: Any) -> str:
        return local_when(moment, interview, locale)

    reason = why_no_deliveries(interview)
    rows = []
    if interview.source == "web":
        sent = interview.confirmation.sent_at
        rows.append(
            {
                "label": say("Confirmation email", locale),
                "state": say("Sent %(when)s", locale, when=when(sent)) if sent else say("Being sent now", locale),
            }
        )
    for kind, label in (("digest", N_("Prep digest")), ("thank_you", N_("Thank-you drafts"))):
        state = interview.delivery(kind)  # type: ignore[arg-type]
        if state.sent_at is not None and state.due_at is None:
            text = say("Sent %(when)s", locale, when=when(state.sent_at))
        elif state.due_at is not None and reason is None:
            text = say("Goes out %(when)s", locale, when=when(state.due_at))
            if state.sent_at is not None:
                text += " " + say("(first sent %(when)s)", locale, when=when(state.sent_at))
        elif reason is not None and state.sent_at is None:
            text = say(NOT_SENT.get(reason, N_("Not scheduled")), locale)
        elif state.sent_at is not None:
            text = say("Sent %(when)s", locale, when=when(state.sent_at))
        else:
            text = say(
                N_("Not scheduled: the interview has already started") if kind == "digest" else N_("Not scheduled"),
                locale,
            )
        rows.append({"label": say(label, locale), "state": text})
    return rows
