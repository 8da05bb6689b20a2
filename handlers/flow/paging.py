"""The paging row shared by the outline and /ykiencuatoi: «Trang trước» / «Trang sau»."""

from __future__ import annotations

from core.messages import t
from handlers.context import Ctx
from handlers.states import Action
from handlers.types import Choice


def page_nav(ctx: Ctx, action: Action, page: int, pages: int) -> list[list[Choice]]:
    """One row with «Trang trước» and/or «Trang sau» (pressing `action` with the page wanted); none on one page."""
    nav: list[Choice] = []
    if page > 1:
        nav.append(ctx.button(t("chat.btn.prev_page"), action, page - 1))
    if page < pages:
        nav.append(ctx.button(t("chat.btn.next_page"), action, page + 1))
    return [nav] if nav else []
