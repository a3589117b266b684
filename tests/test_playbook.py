"""The playbook: the file validates, bad entries fail with their id, and selection follows the tailoring rules."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import pathlib
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from interview_prep.domain import playbook as pb
from interview_prep.domain.models import Interview, Interviewer, Salary
from interview_prep.domain.playbook import (
    PlaybookError,
    load_playbook,
    note_points,
    parse_playbook,
    salary_range,
    select_advice,
)

from tests.sample_interviews import NORTHWIND, person, stored_interview

NOW = dt.datetime(2027, 3, 12, 14, 0, tzinfo=dt.UTC)  # Friday, 09:00 in Toronto (clocks go forward on 14 March)
REPO = pathlib.Path(__file__).resolve().parent.parent
PACKAGE = REPO / "layers" / "interview_prep" / "interview_prep" / "domain"
# The source articles the playbook was written from (not part of this repository): PLAYBOOK_SOURCES_DIR, or the
# folder where they are kept beside the checkout. The own-words test runs when they are there.
SEEDS = pathlib.Path(os.environ.get("PLAYBOOK_SOURCES_DIR") or REPO.parent / "shared" / "seeds")


def make(lead_hours: float = 48, **fields: Any) -> Interview:
    """An interview starting `lead_hours` after NOW (in Toronto unless `timezone` is given), with `fields` on top."""
    zone = fields.get("timezone", "America/Toronto")
    from zoneinfo import ZoneInfo

    start = (NOW + dt.timedelta(hours=lead_hours)).astimezone(ZoneInfo(zone))
    return stored_interview(NORTHWIND, {"starts_at": start.strftime("%Y-%m-%dT%H:%M")}, **fields)


def fact_holds(fact: str, **fields: Any) -> bool:
    """Whether `fact` holds for an interview made with `fields` (the title and employer tables' tests)."""
    from interview_prep.domain.facts import derive_facts

    return fact in derive_facts(make(**fields), NOW)


def ids(interview: Interview, now: dt.datetime = NOW) -> frozenset[str]:
    return select_advice(interview, now).tip_ids


SALARY = {"min": 85000, "max": 95000, "currency": "CAD", "period": "year"}
NOTES = "- Concern: They doubted my SQL depth.\n- Asked about the team I led. I was vague on numbers."

# --- the file ---------------------------------------------------------------------------------------------


def test_load_playbook_packaged_file_valid_and_cached():
    book = load_playbook()
    assert book is load_playbook()
    assert len(book.tips) >= 90 and len(book.expect) >= 25 and len(book.ask) >= 35
    all_ids = [t.id for t in book.tips] + [q.id for q in book.expect] + [q.id for q in book.ask]
    assert len(all_ids) == len(set(all_ids))
    assert {t.section for t in book.tips} == set(pb.SECTIONS)


def test_import_playbook_and_digest_reads_nothing_and_imports_no_jinja():
    code = (
        "import sys, interview_prep.domain.playbook as p, interview_prep.domain.digest;"
        "assert p.load_playbook.cache_info().currsize == 0;"
        "assert 'jinja2' not in sys.modules and 'tomllib' not in sys.modules, sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def _minimal(tips: str) -> str:
    """The packaged playbook with its tips replaced by `tips`."""
    text = (PACKAGE / "playbook.toml").read_text(encoding="utf-8")
    head = text[: text.index("\n[[tips]]\n")]
    tail = text[text.index("\n[[expect]]\n") :]
    return head + "\n" + tips + "\n" + tail


def test_parse_playbook_unknown_section_fails_naming_tip():
    bad = '[[tips]]\nid = "stray-tip"\nsection = "gossip"\ntext = "Some words of advice here."\n'
    with pytest.raises(PlaybookError, match=r"tips 'stray-tip'.*section"):
        parse_playbook(_minimal(bad))


def test_parse_playbook_missing_text_fails_naming_tip():
    bad = '[[tips]]\nid = "mute-tip"\nsection = "prepare"\n'
    with pytest.raises(PlaybookError, match=r"tips 'mute-tip'.*text.*[Ff]ield required"):
        parse_playbook(_minimal(bad))


def test_parse_playbook_unknown_condition_fails_naming_tip():
    bad = '[[tips]]\nid = "odd-tip"\nsection = "prepare"\nwhen_moon = "full"\ntext = "Some words of advice here."\n'
    with pytest.raises(PlaybookError, match=r"tips 'odd-tip'.*when_moon"):
        parse_playbook(_minimal(bad))


@pytest.mark.parametrize(
    "condition",
    [
        'requires = ["moon:full"]',
        'excludes = ["panel"]',
        'any_of = ["setting:in_person", "setting:boat"]',
        'boost = { "round:fifth" = 3 }',
        'requires = ["person:hr"]',  # a person fact in a tip about the whole interview
    ],
)
def test_parse_playbook_unknown_fact_fails_naming_tip(condition: str):
    bad = f'[[tips]]\nid = "odd-tip"\nsection = "prepare"\n{condition}\ntext = "Some words of advice here."\n'
    with pytest.raises(PlaybookError, match=r"tips 'odd-tip'.*unknown fact"):
        parse_playbook(_minimal(bad))


def test_parse_playbook_person_tip_without_plural_fails_naming_tip():
    bad = '[[tips]]\nid = "lonely"\nsection = "people"\nscope = "person"\ntext = "Greet {name} warmly, please."\n'
    with pytest.raises(PlaybookError, match=r"tips 'lonely'.*plural"):
        parse_playbook(_minimal(bad))


def test_parse_playbook_duplicate_id_fails_naming_tip():
    tip = '[[tips]]\nid = "twice"\nsection = "prepare"\ntext = "Some words of advice here."\nfr = "Quelques conseils ici."\n'
    with pytest.raises(PlaybookError, match=r"tips 'twice'.*used twice"):
        parse_playbook(_minimal(tip + tip))


@pytest.mark.parametrize(
    ("text", "extra"),
    [
        ("Greet {name} warmly.", ""),  # {name} only in person tips
        ("Ask for {salary} plainly.", ""),  # {salary} only where salary:given is required
        ("Ask for {missing} plainly.", ""),  # {missing} only where missing:any is required
        ("Mind {company.__class__} here.", ""),  # no attribute access
        ("Mind {company!r} here.", ""),  # no conversion
        ("Round {round_min} matters.", ""),
    ],
)
def test_parse_playbook_bad_placeholder_fails_naming_tip(text: str, extra: str):
    bad = f'[[tips]]\nid = "holey"\nsection = "prepare"\ntext = "{text}"\n{extra}'
    with pytest.raises(PlaybookError, match=r"tips 'holey'.*placeholder"):
        parse_playbook(_minimal(bad))


def test_parse_playbook_bad_question_tag_fails_naming_question():
    text = (PACKAGE / "playbook.toml").read_text(encoding="utf-8")
    bad = text + '\n[[expect]]\nid = "q-odd"\ntext = "Why us?"\ntags = ["rel:ceo"]\n'
    with pytest.raises(PlaybookError, match=r"expect 'q-odd'.*unknown fact"):
        parse_playbook(bad)


def test_parse_playbook_tip_without_id_fails_naming_position():
    bad = '[[tips]]\nsection = "prepare"\ntext = "Some words of advice here."\n'
    with pytest.raises(PlaybookError, match=r"tips #1 \(no id\).*id"):
        parse_playbook(_minimal(bad))


def test_parse_playbook_id_shared_by_tip_and_question_fails_naming_it():
    bad = '[[tips]]\nid = "q-why-us"\nsection = "prepare"\ntext = "Some words of advice here."\nfr = "Quelques conseils ici."\n'
    with pytest.raises(PlaybookError, match=r"'q-why-us'.*already used in \[\[tips\]\]"):
        parse_playbook(_minimal(bad))


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('priority = "3"', r"priority: Input should be a valid integer"),  # strict: text is never a number
        ("text = 1979-05-27", r"text: Input should be a valid string"),  # a TOML date is not text either
        ('boost = { "round:later" = 2.5 }', r"boost.round:later: Input should be a valid integer"),
    ],
)
def test_parse_playbook_value_of_the_wrong_kind_fails_naming_tip(line: str, problem: str):
    bad = f'[[tips]]\nid = "typed"\nsection = "prepare"\ntext = "Some words of advice here."\n{line}\n'
    if line.startswith("text"):
        bad = '[[tips]]\nid = "typed"\nsection = "prepare"\n' + line + "\n"
    with pytest.raises(PlaybookError, match=rf"tips 'typed': .*{problem}"):
        parse_playbook(_minimal(bad))


