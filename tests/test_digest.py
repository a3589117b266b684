"""The rendered prep digest: subject, when and where with the UTC offset, tailored content in both parts, escaping."""

from __future__ import annotations

import datetime as dt
import pathlib
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from interview_prep.domain.digest import (
    body_words,
    duration_text,
    lead_text,
    render_digest,
    render_guide,
    subject_line,
    utc_offset,
    when_line,
    word_budget,
)
from interview_prep.domain.facts import stated_location
from interview_prep.domain.mail import Links, RenderedEmail
from interview_prep.domain.models import Interview
from interview_prep.domain.playbook import load_playbook, select_advice
from markupsafe import escape

from tests.sample_interviews import NORTHWIND, person, stored_interview

NOW = dt.datetime(2027, 3, 12, 14, 0, tzinfo=dt.UTC)  # Friday 12 March 2027, 09:00 in Toronto (EST)
LINKS = Links(manage_url="https://prep.example/manage/tok-123", unsubscribe_url="https://prep.example/unsub/tok-123")
SALARY = {"min": 85000, "max": 95000, "currency": "CAD", "period": "year"}
NOTES = "- Concern: They doubted my SQL depth.\n- Asked about the team I led."


def make(starts_at: str = "2027-03-16T14:00", **fields: Any) -> Interview:
    return stored_interview(NORTHWIND, starts_at=starts_at, **fields)


def render(interview: Interview | None = None, now: dt.datetime = NOW, **kw: Any) -> RenderedEmail:
    return render_digest(interview or make(), LINKS, now, **kw)


def guide(interview: Interview | None = None, now: dt.datetime = NOW) -> RenderedEmail:
    return render_guide(interview or make(), LINKS, now)


def tip(tip_id: str, **values: str) -> str:
    """A tip's text as the digest shows it (placeholders filled from `values`)."""
    book = load_playbook()
    text = next(t.text for t in book.tips if t.id == tip_id)
    filled = {"company": "Northwind", "company_s": "Northwind's", "role": "Operations Analyst", "earlier": "round one"}
    return text.format_map({**filled, "earlier_cap": "Round one", **values})


def esc(text: str) -> str:
    """Text as Jinja's autoescape writes it."""
    return str(escape(text))


def in_both(email: RenderedEmail, text: str) -> bool:
    return text in email.text and esc(text) in email.html


def in_neither(email: RenderedEmail, text: str) -> bool:
    return text not in email.text and esc(text) not in email.html


# --- subject, when, where ---------------------------------------------------------------------------------


def test_subject_names_role_company_and_date():
    assert render().subject == "Prep for your Operations Analyst interview at Northwind, Tue 16 Mar"


def test_subject_updated_starts_with_updated():
    email = render(updated=True)
    assert email.subject == "Updated: Prep for your Operations Analyst interview at Northwind, Tue 16 Mar"
    assert "UPDATED" in email.text and "Updated:" in email.html
    assert "Updated" not in render().text


def test_subject_line_never_carries_line_breaks():
    assert "\n" not in subject_line(make(role="Analyst"), updated=True)


def test_render_digest_when_shows_local_time_zone_and_utc_offset():
    email = render()
    expected = "Tuesday 16 March 2027, 14:00–15:00 (America/Toronto, UTC−04:00)"
    assert when_line(make()) == expected
    assert in_both(email, expected)


