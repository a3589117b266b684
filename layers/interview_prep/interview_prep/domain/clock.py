"""The one source of "now" for the service, so tests and the local stack can move time without patching."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator

_override: contextvars.ContextVar[dt.datetime | None] = contextvars.ContextVar("clock_override", default=None)


def now() -> dt.datetime:
    """The current time, timezone-aware in UTC (or the time fixed by `frozen`)."""
    fixed = _override.get()
    return fixed if fixed is not None else dt.datetime.now(dt.UTC)


@contextlib.contextmanager
def frozen(at: dt.datetime) -> Iterator[None]:
    """Within the block, `now()` answers `at` (which must be timezone-aware)."""
    if at.tzinfo is None:
        raise ValueError("frozen() needs a timezone-aware datetime")
    token = _override.set(at.astimezone(dt.UTC))
    try:
        yield
    finally:
        _override.reset(token)


def iso(value: dt.datetime) -> str:
    """ISO 8601 with offset, to the second (`2027-03-27T07:30:00+00:00`)."""
    return value.replace(microsecond=0).isoformat()