def test_parse_playbook_unknown_label_table_fails():
    text = (PACKAGE / "playbook.toml").read_text(encoding="utf-8")
    with pytest.raises(PlaybookError, match=r"playbook: fr\.colours: "):
        parse_playbook(text + '\n[fr.colours]\nred = "rouge"\n')


def test_parse_playbook_invalid_toml_fails_clearly():
    with pytest.raises(PlaybookError, match="not valid TOML"):
        parse_playbook("[[tips]\nid=")


def test_load_playbook_path_reads_that_file(tmp_path: pathlib.Path):
    path = tmp_path / "book.toml"
    path.write_text(
        _minimal(
            '[[tips]]\nid = "only-tip"\nsection = "mindset"\ntext = "Breathe, you are ready."\nfr = "Respirez, tout est prêt."\n'
        )
    )
    book = load_playbook(path)
    assert [t.id for t in book.tips] == ["only-tip"]
    advice = select_advice(make(), NOW, playbook=book)
    assert [i.text for i in advice.top] == ["Breathe, you are ready."]


# --- the tailoring table (what the digest adapts to), one row at a time --------------------------------------------------

ROWS = [
    # (row, interview with the input, interview without it, tip ids that must follow the input)
    ("round>=2", {"round": 2}, {"round": 1}, {"prep-review-earlier", "why-shortlisted", "prep-fresh-questions"}),
    ("round=1", {"round": 1}, {"round": 3}, {"first-round-purpose", "prep-research-first", "expect-broad"}),
    ("met_before", {"interviewers": [person(met_before=True)]}, {"interviewers": [person()]}, {"person-met-before"}),
    ("new interviewer", {"interviewers": [person()]}, {"interviewers": [person(met_before=True)]}, {"person-new-face"}),
    (
        "panel in person",
        {"interviewers": [person(), person("team_member", name="Ana")]},
        {"interviewers": [person()]},
        {"people-panel-room"},
    ),
    ("meal", {"format": "meal"}, {"format": "video"}, {"format-meal", "logistics-meal", "tl-day-meal"}),
    (  # alcohol is mentioned at dinner, not over a coffee or a lunch
        "meal in the evening",
        {"format": "meal", "starts_at": "2027-03-16T19:00"},
        {"format": "meal", "starts_at": "2027-03-16T12:30"},
        {"format-meal-evening"},
    ),
    (
        "video",
        {"format": "video", "location": "https://meet.example/x"},
        {"format": "meal"},
        {"format-video", "tl-day-video"},
    ),
    ("phone", {"format": "phone"}, {"format": "in_person"}, {"format-phone", "logistics-phone", "tl-day-phone"}),
    (
        "in_person",
        {"format": "in_person"},
        {"format": "video"},
        {"format-in-person", "logistics-bring", "tl-day-arrive"},
    ),
    ("presentation", {"includes": ["presentation"]}, {"includes": []}, {"includes-presentation"}),
    ("test", {"includes": ["test"]}, {"includes": []}, {"includes-test"}),
    ("tour", {"includes": ["tour"]}, {"includes": []}, {"includes-tour"}),
    ("group", {"includes": ["group"]}, {"includes": []}, {"includes-group"}),
    ("take-home", {"includes": ["take_home"]}, {"includes": []}, {"includes-take-home", "q-take-home-walk"}),
    ("long by duration", {"duration_minutes": 240}, {"duration_minutes": 239}, {"long-stamina", "logistics-schedule"}),
    (  # a long call from home: the schedule keeps the time around it free, no "way home" to plan
        "long on video",
        {"duration_minutes": 240, "format": "video", "location": "https://zoom.us/j/1"},
        {"duration_minutes": 240, "format": "in_person"},
        {"logistics-schedule-remote"},
    ),
    (
        "a day of one-to-ones",
        {"duration_minutes": 300, "interviewers": [person("executive", name=f"E{i}") for i in range(4)]},
        {"duration_minutes": 60, "interviewers": [person("executive", name=f"E{i}") for i in range(4)]},
        {"sequence-consistent", "sequence-jot"},
    ),
    ("salary given", {"salary": SALARY}, {"salary": None}, {"salary-range-given"}),
    ("salary absent", {"salary": None}, {"salary": SALARY}, {"salary-prepare-range"}),
    ("concerns in notes", {"first_interview_notes": NOTES}, {"first_interview_notes": None}, {"prep-concerns"}),
    ("no notes", {"first_interview_notes": None}, {"first_interview_notes": NOTES}, {"prep-recall-earlier"}),
    ("long lead", {"lead_hours": 100}, {"lead_hours": 30}, {"tl-ahead-rehearse"}),
    ("short lead", {"lead_hours": 4}, {"lead_hours": 30}, {"tl-now-essentials"}),
    ("internal", {"internal_candidate": True}, {"internal_candidate": False}, {"internal-move", "internal-evidence"}),
    ("final", {"final_round": True}, {"final_round": False}, {"final-close", "final-references", "final-offer"}),
    ("a role leading people", {"role": "Head of Operations"}, {"role": "Operations Analyst"}, {"ask-team-you-manage"}),
]


