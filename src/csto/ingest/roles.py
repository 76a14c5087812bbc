"""The role a text gives a person: "Kyrgyz President Sadyr Japarov", "Andrei Serdyukov, Chief of the Joint Staff"."""

from __future__ import annotations

import re

ROLE_WORDS = (
    r"president|prime minister|premier|minister|secretary[- ]general|secretary|chief|head|spokes(?:man|woman|person)|"
    r"director|chair(?:man|woman)?|commander|ambassador|speaker|leader|general|colonel|lieutenant|admiral|envoy|"
    r"representative|advis[eo]r|governor|deputy|observer|analyst|expert|columnist|journalist|correspondent|emir|king|"
    r"counterpart"
)
_ROLE = re.compile(rf"\b({ROLE_WORDS})\b", re.IGNORECASE)
_WORD = re.compile(r"[\w’'.-]+|,|\S")
_CONNECT = {"of", "the", "for", "and", "on", "de", "'s", "’s", "in", "to"}
_MAX_TOKENS = 12


def _clean(words: list[str]) -> str | None:
    words = [w.rstrip(".") if len(w) > 2 else w for w in words]
    while words and words[0].lower() in _CONNECT | {","}:
        words = words[1:]
    while words and words[-1].lower() in _CONNECT | {","}:
        words = words[:-1]
    phrase = " ".join(words).replace(" ,", ",").replace(" ’s", "’s").replace(" 's", "'s")
    return phrase if phrase and _ROLE.search(phrase) else None


def role_before(text: str, start: int) -> str | None:
    """A title directly before a name, within its sentence ("Russian Foreign Minister")."""
    window = text[max(0, start - 160) : start]
    cut = max(window.rfind(". "), window.rfind("\n"), window.rfind("; "), window.rfind(": "), window.rfind("“"))
    window = window[cut + 1 :] if cut >= 0 else window
    tokens = _WORD.findall(window)
    picked: list[str] = []
    commas = 0
    for token in reversed(tokens):
        lower = token.lower()
        if token == ",":
            if picked or commas:
                break
            commas += 1
            continue
        if token[:1].isupper() or lower in _CONNECT or _ROLE.fullmatch(lower):
            picked.append(token)
        else:
            break
        if len(picked) >= _MAX_TOKENS:
            break
    picked.reverse()
    first = next((i for i, word in enumerate(picked) if _ROLE.fullmatch(word.lower())), None)
    if first is None:
        return None
    picked = picked[max(0, first - 2) :]
    while picked and picked[0].lower() in _CONNECT:
        picked = picked[1:]
    return _clean(picked)


def role_after(text: str, end: int, names: list[tuple[int, int]] = ()) -> str | None:  # type: ignore[assignment]
    """An appositive title after a name (", Chief of the CSTO Joint Staff").

    A title that runs into another person's name belongs to that person, not to this one.
    """
    window = text[end : end + 160]
    if not re.match(r"\s*,\s*", window):
        return None
    offset = end + window.index(",") + 1
    picked: list[str] = []
    for match in _WORD.finditer(text, offset, min(len(text), offset + 160)):
        token = match.group(0)
        if any(left <= match.start() < right for left, right in names):
            return None
        if token in {",", ".", ";", ":", "(", ")", "“", "”", '"'} or len(picked) >= _MAX_TOKENS:
            break
        lower = token.lower()
        plain = not (token[:1].isupper() or lower in _CONNECT or lower in ("a", "an") or _ROLE.fullmatch(lower))
        if plain and picked and not lower.endswith("-based"):
            break
        picked.append(token)
    if picked and picked[0].lower() in ("the", "a", "an"):
        picked = picked[1:]
    if not picked or not _ROLE.search(" ".join(picked[:4])):
        return None
    return _clean(picked)
