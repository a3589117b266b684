"""Write the OpenAPI document the API serves at `/v1/openapi.json` to a file (`make openapi`: openapi.json).

Usage: python tools/write_openapi.py [openapi.json]
The file is committed, so a review shows every change of the contract; tests/test_contract.py fails when it differs
from what the API serves (run `make openapi` and commit the result).
"""

from __future__ import annotations

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "layers" / "interview_prep"))

from interview_prep.api.contract import serialise
from interview_prep.http_app import openapi_document

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    target = pathlib.Path(argv[1]) if len(argv) > 1 else ROOT / "openapi.json"
    target.write_text(serialise(openapi_document()), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
