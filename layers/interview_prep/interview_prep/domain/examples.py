"""Example prep digests, written to a folder: `python -m interview_prep.domain.examples OUTDIR` (`make digest-examples`).

Every example is dated relative to one fixed `NOW`, so the output is the same on every run.
"""

from __future__ import annotations

import datetime as dt
import html
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from interview_prep.domain.models import Interview

NOW = dt.datetime(2027, 3, 8, 14, 0, tzinfo=dt.UTC)  # a Monday
MANAGE_URL = "https://prep.example/manage/EXAMPLE-TOKEN"
UNSUBSCRIBE_URL = "https://prep.example/unsubscribe/EXAMPLE-TOKEN"


def _local(now: dt.datetime, zone: str, days: int, hour: int, minute: int = 0) -> str:
    from zoneinfo import ZoneInfo

    day = now.astimezone(ZoneInfo(zone)).date() + dt.timedelta(days=days)
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}"


def _interview(number: int, now: dt.datetime, fields: dict[str, Any]) -> Interview:
    from interview_prep.domain.models import Interview

    record = {
        "id": f"{number:032x}",
        "owner": "examples",
        "status": "scheduled",
        "created_at": now - dt.timedelta(days=3),
        "updated_at": now - dt.timedelta(days=3),
        **fields,
    }
    return Interview.model_validate(record, context={"check_future": False})


def _person(name: str, title: str | None, relationship: str, met_before: bool = False) -> dict[str, Any]:
    found: dict[str, Any] = {"name": name, "relationship": relationship, "met_before": met_before}
    if title:
        found["title"] = title
    return found


def _at(now: dt.datetime, zone: str, hours: float) -> str:
    """A local start `hours` after `now`, on the minute (for the short-notice examples)."""
    from zoneinfo import ZoneInfo

    start = (now + dt.timedelta(hours=hours)).astimezone(ZoneInfo(zone))
    return start.strftime("%Y-%m-%dT%H:%M")


