"""The child's or family's side of a conversation: passphrase in, read, write, leave."""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from werkzeug.datastructures import MultiDict

from portal import clock, current, db
from portal.conversation import heard
from portal.conversation import services as received
from portal.conversation.forms import FeltHeardForm, MessageForm, PassphraseForm
from portal.extensions import limiter
from portal.forms.recovery import recoverable
from portal.inquiries import conversation_sessions, conversations, records
from portal.inquiries.conversation_sessions import EndedByStaff
from portal.inquiries.models import Conversation, ConversationSession
from portal.instances import cipher
from portal.push import vapid
from portal.safety import services as safety
from portal.safety.web import screening_list
from portal.visits import store as visits

bp = Blueprint("conversation", __name__, url_prefix="/conversation")

# The id of this visit's conversation session (portal.inquiries.conversation_sessions).
SESSION_KEY = "conversation"
PENDING_KEY = "conversation_pending"


def idle_limit() -> timedelta:
    return timedelta(seconds=current_app.config["CONVERSATION_IDLE_SECONDS"])


def _held() -> ConversationSession | EndedByStaff | None:
    """This visit's conversation session: open, ended by staff, or none (closed, idle)."""
    held = session.get(SESSION_KEY)
    if not isinstance(held, str):
        return None
    # An idle session is deleted.
    found = current.run(conversation_sessions.held, held, visits.current().visit_id, idle_limit())
    if found is None:
        session.pop(SESSION_KEY, None)
    return found


def open_conversation() -> Conversation | None:
    """The conversation open in this visit, if it is still open (on the server)."""
    held = _held()
    return held.conversation if isinstance(held, ConversationSession) else None


def _enter_page(form: PassphraseForm, status: int = 200, **extra: object) -> ResponseReturnValue:
    return render_template("conversation/enter.html", form=form, child_page=True, **extra), status


def _failed_try(_response: object) -> bool:
    """A try the view answered without opening a conversation (not one already refused)."""
    return bool(g.get("passphrase_failed"))


def _everyone() -> str:
    return "everyone"


@bp.route("", methods=["GET", "POST"])
# Every try that does not open a conversation counts, per client and in total (a try
# refused by a limit does not): guessing is slowed for whoever guesses, never for one
# conversation, which would let anyone who knew three of its words lock its owner out.
@limiter.limit(
    lambda: current_app.config["PASSPHRASE_RATE_LIMIT"],
    methods=["POST"],
    deduct_when=_failed_try,
)
@limiter.limit(
    lambda: current_app.config["PASSPHRASE_GLOBAL_RATE_LIMIT"],
    methods=["POST"],
    key_func=_everyone,
    scope="all-clients",
    deduct_when=_failed_try,
)
def enter() -> ResponseReturnValue:
    """Write the six words to open a conversation."""
    form = PassphraseForm()
    if request.method == "GET":
        changed = isinstance(_held(), EndedByStaff)
        return _enter_page(form, closed=request.args.get("closed") == "1", changed=changed)
    g.passphrase_failed = True
    if not form.validate():
        return _enter_page(form)
    old = session.get(SESSION_KEY)
    # Opened here in a session of its own (an older one closes); words from before
    # migration 0009 get their key.
    entered = current.run(
        received.enter,
        form.passphrase.data,
        visit_id=visits.current().visit_id,
        replacing=old if isinstance(old, str) else None,
    )
    found = entered.found
    if isinstance(found, conversations.Changed):
        return _enter_page(PassphraseForm(formdata=None), changed=True)
    if found is None:
        # Never written back into the page (a wrong try may be five right words), and so
        # every wrong try gets the same page, whatever was written.
        form.passphrase.data = ""
        form.passphrase.errors.append(
            gettext(
                "We could not find a conversation with these words. Check that you wrote all "
                "six words, then try again."
            )
        )
        return _enter_page(form)
    g.passphrase_failed = False
    session[SESSION_KEY] = entered.session_id
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
    messages = [(m, records.text_of(cipher(), m)) for m in conversation.messages]
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
        push_key=vapid.public_key_of(current_app.config["VAPID_PRIVATE_KEY"]),
        safety_group=flag.alerted if flag else None,
        # Outcome message id -> "did you feel heard?" answered (or skipped) already.
        felt_heard=heard.offers(db.session(), conversation.id),
        child_page=True,
        **extra,
    ), status