@pytest.mark.parametrize(("row", "with_input", "without_input", "expected"), ROWS, ids=[r[0] for r in ROWS])
def test_select_advice_tailoring_row_follows_input(row, with_input, without_input, expected):
    assert expected <= ids(make(**with_input)), row
    assert not expected & ids(make(**without_input)), row


@pytest.mark.parametrize(
    ("relationship", "tip"),
    [
        ("hiring_manager", "person-hiring-manager"),
        ("team_member", "person-team-member"),
        ("executive", "person-executive"),
        ("hr", "person-hr"),
        ("recruiter", "person-recruiter"),
        ("other", "person-other"),
    ],
)
def test_select_advice_relationship_gets_own_person_advice(relationship: str, tip: str):
    # Someone outside the listed relationships gets their own tip once met (someone new is looked up instead).
    met = relationship == "other"
    advice = select_advice(make(interviewers=[person(relationship, met, name="Ana Lima")]), NOW)
    (card,) = advice.people
    assert card.name == "Ana Lima" and card.relationship == relationship
    mine = [i for i in (*card.tips, *advice.top) if i.id == tip]
    assert mine and "Ana Lima" in mine[0].text
    others = {"person-hiring-manager", "person-team-member", "person-executive", "person-hr", "person-recruiter"}
    assert not (others - {tip}) & advice.tip_ids


def test_select_advice_hiring_manager_met_before_in_panel_is_advocate_once():
    panel = make(interviewers=[person(met_before=True), person("team_member", name="Ana")])
    assert "person-advocate-panel" in ids(panel) and "person-advocate" not in ids(panel)
    alone = make(interviewers=[person(met_before=True)])
    assert "person-advocate" in ids(alone) and "person-advocate-panel" not in ids(alone)


def test_select_advice_person_tip_for_several_people_said_once_with_every_name():
    people = [person("team_member", name=n) for n in ("Ana Lima", "Bo Chen", "Cy Diaz", "Dee Ode")]
    advice = select_advice(make(interviewers=people), NOW)
    new_face = [i for i in advice.items() if i.id == "person-new-face"]
    assert len(new_face) == 1
    assert new_face[0].text.startswith("Ana Lima, Bo Chen, Cy Diaz and Dee Ode are new to you")
    assert advice.all_text.count("new to you but may already know") == 1


def test_select_advice_internal_move_with_new_people_asks_for_evidence_once():
    # An internal candidate meeting new people in a later round: "bring your evidence" is said once, in the way
    # that fits an internal move, not again in the people section.
    advice = select_advice(make(internal_candidate=True, interviewers=[person(name="Ana Lima")]), NOW)
    assert "internal-evidence" in advice.tip_ids and "person-new-face" not in advice.tip_ids
    outside = select_advice(make(interviewers=[person(name="Ana Lima")]), NOW)
    assert "person-new-face" in outside.tip_ids and "internal-evidence" not in outside.tip_ids


def test_select_advice_salary_given_states_range_not_prepare():
    advice = select_advice(make(salary=SALARY), NOW)
    assert advice.salary_range == "CAD 85,000–95,000 per year"
    assert "CAD 85,000–95,000 per year" in advice.all_text
    assert "prepare a range before" not in advice.all_text
    absent = select_advice(make(), NOW)
    assert absent.salary_range is None and "prepare a range before the interview" in absent.all_text


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"interviewers": [person("team_member")]}, "salary-prepare-range-peers"),
        (
            {"interviewers": [person("team_member"), person("team_member", name="Ana Lima")]},
            "salary-prepare-range-peers",
        ),
        ({"interviewers": [person("team_member"), person("recruiter", name="Ana Lima")]}, "salary-prepare-range"),
        ({"interviewers": [person("team_member"), person("other", name="Ana Lima")]}, "salary-prepare-range"),
        ({"interviewers": [person("team_member")], "final_round": True}, "salary-prepare-range"),
        ({"interviewers": [person("hiring_manager")]}, "salary-prepare-range"),
        ({"interviewers": []}, "salary-prepare-range"),
    ],
)
def test_select_advice_salary_with_future_colleagues_only_is_not_expected_to_come_up(fields: dict, expected: str):
    # "Salary will probably come up" is not true of a talk with future colleagues only: they rarely discuss pay.
    tips = ids(make(**fields))
    assert expected in tips
    assert not ({"salary-prepare-range", "salary-prepare-range-peers"} - {expected}) & tips


@pytest.mark.parametrize(
    ("salary", "expected"),
    [
        (SALARY, "CAD 85,000–95,000 per year"),
        ({"min": 4200, "max": 4200, "currency": "eur", "period": "month"}, "EUR 4,200 per month"),
        ({"min": 28, "max": 35, "currency": "USD", "period": "hour"}, "USD 28–35 per hour"),
        ({"min": 550, "max": 550, "currency": "GBP", "period": "day"}, "GBP 550 per day"),  # a contractor's day rate
    ],
)
def test_salary_range_formats_as_range(salary: dict, expected: str):
    assert salary_range(Salary.model_validate(salary)) == expected


def test_select_advice_first_round_never_mentions_earlier_rounds():
    advice = select_advice(make(round=1, interviewers=[person("recruiter")]), NOW)
    text = advice.all_text.lower()
    assert "round one" not in text and "being invited back" not in text and "earlier interviews" not in text
    assert "prep-review-earlier" not in advice.tip_ids


def test_select_advice_meal_is_not_told_to_ask_about_a_test_or_a_visit():
    for people in ([], [person("team_member", name="T")]):
        meal = select_advice(make(format="meal", duration_minutes=90, interviewers=people), NOW)
        office = select_advice(make(format="in_person", duration_minutes=90, interviewers=people), NOW)
        assert "prep-how-it-runs" not in meal.tip_ids and "prep-how-it-runs" in office.tip_ids


