"""`gopy privacy purge`: erase participants' identities once the retention time after the consultation is over."""

from __future__ import annotations

from datetime import UTC, datetime

import typer

from bot.cli.common import fail, open_db
from bot.settings import settings
from handlers.messages import t
from storage.errors import UserError
from storage.privacy import purge_identities

app = typer.Typer(no_args_is_help=True, help="Bảo vệ dữ liệu cá nhân.")


@app.command("purge")
def purge_command(
    force: bool = typer.Option(False, "--force", help="Xoá ngay, không chờ hết thời hạn lưu."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Chỉ đếm, không xoá."),
) -> None:
    """Xoá tên hiển thị, mã tài khoản và hội thoại của người tham gia; giữ lại các ý kiến không kèm danh tính."""
    db = open_db()
    try:
        result = purge_identities(
            db, now=datetime.now(UTC), months=settings().core.retention_months, force=force, dry_run=dry_run
        )
    except UserError as exc:
        fail(exc)
    finally:
        db.dispose()
    key = "privacy.would_purge" if dry_run else "privacy.purged"
    typer.echo(t(key, participants=result.participants, deliveries=result.deliveries))


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="privacy")
