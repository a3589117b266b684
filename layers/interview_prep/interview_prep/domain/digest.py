"""The prep digest: the email a candidate receives before an interview.

`render_digest` selects the advice (`playbook.select_advice`, pure), keeps the best of it within the word budget
(`fit_to_budget`) and lays it out with the `digest.*.j2` templates; `render_guide` lays out everything selected, the
full prep guide. It attaches nothing: the caller adds the calendar (.ics). Jinja2 is imported only when something
renders.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from interview_prep.domain import i18n, templating
from interview_prep.domain.facts import is_link, stated_location
from interview_prep.domain.i18n import ENGLISH, Locale, gettext_for, long_date, ngettext_for, night_of, short_date
from interview_prep.domain.mail import Links, RenderedEmail
from interview_prep.domain.playbook import DigestAdvice, select_advice

if TYPE_CHECKING:
    from interview_prep.domain.models import Interview

# The word budget of the digest's text part, header included, footer excluded.
WORDS = 450
WORDS_PER_PERSON = 90
SHORT_NOTICE_WORDS = 300  # when the digest goes out less than 20 hours before the start
SHORT_NOTICE_WORDS_PER_PERSON = 50
MAX_WORDS = 1000
FOOTER_RULE = "\n--\n"  # where email_base.txt.j2 starts the footer
# Links of the same length as real ones, to measure a draft of the email before the real links are known.
PLACEHOLDER_LINKS = Links(
    manage_url="https://example.invalid/manage/" + "x" * 43, unsubscribe_url="https://x.invalid/u"
)

_MINUS = "\u2212"
_EN_DASH = "\u2013"


def utc_offset(moment: dt.datetime) -> str:
    """`UTC−04:00`, `UTC+05:30`, `UTC+00:00` (a real minus sign, as typography wants)."""
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = _MINUS if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def when_line(interview: Interview) -> str:
    """`Tuesday 14 March 2027, 14:00–15:00 (America/Toronto, UTC−04:00)`, in the interview's own zone (in Québec
    French `mardi 14 mars 2027, 14 h–15 h`… with CLDR's words and Québec's times).

    When the offset changes during the interview, each end shows its own:
    `Sunday 7 November 2027, 01:30 (UTC−04:00) – 01:30 (UTC−05:00), America/Toronto`.
    """
    return span_line(interview.starts_at_local, interview.ends_at_local, interview.timezone, interview.locale)


def span_line(start: dt.datetime, end: dt.datetime, zone: str, locale: Locale = ENGLISH) -> str:
    """`when_line` for any start and end: aware datetimes in the zone named `zone`."""

    def clock(moment: dt.datetime) -> str:
        return i18n.time_of_day(moment, locale)

    if utc_offset(end) != utc_offset(start):
        # The clocks change during the interview: each end carries its own offset.
        end_day = "" if end.date() == start.date() else f"{long_date(end.date(), locale)}, "
        return (
            f"{long_date(start.date(), locale)}, {clock(start)} ({utc_offset(start)}) {_EN_DASH} "
            f"{end_day}{clock(end)} ({utc_offset(end)}), {zone}"
        )
    if end.date() == start.date():
        span = f"{long_date(start.date(), locale)}, {clock(start)}{_EN_DASH}{clock(end)}"
    else:
        span = f"{long_date(start.date(), locale)}, {clock(start)} {_EN_DASH} {long_date(end.date(), locale)}, {clock(end)}"
    return f"{span} ({zone}, {utc_offset(start)}){night_of(start, locale)}"


def duration_text(minutes: int, locale: Locale = ENGLISH) -> str:
    """`1 hour 30 minutes`, `1 heure 30 minutes`."""
    hours, mins = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(ngettext_for(locale, "%(num)d hour", "%(num)d hours", hours))
    if mins:
        parts.append(ngettext_for(locale, "%(num)d minute", "%(num)d minutes", mins))
    return " ".join(parts)


def lead_text(start: dt.datetime, now: dt.datetime, locale: Locale = ENGLISH) -> str:
    """How far away the interview is as of `now`, in words: `is in 3 days`, `is tomorrow`, `is in 5 hours`, `is in 1
    hour 59 minutes`. Days are calendar days where it takes place (`start` is its local start), as the timeline counts
    them: a digest sent 47 hours and 59 minutes before says "in 2 days", one sent on the evening before a morning
    interview "tomorrow"."""
    hours = (start - now).total_seconds() / 3600
    if hours <= 0:
        return gettext_for(locale, "has started") if hours > -12 else gettext_for(locale, "is over")
    if hours < 2:  # imminent, even past midnight: the minutes say more than "tomorrow"
        return gettext_for(locale, "is in %(delay)s", delay=duration_text(max(1, int(hours * 60)), locale))
    days = (start.date() - now.astimezone(start.tzinfo).date()).days
    if days == 1:
        return gettext_for(locale, "is tomorrow")
    if days >= 2:
        delay = ngettext_for(locale, "%(num)d day", "%(num)d days", days)
    else:
        delay = ngettext_for(locale, "%(num)d hour", "%(num)d hours", int(hours))
    return gettext_for(locale, "is in %(delay)s", delay=delay)


def subject_line(interview: Interview, *, updated: bool = False) -> str:
    """`Prep for your Operations Analyst interview at Northwind, Tue 14 Mar` (prefixed `Updated: ` on a resend)."""
    locale = interview.locale
    # A subject is a header: never let user text carry a line break into it (French no-break spaces stay).
    subject = gettext_for(
        locale,
        "Prep for your %(role)s interview at %(company)s, %(date)s",
        role=interview.role_said,
        company=" ".join(interview.company_said.split()),
        date=short_date(interview.starts_at_local.date(), locale),
    )
    return gettext_for(locale, "Updated: %(subject)s", subject=subject) if updated else subject


class DigestView(NamedTuple):
    """What the templates receive: the interview's facts, formatted, and the advice selected for it."""

    candidate_name: str
    company: str
    company_website: str | None
    role: str
    round_label: str
    final: bool
    when: str
    lead: str
    duration: str
    format_label: str
    location: str | None
    location_url: str | None
    includes: str | None
    updated: bool
    guide: bool
    advice: DigestAdvice


