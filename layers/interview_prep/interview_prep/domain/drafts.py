"""Thank-you drafts: one short note per interviewer that the candidate can send with light edits.

`build_drafts` is pure and deterministic: the same interview (and notes) always gives the same drafts. Each
draft is assembled from a set of phrasings per part (thanks, a topic discussed, answers to questions raised,
what was promised, interest, an offer of more information, sign-off); the phrasing for a part is chosen from a
hash of the interview id and the person's position, so the people on one panel never receive copies of one text.

A note is never pasted into a sentence addressed to the interviewer as it was typed: a topic is used as a topic
("our conversation about …"), a promise as "As promised, [attach or paste …]", and a question they raised only
together with the candidate's answer. Everything else the candidate noted (doubts, questions without an answer,
their own follow-ups, a topic written as a sentence or about them as "they") stays in the email *to the candidate*,
as reminders (`reminders`). Drafts are plain text: the candidate pastes them into their own mail client.

`render_thank_you` wraps all drafts in one email to the candidate, and says which drafts are still general.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from interview_prep.domain import drafts_fr, employer, i18n, language, posts, reported
from interview_prep.domain.facts import is_link
from interview_prep.domain.facts import meal_name as _meal_at
from interview_prep.domain.i18n import gettext_for, ngettext_for
from interview_prep.domain.mail import Links, RenderedEmail
from interview_prep.domain.names import as_said
from interview_prep.domain.templating import render

if TYPE_CHECKING:
    from interview_prep.domain.i18n import Locale
    from interview_prep.domain.models import Interview, Interviewer, InterviewerNotes, TeamNotes

WORD_LIMIT = 150  # a draft's body, signature included; optional sentences are left out to stay within it
SEND_WITHIN_HOURS = 24
# How every gap left for the candidate to complete starts (in English and in French).
GAP_MARKS = ("[Add ", "[add ", "[attach or paste", "[joindre ou coller", "[their name]", "[prénom et nom]")

# How much user text a draft carries (characters): long notes are shortened at a word boundary with "…".
TOPIC_CHARS = 70
PROMISE_CHARS = 90
QUESTION_CHARS = 120
ANSWER_CHARS = 400
ROLE_CHARS = 80
COMPANY_CHARS = 60
MAX_TOPICS = 2
MAX_ANSWERS = 2
MAX_PROMISES = 3
TOPIC_MAX_WORDS = 20
# A topic that reads as a sentence about the candidate, not a subject of conversation, stays a reminder.
_SENTENCE_START = re.compile(
    r"^(?:(i|i'm|i've|we|he|she|they|you|our|need|send|must|should|remember"
    # French: « nous avons parlé de… », « j’ai montré… », « on a vu… », « envoyer le deck » (not "on-call")
    r"|je|nous|il|elle|vous|notre|nos|envoyer|relancer|penser|faut|dois|doit)\b|j['’]|on\s+(?:a|avait|en|s['’]))",
    re.I,
)
# A topic about the candidate ("my notice period", « mon préavis »): a note of theirs, not a subject to thank for.
_ABOUT_YOU = re.compile(r"^(my|mon|ma|mes)\b", re.I)
# A topic that speaks of the interviewer's side in the third person ("how they deploy models", « leur façon de
# recruter ») cannot be named in a note addressed to them: it stays a reminder too.
_ABOUT_THEM = re.compile(r"\b(they|them|their|theirs|he|him|his|she|her|hers|ils|elles|eux|leurs?)\b", re.I)
# A topic in one person's notes that opens with "his", "her" (« son », « sa », « ses ») speaks of that person's own
# thing: said to them, it is theirs ("his plans for the platform" → "your plans for the platform").
# A link noted as a topic ("https://…/annual-report"): no subject to name. A topic in capitals with a small word of
# a sentence in it ("THE TOKYO EXPANSION"; not "GDPR", "AWS SOC 2"): it would shout in the note, and its case cannot
# be guessed back ("Tokyo").
_LINK = re.compile(r"\b(?:https?://|www\.)\S", re.I)
_SMALL_WORDS = frozenset(
    "THE A AN OF AND FOR TO IN ON WITH OUR MY YOUR LE LA LES DE DES DU ET SUR POUR NOTRE VOTRE".split()
)
_OPENS_WITH_THEIRS = re.compile(r"^(?:(?P<your>his|her)|(?P<votre>son|sa)|(?P<vos>ses))\s+", re.I)


@dataclasses.dataclass(frozen=True)
class Draft:
    """One thank-you note: who it is for (None for the general note to the hiring team), subject and body."""

    interviewer: str | None
    subject: str
    body: str

    def as_dict(self) -> dict[str, str | None]:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class Reminder:
    """Something the candidate noted that stays with them: who it is about (None: nobody), what, and why."""

    about: str | None
    kind: str  # "concern", "unanswered", "follow_up", "not_a_topic", "third_person", "about_you", "link", "capitals"
    text: str

    @property
    def stop(self) -> str:
        """The full stop after the note where a sentence quotes it: none when the note ends one itself ("…family?")."""
        return "" if self.text[-1:] in "?!.…" else "."


# --- the template set ---------------------------------------------------------------------------------------
# Placeholders: {meeting} "meeting with me", {topics}, {role}, {company}, {round} "second".

SUBJECTS = (
    "Thank you for your time — {role} interview",
    "Following up on my {role} interview",
    "Thank you from {candidate} — {role} at {company}",
    "Thanks for talking with me about the {role} role",  # not "meeting" after a phone call
    "With thanks — my interview for the {role} position",
    "Thank you — {role} position at {company}",
)

THANKS_WITH_TOPICS = (
    "Thank you for {meeting}. I especially enjoyed our conversation about {topics}.",
    "Many thanks for your time and for {meeting}. Talking with you about {topics} was a highlight for me.",
    "I appreciated you {meeting}, and in particular the chance to discuss {topics}.",
    "Thank you for your time in this {round} round. I am still thinking about our exchange on {topics}.",
    "Thank you for {meeting}; our talk about {topics} is what I valued most.",
)

# Never the role: the sentence of interest that follows names it.
THANKS_WITHOUT_TOPICS = (
    "Thank you for {meeting}; I am grateful for your time.",
    "Many thanks for your time and for {meeting}.",
    "I appreciated you {meeting} in this {round} round.",
    "Thank you for {meeting} and for the time you gave to my application.",
    "Thank you very much for {meeting} as part of the {round} round.",
)

# A meal is thanked for, whatever else the note says, and never said to have been pleasant or relaxed (only the
# candidate knows how it went): {meal} is "lunch", "dinner", "breakfast", "the coffee" or
# "the meal".
MEAL = (  # as many as a panel has people (up to four), so no two of them read the same line
    "Thank you also for {meal}.",
    "And thank you for {meal}.",
    "Thank you as well for {meal}.",
    "And many thanks for {meal}.",
)

# About the person, from their relationship to the job (never their title, whose grammar we cannot know).
PERSPECTIVE = (
    "Hearing your perspective {as_label} was especially useful.",
    "Getting your point of view {as_label} was very valuable.",
    "Your view {as_label} gave me a clearer picture of the work.",
    "It was good to hear how you see things {as_label}.",
)

PRESENTATION = (
    "I also appreciated the chance to present my work.",
    "Thank you, too, for the opportunity to present my work.",
)
TOUR = (  # thanked for, never said to have been enjoyed (only the candidate knows)
    "Thank you also for showing me where the team works.",
    "Thank you, too, for the tour of the workplace.",
)
# A meal, a presentation or a tour, when there are two or three of them: one sentence thanks for them all
# ("Thank you also for lunch, for letting me present my work and for showing me where the team works."), never one
# "Thank you also…" after another.
THANKS_ALSO = "Thank you also {things}."
THANKS_FOR = "for {thing}"
PRESENTATION_THING = "letting me present my work"
TOUR_THING = "showing me where the team works"

# A question they raised, with the candidate's answer: "You asked about my SQL experience." + the answer.
ANSWER = ("You asked {question}. {answer}",)
ANSWER_QUOTED = ("You asked: “{question}” {answer}",)

PROMISE = "As promised, {promises}."  # one sentence for all: "As promised, [attach or paste: …] and [attach …]."
PROMISE_ITEM = "[attach or paste: {promise}]"
PROMISE_LINK = "here is the link: {url}"  # a link noted as the promise: nothing left to attach

INTEREST = (
    "Everything I heard confirmed my interest in the {role} role at {company}.",
    "I came away even more enthusiastic about the {role} position at {company}.",
    "I remain very interested in joining {company} in the {role} role.",
    "The {role} role at {company} is the kind of opportunity I am looking for.",
    "I am more motivated than ever to take on the {role} role at {company}.",
)
INTEREST_INTERNAL = (
    "Everything I heard confirmed my interest in moving to the {role} role.",
    "I came away even more enthusiastic about taking on the {role} role.",
    "I remain very interested in the {role} role and in what I could bring to it.",
)

# One more line of warmth, by who the person is to the future job.
RELATION = {
    "team_member": ("I can see myself working well alongside you.", "It would be a pleasure to be your colleague."),
    "hiring_manager": (
        "I would very much like to work with you and your team.",
        "Being part of your team would mean a great deal to me.",
    ),
    # Not the employer's name again: the sentence of interest before it names it.
    "executive": (
        "I would be proud to contribute to what you are building.",
        "I would be keen to play a part in your plans for the years ahead.",
    ),
}
# A line that speaks of years together: not for a job that ends after a set time (`titles.temporary`).
LASTING = (RELATION["executive"][1],)

OFFER = (
    "If further information would help, such as references or work samples, I would be happy to send it.",
    "Please let me know if there is anything else I can provide to help with the decision.",
    "Should you need anything further from me, I would be glad to provide it.",
    "I am happy to share any additional information you may need.",
    "If any questions come up as you review my application, please ask; I will gladly answer them.",
    "Do tell me if you would like more detail on my experience.",
)
# Not asked for references or work samples: a colleague moving within the employer, a trustee, a volunteer.
OFFER_INTERNAL = OFFER[1:]

# Word families a draft says once ("Thank you for your time… Thank you again for your time.", "…interested in
# joining Stripe… I would be glad to join your team."): a part picked after the thanks skips a phrasing that would
# say one of them again (`_Chooser.avoiding`).
ONCE = language.word_families(
    r"time\b",
    "glad",
    "join",
    r"chance\b",
    "opportunit",
    r"again\b",
    "speak",
    "enjoy",
    "appreciat",
    "help",
    r"useful\b",
    r"many thanks\b",
    # Thanks said again: after "Thank you also for lunch." no "Thank you once more." nor "Many thanks,", and after the
    # one, not the other.
    r"(?:once more|thank you also|thank you as well|thank you, too|and (?:many thanks|thank you)|many thanks,)",
    r"conversation\b",
    r"valued\b",
    r"please\b",  # "…please ask; I will gladly answer them. Please keep me posted…"
)

CLOSING = (
    "I look forward to hearing from you.",
    "I look forward to the next steps.",
    "Thank you once more.",
    "I hope to hear from you soon.",
    "Please keep me posted on the next steps.",
)

SIGN_OFF_FORMAL = ("Kind regards,", "Best regards,", "Sincerely,", "With best wishes,")
SIGN_OFF_WARM = ("Best,", "Many thanks,", "All the best,", "Warm regards,")

GREETING_FORMAL = "Dear {name},"
GREETING_GROUP = "Dear {name},"  # "Dear Hiring Committee,", as letters write it
GREETING_WARM = ("Hi {name},", "Hello {name},")
GREETING_TEAM = "Dear {company} hiring team,"
GREETING_TEAM_UNNAMED = "Dear hiring team,"  # the employer not named yet ("Confidential client")
NAME_TO_WRITE = "[their name]"  # someone typed as "TBC": the candidate knows the name by now
UNDISCLOSED_CLIENT = "your client"  # the employer not named yet, to the recruiter who knows it
UNDISCLOSED_OWN = "your organisation"  # the employer not named yet, to someone who works there

# A recorded interview (answers filmed with no one live): thanks for the chance, the questions as its topics.
THANKS_RECORDED = (
    "Thank you for the chance to answer your questions on video.",
    "Thank you for inviting me to record a video interview.",
)
THANKS_RECORDED_TOPICS = "I particularly enjoyed the questions on {topics}."
# An online test taken alone (HackerRank, Codility, SHL…): a short note that it is done, never thanks for a meeting,
# and subjects of its own.
THANKS_ONLINE_TEST = (
    "Thank you for inviting me to take your online test: I have now completed it.",
    "I have now completed the online test, and I wanted to thank you for the invitation.",
)
THANKS_ONLINE_TEST_TOPICS = "Its questions on {topics} were a good way to show what I can do."
SUBJECTS_ONLINE_TEST = ("Online test completed — {role}", "My online test for the {role} role")
# What a recorded interview cannot have given, by place in the lists (the same in French): "Thanks for talking with me
# about…" (« Notre échange sur… ») among the subjects, "Everything I heard…" among the lines of interest.
CONVERSED_SUBJECT = 3
HEARD_INTEREST = 0

# To a school's pupils (`person:pupils`): a short note in plain words, for the school to pass on. No offer of
# references, no "the decision", no perspective "as the hiring manager"; the school named as theirs.
PUPILS_SUBJECT = "A thank-you note for {name}"
PUPILS_GREETING = "Dear {name},"  # "Dear Pupil panel,": the school passes it on
PUPILS_THANKS = (
    "Thank you for interviewing me. You asked very good questions, and it was a pleasure to answer them.",
    "Thank you for all your questions: it was a pleasure to answer them.",
)
PUPILS_TOPICS = (
    "I especially enjoyed talking with you about {topics}.",
    "My favourite part was talking with you about {topics}.",
)
PUPILS_TOLD = (
    "I enjoyed telling you about {mine}.",
    "It was fun to tell you about {mine}, too.",
)  # without, with topics
PUPILS_INTEREST = "I would love to work at your school."
PUPILS_INTEREST_INTERNAL = "I would love to do this new job at our school."  # a school's own staff: their school too
PUPILS_SIGN_OFF = "Best wishes,"

AS_LABEL = {
    "hr": "from the HR side",
    "recruiter": "as the recruiter",
    "hiring_manager": "as the hiring manager",
    "team_member": "as someone on the team",
    "executive": "from the leadership side",
}

MEETING = {False: "meeting with me", True: "speaking with me again"}
MEETING_BY_FORMAT = {"phone": {False: "speaking with me", True: "speaking with me again"}}  # not "meeting" by phone
FORMAT_PLACE = {"video": " on our video call", "phone": " on the phone", "meal": "", "in_person": ""}
MEALS = {
    "breakfast": "breakfast",
    "lunch": "lunch",
    "dinner": "dinner",
    "the coffee": "the coffee",
    "the meal": "the meal",
}


class _Words:
    """The phrasings a draft is written with: this module's English, or `drafts_fr` (with Québec's own words, and the
    meals' names of Québec, Belgium and Switzerland)."""

    def __init__(self, locale: Locale) -> None:
        import sys

        self.locale = locale
        self._source: Any = drafts_fr if locale.french else sys.modules[__name__]
        self._regional: dict[str, Any] = {
            **(drafts_fr.QUEBEC if locale.quebec else {}),
            **({"MEALS": drafts_fr.MEALS_NOON_DINNER} if locale.noon_dinner else {}),
        }

    def __getattr__(self, name: str) -> Any:
        return self._regional.get(name) or getattr(self._source, name)


