"""The Jinja2 environments for emails and pages: autoescape on for HTML, off for the text parts.

The email templates live beside this module (`domain/templates`); the web pages keep theirs in `web/templates` and
render them through `render_from("interview_prep.web", ...)`, so the domain never names the web layer.

Every template is translatable: Jinja2's i18n extension with the locale's gettext catalog (`i18n.translations`),
one environment per template package and locale. `{% trans %}` blocks are trimmed (whitespace inside them collapses
to one space), so a long sentence can wrap in the template and stays one message in the catalog.

Precompiled: `make build`, and the local stack when it starts, compile each package's templates into Python modules
in `templates_compiled/` beside `templates/` (tools/precompile.py), with the SHA-256 of every source compiled. The
compiled code is the same for every locale (it calls the locale's gettext when it renders). An environment loads
those modules when they were compiled from exactly the sources there now; otherwise (none yet, a template edited
since) it compiles from the sources at first use, as before. The output is the same either way
(tests/test_precompiled.py renders every email and page both ways).
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interview_prep.domain import language
from interview_prep.domain.i18n import ENGLISH, Locale, nested, quote, translations

if TYPE_CHECKING:
    import gettext

    import jinja2


EMAILS = "interview_prep.domain"
SOURCES = "templates"
COMPILED = "templates_compiled"
MANIFEST = "sources.json"


def _environment(loader: jinja2.BaseLoader, locale: Locale) -> jinja2.Environment:
    """An environment with the service's options (the same for compiled and source templates: identical output)."""
    import jinja2

    env = jinja2.Environment(
        extensions=["jinja2.ext.i18n"],
        loader=loader,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.policies["ext.i18n.trimmed"] = True
    catalog = translations(locale)
    env.install_gettext_translations(catalog, newstyle=True)  # type: ignore[attr-defined]
    _nest_brackets(env, catalog)
    env.globals["locale"] = locale
    env.globals["quote"] = functools.partial(quote, locale=locale)  # “…” in English, « … » in French
    return env


def _nest_brackets(env: jinja2.Environment, catalog: gettext.NullTranslations) -> None:
    """`{% trans %}` as `i18n.gettext_for`: a value the message puts inside round brackets has its own made square
    (`i18n.nested`), around Jinja2's own newstyle gettext (its escaping and formatting unchanged)."""
    import jinja2

    one, many = env.globals["gettext"], env.globals["ngettext"]

    @jinja2.pass_context
    def gettext(context: jinja2.runtime.Context, string: str, **values: Any) -> str:
        return one(context, string, **nested(catalog.gettext(string), values))  # type: ignore[operator, no-any-return]

    @jinja2.pass_context
    def ngettext(context: jinja2.runtime.Context, singular: str, plural: str, num: int, **values: Any) -> str:
        text = catalog.ngettext(singular, plural, num)
        return many(context, singular, plural, num, **nested(text, {"num": num, **values}))  # type: ignore[operator, no-any-return]

    env.globals.update(gettext=gettext, ngettext=ngettext)


def _package_folder(package: str) -> Path:
    from importlib.util import find_spec

    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise LookupError(f"{package} is not a package")
    return Path(next(iter(spec.submodule_search_locations)))


def _digests(sources: Path) -> dict[str, str]:
    """Each template under `sources`, by the name Jinja2 gives it, with the SHA-256 of its text."""
    return {
        path.relative_to(sources).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(sources.rglob("*"))
        if path.is_file()
    }


def template_names(package: str) -> list[str]:
    """Every template of `package` (a compiled environment's loader cannot list them)."""
    return sorted(_digests(_package_folder(package) / SOURCES))


def compiled_folder(package: str) -> Path | None:
    """The package's compiled templates, when they were compiled from exactly its sources as they are now."""
    root = _package_folder(package)
    try:
        recorded = json.loads((root / COMPILED / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return root / COMPILED if recorded == _digests(root / SOURCES) else None


def source_environment(package: str = EMAILS, locale: Locale = ENGLISH) -> jinja2.Environment:
    """An environment that compiles each template from its source at first use."""
    import jinja2

    return _environment(jinja2.PackageLoader(package, SOURCES), locale)


@functools.cache
def environment(package: str = EMAILS, locale: Locale = ENGLISH) -> jinja2.Environment:
    """One environment per template package, locale and process, created at first render (Jinja2 is imported only
    by what renders): the precompiled templates when they match the sources, else the sources."""
    import jinja2

    compiled = compiled_folder(package)
    if compiled is None:
        return source_environment(package, locale)
    return _environment(jinja2.ModuleLoader(str(compiled)), locale)


def compile_templates(package: str) -> list[str]:
    """Compile every template of `package` into its `templates_compiled/`; the names compiled. A template that does
    not compile raises, naming it. Each file is replaced whole (the manifest last), so a process rendering meanwhile
    reads either the old compiled form or the new one, never half of one."""
    import os
    import tempfile

    root = _package_folder(package)
    target = root / COMPILED
    target.mkdir(exist_ok=True)
    env = source_environment(package)
    names = env.list_templates()
    with tempfile.TemporaryDirectory(dir=root) as scratch:
        env.compile_templates(scratch, zip=None, ignore_errors=False)
        made = {path.name for path in Path(scratch).iterdir()}
        for name in made:
            os.replace(Path(scratch) / name, target / name)
        (Path(scratch) / MANIFEST).write_text(json.dumps(_digests(root / SOURCES), indent=1) + "\n", encoding="utf-8")
        os.replace(Path(scratch) / MANIFEST, target / MANIFEST)
    for old in target.glob("tmpl_*.py"):  # templates since deleted
        if old.name not in made:
            old.unlink()
    environment.cache_clear()
    return names


def render(name: str, *, locale: Locale = ENGLISH, **context: Any) -> str:
    """Render the email template `name` (e.g. `digest.html.j2`) in `locale` with `context`. In French, a name given
    with the article its title takes (`language.in_french_sentence`) where a message puts it after « à » or « de » is
    contracted (« À demander à le Dr Roux » → « au Dr Roux », `language.french_contractions`); in HTML, a bold name's
    article stands before the bold (`language.article_before_bold`)."""
    out = environment(EMAILS, locale).get_template(name).render(**context)
    out = language.french_contractions(out) if locale.french else out
    return language.article_before_bold(out) if name.endswith(".html.j2") else out


def render_from(package: str, name: str, *, locale: Locale = ENGLISH, **context: Any) -> str:
    """Render the template `name` of another package's `templates` folder (the web pages) in `locale`, a bold
    name's article before the bold (`language.article_before_bold`)."""
    return language.article_before_bold(environment(package, locale).get_template(name).render(**context))
