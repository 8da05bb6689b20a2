"""Hostile files against the real `gopy` commands: each in a fresh child process, its time and peak RSS.

    .venv/bin/python bench/bench_hostile_files.py                      # every case, this tree
    .venv/bin/python bench/bench_hostile_files.py --root /tmp/before   # the same files against another tree
    .venv/bin/python bench/bench_hostile_files.py --only pdf --no-pdf-controls

The hostile files are the tests' own (tests/drafts/test_hostile_drafts.py, tests/storage/test_hostile_plans.py):
zip bombs, PDF bombs, broken packages, alias bombs and other plan files that YAML makes costly. Controls that must
be accepted come last: the seed draft (94 pages) as DOCX and PDF, the same four times over (334 pages), a DOCX
just under the zip limits with ordinary (19:1) XML, and the example plan.

Each case runs `gopy draft outline FILE` or `gopy plan load FILE` (on a migrated SQLite database of its own) in
a child process, `--root` first on its path, started by a small measuring process (run_measured in the drafts
test): its peak RSS is its own (os.wait4), not inflated by the size of this process. A child is killed past
--timeout seconds or --max-rss MB, so that the code before the fix can be measured too. Bar for a hostile file:
exit 1 with one line on stderr, ≤ 5 s, ≤ 200 MB.
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.drafts.test_hostile_drafts import (  # noqa: E402
    HOSTILE_DRAFTS,
    MB,
    Measured,
    deflated,
    repeated,
    run_measured,
    write_zip,
    zip_directory_only,
)
from tests.storage.test_hostile_plans import EXAMPLE, HOSTILE_PLANS, example_plus  # noqa: E402

RUNNER = "import sys; sys.path.insert(0, sys.argv.pop(1)); sys.argv[0] = 'gopy'; from bot.cli import main; main()"
BAR_SECONDS, BAR_MB = 5.0, 200.0


@dataclass
class Case:
    name: str
    command: str  # "draft" or "plan"
    path: Path
    hostile: bool


# --- controls: files that must be accepted ---


def _seed_docx(path: Path, copies: int) -> Path:
    """The seed draft as DOCX (tests/drafts/seed_docs.py), its body `copies` times, Word-style run properties on
    every run (fonts, sizes, language, revision ids): ~94 pages a copy."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from tests.drafts.seed_docs import build_seed_docx

    build_seed_docx(path)
    document = docx.Document(str(path))
    body = document.element.body
    section = body.find(qn("w:sectPr"))
    items = [child for child in body.iterchildren() if child.tag != qn("w:sectPr")]
    for _ in range(copies - 1):
        for item in items:
            section.addprevious(copy.deepcopy(item))
    for run_element in body.iter(qn("w:r")):
        properties = run_element.find(qn("w:rPr"))
        if properties is None:
            properties = OxmlElement("w:rPr")
            run_element.insert(0, properties)
        fonts = OxmlElement("w:rFonts")
        for script in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(qn(f"w:{script}"), "Times New Roman")
        properties.append(fonts)
        for tag, value in (("w:sz", "28"), ("w:szCs", "28"), ("w:lang", "vi-VN")):
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            properties.append(element)
    for paragraph in body.iter(qn("w:p")):
        for name in ("rsidR", "rsidRDefault", "rsidP"):
            paragraph.set(qn(f"w:{name}"), "00A1B2C3")
    document.save(str(path))
    return path


def _near_limit_docx(path: Path, seed: Path) -> Path:
    """Ordinary XML (the seed's body, deflating 19:1) repeated to just under the 50 MB uncompressed limit."""
    with zipfile.ZipFile(seed) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    xml = parts["word/document.xml"]
    body_start = xml.index(b"<w:body>") + len(b"<w:body>")
    body_end = xml.rindex(b"<w:sectPr")
    head, body, tail = xml[:body_start], xml[body_start:body_end], xml[body_end:]
    others = sum(len(data) for name, data in parts.items() if name != "word/document.xml")
    count = (49 * MB - others - len(head) - len(tail)) // len(body)
    document = repeated("word/document.xml", head, body, count, tail)
    entries = [document if name == "word/document.xml" else deflated(name, data) for name, data in parts.items()]
    return write_zip(path, entries)


def _pdf(docx_path: Path, folder: Path) -> Path | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    profile = folder / "lo-profile"
    command = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf"]
    subprocess.run([*command, "--outdir", str(folder), str(docx_path)], check=True, capture_output=True, timeout=600)
    return folder / f"{docx_path.stem}.pdf"


