"""A chat reopened (the terminal chat's restart, `Kind.RESUME`) or /tieptuc shows the step the participant is in,
with what they typed still waiting for its answer; «Huỷ» under «Sửa lại» drops only the change."""

from __future__ import annotations

from handlers.engine import Engine
from handlers.types import Incoming, Kind
from storage.db import Database
from storage.models import Invite, Role
from tests.factories import Built
from tests.handlers.helpers import User, amend, comments, open_section


async def _resume(user: User) -> None:
    user.last = await user.engine.handle(Incoming(user.channel, user.user_id, Kind.RESUME))
    user.buttons = {c.label: c.payload for r in user.last for row in r.choices for c in row}


async def test_reopening_at_keep_writing_or_drop_asks_again(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await amend(user, "2", "kinh tế xanh")
    await user.send("/gopy")
    assert "Bạn đang viết dở" in user.text
    await _resume(user)  # the same question, the same choices: not an answer to it
    assert "Bạn đang viết dở" in user.text and list(user.buttons)[:1] == ["Viết tiếp ý kiến này"]
    await user.press("Viết tiếp ý kiến này")
    assert "nội dung đề nghị thay thế" in user.text


async def test_words_not_found_still_wait_for_keep_or_retype_after_a_restart(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await amend(user, "2", "giá cả leo thang")
    assert "Không tìm thấy «giá cả leo thang»" in user.text
    await _resume(user)
    assert "Không tìm thấy «giá cả leo thang»" in user.text and "Vẫn giữ như đã gõ" in user.buttons
    await user.send("/tieptuc")
    assert "Vẫn giữ như đã gõ" in user.buttons
    await user.send("Vẫn giữ như đã gõ")  # the label typed: pressed, not taken as the words
    await user.send("giá cả ổn định")
    await user.send("Cho đúng thực tế.")
    await user.press("Xác nhận")
    [c] = comments(db)
    assert (c.quoted_original, c.quote_found) == ("giá cả leo thang", False)


async def test_text_typed_on_the_outline_is_offered_again_after_a_restart(engine: Engine, db: Database) -> None:
    user = User(engine)
    await user.onboard()
    await user.press("Dự thảo Báo cáo chính trị")
    await user.send("Dự thảo cần thêm phần về chuyển đổi số")
    await _resume(user)
    assert "Tin nhắn vừa gõ chưa được ghi" in user.text
    await user.press("Ghi thành góp ý chung cho toàn văn")
    assert "Dự thảo cần thêm phần về chuyển đổi số" in user.text
    await user.press("Xác nhận")
    assert [c.text for c in comments(db)] == ["Dự thảo cần thêm phần về chuyển đổi số"]
    await user.press("Về mục lục")
    await user.send("một dòng khác")
    await user.press("Về mục lục")  # declined: the outline, and the typed line is not offered again
    await _resume(user)
    assert "Tin nhắn vừa gõ" not in user.text


async def test_cancel_under_redo_keeps_the_comment(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Không nhất trí")
    await user.send("Chỉ tiêu chưa sát thực tế.")
    await user.press("Sửa lại")
    await user.press("Huỷ")
    assert "Không sửa nữa" in user.text and "Chỉ tiêu chưa sát thực tế." in user.text
    await user.press("Xác nhận")
    assert [c.text for c in comments(db)] == ["Chỉ tiêu chưa sát thực tế."]


async def test_cancel_while_redoing_one_part_of_an_amendment_keeps_the_rest(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await amend(user, "2", "kinh tế xanh")
    await user.send("kinh tế xanh, kinh tế số")
    await user.send("Theo xu hướng chung.")
    await user.press("Sửa lại")
    await user.press("Sửa nội dung đề nghị")
    await user.press("Huỷ")
    assert "Không sửa nữa" in user.text and "kinh tế xanh, kinh tế số" in user.text
    await user.press("Xác nhận")
    assert [c.proposed_text for c in comments(db)] == ["kinh tế xanh, kinh tế số"]


async def test_cancel_an_unchanged_edit_goes_back_to_the_list(engine: Engine, db: Database) -> None:
    user = User(engine)
    await open_section(user)
    await user.press("Không nhất trí")
    await user.send("Ý kiến đã gửi.")
    await user.press("Xác nhận")
    await user.send("/ykiencuatoi")
    await user.press("Sửa #1")
    await user.press("Huỷ")
    assert "vẫn được giữ nguyên" in user.text and "Ý kiến của bạn (1)" in user.text
    assert [c.text for c in comments(db)] == ["Ý kiến đã gửi."]


async def test_an_invite_code_in_any_case(engine: Engine, db: Database, built: Built) -> None:
    with db.unit() as s:
        s.add(Invite(code="ABCD2345", role=Role.OFFICIAL, uses_left=1))
    user = User(engine)
    await user.send("/start abcd2345")
    await user.press("Đồng ý")
    assert "Mã mời hợp lệ: bạn tham gia với vai trò cán bộ Văn phòng Đảng ủy" in user.text