# --- text helpers -------------------------------------------------------------------------------------------


def clip(text: str, limit: int) -> str:
    """`text` on one line, at most `limit` characters: cut at a word boundary and ended with "…" when longer."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def _phrase(text: str, limit: int) -> str:
    """A note used inside a sentence: clipped, without closing punctuation, nor the emoji or symbols a note may open
    or close with ("🚀 growth plans" is "growth plans": a letter is not a chat)."""
    return _without_symbols(clip(text, limit)).rstrip(" .;:,")


def _without_symbols(text: str) -> str:
    import unicodedata

    def symbol(char: str) -> bool:  # an emoji, a dingbat, their joiners and variation selectors
        return unicodedata.category(char) in ("So", "Sk", "Cf") or "\ufe00" <= char <= "\ufe0f" or char.isspace()

    start, end = 0, len(text)
    while start < end and symbol(text[start]):
        start += 1
    while end > start and symbol(text[end - 1]):
        end -= 1
    return text[start:end] or text


# Words that end a French noun phrase: an article or a preposition (« la migration vers la 5G de Sophie »).
_FRENCH_NOT_IN_A_NOUN = frozenset("le la les l un une du des au aux vers sur pour avec dans en à par chez et".split())


def _to_them(topic: str, person: Interviewer | None, notes: TeamNotes | None, *, french: bool) -> str:
    """A topic as said to the person it names (by the first name, the whole name, the name as greeted or the given
    name set, in any case): "Raj's side project in Rust" in the draft to Raj Kumar is "your side project in Rust";
    « le projet de Raj en Rust » is « votre projet en Rust », « les questions de Ben » « vos questions »."""
    if person is None:
        return topic
    topic = _as_theirs(topic)
    given = getattr(notes, "given_name", None) or ""
    names = {person.name, language.addressed(person.name), given, language.first_name(person.name)}
    said = "|".join(re.escape(name) for name in sorted(names - {""}, key=len, reverse=True))
    if not said:
        return topic
    if french:  # opening the topic, an article and a noun of up to three words, then « de » the person
        found = re.match(rf"(les |le |la |l['’])((?:[\w-]+ ){{0,2}}[\w-]+) d(?:e |['’])(?:{said})(?!\w)", topic, re.I)
        if found is None or any(word.casefold() in _FRENCH_NOT_IN_A_NOUN for word in found[2].split()):
            return topic  # « la migration vers la 5G de Sophie »: whose 5G is not ours to say
        mine = "vos " if found[1].casefold() == "les " else "votre "
        return mine + found[2] + topic[found.end() :]
    return re.sub(rf"(?<!\w)(?:{said})['’]s?(?!\w)", "your", topic, flags=re.IGNORECASE)


def _sentence(text: str, limit: int) -> str:
    """Text used as a sentence of its own: clipped, starting with a capital, ending with punctuation."""
    text = language.capitalise(_phrase(text, limit))
    return text if text.endswith(("?", "!", "…")) else text + "."


def _words(text: str) -> int:
    return len(text.split())


def greeting_name(person: Interviewer, notes: TeamNotes | None, *, french: bool = False) -> str:
    """The name a note greets someone by: the given name the candidate set, as set; else the name as a sentence says
    it (`language.addressed`: "Dear Mr Okafor", never "Dear Mr Paul Okafor"), its title written out in French
    (`language.french_salutation`: « Bonjour Madame Dunn »)."""
    # Only an interviewer's notes hold a given name (`InterviewerNotes`); the hiring team's have none.
    given: str | None = getattr(notes, "given_name", None)
    if given:
        return given
    said = language.addressed(person.name)
    return language.french_salutation(said) if french else said


def _as_theirs(topic: str) -> str:
    """A topic in one person's notes said to them: an opening "his", "her" (« son », « sa », « ses ») is "your"
    (« votre », « vos »)."""
    found = _OPENS_WITH_THEIRS.match(topic)
    if found is None:
        return topic
    return next(word for word, matched in found.groupdict().items() if matched) + " " + topic[found.end() :]


def topic_problem(topic: str, *, addressed: bool = False) -> str | None:
    """Why a noted topic cannot be named in a draft ("our conversation about …"), as a `Reminder.kind`, or None:
    `not_a_topic` for a sentence or a to-do rather than a short phrase, `third_person` for a phrase that speaks of
    the interviewer's side as "they" (or as "his", "her" past its first word; a topic `addressed` to one person may
    open with it: `_as_theirs`), `about_you` for a phrase about the candidate ("my notice period"), `link` for a link
    and `capitals` for a phrase in capitals ("THE TOKYO EXPANSION")."""
    text = " ".join(topic.split())
    if addressed:
        text = _as_theirs(text)
    if _LINK.search(text):
        return "link"
    if text.isupper() and any(word in _SMALL_WORDS for word in re.findall(r"\w+", text)):
        return "capitals"
    if not any(char.isalnum() for char in text) or len(text.split()) > TOPIC_MAX_WORDS:  # "🚀", "--"
        return "not_a_topic"
    if text.endswith((".", "!", "?")) or _SENTENCE_START.match(text):
        return "not_a_topic"
    if _ABOUT_YOU.match(text):
        return "about_you"
    return "third_person" if _ABOUT_THEM.search(text) else None


def _topic_problem_for(topic: str, notes: TeamNotes | None, school: bool = False) -> str | None:
    """`topic_problem` for a topic in `notes`; a topic about the candidate noted for a school's pupils ("my favourite
    book") is what they asked about, told back to them ("I enjoyed telling you about my favourite book"): `told`. At
    a `school` (`posts.is_school`), a "Student panel" is its pupils."""
    name = getattr(notes, "name", None)  # one person's notes, not the hiring team's
    kind = topic_problem(topic, addressed=name is not None)
    pupils = name is not None and posts.names_pupils(name, school=school)
    return "told" if kind == "about_you" and pupils else kind


def usable_topic(topic: str, *, addressed: bool = False) -> bool:
    """A topic the draft can name ("our conversation about …"): a short phrase about the subject itself."""
    return topic_problem(topic, addressed=addressed) is None


def meal_name(interview: Interview) -> str:
    """What the meal was, from its local start time and length (`facts.meal_name`, as the digest reads it)."""
    return _meal_at(interview.starts_at_local, interview.duration_minutes)


def _seed(interview_id: str, part: str) -> int:
    digest = hashlib.sha256(f"{interview_id}|{part}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


class _Chooser:
    """Stable choice of a phrasing per part: hashed from the interview id, shifted by position in the panel.

    Consecutive positions take consecutive phrasings, so on a panel no two people share a phrasing for a part
    with at least as many phrasings as there are people. `used` is shared by the drafts of one panel: a phrasing
    picked for someone is not given to anyone else when another is free.
    """

    def __init__(self, interview_id: str, position: int, panel: int = 1, used: set[str] | None = None) -> None:
        self._id = interview_id
        self._position = position
        self._panel = panel
        self._used = used if used is not None else set()

    def __call__(self, part: str, options: Sequence[str]) -> str:
        return options[(_seed(self._id, part) + self._position) % len(options)]

    def _fresh(
        self, part: str, options: Sequence[str], said: Sequence[str], once: Sequence[re.Pattern[str]]
    ) -> tuple[str, list[str]]:
        """The phrasing `__call__` picks, and the phrasings that say no word of `once` already `said`: that one first,
        then those no one else on the panel is given by `__call__`."""
        seed = _seed(self._id, part)
        start = (seed + self._position) % len(options)
        heard = [word for word in once if any(word.search(text) for text in said)]
        taken = {(seed + position) % len(options) for position in range(self._panel)}
        others = sorted(((start + step) % len(options) for step in range(1, len(options))), key=lambda i: i in taken)
        return options[start], [options[i] for i in (start, *others) if not any(w.search(options[i]) for w in heard)]

    def unused(
        self, part: str, options: Sequence[str], said: Sequence[str], once: Sequence[re.Pattern[str]]
    ) -> str | None:
        """The first of `_fresh` that no earlier draft of the panel was given, or None: an optional part is left out
        rather than repeat someone else's line."""
        chosen = next(
            (option for option in self._fresh(part, options, said, once)[1] if option not in self._used), None
        )
        if chosen is not None:
            self._used.add(chosen)
        return chosen

    def avoiding(self, part: str, options: Sequence[str], said: Sequence[str], once: Sequence[re.Pattern[str]]) -> str:
        """`unused`, so a skipped phrasing does not make two people's drafts alike; with none left, the first that
        says no word again, else the phrasing `__call__` picks."""
        if (chosen := self.unused(part, options, said, once)) is not None:
            return chosen
        first, fresh = self._fresh(part, options, said, once)
        return fresh[0] if fresh else first


