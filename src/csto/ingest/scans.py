"""Faster equivalents of scans the event rules make of each sentence, each giving the plain scan's answer.

Issue 15 (extraction speed): these run for every sentence or every draft event of an article, so each is
answered from a cheaper test first (a whole-word demonym in the lower-cased sentence, the clause cuts of a
sentence found once) and falls back to the plain scan wherever the cheaper test could differ (text beyond
ASCII). ``tests/ingest/test_fast_paths.py`` compares each with its plain form.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from csto.ingest.demonyms import DEMONYMS

_DEMONYM_ANY = re.compile("|".join(DEMONYMS))
# The demonyms as whole words: every match of the patterns that read a state from its adjective ("the Kazakh side",
# "the Armenian-Azerbaijani border", "as a Russian,") holds one; "Kazakhstan" only begins with one.
_DEMONYM_WHOLE = re.compile(r"\b(?:" + "|".join(DEMONYMS) + r")\b")


def may_name_demonym(sentence: str) -> bool:
    """Whether a demonym pattern (``events._DEMONYM``, ``_PAIR``, ``_DEMONYM_NOUN``) may match in ``sentence``: a
    demonym as a whole word of the lower-cased ASCII sentence; beyond ASCII (where case folding is more than
    lower-casing), any demonym in it (``events._names_demonym``)."""
    if sentence.isascii():
        return _DEMONYM_WHOLE.search(sentence.lower()) is not None
    return _DEMONYM_ANY.search(sentence.lower()) is not None


@lru_cache(maxsize=16)  # asked for by each draft event of a sentence (one after another): the last few
def _cut_ends(cut: re.Pattern[str], body: str) -> tuple[int, ...]:
    return tuple(match.end() for match in cut.finditer(body))


def last_cut_end(cut: re.Pattern[str], body: str, before: int) -> int:
    """``max((m.end() for m in cut.finditer(body, 0, before)), default=0)`` for ``events._CLAUSE_CUT``
    (``[,;:]`` or a conjunction between two spaces): the matches of a scan cut at ``before`` are those of the
    whole scan that end there or earlier, since a match running past ``before`` holds no position where another
    could start before it."""
    ends = _cut_ends(cut, body)
    at = bisect.bisect_right(ends, before)
    return ends[at - 1] if at else 0
