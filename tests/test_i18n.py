"""Languages: an interview's language and region, the catalogs, French typography and CLDR formatting."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from typing import Any

import pytest
from interview_prep.domain import i18n
from interview_prep.domain.i18n import NBSP, NNBSP, Locale
from interview_prep.domain.mail import Links

from tests.conftest import Api, interview_body
from tests.sample_interviews import KESTREL, stored_interview

LINKS = Links(
    manage_url="https://prep.example.test/manage/m",
    unsubscribe_url="https://prep.example.test/u/u",
    confirm_url="https://prep.example.test/confirm/c",
)


@pytest.mark.parametrize(
    ("zone", "tag"),
    [
        ("America/Toronto", "fr-CA"),
        ("America/Montreal", "fr-CA"),  # an alias of Toronto
        ("America/Vancouver", "fr-CA"),
        ("Europe/Luxembourg", "fr-LU"),
        ("Europe/Paris", "fr-FR"),
        ("Europe/Brussels", "fr-BE"),
        ("Europe/Zurich", "fr-CH"),
        ("UTC", "fr"),
        ("Asia/Tokyo", "fr"),  # no French in Japan in CLDR: France's conventions
    ],
)
def test_locale_for_french_follows_the_zone_region(zone: str, tag: str) -> None:
    assert i18n.locale_for("fr", zone).tag == tag


def test_locale_for_english_ignores_the_zone() -> None:
    assert i18n.locale_for("en", "Europe/Paris") == i18n.ENGLISH


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr-CA,fr;q=0.9,en;q=0.8", ("fr", "CA")),
        ("de-DE,de;q=0.9,en-GB;q=0.7,fr;q=0.5", ("en", "GB")),
        ("en-US;q=0.4, fr-LU;q=0.8", ("fr", "LU")),
        ("fr;q=0", ("en", None)),
        ("de, it", ("en", None)),
        ("", ("en", None)),
        ("fr;q=abc, en", ("en", None)),
    ],
)
def test_preferred_language_reads_accept_language(header: str, expected: tuple[str, str | None]) -> None:
    assert i18n.preferred_language(header) == expected


def test_typeset_europe_uses_narrow_no_break_spaces() -> None:
    text = i18n.typeset("Prêt ? Oui : « tout » ; enfin !", Locale("fr", "LU"))
    assert text == f"Prêt{NNBSP}? Oui{NNBSP}: «{NNBSP}tout{NNBSP}»{NNBSP}; enfin{NNBSP}!"


def test_typeset_quebec_spaces_only_the_colon_and_quotes() -> None:
    text = i18n.typeset("Prêt ? Oui : « tout » ; enfin !", Locale("fr", "CA"))
    assert text == f"Prêt? Oui{NBSP}: «{NBSP}tout{NBSP}»; enfin!"


def test_typeset_english_is_untouched() -> None:
    assert i18n.typeset("Ready? Yes : no", i18n.ENGLISH) == "Ready? Yes : no"


def test_time_of_day_is_14_h_30_in_quebec_and_14_30_in_europe() -> None:
    moment = dt.datetime(2027, 3, 29, 9, 5)
    assert i18n.time_of_day(moment, Locale("fr", "CA")) == f"9{NBSP}h{NBSP}05"
    assert i18n.time_of_day(moment, Locale("fr", "LU")) == "09:05"
    assert i18n.time_of_day(moment, i18n.ENGLISH) == "09:05"


def test_dates_and_numbers_come_from_cldr() -> None:
    day = dt.date(2027, 3, 29)
    assert i18n.long_date(day, Locale("fr", "CA")) == "lundi 29 mars 2027"
    assert i18n.long_date(day, i18n.ENGLISH) == "Monday 29 March 2027"
    assert i18n.short_date(day, Locale("fr", "LU")) == "lun. 29 mars"
    assert i18n.number(85000, Locale("fr", "CA")) == f"85{NBSP}000"  # CLDR: a no-break space in Canada
    assert i18n.number(85000, Locale("fr", "FR")) == f"85{NNBSP}000"  # a narrow one in France
    assert i18n.number(85000, i18n.ENGLISH) == "85,000"
    assert i18n.join(["A", "B", "C"], Locale("fr", "LU")) == "A, B et C"
    assert i18n.join(["A", "B", "C"], i18n.ENGLISH) == "A, B and C"


def test_english_dates_are_cldrs_for_every_day_of_four_years() -> None:
    # English names are written out (so English never loads Babel's data); they must be what CLDR says:
    # British English's, except that the short date abbreviates September as "Sep" (CLDR now writes "Sept").
    from babel.dates import format_date

    day = dt.date(2026, 1, 1)
    while day < dt.date(2030, 1, 1):
        assert i18n.long_date(day, i18n.ENGLISH) == format_date(day, "EEEE d MMMM y", locale="en_GB")
        cldr_short = format_date(day, "EEE d MMM", locale="en_GB").replace("Sept", "Sep")
        assert i18n.short_date(day, i18n.ENGLISH) == cldr_short
        day += dt.timedelta(days=1)


def test_english_dates_and_times_load_no_babel() -> None:
    code = (
        "import sys, datetime as dt\n"
        "from interview_prep.domain import i18n\n"
        "moment = dt.datetime(2027, 9, 1, 14, 30)\n"
        "said = [i18n.long_date(moment.date(), i18n.ENGLISH), i18n.short_date(moment.date(), i18n.ENGLISH),"
        " i18n.time_of_day(moment, i18n.ENGLISH)]\n"
        "print(said, sorted(m for m in sys.modules if m.split('.')[0] == 'babel'))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)

    assert proc.stdout.strip() == "['Wednesday 1 September 2027', 'Wed 1 Sep', '14:30'] []"


def test_first_of_the_month_is_1er_in_french() -> None:
    first = dt.date(2027, 4, 1)

    assert i18n.long_date(first, Locale("fr", "CA")) == "jeudi 1er avril 2027"
    assert i18n.short_date(first, Locale("fr", "LU")) == "jeu. 1er avr."
    assert i18n.long_date(dt.date(2027, 4, 2), Locale("fr", "FR")) == "vendredi 2 avril 2027"
    assert i18n.long_date(first, i18n.ENGLISH) == "Thursday 1 April 2027"


def test_plural_forms_follow_french_rules() -> None:
    quebec = Locale("fr", "CA")
    assert i18n.ngettext_for(quebec, "%(num)d hour", "%(num)d hours", 0) == "0 heure"
    assert i18n.ngettext_for(quebec, "%(num)d hour", "%(num)d hours", 1) == "1 heure"
    assert i18n.ngettext_for(quebec, "%(num)d hour", "%(num)d hours", 2) == "2 heures"


def test_catalogs_translate_every_marked_message() -> None:
    from tools.catalogs import problems

    assert problems() == []


def test_catalog_not_compiled_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> bytes:
        raise i18n.CatalogMissing(f"the {name} message catalog is not compiled: run `make catalogs`")

    monkeypatch.setattr(i18n, "_catalog_file", missing)
    i18n.translations.cache_clear()
    try:
        with pytest.raises(i18n.CatalogMissing, match="make catalogs"):
            i18n.translations(Locale("fr", "BE"))
    finally:
        i18n.translations.cache_clear()


# --- the confirmation email ------------------------------------------------------------------------------------


def _confirmation(zone: str, language: str = "fr") -> Any:
    from interview_prep.domain.confirmation import render_confirmation

    return render_confirmation(stored_interview(KESTREL, timezone=zone, language=language), LINKS)


def test_confirmation_in_quebec_french_says_entrevue_and_courriel() -> None:
    email = _confirmation("America/Toronto")

    assert email.subject == f"Confirmez votre préparation à l’entrevue{NBSP}: Backend Engineer chez Kestrel Robotics"
    for part in (email.text, email.html):
        assert "Bonjour Ada Lovelace," in part
        assert "lundi 29 mars 2027, 9\u00a0h\u00a030" in part
        assert "courriel" in part and "entrevue" in part
        assert "e-mail" not in part and "entretien" not in part
    assert 'lang="fr-CA"' in email.html


def test_confirmation_in_luxembourg_french_says_entretien_and_e_mail() -> None:
    email = _confirmation("Europe/Luxembourg")

    for part in (email.text, email.html):
        assert "lundi 29 mars 2027, 09:30 (Europe/Luxembourg, UTC+02:00)" in part
        assert "e-mail" in part and "entretien" in part
        assert "courriel" not in part and "entrevue" not in part
        assert f"rien demandé{NNBSP}?" in part
    assert 'lang="fr-LU"' in email.html


def test_confirmation_in_english_is_unchanged() -> None:
    email = _confirmation("America/Toronto", language="en")

    assert email.subject == "Confirm your interview prep for Backend Engineer at Kestrel Robotics"
    assert "your thank-you draft 1 hour after the interview ends" in email.text
    assert "Bonjour" not in email.text and 'lang="en"' in email.html


# --- the API --------------------------------------------------------------------------------------------------


def test_create_language_defaults_to_english_and_takes_french(api: Api, clock_at: Any) -> None:
    status, _, body = api.call("POST", "/v1/interviews", interview_body())
    assert status == 201 and body["language"] == "en"

    status, _, body = api.call("POST", "/v1/interviews", interview_body(language="fr"))
    assert status == 201 and body["language"] == "fr"

    status, _, changed = api.call("PATCH", f"/v1/interviews/{body['id']}", {"language": "en"})
    assert status == 200 and changed["language"] == "en"


def test_create_unknown_language_is_422_naming_the_field(api: Api, clock_at: Any) -> None:
    status, _, body = api.call("POST", "/v1/interviews", interview_body(language="de"))

    assert status == 422
    assert [d["field"] for d in body["error"]["details"]] == ["language"]


def test_openapi_documents_the_language(api: Api) -> None:
    _, _, spec = api.call("GET", "/v1/openapi.json", key=None)

    schemas = spec["components"]["schemas"]
    assert schemas["InterviewRequest"]["properties"]["language"]["enum"] == ["en", "fr"]
    assert schemas["InterviewRequest"]["properties"]["language"]["default"] == "en"


# --- the digest and the full guide -------------------------------------------------------------------------------

# Common English words that no French sentence of ours uses (and no French word is spelled like).
ENGLISH_WORDS = frozenset(
    """the and your you with for what when this that of are from before after hi ask interview interviews prep
    digest manage unsubscribe good luck will here who how where round emails email have has was send sent thank
    draft drafts about more hours hour days day not named given yet matters most website updated checklist list
    meet people company role salary per year month""".split()
)
FRENCH_WORDS = frozenset(
    """vous votre vos entretien entrevue courriel bonjour avec pour dans les des une cette ce qui est sur chez
    préparation conseils fiche brouillons remerciement heure heures jours""".split()
)
FRENCH_CONTENT: dict[str, Any] = {
    "candidate": {"name": "Élise Tremblay", "email": "elise@example.com"},
    "company": {"name": "Boréal Logistique", "website": "https://boreal.example"},
    "role": "Analyste des opérations",
    "location": "Café Olimpico, Montréal",
    "first_interview_notes": "Mon SQL reste à renforcer.\nNous avons parlé de l’entrepôt de Laval.",
    "salary": {"min": 85000, "max": 95000, "currency": "CAD", "period": "year"},
    "interviewers": [
        {
            "name": "Marc Gagnon",
            "title": "Directeur des opérations",
            "relationship": "hiring_manager",
            "met_before": True,
        },
        {"name": "Léa Roy", "title": "Analyste principale", "relationship": "team_member"},
        {"name": "Chloé Martin", "relationship": "hr"},
    ],
}
ENGLISH_CONTENT: dict[str, Any] = {
    "candidate": {"name": "Ada Lovelace", "email": "ada@example.com"},
    "company": {"name": "Kestrel Robotics", "website": "https://kestrel.example"},
    "role": "Backend Engineer",
    "location": "12 Harbour Road, Toronto",
    "first_interview_notes": "Concern: my SQL.\nWe talked about the Hamilton warehouse.",
    "salary": {"min": 85000, "max": 95000, "currency": "CAD", "period": "year"},
    "interviewers": [
        {"name": "Grace Hopper", "title": "Head of Platform", "relationship": "hiring_manager", "met_before": True},
        {"name": "Alan Turing", "title": "Staff Engineer", "relationship": "team_member"},
        {"name": "Joan Clarke", "relationship": "hr"},
    ],
}
NOW_BEFORE = dt.datetime(2027, 3, 26, 14, 0, tzinfo=dt.UTC)  # three days before KESTREL's start


def _words(text: str) -> set[str]:
    text = re.sub(r"https?://\S+|<[^>]+>|&\w+;", " ", text).replace("Interview Prep", " ")
    text = re.sub(r"(?m)^[A-Z-]+[;:]", " ", text)  # iCalendar property names (SUMMARY:, DTSTART;TZID=…)
    return {w.casefold() for w in re.findall(r"[^\W\d_]+(?:[-’'][^\W\d_]+)*", text)}


def _interviews(language: str, content: dict[str, Any]) -> list[Any]:
    """The same interviews in Québec and Luxembourg, over the shapes the advice varies with."""
    shapes = [
        {"round": 2, "format": "meal", "duration_minutes": 90},
        {"round": 1, "format": "video", "includes": ["test", "take_home"], "salary": None},
        {"round": 3, "final_round": True, "format": "in_person", "includes": ["presentation", "tour", "group"]},
        {"round": 2, "format": "phone", "internal_candidate": True, "interviewers": [], "location": None},
    ]
    found = []
    for zone in ("America/Toronto", "Europe/Luxembourg"):
        for shape in shapes:
            found.append(stored_interview(KESTREL, content, {"timezone": zone, "language": language}, shape))
    return found


FRENCH_NOTES: dict[str, Any] = {
    "interviewers": [
        {
            "name": "Marc Gagnon",
            "given_name": "Marc",
            "topics": ["l’ouverture de l’entrepôt de Laval"],
            "questions": [
                {"question": "si mon SQL suffirait", "answer": "Oui : j’ai refait notre rapport de stock en SQL."},
                {"question": "quand je pourrais commencer"},
            ],
            "promised": ["le tableau de bord dont je vous ai parlé"],
            "concerns": ["J’ai dépassé le temps prévu."],
        },
        {"name": "Léa Roy", "topics": ["Elle a aimé ma présentation."]},
    ],
    "follow_ups": ["Demander une référence à Priya"],
}
ENGLISH_NOTES: dict[str, Any] = {
    "interviewers": [
        {
            "name": "Grace Hopper",
            "given_name": "Grace",
            "topics": ["the Hamilton warehouse opening"],
            "questions": [
                {"question": "whether my SQL was enough", "answer": "Yes: I rebuilt our stock report in SQL."},
                {"question": "when I could start"},
            ],
            "promised": ["the dashboard I mentioned"],
            "concerns": ["I ran over time."],
        },
        {"name": "Alan Turing", "topics": ["He liked my presentation."]},
    ],
    "follow_ups": ["Ask Priya for a reference"],
}


def _emails(interview: Any) -> list[tuple[str, str]]:
    """Every email and draft the service writes about `interview`, and its calendar event, as (part, text)."""
    from interview_prep.domain.calendar import build_ics
    from interview_prep.domain.confirmation import render_confirmation
    from interview_prep.domain.digest import render_digest, render_guide
    from interview_prep.domain.drafts import build_drafts, render_thank_you
    from interview_prep.domain.models import Notes
    from interview_prep.domain.notice import render_cancellation_notice, render_move_notice

    french = interview.language == "fr"
    after = interview.model_copy(update={"notes": Notes.model_validate(FRENCH_NOTES if french else ENGLISH_NOTES)})
    moved, cancelled = _changed(interview)
    out = []
    for email in (
        render_confirmation(interview, LINKS),
        render_digest(interview, LINKS, NOW_BEFORE),
        render_guide(interview, LINKS, NOW_BEFORE),
        render_thank_you(interview, build_drafts(interview), LINKS),
        render_thank_you(after, build_drafts(after), LINKS),
        render_move_notice(moved, LINKS, organizer="prep@example.test"),
        render_cancellation_notice(cancelled, LINKS, organizer="prep@example.test"),
    ):
        out += [("subject", email.subject), ("text", email.text), ("html", email.html)]
        out += [("ics", _ics_text(attachment.data)) for attachment in email.attachments]
    for draft in build_drafts(after):
        out += [("draft subject", draft.subject), ("draft", draft.body)]
    out.append(("ics", _ics_text(build_ics(interview))))
    return out


def _ics_text(data: bytes) -> str:
    """What a person reads of an .ics: its SUMMARY, DESCRIPTION and LOCATION, unfolded (not the protocol's words,
    such as ROLE=REQ-PARTICIPANT, nor the zone names of its VTIMEZONE)."""
    lines = data.decode().replace("\r\n ", "").splitlines()
    return "\n".join(line for line in lines if line.startswith(("SUMMARY", "DESCRIPTION", "LOCATION")))


def _changed(interview: Any) -> tuple[Any, Any]:
    """`interview` moved two hours later, and cancelled, after its digest put it in the candidate's calendar."""
    from interview_prep.domain.examples import changed

    return changed(interview, NOW_BEFORE)


