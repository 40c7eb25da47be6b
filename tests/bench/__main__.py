"""Benchmarks: `make bench` runs every tests/bench/bench_*.py and writes one Markdown report.

Each module has ``run() -> str`` returning its section of the report. Benchmarks measure
and report; they never pass or fail on a time (that is what tests are for).
"""

from __future__ import annotations

import importlib
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "build" / "bench-report.md"


def main() -> int:
    modules = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    sections = [
        "# Indgang benchmark report",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, Python {platform.python_version()}, "
        f"{platform.machine()}, {platform.system()}",
    ]
    for name in modules:
        module = importlib.import_module(f"tests.bench.{name}")
        sections.append(module.run())
    report = "\n\n".join(sections) + "\n"
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report, encoding="utf-8")
    print(report)
    print(f"(written to {REPORT.relative_to(ROOT)})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
