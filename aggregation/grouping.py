"""Near-duplicate keys: comments that differ only in Unicode form, tone placement, case, spacing or trailing
punctuation get the same key, so they are counted together (never dropped) and quoted once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
# Old-style tone placement on an open "oa", "oe", "uy" syllable ("hoà", "khoẻ", "thuỷ") moves to the first vowel
# ("hòa", "khỏe", "thủy"). In NFD the tone follows its vowel; the look-ahead keeps closed syllables ("hoàn",
# "hoặc") untouched because a letter or another combining mark follows.
_OLD_TONE = re.compile(rf"([oOuU])([aAeEyY])([{_TONES}])(?![\w\u0300-\u036f])")
_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?…])")
_EDGE_PUNCT = " \t\n.,;:!?…-–—\"'“”‘’()[]«»"


def new_tone_placement(text: str) -> str:
    """NFC text with tone marks in the "new" position on open oa/oe/uy syllables."""
    return unicodedata.normalize("NFC", _OLD_TONE.sub(r"\1\3\2", unicodedata.normalize("NFD", text)))


def near_key(text: str | None) -> str:
    """The grouping key of a comment text: NFC, new tone placement, casefold, one space, no edge punctuation."""
    if not text:
        return ""
    key = new_tone_placement(text).casefold()
    key = _SPACE.sub(" ", key)
    key = _SPACE_BEFORE_PUNCT.sub(r"\1", key)
    return key.strip(_EDGE_PUNCT)


def near_keys(texts: Iterable[str | None]) -> dict[str | None, str]:
    """Keys for many texts, computing each distinct text once (a large consultation repeats texts a lot)."""
    return {text: near_key(text) for text in set(texts)}
