"""English wording that depends on a name, a title or a count: possessives, lists of names, ordinals, plurals, and a
few rules for French names (`de`)."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from interview_prep.domain import employer, posts

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


def ordinal(number: int) -> str:
    """`second` for 2 (the round in words); `round 11` beyond the words kept."""
    return ORDINALS[number - 1] if 1 <= number <= len(ORDINALS) else f"round {number}"


def possessive(name: str) -> str:
    """`Ferrous Labs'`, `Northwind's`, `Harbour & Co's`: an apostrophe alone after a final s; a name that is already
    a possessive stays as it is (`Sainsbury's website`, `McDonald’s website`, never `Sainsbury's'`)."""
    name = name.rstrip()
    if name[-2:].casefold() in ("'s", "’s"):
        return name
    return f"{name}'" if name[-1:] in ("s", "S") else f"{name}'s"


def join(items: Sequence[str], conjunction: str = "and") -> str:
    """`A`, `A and B`, `A, B and C`."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def count(number: int, singular: str, plural: str | None = None) -> str:
    """`one executive`, `three executives` (numbers up to twelve in words)."""
    word = NUMBERS[number] if 0 <= number < len(NUMBERS) else str(number)
    return f"{word} {singular if number == 1 else plural or singular + 's'}"


def capitalise(text: str) -> str:
    """The first letter upper-cased, the rest untouched (`your earlier interviews` → `Your earlier interviews`)."""
    return text[:1].upper() + text[1:]


FRENCH_VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüœæAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆ")


def de(noun: str) -> str:
    """French « de » before a name: « de Backend Engineer », « d’Analyste des opérations », « d’Oakridge Systems »
    (elision before a vowel; a leading h is left alone, as French cannot tell from spelling alone whether it
    elides). A y is a vowel only before a consonant: « d’Yves », but « de Year 4 Teacher », « de Yaoundé »."""
    if noun.startswith(("le ", "les ")):  # a name with its article (`employer.in_french`): « du CHU », « des Hospices »
        return ("du " if noun.startswith("le ") else "des ") + noun.split(" ", 1)[1]
    return f"d’{noun}" if elides(noun) else f"de {noun}"


def elides(noun: str) -> bool:
    """Whether French elides the word before `noun` (« d’Analyste », « l’Executive Assistant »): it opens with a vowel;
    a y only before a consonant (« d’Yves », « de Year 4 »); a leading h is left alone."""
    if noun[:1] in "yY":
        return bool(noun[1:2]) and noun[1:2] not in FRENCH_VOWELS
    return noun[:1] in FRENCH_VOWELS


# The gender marker a job advert adds to its title, by law or by custom: « Développeur Python (H/F) », "Filialleitung
# (m/w/d)", "Verpleegkundige (M/V/X)", « Technicien H/F ». Part of the advert, never of how anyone says the job: two
# to four letters (or `div`) between slashes, naming at least two genders, in brackets, or bare before the end, a
# dash or a bracket.
_GENDER_LETTERS = frozenset("h f m w d x v i div".split())

# The French advert's contract type beside the title, « Technicien de maintenance (F/H) - CDI », « Comptable (CDD 6
# mois) », « Stage - Assistant marketing »: no one says « le poste de Stage - Assistant marketing ». CDI and CDD are
# French whatever the interview's language; « stage », « alternance » and « intérim » only in French ("Theatre
# Technician - Stage" is a job).
# As a title writes them: an acronym in capitals only, a word with or without its capital.
_CONTRACT_WORDS = {False: ("CDI", "CDD"), True: ("CDI", "CDD", "stage", "alternance", "intérim", "remplacement")}
# The English advert's contract terms, in either language: "(6 months, Outside IR35)", « (6 mois) », "(12-month
# FTC)", "(Maternity Cover)", "- Permanent", ", Fixed Term". Not "Temporary Works Engineer", "Contract Manager" nor
# "Lawyer (Commercial Contracts)": brackets that hold nothing else ("(Band 5, Permanent)" stays whole), or the end
# of the title after a dash or a comma.
_ENGLISH_TERMS = ("perm", "temp", "fixed", "ftc", "cover", "secondment", "ir35", "month", "contract", "mois")


