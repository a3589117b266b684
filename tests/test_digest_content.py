"""What the digest says, read as a demanding recruiter would: every sentence fits the interview it is sent for.

One test per misfire seen in earlier digests (a tip firing on a fact it never checked, a repeat, a grammar slip),
and property tests over generated interviews: the word budget holds, no idea is said twice, no tip's requirement
is violated by the interview's facts, and the round wording matches the round.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interview_prep.domain import employer, language, posts
from interview_prep.domain.digest import body_words, digest_advice, render_digest, render_guide, word_budget
from interview_prep.domain.drafts import build_drafts
from interview_prep.domain.facts import derive_facts, person_facts
from interview_prep.domain.mail import Links
from interview_prep.domain.models import Interview
from interview_prep.domain.playbook import load_playbook, select_advice

from tests.sample_interviews import NORTHWIND, person, stored_interview

NOW = dt.datetime(2027, 3, 8, 14, 0, tzinfo=dt.UTC)  # Monday, 09:00 in Toronto
LINKS = Links(manage_url="https://prep.example/manage/tok-123", unsubscribe_url="https://prep.example/unsub/tok-123")


def make(lead_hours: float = 50, **fields: Any) -> Interview:
    from zoneinfo import ZoneInfo

    zone = fields.get("timezone", "America/Toronto")
    start = (NOW + dt.timedelta(hours=lead_hours)).astimezone(ZoneInfo(zone))
    return stored_interview(NORTHWIND, {"starts_at": start.strftime("%Y-%m-%dT%H:%M")}, **fields)


def email_text(interview: Interview) -> str:
    return render_digest(interview, LINKS, NOW).text


def guide_text(interview: Interview) -> str:
    return render_guide(interview, LINKS, NOW).text


def both(interview: Interview) -> str:
    return email_text(interview) + "\n" + guide_text(interview)


# --- misfires: a tip firing on a fact it never checked ---------------------------------------------------------


def test_digest_one_executive_named_singular_not_senior_leaders():
    one = both(make(interviewers=[person("executive", name="Anna Schmit"), person("team_member", name="Mia")]))
    assert "Senior leaders will be there" not in one and "Anna Schmit looks at the big picture" in one
    two = both(make(interviewers=[person("executive", name="Anna Schmit"), person("executive", name="Paul Roy")]))
    assert "Anna Schmit and Paul Roy look at the big picture" in two


def test_a_group_entered_as_an_interviewer_is_not_looked_up():
    """ "Look up Mr Daniel Hart, Ms Leah Bond and Student panel" asked the candidate to research a panel of pupils: a
    name that says it is a group (panel, committee, jury…) gets its questions, never the look-up, and an English
    sentence gives it "the" ("Ask the Student panel:", never "Recruitment Team checks…")."""
    people = [
        person("hiring_manager", name="Ms Leah Bond"),
        person("executive", name="Mr Daniel Hart"),
        person("other", name="Student panel"),
    ]
    text = both(make(round=1, interviewers=people))
    assert "Look up Ms Leah Bond and Mr Daniel Hart" in text or "Look up Mr Daniel Hart and Ms Leah Bond" in text
    assert "and Student panel before the day" not in text and "Look up Student panel" not in text
    assert "Ask the Student panel:" in text  # a group takes "the" in an English sentence
    alone = both(make(round=1, interviewers=[person("other", name="Hiring Committee")]))
    assert "Look up Hiring Committee" not in alone and "Look up the Hiring Committee" not in alone
    recruiters = both(make(round=1, interviewers=[person("recruiter", name="Recruitment Team")]))
    assert "The Recruitment Team checks that your background" in recruiters  # a sentence's capital
    assert "Ask the Recruitment Team:" in recruiters and " Recruitment Team checks" not in recruiters.replace(
        "The R", ""
    )
    comite = both(make(round=1, language="fr", interviewers=[person("recruiter", name="Comité de recrutement")]))
    assert "Le Comité de recrutement vérifie" in comite and "le Comité de recrutement vérifie" not in comite


@pytest.mark.parametrize(
    ("reading", "name", "holds"),
    [
        ("post", "Hiring Manager", True),
        ("post", "HR Advisor", True),
        ("post", "Head of Talent", True),
        ("post", "Independent Panel Member", True),
        ("post", "CEO", True),
        ("post", "Chargée de recrutement", True),
        ("post", "Responsable d'agence", True),
        ("post", "Directeur général", True),
        ("post", "Cadre de santé", True),
        ("post", "Assessor 2", True),
        ("post", "Emma Head", False),  # a person whose family name is a word of the trade
        ("post", "Chef Ramsay", False),
        ("post", "Jean Manager", False),
        ("post", "Linda Chow", False),
        ("post", "Carlos", False),
        ("undisclosed", "Confidential client", True),
        ("undisclosed", "Undisclosed (FTSE 100)", True),
        ("undisclosed", "Stealth startup", True),
        ("undisclosed", "Client confidentiel", True),
        ("undisclosed", "Entreprise non communiquée", True),
        ("undisclosed", "Northwind", False),
        ("undisclosed", "Confido Health", False),
        ("undisclosed", "A client of Hays", True),
        ("undisclosed", "Our client", True),
        ("undisclosed", "Un client de Robert Walters", True),
        ("undisclosed", "TBC", True),
        ("undisclosed", "ClientEarth", False),
        ("undisclosed", "Client Services Ltd", False),
    ],
)
def test_a_name_is_read_for_what_it_names(reading: str, name: str, holds: bool):
    """A post typed where a person's name goes (`posts.names_a_role`); an employer typed as not named yet
    (`employer.undisclosed`)."""
    read = posts.names_a_role if reading == "post" else employer.undisclosed
    assert read(name) is holds


def test_a_post_entered_for_a_name_is_said_as_a_post():
    """An invitation that names no one ("you will meet the Hiring Manager and an HR Advisor"): "Hiring Manager wants
    to understand…", "Ask HR Advisor:", "Look Hiring Manager up" and « À demander à Chargée de recrutement » read as
    if the post were a person's name. English gives it "the", French the article of its noun; nobody looks a post up;
    the "With:" line and the heading do not repeat what the post says; the drafts open "Dear Hiring Manager," and
    « Madame, Monsieur, »."""
    people = [person("hiring_manager", name="Hiring Manager"), person("hr", name="HR Advisor")]
    text = both(make(round=1, interviewers=people))
    assert "The Hiring Manager wants to understand" in text and "Ask the HR Advisor:" in text
    assert "Look up Hiring Manager" not in text and "Look up the Hiring Manager" not in text
    assert "Look up" not in text
    assert "With:  Hiring Manager, HR Advisor\n" in text and "Hiring Manager (new to you)" in text
    drafts = build_drafts(make(round=1, interviewers=people))
    assert [d.body.split("\n")[0] for d in drafts] == ["Dear Hiring Manager,", "Dear HR Advisor,"]
    french_people = [
        person("hiring_manager", name="Responsable d'agence"),
        person("recruiter", name="Chargée de recrutement"),
    ]
    french = both(make(round=1, language="fr", timezone="Europe/Paris", interviewers=french_people))
    french = french.replace("\u202f", " ").replace("\u00a0", " ")
    assert "À demander au Responsable d'agence :" in french and "À demander à la Chargée de recrutement :" in french
    assert "Le Responsable d'agence veut comprendre" in french and "Renseignez-vous sur Responsable" not in french
    english_post = both(
        make(round=1, language="fr", timezone="Europe/Paris", interviewers=[person("recruiter", name="Talent Partner")])
    ).replace("\u202f", " ")
    assert "À demander au Talent Partner :" in english_post and "Le Talent Partner vérifie" in english_post
    drafts = build_drafts(make(round=1, language="fr", timezone="Europe/Paris", interviewers=french_people))
    # « Madame, Monsieur, » to a post said of no one in particular; « Madame, » when its form says who holds it
    assert [d.body.split("\n")[0] for d in drafts] == ["Madame, Monsieur,", "Madame,"]
    numbered = both(
        make(round=1, interviewers=[person("other", name="Assessor 1"), person("other", name="Assessor 2")])
    )
    assert "Ask Assessor 1:" in numbered and "the Assessor" not in numbered and "Look" not in numbered
    named = both(make(round=1, interviewers=[person("hiring_manager", name="Emma Head")]))
    assert "Look up Emma Head" in named and "Ask Emma Head:" in named


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_employer_not_named_yet_is_not_researched_by_that_name(language: str):
    """A headhunter's "Confidential client": "Research Confidential client", "Why do you want to work for Confidential
    client?" and "joining Confidential client" asked the impossible. The advice says "the employer" and asks what the
    contact can share; the drafts say "your client" to the recruiter and "your organisation" to anyone who works
    there (never "joining your client" to the client's own hiring manager); the subject keeps the name as typed."""
    people = [person("recruiter", name="Claire Hughes")]
    fields = {"company": {"name": "Confidential client"}, "role": "Chief Financial Officer", "language": language}
    zone = {"timezone": "Europe/Paris"} if language == "fr" else {}
    for round_number in (1, 2, 3):
        interview = make(round=round_number, interviewers=people, **fields, **zone)
        text = both(interview).replace("Chief Financial Officer at Confidential client", "")
        text = text.replace("Chief Financial Officer chez Confidential client", "")
        assert "Confidential client" not in text.split("\n", 2)[2], round_number  # past the subject and the heading
        said = {"en": "The employer has not been named yet", "fr": "Le nom de l’employeur n’a pas encore été donné"}
        assert said[language] in text
        (draft,) = build_drafts(interview)
        assert "Confidential" not in draft.body and "Confidential" not in draft.subject
        assert {"en": "your client", "fr": "votre client"}[language] in draft.body + draft.subject
    (team,) = build_drafts(make(interviewers=[], **fields, **zone))
    assert team.body.startswith({"en": "Dear hiring team,\n", "fr": "Bonjour à toute l’équipe,\n"}[language])
    panel = [*people, person("hiring_manager", name="Gemma Hart")]
    to_recruiter, to_manager = build_drafts(make(interviewers=panel, **fields, **zone))
    own = {"en": "your organisation", "fr": "votre organisation"}[language]
    client = {"en": "your client", "fr": "votre client"}[language]
    assert client in to_recruiter.body + to_recruiter.subject and own not in to_recruiter.body
    assert own in to_manager.body + to_manager.subject and client not in to_manager.body + to_manager.subject
    named = both(make(round=1, interviewers=people, company={"name": "Northwind"}))
    assert "Research Northwind" in named and "has not been named" not in named


def test_a_french_rank_is_said_with_its_article():
    """« Sergente Marie Gagnon vérifie… », « À demander à Sergente Marie Gagnon »: a French rank is a title, said
    with the family name and the article it takes."""
    people = [person("recruiter", name="Sergente Marie Gagnon"), person("executive", name="Capitaine Luc Roy")]
    text = both(make(round=1, language="fr", interviewers=people)).replace("\u202f", " ").replace("\u00a0", " ")
    assert "À demander à la Sergente Gagnon :" in text and "À demander au Capitaine Roy :" in text
    assert "à Sergente" not in text and "à le Capitaine" not in text


def test_someone_entered_by_one_name_is_not_looked_up():
    """ "Look Carlos up before the day: exact job title, career so far…" asked the impossible of a store manager
    entered by first name alone: the look-up needs a family name (a title and one, "Dr Okafor", is enough)."""
    alone = both(make(round=1, interviewers=[person("hiring_manager", name="Carlos")]))
    assert "Look up Carlos" not in alone and "Ask Carlos:" in alone
    two = both(
        make(round=1, interviewers=[person("hiring_manager", name="Carlos"), person("executive", name="Dr Okafor")])
    )
    assert "Look up Dr Okafor" in two and "Carlos and" not in two.split("Look")[1].split("\n")[0]


def test_a_one_stage_final_is_not_told_a_first_interview_stays_broad():
    """A consultant's appointment panel is the first interview and the final one: never "Topics stay fairly broad"
    nor "checks that your CV matches the job"; a first round that is not the last still is."""
    people = [person("hiring_manager", name="Dr Sarah Cole"), person("executive", name="Professor Alan Reid")]
    final = both(make(round=1, final_round=True, interviewers=people))
    assert "Topics stay fairly broad" not in final and "checks that your CV matches" not in final
    assert "Topics stay fairly broad" in both(make(round=1, interviewers=people))


@pytest.mark.parametrize(
    "fields",
    [
        {"format": "video", "location": "https://meet.example/x"},  # several people, but on a call
        {"format": "phone"},
        {"duration_minutes": 420},  # a day of one-to-ones
    ],
)
def test_digest_several_people_on_call_or_in_sequence_no_room_advice(fields: dict[str, Any]):
    people = [person(), person("team_member", name="Ana Lima"), person("executive", name="Raj Patel")]
    assert "in the room" not in both(make(interviewers=people, **fields))
    assert "With more than one person in the room" in both(make(interviewers=people))


def test_digest_missing_details_asks_only_for_those():
    known = both(make(interviewers=[person()], location="1 Front St W, Toronto"))
    assert "Ask your contact to confirm" not in known and "Email your contact" not in known
    no_address = both(make(interviewers=[person()], location=None))
    assert "confirm what you don't have yet: the address (and who to ask for on arrival)." in no_address
    assert "names of the people" not in no_address and "how the session will run" not in no_address
    no_names = both(make(location="1 Front St W, Toronto"))
    assert "confirm what you don't have yet: the names of the people you will meet." in no_names
    no_link = both(make(format="video", interviewers=[person()]))
    assert "confirm what you don't have yet: the meeting link." in no_link


def test_digest_no_address_no_route_advice():
    text = both(make(location=None, interviewers=[person()])).lower()
    assert "route" not in text and "travel time" not in text
    assert "check your route" in both(make(interviewers=[person()])).lower()


def test_digest_meal_no_cv_copies_or_pen():
    lunch = both(make(format="meal", location="Le Jardin, 2 King St", interviewers=[person()]))
    assert "copies of your CV" not in lunch and "a pen" not in lunch


@pytest.mark.parametrize(
    ("hour", "minutes", "language", "timezone", "label"),
    [
        (8, 60, "en", "America/Toronto", "How:   Over breakfast, 1 hour"),
        (12, 90, "en", "America/Toronto", "How:   Over lunch, 1 hour 30 minutes"),
        (19, 120, "en", "America/Toronto", "How:   Over dinner, 2 hours"),
        (16, 30, "en", "America/Toronto", "How:   Over coffee, 30 minutes"),
        (16, 90, "en", "America/Toronto", "How:   Over a meal, 1 hour 30 minutes"),  # the hour names no meal
        (12, 90, "fr", "Europe/Paris", "Autour d’un déjeuner, 1 heure 30 minutes"),
        (19, 90, "fr", "America/Toronto", "Autour d’un souper, 1 heure 30 minutes"),  # Québec: dinner is « souper »
        (12, 90, "fr", "America/Toronto", "Autour d’un dîner, 1 heure 30 minutes"),  # and lunch « dîner »
        (12, 90, "fr", "Europe/Brussels", "Autour d’un dîner, 1 heure 30 minutes"),  # Belgium names meals as Québec
    ],
)
def test_digest_says_which_meal(hour: int, minutes: int, language: str, timezone: str, label: str) -> None:
    from zoneinfo import ZoneInfo

    day = (NOW + dt.timedelta(days=2)).astimezone(ZoneInfo(timezone)).date()
    start = f"{day.isoformat()}T{hour:02d}:00"
    interview = stored_interview(
        NORTHWIND,
        starts_at=start,
        timezone=timezone,
        format="meal",
        duration_minutes=minutes,
        language=language,
        location="Le Jardin, 2 King St",
        interviewers=[person()],
    )
    assert label in email_text(interview).replace("\u202f", " ").replace("\u00a0", " ")


@pytest.mark.parametrize(
    ("language", "asked"),
    [
        ("en", "whether you meet in person (and where) or by video call, as the place you have is a meeting link"),
        ("fr", "si vous vous rencontrez en personne (et où) ou en visioconférence, car le lieu indiqué est un lien"),
    ],
)
def test_a_meeting_link_for_an_interview_in_person_is_asked_about(language: str, asked: str) -> None:
    """An invitation recorded as in person with a Teams link: the candidate is told to ask which it is, rather than
    only for an address they may not need."""
    link = make(location="https://teams.microsoft.com/l/meetup-join/19%3a", interviewers=[person()], language=language)
    text = email_text(link).replace("\u202f", " ").replace("\u00a0", " ")
    assert asked in text
    assert "the address (and who to ask for on arrival)" not in text
    address = email_text(make(location=None, interviewers=[person()]))
    assert "the address (and who to ask for on arrival)" in address and "meeting link" not in address


@pytest.mark.parametrize(
    ("round_", "language", "status"),
    [
        (1, "en", "(hiring manager, met before)"),
        (2, "en", "(hiring manager, met in round one)"),
        (3, "en", "(hiring manager, met in an earlier round)"),
        (1, "fr", "(gestionnaire du poste, vous vous connaissez déjà)"),  # Toronto: Québec French
    ],
)
def test_someone_met_before_a_first_interview_is_not_said_met_in_an_earlier_round(
    round_: int, language: str, status: str
) -> None:
    """Met at a careers fair, then interviewed in round one: there is no earlier round to have met them in."""
    text = both(make(round=round_, language=language, interviewers=[person(met_before=True)]))
    assert f"Marc Gagnon {status}" in text.replace("\u202f", " ").replace("\u00a0", " ")


def test_digest_two_hours_ahead_no_day_before_steps():
    interview = make(lead_hours=1 + 59 / 60, interviewers=[person(), person("team_member", name="Ana")])
    text = email_text(interview)
    assert "is in 1 hour 59 minutes" in text and "119 minutes" not in text
    assert "the day before" not in text.lower() and "good night's sleep" not in text
    assert "In the days before" not in text


def test_playbook_any_role_no_sales_pitch():
    book = load_playbook()
    assert not [t.id for t in book.tips if "pitch" in t.text.lower()]
    text = both(make(role="Account Executive", interviewers=[person(met_before=True)]))
    assert "sales pitch" not in text


def test_digest_internal_candidate_no_company_research():
    people = [person("executive", met_before=True, name="Head of Dept"), person("hr", name="Lee")]
    interview = make(internal_candidate=True, interviewers=people)
    advice = select_advice(interview, NOW)
    assert not {"prep-research-deeper", "prep-research-first", "q-why-us", "q-know-us", "a-direction-history"} & (
        advice.tip_ids
    )
    text = both(interview).lower()
    assert "website" not in text and "how has it changed since it started" not in text
    assert "why do you want to work for" not in text
    assert "skip the company research" in text and "hand over your current work" in text


def test_digest_crowded_final_round_still_quotes_the_candidates_own_note():
    """A final round in person with a test, a tour and a salary leaves room for little: the candidate's own note on
    what they were asked last time stays, ahead of the general advice to go back over the earlier interviews."""
    interview = make(
        company={"name": "Nordwerk GmbH"},
        role="Product Owner",
        timezone="Europe/Berlin",
        format="in_person",
        location="Torstraße 1, 10119 Berlin",
        final_round=True,
        round=3,
        duration_minutes=300,
        includes=["tour", "test"],
        salary={"min": 70000, "max": 85000, "currency": "EUR", "period": "year"},
        first_interview_notes="Round 2: they asked a lot about stakeholder conflicts. Concern: I never owned a roadmap.",
        interviewers=[
            {"name": "Katrin Vogel", "title": "VP Product", "relationship": "executive"},
            {"name": "Jonas Weber", "title": "Engineering Lead", "relationship": "team_member", "met_before": True},
        ],
    )
    text = email_text(interview)
    assert '"Round 2: they asked a lot about stakeholder conflicts."' in text
    assert '"I never owned a roadmap."' in text


def test_guide_final_round_covers_closing_references_notice_offer():
    text = guide_text(make(final_round=True, round=3, interviewers=[person(met_before=True)]))
    for words in ("say so plainly", "references ready", "notice period", "ask to see it in writing"):
        assert words in text, words
    assert "your third interview, the final round" in email_text(make(final_round=True, round=3))
    not_final = guide_text(make(round=3))
    assert "references ready" not in not_final and "final round" not in not_final


def test_guide_take_home_and_leading_role_get_own_advice():
    text = guide_text(make(includes=["take_home"], role="Head of Operations", lead_hours=24 * 5))
    assert "take-home exercise as a sample of your real work" in text
    assert "If you would manage people in this role" in text
    assert "Know the market for the role" in text


# --- repeats ---------------------------------------------------------------------------------------------------


def test_digest_any_lead_job_description_reread_once():
    for interview in (make(), make(round=1), make(lead_hours=5), make(lead_hours=24 * 6)):
        # (the guide ends with a checklist recapping it: the advice above it says each thing once)
        for text in (email_text(interview), guide_text(interview).split("\nCHECKLIST\n")[0]):
            rereads = re.findall(r"(?:re-read|skim) the job description|job description re-read", text.lower())
            assert len(rereads) <= 1, text


def test_digest_several_executives_results_advice_once():
    people = [person("executive", name=f"Exec {n}") for n in ("Ann", "Bob", "Cid")]
    for text in (email_text(make(interviewers=people)), guide_text(make(interviewers=people))):
        assert text.count("start with results") + text.count("lead with results") == 1


def test_guide_four_new_faces_one_sentence():
    people = [person("team_member", name=n) for n in ("Ana Lima", "Bo Chen", "Cy Diaz", "Dee Ode")]
    assert guide_text(make(interviewers=people)).count("may already know part of your profile") == 1


# --- language --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ferrous Labs", "Ferrous Labs'"),
        ("Northwind", "Northwind's"),
        ("Atlas Systems", "Atlas Systems'"),
        ("Harbour & Co", "Harbour & Co's"),
        ("CBS", "CBS'"),
        ("Sainsbury's", "Sainsbury's"),  # already a possessive: not "Sainsbury's'"
        ("McDonald’s", "McDonald’s"),
        ("St Mary's Hospital", "St Mary's Hospital's"),
    ],
)
def test_possessive_name_ending_in_s_takes_apostrophe_only(name: str, expected: str):
    assert language.possessive(name) == expected


