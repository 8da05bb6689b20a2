"""Writing an amendment: the paragraph, the draft's exact wording, the proposed wording, the reason.

Each part is a step; once all four are there the comment goes to the confirmation (compose.py). "Sửa lại" redoes
one part (`draft.redo`) and comes straight back to the confirmation.
"""

from __future__ import annotations

import re

from core.messages import t
from core.text import bare, find_folded, find_unaccented, fold, has_words
from handlers.context import Ctx
from handlers.draft import CommentDraft
from handlers.flow.browse import render_paragraph
from handlers.flow.compose import lacks_words
from handlers.flow.router import Router
from handlers.states import Action, Step
from storage import queries as q
from storage.models import Paragraph

router = Router(__name__)


def _draft(ctx: Ctx) -> CommentDraft | None:
    """The amendment being written; None (and back to the drafts) when there is none."""
    draft = ctx.draft
    if draft is None or not draft.amendment:
        ctx.show(Step.DOCS, draft=None)
        return None
    return draft


def _amend_next(ctx: Ctx, draft: CommentDraft, step: Step) -> None:
    """On to `step`; when one part of a finished amendment is being redone, back to the confirmation."""
    if draft.redo and None not in (draft.quote, draft.new, draft.reason):
        ctx.show(Step.CONFIRM, draft=draft)
    else:
        ctx.show(step, draft=draft)


@router.prompt(
    Step.AMEND_PARA, offers=(Action.PARAGRAPH, Action.CANCEL), leads_to=(Step.CONFIRM, Step.SECTION, Step.DOCS)
)
def _para_prompt(ctx: Ctx) -> None:
    draft = _draft(ctx)
    if draft is None:
        return
    paras = q.paragraphs(ctx.session, draft.sec or 0)
    if not paras:  # nothing to cite; what was typed stays, at the confirmation
        ctx.say_key("chat.amend.no_paragraphs")
        if draft.has_typed():
            ctx.show(Step.CONFIRM, draft=draft.with_(redo=False))
        else:
            ctx.show(Step.SECTION, draft=None)
        return
    buttons = [ctx.button(f"[{p.number}]", Action.PARAGRAPH, p.number) for p in paras]
    rows = [buttons[i : i + 5] for i in range(0, len(buttons), 5)]
    rows.append([ctx.button(t("chat.btn.cancel"), Action.CANCEL)])
    ctx.say(t("chat.amend.ask_para"), rows)


_END = " \t\n.,;:!?…"
_NUMBERED = re.compile(r"\[\s*([0-9]{1,6})\s*\]|\(\s*([0-9]{1,6})\s*\)|([0-9]{1,6})")


def paragraph_number(typed: str, paras: list[Paragraph]) -> int | None:
    """The paragraph meant by "3", "[3]", " [ 3 ] ", "đoạn 3", "đoạn số 3" (its number) or "(11)", "a)" (an item's
    label as printed). "-1" or "1 2" mean none: a sign or a space inside a number is not read past."""
    text = fold(typed).strip(_END)
    for word in (fold(t("chat.amend.paragraph_word")), fold(t("chat.amend.number_word"))):  # "đoạn", then "số"
        if text.startswith(word + " ") or (text.startswith(word) and not text[len(word) :][:1].isalpha()):
            text = text[len(word) :].strip()
    if not text:
        return None
    compact = text.replace(" ", "")
    if not compact.isdigit():  # a label as printed: "(11)", "a)"
        labelled = [p.number for p in paras if p.label and fold(p.label).replace(" ", "") == compact]
        if labelled:
            return labelled[0]
    match = _NUMBERED.fullmatch(text)
    if match is None:
        return None
    number = int(next(g for g in match.groups() if g))
    return number if number in {p.number for p in paras} else None


def _choose_para(ctx: Ctx, typed: str) -> None:
    draft = _draft(ctx)
    if draft is None:
        return
    paras = q.paragraphs(ctx.session, draft.sec or 0)
    number = paragraph_number(typed, paras)
    if number is None:
        numbers = [p.number for p in paras]
        if len(numbers) == 1:
            ctx.say_key("chat.amend.bad_para_one", n=numbers[0])
        else:
            ctx.say_key("chat.amend.bad_para", first=min(numbers, default=1), n=max(numbers, default=0))
        return
    # The wording is per paragraph: a quote of another one is dropped.
    ctx.show(Step.AMEND_QUOTE, draft=draft.with_(quote=None, quote_found=None, quote_pending=False, para=number))


router.action(Action.PARAGRAPH, leads_to=(Step.AMEND_QUOTE, Step.DOCS))(_choose_para)
router.on_text(Step.AMEND_PARA, leads_to=(Step.AMEND_QUOTE, Step.DOCS))(_choose_para)


