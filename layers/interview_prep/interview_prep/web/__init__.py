"""The web pages for people: the form, double opt-in, the manage page and one-click unsubscribe.

Served by `functions/api` on the same resolver as the JSON API: `web.routes` gathers every page's routes on one Powertools
router, which `interview_prep.http_app` includes at the first request for a page (an API request never loads them),
rendered with Jinja2 (autoescape on) from `templates/page_*.html.j2`. Every page works without JavaScript:
`/static/app.js` only enhances it (interviewer rows added and removed in place, the browser's time zone).

Security decisions, in one place:

- **CSRF** on every state-changing form post (not on the RFC 8058 one-click unsubscribe, which cannot carry a
  token, is idempotent and only stops email): a signed double-submit token. A random value sits in an `HttpOnly`,
  `SameSite=Lax` cookie (`Secure` and `__Host-` prefixed when served over https); each form carries
  HMAC-SHA256(key, that value). The key is the stack's Secrets Manager secret (`CSRF_SECRET_ARN`, readable by
  the API function only; `CSRF_SECRET` overrides it in tests): signed with the current value, verified against
  the current and the previous one, so a rotation never breaks a form that is open at the time.
- **Headers**: a Content-Security-Policy without inline script or style (JS and CSS are served from `/static`),
  no framing, `Referrer-Policy: no-referrer` (capability tokens travel in URLs), `nosniff`, `no-store`.
- **Tokens**: confirm and manage links come from `interview_prep.tokens` (256-bit, stored as hashes, one
  purpose each, expiring); a forged one gets a 404 page, an expired one a 410 page.
- **Abuse limits**: a honeypot field (filled: pretend success, record nothing) and daily caps on web
  submissions per email address and per source address (`settings().unconfirmed_per_*_per_day`, HTTP 429).
"""

# The upload of an invitation file: `http_app.guard` lets its larger body through (before any page module loads).
UPLOAD_PATH = "/invitation"
