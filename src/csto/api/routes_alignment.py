"""``GET /api/alignment``: a member's alignment index over time, its interval, participation and evidence."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool

from csto.alignment.record import AlignmentQueryError, alignment_for
from csto.api.deps import KB
from csto.api.errors import COMMON_ERRORS
from csto.frontdoor import ApiError

router = APIRouter(prefix="/api", responses=COMMON_ERRORS)


@router.get("/alignment", summary="A member's alignment index over time")
async def alignment(
    kb: KB,
    state: Annotated[str, Query(description="A state's name or id, e.g. armenia.", min_length=1, max_length=120)],
    start: Annotated[int | None, Query(alias="from", description="First year (default 1992).")] = None,
    end: Annotated[int | None, Query(alias="to", description="Last year (default this year).")] = None,
) -> dict[str, Any]:
    """Per year: the index (−2 … +2, toward the Organization's line is positive), its 90% interval,
    the ids of the position claims and events behind it, and the member's participation counts.
    The method is in docs/alignment.md."""
    try:
        series = await run_in_threadpool(alignment_for, kb, state, start, end)
    except AlignmentQueryError as error:
        raise ApiError(400, "bad_request", str(error)) from None
    return series.as_dict()
