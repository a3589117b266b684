"""A panel hears only a few questions from the candidate, all together: the email shares out the ones it has time
for (two in half an hour or less, three up to an hour, four beyond; one each at least), while the full guide keeps
every person's list, and a day of separate conversations keeps each person's own."""

from __future__ import annotations

import datetime as dt

import pytest
from interview_prep.domain.digest import digest_advice, panel_questions
from interview_prep.domain.playbook import select_advice

from tests.sample_interviews import northwind_at, person

NOW = dt.datetime(2027, 3, 8, 14, 0, tzinfo=dt.UTC)
PEOPLE = [person("hiring_manager", name="Jane Smith"), person("team_member", name="Raj Patel"),
          person("other", name="Lucy Green")]  # fmt: skip


def _asked(advice) -> list[int]:
    return [len(p.questions_to_ask) for p in advice.people]


@pytest.mark.parametrize(
    ("minutes", "people", "each"), [(45, 3, 1), (60, 2, 2), (30, 2, 1), (90, 2, 2), (90, 3, 2), (120, 3, 2)]
)
def test_a_panel_is_given_the_questions_it_has_time_for(minutes: int, people: int, each: int) -> None:
    interview = northwind_at(
        NOW, "Europe/London", format="video", duration_minutes=minutes, interviewers=PEOPLE[:people]
    )
    assert "shape:panel" in select_advice(interview, NOW).facts
    assert _asked(digest_advice(interview, NOW)) == [each] * people
    assert sum(_asked(select_advice(interview, NOW))) > each * people  # the guide keeps them all


def test_the_share_grows_with_the_time() -> None:
    assert [panel_questions(m) for m in (20, 30, 45, 60, 90, 180)] == [2, 2, 3, 3, 4, 4]


def test_separate_conversations_keep_their_own_questions() -> None:
    day = northwind_at(NOW, "Europe/London", duration_minutes=240, interviewers=PEOPLE)
    advice = digest_advice(day, NOW)
    assert "shape:sequence" in advice.facts and min(_asked(advice)) >= 2
