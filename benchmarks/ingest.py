"""Ingestion speed and memory: articles per second on one core, the 2-worker speed-up, memory when streaming.

Synthetic 1,500-word articles are generated from a bank of sentences in the style of the gold set
(names, dates, events, furniture), so the figures need no corpus. Run it from the repository root:

    .venv/bin/python benchmarks/ingest.py                 # all three figures
    .venv/bin/python benchmarks/ingest.py --stream 10000  # memory over 10,000 articles from JSONL
    .venv/bin/python benchmarks/ingest.py --floor 3       # csto vs trafilatura alone, 3 repetitions

The vocabulary comes from the store (CSTO_DATABASE_URL or the default database), built if needed.
Targets (issue 5): >= 10 articles/s on one core; memory flat and under 500 MiB for 10,000 articles.
Floor (issue 15): extracting one 1,500-word HTML article (``csto extract``'s whole work: main text,
furniture, mentions, dates, events) at most 6x what trafilatura alone takes to get its main text
and metadata, timed on the same articles, interleaved (``ExtractionFloor``; also a row of
``benchmarks/floors.py``).
"""

from __future__ import annotations

import argparse
import html as html_escape
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from csto.ingest.lexicon import Lexicon
from csto.ingest.models import RawDocument
from csto.ingest.pipeline import extract_stream
from csto.ingest.readers import read_inputs
from csto.store import open_store

STATES = ["Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan", "Uzbekistan", "Azerbaijan"]
PEOPLE = ["Imangali Tasmagambetov", "Sergei Shoigu", "Nikol Pashinyan", "Alexander Lukashenko", "Sadyr Japarov"]
CITIES = ["Almaty", "Minsk", "Moscow", "Yerevan", "Dushanbe", "Bishkek", "Astana"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]
SENTENCES = [
    "On {d} {m} {y}, the Collective Security Council met in {c} for its annual session.",
    "{p} said on {wd} that the members of the CSTO would hold joint exercises in {s1} next year.",
    "Troops from {s1} and {s2} arrived in {s3} last week for the drills, the defence ministry said.",
    "The ministers approved a plan of joint training and decided to set up a new working group.",
    "From {d} to {d2} {m}, the command-staff exercise Interaction-{y} was held in {s1} with units from {s2}.",
    "Fighting broke out on the border between {s1} and {s2} on {d} {m}, officials in {c} said.",
    "{s1} suspended its participation in the work of the organization in {y}, the secretariat confirmed.",
    "Analysts in {c} noted that the situation in Central Asia had changed since the summer.",
    "The talks lasted two hours and covered border security, drug trafficking and migration.",
    "{p} met the foreign minister of {s1} in {c} yesterday to discuss the agenda of the summit.",
    "The agreement on the status of the forces was signed in {c} on {d} {m} {y}.",
    "According to the press service, observers from {s2} and {s3} watched the final stage.",
    "Local media reported that the roads around the training ground were closed for a week.",
    "Experts expect the next meeting of the Council of Foreign Ministers to take place in {c} in {m}.",
]
FURNITURE = [
    "Subscribe to our newsletter",
    "Share this article",
    "Comments are moderated, see the rules.",
    "Views: 1024",
]


