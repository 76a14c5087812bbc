"""Sentence boundaries by rule: line breaks always end a sentence; so does a full stop before a capital.

Rules, not a model: abbreviations such as "St.", "Gen.", "U.S." and initials do not end a sentence.
"""

from __future__ import annotations

import re

from csto.ingest.models import Span

_ABBREVIATIONS = {
    "st",
    "mr",
    "mrs",
    "ms",
    "dr",
    "gen",
    "lt",
    "col",
    "maj",
    "sgt",
    "capt",
    "adm",
    "no",
    "vs",
    "etc",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "u.s",
    "u.k",
    "e.g",
    "i.e",
    "ed",
    "approx",
    "inc",
    "ltd",
    "corp",
}
# Stops and closing quotes, then a capital after space or directly ("...end.Next"). One alternation inside the
# lookahead, not two whole alternatives, so the pattern begins with a character class the regex engine skips to
# at C speed. The same matches: a shorter run of stops and quotes is followed by another stop or quote, where
# neither lookahead can hold, so both forms only ever end the run at its greedy end.
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-Z0-9А-Я—–-]|[A-Z][a-z])")
_END_TWO_ALTERNATIVES = r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-Z0-9А-Я—–-])|[.!?…]+[\"'”’»)\]]*(?=[A-Z][a-z])"


def _is_abbreviation(text: str, dot: int) -> bool:
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and text[start].isupper())


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans (trimmed of surrounding space) within ``text[start:end]``."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    position = start
    for line in text[start:end].splitlines(keepends=True):
        line_start, line_end = position, position + len(line.rstrip("\r\n"))
        position += len(line)
        cut = line_start
        for match in _END.finditer(text, line_start, line_end):
            if text[match.start()] == "." and _is_abbreviation(text, match.start()):
                continue
            spans.append((cut, match.end()))
            cut = match.end()
        spans.append((cut, line_end))
    trimmed: list[Span] = []
    for left, right in spans:
        chunk = text[left:right]
        if not chunk.strip():
            continue
        left += len(chunk) - len(chunk.lstrip())
        right -= len(chunk) - len(chunk.rstrip())
        trimmed.append((left, right))
    return trimmed
