"""Babel's CLDR data trimmed for the build (tools/trim_cldr.py): whatever the service formats, for every locale an
interview can have, reads the same with the trimmed data as with Babel's whole data."""

from __future__ import annotations

import json
import pathlib
import shutil
import subprocess
import sys

import babel
import pytest

from tools import trim_cldr

BABEL = pathlib.Path(babel.__file__).parent

# Every locale an interview can have (English, and French in each accepted zone), and everything i18n formats in it.
FORMAT_ALL = """
import datetime as dt, json
import babel
from interview_prep.domain import i18n, models

locales = {i18n.locale_for("fr", zone) for zone in models.accepted_zones()} | {i18n.ENGLISH}
said = {}
for locale in sorted(locales, key=lambda l: l.tag):
    days = [dt.date(2027, 4, 1), dt.date(2027, 9, 14)]
    said[locale.tag] = [
        *[i18n.long_date(day, locale) for day in days],
        *[i18n.short_date(day, locale) for day in days],
        i18n.time_of_day(dt.time(9, 5), locale),
        i18n.time_of_day(dt.time(14, 0), locale),
        i18n.number(85000, locale),
        *[i18n.currency_symbol(code, locale) for code in sorted(models.CURRENCIES)],
        i18n.join(["A", "B", "C"], locale),
        i18n.ngettext_for(locale, "%(num)d day", "%(num)d days", 2),
    ]
print(json.dumps(said))
"""


def _format_all(babel_from: pathlib.Path | None = None) -> dict[str, list[str]]:
    """FORMAT_ALL's output, with Babel imported from `babel_from` (a folder holding a `babel` copy) when given."""
    code = FORMAT_ALL
    if babel_from is not None:
        first = f"import sys\nsys.path.insert(0, {str(babel_from)!r})\nimport babel\n"
        code = first + f"assert babel.__file__.startswith({str(babel_from)!r}), babel.__file__\n" + code
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    said: dict[str, list[str]] = json.loads(proc.stdout)
    return said


@pytest.fixture(scope="module")
def trimmed(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    folder = tmp_path_factory.mktemp("layer")
    shutil.copytree(BABEL, folder / "babel", ignore=shutil.ignore_patterns("__pycache__"))
    trim_cldr.trim(folder)
    return folder


def test_trim_keeps_root_english_and_every_french_locale_only(trimmed: pathlib.Path) -> None:
    kept = sorted(p.stem for p in (trimmed / "babel" / "locale-data").glob("*.dat"))
    whole = sorted(p.stem for p in (BABEL / "locale-data").glob("*.dat"))

    assert {"root", "en", "fr", "fr_CA", "fr_LU", "fr_BE", "fr_CH"} <= set(kept)
    assert kept == [name for name in whole if name in ("root", "en", "fr") or name.startswith("fr_")]
    size = sum(p.stat().st_size for p in (trimmed / "babel" / "locale-data").glob("*.dat"))
    assert size < 3_000_000  # of ~35 MB


def test_trimmed_data_formats_everything_as_the_whole_data_does(trimmed: pathlib.Path) -> None:
    with_trimmed = _format_all(trimmed)
    with_whole = _format_all()

    assert with_trimmed == with_whole
    assert {"en", "fr-CA", "fr-LU", "fr-BE", "fr-CH", "fr-FR"} <= set(with_whole)
    assert with_trimmed["fr-CA"][0] == "jeudi 1er avril 2027"


def test_trim_of_a_folder_without_babel_fails_naming_it(tmp_path: pathlib.Path) -> None:
    with pytest.raises(FileNotFoundError, match="no Babel locale data"):
        trim_cldr.trim(tmp_path)