def test_select_advice_a_call_is_not_told_about_visits_dress_or_greetings():
    phone = select_advice(make(format="phone", duration_minutes=20, interviewers=[person("hr")]), NOW)
    video = select_advice(make(format="video", location="https://meet.example/x", interviewers=[]), NOW)
    office = select_advice(make(format="in_person", interviewers=[]), NOW)

    assert "visit of the premises" not in phone.all_text and "visit of the premises" not in video.all_text
    assert "dress for the setting" not in phone.all_text and "everyone you meet" not in phone.all_text
    assert "prep-how-it-runs-video" in video.tip_ids  # a test or a presentation can still be asked about
    assert {"prep-how-it-runs", "prep-etiquette"} <= set(office.tip_ids) and "prep-etiquette" in video.tip_ids


def test_select_advice_missing_names_say_where_they_go_once_known():
    nobody = select_advice(make(format="video", location="https://meet.example/x", interviewers=[]), NOW)
    no_address = select_advice(make(format="in_person", location=None, interviewers=[person("hr")]), NOW)

    assert "Once you have the names, add them on your interview page" in nobody.all_text
    assert "the names of the people you will meet" in nobody.all_text
    assert "the address" in no_address.all_text and "Once you have the names" not in no_address.all_text


def test_select_advice_meal_advice_absent_from_video_call():
    text = select_advice(make(format="video", location="https://meet.example/x"), NOW).all_text.lower()
    assert "restaurant" not in text and "meal" not in text and "host" not in text


def test_note_points_split_concerns_from_ordinary_notes():
    points, concerns = note_points(NOTES)
    assert concerns == ["They doubted my SQL depth."]
    assert points == ["Asked about the team I led.", "I was vague on numbers."]
    advice = select_advice(make(first_interview_notes=NOTES), NOW)
    assert [i.text for i in advice.concerns] == concerns and [i.text for i in advice.notes] == points
    assert select_advice(make(), NOW).notes == ()


def test_note_points_concern_marked_within_a_line_runs_to_its_end():
    # Notes typed as one paragraph: the mark starts a concern where its sentence starts.
    notes = "CEO wants to scale the team from 20 to 60. Concern: I have not managed managers. Asked twice.\nLiked us."

    assert note_points(notes) == (
        ["CEO wants to scale the team from 20 to 60.", "Liked us."],
        ["I have not managed managers.", "Asked twice."],
    )
    advice = select_advice(make(round=2, first_interview_notes=notes), NOW)
    assert "prep-concerns" in advice.tip_ids


@pytest.mark.parametrize("notes", ["1) Concern: weak on Kafka", "– Concern: weak on Kafka", "> Point faible : Kafka"])
def test_select_advice_concern_after_any_bullet_is_listed_and_prepared_for(notes: str):
    # The facts and the digest's points read notes the same way: a concern shown is a concern prepared for.
    advice = select_advice(make(round=2, first_interview_notes=notes), NOW)

    assert note_points(notes)[1] and "prep-concerns" in advice.tip_ids


def test_select_advice_concern_mark_with_nothing_after_it_is_no_concern():
    advice = select_advice(make(round=2, first_interview_notes="Liked the team.\nConcern:"), NOW)

    assert note_points("Liked the team.\nConcern:") == (["Liked the team."], [])
    assert "prep-concerns" not in advice.tip_ids


def test_select_advice_concern_word_inside_a_sentence_is_no_mark():
    notes = "They asked about my main concern: the commute. All good otherwise."

    assert note_points(notes) == (["They asked about my main concern: the commute.", "All good otherwise."], [])
    assert "prep-concerns" not in select_advice(make(round=2, first_interview_notes=notes), NOW).tip_ids


def test_note_points_bounded_and_clean():
    notes = "\n".join(f"* point number {i} about the warehouse" for i in range(20)) + "\n\n   \n" + "x " * 400
    points, _ = note_points(notes)
    assert len(points) == pb.MAX_NOTE_POINTS
    assert all(not p.startswith(("*", "-")) and len(p) <= pb.MAX_NOTE_CHARS for p in points)
    long_one = note_points("word " * 200)[0][0]
    assert long_one.endswith("…") and len(long_one) <= pb.MAX_NOTE_CHARS
    assert note_points("1. Same thing.\n2) same thing.") == (["Same thing."], [])
    # the mark removed, the point starts as a sentence does
    assert note_points("- concerns: too junior?\nCONCERN: no SQL") == ([], ["Too junior?", "No SQL"])


# --- questions ------------------------------------------------------------------------------------------


def _asked(advice: pb.DigestAdvice) -> list[str]:
    return [q.id for p in advice.people for q in p.questions_to_ask]


@pytest.mark.parametrize("size", [1, 2, 3, 4, 6, 12])
@pytest.mark.parametrize("relationship", ["hiring_manager", "team_member", "executive", "hr", "recruiter", "other"])
def test_select_advice_questions_to_ask_one_to_three_each_never_repeated(size: int, relationship: str):
    people = [person(relationship, met_before=i % 2 == 0, name=f"P{i}") for i in range(size)]
    advice = select_advice(make(interviewers=people), NOW)
    asked = _asked(advice)
    assert len(asked) == len(set(asked)), "a question repeats across people"
    texts = [q.text for p in advice.people for q in p.questions_to_ask]
    assert len(texts) == len(set(texts))
    assert all(len(p.questions_to_ask) <= 4 for p in advice.people)
    assert all(p.questions_to_ask for p in advice.people[:4])


@pytest.mark.parametrize("round_number", [1, 2, 3])
def test_select_advice_someone_outside_the_team_is_not_asked_how_their_work_meets_the_role_twice(round_number: int):
    # "How does your work connect with the role…?" and "What part would you play in the work this role does?" are
    # one question: a person asked one of them is never asked the other in the same email.
    same = {"a-connection", "a-your-part"}
    for people in ([person("other", name="O")], [person("other", name="O"), person("team_member", name="T")]):
        advice = select_advice(make(round=round_number, interviewers=people), NOW)
        asked = _asked(advice)
        assert len(same & set(asked)) == 1, asked
        ideas = [q.idea for p in advice.people for q in p.questions_to_ask]
        assert len(ideas) == len(set(ideas))


