"""The pages in a real browser: Python Playwright driving Debian's Chromium against the local stack over HTTP.

A person fills the form (adding two interviewers and removing one), submits it, reads the confirmation email
from the local outbox, confirms, reschedules, unsubscribes, and sees that nothing more is sent; one who starts
from an invitation file gets the form filled in; with JavaScript and without. Each page is checked with axe-core
(no serious or critical violations) and photographed at desktop and phone widths into `screenshots/`.

Needs `/usr/bin/chromium` (`apt-get install chromium`; never `playwright install`). Without it these tests skip,
and fail in CI (`CI` set), where `.ci/run` installs it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import pathlib
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zoneinfo
from collections.abc import Iterator
from typing import Any

import pytest

from tests import hardening_support as hs

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHOTS = ROOT / "screenshots"
INVITATIONS = ROOT / "tests" / "invitations"  # the invitation files people upload (shared with test_invitations.py)
CHROMIUM = "/usr/bin/chromium"
ZONE = "America/Toronto"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _require_chromium() -> None:
    if os.path.exists(CHROMIUM):
        return
    message = f"{CHROMIUM} is missing: install Debian's Chromium with `apt-get install -y chromium` (.ci/run does)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


# --- the local stack, as `make run` starts it ----------------------------------------------------------------


class Stack:
    def __init__(self, base: str) -> None:
        self.base = base

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def outbox(self, to: str) -> list[dict[str, Any]]:
        return [m for m in self.call("GET", "/_local/outbox.json") if to in m["to"]]

    def schedules(self, interview_id: str) -> dict[str, str]:
        found = self.call("GET", "/_local/schedules.json")
        return {
            s["target_input"]["kind"]: s["due_at"] for s in found if s["target_input"]["interview_id"] == interview_id
        }

    def run_scheduler(self, until: dt.datetime) -> Any:
        return self.call("POST", "/_local/scheduler/run", {"until": until.isoformat()})


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    _require_chromium()
    log = tmp_path_factory.mktemp("stack") / "stack.log"
    env = {
        **os.environ,
        "PORT": "0",  # the stack takes a free port itself, and logs it
        # every submission here comes from 127.0.0.1: the per-source cap is tested in-process (test_web.py)
        "UNCONFIRMED_PER_SOURCE_PER_DAY": "1000",
        "PYTHONUNBUFFERED": "1",
    }
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "TABLE_NAME", "IDEMPOTENCY_TABLE_NAME", "CSRF_SECRET"):
        env.pop(name, None)
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "local_stack"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    stack = Stack("")
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the local stack exited: {log.read_text()[-2000:]}")
            stack.base = stack.base or hs.stack_base(log.read_text()) or ""
            if stack.base:
                with contextlib.suppress(OSError, urllib.error.URLError):
                    if stack.call("GET", "/v1/health").get("status") == "ok":
                        break
            if time.monotonic() > deadline:
                raise RuntimeError(f"the local stack did not start: {log.read_text()[-2000:]}")
            time.sleep(0.25)
        yield stack
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def _tab(chromium: Any, javascript: bool, locale: str) -> Iterator[Any]:
    """A page in a fresh context (in Toronto, the browser's language `locale`), with JavaScript on or off; CSP
    violations and JS errors fail."""
    context = chromium.new_context(java_script_enabled=javascript, timezone_id=ZONE, viewport=DESKTOP, locale=locale)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" and not _expected(m.text) else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    tab.javascript = javascript
    yield tab
    context.close()
    assert problems == [], f"console errors: {problems}"


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def page(request: pytest.FixtureRequest, chromium: Any) -> Iterator[Any]:
    """A page in an English-speaking browser in Toronto, with JavaScript on or off."""
    yield from _tab(chromium, request.param, "en-CA")


def _expected(message: str) -> bool:
    """The browser logs a form sent back with its errors (422) as a failed load: that one is on purpose."""
    return "responded with a status of 422" in message


# --- helpers -------------------------------------------------------------------------------------------------


def check_page(tab: Any, name: str, *, axe: bool = True) -> None:
    """Screenshots at desktop and phone width, and (with `axe`) axe-core: no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    suffix = "" if tab.javascript else "-nojs"
    SHOTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(SHOTS / f"{name}{suffix}-desktop.png"), full_page=True)
    tab.set_viewport_size(PHONE)
    tab.screenshot(path=str(SHOTS / f"{name}{suffix}-phone.png"), full_page=True)
    checks = tab.javascript and axe  # both run as scripts in the page
    overflow = tab.evaluate("document.documentElement.scrollWidth > window.innerWidth") if checks else False
    tab.set_viewport_size(DESKTOP)
    assert not overflow, f"{name} scrolls sideways on a phone"
    if not checks:
        return
    results = Axe().run(tab)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    assert bad == [], f"accessibility violations on {name}: {bad}"


