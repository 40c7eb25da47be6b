"""The child's or family's side of a conversation: passphrase in, read, write, leave."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import (
    Blueprint,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from werkzeug.datastructures import MultiDict

from portal import clock, db
from portal.conversation import services as received
from portal.conversation.forms import MessageForm, PassphraseForm
from portal.extensions import limiter
from portal.forms.recovery import recoverable
from portal.inquiries import conversations, records
from portal.inquiries.models import Conversation
from portal.municipality import profile
from portal.push import vapid
from portal.safety import screening_list
from portal.safety import services as safety

bp = Blueprint("conversation", __name__, url_prefix="/conversation")

SESSION_KEY = "conversation"
PENDING_KEY = "conversation_pending"


def idle_limit() -> timedelta:
    return timedelta(seconds=current_app.config["CONVERSATION_IDLE_SECONDS"])


def open_conversation() -> Conversation | None:
    """The conversation of this visit, if it has not been idle too long."""
    held = session.get(SESSION_KEY)
    if not held:
        return None
    if clock.now() - datetime.fromisoformat(held["seen"]) > idle_limit():
        session.pop(SESSION_KEY, None)
        return None
    return db.session().get(Conversation, held["id"])


def _touch(conversation_id: str) -> None:
    session[SESSION_KEY] = {"id": conversation_id, "seen": clock.now().isoformat()}


def _enter_page(form: PassphraseForm, status: int = 200, **extra: object) -> ResponseReturnValue:
    return render_template("conversation/enter.html", form=form, child_page=True, **extra), status


@bp.route("", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["PASSPHRASE_RATE_LIMIT"], methods=["POST"])
def enter() -> ResponseReturnValue:
    """Write the six words to open a conversation."""
    form = PassphraseForm()
    if request.method == "GET":
        return _enter_page(form, closed=request.args.get("closed") == "1")
    if not form.validate():
        return _enter_page(form)
    found = conversations.find(
        db.session(),
        form.passphrase.data,
        now=clock.now(),
    )
    if isinstance(found, conversations.Wait):
        form.passphrase.errors.append(
            gettext(
                "Too many tries. Wait %(seconds)s seconds, then try again.",
                seconds=found.seconds,
            )
        )
        return _enter_page(form, 429)
    if found is None:
        form.passphrase.errors.append(
            gettext(
                "We could not find a conversation with these words. Check that you wrote all "
                "six words, then try again."
            )
        )
        return _enter_page(form)
    _touch(found.conversation_id)
    pending = session.pop(PENDING_KEY, None)
    conversation = db.session().get(Conversation, found.conversation_id)
    if pending and conversation is not None:
        # The reply typed while the conversation was closed goes now, if it is one we
        # can take; if not (too long), it is put back in the box with what to change.
        kept = MessageForm(formdata=MultiDict({"message": str(pending)}), meta={"csrf": False})
        if not kept.validate():
            return _messages_page(conversation, kept, 400)
        _write(conversation, kept.message.data)
        return redirect(url_for(".messages", sent="kept"), 303)
    return redirect(url_for(".messages"), 303)


def _messages_page(
    conversation: Conversation, form: MessageForm, status: int = 200, **extra: object
) -> ResponseReturnValue:
    messages = [(m, records.text_of(m)) for m in conversation.messages]
    now = clock.now()
    flag = safety.open_flag(db.session(), conversation.inquiry)
    return render_template(
        "conversation/messages.html",
        conversation=conversation,
        messages=messages,
        form=form,
        now=now,
        closes_at=now + idle_limit(),
        answer_due=conversations.answer_due(conversation),
        push_key=vapid.public_key(),
        safety_group=flag.alerted if flag else None,
        child_page=True,
        **extra,
    ), status


def _closed_while_typing() -> ResponseReturnValue:
    """The conversation closed while they typed: the text is kept on the server, in this
    visit, and sent when the six words are written again (never echoed into the page)."""
    typed = (request.form.get("message") or "").strip()
    if typed:
        session[PENDING_KEY] = typed
    return _enter_page(PassphraseForm(formdata=None), closed=True, kept=bool(typed))


def _write(conversation: Conversation, text: str) -> None:
    """A message from the child or family (portal.conversation.services); committed."""
    s = db.session()
    received.receive(
        s,
        conversation,
        text,
        now=clock.now(),
        profile=profile(),
        screening=screening_list(),
    )
    s.commit()


def messages() -> ResponseReturnValue:
    """Read the conversation and write more."""
    conversation = open_conversation()
    if conversation is None:
        if request.method == "POST":
            return _closed_while_typing()
        return redirect(url_for(".enter", closed=1))
    _touch(conversation.id)
    if request.method == "GET":
        return _messages_page(conversation, MessageForm(formdata=None))
    form = MessageForm()
    if not form.validate():
        return _messages_page(conversation, form)
    _write(conversation, form.message.data)
    return redirect(url_for(".messages", sent=1), 303)


def _recover_messages() -> ResponseReturnValue:
    conversation = open_conversation()
    if conversation is None:
        return _closed_while_typing()
    return _messages_page(conversation, MessageForm(), 400, token_expired=True)


bp.add_url_rule(
    "/messages", "messages", recoverable(messages, _recover_messages), methods=["GET", "POST"]
)


@bp.post("/stay")
def stay() -> ResponseReturnValue:
    """Keep the conversation open for another 15 minutes."""
    conversation = open_conversation()
    if conversation is None:
        return redirect(url_for(".enter", closed=1), 303)
    _touch(conversation.id)
    return redirect(url_for(".messages"), 303)


@bp.post("/close")
def close() -> ResponseReturnValue:
    """Close the conversation on this device."""
    session.pop(SESSION_KEY, None)
    session.pop(PENDING_KEY, None)
    return redirect(url_for("entry.front_door"), 303)
