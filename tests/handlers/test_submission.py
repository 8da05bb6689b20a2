"""/nopbaocao: a cell secretary submits the cell's summary to the ward office, after a confirmation; the summary
reaches the office's chat, its e-mail and every official through the outbox, once, and a failing platform loses
nothing."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from sqlalchemy import select, update

from aggregation.api import ChatReport
from core.address import Address
from core.messages import t
from handlers import delivery
from handlers.context import EngineConfig
from handlers.engine import Engine
from handlers.ports import SendError
from handlers.types import Reply
from storage.db import Database
from storage.models import Outbox, Participant, Recipient, Role, Submission, Unit
from tests.factories import Built, build_consultation
from tests.handlers.helpers import User

CONFIG = EngineConfig(rate_limit_per_minute=1000, strict_flow=True)
FILES = [("bao-cao-CB01.docx", b"PK-docx"), ("bao-cao-CB01.xlsx", b"PK-xlsx")]


class Builder:
    """The injected unit summary: counts its calls."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, _db: Database, unit_code: str) -> ChatReport:
        self.calls.append(unit_code)
        return ChatReport([f"Tổng hợp ý kiến của đơn vị {unit_code}."], list(FILES))


class Platform:
    """A channel's sending side; `down` refuses everything as a 5xx would."""

    def __init__(self) -> None:
        self.down = False
        self.sent: list[tuple[str, Reply]] = []

    async def send(self, address: Address, replies: Sequence[Reply]) -> None:
        if self.down:
            raise SendError("NetworkError", transient=True)
        self.sent += [(address.chat_id, r) for r in replies]

    def to(self, chat_id: str) -> list[Reply]:
        return [r for c, r in self.sent if c == chat_id]


def set_role(db: Database, user_id: str, role: Role, unit: str | None = None) -> None:
    with db.unit() as s:
        unit_id = s.scalar(select(Unit.id).where(Unit.code == unit)) if unit else None
        s.execute(update(Participant).where(Participant.channel_user_id == user_id).values(role=role, unit_id=unit_id))


def submissions(db: Database) -> list[Submission]:
    with db.unit() as s:
        return list(s.scalars(select(Submission).order_by(Submission.id)))


def outbox_rows(db: Database) -> list[Outbox]:
    with db.unit() as s:
        return list(s.scalars(select(Outbox).order_by(Outbox.id)))


async def secretary(engine: Engine, db: Database, user_id: str = "sec", channel: str = "test") -> User:
    user = User(engine, user_id, channel)
    await user.onboard(role="Đảng viên")
    set_role(db, user_id, Role.SECRETARY, "CB01")
    return user


async def test_refused_for_a_resident_and_for_a_secretary_without_a_unit(engine: Engine, db: Database) -> None:
    builder = Builder()
    engine = Engine(db, CONFIG, unit_report_builder=builder)
    user = User(engine)
    await user.onboard()
    await user.send("/nopbaocao")
    assert "chỉ dành cho bí thư chi bộ" in user.text and not user.last[0].choices
    await user.send("/giupdo")
    assert t("chat.cmd.nopbaocao") not in user.buttons  # a resident never sees it
    set_role(db, "u1", Role.SECRETARY)  # no unit
    await user.send("/nopbaocao")
    assert "chưa gắn với chi bộ nào" in user.text and not user.last[0].choices
    await user.send("/giupdo")
    assert t("chat.cmd.nopbaocao") in user.buttons
    await user.press(t("chat.cmd.nopbaocao"))  # run from help: the same refusal
    assert "chưa gắn với chi bộ nào" in user.text and not user.last[0].choices
    assert submissions(db) == [] and builder.calls == []
    engine.close()


async def test_not_now_submits_nothing(engine: Engine, db: Database) -> None:
    builder = Builder()
    engine = Engine(db, CONFIG, unit_report_builder=builder)
    sec = await secretary(engine, db)
    await sec.send("/nopbaocao")
    assert "Gửi báo cáo tổng hợp của Chi bộ khu phố 1 đến Văn phòng Đảng ủy?" in sec.text
    assert list(sec.buttons) == ["Gửi báo cáo", "Chưa gửi"]
    await sec.press("Chưa gửi")
    assert "Chưa gửi báo cáo" in sec.text and "Dự thảo Báo cáo chính trị" in sec.buttons
    assert submissions(db) == [] and builder.calls == []
    engine.close()


