"""The "Start from your invitation" form in a real browser (Debian's Chromium), with JavaScript and without:
upload an .ics, and the record form comes back filled in, the fields the invitation does not say highlighted."""

from __future__ import annotations

from typing import Any

import pytest

from tests import test_browser
from tests.test_browser import Stack, check_page
from tests.test_invitations import FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# The same local stack, browser and pages as the form's own browser tests.
stack, chromium, page = test_browser.stack, test_browser.chromium, test_browser.page


def test_a_person_uploads_an_ics_and_gets_the_form_filled_in(stack: Stack, page: Any) -> None:
    tab = page
    tab.goto(stack.base + "/")

    tab.get_by_label("Invitation file").set_input_files(str(FIXTURES / "zoom.ics"))
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

    tab.get_by_label("Invitation file").set_input_files(str(FIXTURES / "all_day.ics"))
    tab.get_by_role("button", name="Read my invitation").click()

    assert "all-day event" in tab.locator(".field-error").first.inner_text()
    assert tab.get_by_label("Invitation file").get_attribute("aria-invalid") == "true"
