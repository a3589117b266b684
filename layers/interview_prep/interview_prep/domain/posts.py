"""Interviewers entered under something other than a person's name: a group ("Student panel", « Jury ») or a post,
when the invitation named no one ("Hiring Manager", « Chargée de recrutement »). Nobody looks either up, a sentence
gives it an article (`language.in_sentence`) and a letter greets it as letters greet the unnamed."""

from __future__ import annotations

# A name that says it is a group of people, not one person ("Student panel", "Hiring Committee", « Jury »).
_GROUP_WORDS = frozenset(
    "panel team committee board jury comité commission équipe council conseil students pupils pupil children kids élèves"
    " enfants governors trustees interviewers".split()
)
# A group of a school's pupils ("Pupil panel", "School council", "Children's panel", « Jury d’élèves »): children,
# spoken to and thanked as children are (`person:pupils`).
_PUPIL_WORDS = frozenset("pupil pupils children kids schoolchildren élève élèves enfants lycéens collégiens".split())
# A school whose pupils are children ("Hillside Academy", "St Mary's Primary School", « Collège Jean Moulin », « Lycée
# Victor Hugo »), where a "Student panel" is its pupils; not a school or an academy of adults ("London Business
# School", "Royal Academy of Music", "Police Academy"), nor a college or a university.
_SCHOOL_WORDS = frozenset("school academy primary secondary grammar infant infants junior collège lycée".split())
_ADULTS_SCHOOL_WORDS = frozenset(
    "business medical medicine law graduate management royal music dramatic drama art arts police military nursing"
    " university college".split()
)
_STUDENT_WORDS = frozenset("student students".split())


def is_school(employer: str) -> bool:
    """Whether `employer` is a school whose pupils are children (`_SCHOOL_WORDS`, none of `_ADULTS_SCHOOL_WORDS`)."""
    words = {_word(word) for word in employer.replace("’", " ").replace("'", " ").split()}
    return bool(words & _SCHOOL_WORDS) and not words & _ADULTS_SCHOOL_WORDS


def names_a_group(name: str) -> bool:
    """Whether `name` is a group entered as one interviewer: one of its whole words says so ("Ann Board-Smith" is a
    person), and it is not one member's post ("Panel Member", "Team Lead", "Children's Services Manager")."""
    words = name.split()
    return any(_word(word) in _GROUP_WORDS for word in words) and _word(words[-1]) not in _ROLE_POSTS


def names_pupils(name: str, *, school: bool = False) -> bool:
    """Whether `name` is a group of a school's pupils entered as one interviewer: a group (`names_a_group`) that
    names pupils or children, or a school council; a "Student panel" only at a `school` (`is_school`: elsewhere it
    may be a university's)."""
    words = {_word(word) for word in name.replace("’", " ").replace("'", " ").split()}  # « d’élèves », "Children's"
    return names_a_group(name) and (
        bool(words & _PUPIL_WORDS) or {"school", "council"} <= words or (school and bool(words & _STUDENT_WORDS))
    )


# A job title entered where the name should be, when the invitation named no one ("Hiring Manager", "HR Advisor",
# « Chargée de recrutement »): English, every word one of these, one of them a person's post ("Head of Talent");
# French, the first word a post, then only words that say which (« Responsable d’agence », « Directrice des ressources humaines »).
_ROLE_POSTS = frozenset(
    "manager advisor adviser officer director recruiter partner member lead leader head representative rep coordinator"
    " specialist consultant interviewer assessor chair chairperson supervisor administrator generalist sourcer chef"
    " president founder owner headteacher governor assistant associate executive ceo cto cfo coo cpo cio md vp"
    # the trades a job title names ("Senior Data Engineer", "Staff Nurse"), when typed with nothing else
    " engineer developer designer analyst scientist architect accountant nurse teacher lecturer researcher technician"
    " editor producer programmer tester pharmacist therapist physician surgeon auditor controller buyer planner"
    " strategist marketer copywriter paralegal solicitor attorney lawyer clerk agent leader".split()
)
_ROLE_QUALIFIERS = frozenset(
    "hr human resources hiring talent acquisition recruitment recruiting people independent panel senior junior team"
    " technical engineering department store branch area regional general project product sales finance operations"
    " line site deputy practice ward clinical shift office programme program service services account of and for"
    " vice chief managing business staff board lay external internal parent co-opted"
    " data software backend back-end frontend front-end full-stack fullstack principal platform security cloud"
    " infrastructure machine learning ml ai ux ui research design marketing legal mobile web qa quality devops site"
    " reliability systems network analytics financial registered charge lead".split()
)
# The gender a French post's noun gives it: its own when its form says it, else « le » (a post said of no one in
# particular).
_FRENCH_ROLE_HEADS = {
    **dict.fromkeys(
        "responsable chargé directeur gérant recruteur conseiller assistant membre représentant président chef"
        " gestionnaire drh rrh consultant coordinateur adjoint référent manager cadre développeur ingénieur"
        " infirmier médecin analyste designer architecte comptable enseignant professeur technicien pharmacien"
        " juriste avocat interlocuteur".split(),
        "le",
    ),
    **dict.fromkeys(
        "chargée directrice gérante recruteuse conseillère assistante représentante présidente cheffe consultante"
        " coordinatrice adjointe référente développeuse ingénieure infirmière enseignante professeure technicienne"
        " pharmacienne avocate interlocutrice".split(),
        "la",
    ),
}
_FRENCH_ROLE_AFTER = frozenset(
    "de d du des la le l à en rh général générale régional régionale adjoint adjointe commercial commerciale"
    " technique senior junior principal principale backend frontend".split()
)


