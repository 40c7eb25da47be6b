"""Have your say: a child or young person tells their adviser what they think (Lundy)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal import clock, db
from portal.casework.clocks import start_feedback_clock
from portal.casework.named import candidates
from portal.i18n import current_locale
from portal.inquiries import lundy, services
from portal.journeys.engine import Answers, Journey, Step
from portal.safety import rules, screening_list
from portal.safety import services as safety
from portal.say import forms
from portal.staff import audit

# What the child wrote in their own words: screened for the safety line.
OWN_WORDS = ("with_whom", "feel_safe", "good", "hard", "wish")


def _young_child(answers: Answers) -> bool:
    return answers.get("age_band") == "6-9"


def lundy_record(answers: Answers, feedback_due: str) -> lundy.Lundy:
    """The answers as the four Lundy elements (what the staff workspace shows)."""
    return lundy.had_their_say(
        young=_young_child(answers),
        how=answers.get("how") or [],
        with_whom=answers.get("with_whom") or "",
        feel_safe=answers.get("feel_safe") or "",
        feelings={k: answers.get(k) for k in ("home", "school", "friends", "free_time")},
        own_words={k: answers.get(k) or "" for k in ("good", "hard", "wish")},
        rather_to_a_person="yes" in (answers.get("to_a_person") or []),
        adviser_or_case=answers.get("adviser") or "",
        parents_may_see=answers.get("parents_may_see"),
        hear_back=answers.get("hear_back") or [],
        feedback_due=feedback_due,
    )


def submit(answers: Answers) -> dict[str, Any]:
    """Write the consultation with its feedback date, the Lundy record and a conversation."""
    s, now = db.session(), clock.now()
    inquiry = services.create_inquiry(
        s,
        kind="consultation",
        answers=answers,
        locale=current_locale(),
        anonymous=not answers.get("adviser"),
        wants_answer=True,
        now=now,
    )
    feedback_due = start_feedback_clock(inquiry, settings=current_app.config)
    services.add_participation(
        s,
        inquiry,
        age_band=answers.get("age_band"),
        format="web form: have your say",
        lundy=lundy_record(answers, feedback_due.isoformat()),
        now=now,
    )
    passphrase = services.open_conversation(
        s,
        inquiry,
        first_message=None,
        now=now,
    )
    named = candidates(s, answers.get("adviser"))
    if len(named) == 1:  # the adviser the child named, and only one: theirs at once
        inquiry.assigned_to = named[0]
        audit.record(s, None, "assigned", inquiry=inquiry, detail="named by the child")
    reasons = rules.reasons_for(screening_list(), texts=[answers.get(f) for f in OWN_WORDS])
    flag = safety.raise_flag(s, inquiry, reasons, now=now)
    return {
        "reference": inquiry.reference,
        "passphrase": passphrase,
        "feedback_due": feedback_due.isoformat(),
        "safety": flag.alerted if flag else None,
    }


JOURNEY = Journey(
    name="say",
    url="/have-your-say",
    title=_l("Have your say"),
    child=True,
    submit=submit,
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
