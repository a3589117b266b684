"""Domain exceptions: raised by the logic, mapped to HTTP responses in one place (`interview_prep.api.responses`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any


class DomainError(Exception):
    """Base of every error the service explains to its caller."""

    code = "bad_request"
    status = 400

    def __init__(self, message: str, details: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class InvalidInput(DomainError):
    code, status = "validation_error", 422


class Unauthorized(DomainError):
    code, status = "unauthorized", 401


class InterviewNotFound(DomainError):
    code, status = "not_found", 404


class VersionConflict(DomainError):
    """The interview changed since the version the caller holds (optimistic locking)."""

    code, status = "precondition_failed", 412


class IdempotencyConflict(DomainError):
    code, status = "conflict", 409


class InvalidToken(DomainError):
    """A manage, confirm or unsubscribe link that is unknown, expired or for another purpose."""

    code, status = "not_found", 404


class RateLimited(DomainError):
    code, status = "rate_limited", 429


class PayloadTooLarge(DomainError):
    code, status = "payload_too_large", 413


class StateConflict(DomainError):
    """The interview's state does not allow this change (e.g. changing a cancelled interview)."""

    code, status = "conflict", 409


def field_path(loc: tuple[int | str, ...]) -> str:
    """`('interviewers', 0, 'relationship')` -> `interviewers[0].relationship`."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part in ("function-after", "function-before") or str(part).startswith(("function-", "list[", "str")):
            continue
        else:
            path += ("." if path else "") + str(part)
    return path


def details_from(errors: Iterable[Any]) -> list[dict[str, str]]:
    """pydantic error dicts as the API's `details`: one entry per invalid field, with a readable message."""
    details: list[dict[str, str]] = []
    for error in errors:
        loc = tuple(error.get("loc", ()))
        if loc and loc[0] in ("body", "query", "path", "header"):
            loc = loc[1:]
        message = str(error.get("msg", "is not valid"))
        message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
        if error.get("type") == "missing":
            message = "is required"
        elif error.get("type") == "extra_forbidden":
            message = "is not a known field"
        field = field_path(loc)
        named = re.match(r"^([a-z_]+): (.+)$", message, re.DOTALL)
        if named:  # a rule across fields (model validator) that names the field it concerns
            field = ".".join(p for p in (field, named.group(1)) if p)
            message = named.group(2)
        entry = {"field": field or "body", "message": message}
        if entry not in details:
            details.append(entry)
    return details