def test_select_advice_questions_to_ask_suit_each_person():
    book = load_playbook()
    suits = {q.id: q.ask for q in book.ask}
    people = [person("hr", name="H"), person("executive", name="E"), person("team_member", name="T")]
    for card in select_advice(make(interviewers=people), NOW).people:
        for q in card.questions_to_ask:
            assert not suits[q.id] or card.relationship in suits[q.id], (card.name, q.id)


def test_select_advice_mixed_panel_never_repeats_questions():
    rels = ["hiring_manager", "team_member", "executive", "hr", "recruiter", "other"]
    people = [person(r, met_before=m, name=f"{r}{m}") for r in rels for m in (True, False)]
    asked = _asked(select_advice(make(interviewers=people), NOW))
    assert len(asked) == len(set(asked)) >= 12


def test_select_advice_no_interviewers_gives_general_questions_and_asks_for_names():
    advice = select_advice(make(), NOW)
    assert 3 <= len(advice.questions_to_ask) <= 5
    assert "the names of the people you will meet" in advice.all_text


def test_select_advice_questions_to_expect_differ_presentation_vs_recruiter_screen():
    presentation = make(includes=["presentation"], interviewers=[person(), person("executive", name="E")])
    screen = make(round=1, format="phone", interviewers=[person("recruiter")])
    a = {q.id for q in select_advice(presentation, NOW).questions_to_expect}
    b = {q.id for q in select_advice(screen, NOW).questions_to_expect}
    assert "q-presentation-choices" in a and "q-presentation-choices" not in b
    assert "q-walk-cv" in b and "q-walk-cv" not in a
    assert len(a & b) <= 2
    assert 4 <= len(a) <= 8 and 4 <= len(b) <= 8


def test_select_advice_questions_to_expect_follow_salary_and_notes():
    with_range = {
        q.id for q in select_advice(make(salary=SALARY, interviewers=[person("hr")]), NOW).questions_to_expect
    }
    assert "q-salary-fit" in with_range and "q-salary-range" not in with_range
    noted = {q.id for q in select_advice(make(first_interview_notes=NOTES), NOW).questions_to_expect}
    assert "q-open-points" in noted
    plain = {q.id for q in select_advice(make(first_interview_notes="We talked about dbt."), NOW).questions_to_expect}
    assert "q-open-points" not in plain  # nothing was marked as open


# --- the timeline -----------------------------------------------------------------------------------------


def _steps(interview: Interview, now: dt.datetime = NOW) -> dict[str, str]:
    return {s.key: s.label for s in select_advice(interview, now).timeline}


def test_timeline_two_days_ahead_has_today_day_before_on_the_day():
    steps = _steps(make(lead_hours=48, location="1 Front St W, Toronto", interviewers=[person()]))
    assert list(steps) == ["day_before", "on_the_day"]
    assert steps["day_before"] == "The day before, Sat 13 Mar"
    assert steps["on_the_day"] == "On the day, Sun 14 Mar"
    assert "prep-ask-missing-people" in ids(make(lead_hours=48))  # nobody named: ask for the names


def test_timeline_a_week_ahead_adds_days_before():
    assert "ahead" in _steps(make(lead_hours=24 * 7, includes=["presentation"]))
    assert "tl-ahead-presentation" in ids(make(lead_hours=24 * 7, includes=["presentation"]))


def test_timeline_puts_the_take_home_exercise_before_rehearsing_the_presentation():
    """The exercise is handed in first, and is often what is presented: "Block time for the take-home exercise"
    once came after "Finish the presentation early"."""
    advice = select_advice(make(lead_hours=24 * 7, includes=["presentation", "take_home"]), NOW)
    (ahead,) = [step for step in advice.timeline if step.key == "ahead"]
    order = [item.id for item in ahead.items]
    assert order.index("tl-ahead-take-home") < order.index("tl-ahead-presentation")


def test_timeline_tomorrow_merges_the_day_before_into_today():
    steps = _steps(make(lead_hours=26))  # Fri 09:00 -> Sat 11:00: today is the day before
    assert "day_before" not in steps and steps["today"] == "Today"
    assert "tl-eve-route" in ids(make(lead_hours=26))


def test_timeline_short_notice_keeps_only_what_is_left_today():
    advice = select_advice(make(lead_hours=4), NOW)
    assert [s.key for s in advice.timeline] == ["today"]
    today = {i.id for i in advice.timeline[0].items}
    assert {"tl-now-essentials", "tl-day-arrive"} <= today
    assert not {"tl-eve-route", "tl-eve-rest", "tl-ahead-rehearse", "tl-today-confirm"} & advice.tip_ids


def test_timeline_two_hours_ahead_has_no_day_before_step():
    advice = select_advice(make(lead_hours=2, interviewers=[person(), person("team_member", name="Ana")]), NOW)
    assert "the day before" not in advice.all_text.lower()
    assert all(s.key == "today" for s in advice.timeline)


def test_timeline_after_start_is_empty():
    assert list(_steps(make(lead_hours=-2))) == []


def test_timeline_labels_use_interview_zone():
    # 02:00 UTC on Saturday is still Friday evening in Vancouver: the interview on Saturday is "tomorrow" there.
    now = dt.datetime(2027, 3, 13, 2, 0, tzinfo=dt.UTC)
    interview = make(lead_hours=0, timezone="America/Vancouver", starts_at="2027-03-13T09:00")
    assert "tl-eve-rest" in ids(interview, now)
    assert "lead:eve" in select_advice(interview, now).facts.holds


# --- determinism and purity -------------------------------------------------------------------------------


def test_select_advice_same_inputs_same_advice():
    interview = make(interviewers=[person(), person("team_member", name="Ana")], salary=SALARY)
    assert select_advice(interview, NOW) == select_advice(interview, NOW)


def test_select_advice_needs_aware_now():
    with pytest.raises(ValueError, match="aware"):
        select_advice(make(), NOW.replace(tzinfo=None))


def test_select_advice_escapes_nothing_and_keeps_braces_in_user_text():
    # Placeholders are filled from the playbook side only: braces in user data stay literal.
    interview = make(company={"name": "Acme {role} {0}"}, interviewers=[person(name="{company}")])
    advice = select_advice(interview, NOW)
    assert "Acme {role} {0}" in advice.all_text
    assert advice.people[0].name == "{company}"


# --- every tip is reachable -------------------------------------------------------------------------------

