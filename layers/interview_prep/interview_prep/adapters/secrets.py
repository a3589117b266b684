"""Secrets Manager: the current and the previous value of one secret, read at first use and kept a while.

Rotation-aware: the current value is read once per container (and again after `MAX_AGE`); the previous one only
when a caller needs more than the current one (a signature that does not verify), and a value that is older than
`REFRESH_AFTER` is then read again, so a value signed by a container that already has the new secret verifies in
one that has not, and values signed before a rotation stay valid until the next one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from interview_prep.adapters.aws import client as _client

MAX_AGE = 15 * 60  # a rotation reaches every container within this
REFRESH_AFTER = 60  # how old the values may be before a miss reads them again


class SecretVersions:
    def __init__(self, secret_id: str, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._secret_id = secret_id
        self._clock = clock
        self._lock = threading.Lock()
        self._current: str | None = None
        self._previous: tuple[str, ...] | None = None  # () when there is none
        self._read_at = float("-inf")

    def current(self) -> str:
        """The value to sign with."""
        with self._lock:
            if self._current is None or self._clock() - self._read_at > MAX_AGE:
                self._read_current()
            assert self._current is not None
            return self._current

    def all_values(self) -> tuple[str, ...]:
        """Every value that may have signed something: the current one (re-read if older than `REFRESH_AFTER`)
        and the previous one, when the secret was ever rotated."""
        with self._lock:
            if self._current is None or self._clock() - self._read_at > REFRESH_AFTER:
                self._read_current()
            if self._previous is None:
                self._previous = self._read("AWSPREVIOUS")
            assert self._current is not None
            return (self._current, *(v for v in self._previous if v != self._current))

    def _read_current(self) -> None:
        (self._current,) = self._read("AWSCURRENT")
        self._previous = None
        self._read_at = self._clock()

    def _read(self, stage: str) -> tuple[str, ...]:
        from botocore.exceptions import ClientError

        try:
            found = _client("secretsmanager").get_secret_value(SecretId=self._secret_id, VersionStage=stage)
        except ClientError as exc:  # AWSPREVIOUS of a secret never rotated
            if stage == "AWSCURRENT" or exc.response["Error"]["Code"] != "ResourceNotFoundException":
                raise
            return ()
        return (str(found["SecretString"]),)
