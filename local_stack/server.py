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
from urllib.parse import unquote, urlsplit

from local_stack.proxy import api_gateway_event, response_body, response_headers
from local_stack.runtime import Runtime

MAX_LOCAL_BODY = 1024 * 1024
VERDICTS = ("spf", "dkim", "dmarc", "spam", "virus")
# How long a connection may stay silent (a client that sends less than its Content-Length, or an idle keep-alive
# connection) before its thread lets it go.
IDLE_SECONDS = 5
# Connections waiting to be accepted: 20-60 clients at once (a browser, a load test) must never see a reset.
LISTEN_BACKLOG = 256
TOKEN_ROUTES = ("confirm", "manage", "unsubscribe", "review")
TOKEN_LIKE = re.compile(r"^[A-Za-z0-9_-]{16,}$")


def request_path(target: str) -> str:
    """The path of a request target, as routed and logged: the origin-form path, or the path of an absolute-form
    target (`GET http://host/manage/... HTTP/1.1`), without the query."""
    if not target.startswith("/"):
        target = urlsplit(target).path or "/"
    return target.split("?", 1)[0]


def redact(target: str) -> str:
    """A request target as logged: capability tokens never reach a log, however the path is written.

    Every segment after a confirm, manage or unsubscribe segment, and every segment that looks like a token, is
    replaced, in the path as sent and percent-decoded (so `/manage//<token>`, `/./manage/<token>`,
    `/%6danage/<token>` and absolute-form targets are redacted too). The query is not logged.
    """
    segments = unquote(request_path(target)).split("/")
    shown, after_route = [], False
    for segment in segments:
        if (after_route and segment not in ("", ".")) or TOKEN_LIKE.match(segment) or segment.startswith("[token"):
            shown.append("[token]")
        else:
            shown.append(segment)
        after_route = after_route or segment.lower() in TOKEN_ROUTES
    return "/".join(shown)


def log(message: str) -> None:
    sys.stdout.write(f"{dt.datetime.now().strftime('%H:%M:%S')} {message}\n")
    sys.stdout.flush()


def _error_json(status: int, code: str, message: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": message, "details": []}}).encode()


def _error_html(title: str, message: str) -> bytes:
    """The service's own look for the errors the local server answers itself (before the API function)."""
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)} · Interview Prep</title>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'></head>"
        "<body style='font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem'>"
        f"<main><h1>{html.escape(title)}</h1><p>{html.escape(message)}</p>"
        "<p><a href='/'>Record an interview</a></p></main></body></html>"
    ).encode()


PROTOCOL_ERRORS = {
    400: ("bad_request", "Bad request", "The request could not be read."),
    408: ("bad_request", "Too slow", "The request did not arrive in time."),
    411: ("bad_request", "Length required", "Send a Content-Length with the body."),
    413: ("payload_too_large", "Too large", "The request is larger than this service accepts."),
    414: ("bad_request", "Address too long", "The address of the request is too long."),
    431: ("bad_request", "Headers too large", "The request's headers are too large."),
    501: ("bad_request", "Not supported", "This kind of request is not supported."),
    505: ("bad_request", "Not supported", "This HTTP version is not supported."),
}


