"""/lienket: one person on Telegram and Zalo. `/lienket` gives someone who has consented a one-time code; typed on
another channel (`/lienket CODE`, or the code alone when the bot asks for it), it makes that channel's account a
linked row of the first participant (storage/linking.py): its comments become the first's, its conversation goes,
and the first's conversation goes on, on this channel too, at the step it stood."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core import clock
from core.messages import MESSAGES, t
from handlers.context import Ctx
from handlers.flow.router import Router
from handlers.states import Step
from storage import conversation, linking

router = Router(__name__)

CODE_MINUTES = 15  # how long a code can be typed
MAX_WRONG = 5  # wrong codes in a row before this account has to wait
LOCK_MINUTES = 15
TRIES = "lk"  # in the state row: [wrong codes so far, locked until (epoch seconds, 0: not locked)]
# Steps a conversation taken over is not left at (the first participant has consented: the list of drafts).
_NOT_RESUMED = (Step.NEW, Step.CONSENT, Step.REFUSED, Step.LINK)
_OTHER = {"telegram": "zalo", "zalo": "telegram"}  # where a code given here is typed


def channel_name(channel: str) -> str:
    key = f"chat.linking.channel.{channel}"
    return t(key) if key in MESSAGES else channel


def _hhmm(moment: datetime) -> str:
    return f"{clock.local(moment):%H:%M}"


@router.command("lienket", leads_to=(Step.LINK, Step.DOCS))
def _link(ctx: Ctx, arg: str) -> None:
    if arg.strip():
        _redeem(ctx, arg)
    elif ctx.participant.consent_at is not None:
        _issue(ctx)
    else:  # a channel not used yet: the code from the other one is asked for
        ctx.show(Step.LINK)


@router.prompt(Step.LINK)
def _link_prompt(ctx: Ctx) -> None:
    ctx.say_key("chat.linking.ask", length=linking.CODE_LENGTH)


@router.on_text(Step.LINK, leads_to=(Step.LINK, Step.DOCS))
def _typed_code(ctx: Ctx, text: str) -> None:
    _redeem(ctx, text)


def _issue(ctx: Ctx) -> None:
    expires = ctx.now + timedelta(minutes=CODE_MINUTES)
    code = linking.issue(ctx.session, ctx.participant.id, ctx.incoming.channel, ctx.now, expires)
    other = _OTHER.get(ctx.incoming.channel)
    where = channel_name(other) if other else t("chat.linking.channel.other")
    ctx.say_key("chat.linking.code", code=code, other=where, minutes=CODE_MINUTES, time=_hhmm(expires))


def _redeem(ctx: Ctx, typed: str) -> None:
    """The code typed: checked, taken once, and this channel's account merged into the code's participant."""
    p, now, here = ctx.participant, ctx.now, ctx.incoming.channel
    wrong, until = _tries(ctx)
    if until > now.timestamp():
        ctx.say_key("chat.linking.locked", max=MAX_WRONG, time=_hhmm(datetime.fromtimestamp(until, UTC)))
        return
    code = linking.find(ctx.session, linking.normal_code(typed), now)
    if code is None:
        _wrong(ctx, wrong + 1)
        return
    there = channel_name(code.channel)
    if code.channel == here:
        ctx.say_key("chat.linking.same_channel", channel=there)
    elif code.participant_id == p.id:
        ctx.say_key("chat.linking.already", here=channel_name(here), there=there)
    elif code.state is linking.Found.USED:
        ctx.say_key("chat.linking.used")
    elif code.state is linking.Found.EXPIRED:
        ctx.say_key("chat.linking.expired", minutes=CODE_MINUTES)
    elif shared := linking.channels(ctx.session, p.id) & linking.channels(ctx.session, code.participant_id):
        ctx.say_key("chat.linking.conflict", channel=channel_name(sorted(shared)[0]))
    else:
        _merge(ctx, code)


def _merge(ctx: Ctx, code: linking.Code) -> None:
    first = conversation.load_id(ctx.session.connection(), code.participant_id)  # its state row locked
    if first is None or first[0].consent_at is None or not linking.take(ctx.session, code.id, ctx.now):
        ctx.say_key("chat.linking.used")  # taken a moment ago by another update (or its participant is gone)
        return
    here, there = channel_name(ctx.incoming.channel), channel_name(code.channel)
    dropped = ctx.draft is not None  # a comment being written here, never sent: it goes with this conversation
    moved = linking.merge(ctx.session, code.participant_id, ctx.participant.id)
    ctx.switch(*first)
    ctx.say(
        t("chat.linking.done", here=here, there=there)
        + (t("chat.linking.moved", n=moved, here=here) if moved else "")
        + (t("chat.linking.draft_dropped", here=here) if dropped else "")
    )
    if ctx.step in _NOT_RESUMED:
        ctx.goto(Step.DOCS)
    ctx.reshow()  # the first participant's step, shown on this channel


def _tries(ctx: Ctx) -> tuple[int, int]:
    kept = ctx.data.get(TRIES)
    if isinstance(kept, list) and len(kept) == 2 and all(isinstance(n, int) for n in kept):
        return kept[0], kept[1]
    return 0, 0


def _wrong(ctx: Ctx, wrong: int) -> None:
    if wrong >= MAX_WRONG:
        until = ctx.now + timedelta(minutes=LOCK_MINUTES)
        ctx.data[TRIES] = [0, int(until.timestamp())]
        ctx.say_key("chat.linking.locked", max=MAX_WRONG, time=_hhmm(until))
        return
    ctx.data[TRIES] = [wrong, 0]
    if ctx.participant.consent_at is None and ctx.step != Step.LINK:
        ctx.goto(Step.LINK)  # asked for the code now: it can be typed alone
    asked = ctx.step == Step.LINK
    key = "chat.linking.wrong" if asked else "chat.linking.wrong_command"
    ctx.say_key(key, left=MAX_WRONG - wrong, length=linking.CODE_LENGTH)
