"""The walk-through as a user sees it: reply texts and button labels."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from handlers.engine import Engine
from handlers.types import Kind
from storage.db import Database
from storage.models import Comment, CommentWindow, DraftTable, Footnote, Invite, Participant, Role
from tests.factories import Built
from tests.handlers.helpers import SECTION_BUTTONS, User


async def open_section(user: User, label: str = "I. MỤC LỚN 1") -> None:
    await user.onboard()
    await user.press("Dự thảo Báo cáo chính trị")
    await user.press(label)


def all_comments(db: Database) -> list[Comment]:
    with db.unit() as s:
        return list(s.scalars(select(Comment).order_by(Comment.id)))


async def test_onboarding_privacy_role_area(engine: Engine, db: Database) -> None:
    user = User(engine)
    await user.send("/start")
    assert "Chúng tôi lưu" in user.text and "Ai được xem" in user.text and "Lưu bao lâu" in user.text
    assert list(user.buttons) == ["Đồng ý", "Không đồng ý"]
    await user.press("Đồng ý")
    assert list(user.buttons) == ["Người dân", "Đảng viên"]
    await user.press("Đảng viên")
    assert list(user.buttons) == ["Khu phố 1", "Khu phố 2", "Bỏ qua"]
    await user.press("Khu phố 2")
    assert "Cảm ơn bạn" in user.text and list(user.buttons) == ["Dự thảo Báo cáo chính trị"]
    with db.unit() as s:
        p = s.scalars(select(Participant)).one()
        assert p.role == Role.MEMBER and p.area_id is not None and p.display_name == "Nguyễn Văn A"


async def test_refusal_stores_only_the_refusal(engine: Engine, db: Database) -> None:
    user = User(engine)
    await user.send("/start")
    await user.press("Không đồng ý")
    assert "không lưu thông tin nào khác" in user.text
    await user.send("/gopy")
    assert "cần đồng ý" in user.text
    with db.unit() as s:
        p = s.scalars(select(Participant)).one()
        assert p.refused_at is not None and p.display_name is None and p.role is None and p.consent_at is None


async def test_invite_sets_role_and_unit(engine: Engine, db: Database, built: Built) -> None:
    with db.unit() as s:
        s.add(Invite(code="MOI123", role=Role.SECRETARY, unit_id=built.unit_ids["CB01"], uses_left=1))
    user = User(engine)
    await user.send("/start MOI123")
    await user.press("Đồng ý")
    assert "bí thư chi bộ, Chi bộ khu phố 1" in user.text
    assert "Bỏ qua" in user.buttons  # straight to the area: no role question
    other = User(engine, "u2")
    await other.send("/start MOI123")
    await other.press("Đồng ý")
    assert "không hợp lệ" in other.text and "Người dân" in other.buttons  # used up


async def test_outline_topics_and_paging(engine: Engine, db: Database, built: Built) -> None:
    engine.config.outline_page_size = 4
    user = User(engine)
    await user.onboard()
    await user.press("Dự thảo Báo cáo chính trị")
    assert "Gợi ý thảo luận" in user.text and "Mục lục (trang 1/2)" in user.text
    labels = list(user.buttons)
    assert labels[:2] == ["Gợi ý 1: Về mục tiêu tổng quát", "Gợi ý 2: Về các khâu đột phá"]
    assert labels[-3:] == ["Trang sau", "Góp ý chung cho toàn văn", "Đề xuất, kiến nghị"]
    await user.press("Trang sau")
    assert "trang 2/2" in user.text and "Trang trước" in user.buttons and "– 1. Mục con của 3" in user.buttons


async def test_section_shows_numbered_paragraphs_and_progress(engine: Engine) -> None:
    user = User(engine)
    await open_section(user, "– 1. Mục con của 2")
    assert user.text.startswith("Mục 4/6\n1. Mục con của 2")
    assert "[1] Đoạn thứ nhất của mục 3." in user.text
    assert "[2] (2) Phát triển kinh tế xanh" in user.text
    assert list(user.buttons) == SECTION_BUTTONS
    await user.press("Mục tiếp theo")
    assert user.text.startswith("Mục 5/6")


async def test_section_shows_its_footnotes_and_tables(engine: Engine, db: Database, built: Built) -> None:
    with db.unit() as s:
        sec = built.section_ids[3]  # "– 1. Mục con của 2"
        s.add(Footnote(section_id=sec, mark="12", text="Số liệu đến hết năm 2024."))
        s.add(
            DraftTable(section_id=sec, order=0, rows=[["STT", "Chỉ tiêu", "Kết quả"], ["1", "Thu ngân sách", "117%"]])
        )
    user = User(engine)
    await open_section(user, "– 1. Mục con của 2")
    assert "Chú thích:\n¹² Số liệu đến hết năm 2024." in user.text
    assert "Bảng 1:\nSTT | Chỉ tiêu | Kết quả\n1 | Thu ngân sách | 117%" in user.text


async def test_agree_without_text_then_next(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Nhất trí")
    assert list(user.buttons) == ["Gửi", "Huỷ"]
    await user.press("Gửi")
    assert "Loại ý kiến: Nhất trí" in user.text and "(không kèm nội dung)" in user.text
    assert list(user.buttons) == ["Xác nhận", "Sửa lại", "Huỷ"]
    await user.press("Xác nhận")
    assert user.text.startswith("Đã ghi nhận") and "Mục tiếp theo" in user.buttons
    [c] = all_comments(db)
    assert (c.kind.value, c.target_kind.value, c.text, c.channel, c.audience.value) == (
        "agree",
        "section",
        "",
        "test",
        "residents",
    )


async def test_disagree_requires_text_and_keeps_it_verbatim(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Không nhất trí")
    await user.send("   ")
    assert "cần có nội dung" in user.text
    typed = "Đề nghị xem lại chỉ tiêu hòa nhập"  # NFD input
    import unicodedata

    nfd = unicodedata.normalize("NFD", typed)
    await user.send(nfd)
    await user.press("Xác nhận")
    [c] = all_comments(db)
    assert c.text == nfd and c.text_norm == unicodedata.normalize("NFC", typed)


async def test_amendment_with_quote_check(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Đề nghị sửa đổi, bổ sung")
    assert list(user.buttons) == ["[1]", "[2]", "Huỷ"]
    await user.send("3")
    assert "từ 1 đến 2" in user.text
    await user.press("[2]")
    assert "[2] (2) Phát triển kinh tế xanh" in user.text
    await user.send("kinh tế nâu")
    assert "Không tìm thấy «kinh tế nâu»" in user.text and "Vẫn giữ như đã gõ" in user.buttons
    await user.send("KINH TẾ  XANH")  # case and spacing do not matter
    assert "nội dung đề nghị thay thế" in user.text
    await user.send("kinh tế xanh, kinh tế số")
    await user.send("Theo xu hướng chung.")
    # The wording is stored as printed in the draft, not as typed (M3).
    assert "Nguyên văn dự thảo: «kinh tế xanh»" in user.text and "thay bằng «kinh tế xanh, kinh tế số»" in user.text
    await user.press("Xác nhận")
    [c] = all_comments(db)
    assert (c.kind.value, c.target_kind.value, c.paragraph_no, c.page, c.line) == ("amend", "paragraph", 2, 1, 3)
    assert (c.quoted_original, c.proposed_text, c.reason) == (
        "kinh tế xanh",
        "kinh tế xanh, kinh tế số",
        "Theo xu hướng chung.",
    )


async def test_amendment_delete_and_quote_kept_anyway(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Đề nghị sửa đổi, bổ sung")
    await user.send("1")
    await user.send("không có trong đoạn")
    await user.press("Vẫn giữ như đã gõ")
    await user.send("Bỏ")
    await user.send("Trùng ý.")
    assert "bỏ phần nguyên văn trên" in user.text
    await user.press("Xác nhận")
    [c] = all_comments(db)
    assert (c.quoted_original, c.proposed_text) == ("không có trong đoạn", "")


async def test_general_and_proposal_and_topic(engine: Engine, db: Database) -> None:
    user = User(engine)
    await user.onboard()
    await user.press("Dự thảo Báo cáo chính trị")
    await user.press("Góp ý chung cho toàn văn")
    await user.send("Dự thảo công phu.")
    await user.press("Xác nhận")
    await user.press("Về mục lục")
    await user.press("Đề xuất, kiến nghị")
    await user.send("Nên lấy ý kiến thêm qua họp khu phố.")
    await user.press("Xác nhận")
    await user.press("Về mục lục")
    await user.press("Gợi ý 2: Về các khâu đột phá")
    assert "Gợi ý 2" in user.text
    await user.send("Cần thêm đột phá về hạ tầng số.")  # typed while reading: "Ý kiến khác"
    assert "Loại ý kiến: Ý kiến khác" in user.text
    await user.press("Xác nhận")
    kinds = [(c.kind.value, c.target_kind.value) for c in all_comments(db)]
    assert kinds == [("general", "document"), ("proposal", "document"), ("other", "topic")]


async def test_redo_and_cancel(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Ý kiến khác")
    await user.send("bản nháp")
    await user.press("Sửa lại")
    assert "Xin gõ ý kiến" in user.text
    await user.send("bản đúng")
    assert "Nội dung: bản đúng" in user.text
    await user.press("Huỷ")
    assert "chưa được ghi" in user.text
    await user.send("/tieptuc")  # back on the section, with its buttons
    await user.press("Ý kiến khác")
    await user.send("/huy")
    assert "Đã huỷ" in user.text
    await user.send("/huy")
    assert "Không có thao tác nào đang dở" in user.text
    assert all_comments(db) == []


async def test_stale_button_is_answered_politely(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    old = user.buttons["Nhất trí"]
    await user.press("Ý kiến khác")
    await user.press_payload(old)
    assert "tin nhắn trước" in user.text
    await user.send("vẫn tiếp tục được")
    assert "Loại ý kiến: Ý kiến khác" in user.text
    confirm = user.buttons["Xác nhận"]
    await user.press("Xác nhận")
    await user.press_payload(confirm)  # a double tap
    assert "tin nhắn trước" in user.text
    assert len(all_comments(db)) == 1


async def test_closed_window(db: Database, built: Built, engine: Engine) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Ý kiến khác")
    await user.send("gửi muộn")
    with db.unit() as s:
        s.execute(update(CommentWindow).values(closes_at=datetime.now(UTC) - timedelta(hours=1)))
    await user.press("Xác nhận")
    assert "không trong thời hạn góp ý" in user.text and "chưa được ghi" in user.text
    assert "(góp ý từ" in user.text  # the list now shows the document as closed, with its dates
    assert "Dự thảo Báo cáo chính trị" not in user.buttons
    assert all_comments(db) == []


async def test_my_comments_edit_and_withdraw(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Ý kiến khác")
    await user.send("ý kiến đầu")
    await user.press("Xác nhận")
    await user.send("/ykiencuatoi")
    assert "Ý kiến của bạn (1)" in user.text and "ý kiến đầu" in user.text
    assert list(user.buttons) == ["Sửa #1", "Rút #1"]
    await user.press("Sửa #1")
    await user.send("ý kiến đã sửa")
    await user.press("Xác nhận")
    assert "Đã ghi nhận" in user.text and "ý kiến đã sửa" in user.text and "(đã sửa)" in user.text
    await user.press("Rút #1")
    assert "muốn rút" in user.text
    await user.press("Xác nhận")
    assert "Đã rút ý kiến" in user.text and "chưa gửi ý kiến nào" in user.text
    [c] = all_comments(db)
    assert c.text == "ý kiến đã sửa" and c.edited_at is not None and c.withdrawn_at is not None


async def test_resume_help_and_unknown_command(engine: Engine) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Không nhất trí")
    await user.send("/tieptuc")
    assert "Bạn không nhất trí với" in user.text
    await user.send("/giupdo")
    assert "/ykiencuatoi" in user.text and "Xác nhận" in user.text
    await user.send("/xyz")
    assert "không hiểu lệnh «/xyz»" in user.text


@pytest.mark.parametrize("kind", [Kind.FILE, Kind.UNSUPPORTED])
async def test_files_and_stickers_get_a_polite_reply(engine: Engine, kind: Kind) -> None:
    user = User(engine)
    await open_section(user)
    await user.send_kind(kind)
    assert "chỉ đọc được tin nhắn chữ" in user.text
    await user.press("Nhất trí")  # the step is unchanged
    assert "Bạn nhất trí" in user.text


async def test_too_long_text(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Ý kiến khác")
    await user.send("a" * 4001)
    assert "4001 ký tự" in user.text and "4000" in user.text
    await user.send("ngắn thôi")
    assert "Nội dung: ngắn thôi" in user.text


async def test_text_where_a_button_is_expected(engine: Engine) -> None:
    user = User(engine)
    await user.onboard()
    await user.send("xin chào")
    assert "chưa được ghi thành ý kiến" in user.text and "Dự thảo Báo cáo chính trị" in user.buttons


async def test_flooding_is_rate_limited(db: Database, built: Built) -> None:
    from handlers.context import EngineConfig

    engine = Engine(db, EngineConfig(rate_limit_per_minute=5))
    user = User(engine)
    for _ in range(5):
        await user.send("/giupdo")
    assert "Hướng dẫn" in user.text
    await user.send("/giupdo")
    assert "hơi nhanh" in user.text
    assert await user.send("/giupdo") == []  # warned once per minute, then quiet
    other = User(engine, "u2")
    await other.send("/giupdo")
    assert "Hướng dẫn" in other.text


async def test_report_for_officials_only(engine: Engine, db: Database) -> None:
    from aggregation.api import ChatReport

    calls: list[str | None] = []

    def fake_report(_db: Database, code: str | None) -> ChatReport:
        calls.append(code)
        return ChatReport(["Tổng hợp: 3 ý kiến."], [("bao-cao.docx", b"PK..")])

    engine._report_builder = fake_report
    user = User(engine)
    await user.onboard()
    await user.send("/baocao")
    assert "chỉ dành cho cán bộ" in user.text and calls == []
    with db.unit() as s:
        s.execute(update(Participant).values(role=Role.OFFICIAL))
    replies = await user.send("/baocao DH-TEST")
    assert [r.text for r in replies] == ["Tổng hợp: 3 ý kiến.", ""] and replies[1].files[0][0] == "bao-cao.docx"
    await user.send("/baocao KHONG-CO")
    assert "Không có dự thảo mã «KHONG-CO»" in user.text
    assert calls == ["DH-TEST"]


async def test_a_report_being_built_does_not_block_other_users(engine: Engine, db: Database) -> None:
    import asyncio
    import threading

    from aggregation.api import ChatReport

    release = threading.Event()

    def slow_report(_db: Database, _code: str | None) -> ChatReport:
        assert release.wait(10), "the other user was never answered while the report was being built"
        return ChatReport(["Tổng hợp xong."])

    engine._report_builder = slow_report
    official, resident = User(engine, "official"), User(engine, "resident")
    await official.onboard()
    await resident.onboard()
    with db.unit() as s:
        s.execute(update(Participant).where(Participant.channel_user_id == "official").values(role=Role.OFFICIAL))
    report = asyncio.create_task(official.send("/baocao"))
    await asyncio.sleep(0.05)
    await resident.send("/giupdo")  # answered while the report is still being built
    assert "Hướng dẫn" in resident.text and not report.done()
    release.set()
    assert [r.text for r in await report] == ["Tổng hợp xong."]
