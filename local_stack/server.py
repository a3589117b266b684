"""The local stack's HTTP side: every request becomes an API Gateway proxy event for `functions/api`,
except the local-only `/_local` endpoints (outbox, schedules, scheduler run, SES bounces and complaints)."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from local_stack.proxy import api_gateway_event, response_body, response_headers
from local_stack.runtime import Runtime

MAX_LOCAL_BODY = 1024 * 1024
VERDICTS = ("spf", "dkim", "dmarc", "spam", "virus")
TOKEN_IN_PATH = re.compile(r"^/(confirm|manage|unsubscribe|review)/[^/?]+")


def redact(path: str) -> str:
    """Paths as logged: capability tokens never reach a log."""
    return TOKEN_IN_PATH.sub(lambda m: f"/{m.group(1)}/[token]", path.split("?", 1)[0])


def log(message: str) -> None:
    sys.stdout.write(f"{dt.datetime.now().strftime('%H:%M:%S')} {message}\n")
    sys.stdout.flush()


class Handler(BaseHTTPRequestHandler):
    runtime: Runtime
    server_version = "InterviewPrepLocal/1.0"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return  # requests are logged once, redacted, in `_respond`

    def _body(self) -> bytes | None:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(min(length, 10 * 1024 * 1024)) if length else None

    def _respond(self, status: int, headers: list[tuple[str, str]], body: bytes, started: float) -> None:
        self.send_response(status)
        names = {k.lower() for k, _ in headers}
        for name, value in headers:
            if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(name, value)
        if "content-type" not in names:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        log(f"{self.command} {redact(self.path)} -> {status} ({(time.perf_counter() - started) * 1000:.0f} ms)")

    def _handle(self) -> None:
        started = time.perf_counter()
        body = self._body()
        path, _, query = self.path.partition("?")
        try:
            if path.startswith("/_local/") or path == "/_local":
                status, headers, payload = self._local(path, body)
            else:
                event = api_gateway_event(
                    self.command,
                    path,
                    query=query,
                    headers={k: v for k, v in self.headers.items()},
                    body=body,
                    source_ip=self.client_address[0],
                )
                with self.runtime.lock:
                    response = self.runtime.api(event)
                status = int(response["statusCode"])
                headers, payload = response_headers(response), response_body(response)
        except Exception as exc:
            log(f"error while serving {self.command} {redact(self.path)}: {type(exc).__name__}")
            status, headers = 500, [("Content-Type", "application/json")]
            payload = json.dumps({"error": {"code": "internal", "message": "internal error", "details": []}}).encode()
        self._respond(status, headers, payload, started)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle  # noqa: N815 - http.server names

    def __getattr__(self, name: str) -> Any:
        """Any other method (TRACE, QUERY, made-up ones) goes to the API too: JSON, never http.server's HTML 501."""
        if name.startswith("do_"):
            return self._handle
        raise AttributeError(name)

    # --- /_local ------------------------------------------------------------------------------------------

    def _local(self, path: str, body: bytes | None) -> tuple[int, list[tuple[str, str]], bytes]:
        json_type = [("Content-Type", "application/json")]
        if path == "/_local/outbox.json" and self.command == "GET":
            return 200, json_type, json.dumps(self.runtime.outbox()).encode()
        if path == "/_local/events.json" and self.command == "GET":
            return 200, json_type, json.dumps(self.runtime.events()).encode()
        if path == "/_local/outbox" and self.command == "GET":
            return 200, [("Content-Type", "text/html; charset=utf-8")], outbox_page(self.runtime.outbox()).encode()
        if path == "/_local/schedules.json" and self.command == "GET":
            with self.runtime.lock:
                self.runtime.drain_stream()
                pending = [{k: v for k, v in s.items() if not k.startswith("_")} for s in self.runtime.schedules()]
            return 200, json_type, json.dumps(pending).encode()
        if path == "/_local/scheduler/run" and self.command == "POST":
            try:
                payload = json.loads(body or b"{}")
                until = dt.datetime.fromisoformat(str(payload["until"]).replace("Z", "+00:00"))
                if until.tzinfo is None:
                    raise ValueError("until needs an offset")
            except (ValueError, KeyError, TypeError):
                error = {
                    "error": {
                        "code": "bad_request",
                        "message": 'send {"until": "<ISO 8601 with offset>"}',
                        "details": [{"field": "until", "message": "must be ISO 8601 with an offset"}],
                    }
                }
                return 400, json_type, json.dumps(error).encode()
            fired = self.runtime.run_scheduler(until)
            return 200, json_type, json.dumps({"fired": fired, "until": until.isoformat()}).encode()
        if path == "/_local/ses/bounce" and self.command == "POST":
            return self._ses_event(body)
        if path == "/_local/inbound" and self.command == "POST":
            # A raw email (as a mail client saves it), received as SES would: ?spf=FAIL&dkim=... sets verdicts.
            if not body:
                error = {"error": {"code": "bad_request", "message": "send the raw email as the body", "details": []}}
                return 400, json_type, json.dumps(error).encode()
            params = dict(pair.partition("=")[::2] for pair in self.path.partition("?")[2].split("&") if pair)
            outcome = self.runtime.inbound(body, verdicts={k: v for k, v in params.items() if k in VERDICTS})
            return 200, json_type, json.dumps(outcome).encode()
        if path == "/_local/dead-letters.json" and self.command == "GET":
            return 200, json_type, json.dumps(self.runtime.dead_letters).encode()
        return (
            404,
            json_type,
            json.dumps({"error": {"code": "not_found", "message": "no such local endpoint", "details": []}}).encode(),
        )

    def _ses_event(self, body: bytes | None) -> tuple[int, list[tuple[str, str]], bytes]:
        """`{"to": address, "type": "bounce" | "soft_bounce" | "complaint" | "reject"}`: SES's event about the last
        email sent to that address, delivered as in AWS (see `Runtime.simulate_email_event`)."""
        from local_stack.ses_events import KINDS

        try:
            payload = json.loads(body or b"{}")
        except ValueError:
            payload = None
        if not isinstance(payload, dict) or not isinstance(payload.get("to"), str) or not payload["to"]:
            return _error(400, "bad_request", 'send {"to": "<address an email was sent to>"}', "to")
        kind = payload.get("type", "bounce")
        if kind not in KINDS:
            return _error(400, "bad_request", f"type must be one of {', '.join(KINDS)}", "type")
        outcome = self.runtime.simulate_email_event(payload["to"], kind)
        if outcome is None:
            return _error(404, "not_found", "no email was sent to that address")
        return 200, [("Content-Type", "application/json")], json.dumps(outcome).encode()