def local_start(days: int, hour: int = 14) -> dt.datetime:
    today = dt.datetime.now(zoneinfo.ZoneInfo(ZONE)).date()
    return dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour, 0))


def fill_person(tab: Any, row: int, name: str, relationship: str, title: str = "") -> None:
    tab.fill(f"#f-interviewers-{row}-name", name)
    if title:
        tab.fill(f"#f-interviewers-{row}-title", title)
    tab.select_option(f"#f-interviewers-{row}-relationship", relationship)


def row_names(tab: Any) -> list[str]:
    return [
        tab.input_value(f"#{el.get_attribute('id')}")
        for el in tab.query_selector_all("[id^=f-interviewers-][id$=-name]")
    ]


def fill_form(tab: Any, email: str, start: dt.datetime) -> None:
    """Fill the form as a person would: every section, two interviewers added and one removed."""
    tab.get_by_label("Your name").fill("Zoë O'Brien")
    tab.get_by_label("Your email address").fill(email)
    tab.get_by_label("Company", exact=True).fill("Northwind <Traders>")
    tab.get_by_label("Company website").fill("https://northwind.example")
    tab.get_by_label("Role", exact=True).fill("Operations Analyst")
    tab.get_by_label("Date", exact=True).fill(start.strftime("%Y-%m-%d"))
    tab.get_by_label("Start time").fill(start.strftime("%H:%M"))
    if tab.javascript:
        assert tab.get_by_label("Time zone").input_value() == ZONE  # the browser's zone, preselected
    else:
        assert tab.get_by_label("Time zone").input_value() == "UTC"
        tab.get_by_label("Time zone").select_option(ZONE)
    tab.get_by_label("Video call").check()
    tab.get_by_label("Location").fill("https://meet.example/northwind")
    tab.get_by_label("A presentation you give").check()

    if tab.javascript:
        assert row_names(tab) == [""]  # one row to start with; more on demand
        fill_person(tab, 0, "Dana Lee", "hiring_manager", "Head of Ops")
        tab.get_by_role("button", name="Add another interviewer").click()
        fill_person(tab, 1, "Sam Ortiz", "team_member")
        tab.get_by_role("button", name="Add another interviewer").click()
        fill_person(tab, 2, "Kim Park", "hr")
        tab.get_by_role("button", name="Remove interviewer 2").click()
        assert row_names(tab) == ["Dana Lee", "Kim Park"]
        assert tab.input_value("#f-interviewers-1-relationship") == "hr"
    else:
        assert row_names(tab) == ["", "", ""]  # three empty rows without JavaScript
        fill_person(tab, 0, "Dana Lee", "hiring_manager", "Head of Ops")
        fill_person(tab, 1, "Sam Ortiz", "team_member")
        fill_person(tab, 2, "Kim Park", "hr")
        # Each button is a round trip that re-renders the form: the rows are read once the new page has loaded
        # (read straight after the click, they could come from the page being replaced, and be none)
        with tab.expect_navigation():
            tab.get_by_role("button", name="Remove interviewer 2").click()
        assert row_names(tab) == ["Dana Lee", "Kim Park"]
        with tab.expect_navigation():
            tab.get_by_role("button", name="Add another interviewer").click()
        assert row_names(tab) == ["Dana Lee", "Kim Park", ""]
        assert tab.get_by_label("Your email address").input_value() == email  # nothing lost on the way
    tab.get_by_label("I met them in an earlier round").first.check()
    tab.get_by_label("Notes from the earlier interview").fill("We covered forecasting; they doubted my SQL depth.")
    tab.get_by_label("From (optional)").fill("70000")
    tab.get_by_label("To (optional)").fill("85000")
    tab.get_by_label("Currency").select_option("CAD")


