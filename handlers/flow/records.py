"""/hoinghi and /vanban (commands.py): a meeting or a letter entered from chat, reviewed and corrected; the
spreadsheet template sent on request, and a filled-in spreadsheet sent back as a document.

A meeting: (an official: the unit) → its kind → (the draft, when the plan has several) → the day, attendance and
speakers in one message → the atmosphere in the minute-taker's words → the record, where opinions (stance, what
it is about, the words, how many held it) and votes (question, tally) are added one by one, anything corrected or
taken out, and the record saved. A letter: who sent it → the day received (and its number) → the record, its
opinions (on any draft). The record being entered is kept in the state row (`rec`) until it is saved or dropped,
so a command in between loses nothing; a saved record is opened again from the list to be corrected.

Who may do what is decided here, on every step, by the role and the unit, never by what a button carried: a
secretary records and corrects the own unit's meetings only, and only until the unit submits its summary after
the meeting was recorded (storage/records.py `locked`); an official or an admin any unit's meetings, and letters.
The engine refuses these buttons to anyone whose role lacks /hoinghi (handlers/roles.py); a letter's are held
here to /vanban's roles.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from core import clock
from core.kinds import KINDS, CommentKind, kind_of
from core.messages import t
from core.text import as_int, has_words, label_key
from handlers import roles
from handlers.context import Ctx
from handlers.flow.router import Router
from handlers.states import Action, Step
from handlers.submission import unit_label
from handlers.types import Choice, Reply
from storage import queries as q
from storage import records as store
from storage import roles as role_store
from storage import sheets
from storage.models import Document, GuidedTopic, Letter, MeetingKind, MeetingRecord, Role, SenderKind, TargetKind, Unit
from storage.records import LetterIn, MeetingIn, OpinionIn, VoteIn

router = Router(__name__)

MEETING, LETTER = "m", "l"
LIST_STEP = {MEETING: Step.MEETINGS, LETTER: Step.LETTERS}
COMMAND = {MEETING: "hoinghi", LETTER: "vanban"}
PAGE = 6  # records listed a page
MAX_OPINIONS = 60  # entered in chat (a longer record: the spreadsheet)
MAX_VOTES = 20
SHOWN_OPINIONS, SHOWN_VOTES, SHOWN_CHARS = 8, 4, 60  # the record on one phone screen
COUNTS = (1, 2, 3, 5, 10)  # quick answers to "how many held it"
MAX_NUMBERED = 10  # … on a numbered channel: 1 to 10, choice n being n people
# Steps inside a record: /huy leaves them (the record being entered is dropped, a saved one stays as it was).
STEPS = frozenset(
    {
        Step.REC_UNIT,
        Step.REC_KIND,
        Step.REC_DOC,
        Step.REC_FACTS,
        Step.REC_MOOD,
        Step.REC,
        Step.REC_OP_DOC,
        Step.REC_OP,
        Step.REC_OP_TARGET,
        Step.REC_OP_TEXT,
        Step.REC_OP_COUNT,
        Step.REC_VOTE,
        Step.REC_TALLY,
        Step.REC_ITEMS,
    }
)
_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{1,2}-\d{1,2}")


# --- who may record what ------------------------------------------------------------------------------------


def _ward_wide(ctx: Ctx) -> bool:
    return ctx.participant.role in roles.WARD_WIDE


def own_unit(ctx: Ctx) -> Unit | None:
    p = ctx.participant
    return ctx.session.get(Unit, p.unit_id) if p.role == Role.SECRETARY and p.unit_id is not None else None


def _allowed(ctx: Ctx, kind: str, *, say: bool = True) -> bool:
    """The role may use /hoinghi (kind MEETING) or /vanban (LETTER); said why not."""
    command = COMMAND[kind]
    if roles.allowed(ctx.participant.role, command):
        return True
    if say:
        ctx.say_key(roles.refusal(command))
    return False


def _may_act_for(ctx: Ctx, unit_id: int | None) -> bool:
    """A meeting of `unit_id` (None: the ward's own): an official's or an admin's any, a secretary's the own."""
    if _ward_wide(ctx):
        return True
    p = ctx.participant
    return p.role == Role.SECRETARY and p.unit_id is not None and unit_id == p.unit_id


def start(ctx: Ctx, kind: str, arg: str) -> None:
    """`/hoinghi [mau]`, `/vanban [mau]` (the role checked by the engine and by commands.py)."""
    if kind == MEETING and not _ward_wide(ctx) and own_unit(ctx) is None:
        ctx.say_key("chat.progress.no_unit")
        return
    if label_key(arg) in (label_key(t("chat.rec.template_word")), "template"):
        _send_template(ctx, kind)
        return
    ctx.show(LIST_STEP[kind], rpage=None)


def cancel(ctx: Ctx) -> None:
    """/huy inside a record: the record being entered is dropped (a saved one stays as it was); back to the list."""
    rec = _rec(ctx, say=False)
    kind = rec.get("t", MEETING) if rec else MEETING
    ctx.say_key("chat.rec.dropped_saved" if rec and rec.get("id") else "chat.rec.dropped")
    ctx.show(LIST_STEP.get(kind, Step.MEETINGS), rec=None, op=None, vq=None)


# --- the record in the state row ----------------------------------------------------------------------------


def _rec(ctx: Ctx, *, say: bool = True) -> dict[str, Any] | None:
    """The record being entered, if this participant may still enter it (role and unit checked each time)."""
    rec = ctx.data.get("rec")
    if not isinstance(rec, dict) or rec.get("t") not in (MEETING, LETTER):
        return None
    if not _allowed(ctx, rec["t"], say=say):
        return None
    if rec["t"] == MEETING and "u" in rec and not _may_act_for(ctx, rec.get("u")):
        if say:
            ctx.say_key("chat.rec.not_yours")
        return None
    return dict(rec)


def _rec_or_leave(ctx: Ctx) -> dict[str, Any] | None:
    """`_rec`, and when there is none the participant is taken back to the drafts (`_lost`)."""
    rec = _rec(ctx)
    if rec is None:
        _lost(ctx)
    return rec


def _lost(ctx: Ctx) -> None:
    """No record (dropped, or no longer this participant's to enter): the drafts."""
    ctx.show(Step.DOCS, rec=None, op=None, vq=None)


def _meeting_of(rec: dict[str, Any]) -> MeetingIn:
    return MeetingIn(
        unit_id=rec.get("u"),
        kind=MeetingKind(rec["k"]),
        document_id=int(rec["d"]),
        held_on=date.fromisoformat(rec["on"]),
        attendance=int(rec["a"]),
        speakers=int(rec["s"]),
        atmosphere=str(rec.get("mood", "")),
        opinions=[_opinion_of(o) for o in rec.get("ops", [])],
        votes=[VoteIn(str(v["q"]), int(v["a"]), int(v["d"]), int(v["x"])) for v in rec.get("votes", [])],
    )


def _letter_of(rec: dict[str, Any]) -> LetterIn:
    return LetterIn(
        sender_kind=SenderKind(rec["k"]),
        received_on=date.fromisoformat(rec["on"]),
        unit_id=rec.get("u"),
        reference=str(rec.get("ref", "")),
        opinions=[_opinion_of(o) for o in rec.get("ops", [])],
    )


def _opinion_of(o: dict[str, Any]) -> OpinionIn:
    return OpinionIn(
        kind=CommentKind(o["k"]),
        document_id=int(o["d"]),
        target=TargetKind(o.get("tg", "document")),
        topic_id=o.get("tp"),
        section_id=o.get("sec"),
        paragraph_no=o.get("p"),
        text=str(o.get("x", "")),
        represents=int(o.get("n", 1)),
    )


def _op_json(o: OpinionIn) -> dict[str, Any]:
    out: dict[str, Any] = {"k": o.kind.value, "d": o.document_id, "tg": o.target.value, "x": o.text, "n": o.represents}
    for key, value in (("tp", o.topic_id), ("sec", o.section_id), ("p", o.paragraph_no)):
        if value is not None:
            out[key] = value
    return out


def _from_meeting(m: MeetingIn, record_id: int) -> dict[str, Any]:
    return {
        "t": MEETING,
        "id": record_id,
        "u": m.unit_id,
        "k": m.kind.value,
        "d": m.document_id,
        "on": m.held_on.isoformat(),
        "a": m.attendance,
        "s": m.speakers,
        "mood": m.atmosphere,
        "ops": [_op_json(o) for o in m.opinions],
        "votes": [{"q": v.question, "a": v.agree, "d": v.disagree, "x": v.abstain} for v in m.votes],
    }


def _from_letter(x: LetterIn, record_id: int) -> dict[str, Any]:
    return {
        "t": LETTER,
        "id": record_id,
        "u": x.unit_id,
        "k": x.sender_kind.value,
        "on": x.received_on.isoformat(),
        "ref": x.reference,
        "ops": [_op_json(o) for o in x.opinions],
    }


def _complete(rec: dict[str, Any]) -> bool:
    """Everything asked before the record is shown is there."""
    need = ("k", "d", "on", "a", "s") if rec["t"] == MEETING else ("k", "on")
    return all(key in rec for key in need)


# --- the lists ----------------------------------------------------------------------------------------------


def _day(value: date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def _kind_name(kind: str) -> str:
    member = MeetingKind._value2member_map_.get(kind)
    return sheets.meeting_kind_label(member) if isinstance(member, MeetingKind) else kind


def _unit_name(ctx: Ctx, unit_id: int | None) -> str:
    unit = ctx.session.get(Unit, unit_id) if unit_id is not None else None
    return unit_label(unit) if unit is not None else t("chat.rec.ward")


def _page(ctx: Ctx) -> int:
    return max(1, as_int(str(ctx.data.get("rpage", 1))) or 1)


@router.prompt(Step.MEETINGS, offers=(Action.REC_LIST,), leads_to=(Step.DOCS,))
def _meetings_prompt(ctx: Ctx) -> None:
    if not _allowed(ctx, MEETING, say=False):
        _lost(ctx)
        return
    every = _ward_wide(ctx)
    unit = own_unit(ctx)
    if not every and unit is None:
        ctx.say_key("chat.progress.no_unit")
        _lost(ctx)
        return
    page = _page(ctx)
    found = store.meetings(ctx.session, unit.id if unit else None, every_unit=every, limit=page * PAGE + 1)
    shown = found[(page - 1) * PAGE : page * PAGE]
    lines = [
        t(
            "chat.rec.meetings_every" if every else "chat.rec.meetings_own",
            unit=_unit_name(ctx, ctx.participant.unit_id),
        )
    ]
    rows: list[list[Choice]] = []
    for m in shown:
        lock = store.locked(ctx.session, m)
        lines.append(
            t(
                "chat.rec.meeting_line",
                id=m.id,
                date=_day(m.held_on),
                kind=_kind_name(m.kind),
                unit=_unit_name(ctx, m.unit_id),
                attendance=m.attendance,
                opinions=store.opinion_count(ctx.session, meeting_id=m.id),
                locked=t("chat.rec.locked_mark") if lock else "",
            )
        )
        rows.append([ctx.button(t("chat.rec.btn.open", id=m.id), Action.REC_LIST, f"o:{m.id}")])
    if not found:
        lines.append(t("chat.rec.meetings_none"))
    _list_buttons(ctx, MEETING, rows, page, more=len(found) > page * PAGE)
    ctx.say("\n".join(lines), rows)


@router.prompt(Step.LETTERS, offers=(Action.REC_LIST,), leads_to=(Step.DOCS,))
def _letters_prompt(ctx: Ctx) -> None:
    if not _allowed(ctx, LETTER, say=False):
        _lost(ctx)
        return
    page = _page(ctx)
    found = store.letters(ctx.session, limit=page * PAGE + 1)
    shown = found[(page - 1) * PAGE : page * PAGE]
    lines = [t("chat.rec.letters")]
    rows: list[list[Choice]] = []
    for x in shown:
        lines.append(
            t(
                "chat.rec.letter_line",
                id=x.id,
                date=_day(x.received_on),
                sender=sheets.sender_label(x.sender_kind),
                reference=f" ({x.reference})" if x.reference else "",
                opinions=store.opinion_count(ctx.session, letter_id=x.id),
            )
        )
        rows.append([ctx.button(t("chat.rec.btn.open", id=x.id), Action.REC_LIST, f"o:{x.id}")])
    if not found:
        lines.append(t("chat.rec.letters_none"))
    _list_buttons(ctx, LETTER, rows, page, more=len(found) > page * PAGE)
    ctx.say("\n".join(lines), rows)


def _list_buttons(ctx: Ctx, kind: str, rows: list[list[Choice]], page: int, *, more: bool) -> None:
    nav: list[Choice] = []
    if page > 1:
        nav.append(ctx.button(t("chat.btn.prev_page"), Action.REC_LIST, f"p:{page - 1}"))
    if more:
        nav.append(ctx.button(t("chat.btn.next_page"), Action.REC_LIST, f"p:{page + 1}"))
    if nav:
        rows.append(nav)
    draft = ctx.data.get("rec")
    if isinstance(draft, dict) and draft.get("t") == kind and _complete(draft):
        rows.append([ctx.button(t("chat.rec.btn.continue"), Action.REC_LIST, "c")])
    rows.append([ctx.button(t(f"chat.rec.btn.new_{kind}"), Action.REC_LIST, "n")])
    rows.append([ctx.button(t("chat.rec.btn.template"), Action.REC_LIST, "t")])


@router.action(
    Action.REC_LIST, leads_to=(Step.MEETINGS, Step.LETTERS, Step.REC_UNIT, Step.REC_KIND, Step.REC, Step.DOCS)
)
def _list(ctx: Ctx, arg: str) -> None:
    kind = MEETING if ctx.step == Step.MEETINGS else LETTER if ctx.step == Step.LETTERS else None
    if kind is None or not _allowed(ctx, kind):
        _lost(ctx)
        return
    what, _, value = arg.partition(":")
    if what == "p":
        ctx.show(LIST_STEP[kind], rpage=max(1, as_int(value) or 1))
    elif what == "t":
        _send_template(ctx, kind)
    elif what == "c":
        rec = _rec(ctx)
        if rec is None or rec["t"] != kind or not _complete(rec):
            ctx.reshow()
            return
        ctx.show(Step.REC, op=None, vq=None)
    elif what == "n":
        _new(ctx, kind)
    elif what == "o":
        _open(ctx, kind, as_int(value))
    else:
        ctx.say_key("chat.stale_button")
        ctx.reshow()


def _new(ctx: Ctx, kind: str) -> None:
    if isinstance(ctx.data.get("rec"), dict) and ctx.data["rec"].get("ops"):
        ctx.say_key("chat.rec.replaced")
    if kind == LETTER:
        ctx.show(Step.REC_KIND, rec={"t": LETTER, "ops": []}, op=None, vq=None)
    elif _ward_wide(ctx):
        ctx.show(Step.REC_UNIT, rec={"t": MEETING, "ops": [], "votes": []}, op=None, vq=None)
    else:
        unit = own_unit(ctx)
        if unit is None:
            ctx.say_key("chat.progress.no_unit")
            _lost(ctx)
            return
        ctx.show(Step.REC_KIND, rec={"t": MEETING, "u": unit.id, "ops": [], "votes": []}, op=None, vq=None)


def _open(ctx: Ctx, kind: str, record_id: int | None) -> None:
    """A stored record, to review and correct: the own unit's only (a secretary), not once the unit submitted."""
    if kind == LETTER:
        letter = ctx.session.get(Letter, record_id) if record_id is not None else None
        if letter is None:
            ctx.say_key("chat.rec.not_found")
            ctx.reshow()
            return
        rec = _from_letter(store.letter_in(ctx.session, letter), letter.id)
    else:
        meeting = ctx.session.get(MeetingRecord, record_id) if record_id is not None else None
        if meeting is None:
            ctx.say_key("chat.rec.not_found")
            ctx.reshow()
            return
        if not _may_act_for(ctx, meeting.unit_id):
            ctx.say_key("chat.rec.not_yours")
            ctx.reshow()
            return
        rec = _from_meeting(store.meeting_in(ctx.session, meeting), meeting.id)
        when = store.locked(ctx.session, meeting)
        if when is not None:  # reviewable, no longer correctable
            ctx.say(_card(ctx, rec) + "\n\n" + t("chat.rec.locked", time=clock.local(when).strftime("%H:%M"),
                                                   date=clock.local_date(when)))  # fmt: skip
            ctx.reshow()
            return
    ctx.show(Step.REC, rec=rec, op=None, vq=None)


def _send_template(ctx: Ctx, kind: str) -> None:
    which = sheets.MEETINGS if kind == MEETING else sheets.LETTERS
    content = sheets.template(which, ctx.session)
    key = "chat.rec.template_meetings" if kind == MEETING else "chat.rec.template_letters"
    numbered = t("chat.rec.template_zalo") if ctx.incoming.numbered else ""
    ctx.replies.append(Reply(t(key) + numbered, files=[(sheets.template_name(which), content)]))


# --- a new record: unit, kind, draft, facts, atmosphere ------------------------------------------------------


@router.prompt(Step.REC_UNIT, offers=(Action.REC_UNIT, Action.REC_MENU), leads_to=(Step.DOCS,))
def _unit_prompt(ctx: Ctx) -> None:
    rec = _rec(ctx)
    if rec is None or not _ward_wide(ctx):
        _lost(ctx)
        return
    buttons = [ctx.button(unit_label(u), Action.REC_UNIT, u.id) for u in role_store.units(ctx.session)]
    rows = [[ctx.button(t("chat.rec.btn.ward"), Action.REC_UNIT, "")]]
    rows += [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([ctx.button(t("chat.btn.cancel"), Action.REC_MENU, "x")])
    ctx.say(t("chat.rec.ask_unit"), rows)


@router.action(Action.REC_UNIT, leads_to=(Step.REC_KIND, Step.DOCS))
def _unit(ctx: Ctx, arg: str) -> None:
    rec = _rec(ctx)
    if rec is None or not _ward_wide(ctx) or rec["t"] != MEETING:
        _lost(ctx)
        return
    unit_id = as_int(arg)
    if arg and (unit_id is None or ctx.session.get(Unit, unit_id) is None):
        ctx.say_key("chat.stale_button")
        ctx.reshow()
        return
    rec["u"] = unit_id
    ctx.show(Step.REC_KIND, rec=rec)


@router.prompt(Step.REC_KIND, offers=(Action.REC_KIND, Action.REC_MENU), leads_to=(Step.DOCS,))
def _kind_prompt(ctx: Ctx) -> None:
    rec = _rec_or_leave(ctx)
    if rec is None:
        return
    if rec["t"] == MEETING:
        text = t("chat.rec.ask_kind", unit=_unit_name(ctx, rec.get("u")))
        rows = [[ctx.button(sheets.meeting_kind_label(k), Action.REC_KIND, k.value)] for k in MeetingKind]
    else:
        text = t("chat.rec.ask_sender")
        rows = [[ctx.button(sheets.sender_label(k), Action.REC_KIND, k.value)] for k in SenderKind]
    back = "rev" if _complete(rec) else "x"
    rows.append([ctx.button(t("chat.rec.btn.back" if back == "rev" else "chat.btn.cancel"), Action.REC_MENU, back)])
    ctx.say(text, rows)


@router.action(Action.REC_KIND, leads_to=(Step.REC_DOC, Step.REC_FACTS, Step.REC, Step.DOCS))
def _kind(ctx: Ctx, arg: str) -> None:
    rec = _rec_or_leave(ctx)
    if rec is None:
        return
    values = MeetingKind._value2member_map_ if rec["t"] == MEETING else SenderKind._value2member_map_
    if arg not in values:
        ctx.say_key("chat.stale_button")
        ctx.reshow()
        return
    rec["k"] = arg
    if _complete(rec):  # a correction of the kind: back to the record
        ctx.show(Step.REC, rec=rec)
    elif rec["t"] == MEETING and len(store.documents(ctx.session)) > 1:
        ctx.show(Step.REC_DOC, rec=rec)
    elif rec["t"] == MEETING:
        docs = store.documents(ctx.session)
        if not docs:
            ctx.say_key("chat.rec.no_documents")
            _lost(ctx)
            return
        rec["d"] = docs[0].id
        ctx.show(Step.REC_FACTS, rec=rec)
    else:
        ctx.show(Step.REC_FACTS, rec=rec)


@router.prompt(Step.REC_DOC, offers=(Action.REC_DOC, Action.REC_MENU), leads_to=(Step.DOCS,))
def _doc_prompt(ctx: Ctx) -> None:
    rec = _rec_or_leave(ctx)
    if rec is None:
        return
    rows = [[ctx.button(d.title, Action.REC_DOC, d.id)] for d in store.documents(ctx.session)]
    rows.append([ctx.button(t("chat.btn.cancel"), Action.REC_MENU, "x")])
    ctx.say(t("chat.rec.ask_doc"), rows)


@router.action(Action.REC_DOC, leads_to=(Step.REC_FACTS, Step.DOCS))
def _doc(ctx: Ctx, arg: str) -> None:
    rec = _rec(ctx)
    doc_id = as_int(arg)
    if rec is None or rec["t"] != MEETING:
        _lost(ctx)
        return
    if doc_id is None or ctx.session.get(Document, doc_id) is None:
        ctx.say_key("chat.stale_button")
        ctx.reshow()
        return
    rec["d"] = doc_id
    ctx.show(Step.REC_FACTS, rec=rec)


@router.prompt(Step.REC_FACTS, offers=(Action.REC_SKIP, Action.REC_MENU), leads_to=(Step.DOCS,))
def _facts_prompt(ctx: Ctx) -> None:
    rec = _rec_or_leave(ctx)
    if rec is None:
        return
    rows: list[list[Choice]] = []
    if rec["t"] == MEETING:
        text = t("chat.rec.ask_facts")
        if "a" in rec:
            text += "\n" + t("chat.rec.now_facts", date=_day(date.fromisoformat(rec["on"])), attendance=rec["a"],
                             speakers=rec["s"])  # fmt: skip
    else:
        text = t("chat.rec.ask_received")
        rows.append([ctx.button(t("chat.rec.btn.today"), Action.REC_SKIP, "today")])
    back = "rev" if _complete(rec) else "x"
    rows.append([ctx.button(t("chat.rec.btn.back" if back == "rev" else "chat.btn.cancel"), Action.REC_MENU, back)])
    ctx.say(text, rows)


def _parse_day(ctx: Ctx, text: str) -> tuple[date | None, str]:
    """The first date in `text` (or "hôm nay") and the rest; None (and why said) when there is none or it is not
    a day that has come."""
    found = _DATE.search(text)
    rest = text
    day: date | None = None
    if found is not None:
        try:
            day = clock.parse_date(found.group(0))
        except ValueError:
            day = None
        rest = (text[: found.start()] + " " + text[found.end() :]).strip()
    elif label_key(text).startswith(label_key(t("chat.rec.today_word"))):
        day = clock.today()
        rest = text.strip()[len(t("chat.rec.today_word")) :].strip()
    if day is None:
        ctx.say_key("chat.rec.bad_date")
        return None, rest
    if day > clock.today() or day.year < 2000:
        ctx.say_key("chat.rec.date_range", date=_day(day))
        return None, rest
    return day, rest


@router.on_text(Step.REC_FACTS, leads_to=(Step.REC_MOOD, Step.REC, Step.DOCS))
def _facts(ctx: Ctx, text: str) -> None:
    rec = _rec_or_leave(ctx)
    if rec is None:
        return
    day, rest = _parse_day(ctx, text)
    if day is None:
        return
    if rec["t"] == LETTER:
        reference = rest.strip(" ,;:-–")
        if len(reference) > sheets.SHORT:
            ctx.say_key("chat.rec.too_long", limit=sheets.SHORT)
            return
        was = _complete(rec)
        rec.update(on=day.isoformat(), ref=reference if reference or not was else rec.get("ref", ""))
        ctx.show(Step.REC, rec=rec)
        return
    numbers = [int(n) for n in re.findall(r"\d{1,7}", rest)]
    if len(numbers) < 2:
        ctx.say_key("chat.rec.bad_facts")
        return
    attendance, speakers = numbers[0], numbers[1]
    if attendance < 1 or speakers > attendance:
        ctx.say_key("chat.rec.bad_figures", attendance=attendance, speakers=speakers)
        return
    largest = max([int(o.get("n", 1)) for o in rec.get("ops", [])] + [_tally(v) for v in rec.get("votes", [])] + [0])
    if largest > attendance:
        ctx.say_key("chat.rec.below_entered", attendance=attendance, n=largest)
        return
    was = _complete(rec)
    rec.update(on=day.isoformat(), a=attendance, s=speakers)
    ctx.show(Step.REC if was else Step.REC_MOOD, rec=rec)


def _tally(vote: dict[str, Any]) -> int:
    return int(vote.get("a", 0)) + int(vote.get("d", 0)) + int(vote.get("x", 0))


@router.prompt(Step.REC_MOOD, offers=(Action.REC_SKIP, Action.REC_MENU), leads_to=(Step.DOCS,))
def _mood_prompt(ctx: Ctx) -> None:
    rec = _rec(ctx)
    if rec is None or rec["t"] != MEETING:
        _lost(ctx)
        return
    text = t("chat.rec.ask_mood")
    rows = [[ctx.button(t("chat.rec.btn.no_mood"), Action.REC_SKIP, "mood")]]
    if rec.get("mood"):
        text += "\n" + t("chat.rec.now_mood", text=rec["mood"])
        rows = [[ctx.button(t("chat.rec.btn.clear_mood"), Action.REC_SKIP, "mood")]]
    if rec.get("mood") or rec.get("id") or rec.get("moodset"):
        rows.append([ctx.button(t("chat.rec.btn.back"), Action.REC_MENU, "rev")])
    ctx.say(text, rows)


@router.on_text(Step.REC_MOOD, leads_to=(Step.REC, Step.DOCS))
def _mood(ctx: Ctx, text: str) -> None:
    rec = _rec_or_leave(ctx)
    if rec is None:
        return
    if not has_words(text):
        ctx.say_key("chat.compose.need_words" if text.strip() else "chat.compose.empty")
        return
    if len(text.strip()) > sheets.ATMOSPHERE:
        ctx.say_key("chat.rec.too_long", limit=sheets.ATMOSPHERE)
        return
    rec.update(mood=text.strip(), moodset=1)
    ctx.show(Step.REC, rec=rec)


@router.action(Action.REC_SKIP, leads_to=(Step.REC, Step.REC_OP_COUNT, Step.DOCS))
def _skip(ctx: Ctx, arg: str) -> None:
    rec = _rec_or_leave(ctx)
    if rec is None:
        return
    if ctx.step == Step.REC_MOOD and arg == "mood":
        rec.update(mood="", moodset=1)
        ctx.show(Step.REC, rec=rec)
    elif ctx.step == Step.REC_FACTS and arg == "today" and rec["t"] == LETTER:
        rec["on"] = clock.today().isoformat()
        ctx.show(Step.REC, rec=rec)
    elif ctx.step == Step.REC_OP_TEXT and arg == "none":
        op = _op(ctx)
        kind = kind_of(op.get("k")) if op else None
        if op is None or kind is None or kind.needs_text:
            ctx.say_key("chat.compose.text_required")
            return
        op["x"] = ""
        _after_text(ctx, rec, op)
    else:
        ctx.say_key("chat.stale_button")
        ctx.reshow()


# --- the record ---------------------------------------------------------------------------------------------


def _short(text: str, limit: int = SHOWN_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _target_name(ctx: Ctx, o: dict[str, Any], paths: dict[int, dict[int, tuple[Any, str]]]) -> str:
    target = o.get("tg", "document")
    doc = int(o.get("d", 0))
    if target == TargetKind.TOPIC.value:
        topic = ctx.session.get(GuidedTopic, o.get("tp")) if o.get("tp") is not None else None
        return t("chat.rec.target.topic", n=topic.order if topic else "?")
    if target in (TargetKind.SECTION.value, TargetKind.PARAGRAPH.value):
        if doc not in paths:
            paths[doc] = store.section_paths(ctx.session, doc)
        found = paths[doc].get(int(o.get("sec") or 0))
        label = found[1] if found and found[1] else (found[0].title if found else "?")
        if target == TargetKind.PARAGRAPH.value:
            return t("chat.rec.target.paragraph", n=o.get("p"), label=label)
        return t("chat.rec.target.section", label=label)
    return t("chat.rec.target.document")


def _card(ctx: Ctx, rec: dict[str, Any]) -> str:
    """The record as it stands, on one phone screen: the facts, the first opinions and votes, counts of the rest."""
    saved = t("chat.rec.saved_as", id=rec["id"]) if rec.get("id") else t("chat.rec.not_saved")
    docs = store.documents(ctx.session)
    many = len(docs) > 1
    codes = {d.id: d.code for d in docs}
    if rec["t"] == MEETING:
        doc = ctx.session.get(Document, rec.get("d")) if rec.get("d") is not None else None
        lines = [
            t("chat.rec.card_meeting", saved=saved),
            t("chat.rec.card_unit", unit=_unit_name(ctx, rec.get("u")), kind=_kind_name(str(rec.get("k")))),
        ]
        if many and doc is not None:
            lines.append(t("chat.rec.card_doc", title=doc.title))
        lines.append(
            t("chat.rec.card_facts", date=_day(date.fromisoformat(rec["on"])), attendance=rec["a"], speakers=rec["s"])
        )
        lines.append(t("chat.rec.card_mood", text=_short(rec["mood"], 200)) if rec.get("mood") else t(
            "chat.rec.card_no_mood"))  # fmt: skip
    else:
        sender = SenderKind._value2member_map_.get(str(rec.get("k")))
        lines = [
            t("chat.rec.card_letter", saved=saved),
            t(
                "chat.rec.card_sender",
                sender=sheets.sender_label(sender) if isinstance(sender, SenderKind) else "?",
                date=_day(date.fromisoformat(rec["on"])),
                reference=f"; {rec['ref']}" if rec.get("ref") else "",
            ),
        ]
    ops = rec.get("ops", [])
    many_letter = many and rec["t"] == LETTER  # a letter's opinions may be on several drafts: each named
    paths: dict[int, dict[int, tuple[Any, str]]] = {}
    lines.append(t("chat.rec.card_opinions", n=len(ops)) if ops else t("chat.rec.card_no_opinions"))
    for number, o in enumerate(ops[:SHOWN_OPINIONS], start=1):
        people = t("chat.rec.card_people", n=o.get("n", 1)) if rec["t"] == MEETING else ""
        lines.append(
            t(
                "chat.rec.card_opinion",
                n=number,
                kind=t(f"chat.kind.{o['k']}"),
                target=_target_name(ctx, o, paths) + (f" ({codes.get(int(o['d']), '')})" if many_letter else ""),
                people=people,
                text=f": “{_short(str(o['x']))}”" if o.get("x") else "",
            )
        )
    if len(ops) > SHOWN_OPINIONS:
        lines.append(t("chat.rec.card_more", n=len(ops) - SHOWN_OPINIONS))
    if rec["t"] == MEETING:
        votes = rec.get("votes", [])
        if votes:
            lines.append(t("chat.rec.card_votes", n=len(votes)))
        for number, v in enumerate(votes[:SHOWN_VOTES], start=1):
            lines.append(t("chat.rec.card_vote", n=number, question=_short(str(v["q"])), agree=v["a"], disagree=v["d"],
                           abstain=v["x"]))  # fmt: skip
        if len(votes) > SHOWN_VOTES:
            lines.append(t("chat.rec.card_more_votes", n=len(votes) - SHOWN_VOTES))
    return "\n".join(lines)


REVIEW_MENU = ("op", "vote", "facts", "mood", "kind", "items", "save", "x")


@router.prompt(Step.REC, offers=(Action.REC_MENU,), leads_to=(Step.DOCS, Step.MEETINGS, Step.LETTERS))
def _rec_prompt(ctx: Ctx) -> None:
    rec = _rec_or_leave(ctx)
    if rec is None:
        return
    if not _complete(rec):  # a record left before its first questions were answered: started again
        ctx.say_key("chat.rec.incomplete")
        ctx.show(LIST_STEP[rec["t"]], rec=None)
        return
    meeting = rec["t"] == MEETING
    b = ctx.button
    rows = [[b(t("chat.rec.btn.add_opinion"), Action.REC_MENU, "op")]]
    if meeting:
        rows[0].append(b(t("chat.rec.btn.add_vote"), Action.REC_MENU, "vote"))
        rows.append([b(t("chat.rec.btn.facts"), Action.REC_MENU, "facts"), b(t("chat.rec.btn.mood"), Action.REC_MENU,
                                                                              "mood")])  # fmt: skip
        rows.append([b(t("chat.rec.btn.kind"), Action.REC_MENU, "kind")])
    else:
        rows.append([b(t("chat.rec.btn.received"), Action.REC_MENU, "facts"), b(t("chat.rec.btn.sender"),
                                                                                 Action.REC_MENU, "kind")])  # fmt: skip
    rows[-1].append(b(t("chat.rec.btn.items"), Action.REC_MENU, "items"))
    rows.append([b(t("chat.rec.btn.save"), Action.REC_MENU, "save"), b(t("chat.btn.cancel"), Action.REC_MENU, "x")])
    ctx.say(_card(ctx, rec) + "\n\n" + t("chat.rec.card_hint"), rows)


@router.action(
    Action.REC_MENU,
    leads_to=(
        Step.REC,
        Step.REC_KIND,
        Step.REC_FACTS,
        Step.REC_MOOD,
        Step.REC_OP_DOC,
        Step.REC_OP,
        Step.REC_VOTE,
        Step.REC_ITEMS,
        Step.MEETINGS,
        Step.LETTERS,
        Step.DOCS,
    ),
)
def _menu(ctx: Ctx, arg: str) -> None:
    rec = _rec_or_leave(ctx)
    if rec is None:
        return
    allowed = REVIEW_MENU if ctx.step == Step.REC else ("rev", "x")
    if arg not in allowed or (arg == "rev" and not _complete(rec)) or (rec["t"] == LETTER and arg in ("vote", "mood")):
        ctx.say_key("chat.stale_button")
        ctx.reshow()
        return
    if arg == "x":
        cancel(ctx)
    elif arg == "rev":
        ctx.show(Step.REC, op=None, vq=None)
    elif arg == "save":
        _save(ctx, rec)
    elif arg == "op":
        if len(rec.get("ops", [])) >= MAX_OPINIONS:
            ctx.say_key("chat.rec.too_many_opinions", n=MAX_OPINIONS)
            return
        docs = store.documents(ctx.session)
        if rec["t"] == LETTER and len(docs) > 1:
            ctx.show(Step.REC_OP_DOC, op={})
        elif rec["t"] == MEETING or docs:
            ctx.show(Step.REC_OP, op={"d": rec.get("d") if rec["t"] == MEETING else docs[0].id})
        else:
            ctx.say_key("chat.rec.no_documents")
    elif arg == "vote":
        if len(rec.get("votes", [])) >= MAX_VOTES:
            ctx.say_key("chat.rec.too_many_votes", n=MAX_VOTES)
            return
        ctx.show(Step.REC_VOTE, vq=None)
    elif arg == "facts":
        ctx.show(Step.REC_FACTS)
    elif arg == "mood":
        ctx.show(Step.REC_MOOD)
    elif arg == "kind":
        ctx.show(Step.REC_KIND)
    else:
        ctx.show(Step.REC_ITEMS, rdel=None)


def _save(ctx: Ctx, rec: dict[str, Any]) -> None:
    """The record stored (a correction replaces the stored one), if this participant may still store it."""
    kind = rec["t"]
    record_id = rec.get("id")
    if kind == MEETING:
        stored = ctx.session.get(MeetingRecord, record_id) if record_id is not None else None
        if record_id is not None and stored is None:
            ctx.say_key("chat.rec.not_found")
            ctx.show(LIST_STEP[kind], rec=None)
            return
        if stored is not None:
            when = store.locked(ctx.session, stored)
            if not _may_act_for(ctx, stored.unit_id):
                ctx.say_key("chat.rec.not_yours")
                _lost(ctx)
                return
            if when is not None:
                ctx.say_key("chat.rec.locked", time=clock.local(when).strftime("%H:%M"), date=clock.local_date(when))
                ctx.show(LIST_STEP[kind], rec=None)
                return
        meeting = _meeting_of(rec)
        saved = store.save_meeting(ctx.session, meeting, recorded_by=ctx.participant.id, now=ctx.now,
                                   meeting_id=record_id)  # fmt: skip
        ctx.say_key(
            "chat.rec.saved_meeting" if record_id is None else "chat.rec.corrected_meeting",
            id=saved,
            opinions=len(meeting.opinions),
            votes=len(meeting.votes),
        )
    else:
        stored_letter = ctx.session.get(Letter, record_id) if record_id is not None else None
        if record_id is not None and stored_letter is None:
            ctx.say_key("chat.rec.not_found")
            ctx.show(LIST_STEP[kind], rec=None)
            return
        letter = _letter_of(rec)
        saved = store.save_letter(ctx.session, letter, recorded_by=ctx.participant.id, now=ctx.now,
                                  letter_id=record_id)  # fmt: skip
        ctx.say_key(
            "chat.rec.saved_letter" if record_id is None else "chat.rec.corrected_letter",
            id=saved,
            opinions=len(letter.opinions),
        )
    ctx.show(LIST_STEP[kind], rec=None, op=None, vq=None, rpage=None)


# --- an opinion ---------------------------------------------------------------------------------------------


def _op(ctx: Ctx) -> dict[str, Any] | None:
    op = ctx.data.get("op")
    return dict(op) if isinstance(op, dict) else None


def _back_row(ctx: Ctx) -> list[Choice]:
    return [ctx.button(t("chat.rec.btn.back"), Action.REC_MENU, "rev")]


@router.prompt(Step.REC_OP_DOC, offers=(Action.OP_DOC, Action.REC_MENU), leads_to=(Step.DOCS,))
def _op_doc_prompt(ctx: Ctx) -> None:
    if _rec(ctx) is None:
        _lost(ctx)
        return
    rows = [[ctx.button(d.title, Action.OP_DOC, d.id)] for d in store.documents(ctx.session)]
    rows.append(_back_row(ctx))
    ctx.say(t("chat.rec.ask_op_doc"), rows)


@router.action(Action.OP_DOC, leads_to=(Step.REC_OP, Step.DOCS))
def _op_doc(ctx: Ctx, arg: str) -> None:
    doc_id = as_int(arg)
    if _rec(ctx) is None:
        _lost(ctx)
        return
    if doc_id is None or ctx.session.get(Document, doc_id) is None:
        ctx.say_key("chat.stale_button")
        ctx.reshow()
        return
    ctx.show(Step.REC_OP, op={"d": doc_id})


@router.prompt(Step.REC_OP, offers=(Action.OP_KIND, Action.REC_MENU), leads_to=(Step.DOCS, Step.REC))
def _op_prompt(ctx: Ctx) -> None:
    rec, op = _rec(ctx), _op(ctx)
    if rec is None:
        _lost(ctx)
        return
    if op is None or "d" not in op:
        ctx.show(Step.REC)
        return
    buttons = [ctx.button(t(f"chat.kind.{k.value}"), Action.OP_KIND, k.value) for k in KINDS]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append(_back_row(ctx))
    ctx.say(t("chat.rec.ask_op_kind", n=len(rec.get("ops", [])) + 1), rows)


@router.action(Action.OP_KIND, leads_to=(Step.REC_OP_TARGET, Step.REC_OP_TEXT, Step.REC, Step.DOCS))
def _op_kind(ctx: Ctx, arg: str) -> None:
    rec, op, kind = _rec(ctx), _op(ctx), kind_of(arg)
    if rec is None:
        _lost(ctx)
        return
    if op is None or kind is None:
        ctx.say_key("chat.stale_button")
        ctx.show(Step.REC, op=None)
        return
    op["k"] = kind.value
    if kind in store.WHOLE_DRAFT_ONLY:  # a general remark, a proposal: on the whole draft
        op["tg"] = TargetKind.DOCUMENT.value
        ctx.show(Step.REC_OP_TEXT, op=op)
    else:
        ctx.show(Step.REC_OP_TARGET, op=op)


@router.prompt(Step.REC_OP_TARGET, offers=(Action.OP_TARGET, Action.REC_MENU), leads_to=(Step.DOCS, Step.REC))
def _target_prompt(ctx: Ctx) -> None:
    rec, op = _rec(ctx), _op(ctx)
    if rec is None:
        _lost(ctx)
        return
    if op is None or "k" not in op:
        ctx.show(Step.REC, op=None)
        return
    rows = [[ctx.button(t("chat.rec.btn.whole"), Action.OP_TARGET, "d")]]
    for topic in q.topics(ctx.session, int(op["d"])):
        rows.append([ctx.button(t("chat.btn.topic", n=topic.order, title=_short(topic.title, 40)), Action.OP_TARGET,
                                f"t:{topic.id}")])  # fmt: skip
    candidates = op.get("cands")
    text = t("chat.rec.ask_target", kind=t(f"chat.kind.{op['k']}"))
    if ctx.incoming.numbered:  # a section labelled "2" typed alone would be choice 2
        text += t("chat.rec.target_numbered")
    if isinstance(candidates, list) and candidates:
        text = t("chat.rec.ask_which_section", label=op.get("typed", ""))
        paths = store.section_paths(ctx.session, int(op["d"]))
        rows = [
            [ctx.button(f"{paths[c][1]}. {_short(paths[c][0].title, 40)}", Action.OP_TARGET, f"s:{c}")]
            for c in candidates
            if c in paths
        ]
    rows.append(_back_row(ctx))
    ctx.say(text, rows)


@router.action(Action.OP_TARGET, leads_to=(Step.REC_OP_TEXT, Step.REC, Step.DOCS))
def _op_target(ctx: Ctx, arg: str) -> None:
    rec, op = _rec(ctx), _op(ctx)
    if rec is None:
        _lost(ctx)
        return
    if op is None or "k" not in op:
        ctx.show(Step.REC, op=None)
        return
    what, _, value = arg.partition(":")
    key = as_int(value)
    doc = int(op["d"])
    if what == "d":
        op.update(tg=TargetKind.DOCUMENT.value)
    elif (
        what == "t"
        and key is not None
        and (topic := ctx.session.get(GuidedTopic, key)) is not None
        and (topic.document_id == doc)
    ):
        op.update(tg=TargetKind.TOPIC.value, tp=key)
    elif what == "s" and key is not None and key in (op.get("cands") or []):
        op.update(tg=TargetKind.PARAGRAPH.value if op.get("p") else TargetKind.SECTION.value, sec=key)
    else:
        ctx.say_key("chat.stale_button")
        ctx.reshow()
        return
    op.pop("cands", None)
    op.pop("typed", None)
    if op["tg"] not in (TargetKind.PARAGRAPH.value,):
        op.pop("p", None)
    if op["tg"] == TargetKind.PARAGRAPH.value and not _paragraph_exists(ctx, op):
        ctx.say_key("chat.rec.no_paragraph", n=op.get("p"))
        op.update(tg=TargetKind.SECTION.value)
        op.pop("p", None)
    ctx.show(Step.REC_OP_TEXT, op=op)


def _paragraph_exists(ctx: Ctx, op: dict[str, Any]) -> bool:
    return q.paragraph(ctx.session, op.get("sec"), op.get("p")) is not None


_PARAGRAPH = re.compile(r"^(?P<label>.+?)[\s,;]+(?:đoạn|doan|đ|d)\.?\s*\[?(?P<n>\d{1,4})\]?$", re.IGNORECASE)


@router.on_text(Step.REC_OP_TARGET, leads_to=(Step.REC_OP_TEXT, Step.REC_OP_TARGET, Step.REC, Step.DOCS))
def _typed_target(ctx: Ctx, text: str) -> None:
    """A section typed as the draft prints its label ("II.1"), a paragraph after it ("II.1 đoạn 3")."""
    rec, op = _rec(ctx), _op(ctx)
    if rec is None:
        _lost(ctx)
        return
    if op is None or "k" not in op:
        ctx.show(Step.REC, op=None)
        return
    typed = " ".join(text.split())[:80]
    paragraph: int | None = None
    found = _PARAGRAPH.match(typed)
    if found is not None:
        typed, paragraph = found.group("label"), int(found.group("n"))
    matches = store.find_sections(ctx.session, int(op["d"]), typed)
    if not matches:
        ctx.say_key("chat.rec.no_section", label=typed)
        return
    if paragraph is not None:
        op["p"] = paragraph
    else:
        op.pop("p", None)
    if len(matches) > 1:
        op.update(cands=[s.id for s, _ in matches[:8]], typed=typed)
        ctx.show(Step.REC_OP_TARGET, op=op)
        return
    op.pop("cands", None)
    op.update(tg=TargetKind.PARAGRAPH.value if paragraph else TargetKind.SECTION.value, sec=matches[0][0].id)
    if paragraph and not _paragraph_exists(ctx, op):
        ctx.say_key("chat.rec.no_paragraph", n=paragraph)
        op.update(tg=TargetKind.SECTION.value)
        op.pop("p", None)
    ctx.show(Step.REC_OP_TEXT, op=op)


@router.prompt(Step.REC_OP_TEXT, offers=(Action.REC_SKIP, Action.REC_MENU), leads_to=(Step.DOCS, Step.REC))
def _text_prompt(ctx: Ctx) -> None:
    rec, op = _rec(ctx), _op(ctx)
    if rec is None:
        _lost(ctx)
        return
    kind = kind_of(op.get("k")) if op else None
    if op is None or kind is None or "tg" not in op:
        ctx.show(Step.REC, op=None)
        return
    target = _target_name(ctx, op, {})
    rows: list[list[Choice]] = []
    if not kind.needs_text:
        rows.append([ctx.button(t("chat.rec.btn.no_text"), Action.REC_SKIP, "none")])
    rows.append(_back_row(ctx))
    key = "chat.rec.ask_text_letter" if rec["t"] == LETTER else "chat.rec.ask_text"
    ctx.say(t(key, kind=t(f"chat.kind.{kind.value}"), target=target), rows)


@router.on_text(Step.REC_OP_TEXT, leads_to=(Step.REC_OP_COUNT, Step.REC, Step.DOCS))
def _op_text(ctx: Ctx, text: str) -> None:
    rec, op = _rec(ctx), _op(ctx)
    if rec is None:
        _lost(ctx)
        return
    if op is None:
        ctx.show(Step.REC, op=None)
        return
    if not has_words(text):
        ctx.say_key("chat.compose.need_words" if text.strip() else "chat.compose.empty")
        return
    op["x"] = text.strip()
    _after_text(ctx, rec, op)


def _after_text(ctx: Ctx, rec: dict[str, Any], op: dict[str, Any]) -> None:
    if rec["t"] == MEETING:
        ctx.show(Step.REC_OP_COUNT, op=op)
        return
    _add_opinion(ctx, rec, op, 1)


def _add_opinion(ctx: Ctx, rec: dict[str, Any], op: dict[str, Any], count: int) -> None:
    op["n"] = count
    opinion = _opinion_of({k: v for k, v in op.items() if k in ("k", "d", "tg", "tp", "sec", "p", "x", "n")})
    rec["ops"] = [*rec.get("ops", []), _op_json(opinion)]
    ctx.say_key("chat.rec.opinion_added", n=len(rec["ops"]))
    ctx.show(Step.REC, rec=rec, op=None)


@router.prompt(Step.REC_OP_COUNT, offers=(Action.OP_COUNT, Action.REC_MENU), leads_to=(Step.DOCS, Step.REC))
def _count_prompt(ctx: Ctx) -> None:
    rec, op = _rec(ctx), _op(ctx)
    if rec is None:
        _lost(ctx)
        return
    if op is None or "x" not in op or rec["t"] != MEETING:
        ctx.show(Step.REC, op=None)
        return
    attendance = int(rec.get("a", 0))
    if ctx.incoming.numbered:
        # Numbered choices (Zalo): choice n is n people, so that a number typed means the same as a choice; no
        # "back" (a number would reach it), /hoinghi continues the record.
        counts = [ctx.button(str(n), Action.OP_COUNT, n) for n in range(1, min(attendance, MAX_NUMBERED) + 1)]
        rows = [counts[i : i + 5] for i in range(0, len(counts), 5)]
        ctx.say(t("chat.rec.ask_count", attendance=attendance) + t("chat.rec.count_numbered"), rows)
        return
    counts = [ctx.button(str(n), Action.OP_COUNT, n) for n in COUNTS if n <= attendance]
    ctx.say(t("chat.rec.ask_count", attendance=attendance), [counts, _back_row(ctx)] if counts else [_back_row(ctx)])


def _count(ctx: Ctx, value: str) -> None:
    rec, op = _rec(ctx), _op(ctx)
    if rec is None:
        _lost(ctx)
        return
    if op is None or "x" not in op:
        ctx.show(Step.REC, op=None)
        return
    n = as_int(value.strip())
    attendance = int(rec.get("a", 0))
    if n is None or n < 1 or n > attendance:
        ctx.say_key("chat.rec.bad_count", attendance=attendance)
        return
    _add_opinion(ctx, rec, op, n)


@router.action(Action.OP_COUNT, leads_to=(Step.REC, Step.DOCS))
def _count_pressed(ctx: Ctx, arg: str) -> None:
    _count(ctx, arg)


@router.on_text(Step.REC_OP_COUNT, leads_to=(Step.REC, Step.DOCS))
def _count_typed(ctx: Ctx, text: str) -> None:
    _count(ctx, text)


# --- a vote -------------------------------------------------------------------------------------------------


@router.prompt(Step.REC_VOTE, offers=(Action.REC_MENU,), leads_to=(Step.DOCS, Step.REC))
def _vote_prompt(ctx: Ctx) -> None:
    rec = _rec_or_leave(ctx)
    if rec is None:
        return
    if rec["t"] != MEETING:
        ctx.show(Step.REC)
        return
    ctx.say(t("chat.rec.ask_vote"), [_back_row(ctx)])


@router.on_text(Step.REC_VOTE, leads_to=(Step.REC_TALLY, Step.DOCS))
def _vote(ctx: Ctx, text: str) -> None:
    rec = _rec_or_leave(ctx)
    if rec is None:
        return
    if not has_words(text):
        ctx.say_key("chat.compose.need_words" if text.strip() else "chat.compose.empty")
        return
    if len(text.strip()) > sheets.ATMOSPHERE:
        ctx.say_key("chat.rec.too_long", limit=sheets.ATMOSPHERE)
        return
    ctx.show(Step.REC_TALLY, vq=text.strip())


@router.prompt(Step.REC_TALLY, offers=(Action.REC_MENU,), leads_to=(Step.DOCS, Step.REC))
def _tally_prompt(ctx: Ctx) -> None:
    rec = _rec_or_leave(ctx)
    if rec is None:
        return
    question = ctx.data.get("vq")
    if not isinstance(question, str) or rec["t"] != MEETING:
        ctx.show(Step.REC, vq=None)
        return
    ctx.say(t("chat.rec.ask_tally", question=_short(question, 200), attendance=rec.get("a", 0)), [_back_row(ctx)])


@router.on_text(Step.REC_TALLY, leads_to=(Step.REC, Step.DOCS))
def _tally_typed(ctx: Ctx, text: str) -> None:
    rec = _rec_or_leave(ctx)
    if rec is None:
        return
    question = ctx.data.get("vq")
    if not isinstance(question, str):
        ctx.show(Step.REC, vq=None)
        return
    numbers = [int(n) for n in re.findall(r"\d{1,7}", text)]
    attendance = int(rec.get("a", 0))
    if len(numbers) != 3:
        ctx.say_key("chat.rec.bad_tally")
        return
    agree, disagree, abstain = numbers
    total = agree + disagree + abstain
    if total < 1 or total > attendance:
        ctx.say_key("chat.rec.tally_over", total=total, attendance=attendance)
        return
    rec["votes"] = [*rec.get("votes", []), {"q": question, "a": agree, "d": disagree, "x": abstain}]
    ctx.say_key("chat.rec.vote_added", n=len(rec["votes"]))
    ctx.show(Step.REC, rec=rec, vq=None)


# --- taking things out --------------------------------------------------------------------------------------


@router.prompt(Step.REC_ITEMS, offers=(Action.REC_ITEM, Action.REC_MENU), leads_to=(Step.DOCS,))
def _items_prompt(ctx: Ctx) -> None:
    rec = _rec_or_leave(ctx)
    if rec is None:
        return
    rows: list[list[Choice]] = []
    if ctx.data.get("rdel") and rec.get("id"):
        rows.append([ctx.button(t("chat.rec.btn.delete_sure", id=rec["id"]), Action.REC_ITEM, "delok")])
        rows.append(_back_row(ctx))
        ctx.say(t("chat.rec.ask_delete", id=rec["id"]), rows)
        return
    ops = [ctx.button(t("chat.rec.btn.drop_opinion", n=n), Action.REC_ITEM, f"o:{n}")
           for n in range(1, len(rec.get("ops", [])) + 1)]  # fmt: skip
    votes = [ctx.button(t("chat.rec.btn.drop_vote", n=n), Action.REC_ITEM, f"v:{n}")
             for n in range(1, len(rec.get("votes", [])) + 1)]  # fmt: skip
    rows += [ops[i : i + 3] for i in range(0, len(ops), 3)]
    rows += [votes[i : i + 3] for i in range(0, len(votes), 3)]
    if rec.get("id"):
        rows.append([ctx.button(t("chat.rec.btn.delete", id=rec["id"]), Action.REC_ITEM, "del")])
    rows.append(_back_row(ctx))
    ctx.say(t("chat.rec.ask_item") if ops or votes else t("chat.rec.no_items"), rows)


@router.action(Action.REC_ITEM, leads_to=(Step.REC, Step.REC_ITEMS, Step.MEETINGS, Step.LETTERS, Step.DOCS))
def _item(ctx: Ctx, arg: str) -> None:
    rec = _rec_or_leave(ctx)
    if rec is None:
        return
    what, _, value = arg.partition(":")
    n = as_int(value)
    if what == "o" and n is not None and 1 <= n <= len(rec.get("ops", [])):
        rec["ops"] = [o for i, o in enumerate(rec["ops"], start=1) if i != n]
        ctx.say_key("chat.rec.opinion_dropped", n=n)
        ctx.show(Step.REC, rec=rec)
    elif what == "v" and n is not None and 1 <= n <= len(rec.get("votes", [])):
        rec["votes"] = [v for i, v in enumerate(rec["votes"], start=1) if i != n]
        ctx.say_key("chat.rec.vote_dropped", n=n)
        ctx.show(Step.REC, rec=rec)
    elif what == "del" and rec.get("id"):
        ctx.show(Step.REC_ITEMS, rdel=1)
    elif what == "delok" and rec.get("id") and ctx.data.get("rdel"):
        _delete(ctx, rec)
    else:
        ctx.say_key("chat.stale_button")
        ctx.reshow()


def _delete(ctx: Ctx, rec: dict[str, Any]) -> None:
    kind, record_id = rec["t"], int(rec["id"])
    if kind == MEETING:
        stored = ctx.session.get(MeetingRecord, record_id)
        if stored is not None:
            if not _may_act_for(ctx, stored.unit_id):
                ctx.say_key("chat.rec.not_yours")
                _lost(ctx)
                return
            when = store.locked(ctx.session, stored)
            if when is not None:
                ctx.say_key("chat.rec.locked", time=clock.local(when).strftime("%H:%M"), date=clock.local_date(when))
                ctx.show(LIST_STEP[kind], rec=None, rdel=None)
                return
            store.delete_meeting(ctx.session, record_id)
    elif ctx.session.get(Letter, record_id) is not None:
        store.delete_letter(ctx.session, record_id)
    ctx.say_key("chat.rec.deleted", id=record_id)
    ctx.show(LIST_STEP[kind], rec=None, op=None, vq=None, rdel=None, rpage=None)


# --- a spreadsheet sent as a document -----------------------------------------------------------------------


@router.on_file()
def _file(ctx: Ctx, name: str) -> None:
    """A filled-in template sent back: taken for those who record meetings (letters: /vanban's roles), all or
    nothing; for anyone else a document is what it always was, something the bot does not read."""
    p = ctx.participant
    if p.consent_at is None or not roles.allowed(p.role, "hoinghi"):
        ctx.say_key("chat.unsupported")
        return
    inc = ctx.incoming
    shown = name or t("chat.rec.file_unnamed")
    if inc.file is None:
        if inc.file_size > sheets.MAX_FILE_BYTES:
            ctx.say(
                t(
                    "sheet.too_large",
                    name=shown,
                    size=sheets.size_mb(inc.file_size),
                    limit=sheets.size_mb(sheets.MAX_FILE_BYTES),
                )
            )
        else:
            ctx.say_key("chat.rec.file_not_sheet", name=shown)
        return
    unit = own_unit(ctx)
    if not _ward_wide(ctx) and unit is None:
        ctx.say_key("chat.progress.no_unit")
        return
    who = sheets.Who(p.id, unit, any_unit=_ward_wide(ctx))
    allowed = (sheets.MEETINGS, sheets.LETTERS) if roles.allowed(p.role, "vanban") else (sheets.MEETINGS,)
    try:
        result = sheets.take(ctx.session, inc.file, shown, who, ctx.now, allowed=allowed)
    except sheets.SheetError as exc:
        ctx.say(t(exc.code, **exc.params) + "\n\n" + t("chat.rec.file_nothing_stored"))
        return
    if result.already is not None:
        ctx.say_key(
            "chat.rec.file_already",
            name=shown,
            time=clock.local(result.already).strftime("%H:%M"),
            date=clock.local_date(result.already),
            n=result.already_records,
            what=t(f"chat.rec.what.{result.kind}"),
        )
        return
    if result.kind == sheets.MEETINGS:
        ctx.say_key("chat.rec.file_meetings", name=shown, n=result.records, opinions=result.opinions,
                    votes=result.votes)  # fmt: skip
    else:
        ctx.say_key("chat.rec.file_letters", name=shown, n=result.records, opinions=result.opinions)