def test_guide_company_ending_in_s_possessive_right():
    text = guide_text(make(company={"name": "Ferrous Labs"}, round=3))
    assert "Ferrous Labs' website" in text and "Labs's" not in text


@pytest.mark.parametrize(
    ("items", "joined"), [([], ""), (["A"], "A"), (["A", "B"], "A and B"), (["A", "B", "C"], "A, B and C")]
)
def test_join_any_count_reads_as_a_list(items: list[str], joined: str):
    assert language.join(items) == joined


def test_count_and_ordinal_small_numbers_in_words():
    assert language.count(1, "executive") == "one executive" and language.count(3, "executive") == "three executives"
    assert [language.ordinal(n) for n in (1, 2, 4, 11)] == ["first", "second", "fourth", "round 11"]


def test_playbook_person_tips_use_the_name_not_a_pronoun():
    """`They are the right person` read wrong for a named person: a tip about one person uses the name."""
    pronouns = re.compile(r"\b(they|them|their|themselves)\b", re.I)
    for tip in load_playbook().tips:
        if tip.scope == "person":
            assert not pronouns.search(tip.text), tip.id
            plural = str(tip.plural)  # names the people ({names}, or {full_names} to look them up), never one
            assert ("{names}" in plural or "{full_names}" in plural) and "{name}" not in plural, tip.id
            assert "{full_name}" not in plural, tip.id


