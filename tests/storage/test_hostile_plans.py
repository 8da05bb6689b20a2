"""Hostile plan files (alias bombs, aliases into themselves, Python tags, deep nesting): `gopy plan load` answers
with one Vietnamese line naming the line of the file, exits 1 and writes nothing, in bounded time and memory.

bench/bench_hostile_files.py builds the same files (`hostile_plans`) and measures each in a child process.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import pytest

from core.messages import t
from storage.db import Database
from storage.errors import UserError
from storage.plan_loader import read_plan
from storage.yaml_lines import MAX_DEPTH, MAX_NODES
from tests.drafts.test_hostile_drafts import PARAGRAPH, docx_bomb, run_measured

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "plan.yaml"
GOPY = Path(sys.executable).with_name("gopy")


def example_plus(extra: str) -> str:
    """The example plan (its draft named by an absolute path) with `extra` appended at the end."""
    draft = ROOT / "examples" / "du-thao-bao-cao-chinh-tri.txt"
    text = EXAMPLE.read_text(encoding="utf-8").replace("source: du-thao-bao-cao-chinh-tri.txt", f"source: {draft}")
    return text.rstrip("\n") + "\n" + extra


def alias_bomb(levels: int = 9) -> str:
    """The classic: each level is nine aliases of the one before, so level 9 stands for 9^10 values."""
    lines = ["x-lol:", '  a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels + 1)]
    return example_plus("\n".join(lines) + "\n")


def alias_chain(levels: int) -> str:
    """Each anchor one list deeper than the one before: aliases nest beyond any depth a plan writes."""
    lines = ["x-deep:", "  a0: &a0 [lol]"] + [f"  a{i}: &a{i} [*a{i - 1}]" for i in range(1, levels + 1)]
    return example_plus("\n".join(lines) + "\n")


def line_with(text: str, start: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if line.startswith(start))


BOMB = alias_bomb()
BOMB_LINE = line_with(BOMB, "  a4: ")  # where *a3 is used: a3 stands for 9^4 values, nine of them pass 50,000
CHAIN = alias_chain(40)
# (file name, its text, the catalog key, the line the message must name)
HOSTILE_PLANS: list[tuple[str, str, str, int]] = [
    ("bom-bi-danh.yaml", BOMB, "plan.yaml_alias_too_big", BOMB_LINE),
    ("bi-danh-vong-bang.yaml", "consultation: &c\n  code: X\n  self: *c\n", "plan.yaml_alias_loop", 3),
    ("bi-danh-vong-danh-sach.yaml", "consultation:\n  code: X\n  units: &u [1, *u]\n", "plan.yaml_alias_loop", 3),
    ("python-name.yaml", "consultation:\n  code: !!python/name:os.system X\n", "plan.yaml_tag", 2),
    ("python-apply.yaml", "consultation: !!python/object/apply:os.system [echo hi]\n", "plan.yaml_tag", 1),
    ("the-rieng.yaml", "consultation:\n  code: X\n  title: !ruby/object x\n", "plan.yaml_tag", 3),
    ("tap-hop.yaml", "units: !!set {a, b}\n", "plan.yaml_tag", 1),
    ("long-5000-cap.yaml", "consultation:\n  code: " + "[" * 5000 + "]" * 5000 + "\n", "plan.yaml_too_deep", 2),
    ("chuoi-bi-danh.yaml", CHAIN, "plan.yaml_too_deep", line_with(CHAIN, "  a17: ")),  # 2 + 17 + 1 levels
    ("1-trieu-gia-tri.yaml", "units: [" + "0," * 1_000_000 + "0]\n", "plan.yaml_too_many_values", 1),
    ("ngay-khong-co-that.yaml", "consultation:\n  code: X\n  issued_on: 2025-02-30\n", "plan.yaml_value", 3),
    ("khoa-la-danh-sach.yaml", "consultation:\n  ? [a, b]\n  : x\n", "plan.yaml_key", 2),
]
CASE_IDS = [name for name, _, _, _ in HOSTILE_PLANS]


def hostile_plans(folder: Path) -> list[tuple[Path, str]]:
    """Write every hostile plan into `folder`: [(path, expected catalog key)]."""
    paths = []
    for name, text, code, _ in HOSTILE_PLANS:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append((path, code))
    return paths


@pytest.mark.parametrize("name", CASE_IDS)
def test_hostile_plan_refused_naming_the_line(tmp_path: Path, name: str) -> None:
    _, text, code, line = next(case for case in HOSTILE_PLANS if case[0] == name)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size < 2.1 * 1024 * 1024
    with pytest.raises(UserError) as caught:
        read_plan(path)
    assert (caught.value.code, caught.value.params["line"]) == (code, line)
    message = t(caught.value.code, **caught.value.params)
    assert message.startswith(f"{path}, dòng {line}: ") and "\n" not in message


def test_the_limits_in_the_messages(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_text(BOMB, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        read_plan(path)
    assert t(caught.value.code, **caught.value.params) == (
        f"{path}, dòng {BOMB_LINE}: bí danh YAML «*a3» làm kế hoạch phình ra quá 50.000 giá trị (bí danh lồng nhau)"
    )
    assert MAX_NODES == 50_000 and MAX_DEPTH == 20


def test_aliases_within_bounds_still_load(tmp_path: Path) -> None:
    """Anchors and aliases are YAML a plan may use, e.g. one set of windows for several documents."""
    text = EXAMPLE.read_text(encoding="utf-8")
    shared = "    windows:\n      residents: {from: today-7, to: today+20}\n"
    own = (
        "    windows:\n      residents: {from: today-60, to: today-30}\n      members: {from: today-60, to: today-30}\n"
    )
    assert shared in text and own in text
    text = text.replace(shared, shared.replace("windows:", "windows: &cung-lich"), 1).replace(
        own, "    windows: *cung-lich\n"
    )
    path = tmp_path / "bi-danh.yaml"
    path.write_text(text, encoding="utf-8")
    spec = read_plan(path)
    assert spec.documents[0].windows == spec.documents[1].windows
    assert set(spec.documents[1].windows) == {"residents", "members", "experts"}


def _counts(db: Path) -> tuple[int, ...]:
    with sqlite3.connect(db) as conn:
        tables = ("consultation", "document", "section", "unit", "recipient", "deadline")
        return tuple(conn.execute(f"select count(*) from {table}").fetchone()[0] for table in tables)


def test_cli_writes_nothing_and_says_one_line(db: Database, tmp_path: Path) -> None:
    """The real command, each in its own process: a bomb plan, a Python tag, and a good plan whose draft is a
    zip bomb. Exit 1, one line, and an empty database (time and memory: bench/bench_hostile_files.py)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "GOPY_", "DATABASE_URL"))}
    env["DATABASE_URL"] = db.engine.url.render_as_string(hide_password=False)  # migrated, empty (tests/conftest.py)
    bomb = tmp_path / "bom.yaml"
    bomb.write_text(BOMB, encoding="utf-8")
    tag = tmp_path / "the.yaml"
    tag.write_text("consultation:\n  code: !!python/name:os.system X\n", encoding="utf-8")
    draft = docx_bomb(tmp_path / "du-thao.docx", PARAGRAPH, 200)
    with_bomb_draft = tmp_path / "ke-hoach.yaml"
    with_bomb_draft.write_text(example_plus("").replace(str(ROOT / "examples"), str(tmp_path)), encoding="utf-8")
    with_bomb_draft.write_text(
        with_bomb_draft.read_text(encoding="utf-8").replace("du-thao-bao-cao-chinh-tri.txt", draft.name),
        encoding="utf-8",
    )
    expected = {
        bomb: f"Lỗi: {bomb}, dòng {BOMB_LINE}: bí danh YAML «*a3»",
        tag: f"Lỗi: {tag}, dòng 2: không nhận thẻ YAML «!!python/name:os.system»",
        with_bomb_draft: "Lỗi: Tệp Word khi giải nén quá lớn (200.8 MB), vượt giới hạn 50 MB: ",
    }
    for path, start in expected.items():
        child = run_measured([str(GOPY), "plan", "load", str(path)], env=env)
        assert child.code == 1 and child.stdout == ""
        assert len(child.stderr.strip().splitlines()) == 1 and child.stderr.startswith(start), child.stderr
    assert _counts(tmp_path / "gopy.db") == (0, 0, 0, 0, 0, 0)
