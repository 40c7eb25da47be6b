"""Three accessibility checkers in one page load: axe-core, HTML_CodeSniffer (pa11y's engine)
and IBM's accessibility-checker-engine (ace.js). All three are injected from node_modules,
offline, and run one after the other on the same document.

Errors fail the test: axe's violations (WCAG 2.0 to 2.2, A and AA), HTML_CodeSniffer's
errors (WCAG2AA) and IBM's violations (its IBM_Accessibility ruleset, the one the checker's
own tools use by default). What the checkers only suspect, HTML_CodeSniffer's warnings and
IBM's potential violations and recommendations, is listed, not failed, and so is what a
checker is wrong about (FALSE_POSITIVES): each test keeps them in its user properties, and
tests/support/findings.py writes them all to build/a11y-findings.txt and prints a summary at
the end of the run.
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
# Where a checker is wrong about this portal: (checker, rule, the elements it is wrong about,
# why). Only these rules, only on these elements, only for that checker: the finding is then
# listed as a false positive, not failed. Nothing else is left out.
FALSE_POSITIVES: list[tuple[str, str, str, str]] = [
    (
        "ibm",
        "element_tabbable_role_valid",
        'div.table-scroll[role="region"][tabindex="0"][aria-labelledby]',
        # A wide table scrolls sideways in a named region that Tab can reach, so a keyboard
        # user can scroll it (WCAG 2.1.1; axe's scrollable-region-focusable asks for exactly
        # this). IBM wants every tabbable element to be a widget; a named region is the
        # established pattern for a scrolling table, and a screen reader names it well.
        "a scrolling table's region is focusable so the keyboard can scroll it",
    ),
    # Since 2020 the HTML standard lets an email field carry autocomplete="username"
    # (whatwg/html pull 5881; the Nu checker and axe accept it), so that password managers
    # pair the staff sign-in's email address with the account. HTML_CodeSniffer and IBM
    # still allow "username" on text fields only.
    (
        "htmlcs",
        "WCAG2AA.Principle1.Guideline1_3.1_3_5.H98",
        'input[type="email"][autocomplete="username"]',
        "HTML allows autocomplete=username on an email field",
    ),
    (
        "ibm",
        "input_autocomplete_valid",
        'input[type="email"][autocomplete="username"]',
        "HTML allows autocomplete=username on an email field",
    ),
]

RUN_ALL = """async ([tags, ruleset, wrong]) => {
    const errors = [], notes = [];
    const short = el => el && el.outerHTML ? el.outerHTML.slice(0, 100) : String(el);
    const misjudged = (checker, rule, el) => wrong.some(([c, r, selector]) =>
        c === checker && r === rule && el instanceof Element && el.matches(selector));
    const at = xpath => document.evaluate(
        xpath, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;

    const ax = await axe.run(document, {runOnly: {type: "tag", values: tags}});
    for (const v of ax.violations)
        errors.push(`axe ${v.id} (${v.impact}): ${v.help} at ` +
                    v.nodes.map(n => n.target.join(" ")).join(", "));

    // HTML_CodeSniffer 2.6.0 logs its own missing message texts ("Translation for ... does
    // not exist") as console errors, which would fail the page: silenced while it runs.
    const consoleError = console.error;
    console.error = (...said) => {
        if (!String(said[0]).startsWith("Translation for")) consoleError(...said);
    };
    try {
        await new Promise((done, failed) =>
            HTMLCS.process("WCAG2AA", document, done, failed, "en"));
    } finally {
        console.error = consoleError;
    }
    for (const m of HTMLCS.getMessages()) {
        const said = `htmlcs ${m.code}: ${m.msg} at ${short(m.element)}`;
        if (misjudged("htmlcs", m.code, m.element)) notes.push(`false positive: ${said}`);
        else if (m.type === HTMLCS.ERROR) errors.push(said);
        else notes.push(said);
    }

    const report = await new ace.Checker().check(document, [ruleset]);
    for (const r of report.results) {
        const [level, outcome] = r.value;
        if (outcome === "PASS") continue;
        const said = `ibm ${r.ruleId} (${level.toLowerCase()} ${outcome.toLowerCase()}): ` +
                     `${r.message} at ${r.path.dom} ${(r.snippet || "").slice(0, 100)}`;
        if (misjudged("ibm", r.ruleId, at(r.path.dom))) notes.push(`false positive: ${said}`);
        else if (level === "VIOLATION" && outcome === "FAIL") errors.push(said);
        else notes.push(said);
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
        wrong = [[checker, rule, where] for checker, rule, where, _ in FALSE_POSITIVES]
        errors, notes = page.evaluate(RUN_ALL, [WCAG_TAGS, IBM_RULESET, wrong])
        where = "/" + page.url.split("//", 1)[-1].split("/", 1)[-1]
        self.request.node.user_properties.extend((FINDINGS, f"{where}: {n}") for n in notes)
        return list(errors)
