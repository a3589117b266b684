"""The boto3 clients of the adapters: one per service and process, created at first use (never at import)."""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def client(service: str) -> Any:
    """The boto3 client for `service` (boto3 is imported here, at first use, to keep it out of pure imports)."""
    import boto3

    return boto3.client(service)  # type: ignore[call-overload]
