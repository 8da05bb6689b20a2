"""An amendment by tapping: the paragraph, then its sentence (or "(n)" item), then the new wording typed; saved the
moment it is typed, its reason optional (typed next, compose.py's saved view). The sentence tapped is quoted exactly
as printed; words typed by hand are found in the paragraph whatever their diacritics, case and spacing, and stored
as printed.
"""

from __future__ import annotations

import re

from core.messages import t
from core.text import bare, find_folded, find_unaccented, fold, occurrences, sentences
from handlers.context import Ctx
from handlers.draft import CommentDraft
from handlers.flow.browse import render_paragraph
from handlers.flow.router import Router
from handlers.flow.saving import is_back, is_cancel, lacks_words, save
from handlers.states import Action, Step
from handlers.types import Choice
from storage import queries as q
from storage.models import Paragraph

router = Router(__name__)

BEGINS = (Step.AMEND_PARA, Step.AMEND_SENT, Step.AMEND_NEW, Step.SECTION)
COPY_LIMIT = 256  # characters a copy button may carry (Telegram); a longer sentence is shown, not copied
PER_ROW = 5


def begin(ctx: Ctx, draft: CommentDraft) -> None:
    """The first choice that is a choice: one paragraph is chosen already, one sentence too."""
    paras = q.paragraphs(ctx.session, draft.sec or 0)
    if not paras:
        ctx.say_key("chat.amend.no_paragraphs")
        ctx.show(Step.SECTION, draft=None)
    elif len(paras) == 1:
        _paragraph_chosen(ctx, draft, paras[0])
    else:
        ctx.show(Step.AMEND_PARA, draft=draft)


def _draft(ctx: Ctx) -> CommentDraft | None:
    """The amendment being written; None (and back to the drafts) when there is none."""
    draft = ctx.draft
    if draft is None or not draft.amendment:
        ctx.show(Step.DOCS, draft=None)
        return None
    return draft


def _cancel_row(ctx: Ctx) -> list[Choice]:
    return [ctx.button(t("chat.btn.cancel"), Action.CANCEL)]


@router.prompt(Step.AMEND_PARA, offers=(Action.PARAGRAPH, Action.CANCEL), leads_to=(Step.SECTION, Step.DOCS))
def _para_prompt(ctx: Ctx) -> None:
    draft = _draft(ctx)
    if draft is None:
        return
    paras = q.paragraphs(ctx.session, draft.sec or 0)
    if not paras:
        ctx.say_key("chat.amend.no_paragraphs")
        ctx.show(Step.SECTION, draft=None)
        return
    body = "\n\n".join(render_paragraph(p) for p in paras)  # the text stays on screen while choosing
    buttons = [ctx.button(f"[{p.number}]", Action.PARAGRAPH, p.number) for p in paras]
    rows = [buttons[i : i + PER_ROW] for i in range(0, len(buttons), PER_ROW)]
    rows.append(_cancel_row(ctx))
    ctx.say(f"{body}\n\n{t('chat.view.amend.para')}", rows)


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


def _paragraph_chosen(ctx: Ctx, draft: CommentDraft, para: Paragraph) -> None:
    """One sentence: it is the quote. Several: which one."""
    draft = draft.with_(para=para.number, quote=None, quote_found=None)
    spans = sentences(para.text)
    if len(spans) <= 1:
        ctx.show(Step.AMEND_NEW, draft=draft.with_(quote=para.text.strip(), quote_found=True))
    else:
        ctx.show(Step.AMEND_SENT, draft=draft)


def _choose_para(ctx: Ctx, typed: str) -> None:
    draft = _draft(ctx)
    if draft is None:
        return
    if is_back(typed):
        ctx.show(Step.SECTION, draft=None)
        return
    paras = q.paragraphs(ctx.session, draft.sec or 0)
    number = paragraph_number(typed, paras)
    para = next((p for p in paras if p.number == number), None)
    if para is None and len(typed.split()) >= 2:  # the draft's words typed instead of a number: where they stand
        holding = [p for p in paras if occurrences(p.text, typed)]
        if len(holding) == 1:
            span = _found(ctx, holding[0], typed)
            if span is not None:
                quote = holding[0].text[span[0] : span[1]]
                ctx.show(Step.AMEND_NEW, draft=draft.with_(para=holding[0].number, quote=quote, quote_found=True))
            return
    if para is None:
        numbers = [p.number for p in paras]
        if len(numbers) == 1:
            ctx.say_key("chat.amend.bad_para_one", n=numbers[0])
        else:
            ctx.say_key("chat.amend.bad_para", first=min(numbers, default=1), n=max(numbers, default=0))
        return
    _paragraph_chosen(ctx, draft, para)


router.action(Action.PARAGRAPH, leads_to=(Step.AMEND_SENT, Step.AMEND_NEW, Step.SECTION, Step.DOCS))(_choose_para)
router.on_text(Step.AMEND_PARA, leads_to=(Step.AMEND_SENT, Step.AMEND_NEW, Step.SECTION, Step.DOCS))(_choose_para)


