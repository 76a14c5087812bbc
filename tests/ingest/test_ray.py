"""The pipeline on a local Ray instance gives what the local pipeline gives.

Ray is an optional extra (``csto[ray]``); without it this test cannot run, which is an error on CI.
"""

from __future__ import annotations

import os

import pytest

from csto.ingest.lexicon import Lexicon
from csto.ingest.models import Extraction
from csto.ingest.pipeline import extract_stream
from tests.ingest.test_pipeline import corpus, dump

if os.environ.get("CI"):
    import ray
else:
    ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def local_ray() -> object:
    import ray as ray_module

    ray_module.init(num_cpus=2, include_dashboard=False, ignore_reinit_error=True, log_to_driver=False)
    yield ray_module
    ray_module.shutdown()


def test_ray_matches_the_local_pipeline(local_ray: object, mini_lexicon: Lexicon) -> None:
    from csto.ingest.ray_runner import extract_with_ray

    docs = corpus(10)
    local = list(extract_stream(docs, mini_lexicon))
    distributed = list(extract_with_ray(iter(docs), mini_lexicon, actors=2, batch_size=3, in_flight=2))
    assert dump(distributed) == dump(local)
    assert sum(isinstance(r, Extraction) for r in distributed) == 10
