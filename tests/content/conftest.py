"""Print the LIX table of the Danish pages at the end of every run (the issue asks to see it)."""

from __future__ import annotations

import pytest

LIX_TABLE: list[tuple[str, float, int]] = []  # filled by test_shipped_content


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not LIX_TABLE:
        return
    terminalreporter.section(
        "LIX of the Danish pages (explainers; journey steps in the browser tests)"
    )
    terminalreporter.write_line(f"{'LIX':>5}  {'limit':>5}  page")
    for name, score, limit in sorted(LIX_TABLE):
        verdict = "" if score <= limit else "  OVER THE LIMIT"
        terminalreporter.write_line(f"{score:5.1f}  {limit:5d}  {name}{verdict}")
