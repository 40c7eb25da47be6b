"""What the accessibility checkers only suspect (tests/browser/checkers.py): listed, not failed.

Each browser test keeps its findings in its report's user properties, which pytest-xdist
carries from the workers to the controller. At the end of the run the controller writes them
all to build/a11y-findings.txt, by rule and page, and prints a short summary: one line a rule.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from _pytest.terminal import TerminalReporter

FINDINGS = "a11y-findings"
REPORT = Path(__file__).resolve().parents[2] / "build" / "a11y-findings.txt"


def rule_of(finding: str) -> str:
    """'ibm rule_id (level outcome)' or 'htmlcs code', with 'false positive: ' kept before it."""
    judged = "false positive: " if finding.startswith("false positive: ") else ""
    return judged + finding.removeprefix(judged).split(":", 1)[0]


def collect(reporter: TerminalReporter) -> dict[str, set[str]]:
    """Rule (checker and rule id) to the distinct findings under it."""
    by_rule: dict[str, set[str]] = defaultdict(set)
    for reports in reporter.stats.values():
        for report in reports:
            if not isinstance(report, pytest.TestReport):
                continue
            for name, value in report.user_properties:
                if name == FINDINGS:
                    page, _, said = str(value).partition(": ")
                    by_rule[rule_of(said)].add(f"{page}: {said}")
    return by_rule


def summarize(reporter: TerminalReporter) -> None:
    by_rule = collect(reporter)
    if not by_rule:
        REPORT.unlink(missing_ok=True)  # no list from an earlier run left to mislead
        return
    REPORT.parent.mkdir(exist_ok=True)
    with REPORT.open("w", encoding="utf-8") as out:
        for rule in sorted(by_rule):
            out.write(f"{rule}\n")
            out.writelines(f"    {finding}\n" for finding in sorted(by_rule[rule]))
    reporter.write_sep("-", "accessibility findings listed, not failed")
    for rule in sorted(by_rule):
        reporter.write_line(f"{len(by_rule[rule]):5d}  {rule}")
    reporter.write_line(f"every one, with its page and element: {REPORT}")
