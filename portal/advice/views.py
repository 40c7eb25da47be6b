"""Anonymous advice (Barnets lov § 29): a parent or another adult in the family asks a question
without giving a name, and reads the answer in a secret-words conversation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.advice import forms
from portal.advice.usecase import AdviceReceipt, submit
from portal.journeys.engine import Journey, Step

JOURNEY = Journey(
    name="advice",
    url="/anonymous-advice",
    title=_l("Anonymous advice"),
    child=False,
    submit=submit,
    receipt=AdviceReceipt,
    templates={
        "start": "advice/start.html",
        "your-question": "advice/question.html",
        "answer": "advice/answer.html",
        "check": "advice/check-answers.html",
        "sent": "advice/sent.html",
    },
    steps=[
        Step(
            "who-you-are",
            forms.AskerForm,
            _l("How are you related to the child?"),
            hint=_l("You do not need to tell us your name."),
        ),
        Step("the-childs-age", forms.ChildAgeForm, _l("How old is the child? (optional)")),
        Step("about", forms.TopicsForm, _l("What is your question about? (optional)")),
        Step("your-question", forms.QuestionForm, _l("Your question")),
        Step("answer", forms.AnswerForm, _l("Would you like an answer?")),
    ],
)
bp = JOURNEY.bp
