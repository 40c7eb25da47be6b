"""The corrected legal points of issue 19 stay corrected: feedback to a reporter is § 138,
no public page invites sensitive details by plain email, and the pages that explain a
point cite the paragraph that was checked (shared/domain.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask

from portal.content.library import BANDS, Library
from tests.support.apps import ROOT, make_app

CONTENT = ROOT / "content"
PORTAL = ROOT / "portal"
# Words that show a text is about the receipt or the feedback to a reporter.
FEEDBACK = re.compile(
    r"feedback|receipt|tilbagemeld|kvittering|reporter|underretter|"
    r"whether we have started|om vi har startet",
    re.IGNORECASE,
)
# Staff-only templates may show an address to staff; the public ones may not.
STAFF_TEMPLATES = ("staff", "casework", "triage", "leaders", "mail")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    tmp = tmp_path_factory.mktemp("content")
    app: Flask = make_app(tmp, f"sqlite:///{tmp}/db.sqlite3")
    found: Library = app.extensions["rights_library"]
    return found


def _texts() -> list[Path]:
    files = [*CONTENT.rglob("*.md"), *CONTENT.rglob("*.toml")]
    files += [*PORTAL.rglob("*.py"), *PORTAL.rglob("*.html"), *PORTAL.rglob("*.json")]
    return sorted(files)


def _blocks(path: Path) -> list[str]:
    """Paragraphs of a page, or lines (with their neighbours) of code and templates."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        return re.split(r"\n\s*\n", text)
    lines = text.splitlines()
    return ["\n".join(lines[max(0, i - 2) : i + 3]) for i in range(len(lines))]


def test_nothing_cites_section_137_for_the_receipt_or_feedback_to_a_reporter() -> None:
    wrong = [
        f"{path.relative_to(ROOT)}: {block.strip()[:120]!r}"
        for path in _texts()
        for block in _blocks(path)
        if re.search(r"§\s*137(?!\d)", block) and FEEDBACK.search(block)
    ]
    assert not wrong, wrong


def test_the_check_catches_section_137_for_feedback(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("Intro.\n\n## Besked (§ 137)\nDu får en tilbagemelding.\n", encoding="utf-8")
    assert any(re.search(r"§\s*137", b) and FEEDBACK.search(b) for b in _blocks(page))


def test_no_content_page_has_a_mailto_link() -> None:
    found = [str(p.relative_to(ROOT)) for p in CONTENT.rglob("*.md") if "mailto:" in p.read_text()]
    assert not found, found


def test_no_public_template_has_a_mailto_link() -> None:
    templates = PORTAL / "templates"
    found = [
        str(path.relative_to(ROOT))
        for path in templates.rglob("*.html")
        if path.relative_to(templates).parts[0] not in STAFF_TEMPLATES
        and "mailto:" in path.read_text(encoding="utf-8")
    ]
    assert not found, found


@pytest.mark.parametrize("band", BANDS)
def test_who_reads_what_you_write_says_a_childs_message_can_be_a_report(
    library: Library, band: str
) -> None:
    for locale in ("da", "en", "ar", "uk"):
        page = library.pages[(locale, f"children/{band}", "who-reads-what-you-write")]
        assert {"§ 136", "§ 138"} <= set(page.law), (locale, band)
    words = {"da": "underretning", "en": "report of concern"}
    for locale, word in words.items():
        page = library.pages[(locale, f"children/{band}", "who-reads-what-you-write")]
        assert word in page.text.lower(), (locale, band)
