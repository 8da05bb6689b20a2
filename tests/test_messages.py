"""What people read (issue 12): addressed as "ông/bà" or "đồng chí" (`{you}`), never "bạn"; no message speaks of a
"bot"; every chat message fits one phone screen."""

from __future__ import annotations

import re
import string

import pytest

from core.messages import MESSAGES, addressing, capitalised, form_of_address, t
from handlers import roles
from storage.models import Role

# One phone screen, as this test defines it: read aloud or scrolled once.
SCREEN_CHARS = 1000
SCREEN_LINES = 24

# Fields that carry draft content or what a person typed (a section's text, a comment, a quote, a digest): their
# messages are as long as that content, so they are not measured.
CONTENT = {"text", "summary", "quote", "reason", "new", "proposal", "sentences", "question"}

LONG_TITLE = (
    "Dự thảo Báo cáo chính trị của Ban Chấp hành Trung ương Đảng khóa XIII tại Đại hội đại biểu toàn quốc lần thứ "
    "XIV của Đảng"
)
LONG_TARGET = (
    "mục II.3. Phát triển kinh tế nhanh, bền vững dựa trên khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số"
)
UNIT = "Chi bộ khu phố Hải Sơn 2, Đảng bộ phường Móng Cái 2"
ADMIN_COMMANDS = ("tiendo", "baocao", "hoinghi", "vanban", "capquyen")


def plausible(field: str) -> object:
    """A plausible, long-ish value for a template field, by its name."""
    commands = "\n".join(t("chat.role.command", command=c, what=t(f"chat.cmd.{c}")) for c in ADMIN_COMMANDS)
    values: dict[str, object] = {
        "title": LONG_TITLE,
        "target": LONG_TARGET,
        "section": LONG_TARGET,
        "part": "Phần thứ hai. Nhiệm vụ, giải pháp",
        "path": "Phần thứ hai › II. Nhiệm vụ, giải pháp › 3. Phát triển kinh tế",
        "unit": UNIT,
        "name": UNIT,
        "sender": "Ủy ban Mặt trận Tổ quốc Việt Nam phường Móng Cái 2",
        "area": ", Khu phố Hải Sơn 2",
        "role": "cán bộ Văn phòng Đảng ủy",
        "kind": "Đề nghị sửa đổi, bổ sung",
        "label": "II.3.1",
        "code": "P1234",
        "codes": "XIV-BCCT, XIV-40NAM, XIV-KTXH, XIV-XDD, TINH-XVI, PHUONG-I",
        "command": "/ykiencuatoi",
        "commands": commands,
        "what": t("chat.cmd.ykiencuatoi"),
        "channel": "Telegram",
        "channels": "Telegram, Zalo",
        "other": "Telegram hoặc Zalo",
        "here": "Telegram",
        "there": "Zalo",
        "date": "25/07/2025",
        "opens": "03/07/2025",
        "closes": "25/07/2025",
        "prev_date": "20/07/2025",
        "expires": "31/12/2025",
        "time": "16:30",
        "prev_time": "08:15",
        "period": " (03/07/2025 – 25/07/2025)",
        "status": t("chat.mine.closed"),
        "note": t("chat.summary.quote_not_found", n=3),
        "page": t("chat.mine.page", page=2, pages=5),
        "link": "https://t.me/gopy_phuong_mong_cai_2_bot?start=AbCdEfGh12345678",
        "value": "31/02/2025",
        "action": "sửa",
        "saved": "#123, đã lưu",
        "locked": t("chat.rec.locked_mark"),
        "reference": ", Số 12-CV/MTTQ",
        "people": " · 25 người",
        "done": "; ông/bà đã góp 12 ý kiến",
        "limit": 20_000,
        "length": 8,
        "size": 123_456,
        "months": 12,
    }
    return values.get(field, 1234)