def test_french_emails_hold_no_english_outside_names(clock_at: Any) -> None:
    clock_at(NOW_BEFORE)
    for interview in _interviews("fr", FRENCH_CONTENT):
        for part, body in _emails(interview):
            leaked = _words(body) & ENGLISH_WORDS
            assert not leaked, f"{interview.locale.tag} {part}: English words {sorted(leaked)}"


def test_english_emails_hold_no_french(clock_at: Any) -> None:
    clock_at(NOW_BEFORE)
    for interview in _interviews("en", ENGLISH_CONTENT):
        for part, body in _emails(interview):
            leaked = _words(body) & FRENCH_WORDS
            assert not leaked, f"{part}: French words {sorted(leaked)}"


def test_french_playbook_texts_hold_no_english() -> None:
    from interview_prep.domain.playbook import load_playbook

    book = load_playbook()
    for entry in (*book.tips, *book.expect, *book.ask):
        for field in ("fr", "fr_ca", "plural_fr", "plural_fr_ca", "check_fr", "check_fr_ca", "hint_fr", "hint_fr_ca"):
            text = getattr(entry, field, None)
            if text:
                leaked = _words(re.sub(r"\{\w+\}", " ", text)) & ENGLISH_WORDS  # placeholders aside
                assert not leaked, f"{entry.id}.{field}: {sorted(leaked)}"


