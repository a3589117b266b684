"""Webhooks: registered by an API key's owner, signed per Standard Webhooks, retried, never sent to private addresses.

Signatures are checked with the Standard Webhooks reference library (`standardwebhooks`), as a receiver would.
Over HTTP: the local stack (allowed to deliver to 127.0.0.1) posts every event to a small receiver in this test;
one that fails three times and then recovers still gets each event once.
"""

from __future__ import annotations

import datetime as dt
import http.server
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from interview_prep.domain import webhooks as rules
from standardwebhooks.webhooks import Webhook

from tests import hardening_support as hs
from tests.conftest import Api, interview_body

# --- signing and addresses (pure) --------------------------------------------------------------------------------


def test_signature_verifies_with_the_standard_webhooks_reference_library() -> None:
    secret = rules.new_secret()
    body = rules.payload("interview.recorded", "2027-01-11T15:00:00+00:00", {"id": "f" * 32})
    now = int(dt.datetime.now(dt.UTC).timestamp())

    headers = rules.signed_headers(secret, "f" * 32, now, body)

    assert Webhook(secret).verify(body, headers) == json.loads(body)
    with pytest.raises(Exception, match="signature"):
        Webhook(rules.new_secret()).verify(body, headers)
    with pytest.raises(Exception, match="signature"):
        Webhook(secret).verify(body.replace("recorded", "cancelled"), headers)


@pytest.mark.parametrize(
    "address",
    ["10.0.0.7", "172.16.0.1", "192.168.1.1", "127.0.0.1", "169.254.169.254", "::1", "fe80::1", "fd00::1",
     "::ffff:10.0.0.1", "100.64.0.1", "0.0.0.0", "224.0.0.1"],  # noqa: S104 - an address to refuse, not bound
)  # fmt: skip
def test_check_addresses_private_loopback_link_local_refused(address: str) -> None:
    with pytest.raises(rules.RefusedUrl):
        rules.check_addresses(["93.184.215.14", address])


