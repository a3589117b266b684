"""CSRF: a signed double-submit token on every state-changing form post (see `web/__init__` for the design)."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import hmac
import os
import secrets

from aws_lambda_powertools.shared.cookies import Cookie

from interview_prep.adapters.secrets import SecretVersions
from interview_prep.services import tokens
from interview_prep.web.pages import CSRF_COOKIE_MAX_AGE, CSRF_FIELD, request_cookies, served_over_https, site_cookie

# --- CSRF: a signed double-submit token --------------------------------------------------------------------


@functools.cache
def _versions(secret_id: str) -> SecretVersions:
    return SecretVersions(secret_id)


def signing_keys(*, all_values: bool = False) -> tuple[bytes, ...]:
    """The key to sign with (first), and with `all_values` every key a form may have been signed with.

    `CSRF_SECRET` when set (tests); otherwise the stack's Secrets Manager secret (`CSRF_SECRET_ARN`), which the
    local stack generates too. Never kept in the table."""
    configured = os.environ.get("CSRF_SECRET", "")
    if configured:
        return (configured.encode(),)
    secret_id = os.environ.get("CSRF_SECRET_ARN", "")
    if not secret_id:
        raise RuntimeError("CSRF_SECRET_ARN is not set (template.yaml sets it on the API function)")
    versions = _versions(secret_id)
    values = versions.all_values() if all_values else (versions.current(),)
    return tuple(v.encode() for v in values)


def _csrf_cookie_name() -> str:
    return "__Host-csrf" if served_over_https() else "csrf"


def _sign(value: str, key: bytes) -> str:
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


@dataclasses.dataclass(frozen=True)
class Csrf:
    token: str
    cookie: Cookie


def csrf_for_request() -> Csrf:
    """The token for this visitor's forms, and the cookie (re)set with the page (reusing a sound cookie)."""
    value = request_cookies().get(_csrf_cookie_name(), "")
    if not tokens.TOKEN_SHAPE.match(value):
        value = secrets.token_urlsafe(32)
    cookie = site_cookie(_csrf_cookie_name(), value, CSRF_COOKIE_MAX_AGE)
    (key,) = signing_keys()
    return Csrf(_sign(value, key), cookie)


def csrf_ok(form: dict[str, list[str]]) -> bool:
    value = request_cookies().get(_csrf_cookie_name(), "")
    sent = (form.get(CSRF_FIELD) or [""])[-1]
    if not (value and sent):
        return False
    (key,) = signing_keys()
    if hmac.compare_digest(sent, _sign(value, key)):
        return True
    # Signed before a rotation, or by a container that has already read the new key
    return any(hmac.compare_digest(sent, _sign(value, k)) for k in signing_keys(all_values=True))
