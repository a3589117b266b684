"""The employer's name as a French sentence says it: a public body or an institution named by a common noun takes its
article (« chez l’Université Laval », « au CHU de Bordeaux », « les objectifs de la Ville de Montréal »), where a
company's name stands alone (« chez Doctolib »). English says every name as given."""

from __future__ import annotations

# The first word of such a name, casefolded, and the article it takes. « l’ » before a vowel or a mute h.
_ARTICLE = {
    **dict.fromkeys(("université", "universite", "hôpital", "hopital", "institut", "école", "ecole", "agence"), "l’"),
    **dict.fromkeys(("office", "assistance", "association", "académie", "academie", "autorité", "autorite"), "l’"),
    **dict.fromkeys(("chu", "chru", "chr", "ciusss", "cisss", "centre", "cégep", "cegep", "collège", "college"), "le "),
    **dict.fromkeys(("lycée", "lycee", "musée", "musee", "ministère", "ministere", "conseil", "département"), "le "),
    **dict.fromkeys(("departement", "gouvernement", "théâtre", "theatre", "service", "syndicat"), "le "),
    **dict.fromkeys(("ville", "mairie", "région", "region", "caisse", "banque", "fondation", "fédération"), "la "),
    **dict.fromkeys(("federation", "chambre", "commission", "direction", "clinique", "régie", "regie"), "la "),
    **dict.fromkeys(("communauté", "communaute", "métropole", "metropole", "préfecture", "prefecture"), "la "),
    **dict.fromkeys(
        ("hospices", "hôpitaux", "hopitaux", "cliniques"), "les "
    ),  # « aux Cliniques universitaires Saint-Luc »
    **dict.fromkeys(("état", "etat"), "l’"),
    **dict.fromkeys(("canton",), "le "),
}
# Public employers known by their initials alone, with the article French gives them.
_INITIALS = {
    **dict.fromkeys(("ap-hp", "epfl", "inserm", "urssaf", "uqam", "ulb", "inrae", "onu", "oms"), "l’"),
    **dict.fromkeys(("sncf", "ratp", "stm", "saq", "ramq", "caf", "cnam", "snb"), "la "),
    **dict.fromkeys(("chuv", "cnrs", "cea", "chum", "cusm"), "le "),
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
