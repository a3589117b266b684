"""The emails a forwarded invitation gets back: the review link, a cancellation offer, or what to forward.

The review email is the double opt-in for an invitation forwarded by email: it goes only to the address that
forwarded it, says what was understood and what is still missing, and nothing else is sent until the person
follows its link, completes the details and confirms. The other two are single replies, and say how to stop.

Their language: no interview exists yet, so the reply speaks the language of the message that was forwarded
(`reply_locale`): French when most of the common words of its subjects, its text and the event's title and
description are French, English otherwise. French is Québec French when the invitation's time zone is in Canada,
else the zone's country's French; without a zone, the region of a `Content-Language` or `Accept-Language` header
the sender's mail app wrote (`fr-CA`), else France's conventions. The cancellation offer is about an interview
already recorded: it speaks that interview's language.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import TYPE_CHECKING, Any

from interview_prep.domain import i18n
from interview_prep.domain.confirmation import format_start
from interview_prep.domain.i18n import ENGLISH, N_, Locale, Said, gettext_for, ngettext_for, said_in
from interview_prep.domain.mail import RenderedEmail

if TYPE_CHECKING:
    from interview_prep.domain.invitations import Invitation
    from interview_prep.domain.models import Interview

FORMAT_LABEL = {
    "in_person": N_("in person"),
    "video": N_("video call"),
    "phone": N_("phone call"),
    "meal": N_("a meal"),
}
MISSING_LABEL = {
    "candidate.name": N_("your name"),
    "candidate.email": N_("your email address"),
    "company.name": N_("the company"),
    "role": N_("the role you applied for"),
    "starts_at": N_("the start time"),
    "timezone": N_("the time zone"),
    "round": N_("which interview round this is"),
    "format": N_("how it takes place (in person, video, phone or a meal)"),
    "location": N_("where it takes place, or the meeting link"),
    "relationship": N_("who each interviewer is to you (recruiter, future manager, colleague…)"),
}

# --- the language of a forwarded message --------------------------------------------------------------------------

# Common words of each language that the other does not spell the same way: mail apps' own words (« Objet »,
# « Transféré », "Forwarded", "Subject") count too, as they are in the language the sender reads.
_FRENCH = frozenset(
    """le la les des du une est avec pour vous votre vos nous notre dans sur au aux entretien entrevue objet envoyé
    transféré bonjour merci cordialement poste réunion rejoindre participer lieu heure quand où être sera""".split()
)
_ENGLISH = frozenset(
    """the and with for you your we our is are this that be will interview meeting from sent subject forwarded
    hello hi thanks regards please join position when where""".split()
)
_WORD = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)?")
_SCANNED = 200_000  # characters of text read to decide


def _texts(raw: bytes) -> tuple[list[str], list[str]]:
    """The readable text of a message (its subjects, its text parts, the calendars in it) and the language tags its
    headers give (`Content-Language`, `Accept-Language`); a bare .ics or pasted text is all text."""
    stripped = raw.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not re.match(rb"^[A-Za-z0-9-]{1,76}:", stripped) or stripped[:15].upper() == b"BEGIN:VCALENDAR":
        return [stripped[:_SCANNED].decode("utf-8", "replace")], []
    import email
    import email.policy

    message = email.message_from_bytes(stripped, policy=email.policy.default)
    texts: list[str] = []
    tags: list[str] = []
    for part in message.walk():
        try:  # a header the parser cannot make sense of says nothing about the language
            for header in ("content-language", "accept-language"):
                tags += [str(value) for value in part.get_all(header, [])]
            texts.append(str(part.get("subject") or ""))
        except (TypeError, ValueError, IndexError):
            pass
        if part.get_content_type() in ("text/plain", "text/calendar", "text/html") and not part.is_multipart():
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                text = _decoded(payload[:_SCANNED], part.get_content_charset())
                texts.append(re.sub(r"<[^>]+>|&\w+;", " ", text) if part.get_content_type() == "text/html" else text)
    return texts, tags


def _decoded(data: bytes, charset: str | None) -> str:
    try:
        return data.decode(charset or "utf-8", "replace")
    except LookupError:  # a charset Python does not know
        return data.decode("utf-8", "replace")


def message_language(raw: bytes) -> tuple[str, str | None]:
    """The language a forwarded message (or an .ics) is written in, `en` or `fr`, with the region its headers
    name for French (`("fr", "CA")`): French when its French words outnumber its English ones."""
    texts, tags = _texts(raw)
    words = [w.casefold() for text in texts for w in _WORD.findall(text[:_SCANNED])]
    french = sum(1 for w in words if w in _FRENCH)
    english = sum(1 for w in words if w in _ENGLISH)
    if french <= english:
        return "en", None
    regions = [i18n.preferred_language(tag) for tag in tags]
    return "fr", next((region for language, region in regions if language == "fr" and region), None)


def reply_locale(raw: bytes, zone: str | None = None) -> Locale:
    """The locale of the replies to a forwarded message: its language, in the region of the invitation's `zone`
    (Québec French in Canada), else the region its headers name."""
    language, region = message_language(raw)
    if zone:
        return i18n.locale_for(language, zone)
    return i18n.locale_for_browser(language, region)


# --- the review email --------------------------------------------------------------------------------------------


def missing_labels(missing: list[str], locale: Locale = ENGLISH) -> list[str]:
    """The missing fields as a person reads them, each once ("interviewers[1].relationship" -> relationship)."""
    labels = []
    for field in missing:
        key = field.rsplit(".", 1)[-1] if "[" in field else field
        labels.append(gettext_for(locale, MISSING_LABEL[key]) if key in MISSING_LABEL else field)
    return list(dict.fromkeys(labels))


def understood(invitation: Invitation, locale: Locale = ENGLISH) -> list[tuple[str, str]]:
    """What the invitation said, as (label, value) lines for the review email."""
    draft: dict[str, Any] = invitation.draft
    lines: list[tuple[str, str]] = []

    def line(label: str, value: str) -> None:
        lines.append((gettext_for(locale, label), value))

    company, role = draft.get("company", {}).get("name"), draft.get("role")
    if company and role:
        line(N_("Interview"), gettext_for(locale, "%(role)s at %(company)s", role=role, company=company))
    elif company or role:
        line(N_("Interview"), str(company or role))
    if invitation.starts_at_utc is not None and draft.get("timezone"):
        local = invitation.starts_at_utc.astimezone(zoneinfo.ZoneInfo(draft["timezone"]))
        line(N_("When"), format_start(local, draft["timezone"], locale))
    elif draft.get("starts_at"):
        written = draft["starts_at"].replace("T", " ")
        line(N_("When"), gettext_for(locale, "%(starts_at)s (time zone not given)", starts_at=written))
    if draft.get("duration_minutes"):
        minutes = int(draft["duration_minutes"])
        line(N_("Length"), ngettext_for(locale, "%(num)d minute", "%(num)d minutes", minutes))
    if draft.get("format"):
        line(N_("Format"), gettext_for(locale, FORMAT_LABEL[draft["format"]]))
    if draft.get("location"):
        line(N_("Where"), draft["location"])
    people = [person["name"] for person in draft.get("interviewers", [])]
    if people:
        line(N_("People invited"), ", ".join(people))
    if draft.get("round"):
        line(N_("Round"), str(draft["round"]))
    return lines


def review_subject(invitation: Invitation, locale: Locale = ENGLISH) -> str:
    company = invitation.draft.get("company", {}).get("name")
    if company:
        return gettext_for(locale, "Review your interview with %(company)s: one step to get your prep", company=company)
    return gettext_for(locale, "Review your interview: one step to get your prep")


def render_review(
    invitation: Invitation, *, review_url: str, expires_at: dt.datetime, locale: Locale = ENGLISH
) -> RenderedEmail:
    """The one message a forwarded invitation gets: what was understood, what is missing, and the review link."""
    from interview_prep.domain.templating import render

    subject = review_subject(invitation, locale)
    context: dict[str, Any] = {
        "subject": subject,
        "links": None,
        "lines": understood(invitation, locale),
        "missing": missing_labels(invitation.missing, locale),
        "warnings": [said_in(warning, locale) for warning in invitation.warnings],
        "review_url": review_url,
        "expires": i18n.long_date(expires_at.date(), locale),
        "updated": invitation.sequence > 0,
        "colon": i18n.typeset(" :", locale) if locale.french else ":",  # after each label of the text part
    }
    return RenderedEmail(
        subject=subject,
        text=render("invitation_review.txt.j2", locale=locale, **context),
        html=render("invitation_review.html.j2", locale=locale, **context),
    )


# --- the other replies -------------------------------------------------------------------------------------------


def render_cancel_offer(interview: Interview, *, manage_url: str) -> RenderedEmail:
    """A forwarded cancellation that matches an interview the sender recorded: offer to cancel it (one click), in
    that interview's language."""
    from interview_prep.domain.templating import render

    locale = interview.locale
    subject = gettext_for(
        locale,
        "Cancel your interview prep for %(role)s at %(company)s?",
        role=interview.role_said,
        company=interview.company_said,
    )
    context: dict[str, Any] = {
        "subject": subject,
        "links": None,
        "role": interview.role_said,
        "company": interview.company_said,
        "starts": format_start(interview.starts_at_local, interview.timezone, locale),
        "manage_url": manage_url,
    }
    return RenderedEmail(
        subject=subject,
        text=render("invitation_cancelled.txt.j2", locale=locale, **context),
        html=render("invitation_cancelled.html.j2", locale=locale, **context),
    )


def no_interview_to_cancel() -> Said:
    """Why a forwarded cancellation is not used: the sender recorded nothing from that invitation."""
    return Said("it cancels an event, and you have no interview prep recorded from that invitation.")


def render_nothing_found(reason: str, *, form_url: str, locale: Locale = ENGLISH) -> RenderedEmail:
    """The polite reply to a message without a usable invitation: why (`reason`, said in `locale` when it is a
    `Said`), and what to forward instead."""
    from interview_prep.domain.templating import render

    reason = said_in(reason, locale)
    if reason[:1].isupper() and not reason[1:2].isupper():  # it follows a colon: "…: no calendar invitation found"
        reason = reason[0].lower() + reason[1:]
    subject = gettext_for(locale, "We could not find an interview invitation in your email")
    context: dict[str, Any] = {"subject": subject, "links": None, "reason": reason, "form_url": form_url}
    return RenderedEmail(
        subject=subject,
        text=render("invitation_missing.txt.j2", locale=locale, **context),
        html=render("invitation_missing.html.j2", locale=locale, **context),
    )