# --- assembling a draft -------------------------------------------------------------------------------------


@dataclasses.dataclass
class _Piece:
    paragraph: int  # 0 thanks, 1 answers, 2 promises, 3 interest, 4 offer
    text: str
    priority: int = 0  # 0 always kept; 1, 2, … added in that order while the body stays within WORD_LIMIT


def _assemble(greeting: str, pieces: list[_Piece], signature: str) -> str:
    def body(chosen: list[_Piece]) -> str:
        paragraphs: dict[int, list[str]] = {}
        for piece in chosen:
            paragraphs.setdefault(piece.paragraph, []).append(piece.text)
        blocks = [" ".join(paragraphs[key]) for key in sorted(paragraphs)]
        return "\n\n".join([greeting, *blocks, signature])

    kept = {id(p) for p in pieces if p.priority == 0}
    for piece in sorted((p for p in pieces if p.priority), key=lambda p: p.priority):
        attempt = [p for p in pieces if id(p) in kept or p is piece]
        if _words(body(attempt)) <= WORD_LIMIT:
            kept.add(id(piece))
    return body([p for p in pieces if id(p) in kept])


def _facts(interview: Interview, w: _Words, person: Interviewer | None) -> dict[str, str]:
    role = clip(interview.role_said, ROLE_CHARS)
    company = clip(interview.company_said, COMPANY_CHARS)  # « l’Université Laval » in French
    if employer.undisclosed(interview.company.name):  # "Confidential client": "joining your client in the … role"
        # to the recruiter, their client; to anyone else (the hiring manager, the team), their own organisation
        recruiter = person is not None and person.relationship == "recruiter"
        company = w.UNDISCLOSED_CLIENT if recruiter else w.UNDISCLOSED_OWN
    return {
        "role": role,
        "de_role": language.de(role),  # French only: « de Backend Engineer », « d’Analyste »
        "company": company,
        "de_company": language.de(company),  # French only: « d’Oakfield Primary School »
        "candidate": interview.candidate.signed_as,
        # French only: « de la part du Dr Mei Lin », « d’Ana Ortega »
        "de_candidate": language.french_contractions(
            language.de(language.in_french_sentence(interview.candidate.signed_as))
        ),
        "round": language.ordinal(interview.round),
    }


