"""Webhooks for tools outside AWS (pure): which URLs may receive events, and how a delivery is signed.

Signing follows Standard Webhooks (https://www.standardwebhooks.com): the headers `webhook-id` (the fact's id, the
same on every retry, for the receiver to drop duplicates), `webhook-timestamp` (Unix seconds) and
`webhook-signature` (`v1,<base64 of HMAC-SHA256(secret, "<id>.<timestamp>.<body>")>`), with a per-endpoint secret
`whsec_<base64 of 32 random bytes>` shown once, when the endpoint is registered.

A delivery never goes to a private, loopback, link-local or otherwise non-public address: the URL's host is resolved
and every address checked, at registration and again at each send (an address may change in between).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import secrets
import urllib.parse
from typing import Any

SECRET_PREFIX = "whsec_"  # noqa: S105 - the prefix Standard Webhooks gives secrets, not a secret
MAX_URL_LENGTH = 500
MAX_ENDPOINTS_PER_OWNER = 10


class RefusedUrl(ValueError):
    """A URL that may not receive webhooks; the message says why (for the `url` field's error)."""


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def signature(secret: str, message_id: str, timestamp: int, body: str) -> str:
    """The `webhook-signature` header's value for one delivery."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    digest = hmac.new(key, f"{message_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def payload(event_type: str, occurred_at: str, detail: dict[str, Any]) -> str:
    """The body of a delivery: `{"type", "timestamp", "data"}` (Standard Webhooks' payload shape), compact JSON."""
    return json.dumps({"type": event_type, "timestamp": occurred_at, "data": detail}, separators=(",", ":"))


def signed_headers(secret: str, message_id: str, timestamp: int, body: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret, message_id, timestamp, body),
    }


def parse_url(url: str, *, allow_loopback: bool = False) -> urllib.parse.SplitResult:
    """The URL, checked for its shape: https (http only to loopback when allowed), a host, no credentials."""
    if len(url) > MAX_URL_LENGTH:
        raise RefusedUrl(f"must be at most {MAX_URL_LENGTH} characters")
    parts = urllib.parse.urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        raise RefusedUrl("has an invalid port") from None
    if not parts.hostname:
        raise RefusedUrl("must be an absolute https:// URL")
    if parts.username or parts.password:
        raise RefusedUrl("must not contain credentials")
    if parts.fragment:
        raise RefusedUrl("must not contain a fragment")
    loopback = allow_loopback and _is_loopback_name(parts.hostname)
    if parts.scheme != "https" and not (loopback and parts.scheme == "http"):
        raise RefusedUrl("must use https")
    if port == 0:
        raise RefusedUrl("has an invalid port")
    return parts


def check_addresses(addresses: list[str], *, allow_loopback: bool = False) -> None:
    """Every address the host resolves to must be public (loopback too, when allowed, as on the local stack)."""
    if not addresses:
        raise RefusedUrl("its host does not resolve")
    for text in addresses:
        address = ipaddress.ip_address(text.split("%", 1)[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if allow_loopback and address.is_loopback:
            continue
        if not address.is_global or address.is_multicast:
            raise RefusedUrl("resolves to a private, loopback or link-local address, which never receives webhooks")


def _is_loopback_name(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
