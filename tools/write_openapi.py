"""Write the OpenAPI document of the routes, which the API serves at `/v1/openapi.json` (`make openapi`).

Usage: python tools/write_openapi.py [FILE]
FILE defaults to the document the API serves, `layers/interview_prep/interview_prep/api/openapi.json` (the repository's
`openapi.json` links to it). It is committed, so a review shows every change of the contract; tests/test_contract.py
fails when it differs from what the routes give (run `make openapi` and commit the result).
"""

from __future__ import annotations

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "layers" / "interview_prep"))

from interview_prep.api import docs  # noqa: E402

docs.start_writing()  # before the routes are imported: they then name their responses' models

from interview_prep.api.contract import serialise  # noqa: E402
from interview_prep.http_app import openapi_document  # noqa: E402

SERVED = ROOT / "layers" / "interview_prep" / "interview_prep" / "api" / docs.DOCUMENT


def main(argv: list[str]) -> int:
    target = pathlib.Path(argv[1]) if len(argv) > 1 else SERVED
    target.write_text(serialise(openapi_document()), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
