"""YAML reading that keeps line numbers, refuses duplicate keys and never guesses dates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 5_000_000


class _Loader(yaml.SafeLoader):
    """Safe loader without the timestamp resolver and with duplicate-key detection."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key {key!r} (first on line {seen[key] + 1})",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class YamlProblem(Exception):
    """A file that cannot be read or parsed, with the line where it went wrong."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


@dataclass
class YamlDocument:
    """A parsed YAML file: its data and the node tree used to find lines."""

    path: Path
    data: Any
    root: yaml.Node | None

    def line_of(self, loc: tuple[str | int, ...]) -> int | None:
        """The 1-based line of the deepest node that ``loc`` reaches."""
        node = self.root
        line = node.start_mark.line + 1 if node is not None else None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                node = next((v for k, v in node.value if k.value == part), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                node = node.value[part] if 0 <= part < len(node.value) else None
            else:
                node = None
            if node is None:
                break
            line = node.start_mark.line + 1
        return line


def read_yaml(path: Path, max_bytes: int = MAX_FILE_BYTES) -> YamlDocument:
    """Parse one YAML file, raising ``YamlProblem`` with file and line on any failure."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise YamlProblem(path, None, f"cannot read: {error.strerror}") from None
    if size > max_bytes:
        raise YamlProblem(path, None, f"file is {size} bytes, over the {max_bytes}-byte limit")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise YamlProblem(path, None, f"not UTF-8 (byte {error.start}: {raw[error.start]:#04x})") from None
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        raise YamlProblem(path, line, error.problem or str(error)) from None
    except yaml.YAMLError as error:
        raise YamlProblem(path, None, str(error)) from None
    finally:
        loader.dispose()
    return YamlDocument(path, data, root)
