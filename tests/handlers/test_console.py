"""The terminal chat as a process: numbered choices in, text out, clean exit at end of input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from core.messages import t
from storage.db import Database
from storage.models import Comment, Invite, Role
from tests.factories import sqlite_file_with_consultation

ROOT = Path(__file__).resolve().parents[2]
RUNNER = "from bot.cli import main; main()"


def run(args: list[str], url: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env.update(DATABASE_URL=url, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-c", RUNNER, *args], input=stdin, capture_output=True, text=True, env=env, cwd=cwd, timeout=60
    )


def setup_db(tmp_path: Path) -> str:
    return sqlite_file_with_consultation(tmp_path / "gopy.db")


def test_chat_walkthrough_by_numbers(tmp_path: Path) -> None:
    url = setup_db(tmp_path)
    # start, Đồng ý, Người dân, Bỏ qua, Không cần (reminders), the document, section II, Ý kiến khác, text (saved)
    lines = ["/start", "1", "1", "3", "2", "1", "3", "4", "Ý kiến trên màn hình."]
    # «Mục sau» (after «Sửa», «Rút lại», «Mục trước»), «Đề nghị sửa đổi, bổ sung», paragraph 2 (one sentence: the
    # quote), then 1: «Huỷ», the copy button is not numbered; again, and the new wording typed.
    lines += ["4", "3", "2", "1", "3", "2", "Phát triển kinh tế tuần hoàn."]
    out = run(["chat", "--user", "42"], url, tmp_path, "\n".join(lines) + "\n")
    assert out.returncode == 0, out.stderr
    assert "  1. Đồng ý\n  2. Không đồng ý" in out.stdout
    assert "Mục 3/6" in out.stdout and "Đã ghi nhận" in out.stdout
    saved = out.stdout.split("«Ý kiến trên màn hình.»", 1)[1]
    assert "  1. Sửa\n  2. Rút lại\n  3. Mục trước\n  4. Mục sau\n  5. Về mục lục" in saved
    assert "Mục 4/6" in saved
    assert "«(2) Phát triển kinh tế xanh, bền vững của mục 3.»" in saved  # the quote, shown: nothing to copy here
    assert "  1. Huỷ" in saved and f". {t('chat.btn.copy_sentence')}" not in saved
    assert t("chat.view.cancelled") in saved  # "1" was «Huỷ»
    db = Database(url)
    with db.unit() as s:
        other, amendment = s.scalars(select(Comment).order_by(Comment.id)).all()
        assert (other.channel, other.text) == ("console", "Ý kiến trên màn hình.")
        assert (amendment.kind.value, amendment.paragraph_no, amendment.proposed_text) == (
            "amend",
            2,
            "Phát triển kinh tế tuần hoàn.",
        )
        assert amendment.quoted_original == "(2) Phát triển kinh tế xanh, bền vững của mục 3."
    db.dispose()
    # Same user, same database: opened where they were (the amendment just saved), /tieptuc shows its section.
    again = run(["chat", "--user", "42"], url, tmp_path, "/tieptuc\n")
    assert again.returncode == 0, again.stderr
    resumed, section = again.stdout.split("Mục 4/6 · 1. Mục con của 2", 1)
    assert "Đã ghi nhận đề nghị" in resumed and "Đã ghi nhận" not in section
    assert "  1. Nhất trí" in section and "Mục sau" in section


def test_a_restarted_chat_resumes_at_the_same_step_with_live_choices(tmp_path: Path) -> None:
    url = setup_db(tmp_path)
    # The first session stops while the user reads section II (end of input, like closing the terminal).
    first = run(["chat", "--user", "43"], url, tmp_path, "\n".join(["/start", "1", "1", "3", "2", "1", "3"]) + "\n")
    assert first.returncode == 0 and "Mục 3/6" in first.stdout
    # The next session shows that section again at once, and its numbers work: 4 = "Ý kiến khác", then the text.
    second = run(["chat", "--user", "43"], url, tmp_path, "4\nSau khi mở lại.\n")
    assert second.returncode == 0, second.stderr
    assert second.stdout.index("Mục 3/6") < second.stdout.index("Đã ghi nhận")
    db = Database(url)
    with db.unit() as s:
        assert [c.text for c in s.scalars(select(Comment))] == ["Sau khi mở lại."]
    db.dispose()


def test_serve_without_channel_explains_and_opens_the_chat(tmp_path: Path) -> None:
    url = setup_db(tmp_path)
    out = run(["serve"], url, tmp_path, "/giupdo\n")
    assert out.returncode == 0, out.stderr
    help_head = t("chat.view.help").splitlines()[0]
    assert "TELEGRAM_TOKEN" in out.stdout and help_head in out.stdout
    # A first-time user is shown the privacy notice straight away, its choices numbered.
    assert out.stdout.index("có đồng ý không?") < out.stdout.index(help_head)
    assert "  1. Đồng ý" in out.stdout


def test_invite_create_prints_code_and_link(tmp_path: Path) -> None:
    url = setup_db(tmp_path)
    out = run(
        [
            "invite",
            "create",
            "--role",
            "secretary",
            "--unit",
            "CB01",
            "--uses",
            "3",
            "--expires",
            "2030-01-31",
            "--bot",
            "gopy_phuong_bot",
        ],
        url,
        tmp_path,
    )
    assert out.returncode == 0, out.stderr
    code = out.stdout.split("Mã mời: ")[1].split()[0]
    assert f"https://t.me/gopy_phuong_bot?start={code}" in out.stdout and "31/01/2030" in out.stdout
    db = Database(url)
    with db.unit() as s:
        inv = s.scalars(select(Invite)).one()
        assert (inv.code, inv.role, inv.uses_left) == (code, Role.SECRETARY, 3)
    db.dispose()
    bad = run(["invite", "create", "--role", "member", "--unit", "NOPE"], url, tmp_path)
    assert bad.returncode == 1 and "NOPE" in bad.stderr