PEOPLE_CONFIGS: list[list[dict]] = [  # names of two words: one alone is not looked up ("person:one_name")
    [],
    *([person(r, m, name="Pat Lee")] for r in pb.RELATIONSHIPS for m in (False, True)),
    [person(met_before=True), person("team_member", name="Tom Ng")],
    [person("executive", name=f"Eve Number{i}") for i in range(4)],
    [person(r, m, name=f"{r} {m}") for r in pb.RELATIONSHIPS for m in (False, True)],
]


def _generated() -> Iterator[tuple]:
    """formats × rounds × includes × people (relationships × met_before, panels, a full day), each paired with the
    next of the circumstances salary × notes × lead time × location/duration × internal/final/role, in turn (so
    every circumstance meets every format and most people, without the full product's cost)."""
    structure = itertools.product(
        ("in_person", "video", "phone", "meal"),
        (1, 2, 3),
        ([], ["presentation"], ["test"], ["tour"], ["group"], ["take_home"]),
        range(len(PEOPLE_CONFIGS)),
        (4, 26, 48, 24 * 6),
    )
    circumstances = itertools.product(
        (None, SALARY, {**SALARY, "max": SALARY["min"]}),  # none, a range, one figure
        (None, NOTES, "We talked about dbt."),
        (
            ("Somewhere 1", 60, 9),
            (None, 300, 9),
            ("https://meet.example/x", 90, 19),
            ("Somewhere 1", 30, 8),  # a half hour in the morning: over a meal, a coffee
        ),  # location, duration, start hour
        (
            (False, False, "Operations Analyst (Hybrid)"),
            (True, False, "Head of Sales"),  # leads people, and a sales job
            (False, True, "Contract Team Lead"),  # leads people, and a contractor's job
            (True, True, "Analyst"),
            (False, False, "Apprentice Electrician"),
            (False, True, "Graduate Trainee"),
            (False, False, "Staff Nurse (Band 5)"),
        ),
    )
    for shape, circumstance in zip(structure, itertools.cycle(circumstances)):
        yield (*shape, *circumstance)


def test_select_advice_every_tip_selected_by_some_generated_interview():
    book = load_playbook()
    wanted = {t.id for t in book.tips} | {q.id for q in book.expect} | {q.id for q in book.ask}
    base = make()
    seen: set[str] = set()
    for fmt, rnd, inc, people, lead, salary, notes, (location, duration, hour), (internal, final, role) in _generated():
        interview = base.model_copy(
            update={
                "format": fmt,
                "round": rnd,
                "includes": inc,
                "interviewers": [Interviewer.model_validate(p) for p in PEOPLE_CONFIGS[people]],
                "salary": Salary.model_validate(salary) if salary else None,
                "first_interview_notes": notes,
                "location": location,
                "duration_minutes": duration,
                "starts_at": f"{base.starts_at[:11]}{hour:02d}{base.starts_at[13:]}",
                "internal_candidate": internal,
                "final_round": final,
                "role": role,
            }
        )
        seen |= select_advice(interview, NOW - dt.timedelta(hours=lead - 48)).tip_ids
    # and an employer a headhunter has not named yet, in each round
    undisclosed = base.company.model_copy(update={"name": "Confidential client"})
    for rnd in (1, 2, 3):
        seen |= select_advice(base.model_copy(update={"company": undisclosed, "round": rnd}), NOW).tip_ids
    # and someone listed before anyone named them ("TBC")
    unnamed = [Interviewer.model_validate(person("team_member", name="TBC")), *base.interviewers]
    seen |= select_advice(base.model_copy(update={"interviewers": unnamed}), NOW).tip_ids
    # and a volunteer's role, at a first interview and at a final one
    for final in (False, True):
        volunteer = base.model_copy(update={"role": "Volunteer Befriender", "salary": None, "final_round": final})
        seen |= select_advice(volunteer, NOW).tip_ids
    # and a seat on a board, before its chair
    chair = Interviewer.model_validate(person("executive", name="Anne Grant"))
    for salary in (None, Salary.model_validate(SALARY)):  # its fee not given, then given
        seen |= select_advice(
            base.model_copy(update={"role": "Non-Executive Director", "interviewers": [chair], "salary": salary}), NOW
        ).tip_ids
    # and a recorded video interview, days ahead (`make` starts 48 hours after NOW)
    recorded = base.model_copy(
        update={"format": "video", "includes": ["recorded"], "location": "https://app.sonru.com/x"}
    )
    seen |= select_advice(recorded, NOW - dt.timedelta(days=3)).tip_ids
    # and an online test taken alone, days ahead
    online = recorded.model_copy(update={"includes": ["online_test"], "location": "https://app.codility.com/x"})
    seen |= select_advice(online, NOW - dt.timedelta(days=3)).tip_ids
    # and a school's pupils on the panel
    pupils = [*base.interviewers, Interviewer.model_validate(person("other", name="Pupil panel"))]
    seen |= select_advice(base.model_copy(update={"interviewers": pupils}), NOW).tip_ids
    assert not wanted - seen, f"never selected: {sorted(wanted - seen)}"


# --- own words --------------------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9']+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source articles are not on this machine")
def test_playbook_and_templates_copy_no_eight_word_run_from_seeds():
    n = 8
    seed_runs: set[tuple[str, ...]] = set()
    for path in sorted(SEEDS.glob("*.txt")):
        ws = _words(path.read_text(encoding="utf-8", errors="replace"))
        seed_runs |= {tuple(ws[i : i + n]) for i in range(len(ws) - n + 1)}
    files = [
        PACKAGE / "playbook.toml",
        PACKAGE / "playbook.py",
        PACKAGE / "facts.py",
        PACKAGE / "digest.py",
        PACKAGE / "examples.py",
        PACKAGE / "templates" / "digest.html.j2",
        PACKAGE / "templates" / "digest.txt.j2",
    ]
    copied = []
    for path in files:
        ws = _words(path.read_text(encoding="utf-8"))
        copied += [
            f"{path.name}: {' '.join(ws[i : i + n])}"
            for i in range(len(ws) - n + 1)
            if tuple(ws[i : i + n]) in seed_runs
        ]
    assert not copied, copied[:5]


def test_select_advice_final_round_with_one_person_speaks_of_nobody_in_plural():
    advice = select_advice(make(round=3, final_round=True, interviewers=[person("executive")]), NOW)
    assert "why-final" in advice.tip_ids
    assert "whoever you meet can decide" in advice.all_text
    assert "the people you meet" not in advice.all_text


