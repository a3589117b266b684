"""The Jinja2 environments for emails and pages: autoescape on for HTML, off for the text parts.

The email templates live beside this module (`domain/templates`); the web pages keep theirs in `web/templates` and
render them through `render_from("interview_prep.web", ...)`, so the domain never names the web layer.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2


EMAILS = "interview_prep.domain"


@functools.cache
def environment(package: str = EMAILS) -> jinja2.Environment:
    """One environment per template package and process, created at first render (Jinja2 is imported only by what
    renders)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    return env


def render(name: str, **context: Any) -> str:
    """Render the email template `name` (e.g. `digest.html.j2`) with `context`."""
    return environment().get_template(name).render(**context)


def render_from(package: str, name: str, **context: Any) -> str:
    """Render the template `name` of another package's `templates` folder (the web pages)."""
    return environment(package).get_template(name).render(**context)
