"""What each kind of inquiry asks, as plain data: its pages, their questions (in Danish, the
case system's language) and which pages apply to which answers.

The web layer builds one ``Questionnaire`` per kind from the journey that writes it, once
per app (portal/journeys/questionnaires.py); the core reads it from there: the case-system
record lists the answers with their questions, and the FHIR Questionnaire is made from it
(casesystem/fhir.py). Nothing here knows a form or a request.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

Answers = dict[str, Any]
# The kinds of question, named as FHIR names a Questionnaire item's type.
STRING, TEXT, CHOICE, BOOLEAN = "string", "text", "choice", "boolean"


@dataclass(frozen=True)
class Question:
    """One field of one page."""

    page: str  # the page's slug
    field: str  # the answer's name
    text: str
    type: str  # STRING, TEXT, CHOICE or BOOLEAN
    options: tuple[tuple[str, str], ...] = ()  # (value, label) of a choice
    repeats: bool = False  # more than one option may be chosen

    @property
    def link_id(self) -> str:
        # A page and its field: two pages may ask for the same field (a professional's and
        # a citizen's email in a report).
        return f"{self.page}.{self.field}"


def _always(_answers: Answers) -> bool:
    return True


@dataclass(frozen=True)
class Page:
    slug: str
    applies: Callable[[Answers], bool] = _always  # whether the page is asked, given answers


@dataclass(frozen=True)
class Questionnaire:
    """The questions of one kind of inquiry, page by page."""

    kind: str
    title: str
    pages: tuple[Page, ...]
    questions: tuple[Question, ...]

    def asked(self, answers: Answers) -> list[Question]:
        """The questions of the pages that apply to ``answers``, in page order."""
        applicable = {page.slug for page in self.pages if page.applies(answers)}
        return [q for q in self.questions if q.page in applicable]

    @cached_property
    def by_link_id(self) -> dict[str, Question]:
        return {q.link_id: q for q in self.questions}


Questionnaires = Mapping[str, Questionnaire]  # by kind