def test_digest_multi_word_name_greeted_whole():
    text = both(make(candidate={"name": "Mei Ling Ong", "email": "m@example.com"}, interviewers=[person()]))
    assert "Hi Mei Ling Ong," in text and "Hi Mei," not in text


# --- properties over generated interviews ----------------------------------------------------------------------

NAMES = ["Ana Lima", "James Ross", "Mei Ling Ong", "Dr. Amaka Okafor", "Chris Evans", "José Ñúñez", "Jo", "Iris"]
ROLES = ["Operations Analyst", "Head of Data", "Account Executive", "Backend Developer", "Team Lead", "Nurse"]


@st.composite
def interviews(draw: Any) -> tuple[Interview, float]:
    count = draw(st.integers(0, 12))
    people = [
        {
            "name": f"{draw(st.sampled_from(NAMES))} {index}",
            "relationship": draw(
                st.sampled_from(["hr", "recruiter", "hiring_manager", "team_member", "executive", "other"])
            ),
            "met_before": draw(st.booleans()),
        }
        for index in range(count)
    ]
    fmt = draw(st.sampled_from(["in_person", "video", "phone", "meal"]))
    location = draw(st.sampled_from([None, "12 Rue Neuve, Lyon", "https://meet.example/r"]))
    notes = draw(st.sampled_from([None, "We talked about dbt.", "Concern: SQL depth.\nLiked the roadmap talk."]))
    fields = {
        "round": draw(st.integers(1, 10)),
        "final_round": draw(st.booleans()),
        "internal_candidate": draw(st.booleans()),
        "format": fmt,
        "location": location,
        "includes": draw(
            st.lists(st.sampled_from(["presentation", "test", "tour", "group", "take_home"]), unique=True, max_size=5)
        ),
        "interviewers": people,
        "duration_minutes": draw(st.sampled_from([15, 30, 60, 90, 180, 240, 450, 720])),
        "salary": draw(st.sampled_from([None, {"min": 50000, "max": 60000, "currency": "EUR", "period": "year"}])),
        "first_interview_notes": notes,
        "role": draw(st.sampled_from(ROLES)),
        "company": {"name": draw(st.sampled_from(["Ferrous Labs", "Northwind", "Kestrel Robotics"]))},
    }
    lead = draw(st.sampled_from([0.5, 1.99, 3, 12, 19.9, 20, 26, 47, 49, 80, 200]))
    return make(lead_hours=lead, **fields), lead


PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(case=interviews())
def test_digest_generated_interviews_budget_ideas_facts_and_round_hold(case: tuple[Interview, float]) -> None:
    interview, _ = case
    book = load_playbook()
    tips = {t.id: t for t in book.tips}
    questions = {q.id: q for q in (*book.expect, *book.ask)}
    facts = derive_facts(interview, NOW)
    email = render_digest(interview, LINKS, NOW)
    advice = digest_advice(interview, NOW)

    # the budget holds
    assert body_words(email.text) <= word_budget(len(interview.interviewers), facts.short_notice)

    for shown in (advice, select_advice(interview, NOW)):
        items = [i for i in shown.items() if not i.id.startswith("note")]
        ideas = [i.idea for i in items]
        # no idea twice (the same tip may not be listed twice either)
        assert len(ideas) == len(set(ideas)), sorted(i for i in ideas if ideas.count(i) > 1)
        # no requirement violated: a tip holds for the interview, or (about people) for someone in it; a question to
        # ask holds for the person it is listed under (a question about "when we last spoke" only for someone met)
        asked_of = {
            id(q): person
            for advice_for, person in zip(shown.people, interview.interviewers, strict=True)
            for q in advice_for.questions_to_ask
        }
        for item in items:
            if item.id in tips:
                tip = tips[item.id]
                if tip.scope == "person":
                    assert any(tip.applies(facts.holds | person_facts(p)) for p in interview.interviewers), item.id
                else:
                    assert tip.applies(facts.holds), item.id
            elif id(item) in asked_of:
                assert questions[item.id].applies(facts.holds | person_facts(asked_of[id(item)])), item.id
            else:
                assert questions[item.id].applies(facts.holds), item.id

    # round wording matches the round
    text = email.text.lower()
    if interview.round == 1:
        assert "round one" not in text and "earlier interviews" not in text and "being invited back" not in text
    elif interview.round == 2:
        assert "your earlier interviews" not in text and "an earlier round" not in text
    else:
        assert "round one" not in text
    assert f"your {language.ordinal(interview.round)} interview" in email.text