# A condition opening a sentence ("Si vous …") takes the present or the imperfect, never the conditional: "Si vous
# encadreriez une équipe" is a mistake any French reader sees ("si vous trouveriez", asking whether, is right mid-sentence).
_SI_CONDITIONAL = re.compile(
    r"(?:^|[.!?:;]\s+)Si (?:vous|on|ils?|elles?|je|nous) (?:ne |n’)?\w+(?:rais|rait|rions|riez|raient)\b"
)


def test_french_playbook_texts_open_no_condition_with_a_conditional() -> None:
    from interview_prep.domain.playbook import load_playbook

    assert _SI_CONDITIONAL.search("Si vous encadreriez une équipe dans ce poste, posez des questions.")
    assert not _SI_CONDITIONAL.search("Elle veut savoir si vous trouveriez votre place.")
    book = load_playbook()
    for entry in (*book.tips, *book.expect, *book.ask):
        for field in ("fr", "fr_ca", "plural_fr", "plural_fr_ca", "check_fr", "check_fr_ca", "hint_fr", "hint_fr_ca"):
            text = getattr(entry, field, None)
            if text:
                assert not _SI_CONDITIONAL.search(text), f"{entry.id}.{field}: {text}"


def test_digest_in_quebec_french_speaks_quebec(clock_at: Any) -> None:
    from interview_prep.domain.digest import render_digest

    clock_at(NOW_BEFORE)
    interview = stored_interview(KESTREL, FRENCH_CONTENT, language="fr", format="meal", duration_minutes=90)
    email = render_digest(interview, LINKS, NOW_BEFORE)

    assert (
        email.subject == f"Préparez votre entrevue{NBSP}: Analyste des opérations chez Boréal Logistique, lun. 29 mars"
    )
    assert "Bonjour Élise Tremblay, votre 2e entrevue a lieu dans 3 jours." in email.text
    assert f"lundi 29 mars 2027, 9{NBSP}h{NBSP}30–11{NBSP}h (America/Toronto, UTC−04:00)" in email.text
    assert f"85{NBSP}000 à 95{NBSP}000{NBSP}$ par année" in email.text
    assert f"«{NBSP}Nous avons parlé de l’entrepôt de Laval.{NBSP}»" in email.text
    for part in (email.text, email.html):
        assert "entretien" not in part and "e-mail" not in part
        assert NNBSP not in part  # Québec spacing: no narrow spaces
    assert 'lang="fr-CA"' in email.html


