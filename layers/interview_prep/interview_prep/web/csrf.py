"""CSRF: a signed double-submit token on every state-changing form post (see `web/__init__` for the design)."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import hmac
import os
import secrets
from http.cookies import CookieError, SimpleCookie
from typing import TYPE_CHECKING

from aws_lambda_powertools.shared.cookies import Cookie, SameSite

from interview_prep.adapters.settings import settings
from interview_prep.services import tokens

if TYPE_CHECKING:
    pass
from interview_prep.web.pages import CSRF_COOKIE_MAX_AGE, CSRF_FIELD, request_headers, served_over_https

# --- CSRF: a signed double-submit token --------------------------------------------------------------------


@functools.cache
def _csrf_secret() -> bytes:
    """`CSRF_SECRET`, else a random secret created once in the table (shared by every container)."""
    configured = os.environ.get("CSRF_SECRET", "")
    if configured:
        return configured.encode()
    from botocore.exceptions import ClientError

    from interview_prep.adapters.store import table

    items = table(settings().table_name)
    key = {"pk": "SECRET#csrf", "sk": "SECRET"}
    found = items.get_item(Key=key, ConsistentRead=True).get("Item")
    if found is None:
        try:
            items.put_item(Item={**key, "value": secrets.token_hex(32)}, ConditionExpression="attribute_not_exists(pk)")
        except ClientError as exc:  # another container won the race: use its secret
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
        found = items.get_item(Key=key, ConsistentRead=True).get("Item") or {}
    return str(found["value"]).encode()


def _csrf_cookie_name() -> str:
    return "__Host-csrf" if served_over_https() else "csrf"


def _request_cookies() -> dict[str, str]:
    jar = SimpleCookie()
    try:
        jar.load(request_headers().get("cookie", ""))
    except CookieError:
        return {}
    return {name: morsel.value for name, morsel in jar.items()}


def _sign(value: str) -> str:
    return hmac.new(_csrf_secret(), value.encode(), hashlib.sha256).hexdigest()


@dataclasses.dataclass(frozen=True)
class Csrf:
    token: str
    cookie: Cookie


def csrf_for_request() -> Csrf:
    """The token for this visitor's forms, and the cookie (re)set with the page (reusing a sound cookie)."""
    value = _request_cookies().get(_csrf_cookie_name(), "")
    if not tokens.TOKEN_SHAPE.match(value):
        value = secrets.token_urlsafe(32)
    cookie = Cookie(
        name=_csrf_cookie_name(),
        value=value,
        path="/",
        secure=served_over_https(),
        http_only=True,
        same_site=SameSite.LAX_MODE,
        max_age=CSRF_COOKIE_MAX_AGE,
    )
    return Csrf(_sign(value), cookie)


def csrf_ok(form: dict[str, list[str]]) -> bool:
    value = _request_cookies().get(_csrf_cookie_name(), "")
    sent = (form.get(CSRF_FIELD) or [""])[-1]
    return bool(value and sent) and hmac.compare_digest(sent, _sign(value))
