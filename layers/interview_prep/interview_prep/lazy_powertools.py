"""Powertools packages whose `__init__` imports far more than a function uses, made lazy: imported for its side effect.

`aws_lambda_powertools.event_handler`'s `__init__` imports every resolver Powertools has (AppSync and its asyncio,
Bedrock agents, VPC Lattice…) to re-export them; `utilities.data_classes` imports every event class; `utilities.batch`
every processor. This service uses one resolver, one event class and one processor. Imported before any of those
packages (each function's `app` imports this module first), it puts each package in `sys.modules` with its
`__init__` not run: submodules import as usual, a name the `__init__` re-exports (`from
aws_lambda_powertools.event_handler import Response`, as Powertools' own modules write) comes from the submodule the
`__init__` takes it from, and anything else asked of the package runs the real `__init__` first. Nothing is lost,
only deferred; no Powertools code is changed.

It applies to the Powertools version it was checked against (`CHECKED`, the one in uv.lock; tests/test_imports.py
fails when they differ) and only to a package not imported yet; in any other case, or if the package does not look
as expected, the package is imported normally.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import sys
import threading
from typing import Any

CHECKED = "3.37.0"
PACKAGES = (
    "aws_lambda_powertools.event_handler",
    "aws_lambda_powertools.utilities.data_classes",
    "aws_lambda_powertools.utilities.batch",
)
_pending: set[str] = set()  # deferred packages whose `__init__` has not run yet


def reexports(package: str, source: str) -> dict[str, str]:
    """The names a package's `__init__` imports from its own submodules: name -> the submodule's full name."""
    import ast  # parsed only when a name is first asked of the package: a function that never asks pays nothing

    names: dict[str, str] = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.ImportFrom) or node.module is None:
            continue
        if node.level == 1:
            module = f"{package}.{node.module}"
        elif node.level == 0 and node.module.startswith(package + "."):
            module = node.module
        else:
            continue
        for alias in node.names:
            names[alias.asname or alias.name] = module
    return names


def defer(package: str) -> bool:
    """Put `package` in `sys.modules` with its `__init__` deferred; False (nothing done) when that is not safe."""
    if package in sys.modules:
        return False
    spec = importlib.util.find_spec(package)
    if spec is None or spec.loader is None or not spec.submodule_search_locations:
        return False
    get_source = getattr(spec.loader, "get_source", None)
    if get_source is None:
        return False
    names = functools.cache(lambda: reexports(package, get_source(package) or ""))
    module = importlib.util.module_from_spec(spec)
    lock = threading.RLock()

    def run_init() -> None:
        with lock:
            if package in _pending:
                _pending.discard(package)
                del module.__dict__["__getattr__"]
                spec.loader.exec_module(module)  # type: ignore[union-attr]

    def __getattr__(name: str) -> Any:  # noqa: N807 - the module-level hook of PEP 562
        if name in names():
            return getattr(importlib.import_module(names()[name]), name)
        if not name.startswith("__") and importlib.util.find_spec(f"{package}.{name}") is not None:
            return importlib.import_module(f"{package}.{name}")
        if name.startswith("__") and name != "__all__":
            raise AttributeError(name)
        run_init()
        return getattr(module, name)

    module.__dict__["__getattr__"] = __getattr__
    _pending.add(package)
    sys.modules[package] = module
    parent, _, child = package.rpartition(".")
    setattr(importlib.import_module(parent), child, module)
    return True


def install() -> list[str]:
    """Defer the packages of `PACKAGES` (for the checked Powertools version); the ones deferred."""
    from aws_lambda_powertools.shared.version import VERSION

    if VERSION != CHECKED:
        return []
    return [package for package in PACKAGES if defer(package)]


def pending(package: str) -> bool:
    """Whether `package` was deferred and its `__init__` has not run yet."""
    return package in _pending


DEFERRED = install()