def test_readme_shows_the_quebec_digest_as_it_reads(clock_at: Any) -> None:
    """The README's Montréal example is the beginning of this digest's text part, as the code writes it today."""
    import pathlib

    from interview_prep.domain.digest import render_digest

    now = dt.datetime(2027, 3, 27, 14, 0, tzinfo=dt.UTC)  # two days before
    clock_at(now)
    content = {**FRENCH_CONTENT, "location": "Café Olimpico, 124 rue Saint-Viateur O., Montréal"}
    interview = stored_interview(KESTREL, content, language="fr", format="meal", duration_minutes=90)
    text = render_digest(interview, LINKS, now).text
    beginning = text[: text.index("\n\nQUI VOUS ALLEZ RENCONTRER")]
    readme = (pathlib.Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"```\n{beginning}\n…\n```" in readme


def test_guide_in_luxembourg_french_speaks_european_french(clock_at: Any) -> None:
    from interview_prep.domain.digest import render_guide

    clock_at(NOW_BEFORE)
    content = {**FRENCH_CONTENT, "salary": {"min": 60000, "max": 70000, "currency": "EUR", "period": "year"}}
    interview = stored_interview(KESTREL, content, timezone="Europe/Luxembourg", language="fr", format="video")
    email = render_guide(interview, LINKS, NOW_BEFORE)

    assert email.subject == f"Guide de préparation complet{NNBSP}: Analyste des opérations chez Boréal Logistique"
    assert "lundi 29 mars 2027, 09:30–10:30 (Europe/Luxembourg, UTC+02:00)" in email.text
    assert f"60.000 à 70.000{NBSP}€ par an" in email.text  # Luxembourg groups thousands with a dot (CLDR)
    assert "Bonjour Élise Tremblay, votre 2e entretien a lieu dans 3 jours." in email.text
    for part in (email.text, email.html):
        assert "entrevue" not in part and "courriel" not in part
        assert " ?" not in part and " :" not in part  # every space before ? and : is a no-break one
    assert 'lang="fr-LU"' in email.html


def test_digest_in_english_is_unchanged_by_the_french(clock_at: Any) -> None:
    from interview_prep.domain.digest import render_digest

    clock_at(NOW_BEFORE)
    email = render_digest(stored_interview(KESTREL, ENGLISH_CONTENT, format="meal"), LINKS, NOW_BEFORE)

    assert email.subject == "Prep for your Backend Engineer interview at Kestrel Robotics, Mon 29 Mar"
    assert "When:  Monday 29 March 2027, 09:30–10:30 (America/Toronto, UTC−04:00)" in email.text
    assert "CAD 85,000–95,000 per year" in email.text
    assert "Good luck, Ada Lovelace!" in email.text


# --- the playbook's languages ------------------------------------------------------------------------------------


def _one_tip(**fields: str) -> str:
    from tests.test_playbook import _minimal

    body = "".join(f"{key} = {value!r}\n".replace("'", '"') for key, value in fields.items())
    return _minimal(f'[[tips]]\nid = "lone-tip"\nsection = "mindset"\ntext = "Some words of advice here."\n{body}')


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "has no French `fr`"),
        ({"fr": "Avant votre entretien, respirez."}, "needs its Québec French version"),
        ({"fr": "Avant votre entrevue, respirez."}, "Québec wording"),
        ({"fr": "Avant votre entretien, respirez.", "fr_ca": "Avant votre entretien, voilà."}, "European wording"),
        ({"fr": "Le site de {company_s} vaut le détour."}, "placeholder {company_s}"),
    ],
)
def test_parse_playbook_refuses_a_tip_missing_a_language(fields: dict[str, str], message: str) -> None:
    from interview_prep.domain.playbook import PlaybookError, parse_playbook

    with pytest.raises(PlaybookError, match=f"lone-tip.*{message}"):
        parse_playbook(_one_tip(**fields))


