"""Hostile drafts (zip bombs, PDF bombs, broken packages): one Vietnamese line, exit 1, in bounded time and memory.

The files are built here, small on disk: a deflate stream of one block repeated (each block flushed, so that
copies can follow one another) inflates to hundreds of MB from a few hundred KB, built in a fraction of a second.
bench/bench_hostile_files.py builds the same files (`hostile_drafts`) and measures each in a child process.
"""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from bot import cli
from core.messages import MESSAGES
from drafts import DraftError, read_draft
from drafts.zip_guard import MAX_ENTRIES, MAX_RATIO, MAX_UNCOMPRESSED_BYTES, check_zip
from tests.drafts.seed_docs import build_seed_docx

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEAD = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}"><w:body>'
    "<w:p><w:r><w:t>Phần thứ nhất</w:t></w:r></w:p>"
).encode()
TAIL = "<w:p><w:r><w:t>I. KẾT QUẢ</w:t></w:r></w:p></w:body></w:document>".encode()
PARAGRAPH = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
HEADER_HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr xmlns:w="{W_NS}">'.encode()
HEADER_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
HEADER_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"


# --- zip files written by hand: sizes, methods and directories exactly as a hostile file has them ---


@dataclass
class Entry:
    name: str
    data: bytes  # as stored: raw deflate for method 8
    crc: int
    size: int  # the uncompressed size the directory declares
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0


def _deflate_piece(data: bytes, last: bool) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if last else zlib.Z_FULL_FLUSH)


def deflated(name: str, data: bytes) -> Entry:
    return Entry(name, _deflate_piece(data, True), zlib.crc32(data), len(data))


def repeated(name: str, head: bytes, chunk: bytes, count: int, tail: bytes, crc: bool = True) -> Entry:
    """An entry of head + chunk × count + tail, deflating the chunk once (`crc`: computed, else left 0)."""
    data = _deflate_piece(head, False) + _deflate_piece(chunk, False) * count + _deflate_piece(tail, True)
    value = zlib.crc32(head)
    for _ in range(count if crc else 0):
        value = zlib.crc32(chunk, value)
    return Entry(name, data, zlib.crc32(tail, value) if crc else 0, len(head) + len(chunk) * count + len(tail))


def write_zip(path: Path, entries: list[Entry], central_only: bool = False) -> Path:
    """A zip of `entries`; `central_only` writes the directory alone (zipfile lists it without the data)."""
    body, directory = bytearray(), bytearray()
    for entry in entries:
        name = entry.name.encode()
        offset = len(body)
        sizes = (entry.crc, len(entry.data), entry.size)
        if not central_only:
            body += struct.pack(
                "<4s5H3L2H", b"PK\x03\x04", 20, entry.flags, entry.method, 0, 0x21, *sizes, len(name), 0
            )
            body += name + entry.data
        directory += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, entry.flags, entry.method, 0, 0x21, *sizes, len(name), 0, 0, 0, 0, 0,
            offset,
        )  # fmt: skip
        directory += name
    count = min(len(entries), 0xFFFF)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), len(body), 0)
    path.write_bytes(bytes(body + directory + end))
    return path


@cache
def _blank_docx() -> tuple[tuple[str, bytes], ...]:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as package:
        return tuple((name, package.read(name)) for name in package.namelist())


def docx_with(path: Path, document: Entry, extra: list[Entry] | None = None, headers: int = 0) -> Path:
    """python-docx's blank document with `document` as word/document.xml; `headers` of the `extra` entries (the
    first ones) are related to it as headers, so that python-docx loads and parses them."""
    parts = dict(_blank_docx())
    for i, entry in enumerate((extra or [])[:headers]):
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", f'<Override PartName="/{entry.name}" ContentType="{HEADER_CT}"/></Types>'.encode()
        )
        target = entry.name.removeprefix("word/")
        parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
            b"</Relationships>",
            f'<Relationship Id="rIdH{i}" Type="{HEADER_RT}" Target="{target}"/></Relationships>'.encode(),
        )
    entries = [document if name == "word/document.xml" else deflated(name, data) for name, data in parts.items()]
    return write_zip(path, entries + (extra or []))


