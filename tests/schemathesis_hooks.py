"""Hooks for the schemathesis CLI (`SCHEMATHESIS_HOOKS=tests.schemathesis_hooks`): an invitation's email body
(`message/rfc822`) is text, sent as is, like `text/plain`."""

from __future__ import annotations

import schemathesis

schemathesis.serializer.alias("message/rfc822", "text/plain")
schemathesis.serializer.alias("text/calendar", "text/plain")
