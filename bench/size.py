"""Deployment size: each function and the layer after `sam build`, unzipped and zipped, against Lambda's limits.

Lambda's limits: 250 MB unzipped for a function and all its layers together; 50 MB zipped for a direct upload
(sam deploy uploads through S3, where the unzipped limit is the one that binds).
"""

from __future__ import annotations

import io
import os
import pathlib
import shutil
import subprocess
import zipfile
from typing import Any

from bench.coldstart import BUILD, LAYER_SOURCE, LOGICAL_IDS, ROOT, _sources_newer_than_build

UNZIPPED_LIMIT_MB = 250
ZIPPED_DIRECT_UPLOAD_LIMIT_MB = 50
MB = 1024 * 1024


def _walk(folder: pathlib.Path) -> tuple[int, int, dict[str, int]]:
    """(bytes, files, bytes per top-level entry) of a folder, not following symlinks."""
    total = files = 0
    per_top: dict[str, int] = {}
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            path = pathlib.Path(dirpath) / name
            if path.is_symlink():
                continue
            size = path.stat().st_size
            total += size
            files += 1
            top = path.relative_to(folder).parts[0]
            per_top[top] = per_top.get(top, 0) + size
    return total, files, per_top


def _zipped(folder: pathlib.Path) -> int:
    """The size of the folder as a deflated zip (what sam deploy uploads), built in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for dirpath, _, filenames in os.walk(folder):
            for name in filenames:
                path = pathlib.Path(dirpath) / name
                archive.write(path, path.relative_to(folder))
    return buffer.tell()


def build(progress: Any = print) -> str | None:
    """Run `make build` (installs sam into .venv, then `sam build`); None on success, else why not."""
    make = shutil.which("make")
    if make is None:
        return "make is not installed"
    progress("  size: running `make build` (sam build; a minute or two)…")
    proc = subprocess.run([make, "build"], cwd=ROOT, capture_output=True, text=True, timeout=900, check=False)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return "`make build` failed: " + " / ".join(tail)
    return None


def run(*, build_if_missing: bool = False, progress: Any = print) -> dict[str, Any]:
    if not (BUILD / "DomainLayer").is_dir() and build_if_missing:
        problem = build(progress)
        if problem:
            return {"built": False, "reason": problem, "command": "make build && make bench"}
    if not (BUILD / "DomainLayer").is_dir():
        return {
            "built": False,
            "reason": "no .aws-sam/build (sam has not been run)",
            "command": "make build && make bench   (or: python -m bench --build)",
        }
    layer_bytes, layer_files, per_top = _walk(BUILD / "DomainLayer")
    layer_zip = _zipped(BUILD / "DomainLayer")
    packages: dict[str, int] = {}
    if "python" in per_top:  # DomainLayer/python/<package>
        for entry, entry_size in _walk(BUILD / "DomainLayer" / "python")[2].items():
            if not entry.endswith((".dist-info", ".data")):
                packages[entry] = packages.get(entry, 0) + entry_size
    functions = {}
    for short, logical in LOGICAL_IDS.items():
        folder = BUILD / logical
        if not folder.is_dir():
            continue
        size, files, _ = _walk(folder)
        functions[short] = {
            "logical_id": logical,
            "bytes": size,
            "files": files,
            "zipped_bytes": _zipped(folder),
            "with_layer_bytes": size + layer_bytes,
            "share_of_limit": (size + layer_bytes) / (UNZIPPED_LIMIT_MB * MB),
        }
    pyc = sum(1 for _ in (BUILD).rglob("*.pyc"))
    return {
        "built": True,
        "stale": _sources_newer_than_build(),
        "layer": {
            "bytes": layer_bytes,
            "files": layer_files,
            "zipped_bytes": layer_zip,
            "source": str(LAYER_SOURCE.relative_to(ROOT)),
        },
        "layer_largest_packages": dict(sorted(packages.items(), key=lambda kv: -kv[1])[:8]),
        "functions": functions,
        "pyc_files_in_build": pyc,
        "limits_mb": {
            "unzipped_function_and_layers": UNZIPPED_LIMIT_MB,
            "zipped_direct_upload": ZIPPED_DIRECT_UPLOAD_LIMIT_MB,
        },
    }


def render(results: dict[str, Any]) -> str:
    from bench.report import table

    if not results["built"]:
        return f"  not built: {results['reason']}. Run: {results['command']}"
    rows = []
    layer = results["layer"]
    rows.append(
        (
            "DomainLayer (layer)",
            f"{layer['bytes'] / MB:.1f}",
            f"{layer['zipped_bytes'] / MB:.1f}",
            layer["files"],
            "",
            "",
        )
    )
    for short, f in results["functions"].items():
        rows.append(
            (
                f"{f['logical_id']} ({short})",
                f"{f['bytes'] / 1024:.1f} KB",
                f"{f['zipped_bytes'] / 1024:.1f} KB",
                f["files"],
                f"{f['with_layer_bytes'] / MB:.1f}",
                f"{f['share_of_limit']:.0%}",
            )
        )
    out = [
        table(("artifact", "unzipped MB", "zipped MB", "files", "with layer MB", f"of {UNZIPPED_LIMIT_MB} MB"), rows)
    ]
    largest = ", ".join(f"{k} {v / MB:.1f}" for k, v in results["layer_largest_packages"].items())
    out.append(f"\n  largest in the layer (MB): {largest}")
    out.append(
        f"  .pyc files in the build: {results['pyc_files_in_build']} — Lambda's /opt and /var/task are read-only, so every "
        "module is compiled at each cold start (see the cold-start rows 'as deployed')"
    )
    if results["stale"]:
        out.append("  note: the build is older than the sources: run `make build` for current sizes")
    return "\n".join(out)
