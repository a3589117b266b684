"""The data-access layer: one DynamoDB table, conditional writes, no Scan.

Key design (one table, `pk`/`sk`, one GSI `gsi1`):

| item | pk | sk | gsi1pk | gsi1sk |
| --- | --- | --- | --- | --- |
| interview | `INTERVIEW#<id>` | `INTERVIEW` | `OWNER#<owner>` | `<starts_at_utc>#<id>` |
| link token | `TOKEN#<sha256 of token>` | `TOKEN` | | |
| API key | `APIKEY#<sha256 of key>` | `APIKEY` | `APIKEYS` | `<created_at>#<key id>` |
| rate counter | `LIMIT#<scope>#<sha256 of value>#<day or hour>` | `LIMIT` | | |
| signing secrets (list cursors) | `SECRET#<name>` | `SECRET` | | |
| forwarded invitation, before review | `DRAFT#<id>` | `DRAFT` | | |

Interviews carry `version` (optimistic locking: every write is conditional on the version read), `ttl`
(90 days after the interview ends) and the whole validated interview as a JSON document in `doc`.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Iterator
from typing import Any, NamedTuple

from interview_prep.adapters.aws import table
from interview_prep.domain import clock
from interview_prep.domain.errors import InterviewNotFound, InvalidInput, RateLimited, VersionConflict
from interview_prep.domain.models import Interview, Status

INTERVIEW_SK = "INTERVIEW"  # the sort key of an interview's own item
RETENTION_AFTER_END = dt.timedelta(days=90)
# The most items one list request reads (DynamoDB Query `Limit` counts items read before a filter): a request's cost
# is bounded whatever the owner's history. 100 is also the largest page (`limit`), so a page without a filter fills.
MAX_ITEMS_READ = 100


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _epoch(when: dt.datetime) -> int:
    return int(when.timestamp())


def _utc_key(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def load_interview(doc: str) -> Interview:
    """An interview from its stored JSON document (no "in the future" check: it may have happened; its email
    address was checked when it was written)."""
    return Interview.model_validate_json(doc, context={"check_future": False, "stored": True})


class InterviewStore:
    """Interviews, link tokens, API keys and rate counters in the one table."""

    def __init__(self, table_name: str) -> None:
        self._table = table(table_name)

    # --- interviews ---------------------------------------------------------------------------------------

    def _item(self, interview: Interview) -> dict[str, Any]:
        return {
            "pk": f"INTERVIEW#{interview.id}",
            "sk": INTERVIEW_SK,
            "gsi1pk": f"OWNER#{interview.owner}",
            "gsi1sk": f"{_utc_key(interview.starts_at_utc)}#{interview.id}",
            "id": interview.id,
            "status": interview.status,
            "version": interview.version,
            "revision": interview.revision,
            "ttl": _epoch(interview.ends_at_utc + RETENTION_AFTER_END),
            "doc": interview.model_dump_json(),
        }

    def create(self, interview: Interview) -> None:
        from botocore.exceptions import ClientError

        try:
            self._table.put_item(Item=self._item(interview), ConditionExpression="attribute_not_exists(pk)")
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                raise VersionConflict("an interview with this id already exists") from None
            raise

    def get(self, interview_id: str) -> Interview | None:
        if not interview_id or len(interview_id) > 64:
            return None
        item = self._table.get_item(Key={"pk": f"INTERVIEW#{interview_id}", "sk": INTERVIEW_SK}, ConsistentRead=True)
        found = item.get("Item")
        return load_interview(str(found["doc"])) if found else None

    def get_for_owner(self, owner: str, interview_id: str) -> Interview:
        """The interview, or `InterviewNotFound` when it does not exist or belongs to someone else."""
        interview = self.get(interview_id)
        if interview is None or interview.owner != owner:
            raise InterviewNotFound("no interview with this id")
        return interview

    def save(self, interview: Interview, *, expected_version: int) -> None:
        """Replace the interview, only if it is still at `expected_version` (else `VersionConflict`)."""
        from botocore.exceptions import ClientError

        try:
            self._table.put_item(
                Item=self._item(interview),
                ConditionExpression="attribute_exists(pk) AND version = :v",
                ExpressionAttributeValues={":v": expected_version},
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                raise VersionConflict("the interview was changed by someone else; read it again") from None
            raise

    def list_for_owner(
        self,
        owner: str,
        *,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
        status: Status | None = None,
        limit: int = 20,
        cursor: str | None = None,
    ) -> tuple[list[Interview], str | None]:
        """The owner's interviews, soonest first, one page at a time (`cursor` continues a previous page).

        One call reads at most `MAX_ITEMS_READ` items, whatever the owner's history: with a `status` that few
        interviews have, the page may hold fewer than `limit` (even none) and still carry a cursor, from where the
        reading stopped. The last page is the one without a cursor.
        """
        from boto3.dynamodb.conditions import Attr, Key

        pk = f"OWNER#{owner}"
        low = _utc_key(start) if start else "0000"
        high = _utc_key(end) + "#~" if end else "9999"
        query: dict[str, Any] = {
            "IndexName": "gsi1",
            "KeyConditionExpression": Key("gsi1pk").eq(pk) & Key("gsi1sk").between(low, high),
        }
        if status:
            query["FilterExpression"] = Attr("status").eq(status)
        from interview_prep.adapters.cursors import decode_cursor, encode_cursor, index_key  # lists only (cold start)

        start_key = decode_cursor(cursor, owner, INTERVIEW_SK) if cursor else None
        if start_key and not low <= start_key["gsi1sk"] <= high:
            # DynamoDB refuses a start key outside the key condition (a ValidationException): a cursor of another
            # query (other `from`/`to`) is the caller's mistake, answered as one.
            raise InvalidInput(
                "next is not a valid cursor", [{"field": "next", "message": "belongs to a list with other from/to"}]
            )
        found: list[Interview] = []
        budget = MAX_ITEMS_READ
        while True:
            # Limit counts the items read, before the status filter: a page reads what is wanted, or a few more.
            wanted = limit - len(found) if not status else max(limit, 25)
            page_query = dict(query, Limit=min(wanted, budget))
            if start_key:
                page_query["ExclusiveStartKey"] = start_key
            page = self._table.query(**page_query)
            budget -= int(page.get("ScannedCount", len(page.get("Items", []))))
            for item in page.get("Items", []):
                found.append(load_interview(str(item["doc"])))
                if len(found) == limit:
                    more = page.get("LastEvaluatedKey") is not None or item is not page["Items"][-1]
                    return found, encode_cursor(index_key(item), owner) if more else None
            start_key = page.get("LastEvaluatedKey")
            if not start_key:
                return found, None
            if budget <= 0:  # read as much as one request may: the next one continues after the last item read
                return found, encode_cursor(index_key(start_key), owner)

    # --- link tokens --------------------------------------------------------------------------------------

    def put_token(self, token_hash: str, *, interview_id: str, purpose: str, expires_at: dt.datetime) -> None:
        self._table.put_item(
            Item={
                "pk": f"TOKEN#{token_hash}",
                "sk": "TOKEN",
                "interview_id": interview_id,
                "purpose": purpose,
                "expires_at": _epoch(expires_at),
                "ttl": _epoch(expires_at),
            },
            ConditionExpression="attribute_not_exists(pk)",
        )

    def get_token(self, token_hash: str) -> dict[str, Any] | None:
        item = self._table.get_item(Key={"pk": f"TOKEN#{token_hash}", "sk": "TOKEN"}).get("Item")
        return dict(item) if item else None

    # --- forwarded invitations, before their review -------------------------------------------------------

    def put_invitation_draft(
        self, draft_id: str, *, sender: str, invitation: dict[str, Any], expires_at: dt.datetime
    ) -> bool:
        """Keep what a forwarded invitation said until its sender reviews it; False if it is already kept."""
        from botocore.exceptions import ClientError

        try:
            self._table.put_item(
                Item={
                    "pk": f"DRAFT#{draft_id}",
                    "sk": "DRAFT",
                    "sender": sender,
                    "doc": json.dumps(invitation, separators=(",", ":")),
                    "expires_at": _epoch(expires_at),
                    "ttl": _epoch(expires_at),
                },
                ConditionExpression="attribute_not_exists(pk)",
            )
            return True
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise

    def get_invitation_draft(self, draft_id: str) -> dict[str, Any] | None:
        item = self._table.get_item(Key={"pk": f"DRAFT#{draft_id}", "sk": "DRAFT"}, ConsistentRead=True).get("Item")
        return dict(item) if item else None

    def mark_invitation_review_sent(self, draft_id: str, *, now: dt.datetime) -> None:
        self._table.update_item(
            Key={"pk": f"DRAFT#{draft_id}", "sk": "DRAFT"},
            UpdateExpression="SET review_sent_at = :now",
            ExpressionAttributeValues={":now": _epoch(now)},
        )

    def use_invitation_draft(self, draft_id: str, *, interview_id: str) -> bool:
        """Mark the draft as recorded (once): False if it already was, or is gone."""
        from botocore.exceptions import ClientError

        try:
            self._table.update_item(
                Key={"pk": f"DRAFT#{draft_id}", "sk": "DRAFT"},
                UpdateExpression="SET interview_id = :id",
                ConditionExpression="attribute_exists(pk) AND attribute_not_exists(interview_id)",
                ExpressionAttributeValues={":id": interview_id},
            )
            return True
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise

    # --- API keys -----------------------------------------------------------------------------------------

    def put_api_key(self, key_hash: str, *, key_id: str, owner: str, created_at: dt.datetime) -> None:
        self._table.put_item(
            Item={
                "pk": f"APIKEY#{key_hash}",
                "sk": "APIKEY",
                "gsi1pk": "APIKEYS",
                "gsi1sk": f"{_utc_key(created_at)}#{key_id}",
                "key_id": key_id,
                "owner": owner,
                "created_at": clock.iso(created_at),
            },
            ConditionExpression="attribute_not_exists(pk)",
        )

    def get_api_key(self, key_hash: str) -> dict[str, Any] | None:
        item = self._table.get_item(Key={"pk": f"APIKEY#{key_hash}", "sk": "APIKEY"}).get("Item")
        return dict(item) if item else None

    def api_keys(self) -> Iterator[dict[str, Any]]:
        from boto3.dynamodb.conditions import Key

        query: dict[str, Any] = {"IndexName": "gsi1", "KeyConditionExpression": Key("gsi1pk").eq("APIKEYS")}
        while True:
            page = self._table.query(**query)
            yield from (dict(i) for i in page.get("Items", []))
            if "LastEvaluatedKey" not in page:
                return
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def revoke_api_key(self, key_hash: str, *, revoked_at: dt.datetime) -> None:
        self._table.update_item(
            Key={"pk": f"APIKEY#{key_hash}", "sk": "APIKEY"},
            UpdateExpression="SET revoked_at = :r",
            ConditionExpression="attribute_exists(pk)",
            ExpressionAttributeValues={":r": clock.iso(revoked_at)},
        )

    # --- rate counters ------------------------------------------------------------------------------------

    def count(self, scope: str, value: str, *, limit: int, now: dt.datetime) -> None:
        """Count one more event for (`scope`, `value`) today; `RateLimited` once `limit` were counted (and then
        nothing is counted). Unconfirmed submissions are counted by `services.caps.admit_unconfirmed` instead."""
        if self.count_all([Counter(scope, value, now.astimezone(dt.UTC).strftime("%Y-%m-%d"), limit)], now=now):
            raise RateLimited(f"too many requests for this {scope} today; try again tomorrow")

    def count_all(self, counters: list[Counter], *, now: dt.datetime) -> Counter | None:
        """Count one more event on every counter, all or none: the first counter already at its limit is returned
        (and nothing is counted), else None. One transaction, so a refused event spends no counter."""
        from botocore.exceptions import ClientError

        writes = [
            {
                "Update": {
                    "TableName": self._table.name,
                    "Key": {"pk": f"LIMIT#{c.scope}#{sha256(c.value)}#{c.period}", "sk": "LIMIT"},
                    "UpdateExpression": "ADD #n :one SET #t = if_not_exists(#t, :ttl)",
                    "ConditionExpression": "attribute_not_exists(#n) OR #n < :limit",
                    "ExpressionAttributeNames": {"#n": "count", "#t": "ttl"},
                    "ExpressionAttributeValues": {
                        ":one": 1,
                        ":limit": c.limit,
                        ":ttl": _epoch(now + dt.timedelta(days=2)),
                    },
                }
            }
            for c in counters
        ]
        try:
            self._table.transact_write_items(TransactItems=writes)
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "TransactionCanceledException":
                raise
            reasons = exc.response.get("CancellationReasons") or []
            for counter, reason in zip(counters, reasons, strict=False):
                if reason.get("Code") == "ConditionalCheckFailed":
                    return counter
            raise
        return None


class Counter(NamedTuple):
    """One rate counter: what it counts (`scope`, `value`, stored hashed), over which `period`, up to `limit`."""

    scope: str
    value: str
    period: str
    limit: int


@functools.cache
def interview_store() -> InterviewStore:
    """The store on this deployment's table, created at first use (the API and the pages share it)."""
    from interview_prep.adapters.settings import settings  # at first use: settings are read once the env is set

    return InterviewStore(settings().table_name)
