"""Webhook endpoints in the table, and the HTTP call of one delivery (to an address checked just before).

| item | pk | sk | gsi1pk | gsi1sk |
| --- | --- | --- | --- | --- |
| endpoint | `WEBHOOK#<id>` | `WEBHOOK` | `WEBHOOKS#<owner>` | `<created_at>#<id>` |
| delivered | `WEBHOOKSENT#<endpoint id>#<event id>` | `WEBHOOKSENT` | | |

A "delivered" item (kept 7 days) makes a retried message skip the endpoints that already have the event.
"""

from __future__ import annotations

import datetime as dt
import http.client
import socket
import ssl
import urllib.parse
from typing import Any

from interview_prep.adapters.aws import table

DELIVERED_DAYS = 7
TIMEOUT_SECONDS = 10


class WebhookStore:
    def __init__(self, table_name: str) -> None:
        self._table = table(table_name)

    def put(self, *, endpoint_id: str, owner: str, url: str, secret: str, created_at: dt.datetime) -> None:
        self._table.put_item(
            Item={
                "pk": f"WEBHOOK#{endpoint_id}",
                "sk": "WEBHOOK",
                "gsi1pk": f"WEBHOOKS#{owner}",
                "gsi1sk": f"{created_at.astimezone(dt.UTC).isoformat()}#{endpoint_id}",
                "id": endpoint_id,
                "owner": owner,
                "url": url,
                "secret": secret,
                "created_at": created_at.astimezone(dt.UTC).isoformat(),
            },
            ConditionExpression="attribute_not_exists(pk)",
        )

    def for_owner(self, owner: str) -> list[dict[str, Any]]:
        from boto3.dynamodb.conditions import Key

        answer = self._table.query(IndexName="gsi1", KeyConditionExpression=Key("gsi1pk").eq(f"WEBHOOKS#{owner}"))
        return [dict(i) for i in answer.get("Items", [])]

    def get(self, endpoint_id: str) -> dict[str, Any] | None:
        item = self._table.get_item(Key={"pk": f"WEBHOOK#{endpoint_id}", "sk": "WEBHOOK"}, ConsistentRead=True)
        return dict(item["Item"]) if "Item" in item else None

    def delete(self, endpoint_id: str) -> None:
        self._table.delete_item(Key={"pk": f"WEBHOOK#{endpoint_id}", "sk": "WEBHOOK"})

    def delivered(self, endpoint_id: str, event_id: str) -> bool:
        key = {"pk": f"WEBHOOKSENT#{endpoint_id}#{event_id}", "sk": "WEBHOOKSENT"}
        return "Item" in self._table.get_item(Key=key, ConsistentRead=True)

    def mark_delivered(self, endpoint_id: str, event_id: str, *, now: dt.datetime) -> None:
        expires = int((now + dt.timedelta(days=DELIVERED_DAYS)).timestamp())
        self._table.put_item(Item={"pk": f"WEBHOOKSENT#{endpoint_id}#{event_id}", "sk": "WEBHOOKSENT", "ttl": expires})


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (an empty list when it does not resolve)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return []
    return sorted({str(info[4][0]) for info in found})


def post(url: str, address: str, body: str, headers: dict[str, str]) -> int:
    """POST `body` to `url`, connecting to `address` (the one checked), the TLS name still the URL's host; no
    redirect is followed. Returns the status code (an unreachable endpoint raises OSError)."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = _PinnedHTTPS(host, address, parts.port or 443)
    else:
        connection = _PinnedHTTP(host, address, parts.port or 80)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        connection.request(
            "POST", path, body=body.encode(), headers={"User-Agent": "interview-prep-webhooks", **headers}
        )
        response = connection.getresponse()
        response.read(65536)
        return int(response.status)
    finally:
        connection.close()


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, address: str, port: int) -> None:
        super().__init__(host, port, timeout=TIMEOUT_SECONDS)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, address: str, port: int) -> None:
        super().__init__(host, port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]
