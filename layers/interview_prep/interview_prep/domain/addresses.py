"""Email addresses in the form headers and SES carry: the domain in its ASCII (punycode) form.

Apart from `mail` (which builds the messages, and imports the `email` package for it) so that validating an address
(`models`) loads no message machinery: most functions validate interviews and never compose an email.
"""

from __future__ import annotations


def ascii_domain(domain: str) -> str:
    """An internationalised domain as its ASCII (punycode) form, as email headers and SES carry it."""
    return domain if domain.isascii() else domain.encode("idna").decode("ascii")


def ascii_address(address: str) -> str:
    """`local@domain` with the domain in punycode (the local part is ASCII: validation refuses any other)."""
    local, _, domain = address.rpartition("@")
    return f"{local}@{ascii_domain(domain)}"