def _closed_while_typing(changed: bool) -> ResponseReturnValue:
    """The conversation closed while they typed: the text is kept on the server, in this
    visit, and sent when the six words are written again (never echoed into the page).
    ``changed``: staff closed it and made new words; the page says so, and nothing else."""
    typed = (request.form.get("message") or "").strip()
    if typed:
        session[PENDING_KEY] = typed
    return _enter_page(
        PassphraseForm(formdata=None), closed=not changed, changed=changed, kept=bool(typed)
    )


def _write(conversation: Conversation, text: str) -> None:
    """A message from the child or family (portal.conversation.services); committed."""
    current.run(received.receive, conversation, text, screening=screening_list())


def _closed_url(held: EndedByStaff | None) -> str:
    """The words page, saying why the conversation closed: staff made new words (said by
    the page itself, from the server), or it was idle or closed."""
    return url_for(".enter") if isinstance(held, EndedByStaff) else url_for(".enter", closed=1)


def messages() -> ResponseReturnValue:
    """Read the conversation and write more."""
    held = _held()
    if not isinstance(held, ConversationSession):
        if request.method == "POST":
            return _closed_while_typing(changed=isinstance(held, EndedByStaff))
        return redirect(_closed_url(held))
    conversation = held.conversation
    current.run(received.keep_open, held)
    if request.method == "GET":
        return _messages_page(conversation, MessageForm(formdata=None))
    form = MessageForm()
    if not form.validate():
        return _messages_page(conversation, form)
    _write(conversation, form.message.data)
    return redirect(url_for(".messages", sent=1), 303)


def _recover_messages() -> ResponseReturnValue:
    held = _held()
    if not isinstance(held, ConversationSession):
        return _closed_while_typing(changed=isinstance(held, EndedByStaff))
    return _messages_page(held.conversation, MessageForm(), 400, token_expired=True)


bp.add_url_rule(
    "/messages", "messages", recoverable(messages, _recover_messages), methods=["GET", "POST"]
)


def _heard_page(
    message_id: str, form: FeltHeardForm, *, answered: bool = False, **extra: object
) -> ResponseReturnValue:
    return render_template(
        "conversation/heard.html",
        form=form,
        message_id=message_id,
        answered=answered,
        child_page=True,
        **extra,
    )


def felt_heard(message_id: str) -> ResponseReturnValue:
    """Did you feel heard? Three questions about the decision told in this outcome message,
    once; the answers are kept without anything that leads back to the child."""
    held = _held()
    if not isinstance(held, ConversationSession):
        if request.method == "POST":
            return redirect(_closed_url(held), 303)
        return redirect(_closed_url(held))
    conversation = held.conversation
    current.run(received.keep_open, held)
    try:
        feedback = heard.feedback_for(db.session(), conversation.id, message_id)
    except heard.NotOfferedError:
        abort(404)
    if request.method == "GET" or feedback.felt_heard_answered:
        blank = FeltHeardForm(formdata=None)
        return _heard_page(message_id, blank, answered=feedback.felt_heard_answered)
    form = FeltHeardForm()
    skipped = "skip" in request.form
    if not skipped and not form.validate():
        return _heard_page(message_id, form)
    answers = (
        None
        if skipped
        else heard.Answers(
            said_what_wanted=form.said_what_wanted.data,
            listened=form.listened.data,
            understood=form.understood.data,
        )
    )
    current.run(heard.answer, conversation.id, message_id, answers)
    if skipped:
        return redirect(url_for(".messages"), 303)
    return redirect(url_for(".felt_heard", message_id=message_id), 303)


def _recover_felt_heard() -> ResponseReturnValue:
    held = _held()
    if not isinstance(held, ConversationSession):
        return redirect(_closed_url(held), 303)
    message_id = str((request.view_args or {}).get("message_id", ""))
    return _heard_page(message_id, FeltHeardForm(), token_expired=True)


bp.add_url_rule(
    "/heard/<message_id>",
    "felt_heard",
    recoverable(felt_heard, _recover_felt_heard),
    methods=["GET", "POST"],
)


@bp.post("/stay")
def stay() -> ResponseReturnValue:
    """Keep the conversation open for another 15 minutes."""
    held = _held()
    if not isinstance(held, ConversationSession):
        return redirect(_closed_url(held), 303)
    current.run(received.keep_open, held)
    return redirect(url_for(".messages"), 303)


@bp.post("/close")
def close() -> ResponseReturnValue:
    """Close the conversation on this device: its session ends on the server."""
    held = session.pop(SESSION_KEY, None)
    session.pop(PENDING_KEY, None)
    if isinstance(held, str):
        current.run(conversation_sessions.close, held, visits.current().visit_id)
    return redirect(url_for("entry.front_door"), 303)