def _error(status: int, code: str, message: str, field: str | None = None) -> tuple[int, list[tuple[str, str]], bytes]:
    details = [{"field": field, "message": message}] if field else []
    body = {"error": {"code": code, "message": message, "details": details}}
    return status, [("Content-Type", "application/json")], json.dumps(body).encode()


def outbox_page(mails: list[dict[str, Any]]) -> str:
    """A page listing every email sent, newest first, each opening its HTML part."""
    rows = []
    for n, mail in reversed(list(enumerate(mails))):
        attachments = ", ".join(a["filename"] for a in mail["attachments"]) or "none"
        rows.append(
            f"<details{' open' if n == len(mails) - 1 else ''}><summary><strong>{html.escape(mail['subject'])}</strong>"
            f" &mdash; to {html.escape(mail['to'])} &mdash; {html.escape(mail['sent_at'] or '')}</summary>"
            f"<p>Attachments: {html.escape(attachments)}</p>"
            f'<iframe title="{html.escape(mail["subject"])}" sandbox style="width:100%;height:70vh;border:1px solid #ccc"'
            f' srcdoc="{html.escape(mail["html"])}"></iframe>'
            f"<details><summary>Text part</summary><pre style='white-space:pre-wrap'>{html.escape(mail['text'])}</pre>"
            f"</details></details>"
        )
    empty = (
        "<p>No email sent yet. Record an interview, then jump ahead with <code>POST /_local/scheduler/run</code>.</p>"
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Local outbox</title>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'></head>"
        "<body style='font-family:system-ui,sans-serif;max-width:960px;margin:1rem auto;padding:0 1rem'>"
        f"<h1>Local outbox ({len(mails)})</h1>{''.join(rows) or empty}</body></html>"
    )


def serve(runtime: Runtime, host: str, port: int) -> ThreadingHTTPServer:
    handler = type("BoundHandler", (Handler,), {"runtime": runtime})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="http", daemon=True).start()
    return server
