"""Each kind's questions as plain data (portal/inquiries/questions.py), read off the journey
that writes it: its steps, their WTForms fields and labels, in Danish. Built once per app by
the app factory; the core (the case-system records, the FHIR Questionnaire) reads them
there."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import force_locale

from portal.inquiries import questions
from portal.inquiries.questions import Page, Question, Questionnaire
from portal.journeys.engine import Journey

# WTForms field types and the kind of question each is.
TYPES = {
    "StringField": questions.STRING,
    "EmailField": questions.STRING,
    "CPRField": questions.STRING,
    "TextAreaField": questions.TEXT,
    "ChoiceField": questions.CHOICE,
    "DistrictField": questions.CHOICE,
    "MultiCheckboxField": questions.CHOICE,
    "BooleanField": questions.BOOLEAN,
}


def questionnaire(kind: str, journey: Journey) -> Questionnaire:
    """The journey's questions (call it in the app's context: a district field asks the
    app's profile)."""
    with force_locale("da"):
        asked = []
        for step in journey.steps:
            for field in step.form(meta={"csrf": False}):
                if field.type not in TYPES:
                    continue
                kind_of = TYPES[field.type]
                asked.append(
                    Question(
                        page=step.slug,
                        field=field.name,
                        text=str(field.label.text),
                        type=kind_of,
                        options=tuple(
                            (str(value), str(label)) for value, label, *_ in field.iter_choices()
                        )
                        if kind_of == questions.CHOICE
                        else (),
                        repeats=field.type == "MultiCheckboxField",
                    )
                )
        return Questionnaire(
            kind=kind,
            title=str(journey.title),
            pages=tuple(Page(step.slug, step.applies) for step in journey.steps),
            questions=tuple(asked),
        )


def build(journeys: Mapping[str, Journey]) -> dict[str, Questionnaire]:
    """A questionnaire for each kind, from the journey that writes it."""
    return {kind: questionnaire(kind, journey) for kind, journey in journeys.items()}
