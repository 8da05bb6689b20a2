"""Benchmark of the summary report: a synthetic consultation on the seed draft → DOCX + XLSX.

    .venv/bin/python bench/bench_report.py                                   # 100,000 comments, SQLite
    .venv/bin/python bench/bench_report.py --backend postgres --comments 1000000
    .venv/bin/python bench/bench_report.py --backend postgres --comments 1000000 --xlsx-compare

Generation (bulk executemany on SQLite, COPY on PostgreSQL) is timed apart; the measured figure is the report
build (query → grouping → summary → chart → DOCX → XLSX → digest), run in a fresh child process so that its
peak RSS is its own. Bars: 100k on SQLite ≤ 30 s and ≤ 1 GB; 1M on PostgreSQL ≤ 5 min and ≤ 4 GB.

`--xlsx-compare` times the XLSX alone instead, each writer in its own child process on the same data: "none" (the
comments loaded and summarised, no workbook: the memory every writer starts from), "gopy" (aggregation/xlsx_writer.py,
the hand-written SpreadsheetML writer) and "xlsxwriter" (bench/xlsx_xlsxwriter.py: XlsxWriter in constant_memory
mode, the same sheets and features: styles, dates, filters, print setup; needs `pip install XlsxWriter`).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
import uuid
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from storage.db import Database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402

SEED = ROOT / "tests" / "fixtures" / "seed"
DOC = "BCCT-PHUONG-I"
PRIVATE_NAME = "Ẩn Danh Riêng Tư"
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"

SUBJECTS = [
    "phát triển kinh tế",
    "cải cách hành chính",
    "chuyển đổi số",
    "giáo dục",
    "y tế cơ sở",
    "quốc phòng",
    "an ninh trật tự",
    "xây dựng Đảng",
    "công tác cán bộ",
    "môi trường",
    "du lịch",
    "thương mại biên giới",
    "hạ tầng giao thông",
    "văn hoá",
    "an sinh xã hội",
    "nông nghiệp",
    "thu ngân sách",
    "quy hoạch đô thị",
    "hoà giải ở cơ sở",
    "thuỷ lợi",
    "giảm nghèo",
    "khoa học công nghệ",
]
VERBS = [
    "cần làm rõ hơn",
    "cần bổ sung số liệu về",
    "nên nhấn mạnh hơn",
    "cần đánh giá sát thực tế",
    "cần cụ thể hoá",
    "nên có giải pháp đột phá cho",
    "cần lượng hoá chỉ tiêu",
    "nên rút gọn phần",
]
PLACES = ["khu phố 1", "khu phố 2", "thôn Đông", "thôn Tây", "khu vực cửa khẩu", "toàn phường", "các chi bộ"]
AGREE = ["Nhất trí", "Nhất trí với dự thảo", "Tôi hoàn toàn nhất trí", "Đồng ý với nội dung này", "Nhất trí cao"]
PROPOSALS = ["Đề nghị {} tại {}", "Kiến nghị tăng đầu tư cho {} ở {}", "Đề xuất tổ chức hội nghị riêng về {} cho {}"]
ARGUED = (
    "Tôi không nhất trí với nhận định về {} vì thực tế tại {} cho thấy còn nhiều khó khăn: nguồn lực hạn "
    "chế, cơ chế phối hợp chưa đồng bộ, người dân chưa được tham gia đầy đủ vào quá trình xây dựng và giám sát; "
    "đề nghị đánh giá lại trên cơ sở số liệu khảo sát năm {} và ý kiến của các hộ dân trực tiếp chịu ảnh hưởng."
)


def outline_sections() -> list[tuple[int, str, str, int | None, int | None, list[str]]]:
    """(depth, label, title, page, line, paragraph texts) of the seed draft, in order."""
    lines = (SEED / "000_dc27f02452790365.txt").read_text(encoding="utf-8").splitlines()[205:1081]
    try:
        from drafts import read_draft

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "draft.txt"
            path.write_text("\n".join(lines), encoding="utf-8")
            outline = read_draft(path)
        found = [
            (s.depth, s.label, s.title, s.position.page, s.position.line, [p.text for p in s.paragraphs])
            for s in outline.walk()
        ]
        if len(found) > 20:
            return found
    except Exception as exc:  # the drafts package is someone else's and may be mid-change
        print(f"drafts.read_draft unavailable ({exc}); using expected-outline.txt", file=sys.stderr)
    out: list[tuple[int, str, str, int | None, int | None, list[str]]] = []
    for raw in (SEED / "expected-outline.txt").read_text(encoding="utf-8").splitlines():
        if raw.strip() and not raw.startswith("#"):
            label, title = (x.strip() for x in raw.strip().split("|", 1))
            out.append(((len(raw) - len(raw.lstrip())) // 2 + 1, label, title, None, None, []))
    return out


def near_duplicate(text: str, rng: random.Random) -> str:
    """The same words, typed differently: case, spacing, old tone placement, NFD, a trailing stop."""
    choice = rng.randrange(5)
    if choice == 0:
        return text.upper() if rng.random() < 0.3 else text.lower()
    if choice == 1:
        return text.replace(" ", "  ", 2) + " "
    if choice == 2:
        return text.replace("hóa", "hoá").replace("hòa", "hoà").replace("thủy", "thuỷ") + "."
    if choice == 3:
        return unicodedata.normalize("NFD", text)
    return text + " ."


def generate(db: Database, n: int, amendments: int, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    started = time.perf_counter()
    now = datetime.now(UTC)
    with db.engine.begin() as conn:
        cons = conn.execute(
            sa.text(
                "INSERT INTO consultation (code, title, organisation, parent_organisation, place, settings, "
                "created_at, updated_at) VALUES ('BENCH', 'Kế hoạch số 02-KH/ĐU', 'ĐẢNG ỦY PHƯỜNG MÓNG CÁI 2', "
                "'ĐẢNG BỘ TỈNH QUẢNG NINH', 'Móng Cái 2', '{}', :now, :now) RETURNING id"
            ),
            {"now": now},
        ).scalar_one()
        doc = conn.execute(
            sa.text(
                'INSERT INTO document (consultation_id, code, title, level, "order", page_ranges, created_at, '
                "updated_at) VALUES (:c, :code, 'Dự thảo Báo cáo chính trị Đại hội Đảng bộ phường Móng Cái 2 lần "
                "thứ I', 'ward', 0, '[]', :now, :now) RETURNING id"
            ),
            {"c": cons, "code": DOC, "now": now},
        ).scalar_one()
        topics = [
            conn.execute(
                sa.text(
                    'INSERT INTO guided_topic (document_id, "order", title, text) VALUES '
                    "(:d, :o, :t, '') RETURNING id"
                ),
                {"d": doc, "o": i, "t": f"Gợi ý {i}: {s}"},
            ).scalar_one()
            for i, s in enumerate(SUBJECTS[:4], 1)
        ]
        sections: list[tuple[int, int]] = []  # (section id, paragraph count)
        para_rows: list[dict[str, Any]] = []
        stack: list[int] = []
        for order, (depth, label, title, page, line, paras) in enumerate(outline_sections()):
            stack = stack[: depth - 1]
            sid = conn.execute(
                sa.text(
                    'INSERT INTO section (document_id, parent_id, "order", label, title, depth, page, line) VALUES '
                    "(:d, :p, :o, :l, :t, :depth, :page, :line) RETURNING id"
                ),
                {
                    "d": doc,
                    "p": stack[-1] if stack else None,
                    "o": order,
                    "l": label[:64],
                    "t": title,
                    "depth": depth,
                    "page": page or order // 3 + 1,
                    "line": line or order * 10,
                },
            ).scalar_one()
            stack.append(sid)
            paras = paras or [f"{title}: đoạn nội dung số {k}." for k in range(1, 4)]
            for k, text in enumerate(paras, 1):
                para_rows.append(
                    {"s": sid, "n": k, "t": text, "page": page or order // 3 + 1, "line": (line or order * 10) + k}
                )
            sections.append((sid, len(paras)))
        conn.execute(
            sa.text("INSERT INTO paragraph (section_id, number, text, page, line) VALUES (:s, :n, :t, :page, :line)"),
            para_rows,
        )
        units = []
        named = [("cell", f"Chi bộ {k}") for k in range(1, 11)] + [("area", f"Khu phố {k}") for k in range(1, 13)]
        named += [("organisation", o) for o in ("MTTQ", "Hội Phụ nữ", "Đoàn Thanh niên", "Hội Cựu chiến binh")]
        for i, (kind, name) in enumerate(named):
            units.append(
                conn.execute(
                    sa.text(
                        'INSERT INTO unit (consultation_id, code, name, kind, "order") VALUES '
                        "(:c, :code, :n, :k, :o) RETURNING id"
                    ),
                    {"c": cons, "code": f"U{i}", "n": name, "k": kind, "o": i},
                ).scalar_one()
            )
        people = max(100, n // 5)
        conn.execute(
            sa.text(
                "INSERT INTO participant (channel, channel_user_id, display_name, role, created_at, "
                "updated_at) VALUES ('telegram', :u, :name, :r, :now, :now)"
            ),
            [
                {
                    "u": str(10**9 + i),
                    "name": f"{PRIVATE_NAME} {i}",
                    "r": "member" if i % 4 == 0 else "resident",
                    "now": now,
                }
                for i in range(people)
            ],
        )
        first_person = conn.execute(sa.text("SELECT min(id) FROM participant")).scalar_one()
        for i in range(40):
            conn.execute(
                sa.text(
                    "INSERT INTO meeting_record (unit_id, document_id, kind, audience, held_on, "
                    "attendance, speakers, atmosphere, notes, created_at, updated_at) VALUES (:u, :d, "
                    "'conference', 'residents', :h, :a, :s, :atm, '', :now, :now)"
                ),
                {
                    "u": units[i % len(units)],
                    "d": doc,
                    "h": date(2025, 7, 3) + timedelta(days=i % 20),
                    "a": 20 + i,
                    "s": 3 + i % 7,
                    "atm": f"Biên bản ghi: {i + 3} ý kiến phát biểu, có trao đổi",
                    "now": now,
                },
            )

    pool: list[str] = []
    rows = []
    kinds = ["agree"] * 40 + ["disagree"] * 8 + ["other"] * 14 + ["general"] * 10 + ["proposal"] * 10
    amend_at = set(rng.sample(range(n), amendments))
    start = datetime(2025, 7, 3, 1, tzinfo=UTC)
    for i in range(n):
        kind = "amend" if i in amend_at else rng.choice(kinds)
        sid, npara = rng.choice(sections)
        target = rng.choices(["document", "topic", "section", "paragraph"], [10, 5, 60, 25])[0]
        if kind == "amend":
            target = "paragraph"
        para_no = rng.randint(1, npara) if target == "paragraph" else None
        subject, verb, place = rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(PLACES)
        orig = prop = reason = None
        if pool and rng.random() < 0.10:
            text = near_duplicate(rng.choice(pool), rng)
        elif kind == "agree":
            text = rng.choice(AGREE)
        elif kind == "proposal":
            text = rng.choice(PROPOSALS).format(subject, place)
        elif kind == "disagree" and rng.random() < 0.05:
            text = ARGUED.format(subject, place, 2015 + i % 10)
        elif kind == "amend":
            orig, prop = f"{subject} {place}", f"{subject} bền vững {place} (đề nghị số {i})"
            text, reason = f"Sửa “{orig}” thành “{prop}”", f"Cho sát thực tế {place}"
        else:
            text = f"Về {subject}: {verb} {place}" + (f", nhất là năm {2020 + i % 6}" if rng.random() < 0.5 else "")
        if kind != "amend" and len(pool) < 50_000:
            pool.append(text)
        source = rng.choices(["individual", "meeting", "written"], [85, 10, 5])[0]
        rows.append(
            {
                "document_id": doc,
                "participant_id": first_person + rng.randrange(people),
                "audience": rng.choice(["residents", "residents", "members", "experts", "organisations"]),
                "unit_id": rng.choice(units[:10]) if rng.random() < 0.4 else None,
                "area_id": rng.choice(units[10:22]) if rng.random() < 0.6 else None,
                "target_kind": target,
                "topic_id": rng.choice(topics) if target == "topic" else None,
                "section_id": sid if target in ("section", "paragraph") else None,
                "paragraph_id": None,
                "kind": kind,
                "text": text,
                "text_norm": unicodedata.normalize("NFC", text),
                "quoted_original": orig,
                "proposed_text": prop,
                "reason": reason,
                "page": rng.randint(1, 40) if para_no else None,
                "paragraph_no": para_no,
                "line": rng.randint(1, 45) if para_no else None,
                "channel": rng.choice(["telegram", "telegram", "zalo"]),
                "source": source,
                "represents": rng.randint(5, 40) if source == "meeting" else 1,
                "created_at": start + timedelta(seconds=i * 19),
                "updated_at": now,
                "moderation": "accepted",
            }
        )
    insert_comments(db, rows)
    return {"generate_s": round(time.perf_counter() - started, 1), "comments": n, "amendments": amendments}


def insert_comments(db: Database, rows: list[dict[str, Any]]) -> None:
    columns = list(rows[0])
    if db.is_sqlite:
        stmt = sa.text(f"INSERT INTO comment ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})")
        with db.engine.begin() as conn:
            for k in range(0, len(rows), 50_000):
                conn.execute(stmt, rows[k : k + 50_000])
        return
    raw = db.engine.raw_connection()
    try:
        with raw.cursor() as cur, cur.copy(f"COPY comment ({', '.join(columns)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for row in rows:
                copy.write_row([row[c] for c in columns])
        raw.commit()
    finally:
        raw.close()


def measure(url: str) -> None:
    """Child process: build the report once, print timings and peak RSS as JSON."""
    from aggregation.pipeline import build_report
    from aggregation.query import Scope

    db = Database(url)
    started = time.perf_counter()
    report = build_report(db, Scope(document_code=DOC))
    total = time.perf_counter() - started
    assert report.docx and report.xlsx
    docx_xml = zipfile.ZipFile(io.BytesIO(report.docx)).read("word/document.xml").decode()
    assert PRIVATE_NAME not in docx_xml and PRIVATE_NAME not in "\n".join(report.digest)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "rows": report.rows,
                "total_s": round(total, 2),
                "peak_rss_mb": round(peak_mb),
                "stages_s": {k: round(v, 2) for k, v in report.timings.items()},
                "docx_kb": len(report.docx) // 1024,
                "xlsx_kb": len(report.xlsx) // 1024,
                "amendments_quoted": report.summary.amendment_count,
                "digest_messages": len(report.digest),
            }
        )
    )
    db.dispose()


WRITERS = ("none", "gopy", "xlsxwriter")


def measure_xlsx(url: str, writer: str) -> None:
    """Child process: load and summarise the comments, then time one XLSX writer; print JSON."""
    from aggregation.query import Scope, load_comments, load_context
    from aggregation.shares import ShareRule
    from aggregation.summary import Options, build_summary, prepare

    db = Database(url)
    ctx = load_context(db, Scope(document_code=DOC))
    frame = prepare(load_comments(db, ctx))
    summary = build_summary(ctx, frame, ShareRule.from_settings(ctx.settings), Options.from_settings({}))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    size = 0
    if writer == "gopy":
        from aggregation.xlsx_writer import write_xlsx

        size = len(write_xlsx(ctx, frame, summary))
    elif writer == "xlsxwriter":
        sys.path.insert(0, str(ROOT / "bench"))
        from xlsx_xlsxwriter import write_xlsx as with_xlsxwriter

        size = len(with_xlsxwriter(ctx, frame, summary))
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"writer": writer, "rows": len(frame), "xlsx_s": round(elapsed, 2), "xlsx_kb": size // 1024,
                      "peak_rss_mb": round(peak), "peak_before_xlsx_mb": round(before)}))  # fmt: skip
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--amendments", type=int, default=None, help="default: 2%% of the comments")
    parser.add_argument("--xlsx-compare", action="store_true", help="time each XLSX writer alone (see above)")
    parser.add_argument("--measure", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--measure-xlsx", nargs=2, metavar=("URL", "WRITER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
        return
    if args.measure_xlsx:
        measure_xlsx(*args.measure_xlsx)
        return
    amendments = args.amendments if args.amendments is not None else args.comments // 50
    scratch = f"gopy_bench_{uuid.uuid4().hex[:8]}"
    tmp = tempfile.TemporaryDirectory()
    if args.backend == "sqlite":
        url = f"sqlite:///{tmp.name}/bench.db"
    else:
        admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{scratch}"'))
        url = PG_ADMIN.rsplit("/", 1)[0] + f"/{scratch}"
    try:
        upgrade(url)
        db = Database(url)
        info = generate(db, args.comments, amendments)
        if not db.is_sqlite:
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(sa.text("VACUUM ANALYZE comment"))
        db.dispose()
        print(
            f"generated {info['comments']:,} comments ({info['amendments']:,} amendments) in "
            f"{info['generate_s']} s on {args.backend}",
            flush=True,
        )
        if args.xlsx_compare:
            for writer in WRITERS:
                child = subprocess.run(
                    [sys.executable, __file__, "--measure-xlsx", url, writer], capture_output=True, text=True
                )
                if child.returncode:
                    sys.exit(child.stderr)
                print(child.stdout.strip().splitlines()[-1], flush=True)
            return
        child = subprocess.run([sys.executable, __file__, "--measure", url], capture_output=True, text=True)
        if child.returncode:
            sys.exit(child.stderr)
        result = json.loads(child.stdout.strip().splitlines()[-1])
        print(json.dumps(result, indent=2))
        stages = result["stages_s"]
        print(
            "where the time goes: "
            + ", ".join(
                f"{k} {v} s ({100 * v / result['total_s']:.0f}%)"
                for k, v in sorted(stages.items(), key=lambda kv: -kv[1])
            )
        )
    finally:
        if args.backend == "postgres":
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
            admin.dispose()
        tmp.cleanup()


if __name__ == "__main__":
    main()
