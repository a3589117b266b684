"""A list request's cost does not grow with the owner's history: it reads at most MAX_ITEMS_READ items.

Thousands of interviews are stored for one owner; `GET /v1/interviews?status=…` with a status only the last one has
is followed cursor by cursor, counting the items each request reads from DynamoDB (the `ScannedCount` of its
Queries, what a Query is billed on).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import NOW, Api, interview_body

HISTORY = 2000
pytestmark = pytest.mark.xdist_group("list-bounded")


@pytest.fixture
def history(api: Api, clock_at: Any) -> list[str]:
    """`HISTORY` interviews of the API key's owner, one a day; only the last one is cancelled. Their ids, in order."""
    import boto3
    from interview_prep.adapters.settings import settings

    status, _, first = api.call("POST", "/v1/interviews", interview_body())
    assert status == 201, first
    items = boto3.resource("dynamodb").Table(settings().table_name)  # its batch writer, for the test's history
    template = items.get_item(Key={"pk": f"INTERVIEW#{first['id']}", "sk": "INTERVIEW"})["Item"]
    items.delete_item(Key={"pk": template["pk"], "sk": "INTERVIEW"})
    doc = json.loads(str(template["doc"]))
    ids = []
    with items.batch_writer() as batch:
        for n in range(HISTORY):
            interview_id = f"{n:032x}"
            starts = (NOW + dt.timedelta(days=n + 2)).replace(microsecond=0)
            state = "cancelled" if n == HISTORY - 1 else "scheduled"
            record = {**doc, "id": interview_id, "status": state}
            batch.put_item(
                Item={
                    **template,
                    "pk": f"INTERVIEW#{interview_id}",
                    "gsi1sk": f"{starts.strftime('%Y-%m-%dT%H:%M:%SZ')}#{interview_id}",
                    "status": state,
                    "doc": json.dumps(record),
                }
            )
            ids.append(interview_id)
    return ids


@pytest.fixture
def items_read() -> Iterator[list[int]]:
    """The items each DynamoDB Query reads (`ScannedCount`), in order."""
    from interview_prep.adapters.aws import client

    counts: list[int] = []

    def count(parsed: dict[str, Any], **_: Any) -> None:
        counts.append(int(parsed.get("ScannedCount", 0)))

    events = client("dynamodb").meta.events
    events.register("after-call.dynamodb.Query", count, unique_id="test-items-read")
    yield counts
    events.unregister("after-call.dynamodb.Query", unique_id="test-items-read")


def _pages(api: Api, query: str, items_read: list[int]) -> Iterator[tuple[list[str], int]]:
    """Each page of `GET /v1/interviews?query`, cursor after cursor: its ids and the items the request read."""
    cursor = None
    while True:
        before = sum(items_read)
        status, _, page = api.call("GET", f"/v1/interviews?{query}" + (f"&next={cursor}" if cursor else ""))
        assert status == 200, page
        yield [i["id"] for i in page["items"]], sum(items_read) - before
        cursor = page["next"]
        if not cursor:
            return


def test_list_reads_at_most_the_cap_per_request_whatever_the_history(
    api: Api, history: list[str], items_read: list[int]
) -> None:
    from interview_prep.adapters.store import MAX_ITEMS_READ

    # With a status only the last interview has: a bounded slice of the history per request, empty pages carrying
    # the cursor, and the one match found once.
    rare = list(_pages(api, "status=cancelled&limit=20", items_read))

    assert [i for ids, _ in rare for i in ids] == [history[-1]]
    assert max(read for _, read in rare) == MAX_ITEMS_READ
    assert len(rare) == HISTORY // MAX_ITEMS_READ
    assert all(ids == [] for ids, _ in rare[:-1])

    # Without a filter: each request reads the items it returns, and no more.
    everything = list(_pages(api, "limit=100", items_read))

    assert [i for ids, _ in everything for i in ids] == history
    assert all(read == len(ids) for ids, read in everything[:-1])
