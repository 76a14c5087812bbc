"""Reading: every format, folders, standard input, encodings, and bad files reported by name."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csto.ingest.models import RawDocument, ReadProblem
from csto.ingest.readers import DecodeError, decode, read_inputs


def split(items: list[RawDocument | ReadProblem]) -> tuple[list[RawDocument], list[ReadProblem]]:
    docs = [i for i in items if isinstance(i, RawDocument)]
    problems = [i for i in items if isinstance(i, ReadProblem)]
    return docs, problems


def test_each_format_from_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Armenia froze its participation.", encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body><p>Text</p></body></html>", encoding="utf-8")
    (tmp_path / "c.md").write_text("---\ntitle: T\ndate: 2024-02-23\nurl: https://x.org/a\n---\n# T\n\nBody.\n")
    lines = [{"text": "One.", "url": "https://x.org/1", "published": "2024-01-02"}, {"html": "<p>Two</p>"}]
    (tmp_path / "d.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    docs, problems = split(list(read_inputs([tmp_path])))
    assert not problems
    assert [d.fmt for d in docs] == ["txt", "html", "md", "txt", "html"]
    md = docs[2]
    assert (md.title, md.published, md.url) == ("T", "2024-02-23", "https://x.org/a")
    assert docs[3].published == "2024-01-02" and docs[3].source == "https://x.org/1"
    assert docs[4].html == "<p>Two</p>" and docs[4].text is None


def test_encodings_are_detected(tmp_path: Path) -> None:
    text = "Заседание Совета коллективной безопасности ОДКБ прошло в Минске, сообщает агентство."
    (tmp_path / "cp1251.txt").write_bytes(text.encode("cp1251"))
    (tmp_path / "utf16.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    docs, problems = split(list(read_inputs([tmp_path])))
    assert not problems
    assert [d.text for d in docs] == [text, text, text]


def test_bad_files_are_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 2)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("   \n\n")
    (tmp_path / "big.txt").write_text("x" * 2000)
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / "ok.txt").write_text("A good article about the CSTO.")
    (tmp_path / "bad.jsonl").write_text('{"text": "fine"}\nnot json\n{"title": "no body"}\n[1, 2]\n{"text": ""}\n')
    docs, problems = split(list(read_inputs([tmp_path, tmp_path / "missing.txt"], max_bytes=1000)))
    assert [d.content for d in docs] == ["fine", "A good article about the CSTO."]
    reasons = {Path(p.where).name: p.reason for p in problems}
    assert "binary" in reasons["binary.txt"]
    assert reasons["empty.txt"] == "empty file" and reasons["blank.md"] == "empty file"
    assert "size limit" in reasons["big.txt"]
    assert "unsupported file type" in reasons["image.png"]
    assert "not valid JSON" in reasons["bad.jsonl:2"]
    assert "no 'text' or 'html'" in reasons["bad.jsonl:3"]
    assert "must be an object" in reasons["bad.jsonl:4"]
    assert reasons["bad.jsonl:5"] == "empty article"
    assert reasons["missing.txt"] == "no such file or folder"


def test_standard_input_text_and_jsonl() -> None:
    docs, _ = split(list(read_inputs(["-"], stdin=io.BytesIO(b"Plain text from a pipe."))))
    assert docs[0].source == "<stdin>" and docs[0].fmt == "txt"
    payload = b'{"text": "one"}\n{"text": "two"}\n'
    docs, _ = split(list(read_inputs(["-"], stdin=io.BytesIO(payload))))
    assert [d.text for d in docs] == ["one", "two"]
    docs, _ = split(list(read_inputs(["-"], stdin=io.BytesIO(b"<html><body><p>x</p></body></html>"))))
    assert docs[0].fmt == "html"


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        list(read_inputs(["x"], fmt="pdf"))


def test_digest_identifies_content_not_name() -> None:
    assert RawDocument("a", text="same").digest == RawDocument("b", text="same").digest
    assert RawDocument("a", text="same").digest != RawDocument("a", text="other").digest


@given(st.text(min_size=1).filter(lambda t: "\x00" not in t))
def test_utf8_round_trips(text: str) -> None:
    assert decode(text.encode("utf-8")) == text


def test_undecodable_bytes_fail_clearly() -> None:
    with pytest.raises(DecodeError, match="binary"):
        decode(b"\x00\x01\x02" * 100)
