"""Headers as mail clients show them: a sender name, and no header folded right after its colon."""

from __future__ import annotations

import email
import email.policy
import re

import pytest
from interview_prep.domain.digest import subject_line
from interview_prep.domain.mail import SENDER_NAME, RenderedEmail, compose

from tests.sample_interviews import KESTREL, stored_interview

LONG_ROLE = "Principal-Distributed-Systems-Reliability-Engineer-Platform-Infrastructure"


def message(subject: str, sender: str = "prep@interview-prep.example.com") -> tuple[str, email.message.EmailMessage]:
    composed = compose(
        RenderedEmail(subject=subject, text="Hello", html="<p>Hello</p>"),
        to_name="Ada Lovelace",
        to_address="ada@example.com",
        sender=sender,
        reply_to=None,
        links=None,
    )
    raw = composed.as_string()
    return raw, email.message_from_string(raw, policy=email.policy.default)  # type: ignore[return-value]


def header_lines(raw: str) -> list[str]:
    return raw.split("\r\n\r\n", 1)[0].split("\r\n")


def test_compose_from_has_the_service_name_and_the_sender_address() -> None:
    _, parsed = message("Hello")

    assert parsed["From"].addresses[0].display_name == SENDER_NAME == "Interview Prep"
    assert parsed["From"].addresses[0].addr_spec == "prep@interview-prep.example.com"


def test_compose_sender_with_its_own_name_keeps_it() -> None:
    _, parsed = message("Hello", sender="Acme Careers <careers@acme.example>")

    assert str(parsed["From"]) == "Acme Careers <careers@acme.example>"
    assert parsed["Message-ID"].endswith("@acme.example>")


@pytest.mark.parametrize("updated", [False, True])
def test_compose_long_subject_with_a_long_word_not_folded_after_the_colon(updated: bool) -> None:
    interview = stored_interview(KESTREL, role=LONG_ROLE, company={"name": "Kestrel-Robotics-International"})
    subject = subject_line(interview, updated=updated)

    raw, parsed = message(subject)

    # No header line ends at its colon with the value on the next line (read with a leading space)
    assert not [line for line in header_lines(raw) if re.fullmatch(r"[A-Za-z-]+:\s*", line)]
    assert str(parsed["Subject"]) == subject
    subject_raw = next(line for line in header_lines(raw) if line.startswith("Subject:"))
    assert subject_raw.startswith("Subject: Updated: Prep" if updated else "Subject: Prep")


def test_compose_message_id_on_the_header_line() -> None:
    raw, parsed = message("Hello", sender="prep@mail.a-rather-long-subdomain.interview-prep.example.com")

    line = next(line for line in header_lines(raw) if line.startswith("Message-ID:"))
    assert re.fullmatch(r"Message-ID: <[^<>\s]+@mail\.a-rather-long-subdomain\.interview-prep\.example\.com>", line)
    assert str(parsed["Message-ID"]).startswith("<")


def test_compose_non_ascii_subject_decodes_to_the_same_text_and_the_wire_is_7bit() -> None:
    subject = "Updated: Prep for your Ingénieure logicielle interview at Zoë & Ōno Kōgyō, Tue 14 Mar"

    raw, parsed = message(subject)

    assert raw.isascii()
    assert str(parsed["Subject"]) == subject
