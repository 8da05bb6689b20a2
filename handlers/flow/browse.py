"""Reading: the open documents, a document's guided topics and paged outline, a section with numbered paragraphs."""

from __future__ import annotations

from typing import Any

from core.clock import local_date
from core.kinds import DOCUMENT, SECTION, offered
from core.messages import t
from core.text import as_int, has_words, split_text
from handlers.context import Ctx
from handlers.flow.paging import page_nav
from handlers.flow.router import Router
from handlers.flow.saving import is_back
from handlers.states import Action, Step
from handlers.types import Choice
from storage import queries as q
from storage.models import Document, GuidedTopic, Section

Body = tuple[list[Any], list[Any], list[list[Any]]]  # paragraphs, footnotes, tables (storage.queries.section_body)

router = Router(__name__)

BUTTON_WIDTH = 60


def _short(text: str) -> str:
    return text if len(text) <= BUTTON_WIDTH else text[: BUTTON_WIDTH - 1].rstrip() + "…"


@router.prompt(Step.DOCS, offers=(Action.DOCUMENT,))
def _docs_prompt(ctx: Ctx) -> None:
    rows: list[list[Choice]] = []
    lines: list[str] = []
    closed: list[str] = []
    counts = q.my_counts(ctx.session, ctx.participant.id) if ctx.participant.id is not None else {}
    for doc, win in q.documents_for(ctx.session, ctx.participant.audience):
        if q.is_open(win, ctx.now):
            rows.append([ctx.button(_short(doc.title), Action.DOCUMENT, doc.id)])
            n = counts.get(doc.id, 0)
            done = t("chat.view.doc_done", n=n) if n else ""
            lines.append(t("chat.view.doc_line", title=doc.title, closes=local_date(win.closes_at), done=done))
        else:
            closed.append(
                t(
                    "chat.docs.closed_item",
                    title=doc.title,
                    opens=local_date(win.opens_at),
                    closes=local_date(win.closes_at),
                )
            )
    text = t("chat.docs.header") + "\n" + "\n".join(lines) if rows else t("chat.docs.none_open")
    if closed:
        text += "\n\n" + t("chat.docs.closed_header") + "\n" + "\n".join(closed)
    ctx.say(_with_ack(ctx, text), rows)


def _with_ack(ctx: Ctx, text: str) -> str:
    """`text` under the acknowledgement of what was just done (`data["ack"]`, said once)."""
    ack = ctx.data.pop("ack", None)
    return f"{ack}\n\n{text}" if isinstance(ack, str) and ack else text


def undo_row(ctx: Ctx) -> list[list[Choice]]:
    """«Hoàn tác» under what was just done (`data["undo"]`: the comment and what to undo), shown once."""
    undo = ctx.data.pop("undo", None)
    if not (isinstance(undo, list) and len(undo) == 2):
        return []
    return [[ctx.button(t("chat.btn.undo"), Action.UNDO, f"{undo[1]}{as_int(undo[0]) or 0}")]]


def acknowledge(ctx: Ctx, text: str, *, undo: tuple[int, str] | None = None, toast: str = "") -> None:
    """What was just done, said at the top of the next view (and as a toast where the channel shows one);
    `undo`: (comment id, "a" for added / "w" for withdrawn) offers «Hoàn tác»."""
    ctx.data["ack"] = text
    if undo is not None:
        ctx.data["undo"] = [undo[0], undo[1]]
    else:
        ctx.data.pop("undo", None)
    if toast:
        ctx.toast = toast


def open_document(ctx: Ctx, doc: Any) -> bool:
    """False (and a polite word) when this participant's window for `doc` is not open."""
    win = q.window(ctx.session, doc.id, ctx.participant.audience)
    if q.is_open(win, ctx.now):
        return True
    if win is None:
        ctx.say_key("chat.docs.none_open")
    else:
        ctx.say_key(
            "chat.doc.closed", title=doc.title, opens=local_date(win.opens_at), closes=local_date(win.closes_at)
        )
    return False


def deadline(ctx: Ctx, document_id: int) -> str:
    """ "Hạn góp ý: 15/01/2027" for this participant's window on the draft ("" when there is none)."""
    win = q.window(ctx.session, document_id, ctx.participant.audience)
    return t("chat.view.deadline", closes=local_date(win.closes_at)) if win is not None else ""


@router.action(Action.DOCUMENT, leads_to=(Step.DOCS, Step.OUTLINE))
def _doc(ctx: Ctx, arg: str) -> None:
    key = as_int(arg)
    doc = q.row(ctx.session, Document, key)
    if doc is None or not open_document(ctx, doc):
        ctx.show(Step.DOCS)
        return
    ctx.show(Step.OUTLINE, doc=doc.id, page=1, loose=None, **{"from": None})