def test_every_email_greets_by_the_given_name_and_the_drafts_sign_with_the_whole_name():
    """`candidate.given_name` is how the emails greet the candidate; the drafts they send are signed `name`."""
    from interview_prep.domain.confirmation import render_confirmation
    from interview_prep.domain.drafts import build_drafts, render_thank_you
    from interview_prep.domain.models import Notes
    from interview_prep.domain.notice import render_cancellation_notice, render_move_notice

    candidate = {"name": "Mei Ling Ong", "email": "m@example.com", "given_name": "Mei"}
    interview = make(candidate=candidate, interviewers=[person()])
    digest = email_text(interview)
    hour = dt.timedelta(hours=1)
    held = {"sequence": 0, "starts_at_utc": interview.starts_at_utc - hour, "ends_at_utc": interview.starts_at_utc}
    moved = make(candidate=candidate, interviewers=[person()], calendar={**held, "at": NOW - hour})
    assert "Hi Mei, your second interview" in digest and "Good luck, Mei!" in digest
    for rendered in (
        render_confirmation(interview, LINKS._replace(confirm_url="https://prep.example/confirm/tok-1")),
        render_move_notice(moved, LINKS),
        render_cancellation_notice(moved, LINKS),
    ):
        assert "Hi Mei," in rendered.text and "Mei Ling Ong" not in rendered.text
    after = interview.model_copy(update={"notes": Notes.model_validate({"text": "We talked about the Laval site."})})
    drafts = build_drafts(after)
    thanks = render_thank_you(after, drafts, LINKS).text
    assert thanks.startswith("Hi Mei,") and all(d.body.rstrip().endswith("\nMei Ling Ong") for d in drafts)
    french = email_text(make(candidate=candidate, interviewers=[person()], language="fr"))
    assert (
        "Bonjour Mei," in french and "Bonne chance, Mei" in french and "Mei Ling Ong" not in french.split("\n--\n")[0]
    )


