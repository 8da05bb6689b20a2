"""Reading: the open documents, a document's guided topics and paged outline, a section with numbered paragraphs."""

from __future__ import annotations

from core.clock import local_date
from core.kinds import DOCUMENT, SECTION, TOPIC, CommentKind, offered
from core.messages import t
from core.text import as_int, has_words
from handlers.context import Ctx
from handlers.draft import CommentDraft
from handlers.flow.paging import page_nav
from handlers.flow.router import Router
from handlers.states import Action, Step
from handlers.types import Choice
from storage import queries as q
from storage.models import Document, GuidedTopic, Paragraph, Section

router = Router(__name__)

BUTTON_WIDTH = 60


def _short(text: str) -> str:
    return text if len(text) <= BUTTON_WIDTH else text[: BUTTON_WIDTH - 1].rstrip() + "…"


@router.prompt(Step.DOCS, offers=(Action.DOCUMENT,))
def _docs_prompt(ctx: Ctx) -> None:
    rows: list[list[Choice]] = []
    closed: list[str] = []
    for doc, win in q.documents_for(ctx.session, ctx.participant.audience):
        if q.is_open(win, ctx.now):
            rows.append([ctx.button(_short(doc.title), Action.DOCUMENT, doc.id)])
        else:
            closed.append(
                t(
                    "chat.docs.closed_item",
                    title=doc.title,
                    opens=local_date(win.opens_at),
                    closes=local_date(win.closes_at),
                )
            )
    text = t("chat.docs.header") if rows else t("chat.docs.none_open")
    if closed:
        text += "\n\n" + t("chat.docs.closed_header") + "\n" + "\n".join(closed)
    ctx.say(text, rows)


def open_document(ctx: Ctx, doc: Document) -> bool:
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


@router.action(Action.DOCUMENT, leads_to=(Step.DOCS, Step.OUTLINE))
def _doc(ctx: Ctx, arg: str) -> None:
    key = as_int(arg)
    doc = ctx.session.get(Document, key) if key is not None else None
    if doc is None or not open_document(ctx, doc):
        ctx.show(Step.DOCS)
        return
    ctx.show(Step.OUTLINE, doc=doc.id, page=1, loose=None)


@router.action(Action.DOCUMENTS, leads_to=(Step.DOCS,))
def _docs(ctx: Ctx, _arg: str) -> None:
    ctx.show(Step.DOCS)