def word_budget(people: int, short_notice: bool) -> int:
    """The most words the digest's text part may hold before its footer (header block included)."""
    budget = (
        SHORT_NOTICE_WORDS + SHORT_NOTICE_WORDS_PER_PERSON * people
        if short_notice
        else (WORDS + WORDS_PER_PERSON * people)
    )
    return min(budget, MAX_WORDS)


def count_words(text: str) -> int:
    """Words as `wc -w` counts them: every run of non-space, bullets and numbers included."""
    return len(text.split())


def body_words(text: str) -> int:
    """The words of a text part before its footer (the `--` line the email layout adds)."""
    return count_words(text.rsplit(FOOTER_RULE, 1)[0])


def _view(interview: Interview, advice: DigestAdvice, now: dt.datetime, *, updated: bool, guide: bool) -> DigestView:
    location = stated_location(interview.location)  # "TBD" shows as not given yet, as the advice treats it
    url = location if is_link(location) else None
    return DigestView(
        candidate_name=interview.candidate.greeted_as,
        company=interview.company_said,
        company_website=interview.company.website,
        role=interview.role_said,
        round_label=advice.round_label,
        final=advice.final,
        when=when_line(interview),
        lead=lead_text(interview.starts_at_local, now, interview.locale),
        duration=duration_text(interview.duration_minutes, interview.locale),
        format_label=advice.format_label,
        location=location,
        location_url=url,
        includes=i18n.join(advice.includes_labels, interview.locale) or None,
        updated=updated,
        guide=guide,
        advice=advice,
    )


_BLANK_RUNS = re.compile(r"\n[ \t]*(?:\n[ \t]*){2,}")


def _tidy(text: str) -> str:
    """At most one blank line in a row, and none at the start (templates stay readable; the text part stays tidy)."""
    return _BLANK_RUNS.sub("\n\n", text).lstrip("\n")


def _render(name: str, subject: str, links: Links | None, view: DigestView, locale: Locale = ENGLISH) -> str:
    return templating.render(name, locale=locale, subject=subject, links=links, v=view, advice=view.advice)