def example_interviews(now: dt.datetime = NOW) -> list[tuple[str, str, Interview]]:
    """(slug, description, interview) for each example, dated relative to `now`."""
    examples: list[tuple[str, str, dict[str, Any]]] = [
        (
            "lunch-with-future-manager",
            "Second interview over lunch with the future manager, met in round one; notes with a concern; a salary "
            "range given; two days ahead.",
            {
                "candidate": {"name": "Zoë O'Brien", "email": "zoe@example.com"},
                "company": {"name": "Northwind Traders", "website": "https://northwind.example"},
                "role": "Operations Analyst",
                "round": 2,
                "starts_at": _local(now, "America/Toronto", 2, 12, 30),
                "timezone": "America/Toronto",
                "duration_minutes": 90,
                "format": "meal",
                "location": "Le Petit Jardin, 210 King St W, Toronto",
                "interviewers": [_person("Marc Gagnon", "Head of Operations", "hiring_manager", True)],
                "first_interview_notes": (
                    "- Concern: Marc wondered whether I have enough SQL for the reporting side.\n"
                    "- We talked about the new Hamilton warehouse opening in the autumn.\n"
                    "- I was vague about the size of the team I led. Have the numbers ready."
                ),
                "salary": {"min": 85000, "max": 95000, "currency": "CAD", "period": "year"},
            },
        ),
        (
            "panel-with-presentation",
            "Second interview in person with a panel of three, including a presentation; three days ahead.",
            {
                "candidate": {"name": "Camille Durand", "email": "camille@example.com"},
                "company": {"name": "Atelier Lumière"},
                "role": "Communications Manager",
                "round": 2,
                "starts_at": _local(now, "Europe/Paris", 3, 10, 0),
                "timezone": "Europe/Paris",
                "duration_minutes": 120,
                "format": "in_person",
                "location": "14 rue de la Paix, 75002 Paris",
                "includes": ["presentation"],
                "interviewers": [
                    _person("Hélène Martin", "Director of Communications", "hiring_manager"),
                    _person("Karim Benali", "Press Officer", "team_member"),
                    _person("Julie Roux", "Digital Content Lead", "team_member"),
                ],
            },
        ),
        (
            "full-day-six-people",
            "Third round: a full day of one-to-ones with six people (four executives), a tour, a monthly salary "
            "range; a week ahead.",
            {
                "candidate": {"name": "Luc Weber", "email": "luc@example.com"},
                "company": {"name": "Moselle Analytics", "website": "https://moselle.example"},
                "role": "Head of Data Products",
                "round": 3,
                "starts_at": _local(now, "Europe/Luxembourg", 7, 9, 0),
                "timezone": "Europe/Luxembourg",
                "duration_minutes": 450,
                "format": "in_person",
                "location": "2 avenue John F. Kennedy, Luxembourg",
                "includes": ["tour"],
                "interviewers": [
                    _person("Anna Schmit", "CEO", "executive"),
                    _person("Paul Hoffmann", "COO", "executive"),
                    _person("Sara Lopes", "Finance Director", "executive"),
                    _person("Tom Reuter", "Chief of Strategy", "executive"),
                    _person("Mia Kieffer", "Product Lead", "team_member"),
                    _person("Nora Weis", "HR Business Partner", "hr"),
                ],
                "salary": {"min": 9500, "max": 11000, "currency": "EUR", "period": "month"},
            },
        ),
        (
            "first-phone-screen-recruiter",
            "First interview: a 30-minute phone screen with a recruiter, tomorrow morning.",
            {
                "candidate": {"name": "Priya Natarajan", "email": "priya@example.com"},
                "company": {"name": "Cascadia Health"},
                "role": "Junior Data Analyst",
                "round": 1,
                "starts_at": _local(now, "America/Vancouver", 1, 9, 0),
                "timezone": "America/Vancouver",
                "duration_minutes": 30,
                "format": "phone",
                "location": "They call +1 604 555 0142",
                "interviewers": [_person("Jordan Lee", "Talent Partner", "recruiter")],
            },
        ),
        (
            "video-test-short-notice",
            "Second interview on video with a future colleague met before, including a short test; in four hours "
            "(short notice).",
            {
                "candidate": {"name": "Arjun Mehta", "email": "arjun@example.com"},
                "company": {"name": "Indus Cloud", "website": "https://indus.example"},
                "role": "Site Reliability Engineer",
                "round": 2,
                "starts_at": _local(now, "Asia/Kolkata", 0, 23, 30),
                "timezone": "Asia/Kolkata",
                "duration_minutes": 60,
                "format": "video",
                "location": "https://meet.example/indus-sre-2",
                "includes": ["test"],
                "interviewers": [_person("Meera Iyer", "Senior SRE", "team_member", True)],
            },
        ),
        (
            "group-exercise-no-names",
            "Second interview with a group exercise; nobody named and no address yet; three days ahead.",
            {
                "candidate": {"name": "Sam Okafor", "email": "sam@example.com"},
                "company": {"name": "Harbour & Co <Logistics>"},
                "role": "Customer Success Lead",
                "round": 2,
                "starts_at": _local(now, "Europe/London", 3, 14, 0),
                "timezone": "Europe/London",
                "duration_minutes": 180,
                "format": "in_person",
                "includes": ["group"],
            },
        ),
        (
            "fourth-round-video-panel",
            "Fourth round on video with two people at once: an executive met before and a new colleague; notes "
            "from earlier rounds; four days ahead.",
            {
                "candidate": {"name": "Mei Ling Ong", "email": "meiling@example.com"},
                "company": {"name": "Ferrous Labs", "website": "https://ferrous.example"},
                "role": "Platform Engineer",
                "round": 4,
                "starts_at": _local(now, "Asia/Singapore", 4, 10, 0),
                "timezone": "Asia/Singapore",
                "duration_minutes": 75,
                "format": "video",
                "location": "https://meet.example/ferrous-r4",
                "interviewers": [
                    _person("James Ross", "VP Engineering", "executive", True),
                    _person("Aiko Tan", "Staff Engineer", "team_member"),
                ],
                "first_interview_notes": (
                    "Round 2: system design on the event pipeline went well.\n"
                    "Round 3: Jonas asked about on-call load; I said I am fine with one week in six.\n"
                    "Concern: I ran out of time on the capacity question."
                ),
            },
        ),
        (
            "final-round-in-person",
            "Third and final round in person with the CEO and the hiring manager met before; salary given; two "
            "days ahead.",
            {
                "candidate": {"name": "Tomás Silva", "email": "tomas@example.com"},
                "company": {"name": "Brightwater Energy"},
                "role": "Finance Manager",
                "round": 3,
                "final_round": True,
                "starts_at": _local(now, "Europe/Lisbon", 2, 15, 0),
                "timezone": "Europe/Lisbon",
                "duration_minutes": 60,
                "format": "in_person",
                "location": "Avenida da Liberdade 110, Lisboa",
                "interviewers": [
                    _person("Inês Costa", "CEO", "executive"),
                    _person("Rui Almeida", "CFO", "hiring_manager", True),
                ],
                "salary": {"min": 62000, "max": 70000, "currency": "EUR", "period": "year"},
            },
        ),
        (
            "internal-move",
            "An internal candidate's second interview in person with the hiring manager and HR; three days ahead.",
            {
                "candidate": {"name": "Grace Adeyemi", "email": "grace@example.com"},
                "company": {"name": "Kestrel Robotics"},
                "role": "Product Owner",
                "round": 2,
                "internal_candidate": True,
                "starts_at": _local(now, "Europe/London", 3, 11, 0),
                "timezone": "Europe/London",
                "duration_minutes": 60,
                "format": "in_person",
                "location": "Kestrel Robotics, 3rd floor, 40 Canal St, Manchester",
                "interviewers": [
                    _person("Daniel Hughes", "Head of Product", "hiring_manager"),
                    _person("Laura Price", None, "hr"),
                ],
            },
        ),
        (
            "take-home-first-round",
            "First interview on video with the hiring manager, with a take-home exercise to hand in; eight days ahead.",
            {
                "candidate": {"name": "Jonas Berg", "email": "jonas@example.com"},
                "company": {"name": "Nordlys Games"},
                "role": "Backend Developer",
                "round": 1,
                "starts_at": _local(now, "Europe/Oslo", 8, 13, 0),
                "timezone": "Europe/Oslo",
                "duration_minutes": 60,
                "format": "video",
                "location": "https://meet.example/nordlys-backend",
                "includes": ["take_home"],
                "interviewers": [_person("Siri Dahl", "Engineering Manager", "hiring_manager")],
            },
        ),
        (
            "final-dinner-two-people",
            "Fourth and final round over dinner with the hiring manager (met before) and a senior leader; the day "
            "after tomorrow.",
            {
                "candidate": {"name": "Dr. Amaka Okafor", "email": "amaka@example.com"},
                "company": {"name": "Meridian Partners"},
                "role": "Director of Client Services",
                "round": 4,
                "final_round": True,
                "starts_at": _local(now, "America/New_York", 2, 19, 0),
                "timezone": "America/New_York",
                "duration_minutes": 120,
                "format": "meal",
                "location": "Bistro Laurent, 44 W 56th St, New York",
                "interviewers": [
                    _person("Charles Bennett", "Managing Partner", "executive"),
                    _person("Olivia Park", "Head of Client Services", "hiring_manager", True),
                ],
            },
        ),
        (
            "second-round-phone-hr",
            "Second interview by phone with HR; notes from round one without concerns; tomorrow afternoon; no number given.",
            {
                "candidate": {"name": "Lucas Moreau", "email": "lucas@example.com"},
                "company": {"name": "Alpes Assurances"},
                "role": "Claims Handler",
                "round": 2,
                "starts_at": _local(now, "Europe/Paris", 1, 17, 0),
                "timezone": "Europe/Paris",
                "duration_minutes": 30,
                "format": "phone",
                "interviewers": [_person("Sophie Lambert", "HR Advisor", "hr")],
                "first_interview_notes": "Talked about the new claims software.\nShe liked my customer examples.",
            },
        ),
        (
            "sales-role-met-before",
            "Second interview in person for a sales role with the sales director met in round one; four days ahead.",
            {
                "candidate": {"name": "Ella Fitzgerald-Hayes", "email": "ella@example.com"},
                "company": {"name": "Oakridge Systems"},
                "role": "Account Executive",
                "round": 2,
                "starts_at": _local(now, "America/Chicago", 4, 10, 0),
                "timezone": "America/Chicago",
                "duration_minutes": 60,
                "format": "in_person",
                "location": "233 S Wacker Dr, Chicago",
                "interviewers": [_person("Derek Mills", "Sales Director", "hiring_manager", True)],
            },
        ),
        (
            "panel-in-two-hours",
            "Second interview in person with two people at once, starting in two hours.",
            {
                "candidate": {"name": "Hannah Schulz", "email": "hannah@example.com"},
                "company": {"name": "Rheinwerk Logistik"},
                "role": "Supply Chain Planner",
                "round": 2,
                "starts_at": _at(now, "Europe/Berlin", 2),
                "timezone": "Europe/Berlin",
                "duration_minutes": 60,
                "format": "in_person",
                "location": "Hafenstraße 12, Köln",
                "interviewers": [
                    _person("Jan Vogel", "Logistics Manager", "hiring_manager"),
                    _person("Eva Braun", "Planner", "team_member"),
                ],
            },
        ),
        (
            "first-video-nothing-known",
            "First interview on video: no link and no names yet; three days ahead.",
            {
                "candidate": {"name": "Noah Williams", "email": "noah@example.com"},
                "company": {"name": "Atlas Freight"},
                "role": "Data Engineer",
                "round": 1,
                "starts_at": _local(now, "Australia/Sydney", 3, 10, 0),
                "timezone": "Australia/Sydney",
                "duration_minutes": 45,
                "format": "video",
            },
        ),
        (
            "third-round-tour-and-test",
            "Third round in person: a test, then a tour with a future colleague and a manager's manager; a week ahead.",
            {
                "candidate": {"name": "Yusuf Demir", "email": "yusuf@example.com"},
                "company": {"name": "Bosphorus Textiles"},
                "role": "Quality Engineer",
                "round": 3,
                "starts_at": _local(now, "Europe/Istanbul", 7, 10, 0),
                "timezone": "Europe/Istanbul",
                "duration_minutes": 180,
                "format": "in_person",
                "location": "Organize Sanayi Bölgesi, 5. Cadde No: 8, Bursa",
                "includes": ["test", "tour"],
                "interviewers": [
                    _person("Elif Kaya", "Quality Lead", "team_member", True),
                    _person("Murat Aydın", "Plant Director", "executive"),
                ],
            },
        ),
    ]
    return [(slug, about, _interview(i + 1, now, fields)) for i, (slug, about, fields) in enumerate(examples)]


