"""List cursors and the secret that signs them.

A list page that stops early hands back `next`: opaque and signed, it carries only where the page stopped, with an
HMAC over it and the owner. The signing secret comes from the environment when the operator sets one, else from
item `SECRET#<name>` of the table, created at first use.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import os
import re
import secrets
from typing import Any

from interview_prep.adapters.aws import table
from interview_prep.domain.errors import InvalidInput


def index_key(item: dict[str, Any]) -> dict[str, Any]:
    """Where a list page stopped: the table and index keys of the last item read."""
    return {k: item[k] for k in ("pk", "sk", "gsi1pk", "gsi1sk")}


CURSOR_SORT_KEY = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z#([0-9a-f]{32})$")


def _cursor_mac(owner: str, payload: str) -> str:
    mac = hmac.new(signing_secret("cursor", "CURSOR_SECRET"), f"{owner}\n{payload}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()[:18]).decode()


def encode_cursor(key: dict[str, Any], owner: str) -> str:
    """The one place a list cursor is made (`decode_cursor` reads it back).

    Opaque and signed: it carries only where the page stopped (the start time and id of the last interview read),
    with an HMAC over it and the owner, so it neither shows the owner nor opens anyone else's list.
    """
    payload = base64.urlsafe_b64encode(str(key["gsi1sk"]).encode()).decode().rstrip("=")
    return f"{payload}.{_cursor_mac(owner, payload)}"


def decode_cursor(cursor: str, owner: str, sk: str) -> dict[str, Any]:
    """The start key behind a cursor (`sk`: the sort key of the items listed, from the store's table layout);
    `InvalidInput` when it is not one this owner was given (forged or altered)."""
    bad = InvalidInput("next is not a valid cursor", [{"field": "next", "message": "is not a valid cursor"}])
    payload, _, mac = cursor.partition(".")
    if not payload or not mac or not hmac.compare_digest(mac.encode(), _cursor_mac(owner, payload).encode()):
        raise bad
    try:
        sort_key = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode("ascii")
    except (ValueError, binascii.Error):
        raise bad from None
    match = CURSOR_SORT_KEY.match(sort_key)
    if not match:
        raise bad
    return {"pk": f"INTERVIEW#{match.group(1)}", "sk": sk, "gsi1pk": f"OWNER#{owner}", "gsi1sk": sort_key}


# --- signing secrets ----------------------------------------------------------------------------------------------
# From the environment when the operator sets one, else a random one created once in the table: every Lambda
# container (and the local stack) agrees on the table's value, the first to need it writes it with a conditional put,
# and a container that loses that race reads the winner's.


@functools.cache
def signing_secret(name: str, env_var: str) -> bytes:
    """The secret `name`: `$env_var` when set, else item `SECRET#<name>` of the table (created at first use)."""
    configured = os.environ.get(env_var, "")
    if configured:
        return configured.encode()
    from botocore.exceptions import ClientError

    from interview_prep.adapters.settings import settings

    items = table(settings().table_name)
    key = {"pk": f"SECRET#{name}", "sk": "SECRET"}
    found = items.get_item(Key=key, ConsistentRead=True).get("Item")
    if found is None:
        try:
            items.put_item(Item={**key, "value": secrets.token_hex(32)}, ConditionExpression="attribute_not_exists(pk)")
        except ClientError as exc:  # another container won the race: use its secret
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
        found = items.get_item(Key=key, ConsistentRead=True).get("Item") or {}
    return str(found["value"]).encode()
