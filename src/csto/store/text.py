"""Name normalization shared by search and alias lookup; text fingerprints for near-duplicate articles."""

from __future__ import annotations

import hashlib
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


def _bigrams(text: str) -> set[str]:
    words = normalize(text).split()
    return {" ".join(words[i : i + 2]) for i in range(max(1, len(words) - 1))}


def fingerprint(text: str) -> str:
    """A 64-bit SimHash of the text's word pairs, as 16 hex digits: a quick filter for look-alikes.

    Texts that differ by a few words land a few bits apart; ``near_duplicates`` confirms a
    candidate on the texts themselves.
    """
    weights = [0] * 64
    for pair in _bigrams(text):
        value = int.from_bytes(hashlib.blake2b(pair.encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if value >> bit & 1 else -1
    return f"{sum(1 << bit for bit in range(64) if weights[bit] > 0):016x}"


CANDIDATE_BITS = 20
SAME_WORDING = 0.7
_KEY = re.compile(r"\b(?:[A-ZА-ЯЁ][\w'-]+|\w*\d\w*)\b")
_NOT_KEY = {"The", "A", "An", "He", "She", "It", "They", "We", "I", "On", "In", "At", "And", "But", "This", "That"}


def distance(left: str, right: str) -> int:
    """How many of the 64 fingerprint bits differ."""
    return (int(left, 16) ^ int(right, 16)).bit_count()


def looks_alike(left: str, right: str) -> bool:
    """Whether two fingerprints are close enough for their texts to be compared."""
    return distance(left, right) <= CANDIDATE_BITS


def key_terms(text: str) -> set[str]:
    """Names and numbers of a text: what a republished story keeps and a different story changes."""
    return {t for t in _KEY.findall(text) if t not in _NOT_KEY}


def near_duplicates(left: str, right: str) -> bool:
    """The same story: most word pairs shared and no name or number added or changed.

    A corrected byte or a republished wire story with a new headline passes; the same template
    about another summit (another city, another year) does not.
    """
    a, b = _bigrams(left), _bigrams(right)
    overlap = len(a & b) / max(1, len(a | b))
    (head_a, body_a), (head_b, body_b) = _headline(left), _headline(right)
    changed = (key_terms(body_a) ^ key_terms(body_b)) - key_terms(head_a) - key_terms(head_b)
    return overlap >= SAME_WORDING and not changed


def _headline(text: str) -> tuple[str, str]:
    """A short first paragraph (a headline a republisher may change) and the rest."""
    head, gap, body = text.strip().partition("\n\n")
    return (head, body) if gap and len(head) < 200 else ("", text)
