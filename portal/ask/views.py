"""Ask for help: a child or young person writes to the municipality (a henvendelse)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from portal import clock, db
from portal.ask import forms
from portal.emergency import CHILD_HELPLINE, EMERGENCY
from portal.i18n import current_locale
from portal.inquiries import lundy, promises, services
from portal.journeys.engine import Answers, Journey, Step
from portal.municipality import profile
from portal.safety import alerts, rules, screening_list
from portal.safety import services as safety


def _not_safe(answers: Answers) -> str | None:
    return "ask.help_first" if answers.get("safe") in {"no", "unsure"} else None


def lundy_record(answers: Answers) -> lundy.Lundy:
    """How the child was heard, from their answers."""
    return lundy.asked_for_help(
        anonymous=answers.get("identity") != "named",
        safe_now=answers["safe"],
        message=answers["message"],
        topics=answers["topics"],
        wants_answer=answers.get("wants_answer") == "yes",
    )


def submit(answers: Answers) -> dict[str, Any]:
    """Write the inquiry, the child's participation record and, if wanted, a conversation."""
    s, now = db.session(), clock.now()
    anonymous = answers.get("identity") != "named"
    wants_answer = answers.get("wants_answer") == "yes"
    age_band = answers["age_band"] if answers.get("age_band") != "unsaid" else None
    inquiry = services.create_inquiry(
        s,
        kind="ask_for_help",
        answers=answers,
        locale=current_locale(),
        anonymous=anonymous,
        wants_answer=wants_answer,
        now=now,
    )
    services.add_participation(
        s,
        inquiry,
        age_band=age_band,
        format="web form: ask for help",
        lundy=lundy_record(answers),
        now=now,
    )
    passphrase, answer_by = None, None
    if wants_answer:
        passphrase = services.open_conversation(
            s,
            inquiry,
            first_message=answers["message"],
            now=now,
        )
        answer_by = promises.wait_for_answer(s, inquiry, now, profile())
    reasons = rules.reasons_for(
        screening_list(), safe=answers["safe"], topics=answers["topics"], texts=[answers["message"]]
    )
    flag = safety.raise_flag(s, inquiry, reasons, now=now)
    return {
        "reference": inquiry.reference,
        "passphrase": passphrase,
        "safety": flag.alerted if flag else None,
        "answer_by": answer_by.isoformat() if answer_by else None,
    }


JOURNEY = Journey(
    name="ask",
    url="/ask-for-help",
    title=_l("Ask for help"),
    child=True,
    submit=submit,
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
