"""The message catalogs: compile the `.po` files into `.mo` (build time), and check them against the code.

Usage:
  python -m tools.catalogs compile   every locale/<name>/LC_MESSAGES/messages.po → .mo beside it (when newer)
  python -m tools.catalogs check     every message the code and the templates mark is in the French catalog,
                                     translated, not fuzzy, and the catalog lists nothing the code dropped
  python -m tools.catalogs extract   print the messages the code marks, as a .pot (to start a new language)

`make catalogs` compiles; `make build`, `make run` and the tests run it first. The `.mo` files are build output
(.gitignore'd): the `.po` files are the source.
"""

from __future__ import annotations

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "layers" / "interview_prep" / "interview_prep"
LOCALE = PACKAGE / "locale"
METHOD_MAP = [
    ("**/templates/**.j2", "jinja2"),
    ("**.py", "python"),
]
OPTIONS = {
    "**/templates/**.j2": {
        "trim_blocks": "True",
        "lstrip_blocks": "True",
        "newstyle_gettext": "True",
        "trimmed": "True",
    }
}
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "N_": None,
    "Said": None,
    "say": None,
    "gettext_for": (2,),
    "ngettext_for": (2, 3),
}
FULL_CATALOG = "fr"  # every message; the others (fr_CA) hold only what their region says differently


def po_files() -> list[pathlib.Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/messages.po"))


def compile_catalogs(*, force: bool = False) -> list[pathlib.Path]:
    """Compile each `.po` whose `.mo` is missing or older; returns the files written. A fuzzy entry or a syntax
    error stops here, loudly."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in po_files():
        mo = po.with_suffix(".mo")
        if not force and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=po.parent.parent.name, abort_invalid=True)
        fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
        if fuzzy:
            raise SystemExit(f"{po}: fuzzy entries (check and unmark them): {fuzzy[:3]}")
        tmp = mo.with_suffix(".mo.tmp")
        with tmp.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        tmp.replace(mo)
        written.append(mo)
    return written


def extract() -> dict[str, tuple[str, int]]:
    """Every message the package marks: msgid (or `singular|plural`) → one place it is used."""
    from babel.messages.extract import extract_from_dir

    found: dict[str, tuple[str, int]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE), METHOD_MAP, OPTIONS, KEYWORDS, strip_comment_tags=True
    ):
        key = "|".join(message) if isinstance(message, tuple) else message
        if key:
            found.setdefault(key, (filename, lineno))
    return found


def problems() -> list[str]:
    """What is wrong with the catalogs: messages missing, untranslated, fuzzy or obsolete; empty when all is well."""
    from babel.messages.pofile import read_po

    marked = extract()
    out: list[str] = []
    for po in po_files():
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=po.parent.parent.name)
        listed = {}
        for message in catalog:
            if not message.id:
                continue
            key = "|".join(message.id) if isinstance(message.id, tuple) else message.id
            listed[key] = message
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(strings):
                out.append(f"{po.parent.parent.name}: untranslated: {key!r}")
            if message.fuzzy:
                out.append(f"{po.parent.parent.name}: fuzzy: {key!r}")
        for key in sorted(set(listed) - set(marked)):
            out.append(f"{po.parent.parent.name}: obsolete (no longer in the code): {key!r}")
        if po.parent.parent.name == FULL_CATALOG:
            for key in sorted(set(marked) - set(listed)):
                where = marked[key]
                out.append(f"{FULL_CATALOG}: missing: {key!r} ({where[0]}:{where[1]})")
    return out


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "compile"
    if command == "compile":
        for mo in compile_catalogs(force="--force" in argv):
            print(f"compiled {mo.relative_to(ROOT)}")
        return 0
    if command == "check":
        found = problems()
        print("\n".join(found) or "catalogs: every message translated")
        return 1 if found else 0
    if command == "extract":
        for key, (filename, lineno) in sorted(extract().items(), key=lambda kv: kv[1]):
            single, _, plural = key.partition("|")
            print(f"#: {filename}:{lineno}\nmsgid {_quote(single)}")
            if plural:
                print(f'msgid_plural {_quote(plural)}\nmsgstr[0] ""\nmsgstr[1] ""\n')
            else:
                print('msgstr ""\n')
        return 0
    print(__doc__, file=sys.stderr)
    return 2


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "layers" / "interview_prep"))
    raise SystemExit(main(sys.argv[1:]))
