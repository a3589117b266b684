"""Check a `sam build` output: every compiled extension matches the functions' architecture, and the layer carries
nothing the runtime brings or the service must not ship, nor CLDR data for a locale it never formats in.

Usage: python tools/check_build.py [.aws-sam/build] [template.yaml]
A wheel built for the wrong machine imports fine on the build host and fails in Lambda: this catches it. So is a
second botocore in the layer (21 MB, shadowing the runtime's), or the X-Ray SDK (end of support 2027-02-25) that a
dependency's extra would bring back, or Babel's data for every locale (~35 MB; `make build` trims it, tools/trim_cldr.py).
"""

from __future__ import annotations

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from local_stack.cfn import load_template
from tools.trim_cldr import unused_locales

# ELF e_machine values
MACHINES = {"x86_64": 62, "arm64": 183}
# Top-level packages the layer must not contain: the runtime's own SDK, and the retired X-Ray SDK.
NOT_IN_LAYER = ("boto3", "botocore", "s3transfer", "aws_xray_sdk")


def elf_machine(path: pathlib.Path) -> int | None:
    with path.open("rb") as handle:
        header = handle.read(20)
    if len(header) < 20 or header[:4] != b"\x7fELF":
        return None
    return int.from_bytes(header[18:20], "little" if header[5] == 1 else "big")


def architectures(template: dict) -> set[str]:  # type: ignore[type-arg]
    found = set(template.get("Globals", {}).get("Function", {}).get("Architectures", ["x86_64"]))
    for res in template["Resources"].values():
        props = res.get("Properties", {})
        found |= set(props.get("Architectures", []))
        found |= set(props.get("CompatibleArchitectures", []))
    return found


def main(build: str = ".aws-sam/build", template_path: str = "template.yaml") -> int:
    root = pathlib.Path(build)
    if not root.is_dir():
        print(f"no build output at {root}: run `sam build` first", file=sys.stderr)
        return 2
    archs = architectures(load_template(pathlib.Path(template_path)))
    if len(archs) != 1:
        print(f"functions and layer disagree on architecture: {sorted(archs)}", file=sys.stderr)
        return 1
    (arch,) = archs
    shipped = [
        f"{layer.relative_to(root)}/{name}"
        for layer in root.glob("*/python")
        for name in NOT_IN_LAYER
        if (layer / name).exists()
    ]
    shipped += [
        f"{path.relative_to(root)} (CLDR data for a locale the service never formats in)"
        for layer in root.glob("*/python")
        if (layer / "babel" / "locale-data").is_dir()
        for path in unused_locales(layer)[:3]
    ]
    if shipped:
        print("the layer must not contain:", *shipped, sep="\n  ", file=sys.stderr)
        return 1
    wanted = MACHINES[arch]
    checked, wrong = 0, []
    for path in root.rglob("*"):
        if path.is_file() and (path.suffix == ".so" or ".so." in path.name):
            machine = elf_machine(path)
            if machine is None:
                continue
            checked += 1
            if machine != wanted:
                wrong.append(f"{path.relative_to(root)} (ELF machine {machine})")
    if wrong:
        print(f"{len(wrong)} of {checked} compiled extensions are not {arch}:", *wrong, sep="\n  ", file=sys.stderr)
        return 1
    print(f"build ok: {checked} compiled extensions, all {arch}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
