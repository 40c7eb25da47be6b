"""Have your say: a child or young person tells their adviser what they think (Lundy)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.journeys.engine import Journey, Step
from portal.say import forms
from portal.say.usecase import SayReceipt, submit
from portal.say.usecase import young_child as _young_child

JOURNEY = Journey(
    name="say",
    url="/have-your-say",
    title=_l("Have your say"),
    child=True,
    submit=submit,
    receipt=SayReceipt,
    templates={
        "start": "say/start.html",
        "how-are-things": "say/feelings.html",
        "sent": "say/sent.html",
    },
    steps=[
        Step("age", forms.AgeForm, _l("How old are you?")),
        Step(
            "how-and-where",
            forms.SpaceForm,
            _l("How do you want to be heard?"),
            hint=_l("You do not have to answer. Skip what you want."),
        ),
        Step(
            "how-are-things",
            forms.FeelingsForm,
            _l("How are things?"),
            hint=_l("Choose a face for each. You can skip one."),
            applies=_young_child,
        ),
        Step(
            "your-views",
            forms.ViewsForm,
            _l("What do you think?"),
            hint=_l("Write in your own words. You can skip what you want."),
        ),
        Step(
            "who-reads-it",
            forms.AudienceForm,
            _l("Who reads it?"),
            hint=_l(
                "Your adviser must listen to you before deciding. Your parents may have a right "
                "to read your case; if so, your adviser will tell you first."
            ),
        ),
        Step("hearing-back", forms.InfluenceForm, _l("Hearing back")),
    ],
)
bp = JOURNEY.bp
