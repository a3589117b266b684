"""The public links the emails and pages carry, built from the configured base URL or the request's own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from interview_prep.adapters.settings import settings

if TYPE_CHECKING:  # loaded by the functions that build links: a request that renders nothing does not load it
    from interview_prep.domain.rendered import Links


def base_url(event: Any) -> str:
    """The public URL for links: the configured one, or the URL this request came in on."""
    configured = settings().public_base_url
    if configured:
        return configured
    host = event.headers.get("host") or event.request_context.domain_name or "localhost"
    proto = event.headers.get("x-forwarded-proto", "https")
    stage = event.request_context.stage
    prefix = f"/{stage}" if host.endswith(".amazonaws.com") and stage else ""
    return f"{proto}://{host}{prefix}"


def preview_links(base: str) -> Links:
    """Links shown in the API's previews: each email carries its own tokens, so a tool cannot be shown a real one."""
    from interview_prep.domain.rendered import Links

    return Links(manage_url=f"{base}/manage/(link-in-your-email)", unsubscribe_url=f"{base}/unsubscribe/(link)")


def manage_links(base: str, token: str) -> Links:
    """The links of a page opened with a manage token: the same token works for the manage and unsubscribe pages."""
    from interview_prep.domain.rendered import Links

    return Links(manage_url=f"{base}/manage/{token}", unsubscribe_url=f"{base}/unsubscribe/{token}")
