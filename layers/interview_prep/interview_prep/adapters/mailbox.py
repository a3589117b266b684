"""The inbound bucket: the raw messages SES stored as it received them (one object per message id)."""

from __future__ import annotations

import functools
from typing import Any

from interview_prep.adapters.settings import Settings


@functools.cache
def _s3() -> Any:
    import boto3

    return boto3.client("s3")


class Mailbox:
    """Reads a received message by its SES message id: at most `limit` + 1 bytes, so a larger one is seen as such."""

    def __init__(self, config: Settings) -> None:
        if not config.inbound_bucket:
            raise ValueError("INBOUND_BUCKET is not set")
        self._bucket = config.inbound_bucket
        self._prefix = config.inbound_prefix

    def read(self, message_id: str, *, limit: int) -> bytes:
        body = _s3().get_object(Bucket=self._bucket, Key=f"{self._prefix}{message_id}")["Body"]
        data: bytes = body.read(limit + 1)
        return data
