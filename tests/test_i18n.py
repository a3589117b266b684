"""Languages: an interview's language and region, the catalogs, French typography and CLDR formatting."""

from __future__ import annotations

import datetime as dt
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
    assert "your thank-you drafts 1 hour after the interview ends" in email.text
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