def _word(word: str) -> str:
    return word.strip(".,;:()").casefold()


def job_word(word: str) -> bool:
    """Whether `word` belongs to the vocabulary of posts and groups ("Recruiter", "HR", "panel"): a name that holds
    one may not be a person's ("IBM Recruiter")."""
    folded = _word(word)
    return folded in _ROLE_POSTS or folded in _ROLE_QUALIFIERS or folded in _GROUP_WORDS


def numbered(name: str) -> bool:
    """Whether `name` ends with a number, as a label does ("Assessor 2", « Évaluateur 1 »): said without an article."""
    words = name.split()
    return bool(words) and words[-1].isdigit()


def french_article(name: str) -> str | None:
    """The article a French post entered for a name takes by its form, before any elision (`language.elides`: « l’ »
    for « Ingénieure backend »): « la » for « Chargée de recrutement », « le » for « Responsable d’agence »; None for
    anything else (an English post: `language.in_french_sentence` gives it « le »), and for a numbered label
    (« Membre 2 »)."""
    words = name.split(maxsplit=1)
    if not words or numbered(name) or not names_a_role(name):
        return None
    gender = _FRENCH_ROLE_HEADS.get(_word(words[0]))
    return f"{gender} " if gender else None


def french_feminine(name: str) -> bool:
    """Whether a French post entered for a name says a woman holds it (« Chargée de recrutement », « Ingénieure »):
    a letter then opens « Madame, »."""
    words = name.split(maxsplit=1)
    return bool(words) and names_a_role(name) and _FRENCH_ROLE_HEADS.get(_word(words[0])) == "la"


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


# What people type where something is not known yet (a name, a place): `TBC`, « à confirmer ».
NOT_YET = frozenset(
    {
        "tbd", "tbc", "tba", "to be confirmed", "to be determined", "to be decided", "to be announced", "not known yet",
        "not yet known", "unknown", "pending", "n/a", "na", "none", "?", "-", "...", "…", "à confirmer", "a confirmer",
        "à définir", "a definir", "à déterminer", "a determiner", "à préciser", "a preciser", "à venir", "a venir",
        "inconnu", "non communiqué", "pas encore connu",
    }
)  # fmt: skip
_NOT_YET_NAMES = NOT_YET - {"na"} | {"name tbc", "name tbd", "name to follow", "nc", "n/c", "inconnue", "nom à venir"}


def says_not_yet(text: str, known: frozenset[str] = NOT_YET) -> bool:
    """Whether `text` only says it is not known yet ("TBD", « À confirmer », "(tbc)", "??")."""
    said = " ".join(text.casefold().split()).strip(" .()[]")
    return not said or said in known or said.strip("?") == ""


def placeholder(name: str) -> bool:
    """Whether `name` only says the interviewer is not named yet ("TBC", « À confirmer », "?"): never a person's name
    ("Tabitha", "Na")."""
    return says_not_yet(name, _NOT_YET_NAMES)


def unnamed(name: str) -> bool:
    """Whether `name` says the interviewer is not named yet: a `placeholder`, or a post with one ("Hiring Manager
    (TBC)", "Engineer - TBD": `unnamed_post`)."""
    return placeholder(name) or unnamed_post(name) is not None


def unnamed_post(name: str) -> str | None:
    """The post of an interviewer typed as a post not named yet: "Hiring Manager" for "Hiring Manager (TBC)" or
    "Hiring Manager - TBC", « Développeur senior » for « Développeur senior (à confirmer) »; else None."""
    for cut in ("(", " - ", " – ", ": "):
        post, _, rest = name.partition(cut)
        if rest and says_not_yet(rest, _NOT_YET_NAMES) and names_a_role(post.strip()):
            return post.strip()
    *words, last = name.split() or [""]
    if words and says_not_yet(last, _NOT_YET_NAMES) and names_a_role(" ".join(words)):  # "Engineer TBC"
        return " ".join(words)
    return None
