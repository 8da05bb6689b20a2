"""PDF text extractors against the DOCX they were printed from: paragraphs read identically, time a page, peak RSS.

    .venv/bin/python bench/bench_pdf_text.py                 # every extractor installed, every document
    .venv/bin/python bench/bench_pdf_text.py --only plan     # documents whose name contains "plan"

Documents (built here, then printed with LibreOffice): the ward's plan 02-KH/ĐU as an office types it (justified
Times New Roman 14 pt, bold and italic runs inside justified lines, "(n)" items, three real footnotes, paragraphs
cut by page breaks: tests/drafts/print_docs.py), the seed draft (tests/drafts/seed_docs.py: justified 13 pt,
footnote blocks, landscape appendix tables) and the seed with Word-style run properties on every run
(bench/bench_hostile_files.py, 94 pages).

The reference is the DOCX read by gopy (drafts.read_draft, LibreOffice laying it out). Each extractor's glyphs
(or words, or text fragments) go through the same line rebuilding (drafts.pdf_text.lines_from_glyphs) and the
same paragraph grammar (drafts.pdf_reader, drafts.assemble), so the extractors alone differ:

- pypdfium2 (PDFium): a glyph, its advance box, baseline and font size. What gopy uses.
- pdfminer.six: LTChar (advance box, baseline from its matrix, size), no layout analysis (laparams=None).
- pypdf: the text fragments of its visitor (one per text-showing operator) at the position of the operator;
  their width is estimated (half the font size a character), as gopy did before.
- pdftotext -bbox-layout (Poppler, the reference; not a dependency): one box per word.

"Identical" counts the paragraphs of the body (front matter and every section but the appendices, whose tables
a PDF cannot give back as cells) that the PDF reading has with exactly the DOCX reading's text (as multisets: a
paragraph split in two counts as lost, not as shifting every later one). Each reading runs in
a fresh child process (run_measured: its own peak RSS); the time is the child's extraction + reading, per page.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EXTRACTORS = ["pypdfium2", "pdfminer.six", "pypdf", "pdftotext"]


# --- in the child: one extractor → pages of lines → the outline's body paragraphs ---------------------------


def _pypdfium2(path: Path) -> list[Any]:
    from drafts.pdf_text import pdfium_pages

    return list(pdfium_pages(path))


def _pdfminer(path: Path) -> list[Any]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    from drafts.pdf_text import Glyph, lines_from_glyphs

    pages = []
    for number, layout in enumerate(extract_pages(str(path), laparams=None), start=1):
        glyphs = []
        stack = list(layout)
        while stack:  # figures hold characters too
            item = stack.pop(0)
            if isinstance(item, LTChar):
                glyphs.append(Glyph(item.get_text(), item.x0, item.x1, item.matrix[5], item.size))
            elif hasattr(item, "__iter__"):
                stack[:0] = list(item)
        pages.append(lines_from_glyphs(glyphs, number))
    return pages


def _pypdf(path: Path) -> list[Any]:
    from pypdf import PdfReader

    from drafts.pdf_text import Glyph, lines_from_glyphs

    pages = []
    for number, page in enumerate(PdfReader(str(path)).pages, start=1):
        glyphs: list[Glyph] = []

        def visit(
            text: str, cm: list[float], tm: list[float], font: object, size: float, glyphs: list[Glyph] = glyphs
        ) -> None:
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            height = max(size * (abs(tm[3]) or 1.0) * (abs(cm[3]) or 1.0), 1.0)
            for offset, part in enumerate(text.split("\n")):
                if part.strip():
                    width = len(part) * height * 0.5
                    glyphs.append(Glyph(part, x, x + width, y - offset * height * 1.2, height))

        page.extract_text(visitor_text=visit)
        pages.append(lines_from_glyphs(glyphs, number))
    return pages


def _pdftotext(path: Path) -> list[Any]:
    from lxml import etree

    from drafts.pdf_text import Glyph, lines_from_glyphs

    html = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, check=True).stdout
    root = etree.fromstring(html, etree.HTMLParser(encoding="utf-8"))
    pages = []
    for number, page in enumerate(root.iter("page"), start=1):
        height = float(page.get("height"))
        glyphs = []
        for word in page.iter("word"):
            top, bottom = float(word.get("ymin")), float(word.get("ymax"))
            left, right, size = float(word.get("xmin")), float(word.get("xmax")), bottom - top
            glyphs.append(Glyph(word.text or "", left, right, height - bottom, size))  # words: gaps make spaces
        pages.append(lines_from_glyphs(glyphs, number))
    return pages


READERS: dict[str, Callable[[Path], list[Any]]] = {
    "pypdfium2": _pypdfium2,
    "pdfminer.six": _pdfminer,
    "pypdf": _pypdf,
    "pdftotext": _pdftotext,
}


def body_paragraphs(outline: Any) -> list[str]:
    texts = [p.text for p in outline.front_matter]
    for section in outline.walk():
        if not section.label.startswith("PHỤ LỤC"):
            texts.extend(p.text for p in section.paragraphs)
    return texts


def child(extractor: str, path: Path) -> None:
    from drafts.assemble import build_outline
    from drafts.pdf_reader import pdf_blocks, tidy_lines

    started = time.perf_counter()
    pages = READERS[extractor](path)
    outline = build_outline(pdf_blocks(tidy_lines(pages)))
    seconds = time.perf_counter() - started
    print(json.dumps({"pages": len(pages), "seconds": seconds, "paragraphs": body_paragraphs(outline)}))


# --- in the parent ------------------------------------------------------------------------------------------


def documents(folder: Path, only: str) -> list[tuple[str, Path]]:
    from bench.bench_hostile_files import _seed_docx
    from tests.drafts.print_docs import build_plan_docx
    from tests.drafts.seed_docs import build_seed_docx

    builders: list[tuple[str, Callable[[Path], object]]] = [
        ("plan-02-kh.docx", build_plan_docx),
        ("seed.docx", build_seed_docx),
        ("seed-word-style.docx", lambda p: _seed_docx(p, 1)),
    ]
    return [(name, _built(folder / name, build)) for name, build in builders if only in name]


def _built(path: Path, build: Callable[[Path], object]) -> Path:
    build(path)
    return path


def to_pdf(docx_path: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed to print the documents")
    profile = docx_path.parent / "lo-profile"
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf"]
    subprocess.run([*command, "--outdir", str(docx_path.parent), str(docx_path)], check=True, capture_output=True)
    return docx_path.with_suffix(".pdf")


def available(extractor: str) -> bool:
    if extractor == "pdftotext":
        return shutil.which("pdftotext") is not None
    module = {"pypdfium2": "pypdfium2", "pdfminer.six": "pdfminer", "pypdf": "pypdf"}[extractor]
    try:
        __import__(module)
    except ImportError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="", help="documents whose file name contains this")
    parser.add_argument("--child", nargs=2, metavar=("EXTRACTOR", "PDF"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return

    from drafts import read_draft
    from tests.drafts.test_hostile_drafts import run_measured

    with tempfile.TemporaryDirectory() as tmp:
        print("| document | pages | extractor | body paragraphs identical to the DOCX | time a page | peak RSS |")
        print("|---|---|---|---|---|---|")
        for name, docx_path in documents(Path(tmp), args.only):
            pdf = to_pdf(docx_path)
            reference = body_paragraphs(read_draft(docx_path))
            for extractor in EXTRACTORS:
                if not available(extractor):
                    print(f"| {name} | | {extractor} | not installed | | |")
                    continue
                argv = [sys.executable, str(Path(__file__).resolve()), "--child", extractor, str(pdf)]
                result = run_measured(argv, timeout=600)
                if result.code != 0:
                    print(f"| {name} | | {extractor} | failed: {result.stderr.strip().splitlines()[-1:]} | | |")
                    continue
                report = json.loads(result.stdout)
                mine = report["paragraphs"]
                same = sum((Counter(mine) & Counter(reference)).values())
                counted = f"{same} / {len(reference)}" + ("" if len(mine) == len(reference) else f" (read {len(mine)})")
                per_page = report["seconds"] / max(report["pages"], 1) * 1000
                print(
                    f"| {name} | {report['pages']} | {extractor} | {counted} | {per_page:.0f} ms | "
                    f"{result.peak_mb:.0f} MB |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
