"""The one Vietnamese text normaliser: Unicode form, tone placement ("hoà"/"hòa"), case and spacing.

Used to compare what people type with the draft and with button labels (`fold`, `find_folded`, `label_key`), and
to group near-duplicate comments in the report (`near_key`). Text is kept verbatim as typed; these are keys.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
# Old-style tone placement on an open "oa", "oe", "uy" syllable ("hoà", "khoẻ", "thuỷ") moves to the first vowel
# ("hòa", "khỏe", "thủy"). In NFD a tone follows its vowel; the look-ahead keeps closed syllables ("hoàn", "hoặc")
# untouched because a letter or another combining mark follows.
_OLD_TONE = re.compile(rf"([oOuU])([aAeEyY])([{_TONES}])(?![\w\u0300-\u036f])")
_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?…])")
_EDGE = " \t\n.,;:!?…-–—\"'“”‘’«»"
_GROUP_EDGE = _EDGE + "()[]"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# What XML 1.0 (DOCX, XLSX), UTF-8 or PostgreSQL cannot hold: C0 and C1 controls but tab and newline, DEL, lone
# surrogates, U+FFFE/U+FFFF. Vertical tab, form feed, NEL and CR are line breaks (Word's Shift+Enter is a vertical
# tab); a surrogate pair stored as two code points becomes its character; the rest is dropped.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\r\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_AS_NEWLINE = frozenset("\x0b\x0c\x85\r")


def _unsafe(match: re.Match[str]) -> str:
    return "\n" if match.group() in _AS_NEWLINE else ""


def _pair(match: re.Match[str]) -> str:
    high, low = (ord(c) for c in match.group())
    return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))


def clean(text: str) -> str:
    """Text as it may be stored and quoted anywhere (see above). Everything a person types goes through this once
    on the way in (handlers/types.py), and every report writer again where it writes (aggregation/)."""
    if text.isprintable() or not _UNSAFE.search(text):  # the common cases, checked in C
        return text
    text = text.replace("\r\n", "\n")
    if _SURROGATE.search(text):
        text = _PAIR.sub(_pair, text)
    return _UNSAFE.sub(_unsafe, text)


def new_tone_placement(text: str) -> str:
    """NFC text with tone marks in the "new" position on open oa/oe/uy syllables."""
    return nfc(_OLD_TONE.sub(r"\1\3\2", unicodedata.normalize("NFD", text)))


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` folded for matching (NFD, casefold, new tone placement, one space, trimmed), and for each folded
    character the index in `text` it came from."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            if chars and chars[-1] != " ":
                chars.append(" ")
                origin.append(i)
            continue
        for part in unicodedata.normalize("NFD", ch.casefold()):
            chars.append(part)
            origin.append(i)
    if chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    _reorder_marks(chars, origin)
    folded = "".join(chars)
    for m in _OLD_TONE.finditer(folded):  # swap vowel and tone: same length, the origins swap with them
        a, b = m.start(2), m.start(3)
        chars[a], chars[b] = chars[b], chars[a]
        origin[a], origin[b] = origin[b], origin[a]
    return "".join(chars), origin


def _reorder_marks(chars: list[str], origin: list[int]) -> None:
    """Canonical order of each run of combining marks (as NFD of the whole text would give), origins alongside."""
    i = 0
    while i < len(chars):
        j = i
        while j < len(chars) and unicodedata.combining(chars[j]):
            j += 1
        if j - i > 1:
            run = sorted(zip(chars[i:j], origin[i:j], strict=True), key=lambda p: unicodedata.combining(p[0]))
            chars[i:j] = [c for c, _ in run]
            origin[i:j] = [o for _, o in run]
        i = j + 1 if j == i else j


def fold(text: str) -> str:
    """For comparing what a user typed: Unicode form, case, tone placement ("hoà"/"hòa") and spacing do not count."""
    return nfc(_folded(text)[0])


def find_folded(haystack: str, needle: str) -> tuple[int, int] | None:
    """Where `needle` occurs in `haystack` as `fold` compares them: (start, end) in `haystack`, or None.

    A match never ends on a base letter whose accent follows ("hoa" is not found in "hoà").
    """
    key = _folded(needle)[0]
    if not key:
        return None
    folded, origin = _folded(haystack)
    at = folded.find(key)
    while at >= 0:
        end = at + len(key)
        if end == len(folded) or not unicodedata.combining(folded[end]):
            return origin[at], origin[end - 1] + 1
        at = folded.find(key, at + 1)
    return None


def _plain(text: str) -> tuple[str, list[int]]:
    """`_folded` without accents (đ as d): what someone typing without diacritics writes, with the origins."""
    folded, origin = _folded(text)
    keep = [i for i, c in enumerate(folded) if not unicodedata.combining(c)]
    return "".join(folded[i] for i in keep).replace("đ", "d"), [origin[i] for i in keep]


def find_unaccented(haystack: str, needle: str) -> tuple[int, int] | None:
    """Where `needle`, typed without diacritics ("bien dong gia ca"), stands in `haystack`, when it stands there
    once only (unaccented, "ban" may be "bàn", "bán" or "bạn": two places are two different words)."""
    key = _plain(needle)[0]
    if not key:
        return None
    plain, origin = _plain(haystack)
    # Whole words only: "thon" is not the start of "thông".
    found = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(key)}(?!\w)", plain)]
    if len(found) != 1:
        return None
    at = found[0]
    end = at + len(key) - 1
    stop = origin[end] + 1
    while stop < len(haystack) and unicodedata.combining(haystack[stop]):  # the last letter's own marks (NFD)
        stop += 1
    return origin[at], stop


def occurrences(haystack: str, needle: str) -> int:
    """How many places `needle` could mean in `haystack`: as typed (`fold`), else typed without diacritics (whole
    words). More than one: the person has to say which (a few more words)."""
    key = _folded(needle)[0]
    if key:
        folded = _folded(haystack)[0]
        count, at = 0, folded.find(key)
        while at >= 0:
            count += 1
            at = folded.find(key, at + 1)
        if count:
            return count
    plain_key = _plain(needle)[0]
    if not plain_key:
        return 0
    return len(re.findall(rf"(?<!\w){re.escape(plain_key)}(?!\w)", _plain(haystack)[0]))


def bare(text: str) -> str:
    """`fold` without edge punctuation: " Bỏ. " and "bỏ!" are both "bỏ"."""
    return fold(text).strip(_EDGE)


def label_key(text: str) -> str:
    """How a typed text is compared with button labels: `fold`, without accents (đ as d) or edge punctuation."""
    if len(text) > 120:  # no label is this long: do not fold a whole comment for nothing
        return ""
    # Without accents, tone placement and Unicode form no longer matter: one NFD pass is enough.
    plain = "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))
    return " ".join(plain.replace("đ", "d").split()).strip(_EDGE)


def near_key(text: str | None) -> str:
    """The grouping key of a comment: NFC, new tone placement, casefold, one space, no edge punctuation."""
    if not text:
        return ""
    key = new_tone_placement(text).casefold()
    key = _SPACE.sub(" ", key)
    key = _SPACE_BEFORE_PUNCT.sub(r"\1", key)
    return key.strip(_GROUP_EDGE)


def near_keys(texts: Iterable[str | None]) -> dict[str | None, str]:
    """Keys for many texts, computing each distinct text once (a large consultation repeats texts a lot)."""
    return {text: near_key(text) for text in set(texts)}


def has_words(text: str) -> bool:
    """True when `text` has a letter or a digit (not only emoji, punctuation or spaces)."""
    return any(c.isalnum() for c in text)


_NUMBER = re.compile(r"[0-9]{1,18}")


def as_int(value: object) -> int | None:
    """A plain number written with ASCII digits ("12"), else None: "²", "١٢", "-1" or "" are not numbers here."""
    text = str(value).strip()
    return int(text) if _NUMBER.fullmatch(text) else None


def split_text(text: str, limit: int) -> list[str]:
    """Chunks of at most `limit` characters, cut at a blank line, else a line end, else a space, else anywhere."""
    chunks: list[str] = []
    rest = text.strip("\n")
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = -1
        for sep in ("\n\n", "\n", " "):
            cut = window.rfind(sep)
            if cut > 0:
                break
        if cut <= 0:
            cut = limit
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    if rest or not chunks:
        chunks.append(rest)
    return chunks


# Where a sentence ends: . ! ? … (and a closing quote or bracket) then a space, before a capital, a digit, an
# opening quote or bracket. "TP. Hồ Chí Minh", "2.1", "1.000" do not end one (a short capitalised word before the
# stop, or no space after it).
_SENTENCE_END = re.compile(r"(?<=[.!?…])[»”\"')\]]*\s+(?=[(\[«“\"'0-9A-ZĐÀ-Ỹ])")
_ITEM_START = re.compile(r"\s(?=\(\d{1,3}\)\s)")  # "(2) …" inside a paragraph starts an item of its own
# Abbreviations before which a stop ends no sentence (Vietnamese administrative and academic ones); a capitalised
# word is not one ("Việt Nam.", "khóa XII." end sentences).
_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:TP|Tp|TX|Tx|TT|Q|P|X|H|Th|Tr|TS|ThS|PGS|GS|BS|KS|CN|NXB|St|Ng)\.$")
LONG_SENTENCE = 256  # longer than a copy button holds: split again at "; " (the lists party texts are made of)


def sentences(text: str) -> list[tuple[int, int]]:
    """The sentences and "(n)" items of a paragraph as (start, end) spans of `text`, spaces trimmed: what a resident
    taps to amend (handlers/flow/amend.py)."""
    cuts = {
        m.end() for m in _SENTENCE_END.finditer(text) if not _ABBREVIATION.search(text[: m.start()].rstrip("»”\"')]"))
    }
    cuts |= {m.end() for m in _ITEM_START.finditer(text)}
    spans = _spans(text, cuts)
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if b - a <= LONG_SENTENCE:
            out.append((a, b))
            continue
        inner = {m.end() for m in re.finditer(r";\s+", text[a:b])}
        out.extend((a + x, a + y) for x, y in _spans(text[a:b], inner))
    return out


def _spans(text: str, cuts: set[int]) -> list[tuple[int, int]]:
    """`text` cut at `cuts`, each piece's spaces trimmed, empty ones dropped."""
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in [*sorted(cuts), len(text)]:
        a, b = start, cut
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append((a, b))
        start = cut
    return spans
