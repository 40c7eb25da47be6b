"""The page check itself catches what it claims to (a check that cannot fail is a defect)."""

from __future__ import annotations

import pytest

from tests.support.pagecheck import Validator, structure_problems

GOOD = (
    '<!doctype html><html lang="da" dir="ltr"><head><meta charset="utf-8">'
    "<title>Hvem er du? - X</title></head><body><main><h1>Hvem er du?</h1>"
    '<p id="a">x</p></main></body></html>'
)


def test_a_good_page_passes(html_validator: Validator) -> None:
    assert structure_problems(GOOD) == []
    assert html_validator.errors(GOOD) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("<h1>Hvem er du?</h1>", ""), "exactly one <h1>"),
        (("</main>", "<h1>Two</h1></main>"), "exactly one <h1>"),
        (("<title>Hvem er du? - X</title>", "<title>Other</title>"), "does not start with"),
        (("<title>Hvem er du? - X</title>", "<title>Nej: Hvem er du?</title>"), "does not start"),
        (('<p id="a">x</p>', '<p id="a">x</p><p id="a">y</p>'), "duplicate ids"),
        (('dir="ltr"', 'dir="rtl"'), "<html dir>"),
        (('lang="da"', 'lang="de"'), "<html lang>"),
        (
            ("<title>Hvem er du? - X</title>", "<title>Hvem er <span>du?</span> - X</title>"),
            "<title> holds markup",
        ),
    ],
)
def test_structure_faults_are_caught(change: tuple[str, str], problem: str) -> None:
    page = GOOD.replace(*change)
    assert any(problem in p for p in structure_problems(page))


@pytest.mark.parametrize("prefix", ["Error:", "Fejl:", "Помилка:"])
def test_a_title_may_start_with_error_in_the_page_language(prefix: str) -> None:
    page = GOOD.replace(
        "<title>Hvem er du? - X</title>", f"<title>{prefix} Hvem er du? - X</title>"
    )
    assert structure_problems(page) == []


def test_the_validator_reports_invalid_html(html_validator: Validator) -> None:
    errors = html_validator.errors(
        GOOD.replace("<p id", "<div><p id").replace("</main>", "</span></main>")
    )
    assert errors