def _meeting(interview: Interview, met_before: bool, words: _Words) -> str:
    meeting = words.MEETING_BY_FORMAT.get(interview.format, words.MEETING)
    return str(meeting[met_before] + words.FORMAT_PLACE.get(interview.format, ""))


# A question noted in French in the interviewer's words ("comment vous partitionneriez…"): quoted as they said it,
# since reporting it would change the verb's person too.
_FRENCH_THEIR_WORDS = re.compile(r"\b(vous|votre|vos|nous|notre|nos)\b", re.IGNORECASE)
# A prompt noted in French ("Parlez-moi de…", "Décrivez une situation où…"): quoted as a sentence, not as a question.
_FRENCH_PROMPT = re.compile(r"(?!chez\b)[^\W\d_]+ez(?:-(?:moi|nous|en|le|la|les|y))*(?=[\s,:]|$)", re.IGNORECASE)
# An English question noted as asked but without its "?" ("are you open to relocation"): quoted, with its "?".
_INVERTED = re.compile(r"(are|were|is|was|do|did|can|could|would|will|have|had|should)\s+you\b", re.IGNORECASE)
# So is one asked in the past ("how did you handle the outage"): reported, "did" would have to move its tense to the
# verb after it ("how I handled"), which no rule can do for every verb.
_ASKED_IN_THE_PAST = re.compile(
    r"(?:how|why|what|when|where|which|who|whom)(?:\s+[\w’']+){0,3}?\s+did\s+you\b", re.IGNORECASE
)


