"""`gopy role grant`, `gopy role list`, `gopy unit list`, and invites validated when they are created: each mistake
is one Vietnamese line and exit 1, and changes nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from core import clock
from storage.db import Database
from storage.migrate import upgrade
from storage.models import Invite, Participant, Role, Unit
from tests.cli.conftest import Run
from tests.factories import build_consultation


def _plan(tmp_path: Path) -> Database:
    """The `gopy` fixture's database, with a consultation (cell CB01, areas KP1, KP2) and one Telegram user."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    upgrade(url)
    db = Database(url)
    with db.unit() as s:
        build_consultation(s)
        s.add(Participant(channel="telegram", channel_user_id="734061192", display_name="Nguyễn Văn B",
                          role=Role.MEMBER))  # fmt: skip
    return db


def _one_line_error(result: object, *needles: str) -> None:
    assert result.returncode == 1, result.stdout  # type: ignore[attr-defined]
    err = result.stderr.strip()  # type: ignore[attr-defined]
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    for needle in needles:
        assert needle in err, err


def _person(db: Database) -> Participant:
    with db.unit() as s:
        return s.scalars(select(Participant)).one()


def test_unit_list_shows_codes_and_names(gopy: Run, tmp_path: Path) -> None:
    db = _plan(tmp_path)
    try:
        listed = gopy("unit", "list")
        assert listed.returncode == 0, listed.stderr
        lines = listed.stdout.splitlines()
        assert lines[0].split("\t") == ["Mã", "Loại", "Tên"]
        assert "CB01\tchi bộ\tChi bộ khu phố 1" in lines and "KP1\tkhu phố/thôn\tKhu phố 1" in lines
    finally:
        db.dispose()


def test_role_grant_checks_the_unit_and_the_person(gopy: Run, tmp_path: Path) -> None:
    db = _plan(tmp_path)
    try:
        user = "telegram:734061192"
        _one_line_error(gopy("role", "grant", "--user", user, "--role", "secretary"), "cần một đơn vị", "--unit")
        _one_line_error(gopy("role", "grant", "--user", user, "--role", "secretary", "--unit", "KHONGCO"),
                        "Không tìm thấy đơn vị mã «KHONGCO»", "gopy unit list")  # fmt: skip
        _one_line_error(gopy("role", "grant", "--user", user, "--role", "secretary", "--unit", "KP1"),
                        "khu phố/thôn, không có bí thư")  # fmt: skip
        _one_line_error(gopy("role", "grant", "--user", user, "--role", "official", "--unit", "CB01"), "bỏ --unit")
        _one_line_error(gopy("role", "grant", "--user", "telegram:999", "--role", "official"), "cần nhắn /start")
        _one_line_error(gopy("role", "grant", "--user", "nobody", "--role", "official"), "không hợp lệ")
        assert _person(db).role == Role.MEMBER  # nothing changed by the mistakes

        done = gopy("role", "grant", "--user", user, "--role", "secretary", "--unit", "cb01")  # any case
        assert done.returncode == 0, done.stderr
        person = _person(db)
        assert f"Đã cấp vai trò bí thư chi bộ, Chi bộ khu phố 1 cho P{person.id} ({user})." in done.stdout
        with db.unit() as s:
            cell = s.scalar(select(Unit.id).where(Unit.code == "CB01"))
        assert (person.role, person.unit_id) == (Role.SECRETARY, cell)

        listed = gopy("role", "list")
        assert listed.returncode == 0, listed.stderr
        assert f"P{person.id}\tbí thư chi bộ\tCB01\t{user}\tNguyễn Văn B" in listed.stdout.splitlines()

        by_code = gopy("role", "grant", "--user", f"p{person.id}", "--role", "admin")  # the short code, any case
        assert by_code.returncode == 0, by_code.stderr
        assert _person(db).role == Role.ADMIN and "quản trị viên" in by_code.stdout
    finally:
        db.dispose()


def test_invites_are_validated_when_created(gopy: Run, tmp_path: Path) -> None:
    db = _plan(tmp_path)
    try:
        yesterday = (clock.today() - timedelta(days=1)).strftime("%d/%m/%Y")  # the plan's zone: the CLI's
        _one_line_error(gopy("invite", "create", "--role", "official", "--expires", yesterday, "--bot", "b"),
                        f"Ngày hết hạn {yesterday} đã qua")  # fmt: skip
        _one_line_error(gopy("invite", "create", "--role", "secretary", "--bot", "b"), "cần một đơn vị")
        _one_line_error(gopy("invite", "create", "--role", "secretary", "--unit", "KHONGCO", "--bot", "b"),
                        "Không tìm thấy đơn vị mã «KHONGCO»")  # fmt: skip
        _one_line_error(gopy("invite", "create", "--role", "secretary", "--unit", "KP1", "--bot", "b"),
                        "không có bí thư")  # fmt: skip
        _one_line_error(gopy("invite", "create", "--role", "official", "--unit", "CB01", "--bot", "b"),
                        "Vai trò cán bộ Văn phòng Đảng ủy không gắn với đơn vị nào")  # fmt: skip
        bad_date = gopy("invite", "create", "--role", "official", "--expires", "31/02/2030", "--bot", "b")
        assert bad_date.returncode == 2 and len(bad_date.stderr.strip().splitlines()) == 1
        with db.unit() as s:
            assert s.scalar(select(func.count()).select_from(Invite)) == 0  # no mistake made an invite
        today = clock.today().strftime("%d/%m/%Y")
        for args in (
            ("--role", "secretary", "--unit", "CB01"),
            ("--role", "member", "--unit", "CB01"),
            ("--role", "resident", "--unit", "KP1"),
            ("--role", "admin", "--expires", today),  # today is still good: it ends at midnight
        ):
            made = gopy("invite", "create", *args, "--bot", "b")
            assert made.returncode == 0, (args, made.stderr)
        with db.unit() as s:
            assert s.scalar(select(func.count()).select_from(Invite)) == 4
    finally:
        db.dispose()