@functools.cache
def _english_terms() -> re.Pattern[str]:
    term = (
        r"(?:permanent|perm|temporary|temp|fixed[- ]term(?:\s+contract)?|FTC|secondment|(?:in|out)side\s+IR35|IR35"
        r"|(?:maternity|paternity|parental)(?:\s+leave)?\s+cover|contract(?:\s+role)?|\d+[- ]?(?:months?|mths?|mois)"
        r"(?:\s+(?:FTC|contract|fixed[- ]term(?:\s+contract)?))?)"
    )
    only_terms = rf"\s*\(\s*(?:\w+\s+)?{term}(?:\s*[,;/&]\s*(?:\w+\s+)?{term})*\s*\)"
    last = rf"\s*[-–—|,]\s*{term}(?:\s*[,;/&]\s*{term})*\s*$"
    return re.compile(rf"{only_terms}|{last}", re.IGNORECASE)


@functools.cache
def _title_marks(french: bool) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(gender marker, contract type): compiled when a title first has something that may be one (a few ms of a cold
    start that most titles never need)."""
    gender = re.compile(
        r"\s*\(\s*(?P<bracketed>[a-z]{1,3}(?:\s*/\s*[a-z]{1,3}){1,3})\s*\)"
        r"|\s+(?:[-–—|,:]\s*)?(?P<bare>[a-z]{1,3}(?:/[a-z]{1,3}){1,3})(?=\s*(?:$|[-–—|,(]))",
        re.IGNORECASE,
    )
    words = "|".join(w if w.isupper() else f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in _CONTRACT_WORDS[french])
    said = rf"(?:{words})\b"
    contract = re.compile(rf"\s*\(\s*{said}[^()]*\)|\s*[-–—|,]\s*{said}[^-–—|,()]*$|^\s*{said}\s*[-–—|:]\s*")
    return gender, contract


def _names_genders(letters: str) -> bool:
    said = {part.strip().casefold() for part in letters.split("/")}
    return said <= _GENDER_LETTERS and ({"h", "f"} <= said or ("m" in said and bool(said & {"f", "w", "v"})))


def role_as_said(role: str, *, french: bool = False) -> str:
    """The job title as a sentence says it: on one line, without the advert's gender marker (« Développeur Python
    (H/F) » → « Développeur Python », "Filialleitung (m/w/d)" → "Filialleitung") nor the contract type beside it
    (« - CDI », « (CDD 6 mois) », in French « Stage - », « (remplacement) »; "(6 months, Outside IR35)", "(Maternity Cover)",
    "- Permanent"). Anything else bracketed stays ("Staff Nurse (Band 5)",
    "Trader (F/X)", « (temps partiel) »); a title that is nothing but a marker stays as it is."""

    one_line = " ".join(role.split())
    folded = role.casefold()
    if any(word in folded for word in _ENGLISH_TERMS):
        terms = _english_terms()  # twice: "- Maternity Cover (12 months)" ends with a dash once the brackets are gone
        role = terms.sub("", terms.sub("", role)) or role
        folded = role.casefold()
    if "/" not in role and not any(word.casefold() in folded for word in _CONTRACT_WORDS[french]):
        return " ".join(role.split())  # nothing (else) that could be a marker: most titles

    def without(match: re.Match[str]) -> str:
        letters = match.group("bracketed") or match.group("bare")
        return "" if _names_genders(letters) else match.group(0)

    gender, contract = _title_marks(french)
    said = " ".join(contract.sub("", gender.sub(without, role)).split())
    said = re.sub(r"\s*[-–—|,:]$", "", said)  # what separated a removed marker: "Technicien - H/F"
    return said or one_line


# Titles that name a relationship in other words than its label, in either language: `Recruteuse` needs no
# « recrutement » after it, `Human Resources Partner` no "HR".
_TITLE_SAYS = {
    "recruiter": re.compile(r"(?<!\w)(recruit|recrut)", re.IGNORECASE),
    "hr": re.compile(r"(?<!\w)(HR|RH|RRH|DRH|HRBP|human resources|ressources humaines)(?!\w)", re.IGNORECASE),
}


def title_says(title: str | None, relationship: str, label: str) -> bool:
    """Whether a job title already says the relationship: its label as a word (`Senior Recruiter`, `Responsable RH`)
    or the same in other words (`Recruteuse`, `Human Resources Partner`)."""
    if not title:
        return False
    if re.search(rf"(?<!\w){re.escape(label)}(?!\w)", title, re.IGNORECASE):
        return True
    said = _TITLE_SAYS.get(relationship)
    return bool(said and said.search(title))


def post_says(name: str, relationship: str, label: str) -> bool:
    """Whether a post entered for a name already says the relationship ("Hiring Manager", "HR Advisor"): no label
    follows it."""
    return posts.names_a_role(name) and title_says(name, relationship, label)


def team_company_name(company: str, *, french: bool = False) -> str:
    """The name before "hiring team": `Copper Pot` for The Copper Pot ("Dear Copper Pot hiring team", "to the Copper
    Pot hiring team", never "Dear The Copper Pot…" nor "the The Copper Pot…"); French keeps the name whole."""
    if french:
        return company
    return re.sub(r"^the\s+", "", company, flags=re.IGNORECASE) or company


# Courtesy titles a name may be written with ("Mr Paul Okafor", "Dr. Alan Chu", « Mme Claire Dunn », "Capt. Fiona
# Byrne", "Cllr Mary Hughes", "Frau Dr. Petra Lang", "Sir Richard Branson"), casefolded.
COURTESY_TITLES = frozenset(
    "mr mr. mrs mrs. ms ms. miss mx mx. dr dr. prof prof. professor capt capt. captain rev rev. revd reverend cllr cllr."
    " m. mme mme. mlle mlle. pr pr. dre dre. docteur docteure professeur professeure herr frau sir dame"
    " lord baroness baron"  # a peer by the title and the family name: "Baroness Harris", "Lord Sugar"
    # A rank or an office said with the family name: "Sergeant Grant", "Detective Inspector Shaw", "Father Byrne",
    # « Maître Dupont » (« Me », a French lawyer's or notary's).
    " sergeant sgt sgt. inspector insp insp. detective superintendent supt supt. constable pc lieutenant lt lt."
    " colonel col col. major maj maj. commander cdr cdr. father fr. rabbi imam pastor maître me"
    # French ranks (« la Sergente Gagnon », « le Capitaine Roy »)
    " sergent sergente lieutenant lieutenante capitaine commandant commandante inspecteur inspectrice".split()
)
_BY_GIVEN_NAME = frozenset({"sir", "dame"})  # "Sir Richard", "Dame Sarah": the title goes with the given name


# The faculty a German or Swiss doctorate names after "Dr." ("Dr. med. Anna Keller", "Dr. rer. nat. Jan Roth"): part
# of the title as written, not said when someone is addressed ("Dear Dr. Keller").
_FACULTY = frozenset("med. rer. nat. phil. jur. h.c. habil. dent. vet. oec. sc. techn.".split())


def titles_before(words: Sequence[str], names: int = 0) -> int:
    """How many of `words` are courtesy titles one after another at the start (with the faculty after a "Dr."),
    leaving at least `names` words after."""
    count = 0
    while count < len(words) - names:
        word = words[count].casefold()
        after_doctor = count and words[count - 1].casefold() in ("dr", "dr.", *_FACULTY)
        if word not in COURTESY_TITLES and not (after_doctor and word in _FACULTY):
            break
        count += 1
    return count


# Letters after a name, after a comma: "Karen Walsh, RN", "Alan Chu, MD, PhD", "Ana Ruiz, Ph.D.", « Marie Tremblay,
# Ph. D. », and a generation, "Robert Miller, Jr.", "John Smith, III": each has two capitals or more, or is one of
# these. Not "Walsh, Karen".
_LETTERS_AFTER = re.compile(
    r",(?:[\s,]+(?:Ph\.\s?D\.?|[JS]r\.?|Jnr\.?|Snr\.?|(?=(?:[a-z().]*[A-Z]){2})[A-Za-z().]{2,12}))+\s*$"
)


def first_name(name: str) -> str:
    """The first word after the courtesy titles ("Sarah" for "Dr. Sarah Lee"), or "" when there is none."""
    words = name.split()
    titles = titles_before(words)
    return words[titles] if titles < len(words) else ""


def without_letters_after(name: str) -> str:
    """A name without the degrees, registrations and generation written after it ("Karen Walsh, RN", "Robert Miller,
    Jr." → "Karen Walsh", "Robert Miller"): a letter greets "Dear Karen Walsh," and a sentence says "Karen Walsh
    wants…"; the name as typed stays where it is shown."""
    return _LETTERS_AFTER.sub("", name) or name


# Words that open a family name ("van der Berg", "de la Cruz", « de La Fontaine », "El Amrani", "Di Stefano"),
# casefolded. Not "Van" written with a capital alone, a Vietnamese middle name as often as a Dutch particle.
_PARTICLES = frozenset(
    "van der den ter ten von zu de del della des di da dos das du la le el al ben bin ibn abu ó ní nic mac uí".split()
)  # "Mr Ó Briain", "Dr Ní Bhriain"
_CAPITAL_PARTICLES = _PARTICLES - {"van"}


def _family_name_start(names: Sequence[str]) -> int | None:
    """Where the family name starts in `names` (the words after the titles), or None if not ours to tell: the last
    of two words ("Paul Okafor"), or the first particle after the given name of a longer one ("Pieter van der
    Berg", "María José de la Cruz", « Marie de La Tour du Pin », "Karim El Amrani"); never the first word, always
    someone's given name."""
    if len(names) == 2:
        return 1
    return next(
        (
            start
            for start in range(1, len(names) - 1)
            if names[start].casefold() in (_PARTICLES if names[start].islower() else _CAPITAL_PARTICLES)
        ),
        None,
    )


def addressed(name: str) -> str:
    """How a sentence names someone: without the letters after the name (`without_letters_after`); a name written
    with courtesy titles is the titles and the family name ("Mr Okafor", never "Mr Paul Okafor"; "Prof. Dr.
    Weber", "Frau Dr. Lang", "Dr van der Berg", « M. El Amrani »), or the first after Sir or Dame ("Sir Richard");
    any other name as given (which words of "Mr Juan Carlos Ruiz" are the family name is not ours to guess)."""
    name = without_letters_after(name)
    words = name.split()
    titles = titles_before(words)
    if not titles or len(words) - titles < 2:
        return name
    said = [word for word in words[:titles] if word.casefold() not in _FACULTY]  # "Dr. Keller" for "Dr. med. …"
    if words[titles - 1].casefold() in _BY_GIVEN_NAME:
        return " ".join([*said, words[titles]]) if len(words) - titles == 2 else name
    start = _family_name_start(words[titles:])
    return name if start is None else " ".join([*said, *words[titles + start :]])


# French puts an article before these titles in a sentence (« le Dr Roux », « la Dre Roy », « au Pr Shaw ») and none
# before M., Mme or Mlle, nor in a greeting (« Bonjour Docteur Roux », `french_salutation`). The English ones take it
# too in a French text.
_FRENCH_ARTICLE = {
    **dict.fromkeys(("dr", "dr.", "docteur", "pr", "pr.", "professeur", "prof", "prof.", "professor"), "le"),
    **dict.fromkeys(("capt", "capt.", "captain", "rev", "rev.", "revd", "reverend"), "le"),
    **dict.fromkeys(("dre", "dre.", "docteure", "professeure"), "la"),
    **dict.fromkeys(("sergent", "lieutenant", "capitaine", "commandant", "inspecteur"), "le"),
    **dict.fromkeys(("sergente", "lieutenante", "commandante", "inspectrice"), "la"),
}
_TITLES = "|".join(re.escape(t) for t in sorted(_FRENCH_ARTICLE, key=len, reverse=True))
# « à le Dr » and « de le Dr » as a name with its article makes them, contracted, and « à le CHU », « de les
# Hospices » (an employer's name with its article, `employer.in_french`: a capital follows); nothing else is touched.
# « chez » names a company (« chez Doctolib »), « à » an institution named with its article (`employer.in_french`).
# In HTML the name may be bold: « chez <strong>le CHU » → « au <strong>CHU ».
_AT_INSTITUTION = re.compile(r"\bchez (<strong>)?(le |la |les |l’)(?=([A-ZÀ-ÖØ-Þ][\w-]*))")
_AT = {"le ": "au ", "la ": "à la ", "les ": "aux ", "l’": "à l’"}
_CONTRACTED = re.compile(rf"\b(à|À|de|De) (le|les) (?=(?i:{_TITLES})(?!\w)|[A-ZÀ-ÖØ-Þ])")


def word_families(*starts: str) -> tuple[re.Pattern[str], ...]:
    """One pattern per word family, each matching a word that starts so (`"join"`: join, joining; `r"time\b"`: time
    alone), in any case."""
    return tuple(re.compile(rf"\b{start}", re.IGNORECASE) for start in starts)


# A group entered under one name by the common noun it opens with (« Jury », « Comité de sélection », « Équipe RH »):
# a French sentence gives it its article (« À demander au Jury », « Vous ne connaissez pas encore le Comité… »).
_FRENCH_GROUP_ARTICLE = {
    **dict.fromkeys(("jury", "comité", "panel", "conseil"), "le "),
    "commission": "la ",
    "équipe": "l’",
    "élèves": "les ",
}


def in_french_sentence(name: str) -> str:
    """A name as a French sentence says it: with the article its title takes (« le Dr Paul Roux ») or a group's
    common noun takes (« le Jury »), a job title entered for a name the article of its noun (« la Chargée de
    recrutement », « le Responsable d’agence »: `posts.names_a_role`), else as given. Follow it with `french_contractions`
    once the sentence is written (« à le Dr » is « au Dr », « à le Jury » « au Jury »)."""
    words = name.split(maxsplit=1)
    if not words:
        return name
    if group := _FRENCH_GROUP_ARTICLE.get(words[0].casefold()):
        return f"{group}{name}"
    if posts.names_a_role(name) and not posts.numbered(name):  # an English post takes « le »: « au Talent Partner »
        return f"{'l’' if elides(name) else posts.french_article(name) or 'le '}{name}"
    article = _FRENCH_ARTICLE.get(words[0].casefold()) if len(words) == 2 else None
    return f"{article} {name}" if article else name


def in_sentence(name: str, *, french: bool) -> str:
    """A name as a sentence of the language says it: `in_french_sentence` in French; in English a group or a post
    with "the" ("Ask the Hiring Committee:", "the Student panel is new to you", "Ask the HR Advisor:"; a sentence
    that opens with it takes the capital where it is filled), any other name and a numbered label ("Ask Assessor
    2:") as given."""
    if french:
        return in_french_sentence(name)
    if posts.names_no_one(name) and not posts.numbered(name) and not name.casefold().startswith("the "):
        return f"the {name}"
    return name


def french_contractions(text: str) -> str:
    """« à le Dr Roux » → « au Dr Roux », « de le Pr Shaw » → « du Pr Shaw » (only before a title of
    `in_french_sentence`, or a capital: « à le CHU » → « au CHU »), « chez » before an institution with its article
    is « à » (« chez l’Université Laval » → « à l’Université Laval », « chez le CHU » → « au CHU »), and a sentence
    that starts with the article takes a capital (« Le Dr Roux veut… »)."""

    def contracted(match: re.Match[str]) -> str:
        word, plural = match.group(1), match.group(2) == "les"
        short = ("aux " if plural else "au ") if word.casefold() == "à" else ("des " if plural else "du ")
        return short.capitalize() if word[0].isupper() else short

    def at(match: re.Match[str]) -> str:  # « chez le CHU » → « au CHU », but « chez l’Oréal » stays
        if not employer.names_an_institution(match.group(3)):
            return match.group(0)
        return _AT[match.group(2)] + (match.group(1) or "")

    if "chez " in text:
        text = _AT_INSTITUTION.sub(at, text)
    text = _CONTRACTED.sub(contracted, text)
    return re.sub(rf"^(le|la) (?=(?:{_TITLES})(?!\w))", lambda m: m.group(1).capitalize() + " ", text, flags=re.I)


# An article a sentence gives a name (« le Dr Roux », « l’Université Laval », "the Home Office") where HTML puts the
# name in bold: the article stays outside (« pour le <strong>Dr Roux</strong> », "at the <strong>Home Office</strong>").
_ARTICLE_IN_BOLD = re.compile(r"(<strong(?:\s[^<>]*)?>)((?:the|le|la|les) |l’)(?=[A-ZÀ-ÖØ-Þ])")


def article_before_bold(html: str) -> str:
    """`html` with the article of a bold name moved before the bold: « <strong>le Dr Roux</strong> » → « le
    <strong>Dr Roux</strong> », "<strong>the Home Office</strong>" → "the <strong>Home Office</strong>"."""
    return _ARTICLE_IN_BOLD.sub(r"\2\1", html) if "<strong" in html else html


# A French letter writes out the title it greets with (« Bonjour Madame Dunn », « Bonjour Docteur Roux »), though a
# sentence abbreviates it (« Mme Dunn regarde… »).
_FRENCH_SALUTATION = {
    **dict.fromkeys(("m.", "monsieur", "mr", "mr.", "herr"), "Monsieur"),  # an English title greeted in French
    **dict.fromkeys(("mme", "mme.", "madame", "mrs", "mrs.", "ms", "ms.", "miss", "frau"), "Madame"),
    **dict.fromkeys(("mlle", "mlle.", "mademoiselle"), "Mademoiselle"),
    **dict.fromkeys(("dr", "dr.", "docteur"), "Docteur"),
    **dict.fromkeys(("dre", "dre.", "docteure"), "Docteure"),
    **dict.fromkeys(("me", "maître"), "Maître"),  # « Bonjour Maître Dupont » for « Me Anne Dupont »
    # An English professor, as French abbreviates the title (« Professeur » or « Professeure » is not ours to guess).
    **dict.fromkeys(("professor", "prof", "prof."), "Pr"),
}


def french_salutation(name: str) -> str:
    """The name a French greeting says: its abbreviated title written out (« Mme Dunn » → « Madame Dunn »); of
    titles one after another, the last one French writes out (« Frau Dr. Lang », « Prof. Dr. Weber » → « Docteur
    Lang », « Docteur Weber »)."""
    words = name.split()
    titles = titles_before(words, names=1)
    for at in range(titles - 1, -1, -1):
        written = _FRENCH_SALUTATION.get(words[at].casefold())
        if written:
            return " ".join([written, *words[titles:]])
    return name
