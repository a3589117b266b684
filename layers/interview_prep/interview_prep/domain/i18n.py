"""Languages: which English or French an interview speaks, its message catalogs, and CLDR formatting (Babel).

An interview has a `language` (`en` or `fr`). French comes in two regional forms chosen by the interview's time
zone: Québec French (`fr_CA`) for a zone in Canada, European French otherwise (`fr_FR`, `fr_BE`, `fr_CH`, `fr_LU`…,
the zone's own country when CLDR knows French there). Where the vocabulary differs, it shows: the Québec catalog
(`locale/fr_CA`) holds only the messages said differently there (« entrevue », « courriel ») and falls back on
the European one (`locale/fr`).

Typography is applied once, when a catalog is loaded: translators type ordinary spaces before `: ; ? ! »` and
after `«`; European French gets a narrow no-break space (U+202F) there, Québec French a no-break space (U+00A0)
before `:` and inside « », and none before `; ? !` (the Office québécois de la langue française's usage).

The `.po` files are the source; the `.mo` files are compiled from them at build time (`make catalogs`, which
`make build`, `make run` and the tests run) and never committed. A missing `.mo` is an error, never a silent
fallback to English.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

if TYPE_CHECKING:
    import gettext
    from collections.abc import Sequence

Language = Literal["en", "fr"]
LANGUAGES: tuple[str, ...] = ("en", "fr")
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}  # each language in its own words (the language switch)
DOMAIN = "messages"
CATALOG_LOCALES = ("fr", "fr_CA")  # the compiled catalogs, under interview_prep/locale/<name>/LC_MESSAGES
NNBSP = "\u202f"
NBSP = "\u00a0"


class CatalogMissing(RuntimeError):
    """A message catalog was not compiled: `make catalogs` (run by make build, make run and the tests) makes it."""


class Locale(NamedTuple):
    """A language and, for French, the country its conventions follow (`CA` for Québec French). A named tuple: read
    only, hashable, and cheaper to define than a frozen dataclass at every cold start."""

    language: str = "en"
    territory: str | None = None

    @property
    def french(self) -> bool:
        return self.language == "fr"

    @property
    def quebec(self) -> bool:
        return self.language == "fr" and self.territory == "CA"

    @property
    def noon_dinner(self) -> bool:  # French where « le dîner » is the midday meal: Québec, Belgium, Switzerland
        return self.language == "fr" and self.territory in ("CA", "BE", "CH")

    @property
    def tag(self) -> str:
        """The BCP 47 tag (`en`, `fr-CA`, `fr-LU`) for `lang` attributes and `Content-Language`."""
        return f"{self.language}-{self.territory}" if self.territory else self.language

    @property
    def cldr(self) -> str:
        """The CLDR locale Babel formats with (`fr_CA`, `fr_LU`, `fr` when CLDR has no French for the country)."""
        return f"{self.language}_{self.territory}" if self.territory else self.language


ENGLISH = Locale("en")


def uses_cldr_locale(identifier: str) -> bool:
    """Whether the service may format in this CLDR locale (`fr_CA`, `en`): `root` (every locale's last fallback),
    English and every French locale. The build ships Babel's data for these only (tools/trim_cldr.py)."""
    return identifier in ("root", "en", "fr") or identifier.startswith("fr_")


@functools.cache
def _french_territories() -> frozenset[str]:
    from babel.localedata import locale_identifiers

    return frozenset(name[3:] for name in locale_identifiers() if re.fullmatch(r"fr_[A-Z]{2}", name))


def _territory_of(zone: str) -> str | None:
    from babel.core import get_global

    zone = get_global("zone_aliases").get(zone, zone)
    territory: str | None = get_global("zone_territories").get(zone)
    return territory


@functools.cache
def locale_for(language: str, zone: str) -> Locale:
    """The locale an interview in `zone` speaks in `language`: Québec French for a zone in Canada, the French of
    the zone's country when CLDR has one, else France's conventions; English as it is."""
    if language != "fr":
        return ENGLISH
    territory = _territory_of(zone)
    return Locale("fr", territory if territory in _french_territories() else None)


def locale_for_browser(language: str, region: str | None) -> Locale:
    """A page's locale before any interview exists: the browser's region when CLDR has French for it."""
    if language != "fr":
        return ENGLISH
    region = (region or "").upper()
    return Locale("fr", region if region in _french_territories() else None)


def preferred_language(accept_language: str | None) -> tuple[str, str | None]:
    """The first of our languages in an `Accept-Language` header (by q-value), with its region: ("fr", "CA")."""
    best: tuple[float, int, str, str | None] | None = None
    for index, part in enumerate((accept_language or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip():
            match = re.fullmatch(r"\s*q\s*=\s*([01](?:\.[0-9]{0,3})?)\s*", params)
            if not match:
                continue  # a weight we cannot read: that entry is ignored, as RFC 9110 allows
            q = float(match.group(1))
        primary, _, region = tag.strip().replace("_", "-").partition("-")
        primary = primary.lower()
        if primary in LANGUAGES and q > 0 and (best is None or (-q, index) < (-best[0], best[1])):
            best = (q, index, primary, region[:2].upper() or None)
    return (best[2], best[3]) if best else ("en", None)


# --- typography ----------------------------------------------------------------------------------------------

_BEFORE_HIGH = re.compile(r"[ \u00a0\u202f]+([:;?!»])")
_AFTER_OPENING = re.compile(r"«[ \u00a0\u202f]+")


def typeset(text: str, locale: Locale) -> str:
    """French spacing around `: ; ? ! « »` for the locale (translators type ordinary spaces); English untouched."""
    if not locale.french or not text:
        return text

    def before(match: re.Match[str]) -> str:
        mark = match.group(1)
        if not locale.quebec:
            return NNBSP + mark
        return (NBSP + mark) if mark in ":»" else mark

    text = _BEFORE_HIGH.sub(before, text)
    return _AFTER_OPENING.sub("«" + (NBSP if locale.quebec else NNBSP), text)


def quote(text: str, locale: Locale, *, html: bool = False) -> str:
    """`"text"` in an English text part (`“text”` in HTML); `« text »` in French, with the region's no-break spaces
    inside the guillemets."""
    if html:  # markup around the escaped text (the HTML parts' entities)
        from markupsafe import Markup, escape

        if not locale.french:
            return Markup("&ldquo;") + escape(text) + Markup("&rdquo;")
        if locale.quebec:
            return Markup("&laquo;&nbsp;") + escape(text) + Markup("&nbsp;&raquo;")
        return Markup("&laquo;&#8239;") + escape(text) + Markup("&#8239;&raquo;")
    space = NBSP if locale.quebec else NNBSP
    return f"«{space}{text}{space}»" if locale.french else f'"{text}"'


# --- catalogs --------------------------------------------------------------------------------------------------


def _catalog_file(name: str) -> bytes:
    path = resources.files("interview_prep").joinpath("locale", name, "LC_MESSAGES", f"{DOMAIN}.mo")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CatalogMissing(f"the {name} message catalog is not compiled: run `make catalogs`") from None


def _load(name: str, locale: Locale) -> gettext.GNUTranslations:
    """A compiled catalog whose messages are typeset for `locale` as it loads."""
    import gettext
    import io

    catalog = gettext.GNUTranslations(io.BytesIO(_catalog_file(name)))
    messages = catalog._catalog  # type: ignore[attr-defined]
    for key, value in messages.items():
        if isinstance(value, str) and value:
            messages[key] = typeset(value, locale)
    return catalog


@functools.cache
def translations(locale: Locale) -> gettext.NullTranslations:
    """The messages of `locale`: none for English (the source language), the European French catalog for French,
    with the Québec one in front of it for Québec."""
    import gettext  # here, not at import: a function that only reads an interview's locale never loads it

    if not locale.french:
        return gettext.NullTranslations()
    europe = _load("fr", locale)
    if not locale.quebec:
        return europe
    quebec = _load("fr_CA", locale)
    quebec.add_fallback(europe)
    return quebec


def nested(text: str, values: Mapping[str, Any]) -> Mapping[str, Any]:
    """`values` for `text % values`, each one that `text` puts inside round brackets with its own brackets made
    square, as typography nests them: « (poste : Conseillère aux membres [temps partiel]) », never « (poste :
    Conseillère aux membres (temps partiel)) ». Every other value, and `values` itself when none changes, as given."""
    changed: dict[str, Any] | None = None
    for name, value in values.items():
        if not isinstance(value, str) or "(" not in value or "://" in value:  # a link is left whole
            continue
        at = text.find(f"%({name})")
        placeholders = text.count("%(", 0, at)  # each `%(name)s` before it holds one "(" and one ")"
        if at > 0 and text.count("(", 0, at) - placeholders > text.count(")", 0, at) - placeholders:
            squared = in_brackets(value)
            if squared != value:
                changed = changed if changed is not None else dict(values)
                changed[name] = type(value)(squared) if type(value) is not str else squared  # Markup stays Markup
    return values if changed is None else changed


_PAIR = re.compile(r"\(([^()]*)\)")


def in_brackets(text: str) -> str:
    """`text` as said inside round brackets: each pair of its own made square ("(Partner, Sequoia Capital [board
    member])"). Pairs only: a lone ")" in a quoted error stays as it is."""
    return _PAIR.sub(r"[\1]", text)


def gettext_for(locale: Locale, message: str, **values: object) -> str:
    """`message` in `locale`, with `%(name)s` values filled in (Python code's strings; templates use {% trans %})."""
    text = translations(locale).gettext(message)
    if not values:
        return text
    said = text % nested(text, values)
    return _contracted(said) if locale.french else said


def ngettext_for(locale: Locale, singular: str, plural: str, number: int, **values: object) -> str:
    """The singular or plural form for `number` (CLDR's rule for French: 0 and 1 take the singular)."""
    text = translations(locale).ngettext(singular, plural, number)
    said = text % nested(text, {"num": number, **values})
    return _contracted(said) if locale.french else said


def _contracted(text: str) -> str:
    """A French message once its values are in: « à le CHU » is « au CHU » (`language.french_contractions`)."""
    from interview_prep.domain.language import french_contractions

    return french_contractions(text)


class Said(str):
    """A message said in English now, that keeps its catalog id and values to be said again in another language
    later (`said_in`): what the invitation reader finds, before anyone knows who will read it. It is an ordinary
    `str` (the English) everywhere else, in JSON included; `as_json` keeps what `said_in` needs in a stored record."""

    message: str
    values: dict[str, str]

    def __new__(cls, message: str, **values: object) -> Said:
        kept = {name: str(value) for name, value in values.items()}
        said = super().__new__(cls, message % kept if kept else message)
        said.message, said.values = message, kept
        return said

    def as_json(self) -> dict[str, Any]:
        return {"message": self.message, "values": self.values}


def kept(text: str) -> str | dict[str, Any]:
    """`text` as a stored record keeps it: a `Said` as its catalog id and values, any other text as it is."""
    return text.as_json() if isinstance(text, Said) else text


def said_in(text: str | Mapping[str, Any], locale: Locale) -> str:
    """`text` in `locale`: a `Said` (or its `as_json`) through the catalog, any other text as it is."""
    if isinstance(text, Said):
        return gettext_for(locale, text.message, **text.values)
    if isinstance(text, Mapping):
        values = text.get("values") or {}
        return gettext_for(locale, str(text["message"]), **{str(k): str(v) for k, v in values.items()})
    return text


def N_(message: str) -> str:  # noqa: N802 - the gettext convention: marks a message for extraction only
    """Marks `message` for the catalog; it is translated where it is shown."""
    return message


# --- formatting (Babel, CLDR data) -------------------------------------------------------------------------------


def _french_day(day: dt.date) -> str:
    """The day of the month in a French date pattern: `1er` for the first (« le 1er avril »), else the number."""
    return "'1er'" if day.day == 1 else "d"


# English names are fixed (not the process locale's, as strftime's would be); English never loads Babel's data.
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: dt.date, locale: Locale) -> str:
    """`lundi 29 mars 2027`, `jeudi 1er avril 2027` (French, CLDR); `Monday 29 March 2027` in English."""
    if not locale.french:
        return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"
    from babel.dates import format_date

    return format_date(day, f"EEEE {_french_day(day)} MMMM y", locale=locale.cldr)


def weekday(day: dt.date, locale: Locale) -> str:
    """`Wednesday`, « mercredi »."""
    if not locale.french:
        return _WEEKDAYS[day.weekday()]
    from babel.dates import format_date

    return format_date(day, "EEEE", locale=locale.cldr)


def night_of(start: dt.datetime, locale: Locale = ENGLISH) -> str:
    """ ", the night from Wednesday to Thursday" (« , dans la nuit de mercredi à jeudi ») after the date of a start
    between midnight and 05:00, which people count as the evening before and so miss by a day; else ""."""
    if start.hour >= 5:
        return ""
    before, day = weekday(start.date() - dt.timedelta(days=1), locale), weekday(start.date(), locale)
    return ", " + gettext_for(locale, "the night from %(before)s to %(day)s", before=before, day=day)


def short_date(day: dt.date, locale: Locale) -> str:
    """`lun. 29 mars`, `jeu. 1er avr.` in French; `Mon 29 Mar` (`Tue 1 Sep`) in English."""
    if not locale.french:
        return f"{_WEEKDAYS[day.weekday()][:3]} {day.day} {_MONTHS[day.month - 1][:3]}"
    from babel.dates import format_date

    return format_date(day, f"EEE {_french_day(day)} MMM", locale=locale.cldr)


def time_of_day(moment: dt.datetime | dt.time, locale: Locale) -> str:
    """`14 h 30` (and `14 h` on the hour) in Québec, `14:30` in Europe and in English (24-hour clock everywhere)."""
    if not locale.french:
        return f"{moment:%H:%M}"  # before Babel is imported: an English email never needs it (~20 M instructions)
    from babel.dates import format_time

    if locale.quebec:  # the Office québécois de la langue française writes 9 h 30, 14 h 05
        pattern = "H 'h'" if moment.minute == 0 else "H 'h' mm"  # 14 h, 14 h 30
        return format_time(moment, pattern, locale=locale.cldr).replace(" ", NBSP)
    return format_time(moment, "HH:mm", locale=locale.cldr)


def number(value: int | float, locale: Locale, *, cents: bool = False) -> str:
    """`85 000` (French, grouped as CLDR says for the country), `85,000` in English; with `cents`, two decimals
    (`11.50`, `11,50`), else a whole number."""
    from babel.numbers import format_decimal

    where = "en" if not locale.french else locale.cldr
    return format_decimal(value, format="#,##0.00", locale=where) if cents else format_decimal(value, locale=where)


def currency_symbol(code: str, locale: Locale) -> str:
    """`$` for CAD in Québec, `$CA` in France, `€` for EUR (CLDR)."""
    from babel.numbers import get_currency_symbol

    return get_currency_symbol(code, locale="en" if not locale.french else locale.cldr)


def join(items: Sequence[str], locale: Locale) -> str:
    """`A`, `A et B`, `A, B et C` (CLDR list patterns)."""
    if not locale.french:
        from interview_prep.domain import language

        return language.join(items)
    from babel.lists import format_list

    return format_list(list(items), locale=locale.cldr) if items else ""