# Notes the candidate might have added after some of the examples (the others get drafts without notes).
EXAMPLE_NOTES: dict[str, dict[str, Any]] = {
    "lunch-with-future-manager": {
        "interviewers": [
            {
                "name": "Marc Gagnon",
                "given_name": "Marc",
                "topics": ["the Hamilton warehouse opening", "the weekly reporting pack"],
                "questions": [
                    {
                        "question": "whether my SQL is strong enough for the reporting side",
                        "answer": "Since we met I have rebuilt our stock report in SQL alone; I would be glad to show "
                        "you the queries.",
                    }
                ],
                "promised": ["the sample dashboard I mentioned"],
            }
        ],
        "follow_ups": ["Ask Priya for a reference"],
    },
    "panel-with-presentation": {
        "interviewers": [
            {"name": "Hélène Martin", "topics": ["the spring press campaign"], "promised": ["my presentation slides"]},
            {"name": "Karim Benali", "topics": ["She liked my media list."], "concerns": ["I ran 5 minutes over"]},
        ]
    },
    "fourth-round-video-panel": {
        "interviewers": [
            {"name": "James Ross", "topics": ["on-call load", "the event pipeline redesign"]},
            {
                "name": "Aiko Tan",
                "topics": ["capacity planning"],
                "questions": [{"question": "how I would size the ingest cluster"}],
            },
        ],
        "follow_ups": ["Send Jonas the write-up of my queue benchmark"],
    },
    "final-dinner-two-people": {
        "interviewers": [
            {"name": "Olivia Park", "given_name": "Olivia", "topics": ["the client review process"]},
        ]
    },
    "internal-move": {
        "interviewers": [
            {"name": "Daniel Hughes", "topics": ["the roadmap for the picking robot"]},
            {
                "name": "Laura Price",
                "questions": [
                    {"question": "when I could move", "answer": "I can hand over my current work by the end of May."}
                ],
            },
        ]
    },
}


