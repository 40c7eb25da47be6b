"""Every Python package the portal installs is pinned with a hash, in a lock that still fits
pyproject.toml (a dependency added there without `make lock` fails here, not in production)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.support.apps import ROOT

ENTRY = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)(?P<rest>.*?)(?=^\S|\Z)",
    re.MULTILINE | re.DOTALL,
)


def locked(lock: Path) -> dict[str, tuple[str, int]]:
    """Package to (version, how many hashes), from a lock file."""
    return {
        canonicalize_name(m["name"]): (m["version"], m["rest"].count("--hash=sha256:"))
        for m in ENTRY.finditer(lock.read_text(encoding="utf-8"))
    }


PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
RUNTIME = PROJECT["project"]["dependencies"]
DEV = PROJECT["project"]["optional-dependencies"]["dev"]
# Installed from the lock too: pip, and the build backend (the project is installed
# without build isolation, so nothing is fetched unchecked).
TOOLS = ["pip", *PROJECT["build-system"]["requires"]]


@pytest.mark.parametrize(
    ("lock", "wanted"),
    [("requirements.lock", RUNTIME + TOOLS), ("requirements-dev.lock", RUNTIME + DEV + TOOLS)],
)
def test_every_dependency_is_locked_in_a_version_pyproject_allows(
    lock: str, wanted: list[str]
) -> None:
    pins = locked(ROOT / lock)
    for line in wanted:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in {lock}: run make lock"
        version, _ = pins[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock} pins {name}=={version}, pyproject.toml wants {requirement.specifier}: "
            "run make lock"
        )


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_locked_package_has_a_hash(lock: str) -> None:
    pins = locked(ROOT / lock)
    assert len(pins) > 20
    assert [name for name, (_, hashes) in pins.items() if hashes == 0] == []


def test_the_dev_lock_pins_the_runtime_packages_at_the_same_versions() -> None:
    runtime, dev = locked(ROOT / "requirements.lock"), locked(ROOT / "requirements-dev.lock")
    assert {n: v for n, (v, _) in runtime.items() if dev.get(n, ("",))[0] != v} == {}


def test_make_installs_only_from_the_locks_and_checks_their_hashes() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = re.findall(r"^\t\$\(INSTALL\) (.*)$", makefile, re.MULTILINE)
    assert installs, "no install lines in the Makefile"
    for args in installs:
        assert args.startswith("--require-hashes -r ") or args.startswith(
            "--no-deps --no-build-isolation -e ."
        ), args
    assert re.findall(r"pip install(?! --quiet --disable-pip-version-check)", makefile) == []
