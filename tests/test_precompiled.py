"""Templates compiled at build time and the playbook validated at build time give exactly what the sources give.

`make build` and the local stack run tools/precompile.py; the service then loads the compiled forms. Here they are
made in the source tree, then one person's whole journey (form, confirmation email, confirm link, manage page,
digest, thank-you drafts, unsubscribe page) renders every template twice, compiled and from source, and compares.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pathlib
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import NOW
from tests.test_web import confirmed, stack  # noqa: F401 - `stack` is the fixture used below

pytestmark = pytest.mark.xdist_group("precompiled")


@pytest.fixture(scope="module")
def precompiled() -> list[str]:
    from tools.precompile import precompile

    return precompile()


@pytest.fixture
def rendered_both_ways(monkeypatch: pytest.MonkeyPatch, precompiled: list[str]) -> Iterator[list[tuple[str, bool]]]:
    """Every template rendered during the test, as (name, compiled output == source output)."""
    from interview_prep.domain import confirmation, drafts, templating
    from interview_prep.domain.i18n import ENGLISH

    compared: list[tuple[str, bool]] = []

    def render_from(package: str, name: str, *, locale: Any = ENGLISH, **context: Any) -> str:
        compiled_env = templating.environment(package, locale)
        assert type(compiled_env.loader).__name__ == "ModuleLoader", f"{package} did not load its compiled templates"
        compiled = compiled_env.get_template(name).render(**context)
        source = templating.source_environment(package, locale).get_template(name).render(**context)
        compared.append((name, compiled == source))
        return compiled

    def render(name: str, *, locale: Any = ENGLISH, **context: Any) -> str:
        return render_from(templating.EMAILS, name, locale=locale, **context)

    templating.environment.cache_clear()
    monkeypatch.setattr(templating, "render_from", render_from)
    monkeypatch.setattr(templating, "render", render)
    monkeypatch.setattr(confirmation, "render", render)
    monkeypatch.setattr(drafts, "render", render)
    yield compared
    templating.environment.cache_clear()


def test_compiled_templates_render_exactly_what_their_sources_render(
    stack: Any,  # noqa: F811 - the fixture imported from test_web
    clock_at: Any,
    rendered_both_ways: list[tuple[str, bool]],
) -> None:
    browser, manage = confirmed(stack)
    stack.run_scheduler(dt.datetime(2027, 1, 15, tzinfo=dt.UTC))  # the digest, two days before
    clock_at(dt.datetime(2027, 1, 16, 19, 30, tzinfo=dt.UTC))  # during the interview: the notes box
    during = browser.get(manage)
    notes = {
        "csrf_token": during.csrf(),
        "text": "Went well.",
        "interviewers[0].topics": "the warehouse move\n\nseasonal staffing",
        "interviewers[1].concerns": "my SQL depth",
        "follow_ups": "send the forecasting sample",
    }
    assert browser.post(f"{manage}/notes", notes).status == 303
    clock_at(dt.datetime(2027, 1, 16, 20, 30, tzinfo=dt.UTC))  # after it: the drafts
    assert "Your thank-you drafts" in browser.get(manage).text
    stack.run_scheduler(NOW + dt.timedelta(days=30))
    browser.get(manage.replace("/manage/", "/unsubscribe/"))
    browser.get("/manage/" + "x" * 43)  # an unknown link: the message page

    names = {name for name, _ in rendered_both_ways}
    assert [name for name, same in rendered_both_ways if not same] == []
    for expected in (
        "page_form.html.j2",
        "page_manage.html.j2",
        "page_message.html.j2",
        "page_unsubscribe.html.j2",
        "confirmation.html.j2",
        "confirmation.txt.j2",
        "digest.html.j2",
        "digest.txt.j2",
        "thank_you.html.j2",
        "thank_you.txt.j2",
    ):
        assert expected in names, f"{expected} was never rendered"


def test_validated_playbook_loads_equal_to_the_parsed_toml(precompiled: list[str]) -> None:
    from importlib import resources

    from interview_prep.domain import playbook

    text = resources.files("interview_prep.domain").joinpath("playbook.toml").read_text(encoding="utf-8")
    data = resources.files("interview_prep.domain").joinpath(playbook.VALIDATED).read_bytes()

    loaded = playbook._validated(data, text)
    assert loaded is not None and dataclasses.asdict(loaded) == dataclasses.asdict(playbook.parse_playbook(text))
    assert playbook._validated(data, text + "\n# edited since the build\n") is None  # a stale copy is not used


def test_validated_playbook_loads_without_validating_again(precompiled: list[str]) -> None:
    """A function loads the build's playbook as it is: TOML is not read, and pydantic validates nothing again."""
    code = (
        "import sys\n"
        "from interview_prep.domain import playbook\n"
        "book = playbook.load_playbook()\n"
        "assert book.tips and book.fr.steps\n"
        "assert 'tomllib' not in sys.modules and 'pydantic.type_adapter' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=pathlib.Path(__file__).parents[1])


def test_compiled_templates_are_not_used_once_a_source_changes(precompiled: list[str]) -> None:
    import json

    from interview_prep.domain import templating

    manifest = templating._package_folder(templating.EMAILS) / templating.COMPILED / templating.MANIFEST
    assert templating.compiled_folder(templating.EMAILS) is not None
    recorded = manifest.read_text(encoding="utf-8")
    digests = json.loads(recorded)
    try:
        # As if digest.txt.j2 had been edited after the build (the manifest no longer matches it): the sources are
        # used, never the compiled copy of the old text. (The manifest is changed, not the template: other tests
        # may be rendering it meanwhile; for them this only means rendering from source, with the same output.)
        manifest.write_text(json.dumps({**digests, "digest.txt.j2": "0" * 64}), encoding="utf-8")
        assert templating.compiled_folder(templating.EMAILS) is None
    finally:
        manifest.write_text(recorded, encoding="utf-8")
    assert templating.compiled_folder(templating.EMAILS) is not None


def test_precompile_of_a_build_writes_into_that_build_with_this_environments_dependencies(tmp_path: Any) -> None:
    import pathlib
    import shutil
    import subprocess
    import sys

    root = pathlib.Path(__file__).resolve().parent.parent
    build = tmp_path / "DomainLayer" / "python"
    shutil.copytree(
        root / "layers" / "interview_prep" / "interview_prep",
        build / "interview_prep",
        ignore=shutil.ignore_patterns("templates_compiled", "*.pickle", "__pycache__"),
    )
    # A dependency shipped in the build for another machine must not be what the tool imports.
    (build / "pydantic").mkdir()
    (build / "pydantic" / "__init__.py").write_text("raise ImportError('built for arm64')\n")

    done = subprocess.run(
        [sys.executable, str(root / "tools" / "precompile.py"), str(build)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert (build / "interview_prep" / "domain" / "templates_compiled" / "sources.json").is_file()
    assert (build / "interview_prep" / "web" / "templates_compiled" / "sources.json").is_file()
    assert (build / "interview_prep" / "domain" / "playbook.validated.pickle").is_file()