def changed(interview: Interview, now: dt.datetime) -> tuple[Interview, Interview]:
    """`interview` moved two hours later, and cancelled, after its digest put it in the candidate's calendar: what
    the change notices are written about."""
    from interview_prep.domain.models import HeldEvent, Interview

    held = HeldEvent(sequence=0, starts_at_utc=interview.starts_at_utc, ends_at_utc=interview.ends_at_utc, at=now)
    later = interview.starts_at_local.replace(tzinfo=None) + dt.timedelta(hours=2)
    record = {
        **interview.model_dump(mode="json"),
        "starts_at": later.isoformat(timespec="minutes"),
        "calendar": held.model_dump(mode="json"),
        "revision": interview.revision + 1,
        "moved_at": now,
        "updated_at": now,
    }
    moved = Interview.model_validate(record, context={"check_future": False})
    cancelled = interview.model_copy(update={"status": "cancelled", "cancelled_at": now, "calendar": held})
    return moved, cancelled


def _notices_text(interview: Interview, links: Any, now: dt.datetime) -> str:
    """Both change notices of an interview (moved, then cancelled), subjects first, as one text file."""
    from interview_prep.domain.notice import render_cancellation_notice, render_move_notice

    moved, cancelled = changed(interview, now)
    parts = []
    for email in (render_move_notice(moved, links), render_cancellation_notice(cancelled, links)):
        parts.append(f"Subject: {email.subject}\n\n{email.text}")
    return "\n\n========\n\n".join(parts)