def fields_of(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def rendered(key: str, form: str) -> str:
    with addressing(form):
        return t(key, **{name: plausible(name) for name in fields_of(MESSAGES[key]) - {"you", "You"}})


MEASURED = sorted(k for k in MESSAGES if k.startswith("chat.") and not fields_of(MESSAGES[k]) & CONTENT)


def size(text: str) -> tuple[int, int]:
    return len(text), text.count("\n") + 1


def longest() -> tuple[str, int, int]:
    """The longest chat message measured, by characters: (key, characters, lines)."""
    key = max(MEASURED, key=lambda k: len(rendered(k, "đồng chí")))
    return (key, *size(rendered(key, "đồng chí")))


@pytest.mark.parametrize("form", ["ông/bà", "đồng chí"])
def test_every_chat_message_fits_one_phone_screen(form: str) -> None:
    assert len(MEASURED) > 300  # the whole chat catalog, bar the messages that quote content
    over = {
        key: size(text)
        for key in MEASURED
        if (text := rendered(key, form)) and (len(text) > SCREEN_CHARS or text.count("\n") + 1 > SCREEN_LINES)
    }
    assert not over, f"longer than one screen ({SCREEN_CHARS} characters, {SCREEN_LINES} lines): {over}"
    key, chars, lines = longest()
    assert chars <= SCREEN_CHARS and lines <= SCREEN_LINES, (key, chars, lines)


def test_nobody_is_called_ban() -> None:
    found = [k for k, v in MESSAGES.items() if re.search(r"\bbạn\b", v, re.IGNORECASE)]
    assert not found


# Printed for the operator on the command line (`gopy serve`, `gopy invite create`): these may speak of the bot.
OPERATOR = ("cli.", "schedule.cli.", "schedule.state.", "chat.serve.", "chat.invite.")
# Read by people in a chat or an e-mail (and in the spreadsheet templates).
READ = ("chat.", "schedule.remind.", "schedule.subject.", "progress.", "report.digest.", "report.chat.", "sheet.")


def test_no_message_a_person_reads_speaks_of_a_bot() -> None:
    read = [k for k in MESSAGES if k.startswith(READ) and not k.startswith(OPERATOR)]
    assert len(read) > 400
    found = {k: MESSAGES[k] for k in read if re.search(r"\bbot\b", MESSAGES[k], re.IGNORECASE)}
    assert not found


def test_the_form_fills_every_template_and_starts_a_sentence_capitalised() -> None:
    assert form_of_address() == "ông/bà"  # nobody known: as a resident
    assert t("chat.view.saved", kind="Ý kiến khác", target="mục I", text="x").startswith(
        "✓ Đã ghi nhận ý kiến của ông/bà (Ý kiến khác) về mục I:"
    )
    assert t("chat.mine.none") == "Ông/Bà chưa gửi ý kiến nào."
    with addressing("đồng chí"):
        assert "ý kiến của đồng chí (" in t("chat.view.saved", kind="Ý kiến khác", target="mục I", text="x")
        assert t("chat.mine.none") == "Đồng chí chưa gửi ý kiến nào."
        assert t("chat.view.compose.other", target="mục I") == "Mời đồng chí gõ ý kiến về mục I vào ô chat."
    assert capitalised("bác") == "Bác" and capitalised("anh/chị") == "Anh/Chị"


def test_a_form_found_at_rendering_follows_a_role_changed_meanwhile() -> None:
    role: list[Role | None] = [None]
    with addressing(lambda: roles.address_form(role[0])):
        assert t("chat.mine.none").startswith("Ông/Bà ")
        role[0] = Role.MEMBER  # chosen in the middle of an update: the next message already says "đồng chí"
        assert t("chat.mine.none").startswith("Đồng chí ")


def test_the_plans_forms_win_and_a_role_not_given_keeps_its_own() -> None:
    forms = {"resident": "bác", "official": "anh/chị"}
    assert roles.address_form(Role.RESIDENT, forms) == "bác"
    assert roles.address_form(None, forms) == "bác"  # no role chosen yet: addressed as a resident
    assert roles.address_form("official", forms) == "anh/chị"
    assert roles.address_form(Role.MEMBER, forms) == "đồng chí"
    assert roles.address_form(Role.MEMBER) == "đồng chí" and roles.address_form(Role.RESIDENT) == "ông/bà"
    assert roles.address_form("nonsense") == "ông/bà"