@pytest.mark.parametrize(
    ("zone", "starts_at", "offset"),
    [
        ("Asia/Kolkata", "2027-03-16T14:00", "UTC+05:30"),
        ("Europe/London", "2027-01-16T14:00", "UTC+00:00"),
        ("America/St_Johns", "2027-01-16T14:00", "UTC−03:30"),
        ("Europe/Paris", "2027-07-16T14:00", "UTC+02:00"),
    ],
)
def test_render_digest_utc_offset_follows_zone_and_date(zone: str, starts_at: str, offset: str):
    email = render(make(starts_at=starts_at, timezone=zone), now=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    assert f"({zone}, {offset})" in email.text


def test_utc_offset_formats_minus_sign_and_minutes():
    moment = dt.datetime(2027, 1, 1, 12, 0, tzinfo=ZoneInfo("America/Caracas"))
    assert utc_offset(moment) == "UTC−04:00"
    assert utc_offset(dt.datetime(2027, 1, 1, tzinfo=ZoneInfo("Asia/Kathmandu"))) == "UTC+05:45"


def test_when_line_across_midnight_names_both_days():
    interview = make(starts_at="2027-03-16T23:30", duration_minutes=90)
    assert when_line(interview) == (
        "Tuesday 16 March 2027, 23:30 – Wednesday 17 March 2027, 01:00 (America/Toronto, UTC−04:00)"
    )


@pytest.mark.parametrize(
    ("starts_at", "language", "night"),
    [
        ("2027-03-17T00:30", "en", ", the night from Tuesday to Wednesday"),
        ("2027-03-17T04:59", "en", ", the night from Tuesday to Wednesday"),
        ("2027-03-17T00:30", "fr", ", dans la nuit de mardi à mercredi"),
        ("2027-03-17T05:00", "en", ""),
        ("2027-03-16T23:30", "en", ""),
    ],
)
def test_a_start_after_midnight_names_the_night_it_falls_in(starts_at: str, language: str, night: str):
    """00:30 on Wednesday is what people call Tuesday night, and an interview there is missed by a day: every email
    that says when (the digest, the change notices, the confirmation) names the night."""
    from interview_prep.domain.confirmation import render_confirmation

    interview = make(starts_at=starts_at, language=language)
    assert when_line(interview).endswith(f"){night}")
    links = Links(manage_url="https://m.example/t", unsubscribe_url="https://m.example/u", confirm_url="https://c/t")
    confirmation = render_confirmation(interview, links).text
    assert (night in confirmation) if night else ("the night" not in confirmation and "la nuit" not in confirmation)
    # A forwarded invitation's review email says it too, beside the time it read.
    from interview_prep.domain.invitation_replies import understood
    from interview_prep.domain.invitations import Invitation

    read = Invitation(
        draft={"timezone": "America/Toronto"}, missing=[], warnings=[], starts_at_utc=interview.starts_at_utc
    )
    (when,) = [value for label, value in understood(read, interview.locale) if label in ("When", "Quand")]
    assert when.endswith(f"){night}")


@pytest.mark.parametrize(("minutes", "text"), [(30, "30 minutes"), (60, "1 hour"), (150, "2 hours 30 minutes")])
def test_duration_text_reads_naturally(minutes: int, text: str):
    assert duration_text(minutes) == text


@pytest.mark.parametrize(
    ("start", "hours", "text"),
    [
        ("2027-03-16T14:00", 100, "is in 4 days"),
        ("2027-03-16T14:00", 48, "is in 2 days"),
        ("2027-03-16T14:00", 47 + 59 / 60, "is in 2 days"),  # a digest sent a minute after its due time
        ("2027-03-16T09:00", 14, "is tomorrow"),  # sent at 19:00 the evening before
        ("2027-03-16T23:00", 30, "is tomorrow"),
        ("2027-03-16T20:00", 5, "is in 5 hours"),
        ("2027-03-16T14:00", 1.5, "is in 1 hour 30 minutes"),
        ("2027-03-16T14:00", 1.0, "is in 1 hour"),
        ("2027-03-16T14:00", 1 + 59 / 60, "is in 1 hour 59 minutes"),
        ("2027-03-16T14:00", 0.5, "is in 30 minutes"),
        ("2027-03-16T00:30", 1.5, "is in 1 hour 30 minutes"),  # after midnight, but imminent
        ("2027-03-16T14:00", -1, "has started"),
        ("2027-03-29T09:00", 24, "is tomorrow"),  # across the change to summer time in Paris (28 March)
    ],
)
def test_lead_text_reads_naturally(start: str, hours: float, text: str):
    from zoneinfo import ZoneInfo

    local_start = dt.datetime.fromisoformat(start).replace(tzinfo=ZoneInfo("Europe/Paris"))
    now = local_start.astimezone(dt.UTC) - dt.timedelta(hours=hours)
    assert lead_text(local_start, now) == text


def test_lead_text_french_tomorrow_and_days():
    from zoneinfo import ZoneInfo

    from interview_prep.domain.i18n import locale_for

    start = dt.datetime(2027, 3, 16, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
    french = locale_for("fr", "Europe/Paris")
    assert lead_text(start, start - dt.timedelta(hours=14), french) == "a lieu demain"
    assert lead_text(start, start - dt.timedelta(hours=72), french) == "a lieu dans 3 jours"


def test_render_digest_location_link_for_video_and_address_in_person():
    video = render(make(format="video", location="https://meet.example/abc?x=1&y=2"))
    assert 'href="https://meet.example/abc?x=1&amp;y=2"' in video.html
    assert "https://meet.example/abc?x=1&y=2" in video.text
    in_person = render()
    assert "1 Front St W, Toronto" in in_person.html and 'href="1 Front' not in in_person.html


def test_render_digest_non_http_location_never_becomes_a_link():
    email = render(make(format="video", location="javascript:alert(1)"))
    assert 'href="javascript' not in email.html and "javascript:alert(1)" in email.html


def test_render_digest_missing_location_asks_for_the_address_only():
    email = render(make(location=None, interviewers=[person()]))
    assert "Where: not given yet" in email.text
    assert in_both(email, "Ask your contact to confirm what you don't have yet: the address")
    assert "names of the people" not in email.text  # the people are known


def test_render_digest_people_named_with_title_and_role():
    email = render(make(interviewers=[{**person(), "title": "Head of Operations"}]))
    assert "Marc Gagnon (Head of Operations, hiring manager)" in email.text
    assert "Ask Marc Gagnon:" in email.text and "Ask Marc Gagnon</p>" in email.html


def test_render_digest_has_no_attachments_and_links_manage_page():
    email = render()
    assert email.attachments == ()
    for part in (email.text, email.html):
        assert LINKS.manage_url in part and LINKS.unsubscribe_url in part


def test_render_digest_links_to_the_full_guide_which_holds_everything():
    email, full = render(), guide()
    assert f"Your full prep guide, with everything for this interview: {LINKS.manage_url}/guide" in email.text
    assert f'href="{LINKS.manage_url}/guide"' in email.html and "Open your full prep guide" in email.html
    assert body_words(full.text) > body_words(email.text)
    after = full.text[full.text.index("AFTER THE INTERVIEW") :]
    assert "jot down" in after and "thank-you draft" in after


def test_render_digest_checklist_holds_only_tips_left_out():
    email = render(make(interviewers=[person(), person("team_member", name="Ana")], includes=["presentation"]))
    listed = re.findall(r"^\[ \] (.+)$", email.text, re.M)
    book = {t.id: t for t in load_playbook().tips}
    for line in listed:
        tips = [t for t in book.values() if t.check and t.check.replace("{earlier_cap}", "Round one") == line]
        assert tips and all(t.text.split(".")[0] not in email.text for t in tips), line
    assert "[ ] " in guide().text and "&#9744;" in guide().html


# --- the word budget and the top three --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("people", "short", "budget"),
    [
        (0, False, 450),
        (1, False, 540),
        (6, False, 990),
        (8, False, 1000),
        (12, False, 1000),
        (0, True, 300),
        (2, True, 400),
        (12, True, 900),
    ],
)
def test_word_budget_follows_people_and_lead_time(people: int, short: bool, budget: int):
    assert word_budget(people, short) == budget


def test_render_digest_six_people_a_week_ahead_within_budget_guide_longer():
    people = [person("executive", name=f"Exec Number{i}") for i in range(5)] + [person("team_member", name="Ana")]
    interview = make(interviewers=people, duration_minutes=420, includes=["tour", "presentation"], salary=SALARY)
    email = render(interview, now=NOW - dt.timedelta(days=3))
    assert body_words(email.text) <= 990
    assert body_words(guide(interview, NOW - dt.timedelta(days=3)).text) > 990


def test_render_digest_short_notice_short_budget_and_today_only():
    interview = make(starts_at="2027-03-12T13:00", interviewers=[person()])  # four hours after NOW, in Toronto
    email = render(interview)
    assert body_words(email.text) <= 350
    timeline = email.text.split("YOUR TIMELINE\n", 1)[1]
    assert timeline.startswith("Today:") and "The day before" not in email.text and "In the days" not in email.text


def test_render_digest_top_three_first_and_not_repeated_below():
    email = render(make(format="meal", interviewers=[person(met_before=True)], first_interview_notes=NOTES))
    top = email.text.split("WHAT MATTERS MOST\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [line[:3] for line in top] == ["1. ", "2. ", "3. "]
    below = email.text.split("WHAT MATTERS MOST\n", 1)[1].split("\n\n", 1)[1]
    for line in top:
        assert line[3:] not in below


# --- tailoring, as the candidate reads it (the full guide holds everything selected) ------------------------

ROWS = [
    # (row, fields with the input, fields without it, tip whose text must follow the input)
    ("round>=2", {"round": 2}, {"round": 1}, "prep-review-earlier"),
    ("round=1", {"round": 1}, {"round": 2}, "first-round-purpose"),
    ("round>=2 weaknesses", {"round": 2}, {"round": 1}, "differs-intense"),
    (
        "panel",
        {"interviewers": [person(), person("team_member", name="Ana")]},
        {"interviewers": [person()]},
        "people-panel-room",
    ),
    ("meal", {"format": "meal"}, {"format": "video"}, "format-meal"),
    ("meal logistics", {"format": "meal"}, {"format": "in_person"}, "logistics-meal"),
    ("video", {"format": "video", "location": "https://meet.example/a"}, {"format": "meal"}, "format-video"),
    ("phone", {"format": "phone"}, {"format": "video"}, "format-phone"),
    ("in_person", {"format": "in_person"}, {"format": "video"}, "logistics-bring"),
    ("presentation", {"includes": ["presentation"]}, {"includes": ["test"]}, "includes-presentation"),
    ("test", {"includes": ["test"]}, {"includes": ["tour"]}, "includes-test"),
    ("tour", {"includes": ["tour"]}, {"includes": ["group"]}, "includes-tour"),
    ("group", {"includes": ["group"]}, {"includes": ["presentation"]}, "includes-group"),
    ("take-home", {"includes": ["take_home"]}, {"includes": ["presentation"]}, "includes-take-home"),
    ("long day", {"duration_minutes": 300}, {"duration_minutes": 120}, "long-stamina"),
    (
        "long call",
        {"duration_minutes": 300, "format": "video", "location": "https://meet.example/a"},
        {"duration_minutes": 120, "format": "video", "location": "https://meet.example/a"},
        "long-stamina-remote",
    ),
    (
        "one-to-ones all day",
        {"duration_minutes": 300, "interviewers": [person("executive", name=f"Exec {i}") for i in range(4)]},
        {"interviewers": [person("executive", name=f"Exec {i}") for i in range(4)]},
        "sequence-consistent",
    ),
    ("salary absent", {}, {"salary": SALARY}, "salary-prepare-range"),
    ("concerns noted", {"first_interview_notes": NOTES}, {}, "prep-concerns"),
    ("final round", {"final_round": True}, {}, "final-close"),
    ("internal", {"internal_candidate": True}, {}, "internal-move"),
]


@pytest.mark.parametrize(("row", "with_input", "without_input", "tip_id"), ROWS, ids=[r[0] for r in ROWS])
def test_render_guide_tailoring_row_shows_advice_only_with_input(row, with_input, without_input, tip_id):
    assert in_both(guide(make(**with_input)), tip(tip_id)), row
    assert in_neither(guide(make(**without_input)), tip(tip_id)), row


@pytest.mark.parametrize(
    ("met_before", "shown", "hidden"),
    [(True, "person-met-before", "person-new-face"), (False, "person-new-face", "person-met-before")],
)
def test_render_digest_met_before_changes_person_advice(met_before: bool, shown: str, hidden: str):
    email = guide(make(interviewers=[person("team_member", met_before, name="Ana Lima")]))
    assert in_both(email, tip(shown, name="Ana Lima"))
    assert in_neither(email, tip(hidden, name="Ana Lima"))


@pytest.mark.parametrize(
    ("language", "timezone", "stated"),
    [
        ("en", "America/Toronto", "GBP 11.44–12.50 per hour"),
        ("fr", "Europe/Paris", "11,44 à 12,50\u00a0£GB de l’heure"),
        ("fr", "America/Toronto", "11,44 à 12,50\u00a0£ de l’heure"),
    ],
)
def test_render_digest_pay_by_the_hour_stated_with_its_cents(language: str, timezone: str, stated: str):
    hourly = {"min": 11.44, "max": 12.5, "currency": "GBP", "period": "hour"}
    email = render(make(salary=hourly, language=language, timezone=timezone))
    assert stated in email.text
    assert "11–12" not in email.text and "11,44 à 12,5 " not in email.text


def test_render_digest_salary_given_stated_as_range_never_prepare():
    email = render(make(salary=SALARY))
    assert in_both(email, "CAD 85,000–95,000 per year")
    for part in (email.text, email.html, guide(make(salary=SALARY)).text):
        assert "prepare a range before" not in part.lower()
    assert "prepare a range before the interview" in guide().text


def test_render_digest_first_interview_never_says_round_one():
    email = render(make(round=1, format="phone", interviewers=[person("recruiter")]))
    for part in (email.text.lower(), email.html.lower(), guide(make(round=1)).text.lower()):
        assert "round one" not in part and "earlier interviews" not in part
    assert "your first interview" in email.text


def test_render_digest_fourth_round_never_says_round_one():
    interview = make(round=4, interviewers=[person(met_before=True)], first_interview_notes=NOTES)
    for part in (render(interview).text, guide(interview).text):
        assert "round one" not in part.lower() and "first conversation" not in part.lower()
        assert "your earlier interviews" in part
    assert "your fourth interview" in render(interview).text


def test_render_digest_video_call_has_no_meal_advice():
    email = guide(make(format="video", location="https://meet.example/a"))
    for word in ("restaurant", "meal", "table is booked", "your host"):
        assert word not in email.text.lower() and word not in email.html.lower()
    assert "link" in email.text.lower()


def test_render_digest_meal_assumes_no_restaurant_booking():
    # A meal may be a coffee at a café: the route is checked, a booking only if there is one.
    email = guide(make(format="meal", location="Café Olimpico, 124 Rue Saint-Viateur O, Montréal"))
    for part in (email.text, email.html):
        assert "if a table is booked" in part
        assert "restaurant" not in part.lower()


@pytest.mark.parametrize("where", ["TBD", "tbc.", "To be confirmed", "(TBD)", "???", "à confirmer", "  N/A "])
def test_render_digest_location_that_says_not_known_yet_asks_for_the_address(where: str):
    # "Where: TBD" is no address: no route to check, and the contact is asked for it.
    email = render(make(location=where))

    assert "Where: not given yet" in email.text
    assert "the address (and who to ask for on arrival)" in email.text
    assert "Check your route" not in email.text
    assert where.strip() not in email.html


@pytest.mark.parametrize("where", ["Room TBD, 200 Front St W, Toronto", "TBD Tower, 5 Main St", "Café Olimpico"])
def test_stated_location_keeps_a_place_that_only_mentions_a_placeholder(where: str):
    assert stated_location(where) == where
    assert "Check your route" in render(make(location=where)).text


@pytest.mark.parametrize(
    "where",
    [
        "https://maps.app.goo.gl/Xy12AbCd",
        "https://www.google.com/maps/place/200+Front+St+W,+Toronto",
        "https://maps.apple.com/?address=200%20Front%20St%20W",
        "https://www.openstreetmap.org/way/123456",
    ],
)
def test_render_digest_in_person_map_link_counts_as_the_address(where: str):
    email = render(make(location=where))

    assert "Check your route" in email.text
    assert "the address (and who to ask for on arrival)" not in email.text
    assert f'href="{escape(where)}"' in email.html


def test_render_digest_in_person_meeting_link_is_no_address():
    email = render(make(location="https://meet.example/room-4"))

    assert "whether you meet in person (and where) or by video call" in email.text
    assert "Check your route" not in email.text


def test_render_digest_in_person_says_arrive_early_not_test_link():
    email = guide()
    assert "ten minutes early" in email.text
    assert tip("logistics-video") not in email.text


def test_render_digest_notes_quoted_from_your_notes_concerns_only_where_marked():
    email = render(make(first_interview_notes=NOTES))
    assert 'What you marked as a concern in round one:\n- "They doubted my SQL depth."' in email.text
    assert 'From your notes on round one:\n- "Asked about the team I led."' in email.text
    assert "&ldquo;They doubted my SQL depth.&rdquo;" in email.html
    plain = guide(make(first_interview_notes="She liked my dbt models."))
    assert 'From your notes on round one:\n- "She liked my dbt models."' in plain.text
    assert "What you marked" not in plain.text and "concern" not in plain.text.lower()


@pytest.mark.parametrize(
    ("now", "present", "absent"),
    [
        (dt.datetime(2027, 3, 14, 13, 0, tzinfo=dt.UTC), ["The day before, Mon 15 Mar", "On the day, Tue 16 Mar"], []),
        (dt.datetime(2027, 3, 15, 13, 0, tzinfo=dt.UTC), ["Today:"], ["The day before,"]),
        (dt.datetime(2027, 3, 16, 13, 0, tzinfo=dt.UTC), ["Today:"], ["The day before", "On the day"]),
        (dt.datetime(2027, 3, 9, 13, 0, tzinfo=dt.UTC), ["In the days before", "The day before, Mon 15 Mar"], []),
    ],
)
def test_render_guide_timeline_adapts_to_lead_time(now: dt.datetime, present: list[str], absent: list[str]):
    email = guide(now=now)
    for label in present:
        assert label in email.text and esc(label.rstrip(":")) in email.html, label
    for label in absent:
        assert label not in email.text, label


def test_render_guide_each_person_gets_own_questions():
    people = [person(), person("team_member", name="Ana Lima"), person("executive", name="Raj Patel")]
    email = guide(make(interviewers=people))
    blocks = re.split(r"\n  Ask ", email.text)[1:]
    assert len(blocks) == 3
    questions = [line.strip() for b in blocks for line in b.splitlines()[1:5] if line.startswith("  - ")]
    assert len(questions) == len(set(questions)) >= 6


def test_render_guide_questions_to_expect_differ_presentation_vs_recruiter_screen():
    pres = guide(make(includes=["presentation"], interviewers=[person(), person("team_member", name="Ana")]))
    screen = guide(make(round=1, format="phone", interviewers=[person("recruiter", name="Jo")]))

    def expected(email: RenderedEmail) -> set[str]:
        part = email.text.split("QUESTIONS YOU MAY BE ASKED", 1)[1].split("QUESTIONS TO ASK", 1)[0]
        return set(re.findall(r"^\d+\. (.+)$", part, re.M))

    a, b = expected(pres), expected(screen)
    assert len(a) >= 4 and len(b) >= 4 and a != b
    assert any("build your presentation" in q for q in a) and any("CV" in q for q in b)


# --- escaping and non-ASCII -------------------------------------------------------------------------------


def test_render_digest_escapes_user_input_in_html_keeps_it_raw_in_text():
    interview = make(
        candidate={"name": "Zoë O'Brien", "email": "zoe@example.com"},
        company={"name": "Northwind <Traders>", "website": 'https://northwind.example/?a="1"'},
        role='Analyst "Ops" & <Data>',
        location='<img src=x onerror="alert(1)">',
        interviewers=[
            {"name": "<script>alert('x')</script>", "title": 'Head "of" <b>Ops</b>', "relationship": "hr"},
            person("team_member", name="José Ñúñez"),
        ],
        first_interview_notes='<script>steal()</script> They said "maybe" & more.',
    )
    for email in (render(interview), guide(interview)):
        assert "&lt;Traders&gt;" in email.html and "<Traders>" not in email.html
        assert "<script>" not in email.html and "&lt;script&gt;" in email.html
        assert "<img" not in email.html and "<b>Ops" not in email.html
        assert "Analyst &#34;Ops&#34; &amp; &lt;Data&gt;" in email.html
        assert "Hi Zoë O&#39;Brien," in email.html and "José Ñúñez" in email.html  # the name as given
        assert "&lt;script&gt;alert(&#39;x&#39;)" in email.html
        assert 'href="https://northwind.example/?a=&#34;1&#34;"' in email.html
        # the text part carries the user's text as typed
        assert "Hi Zoë O'Brien," in email.text and "Northwind <Traders>" in email.text
        assert "<script>alert('x')</script>" in email.text and "José Ñúñez" in email.text
    # and the subject is plain text (a header), not HTML
    email = render(interview)
    assert email.subject == 'Prep for your Analyst "Ops" & <Data> interview at Northwind <Traders>, Tue 16 Mar'


def test_render_digest_html_is_one_column_inline_styled_without_external_resources():
    email = render(make(interviewers=[person(), person("team_member", name="Ana")], includes=["presentation"]))
    assert "max-width:640px" in email.html and 'name="viewport"' in email.html
    assert "<link" not in email.html and "<img" not in email.html and "<style" not in email.html
    assert "<script" not in email.html
    assert email.html.count("<h2") >= 4


def test_render_digest_text_part_as_complete_as_html():
    interview = make(
        interviewers=[person(met_before=True), person("team_member", name="Ana")],
        includes=["presentation"],
        salary=SALARY,
        first_interview_notes=NOTES,
    )
    from interview_prep.domain.digest import digest_advice
    from interview_prep.domain.playbook import select_advice

    for email, advice in (
        (render(interview), digest_advice(interview, NOW)),
        (guide(interview), select_advice(interview, NOW)),
    ):
        for line in advice.all_text.splitlines():
            if line:
                assert line in email.text, line
                assert esc(line) in email.html, line
        assert "\n\n\n" not in email.text


def test_render_digest_deterministic_for_same_inputs():
    interview = make(interviewers=[person(), person("hr", name="Ana")], salary=SALARY)
    assert render(interview) == render(interview)


# --- examples ---------------------------------------------------------------------------------------------


def test_examples_write_html_text_index_and_word_counts(tmp_path: pathlib.Path):
    from interview_prep.domain import examples

    assert examples.main([str(tmp_path)]) == 0
    names = {p.name for p in tmp_path.iterdir()}
    slugs = [slug for slug, _, _ in examples.example_interviews()]
    assert len(slugs) >= 14
    assert {f"{s}.html" for s in slugs} | {f"{s}.txt" for s in slugs} | {"index.html", "word-counts.txt"} <= names
    assert {f"{s}.thank-you.txt" for s in slugs} <= names
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    counts = (tmp_path / "word-counts.txt").read_text(encoding="utf-8")
    for slug in slugs:
        words = body_words((tmp_path / f"{slug}.txt").read_text(encoding="utf-8"))
        assert f'href="{slug}.html"' in index and f"{words} words" in index
        assert re.search(rf"^ *{words}  {slug}$", counts, re.M)
    first = (tmp_path / "lunch-with-future-manager.html").read_text(encoding="utf-8")
    again = tmp_path / "again"
    examples.main([str(again)])
    assert (again / "lunch-with-future-manager.html").read_text(encoding="utf-8") == first
    # The README shows this example's text part as it reads, up to "Good luck", with its word count
    readme = (pathlib.Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    text = (tmp_path / "lunch-with-future-manager.txt").read_text(encoding="utf-8")
    shown = text[: text.index("Good luck, Zoë O'Brien!")] + "Good luck, Zoë O'Brien!\n"
    assert f"```\n{shown}```" in readme
    assert f"({body_words(text)} words, as `wc -w` counts them)" in readme


def test_examples_main_without_outdir_prints_usage(capsys: pytest.CaptureFixture[str]):
    from interview_prep.domain import examples

    assert examples.main([]) == 2
    assert "usage" in capsys.readouterr().err


def _asked(interview: Interview) -> dict[str, list[str]]:
    """The ids of the questions to ask listed under each person in the full guide, by person."""
    advice = select_advice(interview, NOW)
    return {p.name: [q.id for q in p.questions_to_ask] for p in advice.people}


def test_question_about_the_last_conversation_goes_only_to_someone_met_before() -> None:
    people = [  # the new person first: they would be offered it first
        person("other", name="Sam Patel"),
        person("hiring_manager", name="Yuki Sato"),
        person("recruiter", met_before=True, name="Lucy Hart"),
    ]
    asked = _asked(make(round=3, interviewers=people))
    last_time = "a-open-points"

    assert last_time in asked["Lucy Hart"]
    assert last_time not in asked["Sam Patel"] and last_time not in asked["Yuki Sato"]


def test_final_round_asks_about_next_steps_and_the_decision_once() -> None:
    people = [
        person("recruiter", met_before=True, name="Lucy Hart"),
        person("hr", name="Pierre Dubois"),
        person("hiring_manager", met_before=True, name="Fiona Grant"),
    ]
    interview = make(round=3, final_round=True, interviewers=people)
    asked = [q for questions in _asked(interview).values() for q in questions]
    text = render(interview).text

    # The final round's close already says to ask what happens next and when they decide: no question repeats it
    about_deciding = [q for q in asked if q in {"a-next-steps", "a-who-next"}]
    assert about_deciding == []
    assert "ask what happens next and when they expect to decide" in text
    assert text.lower().count("expect to decide") == 1
    guide_text = guide(interview).text
    assert guide_text.lower().count("expect to decide") == 1
    # Before the final round, a recruiter is still asked about what comes next
    earlier = [q for questions in _asked(make(round=2, interviewers=people)).values() for q in questions]
    assert len([q for q in earlier if q in {"a-next-steps", "a-who-next"}]) == 1


def test_long_day_with_two_people_claims_neither_their_order_nor_a_headcount() -> None:
    people = [person("hiring_manager", name="Yuki Sato"), person("team_member", name="Ravi Kumar")]
    interview = make(duration_minutes=240, includes=["test", "tour"], interviewers=people)

    for email in (render(interview), guide(interview)):
        assert "one after another" not in email.text and "seven" not in email.text
    assert "compare notes afterwards" in guide(interview).text  # the advice itself stays


def test_with_line_says_the_relationship_once_when_the_title_already_says_it() -> None:
    people = [
        {"name": "Lucy Hart", "title": "Senior Recruiter", "relationship": "recruiter"},
        {"name": "Tom Becker", "title": "Lab Manager", "relationship": "hiring_manager"},
    ]
    email = render(make(interviewers=people))

    assert "With:  Lucy Hart (Senior Recruiter), Tom Becker (Lab Manager, hiring manager)" in email.text
    assert "Lucy Hart, Senior Recruiter (new to you)" in email.text
    assert "Senior Recruiter, recruiter" not in email.text and "Senior Recruiter, recruiter" not in email.html
    assert "Lab Manager, hiring manager" in email.html

    french = render(
        make(
            language="fr",
            timezone="Europe/Paris",
            interviewers=[
                {"name": "Pierre Dubois", "title": "Responsable RH", "relationship": "hr"},
            ],
        )
    )
    assert "Pierre Dubois (Responsable RH)" in french.text and "Responsable RH, RH" not in french.text


def test_with_line_squares_the_brackets_of_a_title() -> None:
    """Inside the "With:" line's brackets a title's own are square, as typography nests them: "Mark Davis (Partner,
    Sequoia Capital [board member])", never "(… (board member))"; the person's heading, outside them, keeps the
    title as entered."""
    people = [
        {"name": "Mark Davis", "title": "Partner, Sequoia Capital (board member)", "relationship": "other"},
        {"name": "Ana Ruiz", "title": "Lead (Platform)", "relationship": "hiring_manager"},
    ]
    email = render(make(interviewers=people))
    assert (
        "With:  Mark Davis (Partner, Sequoia Capital [board member]), Ana Ruiz (Lead [Platform], hiring" in email.text
    )
    assert "Sequoia Capital [board member])</span>" in email.html
    assert "Mark Davis, Partner, Sequoia Capital (board member) (new to you)" in email.text


@pytest.mark.parametrize(
    ("language", "title", "relationship", "shown"),
    [
        ("fr", "Recruteuse", "recruiter", "Julie Gagnon (Recruteuse)"),
        ("fr", "Chargé de recrutement", "recruiter", "Julie Gagnon (Chargé de recrutement)"),
        ("en", "Campus Recruiting Lead", "recruiter", "Julie Gagnon (Campus Recruiting Lead)"),
        ("en", "Human Resources Partner", "hr", "Julie Gagnon (Human Resources Partner)"),
        ("fr", "RRH", "hr", "Julie Gagnon (RRH)"),  # « responsable des ressources humaines »
        ("en", "Talent Acquisition Specialist", "recruiter", "Julie Gagnon (Talent Acquisition Specialist, recruiter)"),
        ("en", "Hrishikesh Lead", "hr", "Julie Gagnon (Hrishikesh Lead, HR)"),
    ],
)
def test_with_line_hears_the_relationship_in_other_words_of_the_title(
    language: str, title: str, relationship: str, shown: str
) -> None:
    """`Recruteuse` is not followed by « recrutement », nor `Human Resources Partner` by "HR"; a title that does not
    name the relationship keeps its label."""
    people = [{"name": "Julie Gagnon", "title": title, "relationship": relationship}]
    email = render(make(language=language, timezone="Europe/Paris", interviewers=people))
    assert shown in email.text


@pytest.mark.parametrize(
    ("language", "titled", "untitled"),
    [
        ("en", "Hugo Bernard (Product Director)", "Ada Obi (interviewer)"),
        ("fr", "Hugo Bernard (Product Director)", "Ada Obi (rôle non précisé)"),
    ],
)
def test_with_line_gives_someone_else_their_title_alone(language: str, titled: str, untitled: str) -> None:
    # "Someone else" says nothing a title does not ("Product Director, interviewer" reads oddly); with no title, the
    # French label says the role is not given.
    people = [
        {"name": "Hugo Bernard", "title": "Product Director", "relationship": "other"},
        {"name": "Ada Obi", "relationship": "other"},
    ]
    email = render(make(language=language, timezone="Europe/Paris", interviewers=people))

    assert titled in email.text and untitled in email.text
    assert "Product Director, interviewer" not in email.text + email.html
    assert "Product Director, autre personne" not in email.text + email.html


def test_guide_points_to_the_interview_page_for_the_people_met() -> None:
    # The people can be added there once known: the guide's link says so, in each language.
    assert "Your interview page (the people you meet, notes, reschedule, cancel):" in guide(make()).text
    assert "the people you meet, notes, reschedule or cancel." in guide(make()).html
    french = guide(make(language="fr", timezone="Europe/Paris"))
    assert "(personnes rencontrées, notes, report, annulation)" in french.text