def fit_to_budget(
    advice: DigestAdvice,
    words_of: Callable[[DigestAdvice], int],
    budget: int,
    withheld: frozenset[str] = frozenset(),
) -> DigestAdvice:
    """The advice trimmed to `budget` words as `words_of` counts them: the best scored items that fit, in score
    order, never the units `withheld`; the top three, the people and the links stay (the third, then the second… of
    the top three go only when the interview's own details leave no room for them). Deterministic."""
    # stable: reading order within a score
    units = sorted((u for u in advice.units() if u[0] not in withheld), key=lambda u: -u[1])
    keep: set[str] = set()
    fitted = advice.keeping(frozenset(keep))
    used = words_of(fitted)
    for _ in range(6):
        for key, _score, text in units:
            if key in keep:
                continue
            cost = count_words(text) + 1
            if used + cost <= budget:
                keep.add(key)
                used += cost
        fitted = advice.keeping(frozenset(keep))
        used = words_of(fitted)
        if used <= budget:
            break
        over = used - budget
        for key, _score, text in reversed(units):  # lowest score first
            if over <= 0:
                break
            if key in keep:
                keep.discard(key)
                over -= count_words(text) + 1
        fitted = advice.keeping(frozenset(keep))
        used = words_of(fitted)
        if used <= budget:
            break
    while used > budget and fitted.top:  # only very long names, titles or places leave no room for all three
        fitted = fitted._replace(top=fitted.top[:-1])
        used = words_of(fitted)
    return fitted


def digest_advice(interview: Interview, now: dt.datetime) -> DigestAdvice:
    """The advice the digest email shows as of `now`: everything selected, trimmed to the word budget."""
    advice = select_advice(interview, now)
    budget = word_budget(len(interview.interviewers), advice.facts.short_notice)
    subject = subject_line(interview)

    def words_of(candidate: DigestAdvice) -> int:
        view = _view(interview, candidate, now, updated=True, guide=False)
        return body_words(_tidy(_render("digest.txt.j2", subject, PLACEHOLDER_LINKS, view, interview.locale)))

    return fit_to_budget(advice, words_of, budget, _panel_surplus(advice, interview.duration_minutes))


def panel_questions(minutes: int) -> int:
    """How many questions a panel has time to hear from the candidate, all together, in an interview of `minutes`."""
    return 2 if minutes <= 30 else 3 if minutes <= 60 else 4


def _panel_surplus(advice: DigestAdvice, minutes: int) -> frozenset[str]:
    """On a panel, the questions to ask beyond each person's share of the few it has time for (`panel_questions`,
    one each at least): nine questions for a 45-minute panel of three is a list to choose from, not a plan. The full
    guide keeps them all; a day of separate conversations gives each person their own time."""
    if "shape:panel" not in advice.facts or not advice.people:
        return frozenset()
    each = max(1, -(-panel_questions(minutes) // len(advice.people)))
    return frozenset(q.id for person in advice.people for q in person.questions_to_ask[each:])


def render_digest(interview: Interview, links: Links, now: dt.datetime, *, updated: bool = False) -> RenderedEmail:
    """The prep digest for `interview` as of `now` (aware): subject, text and HTML; no attachments."""
    view = _view(interview, digest_advice(interview, now), now, updated=updated, guide=False)
    subject = subject_line(interview, updated=updated)
    return RenderedEmail(
        subject=subject,
        text=_tidy(_render("digest.txt.j2", subject, links, view, interview.locale)),
        html=_render("digest.html.j2", subject, links, view, interview.locale),
    )


def render_guide(interview: Interview, links: Links | None, now: dt.datetime) -> RenderedEmail:
    """The full prep guide: everything selected for `interview` as of `now`, with no word budget."""
    view = _view(interview, select_advice(interview, now), now, updated=False, guide=True)
    subject = gettext_for(
        interview.locale,
        "Full prep guide: %(role)s at %(company)s",
        role=interview.role_said,
        company=" ".join(interview.company_said.split()),
    )
    return RenderedEmail(
        subject=subject,
        text=_tidy(_render("digest.txt.j2", subject, links, view, interview.locale)),
        html=_render("digest.html.j2", subject, links, view, interview.locale),
    )