class Handler(BaseHTTPRequestHandler):
    runtime: Runtime
    server_version = "InterviewPrepLocal/1.0"
    protocol_version = "HTTP/1.1"
    timeout = IDLE_SECONDS

    def log_message(self, format: str, *args: Any) -> None:
        return  # requests are logged once, redacted, in `_respond`

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Protocol errors http.server answers itself (a bad request line, a too-long URI or header, an unknown
        version): the service's error shape, JSON for the API, a page of its own for the web routes."""
        known = PROTOCOL_ERRORS.get(code, ("bad_request", "Bad request", "The request could not be read."))
        self.close_connection = True
        if getattr(self, "request_version", "") in ("", "HTTP/0.9"):  # an unreadable request line: answer in 1.0
            self.request_version = "HTTP/1.0"
        self._respond(code, *self._error_body(code, known), time.perf_counter())

    def _error_body(self, status: int, known: tuple[str, str, str]) -> tuple[list[tuple[str, str]], bytes]:
        code, title, message = known
        target = request_path(getattr(self, "path", "") or "/")
        if target.startswith(("/v1/", "/_local/")):
            return [("Content-Type", "application/json")], _error_json(status, code, message)
        return [("Content-Type", "text/html; charset=utf-8")], _error_html(title, message)

    def _content_length(self) -> int | None:
        """The declared body length, or None after answering a bad one (not a number, negative, or too large)."""
        declared = self.headers.get_all("Content-Length") or []
        if not declared:
            return 0
        if len(set(declared)) != 1 or not declared[0].strip().isdigit():
            self.close_connection = True
            self._respond(400, *self._error_body(400, PROTOCOL_ERRORS[400]), time.perf_counter())
            return None
        length = int(declared[0].strip())
        if length > MAX_LOCAL_BODY:
            self.close_connection = True  # the body is never read: the connection cannot be reused
            self._respond(413, *self._error_body(413, PROTOCOL_ERRORS[413]), time.perf_counter())
            return None
        return length

    def _respond(self, status: int, headers: list[tuple[str, str]], body: bytes, started: float) -> None:
        if self.server.stopping.is_set():  # type: ignore[attr-defined]
            self.close_connection = True
        self.send_response(status)
        names = {k.lower() for k, _ in headers}
        for name, value in headers:
            if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(name, value)
        if "content-type" not in names:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        log(
            f"{self.command} {redact(getattr(self, 'path', '') or '/')} -> {status} ({(time.perf_counter() - started) * 1000:.0f} ms)"
        )

    def _handle(self) -> None:
        started = time.perf_counter()
        length = self._content_length()
        if length is None:
            return
        try:
            body = self.rfile.read(length) if length else None
        except TimeoutError:
            self.close_connection = True
            self._respond(408, *self._error_body(408, PROTOCOL_ERRORS[408]), started)
            return
        if length and (body is None or len(body) < length):
            self.close_connection = True  # the client closed before sending what it announced: nobody to answer
            return
        path = request_path(self.path)
        query = urlsplit(self.path).query if not self.path.startswith("/") else self.path.partition("?")[2]
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
            payload = _error_json(500, "internal", "internal error")
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


class Server(ThreadingHTTPServer):
    """One thread per connection, a deep listen backlog, and a shutdown that answers every request in flight."""

    request_queue_size = LISTEN_BACKLOG
    daemon_threads = False  # joined on close: a request in flight is answered before the process exits
    block_on_close = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        self.stopping = threading.Event()
        super().__init__(address, handler, bind_and_activate=False)

    def stop(self) -> None:
        """Stop accepting, let the requests in flight finish (keep-alive connections close after their answer or
        after `IDLE_SECONDS` of silence), then close."""
        self.stopping.set()
        self.shutdown()
        self.server_close()


# Logged once the address is taken (with PORT=0, the only way to learn it): "<ANSWERS_AT> http://host:port once ready".
ANSWERS_AT = "the API and the pages will answer at"


def bind(host: str, port: int) -> Server:
    """The stack's address, taken (port 0: a free one) but not yet listened on: connections are refused until
    `serve`. Raises OSError when the address is in use."""
    server = Server((host, port), Handler)
    try:
        server.server_bind()
    except OSError:
        server.server_close()
        raise
    return server


def serve(server: Server, runtime: Runtime) -> Server:
    """Listen, and answer each request with `runtime`."""
    server.RequestHandlerClass = type("BoundHandler", (Handler,), {"runtime": runtime})
    server.server_activate()
    threading.Thread(target=server.serve_forever, name="http", daemon=True).start()
    return server
