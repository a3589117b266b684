"""A test that cannot run is never silent: `make test` names every skipped test and why, and CI (`.ci/run`, which
sets REQUIRE_ALL_TESTS=1) fails when a browser or local-stack test was skipped."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest

from tests.conftest import ROOT

SUITE = """
import pytest

@pytest.mark.browser
def test_needs_chromium():
    pytest.skip("/usr/bin/chromium is missing")

def test_plain_skip():
    pytest.skip("only on Tuesdays")

def test_runs():
    assert True
"""


def _run(tmp_path: pathlib.Path, suite: str, *, require: bool, workers: int = 0) -> subprocess.CompletedProcess[str]:
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    browser: b\n    stack: s\n")
    (tmp_path / "conftest.py").write_text(
        "from tests.conftest import pytest_runtest_logreport, pytest_sessionfinish, pytest_terminal_summary  # noqa\n"
    )
    (tmp_path / "test_suite.py").write_text(suite)
    env = {k: v for k, v in os.environ.items() if k not in ("REQUIRE_ALL_TESTS", "CI") and not k.startswith("COV_")}
    env["PYTHONPATH"] = str(ROOT)
    if require:
        env["REQUIRE_ALL_TESTS"] = "1"
    command = [sys.executable, "-m", "pytest", "-p", "no:randomly", "-p", "no:cacheprovider", "-q"]
    if workers:
        command += ["-n", str(workers)]
    return subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)


def test_make_test_names_every_skipped_test_with_its_reason(tmp_path: pathlib.Path) -> None:
    result = _run(tmp_path, SUITE, require=False)

    assert result.returncode == 0, result.stdout[-2000:]
    assert "2 TESTS SKIPPED: these were NOT run" in result.stdout
    assert "test_needs_chromium: /usr/bin/chromium is missing" in result.stdout
    assert "test_plain_skip: only on Tuesdays" in result.stdout


@pytest.mark.parametrize("workers", [0, 2])
def test_ci_fails_when_a_browser_or_stack_test_is_skipped(tmp_path: pathlib.Path, workers: int) -> None:
    result = _run(tmp_path, SUITE, require=True, workers=workers)

    assert result.returncode == 1, result.stdout[-2000:]
    assert "REQUIRE_ALL_TESTS is set" in result.stdout


def test_ci_passes_a_plain_skip(tmp_path: pathlib.Path) -> None:
    suite = SUITE.replace("@pytest.mark.browser\n", "")
    result = _run(tmp_path, suite, require=True)

    assert result.returncode == 0, result.stdout[-2000:]


def test_ci_script_requires_every_test() -> None:
    script = (ROOT / ".ci" / "run").read_text()

    before_the_tests = script.split("\nmake test", 1)[0]
    assert "export REQUIRE_ALL_TESTS=1" in before_the_tests
