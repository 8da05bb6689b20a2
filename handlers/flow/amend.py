"""Writing an amendment: the paragraph, the draft's exact wording, the proposed wording, the reason.

Each part is a step; once all four are there the comment goes to the confirmation (compose.py). "Sửa lại" redoes
one part (`draft["redo"]`) and comes straight back to the confirmation.
"""

from __future__ import annotations

import re
from typing import Any

from core.messages import t
from core.text import bare, find_folded, fold, has_words
from handlers import queries as q
from handlers.context import Ctx
from handlers.flow.browse import render_paragraph
from handlers.flow.compose import TYPED, current_draft, lacks_words
from handlers.flow.registry import action, on_text, prompt, show
from storage.models import Paragraph


def _amend_next(ctx: Ctx, draft: dict[str, Any], step: str) -> None:
    """On to `step`; when one part of a finished amendment is being redone, back to the confirmation."""
    if draft.get("redo") and all(k in draft for k in ("quote", "new", "reason")):
        show(ctx, "confirm", draft=draft)
    else:
        show(ctx, step, draft=draft)


@prompt("amend_para")
def _para_prompt(ctx: Ctx) -> None:
    draft = current_draft(ctx)
    paras = q.paragraphs(ctx.session, draft.get("sec", 0))
    if not paras:  # nothing to cite; what was typed stays, at the confirmation
        ctx.say_key("chat.amend.no_paragraphs")
        if any(draft.get(k) for k in TYPED):
            show(ctx, "confirm", draft={k: v for k, v in draft.items() if k != "redo"})
        else:
            show(ctx, "section", draft=None)
        return
    buttons = [ctx.button(f"[{p.number}]", "para", p.number) for p in paras]
    rows = [buttons[i : i + 5] for i in range(0, len(buttons), 5)]
    rows.append([ctx.button(t("chat.btn.cancel"), "cx")])
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
    draft = current_draft(ctx)
    paras = q.paragraphs(ctx.session, draft.get("sec", 0))
    number = paragraph_number(typed, paras)
    if number is None:
        numbers = [p.number for p in paras]
        if len(numbers) == 1:
            ctx.say_key("chat.amend.bad_para_one", n=numbers[0])
        else:
            ctx.say_key("chat.amend.bad_para", first=min(numbers, default=1), n=max(numbers, default=0))
        return
    draft = {k: v for k, v in draft.items() if k not in ("quote", "quote_found")}  # the wording is per paragraph
    show(ctx, "amend_quote", draft={**draft, "para": number})


action("para")(_choose_para)
on_text("amend_para")(_choose_para)


@prompt("amend_quote")
def _quote_prompt(ctx: Ctx) -> None:
    draft = current_draft(ctx)
    para = q.paragraph(ctx.session, draft.get("sec", 0), draft.get("para"))
    ctx.say(
        t("chat.amend.ask_quote", n=draft.get("para"), text=render_paragraph(para) if para else ""),
        [[ctx.button(t("chat.btn.cancel"), "cx")]],
    )


@on_text("amend_quote")
def _quote(ctx: Ctx, text: str) -> None:
    draft = current_draft(ctx)
    if lacks_words(ctx, text, empty="chat.amend.quote_required"):
        return
    para = q.paragraph(ctx.session, draft.get("sec", 0), draft.get("para"))
    span = find_folded(para.text, text) if para is not None else None
    if para is not None and span is not None:  # stored as printed in the draft, not as typed
        _amend_next(ctx, {**draft, "quote": para.text[span[0] : span[1]], "quote_found": True}, "amend_new")
        return
    ctx.data["draft"] = {**draft, "quote": text, "quote_found": False}
    ctx.say(
        t("chat.amend.quote_not_found", quote=text, n=draft.get("para")),
        [[ctx.button(t("chat.btn.keep_quote"), "keep")], [ctx.button(t("chat.btn.cancel"), "cx")]],
    )


@action("keep")
def _keep(ctx: Ctx, _arg: str) -> None:
    _amend_next(ctx, current_draft(ctx), "amend_new")


@prompt("amend_new")
def _new_prompt(ctx: Ctx) -> None:
    ctx.say(t("chat.amend.ask_new"), [[ctx.button(t("chat.btn.cancel"), "cx")]])


@on_text("amend_new")
def _new(ctx: Ctx, text: str) -> None:
    if bare(text) == fold(t("chat.amend.delete_word")):
        new = ""
    elif has_words(text):
        new = text
    else:  # only spaces, emoji or punctuation
        ctx.say_key("chat.amend.new_required")
        return
    _amend_next(ctx, {**current_draft(ctx), "new": new}, "amend_reason")


@prompt("amend_reason")
def _reason_prompt(ctx: Ctx) -> None:
    """The reason; one already there (typed before the kind became an amendment, or being redone) is offered."""
    reason = str(current_draft(ctx).get("reason") or "")
    cancel = [ctx.button(t("chat.btn.cancel"), "cx")]
    if reason.strip():
        ctx.say(
            t("chat.amend.ask_reason_kept", reason=reason), [[ctx.button(t("chat.btn.keep_reason"), "rkeep")], cancel]
        )
    else:
        ctx.say(t("chat.amend.ask_reason"), [cancel])


@on_text("amend_reason")
def _reason(ctx: Ctx, text: str) -> None:
    if lacks_words(ctx, text, empty="chat.amend.reason_required"):
        return
    show(ctx, "confirm", draft={**current_draft(ctx), "reason": text})


@action("rkeep")
def _keep_reason(ctx: Ctx, _arg: str) -> None:
    draft = current_draft(ctx)
    if ctx.step != "amend_reason" or not str(draft.get("reason") or "").strip():
        _reason_prompt(ctx)
        return
    show(ctx, "confirm", draft=draft)
