"""One document in, one ``Extraction`` out: clean, split, link, date, find events.

``Extractor`` holds the spaCy pipeline and the store's vocabulary; build one per process and call
``extract`` for each document. It never touches the database.
"""

from __future__ import annotations

import bisect
import re
from datetime import date

from csto.ingest.clean import clean
from csto.ingest.dates import find_dates
from csto.ingest.events import Sentence, extract_events
from csto.ingest.lexicon import Lexicon
from csto.ingest.linker import Linker, construct
from csto.ingest.listing import is_title, split_items
from csto.ingest.models import DateMention, DocumentInfo, Extraction, Item, Mention, RawDocument, Span
from csto.ingest.sentences import split_sentences
from csto.ingest.timing import AnchorIndex, DateContext, YearEvidence, parse_metadata_date

CHUNK = 100_000  # characters linked at a time (readers.MAX_BYTES bounds the whole text)
_NAME_KINDS = {"exercise", "document", "programme", "operation"}
_YEAR_END = re.compile(r"-\d{4}$")
_NEWLINE = re.compile(r"\n")


def _heading(line: str) -> bool:
    stripped = line.strip()
    # at most 15 words: splitting off 16 tells, without splitting a whole paragraph into its words
    return (
        bool(stripped)
        and len(stripped.split(maxsplit=15)) <= 15
        and not stripped.endswith((".", "!", "?", "”", '"', "…"))
    )


class Extractor:
    """Extraction with one store vocabulary; cheap to call, costly (a fraction of a second) to build."""

    def __init__(self, lexicon: Lexicon, anchor: bool = True, now: date | None = None):
        """``anchor``: date "On June 6" by a stored event of that day with the same participants or place;
        ``now``: the moment of ingestion, after which no publication date can be (the caller reads the clock)."""
        self.lexicon = lexicon
        self.now = now
        self.linker = Linker(lexicon)
        self.anchors = AnchorIndex.build(lexicon.events if anchor else [])

    def _mentions(self, text: str) -> list[Mention]:
        """Mentions, linked chunk by chunk (cut at paragraph breaks) so a long text never becomes one huge Doc."""
        if len(text) <= CHUNK:
            return self.linker.find(self.linker.tokenize(text), text)
        found: list[Mention] = []
        start = 0
        while start < len(text):
            end = min(len(text), start + CHUNK)
            if end < len(text):
                cut = max(text.rfind("\n\n", start, end), text.rfind("\n", start + CHUNK // 2, end))
                end = cut + 1 if cut > start else end
            piece = text[start:end]
            for m in self.linker.find(self.linker.tokenize(piece), piece):
                found.append(m.model_copy(update={"span": (m.span[0] + start, m.span[1] + start)}))
            start = end
        return found

    def _evidence(self, mentions: list[Mention]) -> YearEvidence:
        """Exercise editions, office holders and entities the text names, to give a dateline its year."""
        named = {m.entity for m in mentions}
        editions = {int(e[-4:]) for e in named if self.lexicon.kinds.get(e) == "exercise" and re.search(r"-\d{4}$", e)}
        terms = tuple(tuple(self.lexicon.terms[e]) for e in sorted(named) if e in self.lexicon.terms)
        since = max((self.lexicon.since[e] for e in named if e in self.lexicon.since), default=None)
        return YearEvidence(frozenset(editions), terms, frozenset(named), since)

    def extract(self, raw: RawDocument, with_text: bool = False) -> Extraction:
        cleaned = clean(raw)
        text = cleaned.masked
        items = split_items(text)
        mentions = self._mentions(text)
        spans = split_sentences(text)
        line_starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
        starts = [m.span[0] for m in mentions]

        def mentions_in(span: Span) -> list[Mention]:
            low = bisect.bisect_left(starts, span[0])
            high = bisect.bisect_left(starts, span[1])
            return mentions[low:high]

        sentence_of = [s for s, _ in spans]
        in_name = bytearray(len(text) + 1)  # characters inside a named exercise, document...: no date starts there
        for m in mentions:
            if m.kind in _NAME_KINDS:
                in_name[m.span[0] : m.span[1]] = b"\x01" * (m.span[1] - m.span[0])
        exprs = [e for e in find_dates(text) if not in_name[e.start]]
        entities: dict[int, set[str]] = {}
        hints: dict[int, int] = {}
        for expr in exprs:
            index = max(0, bisect.bisect_right(sentence_of, expr.start) - 1)
            inside = mentions_in(spans[index]) if spans else []
            entities[expr.start] = {m.entity for m in inside}
            years = [int(m.entity[-4:]) for m in inside if m.kind == "exercise" and _YEAR_END.search(m.entity)]
            if years:
                hints[expr.start] = years[0]
        metadata = parse_metadata_date(cleaned.published)
        timeline = DateContext(text, exprs, entities, self.anchors, self.now, self._evidence(mentions)).build(
            metadata, cleaned.kept, items, hints
        )
        sentences = []
        expr_starts = [e.start for e in exprs]
        for span in spans:
            paragraph = bisect.bisect_right(line_starts, span[0]) - 1
            first, last = bisect.bisect_left(expr_starts, span[0]), bisect.bisect_left(expr_starts, span[1])
            dates = [timeline.resolved[e.start] for e in exprs[first:last]]
            if timeline.dateline is not None and len(dates) > 1:
                # the day the report was filed dates what it reports only when nothing else does
                dates = [d for d in dates if not timeline.dateline[0] <= d[0].start < timeline.dateline[1]]
            sentences.append(Sentence(span, paragraph, mentions_in(span), dates))
        skip = [item.title_span for item in items if item.title_span is not None]
        for start, end in cleaned.kept:
            line = text[start:end]
            if _heading(line) or is_title(line) or (cleaned.title and line.strip() == cleaned.title):
                skip.append((start, end))
        names = dict(self.lexicon.names)
        kinds = dict(self.lexicon.kinds)
        for m in mentions:
            if m.status == "proposed":
                names.setdefault(m.entity, m.name)
                kinds.setdefault(m.entity, m.kind)
        events = extract_events(text, sentences, timeline, names, kinds, skip)
        document = timeline.document
        info = DocumentInfo(
            source=raw.source,
            id=raw.digest,
            title=cleaned.title,
            url=cleaned.url,
            published=str(document.value) if document.value else None,
            published_confidence=document.confidence,
            published_how=document.how if document.value else "unknown",
            text_kind=cleaned.text_kind,
            extractor=cleaned.extractor,
            author=cleaned.author,
            length=len(text),
            kept=cleaned.kept,
            items=[
                Item(
                    span=item.span,
                    title=item.title,
                    published=str(base.value) if base.value is not None and base.how == "header" else None,
                )
                for item, (_, base) in zip(items, timeline.items, strict=True)
            ],
        )
        date_mentions = [
            construct(  # from checked parts (strings, offsets, a bool), as ``DateMention(...)`` would hold them
                DateMention,
                {
                    "text": expr.text,
                    "span": (expr.start, expr.end),
                    "value": str(resolved.value) if resolved.value else None,
                    "end": str(resolved.end) if resolved.end else None,
                    "relative": bool(expr.is_relative),
                    "how": resolved.how,
                },
            )
            for expr, resolved in (timeline.resolved[e.start] for e in exprs)
        ]
        proposals = {
            m.entity: {"id": m.entity, "name": m.name, "kind": m.kind} for m in mentions if m.status == "proposed"
        }
        return Extraction(
            document=info,
            mentions=mentions,
            events=events,
            dates=date_mentions,
            new_entities=list(proposals.values()),
            text=text if with_text else None,
        )