async def test_confirmed_once_recorded_once_even_when_the_update_comes_twice(any_db: Database) -> None:
    with any_db.unit() as s:
        build_consultation(s)
    builder = Builder()
    engine = Engine(any_db, CONFIG, unit_report_builder=builder)
    try:
        sec = await secretary(engine, any_db)
        await sec.send("/gopy")  # one comment of the cell's, counted by the submission
        await sec.press("Dự thảo Báo cáo chính trị")
        await sec.press("I. MỤC LỚN 1")
        await sec.press("Ý kiến khác")
        await sec.send("Cần bổ sung chỉ tiêu về chuyển đổi số.")  # saved as typed
        await sec.send("/nopbaocao")
        gui = sec.buttons["Gửi báo cáo"]
        replies = await sec.press_payload(gui, update_id="9000")
        texts = [r.text for r in replies]
        assert texts[0].startswith("Đang tổng hợp báo cáo của Chi bộ khu phố 1, xin ")
        assert texts[0].endswith(" chờ trong giây lát…")
        assert texts[1].startswith("Báo cáo tổng hợp ý kiến góp ý dự thảo văn kiện của Chi bộ khu phố 1\n")
        assert "Tổng hợp ý kiến của đơn vị CB01." in texts[1] and replies[1].files == FILES
        assert "Đã nộp báo cáo tổng hợp ý kiến của Chi bộ khu phố 1 (1 ý kiến)" in texts[2]
        assert "tin nhắc nộp báo cáo" in texts[2]

        await sec.press_payload(gui, update_id="9000")  # the same update, delivered again
        assert not any("Đã nộp" in r.text for r in sec.last)
        await sec.press_payload(gui)  # a second tap on the same button: an old button now
        assert "tin nhắn trước" in sec.text
        assert [(s.comments, s.participant_id is not None) for s in submissions(any_db)] == [(1, True)]
        assert builder.calls == ["CB01"]

        await sec.send("/nopbaocao")  # later: a correction, allowed and said so
        assert "Đơn vị đã nộp báo cáo lúc" in sec.text and "lần nộp thứ 2" in sec.text
        await sec.press("Gửi báo cáo")
        assert "Đã nộp bản bổ sung, sửa đổi (lần nộp thứ 2)" in sec.text
        assert "(bản bổ sung, sửa đổi lần 2)" in sec.last[1].text
        assert len(submissions(any_db)) == 2 and builder.calls == ["CB01", "CB01"]
    finally:
        engine.close()


def _office(db: Database, built_consultation: int) -> None:
    """The ward office (a group chat and an e-mail), and a recipient that is not the office."""
    with db.unit() as s:
        s.add_all(
            [
                Recipient(
                    consultation_id=built_consultation,
                    code="VPDU",
                    name="Văn phòng Đảng ủy phường",
                    office=True,
                    channel="telegram",
                    chat_id="-1001",
                    email="vanphong@example.vn",
                ),
                Recipient(
                    consultation_id=built_consultation,
                    code="BTG",
                    name="Ban Tuyên giáo và Dân vận Tỉnh ủy",
                    channel="telegram",
                    chat_id="-1002",
                ),
            ]
        )


async def test_the_office_and_the_officials_receive_the_summary_with_its_files(db: Database, built: Built) -> None:
    _office(db, built.consultation_id)
    platform = Platform()
    engine = Engine(db, CONFIG, unit_report_builder=Builder())
    engine.register("telegram", platform)
    try:
        official = User(engine, "9001", "telegram")
        await official.onboard()
        set_role(db, "9001", Role.OFFICIAL)
        sec = await secretary(engine, db, "sec", "telegram")
        await sec.send("/nopbaocao")
        platform.sent.clear()
        await sec.press("Gửi báo cáo")
    finally:
        engine.close()
    for chat in ("-1001", "9001"):  # the office's group, the official's private chat: the summary and its files
        [summary] = platform.to(chat)
        assert summary.text.startswith("Báo cáo tổng hợp ý kiến góp ý dự thảo văn kiện của Chi bộ khu phố 1")
        assert summary.files == FILES
    assert platform.to("-1002") == []  # not the office
    mine = platform.to("sec")  # the secretary: "being built", the same summary, "submitted"
    assert [r.files == FILES for r in mine] == [False, True, False] and "Đã nộp" in mine[-1].text
    [email] = outbox_rows(db)  # no e-mail channel in this process: it waits in the outbox, with its files
    assert (email.channel, email.chat_id) == ("email", "vanphong@example.vn")
    assert Reply.from_json(email.replies[0]).files == FILES


async def test_a_failing_platform_keeps_the_summary_in_the_outbox_until_it_is_sent(
    any_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(delivery, "BACKOFF", (0,))  # retried at the next sweep
    with any_db.unit() as s:
        built = build_consultation(s)
    _office(any_db, built.consultation_id)
    platform = Platform()
    engine = Engine(any_db, CONFIG, unit_report_builder=Builder())
    engine.register("telegram", platform)
    try:
        official = User(engine, "9001", "telegram")
        await official.onboard()
        set_role(any_db, "9001", Role.OFFICIAL)
        sec = await secretary(engine, any_db, "sec", "telegram")
        await sec.send("/nopbaocao")
        platform.sent.clear()
        platform.down = True
        await sec.press("Gửi báo cáo")
        assert len(submissions(any_db)) == 1  # recorded, and what it sends is kept
        waiting = {(r.channel, r.chat_id) for r in outbox_rows(any_db)}
        assert {
            ("telegram", "-1001"),
            ("telegram", "9001"),
            ("telegram", "sec"),
            ("email", "vanphong@example.vn"),
        } <= waiting
        assert platform.sent == []

        platform.down = False
        await engine.delivery.sweep()
        await engine.delivery.sweep()  # the delivered rows are deleted
    finally:
        await engine.stop()
        engine.close()
    for chat in ("-1001", "9001"):
        [summary] = platform.to(chat)  # once
        assert summary.files == FILES
    assert "Đã nộp" in platform.to("sec")[-1].text
    assert [(r.channel, r.chat_id) for r in outbox_rows(any_db)] == [("email", "vanphong@example.vn")]
    assert len(submissions(any_db)) == 1


async def test_a_summary_that_cannot_be_built_is_not_recorded(engine: Engine, db: Database) -> None:
    def broken(_db: Database, _code: str) -> ChatReport:
        raise RuntimeError("no LibreOffice")

    engine = Engine(db, CONFIG, unit_report_builder=broken)
    sec = await secretary(engine, db)
    await sec.send("/nopbaocao")
    await sec.press("Gửi báo cáo")
    assert "chưa lập được báo cáo của Chi bộ khu phố 1" in sec.text and submissions(db) == []
    engine.close()