# And one whose subject is not "you" ("what are your strengths", "why should we hire you", "how would your colleagues
# describe you"): reporting it would move the verb after a subject of any length ("what my strengths are").
_INVERTED_OTHER = re.compile(
    r"(?:how|why|what|when|where|which|who|whom)(?:\s+(?!you\b)[\w’']+){0,2}?\s+"
    r"(?:is|are|was|were|do|does|can|could|would|will|should|shall|have|has|had|may|might|must)\s+(?!you\b)[\w’']",
    re.IGNORECASE,
)


_QUOTED_AS_ASKED = (_INVERTED, _ASKED_IN_THE_PAST, _INVERTED_OTHER)


# A promise noted with its verb ("send portfolio link", "I'll send two references", "to send her my availability",
# « envoyer mon diplôme », « lui envoyer mes recommandations »): the gap to complete names the thing alone.
_PROMISE_VERB = re.compile(
    r"^(?:i(?:'ll|’ll| will)\s+|to\s+|(?:i\s+)?promised\s+to\s+)?(?:send|share|forward|e-?mail)\s+"
    r"(?:you\s+|them\s+|him\s+|her\s+|over\s+)*"
    r"|^(?:je\s+(?:vous\s+|lui\s+|leur\s+)?(?:envoie|enverrai|transmets|transmettrai|fais\s+suivre|ferai\s+suivre)\s+"
    r"|(?:(?:lui|leur|vous)\s+)?(?:envoyer|transmettre|partager|faire\s+suivre)\s+)",
    re.I,
)


def _promise_item(promise: str, w: _Words) -> str:
    """What was promised, as the draft says it: a gap naming the thing ("[attach or paste: portfolio link]" for "send
    portfolio link"), or a link noted alone given whole ("here is the link: https://…": a clipped one leads nowhere)."""
    said = _PROMISE_VERB.sub("", " ".join(promise.split()), count=1).rstrip(".,;")
    if is_link(said):
        return w.PROMISE_LINK.format(url=said)
    phrase = _phrase(promise, PROMISE_CHARS)
    return w.PROMISE_ITEM.format(promise=_PROMISE_VERB.sub("", phrase, count=1) or phrase)


def _answer_piece(pick: _Chooser, question: str, answer: str, words: _Words) -> str:
    """The question they raised and the candidate's answer: quoted when it was written as a question ("…?"), else
    reported ("You asked how I would partition the table": their "you" is the candidate's "I")."""
    answer = _sentence(answer, ANSWER_CHARS)
    asked = " ".join(question.split())
    french = words.locale.french
    prompt = french and not asked.endswith("?") and bool(_FRENCH_PROMPT.match(asked))
    if prompt:
        asked = _sentence(asked, QUESTION_CHARS - 1)  # « Parlez-moi de votre dernier projet. », as they said it
    elif french and not asked.endswith("?") and _FRENCH_THEIR_WORDS.search(asked):
        asked = language.capitalise(_phrase(asked, QUESTION_CHARS - 2)) + " ?"  # « Comment vous partitionneriez… ? »
    elif not french and not asked.endswith("?") and any(p.match(asked) for p in _QUOTED_AS_ASKED):
        asked = language.capitalise(_phrase(asked, QUESTION_CHARS - 1)) + "?"  # “Are you open to relocation?”
    if prompt or asked.endswith("?"):  # quoted as a question starts: “Why BNP?”, « Pourquoi BNP ? »
        question = language.capitalise(clip(asked, QUESTION_CHARS))
        return pick("answer_quoted", words.ANSWER_QUOTED).format(question=question, answer=answer)
    phrase = _phrase(asked, QUESTION_CHARS)
    return pick("answer", words.ANSWER).format(
        question=phrase if french else reported.reported_question(phrase), answer=answer
    )


# Small words a greeting leaves in small letters ("Dear Board of Trustees,").
_SMALL_IN_HEADINGS = frozenset("of the and for to in at on with a an".split())
# Words that say a name is French, which writes a group's name in small letters (« Jury de recrutement »).
_FRENCH_SMALL = frozenset("de des du d la le les l et au aux en".split())


