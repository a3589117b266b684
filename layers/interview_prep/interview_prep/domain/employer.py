"""The employer's name as a sentence says it: a public body or an institution named by a common noun takes its article
(« chez l’Université Laval », « au CHU de Bordeaux », « les objectifs de la Ville de Montréal »; "at the University of
Plymouth", "joining the Metropolitan Police Service"), where a company's name stands alone (« chez Doctolib », "at
Stripe")."""

from __future__ import annotations

from collections.abc import Callable

# The first word of such a name, casefolded, and the article it takes. « l’ » before a vowel or a mute h.
_ARTICLE = {
    **dict.fromkeys(("université", "universite", "hôpital", "hopital", "institut", "école", "ecole", "agence"), "l’"),
    **dict.fromkeys(("office", "assistance", "association", "académie", "academie", "autorité", "autorite"), "l’"),
    **dict.fromkeys(("chu", "chru", "chr", "ciusss", "cisss", "centre", "cégep", "cegep", "collège", "college"), "le "),
    **dict.fromkeys(("lycée", "lycee", "musée", "musee", "ministère", "ministere", "conseil", "département"), "le "),
    **dict.fromkeys(("departement", "gouvernement", "théâtre", "theatre", "service", "syndicat", "sdis"), "le "),
    **dict.fromkeys(("police", "gendarmerie", "brigade"), "la "),  # « la Police nationale », « au SDIS du Rhône »
    **dict.fromkeys(("ville", "mairie", "région", "region", "caisse", "banque", "fondation", "fédération"), "la "),
    **dict.fromkeys(("federation", "chambre", "commission", "direction", "clinique", "régie", "regie"), "la "),
    **dict.fromkeys(("communauté", "communaute", "métropole", "metropole", "préfecture", "prefecture"), "la "),
    **dict.fromkeys(
        ("hospices", "hôpitaux", "hopitaux", "cliniques"), "les "
    ),  # « aux Cliniques universitaires Saint-Luc »
    **dict.fromkeys(("état", "etat"), "l’"),
    **dict.fromkeys(("canton",), "le "),
    # A business named by what it is (« à la Pharmacie du Centre », « au Cabinet Lefèvre », « à la Société Générale »)
    **dict.fromkeys(("pharmacie", "crèche", "creche", "bibliothèque", "bibliotheque", "mutuelle", "librairie"), "la "),
    **dict.fromkeys(("boulangerie", "société", "societe", "compagnie", "brasserie"), "la "),
    **dict.fromkeys(("cabinet", "groupe", "laboratoire", "restaurant", "garage", "salon"), "le "),
    **dict.fromkeys(("hôtel", "hotel"), "l’"),
    **dict.fromkeys(("laboratoires",), "les "),
}
# Public employers known by their initials alone, with the article French gives them.
_INITIALS = {
    **dict.fromkeys(("ap-hp", "epfl", "inserm", "urssaf", "uqam", "ulb", "inrae", "onu", "oms"), "l’"),
    **dict.fromkeys(("sncf", "ratp", "stm", "saq", "ramq", "caf", "cnam", "snb"), "la "),
    **dict.fromkeys(("chuv", "cnrs", "cea", "chum", "cusm", "sdis", "spvm"), "le "),
    **dict.fromkeys(("hug",), "les "),
}


def in_french(name: str) -> str:
    """`name` with the article a French sentence puts before it: « Université Laval » → « l’Université Laval », « CHU de
    Bordeaux » → « le CHU de Bordeaux »; any other name, or one already written with its article, as given. Follow the
    sentence with `language.french_contractions` (« à le CHU » is « au CHU ») and use `language.de` after « de »."""
    words = name.split(maxsplit=1)
    if not words:
        return name
    # One word (« Centre », a brand) is as given, unless it is known initials (« la SNCF »).
    article = (_INITIALS if len(words) < 2 else _ARTICLE).get(words[0].casefold())
    return f"{article}{name}" if article else name


def names_an_institution(word: str) -> bool:
    """Whether `word`, the first of an employer's name, is one `in_french` gives an article (« Université », « CHU »,
    « SNCF »): what makes « chez l’Université » « à l’Université », where « chez l’Oréal » stays."""
    folded = word.casefold()
    return folded in _ARTICLE or folded in _INITIALS


# English: a name that opens with one of these common nouns followed by "of" or "for" ("University of Plymouth",
# "Department for Education", "City of Austin", "Royal Borough of Greenwich"), casefolded.
_OF_NOUNS = frozenset(
    "university city department ministry office state county borough government province institute college school"
    " museum commonwealth".split()
)
# A name that ends with one of these ("Environment Agency", "Home Office", "Wellcome Trust", "British Museum", "Royal
# Navy"); "Service" only for a public one ("Metropolitan Police Service", "London Ambulance Service").
_LAST_NOUNS = frozenset(
    "agency authority commission office trust foundation museum gallery library army navy force ombudsman"
    " organization organisation programme fund institute centre center society association parliament executive"
    " board".split()
)  # "the World Health Organization", "the Alan Turing Institute", "the Health Service Executive"
_PUBLIC_SERVICE = frozenset(
    "police prosecution health civil prison probation ambulance fire rescue courts tribunals passport security".split()
)
# Initials said with "the": "the NHS", "the BBC" (not "HMRC", "NASA", "UNICEF").
_ENGLISH_INITIALS = frozenset("nhs bbc fca ons dwp mod un eu imf oecd raf fbi cia nsa fda epa irs cdc nih who".split())


