"""Thank-you drafts: one short, personal note per interviewer, built from the candidate's own notes.

`build_drafts` is pure and deterministic: the same interview (and notes) always gives the same drafts. Each
draft is assembled from a set of phrasings per part (thanks, interest, answer to a concern, offer of more
information, sign-off); the phrasing for a part is chosen from a hash of the interview id and the person's
position in the panel, so the people on one panel never receive copies of one text.

A draft only states what the candidate told us: their notes (topics, concerns, follow-ups) and the recorded
facts (role, company, format, the person's title or relationship, a presentation or tour). Where an answer
is needed that only the candidate knows, the draft leaves a [bracketed] gap for them to complete. Drafts
are plain text: the candidate pastes them into their own mail client.

`render_thank_you` wraps all drafts in one email to the candidate.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from interview_prep.mail import Links, RenderedEmail

if TYPE_CHECKING:
    from interview_prep.models import Interview, Interviewer, InterviewerNotes

WORD_LIMIT = 150  # a draft's body, signature included; optional sentences are left out to stay within it
SEND_WITHIN_HOURS = 24
GAP_MARKS = ("[Add ", "[add ")  # how every gap left for the candidate to complete starts

# How much user text a draft carries (characters): long notes are shortened at a word boundary with "…".
TOPIC_CHARS = 70
CONCERN_CHARS = 110
FOLLOW_UP_CHARS = 100
ROLE_CHARS = 80
COMPANY_CHARS = 60
TITLE_CHARS = 60
MAX_TOPICS = 2
MAX_CONCERNS = 2
MAX_FOLLOW_UPS = 3


@dataclasses.dataclass(frozen=True)
class Draft:
    """One thank-you note: who it is for (None for the general note to the hiring team), subject and body."""

    interviewer: str | None
    subject: str
    body: str

    def as_dict(self) -> dict[str, str | None]:
        return dataclasses.asdict(self)


# --- the template set ---------------------------------------------------------------------------------------
# Placeholders: {meeting} "meeting with me over a meal", {topics}, {role}, {company}, {as_label} "as VP
# Engineering", {concern} (a full sentence, closing punctuation included), {round} "second".

SUBJECTS = (
    "Thank you for your time — {role} interview",
    "Following up on my {role} interview",
    "Thank you from {candidate} — {role} at {company}",
    "Thanks for meeting with me about the {role} role",
    "With thanks — my interview for {role}",
    "Thank you — {role} position at {company}",
)

THANKS_WITH_TOPICS = (
    "Thank you for {meeting}. I especially enjoyed our conversation about {topics}.",
    "Many thanks for your time and for {meeting}. Talking with you about {topics} was a highlight for me.",
    "I appreciated you {meeting}, and in particular the chance to discuss {topics} with you.",
    "Thank you for your time in this {round} round. I am still thinking about our exchange on {topics}.",
    "Thank you for {meeting}; our talk about {topics} is what I valued most.",
)

THANKS_WITHOUT_TOPICS = (
    "Thank you for {meeting} about the {role} position.",
    "Many thanks for your time and for {meeting}.",
    "I appreciated you {meeting} in this {round} round for the {role} role.",
    "Thank you for {meeting} and for the time you gave to my application.",
    "Thank you very much for {meeting} as part of the {round} round.",
)

# About the person, from their title or relationship: the only specific thing known without notes.
PERSPECTIVE = (
    "Hearing your perspective {as_label} was especially useful.",
    "I valued getting your point of view {as_label}.",
    "Your view {as_label} helped me picture the role more concretely.",
    "It was good to hear how you see things {as_label}.",
)

PRESENTATION = (
    "I also appreciated the chance to present my work.",
    "Giving my presentation was a good opportunity, and I thank you for it.",
)
TOUR = (
    "Seeing where the team works was a real plus.",
    "I also enjoyed the tour and seeing the workplace for myself.",
)

INTEREST = (
    "Our conversation confirmed my interest in the {role} role at {company}, and I am confident I can contribute.",
    "I left even more enthusiastic about the {role} position at {company} and how my experience fits it.",
    "I remain very interested in joining {company} in the {role} role; my background is a good match for it.",
    "The {role} role at {company} is the kind of opportunity I am looking for, and I would bring real energy to it.",
    "I am more motivated than ever to take on the {role} role at {company}, where my skills would be well used.",
)

# One more line of warmth, by who the person is to the future job.
RELATION = {
    "team_member": ("I would enjoy working alongside you.", "It would be a pleasure to be your colleague."),
    "hiring_manager": (
        "I would welcome the chance to work with you and your team.",
        "I would be glad to join your team.",
    ),
    "executive": ("I would be proud to contribute to where {company} is heading.",),
}

CONCERN = (
    "You raised a point I would like to answer: {concern} [Add your answer: a concrete example or your plan.]",
    "I have given more thought to something you brought up: {concern} [Add your answer, with an example.]",
    "I would like to come back to a point you raised: {concern} [Add your answer: what you did or will do.]",
    "Regarding the concern you mentioned: {concern} [Add your answer, briefly and concretely.]",
)
CONCERN_MORE = "You also raised this: {concern} [Add your answer.]"

FOLLOW_UP_ONE = (
    "I also wanted to follow up on one point: {item} [Add the details.]",
    "One more thing to follow up on: {item} [Add the details.]",
    "As a follow-up to our conversation: {item} [Add the details.]",
)
FOLLOW_UP_MANY = (
    "I also wanted to follow up on these points [add the details]:",
    "A few things to follow up on [add the details]:",
    "As a follow-up to our conversation [add the details]:",
)

OFFER = (
    "If further information would help, such as references or work samples, I would be happy to send it.",
    "Please let me know if there is anything else I can provide to help with your decision.",
    "Should you need anything further from me, I would be glad to provide it.",
    "I am happy to share any additional information you may need.",
    "If any questions come up as you review my application, please ask; I will gladly answer them.",
    "Do tell me if more detail on my experience would be useful.",
)

CLOSING = (
    "I look forward to hearing from you.",
    "I look forward to the next steps.",
    "Thank you again for your time.",
    "I hope to speak with you again soon.",
)

SIGN_OFF_FORMAL = ("Kind regards,", "Best regards,", "Sincerely,", "With best wishes,")
SIGN_OFF_WARM = ("Best,", "Many thanks,", "All the best,", "Warm regards,")

GREETING_FORMAL = ("Dear {name},",)
GREETING_WARM = ("Hi {name},", "Hello {name},")
GREETING_TEAM = "Dear {company} hiring team,"

AS_LABEL = {
    "hr": "from the HR side",
    "recruiter": "as the recruiter for the role",
    "hiring_manager": "as the hiring manager",
    "team_member": "as someone on the team",
    "executive": "from the leadership side",
}

MEETING = {False: "meeting with me", True: "speaking with me again"}
FORMAT_PLACE = {"video": " on our video call", "phone": " on the phone", "meal": " over a meal", "in_person": ""}
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "mx", "prof", "sir", "dame", "miss"})


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
    """A note used inside a sentence: clipped, without closing punctuation."""
    return clip(text, limit).rstrip(" .;:,")


def _sentence(text: str, limit: int) -> str:
    """A note used as a sentence of its own: clipped, ending with punctuation."""
    text = _phrase(text, limit)
    return text if text.endswith(("?", "!", "…")) else text + "."


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _words(text: str) -> int:
    return len(text.split())


def _is_cjk(name: str) -> bool:
    return any(unicodedata.name(ch, "").startswith(("CJK", "HANGUL", "HIRAGANA", "KATAKANA")) for ch in name)


def address_name(name: str) -> str:
    """How a note greets someone: their first name, "Dr. Okafor" with an honorific, the full name otherwise."""
    parts = name.split()
    if len(parts) <= 1 or _is_cjk(name):
        return clip(name, 40)
    if parts[0].rstrip(".").casefold() in HONORIFICS:
        return clip(f"{parts[0]} {parts[-1]}", 40)
    return clip(parts[0], 40)


def _seed(interview_id: str, part: str) -> int:
    digest = hashlib.sha256(f"{interview_id}|{part}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


class _Chooser:
    """Stable choice of a phrasing per part: hashed from the interview id, shifted by position in the panel.

    Consecutive positions take consecutive phrasings, so on a panel no two people share a phrasing for a part
    with at least as many phrasings as there are people.
    """

    def __init__(self, interview_id: str, position: int) -> None:
        self._id = interview_id
        self._position = position

    def __call__(self, part: str, options: Sequence[str]) -> str:
        return options[(_seed(self._id, part) + self._position) % len(options)]


# --- assembling a draft -------------------------------------------------------------------------------------


@dataclasses.dataclass
class _Piece:
    paragraph: int  # 0 thanks, 1 interest, 2 concerns, 3 follow-ups, 4 offer
    text: str
    priority: int = 0  # 0 always kept; 1, 2, … added in that order while the body stays within WORD_LIMIT


def _assemble(greeting: str, pieces: list[_Piece], signature: str) -> str:
    def body(chosen: list[_Piece]) -> str:
        paragraphs: dict[int, list[str]] = {}
        for piece in chosen:
            paragraphs.setdefault(piece.paragraph, []).append(piece.text)
        blocks = []
        for key in sorted(paragraphs):
            lines = paragraphs[key]
            # A list (follow-ups) keeps its lines; sentences run on in one paragraph.
            sep = "\n" if any(line.startswith("- ") for line in lines) else " "
            blocks.append(sep.join(lines))
        return "\n\n".join([greeting, *blocks, signature])

    kept = {id(p) for p in pieces if p.priority == 0}
    for piece in sorted((p for p in pieces if p.priority), key=lambda p: p.priority):
        attempt = [p for p in pieces if id(p) in kept or p is piece]
        if _words(body(attempt)) <= WORD_LIMIT:
            kept.add(id(piece))
    return body([p for p in pieces if id(p) in kept])


def _facts(interview: Interview) -> dict[str, str]:
    return {
        "role": clip(interview.role, ROLE_CHARS),
        "company": clip(interview.company.name, COMPANY_CHARS),
        "candidate": interview.candidate.name,
        "round": ORDINALS[interview.round - 1] if 1 <= interview.round <= len(ORDINALS) else f"round {interview.round}",
    }


def _meeting(interview: Interview, met_before: bool) -> str:
    return MEETING[met_before] + FORMAT_PLACE.get(interview.format, "")


def _name_keys(name: str) -> set[str]:
    """How a note may mention someone: full name, the greeting form, or the first name after any honorific."""
    parts = name.split()
    if len(parts) > 1 and parts[0].rstrip(".").casefold() in HONORIFICS:
        parts = parts[1:]
    return {name, address_name(name), parts[0]}


def _named(item: str, people: Sequence[Interviewer]) -> set[int]:
    """The positions of the people a note mentions, by name."""
    found = set()
    for index, other in enumerate(people):
        keys = _name_keys(other.name)
        if any(re.search(rf"(?<!\w){re.escape(key)}(?!\w)", item, re.IGNORECASE) for key in keys):
            found.add(index)
    return found


def _follow_ups_for(interview: Interview, position: int | None, lead: int | None) -> list[str]:
    """Follow-ups that name this person, plus, for the lead (or the general note), those that name nobody."""
    if interview.notes is None:
        return []
    mine = []
    for item in interview.notes.follow_ups:
        named = _named(item, interview.interviewers)
        if position is None or position in named or (not named and position == lead):
            mine.append(item)
    return mine[:MAX_FOLLOW_UPS]


def _lead(people: Sequence[Interviewer]) -> int:
    """Who gets the follow-ups that name nobody: the (first) hiring manager, or else the first person listed."""
    return next((index for index, i in enumerate(people) if i.relationship == "hiring_manager"), 0)


def _draft(
    interview: Interview,
    person: Interviewer | None,
    position: int,
    notes: InterviewerNotes | None,
    follow_ups: list[str],
) -> Draft:
    pick = _Chooser(interview.id, position)
    facts = _facts(interview)
    relationship = person.relationship if person else None
    warm = relationship == "team_member"
    meeting = _meeting(interview, bool(person and person.met_before))

    if person is None:
        greeting = GREETING_TEAM.format(company=facts["company"])
    else:
        greeting = pick("greeting", GREETING_WARM if warm else GREETING_FORMAL).format(name=address_name(person.name))

    pieces: list[_Piece] = []
    # The first topics noted for the person, without repeats, in the order given.
    topics = [t for t in dict.fromkeys(_phrase(t, TOPIC_CHARS) for t in (notes.topics if notes else [])) if t]
    topics = topics[:MAX_TOPICS]
    if topics:
        thanks = pick("thanks_topics", THANKS_WITH_TOPICS)
        pieces.append(_Piece(0, thanks.format(meeting=meeting, topics=_join(topics), **facts)))
    else:
        thanks = pick("thanks", THANKS_WITHOUT_TOPICS)
        pieces.append(_Piece(0, thanks.format(meeting=meeting, **facts)))
        as_label = None
        if person is not None and person.title:
            as_label = "as " + clip(person.title, TITLE_CHARS)
        elif relationship in AS_LABEL:
            as_label = AS_LABEL[relationship]
        if as_label:
            pieces.append(_Piece(0, pick("perspective", PERSPECTIVE).format(as_label=as_label)))
        if "presentation" in interview.includes:
            pieces.append(_Piece(0, pick("presentation", PRESENTATION), priority=3))
        if "tour" in interview.includes:
            pieces.append(_Piece(0, pick("tour", TOUR), priority=4))

    pieces.append(_Piece(1, pick("interest", INTEREST).format(**facts)))
    if relationship in RELATION:
        pieces.append(_Piece(1, pick("relation", RELATION[relationship]).format(**facts), priority=5))

    concerns = [_sentence(c, CONCERN_CHARS) for c in (notes.concerns if notes else [])[:MAX_CONCERNS]]
    for index, concern in enumerate(concerns):
        template = pick("concern", CONCERN) if index == 0 else CONCERN_MORE
        pieces.append(_Piece(2, template.format(concern=concern), priority=1 if index == 0 else 6))

    items = [_sentence(f, FOLLOW_UP_CHARS) for f in follow_ups]
    if len(items) == 1:
        pieces.append(_Piece(3, pick("follow_up", FOLLOW_UP_ONE).format(item=items[0]), priority=2))
    elif items:
        heading = pick("follow_ups", FOLLOW_UP_MANY)
        pieces.append(_Piece(3, f"{heading}\n- {items[0]}", priority=2))
        for index, item in enumerate(items[1:], start=1):
            pieces.append(_Piece(3, "- " + item, priority=7 + index))

    pieces.append(_Piece(4, pick("offer", OFFER)))
    pieces.append(_Piece(4, pick("closing", CLOSING), priority=20))

    signature = pick("sign_off", SIGN_OFF_WARM if warm else SIGN_OFF_FORMAL) + "\n" + interview.candidate.name
    # A clipped note ends with "…": no full stop after it.
    body = _assemble(greeting, pieces, signature).replace("….", "…")

    subject = clip(pick("subject", SUBJECTS).format(**{**facts, "role": clip(interview.role, 60)}), 120)
    return Draft(interviewer=person.name if person else None, subject=subject, body=body)


def build_drafts(interview: Interview) -> list[Draft]:
    """One draft per interviewer, in panel order; one general draft to the hiring team when none were named."""
    people = list(interview.interviewers)
    if not people:
        return [_draft(interview, None, 0, None, _follow_ups_for(interview, None, None))]
    lead = _lead(people)
    drafts = []
    for position, person in enumerate(people):
        notes = interview.notes.for_interviewer(person.name) if interview.notes else None
        drafts.append(_draft(interview, person, position, notes, _follow_ups_for(interview, position, lead)))
    return drafts


# --- the email that carries them ----------------------------------------------------------------------------


def thank_you_subject(interview: Interview) -> str:
    return f"Your thank-you drafts for {interview.company.name} ({interview.role})"


def _notes_hint(interview: Interview) -> str | None:
    """Why the drafts may read general: "none" without notes, "no_topics" when no person has a topic noted."""
    if interview.notes is None:
        return "none"
    if not any(n.topics for n in interview.notes.interviewers):
        return "no_topics"
    return None


def render_thank_you(interview: Interview, drafts: list[Draft], links: Links) -> RenderedEmail:
    """The email to the candidate holding every draft, each ready to copy, with the manage link."""
    from interview_prep.templating import render

    by_name = {i.name: i for i in interview.interviewers}
    blocks: list[dict[str, Any]] = []
    for draft in drafts:
        person = by_name.get(draft.interviewer) if draft.interviewer else None
        if person is None:
            to = draft.interviewer or f"The {interview.company.name} hiring team"
        else:
            to = f"{person.name}, {person.title}" if person.title else person.name
        blocks.append({"to": to, "subject": draft.subject, "body": draft.body})

    subject = thank_you_subject(interview)
    context = {
        "subject": subject,
        "links": links,
        "drafts": blocks,
        "candidate_name": address_name(interview.candidate.name),
        "role": interview.role,
        "company": interview.company.name,
        "send_within_hours": SEND_WITHIN_HOURS,
        "has_gaps": any(mark in d.body for d in drafts for mark in GAP_MARKS),
        "notes_hint": _notes_hint(interview),
    }
    return RenderedEmail(
        subject=subject,
        text=render("thank_you.txt.j2", **context),
        html=render("thank_you.html.j2", **context),
    )
