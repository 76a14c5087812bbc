"""News ingestion: articles in, dated and sourced claims out, with a human review queue.

Reading (``readers``), cleaning (``clean``, ``listing``), linking (``lexicon``, ``linker``), dates
(``dates``, ``timing``), events (``triggers``, ``events``) and the whole of one document
(``extract``); streaming on local processes (``pipeline``) or Ray (``ray_runner``); storage,
review and merge (``tables``, ``ingesting``, ``review``, ``facts``, ``export``); evaluation
against a gold set (``evaluate``, ``gate``). See ``docs/ingest.md``.
"""

from csto.ingest.extract import Extractor
from csto.ingest.lexicon import Lexicon
from csto.ingest.models import EventClaim, Extraction, Mention, RawDocument, ReadProblem
from csto.ingest.pipeline import extract_stream
from csto.ingest.readers import read_inputs

__all__ = [
    "EventClaim",
    "Extraction",
    "Extractor",
    "Lexicon",
    "Mention",
    "RawDocument",
    "ReadProblem",
    "extract_stream",
    "read_inputs",
]
