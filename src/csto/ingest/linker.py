"""Mentions: names and aliases from the store found in text and linked to their entities.

A blank spaCy English pipeline tokenizes; two ``PhraseMatcher``s find every stored name and alias
(case-sensitive for acronyms and short names, case-insensitive otherwise). What they miss is tried
against the same names with rapidfuzz (spelling and translation variants: "Andrei"/"Andrey").
Surnames of stored people link on their own; people named with a role and exercises named with a
year that the store does not know are proposed as new entities. Nothing is downloaded.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from functools import lru_cache
from itertools import compress
from typing import Any, NamedTuple, TypeVar

import numpy as np
import spacy
from pydantic import BaseModel
from rapidfuzz import fuzz, process
from spacy.lang.char_classes import ALPHA
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from csto.ingest.lexicon import Lexicon, slugify
from csto.ingest.models import Mention
from csto.ingest.roles import role_after, role_before
from csto.store.text import normalize as _normalize

# Names repeat within and across articles: normalizing each string once is enough.
normalize = lru_cache(maxsize=65536)(_normalize)

_CONNECTORS = {"of", "the", "for", "and", "de", "-", "–", "—", "'s", "’s", "on", "in"}
_STOP = {"the", "csto", "odkb", "organization", "organisation", "s", "of", "collective", "security", "treaty"}
_EXERCISE_WORDS = re.compile(r"\b(exercises?|drills?|maneuvers|manoeuvres|war games|games|training)\b", re.IGNORECASE)
_EXERCISE_NAME = re.compile(
    r"(?=[A-Z])(?<![\w-])(?P<series>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})(?:\s*[-–—]\s*(?P<year>(?:19|20)\d\d|\d\d)|"
    r"\s+(?P<spaced>(?:19|20)\d\d))(?!\d)"
)
_QUOTED = re.compile(r"[“\"«](?P<name>[A-Z][\w’'\- ]{2,40}?)[”\"»]")
_TITLE_WORDS = r"(?:Foreign|Defen[cs]e|Prime|Deputy|Minister|President|Secretary|General|Chief|Head|Vice|Acting|Former)"
# (The lookaheads name the first character of every match, so other positions fail at once.)
_PERSON = re.compile(
    rf"(?=[A-Z])(?:\b{_TITLE_WORDS}\s+)*(?P<name>[A-Z][a-z’'-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z’'-]+){{1,2}})"
)
# Aliases the linker knows on top of the store's (foreign acronyms of the organization).
EXTRA_ALIASES = {"OTSC": "csto", "ODKB": "csto", "OДКБ": "csto"}
# Publications and agencies whose names contain a place: "The Moscow Times" is not Moscow.
_MEDIA = re.compile(
    r"\b(?:Agence\s+)?France[-\s]Presse\b|\bFrance\s*24\b|\bRadio\s+Free\s+Europe\b|\bRussia\s+Today\b"
    r"|\b(?:The\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:Times|Herald|Tribune|Post|Gazette|Journal|Daily|Telegraph|"
    r"Insider|Monitor|Observer|Independent|Review|Courier|Express|Today|View|Weekly|24)\b"
)
_MEDIA_WORDS = re.compile(
    r"Presse|24|Radio|Today|Times|Herald|Tribune|Post|Gazette|Journal|Daily|Telegraph|Insider|Monitor|Observer|"
    r"Independent|Review|Courier|Express|View|Weekly"
)
# A place inside a body's or a process's name ("OSCE Minsk Group", "the Astana format"), before "-led", or
# naming a region ("the Minsk region" is not the city).
_PLACE_IN_NAME_AFTER = re.compile(
    r"^(?:[-–]led\b|[-–]backed\b|\s+(?:Group|Process|process|Format|format)\b"
    r"|\s+(?:[Rr]egions?|[Oo]blast|[Pp]rovince)\b)"
)
_PLACE_IN_NAME_BEFORE = re.compile(r"\b(?:OSCE|UN|EU|NATO)\s+$")
# A national service named like a collective force: "Russia's Air Force", "the Kazakh Air Force".
_NATIONAL = re.compile(
    r"(?:\b[A-Z][a-z]+(?:'s|’s)|\b(?:Russian|Belarusian|Kazakh|Kyrgyz|Tajik|Armenian|Uzbek|national))\s+$"
)
_PRIMED_MAX = 200_000  # chunks remembered as primed; past that the record starts again
_DEPUTY_BEFORE = re.compile(r"\b(?:deputy|vice|assistant(?:\s+to\s+the)?|advis[eo]r\s+to\s+the)[\s-]+$", re.IGNORECASE)
_EDGE_WORDS = _CONNECTORS | _STOP
_COLLECTIVE = re.compile(r"\b(collective|joint|csto|odkb|united)\b", re.IGNORECASE)
_NORMS = {"–": "-", "—": "-", "‑": "-", "“": '"', "”": '"', "«": '"', "»": '"', "’": "'", "‘": "'"}


Model = TypeVar("Model", bound=BaseModel)
_new_object = object.__new__
_set_attribute = object.__setattr__


def construct(cls: type[Model], values: dict[str, Any]) -> Model:
    """``cls.model_construct(**values)`` for ``values`` naming every field of ``cls`` in declaration order, without
    its loop over the fields (the same instance state: ``__dict__``, fields set, no extra, no private values)."""
    if cls.__pydantic_post_init__ or cls.__pydantic_root_model__ or cls.model_config.get("extra") == "allow":
        return cls.model_construct(**values)
    model = _new_object(cls)
    _set_attribute(model, "__dict__", values)
    _set_attribute(model, "__pydantic_fields_set__", set(values))
    _set_attribute(model, "__pydantic_extra__", None)
    _set_attribute(model, "__pydantic_private__", None)
    return model


class Taken:
    """Character ranges already taken by mentions, as a mask: adding a range and testing one for overlap cost
    one C-level slice operation each, not a scan of every range taken so far."""

    def __init__(self, length: int, spans: list[tuple[int, int]] | None = None):
        self.mask = bytearray(length + 1)
        self.spans: list[tuple[int, int]] = []
        for start, end in spans or []:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        self.mask[start:end] = b"\x01" * (end - start)
        self.spans.append((start, end))

    def hits(self, start: int, end: int) -> bool:
        return self.mask.find(1, start, end) >= 0


class Found(NamedTuple):
    """A candidate mention (a tuple: thousands are built per article, and a frozen dataclass costs more)."""

    start: int
    end: int
    entity: str
    match: str
    score: float
    is_name: bool = False
    name: str | None = None
    kind: str | None = None


def build_nlp() -> spacy.language.Language:
    """A blank English pipeline whose tokenizer also splits "Brotherhood-2024" at the dash."""
    nlp = spacy.blank("en")
    defaults: list[Any] = list(nlp.Defaults.infixes or [])
    infixes = [*defaults, rf"(?<=[{ALPHA}0-9])[\-–—](?=[0-9])", rf"(?<=[0-9])[\-–—](?=[{ALPHA}])"]
    tokenizer: Any = nlp.tokenizer
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    for text, norm in _NORMS.items():
        nlp.vocab[text].norm_ = norm
    return nlp


def _case_sensitive(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return len(letters) <= 4 or (alias.isupper() and len(alias.split()) == 1)


def _reduced(norm: str) -> str:
    return " ".join(word for word in norm.split() if word not in _STOP)


class Linker:
    """Finds and links mentions; build once per process (it holds a spaCy pipeline)."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.nlp = build_nlp()
        self.exact = PhraseMatcher(self.nlp.vocab, attr="NORM")
        self.strict = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.alias_is_name: dict[tuple[str, str], bool] = {}
        patterns: dict[tuple[str, bool], list[Doc]] = defaultdict(list)
        self.alias_text: dict[str, list[tuple[str, str]]] = defaultdict(list)
        known = {alias for alias, _, _ in lexicon.aliases}
        extra = [(a, e, False) for a, e in EXTRA_ALIASES.items() if e in lexicon.names and a not in known]
        for alias, entity_id, is_name in [*lexicon.aliases, *extra]:
            if not alias.strip():
                continue
            sensitive = _case_sensitive(alias)
            patterns[(entity_id, sensitive)].append(self.nlp.make_doc(alias))
            key = normalize(alias)
            self.alias_is_name[(key, entity_id)] = self.alias_is_name.get((key, entity_id), False) or is_name
            self.alias_text[entity_id].append((alias, key))
        for (entity_id, sensitive), docs in patterns.items():
            (self.strict if sensitive else self.exact).add(entity_id, docs)
        self.fuzzy_choices: list[str] = []
        self.fuzzy_ids: list[str] = []
        self.reduced: dict[str, set[str]] = defaultdict(set)
        for alias, entity_id, _ in lexicon.aliases:
            key = normalize(alias)
            if len(key) >= 6 and not _case_sensitive(alias):
                self.fuzzy_choices.append(key)
                self.fuzzy_ids.append(entity_id)
            reduced = _reduced(key)
            if len(reduced.split()) >= 2:
                self.reduced[reduced].add(entity_id)
        self.surnames = lexicon.persons()
        self.shared_surnames = {k: v for k, v in lexicon.surname_candidates().items() if len(v) > 1}
        orths = sorted({self.nlp.vocab.strings.add(name) for name in [*self.surnames, *self.shared_surnames]})
        self.surname_array = np.array(orths, dtype=np.uint64)
        self.surname_names = {*self.surnames, *self.shared_surnames}
        self.fuzzy_cache: dict[tuple[str, int], tuple[str, float] | None] = {}
        self.series = lexicon.exercise_series()
        self.primed: set[str] = set()  # chunks already tokenized on their own (see ``tokenize``)

    def tokenize(self, text: str) -> Doc:
        """The text as a Doc. spaCy's tokenizer caches the tokens of each whitespace-separated chunk, but stops
        caching for the rest of a text at its first special case (a flag it never resets), so most chunks of an
        article were tokenized afresh every time; each new chunk is first tokenized on its own, which caches it
        (the same tokens: the cache is spaCy's own), and the whole text then mostly reads from the cache."""
        tokenizer: Any = self.nlp.tokenizer
        primed = self.primed
        fresh = set(text.split()) - primed
        for chunk in fresh:
            tokenizer(chunk)
        if len(primed) + len(fresh) > _PRIMED_MAX:
            primed.clear()
        primed.update(fresh)
        return self.nlp.make_doc(text)

    # -- finding -------------------------------------------------------------------------

    def _pick(self, candidates: set[str], key: str) -> str:
        return min(
            candidates,
            key=lambda e: (not self.alias_is_name.get((key, e), False), self.lexicon.kind_rank(e), e),
        )

    def _exact(self, doc: Doc, text: str, table: _Tokens | None = None) -> list[Found]:
        found: list[Found] = []
        by_span: dict[tuple[int, int], set[str]] = defaultdict(set)
        table = table or _Tokens(doc)
        idx, words, strings = table.idx, table.words, self.nlp.vocab.strings
        for matcher, strict in ((self.exact, False), (self.strict, True)):
            for match_id, start, end in matcher(doc):
                # the span's characters from the token offsets (a Span object per match cost more)
                start_char, end_char = idx[start], idx[end - 1] + len(words[end - 1])
                if not strict and not _case_ok(text[start_char:end_char], strings[match_id], self):
                    continue
                by_span[(start_char, end_char)].add(strings[match_id])
        for (start, end), ids in by_span.items():
            entity = next(iter(ids)) if len(ids) == 1 else self._pick(ids, normalize(text[start:end]))
            found.append(Found(start, end, entity, "exact", 1.0))
        return found

    @staticmethod
    def _runs(table: _Tokens) -> list[tuple[int, int]]:
        """Token ranges of capitalized name-like runs ("Committee of Secretaries of the CSTO Security Councils")."""
        runs: list[tuple[int, int]] = []
        words, caps, count = table.words, table.capital, len(table.words)
        for index in compress(range(count), caps):  # a run starts at a capital the last run does not hold
            if runs and index < runs[-1][1]:
                continue
            end = index + 1
            while end < count and (caps[end] or (table.like_num[end] and words[end - 1] in "-–—") or table.bridge(end)):
                end += 1
            runs.append((index, end))
        return runs

    def _fuzzy(
        self, doc: Doc, taken: list[tuple[int, int]] | Taken, text: str | None = None, table: _Tokens | None = None
    ) -> list[Found]:
        """Variants of stored names; a span inside (or equal to) one exact match is not tried again."""
        found: list[Found] = []
        table = table or _Tokens(doc)
        text = doc.text if text is None else text  # Doc.text rebuilds the string token by token: pass it
        inside = [-1] * len(doc)
        offsets, words = table.idx, table.words
        for number, (left, right) in enumerate(taken.spans if isinstance(taken, Taken) else taken):
            first = bisect.bisect_left(offsets, left)
            last = bisect.bisect_left(offsets, right) - 1
            if (
                first <= last and offsets[first] == left and offsets[last] + len(words[last]) == right
            ):  # on token edges, as exact matches are: those tokens
                bounds: tuple[int, int] | None = (first, last + 1)
            else:
                span = doc.char_span(left, right, alignment_mode="expand")
                bounds = (span.start, span.end) if span is not None else None
            if bounds is not None:
                for index in range(*bounds):
                    inside[index] = number
        idx, words = table.idx, table.words
        edge = _EDGE_WORDS
        for run_start, run_end in self._runs(table):
            # a candidate neither begins nor ends with a connector or a stop word
            bad = [lower in edge for lower in table.lowers[run_start:run_end]]
            start = run_start
            while start < run_end:
                best: Found | None = None
                for end in range(min(run_end, start + 10), start, -1) if not bad[start - run_start] else ():
                    if bad[end - 1 - run_start]:
                        continue
                    if inside[start] >= 0 and inside[start] == inside[end - 1]:
                        continue
                    left, right = idx[start], idx[end - 1] + len(words[end - 1])
                    hit = self._fuzzy_span(text[left:right], end - start)
                    if hit is not None:
                        best = Found(left, right, hit[0], "fuzzy", hit[1])
                        break
                if best is not None:
                    found.append(best)
                    start = next(i for i in range(start, run_end + 1) if i == run_end or idx[i] >= best.end)
                else:
                    start += 1
        return found

    def _fuzzy_span(self, text: str, tokens: int) -> tuple[str, float] | None:
        """A stored name close to ``text`` (cached: an article repeats its names)."""
        cached = self.fuzzy_cache.get((text, tokens), False)
        if cached is not False:
            return cached  # type: ignore[return-value]
        if len(self.fuzzy_cache) > 50_000:
            self.fuzzy_cache.clear()
        found = self._fuzzy_lookup(text, tokens)
        self.fuzzy_cache[(text, tokens)] = found
        return found

    def _fuzzy_lookup(self, text: str, tokens: int) -> tuple[str, float] | None:
        key = normalize(text)
        reduced = _reduced(key)
        if len(reduced.split()) >= 2 and reduced in self.reduced:
            return self._pick(self.reduced[reduced], key), 0.95
        if len(key) < 6 or not self.fuzzy_choices:
            return None
        cutoff = 95 if tokens == 1 else 90
        if tokens == 1 and len(key) < 8:
            return None
        hit = process.extractOne(key, self.fuzzy_choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        if hit is None:
            return None
        choice, score, position = hit
        if tokens == 1 and (key.startswith(choice) or choice.startswith(key)):
            return None
        if tokens > 1 and len(choice.split()) != len(key.split()):
            return None
        if tokens > 1 and fuzz.ratio(choice.split()[-1], key.split()[-1]) < 80:
            return None
        return self.fuzzy_ids[position], round(score / 100, 3)

    def _surnames(
        self, doc: Doc, taken: list[tuple[int, int]] | Taken, named: set[str], table: _Tokens | None = None
    ) -> list[Found]:
        """Surnames alone; one that several stored people share goes to the one named in full in the document."""
        if table is None:
            orths = doc.to_array("ORTH")
            hits = [(doc[i].idx, doc[i].text) for i in np.flatnonzero(np.isin(orths, self.surname_array)).tolist()]
        else:  # the same tokens (a token's ORTH is its text) by a set test on the table's words
            names = self.surname_names
            hits = [(at, word) for at, word in zip(table.idx, table.words, strict=True) if word in names]
        found = []
        for start, word in hits:
            entity = self.surnames.get(word)
            if entity is None and word in self.shared_surnames:
                present = self.shared_surnames[word] & named
                entity = next(iter(present)) if len(present) == 1 else None
            if entity and not _covered(start, start + len(word), taken):
                found.append(Found(start, start + len(word), entity, "surname", 0.9))
        return found

    def _proposed_exercises(self, text: str, taken: list[tuple[int, int]] | Taken) -> list[Found]:
        found: list[Found] = []
        for match in _matches(_EXERCISE_NAME, text, _exercise_starts(text)):
            if _covered(match.start(), match.end(), taken):
                continue
            series_text = match.group("series")
            known = self.series.get(normalize(series_text))
            window = text[max(0, match.start() - 120) : match.end() + 120]
            if known is None and (match.group("spaced") or not _EXERCISE_WORDS.search(window)):
                continue  # "Rubezh 2024" is an exercise when the store knows the series; "Moscow 2024" is not
            year = match.group("year") or match.group("spaced")
            year = year if len(year) == 4 else f"20{year}"
            slug, canonical = known if known else (slugify(series_text), series_text)
            entity = f"{slug}-{year}"
            name = f"{canonical}-{year}"
            if entity in self.lexicon.names:
                found.append(Found(match.start(), match.end(), entity, "pattern", 0.9))
            else:
                found.append(Found(match.start(), match.end(), entity, "pattern", 0.7, name=name, kind="exercise"))
        for match in _QUOTED.finditer(text):
            start, end = match.start("name"), match.end("name")
            if _covered(start, end, taken) or any(f.start <= start < f.end for f in found):
                continue
            window = text[max(0, match.start() - 40) : match.end() + 40]
            if _EXERCISE_WORDS.search(window):
                name = match.group("name").strip()
                found.append(self._exercise(start, start + len(name), name))
        return found

    def _exercise(self, start: int, end: int, name: str) -> Found:
        """A quoted exercise name, linked when the store knows its series and year, else proposed."""
        dated = re.match(r"^(?P<series>.+?)[\s\-–—]+(?P<year>(?:19|20)\d\d|\d\d)$", name)
        if dated:
            known = self.series.get(normalize(dated.group("series")))
            year = dated.group("year") if len(dated.group("year")) == 4 else "20" + dated.group("year")
            slug, canonical = known if known else (slugify(dated.group("series")), dated.group("series"))
            entity, name = f"{slug}-{year}", f"{canonical}-{year}"
        else:
            entity = slugify(name)
        if entity in self.lexicon.names:
            return Found(start, end, entity, "pattern", 0.85)
        return Found(start, end, entity, "pattern", 0.6, name=name, kind="exercise")

    def _proposed_people(self, text: str, taken: list[tuple[int, int]] | Taken) -> list[Found]:
        found: list[Found] = []
        mine = Taken(len(text))
        for match in _PERSON.finditer(text):
            start, end = match.span("name")
            if _covered(start, end, taken) or mine.hits(start, end):
                continue
            name = match.group("name")
            words = name.split()
            while words and normalize(words[0]) in _NOT_NAMES:
                start += len(words[0]) + (len(name) - len(name.lstrip()))
                name = name[len(words[0]) :].lstrip()
                start = end - len(name)
                words = words[1:]
            if len(words) < 2 or any(normalize(w) in _NOT_NAMES for w in words):
                continue
            before = _WORD_BEFORE.search(text[max(0, start - 20) : start])
            if before and before.group(1).lower() in _PREPOSITIONS:
                continue
            if (
                role_before(text, start) is None
                and role_after(text, end, taken.spans if isinstance(taken, Taken) else taken) is None
            ):
                continue
            entity = slugify(name)
            if entity in self.lexicon.names:
                found.append(Found(start, end, entity, "pattern", 0.8))
            else:
                found.append(Found(start, end, entity, "pattern", 0.6, name=name, kind="person"))
            mine.add(start, end)
        return found

    def _keeps(self, f: Found, text: str) -> bool:
        """False for a place inside another name ("The Moscow Times", "Moscow-led", "OSCE Minsk Group") and for
        a national service read as a collective force ("Russia's Air Force")."""
        kind = f.kind or self.lexicon.kinds.get(f.entity, "")
        if kind in ("place", "state"):
            if _PLACE_IN_NAME_AFTER.match(text[f.end : f.end + 12]):
                return False
            if _PLACE_IN_NAME_BEFORE.search(text[max(0, f.start - 8) : f.start]):
                return False
            window_start, window_end = max(0, f.start - 40), min(len(text), f.end + 40)
            # every name _MEDIA knows ends in one of _MEDIA_WORDS: without one in the window, nothing to look for
            media_words = _MEDIA_WORDS.search(text, window_start, window_end) is not None
            for media in _MEDIA.finditer(text, window_start, window_end) if media_words else ():
                if media.start() <= f.start and f.end <= media.end():
                    return False
        if kind == "office" and _DEPUTY_BEFORE.search(text, max(0, f.start - 20), f.start):
            return False  # "First Deputy Chief of the Joint Staff" holds another office than the Chief
        one_word = kind == "body" and f.match == "exact" and " " not in text[f.start : f.end].strip()
        # a body named by one common word ("Secretariat") is another body's when a name follows or precedes
        # ("the Secretariat of the Parliamentary Assembly", "the UN Secretariat")
        if one_word and (
            re.match(r"\s+of\b", text[f.end : f.end + 6])
            or re.search(r"\b[A-Z]{2,}\s+$", text[max(0, f.start - 8) : f.start])
        ):
            return False
        if kind != "force" or f.match != "fuzzy":
            return True
        national = _NATIONAL.search(text[max(0, f.start - 30) : f.start])
        return not (national and not _COLLECTIVE.search(text[f.start : f.end]))

    def _short_surnames(self, doc: Doc, found: list[Found], text: str | None = None) -> list[Found]:
        """A surname alone ("Zas", "Mirzoyan") after the full name in the same document."""
        first_seen: dict[str, tuple[int, str]] = {}
        proposed: dict[str, Found] = {}
        text = doc.text if text is None else text
        for f in found:
            if (f.kind or self.lexicon.kinds.get(f.entity, "")) != "person":
                continue
            words = text[f.start : f.end].split()
            if len(words) >= 2 and _SURNAME_WORD.fullmatch(words[-1]):
                first_seen.setdefault(words[-1], (f.end, f.entity))
                if f.name is not None:
                    proposed.setdefault(f.entity, f)
        if not first_seen:
            return []
        covered = bytearray(len(text) + 1)
        for f in found:
            covered[f.start : f.end] = b"\x01" * (f.end - f.start)
        extra: list[Found] = []
        for start, end, name in _whole_words(text, list(first_seen)):
            seen = first_seen[name]
            if start < seen[0] or any(covered[start:end]):
                continue
            source = proposed.get(seen[1])
            extra.append(
                Found(
                    start,
                    end,
                    seen[1],
                    "surname",
                    0.85,
                    name=source.name if source else None,
                    kind=source.kind if source else None,
                )
            )
        return extra

    # -- public --------------------------------------------------------------------------

    def find(self, doc: Doc, text: str | None = None) -> list[Mention]:
        """All mentions in a tokenized (masked) text, without overlaps, in order."""
        text = doc.text if text is None else text
        table = _Tokens(doc, text)
        exact = self._exact(doc, text, table)
        taken = Taken(len(text), [(f.start, f.end) for f in exact])
        found = _without_overlaps(exact + self._fuzzy(doc, taken, text, table))
        taken = Taken(len(text), [(f.start, f.end) for f in found])
        for extra in self._proposed_exercises(text, taken):
            found.append(extra)
            taken.add(extra.start, extra.end)
        for extra in self._surnames(doc, taken, {f.entity for f in found}, table):
            found.append(extra)
            taken.add(extra.start, extra.end)
        found += self._proposed_people(text, taken)
        found = [f for f in found if self._keeps(f, text)]
        found += self._short_surnames(doc, found, text)
        mentions = []
        found.sort(key=lambda f: f.start)
        people = [(f.start, f.end) for f in found if (f.kind or self.lexicon.kinds.get(f.entity)) == "person"]
        names = self.lexicon.names
        for f in found:
            proposed = f.name is not None
            kind = f.kind if proposed else self.lexicon.kinds.get(f.entity, "")
            role = None
            if kind == "person":
                roles = [r for r in (role_before(text, f.start), role_after(text, f.end, people)) if r]
                role = "; ".join(dict.fromkeys(roles)) or None
            mentions.append(
                construct(  # built from checked parts: validating each of thousands costs time
                    Mention,
                    {
                        "entity": f.entity,
                        "name": f.name if proposed and f.name else names.get(f.entity, f.entity),
                        "kind": kind or "",
                        "text": text[f.start : f.end],
                        "span": (f.start, f.end),
                        "status": "proposed" if proposed else "linked",
                        "match": f.match,
                        "score": f.score,
                        "role": role,
                    },
                )
            )
        return mentions


_NOT_NAMES = {
    "the",
    "csto",
    "minister",
    "president",
    "general",
    "secretary",
    "ministry",
    "republic",
    "federation",
    "council",
    "committee",
    "forces",
    "state",
    "security",
    "national",
    "defense",
    "defence",
    "foreign",
    "affairs",
    "chief",
    "staff",
    "major",
    "lieutenant",
    "colonel",
    "deputy",
    "prime",
    "head",
    "according",
    "on",
    "in",
    "at",
    "from",
    "by",
    "for",
    "with",
    "speaking",
}


_WORD_BEFORE = re.compile(r"(\w+)\W*$")
_SURNAME_WORD = re.compile(r"[A-Z][a-z'’-]+")
_PREPOSITIONS = {"the", "of", "for", "in", "at", "to", "from", "on", "by", "a", "an", "with", "into", "near"}


class _Tokens:
    """The token attributes the fuzzy search reads, taken from the Doc once as plain lists (reading them token by
    token through spaCy objects cost more than the search itself)."""

    def __init__(self, doc: Doc, text: str | None = None):
        self.idx = doc.to_array("IDX").tolist()
        if text is None:
            strings = doc.vocab.strings
            self.words = [strings[orth] for orth in doc.to_array("ORTH").tolist()]
            self.lowers = [strings[lower] for lower in doc.to_array("LOWER").tolist()]
        else:  # the Doc's text: each token's text is a slice of it, its LOWER that text lower-cased
            lengths = doc.to_array("LENGTH").tolist()
            self.words = [text[at : at + length] for at, length in zip(self.idx, lengths, strict=True)]
            self.lowers = list(map(str.lower, self.words))
        self.like_num: list[int] = doc.to_array("LIKE_NUM").tolist()  # 0 or 1
        capital = _capital_cached
        self.capital = list(map(capital, self.words))

    def bridge(self, index: int) -> bool:
        """Connectors inside a name ("of the") when a capitalized word follows them."""
        ahead = index
        while ahead < len(self.words) and ahead - index < 3 and self.lowers[ahead] in _CONNECTORS:
            ahead += 1
        return ahead > index and ahead < len(self.words) and self.capital[ahead]


def _matches(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """What ``pattern.finditer(text)`` yields, trying only the given start positions (a superset of its starts)."""
    found: list[re.Match[str]] = []
    position = 0
    for start in starts:
        if start >= position and (hit := pattern.match(text, start)) is not None:
            found.append(hit)
            position = hit.end()
    return found


def _outside_word(text: str, at: int) -> bool:
    """No word character (``\\w``: alphanumeric or "_") nor hyphen at ``at``."""
    if at < 0 or at >= len(text):
        return True
    char = text[at]
    return not (char.isalnum() or char == "_" or char == "-")


def _whole_words(text: str, words: list[str]) -> list[tuple[int, int, str]]:
    """What ``(?<![\\w-])(word1|word2|...)(?![\\w-])`` finds with ``finditer`` (the first word that fits at the
    leftmost position, then on after it), by ``str.find`` for each word rather than a regex tried everywhere."""
    hits: dict[int, str] = {}
    for word in words:  # in the alternation's order: a position keeps the first word that fits there
        at = text.find(word)
        while at >= 0:
            if at not in hits and _outside_word(text, at - 1) and _outside_word(text, at + len(word)):
                hits[at] = word
            at = text.find(word, at + 1)
    found: list[tuple[int, int, str]] = []
    position = 0
    for at in sorted(hits):
        if at >= position:
            found.append((at, at + len(hits[at]), hits[at]))
            position = at + len(hits[at])
    return found


def _run_start(text: str, end: int) -> int:
    """The start of the run of whitespace (``\\s``: the characters ``str.isspace`` names) ending at ``end``."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _exercise_starts(text: str) -> list[int]:
    """Where ``_EXERCISE_NAME`` can start. Its series of one to three words of a capital and small letters
    (``[A-Z][a-z]+``, joined by a space or a hyphen) ends where a whitespace run before a dash begins (or the dash
    itself), or where a non-empty run before a year ("19", "20") begins; the start is the capital of one of the
    (at most three) words before such an end."""
    ends = []
    for dash in ("-", "–", "—"):
        at = text.find(dash)
        while at >= 0:
            ends.append(_run_start(text, at))
            at = text.find(dash, at + 1)
    for century in ("19", "20"):
        at = text.find(century)
        while at >= 0:
            if (run := _run_start(text, at)) < at:
                ends.append(run)
            at = text.find(century, at + 1)
    starts: set[int] = set()
    for end in ends:
        for _ in range(3):  # the words before, last first
            first = end
            while first > 0 and "a" <= text[first - 1] <= "z":
                first -= 1
            if first == end or first == 0 or not "A" <= text[first - 1] <= "Z":
                break
            starts.add(first - 1)
            end = first - 2  # across the separator
            if end < 1 or text[end] not in " -":
                break
    return sorted(starts)


def _capital(text: str) -> bool:
    return bool(text) and (text[0].isupper() or (text[0].isdigit() is False and text[:1].isalpha() and text.isupper()))


_capital_cached = lru_cache(maxsize=65536)(_capital)  # words repeat within and across articles


def _covered(start: int, end: int, spans: list[tuple[int, int]] | Taken) -> bool:
    if isinstance(spans, Taken):
        return spans.hits(start, end)
    return any(start < right and left < end for left, right in spans)


def _case_ok(text: str, entity_id: str, linker: Linker) -> bool:
    """A name written with capitals must not match the same words in lower case ("the secretariat")."""
    if text.isascii():  # in ASCII, a capital is exactly a character that lower-casing changes
        if text != text.lower():
            return True
    elif any(c.isupper() for c in text):
        return True
    return any(key == normalize(text) and alias == alias.lower() for alias, key in linker.alias_text[entity_id])


def _without_overlaps(found: list[Found]) -> list[Found]:
    """Longest (then best) first; a candidate overlapping one already chosen is dropped (interval mask)."""
    chosen: list[Found] = []
    taken = Taken(max((f.end for f in found), default=0))
    for f in sorted(found, key=lambda f: (-(f.end - f.start), -f.score, f.start)):
        if not taken.hits(f.start, f.end):
            chosen.append(f)
            taken.add(f.start, f.end)
    return sorted(chosen, key=lambda f: f.start)