@router.action(Action.DOCUMENTS, leads_to=(Step.DOCS,))
def _docs(ctx: Ctx, _arg: str) -> None:
    ctx.show(Step.DOCS)


@router.prompt(
    Step.OUTLINE,
    offers=(Action.TOPIC, Action.SECTION, Action.PAGE, Action.KIND, Action.LOOSE_AS_GENERAL, Action.TOC, Action.UNDO),
    leads_to=(Step.DOCS,),
)
def _outline_prompt(ctx: Ctx) -> None:
    doc = ctx.session.get(Document, ctx.data.get("doc", 0))
    if doc is None:
        ctx.show(Step.DOCS)
        return
    if isinstance(ctx.data.get("loose"), str):  # text typed here still waits for its answer: asked again
        _offer_loose(ctx)
        return
    size = ctx.config.outline_page_size
    sections = q.outline(ctx.session, doc.id)
    pages = max(1, -(-len(sections) // size))
    page = min(max(1, as_int(ctx.data.get("page", 1)) or 1), pages)
    rows: list[list[Choice]] = []
    done = _commented(ctx, doc.id)
    text = f"{doc.title}\n{deadline(ctx, doc.id)}\n"
    readable = len(q.reading_order(ctx.session, doc.id))
    if done:
        text += t("chat.view.doc_progress", n=len(done), total=readable) + "\n"
    text += "\n"
    topics = q.topics(ctx.session, doc.id) if page == 1 else []
    if topics:
        text += t("chat.doc.topics_header") + "\n" + t("chat.doc.topics_intro") + "\n\n"
        for topic in topics:
            rows.append(
                [ctx.button(_short(t("chat.btn.topic", n=topic.order, title=topic.title)), Action.TOPIC, topic.id)]
            )
    if sections:
        text += t("chat.doc.outline", page=page, pages=pages)
        text += _parents(sections, (page - 1) * size)
    else:
        text += t("chat.doc.no_sections")
    top = min((depth for *_, depth in sections), default=0)
    for sid, label, title, depth in sections[(page - 1) * size : page * size]:
        mark = "✓ " if sid in done else ""
        rows.append([ctx.button(_short(mark + _indent(depth - top) + f"{label}. {title}"), Action.SECTION, sid)])
    rows.extend(page_nav(ctx, Action.PAGE, page, pages))
    rows += [[ctx.button(t(f"chat.btn.{kind}"), Action.KIND, kind)] for kind in offered(DOCUMENT)]
    ctx.data["page"] = page
    rows += undo_row(ctx)  # last: the buttons above keep their places (and numbers) after a tap
    ctx.say(_with_ack(ctx, text), rows)


@router.on_text(Step.DOCS)
def _typed_on_docs(ctx: Ctx, _text: str) -> None:
    """Text typed on the list of drafts is not a comment: said so, and how to comment."""
    ctx.say_key("chat.docs.typed")
    ctx.reshow()


@router.on_text(Step.OUTLINE, leads_to=(Step.DOCS,))
def _typed_on_outline(ctx: Ctx, text: str) -> None:
    """Text typed on the outline is not recorded as it is: offered as a general comment on the whole draft ("quay
    lại": back to the drafts)."""
    if is_back(text):
        ctx.show(Step.DOCS, loose=None)
        return
    if not has_words(text):
        ctx.ask_to_choose()
        ctx.reshow()
        return
    ctx.data["loose"] = text
    _offer_loose(ctx)


def _offer_loose(ctx: Ctx) -> None:
    """The text typed on the outline: one tap records it as a general comment; or back to the outline (dropped)."""
    ctx.say(
        t("chat.doc.typed"),
        [
            [ctx.button(t("chat.btn.typed_general"), Action.LOOSE_AS_GENERAL)],
            [ctx.button(t("chat.btn.toc"), Action.TOC)],
        ],
    )


def _indent(level: int) -> str:
    """One dash a level below the document's top ("Phần thứ …" when it has parts, else "I.", "II.")."""
    return "– " * max(0, level)


def _parents(sections: list[tuple[int, str, str, int]], first: int) -> str:
    """When a page starts inside a part or section, the headings it is under ("Phần thứ nhất › I. …")."""
    if first <= 0 or first >= len(sections):
        return ""
    path: list[str] = []
    depth = sections[first][3]
    for _sid, label, title, d in reversed(sections[:first]):
        if d < depth:
            path.append(f"{label}. {title}")
            depth = d
    if not path:
        return ""
    return "\n" + t("chat.doc.outline_parents", path=" › ".join(reversed(path)))


@router.action(Action.PAGE, leads_to=(Step.OUTLINE,))
def _page(ctx: Ctx, arg: str) -> None:
    ctx.show(Step.OUTLINE, page=as_int(arg) or 1, loose=None)


@router.action(Action.TOC, leads_to=(Step.OUTLINE,))
def _toc(ctx: Ctx, _arg: str) -> None:
    ctx.show(Step.OUTLINE, draft=None, loose=None, **{"from": None})


def render_paragraph(p: Any) -> str:
    """ "[n] text" of a paragraph (an ORM object or a row with number, label, text)."""
    body = p.text
    if p.label and not body.startswith(p.label):  # "(n)" items keep their own labels
        body = f"{p.label} {body}"
    return f"[{p.number}] {body}"


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
MAX_TABLE_ROWS = 40  # a phone screen; the whole table stays in the printed draft
SECTION_PAGE = 3500  # characters of a section shown at once: within one Telegram message, so it is edited in place


def render_notes(footnotes: list[Any], tables: list[list[Any]]) -> str:
    """The section's footnotes (marked as in the body text) and its tables, one row a line."""
    out = ""
    if footnotes:
        notes = "\n".join(f"{f.mark.translate(_SUPERSCRIPT)} {f.text}" for f in footnotes)
        out += f"\n\n{t('chat.section.footnotes')}\n{notes}"
    for n, table in enumerate(tables, start=1):
        rows = [" | ".join(str(cell) for cell in row if str(cell).strip()) for row in table]
        shown = [r for r in rows if r][:MAX_TABLE_ROWS]
        out += f"\n\n{t('chat.section.table', n=n)}\n" + "\n".join(shown)
        if len(rows) > len(shown):
            out += "\n" + t("chat.section.table_more", rows=len(rows) - len(shown))
    return out


def neighbours(ctx: Ctx, sec: Any) -> tuple[int | None, int | None, int, int]:
    """(previous, next, position, count) of `sec` among the sections with text (a heading: where it would be)."""
    order = q.reading_order(ctx.session, sec.document_id)
    before = [sid for sid, o in order if o < sec.order]
    after = [sid for sid, o in order if o > sec.order]
    here = 1 if any(sid == sec.id for sid, _ in order) else 0
    return (before[-1] if before else None, after[0] if after else None, len(before) + here, len(order))


def nav_row(ctx: Ctx, sec: Any, around: tuple[int | None, int | None] | None = None) -> list[list[Choice]]:
    """«Mục trước» / «Mục sau» around `sec` (only those that exist; `around`: the two, when already read)."""
    prev, nxt = around if around is not None else neighbours(ctx, sec)[:2]
    row = []
    if prev is not None:
        row.append(ctx.button(t("chat.btn.prev_section"), Action.SECTION, prev))
    if nxt is not None:
        row.append(ctx.button(t("chat.btn.next"), Action.SECTION, nxt))
    return [row] if row else []


def section_text(ctx: Ctx, sec: Any, body: Body, *, position: tuple[int, int]) -> str:
    """The section as read on the phone: the draft and its deadline, where it is, ✓ when commented, the text."""
    head, text = section_parts(ctx, sec, body, position=position)
    return f"{head}\n\n{text}"


def section_parts(ctx: Ctx, sec: Any, body: Body, *, position: tuple[int, int]) -> tuple[str, str]:
    """The section's heading lines (the draft, its deadline, where it is, what was said on it) and its text."""
    paras, notes, tables = body
    n, total = position
    said = _commented(ctx, sec.document_id).get(sec.id, set())
    head = t("chat.view.section_head", n=n, total=total, label=sec.label, title=sec.title)
    if said:
        head += t("chat.view.commented")
    stance = next((kind for kind in ("agree", "disagree") if kind in said), None)
    if stance is not None:  # what this person said on it, shown again when they come back
        head += "\n" + t("chat.view.your_stance", kind=t(f"chat.kind.{stance}"))
    doc = q.row(ctx.session, Document, sec.document_id)
    title = f"{doc.title} · {deadline(ctx, sec.document_id)}" if doc is not None else ""
    text = "\n\n".join(render_paragraph(p) for p in paras) if paras else t("chat.view.heading_only")
    return f"{title}\n{head}", text + render_notes(notes, tables)


def _commented(ctx: Ctx, document_id: int) -> dict[int, set[str]]:
    if ctx.participant.id is None:
        return {}
    return q.commented_sections(ctx.session, ctx.participant.id, document_id)


@router.prompt(
    Step.SECTION,
    offers=(Action.KIND, Action.SECTION, Action.SECTION_PAGE, Action.TOC, Action.UNDO),
    leads_to=(Step.OUTLINE,),
)
def _section_prompt(ctx: Ctx) -> None:
    sec = q.row(ctx.session, Section, ctx.data.get("sec", 0))
    if sec is None:
        ctx.show(Step.OUTLINE)
        return
    prev, nxt, n, total = neighbours(ctx, sec)  # first: it reads the draft's order (and which have notes)
    body = q.section_body(ctx.session, sec.id)
    paras = body[0]
    if not paras and not body[2] and nxt is not None:  # a heading: its text is in the subsections
        ctx.data["sec"] = nxt
        _section_prompt(ctx)
        return
    _seen(ctx, sec)
    head, text = section_parts(ctx, sec, body, position=(n, total))
    pages = split_text(text, SECTION_PAGE - len(head)) if len(head) + len(text) > SECTION_PAGE else [text]
    page = min(max(1, as_int(ctx.data.get("spage", 1)) or 1), len(pages))
    if len(pages) > 1:  # a long section in pages: every message fits one edit
        head += "\n" + t("chat.view.section_page", page=page, pages=len(pages))
        ctx.data["spage"] = page
    text = f"{head}\n\n{pages[page - 1]}"
    if nxt is None and page == len(pages):
        text += "\n\n" + t("chat.view.last")
    asking = ctx.data.get("reason_for")
    if not (isinstance(asking, list) and asking[1:] == [sec.id]):  # after «Không nhất trí» the reason is asked
        text += "\n\n" + t("chat.view.section_hint")
    rows = _stance_rows(ctx, SECTION, paragraphs=bool(paras))
    rows += page_nav(ctx, Action.SECTION_PAGE, page, len(pages))
    rows += nav_row(ctx, sec, (prev, nxt))
    rows.append([ctx.button(t("chat.btn.toc"), Action.TOC)])
    rows += undo_row(ctx)  # last: «Nhất trí» stays where it was, a second tap there never undoes the first
    ctx.say(_with_ack(ctx, text), rows)


def _seen(ctx: Ctx, sec: Any) -> None:
    """How far the participant has read each draft (`data["seen"]`: document id → the highest section order shown),
    for the reminders before a window closes (scheduled/): changed only when it grows."""
    seen = ctx.data.get("seen")
    if not isinstance(seen, dict):
        seen = ctx.data["seen"] = {}
    key = str(sec.document_id)
    before = seen.get(key)
    if not isinstance(before, int) or sec.order > before:
        seen[key] = sec.order


def _stance_rows(ctx: Ctx, target: str, *, paragraphs: bool = True) -> list[list[Choice]]:
    """The kinds offered on `target` (Nhất trí / Không nhất trí, [Đề nghị sửa đổi, bổ sung], Ý kiến khác; an
    amendment needs paragraphs to cite): two a row."""
    buttons = [ctx.button(t(f"chat.btn.{k}"), Action.KIND, k) for k in offered(target, paragraphs=paragraphs)]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


@router.action(Action.SECTION_PAGE, leads_to=(Step.SECTION,))
def _section_page(ctx: Ctx, arg: str) -> None:
    ctx.show(Step.SECTION, spage=as_int(arg) or 1)


@router.action(Action.SECTION, leads_to=(Step.DOCS, Step.SECTION))
def _section(ctx: Ctx, arg: str) -> None:
    key = as_int(arg)
    sec = q.row(ctx.session, Section, key)
    doc = q.row(ctx.session, Document, sec.document_id) if sec is not None else None
    if sec is None or doc is None or not open_document(ctx, doc):
        ctx.show(Step.DOCS)
        return
    ctx.show(Step.SECTION, doc=sec.document_id, sec=sec.id, draft=None, spage=None, **{"from": None})


@router.prompt(Step.TOPIC, offers=(Action.TOC, Action.UNDO), leads_to=(Step.OUTLINE,))
def _topic_prompt(ctx: Ctx) -> None:
    """A guided topic is a question: answered in words (typed), not with «Nhất trí»."""
    topic = ctx.session.get(GuidedTopic, ctx.data.get("topic", 0))
    if topic is None:
        ctx.show(Step.OUTLINE)
        return
    text = t("chat.topic.header", n=topic.order, title=topic.title)
    if topic.text:
        text += "\n\n" + topic.text
    text += "\n\n" + t("chat.view.topic_hint")
    rows = [[ctx.button(t("chat.btn.toc"), Action.TOC)], *undo_row(ctx)]
    ctx.say(_with_ack(ctx, text), rows)


@router.action(Action.TOPIC, leads_to=(Step.DOCS, Step.TOPIC))
def _topic(ctx: Ctx, arg: str) -> None:
    key = as_int(arg)
    topic = ctx.session.get(GuidedTopic, key) if key is not None else None
    if topic is None or not open_document(ctx, topic.document):
        ctx.show(Step.DOCS)
        return
    ctx.show(Step.TOPIC, doc=topic.document_id, topic=topic.id, draft=None)
