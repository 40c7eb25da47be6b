"""Multi-step journeys in the GOV.UK pattern: one question per page, check answers, receipt.

Each step is a form; valid answers are saved server-side at once, so going back,
changing an answer, an expired form token or a server fault never loses what was typed.
The step is in the URL, every POST redirects (POST-redirect-GET), and the back link is
computed from the answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import LazyString, gettext
from sqlalchemy.exc import SQLAlchemyError

from portal import clock, current, db
from portal.core.context import Context
from portal.core.uow import unit_of_work
from portal.emergency import HelpLine
from portal.forms.base import BaseForm
from portal.forms.recovery import recoverable
from portal.journeys import drafts
from portal.journeys.receipts import Receipt
from portal.security.urls import safe_next
from portal.visits import store

Answers = dict[str, Any]


def _always(_answers: Answers) -> bool:
    return True


def _nowhere(_answers: Answers) -> str | None:
    return None


_FIELD_NAMES: dict[type[BaseForm], list[str]] = {}


def _field_names(form: type[BaseForm]) -> list[str]:
    """The answer fields of a form, in page order (asked often: worked out once)."""
    if form not in _FIELD_NAMES:
        _FIELD_NAMES[form] = [
            f.name for f in form(meta={"csrf": False}) if f.type != "CSRFTokenField"
        ]
    return _FIELD_NAMES[form]


@dataclass(frozen=True)
class Step:
    """One page of a journey."""

    slug: str
    form: type[BaseForm]
    heading: LazyString  # the question, shown as the page's <h1>
    hint: LazyString | None = None
    applies: Callable[[Answers], bool] = _always
    # An endpoint to show straight after this step (e.g. "call 112 now"), or None.
    detour: Callable[[Answers], str | None] = _nowhere
    # Fields whose stored value is never shown again (a CPR number): left blank, it stays.
    keep_if_blank: frozenset[str] = frozenset()

    def fields(self) -> list[str]:
        return _field_names(self.form)

    def answered(self, answers: Answers) -> bool:
        return all(name in answers for name in self.fields())


@dataclass(frozen=True)
class Row:
    """A line of "check your answers"."""

    question: str
    answer: str
    change_url: str
    # The answer is masked (``Journey.masks``), e.g. a CPR number.
    masked: bool = False


@dataclass
class Journey:
    """A journey: its steps, where it lives, and what submitting it does."""

    name: str  # blueprint name, e.g. "ask"
    url: str  # e.g. "/ask-for-help"
    title: LazyString
    steps: list[Step]
    # The use case that writes the inquiry and returns what the receipt shows; the engine
    # runs it and deletes the draft in one unit of work, so both happen or neither.
    submit: Callable[[Context, Answers], Receipt]
    # What ``submit`` returns, to read it back from the visit.
    receipt: type[Receipt] = Receipt
    child: bool = True
    templates: dict[str, str] = field(default_factory=dict)
    # How "check your answers" shows a field it must not show in full (e.g. a CPR number).
    masks: dict[str, Callable[[str], str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_slug = {step.slug: step for step in self.steps}
        self.bp = Blueprint(self.name, __name__, url_prefix=self.url)
        self.bp.add_url_rule("", "start", self.start, methods=["GET"])
        check_view = recoverable(self.check, self.recover_check)
        self.bp.add_url_rule("/check-answers", "check", check_view, methods=["GET", "POST"])
        self.bp.add_url_rule("/sent", "sent", self.sent, methods=["GET"])
        step_view = recoverable(self.step, self.recover)
        self.bp.add_url_rule("/<slug>", "step", step_view, methods=["GET", "POST"])

    # -- navigation ------------------------------------------------------------------

    def applicable(self, answers: Answers) -> list[Step]:
        return [step for step in self.steps if step.applies(answers)]

    def first_missing(self, answers: Answers) -> Step | None:
        return next((s for s in self.applicable(answers) if not s.answered(answers)), None)

    def step_url(self, step: Step, **values: Any) -> str:
        return url_for(f"{self.name}.step", slug=step.slug, **values)

    def next_url(self, step: Step, answers: Answers) -> str:
        """The next page; after a change, back to check answers once nothing is missing."""
        if request.args.get("change"):
            missing = self.first_missing(answers)
            return self.step_url(missing, change=1) if missing else url_for(f"{self.name}.check")
        steps = self.applicable(answers)
        later = steps[steps.index(step) + 1 :] if step in steps else []
        return self.step_url(later[0]) if later else url_for(f"{self.name}.check")

    def back_url(self, step: Step, answers: Answers) -> str:
        steps = self.applicable(answers)
        if step in steps and steps.index(step) > 0:
            return self.step_url(steps[steps.index(step) - 1])
        return url_for(f"{self.name}.start")

    def collected(self, answers: Answers) -> Answers:
        """Only the answers of steps that apply (a changed answer can skip others)."""
        keep = {name for step in self.applicable(answers) for name in step.fields()}
        return {key: value for key, value in answers.items() if key in keep}

    # -- views -----------------------------------------------------------------------

    def start(self) -> str:
        return render_template(
            self.templates.get("start", "journeys/start.html"),
            journey=self,
            first_url=self.step_url(self.steps[0]),
            child_page=self.child,
        )

    def _render_step(self, step: Step, form: BaseForm, answers: Answers, **extra: Any) -> str:
        now = clock.now()
        return render_template(
            self.templates.get(step.slug, "journeys/step.html"),
            journey=self,
            step=step,
            form=form,
            back_url=self.back_url(step, answers),
            child_page=self.child,
            now=now,
            kept_until=store.expires_at(now),
            **extra,
        )

    def step(self, slug: str) -> ResponseReturnValue:
        step = self.by_slug.get(slug)
        if step is None:
            abort(404)
        try:
            answers = drafts.load(self.name)
        except SQLAlchemyError:
            if request.method == "GET":
                raise  # nothing typed yet: the general "try again in a few minutes" page
            db.session().rollback()
            return self._render_step(step, step.form(), {}, server_problem=True), 503
        missing = self.first_missing(answers)
        steps = self.applicable(answers)
        out_of_order = step not in steps or (
            missing is not None and steps.index(missing) < steps.index(step)
        )
        if out_of_order and request.method == "GET":
            return redirect(self.step_url(missing) if missing else url_for(f"{self.name}.check"))
        if request.method == "GET":
            form = step.form(data=answers)
            form.stored_answers = answers
            return self._render_step(step, form, answers)
        form = step.form()
        form.stored_answers = answers
        if not form.validate():
            return self._render_step(step, form, answers)
        answers.update(
            {
                name: form[name].data
                for name in step.fields()
                if not (name in step.keep_if_blank and not form[name].data and answers.get(name))
            }
        )
        try:
            with unit_of_work(db.session()):
                drafts.save(self.name, answers)
        except SQLAlchemyError:  # rolled back: nothing half-saved
            return self._render_step(step, form, answers, server_problem=True), 503
        if out_of_order:
            # Earlier answers are gone (the visit's session ended): keep what was just
            # typed, and ask again for what is missing.
            missing = self.first_missing(answers)
            if missing is not None:
                return redirect(self.step_url(missing, lost=1))
        detour = step.detour(answers)
        if detour:
            return redirect(url_for(detour, next=self.next_url(step, answers)))
        return redirect(self.next_url(step, answers))

    def recover(self) -> ResponseReturnValue:
        """The form's token had expired: show the page again with everything typed. If the
        whole visit had ended, its answers are gone: the page says so, and what was just
        typed is still in the form, to copy or to send on."""
        step = self.by_slug.get(str((request.view_args or {}).get("slug")))
        if step is None:
            abort(404)
        form = step.form()  # bound to what was posted; not validated
        if store.current().ended:
            return self._render_step(step, form, {}, visit_ended=True), 400
        return self._render_step(step, form, drafts.load(self.name), token_expired=True), 400

    def recover_check(self) -> ResponseReturnValue:
        """Send was pressed with an expired token: check the answers and send again; or the
        visit had ended, and nothing was sent."""
        if store.current().ended:
            return render_template(
                "journeys/visit-ended.html", journey=self, child_page=self.child
            ), 400
        answers = drafts.load(self.name)
        if self.first_missing(answers) is not None:
            return redirect(url_for(f"{self.name}.start"))
        return self._render_check(answers, BaseForm(), token_expired=True), 400

    def rows(self, answers: Answers, *, reveal: bool = False) -> list[Row]:
        """The answers as "check your answers" (and the case page) list them; the masked
        ones masked, unless ``reveal`` (staff who asked to see them)."""
        rows = []
        for step in self.applicable(answers):
            form = step.form(data=answers, meta={"csrf": False})
            for name in step.fields():
                masked = name in self.masks and not reveal
                shown = (
                    self.masks[name](str(answers.get(name) or ""))
                    if masked
                    else display(form[name])
                )
                rows.append(
                    Row(
                        question=str(form[name].label.text),
                        answer=shown,
                        change_url=self.step_url(step, change=1),
                        masked=masked and bool(shown),
                    )
                )
        return rows

    def check(self) -> ResponseReturnValue:
        answers = drafts.load(self.name)
        if not answers and self._receipt() is not None:
            # Sent already: a second press of Send, or Back from the receipt.
            return redirect(url_for(f"{self.name}.sent"))
        missing = self.first_missing(answers)
        if missing is not None:
            return redirect(self.step_url(missing))
        form = BaseForm()
        if request.method == "POST" and form.validate():
            try:
                receipt = current.run(self._submit, self.collected(answers))
            except SQLAlchemyError:  # rolled back: nothing sent, the draft is kept
                return self._render_check(answers, form, server_problem=True), 503
            session[f"receipt:{self.name}"] = receipt.to_session()
            return redirect(url_for(f"{self.name}.sent"))
        return self._render_check(answers, form)

    def _submit(self, ctx: Context, answers: Answers) -> Receipt:
        """Send: the journey's use case, and the draft deleted, in the same unit of work."""
        receipt = self.submit(ctx, answers)
        drafts.discard(self.name)
        return receipt

    def _render_check(self, answers: Answers, form: BaseForm, **extra: Any) -> str:
        return render_template(
            self.templates.get("check", "journeys/check-answers.html"),
            journey=self,
            rows=self.rows(answers),
            answers=answers,
            form=form,
            back_url=self.step_url(self.applicable(answers)[-1]),
            child_page=self.child,
            now=(now := clock.now()),
            kept_until=store.expires_at(now),
            **extra,
        )

    def call_first(self, lines: tuple[HelpLine, ...], **texts: LazyString) -> str:
        """A detour before going on: who to call now (heading, lead, after, continue_label)."""
        return render_template(
            "journeys/call-first.html",
            lines=lines,
            next_url=safe_next(request.args.get("next"), self.url),
            child_page=self.child,
            on_help_page=True,
            **texts,
        )

    def _receipt(self) -> dict[str, Any] | None:
        found: dict[str, Any] | None = session.get(f"receipt:{self.name}")
        return found

    def sent(self) -> ResponseReturnValue:
        """The receipt. The six secret words are shown this once and then leave the server:
        a reload, Back or a copied cookie shows the reference, and says what to do."""
        stored = self._receipt()
        if stored is None:
            return redirect(url_for(f"{self.name}.start"))
        receipt = self.receipt.from_session(stored)
        passphrase = receipt.words
        if passphrase:
            session[f"receipt:{self.name}"] = receipt.shown().to_session()
        return render_template(
            self.templates.get("sent", "journeys/sent.html"),
            journey=self,
            receipt=receipt,
            passphrase=passphrase,
            words_shown_before=receipt.words_shown,
            child_page=self.child,
        )


def display(bound: Any) -> str:
    """An answer as the person chose it: the label of a choice, the text typed; a box ticked
    or not in words, never True or False."""
    choices = {str(c.value): str(c.label) for c in getattr(bound, "choices", None) or []}
    data = bound.data
    if isinstance(data, bool):
        return str(gettext("Yes") if data else gettext("No"))
    if isinstance(data, list):
        return ", ".join(choices.get(str(v), str(v)) for v in data)
    if choices:
        return choices.get(str(data), "")
    return "" if data is None else str(data)
