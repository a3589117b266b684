"""A role given time, not paid (a volunteer's, a charity's trustee, a school's governor, a Special Constable): the
candidate is not told to prepare a salary range, negotiate an offer, look up a pay scale or give their notice period,
nor asked why they are moving on; they are told to ask about expenses and the time it takes, and to expect "Why do you
want to give your time to…?"."""

from __future__ import annotations

import datetime as dt

import pytest
from interview_prep.domain.digest import render_digest, render_guide
from interview_prep.domain.mail import Links
from interview_prep.domain.titles import title_facts

from tests.sample_interviews import northwind_at, person

NOW = dt.datetime(2027, 3, 8, 14, 0, tzinfo=dt.UTC)
LINKS = Links(manage_url="https://prep.example/manage/t", unsubscribe_url="https://prep.example/unsubscribe/t")
PAID_WORDS = ("salary", "Salary", "negotiate", "pay scale", "paid on a scale", "notice period", "hiring me",
              "Why are you looking to move on?", "benefits —", "working hours", "What salary")  # fmt: skip


@pytest.mark.parametrize(
    "role",
    ["Volunteer Befriender", "Volunteer Driver", "Volunteer Team Leader", "Volunteer Adviser", "Driver (Voluntary)",
     "Unpaid Research Assistant", "Pro Bono Adviser", "Trustee", "Trustee (Treasurer)", "Board Trustee",
     "Parent Governor", "Co-opted Governor", "Special Constable", "Bénévole - aide aux devoirs",
     "Administratrice bénévole"],
)  # fmt: skip
def test_a_title_that_gives_time_is_unpaid(role: str) -> None:
    assert "role:unpaid" in title_facts(role)


@pytest.mark.parametrize(
    "role",
    # the paid staff who work with volunteers, trustees or governors
    ["Volunteer Coordinator", "Volunteering Manager", "Head of Volunteering", "Volunteer Development Adviser",
     "Volunteer Services Administrator", "Voluntary Sector Policy Officer", "Trustee Services Manager",
     "Prison Governor", "Governor", "Responsable des bénévoles", "Chargée de bénévolat", "Police Constable"],
)  # fmt: skip
def test_staff_who_work_with_volunteers_are_not(role: str) -> None:
    assert "role:unpaid" not in title_facts(role)


def _volunteer(role: str = "Volunteer Befriender", **fields: object):
    people = [person("hiring_manager", name="Sam Patel"), person("hr", name="Jo Reed")]
    return northwind_at(NOW, "Europe/London", role=role, interviewers=people, **fields)


@pytest.mark.parametrize("final", [False, True])
def test_a_volunteer_is_told_nothing_about_pay(final: bool) -> None:
    interview = _volunteer(final_round=final, salary=None)
    text = render_digest(interview, LINKS, NOW).text + render_guide(interview, LINKS, NOW).text
    assert not [word for word in PAID_WORDS if word in text]
    assert "This role is unpaid: ask which expenses are covered" in text
    assert "Why do you want to give your time to Northwind" in render_guide(interview, LINKS, NOW).text
    assert "How much time could you give, and when?" in render_guide(interview, LINKS, NOW).text
    # The same interview for a paid role speaks of pay.
    paid = _volunteer(role="Care Assistant", final_round=final, salary=None)
    assert "Salary will probably come up" in render_guide(paid, LINKS, NOW).text


def test_a_special_constable_is_not_sent_to_a_police_pay_scale() -> None:
    interview = _volunteer(role="Special Constable", company={"name": "Thames Valley Police"}, salary=None)
    guide = render_guide(interview, LINKS, NOW).text
    assert "paid on a scale" not in guide and "This role is unpaid" in guide
    officer = _volunteer(role="Police Constable", company={"name": "Thames Valley Police"}, salary=None)
    assert "paid on a scale" in render_guide(officer, LINKS, NOW).text


def test_pay_given_for_a_volunteer_title_is_pay() -> None:
    salary = {"min": 12, "max": 12, "currency": "GBP", "period": "hour"}
    guide = render_guide(_volunteer(salary=salary), LINKS, NOW).text
    assert "This role is unpaid" not in guide and "The pay given for this role is GBP 12 per hour" in guide


def test_a_french_volunteer_is_told_in_french() -> None:
    interview = _volunteer(role="Bénévole - aide aux devoirs", language="fr", timezone="Europe/Paris", salary=None)
    guide = render_guide(interview, LINKS, NOW).text.replace("\u202f", " ")
    assert "Ce rôle n’est pas rémunéré : demandez quels frais sont pris en charge" in guide
    assert "Pourquoi voulez-vous donner de votre temps à Northwind" in guide
    assert "salaire" not in guide.casefold() and "négocier" not in guide
