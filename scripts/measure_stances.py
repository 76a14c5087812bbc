"""Measure the stance proposer (``csto.ingest.stances``) on the curated position claims.

    .venv/bin/python scripts/measure_stances.py            # the table in docs/alignment.md, section 6
    .venv/bin/python scripts/measure_stances.py --errors   # also each miss of the development half

Each curated claim's text (its quote where it has one, else its summary) is read by
``read_stances``; the first reading is compared with the claim. **Coverage**: share of claims with
any reading. **Topic accuracy**: share of readings whose topic is the claim's. **Sign accuracy**:
among readings with the right topic, share with the claim's sign (−, 0, +); **exact**: the same
stance. The claims are split in two halves by the SHA-256 of their id: the cue lists were tuned
looking only at the development half's misses; the held-out half was never read for tuning.
**Holders**: for claims whose speaker is a person in the store, whether ``Speakers.holder`` gives
the claim's holder on its date.
"""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from collections.abc import Iterable

from csto.dataset import load_dataset
from csto.dataset.positions import PositionClaim, load_positions
from csto.ingest.stances import Speakers, read_stances
from csto.store import make_engine, rebuild


def half(claim_id: str) -> str:
    return "development" if int(hashlib.sha256(claim_id.encode()).hexdigest(), 16) % 2 == 0 else "held-out"


def sign(value: int) -> int:
    return (value > 0) - (value < 0)


def score(claims: Iterable[PositionClaim], text_of: str = "summary", errors: bool = False) -> Counter[str]:
    counts: Counter[str] = Counter()
    for claim in claims:
        text = claim.quote if text_of == "quote" else claim.summary
        if not text:
            continue
        counts["claims"] += 1
        readings = read_stances(text)
        if not readings:
            if errors:
                print(f"  none   {claim.topic} {claim.stance:+d} | {text}")
            continue
        first = readings[0]
        counts["read"] += 1
        if first.topic != claim.topic:
            if errors:
                print(f"  topic  {claim.topic} {claim.stance:+d} read {first.explain()} | {text}")
            continue
        counts["topic"] += 1
        counts["sign"] += sign(first.stance) == sign(claim.stance)
        counts["exact"] += first.stance == claim.stance
        if errors and sign(first.stance) != sign(claim.stance):
            print(f"  sign   {claim.topic} {claim.stance:+d} read {first.explain()} | {text}")
    return counts


def row(name: str, c: Counter[str]) -> str:
    def share(a: int, b: int) -> str:
        return f"{a / b:.3f} ({a}/{b})" if b else "-"

    return (
        f"| {name} | {c['claims']} | {share(c['read'], c['claims'])} | {share(c['topic'], c['read'])} "
        f"| {share(c['sign'], c['topic'])} | {share(c['exact'], c['topic'])} |"
    )


def main(argv: list[str]) -> int:
    errors = "--errors" in argv
    dataset = load_dataset()
    claims = sorted(load_positions(dataset).claims.values(), key=lambda c: c.id)
    print("| claims (text read) | n | coverage | topic accuracy | sign accuracy | exact stance |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    development = [c for c in claims if half(c.id) == "development"]
    if errors:
        score(development, errors=True)
    print(row("development half (summaries)", score(development)))
    print(row("held-out half (summaries)", score(c for c in claims if half(c.id) == "held-out")))
    print(row("all 250 (summaries)", score(claims)))
    print(row("speeches only (summaries)", score(c for c in claims if c.kind == "speech")))
    print(row("the 19 quotes", score(claims, "quote")))
    engine = make_engine("sqlite://")
    rebuild(engine)
    speakers = Speakers.from_engine(engine)
    held = Counter[str]()
    for claim in claims:
        if claim.speaker and speakers.kinds.get(claim.speaker) == "person":
            held["claims"] += 1
            holder = speakers.holder(claim.speaker, claim.when)
            held["right"] += holder is not None and holder.state == claim.holder
    print(f"\nholders: {held['right']} of {held['claims']} claims spoken by a person in the store resolved right")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