def _headed(name: str) -> str:
    """A group or a post as an English letter's greeting writes it, each word capitalised: "Dear Assessment Panel,"
    for "Assessment panel", "Dear Hiring Manager," for "hiring manager"; words typed with a capital or in capitals
    ("HR", "iOS") and the small words ("of", "the") stay as typed, and so does a French name (« Jury de recrutement »,
    « Conseil des élèves »: a word of French, or a letter outside English's)."""
    words = name.replace("’", " ").replace("'", " ").split()
    if not name.isascii() or any(word.casefold() in _FRENCH_SMALL for word in words):
        return name
    return " ".join(
        word[:1].upper() + word[1:] if word.islower() and word.isalpha() and word not in _SMALL_IN_HEADINGS else word
        for word in name.split()
    )


def _said_topics(
    topics: Sequence[str], person: Interviewer | None, notes: TeamNotes | None, *, french: bool
) -> list[str]:
    """The noted topics as a draft names them: clipped, said to the person they are about (`_to_them`), each once,
    `MAX_TOPICS` at most."""
    said = (_to_them(_phrase(t, TOPIC_CHARS), person, notes, french=french) for t in topics)
    return list(dict.fromkeys(t for t in said if t))[:MAX_TOPICS]


def _answers_and_promises(notes: TeamNotes | None, pick: _Chooser, w: _Words) -> list[_Piece]:
    """The questions they raised with the candidate's answers, then one sentence for what was promised: kept while
    the draft stays within `WORD_LIMIT`, in that order."""
    pieces = []
    answered = [q for q in (notes.questions if notes else []) if q.answer][:MAX_ANSWERS]
    for rank, raised in enumerate(answered):
        pieces.append(_Piece(1, _answer_piece(pick, raised.question, str(raised.answer), w), priority=1 + rank))
    if items := [_promise_item(promise, w) for promise in (notes.promised if notes else [])[:MAX_PROMISES]]:
        pieces.append(_Piece(2, w.PROMISE.format(promises=i18n.join(items, w.locale)), priority=1))
    return pieces


def _finished(person: Interviewer | None, subject: str, body: str, w: _Words) -> Draft:
    """The draft to `person` (None: the hiring team) as sent: French contractions (« au CHU de Bordeaux », not « chez
    le CHU ») and spacing before : ; ? ! and inside « » (no-op in English)."""
    if w.locale.french:
        subject, body = language.french_contractions(subject), language.french_contractions(body)
    return Draft(
        interviewer=person.name if person else None,
        subject=i18n.typeset(subject, w.locale),
        body=i18n.typeset(body, w.locale),
    )


def _no_samples(interview: Interview) -> bool:
    """Whether the draft offers no references or work samples: a colleague moving within the employer, or a seat on a
    board or a role given time (`titles.given_time`)."""
    if interview.internal_candidate:
        return True
    from interview_prep.domain.titles import given_time  # here: most drafts never read the title

    return given_time(interview.role)


def _without(options: tuple[str, ...], index: int) -> tuple[str, ...]:
    """`options` without the phrasing at `index` (one a recorded interview cannot say)."""
    return options[:index] + options[index + 1 :]


def _pupils_draft(interview: Interview, person: Interviewer, notes: TeamNotes | None, pick: _Chooser) -> Draft:
    """The draft to a school's pupils (`posts.names_pupils`): thanks for their questions, what was talked about,
    what was promised or answered, and that the candidate would love to work at their school."""
    w = _Words(interview.locale)
    french = w.locale.french
    pieces = [_Piece(0, pick("pupils_thanks", w.PUPILS_THANKS))]
    kinds = {t: _topic_problem_for(t, notes, school=True) for t in (notes.topics if notes else [])}
    topics, mine = (
        _said_topics([t for t, kind in kinds.items() if kind == wanted], person, notes, french=french)
        for wanted in (None, "told")
    )
    if topics:
        said = i18n.join(topics, w.locale)
        pieces.append(_Piece(0, pick("pupils_topics", w.PUPILS_TOPICS).format(topics=said)))
    if mine:  # "my favourite book": what they asked the candidate about
        pieces.append(_Piece(0, w.PUPILS_TOLD[bool(topics)].format(mine=i18n.join(mine, w.locale))))
    pieces += _answers_and_promises(notes, pick, w)
    pieces.append(_Piece(3, w.PUPILS_INTEREST_INTERNAL if interview.internal_candidate else w.PUPILS_INTEREST))
    greeting = w.PUPILS_GREETING.format(name=_headed(person.name))
    body = _assemble(greeting, pieces, w.PUPILS_SIGN_OFF + "\n" + interview.candidate.signed_as).replace("….", "…")
    subject = clip(w.PUPILS_SUBJECT.format(name=language.in_sentence(person.name, french=french)), 120)
    return _finished(person, subject, body, w)


def _lead(people: Sequence[Interviewer]) -> int:
    """Who is thanked for the presentation or the tour on a panel: the (first) hiring manager, else the first."""
    return next((index for index, i in enumerate(people) if i.relationship == "hiring_manager"), 0)


