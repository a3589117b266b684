"""The double opt-in email: confirm link in both parts, what comes next, and escaped user text."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from interview_prep.domain import clock
from interview_prep.domain.confirmation import render_confirmation
from interview_prep.domain.mail import Links
from interview_prep.domain.models import Interview

from tests.sample_interviews import KESTREL, stored_interview

LINKS = Links(
    manage_url="https://prep.example/manage/m-tok",
    unsubscribe_url="https://prep.example/unsubscribe/u-tok",
    confirm_url="https://prep.example/confirm/c-tok?x=1&y=2",
)
NOW = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)


def make_interview(**overrides: Any) -> Interview:
    base = {"id": "c" * 32, "status": "pending_confirmation", "created_at": "2027-03-01T12:00:00Z"}
    return stored_interview(KESTREL, base, {"updated_at": "2027-03-01T12:00:00Z"}, **overrides)


def test_render_confirmation_confirm_url_in_both_parts() -> None:
    with clock.frozen(NOW):
        email = render_confirmation(make_interview(), LINKS)

    assert email.subject == "Confirm your interview prep for Backend Engineer at Kestrel Robotics"
    assert LINKS.confirm_url in email.text
    assert 'href="https://prep.example/confirm/c-tok?x=1&amp;y=2"' in email.html
    assert LINKS.manage_url in email.text and LINKS.manage_url in email.html
    assert email.attachments == ()


def test_render_confirmation_says_what_comes_and_when() -> None:
    with clock.frozen(NOW):
        email = render_confirmation(make_interview(digest_lead_hours=48, thank_you_delay_minutes=60), LINKS)

    for part in (email.text, email.html):
        assert "Monday 29 March 2027, 09:30 (America/Toronto, UTC−04:00)" in part
        assert "48 hours before" in part
        assert "Saturday 27 March 2027, 09:30" in part  # the digest
        assert "1 hour after" in part
        assert "Monday 29 March 2027, 11:30" in part  # the drafts: end (10:30) + 60 min
        assert "ignore this email" in part
        assert "nothing else will be sent" in part


@pytest.mark.parametrize(
    ("language", "digest", "drafts"),
    [
        (
            "en",
            "48 hours before the interview, on Saturday 27 March 2027, 09:30 (",
            "ends, on Monday 29 March 2027, 11:30 (",
        ),
        (
            "fr",
            "avant l’entrevue, le samedi 27 mars 2027, 9\u00a0h\u00a030 (",
            "l’entrevue, le lundi 29 mars 2027, 11\u00a0h\u00a030 (",
        ),
    ],
)
def test_render_confirmation_says_when_each_email_goes_in_one_parenthesis(
    language: str, digest: str, drafts: str
) -> None:
    # "48 hours before the interview (Saturday …, 09:30 (America/Toronto, …))" read as a parenthesis in a parenthesis.
    with clock.frozen(NOW):
        email = render_confirmation(make_interview(language=language), LINKS)

    for part in (email.text, email.html):
        assert digest in part and drafts in part
    assert "))" not in email.text


def test_render_confirmation_digest_time_past_says_right_away() -> None:
    with clock.frozen(dt.datetime(2027, 3, 28, 12, 0, tzinfo=dt.UTC)):
        email = render_confirmation(make_interview(), LINKS)

    assert "right away" in email.text and "right away" in email.html


def test_render_confirmation_html_in_names_escaped() -> None:
    interview = make_interview(
        candidate={"name": "<script>alert(1)</script>", "email": "ada@example.com"},
        company={"name": 'Evil & "Co" <b>'},
        role="<img src=x onerror=alert(1)>",
    )
    with clock.frozen(NOW):
        email = render_confirmation(interview, LINKS)

    assert "<script>" not in email.html
    assert "&lt;script&gt;" in email.html
    assert "<img" not in email.html
    assert "<b>" not in email.html
    assert "Evil &amp; &#34;Co&#34; &lt;b&gt;" in email.html
    assert "<script>alert(1)</script>" in email.text


def test_render_confirmation_without_confirm_url_refused() -> None:
    with pytest.raises(ValueError, match="confirm_url"):
        render_confirmation(make_interview(), Links("https://m", "https://u"))


ONE = [{"name": "Helen Park", "relationship": "executive"}]
TWO = [*ONE, {"name": "Noah Kim", "relationship": "team_member"}]


@pytest.mark.parametrize(
    ("language", "interviewers", "expected"),
    [
        ("en", [], "a note to the hiring team, or one per interviewer once you add their names"),
        ("en", ONE, "a note to Helen Park, ready to edit and send"),
        ("en", TWO, "one per interviewer, ready to edit and send"),
        ("fr", [], "un message à l’équipe de recrutement, ou un par personne une fois leurs noms ajoutés"),
        ("fr", ONE, "un message pour Helen Park, prêt à retoucher"),
        ("fr", TWO, "un par personne rencontrée, prêt à retoucher"),
    ],
)
def test_render_confirmation_thank_you_promise_matches_the_people_named(
    language: str, interviewers: list[dict[str, Any]], expected: str
) -> None:
    # One draft per person named, or one to the hiring team when nobody is: the promise says which, in the singular
    # when it is one.
    with clock.frozen(NOW):
        email = render_confirmation(make_interview(interviewers=interviewers, language=language), LINKS)

    for part in (email.text, email.html):
        assert expected in part
    drafts = "drafts" if language == "en" else "brouillons"
    assert (drafts in email.text) == (len(interviewers) > 1)