def article(rng: random.Random, words: int = 1500) -> str:
    """One synthetic news article of about ``words`` words, with a title, a date line and some furniture."""
    year = rng.randint(2005, 2025)
    title = f"{rng.choice(STATES)} and the CSTO: news of the week"
    lines = [title, f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {year}"]
    count = 0
    while count < words:
        paragraph = []
        for _ in range(rng.randint(3, 5)):
            s1, s2, s3 = rng.sample(STATES, 3)
            day = rng.randint(1, 20)
            sentence = rng.choice(SENTENCES).format(
                d=day, d2=day + rng.randint(1, 7), m=rng.choice(MONTHS), y=year, c=rng.choice(CITIES),
                p=rng.choice(PEOPLE), s1=s1, s2=s2, s3=s3, wd=rng.choice(["Monday", "Tuesday", "Friday"]),
            )  # fmt: skip
            paragraph.append(sentence)
            count += len(sentence.split())
        lines.append(" ".join(paragraph))
    lines += rng.sample(FURNITURE, 2)
    return "\n\n".join(lines) + "\n"


def html_page(text: str) -> str:
    """The article as a news page: headline, paragraphs, and the menu and footer a page carries."""
    lines = [line for line in text.split("\n\n") if line.strip()]
    body = "\n".join(f"<p>{html_escape.escape(line)}</p>" for line in lines[1:])
    title = html_escape.escape(lines[0])
    return (
        f"<html><head><title>{title}</title><meta name='description' content='{title}'></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/news'>News</a> | <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>\n{body}</article>"
        "<footer><p>Subscribe to our newsletter</p><p>(c) News agency</p></footer></body></html>"
    )


class ExtractionFloor:
    """csto's extraction of a 1,500-word HTML article against trafilatura alone on the same page.

    The floor is trafilatura's ``bare_extraction`` with the settings csto calls it with (main text and
    metadata): the least any extraction of a web page must do. Both sides are warmed, then timed page by
    page in turn (the order alternating), and each side's median per page is reported."""

    def __init__(self, lexicon: Lexicon, pages: int = 12, seed: int = 15):
        from csto.ingest.extract import Extractor

        rng = random.Random(seed)
        self.pages = [RawDocument(source=f"page-{n}.html", html=html_page(article(rng))) for n in range(pages)]
        self.extractor = Extractor(lexicon)
        for page in self.pages[:2]:  # untimed: pipelines and caches warm
            self.csto(page)
            self.trafilatura(page)

    def csto(self, page: RawDocument) -> None:
        self.extractor.extract(page)

    @staticmethod
    def trafilatura(page: RawDocument) -> None:
        import trafilatura

        trafilatura.bare_extraction(
            page.html or "",
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )

    def time(self) -> dict[str, float]:
        """Median seconds per page of each side, interleaved."""
        seconds: dict[str, list[float]] = {"csto": [], "trafilatura": []}
        clock = time.perf_counter
        for number, page in enumerate(self.pages):
            sides = [("csto", self.csto), ("trafilatura", self.trafilatura)]
            for name, work in sides if number % 2 == 0 else sides[::-1]:
                started = clock()
                work(page)
                seconds[name].append(clock() - started)
        return {name: statistics.median(values) for name, values in seconds.items()}


def floor_rows(lexicon: Lexicon, repeats: int) -> None:
    floor = ExtractionFloor(lexicon)
    ratios = []
    for repeat in range(repeats):
        figures = floor.time()
        ratio = figures["csto"] / figures["trafilatura"]
        ratios.append(ratio)
        print(
            f"run {repeat + 1} extract 1,500-word article: csto {figures['csto'] * 1000:.1f} ms, "
            f"trafilatura alone {figures['trafilatura'] * 1000:.1f} ms, ratio {ratio:.1f}x"
        )
    print(f"median of {repeats} runs: ratio {statistics.median(ratios):.1f}x (target <= 6x)")


def documents(count: int, seed: int = 7) -> Iterator[RawDocument]:
    rng = random.Random(seed)
    for number in range(count):
        yield RawDocument(source=f"synthetic-{number}", text=article(rng))


def rate(lexicon: Lexicon, count: int, workers: int) -> float:
    """Articles per second through the streaming pipeline, once it is warm (pool and pipeline started)."""
    warm = 4 * workers
    prepared = list(documents(count + warm, seed=11))  # generated up front: time extraction only
    stream = extract_stream(prepared, lexicon, workers=workers)
    for _ in range(warm):
        next(stream)
    started = time.perf_counter()
    done = sum(1 for _ in stream)
    return done / (time.perf_counter() - started)


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stream_child(path: Path, lexicon_db: str) -> None:
    """(In a fresh process.) Stream a JSONL corpus through extraction and report memory along the way."""
    os.environ["CSTO_DATABASE_URL"] = lexicon_db
    lexicon = Lexicon.from_engine(open_store().engine)
    marks: dict[int, float] = {}
    started = time.perf_counter()
    count = 0
    for count, _ in enumerate(extract_stream(read_inputs([path]), lexicon), 1):
        if count in (100, 1000, 2500, 5000, 7500) or count % 10000 == 0:
            marks[count] = round(peak_mib(), 1)
    marks[count] = round(peak_mib(), 1)
    print(json.dumps({"articles": count, "seconds": round(time.perf_counter() - started, 1), "peak_mib": marks}))


def stream_memory(count: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "corpus.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for doc in documents(count, seed=3):
                handle.write(json.dumps({"text": doc.text, "url": f"https://example.org/{doc.source}"}) + "\n")
        size = path.stat().st_size / 2**20
        url = open_store().engine.url.render_as_string(hide_password=False)
        output = subprocess.run(
            [sys.executable, __file__, "--child", str(path), url], capture_output=True, text=True, check=True
        ).stdout
        result: dict[str, object] = json.loads(output.strip().splitlines()[-1])
        result["corpus_mib"] = round(size, 1)
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100, help="articles for the speed figures")
    parser.add_argument("--stream", type=int, default=10000, help="articles for the memory figure (0 to skip)")
    parser.add_argument("--floor", type=int, default=0, help="repetitions of the trafilatura floor only (0: skip)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        stream_child(Path(args.child[0]), args.child[1])
        return
    lexicon = Lexicon.from_engine(open_store().engine)
    if args.floor:
        floor_rows(lexicon, args.floor)
        return
    sample = next(documents(1)).text
    print(f"synthetic article: {len(sample.split())} words; vocabulary: {len(lexicon.names)} entities")
    one = rate(lexicon, args.articles, 1)
    print(f"one core: {one:.1f} articles/s (target >= 10)")
    two = rate(lexicon, args.articles * 2, 2)
    print(f"2 workers: {two:.1f} articles/s, speed-up x{two / one:.2f} on {os.cpu_count()} CPUs")
    if args.stream:
        result = stream_memory(args.stream)
        print(f"streamed {result['articles']} articles ({result['corpus_mib']} MiB of JSONL) in {result['seconds']} s")
        print(f"peak resident memory (MiB) after n articles: {result['peak_mib']} (target: flat, < 500)")


if __name__ == "__main__":
    main()
