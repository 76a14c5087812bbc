"""Name normalization shared by search and alias lookup."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def normalize(text: str) -> str:
    """Lower-case, strip Latin accents and punctuation, collapse spaces ("Türkiye" -> "turkiye").

    Marks on Cyrillic letters are kept, so "й" stays distinct from "и".
    """
    kept: list[str] = []
    base = ""
    for ch in unicodedata.normalize("NFKD", text.casefold()):
        if unicodedata.combining(ch):
            if _is_cyrillic(base):
                kept.append(ch)
            continue
        base = ch
        kept.append(ch)
    return _NON_WORD.sub(" ", unicodedata.normalize("NFC", "".join(kept))).strip()