# --- the flows -------------------------------------------------------------------------------------------------


def test_a_person_records_confirms_reschedules_and_unsubscribes(stack: Stack, page: Any) -> None:
    tab = page
    email = f"flow-{'js' if tab.javascript else 'nojs'}-{time.time_ns()}@example.com"
    start = local_start(days=5)

    tab.goto(stack.base + "/")
    assert tab.title().startswith("Record an interview")
    check_page(tab, "01-form")
    fill_form(tab, email, start)
    tab.get_by_role("button", name="Record the interview").last.click()

    tab.get_by_role("heading", name="Check your email").wait_for()
    assert email in tab.content()
    check_page(tab, "03-check-your-email")

    # the confirmation email: the only one sent before confirming
    (mail,) = stack.outbox(email)
    assert mail["subject"].strip().startswith("Confirm your interview prep for Operations Analyst")
    confirm = re.search(r"(http://[^\s]+/confirm/[A-Za-z0-9_-]{43})", mail["text"])
    assert confirm
    tab.goto(confirm.group(1))
    check_page(tab, "03b-confirm")
    tab.get_by_role("button", name="Confirm and open my interview").click()
    tab.get_by_text("your address is confirmed").wait_for()
    assert "Scheduled" in tab.content()
    assert "Dana Lee" in tab.content() and "Kim Park" in tab.content() and "Sam Ortiz" not in tab.content()
    assert "Northwind &lt;Traders&gt;" in tab.content()
    check_page(tab, "04-manage")
    manage_url = tab.url.split("?", 1)[0]
    interview_id = tab.get_attribute("h1", "data-interview-id")
    assert interview_id

    # the schedules exist, then move with a reschedule
    before = _schedules_for(stack, interview_id)
    assert set(before) == {"digest", "thank_you"}
    later = local_start(days=6, hour=10)
    tab.get_by_label("Date", exact=True).fill(later.strftime("%Y-%m-%d"))
    tab.get_by_label("Start time").fill("10:00")
    tab.get_by_label("Time zone").select_option("Europe/Paris")
    tab.get_by_role("button", name="Move the interview").click()
    tab.get_by_text("The interview was moved").wait_for()
    after = _schedules_for(stack, interview_id)
    paris = dt.datetime.combine(later.date(), dt.time(10, 0), zoneinfo.ZoneInfo("Europe/Paris"))
    assert after["digest"] == (paris - dt.timedelta(hours=48)).astimezone(dt.UTC).isoformat()
    assert after != before

    # someone else joins: a row added (by the script, or by the page coming back without it), filled and saved
    tab.get_by_role("button", name="Add another interviewer").click()
    tab.locator("#p-interviewers-3-name").wait_for()
    tab.fill("#p-interviewers-3-name", "Ravi Shah")
    tab.select_option("#p-interviewers-3-relationship", "team_member")
    tab.get_by_role("button", name="Save the people").click()
    tab.get_by_text("thank-you drafts follow the people you meet").wait_for()
    assert tab.input_value("#p-interviewers-2-name") == "Ravi Shah"  # the empty row left out, the others kept
    check_page(tab, "04b-manage-people")

    # the digest preview
    tab.get_by_role("link", name="Preview your prep digest").click()
    tab.wait_for_load_state()  # the click returns once the new page starts loading, not once it has
    assert "Ask Ravi Shah" in tab.content()
    assert "Operations Analyst" in tab.content()
    check_page(tab, "05-digest-preview", axe=False)  # the email as sent: its own sandbox, no scripts
    tab.goto(manage_url)

    # unsubscribe: the link shows a page with a button; the button unsubscribes
    tab.get_by_role("link", name="Unsubscribe from emails about this interview").click()
    tab.get_by_role("heading", name="Stop emails about this interview?").wait_for()
    # opening the page changed nothing: the digest, the thank-you and the notice of the move made above still wait
    assert set(_schedules_for(stack, interview_id)) == {"digest", "notice", "thank_you"}
    check_page(tab, "06-unsubscribe")
    tab.get_by_role("button", name="Unsubscribe").click()
    tab.get_by_role("heading", name="You are unsubscribed").wait_for()
    check_page(tab, "07-unsubscribed")
    assert _schedules_for(stack, interview_id) == {}

    # time passes beyond the interview: nothing more is sent
    stack.run_scheduler(dt.datetime.now(dt.UTC) + dt.timedelta(days=30))
    assert len(stack.outbox(email)) == 1