@pytest.mark.parametrize("given", ["", "   ", "M" * 61])
def test_candidate_given_name_blank_or_too_long_is_refused(given: str):
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as caught:
        make(candidate={"name": "Mei Ling Ong", "email": "m@example.com", "given_name": given})
    assert [e["loc"] for e in caught.value.errors()] == [("candidate", "given_name")]


def test_digest_panel_never_asks_about_the_manager_who_may_be_in_the_room():
    """In one conversation with the hiring manager there, "What is it like to work with the manager of this team?"
    asked of a colleague is awkward; one after another, over a long day, it is a fair question."""
    people = [person("hiring_manager"), person("team_member", name="Paolo Greco"), person("recruiter", name="Ada F")]
    panel = make(duration_minutes=90, interviewers=people)
    assert "shape:panel" in derive_facts(panel, NOW).holds
    for text in (email_text(panel), guide_text(panel)):
        assert "the manager of this team" not in text and "What does the hiring manager value" not in text
    day = make(duration_minutes=300, interviewers=people, format="in_person")
    assert "shape:sequence" in derive_facts(day, NOW).holds
    assert "What is it like to work with the manager of this team?" in guide_text(day)


def test_facts_long_meal_is_a_panel_not_a_sequence():
    people = [person(), person("executive", name="Bo Two"), person("team_member", name="Cy Three")]
    interview = make(format="meal", duration_minutes=240, location="Chez Nous, 1 Rue X", interviewers=people)
    holds = derive_facts(interview, NOW).holds
    assert "shape:panel" in holds and "shape:sequence" not in holds
    text = both(interview)
    assert "one after another" not in text and "Eat beforehand" not in text
    assert "With more than one person at the table" in text


def test_digest_single_final_interview_no_short_list():
    text = both(make(round=1, final_round=True, interviewers=[person()]))
    assert "choosing between very few people" not in text and "say so plainly" in text


def test_digest_very_long_details_short_notice_within_budget():
    interview = make(
        lead_hours=3,
        role="Senior Principal " + "Platform Reliability Engineering " * 5,
        company={"name": "The " + "Very Long Holding Company " * 7},
        location="Building " + "North Wing, " * 40,
        candidate={"name": "Maria " + "de la " * 15 + "Cruz", "email": "m@example.com"},
    )
    email = render_digest(interview, LINKS, NOW)
    assert body_words(email.text) <= word_budget(0, True)
    assert "When:" in email.text and f"{LINKS.manage_url}/guide" in email.text  # the essentials stay