@pytest.mark.parametrize("people", [0, 1, 3])
def test_select_advice_after_the_interview_counts_the_people_met(people: int):
    names = ["Marc Gagnon", "Ana Lima", "Li Wei"][:people]
    advice = select_advice(make(interviewers=[person("team_member", name=n) for n in names]), NOW)
    several = people > 1
    assert ("after-jot-notes-several" in advice.tip_ids) is several
    assert ("after-jot-notes" in advice.tip_ids) is not several
    assert ("each person" in advice.all_text) is several
    assert ("your thank-you draft is written" in advice.all_text) is not several


@pytest.mark.parametrize(
    ("role", "remote"),
    [
        ("Registered Nurse, Night Shift", False),
        ("Sales Associate", False),
        ("Senior Frontend Engineer (Remote)", True),
        ("Data Analyst, hybrid", True),
        ("Développeuse web en télétravail", True),
        ("Support Agent - Remote", True),
        ("Remote Sensing Analyst", False),  # a field of work, not a way of working
        ("Hybrid Cloud Engineer", False),
        ("Home-based Care Coordinator", False),
    ],
)
def test_select_advice_asks_about_remote_work_only_for_a_role_that_says_it_is_remote(role: str, remote: bool):
    """A video call does not make the job remote: the question is for a role whose title says so, and the advice
    about HR never offers remote work as a topic."""
    people = [person("recruiter", name="Rita Moreno"), person("team_member", name="Ava Jones")]
    for fmt in ("video", "phone", "in_person"):
        advice = select_advice(make(role=role, format=fmt, interviewers=people, location=None), NOW)
        assert ("a-remote" in advice.tip_ids) is remote, (role, fmt)
    hr = select_advice(make(role=role, interviewers=[person("hr", name="Sue Patel")]), NOW)
    assert "remote work" not in hr.all_text and "benefits, hours and holidays" in hr.all_text


def test_select_advice_speaks_of_any_employer_not_only_a_company_that_sells():
    """A school, a hospital or a restaurant is researched and asked about by its name: nothing assumes it sells."""
    school = {"name": "Oakfield Primary School"}
    people = [person("hiring_manager", name="Claire Dunn"), person("executive", name="Paul Okafor")]
    advice = select_advice(make(company=school, role="Year 4 Class Teacher", round=1, interviewers=people), NOW)
    text = advice.all_text
    assert "Research Oakfield Primary School: what it does and for whom" in text
    assert "Research on Oakfield Primary School done" in text  # the checklist line too
    assert "sells" not in text and "the company" not in text and "publications" not in text
    assert "so far, achievements, and how" in text
    assert "Who does Oakfield Primary School serve above all" in text and "competitors" not in text
    assert "from your work" not in text  # a student's stories come from their experience, not only from a job
    later = select_advice(make(company=school, role="Year 4 Class Teacher", round=2, interviewers=people), NOW)
    assert "Dig further into Oakfield Primary School than last time" in later.all_text
    assert "what it offers and to whom" in later.all_text and "products" not in later.all_text


@pytest.mark.parametrize(
    ("role", "leads"),
    [
        ("Chef de projet", True),
        ("Responsable des ventes", True),
        ("Directrice financière", True),
        ("Cheffe d’équipe", True),
        ("Sous Chef", False),
        ("Chef", False),
        ("Comptable", False),
        # whoever manages a product, accounts or cases leads no one
        ("Engineering Manager", True),
        ("Group Product Manager", True),
        ("Lead Product Manager", True),
        ("Account Manager Team Lead", True),
        ("Assistant Principal", True),
        ("Senior Manager, Product", True),
        ("Product Manager", False),
        ("Senior Product Manager, Payments", False),
        ("Key Account Manager", False),
        ("Case Manager", False),
        ("Principal Software Engineer", False),
        ("Cheffe de produit senior", False),
    ],
)
def test_facts_a_title_that_manages_people_is_recognised(role: str, leads: bool):
    assert fact_holds("role:leads", role=role) is leads
    guide = select_advice(make(role=role), NOW).all_text
    assert ("How do you get the best out of the people you manage?" in guide) is leads


@pytest.mark.parametrize(
    ("role", "entry"),
    [
        ("Apprentice Electrician", True),
        ("Summer Intern, Marketing", True),
        ("Graduate Software Engineer", True),
        ("Junior Accountant", True),
        ("Trainee Store Manager", True),
        ("Stage - Assistant marketing digital (H/F)", True),
        ("Assistant marketing (stage de 6 mois)", True),
        ("Chargé de communication en alternance", True),
        ("Stagiaire juriste", True),
        ("Entry-level Data Analyst", True),
        ("Internship - Finance", True),
        ("Alternant développeur", True),
        ("Vendeuse débutante", True),
        ("Apprentie coiffeuse", True),
        ("Internal Auditor", False),
        ("Stage Manager", False),
        ("Postgraduate Admissions Officer", False),
        ("Chief Financial Officer", False),
        # A job that runs apprenticeships, internships or graduate schemes is not one.
        ("Graduate Programme Manager", False),
        ("Intern Program Manager", False),
        ("Apprenticeship Coordinator", False),
        ("Graduate Recruitment Officer", False),
        ("Head of Graduate Recruitment", False),
        ("Director of Apprenticeships", False),
        ("Responsable des stages", False),
        ("Chargée de recrutement alternance", False),
        ("Trainee Recruitment Consultant", True),
        ("Junior Apprenticeship Coordinator", True),
    ],
)
def test_facts_a_first_job_is_recognised_from_its_title(role: str, entry: bool):
    assert fact_holds("role:entry", role=role) is entry


