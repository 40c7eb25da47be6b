"""Ask for help: a child or young person writes to the municipality (a henvendelse)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal import clock
from portal.ask import forms
from portal.ask.usecase import AskReceipt, submit
from portal.emergency import CHILD_HELPLINE, EMERGENCY
from portal.instances import profile
from portal.journeys.engine import Answers, Journey, Step
from portal.safety import alerts


def _not_safe(answers: Answers) -> str | None:
    return "ask.help_first" if answers.get("safe") in {"no", "unsure"} else None


JOURNEY = Journey(
    name="ask",
    url="/ask-for-help",
    title=_l("Ask for help"),
    child=True,
    submit=submit,
    receipt=AskReceipt,
    templates={"start": "ask/start.html", "sent": "ask/sent.html"},
    steps=[
        Step("are-you-safe", forms.SafeForm, _l("Are you safe right now?"), detour=_not_safe),
        Step("about", forms.TopicsForm, _l("What is it about?")),
        Step("your-message", forms.MessageForm, _l("Write to us")),
        Step("answer", forms.AnswerForm, _l("Do you want an answer from us?")),
        Step("age", forms.AgeForm, _l("How old are you?")),
        Step("who-you-are", forms.IdentityForm, _l("Do you want to tell us who you are?")),
        Step(
            "your-details",
            forms.ContactForm,
            _l("Who are you?"),
            hint=_l("Only an adult who helps children at the municipality will see this."),
            applies=lambda answers: answers.get("identity") == "named",
        ),
    ],
)
bp = JOURNEY.bp


# What happens to a message from a child who is not safe, by who would be told now.
AFTER_WRITING = {
    "staff": _l("You can also write to us. Then we tell the adults who help children at once."),
    "duty": _l(
        "You can also write to us. Our office is closed now. So we tell the municipality's "
        "night and weekend service at once."
    ),
    "nobody": _l("You can also write to us. Our office is closed now. We read it when we open."),
}


@bp.get("/help-first")
def help_first() -> str:
    """Not safe now: who to call at once, before anything else."""
    return JOURNEY.call_first(
        (EMERGENCY, CHILD_HELPLINE),
        heading=_l("Call for help now"),
        lead=_l("If you are not safe, call now. Do not wait for us to write back."),
        after=AFTER_WRITING[alerts.expected_group(profile(), clock.now())],
        continue_label=_l("Continue writing to us"),
    )
