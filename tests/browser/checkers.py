"""Three accessibility checkers in one page load: axe-core, HTML_CodeSniffer (pa11y's engine)
and IBM's accessibility-checker-engine (ace.js). All three are injected from node_modules,
offline, and run one after the other on the same document.

Errors fail the test: axe's violations (WCAG 2.0 to 2.2, A and AA), HTML_CodeSniffer's
errors (WCAG2AA) and IBM's violations (its IBM_Accessibility ruleset, the one the checker's
own tools use by default). What the checkers only suspect, HTML_CodeSniffer's warnings and
IBM's potential violations and recommendations, is listed, not failed: each test keeps them
in its user properties, and tests/browser/conftest.py writes them all to
build/a11y-findings.txt and a summary at the end of the run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.support.findings import FINDINGS

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
HTMLCS = NODE_MODULES / "@pa11y" / "html_codesniffer" / "build" / "HTMLCS.js"
ACE = NODE_MODULES / "accessibility-checker-engine" / "ace.js"

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
IBM_RULESET = "IBM_Accessibility"
# IBM rules we judge wrong for this portal, each with its reason. Only these are left out,
# and only from IBM's engine.
IBM_EXCLUDED: dict[str, str] = {}

RUN_ALL = """async ([tags, ruleset, excluded]) => {
    const errors = [], notes = [];
    const short = el => el && el.outerHTML ? el.outerHTML.slice(0, 100) : String(el);

    const ax = await axe.run(document, {runOnly: {type: "tag", values: tags}});
    for (const v of ax.violations)
        errors.push(`axe ${v.id} (${v.impact}): ${v.help} at ` +
                    v.nodes.map(n => n.target.join(" ")).join(", "));

    // HTML_CodeSniffer 2.6.0 logs its own missing message texts ("Translation for ... does
    // not exist") as console errors, which would fail the page: silenced while it runs.
    const consoleError = console.error;
    console.error = () => {};
    try {
        await new Promise((done, failed) =>
            HTMLCS.process("WCAG2AA", document, done, failed, "en"));
    } finally {
        console.error = consoleError;
    }
    for (const m of HTMLCS.getMessages()) {
        const said = `htmlcs ${m.code}: ${m.msg} at ${short(m.element)}`;
        if (m.type === HTMLCS.ERROR) errors.push(said); else notes.push(said);
    }

    const report = await new ace.Checker().check(document, [ruleset]);
    for (const r of report.results) {
        const [level, outcome] = r.value;
        if (outcome === "PASS" || excluded.includes(r.ruleId)) continue;
        const said = `ibm ${r.ruleId} (${level.toLowerCase()} ${outcome.toLowerCase()}): ` +
                     `${r.message} at ${r.path.dom} ${(r.snippet || "").slice(0, 100)}`;
        if (level === "VIOLATION" && outcome === "FAIL") errors.push(said); else notes.push(said);
    }
    return [errors, notes];
}"""


@dataclass(frozen=True)
class CheckerSources:
    """The three engines' scripts, read once per session."""

    axe: str
    htmlcs: str
    ace: str

    @classmethod
    def read(cls) -> CheckerSources:
        return cls(*(path.read_text(encoding="utf-8") for path in (AXE, HTMLCS, ACE)))


@dataclass
class Checkers:
    """The checkers for one test: errors are returned, the rest kept on the test's report."""

    sources: CheckerSources
    request: pytest.FixtureRequest
    listed: list[str] = field(default_factory=list)

    def errors(self, page: Page) -> list[str]:
        # A click on a link returns once the new page is committed, before its document
        # is parsed: a checker on a half-made document finds no documentElement.
        page.wait_for_load_state("load")
        for source in (self.sources.axe, self.sources.htmlcs, self.sources.ace):
            page.evaluate(source)
        errors, notes = page.evaluate(RUN_ALL, [WCAG_TAGS, IBM_RULESET, list(IBM_EXCLUDED)])
        where = page.url.split("//", 1)[-1].split("/", 1)[-1]
        self.request.node.user_properties.extend((FINDINGS, f"/{where}: {n}") for n in notes)
        return list(errors)