def test_check_addresses_public_accepted_loopback_only_when_allowed() -> None:
    rules.check_addresses(["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])
    rules.check_addresses(["127.0.0.1"], allow_loopback=True)
    with pytest.raises(rules.RefusedUrl):
        rules.check_addresses(["10.0.0.1"], allow_loopback=True)
    with pytest.raises(rules.RefusedUrl, match="resolve"):
        rules.check_addresses([])


@pytest.mark.parametrize(
    "url",
    ["http://hooks.example.com/x", "ftp://hooks.example.com/", "https://user:pw@hooks.example.com/", "https:///x",
     "https://hooks.example.com/#frag", "http://127.0.0.1:9/x", "https://hooks.example.com:99999/"],
)  # fmt: skip
def test_parse_url_refuses_what_is_not_a_plain_https_url(url: str) -> None:
    with pytest.raises(rules.RefusedUrl):
        rules.parse_url(url)


def test_parse_url_http_to_loopback_only_when_allowed() -> None:
    assert rules.parse_url("http://127.0.0.1:8080/hook", allow_loopback=True).port == 8080
    with pytest.raises(rules.RefusedUrl):
        rules.parse_url("http://10.0.0.1/hook", allow_loopback=True)


# --- the API (in-process, on moto) -------------------------------------------------------------------------------


@pytest.fixture
def public_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every name resolves to a public address, except `*.internal.example` (a private one); an address is itself."""
    import ipaddress

    from interview_prep.adapters import webhooks as adapter

    def resolve(host: str, port: int) -> list[str]:
        try:
            return [str(ipaddress.ip_address(host))]
        except ValueError:
            return ["10.1.2.3"] if host.endswith(".internal.example") else ["93.184.215.14"]

    monkeypatch.setattr(adapter, "resolve", resolve)


def test_webhooks_register_shows_the_secret_once_lists_without_it_and_deletes(api: Api, public_dns: None) -> None:
    status, _, created = api.call("POST", "/v1/webhooks", {"url": "https://ats.example.com/hooks/prep"})

    assert status == 201, created
    assert created["secret"].startswith("whsec_") and created["url"] == "https://ats.example.com/hooks/prep"
    status, _, listed = api.call("GET", "/v1/webhooks")
    assert status == 200 and listed == {"items": [{k: v for k, v in created.items() if k != "secret"}]}
    assert api.call("GET", "/v1/webhooks", key="not-a-key")[0] == 401
    assert api.call("DELETE", f"/v1/webhooks/{created['id']}")[0] == 204
    assert api.call("DELETE", f"/v1/webhooks/{created['id']}")[0] == 404
    assert api.call("GET", "/v1/webhooks")[2] == {"items": []}


@pytest.mark.parametrize(
    "url",
    ["https://169.254.169.254/latest/meta-data", "https://10.0.0.1/hook", "https://db.internal.example/hook",
     "https://[::1]/hook", "http://ats.example.com/hook"],
)  # fmt: skip
def test_webhooks_private_or_plain_http_url_refused_with_the_field_named(api: Api, public_dns: None, url: str) -> None:
    status, _, body = api.call("POST", "/v1/webhooks", {"url": url})

    assert status == 422, body
    assert [d["field"] for d in body["error"]["details"]] == ["url"]
    assert api.call("GET", "/v1/webhooks")[2] == {"items": []}


def test_webhooks_at_send_time_an_address_turned_private_is_not_sent_to(
    api: Api, public_dns: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interview_prep.adapters import webhooks as adapter
    from interview_prep.domain import clock
    from interview_prep.services import webhooks

    assert api.call("POST", "/v1/webhooks", {"url": "https://ats.example.com/hooks/prep"})[0] == 201
    posted: list[str] = []
    monkeypatch.setattr(adapter, "resolve", lambda host, port: ["192.168.0.10"])  # DNS changed since registration
    monkeypatch.setattr(adapter, "post", lambda url, address, body, headers: posted.append(address) or 200)
    event = {"detail-type": "interview.recorded", "detail": {"id": "e" * 32, "owner": "Acme Recruiting"}}

    with pytest.raises(webhooks.WebhookFailed, match="refused_address"):
        webhooks.deliver_event(event, now=clock.now())
    assert posted == []


# --- over HTTP on the local stack --------------------------------------------------------------------------------


class Receiver:
    """An HTTP endpoint on 127.0.0.1 that fails its first `failures` requests (500), then takes them (204)."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.requests: list[tuple[int, dict[str, str], str]] = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
                status = 500 if len(receiver.requests) < receiver.failures else 204
                receiver.requests.append((status, dict(self.headers.items()), body))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                return

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/prep"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def taken(self) -> list[tuple[dict[str, str], str]]:
        return [(headers, body) for status, headers, body in self.requests if status == 204]


@pytest.fixture(scope="module")
def stack() -> Iterator[hs.StackProcess]:
    with hs.local_stack(env={"WEBHOOKS_ALLOW_LOOPBACK": "1"}) as running:
        yield running


@pytest.mark.stack
def test_local_stack_receiver_failing_three_times_then_recovering_gets_each_event_once_signed(
    stack: hs.StackProcess,
) -> None:
    receiver = Receiver(failures=3)
    try:
        # Given a receiver registered over the API (its secret shown once)
        status, _, endpoint = stack.call("POST", "/v1/webhooks", {"url": receiver.url})
        assert status == 201, endpoint

        # When an interview is recorded, changed and cancelled
        starts = (dt.datetime.now(dt.UTC) + dt.timedelta(days=6)).strftime("%Y-%m-%dT10:00")
        status, _, created = stack.call("POST", "/v1/interviews", interview_body(starts_at=starts, timezone="UTC"))
        assert status == 201, created
        stack.call("GET", "/_local/events.json", key=None)  # the stack publishes, and delivers, what is pending
        path = f"/v1/interviews/{created['id']}"
        assert stack.call("PATCH", path, {"duration_minutes": 90})[0] == 200
        assert stack.call("DELETE", path)[0] == 200
        status, _, events = stack.call("GET", "/_local/events.json", key=None)
        assert status == 200
    finally:
        receiver.server.shutdown()

    # Then the receiver got each event once, in order, after three refusals of the first; every delivery is signed
    mine = [e for e in events if e["detail"]["interview_id"] == created["id"]]
    assert [e["detail-type"] for e in mine] == ["interview.recorded", "interview.rescheduled", "interview.cancelled"]
    taken = receiver.taken()
    assert [h["webhook-id"] for h, _ in taken] == [e["detail"]["id"] for e in mine]
    assert [s for s, _, _ in receiver.requests].count(500) == 3
    assert {h["webhook-id"] for s, h, _ in receiver.requests if s == 500} == {mine[0]["detail"]["id"]}
    verifier = Webhook(endpoint["secret"])
    for (headers, body), event in zip(taken, mine, strict=True):
        delivered = verifier.verify(body, headers)
        assert delivered == {
            "type": event["detail-type"],
            "timestamp": event["detail"]["occurred_at"],
            "data": event["detail"],
        }
    assert "zoe@example.com" not in json.dumps([b for _, b in taken])


@pytest.mark.stack
def test_local_stack_private_address_url_refused(stack: hs.StackProcess) -> None:
    for url in ("https://169.254.169.254/latest/meta-data", "https://10.0.0.1/hook", "http://192.168.1.1/hook"):
        status, _, body = stack.call("POST", "/v1/webhooks", {"url": url})

        assert status == 422, (url, body)
        assert body["error"]["details"][0]["field"] == "url"