@router.prompt(Step.AMEND_QUOTE, offers=(Action.CANCEL, Action.KEEP_QUOTE), leads_to=(Step.DOCS,))
def _quote_prompt(ctx: Ctx) -> None:
    draft = _draft(ctx)
    if draft is None:
        return
    if draft.quote_pending and draft.quote:  # typed, not found, not yet answered (a restart, /tieptuc)
        _not_found(ctx, draft)
        return
    para = q.paragraph(ctx.session, draft.sec, draft.para)
    ctx.say(
        t("chat.amend.ask_quote", n=draft.para, text=render_paragraph(para) if para else ""),
        [[ctx.button(t("chat.btn.cancel"), Action.CANCEL)]],
    )


def _not_found(ctx: Ctx, draft: CommentDraft) -> None:
    """The words typed are not in the paragraph: keep them as typed (marked so), type them again, or cancel."""
    ctx.say(
        t("chat.amend.quote_not_found", quote=draft.quote, n=draft.para),
        [[ctx.button(t("chat.btn.keep_quote"), Action.KEEP_QUOTE)], [ctx.button(t("chat.btn.cancel"), Action.CANCEL)]],
    )


@router.on_text(Step.AMEND_QUOTE, leads_to=(Step.AMEND_NEW, Step.CONFIRM, Step.DOCS))
def _quote(ctx: Ctx, text: str) -> None:
    draft = _draft(ctx)
    if draft is None or lacks_words(ctx, text, empty="chat.amend.quote_required"):
        return
    para = q.paragraph(ctx.session, draft.sec, draft.para)
    # As typed (case, spacing, tone placement aside); else typed without diacritics, where that is unambiguous.
    span = (find_folded(para.text, text) or find_unaccented(para.text, text)) if para is not None else None
    if para is not None and span is not None:  # stored as printed in the draft, not as typed
        found = draft.with_(quote=para.text[span[0] : span[1]], quote_found=True, quote_pending=False)
        _amend_next(ctx, found, Step.AMEND_NEW)
        return
    ctx.draft = draft = draft.with_(quote=text, quote_found=False, quote_pending=True)
    _not_found(ctx, draft)


@router.action(Action.KEEP_QUOTE, leads_to=(Step.AMEND_NEW, Step.CONFIRM, Step.DOCS))
def _keep(ctx: Ctx, _arg: str) -> None:
    draft = _draft(ctx)
    if draft is None:
        return
    if not (draft.quote_pending and draft.quote):  # nothing typed waits to be kept
        ctx.reshow()
        return
    _amend_next(ctx, draft.with_(quote_pending=False), Step.AMEND_NEW)


@router.prompt(Step.AMEND_NEW, offers=(Action.CANCEL,))
def _new_prompt(ctx: Ctx) -> None:
    ctx.say(t("chat.amend.ask_new"), [[ctx.button(t("chat.btn.cancel"), Action.CANCEL)]])


@router.on_text(Step.AMEND_NEW, leads_to=(Step.AMEND_REASON, Step.CONFIRM, Step.DOCS))
def _new(ctx: Ctx, text: str) -> None:
    if bare(text) == fold(t("chat.amend.delete_word")):
        new = ""
    elif has_words(text):
        new = text
    else:  # only spaces, emoji or punctuation
        ctx.say_key("chat.amend.new_required")
        return
    draft = _draft(ctx)
    if draft is not None:
        _amend_next(ctx, draft.with_(new=new), Step.AMEND_REASON)


@router.prompt(Step.AMEND_REASON, offers=(Action.KEEP_REASON, Action.CANCEL), leads_to=(Step.DOCS,))
def _reason_prompt(ctx: Ctx) -> None:
    """The reason; one already there (typed before the kind became an amendment, or being redone) is offered."""
    draft = _draft(ctx)
    if draft is None:
        return
    reason = draft.reason or ""
    cancel = [ctx.button(t("chat.btn.cancel"), Action.CANCEL)]
    if reason.strip():
        ctx.say(
            t("chat.amend.ask_reason_kept", reason=reason),
            [[ctx.button(t("chat.btn.keep_reason"), Action.KEEP_REASON)], cancel],
        )
    else:
        ctx.say(t("chat.amend.ask_reason"), [cancel])


@router.on_text(Step.AMEND_REASON, leads_to=(Step.CONFIRM, Step.DOCS))
def _reason(ctx: Ctx, text: str) -> None:
    draft = _draft(ctx)
    if draft is None or lacks_words(ctx, text, empty="chat.amend.reason_required"):
        return
    ctx.show(Step.CONFIRM, draft=draft.with_body(text, ctx.seq))


@router.action(Action.KEEP_REASON, leads_to=(Step.CONFIRM, Step.DOCS))
def _keep_reason(ctx: Ctx, _arg: str) -> None:
    draft = _draft(ctx)
    if draft is None:
        return
    if ctx.step != Step.AMEND_REASON or not (draft.reason or "").strip():
        ctx.reshow()
        return
    ctx.show(Step.CONFIRM, draft=draft)