@pytest.mark.parametrize(
    ("role", "trainee"),
    [
        ("Apprentice Electrician", True),
        ("Software Engineering Intern (Summer 2027)", True),
        ("Graduate Management Trainee", True),
        ("Stage - Assistant RH (H/F)", True),
        ("Chargé de communication en alternance", True),
        ("Junior Engineering Apprentice", True),
        # A doctor's residency: the intake's pay, by year of training
        ("Internal Medicine Resident (PGY-1)", True),
        ("Resident Physician", True),
        ("Surgical Resident", True),
        ("FY1 Doctor", True),
        ("Interne en médecine générale", True),
        ("Résidente en psychiatrie", True),
        ("Junior Accountant", False),
        ("Entry-level Data Analyst", False),
        ("Vendeuse débutante", False),
        ("Junior Apprenticeship Coordinator", False),
        ("Graduate Programme Manager", False),
        ("Resident Engineer", False),
        ("Resident Support Worker", False),
        ("Vice President, Engineering", False),
        ("FY2027 Budget Analyst", False),
        ("Chargé de communication interne", False),
    ],
)
def test_facts_a_place_whose_pay_is_set_for_everyone_who_joins(role: str, trainee: bool):
    """Apprenticeships, internships, trainee and graduate places (`role:trainee`); a junior job is a first job whose
    pay is negotiated as any other."""
    assert fact_holds("role:trainee", role=role) is trainee


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_senior_leader_meeting_an_apprentice_does_not_ask_them_to_start_with_results(language: str):
    """ "Keep answers brief and start with results" is advice for someone with results to show: an apprentice
    meeting the owner is told what the owner looks for in someone starting out."""
    from interview_prep.domain.digest import render_guide

    owner = [person("executive", name="Gary Holt")]
    results = {"en": "start with results", "fr": "commencez par les résultats"}[language]
    learn = {"en": "why you want to learn this job", "fr": "pourquoi vous voulez apprendre ce métier"}[language]
    for role, fits in (("Apprentice Electrician", learn), ("Senior Analyst", results)):
        guide = render_guide(make(role=role, language=language, interviewers=owner), None, NOW).text
        assert fits in guide and ({results, learn} - {fits}).pop() not in guide, role


@pytest.mark.parametrize(
    ("language", "call", "meet"),
    [
        ("en", "Who you will speak with", "Who you will meet"),
        ("fr", "Avec qui vous allez parler", "Qui vous allez rencontrer"),
    ],
)
def test_select_advice_a_phone_call_speaks_with_people_rather_than_meeting_them(language: str, call: str, meet: str):
    people = [person("recruiter", name="Denise Carter")]
    for fmt, title in (("phone", call), ("video", meet), ("in_person", meet)):
        advice = select_advice(make(format=fmt, language=language, interviewers=people), NOW)
        (section,) = (s for s in advice.sections if s.key == "people")
        assert section.title == title, fmt


def test_parse_playbook_a_phone_title_needs_both_languages():
    text = (PACKAGE / "playbook.toml").read_text(encoding="utf-8")
    broken = text.replace(', phone_fr = "Avec qui vous allez parler"', "", 1)
    with pytest.raises(PlaybookError, match="phone"):
        parse_playbook(broken)


def test_select_advice_a_panel_of_new_people_is_looked_up_once():
    """Three new people outside the listed relationships: one tip says to look them up, not two that say so."""
    names = ("Helen Clarke", "Arjun Shah", "Karen Bell")
    advice = select_advice(make(round=1, interviewers=[person("other", name=n) for n in names]), NOW)
    assert "person-look-up" in advice.tip_ids and "person-other" not in advice.tip_ids
    assert "Whoever interviews you hopes" in advice.all_text and "The interviewer hopes" not in advice.all_text


def test_select_advice_a_day_of_one_to_ones_says_to_jot_notes_once():
    """A long day says to take notes after each conversation, and does not say it again for "straight after"."""
    day = make(duration_minutes=300, interviewers=[person("executive", name=f"E{i}") for i in range(4)])
    advice = select_advice(day, NOW)
    assert "sequence-jot" in advice.tip_ids and "after-jot-notes-several" not in advice.tip_ids
    assert advice.all_text.count("jot down") == 1
    panel = select_advice(make(interviewers=[person("executive", name=f"E{i}") for i in range(4)]), NOW)
    assert "after-jot-notes-several" in panel.tip_ids and "sequence-jot" not in panel.tip_ids


def test_someone_else_is_never_asked_as_if_they_worked_there():
    """A trustee, an outside assessor or a patients' representative ("other") may not work for the employer: they
    are not asked what they enjoy about working there, how they came to join, or how the team decides."""
    insider = {"a-enjoy-change", "a-your-path", "a-recent-change", "a-decisions", "a-learning"}
    for shape in ({"round": 1}, {"round": 2}, {"round": 3, "final_round": True}, {"includes": ["group"]}):
        alone = select_advice(make(interviewers=[person("other", name="Sue Tan")], **shape), NOW)
        with_team = select_advice(
            make(interviewers=[person("other", name="Sue Tan"), person("team_member", name="Ava Jones")], **shape), NOW
        )
        for advice in (alone, with_team):
            (sue,) = [p for p in advice.people if p.name == "Sue Tan"]
            assert len(sue.questions_to_ask) >= 3 and not {q.id for q in sue.questions_to_ask} & insider, shape


def test_french_research_speaks_of_any_employer_without_a_pronoun_that_guesses_its_gender_or_number():
    """« ce qu’elle fait » about « Royal North Shore Hospital » (un hôpital) guessed a feminine « la société », and
    « Renseignez-vous sur les Cliniques universitaires Saint-Luc : son activité… », « Si les Hospices civils de Lyon
    vous fait revenir » a singular: the French advice about the employer says « ce qu’on y fait et pour qui », « le
    choix du CHU », « les orientations des HUG », true of any employer."""
    employers = ("Royal North Shore Hospital", "Cliniques universitaires Saint-Luc", "Hospices civils de Lyon", "HUG")
    people = [person("hiring_manager", name="Karen Lee"), person("executive", name="Paul Wright")]
    for name, round_number, final in itertools.product(employers, (1, 2), (False, True)):
        interview = make(
            company={"name": name}, round=round_number, final_round=final, language="fr", interviewers=people
        )
        text = select_advice(interview, NOW).all_text
        assert "ce qu’on y fait et pour qui" in text
        assert not re.search(
            r"qu’elle (fait|propose|met)|elle s’adresse|la distingue|\b(son|sa|ses) (activité|publics|culture|actualité)"
            r"|(?<!l’on )vous fait revenir|hésite entre|où va |Que fait ",
            text,
        ), (name, round_number)


def test_a_group_session_never_suggests_asking_what_makes_them_hesitate():
    """ "Is there anything in my background that makes you hesitate?" is asked one to one, never in front of the other
    candidates of a group session; the same interview without the group exercise may suggest it."""
    assert "a-hesitation" in select_advice(make(round=1, interviewers=[]), NOW).tip_ids
    for people in ([], [person("hiring_manager", name="Ava Jones")], [person(r, name=r) for r in pb.RELATIONSHIPS]):
        for language in ("en", "fr"):
            grouped = select_advice(make(round=1, interviewers=people, includes=["group"], language=language), NOW)
            assert "a-hesitation" not in grouped.tip_ids and "hésiter" not in grouped.all_text
            assert "makes you hesitate" not in grouped.all_text
