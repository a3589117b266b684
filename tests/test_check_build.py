"""The build check (`make build` runs it on `.aws-sam/build`): architecture of compiled extensions, and what the layer
must not carry."""

from __future__ import annotations

import pathlib

import pytest

from tools import check_build

TEMPLATE = pathlib.Path(__file__).resolve().parent.parent / "template.yaml"
ELF_ARM64 = b"\x7fELF\x02\x01\x01" + b"\x00" * 11 + (183).to_bytes(2, "little")
ELF_X86_64 = b"\x7fELF\x02\x01\x01" + b"\x00" * 11 + (62).to_bytes(2, "little")


def _build(tmp_path: pathlib.Path, *, packages: tuple[str, ...] = ("pydantic_core",), elf: bytes = ELF_ARM64) -> str:
    layer = tmp_path / "DomainLayer" / "python"
    for name in packages:
        (layer / name).mkdir(parents=True)
        (layer / name / "__init__.py").write_text("")
    (layer / "pydantic_core" / "_core.so").write_bytes(elf)
    return str(tmp_path)


def test_check_build_with_arm64_extensions_and_a_clean_layer_passes(tmp_path: pathlib.Path) -> None:
    assert check_build.main(_build(tmp_path), str(TEMPLATE)) == 0


def test_check_build_with_an_x86_64_extension_fails(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check_build.main(_build(tmp_path, elf=ELF_X86_64), str(TEMPLATE)) == 1
    assert "_core.so" in capsys.readouterr().err


@pytest.mark.parametrize("package", ["aws_xray_sdk", "botocore", "boto3"])
def test_check_build_with_the_xray_sdk_or_a_second_botocore_in_the_layer_fails(
    tmp_path: pathlib.Path, package: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check_build.main(_build(tmp_path, packages=("pydantic_core", package)), str(TEMPLATE)) == 1
    assert f"DomainLayer/python/{package}" in capsys.readouterr().err


@pytest.mark.parametrize(("locales", "passes"), [(("root", "en", "fr", "fr_CA"), True), (("root", "en", "de"), False)])
def test_check_build_refuses_cldr_data_for_a_locale_never_formatted_in(
    tmp_path: pathlib.Path, locales: tuple[str, ...], passes: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    build = _build(tmp_path)
    data = tmp_path / "DomainLayer" / "python" / "babel" / "locale-data"
    data.mkdir(parents=True)
    for name in locales:
        (data / f"{name}.dat").write_bytes(b"data")

    assert check_build.main(build, str(TEMPLATE)) == (0 if passes else 1)
    assert ("babel/locale-data/de.dat" in capsys.readouterr().err) is not passes


def test_template_builds_every_function_and_the_layer_for_arm64() -> None:
    from local_stack.cfn import load_template

    assert check_build.architectures(load_template(TEMPLATE)) == {"arm64"}
