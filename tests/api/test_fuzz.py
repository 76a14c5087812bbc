"""Fuzz the API against its own OpenAPI description (schemathesis): no input may cause a server error.

Each operation gets generated requests, valid and invalid; every response must be a non-5xx status
that the description documents, with a body matching its documented schema. Writes are exercised
too: without a token they must be refused, never crash.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation import GenerationMode

from csto.api.settings import LOCAL_HOSTS, ServerSettings
from csto.store import KnowledgeBase
from csto.web import create_app

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


def operations(kb: KnowledgeBase) -> list[Any]:
    settings = ServerSettings(allowed_hosts=(*LOCAL_HOSTS, "testserver"))
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(kb, settings=settings))
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_request_makes_the_server_fail(kb: KnowledgeBase, mode: GenerationMode) -> None:
    found = operations(kb)
    assert len(found) >= 15
    fuzzed = 0
    for operation in found:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
        def fuzz(case: Any) -> None:
            case.call_and_validate(checks=CHECKS)

        try:
            fuzz()
            fuzzed += 1
        except Unsatisfiable:
            # Nothing is invalid for this operation (e.g. a free-text path segment): no negative case exists.
            assert mode is GenerationMode.NEGATIVE
        except Exception as error:
            raise AssertionError(f"{operation.method.upper()} {operation.path}: {error}") from error
    assert fuzzed >= len(found) // 2
