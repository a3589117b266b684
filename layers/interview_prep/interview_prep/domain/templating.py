"""The Jinja2 environments for emails and pages: autoescape on for HTML, off for the text parts.

The email templates live beside this module (`domain/templates`); the web pages keep theirs in `web/templates` and
render them through `render_from("interview_prep.web", ...)`, so the domain never names the web layer.

Every template is translatable: Jinja2's i18n extension with the locale's gettext catalog (`i18n.translations`),
one environment per template package and locale. `{% trans %}` blocks are trimmed (whitespace inside them collapses
to one space), so a long sentence can wrap in the template and stays one message in the catalog.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from interview_prep.domain.i18n import ENGLISH, Locale, quote, translations

if TYPE_CHECKING:
    import jinja2


EMAILS = "interview_prep.domain"


@functools.cache
def environment(package: str = EMAILS, locale: Locale = ENGLISH) -> jinja2.Environment:
    """One environment per template package, locale and process, created at first render (Jinja2 is imported only
    by what renders)."""
    import jinja2

    env = jinja2.Environment(
        extensions=["jinja2.ext.i18n"],
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]
    env.globals["locale"] = locale
    env.globals["quote"] = functools.partial(quote, locale=locale)  # “…” in English, « … » in French
    return env


def render(name: str, *, locale: Locale = ENGLISH, **context: Any) -> str:
    """Render the email template `name` (e.g. `digest.html.j2`) in `locale` with `context`."""
    return environment(EMAILS, locale).get_template(name).render(**context)


def render_from(package: str, name: str, *, locale: Locale = ENGLISH, **context: Any) -> str:
    """Render the template `name` of another package's `templates` folder (the web pages) in `locale`."""
    return environment(package, locale).get_template(name).render(**context)