def test_parse_playbook_refuses_a_label_missing_in_french() -> None:
    from interview_prep.domain.playbook import PlaybookError, parse_playbook

    from tests.test_playbook import _minimal

    text = _minimal("").replace('video = "Appel vidéo"\n', "")
    with pytest.raises(PlaybookError, match=r"\[fr.formats\] lacks video"):
        parse_playbook(text)


# --- thank-you drafts and the calendar event ----------------------------------------------------------------------


def _drafts(zone: str, **fields: Any) -> list[Any]:
    from interview_prep.domain.drafts import build_drafts
    from interview_prep.domain.models import Notes

    interview = stored_interview(
        KESTREL, FRENCH_CONTENT, timezone=zone, language="fr", notes=Notes.model_validate(FRENCH_NOTES), **fields
    )
    return build_drafts(interview)


def test_drafts_in_french_elide_and_name_the_meal_as_the_region_does() -> None:
    quebec = _drafts("America/Toronto", format="meal", starts_at="2027-03-29T12:00")
    europe = _drafts("Europe/Luxembourg", format="meal", starts_at="2027-03-29T12:00")

    assert all("le dîner" in d.body for d in quebec)  # lunch, in Québec
    assert all("le déjeuner" in d.body for d in europe)  # lunch, in Europe
    for zone, noon, evening in (
        ("Europe/Brussels", "le dîner", "le souper"),
        ("Europe/Zurich", "le dîner", "le souper"),
        ("Europe/Paris", "le déjeuner", "le dîner"),
    ):  # Belgium and Switzerland dine at noon and « soupent » in the evening, as Québec does; France lunches
        lunch = _drafts(zone, format="meal", starts_at="2027-03-29T12:00")
        dinner = _drafts(zone, format="meal", starts_at="2027-03-29T19:30", duration_minutes=120)
        assert all(f"pour {noon}" in d.body for d in lunch) and all(f"pour {evening}" in d.body for d in dinner), zone
        assert all("entrevue" not in d.subject + d.body for d in lunch + dinner), zone  # « entrevue » stays Québec's
    for zone in ("America/Toronto", "Europe/Luxembourg"):  # half an hour at nine: a coffee on both sides
        coffee = _drafts(zone, format="meal", starts_at="2027-03-29T09:00", duration_minutes=30)
        assert all("pour le café" in d.body and "déjeuner" not in d.body for d in coffee), zone
    marc = quebec[0]
    assert marc.body.startswith("Bonjour Marc,\n\n")
    assert "Vous m’avez demandé si mon SQL suffirait. Oui" in marc.body
    assert "Comme promis, [joindre ou coller\u00a0: le tableau de bord dont je vous ai parlé]." in marc.body
    assert "de Analyste" not in " ".join(d.subject + d.body for d in quebec + europe)  # « d’Analyste »
    assert all("entretien" not in d.subject + d.body for d in quebec)
    assert all("entrevue" not in d.subject + d.body for d in europe)