def docx_bomb(path: Path, chunk: bytes, megabytes: int) -> Path:
    body = chunk * (MB // len(chunk))
    return docx_with(path, repeated("word/document.xml", HEAD, body, megabytes, TAIL))


def docx_small_parts(path: Path, parts: int) -> Path:
    """Many headers, each just under the 1 MB above which one part's ratio is checked: python-docx parses them all."""
    body = PARAGRAPH * ((MB - 4096) // len(PARAGRAPH))
    extra = [repeated(f"word/header{i}.xml", HEADER_HEAD, body, 1, b"</w:hdr>") for i in range(parts)]
    return docx_with(path, deflated("word/document.xml", HEAD + TAIL), extra, headers=parts)


def docx_many_entries(path: Path, count: int) -> Path:
    extra = [Entry(f"word/media/image{i}.png", b"", 0, 0, zipfile.ZIP_STORED) for i in range(count)]
    return docx_with(path, deflated("word/document.xml", HEAD + TAIL), extra)


def zip_directory_only(path: Path, count: int) -> Path:
    """A directory of `count` one-letter entries and no data: 47 bytes an entry, all zipfile needs to list them."""
    return write_zip(path, [Entry("a", b"", 0, 0, zipfile.ZIP_STORED)] * count, central_only=True)


def docx_lying_size(path: Path) -> Path:
    """document.xml declares 1 KB and inflates to 1 GB: zipfile stops at the declared size, but only after
    inflating everything it read in one go (its CRC cannot match: it is not even computed)."""
    entry = repeated("word/document.xml", HEAD, b" " * MB, 1000, TAIL, crc=False)
    entry.size = 1024
    return docx_with(path, entry)


def docx_billion_laughs(path: Path) -> Path:
    entities = '<!ENTITY a0 "Phần thứ nhất ">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    xml = HEAD.decode().replace("<w:document", f"<!DOCTYPE w:document [{entities}]>\n<w:document", 1)
    xml += "<w:p><w:r><w:t>&a9;</w:t></w:r></w:p>" + TAIL.decode()
    return docx_with(path, deflated("word/document.xml", xml.encode()))


def docx_unknown_method(path: Path) -> Path:
    entry = deflated("word/document.xml", HEAD + TAIL)
    entry.method = 99  # AES in WinZip's numbering: zipfile cannot inflate it
    return docx_with(path, entry)


def docx_encrypted(path: Path) -> Path:
    entry = deflated("word/document.xml", HEAD + TAIL)
    entry.flags = 1  # encrypted: zipfile wants a password
    return docx_with(path, entry)


def docx_corrupt_deflate(path: Path) -> Path:
    entry = deflated("word/document.xml", HEAD + PARAGRAPH * 200 + TAIL)
    entry.data = entry.data[:8] + bytes(b ^ 0x55 for b in entry.data[8:40]) + entry.data[40:]
    return docx_with(path, entry)


# --- PDF files written by hand ---

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
TEXT = b"BT /F1 12 Tf 72 720 Td (Phan thu nhat) Tj ET\n"


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of `objects` (object 1 the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def flate(head: bytes, chunk: bytes = b"", count: int = 0, extra: bytes = b"") -> bytes:
    """A FlateDecode stream object of head + chunk × count, deflating the chunk once (zlib framing)."""
    data = b"\x78\xda" + _deflate_piece(head, False) + _deflate_piece(chunk, False) * count + _deflate_piece(b"", True)
    adler = zlib.adler32(head)
    for _ in range(count):
        adler = zlib.adler32(chunk, adler)
    data += struct.pack(">L", adler)
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def pdf_pages(path: Path, contents: list[int], objects: list[bytes], xobjects: bytes = b"") -> Path:
    """Objects 1-3 are the catalog, the page tree and the font; `objects` follow from 4, then one page per entry
    of `contents` (the object number of its content stream)."""
    first_page = 4 + len(objects)
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(len(contents)))
    resources = b"<< /Font << /F1 3 0 R >> %s>>" % xobjects
    pages = [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources %s /Contents %d 0 R >>" % (resources, ref)
        for ref in contents
    ]
    catalog = b"<< /Type /Catalog /Pages 2 0 R >>"
    tree = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(contents))
    path.write_bytes(_pdf([catalog, tree, FONT, *objects, *pages]))
    return path


def pdf_big_stream(path: Path, megabytes: int) -> Path:
    return pdf_pages(path, [4], [flate(TEXT, b" " * MB, megabytes)])


def pdf_shared_stream(path: Path, pages: int, megabytes: int) -> Path:
    return pdf_pages(path, [4] * pages, [flate(TEXT, b" " * MB, megabytes)])


def pdf_distinct_streams(path: Path, pages: int, megabytes: int) -> Path:
    stream = flate(TEXT, b" " * MB, megabytes)
    return pdf_pages(path, [4 + i for i in range(pages)], [stream] * pages)


def pdf_dense_operators(path: Path, megabytes: int) -> Path:
    ops = b"(x) Tj " * (MB // 7)
    return pdf_pages(path, [4], [flate(b"BT /F1 12 Tf 72 720 Td ", ops, megabytes, b"")])


def _form(body: bytes, resources: bytes) -> bytes:
    return flate(body, extra=b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources %s " % resources)


def pdf_form_repeated(path: Path, calls: int, kilobytes: int) -> Path:
    """One page drawing one form (`kilobytes` of text operators) `calls` times."""
    form = _form(
        b"BT /F1 12 Tf 72 720 Td " + b"(x) Tj " * (kilobytes * 1024 // 7) + b"ET", b"<< /Font << /F1 3 0 R >> >>"
    )
    return pdf_pages(path, [5], [form, flate(TEXT + b"/X1 Do " * calls)], b"/XObject << /X1 4 0 R >> ")


def pdf_nested_forms(path: Path, fan_out: int, depth: int) -> Path:
    """Forms drawing forms: each level draws the next `fan_out` times; the innermost holds 10 KB of text."""
    objects = [_form(b"BT /F1 12 Tf 72 720 Td " + b"(x) Tj " * 1500 + b"ET", b"<< /Font << /F1 3 0 R >> >>")]
    for level in range(1, depth):  # object 4 + level draws object 4 + level - 1
        inner = 4 + level - 1
        objects.append(_form(b"/X1 Do " * fan_out, b"<< /Font << /F1 3 0 R >> /XObject << /X1 %d 0 R >> >>" % inner))
    top = 4 + depth - 1
    content = 4 + depth
    page_forms = b"/XObject << /X1 %d 0 R >> " % top
    return pdf_pages(path, [content], [*objects, flate(TEXT + b"/X1 Do " * fan_out)], page_forms)


def pdf_many_page_refs(path: Path, pages: int) -> Path:
    """A page tree listing one page `pages` times: 6 bytes a page."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
    page += b"/Contents 5 0 R >>"
    tree = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b"4 0 R " * pages, pages)
    path.write_bytes(_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", tree, FONT, page, flate(TEXT)]))
    return path


# --- the cases: (file name, builder, the catalog key it must be refused with) ---

Builder = Callable[[Path], Path]
HOSTILE_DRAFTS: list[tuple[str, Builder, str]] = [
    ("bom-200mb-doan-van.docx", lambda p: docx_bomb(p, PARAGRAPH, 200), "drafts.zip_too_large"),
    ("bom-200mb-dau-cach.docx", lambda p: docx_bomb(p, b" ", 200), "drafts.zip_too_large"),
    ("bom-20mb-doan-van.docx", lambda p: docx_bomb(p, PARAGRAPH, 20), "drafts.zip_ratio"),
    ("bom-40-header.docx", lambda p: docx_small_parts(p, 40), "drafts.zip_ratio"),
    ("qua-nhieu-phan.docx", lambda p: docx_many_entries(p, MAX_ENTRIES + 2_000), "drafts.zip_entries"),
    ("danh-muc-60000.docx", lambda p: zip_directory_only(p, 60_000), "drafts.zip_entries"),
    ("khai-sai-kich-thuoc-1gb.docx", docx_lying_size, "drafts.bad_docx"),
    ("billion-laughs.docx", docx_billion_laughs, "drafts.bad_docx"),
    ("nen-kieu-la.docx", docx_unknown_method, "drafts.bad_docx"),
    ("deflate-hong.docx", docx_corrupt_deflate, "drafts.bad_docx"),
    ("ma-hoa.docx", docx_encrypted, "drafts.bad_docx"),
    ("bom-200mb.pdf", lambda p: pdf_big_stream(p, 200), "drafts.pdf_too_complex"),
    ("bom-70mb.pdf", lambda p: pdf_big_stream(p, 70), "drafts.pdf_too_complex"),
    ("1000-trang-chung-10mb.pdf", lambda p: pdf_shared_stream(p, 1000, 10), "drafts.pdf_too_complex"),
    ("100-trang-moi-trang-10mb.pdf", lambda p: pdf_distinct_streams(p, 100, 10), "drafts.pdf_too_complex"),
    ("5mb-toan-tu.pdf", lambda p: pdf_dense_operators(p, 5), "drafts.pdf_too_complex"),
    ("form-5000-lan.pdf", lambda p: pdf_form_repeated(p, 5000, 100), "drafts.pdf_too_complex"),
    ("form-long-nhau.pdf", lambda p: pdf_nested_forms(p, 50, 3), "drafts.pdf_too_complex"),
    ("form-2000-tang.pdf", lambda p: pdf_nested_forms(p, 1, 2000), "drafts.pdf_too_complex"),
    ("100000-trang.pdf", lambda p: pdf_many_page_refs(p, 100_000), "drafts.pdf_too_complex"),
]
CASE_IDS = [name for name, _, _ in HOSTILE_DRAFTS]


def hostile_drafts(folder: Path) -> list[tuple[Path, str]]:
    """Write every hostile draft into `folder`: [(path, expected catalog key)]."""
    return [(build(folder / name), code) for name, build, code in HOSTILE_DRAFTS]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    folder = tmp_path_factory.mktemp("hostile")
    return {path.name: (path, code) for path, code in hostile_drafts(folder)}


def test_hostile_files_are_small_on_disk(hostile: dict[str, tuple[Path, str]]) -> None:
    sizes = {name: path.stat().st_size for name, (path, _) in hostile.items()}
    assert max(sizes.values()) < 5 * MB, sizes


runner = CliRunner()


@pytest.mark.parametrize("name", CASE_IDS)
def test_cli_refuses_in_one_vietnamese_line(hostile: dict[str, tuple[Path, str]], name: str) -> None:
    path, code = hostile[name]
    cli._register()
    result = runner.invoke(cli.app, ["draft", "outline", str(path)])
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    expected = MESSAGES[code].split("{", 1)[0]  # the catalog text up to its first field
    assert lines[0].startswith(f"Lỗi: {expected}") and lines[0].endswith(str(path)), lines[0]


@dataclass
class Measured:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    killed: str = ""


# Runs the command given after its own arguments, polls it every 20 ms (killed past the timeout or the RSS cap)
# and prints its exit code, time and peak RSS. It is a small process of its own on purpose: a child's ru_maxrss
# starts from the memory of the process it was forked from (Linux copies the high-water mark with the address
# space), so a child of pytest or of the benchmark would report their size, not its own.
_MEASURE = r"""
import json, os, subprocess, sys, time
timeout, max_rss, out, err, args = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5:]
def rss(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            return next((int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:")), 0.0)
    except OSError:
        return 0.0
with open(out, "w") as stdout, open(err, "w") as stderr:
    started = time.perf_counter()
    child = subprocess.Popen(args, stdout=stdout, stderr=stderr)
    killed = ""
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if not killed and time.perf_counter() - started > timeout:
            killed = f"killed after {timeout:g} s"
        elif not killed and rss(child.pid) > max_rss:
            killed = f"killed above {max_rss:g} MB"
        if killed:
            os.kill(child.pid, 9)  # not child.kill(): it would reap the child before wait4 does
        time.sleep(0.02)
print(json.dumps([os.waitstatus_to_exitcode(status), killed, time.perf_counter() - started, usage.ru_maxrss / 1024]))
"""


def run_measured(
    args: list[str], env: dict[str, str] | None = None, timeout: float = 60, max_rss_mb: float = 4096
) -> Measured:
    """Run `args` in a child process: its exit code, output, time and peak RSS (its own, see _MEASURE)."""
    with tempfile.TemporaryDirectory() as folder:
        out, err = Path(folder) / "stdout", Path(folder) / "stderr"
        measure = [sys.executable, "-S", "-c", _MEASURE, str(timeout), str(max_rss_mb), str(out), str(err), *args]
        report = subprocess.run(measure, env=env, cwd=ROOT, capture_output=True, text=True)
        assert report.returncode == 0, report.stderr
        code, killed, seconds, peak_mb = json.loads(report.stdout)
        stdout, stderr = out.read_text(encoding="utf-8"), err.read_text(encoding="utf-8")
        return Measured(code, stdout, stderr, seconds, peak_mb, killed)


_CHILD = """
import json, sys, time
from pathlib import Path
from drafts import DraftError, read_draft
out = []
for name in sys.argv[1:]:
    started = time.perf_counter()
    try:
        read_draft(Path(name))
        code = None
    except DraftError as exc:
        code = exc.code
    out.append([name, code, time.perf_counter() - started])
print(json.dumps(out))
"""


def test_all_hostile_drafts_in_one_process(hostile: dict[str, tuple[Path, str]]) -> None:
    """Every case read in turn by one fresh process, each refused with its own reason (nothing leaks from one to
    the next)."""
    paths = [str(path) for path, _ in hostile.values()]
    child = run_measured([sys.executable, "-c", _CHILD, *paths])
    assert child.code == 0, child.stderr
    output = child.stdout
    results = {Path(name).name: (code, seconds) for name, code, seconds in json.loads(output)}
    assert {name: code for name, (code, _) in results.items()} == {name: code for name, (_, code) in hostile.items()}
    # Time and peak memory (the bars: 5 s, 200 MB) are measured by bench/bench_hostile_files.py.


def test_real_draft_passes_the_zip_checks_with_room(tmp_path: Path) -> None:
    """The seed draft as Word writes it (94 pages): far under every limit, and read as before."""
    path = tmp_path / "du-thao.docx"
    build_seed_docx(path)
    check_zip(path)
    with zipfile.ZipFile(path) as package:
        entries = package.infolist()
    assert sum(entry.file_size for entry in entries) * 10 < MAX_UNCOMPRESSED_BYTES
    assert max(entry.file_size / entry.compress_size for entry in entries if entry.compress_size) * 2 < MAX_RATIO
    assert len(entries) * 100 < MAX_ENTRIES
    assert read_draft(path).sections


def test_zip_limits_are_checked_before_inflating(tmp_path: Path) -> None:
    path = docx_bomb(tmp_path / "bom.docx", PARAGRAPH, 200)
    with pytest.raises(DraftError) as caught:
        read_draft(path)
    assert caught.value.code == "drafts.zip_too_large"
    assert caught.value.params["limit_mb"] == "50" and float(str(caught.value.params["size_mb"])) > 200