def _schedules_for(stack: Stack, interview_id: str) -> dict[str, str]:
    """The pending schedules of one interview, by kind."""
    found = stack.call("GET", "/_local/schedules.json")
    return {s["target_input"]["kind"]: s["due_at"] for s in found if s["target_input"]["interview_id"] == interview_id}


def test_errors_are_shown_next_to_their_fields_and_the_input_is_kept(stack: Stack, page: Any) -> None:
    tab = page
    email = "not-an-email"
    tab.goto(stack.base + "/")
    tab.get_by_label("Your name").fill("<b>Zoë</b>")
    tab.get_by_label("Your email address").fill(email)
    tab.get_by_label("Company", exact=True).fill("Northwind")
    tab.get_by_label("Date", exact=True).fill(local_start(days=5).strftime("%Y-%m-%d"))
    tab.get_by_label("Start time").fill("14:00")
    tab.fill("#f-interviewers-0-name", "Dana Lee")  # no relationship chosen
    tab.get_by_role("button", name="Record the interview").last.click()

    summary = tab.get_by_role("alert")
    summary.wait_for()
    assert "There are 3 problems" in summary.inner_text()
    if tab.javascript:
        assert tab.evaluate("document.activeElement.id") == "error-summary"  # read out first
    email_box = tab.get_by_label("Your email address")
    assert email_box.get_attribute("aria-invalid") == "true"
    described = email_box.get_attribute("aria-describedby") or ""
    assert "not a valid email address" in tab.inner_text(f"#{described.split()[-1]}")
    role_box = tab.get_by_label("Role", exact=True)
    assert "is required" in tab.inner_text(f"#{(role_box.get_attribute('aria-describedby') or '').split()[-1]}")
    relationship = tab.locator("#f-interviewers-0-relationship")
    assert relationship.get_attribute("aria-invalid") == "true"
    # the input is kept, as typed
    assert email_box.input_value() == email
    assert tab.get_by_label("Your name").input_value() == "<b>Zoë</b>"
    assert tab.locator("#f-interviewers-0-name").input_value() == "Dana Lee"
    check_page(tab, "02-form-with-errors")
    # a link of the summary takes the keyboard to the field
    tab.get_by_role("link", name=re.compile("Your email address")).click()
    if tab.javascript:
        assert tab.evaluate("document.activeElement.id") == "f-candidate-email"


# --- in French -------------------------------------------------------------------------------------------------


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def page_fr(request: pytest.FixtureRequest, chromium: Any) -> Iterator[Any]:
    """A page in a Québec browser (Accept-Language: fr-CA), with JavaScript on or off."""
    yield from _tab(chromium, request.param, "fr-CA")