def test_thank_you_email_in_french_keeps_reminders_with_the_candidate() -> None:
    from interview_prep.domain.drafts import build_drafts, render_thank_you
    from interview_prep.domain.models import Notes

    interview = stored_interview(
        KESTREL, FRENCH_CONTENT, timezone="Europe/Luxembourg", language="fr", notes=Notes.model_validate(FRENCH_NOTES)
    )
    email = render_thank_you(interview, build_drafts(interview), LINKS)

    assert email.subject == "Vos brouillons de remerciement pour Boréal Logistique (Analyste des opérations)"
    assert (
        f"Dans vos notes sur Marc Gagnon, un doute{NNBSP}: «{NNBSP}J’ai dépassé le temps prévu.{NNBSP}» Si vous"
        in email.text  # the note's own full stop ends the sentence
    )
    assert (
        f"Une question posée par Marc Gagnon, restée sans réponse dans vos notes{NNBSP}: «{NNBSP}quand je pourrais "
        f"commencer{NNBSP}». Répondez-y" in email.text
    )
    assert "Brouillon 1 sur 3" in email.text and "Objet" in email.text
    assert 'lang="fr-LU"' in email.html


def test_calendar_event_in_french_names_the_interview_in_its_region() -> None:
    from interview_prep.domain.calendar import description, summary

    quebec = stored_interview(KESTREL, FRENCH_CONTENT, language="fr")
    europe = stored_interview(KESTREL, FRENCH_CONTENT, timezone="Europe/Luxembourg", language="fr")

    assert summary(quebec) == f"Entrevue{NBSP}: Analyste des opérations chez Boréal Logistique"
    assert summary(europe) == f"Entretien{NNBSP}: Analyste des opérations chez Boréal Logistique"
    assert description(quebec).splitlines() == [
        f"Étape 2{NBSP}: entrevue chez Boréal Logistique (poste{NBSP}: Analyste des opérations).",
        f"Avec{NBSP}: Marc Gagnon (Directeur des opérations); Léa Roy (Analyste principale); Chloé Martin (RH).",
    ]
    assert f"Marc Gagnon (Directeur des opérations){NNBSP}; Léa Roy" in description(europe)


def test_catalogs_keep_each_regions_words() -> None:
    """Every message, as Québec reads it, says « entrevue »/« courriel », and as Europe reads it « entretien »/« e-mail »."""
    from tools.catalogs import extract

    for locale, foreign in (
        (Locale("fr", "CA"), r"\b(?:entretiens?|e-mails?)\b"),
        (Locale("fr", "LU"), r"\b(?:entrevues?|courriels?)\b"),
    ):
        catalog = i18n.translations(locale)
        for key in extract():
            single, _, plural = key.partition("|")
            said = [catalog.ngettext(single, plural, n) for n in (1, 2)] if plural else [catalog.gettext(key)]
            for text in said:
                assert not re.search(foreign, text, re.IGNORECASE), f"{locale.tag}: {text}"


def test_move_notice_in_quebec_french_says_entrevue_and_14_h_30() -> None:
    from interview_prep.domain.notice import render_move_notice

    interview = stored_interview(KESTREL, FRENCH_CONTENT, language="fr", starts_at="2027-03-29T14:30")
    moved, _ = _changed(interview)

    notice = render_move_notice(moved, LINKS)

    assert notice.subject == (
        f"Entrevue déplacée{NBSP}: Analyste des opérations chez Boréal Logistique, désormais le lun. 29 mars "
        f"à 16{NBSP}h{NBSP}30"
    )
    assert f"Ancien horaire{NBSP}: lundi 29 mars 2027, 14{NBSP}h{NBSP}30–15{NBSP}h{NBSP}30" in notice.text
    assert f"Nouvel horaire{NBSP}: lundi 29 mars 2027, 16{NBSP}h{NBSP}30–17{NBSP}h{NBSP}30" in notice.text
    assert "dans votre calendrier" in notice.text and "Gérer cette entrevue" in notice.text
    assert '<html lang="fr-CA">' in notice.html and "Votre entrevue a été déplacée" in notice.html
    (attachment,) = notice.attachments
    assert f"SUMMARY:Entrevue{NBSP}: Analyste des opérations chez Boréal Logistique" in _ics_text(attachment.data)


def test_cancellation_notice_in_luxembourg_french_says_entretien_and_e_mail() -> None:
    from interview_prep.domain.notice import render_cancellation_notice

    interview = stored_interview(
        KESTREL, FRENCH_CONTENT, language="fr", timezone="Europe/Luxembourg", starts_at="2027-03-29T14:30"
    )
    _, cancelled = _changed(interview)

    notice = render_cancellation_notice(cancelled, LINKS)

    assert notice.subject == (
        f"Entretien annulé{NNBSP}: Analyste des opérations chez Boréal Logistique (prévu le lun. 29 mars)"
    )
    assert f"Horaire prévu{NNBSP}: lundi 29 mars 2027, 14:30–15:30 (Europe/Luxembourg, UTC+02:00)" in notice.text
    assert "Plus aucun e-mail ne vous sera envoyé" in notice.text and "de votre agenda" in notice.text
    assert '<html lang="fr-LU">' in notice.html and "Votre entretien est annulé" in notice.html
    (attachment,) = notice.attachments
    assert f"SUMMARY:Entretien{NNBSP}: Analyste des opérations chez Boréal Logistique" in _ics_text(attachment.data)


@pytest.mark.parametrize(
    "line",
    [
        "Point faible : mon SQL reste à renforcer.",
        f"- Point{NNBSP}faible{NNBSP}: mon SQL reste à renforcer.",  # the spaces a French keyboard may type
        f"Points faibles{NBSP}: mon SQL reste à renforcer.",
        "Inquiétude : mon SQL reste à renforcer.",
        "préoccupation: mon SQL reste à renforcer.",
        "Concern: mon SQL reste à renforcer.",
    ],
)
def test_digest_in_french_takes_a_french_weak_point_mark(clock_at: Any, line: str) -> None:
    from interview_prep.domain.digest import render_digest

    clock_at(NOW_BEFORE)
    notes = f"{line}\nNous avons parlé de l’entrepôt de Laval."
    interview = stored_interview(
        KESTREL, FRENCH_CONTENT, timezone="Europe/Luxembourg", language="fr", first_interview_notes=notes
    )

    text = render_digest(interview, LINKS, NOW_BEFORE).text

    assert f"Ce que vous avez noté comme point fragile lors de votre premier entretien{NNBSP}:" in text
    assert f"«{NNBSP}Mon SQL reste à renforcer.{NNBSP}»" in text  # quoted without its mark, as a sentence
    assert not re.search(r"points?\Wfaible|inqui[ée]tude|pr[ée]occupation|concern\b", text, re.IGNORECASE)


