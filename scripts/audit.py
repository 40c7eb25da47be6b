"""`make audit`: the locked Python packages against a vulnerability database, honestly.

pip-audit reads the lock files (pins and hashes: nothing is installed or resolved) and asks
a vulnerability service about each pinned version: OSV by default, or PyPI's JSON API with
AUDIT_SERVICE=pypi; AUDIT_OSV_URL points at another OSV endpoint (a mirror inside the
municipality's network). pip-audit's own summary says "No known vulnerabilities found" even
when it could not ask about a single package (PyPI's JSON API not reachable, say), so its
JSON report is read instead, package by package, and the answer is one of:

    exit 0  every locked package was checked, and none has a known vulnerability;
    exit 1  known vulnerabilities: each is listed with the versions that fix it;
    exit 2  the service could not be reached or some packages could not be checked: it
            says so, NOTHING WAS CHECKED (or which were not), never "no known
            vulnerabilities".

A build pipeline runs `make audit` and fails on any exit but 0.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from packaging.markers import Marker

ROOT = Path(__file__).resolve().parents[1]
LOCKS = [ROOT / "requirements.lock", ROOT / "requirements-dev.lock"]
OSV_URL = "https://api.osv.dev/v1/query"
PYPI_URL = "https://pypi.org/pypi"
TIMEOUT_SECONDS = "15"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)(?: ; ([^\\]+))?", re.MULTILINE)
# How a request that never got an answer shows in pip-audit's traceback.
UNREACHABLE = (
    "ConnectionError",
    "Connection refused",
    "Failed to establish",
    "Name or service not known",
    "Temporary failure in name resolution",
    "Max retries exceeded",
    "timed out",
    "ProxyError",
    "SSLError",
)
OK, FOUND, UNCHECKED = 0, 1, 2


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned(locks: list[Path]) -> dict[str, str]:
    """Package to version, from every lock: those this Python installs (a lock also pins
    packages for other Pythons and platforms, behind markers)."""
    return {
        canonical(name): version
        for lock in locks
        for name, version, marker in PIN.findall(lock.read_text(encoding="utf-8"))
        if not marker or Marker(marker.strip()).evaluate()
    }


def service() -> tuple[list[str], str]:
    """pip-audit's arguments for the service, and how to name it in a sentence."""
    chosen = os.environ.get("AUDIT_SERVICE", "osv").strip().lower()
    if chosen == "pypi":
        return ["--vulnerability-service", "pypi"], f"PyPI's JSON API at {PYPI_URL}"
    if chosen != "osv":
        raise SystemExit(f"make audit: AUDIT_SERVICE is {chosen!r}; use osv or pypi.")
    url = os.environ.get("AUDIT_OSV_URL", "").strip() or OSV_URL
    return ["--vulnerability-service", "osv", "--osv-url", url], f"OSV at {url}"


def run_pip_audit(locks: list[Path], args: list[str], work: Path) -> tuple[Any, bool, str]:
    """pip-audit's JSON report (None if it wrote none), whether the service could not be
    reached, and pip-audit's last words on stderr."""
    report = work / "report.json"
    command = [
        sys.executable,
        "-m",
        "pip_audit",
        "--disable-pip",
        "--require-hashes",
        *(arg for lock in locks for arg in ("--requirement", str(lock))),
        *args,
        "--format",
        "json",
        "--output",
        str(report),
        "--cache-dir",
        str(work / "cache"),  # fresh each time: answers from the service, not a cache
        "--progress-spinner",
        "off",
        "--timeout",
        TIMEOUT_SECONDS,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = [line.strip() for line in done.stderr.splitlines() if line.strip()]
    last = lines[-1] if lines else f"pip-audit exited with {done.returncode}"
    unreachable = any(sign in done.stderr for sign in UNREACHABLE)
    if not report.exists():
        return None, unreachable, last
    return json.loads(report.read_text(encoding="utf-8")), unreachable, last


def audit(locks: list[Path]) -> tuple[int, list[str]]:
    """The exit code and what to print."""
    args, where = service()
    pins = pinned(locks)
    names = ", ".join(str(lock.name) for lock in locks)
    with tempfile.TemporaryDirectory() as work:
        report, unreachable, last = run_pip_audit(locks, args, Path(work))
    if report is None:
        if unreachable:
            return UNCHECKED, [
                f"make audit: could not reach the vulnerability service ({where}); "
                "NOTHING WAS CHECKED.",
                f"  ({last[:300]})",
            ]
        return UNCHECKED, [
            f"make audit: pip-audit stopped before it checked anything ({last[:300]}); "
            "NOTHING WAS CHECKED."
        ]

    checked: dict[str, dict[str, Any]] = {}
    reasons: dict[str, str] = {}
    for dependency in report.get("dependencies", []):
        name = canonical(dependency["name"])
        if "skip_reason" in dependency:
            reasons[name] = dependency["skip_reason"]
        else:
            checked[name] = dependency
    unchecked = sorted(set(pins) - set(checked))
    if not checked:
        example = next(iter(reasons.values()), "no answer for any package")
        return UNCHECKED, [
            f"make audit: could not reach the vulnerability service ({where}); "
            f"NOTHING WAS CHECKED. It answered for none of the {len(pins)} packages in "
            f"{names} (e.g. {example}).",
        ]

    lines = []
    found = 0
    for name, dependency in sorted(checked.items()):
        for vuln in dependency.get("vulns", []):
            found += 1
            ids = " ".join([vuln["id"], *vuln.get("aliases", [])])
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            lines.append(f"  {name} {dependency['version']}: {ids} (fixed in: {fixed})")
    not_checked = (
        [
            f"make audit: {len(unchecked)} of the {len(pins)} locked packages were NOT "
            f"checked ({', '.join(unchecked)}): {reasons.get(unchecked[0], 'no answer')}."
        ]
        if unchecked
        else []
    )
    if found:
        packages = len({line.split()[0] for line in lines})
        return FOUND, [
            *lines,
            f"make audit: {found} known vulnerabilities in {packages} of the {len(pins)} "
            f"locked packages ({where}). Move each to a fixed version (raise its pin in "
            "pyproject.toml, or make lock-upgrade), then run make audit again.",
            *not_checked,
        ]
    if unchecked:
        return UNCHECKED, [
            *not_checked,
            f"No known vulnerability in the {len(checked)} that were checked, but this is "
            "not a clean result.",
        ]
    return OK, [
        f"make audit: no known vulnerabilities in the {len(pins)} locked packages of "
        f"{names} ({where})."
    ]


def main(argv: list[str]) -> int:
    locks = [Path(arg) for arg in argv] or LOCKS
    code, lines = audit(locks)
    print("\n".join(lines), file=sys.stderr if code else sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