@router.prompt(Step.AMEND_SENT, offers=(Action.SENTENCE, Action.CANCEL), leads_to=(Step.SECTION, Step.DOCS))
def _sentence_prompt(ctx: Ctx) -> None:
    draft = _draft(ctx)
    if draft is None:
        return
    para = q.paragraph(ctx.session, draft.sec, draft.para)
    if para is None:
        ctx.show(Step.SECTION, draft=None)
        return
    spans = sentences(para.text)
    listed = "\n".join(
        t("chat.view.amend.sentence_item", n=i, text=para.text[a:b]) for i, (a, b) in enumerate(spans, start=1)
    )
    buttons = [ctx.button(t("chat.btn.sentence", n=i), Action.SENTENCE, i) for i in range(1, len(spans) + 1)]
    rows = [buttons[i : i + PER_ROW] for i in range(0, len(buttons), PER_ROW)]
    rows.append(_cancel_row(ctx))
    ctx.say(t("chat.view.amend.sentence", n=para.number, sentences=listed), rows)


@router.action(Action.SENTENCE, leads_to=(Step.AMEND_NEW, Step.SECTION, Step.DOCS))
def _sentence(ctx: Ctx, arg: str) -> None:
    draft = _draft(ctx)
    if draft is None:
        return
    para = q.paragraph(ctx.session, draft.sec, draft.para)
    spans = sentences(para.text) if para is not None else []
    n = int(arg) if arg.isdigit() else 0
    if para is None or not 1 <= n <= len(spans):
        ctx.reshow()
        return
    a, b = spans[n - 1]
    ctx.show(Step.AMEND_NEW, draft=draft.with_(quote=para.text[a:b], quote_found=True))


@router.on_text(Step.AMEND_SENT, leads_to=(Step.AMEND_NEW, Step.SECTION, Step.DOCS))
def _typed_quote(ctx: Ctx, text: str) -> None:
    """A sentence's number typed, or the draft's words typed by hand (found whatever their diacritics)."""
    draft = _draft(ctx)
    if draft is None:
        return
    if is_back(text):
        ctx.show(Step.SECTION, draft=None)
        return
    para = q.paragraph(ctx.session, draft.sec, draft.para)
    number = text.strip().strip(".")
    word = fold(t("chat.amend.sentence_word"))  # "câu 2" as well as "2"
    if fold(number).startswith(word + " "):
        number = number[len(word) :].strip()
    if para is not None and number.isascii() and number.isdigit() and 1 <= int(number) <= len(sentences(para.text)):
        _sentence(ctx, number)  # a sentence's number; "2030" is words to find
        return
    if lacks_words(ctx, text, empty="chat.amend.quote_required"):
        return
    if para is None:
        ctx.show(Step.SECTION, draft=None)
        return
    span = _found(ctx, para, text)
    if span is not None:
        ctx.show(Step.AMEND_NEW, draft=draft.with_(quote=para.text[span[0] : span[1]], quote_found=True))


def _found(ctx: Ctx, para: Paragraph, typed: str) -> tuple[int, int] | None:
    """Where the words typed stand in the paragraph, once; else None, and said: not there, or there several times
    (which one is meant: a few more words tell)."""
    quote = typed.strip()[:200]
    many = occurrences(para.text, typed)
    if many > 1:
        ctx.say_key("chat.view.amend.ambiguous", quote=quote, n=para.number, times=many)
        return None
    span = find_folded(para.text, typed) or find_unaccented(para.text, typed)
    if span is None:
        ctx.say_key("chat.view.amend.not_found", quote=quote, n=para.number)
    return span


@router.prompt(Step.AMEND_NEW, offers=(Action.CANCEL,), leads_to=(Step.DOCS,))
def _new_prompt(ctx: Ctx) -> None:
    draft = _draft(ctx)
    if draft is None:
        return
    quote = draft.quote or ""
    rows: list[list[Choice]] = []
    if draft.edit is not None:
        text = t("chat.view.amend.edit_new", n=draft.para, quote=quote)
    elif 0 < len(quote) <= COPY_LIMIT and not ctx.incoming.numbered:  # numbered channels have no copy button
        text = t("chat.view.amend.new", n=draft.para, quote=quote)
        rows.append([Choice(t("chat.btn.copy_sentence"), "", copy=quote)])
    else:
        text = t("chat.view.amend.new_long", n=draft.para, quote=quote)
    rows.append(_cancel_row(ctx))
    ctx.say(text, rows)


@router.on_text(Step.AMEND_NEW, leads_to=(Step.SAVED, Step.SECTION, Step.DOCS, Step.MINE))
def _new(ctx: Ctx, text: str) -> None:
    draft = _draft(ctx)
    if draft is None:
        return
    if is_cancel(text):  # not the new wording: back where it started (an edit from /ykiencuatoi: the list)
        ctx.data["ack"] = t("chat.view.cancelled")
        ctx.show(Step.MINE if draft.origin == "mine" else Step.SECTION, draft=None)
        return
    if bare(text) == fold(t("chat.amend.delete_word")):
        new = ""
    elif lacks_words(ctx, text, empty="chat.amend.new_required"):
        return
    else:
        new = text.strip()
    if new and fold(new) == fold(draft.quote or ""):  # the sentence sent back unchanged: nothing proposed
        ctx.say_key("chat.view.amend.unchanged")
        return
    cid = save(ctx, draft.with_(new=new, reason=draft.reason or ""))
    if cid is None:
        ctx.show(Step.DOCS, draft=None)
        return
    mine = {"from": "mine" if draft.origin == "mine" else None}
    if draft.edit is not None:
        ctx.data["ack"] = t("chat.view.updated")
    ctx.show(Step.SAVED, saved=cid, draft=None, **mine)