def _draft(
    interview: Interview,
    person: Interviewer | None,
    position: int,
    notes: TeamNotes | None,
    lead: bool,
    used: set[str],
    unnamed: bool = False,
) -> Draft:
    """The draft to `person` (None: to the hiring team), from `notes` about the conversation with them; `used`
    holds the phrasings the panel's earlier drafts were given (`_Chooser`). A person `unnamed` when the interview
    was recorded ("TBC") is greeted by a name for the candidate to write: "Dear [their name],"."""
    pick = _Chooser(interview.id, position, max(1, len(interview.interviewers)), used)
    if person is not None and posts.names_pupils(
        person.name, school=interview.at_school
    ):  # children, as `person:pupils` reads it
        return _pupils_draft(interview, person, notes, pick)
    w = _Words(interview.locale)
    facts = _facts(interview, w, person)
    relationship = person.relationship if person else None
    group = person is not None and posts.names_a_group(person.name)  # as `person:group` reads it
    warm = relationship == "team_member"
    meeting = _meeting(interview, bool(person and person.met_before), w)

    if person is None and employer.undisclosed(interview.company.name):
        greeting = w.GREETING_TEAM_UNNAMED
    elif person is None:
        name = clip(interview.company.name, COMPANY_CHARS)
        if w.locale.french and facts["company"] != name:  # an institution: « à toute l’équipe du CHU de Bordeaux »
            name = facts["de_company"]
        greeting = w.GREETING_TEAM.format(company=language.team_company_name(name, french=w.locale.french))
    elif unnamed and not getattr(notes, "given_name", None):
        greeting = w.GREETING_FORMAL.format(name=w.NAME_TO_WRITE)
    elif warm and (given := getattr(notes, "given_name", None)):
        greeting = pick("greeting", w.GREETING_WARM).format(name=given)
    elif person is not None and posts.names_no_one(person.name) and not getattr(notes, "given_name", None):
        feminine = w.locale.french and posts.french_feminine(person.name)
        greeting = w.GREETING_POST_FEMININE if feminine else w.GREETING_GROUP.format(name=_headed(person.name))
    else:
        greeting = w.GREETING_FORMAL.format(name=greeting_name(person, notes, french=w.locale.french))

    pieces: list[_Piece] = []

    def afresh(part: str, options: Sequence[str]) -> str:  # a phrasing that says no word of `ONCE` said before
        return pick.avoiding(part, options, [piece.text for piece in pieces], w.ONCE)

    noted = [t for t in (notes.topics if notes else []) if usable_topic(t, addressed=person is not None)]
    topics = _said_topics(noted, person, notes, french=w.locale.french)
    # One part for the thanks with topics or without: the two lists open alike line by line ("Many thanks for your
    # time and for meeting with me." and the same with a topic after it), so on a panel where some drafts have
    # topics and others not, no two people are given the same opening.
    recorded = "recorded" in interview.includes  # a one-way video interview: no meeting, no talk, no one's view
    online = interview.online_test_only  # a test taken alone: a note that it is done
    if recorded:
        pieces.append(_Piece(0, pick("thanks", w.THANKS_RECORDED)))
        if topics:
            pieces.append(_Piece(0, w.THANKS_RECORDED_TOPICS.format(topics=i18n.join(topics, w.locale))))
    elif online:
        pieces.append(_Piece(0, pick("thanks", w.THANKS_ONLINE_TEST)))
        if topics:
            pieces.append(_Piece(0, w.THANKS_ONLINE_TEST_TOPICS.format(topics=i18n.join(topics, w.locale))))
    elif topics:
        thanks = pick("thanks", w.THANKS_WITH_TOPICS)
        pieces.append(_Piece(0, thanks.format(meeting=meeting, topics=i18n.join(topics, w.locale), **facts)))
    else:
        thanks = pick("thanks", w.THANKS_WITHOUT_TOPICS)
        pieces.append(_Piece(0, thanks.format(meeting=meeting, **facts)))
        # Not to a group entered under one name: "how you see things as the recruiter" to "Recruitment Team".
        if relationship in w.AS_LABEL and not group:
            pieces.append(_Piece(0, afresh("perspective", w.PERSPECTIVE).format(as_label=w.AS_LABEL[relationship])))
    extras: list[tuple[int, str, str]] = []  # what else is thanked for: (priority, its own sentence, as a thing)
    if interview.format == "meal":
        meal = w.MEALS[meal_name(interview)]
        extras.append((0, afresh("meal", w.MEAL).format(meal=meal), meal))
    if lead and "presentation" in interview.includes:
        extras.append((4, afresh("presentation", w.PRESENTATION), w.PRESENTATION_THING))
    if lead and "tour" in interview.includes:
        extras.append((5, afresh("tour", w.TOUR), w.TOUR_THING))
    if len(extras) == 1:
        pieces.append(_Piece(0, extras[0][1], priority=extras[0][0]))
    elif extras:
        things = i18n.join([w.THANKS_FOR.format(thing=thing) for _, _, thing in extras], w.locale)
        pieces.append(_Piece(0, w.THANKS_ALSO.format(things=things), priority=min(p for p, _, _ in extras)))

    pieces += _answers_and_promises(notes, pick, w)

    interest = w.INTEREST_INTERNAL if interview.internal_candidate else w.INTEREST
    if recorded or online:
        interest = _without(interest, HEARD_INTEREST)
    pieces.append(_Piece(3, afresh("interest", interest).format(**facts)))
    if person and relationship in w.RELATION:
        # Drawn by rank among the people of the same relationship, not by place on the panel: two senior leaders
        # of a panel once both read "I would be proud to contribute…". Someone who would repeat another's line goes
        # without this optional one.
        alike = sum(p.relationship == relationship for p in interview.interviewers)
        rank = sum(p.relationship == relationship for p in interview.interviewers[:position])
        said = [piece.text for piece in pieces]
        chooser = _Chooser(interview.id, rank, alike, used)
        options = w.RELATION[relationship]
        if relationship == "executive":
            from interview_prep.domain.titles import temporary  # here: most drafts never read the title

            if temporary(interview.role):  # an intern is not promised "the years ahead"
                options = tuple(line for line in options if line not in w.LASTING)
        if relation := chooser.unused("relation", options, said, w.ONCE):
            pieces.append(_Piece(3, relation.format(**facts), priority=6))

    pieces.append(_Piece(4, afresh("offer", w.OFFER_INTERNAL if _no_samples(interview) else w.OFFER)))
    if closing := pick.unused("closing", w.CLOSING, [piece.text for piece in pieces], w.ONCE):
        pieces.append(_Piece(4, closing, priority=20))

    signature = (
        afresh("sign_off", w.SIGN_OFF_WARM if warm else w.SIGN_OFF_FORMAL) + "\n" + interview.candidate.signed_as
    )
    # A clipped note ends with "…": no full stop after it.
    body = _assemble(greeting, pieces, signature).replace("….", "…")

    short_role = clip(interview.role_said, 60)
    subjects = w.SUBJECTS_ONLINE_TEST if online else _without(w.SUBJECTS, CONVERSED_SUBJECT) if recorded else w.SUBJECTS
    subject = clip(
        pick("subject", subjects).format(**{**facts, "role": short_role, "de_role": language.de(short_role)}), 120
    )
    return _finished(person, subject, body, w)


def build_drafts(interview: Interview) -> list[Draft]:
    """One draft per interviewer, in panel order; one general draft to the hiring team when none were named."""
    interview, unnamed = as_said(interview)  # "TBC" said as the post it stands for
    people = list(interview.interviewers)
    if not people:
        return [_draft(interview, None, 0, _team_notes(interview), lead=True, used=set())]
    lead = _lead(people)
    used: set[str] = set()
    return [
        _draft(
            interview,
            person,
            position,
            _notes_for(interview, person),
            lead=position == lead,
            used=used,
            unnamed=person.name in unnamed,
        )
        for position, person in enumerate(people)
    ]


def _notes_for(interview: Interview, person: Interviewer) -> InterviewerNotes | None:
    return interview.notes.for_interviewer(person.name) if interview.notes else None


def _team_notes(interview: Interview) -> TeamNotes | None:
    """The notes for the one draft to the hiring team: only when the interview names no one (see `put_notes`)."""
    return interview.notes.team if interview.notes and not interview.interviewers else None


