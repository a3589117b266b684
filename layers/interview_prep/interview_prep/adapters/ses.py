"""SES v2: sends one composed MIME message, written on the wire exactly as composed."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import EmailPolicy
from typing import Any

from interview_prep.adapters.aws import client as _client
from interview_prep.adapters.settings import Settings


class _WirePolicy(EmailPolicy):
    """SMTP's policy, except that `List-Unsubscribe` is written as is: folding its long, unbroken URL would turn it
    into RFC 2047 encoded words, which are not a URL (RFC 2369/8058), and one-click unsubscribe would not work."""

    def fold_binary(self, name: str, value: str) -> bytes:
        line = f"{name}: {value}"
        if name.lower() == "list-unsubscribe" and line.isascii() and len(line) <= 998 and not {"\r", "\n"} & set(line):
            return (line + self.linesep).encode("ascii")
        return super().fold_binary(name, value)


# Lines are folded only beyond RFC 5322's limit of 998, as `mail.compose` wrote them: at 78, a subject or a
# Message-ID with a long word is folded right after its colon, and some clients show it with a leading space.
WIRE_POLICY = _WirePolicy(linesep="\r\n", max_line_length=998)


class Mailer:
    """Sends a composed MIME message through SES v2; a failure raises, so the caller's retry sends it later."""

    def __init__(self, config: Settings) -> None:
        self._config = config
        self._ses = _client("sesv2")

    def send(self, message: EmailMessage, *, to: str, tags: dict[str, str] | None = None) -> str:
        """Send; `tags` (ids, never personal data: SES repeats them in its bounce and complaint events) go with it."""
        params: dict[str, Any] = {
            "FromEmailAddress": self._config.sender_address,
            "Destination": {"ToAddresses": [to]},
            "Content": {"Raw": {"Data": message.as_bytes(policy=WIRE_POLICY)}},
        }
        if tags:
            params["EmailTags"] = [{"Name": name, "Value": value} for name, value in tags.items()]
        if self._config.ses_configuration_set:
            params["ConfigurationSetName"] = self._config.ses_configuration_set
        return str(self._ses.send_email(**params)["MessageId"])
