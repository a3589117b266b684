"""Interviewers entered under something other than a person's name: a group ("Student panel", « Jury ») or a post,
when the invitation named no one ("Hiring Manager", « Chargée de recrutement »). Nobody looks either up, a sentence
gives it an article (`language.in_sentence`) and a letter greets it as letters greet the unnamed."""

from __future__ import annotations

# A name that says it is a group of people, not one person ("Student panel", "Hiring Committee", « Jury »).
_GROUP_WORDS = frozenset(
    "panel team committee board jury comité commission équipe students pupils élèves governors trustees interviewers".split()
)


def names_a_group(name: str) -> bool:
    """Whether `name` is a group entered as one interviewer: one of its whole words says so ("Ann Board-Smith" is a
    person)."""
    return any(_word(word) in _GROUP_WORDS for word in name.split())


# A job title entered where the name should be, when the invitation named no one ("Hiring Manager", "HR Advisor",
# « Chargée de recrutement »): English, every word one of these, one of them a person's post ("Head of Talent");
# French, the first word a post, then only words that say which (« Responsable d’agence », « Directrice des ressources humaines »).
_ROLE_POSTS = frozenset(
    "manager advisor adviser officer director recruiter partner member lead leader head representative rep coordinator"
    " specialist consultant interviewer assessor chair chairperson supervisor administrator generalist sourcer chef"
    " president founder owner headteacher governor assistant associate executive ceo cto cfo coo cpo cio md vp".split()
)
_ROLE_QUALIFIERS = frozenset(
    "hr human resources hiring talent acquisition recruitment recruiting people independent panel senior junior team"
    " technical engineering department store branch area regional general project product sales finance operations"
    " line site deputy practice ward clinical shift office programme program service services account of and for"
    " vice chief managing business staff board lay external internal parent co-opted".split()
)
# The article a French post takes: its own when its form says it, else « le » (a post said of no one in particular).
_FRENCH_ROLE_HEADS = {
    **dict.fromkeys(
        "responsable chargé directeur gérant recruteur conseiller assistant membre représentant président chef"
        " gestionnaire drh rrh consultant coordinateur adjoint référent manager cadre".split(),
        "le ",
    ),
    **dict.fromkeys(
        "chargée directrice gérante recruteuse conseillère assistante représentante présidente cheffe consultante"
        " coordinatrice adjointe référente".split(),
        "la ",
    ),
}
_FRENCH_ROLE_AFTER = frozenset(
    "de d du des la le l à en rh général générale régional régionale adjoint adjointe commercial commerciale"
    " technique".split()
)


def _word(word: str) -> str:
    return word.strip(".,;:()").casefold()


def numbered(name: str) -> bool:
    """Whether `name` ends with a number, as a label does ("Assessor 2", « Évaluateur 1 »): said without an article."""
    words = name.split()
    return bool(words) and words[-1].isdigit()


def french_article(name: str) -> str | None:
    """The article a French post entered for a name takes by its form: « la » for « Chargée de recrutement », « le »
    for « Responsable d’agence »; None for anything else (an English post: `language.in_french_sentence` gives it
    « le » or « l’ »), and for a numbered label (« Membre 2 »)."""
    words = name.split(maxsplit=1)
    if not words or numbered(name) or not names_a_role(name):
        return None
    return _FRENCH_ROLE_HEADS.get(_word(words[0]))


def names_a_role(name: str) -> bool:
    """Whether `name` is a job title entered for a name ("Hiring Manager", "HR Advisor", "Independent Panel Member",
    « Chargée de recrutement », « Responsable d’agence »): nobody's name ("Emma Head" is a person's)."""
    words = [_word(word) for word in name.replace("’", " ").replace("'", " ").split() if _word(word)]
    if not words:
        return False
    if words[0] in _FRENCH_ROLE_HEADS and (len(words) == 1 or words[1] in _FRENCH_ROLE_AFTER):
        return True
    posts = [word in _ROLE_POSTS for word in words]
    return any(posts) and all(
        post or word in _ROLE_QUALIFIERS or word.isdigit()  # "Assessor 2"
        for post, word in zip(posts, words, strict=True)
    )


def names_no_one(name: str) -> bool:
    """Whether `name` names a group or a post rather than a person (`names_a_group`, `names_a_role`): a letter opens
    "Dear Hiring Manager," (« Madame, Monsieur, ») and nobody looks it up."""
    return names_a_group(name) or names_a_role(name)
