"""`gopy invite create --role board --recipient CODE`: a board invite names one of the plan's report recipients."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from storage.db import Database
from storage.migrate import upgrade
from storage.models import Invite, Recipient
from tests.cli.conftest import Run
from tests.factories import build_consultation


def _plan(tmp_path: Path, *codes: str) -> Database:
    """The `gopy` fixture's database, with a consultation and these recipients."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    upgrade(url)
    db = Database(url)
    with db.unit() as s:
        built = build_consultation(s)
        s.add_all(Recipient(consultation_id=built.consultation_id, code=c, name=f"Nơi nhận {c}") for c in codes)
    return db


def _one_line_error(result: object, *needles: str) -> None:
    assert result.returncode == 1  # type: ignore[attr-defined]
    err = result.stderr.strip()  # type: ignore[attr-defined]
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    for needle in needles:
        assert needle in err, err


def test_a_board_invite_names_its_recipient(gopy: Run, tmp_path: Path) -> None:
    db = _plan(tmp_path, "BTGDV", "VPDU")
    try:
        _one_line_error(gopy("invite", "create", "--role", "board", "--bot", "gopy_bot"), "--recipient", "BTGDV, VPDU")
        _one_line_error(
            gopy("invite", "create", "--role", "board", "--recipient", "KHONGCO", "--bot", "gopy_bot"),
            "Không tìm thấy nơi nhận báo cáo mã «KHONGCO»",
            "BTGDV, VPDU",
        )
        _one_line_error(
            gopy("invite", "create", "--role", "official", "--recipient", "BTGDV", "--bot", "gopy_bot"), "--recipient"
        )
        made = gopy("invite", "create", "--role", "board", "--recipient", "BTGDV", "--bot", "gopy_bot")
        assert made.returncode == 0, made.stderr
        assert "Nơi nhận báo cáo: Nơi nhận BTGDV (BTGDV)" in made.stdout
        assert "https://t.me/gopy_bot?startgroup=" in made.stdout  # the link that adds the bot to a group
        with db.unit() as s:
            invite = s.scalars(select(Invite)).one()  # the failures made none
            recipient = s.get(Recipient, invite.recipient_id)
            assert recipient is not None and recipient.code == "BTGDV"
            assert made.stdout.count(invite.code) == 3  # the code, the private link, the group link
    finally:
        db.dispose()


def test_the_only_recipient_is_the_default(gopy: Run, tmp_path: Path) -> None:
    db = _plan(tmp_path, "VPDU")
    try:
        made = gopy("invite", "create", "--role", "board", "--bot", "gopy_bot")
        assert made.returncode == 0, made.stderr
        assert "Nơi nhận báo cáo: Nơi nhận VPDU (VPDU)" in made.stdout
        with db.unit() as s:
            assert s.scalars(select(Invite.recipient_id)).one() is not None
    finally:
        db.dispose()
