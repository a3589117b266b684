"""Attacks from an adversarial review, each replayed as the request a hostile client sends, with the documented answer.

Dates at the edges of the calendar, integers of any length, invisible and direction-control characters, zone names
that are not places, addresses that need SMTPUTF8, stale `If-Match` on notes, forged list cursors.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import hardening_support as hs
from tests.conftest import NOW, Api, interview_body

ODD_DATES = [
    ("9999-12-31T23:59", "Pacific/Kiritimati"),  # UTC+14: the UTC instant is past year 9999
    ("9999-12-31T23:00", "America/Toronto"),
    ("0001-01-01T00:00", "Asia/Tokyo"),  # UTC+9: the UTC instant is before year 1
    ("0001-01-01T00:30", "Pacific/Kiritimati"),
    ("9000-12-31T23:59", "Pacific/Kiritimati"),
    ("1969-12-31T23:59", "UTC"),
]


def _field_errors(body: Any) -> dict[str, str]:
    assert hs.is_error_body(body), body
    return {d["field"]: d["message"] for d in body["error"]["details"]}


@pytest.mark.parametrize(("starts_at", "zone"), ODD_DATES)
def test_create_with_a_start_at_the_calendars_edge_answers_422_not_5xx(
    api: Api, clock_at: Any, starts_at: str, zone: str
) -> None:
    status, _, body = api.call("POST", "/v1/interviews", interview_body(starts_at=starts_at, timezone=zone))

    assert status == 422, body
    assert "starts_at" in _field_errors(body)


@pytest.mark.parametrize(("starts_at", "zone"), ODD_DATES)
def test_patch_to_a_start_at_the_calendars_edge_answers_422_not_5xx(
    api: Api, clock_at: Any, starts_at: str, zone: str
) -> None:
    status, _, created = api.call("POST", "/v1/interviews", interview_body())
    assert status == 201, created

    status, _, body = api.call("PATCH", f"/v1/interviews/{created['id']}", {"starts_at": starts_at, "timezone": zone})

    assert status == 422, body
    assert "starts_at" in _field_errors(body)
    status, _, unchanged = api.call("GET", f"/v1/interviews/{created['id']}")
    assert unchanged["starts_at"] == created["starts_at"] and unchanged["version"] == created["version"]


@pytest.fixture
def runtime(clock_at: Any) -> Any:
    with hs.local_runtime() as rt:
        yield rt


def _store() -> Any:
    from interview_prep.adapters.settings import settings
    from interview_prep.adapters.store import InterviewStore

    return InterviewStore(settings().table_name)


def test_form_with_a_start_in_year_9999_shows_the_error_next_to_the_date(runtime: Any) -> None:
    browser = hs.Browser()

    status, _, page = browser.submit(
        hs.form_fields(**{"starts_at.date": "9999-12-31", "starts_at.time": "23:59", "timezone": "Pacific/Kiritimati"})
    )

    assert status == 422
    assert "between the years 1970 and 9000" in page
    assert runtime.outbox() == []


def test_manage_page_reschedule_to_year_1_shows_the_error_and_changes_nothing(runtime: Any) -> None:
    from interview_prep.services import access, tokens

    _, key = access.create_api_key(_store(), "Acme Recruiting", now=NOW)
    status, _, created = Api(key).call("POST", "/v1/interviews", interview_body())
    assert status == 201, created
    token = tokens.mint(_store(), interview_id=created["id"], purpose="manage", expires_at=NOW + dt.timedelta(days=30))
    browser = hs.Browser()

    status, _, page = _post_manage(
        browser,
        token,
        "reschedule",
        {"starts_at.date": "0001-01-01", "starts_at.time": "00:00", "timezone": "Asia/Tokyo"},
    )

    assert status == 422, page[:300]
    assert "between the years 1970 and 9000" in page
    assert _store().get(created["id"]).starts_at == created["starts_at"]


def _post_manage(
    browser: hs.Browser, token: str, action: str, fields: dict[str, str]
) -> tuple[int, dict[str, str], str]:
    _, _, text = browser.request("GET", f"/manage/{token}")
    match = re.search(r'name="csrf_token" value="([^"]*)"', text)
    assert match, text[:300]
    return browser.request("POST", f"/manage/{token}/{action}", form={**fields, "csrf_token": match.group(1)})


# --- integers of any length ------------------------------------------------------------------------------------


@pytest.mark.parametrize("digits", [21, 4301, 20_000])
def test_create_and_patch_with_a_huge_json_integer_answer_422_not_5xx(api: Api, clock_at: Any, digits: int) -> None:
    huge = "9" * digits
    raw = json.dumps(interview_body()).replace('"round": 2', f'"round": {huge}').encode()
    status, _, body = api.call("POST", "/v1/interviews", raw=raw, headers={"Content-Type": "application/json"})
    assert status == 422, body
    assert hs.is_error_body(body)

    _, _, created = api.call("POST", "/v1/interviews", interview_body())
    status, _, body = api.call(
        "PATCH",
        f"/v1/interviews/{created['id']}",
        raw=f'{{"duration_minutes": -{huge}}}'.encode(),
        headers={"Content-Type": "application/json"},
    )
    assert status == 422, body
    assert hs.is_error_body(body)


# --- zones that are not places -----------------------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["localtime", "Factory", "EST5EDT", "posixrules", "CST6CDT", "Etc/GMT+5"])
def test_create_with_a_zone_that_is_not_a_place_answers_422(api: Api, clock_at: Any, zone: str) -> None:
    status, _, body = api.call("POST", "/v1/interviews", interview_body(timezone=zone))

    assert status == 422, body
    assert "region and a city" in _field_errors(body)["timezone"]


# --- invisible and direction-control characters ----------------------------------------------------------------


@pytest.mark.parametrize(
    "char", ["\u2066", "\u2067", "\u2068", "\u2069", "\u200f", "\u200e", "\u061c", "\u200b", "\ufeff", "\u2060"]
)
def test_create_with_an_invisible_or_direction_control_character_answers_422(
    api: Api, clock_at: Any, char: str
) -> None:
    body = interview_body(candidate={"name": f"Zoë{char} O'Brien", "email": "zoe@example.com"})

    status, _, answer = api.call("POST", "/v1/interviews", body)

    assert status == 422, answer
    assert "invisible" in _field_errors(answer)["candidate.name"]


@pytest.mark.parametrize("text", ["\u200b", "\u200b\u200c\u200d", "\u3164\u3164", " \u2800 ", "\u0301"])
def test_a_field_of_only_invisible_characters_counts_as_empty(api: Api, clock_at: Any, text: str) -> None:
    status, _, answer = api.call("POST", "/v1/interviews", interview_body(role=text))

    assert status == 422, answer
    assert "role" in _field_errors(answer)


def test_joiners_between_letters_are_kept(api: Api, clock_at: Any) -> None:
    name = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # a Persian word with a zero-width non-joiner
    status, _, answer = api.call("POST", "/v1/interviews", interview_body(role=name))

    assert status == 201, answer
    assert answer["role"] == name


# --- internationalised addresses ----------------------------------------------------------------------------------


def test_create_with_a_non_ascii_local_part_answers_422_saying_why(api: Api, clock_at: Any) -> None:
    body = interview_body(candidate={"name": "José", "email": "josé@example.com"})

    status, _, answer = api.call("POST", "/v1/interviews", body)

    assert status == 422, answer
    assert "ASCII" in _field_errors(answer)["candidate.email"]


# --- conditional notes ------------------------------------------------------------------------------------------


def test_put_notes_with_a_stale_if_match_answers_412_and_keeps_the_notes(api: Api, clock_at: Any) -> None:
    _, _, created = api.call("POST", "/v1/interviews", interview_body())
    path = f"/v1/interviews/{created['id']}"
    status, _, first = api.call("PUT", f"{path}/notes", {"text": "first"}, headers={"If-Match": '"1"'})
    assert status == 200, first

    status, _, body = api.call("PUT", f"{path}/notes", {"text": "overwrite"}, headers={"If-Match": '"1"'})

    assert status == 412, body
    assert body["error"]["code"] == "precondition_failed"
    _, _, now = api.call("GET", path)
    assert now["notes"]["text"] == "first"


# --- list cursors ---------------------------------------------------------------------------------------------


def _two_pages(api: Api) -> str:
    for day in (16, 17, 18):
        status, _, body = api.call("POST", "/v1/interviews", interview_body(starts_at=f"2027-01-{day}T14:00"))
        assert status == 201, body
    status, _, page = api.call("GET", "/v1/interviews?limit=1")
    assert status == 200 and page["next"], page
    return str(page["next"])


def test_list_cursor_is_opaque_it_does_not_show_the_owner(api: Api, clock_at: Any) -> None:
    import base64

    cursor = _two_pages(api)

    decoded = "".join(
        base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)).decode("latin-1") for part in cursor.split(".")
    )
    assert "Acme" not in decoded and "OWNER" not in decoded and "Acme" not in cursor


def test_list_with_a_forged_or_altered_cursor_answers_422(api: Api, clock_at: Any) -> None:
    import base64

    cursor = _two_pages(api)
    payload, _, mac = cursor.partition(".")
    other_id = "0" * 32
    forged_payload = base64.urlsafe_b64encode(f"2027-01-16T19:00:00Z#{other_id}".encode()).decode().rstrip("=")
    old_style = base64.urlsafe_b64encode(
        json.dumps({"pk": "INTERVIEW#x", "sk": "INTERVIEW", "gsi1pk": "OWNER#web", "gsi1sk": "0"}).encode()
    ).decode()

    for forged in (f"{forged_payload}.{mac}", f"{payload}.{'A' * len(mac)}", payload, old_style, f"{payload}."):
        status, _, body = api.call("GET", f"/v1/interviews?limit=1&next={forged}")
        assert status == 422, (forged, body)
        assert _field_errors(body)["next"]


def test_list_cursor_of_another_owner_answers_422(api: Api, clock_at: Any) -> None:
    from interview_prep.services import access

    cursor = _two_pages(api)
    _, other_key = access.create_api_key(_store(), "Someone Else", now=NOW)

    status, _, body = Api(other_key).call("GET", f"/v1/interviews?limit=1&next={cursor}")

    assert status == 422, body


def test_list_cursor_outside_the_asked_window_answers_422_before_reaching_dynamodb(api: Api, clock_at: Any) -> None:
    cursor = _two_pages(api)  # stopped at the 16th

    status, _, body = api.call("GET", f"/v1/interviews?limit=1&from=2027-01-17T00:00:00Z&next={cursor}")

    assert status == 422, body


# --- address headers ------------------------------------------------------------------------------------------

FOLDING_ATTACKS = [
    "A" * 60 + " <evil@attacker.example>",
    "x" * 80 + '"<evil@attacker.example>',
    '"' * 50 + "evil@attacker.example",
    "a,b <evil@attacker.example>, c",
    "Zoë " * 30 + "<evil@attacker.example>",
    "(" * 40 + "evil@attacker.example",
    "=?utf-8?q?evil=40attacker.example?= <evil@attacker.example>",
    "\\" * 70 + "<evil@attacker.example>",
    "Zoë O'Brien",
    "",
]


def _parsed_to(raw: bytes) -> list[str]:
    """The `To` addresses of a message as a strict parser reads them (a defect is an error, not a guess)."""
    import email
    import email.policy

    parsed = email.message_from_bytes(raw, policy=email.policy.strict)
    assert len(parsed.get_all("To") or []) == 1
    return [a.addr_spec for a in parsed["To"].addresses]


def _compose_to(name: str, address: str) -> bytes:
    from interview_prep.adapters.ses import WIRE_POLICY
    from interview_prep.domain import clock
    from interview_prep.domain.mail import Links, RenderedEmail, compose

    with clock.frozen(NOW):
        message = compose(
            RenderedEmail(subject="Your prep", text="t", html="<p>h</p>"),
            to_name=name,
            to_address=address,
            sender="Interview Prep <prep@interview-prep.example.com>",
            reply_to="help@interview-prep.example.com",
            links=Links(manage_url="https://x.test/m", unsubscribe_url="https://x.test/u"),
        )
    return message.as_bytes(policy=WIRE_POLICY)


@pytest.mark.parametrize("name", FOLDING_ATTACKS)
def test_compose_a_display_name_crafted_to_fold_into_an_address_leaves_to_holding_only_the_candidate(name: str) -> None:
    assert _parsed_to(_compose_to(name, "candidate@example.com")) == ["candidate@example.com"]


NAME_CHARACTERS = st.characters(
    blacklist_categories=("Cs",),  # every character class but lone surrogates (not text)
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.one_of(
        st.text(NAME_CHARACTERS, max_size=300),
        st.text(st.sampled_from('"<>@,;:\\()[]. =?'), max_size=300),
        st.builds(lambda a, b: a + " <evil@attacker.example>" + b, st.text(NAME_CHARACTERS, max_size=150), st.text()),
    ),
    domain=st.sampled_from(["example.com", "exämple.com", "bücher.example", "xn--bcher-kva.example"]),
)
def test_compose_any_name_of_any_length_and_character_class_to_is_exactly_the_candidate(name: str, domain: str) -> None:
    from interview_prep.domain.addresses import ascii_domain

    assert _parsed_to(_compose_to(name, f"candidate@{domain}")) == [f"candidate@{ascii_domain(domain)}"]


def test_every_outgoing_message_parses_strictly_with_to_exactly_the_candidate(runtime: Any) -> None:
    """The whole flow (confirmation, digest, thank-you) for hostile names: each message SES received is parsed."""
    from interview_prep.services import access
    from moto.ses.models import ses_backends

    from local_stack.cfn import ACCOUNT

    _, key = access.create_api_key(_store(), "Acme Recruiting", now=NOW)
    addresses = {}
    for n, name in enumerate(FOLDING_ATTACKS[:-1]):  # the API refuses an empty name
        address = f"candidate{n}@exämple.com" if n % 2 else f"candidate{n}@example.com"
        status, _, body = Api(key).call(
            "POST", "/v1/interviews", interview_body(candidate={"name": name[:100], "email": address})
        )
        assert status == 201, body
        addresses[body["id"]] = address
    browser = hs.Browser()
    status, _, _ = browser.submit(hs.form_fields(**{"candidate.name": FOLDING_ATTACKS[0][:100]}))
    assert status == 200
    runtime.run_scheduler(dt.datetime(2027, 1, 20, tzinfo=dt.UTC))

    with runtime.lock:
        raws = [m.raw_data for m in ses_backends[ACCOUNT][runtime.region].sent_messages]
    assert len(raws) == 2 * len(addresses) + 1  # a digest and a thank-you each, and the form's confirmation
    expected = {a.replace("exämple.com", "xn--exmple-cua.com") for a in addresses.values()} | {"zoe@example.com"}
    seen = set()
    for raw in raws:
        (to,) = _parsed_to(raw.encode() if isinstance(raw, str) else raw)
        assert to in expected, to
        seen.add(to)
    assert seen == expected


# --- mail-bombing through the caps ----------------------------------------------------------------------------


def _limits(**env: str) -> None:
    """Set cap limits for this test (the runtime fixture restores the environment afterwards)."""
    import os

    from interview_prep.adapters.settings import settings

    os.environ.update(env)
    settings.cache_clear()


def _confirmations(runtime: Any) -> list[dict[str, Any]]:
    return [m for m in runtime.outbox() if m["subject"].strip().startswith("Confirm")]


def test_caps_count_case_plus_and_dot_variants_of_one_mailbox_as_one(runtime: Any) -> None:
    variants = [
        "Zoe.Smith+1@gmail.com",
        "zoesmith+2@GMAIL.com",
        "z.o.e.s.m.i.t.h@googlemail.com",
        "ZOESMITH@gmail.com",
        "zoe.smith+x@gmail.com",
    ]

    statuses = [
        hs.Browser(source_ip=f"198.51.100.{n}").submit(hs.form_fields(**{"candidate.email": address}))[0]
        for n, address in enumerate(variants)
    ]

    assert statuses == [200, 200, 200, 429, 429]
    assert len(_confirmations(runtime)) == 3


def test_caps_refuse_a_fourth_mailbox_at_one_domain_once_the_domain_cap_is_reached(runtime: Any) -> None:
    _limits(UNCONFIRMED_PER_DOMAIN_PER_DAY="3")

    statuses = [
        hs.Browser(source_ip=f"198.51.100.{n}").submit(hs.form_fields(**{"candidate.email": f"p{n}@victim.example"}))
        for n in range(4)
    ]
    other = hs.Browser(source_ip="198.51.100.99").submit(hs.form_fields(**{"candidate.email": "p@other.example"}))

    assert [s[0] for s in statuses] == [200, 200, 200, 429]
    assert "domain" in statuses[-1][2]
    assert other[0] == 200
    assert len(_confirmations(runtime)) == 4


def test_caps_refuse_past_the_global_hourly_cap_and_count_the_alarmed_metric(
    runtime: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    _limits(UNCONFIRMED_PER_HOUR="2")
    import os

    os.environ["POWERTOOLS_METRICS_DISABLED"] = "0"

    statuses = [
        hs.Browser(source_ip=f"198.51.100.{n}").submit(hs.form_fields(**{"candidate.email": f"p{n}@d{n}.example"}))[0]
        for n in range(3)
    ]

    assert statuses == [200, 200, 429]
    assert len(_confirmations(runtime)) == 2
    assert "UnconfirmedGlobalCapReached" in capsys.readouterr().out


def test_caps_count_ipv6_sources_by_their_64_network(runtime: Any) -> None:
    _limits(UNCONFIRMED_PER_SOURCE_PER_DAY="2")

    same_network = ["2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:9", "2001:db8:1:2:abcd::7"]
    statuses = [
        hs.Browser(source_ip=ip).submit(hs.form_fields(**{"candidate.email": f"p{n}@example.com"}))[0]
        for n, ip in enumerate(same_network)
    ]
    neighbour = hs.Browser(source_ip="2001:db8:1:3::1").submit(hs.form_fields(**{"candidate.email": "q@example.com"}))

    assert statuses == [200, 200, 429]
    assert neighbour[0] == 200


def test_caps_a_refused_submission_spends_no_counter(runtime: Any) -> None:
    _limits(UNCONFIRMED_PER_SOURCE_PER_DAY="4", UNCONFIRMED_PER_EMAIL_PER_DAY="1")
    browser = hs.Browser(source_ip="203.0.113.50")

    first = browser.submit(hs.form_fields(**{"candidate.email": "a@example.com"}))[0]
    refused = [browser.submit(hs.form_fields(**{"candidate.email": "a@example.com"}))[0] for _ in range(3)]
    others = [browser.submit(hs.form_fields(**{"candidate.email": f"{x}@example.com"}))[0] for x in "bcd"]
    over = browser.submit(hs.form_fields(**{"candidate.email": "e@example.com"}))[0]

    assert (first, refused, others, over) == (200, [429, 429, 429], [200, 200, 200], 429)


def test_caps_one_service_function_for_every_way_in(runtime: Any) -> None:
    """What an upload or an inbound email calls: the same counters as the form, no source address needed."""
    from interview_prep.services import caps

    for _ in range(3):
        caps.admit_unconfirmed(_store(), email="Sam+import@Example.com", source=None, now=NOW)
    with pytest.raises(caps.CapReached) as refused:
        caps.admit_unconfirmed(_store(), email="sam@example.com", source=None, now=NOW)
    assert refused.value.scope == "mailbox" and refused.value.status == 429

    status, _, _ = hs.Browser().submit(hs.form_fields(**{"candidate.email": "sam@example.com"}))
    assert status == 429


@pytest.mark.parametrize(
    ("address", "mailbox"),
    [
        ("Zoe.Smith+jobs@GMail.com", "zoesmith@gmail.com"),
        ("z.s@googlemail.com", "zs@gmail.com"),
        ("Zoe.Smith+jobs@Example.com", "zoe.smith@example.com"),
        ("zoe@Bücher.example", "zoe@xn--bcher-kva.example"),
    ],
)
def test_normalised_mailbox_follows_the_documented_rule(address: str, mailbox: str) -> None:
    from interview_prep.services.caps import normalised_mailbox

    assert normalised_mailbox(address) == mailbox


# --- the confirm link and mail scanners -------------------------------------------------------------------------


def _table_items() -> list[dict[str, Any]]:
    import boto3
    from interview_prep.adapters.settings import settings

    return list(boto3.resource("dynamodb", region_name=hs.REGION).Table(settings().table_name).scan()["Items"])


def _confirm_link(runtime: Any) -> str:
    (mail,) = _confirmations(runtime)
    match = re.search(r"/confirm/[A-Za-z0-9_-]{43}", mail["text"])
    assert match
    return match.group(0)


def test_a_mail_scanner_get_of_the_confirm_link_writes_nothing(runtime: Any) -> None:
    assert hs.Browser().submit(hs.form_fields())[0] == 200
    link = _confirm_link(runtime)
    before = _table_items()

    scans = [hs.Browser(source_ip="192.0.2.1").request(method, link) for method in ("GET", "HEAD", "GET")]

    assert [s[0] for s in scans][::2] == [200, 200] and scans[1][0] < 500
    assert "<form" in scans[0][2] and 'method="post"' in scans[0][2]
    assert _table_items() == before  # no confirmation, no manage token minted
    (interview,) = [i for i in before if i["sk"] == "INTERVIEW"]
    assert interview["status"] == "pending_confirmation"


def test_a_confirm_post_without_the_pages_csrf_token_confirms_nothing(runtime: Any) -> None:
    assert hs.Browser().submit(hs.form_fields())[0] == 200
    link = _confirm_link(runtime)

    forged = hs.Browser(source_ip="192.0.2.2").request("POST", link, form={"csrf_token": "x" * 64})

    assert forged[0] == 403
    assert [i["status"] for i in _table_items() if i["sk"] == "INTERVIEW"] == ["pending_confirmation"]


def test_the_confirm_button_confirms_and_opens_the_manage_page(runtime: Any) -> None:
    browser = hs.Browser()
    assert browser.submit(hs.form_fields())[0] == 200

    status, headers, _ = browser.press(_confirm_link(runtime))

    assert status == 303 and "/manage/" in headers["location"] and "done=confirmed" in headers["location"]
    assert [i["status"] for i in _table_items() if i["sk"] == "INTERVIEW"] == ["scheduled"]


# --- owners: API keys and the web form -------------------------------------------------------------------------


@pytest.mark.parametrize("owner", ["web", " Web ", "WEB", "\uff57\uff45\uff42", "#web", "#anything", "admin", ""])
def test_an_api_key_for_a_reserved_or_the_web_forms_owner_cannot_be_created(runtime: Any, owner: str) -> None:
    from interview_prep import admin
    from interview_prep.services import access

    with pytest.raises(ValueError, match=r"reserved|must"):
        access.create_api_key(_store(), owner, now=NOW)
    assert admin.main(["--table", _store()._table.name, "create-api-key", "--owner", owner]) == 2


def test_a_key_planted_with_owner_web_opens_nothing_of_the_forms_interviews(runtime: Any) -> None:
    from interview_prep.adapters.store import sha256
    from interview_prep.services import access

    assert hs.Browser().submit(hs.form_fields())[0] == 200
    planted = "ipk_" + "p" * 43
    _store().put_api_key(sha256(planted), key_id="legacy01", owner="web", created_at=NOW)
    _, good_key = access.create_api_key(_store(), "Acme Recruiting", now=NOW)
    (form_interview,) = [i for i in _table_items() if i["sk"] == "INTERVIEW"]

    status, _, body = Api(planted).call("GET", "/v1/interviews")
    assert status == 401, body
    status, _, body = Api(good_key).call("GET", "/v1/interviews")
    assert status == 200 and body["items"] == []
    status, _, body = Api(good_key).call("GET", f"/v1/interviews/{form_interview['id']}")
    assert status == 404


# --- single-purpose unsubscribe tokens ----------------------------------------------------------------------------


def _digest(runtime: Any, key: str) -> dict[str, Any]:
    status, _, created = Api(key).call("POST", "/v1/interviews", interview_body())
    assert status == 201, created
    runtime.run_scheduler(dt.datetime(2027, 1, 15, tzinfo=dt.UTC))
    (digest,) = [m for m in runtime.outbox() if m["subject"].strip().startswith("Prep")]
    return digest


def test_the_list_unsubscribe_url_carries_a_token_that_only_unsubscribes(runtime: Any) -> None:
    from interview_prep.services import access

    _, key = access.create_api_key(_store(), "Acme Recruiting", now=NOW)
    digest = _digest(runtime, key)
    headers = {k.lower(): v for k, v in digest["headers"].items()}
    (url,) = re.findall(r"<(https?://[^>]+)>", headers["list-unsubscribe"])
    token = url.rsplit("/", 1)[1]
    manage_tokens = re.findall(r"/manage/([A-Za-z0-9_-]{43})", digest["text"] + digest["html"])
    browser = hs.Browser(source_ip="192.0.2.3")

    assert manage_tokens and token not in manage_tokens
    assert browser.request("GET", f"/manage/{token}")[0] == 404
    page = browser.request("GET", f"/unsubscribe/{token}")
    assert page[0] == 200 and "/manage/" not in page[2]
    assert browser.request("POST", f"/manage/{token}/cancel", form={"csrf_token": "x"})[0] == 404
    status, _, _ = browser.request("POST", f"/unsubscribe/{token}", form={"List-Unsubscribe": "One-Click"})
    assert status == 200
    (interview,) = [i for i in _table_items() if i["sk"] == "INTERVIEW"]
    assert interview["status"] == "scheduled" and '"unsubscribed_at":null' not in interview["doc"]


def test_an_unsubscribe_link_of_an_older_email_with_the_manage_token_still_unsubscribes(runtime: Any) -> None:
    from interview_prep.services import access, tokens

    _, key = access.create_api_key(_store(), "Acme Recruiting", now=NOW)
    status, _, created = Api(key).call("POST", "/v1/interviews", interview_body())
    assert status == 201
    legacy = tokens.mint(_store(), interview_id=created["id"], purpose="manage", expires_at=NOW + dt.timedelta(days=9))

    page = hs.Browser().request("GET", f"/unsubscribe/{legacy}")
    status, _, _ = hs.Browser().request("POST", f"/unsubscribe/{legacy}", form={"List-Unsubscribe": "One-Click"})

    assert page[0] == 200 and f"/manage/{legacy}" in page[2]
    assert status == 200
    _, _, now = Api(key).call("GET", f"/v1/interviews/{created['id']}")
    assert now["unsubscribed_at"]
