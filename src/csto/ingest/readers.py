"""Reading articles: ``.txt``, ``.html``, ``.md`` and ``.jsonl`` from files, folders and standard input.

``read_inputs`` streams ``RawDocument`` objects, one at a time; an input that is binary, empty, too
large, undecodable or malformed becomes a ``ReadProblem`` naming it, and reading goes on.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes

from csto.ingest.models import RawDocument, ReadProblem

MAX_BYTES = 5_000_000
SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
FORMATS = ("txt", "html", "md", "jsonl")
STDIN = "-"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n", re.DOTALL)
_TEXT_CONTROL = set(range(0, 9)) | {11} | set(range(14, 27)) | set(range(28, 32))

Read = RawDocument | ReadProblem


class DecodeError(ValueError):
    """Bytes that are binary or in no encoding we can detect."""


def decode(data: bytes) -> str:
    """Text from bytes in any detectable encoding; ``DecodeError`` for binary or undecodable data."""
    return decode_report(data)[0]


def _mixed(data: bytes) -> tuple[str, list[str]] | None:
    """Text that is UTF-8 with some lines in another encoding: each such line decoded on its own, with a warning."""
    lines = data.splitlines(keepends=True)
    good = bad = 0
    for line in lines:
        try:
            line.decode("utf-8")
            good += any(byte > 127 for byte in line)
        except UnicodeDecodeError:
            bad += 1
    if not good or not bad:
        return None
    parts: list[str] = []
    guessed: dict[str, list[int]] = {}
    for number, line in enumerate(lines, 1):
        try:
            parts.append(line.decode("utf-8-sig" if number == 1 else "utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        match = from_bytes(line).best()
        encoding = match.encoding if match is not None else "cp1252"
        parts.append(str(match) if match is not None else line.decode("cp1252", "replace"))
        guessed.setdefault(encoding, []).append(number)
    warnings = [
        f"mixed encodings: line(s) {', '.join(map(str, numbers[:10]))}{' ...' if len(numbers) > 10 else ''} "
        f"not UTF-8, read as {encoding}"
        for encoding, numbers in guessed.items()
    ]
    return "".join(parts), warnings


def decode_report(data: bytes) -> tuple[str, list[str]]:
    """Text and warnings: UTF-8, else UTF-8 with segments in another encoding (each detected), else the one
    encoding charset-normalizer finds; ``DecodeError`` for binary or undecodable data."""
    head = data[:8192]
    if b"\x00" in head and not (head.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise DecodeError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    mixed = _mixed(data)
    if mixed is not None:
        return mixed
    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("undecodable: no text encoding fits")
    text = str(best)
    controls = sum(1 for ch in text[:4096] if ord(ch) in _TEXT_CONTROL)
    if controls > max(2, len(text[:4096]) // 50):
        raise DecodeError("binary file (control characters)")
    return text, [f"not UTF-8: read as {best.encoding}"]


def sniff_format(text: str) -> str:
    """Guess the format of text with no file name (standard input)."""
    start = text.lstrip()[:200].lower()
    if start.startswith("{"):
        return "jsonl"
    if start.startswith(("<!doctype", "<html", "<head", "<body", "<article", "<div", "<p>", "<?xml")):
        return "html"
    if start.startswith("---") or start.startswith("# "):
        return "md"
    return "txt"


def front_matter(text: str) -> dict[str, str]:
    """``key: value`` pairs of a Markdown file's front matter (title, date, url ...)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}
    values: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            values[key.strip().lower()] = value.strip().strip("'\"")
    return values


def _document(source: str, text: str, fmt: str, warnings: list[str] | None = None) -> RawDocument:
    noted = {"warning": "; ".join(warnings)} if warnings else {}
    if fmt == "html":
        return RawDocument(source=source, html=text, fmt="html", meta=noted)
    if fmt == "md":
        meta = front_matter(text) | noted
        return RawDocument(
            source=source,
            text=text,
            fmt="md",
            title=meta.get("title"),
            url=meta.get("url") or meta.get("link"),
            published=meta.get("published") or meta.get("date"),
            meta=meta,
        )
    return RawDocument(source=source, text=text, fmt="txt", meta=noted)


