"""Small things people see: the links in the manage page's previews work, and the unsubscribe page tells what
was already sent. In-process on the local stack's runtime (see tests/test_web.py)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlsplit

from tests.conftest import NOW
from tests.test_web import BASE, Browser, confirmed, interviews_in_table, stack  # noqa: F401 - `stack` is a fixture


def links_in(html: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', html)]


def test_digest_preview_on_the_manage_page_its_links_open_real_pages(stack: Any) -> None:  # noqa: F811
    browser, manage = confirmed(stack)

    preview = browser.get(f"{manage}/digest")
    ours = [urlsplit(href).path for href in links_in(preview.text) if href.startswith(BASE)]

    # Then the preview links to this interview's own pages (the manage page, the guide, unsubscribe), each of which
    # opens, instead of a placeholder that gives a 404
    assert preview.status == 200
    assert f"{manage}/guide" in ours and manage.replace("/manage/", "/unsubscribe/") in ours
    assert not [path for path in ours if "(" in path]
    for path in ours:
        assert Browser().get(path).status == 200, path


def test_full_guide_on_the_manage_page_its_links_open_real_pages(stack: Any) -> None:  # noqa: F811
    browser, manage = confirmed(stack)

    guide = browser.get(f"{manage}/guide")
    ours = [urlsplit(href).path for href in links_in(guide.text) if href.startswith(BASE)]

    assert ours and all(Browser().get(path).status == 200 for path in ours)


def test_unsubscribe_page_before_anything_is_sent_lists_what_will_not_come(stack: Any) -> None:  # noqa: F811
    browser, manage = confirmed(stack)

    page = browser.get(manage.replace("/manage/", "/unsubscribe/"))

    assert "not the prep digest, nor the thank-you drafts." in page.text
    assert "already sent" not in page.text


def test_unsubscribe_page_after_the_digest_says_it_was_sent_and_the_drafts_will_not_come(stack: Any) -> None:  # noqa: F811
    browser, manage = confirmed(stack)
    stack.run_scheduler(NOW + dt.timedelta(days=3, hours=5))  # the digest went out, the thank-you not yet
    (interview,) = interviews_in_table()
    assert interview.digest.sent_at is not None and interview.thank_you.sent_at is None

    page = browser.get(manage.replace("/manage/", "/unsubscribe/"))

    assert "not the thank-you drafts." in page.text
    assert "not the prep digest" not in page.text and "no prep digest" not in page.text


def test_unsubscribe_after_completion_says_both_were_sent_not_that_they_will_not_be(stack: Any) -> None:  # noqa: F811
    # Given an interview whose digest and thank-you drafts have both gone out (it is completed)
    browser, manage = confirmed(stack)
    stack.run_scheduler(NOW + dt.timedelta(days=30))
    (interview,) = interviews_in_table()
    assert interview.status == "completed"
    unsubscribe = manage.replace("/manage/", "/unsubscribe/")

    # When the candidate opens the unsubscribe link, then unsubscribes
    before = browser.get(unsubscribe)
    after = Browser(source_ip="198.51.100.9").request(
        "POST", unsubscribe, raw=b"List-Unsubscribe=One-Click", cookies=False
    )

    # Then neither page says the digest or the drafts will not be sent: both say they already were
    for page in (before, after):
        assert page.status == 200
        assert "no prep digest" not in page.text and "not the prep digest" not in page.text
        assert re.search(r"The prep digest and the thank-you drafts\s+were already sent", page.text), page.text


def test_the_manage_page_lists_the_people_once_and_never_says_their_role_twice(stack: Any) -> None:  # noqa: F811
    # Given an interview with a recruiter whose title says so
    people = {
        "interviewers[1].name": "Rita Moreno",
        "interviewers[1].title": "Senior Recruiter",
        "interviewers[1].relationship": "recruiter",
    }
    browser, manage = confirmed(stack, **people)

    # While the people can still change, the form that changes them is the one list of them
    page = browser.get(manage).text
    assert "<h3>Interviewers</h3>" not in page and page.count('value="Rita Moreno"') == 1

    # Once the interview is over, the summary lists them, each role said once
    stack.run_scheduler(NOW + dt.timedelta(days=30))
    (interview,) = interviews_in_table()
    assert interview.status == "completed"
    page = browser.get(manage).text
    assert "<h3>Interviewers</h3>" in page
    assert "<strong>Rita Moreno</strong>, Senior Recruiter · met before</li>" in page  # not "· Recruiter" too
    assert "<strong>Dana Lee</strong>, Head of Ops · Hiring manager (your future boss)</li>" in page