def write_examples(outdir: Path, now: dt.datetime = NOW) -> list[Path]:
    """Write `<slug>.html` and `<slug>.txt` for each example, its thank-you email (`<slug>.thank-you.txt`, with
    the example's notes when it has some), the same digest in French beside it (`<slug>.fr.html`, `<slug>.fr.txt`:
    Québec French for a zone in Canada, European French otherwise), its change notices (moved, then cancelled) in
    both languages (`<slug>.notices.txt`, `<slug>.notices.fr.txt`), a word count per digest and an `index.html`
    linking them."""
    from interview_prep.domain import clock
    from interview_prep.domain.digest import body_words, render_digest
    from interview_prep.domain.drafts import build_drafts, render_thank_you
    from interview_prep.domain.mail import Links
    from interview_prep.domain.models import Notes

    outdir.mkdir(parents=True, exist_ok=True)
    links = Links(manage_url=MANAGE_URL, unsubscribe_url=UNSUBSCRIBE_URL)
    written: list[Path] = []
    rows: list[str] = []
    counts: list[str] = []
    with clock.frozen(now):
        for slug, about, interview in example_interviews(now):
            email = render_digest(interview, links, now)
            for suffix, body in ((".html", email.html), (".txt", email.text)):
                path = outdir / f"{slug}{suffix}"
                path.write_text(body, encoding="utf-8")
                written.append(path)
            notes = EXAMPLE_NOTES.get(slug)
            after = interview.model_copy(update={"notes": Notes.model_validate(notes) if notes else None})
            thanks = outdir / f"{slug}.thank-you.txt"
            thanks.write_text(render_thank_you(after, build_drafts(after), links).text, encoding="utf-8")
            written.append(thanks)
            words = body_words(email.text)
            counts.append(f"{words:5d}  {slug}")
            french = interview.model_copy(update={"language": "fr"})
            en_francais = render_digest(french, links, now)
            for suffix, body in ((".fr.html", en_francais.html), (".fr.txt", en_francais.text)):
                path = outdir / f"{slug}{suffix}"
                path.write_text(body, encoding="utf-8")
                written.append(path)
            for suffix, version in ((".notices.txt", interview), (".notices.fr.txt", french)):
                path = outdir / f"{slug}{suffix}"
                path.write_text(_notices_text(version, links, now), encoding="utf-8")
                written.append(path)
            mots = body_words(en_francais.text)
            counts.append(f"{mots:5d}  {slug} ({french.locale.tag})")
            rows.append(
                f'<li style="margin:0 0 12px;"><a href="{slug}.html">{html.escape(email.subject)}</a> '
                f'(<a href="{slug}.txt">text</a>, {words} words; <a href="{slug}.thank-you.txt">thank-you drafts</a>; '
                f'<a href="{slug}.notices.txt">change notices</a>)<br>'
                f'<a href="{slug}.fr.html" lang="{french.locale.tag}">{html.escape(en_francais.subject)}</a> '
                f'(<a href="{slug}.fr.txt">texte</a>, {mots} mots, {french.locale.tag}; '
                f'<a href="{slug}.notices.fr.txt">avis de changement</a>)<br>'
                f'<span style="color:#52606d;">{html.escape(about)}</span></li>'
            )
    index = outdir / "index.html"
    index.write_text(
        '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Example prep digests</title></head>\n"
        "<body style=\"font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;max-width:720px;"
        'margin:24px auto;padding:0 12px;line-height:1.5;color:#1f2933;">\n'
        f"<h1>Example prep digests</h1>\n<p>As they would be sent at {html.escape(now.isoformat())}."
        '</p>\n<ul style="padding-left:20px;">\n' + "\n".join(rows) + "\n</ul>\n</body>\n</html>\n",
        encoding="utf-8",
    )
    written.append(index)
    tally = outdir / "word-counts.txt"
    tally.write_text(
        "Words in each digest's text part, header included, footer excluded:\n" + "\n".join(counts) + "\n",
        encoding="utf-8",
    )
    written.append(tally)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m interview_prep.domain.examples OUTDIR", file=sys.stderr)
        return 2
    written = write_examples(Path(args[0]))
    print(f"wrote {len(written)} files to {args[0]} (open index.html)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
