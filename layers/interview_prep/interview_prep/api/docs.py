"""The OpenAPI document: written from the routes by `tools/write_openapi.py`, served as written.

A route names the model of each response in `responses`, and Powertools analyses every one of them the first time
the route answers. Those models (`api.schemas`) only describe: each route returns a `Response` it builds itself. So
`body(name)` gives a response's `{"model": …}` only while the document is being written (`start_writing`, before the
routes are imported), and nothing otherwise: answering a request loads none of them, and the API serves the document
as written (`openapi.json` in this package; the repository's `openapi.json` is a link to it, and
tests/test_contract.py fails when it differs from what the routes give).
"""

from __future__ import annotations

import functools
import sys
from typing import Any

DOCUMENT = "openapi.json"
WRITING = False


def start_writing() -> None:
    """Name the response models in the routes about to be imported (in the process that writes the document)."""
    global WRITING
    if "interview_prep.api.routes" in sys.modules and not WRITING:
        raise RuntimeError(
            "the routes were imported without their response models: write the document in a new process"
        )
    WRITING = True


def body(name: str) -> Any:
    """A JSON response's content entry: `{"model": <api.schemas.name>}` while the document is written, else empty."""
    if not WRITING:
        return {}
    from interview_prep.api import schemas

    return {"model": getattr(schemas, name)}


@functools.cache
def served() -> str:
    """The document as `GET /v1/openapi.json` serves it."""
    from importlib import resources

    return resources.files(__package__).joinpath(DOCUMENT).read_text(encoding="utf-8")