def _json_document(where: str, record: object) -> Read:
    if not isinstance(record, dict):
        return ReadProblem(where, "a JSONL line must be an object with 'text' or 'html'")
    text, html = record.get("text"), record.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        return ReadProblem(where, "no 'text' or 'html' string in the object")
    body = text if isinstance(text, str) else html
    assert isinstance(body, str)
    if not body.strip():
        return ReadProblem(where, "empty article")

    def opt(key: str) -> str | None:
        value = record.get(key)
        return str(value) if value is not None and str(value).strip() else None

    return RawDocument(
        source=opt("url") or where,
        text=text if isinstance(text, str) else None,
        html=None if isinstance(text, str) else html,
        fmt="txt" if isinstance(text, str) else "html",
        title=opt("title"),
        url=opt("url"),
        published=opt("published") or opt("date"),
        meta={"where": where},
    )


def read_jsonl(stream: Iterable[bytes], name: str, max_bytes: int = MAX_BYTES) -> Iterator[Read]:
    """One document per line, streamed: memory stays flat whatever the file's size."""
    for number, raw in enumerate(stream, 1):
        where = f"{name}:{number}"
        if not raw.strip():
            continue
        if len(raw) > max_bytes:
            yield ReadProblem(where, f"line over the size limit ({len(raw)} > {max_bytes} bytes)")
            continue
        try:
            line = decode(raw)
            record = json.loads(line)
        except DecodeError as error:
            yield ReadProblem(where, str(error))
            continue
        except json.JSONDecodeError as error:
            yield ReadProblem(where, f"not valid JSON ({error.msg} at column {error.colno})")
            continue
        yield _json_document(where, record)


def read_bytes(data: bytes, name: str, fmt: str, max_bytes: int = MAX_BYTES) -> Iterator[Read]:
    """Documents from one file's (or standard input's) bytes."""
    if not data.strip():
        yield ReadProblem(name, "empty file")
        return
    if fmt == "auto" and sniff_format(data[:400].decode("utf-8", "replace")) == "jsonl":
        fmt = "jsonl"
    if fmt == "jsonl":
        yield from read_jsonl(data.splitlines(), name, max_bytes)
        return
    if len(data) > max_bytes:
        yield ReadProblem(name, f"over the size limit ({len(data)} > {max_bytes} bytes)")
        return
    try:
        text, warnings = decode_report(data)
    except DecodeError as error:
        yield ReadProblem(name, str(error))
        return
    if not text.strip():
        yield ReadProblem(name, "empty file")
        return
    yield _document(name, text, sniff_format(text) if fmt == "auto" else fmt, warnings)


def read_file(path: Path, fmt: str | None = None, max_bytes: int = MAX_BYTES) -> Iterator[Read]:
    """Documents from one file; its suffix gives the format unless ``fmt`` is set."""
    name = str(path)
    chosen = fmt or SUFFIXES.get(path.suffix.lower())
    if chosen is None:
        yield ReadProblem(name, f"unsupported file type {path.suffix or '(none)'!r}; use {', '.join(SUFFIXES)}")
        return
    try:
        size = path.stat().st_size
        if chosen == "jsonl":
            if size == 0:
                yield ReadProblem(name, "empty file")
                return
            with path.open("rb") as handle:
                yield from read_jsonl(handle, name, max_bytes)
            return
        if size > max_bytes:
            yield ReadProblem(name, f"over the size limit ({size} > {max_bytes} bytes)")
            return
        data = path.read_bytes()
    except OSError as error:
        yield ReadProblem(name, f"cannot read: {error.strerror or error}")
        return
    yield from read_bytes(data, name, chosen, max_bytes)


def _files(path: Path) -> Iterator[Path]:
    for child in sorted(path.rglob("*")):
        if child.is_file() and not any(part.startswith(".") for part in child.relative_to(path).parts):
            yield child


def read_inputs(
    inputs: Iterable[str | Path],
    fmt: str | None = None,
    max_bytes: int = MAX_BYTES,
    stdin: BinaryIO | None = None,
) -> Iterator[Read]:
    """Stream documents from paths (files or folders, recursively) and ``-`` (standard input)."""
    if fmt is not None and fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    for item in inputs:
        if str(item) == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            if fmt == "jsonl":
                yield from read_jsonl(stream, "<stdin>", max_bytes)
            else:
                yield from read_bytes(stream.read(), "<stdin>", fmt or "auto", max_bytes)
            continue
        path = Path(item)
        if path.is_dir():
            for child in _files(path):
                if child.suffix.lower() in SUFFIXES or fmt is not None:
                    yield from read_file(child, fmt, max_bytes)
                else:
                    yield ReadProblem(str(child), f"unsupported file type {child.suffix or '(none)'!r}; skipped")
        elif path.exists():
            yield from read_file(path, fmt, max_bytes)
        else:
            yield ReadProblem(str(path), "no such file or folder")
