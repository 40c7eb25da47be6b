"""The front door's map: who the visitor is, and where each need leads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from portal.emergency import HELP_NOW_ENDPOINT


@dataclass(frozen=True)
class Need:
    label: LazyString
    hint: LazyString
    endpoint: str
    slug: str | None = None  # for endpoints that show one page of a section

    @property
    def url_values(self) -> dict[str, Any]:
        return {"slug": self.slug} if self.slug else {}


@dataclass(frozen=True)
class Audience:
    slug: str
    label: LazyString
    heading: LazyString
    needs: tuple[Need, ...]
    child: bool = False


RIGHTS = "rights.hub"
PARENT_RIGHTS = "rights.parents"
PROFESSIONAL_RIGHTS = "rights.professionals"
PROFESSIONAL_PAGE = "rights.professional_page"
ASK = "ask.start"
APPLY = "apply.start"
ADVICE = "advice.start"
REPORT = "report.start"
SAY = "say.start"
INVITED = "invited.start"
CONVERSATION = "conversation.enter"

AUDIENCES: dict[str, Audience] = {
    a.slug: a
    for a in (
        Audience(
            slug="child",
            label=_l("I am a child or young person"),
            heading=_l("What do you need?"),
            child=True,
            needs=(
                Need(_l("Ask for help"), _l("Write to us. You can be anonymous."), ASK),
                Need(_l("Know your rights"), _l("What you can say and what we must do."), RIGHTS),
                Need(_l("Have your say"), _l("Tell us what you think about your case."), SAY),
                Need(
                    _l("I have a code"),
                    _l("Your adviser gave you a code. Tell them what you think."),
                    INVITED,
                ),
                Need(
                    _l("Read an answer"), _l("Come back to a conversation with us."), CONVERSATION
                ),
                Need(
                    _l("I need help now"), _l("Phone numbers you can call now."), HELP_NOW_ENDPOINT
                ),
            ),
        ),
        Audience(
            slug="parent",
            label=_l("I am a parent or family member"),
            heading=_l("What do you need?"),
            needs=(
                Need(
                    _l("Ask anonymously for advice"),
                    _l("Free advice for your family. You do not need to say who you are."),
                    ADVICE,
                ),
                Need(
                    _l("Apply for support"),
                    _l("Support for your child or your family, with your name."),
                    APPLY,
                ),
                Need(
                    _l("Know your rights"),
                    _l("Your rights and your child's rights in a case."),
                    PARENT_RIGHTS,
                ),
                Need(_l("Report a concern"), _l("You are worried about a child."), REPORT),
                Need(
                    _l("Continue a conversation"),
                    _l("Read our answer and write again."),
                    CONVERSATION,
                ),
            ),
        ),
        Audience(
            slug="professional",
            label=_l("I work with children"),
            heading=_l("What do you need?"),
            needs=(
                Need(
                    _l("Report a concern"),
                    _l("Your duty to report, with a receipt within 6 working days."),
                    REPORT,
                ),
                Need(
                    _l("Your duty to report"),
                    _l("When to report, and what happens next."),
                    PROFESSIONAL_RIGHTS,
                ),
                Need(
                    _l("Continue a conversation"),
                    _l("Read our answer and write again."),
                    CONVERSATION,
                ),
            ),
        ),
        Audience(
            slug="worried",
            label=_l("I am worried about a child"),
            heading=_l("What do you need?"),
            needs=(
                Need(
                    _l("A child is in danger now"),
                    _l("Call 112 and the other numbers for help now."),
                    HELP_NOW_ENDPOINT,
                ),
                Need(
                    _l("Report a concern"),
                    _l("Tell us what you have seen or heard. You can be anonymous."),
                    REPORT,
                ),
                Need(
                    _l("What happens when you report"),
                    _l("What we do with a report, and who can read it."),
                    PROFESSIONAL_PAGE,
                    "what-happens-next",
                ),
            ),
        ),
    )
}


@dataclass(frozen=True)
class Action:
    """A "What can I do now?" link at the end of an explainer page."""

    label: LazyString
    endpoint: str


# Ids the explainer pages use in their front matter ("actions = [...]").
ACTIONS: dict[str, Action] = {
    "ask-for-help": Action(_l("Ask for help"), ASK),
    "apply-for-support": Action(_l("Apply for support"), APPLY),
    "anonymous-advice": Action(_l("Ask anonymously for advice"), ADVICE),
    "report-a-concern": Action(_l("Report a concern"), REPORT),
    "have-your-say": Action(_l("Have your say"), SAY),
    "invitation": Action(_l("I have a code from my adviser"), INVITED),
    "conversation": Action(_l("Read an answer"), CONVERSATION),
    "help-now": Action(_l("I need help now"), HELP_NOW_ENDPOINT),
}
