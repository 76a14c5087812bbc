"""One error shape for every failure: ``{"error": {"status", "code", "message", ...}}``.

Pages get the same errors as an HTML page: the web layer registers a renderer in
``app.state.html_error``, used for every path outside ``/api`` and the OpenAPI description.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from csto.frontdoor import ApiError, Problem, known_errors, problem_of

__all__ = ["ApiError", "Problem", "problem_of"]


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str
    suggestions: list[str] = Field(default_factory=list)
    details: list[dict[str, Any]] = Field(default_factory=list)


class ErrorResponse(BaseModel):
    error: ErrorBody


HtmlError = Callable[[Request, int, str, list[str]], Response]
HTTP_CODES = {
    400: "bad_request", 404: "not_found", 405: "method_not_allowed", 406: "not_acceptable",
    413: "body_too_large", 415: "unsupported_media_type", 429: "rate_limited",
}  # fmt: skip


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    body = ErrorBody(status=status, code=code, message=message, **extra)
    headers = dict(headers or {})
    if status == 401:
        headers.setdefault("WWW-Authenticate", "Bearer")
    return JSONResponse(ErrorResponse(error=body).model_dump(mode="json"), status_code=status, headers=headers)


def wants_html(request: Request) -> bool:
    """Pages answer errors in HTML; the API and its description in JSON."""
    path = request.url.path
    if path.startswith("/api/") or path == "/api" or path.startswith("/openapi"):
        return False
    accept = request.headers.get("accept", "")
    return not ("application/json" in accept and "text/html" not in accept)


def problem(
    request: Request, status: int, code: str, message: str, suggestions: list[str] | None = None, **extra: Any
) -> Response:
    """The error as an HTML page for pages, as the documented JSON shape for the API."""
    render: HtmlError | None = getattr(request.app.state, "html_error", None)
    if render is not None and wants_html(request):
        response = render(request, status, message, suggestions or [])
        for name, value in (extra.get("headers") or {}).items():
            response.headers[name] = value
        return response
    return error_response(status, code, message, suggestions=suggestions or [], **extra)


# Responses every route may give, for the OpenAPI description.
COMMON_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "Bad parameter (an impossible date, an unknown type)"},
    404: {"model": ErrorResponse, "description": "Unknown entity, event or resource"},
    422: {"model": ErrorResponse, "description": "Malformed request"},
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "Missing or wrong API token"},
    403: {"model": ErrorResponse, "description": "The server is read-only (no token configured)"},
    413: {"model": ErrorResponse, "description": "Request body too large"},
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> Response:
        return problem(request, exc.status, exc.code, exc.message, exc.suggestions, headers=exc.headers)

    async def _core(request: Request, exc: Exception) -> Response:
        found = problem_of(exc)
        assert found is not None
        return problem(request, found.status, found.code, found.message, found.suggestions)

    for kind, _, _ in known_errors():
        app.add_exception_handler(kind, _core)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        details = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in exc.errors()
        ]
        first = details[0] if details else {"loc": [], "msg": "invalid request"}
        where = ".".join(first["loc"])
        return problem(request, 422, "invalid_request", f"{where}: {first['msg']}", details=details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = HTTP_CODES.get(exc.status_code, "http_error")
        return problem(request, exc.status_code, code, str(exc.detail), headers=dict(exc.headers or {}))


HEAVY_ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorResponse, "description": "More draws than this caller may ask for"},
    429: {"model": ErrorResponse, "description": "Too many heavy jobs from this client; see Retry-After"},
    503: {"model": ErrorResponse, "description": "All heavy-work slots are taken; see Retry-After"},
    504: {"model": ErrorResponse, "description": "The job ran past its time limit"},
}
