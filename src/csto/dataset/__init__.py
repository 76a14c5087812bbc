"""The curated dataset: YAML files in ``data/`` and the validating loader."""

from csto.dataset.loader import DATA_DIR, Dataset, DatasetError, Problem, load_dataset

__all__ = ["DATA_DIR", "Dataset", "DatasetError", "Problem", "load_dataset"]
