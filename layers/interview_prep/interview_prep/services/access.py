"""API keys for tools: created by `python -m interview_prep.admin`, shown once, stored only as hashes."""

from __future__ import annotations

import datetime as dt
import re
import secrets

from interview_prep.adapters.store import InterviewStore, sha256
from interview_prep.domain.errors import Unauthorized

KEY_PREFIX = "ipk_"
BEARER = re.compile(r"^Bearer\s+(\S{8,200})\s*$", re.IGNORECASE)
# The owner of every interview entered by a person rather than a tool (the web form; uploads and inbound email
# too). It starts with `#`, which no API-key owner may: no name an operator types can reach these interviews.
WEB_OWNER = "#web"
# Names an API-key owner may not take (compared case- and width-insensitively): the web form's old owner name and
# names that read as the service's own.
RESERVED_OWNERS = frozenset({"web", "form", "admin", "root", "system", "service", "local", "api", "anonymous"})


def check_owner(owner: str) -> str:
    """An API-key owner name as given (stripped), or `ValueError` saying why it cannot be one."""
    import unicodedata

    owner = owner.strip()
    if not owner or len(owner) > 100 or not owner.isprintable():
        raise ValueError("the owner must be 1 to 100 printable characters")
    if owner.startswith("#"):
        raise ValueError("the owner must not start with '#' (reserved for the service's own owners)")
    if unicodedata.normalize("NFKC", owner).casefold() in RESERVED_OWNERS:
        raise ValueError(f"'{owner}' is a reserved name; choose the name of the team or tool the key is for")
    return owner


def create_api_key(store: InterviewStore, owner: str, *, now: dt.datetime) -> tuple[str, str]:
    """A new key for `owner`: returns (key id, the key itself). The key is not stored and cannot be shown again."""
    owner = check_owner(owner)
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    key_id = secrets.token_hex(4)
    store.put_api_key(sha256(key), key_id=key_id, owner=owner, created_at=now)
    return key_id, key


def import_api_key(store: InterviewStore, key: str, owner: str, *, now: dt.datetime) -> str:
    """Register a key chosen by the operator (the local stack's `LOCAL_API_KEY`); returns its key id."""
    owner = check_owner(owner)
    existing = store.get_api_key(sha256(key))
    if existing is not None:
        return str(existing["key_id"])
    key_id = secrets.token_hex(4)
    store.put_api_key(sha256(key), key_id=key_id, owner=owner, created_at=now)
    return key_id


def revoke_api_key(store: InterviewStore, key_id: str, *, now: dt.datetime) -> bool:
    for item in store.api_keys():
        if item["key_id"] == key_id:
            store.revoke_api_key(str(item["pk"]).removeprefix("APIKEY#"), revoked_at=now)
            return True
    return False


def authenticate(store: InterviewStore, authorization: str | None) -> str:
    """The owner behind an `Authorization: Bearer <key>` header, or `Unauthorized`."""
    match = BEARER.match(authorization or "")
    if not match:
        raise Unauthorized("send your API key as 'Authorization: Bearer <key>'")
    item = store.get_api_key(sha256(match.group(1)))
    if item is None or item.get("revoked_at"):
        raise Unauthorized("this API key is not valid")
    owner = str(item["owner"])
    try:
        check_owner(owner)
    except ValueError:  # a key made before reserved names were refused (e.g. owner `web`): it opens nothing
        raise Unauthorized("this API key's owner is a reserved name; ask for a new key") from None
    return owner