def test_digest_met_hiring_manager_on_a_panel_is_an_advocate_named_twice_at_most():
    """The hiring manager who brought the candidate back can speak for them in front of the others, and add what the candidate has not covered: one sentence
    says so, naming them no more than twice (a name said three times in two sentences reads like a form)."""
    people = [person("hiring_manager", name="Giulia Conti", met_before=True), person("team_member", name="Paolo Greco")]
    for text in (email_text(make(interviewers=people)), guide_text(make(interviewers=people))):
        tip = next(line for line in text.splitlines() if "can speak for you" in line)
        assert tip.count("Giulia Conti") == 2 and "round one" in tip
    french = email_text(make(interviewers=people, language="fr"))
    tip = next(line for line in french.splitlines() if "parler en votre faveur" in line)
    assert tip.count("Giulia Conti") == 2
    # short enough to survive a full final round's word budget (a longer wording was trimmed away there)
    final = [person("executive", name="Inês Costa"), person("hiring_manager", name="Rui Almeida", met_before=True)]
    crowded = make(
        round=3,
        final_round=True,
        interviewers=final,
        salary={"min": 70000, "max": 80000, "currency": "EUR", "period": "year"},
    )
    assert "Rui Almeida most likely brought you back and can speak for you" in email_text(crowded)


@pytest.mark.parametrize("setting", ["video", "phone"])
def test_digest_for_a_call_never_speaks_of_leaving_or_arriving(setting: str):
    """A call has no door: the final round's close says `before the end`, and nothing asks to arrive anywhere."""
    location = "https://meet.example/abc" if setting == "video" else "+1 416 555 0100"
    people = [person("hiring_manager", met_before=True), person("executive", name="Bo Two")]
    interview = make(format=setting, location=location, round=3, final_round=True, interviewers=people)
    for text in (email_text(interview), guide_text(interview)):
        assert "say so plainly before the end" in text
        assert not re.search(r"\b(before you leave|arrive|arrival)\b", text, re.I)


def test_digest_long_video_session_with_a_presentation_is_prepared_at_the_desk():
    """Nobody packs a bag for a call: water and a snack stay within reach, and the presentation's backup is a file
    ready to send in the chat, not a copy reachable without one's own laptop."""
    people = [person("hiring_manager", met_before=True), person("team_member", name="Dev Rao")]
    call = make(
        lead_hours=100,
        format="video",
        location="https://meet.example/abc",
        duration_minutes=240,
        includes=["presentation"],
        interviewers=people,
    )
    for text in (email_text(call), guide_text(call)):
        assert "bring water" not in text and "without your own laptop" not in text
    guide = guide_text(call)
    assert "keep water and a snack within reach" in guide and "ready to send in the chat" in guide
    on_site = guide_text(call.model_copy(update={"format": "in_person", "location": "1 Main St, Toronto"}))
    assert "bring water and a snack" in on_site and "without your own laptop" in on_site


def test_digest_half_hour_meal_in_the_morning_is_a_coffee_as_the_draft_says():
    """Thirty minutes "over a meal" at nine is a coffee: the digest's advice says so (nothing "easy to eat"), as the
    thank-you draft thanks for "the coffee"; at noon the same half hour is still lunch."""
    from interview_prep.domain.drafts import meal_name

    coffee = make(lead_hours=48, format="meal", duration_minutes=30, location="Blue Bottle, 54 W 40th St")
    assert coffee.starts_at_local.hour == 9 and "meal:coffee" in derive_facts(coffee, NOW).holds
    assert meal_name(coffee) == "the coffee"
    for text in (email_text(coffee), guide_text(coffee)):
        assert "A coffee feels friendlier than an office" in text and "easy to eat" not in text
        assert "How:   Over coffee, 30 minutes" in text
    lunch = make(lead_hours=51, format="meal", duration_minutes=30, location="Café Lumière, 12 King St W")
    assert lunch.starts_at_local.hour == 12 and meal_name(lunch) == "lunch"
    assert "A meal feels friendlier than an office" in email_text(lunch) and "Over lunch, 30 minutes" in email_text(
        lunch
    )
    french = email_text(make(lead_hours=48, format="meal", duration_minutes=30, language="fr"))
    assert "Un café paraît plus convivial" in french and "Autour d’un café, 30 minutes" in french


def test_hiring_manager_way_of_managing_is_asked_about_once_by_the_question_to_ask_them():
    """The tip about the hiring manager said "Ask about expectations and management style." just above the question
    "How would you describe the way you manage…?": the question says it, once, in each language and region."""
    cases = (
        ("America/Toronto", "en", "How would you describe the way you manage", "management style"),
        ("Europe/Paris", "fr", "Comment décririez-vous votre façon de manager", "style de management"),
        ("America/Montreal", "fr", "Comment décririez-vous votre façon de gérer", "style de gestion"),
    )
    for zone, language_code, question, tip_words in cases:
        for text in (
            guide_text(make(timezone=zone, language=language_code, interviewers=[person()])),
            email_text(make(timezone=zone, language=language_code, interviewers=[person()])),
        ):
            assert text.count(question) == 1 and tip_words not in text, (zone, language_code)