def in_english(name: str) -> str:
    """`name` with the "the" an English sentence puts before it: "University of Plymouth" → "the University of
    Plymouth", "Metropolitan Police Service", "Home Office", "NHS" alone; a company's name, a name already written
    with "The", "NHS Lothian", "Leeds City Council", "Imperial College London" as given."""
    words = name.split()
    if not words or words[0].casefold() == "the":
        return name
    folded = [word.casefold() for word in words]
    if len(words) == 1:
        return f"the {name}" if name.isupper() and folded[0] in _ENGLISH_INITIALS else name
    of = next((index for index, word in enumerate(folded[:4]) if word in ("of", "for")), None)
    opens = of is not None and of >= 1 and folded[of - 1] in _OF_NOUNS
    ends = folded[-1] in _LAST_NOUNS or (folded[-1] == "service" and any(w in _PUBLIC_SERVICE for w in folded))
    return f"the {name}" if opens or ends else name


# An employer a recruiter has not named yet, typed as such ("Confidential client", "Undisclosed", "Stealth startup",
# « Client confidentiel », « Entreprise non communiquée »), casefolded.
_UNDISCLOSED = ("confidential", "undisclosed", "stealth", "confidentiel", "non communiqu", "non divulgu")


# A recruiter's client named by the recruiter alone: "Our client", "A client of Hays", « Un client de Robert Walters ».
_A_CLIENT = ("our", "a", "an", "notre", "un")


def undisclosed(name: str) -> bool:
    """Whether `name` says the employer is not named yet (a headhunter's "Confidential client", "A client of Hays",
    "TBC"): the advice speaks of "the employer", the drafts of "your client" to the recruiter and "your organisation"
    to anyone else, and nobody is told to research it by that name. "ClientEarth" and "Client Services Ltd" are
    names."""
    # Imported here: the confirmation email says the employer's name (`in_english`) without asking this.
    from interview_prep.domain.posts import says_not_yet

    folded = name.casefold()
    if any(word in folded for word in _UNDISCLOSED) or says_not_yet(name):
        return True
    words = folded.replace("’", "'").split()
    if words[:1] != ["client"] and not (len(words) > 1 and words[0] in _A_CLIENT and words[1] == "client"):
        return False
    after = words[2:] if words[0] in _A_CLIENT else words[1:]
    return not after or after[0] in ("of", "de") or after[0].startswith("d'")  # "Client Services Ltd" is a name


# Generic nouns an employer not named yet is typed with ("Confidential Client"), said in small letters in a sentence.
_GENERIC = frozenset("client company employer startup firm business bank agency organisation organization".split())
_FRENCH_FEMININE = frozenset("entreprise société societe banque agence".split())


def said_undisclosed(name: str, *, french: bool = False, de: Callable[[str], str] = "de {}".format) -> str:
    """An employer not named yet (`undisclosed`) as a sentence of an email to the candidate says it, after "at" or
    « chez », in the email's language whatever the language it was typed in: "A client of Hays" → "a client of Hays"
    (« un client de Hays »), "Confidential client" → "a confidential client" (« un client confidentiel »), the
    recruiter's "Our client" → "a client of your recruiter", "Stealth startup" → "a stealth startup", "TBC" → "an
    employer not named yet" (« un employeur pas encore nommé »). `de` says French « de » before a name (`language.de`:
    « d’Adecco »; this module is below `language`, which asks it about institutions)."""
    words = name.split()
    folded = [word.casefold().replace("’", "'") for word in words]
    lead = 1 if folded[:1] in (["a"], ["an"], ["un"], ["une"]) else 0
    if folded[lead : lead + 1] == ["client"]:
        after, rest = folded[lead + 1 :], words[lead + 2 :]
        if after and after[0].startswith("d'") and len(after[0]) > 2:  # « Client d’Adecco »
            after, rest = ["de"], [words[lead + 1][2:], *rest]
        if after[:1] in (["of"], ["de"]) and rest:  # "A client of Hays", « Un client de Robert Walters »
            return f"un client {de(' '.join(rest))}" if french else " ".join(["a client of", *rest])
    if folded[:2] in (["our", "client"], ["notre", "client"]):  # the recruiter's word
        return " ".join(["un client de votre recruteur" if french else "a client of your recruiter", *words[2:]])
    if "client" in folded and any(w.startswith(("confidenti", "undisclosed")) for w in folded):
        aside = name[name.index("(") :] if "(" in name else ""  # "Confidential client (fintech)"
        return " ".join(["un client confidentiel" if french else "a confidential client", *aside.split()])
    small = [w.casefold() if w.casefold() in _GENERIC else w for w in words[lead:]]
    if not french and small and folded[lead] in ("confidential", "undisclosed", "stealth", "anonymous", "unnamed"):
        said = " ".join([folded[lead], *small[1:]]) if len(small) > 1 else f"{folded[lead]} employer"
        return f"{'an' if said[0] in 'aeiou' else 'a'} {said}"
    if french and small and folded[lead] in ("entreprise", "société", "societe", "employeur", "banque", "agence"):
        return ("une " if folded[lead] in _FRENCH_FEMININE else "un ") + " ".join([folded[lead], *small[1:]])
    return "un employeur pas encore nommé" if french else "an employer not named yet"
