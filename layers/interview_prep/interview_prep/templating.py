"""The Jinja2 environment for emails and pages: autoescape on for HTML, off for the text parts."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2


@functools.cache
def environment() -> jinja2.Environment:
    """One environment per process, created at first render (Jinja2 is imported only by what renders)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("interview_prep", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    return env


def render(name: str, **context: Any) -> str:
    """Render the template `name` (e.g. `digest.html.j2`) with `context`."""
    return environment().get_template(name).render(**context)
