"""A question noted in the interviewer's words, reported from the candidate's side in a thank-you draft ("You asked how
I would partition the table", "You asked me to tell you about a rapid response I led"). English only."""

from __future__ import annotations

import re

from interview_prep.domain.language import capitalise

# The interviewer's words, reported by the candidate: "how you would partition the table" → "how I would partition
# the table", "why you want to join us" → "why I want to join you". `you` is the object (me) after a preposition or a
# verb that takes a person ("what motivates you", "why should we hire you", "about you"), else the subject (I): at the
# start, after a question word or an auxiliary, and after a noun ("a time you failed", "the project you led").
_OBJECT_AFTER = frozenset(
    (
        "about to for with from at of by on in into onto like without toward towards against around behind "
        "between among beside near under over through via upon within unlike"
    ).split()
)
# Verbs that take a person, in the forms a question uses; none is also a noun that a relative "you" could follow
# ("the challenge you faced", "the offer you accepted", "the help you needed" keep "I").
_TAKES_A_PERSON = frozenset(
    (
        "motivate motivates motivated excite excites excited interests interested attract attracts attracted drives "
        "drove driven inspire inspires inspired frustrates frustrated annoys annoyed surprises surprised worries "
        "worried energises energised energizes energized convince convinces convinced persuade persuades persuaded "
        "hire hires hired tell tells told give gives gave given show shows showed shown let lets make makes made "
        "ask asks asked keep keeps kept bring brings brought draws drew drawn leads led sets differentiates "
        "distinguishes see sees saw seen know knows knew known expect expects expected want wants wanted need needs "
        "needed teach teaches taught get gets got gotten take takes took taken send sends sent meet meets met join "
        "joins joined prepare prepares prepared suits suited describe describes described"
    ).split()
)
_SWAP = {
    "your": "my",
    "yours": "mine",
    "yourself": "myself",
    "we": "you",
    "us": "you",
    "our": "your",
    "ours": "yours",
    "ourselves": "yourselves",
    "you're": "I'm",
    "you’re": "I’m",
    "you've": "I've",
    "you’ve": "I’ve",
    "you'd": "I'd",
    "you’d": "I’d",
    "you'll": "I'll",
    "you’ll": "I’ll",
}
# An interviewer's prompt rather than a question ("Tell me about a time you disagreed with your manager"): reported
# as "me to tell you about a time I disagreed with my manager", their "me" and "my" being the candidate's "you".
_PROMPTS = frozenset(
    (
        "tell walk talk take describe give explain share show name list outline present sell pitch convince run "
        "introduce summarise summarize rate compare define design estimate imagine pick choose recall prove sketch "
        "draw rank"
    ).split()
)
_THEIR_OWN = {
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "i": "you",
    "i'm": "you're",
    "i’m": "you’re",
    "i've": "you've",
    "i’ve": "you’ve",
}
_BE = {"are": "am", "were": "was"}  # "you are" → "I am"
_WORD = re.compile(r"[A-Za-z’']+")


def _you(previous: str) -> str:
    """`you` as the candidate says it of themselves, from the word before it."""
    if previous in _OBJECT_AFTER or previous in _TAKES_A_PERSON:
        return "me"
    return "I"


def reported_question(text: str) -> str:
    """A question noted in the interviewer's words, as the candidate reports it to them ("You asked …"): their "you"
    becomes "I" or "me", "your" "my", and their "we", "us", "our" (the employer) "you", "your". A prompt ("Tell me
    about…") is reported as one: "me to tell you about…". English only; a question written in the candidate's own
    words ("about my SQL") stays as it is."""
    first = _WORD.match(text)
    prompt = bool(first and first.group(0).casefold() in _PROMPTS)
    pieces: list[str] = []
    last, previous, said = 0, "", ""
    for match in _WORD.finditer(text):
        word = match.group(0)
        lower = word.casefold()
        if len(word) > 1 and word.isupper():  # "US" is a country, not the employer
            new = word
        elif lower == "you":
            new = _you(previous)
        elif lower in _BE and said == "I":
            new = _BE[lower]
        elif lower in _SWAP:
            new = _SWAP[lower]
            if word[:1].isupper() and not new.startswith("I"):
                new = capitalise(new)
        elif prompt and lower in _THEIR_OWN:
            new = _THEIR_OWN[lower]
        elif prompt and match.start() == 0:
            new = lower
        else:
            new = word
        pieces += [text[last : match.start()], new]
        last, previous, said = match.end(), lower, new
    reported = "".join(pieces) + text[last:]
    if prompt:
        return "me to " + reported
    return _INVERTED.sub(_uninverted, reported, count=1)


# A question noted as they asked it keeps its inversion once "you" is "I" ("what would I change first"): reported, the
# subject comes first ("what I would change first", "how I handle", "what I am looking for"). "did" stays (its tense
# would have to move to the verb after it).
_INVERTED = re.compile(
    r"^((?:how|why|what|when|where|which|who|whom)(?:\s+(?!I\b)[\w’']+){0,3}?)"
    r"\s+(would|will|could|can|should|might|must|have|had|do|does|are|were)\s+I\b",
    re.IGNORECASE,
)


def _uninverted(match: re.Match[str]) -> str:
    verb = match.group(2)
    if verb.casefold() in ("do", "does"):
        return f"{match.group(1)} I"
    return f"{match.group(1)} I {_BE.get(verb.casefold(), verb)}"
