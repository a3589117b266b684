"""Keep in a build only the CLDR locales the service formats in: Babel ships data for every locale (~35 MB).

Usage: python tools/trim_cldr.py FOLDER
FOLDER holds the `babel` package (`.aws-sam/build/DomainLayer/python` for `make build`). What is kept is what
`interview_prep.domain.i18n.uses_cldr_locale` says: `root`, English and every French locale. Babel's global data
(zones, territories, currencies) stays whole. The source tree and the local stack keep Babel as installed.
"""

from __future__ import annotations

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "layers" / "interview_prep"))

from interview_prep.domain.i18n import uses_cldr_locale


def unused_locales(folder: pathlib.Path) -> list[pathlib.Path]:
    """The locale data files under `folder/babel/locale-data` that the service never formats in."""
    data = folder / "babel" / "locale-data"
    if not data.is_dir():
        raise FileNotFoundError(f"no Babel locale data at {data}")
    return sorted(path for path in data.glob("*.dat") if not uses_cldr_locale(path.stem))


def trim(folder: pathlib.Path) -> tuple[int, int, int]:
    """Remove the unused locale data; (files removed, bytes removed, files kept)."""
    unused = unused_locales(folder)
    removed = 0
    for path in unused:
        removed += path.stat().st_size
        path.unlink()
    kept = len(list((folder / "babel" / "locale-data").glob("*.dat")))
    if not kept:
        raise RuntimeError("no locale data left")  # uses_cldr_locale keeps root, en and fr at least
    return len(unused), removed, kept


if __name__ == "__main__":
    count, size, kept = trim(pathlib.Path(sys.argv[1]))
    print(f"CLDR data: {kept} locales kept (root, English, French), {count} removed ({size / 1e6:.1f} MB)")
