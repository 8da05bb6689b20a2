"""Refuse zip bombs before python-docx opens a Word package: the zip directory is checked first, then every entry
is inflated in small chunks against its declared size (`_inflate_in_chunks`).

A .docx is a zip. The 20 MB limit in drafts.reader bounds the compressed file only; what python-docx holds in
memory is the *uncompressed* size of the parts it reads, and lxml's tree costs several times more per byte of XML
again. A 640 KB file can hold 200 MB of repeated paragraphs (minutes and gigabytes before this guard).

The sizes are the ones the zip directory declares. Python's zipfile stops an entry at its declared size (and then
fails its CRC check), so no entry yields more than the directory says; how much it inflates on the way there is
what `_inflate_in_chunks` bounds.

The limits, and why a real draft passes them with room:
- MAX_UNCOMPRESSED_BYTES, 50 MB for all entries together. The seed draft (94 pages, tests/fixtures/seed) built as a
  DOCX with Word-style run properties on every run is 2.0 MB uncompressed, 1.2 MB of it document.xml (~13 KB a
  page); four times over (334 pages) it is 5.6 MB. A 400-page party document is then ~6 MB, ~18 MB if Word writes
  it three times as verbosely. Pictures do not shrink in a zip, so they stay under the 20 MB file limit anyway.
  50 MB is 3-8 times a 400-page draft. It is also what an accepted file can cost: 49 MB of ordinary XML (a 2.5 MB
  file) takes python-docx 7-11 s and ~670 MB (bench/bench_hostile_files.py), so the limit is not raised lightly.
- MAX_RATIO, 100:1, for an entry of at least RATIO_MIN_BYTES (1 MB) and for the package as a whole. Office XML
  deflates 10-35:1 (seed DOCX: document.xml 19:1, styles.xml 29:1, stylesWithEffects.xml 32:1); pictures about
  1:1. Repeated identical markup, what a bomb is made of, deflates 200-1,000:1. Small entries are not held to the
  ratio: they cannot hold much whatever their ratio.
- MAX_ENTRIES, 10,000. A DOCX has 15-30 parts plus one per picture.
- MAX_DIRECTORY_BYTES (MAX_ENTRIES × 256 bytes) bounds the zip directory itself, checked from its end record before
  zipfile builds one object per entry: a 20 MB file of empty entries would otherwise cost ~150 MB and ~2 s just to
  list. A directory record is 46 bytes plus the entry's name (< 100 bytes in a DOCX), extra field and comment.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from drafts.errors import DraftError

MB = 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 50 * MB
MAX_RATIO = 100
RATIO_MIN_BYTES = 1 * MB
MAX_ENTRIES = 10_000
MAX_DIRECTORY_BYTES = MAX_ENTRIES * 256
READ_CHUNK = 64 * 1024


@dataclass(frozen=True)
class ZipLimits:
    """The bounds `check_zip` holds a package to: a Word draft's by default (above); a spreadsheet of meetings or
    letters has tighter ones (storage/sheets.py)."""

    max_uncompressed_bytes: int = MAX_UNCOMPRESSED_BYTES
    max_ratio: int = MAX_RATIO
    ratio_min_bytes: int = RATIO_MIN_BYTES
    max_entries: int = MAX_ENTRIES

    @property
    def max_directory_bytes(self) -> int:
        return self.max_entries * 256


DOCX_LIMITS = ZipLimits()

# zipfile's own reader of the end record: the same record zipfile.ZipFile will trust (last one found, ZIP64 aware).
_END_RECORD: Any = getattr(zipfile, "_EndRecData", None)
_END_RECORD_DIRECTORY_SIZE = 5  # zipfile._ECD_SIZE


def check_zip(path: Path | IO[bytes], limits: ZipLimits = DOCX_LIMITS, *, name: str | None = None) -> None:
    """Raise DraftError when the zip at `path` (a file, or a seekable binary stream such as a BytesIO) would
    inflate past `limits`, zipfile.BadZipFile (zlib.error, NotImplementedError) when an entry is broken. Inflates
    nothing until the directory has passed. `name`: how messages name a stream (a path names itself)."""
    shown = name if name is not None else str(path)
    if isinstance(path, Path):
        with path.open("rb") as handle:
            record = _END_RECORD(handle) if _END_RECORD is not None else None
    else:
        record = _END_RECORD(path) if _END_RECORD is not None else None
        path.seek(0)
    if record and record[_END_RECORD_DIRECTORY_SIZE] > limits.max_directory_bytes:
        raise DraftError("drafts.zip_entries", path=shown, count=_number(limits.max_entries))
    with zipfile.ZipFile(path) as package:
        entries = package.infolist()
    if len(entries) > limits.max_entries:
        raise DraftError("drafts.zip_entries", path=shown, count=_number(limits.max_entries))
    total = sum(entry.file_size for entry in entries)
    if total > limits.max_uncompressed_bytes:
        raise DraftError(
            "drafts.zip_too_large",
            path=shown,
            size_mb=f"{total / MB:.1f}",
            limit_mb=f"{limits.max_uncompressed_bytes / MB:g}",
        )
    for entry in entries:
        if entry.file_size >= limits.ratio_min_bytes and entry.file_size > limits.max_ratio * entry.compress_size:
            raise DraftError("drafts.zip_ratio", path=shown, count=_ratio(entry.file_size, entry.compress_size))
    packed = sum(entry.compress_size for entry in entries)
    if total >= limits.ratio_min_bytes and total > limits.max_ratio * packed:
        raise DraftError("drafts.zip_ratio", path=shown, count=_ratio(total, packed))
    _inflate_in_chunks(path)


def _inflate_in_chunks(path: Path | IO[bytes]) -> None:
    """Inflate every entry READ_CHUNK at a time and check its CRC; raises zipfile.BadZipFile (or zlib.error,
    NotImplementedError) for a broken entry, which the caller reports as not a Word file.

    The sizes above are the declared ones, and zipfile does stop an entry at its declared size, but
    ZipFile.read (what python-docx calls) inflates all the compressed bytes it reads in one call first: an entry
    that declares 1 KB and holds 1 MB of deflated spaces costs 1 GB before zipfile truncates it and fails its CRC.
    Read in chunks, the same entry costs READ_CHUNK, and every entry costs at most its declared size in all
    (≤ MAX_UNCOMPRESSED_BYTES, ~0.1 s a 50 MB; python-docx inflates the parts it reads a second time).
    """
    with zipfile.ZipFile(path) as package:
        for entry in package.infolist():
            try:
                with package.open(entry) as stream:
                    while stream.read(READ_CHUNK):
                        pass
            except RuntimeError as exc:  # an encrypted entry: Word never encrypts entries (it encrypts the file)
                raise zipfile.BadZipFile(str(exc)) from exc


def _ratio(size: int, packed: int) -> str:
    return _number(size // max(packed, 1))


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")  # 10.000, as Vietnamese writes it