def test_form_help_in_french_names_the_french_weak_point_mark() -> None:
    help_text = i18n.gettext_for(
        Locale("fr", "CA"),
        "What was discussed and open points; the digest quotes them back as your notes. Start a line with Concern: "
        "for a weak point you expect to come back.",
    )

    assert f"«{NBSP}Point faible{NBSP}:{NBSP}»" in help_text and "Concern" not in help_text


# --- the replies to a forwarded invitation ------------------------------------------------------------------------

INVITATIONS = sorted(p.name for p in (__import__("pathlib").Path(__file__).parent / "invitations").iterdir())


def _replies(locale: Locale, language: str) -> list[tuple[str, str]]:
    """Every reply a forwarded message can get, in `locale`, with the values taken from the invitations (names,
    places, links: not words of ours) blanked out; the cancellation offer for an interview in `language`."""
    from interview_prep.domain import clock
    from interview_prep.domain.invitation_replies import (
        no_interview_to_cancel,
        render_cancel_offer,
        render_nothing_found,
        render_review,
    )
    from interview_prep.domain.invitations import InvitationNotUsable, read_invitation

    from tests.test_invitations import fixture

    out: list[tuple[str, str]] = []

    def add(name: str, email: Any, values: list[str]) -> None:
        for part, body in (("subject", email.subject), ("text", email.text), ("html", email.html)):
            for value in sorted(values, key=len, reverse=True):
                body = body.replace(value, " ")
            out.append((f"{name} {part}", body))

    with clock.frozen(NOW_BEFORE):
        for name in [*INVITATIONS, "pasted.txt"]:
            data = fixture(name) if name != "pasted.txt" else b"Hello, see you on Monday."
            try:
                invitation = read_invitation(data, candidate_email="alex.morgan.jobs@gmail.com")
            except InvitationNotUsable as exc:
                add(name, render_nothing_found(exc.message, form_url="https://prep.example.test/", locale=locale), [])
                continue
            draft = invitation.draft
            values = [v for w in invitation.warnings for v in getattr(w, "values", {}).values()]
            values += [draft.get("company", {}).get("name") or "", draft.get("role") or "", draft.get("location") or ""]
            values += [person["name"] for person in draft.get("interviewers", [])]
            values = [v for v in values if len(v) > 2]
            review = render_review(invitation, review_url="https://x/review/t", expires_at=NOW_BEFORE, locale=locale)
            add(name, review, values)
        add("no match", render_nothing_found(no_interview_to_cancel(), form_url="https://x/", locale=locale), [])
    content = FRENCH_CONTENT if language == "fr" else ENGLISH_CONTENT
    zone = "America/Toronto" if locale.quebec or not locale.french else "Europe/Luxembourg"
    interview = stored_interview(KESTREL, content, language=language, timezone=zone)
    add("cancel offer", render_cancel_offer(interview, manage_url="https://x/manage/t"), [])
    return out


@pytest.mark.parametrize("territory", ["CA", "LU"])
def test_forwarded_invitation_replies_in_french_hold_no_english(territory: str) -> None:
    for part, body in _replies(Locale("fr", territory), "fr"):
        leaked = _words(body) & ENGLISH_WORDS
        assert not leaked, f"fr-{territory} {part}: English words {sorted(leaked)}"


def test_forwarded_invitation_replies_in_english_hold_no_french() -> None:
    for part, body in _replies(i18n.ENGLISH, "en"):
        leaked = _words(body) & FRENCH_WORDS
        assert not leaked, f"{part}: French words {sorted(leaked)}"


def test_forwarded_invitation_replies_in_french_speak_their_region() -> None:
    for locale, foreign, spaced in ((Locale("fr", "CA"), r"\b(?:entretiens?|e-mails?|agenda)\b", f"{NBSP}:"),
                                    (Locale("fr", "LU"), r"\b(?:entrevues?|courriels?)\b", f"{NNBSP}:")):  # fmt: skip
        for part, body in _replies(locale, "fr"):
            assert not re.search(foreign, body, re.IGNORECASE), f"{locale.tag} {part}: {body}"
            assert " :" not in body.replace(spaced, ""), f"{locale.tag} {part}: a breaking space before a colon"


def test_digest_examples_write_each_change_notice_in_french_beside_the_english(tmp_path: Any) -> None:
    from interview_prep.domain.examples import write_examples

    write_examples(tmp_path)

    english = sorted(tmp_path.glob("*.notices.txt"))
    assert english and all(path.with_name(path.name.replace(".txt", ".fr.txt")).exists() for path in english)
    for path in english:
        french = path.with_name(path.name.replace(".txt", ".fr.txt")).read_text(encoding="utf-8")
        assert "Subject: Moved:" in path.read_text(encoding="utf-8")
        assert "Ancien horaire" in french and "Horaire prévu" in french and "Was:" not in french
    quebec = (tmp_path / "lunch-with-future-manager.notices.fr.txt").read_text(encoding="utf-8")
    assert f"Subject: Entrevue déplacée{NBSP}:" in quebec and f"à 14{NBSP}h{NBSP}30" in quebec


