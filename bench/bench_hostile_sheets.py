"""Hostile spreadsheets against the real `gopy import meetings` command: each in a fresh child process, its time
and peak RSS, the one line it prints, and that nothing was stored.

    .venv/bin/python bench/bench_hostile_sheets.py
    .venv/bin/python bench/bench_hostile_sheets.py --only bomb

The files are the tests' own (tests/storage/test_hostile_sheets.py): wrong columns, formulas, 100,000 rows, a
huge cell, a huge shared string, a zip bomb, an entry that lies about its size, 5,000 entries, 3 MB of styles, an
entity bomb, not a zip, an old .xls, a file over 2 MB. Controls that must be accepted come last: a template filled
in to the caps (200 meetings, 3,000 opinions, 500 votes) and one with a single row at line 1,048,576.

Each case runs `gopy import meetings FILE` on a migrated SQLite database of its own holding the test consultation
(tests/factories.py), started by the drafts tests' measuring process (run_measured): its peak RSS is its own
(os.wait4). A child is killed past --timeout seconds or --max-rss MB. Bar for a hostile file: exit 1 with one
"Lỗi: …" line on stderr (its list of row errors, when it has some, on the lines after), nothing stored,
≤ 5 s, ≤ 200 MB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.drafts.test_hostile_drafts import MB, Measured, run_measured  # noqa: E402
from tests.factories import sqlite_file_with_consultation  # noqa: E402
from tests.storage.test_hostile_sheets import HOSTILE_SHEETS, control, one_far_row  # noqa: E402

RUNNER = "import sys; sys.path.insert(0, sys.argv.pop(1)); sys.argv[0] = 'gopy'; from bot.cli import main; main()"
BAR_SECONDS, BAR_MB = 5.0, 200.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--max-rss", type=float, default=2048)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = folder / "template.db"
        sqlite_file_with_consultation(template)
        cases = [(name, build, True) for name, (build, _code) in sorted(HOSTILE_SHEETS.items())]
        cases += [("control_at_the_caps", control, False), ("control_row_1048576", one_far_row, False)]
        print("| case | file | exit | what it says | time | peak RSS | stored | |")
        print("|---|---|---|---|---|---|---|---|")
        for name, build, hostile in cases:
            if args.only not in name:
                continue
            path = folder / f"{name}.xlsx"
            path.write_bytes(build(folder))
            database = folder / f"{name}.db"
            shutil.copy(template, database)
            env = dict(os.environ, DATABASE_URL=f"sqlite:///{database}")
            argv = [sys.executable, "-c", RUNNER, str(ROOT), "import", "meetings", str(path)]
            result = run_measured(argv, env, args.timeout, args.max_rss)
            print(_row(name, path, hostile, result, _stored(database)), flush=True)


def _stored(database: Path) -> int:
    with sqlite3.connect(database) as conn:
        return int(conn.execute("SELECT count(*) FROM meeting_record").fetchone()[0])


def _row(name: str, path: Path, hostile: bool, result: Measured, stored: int) -> str:
    size = path.stat().st_size
    shown = f"{size / MB:.1f} MB" if size >= MB else f"{size / 1024:.0f} KB"
    lines = [line for line in (result.stderr if hostile else result.stdout).splitlines() if line.strip()]
    first = (lines[0] if lines else "").replace(str(path), "…").replace("|", "/")
    first = first if len(first) <= 90 else first[:89] + "…"
    more = f" (+{len(lines) - 1} lines)" if len(lines) > 1 else ""
    if hostile:
        ok = (
            result.code == 1
            and bool(lines)
            and lines[0].startswith("Lỗi: ")
            and stored == 0
            and result.seconds <= BAR_SECONDS
            and result.peak_mb <= BAR_MB
        )
    else:
        ok = result.code == 0 and stored > 0
    code = result.killed or str(result.code)
    return (
        f"| {name} | {shown} | {code} | {first}{more} | {result.seconds:.2f} s | {result.peak_mb:.0f} MB | "
        f"{stored} | {'ok' if ok else 'FAIL'} |"
    )


if __name__ == "__main__":
    main()
