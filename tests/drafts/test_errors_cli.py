"""Unreadable drafts raise DraftError with a catalog key; the CLI prints one Vietnamese line and exits 1."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot import cli
from core.messages import MESSAGES
from drafts import DraftError, read_draft
from tests.drafts.seed_docs import draft_text


def _code(path: Path) -> str:
    with pytest.raises(DraftError) as caught:
        read_draft(path)
    assert caught.value.code in MESSAGES
    return caught.value.code


def test_missing_file(tmp_path: Path) -> None:
    assert _code(tmp_path / "khong-co.docx") == "drafts.not_found"


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "du-thao.odt"
    path.write_text("x", encoding="utf-8")
    assert _code(path) == "drafts.unsupported"


@pytest.mark.parametrize("name", ["trong.txt", "trong.docx", "trong.pdf"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.touch()
    assert _code(path) == "drafts.empty"


def test_blank_text_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "trang.md"
    path.write_text(" \n\n \t\n", encoding="utf-8")
    assert _code(path) == "drafts.empty"


def test_oversized_file_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "lon.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: nothing is written
    started = time.perf_counter()
    with pytest.raises(DraftError) as caught:
        read_draft(path)
    assert time.perf_counter() - started < 0.5
    assert caught.value.code == "drafts.too_large"
    assert caught.value.params["limit_mb"] == "20" and caught.value.params["size_mb"] == "50.0"


def test_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "gia.docx"
    path.write_text("đây không phải tệp Word", encoding="utf-8")
    assert _code(path) == "drafts.bad_docx"


def test_garbage_pdf(tmp_path: Path) -> None:
    path = tmp_path / "hong.pdf"
    path.write_bytes(b"%PDF-1.4\n garbage \x00\x01\x02 not a pdf at all")
    assert _code(path) == "drafts.bad_pdf"


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "cu.txt"
    path.write_bytes("Phần thứ nhất".encode("utf-16"))
    assert _code(path) == "drafts.bad_encoding"


def test_no_headings(tmp_path: Path) -> None:
    path = tmp_path / "thu.txt"
    path.write_text("Kính gửi các đồng chí.\nĐề nghị góp ý.\n", encoding="utf-8")
    assert _code(path) == "drafts.no_headings"


def test_every_error_code_renders() -> None:
    fields = {
        "path": "/x",
        "suffix": ".odt",
        "size_mb": "50.0",
        "limit_mb": "20",
        "label": "II",
        "title": "T",
        "document": "BCCT",
        "count": 3,
        "sections": 12,
        "seconds": "60",
    }
    for key, template in MESSAGES.items():
        if key.startswith("drafts."):
            assert template.format(**fields)


runner = CliRunner()


def _invoke(*args: str) -> tuple[int, str, str]:
    cli._register()
    result = runner.invoke(cli.app, ["draft", "outline", *args])
    return result.exit_code, result.stdout, result.stderr


def test_cli_error_is_one_vietnamese_line(tmp_path: Path) -> None:
    code, out, err = _invoke(str(tmp_path / "khong-co.pdf"))
    assert code == 1 and out == ""
    assert err.strip() == f"Lỗi: Không tìm thấy tệp dự thảo: {tmp_path / 'khong-co.pdf'}"
    assert "Traceback" not in err
    code, _, err = _invoke(str(tmp_path))
    assert code == 1 and err.startswith("Lỗi: ") and len(err.strip().splitlines()) == 1


@pytest.fixture
def seed_file(tmp_path: Path) -> Path:
    path = tmp_path / "du-thao.txt"
    path.write_text(draft_text(), encoding="utf-8")
    return path


def test_cli_outline_plain(seed_file: Path) -> None:
    code, out, err = _invoke(str(seed_file))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Phần thứ nhất | TÌNH HÌNH VÀ KẾT QUẢ")
    assert lines[1] == "  I | KHÁI QUÁT TÌNH HÌNH ĐẢNG BỘ 5 NĂM QUA"
    assert "        2.1.1 | Công tác chính trị, tư tưởng, đạo đức được đẩy mạnh" in lines
    assert len(lines) == 75
    assert "Cảnh báo: số mục «II» bị trùng" in err
    assert err.count("không có trang in") == 1


def test_cli_outline_json(seed_file: Path) -> None:
    code, out, _ = _invoke(str(seed_file), "--json")
    assert code == 0
    tree = json.loads(out)
    assert [node["label"] for node in tree][:2] == ["Phần thứ nhất", "Phần thứ hai"]
    assert set(tree[0]) == {"label", "title", "depth", "paragraphs", "children"}
    first = tree[0]["children"][0]["paragraphs"][0]
    assert set(first) == {"number", "label", "text", "page", "line"}
    # A text file was never printed: no page and no line (not the file's line), and one warning says so.
    assert first["number"] == 1 and first["page"] is None and first["line"] is None