def personal(notes: TeamNotes | None, school: bool = False) -> bool:
    """Whether a draft draws on the candidate's notes about that person (a topic, an answer or a promise)."""
    if notes is None:
        return False
    return (
        any(_topic_problem_for(t, notes, school) in (None, "told") for t in notes.topics)
        or any(q.answer for q in notes.questions)
        or bool(notes.promised)
    )


# Words too common to tie a doubt to a question ("my", "your", « mon », « votre »).
_COMMON = frozenset(
    "the and for with about how why what when who which our your you my mine are was were did does can could will would"
    " not any has have had that this there than then them they their its into from more most less very just some"
    " les des une mon ton son mes vos nos votre notre est sont pour avec dans sur pas que qui quoi comment pourquoi"
    " été être avoir vous nous".split()
)


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]{3,}", text.casefold()) if w not in _COMMON}


def reminders(interview: Interview) -> list[Reminder]:
    """What the candidate noted that the drafts do not say: for them to act on, never sent as it is."""
    if interview.notes is None:
        return []
    found: list[Reminder] = []
    school = interview.at_school
    entries: list[tuple[str, TeamNotes]] = [(entry.name, entry) for entry in interview.notes.interviewers]
    if (team := _team_notes(interview)) is not None:
        entries.append((_team(interview), team))
    for about, entry in entries:
        found += [
            Reminder(about, kind, t)
            for t in entry.topics
            if (kind := _topic_problem_for(t, entry, school)) not in (None, "told")
        ]
        found += [Reminder(about, "unanswered", q.question) for q in entry.questions if not q.answer]
        asked = {w for q in entry.questions if q.answer for w in _content_words(q.question)}
        # A doubt the draft already answers ("my SQL depth", after "Is your SQL strong enough?" and its answer) is
        # not recalled as still open.
        found += [Reminder(about, "concern", c) for c in entry.concerns if not _content_words(c) & asked]
    found += [Reminder(None, "follow_up", f) for f in interview.notes.follow_ups]
    return found


# --- the email that carries them ----------------------------------------------------------------------------


def thank_you_subject(interview: Interview, drafts: int) -> str:
    """The subject of the email carrying `drafts` drafts: "draft" in the singular when it carries one; a role with
    brackets of its own is not bracketed again ("…for Leeds Hospitals: Staff Nurse (Band 5)")."""
    # Two calls, not one with a chosen message: the catalog's extractor reads only the literal strings of a call.
    role = interview.role_said
    if "(" in role or ")" in role:
        return ngettext_for(
            interview.locale,
            "Your thank-you draft for %(company)s: %(role)s",
            "Your thank-you drafts for %(company)s: %(role)s",
            drafts,
            company=interview.company_said,
            role=role,
        )
    return ngettext_for(
        interview.locale,
        "Your thank-you draft for %(company)s (%(role)s)",
        "Your thank-you drafts for %(company)s (%(role)s)",
        drafts,
        company=interview.company_said,
        role=role,
    )


def _team(interview: Interview) -> str:
    """`the Acme hiring team`: who the draft goes to when the interview names no one."""
    return gettext_for(
        interview.locale,
        "the %(company)s hiring team",
        company=language.team_company_name(interview.company.name, french=interview.locale.french),
    )


def _general(interview: Interview) -> list[str]:
    """The people whose draft uses none of the candidate's notes (still general)."""
    school = interview.at_school
    return [p.name for p in interview.interviewers if not personal(_notes_for(interview, p), school)]


def _written(notes: TeamNotes | None) -> bool:
    """Whether notes hold anything at all (a topic, a promise, a question or a doubt)."""
    return notes is not None and bool(notes.topics or notes.promised or notes.questions or notes.concerns)


def render_thank_you(interview: Interview, drafts: list[Draft], links: Links) -> RenderedEmail:
    """The email to the candidate holding every draft, each ready to copy, with what is still general."""
    interview, unnamed = as_said(interview)  # as `build_drafts` names them
    by_name = {i.name: i for i in interview.interviewers}
    spoken = functools.partial(language.in_sentence, french=interview.locale.french)  # « pour le Dr Paul Roux »
    blocks: list[dict[str, Any]] = []
    for draft in drafts:
        person = by_name.get(draft.interviewer) if draft.interviewer else None
        if person is None:
            to = draft.interviewer or _team(interview)
        else:
            to = f"{spoken(person.name)}, {person.title}" if person.title else spoken(person.name)
        blocks.append({"to": to, "subject": draft.subject, "body": draft.body})

    # In a sentence, a name without the letters after it: "Nothing in your notes fits the draft to Karen Walsh yet".
    said = lambda name: spoken(language.without_letters_after(name))  # noqa: E731
    general = [said(name) for name in _general(interview)]
    unnamed_in_order = [p.name for p in interview.interviewers if p.name in unnamed]
    school = interview.at_school
    pupils = [spoken(p.name) for p in interview.interviewers if posts.names_pupils(p.name, school=school)]
    subject = thank_you_subject(interview, len(drafts))
    context = {
        "subject": subject,
        "links": links,
        "drafts": blocks,
        "candidate_name": interview.candidate.greeted_as,
        "role": interview.role_said,
        "company": interview.company_said,
        "send_within_hours": SEND_WITHIN_HOURS,
        "has_gaps": any(mark in d.body for d in drafts for mark in GAP_MARKS),
        "no_notes": interview.notes is None,
        # Recorded answers, an online test: nothing was talked about, the notes give the questions' topics.
        "alone": interview.no_one_live,
        "free_text": bool(interview.notes and interview.notes.text),  # written, but never put in a draft
        "general": i18n.join(general, interview.locale)
        if general and len(general) < len(interview.interviewers)
        else None,
        "general_count": len(general),
        "all_general": len(general) == len(interview.interviewers)
        if interview.interviewers
        else not personal(_team_notes(interview)),
        "reminders": [dataclasses.replace(r, about=said(r.about)) if r.about else r for r in reminders(interview)],
        "team_left": _written(interview.team_notes_left),
        "unnamed": language.capitalise(i18n.join([spoken(name) for name in unnamed_in_order], interview.locale)),
        "unnamed_count": len(unnamed_in_order),
        "pupils": i18n.join(pupils, interview.locale),  # "the Pupil panel": for the school to pass on
        "pupils_count": len(pupils),
    }
    return RenderedEmail(
        subject=subject,
        text=render("thank_you.txt.j2", locale=interview.locale, **context),
        html=render("thank_you.html.j2", locale=interview.locale, **context),
    )
