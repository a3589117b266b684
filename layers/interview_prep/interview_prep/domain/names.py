"""People's names as the emails say them. A name typed in capitals or in lower case is written as a letter writes it
("Marie DUPONT" and "DUPONT Marie" → "Marie Dupont", "Jean-Luc LE GALL" → "Jean-Luc Le Gall", "sarah mcallister" →
"Sarah McAllister", "JOHN SMITH" → "John Smith"), and someone listed before anyone named them ("TBC", « À confirmer »,
"Hiring Manager (TBC)") is said by a post — the one typed with the placeholder, else their job title, else their
relationship's ("Hiring Manager", « Responsable du poste ») — as a post typed for a name is said (`domain.posts`),
never as a name ("Dear TBC,", "Look TBC up"); the drafts leave that name for the candidate to write. The stored
interview keeps what was typed; pages that show the record show it so."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from interview_prep.domain import posts
from interview_prep.domain.language import titles_before

if TYPE_CHECKING:
    from interview_prep.domain.models import Interview, Interviewer

# Words that open a family name and keep their small letter inside a name ("Ludwig van Beethoven", "Charles de
# Gaulle", "Valéry Giscard d'Estaing"); « Le Gall », « La Fontaine », "El Amrani" take a capital.
_SMALL_PARTICLES = frozenset("de du des van von der den ter ten zu di da dos das del della y bin ibn".split())
_GENERATIONS = frozenset("ii iii iv jr jr. sr sr. jnr snr".split())
# Letters written after a name without a comma, never a family name: "Karen Walsh MRCP", "Anna Ruiz MBA".
_LETTERS_AFTER = frozenset(
    "mba md rn cpa cfa acca cipd mcipd fcipd mrcp frcp frcs frcpc obe mbe cbe kbe dbe frsa pmp phd dphil msc bsc"
    " esq qc kc mp rgn rmn sphr cphr".split()
)


def _initials(word: str) -> bool:
    """Initials written with their stops: "A.J.", "m."."""
    return word.endswith(".") and all(len(part) == 1 and part.isalpha() for part in word[:-1].split("."))


def _letters(word: str) -> int:
    return sum(c.isalpha() for c in word)


def _capitals(word: str) -> bool:
    """A word written in capitals: two letters or more, none small ("DUPONT", "LE"; not "J.", "McAllister")."""
    return _letters(word) >= 2 and word.isupper()


def _written_word(word: str, *, first: bool) -> str:
    """One word of a name as a letter writes it: "Dupont", "Dupont-Aignan", "O'Neill", "McAllister", "d'Estaing"
    (a small particle inside the name), "Le"."""
    folded = word.casefold()
    if _initials(word):
        return word.upper()
    if not first and folded in _LETTERS_AFTER:
        return word
    if folded in _GENERATIONS:
        return word.upper() if folded in ("ii", "iii", "iv") else folded.capitalize()
    if not first and folded in _SMALL_PARTICLES:
        return folded
    parts = []
    for n, part in enumerate(folded.split("-")):
        head, mark, tail = part.partition("'") if "'" in part else part.partition("’")
        if mark and len(head) == 1:  # "o'neill", "d'estaing"
            small = head == "d" and not (first and n == 0)
            parts.append((head if small else head.upper()) + mark + tail[:1].upper() + tail[1:])
        elif part.startswith("mc") and len(part) > 3:
            parts.append("Mc" + part[2:].capitalize())
        else:
            parts.append(part[:1].upper() + part[1:])
    return "-".join(parts)


def untitled(name: str) -> str:
    """`name` without the courtesy titles it opens with, when a given and a family name remain: how the emails greet
    the candidate ("Dr Lena Fischer" is greeted "Hi Lena Fischer,"; "Dr Fischer" stays whole)."""
    words = name.split()
    titles = titles_before(words, names=2)
    return " ".join(words[titles:]) if titles else name


def written(name: str) -> str:
    """`name` as a letter writes it: a family name in capitals in the small letters of a name, put after the given
    name when typed first (« DUPONT Marie »); a name typed all in capitals or all in lower case with a capital to
    each word; any other name as typed ("AJ Smith", "danah Boyd", "Karen Walsh, RN"). What follows a comma (letters
    after the name) stays as typed."""
    if posts.names_no_one(name):  # "HR ADVISOR", "CEO", "Student panel": as typed
        return name
    main, comma, after = name.partition(",")
    words = main.split()
    titles = titles_before(words, names=1)
    own = words[titles:]
    if not own or not any(_letters(word) for word in own):
        return name
    if any(posts.job_word(word) for word in own if not _capitals(word)) or (
        all(_capitals(word) for word in own) and any(posts.job_word(word) for word in own)
    ):  # "IBM Recruiter", "NHS PANEL": a post or a group, whatever the case
        return name
    if all(word == word.casefold() for word in words):  # "sarah mcallister", "dr sarah lee"
        said = [_written_word(word, first=n == 0) for n, word in enumerate(words)]
    elif all(_capitals(word) or not _letters(word) for word in own):  # "JOHN SMITH", "Dr JOHN SMITH"
        said = [*_titles(words[:titles]), *(_written_word(word, first=n == 0) for n, word in enumerate(own))]
    else:
        capitals = [
            n
            for n, word in enumerate(own)
            if _capitals(word) and word.casefold() not in _GENERATIONS | _LETTERS_AFTER and not _initials(word)
        ]
        run = capitals == list(range(capitals[0], capitals[-1] + 1)) if capitals else False
        if not run or sum(_letters(own[n]) for n in capitals) < 3:  # "AJ Smith": initials, not a family name
            return name
        family = [_written_word(own[n], first=False) for n in capitals]  # « de Gaulle », « Le Gall »
        rest = [word for n, word in enumerate(own) if n not in capitals]
        # « DUPONT Marie »: the family name typed first goes after the given name
        first = capitals[0] == 0 and rest
        own = [*rest, *family] if first else [*own[: capitals[0]], *family, *own[capitals[-1] + 1 :]]
        said = [*words[:titles], *own]
    return " ".join(said) + comma + after


def _titles(words: list[str]) -> list[str]:
    return [word.capitalize() if word.isupper() and len(word) > 1 else word for word in words]


# The post a person not named yet is said by when nothing typed names one: each is a post to `posts.names_a_role`.
_BY_RELATIONSHIP = {
    "en": {
        "hiring_manager": "Hiring Manager",
        "recruiter": "Recruiter",
        "hr": "HR Representative",
        "team_member": "Team Member",
        "executive": "Senior Leader",
        "other": "Interviewer",
    },
    "fr": {
        "hiring_manager": "Responsable du poste",
        "recruiter": "Chargé de recrutement",
        "hr": "Responsable RH",
        "team_member": "Membre de l’équipe",
        "executive": "Membre de la direction",
        "other": "Interlocuteur",
    },
}


def stand_in(person: Interviewer, *, french: bool) -> str | None:
    """The post `person` is said by when their name is not given yet ("Hiring Manager" for "Hiring Manager (TBC)",
    "Senior Data Engineer" for "TBC" with that title, "Interviewer" for "TBC" alone); None for a person named."""
    if post := posts.unnamed_post(person.name):
        return post
    if not posts.placeholder(person.name):
        return None
    if person.title and posts.names_a_role(person.title) and not posts.names_a_group(person.title):
        return person.title
    return _BY_RELATIONSHIP["fr" if french else "en"][person.relationship]


def as_said(interview: Interview) -> tuple[Interview, frozenset[str]]:
    """`interview` as its emails say it: each person's name as a letter writes it (`written`), and someone not named
    yet by their post (`stand_in`; numbered when two share one: "Team Member 1", "Team Member 2"; their title
    dropped when it became the name), with the notes about each under the name said. Also the names said for the
    people not named yet. The same interview when nothing changes."""
    french = interview.locale.french
    said_posts = [stand_in(person, french=french) for person in interview.interviewers]
    names = [post or written(person.name) for person, post in zip(interview.interviewers, said_posts, strict=True)]
    if names == [person.name for person in interview.interviewers]:
        return interview, frozenset()
    shared = Counter(post for post in said_posts if post)
    seen: Counter[str] = Counter()
    people: list[Interviewer] = []
    renamed: dict[str, str] = {}
    for person, post, name in zip(interview.interviewers, said_posts, names, strict=True):
        title = person.title
        if post:
            seen[post] += 1
            name = f"{post} {seen[post]}" if shared[post] > 1 else post
            title = None if title and title.casefold() == post.casefold() else title
        renamed.setdefault(person.name.casefold(), name)
        people.append(person if name == person.name else person.model_copy(update={"name": name, "title": title}))
    update: dict[str, object] = {"interviewers": people}
    if interview.notes is not None:
        entries = [
            entry.model_copy(update={"name": renamed[entry.name.casefold()]})
            if entry.name.casefold() in renamed
            else entry
            for entry in interview.notes.interviewers
        ]
        update["notes"] = interview.notes.model_copy(update={"interviewers": entries})
    unnamed = frozenset(person.name for person, post in zip(people, said_posts, strict=True) if post)
    return interview.model_copy(update=update), unnamed
