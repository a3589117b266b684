"""Example prep digests, written to a folder: `python -m interview_prep.examples OUTDIR` (`make digest-examples`).

Every example is dated relative to one fixed `NOW`, so the output is the same on every run.
"""

from __future__ import annotations

import datetime as dt
import html
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from interview_prep.models import Interview

NOW = dt.datetime(2027, 3, 12, 14, 0, tzinfo=dt.UTC)
MANAGE_URL = "https://prep.example/manage/EXAMPLE-TOKEN"
UNSUBSCRIBE_URL = "https://prep.example/unsubscribe/EXAMPLE-TOKEN"


def _local(now: dt.datetime, zone: str, days: int, hour: int, minute: int = 0) -> str:
    from zoneinfo import ZoneInfo

    day = now.astimezone(ZoneInfo(zone)).date() + dt.timedelta(days=days)
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}"


def _interview(number: int, now: dt.datetime, fields: dict[str, Any]) -> Interview:
    from interview_prep.models import Interview

    record = {
        "id": f"{number:032x}",
        "owner": "examples",
        "status": "scheduled",
        "created_at": now - dt.timedelta(days=3),
        "updated_at": now - dt.timedelta(days=3),
        **fields,
    }
    return Interview.model_validate(record, context={"check_future": False})


def example_interviews(now: dt.datetime = NOW) -> list[tuple[str, str, Interview]]:
    """(slug, description, interview) for each example, dated relative to `now`."""
    examples: list[tuple[str, str, dict[str, Any]]] = [
        (
            "lunch-with-future-manager",
            "Second interview over lunch with the future manager, met in round one; notes and a salary range given.",
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
                "interviewers": [
                    {
                        "name": "Marc Gagnon",
                        "title": "Head of Operations",
                        "relationship": "hiring_manager",
                        "met_before": True,
                    }
                ],
                "first_interview_notes": (
                    "- Marc wondered whether I have enough SQL for the reporting side.\n"
                    "- We talked about the new Hamilton warehouse opening in the autumn.\n"
                    "- I was vague about the size of the team I led. Have the numbers ready."
                ),
                "salary": {"min": 85000, "max": 95000, "currency": "CAD", "period": "year"},
            },
        ),
        (
            "panel-with-presentation",
            "Second interview in person with a panel of three, including a presentation; five days ahead.",
            {
                "candidate": {"name": "Camille Durand", "email": "camille@example.com"},
                "company": {"name": "Atelier Lumière"},
                "role": "Communications Manager",
                "round": 2,
                "starts_at": _local(now, "Europe/Paris", 5, 10, 0),
                "timezone": "Europe/Paris",
                "duration_minutes": 120,
                "format": "in_person",
                "location": "14 rue de la Paix, 75002 Paris",
                "includes": ["presentation"],
                "interviewers": [
                    {"name": "Hélène Martin", "title": "Director of Communications", "relationship": "hiring_manager"},
                    {"name": "Karim Benali", "title": "Press Officer", "relationship": "team_member"},
                    {"name": "Julie Roux", "title": "Digital Content Lead", "relationship": "team_member"},
                ],
            },
        ),
        (
            "full-day-with-executives",
            "Third round: a full day with four executives and a product lead, with a tour; a week ahead.",
            {
                "candidate": {"name": "Luc Weber", "email": "luc@example.com"},
                "company": {"name": "Moselle Analytics", "website": "https://moselle.example"},
                "role": "Head of Data Products",
                "round": 3,
                "starts_at": _local(now, "Europe/Luxembourg", 7, 11, 0),
                "timezone": "Europe/Luxembourg",
                "duration_minutes": 450,
                "format": "in_person",
                "location": "2 avenue John F. Kennedy, Luxembourg",
                "includes": ["tour"],
                "interviewers": [
                    {"name": "Anna Schmit", "title": "CEO", "relationship": "executive"},
                    {"name": "Paul Hoffmann", "title": "COO", "relationship": "executive"},
                    {"name": "Sara Lopes", "title": "Finance Director", "relationship": "executive"},
                    {"name": "Tom Reuter", "title": "Chief of Strategy", "relationship": "executive"},
                    {"name": "Mia Kieffer", "title": "Product Lead", "relationship": "team_member"},
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
                "interviewers": [{"name": "Jordan Lee", "title": "Talent Partner", "relationship": "recruiter"}],
            },
        ),
        (
            "video-with-colleague-met-before",
            "Second interview on video with a future colleague met before, including a short test; in a few hours.",
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
                "interviewers": [
                    {"name": "Meera Iyer", "title": "Senior SRE", "relationship": "team_member", "met_before": True}
                ],
            },
        ),
        (
            "group-interview-details-missing",
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
    ]
    return [(slug, about, _interview(i + 1, now, fields)) for i, (slug, about, fields) in enumerate(examples)]


def write_examples(outdir: Path, now: dt.datetime = NOW) -> list[Path]:
    """Write `<slug>.html` and `<slug>.txt` for each example, and an `index.html` linking them."""
    from interview_prep import clock
    from interview_prep.digest import render_digest
    from interview_prep.mail import Links

    outdir.mkdir(parents=True, exist_ok=True)
    links = Links(manage_url=MANAGE_URL, unsubscribe_url=UNSUBSCRIBE_URL)
    written: list[Path] = []
    rows: list[str] = []
    with clock.frozen(now):
        for slug, about, interview in example_interviews(now):
            email = render_digest(interview, links, now)
            for suffix, body in ((".html", email.html), (".txt", email.text)):
                path = outdir / f"{slug}{suffix}"
                path.write_text(body, encoding="utf-8")
                written.append(path)
            rows.append(
                f'<li style="margin:0 0 12px;"><a href="{slug}.html">{html.escape(email.subject)}</a> '
                f'(<a href="{slug}.txt">text</a>)<br><span style="color:#52606d;">{html.escape(about)}</span></li>'
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
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m interview_prep.examples OUTDIR", file=sys.stderr)
        return 2
    written = write_examples(Path(args[0]))
    print(f"wrote {len(written)} files to {args[0]} (open index.html)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
