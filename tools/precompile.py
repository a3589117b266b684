"""Do at build time what the first response would otherwise do: compile the templates, validate the playbook.

Usage: python tools/precompile.py [ROOT]
ROOT is the folder holding the `interview_prep` package: `.aws-sam/build/DomainLayer/python` for `make build`, the
source tree (`layers/interview_prep`, the default) for the local stack, which runs this when it starts. The output
lands inside the package (`*/templates_compiled/`, `domain/playbook.validated.pickle`); the service uses it only
while it matches its sources (see interview_prep.domain.templating and .playbook), so a stale copy is never served.
A template that does not compile, or a playbook that does not validate, fails with its name.
"""

from __future__ import annotations

import atexit
import importlib
import pathlib
import shutil
import sys
import tempfile

SOURCE = pathlib.Path(__file__).resolve().parent.parent / "layers" / "interview_prep"
TEMPLATE_PACKAGES = ("interview_prep.domain", "interview_prep.web")


def precompile(root: pathlib.Path = SOURCE) -> list[str]:
    """Compile every template package and store the validated playbook under `root`; what was done."""
    root = root.resolve()
    # `interview_prep` from `root`, its dependencies from this environment: a build's own copies are for the
    # functions' architecture (arm64), whose compiled extensions need not load here.
    if "interview_prep" not in sys.modules:
        shelf = pathlib.Path(tempfile.mkdtemp(prefix="precompile-"))
        atexit.register(shutil.rmtree, shelf, True)
        (shelf / "interview_prep").symlink_to(root / "interview_prep", target_is_directory=True)
        sys.path.insert(0, str(shelf))
        importlib.invalidate_caches()
    package = importlib.import_module("interview_prep")
    if not pathlib.Path(str(package.__file__)).resolve().is_relative_to(root):
        raise RuntimeError(f"interview_prep was imported from {package.__file__}, not from {root}")
    from interview_prep.domain import templating
    from interview_prep.domain.playbook import validate_packaged_playbook

    done = [f"{name}: {len(templating.compile_templates(name))} templates" for name in TEMPLATE_PACKAGES]
    done.append(f"playbook validated: {validate_packaged_playbook().resolve().relative_to(root)}")
    return done


if __name__ == "__main__":
    for line in precompile(pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE):
        print(line)
