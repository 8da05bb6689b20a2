"""The foundation commands as a user runs them: clear one-line errors, non-zero exits, an unchanged database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.cli.conftest import ROOT, Run

EXAMPLE = ROOT / "examples" / "plan.yaml"


def _counts(db: Path) -> tuple[int, int, int]:
    with sqlite3.connect(db) as conn:
        document, section, unit = (
            conn.execute(f"select count(*) from {t}").fetchone()[0] for t in ("document", "section", "unit")
        )
        return document, section, unit


def test_example_plan_loads_with_its_draft(gopy: Run, tmp_path: Path) -> None:
    assert gopy("db", "upgrade").returncode == 0
    first = gopy("plan", "load", str(EXAMPLE))
    assert first.returncode == 0, first.stderr
    assert "Đã nạp kế hoạch VD-AN-HOA" in first.stdout
    assert "BCCT-PHUONG" in first.stdout  # the draft named as its source was imported
    counts = _counts(tmp_path / "cli.db")
    again = gopy("plan", "load", str(EXAMPLE))
    assert again.returncode == 0
    assert "Đã nhập dự thảo" not in again.stdout  # unchanged draft: not imported again
    assert _counts(tmp_path / "cli.db") == counts
    assert counts[1] > 10


def _loaded(gopy: Run) -> None:
    assert gopy("db", "upgrade").returncode == 0
    assert gopy("plan", "load", str(EXAMPLE)).returncode == 0


def _assert_one_line_error(result: object, needle: str) -> None:
    assert result.returncode == 1  # type: ignore[attr-defined]
    err = result.stderr.strip()  # type: ignore[attr-defined]
    assert needle in err
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1


def test_import_errors_are_one_clear_line_and_change_nothing(gopy: Run, tmp_path: Path) -> None:
    _loaded(gopy)
    before = _counts(tmp_path / "cli.db")
    draft = ROOT / "examples" / "du-thao-bao-cao-chinh-tri.txt"

    _assert_one_line_error(gopy("draft", "import", str(draft), "--document", "KHONG-CO"), "KHONG-CO")
    _assert_one_line_error(gopy("draft", "import", str(tmp_path / "mat.txt"), "--document", "BCCT-TINH"), "mat.txt")

    fake_docx = tmp_path / "hong.docx"
    fake_docx.write_text("đây không phải tệp docx", encoding="utf-8")
    _assert_one_line_error(gopy("draft", "import", str(fake_docx), "--document", "BCCT-TINH"), "hong.docx")

    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    _assert_one_line_error(gopy("draft", "import", str(empty), "--document", "BCCT-TINH"), "rong.txt")

    huge = tmp_path / "lon.txt"
    with huge.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    _assert_one_line_error(gopy("draft", "import", str(huge), "--document", "BCCT-TINH"), "lon.txt")

    bad_yaml = tmp_path / "hong.yaml"
    bad_yaml.write_text("consultation: [\n", encoding="utf-8")
    _assert_one_line_error(gopy("plan", "load", str(bad_yaml)), "dòng")

    assert _counts(tmp_path / "cli.db") == before


def test_draft_import_attaches_a_draft_to_a_planned_document(gopy: Run, tmp_path: Path) -> None:
    _loaded(gopy)
    draft = ROOT / "examples" / "du-thao-bao-cao-chinh-tri.txt"
    result = gopy("draft", "import", str(draft), "--document", "BCCT-TINH")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "cli.db") as conn:
        n = conn.execute(
            "select count(*) from section join document on document.id = section.document_id where document.code = ?",
            ("BCCT-TINH",),
        ).fetchone()[0]
    assert n > 10


def test_make_run_reloads_the_example_but_leaves_a_real_plan_alone(gopy: Run, tmp_path: Path) -> None:
    assert gopy("db", "upgrade").returncode == 0
    first = gopy("plan", "load", "--unless-other-plan", str(EXAMPLE))
    assert "VD-AN-HOA" in first.stdout  # empty database: the example is loaded
    assert "VD-AN-HOA" in gopy("plan", "load", "--unless-other-plan", str(EXAMPLE)).stdout  # and refreshed
    real = ROOT / "tests" / "fixtures" / "plan-mong-cai-2.yaml"
    assert gopy("plan", "load", str(real)).returncode == 0
    again = gopy("plan", "load", "--unless-other-plan", str(EXAMPLE))
    assert again.returncode == 0 and again.stdout == ""
