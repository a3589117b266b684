"""Caps on unconfirmed submissions: how often anyone can make the service email an address that never asked.

Every way in that sends a confirmation email to an address not yet confirmed (the web form, an uploaded
invitation, an inbound email) calls `admit_unconfirmed` once, before it records anything. Four counters, all
spent together or none (one DynamoDB transaction: a refused submission spends nothing):

| counter | counted on | default limit |
| --- | --- | --- |
| `mailbox` | the normalised mailbox (`normalised_mailbox`), per UTC day | 3 |
| `domain` | the recipient's domain, per UTC day | 100 |
| `source` | the client address (IPv4) or its /64 network (IPv6), per UTC day | 10 |
| `global` | every unconfirmed submission, per UTC hour (a refusal here is the alarmed metric `UnconfirmedGlobalCapReached`) | 200 |
"""

from __future__ import annotations

import datetime as dt
import ipaddress

from aws_lambda_powertools import Metrics
from aws_lambda_powertools.metrics import MetricUnit

from interview_prep.adapters.settings import settings
from interview_prep.adapters.store import Counter, InterviewStore
from interview_prep.domain.addresses import ascii_domain
from interview_prep.domain.errors import RateLimited

metrics = Metrics()

# Providers that deliver `j.o.e@` and `joe@` to the same mailbox (dots in the local part ignored).
DOTS_IGNORED = frozenset({"gmail.com"})
# Other names of the same provider's mailboxes.
SAME_PROVIDER = {"googlemail.com": "gmail.com"}


def normalised_mailbox(address: str) -> str:
    """The mailbox an address reaches, as the caps count it.

    The rule: case is ignored; everything from the first `+` in the local part is dropped (plus-addressing,
    for every domain); dots in the local part are dropped for providers that ignore them (Gmail, and
    googlemail.com is gmail.com); the domain is taken in its ASCII (punycode) form.
    """
    local, _, domain = address.strip().rpartition("@")
    domain = ascii_domain(domain.casefold().rstrip("."))
    domain = SAME_PROVIDER.get(domain, domain)
    local = local.casefold().split("+", 1)[0]
    if domain in DOTS_IGNORED:
        local = local.replace(".", "")
    return f"{local}@{domain}"


def source_network(address: str | None) -> str | None:
    """The client address as the caps count it: an IPv4 address as is, an IPv6 one as its /64 network (one
    subscriber usually holds a whole /64), an IPv4-mapped IPv6 address as the IPv4 address."""
    if not address:
        return None
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return "unparsed:" + address.strip()[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{ip}/64", strict=False))
    return str(ip)


class CapReached(RateLimited):
    """A cap refused the submission; `scope` says which (`mailbox`, `domain`, `source` or `global`)."""

    def __init__(self, scope: str, message: str) -> None:
        RateLimited.__init__(self, message)
        self.scope = scope


MESSAGES = {
    "mailbox": "this address already has several interviews waiting for confirmation today; try again tomorrow",
    "domain": "too many interviews are waiting for confirmation at this address's domain today; try again tomorrow",
    "source": "too many interviews were recorded from your network today; try again tomorrow",
    "global": "too many interviews are waiting for confirmation right now; try again in an hour",
}


def admit_unconfirmed(store: InterviewStore, *, email: str, source: str | None, now: dt.datetime) -> None:
    """Count one unconfirmed submission to `email` (from client address `source`, None when there is none, as for
    an inbound email), or raise `CapReached` and count nothing. Call it once, after validating the submission and
    before recording it."""
    config = settings()
    day, hour = now.astimezone(dt.UTC).strftime("%Y-%m-%d"), now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H")
    mailbox = normalised_mailbox(email)
    counters = [
        Counter("mailbox", mailbox, day, config.unconfirmed_per_email_per_day),
        Counter("domain", mailbox.rpartition("@")[2], day, config.unconfirmed_per_domain_per_day),
        Counter("global", "all", hour, config.unconfirmed_per_hour),
    ]
    network = source_network(source)
    if network is not None:
        counters.insert(0, Counter("source", network, day, config.unconfirmed_per_source_per_day))
    refused = store.count_all(counters, now=now)
    if refused is None:
        return
    metrics.add_metric(name="UnconfirmedSubmissionsRefused", unit=MetricUnit.Count, value=1)
    if refused.scope == "global":
        metrics.add_metric(name="UnconfirmedGlobalCapReached", unit=MetricUnit.Count, value=1)
    raise CapReached(refused.scope, MESSAGES[refused.scope])