def test_a_person_in_quebec_records_and_manages_an_interview_in_french(stack: Stack, page_fr: Any) -> None:
    tab = page_fr
    email = f"fr-{'js' if tab.javascript else 'nojs'}-{time.time_ns()}@example.com"
    start = local_start(days=5)

    tab.goto(stack.base + "/")
    assert tab.title().startswith("Enregistrer une entrevue")
    assert tab.get_attribute("html", "lang") == "fr-CA"
    check_page(tab, "11-form-fr")
    tab.get_by_label("Votre nom").fill("Élise Tremblay")
    tab.get_by_label("Votre adresse courriel").fill(email)
    tab.get_by_label("Entreprise", exact=True).fill("Boréal Logistique")
    tab.get_by_label("Poste", exact=True).fill("Analyste des opérations")
    tab.get_by_label("Date", exact=True).fill(start.strftime("%Y-%m-%d"))
    tab.get_by_label("Heure de début").fill(start.strftime("%H:%M"))
    if not tab.javascript:
        tab.get_by_label("Fuseau horaire").select_option(ZONE)
    tab.get_by_label("Appel vidéo").check()
    fill_person(tab, 0, "Marc Gagnon", "hiring_manager", "Directeur des opérations")
    if tab.javascript:
        tab.get_by_role("button", name="Ajouter une autre personne").click()
        assert tab.text_content("#rows-status") in ("", "Personne 2 ajoutée.")
    assert tab.get_by_label("Français").is_checked()  # the emails take the page's language
    tab.get_by_role("button", name="Enregistrer l’entrevue").last.click()

    tab.get_by_role("heading", name="Consultez vos courriels").wait_for()
    check_page(tab, "12-check-your-email-fr")
    (mail,) = stack.outbox(email)
    assert mail["subject"].startswith("Confirmez votre préparation à l’entrevue")
    confirm = re.search(r"(http://[^\s]+/confirm/[A-Za-z0-9_-]{43})", mail["text"])
    assert confirm
    tab.goto(confirm.group(1))
    tab.get_by_role("button", name="Confirmer et ouvrir mon entrevue").click()
    tab.get_by_text("votre adresse est confirmée").wait_for()
    assert "Programmée" in tab.content() and "Langue des courriels" in tab.content()
    check_page(tab, "13-manage-fr")

    tab.get_by_role("link", name="English").click()  # the switch: this page in English, the emails unchanged
    tab.get_by_role("heading", name="The interview").wait_for()
    assert tab.get_attribute("html", "lang") == "en"
    check_page(tab, "14-manage-switched-to-en")


# --- "Start from your invitation": upload an .ics, and the record form comes back filled in --------------------


def test_a_person_uploads_an_ics_and_gets_the_form_filled_in(stack: Stack, page: Any) -> None:
    tab = page
    tab.goto(stack.base + "/")

    tab.get_by_label("Invitation file").set_input_files(str(INVITATIONS / "zoom.ics"))
    tab.get_by_role("button", name="Read my invitation").click()

    assert tab.get_by_role("heading", level=1).inner_text() == "Check and complete your interview"
    assert tab.get_by_label("Company", exact=True).input_value() == "Prairie Health"
    assert tab.get_by_label("Role", exact=True).input_value() == "Product Designer"
    assert tab.get_by_label("Date", exact=True).input_value() == "2027-04-01"
    assert tab.get_by_label("Start time").input_value() == "08:30"
    assert tab.get_by_label("Time zone").input_value() == "America/Chicago"
    assert tab.get_by_label("Video call").is_checked()
    assert tab.get_by_label("Location").input_value().startswith("https://prairiehealth.zoom.us/j/")
    assert tab.input_value("#f-interviewers-0-name") == "Ruth Okafor"
    # what the invitation does not say is highlighted, and listed with a link to the field
    assert tab.get_by_label("Your name").get_attribute("aria-invalid") == "true"
    assert tab.get_by_label("Company", exact=True).get_attribute("aria-invalid") is None
    tab.get_by_role("link", name="Your name: the invitation does not say: please fill it in.").click()
    check_page(tab, "invitation-prefilled")


def test_an_all_day_invitation_is_refused_next_to_the_upload(stack: Stack, page: Any) -> None:
    tab = page
    tab.goto(stack.base + "/")

    tab.get_by_label("Invitation file").set_input_files(str(INVITATIONS / "all_day.ics"))
    tab.get_by_role("button", name="Read my invitation").click()

    assert "all-day event" in tab.locator(".field-error").first.inner_text()
    assert tab.get_by_label("Invitation file").get_attribute("aria-invalid") == "true"
