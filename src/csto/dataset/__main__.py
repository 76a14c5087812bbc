"""``python -m csto.dataset check [DIR]``: validate the curated dataset and print counts."""

from __future__ import annotations

import sys
from pathlib import Path

from csto.dataset import DATA_DIR, DatasetError, load_dataset


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "check":
        print("usage: python -m csto.dataset check [DIR]", file=sys.stderr)
        return 2
    directory = Path(argv[1]) if len(argv) > 1 else DATA_DIR
    try:
        dataset = load_dataset(directory)
    except DatasetError as error:
        print(error, file=sys.stderr)
        return 1
    print(", ".join(f"{n} {k}" for k, n in dataset.counts().items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