@router.prompt(
    Step.OUTLINE,
    offers=(Action.TOPIC, Action.SECTION, Action.PAGE, Action.KIND, Action.LOOSE_AS_GENERAL, Action.TOC),
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
    text = doc.title + "\n\n"
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
        rows.append([ctx.button(_short(_indent(depth - top) + f"{label}. {title}"), Action.SECTION, sid)])
    rows.extend(page_nav(ctx, Action.PAGE, page, pages))
    rows += [[ctx.button(t(f"chat.btn.{kind}"), Action.KIND, kind)] for kind in offered(DOCUMENT)]
    ctx.data["page"] = page
    ctx.say(text, rows)


@router.on_text(Step.DOCS)
def _typed_on_docs(ctx: Ctx, _text: str) -> None:
    """Text typed on the list of drafts is not a comment: said so, and how to comment."""
    ctx.say_key("chat.docs.typed")
    ctx.reshow()


@router.on_text(Step.OUTLINE)
def _typed_on_outline(ctx: Ctx, text: str) -> None:
    """Text typed on the outline is not recorded as it is: offered as a general comment on the whole draft."""
    if not has_words(text):
        ctx.ask_to_choose()
        ctx.reshow()
        return
    ctx.data["loose"] = text
    _offer_loose(ctx)


def _offer_loose(ctx: Ctx) -> None:
    """The text typed on the outline: record it as a general comment, or back to the outline (dropping it)."""
    ctx.say(
        t("chat.doc.typed"),
        [
            [ctx.button(t("chat.btn.typed_general"), Action.LOOSE_AS_GENERAL)],
            [ctx.button(t("chat.btn.toc"), Action.TOC)],
        ],
    )


@router.action(Action.LOOSE_AS_GENERAL, leads_to=(Step.OUTLINE, Step.DOCS, Step.CONFIRM))
def _loose_as_general(ctx: Ctx, _arg: str) -> None:
    """The text typed on the outline, as «Góp ý chung cho toàn văn», to the confirmation."""
    text = ctx.data.pop("loose", None)
    doc = ctx.session.get(Document, ctx.data.get("doc", 0))
    if ctx.step != Step.OUTLINE or not isinstance(text, str) or doc is None:
        ctx.show(Step.OUTLINE, loose=None)
        return
    if not open_document(ctx, doc):
        ctx.show(Step.DOCS)
        return
    ctx.show(Step.CONFIRM, draft=CommentDraft(CommentKind.GENERAL, doc.id, "document", text=text))


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
    ctx.show(Step.OUTLINE, draft=None, loose=None)


def render_paragraph(p: Paragraph) -> str:
    body = p.text
    if p.label and not body.startswith(p.label):  # "(n)" items keep their own labels
        body = f"{p.label} {body}"
    return f"[{p.number}] {body}"


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
MAX_TABLE_ROWS = 40  # a phone screen; the whole table stays in the printed draft


def render_notes(sec: Section) -> str:
    """The section's footnotes (marked as in the body text) and its tables, one row a line."""
    out = ""
    if sec.footnotes:
        notes = "\n".join(f"{f.mark.translate(_SUPERSCRIPT)} {f.text}" for f in sec.footnotes)
        out += f"\n\n{t('chat.section.footnotes')}\n{notes}"
    for n, table in enumerate(sec.tables, start=1):
        rows = [" | ".join(str(cell) for cell in row if str(cell).strip()) for row in table.rows]
        shown = [r for r in rows if r][:MAX_TABLE_ROWS]
        out += f"\n\n{t('chat.section.table', n=n)}\n" + "\n".join(shown)
        if len(rows) > len(shown):
            out += "\n" + t("chat.section.table_more", rows=len(rows) - len(shown))
    return out


@router.prompt(Step.SECTION, offers=(Action.KIND, Action.NEXT_SECTION, Action.TOC), leads_to=(Step.OUTLINE,))
def _section_prompt(ctx: Ctx) -> None:
    sec = ctx.session.get(Section, ctx.data.get("sec", 0))
    if sec is None:
        ctx.show(Step.OUTLINE)
        return
    _seen(ctx, sec)
    n, total = q.position(ctx.session, sec)
    paras = q.paragraphs(ctx.session, sec.id)
    body = "\n\n".join(render_paragraph(p) for p in paras) if paras else t("chat.section.empty")
    body += render_notes(sec)
    text = f"{t('chat.section.progress', n=n, total=total)}\n{sec.label}. {sec.title}\n\n{body}"
    ctx.say(
        text,
        [
            *_stance_rows(ctx, SECTION, paragraphs=bool(paras)),
            [
                ctx.button(t("chat.btn.skip"), Action.NEXT_SECTION, ""),
                ctx.button(t("chat.btn.next_section"), Action.NEXT_SECTION, ""),
            ],
            [ctx.button(t("chat.btn.toc"), Action.TOC)],
        ],
    )


def _seen(ctx: Ctx, sec: Section) -> None:
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
    amendment needs paragraphs to cite): the first two side by side, the others a row each."""
    buttons = [ctx.button(t(f"chat.btn.{k}"), Action.KIND, k) for k in offered(target, paragraphs=paragraphs)]
    return [buttons[:2], *([b] for b in buttons[2:])] if buttons else []


@router.action(Action.SECTION, leads_to=(Step.DOCS, Step.SECTION))
def _section(ctx: Ctx, arg: str) -> None:
    key = as_int(arg)
    sec = ctx.session.get(Section, key) if key is not None else None
    if sec is None or not open_document(ctx, sec.document):
        ctx.show(Step.DOCS)
        return
    ctx.show(Step.SECTION, doc=sec.document_id, sec=sec.id, draft=None)


@router.action(Action.NEXT_SECTION, leads_to=(Step.OUTLINE, Step.SECTION))
def _next(ctx: Ctx, _arg: str) -> None:
    sec = ctx.session.get(Section, ctx.data.get("sec", 0))
    nxt = q.next_section(ctx.session, sec) if sec is not None else None
    if nxt is None:
        ctx.say_key("chat.section.last")
        ctx.show(Step.OUTLINE, draft=None)
        return
    ctx.show(Step.SECTION, sec=nxt.id, draft=None)


@router.prompt(Step.TOPIC, offers=(Action.KIND, Action.TOC), leads_to=(Step.OUTLINE,))
def _topic_prompt(ctx: Ctx) -> None:
    topic = ctx.session.get(GuidedTopic, ctx.data.get("topic", 0))
    if topic is None:
        ctx.show(Step.OUTLINE)
        return
    text = t("chat.topic.header", n=topic.order, title=topic.title)
    if topic.text:
        text += "\n\n" + topic.text
    ctx.say(text, [*_stance_rows(ctx, TOPIC), [ctx.button(t("chat.btn.toc"), Action.TOC)]])


@router.action(Action.TOPIC, leads_to=(Step.DOCS, Step.TOPIC))
def _topic(ctx: Ctx, arg: str) -> None:
    key = as_int(arg)
    topic = ctx.session.get(GuidedTopic, key) if key is not None else None
    if topic is None or not open_document(ctx, topic.document):
        ctx.show(Step.DOCS)
        return
    ctx.show(Step.TOPIC, doc=topic.document_id, topic=topic.id, draft=None)