def test_a_titled_name_is_said_in_sentences_by_title_and_last_name_and_written_whole_where_it_is_looked_up():
    """ "Ms Fiona Hartley looks at the big picture… Ask Ms Fiona Hartley:" read like a form: sentences say "Ms
    Hartley" (as the drafts greet her); the heading, the "With:" line and the advice to look people up keep the
    whole name. A longer name stays whole (which words are the family name is not ours to guess)."""
    people = [
        person("executive", name="Ms Fiona Hartley", met_before=True),
        person("team_member", name="Dr Ana María Ortega"),
    ]
    for text in (email_text(make(interviewers=people)), guide_text(make(interviewers=people))):
        assert "Ask Ms Hartley:" in text and "Ask Ms Fiona Hartley" not in text
        assert "With:  Ms Fiona Hartley (" in text
        assert "\nMs Fiona Hartley (senior leader" in text  # her heading
        assert "Ms Hartley looks at the big picture" in text
        assert "Ask Dr Ana María Ortega:" in text
    assert "Look up Dr Ana María Ortega before the day" in guide_text(make(interviewers=people))
    single = [person("hiring_manager", name="Mme Claire Dunn")]
    french = guide_text(make(interviewers=single, language="fr", timezone="Europe/Paris"))
    assert "À demander à Mme Dunn :" in french.replace("\u202f", " ") and "Look" not in french
    assert "Renseignez-vous sur Mme Claire Dunn" in french  # looked up by the whole name


def test_a_french_sentence_puts_the_article_before_dr_and_pr_never_before_mme_nor_in_the_heading():
    """« À demander à Dr Roux », « Dr Roux regarde l’ensemble » and « Renseignez-vous sur Dr Paul Roux » are not
    French: a sentence says « au Dr Roux », « Le Dr Roux », « sur le Dr Paul Roux », « la Dre Roy »; Mme takes no
    article, and the heading and the « Avec : » line keep the name as written. English is untouched."""
    people = [
        person("executive", name="Dr Paul Roux"),
        person("hiring_manager", name="Mme Sandrine Petit"),
        person("team_member", name="Dre Nathalie Roy"),
    ]
    for text in (
        guide_text(make(interviewers=people, language="fr", timezone="Europe/Paris")).replace("\u202f", " "),
        email_text(make(interviewers=people, language="fr", timezone="Europe/Paris")).replace("\u202f", " "),
    ):
        assert "À demander au Dr Roux :" in text and "À demander à Mme Petit :" in text
        assert "À demander à la Dre Roy :" in text
        assert ":   Dr Paul Roux (direction)" in text and "\nDr Paul Roux (direction" in text  # listed as written
        assert "Le Dr Roux regarde l’ensemble" in text
        assert not re.search(r"(?<!\n)(?<!:   )\b(à|sur|de|avec|fait|rencontré) (Dr|Dre)\b", text), text
    guide = guide_text(make(interviewers=people, language="fr", timezone="Europe/Paris"))
    assert "Renseignez-vous sur le Dr Paul Roux, Mme Sandrine Petit et la Dre Nathalie Roy" in guide
    english = guide_text(make(interviewers=people))
    assert "Ask Dr Roux:" in english and "the Dr" not in english and " le Dr" not in english


def asked_of(text: str) -> dict[str, int]:
    """How many questions to ask each person the text lists ("Ask Kim Nguyen:" and the lines under it)."""
    counts: dict[str, int] = {}
    for block in re.findall(r"\n  Ask ([^:\n]+):\n((?:  - .*\n)+)", text):
        counts[block[0]] = block[1].count("\n  - ")
    return counts


def test_a_call_of_twenty_minutes_or_less_lists_two_questions_to_ask_at_most_one_each_on_a_panel():
    """A fifteen-minute screen leaves time for a question or two: three per person read as a list to get through."""
    one = [person("hiring_manager", name="Kim Nguyen")]
    two = [*one, person("hr", name="Jess Lane")]
    for minutes, people, most in ((15, one, 2), (20, two, 1)):
        guide = asked_of(guide_text(make(duration_minutes=minutes, interviewers=people)))
        email = asked_of(email_text(make(duration_minutes=minutes, interviewers=people)))
        assert set(guide) == set(email) == {p["name"] for p in people}  # everyone still has one
        assert max(guide.values()) <= most and max(email.values()) <= most, (minutes, guide, email)
    for people in (one, two):  # half an hour: the usual three or four
        assert min(asked_of(guide_text(make(duration_minutes=30, interviewers=people))).values()) >= 3
    nobody = guide_text(make(duration_minutes=15, interviewers=[]))
    section = nobody[nobody.index("\nQUESTIONS TO ASK\n") :].split("\n\n")[0]
    assert len(re.findall(r"^\d\. ", section, flags=re.MULTILINE)) == 2, section


def test_the_french_phone_advice_agrees_with_no_gender():
    """« asseyez-vous bien droit » guessed a man on the line: the advice says it for anyone."""
    text = email_text(make(format="phone", language="fr", timezone="Europe/Paris", location="+33 1 55 55 01 00"))
    assert "tenez le dos droit ou restez debout" in text and "assis" not in text


@pytest.mark.parametrize("language_code", ["en", "fr"])
def test_a_phone_digest_says_to_keep_the_notes_in_front_of_you_once(language_code: str) -> None:
    """The phone tip and the quiet-room tip both said it, side by side in "What matters most"."""
    interview = make(format="phone", location="+1 416 555 0100", language=language_code)
    for text in (email_text(interview), guide_text(interview)):
        said = re.findall(
            r"notes (?:and questions |open )?in front of you|notes sous les yeux|vous votre CV, vos notes", text
        )
        assert len(said) == 1, said
