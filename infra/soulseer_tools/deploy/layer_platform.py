"""Is a built layer for the functions' platform? Every installed wheel's tags (its .dist-info/WHEEL) and
every shared object's ELF header, against template.yaml's Runtime and Architectures.

The python3.11 runtime runs on Amazon Linux 2 (glibc 2.26): a wheel is fit when one of its tags is pure
(`py3-none-any`) or CPython 3.11 (`cp311` / `abi3`) for a manylinux no newer than glibc 2.26 on the
declared architecture. `soulseer deploy` checks the layer `sam build` made before deploying it, and
tests/integration/test_template.py checks the one it builds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LAMBDA_GLIBC = {"python3.11": (2, 26), "python3.12": (2, 34), "python3.13": (2, 34)}  # AL2, AL2023
ELF_MACHINES = {"x86_64": 0x3E, "arm64": 0xB7}
WHEEL_ARCHES = {"x86_64": "x86_64", "arm64": "aarch64"}
_LEGACY = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}
_MANYLINUX = re.compile(r"^manylinux_(\d+)_(\d+)_(\w+)$")
_LEGACY_TAG = re.compile(r"^(manylinux1|manylinux2010|manylinux2014)_(\w+)$")
_SHARED_OBJECT = re.compile(r"\.so(\.\d+)*$")
_GLIBC_SYMBOL = re.compile(rb"GLIBC_2\.(\d+)")


@dataclass(frozen=True)
class Target:
    runtime: str  # python3.11
    architecture: str  # x86_64 | arm64

    @property
    def python_tag(self) -> str:
        return "cp" + self.runtime.removeprefix("python").replace(".", "")

    @property
    def glibc(self) -> tuple[int, int]:
        return LAMBDA_GLIBC[self.runtime]


def _platform_fits(platform: str, target: Target) -> bool:
    if platform == "any":
        return True
    arch = WHEEL_ARCHES[target.architecture]
    match = _MANYLINUX.match(platform)
    if match:
        return match.group(3) == arch and (int(match.group(1)), int(match.group(2))) <= target.glibc
    legacy = _LEGACY_TAG.match(platform)
    return legacy is not None and legacy.group(2) == arch and _LEGACY[legacy.group(1)] <= target.glibc


def _cpython(tag: str) -> int | None:
    """cp39 -> 9, cp311 -> 11 (CPython 3 minor versions)."""
    return int(tag[3:]) if tag.startswith("cp3") and tag[3:].isdigit() else None


def tag_fits(tag: str, target: Target) -> bool:
    """A wheel tag `python-abi-platform` (each part may be a dotted set) that the target runs."""
    pythons, abis, platforms = (part.split(".") for part in tag.split("-"))
    for python in pythons:
        for abi in abis:
            pure = python in ("py3", "py2.py3") and abi == "none"
            compiled = python == target.python_tag and abi in (target.python_tag, "abi3", "none")
            abi3 = abi == "abi3" and _cpython(python) is not None and _cpython(python) <= _cpython(target.python_tag)  # type: ignore[operator]
            if (pure or compiled or abi3) and any(_platform_fits(p, target) for p in platforms):
                return True
    return False


def _wheel_tags(dist_info: Path) -> list[str]:
    wheel = dist_info / "WHEEL"
    if not wheel.exists():
        return []
    return [line.split(":", 1)[1].strip() for line in wheel.read_text().splitlines() if line.startswith("Tag:")]


def _shared_object_problem(path: Path, target: Target) -> str | None:
    data = path.read_bytes()
    if data[:4] != b"\x7fELF":
        return f"{path.name}: not a Linux shared object (ELF)"
    machine = int.from_bytes(data[18:20], "little" if data[5] == 1 else "big")
    if machine != ELF_MACHINES[target.architecture]:
        return f"{path.name}: built for ELF machine {machine:#x}, not {target.architecture}"
    needed = max((int(m) for m in _GLIBC_SYMBOL.findall(data)), default=0)
    if (2, needed) > target.glibc:
        return f"{path.name}: needs GLIBC_2.{needed}; {target.runtime} has {'.'.join(map(str, target.glibc))}"
    return None


def problems(site: Path, target: Target) -> list[str]:
    """What in the layer's site directory (`<layer>/python`) would not import on the target."""
    found = []
    for dist_info in sorted(site.glob("*.dist-info")):
        tags = _wheel_tags(dist_info)
        if not tags:
            found.append(f"{dist_info.name}: installed without a wheel (built on this machine?)")
        elif not any(tag_fits(tag, target) for tag in tags):
            found.append(f"{dist_info.name}: wheel tags {', '.join(tags)} do not run on {target}")
    for shared in sorted(site.rglob("*.so*")):
        if (
            _SHARED_OBJECT.search(shared.name)
            and shared.is_file()
            and (problem := _shared_object_problem(shared, target))
        ):
            found.append(problem)
    return found


def built_problems(build_dir: Path, target: Target) -> list[str]:
    """`problems` of a `sam build` output: the layer's site directory and each function bundle that ships
    dependencies of its own (a requirements.txt beside its code)."""
    sites = [build_dir / "SharedLayer" / "python"]
    sites += sorted(p for p in build_dir.iterdir() if p.is_dir() and any(p.glob("*.dist-info")))
    return [f"{site.relative_to(build_dir)}: {problem}" for site in sites for problem in problems(site, target)]


def template_target(template: dict[str, Any]) -> Target:
    """The runtime and architecture template.yaml's Globals give every function."""
    function = (template.get("Globals") or {}).get("Function") or {}
    (architecture,) = function.get("Architectures") or ["x86_64"]
    return Target(runtime=str(function["Runtime"]), architecture=str(architecture))