def test_message_language_reads_french_and_survives_an_unknown_charset() -> None:
    from interview_prep.domain.invitation_replies import message_language, reply_locale

    raw = (
        "From: a@example.com\r\nSubject: TR: Entrevue avec Boréal\r\nContent-Language: fr-CA\r\n"
        "Content-Type: text/plain; charset=x-unknown-8\r\n\r\nBonjour, voici l’invitation pour mon entrevue.\r\n"
    ).encode()
    english = b"From: a@example.com\r\nSubject: Fwd: Interview\r\n\r\nHi, here is the invitation for the interview.\r\n"

    assert message_language(raw) == ("fr", "CA")
    assert reply_locale(raw).tag == "fr-CA"
    assert reply_locale(raw, "Europe/Luxembourg").tag == "fr-LU"  # the invitation's zone decides the region
    assert message_language(english) == ("en", None) and reply_locale(english, "America/Toronto").tag == "en"


def test_french_elides_de_before_a_company_that_starts_with_a_vowel(clock_at: Any) -> None:
    clock_at(NOW_BEFORE)
    vowel = {**FRENCH_CONTENT, "company": {"name": "Érable Santé"}}
    consonant = {**FRENCH_CONTENT, "company": {"name": "Boréal Logistique"}}
    elided = plain = 0
    for content, name in ((vowel, "Érable Santé"), (consonant, "Boréal Logistique")):
        for interview in _interviews("fr", content):
            for part, body in _emails(interview):
                text = body.replace("&#39;", "’").replace("&rsquo;", "’")
                if name == "Érable Santé":
                    assert "de Érable" not in text, f"{interview.locale.tag} {part}"
                    elided += text.count("d’Érable Santé")
                else:
                    assert "d’Boréal" not in text, f"{interview.locale.tag} {part}"
                    plain += text.count("de Boréal Logistique")
    assert elided and plain  # the tips that name the company after « de » were shown


def test_nested_makes_a_value_inside_brackets_square() -> None:
    values = {"company": "Desjardins (Lévis)", "role": "Conseillère (temps partiel)", "n": 2}
    assert i18n.nested("%(company)s (poste : %(role)s), %(n)d", values) == {
        **values,
        "role": "Conseillère [temps partiel]",  # inside « (poste : … ) »: the placeholders' own brackets not counted
    }
    assert i18n.nested("Pour %(company)s : %(role)s", values) is values  # no value inside brackets: as given
    assert i18n.nested("(%(n)d) %(role)s", values) is values  # after a bracket that closed
    link, error = {"link": "https://w.example/A_(b)"}, {"error": "expected ')' at 3"}
    assert i18n.nested("a link (%(link)s)", link) is link  # a link is left whole
    assert i18n.nested("could not be read (%(error)s)", error) is error  # a lone bracket is not a pair


@pytest.mark.parametrize(
    ("territory", "zone", "word"), [("CA", "America/Toronto", "entrevue"), ("FR", "Europe/Paris", "entretien")]
)
def test_french_emails_nest_a_bracketed_role_in_square_brackets(territory: str, zone: str, word: str) -> None:
    """« (poste : Conseillère aux membres [temps partiel]) » in the thank-you email and the notices, text and HTML;
    the English emails and the role as typed keep their round brackets."""
    from interview_prep.domain.drafts import build_drafts, render_thank_you
    from interview_prep.domain.models import Notes
    from interview_prep.domain.notice import render_cancellation_notice

    role = "Conseillère aux membres (temps partiel)"
    interview = stored_interview(
        KESTREL, FRENCH_CONTENT, role=role, timezone=zone, language="fr", notes=Notes.model_validate(FRENCH_NOTES)
    )
    thanks = render_thank_you(interview, build_drafts(interview), LINKS)
    assert (
        f"l’{word} chez Boréal Logistique (poste{NNBSP if territory == 'FR' else NBSP}: Conseillère aux membres [temps partiel])"
        in thanks.text
    )
    assert "Conseillère aux membres [temps partiel]</strong>)" in thanks.html
    _, cancelled = _changed(interview)
    notice = render_cancellation_notice(cancelled, LINKS)
    assert "Conseillère aux membres [temps partiel]) n’aura pas lieu" in notice.text
    assert "Conseillère aux membres [temps partiel]</strong>) n’aura pas lieu" in notice.html
    for text in (thanks.text, thanks.html, notice.text, notice.html):
        assert "(temps partiel))" not in text and "(temps partiel)</strong>)" not in text
    english = stored_interview(KESTREL, role="Staff Nurse (Band 5)", notes=Notes.model_validate(FRENCH_NOTES))
    said = render_thank_you(english, build_drafts(english), LINKS)
    assert "Staff Nurse (Band 5)" in said.text and "[Band 5]" not in said.text + said.html


def test_drafts_in_quebec_sign_off_with_bonne_journee() -> None:
    """« Belle journée » is France's wish; Québec says « Bonne journée ». Over enough interviews every warm sign-off
    comes up on both sides."""
    from interview_prep.domain.drafts import build_drafts
    from interview_prep.domain.models import Notes

    def sign_offs(zone: str) -> set[str]:
        said = set()
        for number in range(60):
            interview = stored_interview(
                KESTREL, FRENCH_CONTENT, timezone=zone, language="fr", notes=Notes.model_validate(FRENCH_NOTES)
            ).model_copy(update={"id": f"01J{number:023d}"})
            said |= {d.body.rsplit("\n", 2)[-2] for d in build_drafts(interview)}
        return said

    quebec, europe = sign_offs("America/Toronto"), sign_offs("Europe/Paris")
    assert "Bonne journée," in quebec and "Belle journée," not in quebec
    assert "Belle journée," in europe and "Bonne journée," not in europe