def build_cases(folder: Path, only: str, pdf_controls: bool) -> list[Case]:
    cases: list[Case] = []
    # The tests' directory case is kept small to build; the benchmark also lists the largest that fits 20 MB.
    largest_directory = ("danh-muc-400000.docx", lambda p: zip_directory_only(p, 400_000), "drafts.zip_entries")
    for name, build, _ in [*HOSTILE_DRAFTS, largest_directory]:
        if only in name:
            cases.append(Case(name, "draft", build(folder / name), True))
    for name, text, _, _ in HOSTILE_PLANS:
        if only in name:
            (folder / name).write_text(text, encoding="utf-8")
            cases.append(Case(name, "plan", folder / name, True))

    def seed(copies: int) -> Path:
        path = folder / ("seed-94-trang.docx" if copies == 1 else "seed-x4-334-trang.docx")
        return path if path.exists() else _seed_docx(path, copies)

    controls: list[tuple[str, str, Callable[[], Path | None]]] = [
        ("seed-94-trang.docx", "draft", lambda: seed(1)),
        ("seed-x4-334-trang.docx", "draft", lambda: seed(4)),
        ("sat-gioi-han-49mb.docx", "draft", lambda: _near_limit_docx(folder / "sat-gioi-han-49mb.docx", seed(1))),
        ("ke-hoach-vi-du.yaml", "plan", lambda: _example_plan(folder)),
    ]
    if pdf_controls:
        controls += [
            ("seed-94-trang.pdf", "draft", lambda: _pdf(seed(1), folder)),
            ("seed-x4-334-trang.pdf", "draft", lambda: _pdf(seed(4), folder)),
        ]
    for name, command, build_control in controls:
        if only in name:
            path = build_control()
            if path is not None:
                cases.append(Case(name, command, path, False))
    return cases


def _example_plan(folder: Path) -> Path:
    path = folder / "ke-hoach-vi-du.yaml"
    path.write_text(example_plus(""), encoding="utf-8")
    assert EXAMPLE.is_file()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="source tree to run (default: this one)")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--max-rss", type=float, default=4096.0, help="MB; the child is killed above it")
    parser.add_argument("--only", default="", help="cases whose file name contains this")
    parser.add_argument("--no-pdf-controls", action="store_true", help="skip rendering the seed to PDF")
    args = parser.parse_args()

    from storage.migrate import upgrade

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        cases = build_cases(folder, args.only, not args.no_pdf_controls)
        print(f"{len(cases)} files built in {time.perf_counter() - started:.1f} s; running against {args.root}\n")
        template = folder / "template.db"
        upgrade(f"sqlite:///{template}")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "GOPY_", "DATABASE_URL"))}
        print("| case | file | command | exit | stderr | time | peak RSS | bar |")
        print("|---|---|---|---|---|---|---|---|")
        for case in cases:
            database = folder / f"{case.name}.db"
            shutil.copy(template, database)
            env["DATABASE_URL"] = f"sqlite:///{database}"
            command = ["outline"] if case.command == "draft" else ["load"]
            argv = [sys.executable, "-c", RUNNER, str(args.root), case.command, *command, str(case.path)]
            result = run_measured(argv, env, args.timeout, args.max_rss)
            print(_row(case, result), flush=True)


def _row(case: Case, result: Measured) -> str:
    size = case.path.stat().st_size
    shown = f"{size / MB:.1f} MB" if size >= MB else f"{size / 1024:.0f} KB"
    exit_code = result.killed or str(result.code)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    shown_line = (lines[0] if len(lines) == 1 else lines[-1] if lines else "").replace(str(case.path), "…")
    shown_line = shown_line.replace("|", "/")
    shown_line = shown_line if len(shown_line) <= 90 else shown_line[:89] + "…"
    count = f"{len(lines)} lines: " if len(lines) != 1 else ""
    if case.hostile:
        one_line = result.code == 1 and len(lines) == 1 and lines[0].startswith("Lỗi: ")
        ok = one_line and result.seconds <= BAR_SECONDS and result.peak_mb <= BAR_MB
    else:
        ok = result.code == 0
    kind = "hostile" if case.hostile else "control"
    return (
        f"| {case.name} ({kind}) | {shown} | {case.command} | {exit_code} | {count}{shown_line} | "
        f"{result.seconds:.2f} s | {result.peak_mb:.0f} MB | {'ok' if ok else 'FAIL'} |"
    )


if __name__ == "__main__":
    main()
