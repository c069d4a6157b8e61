"""Read YAML keeping line numbers, so every error can name file and line.

Every scalar comes back as a string (`Text`) carrying its line; the reader
of each field decides what type it must have. This avoids YAML 1.1 surprises
(`NO` read as false, `2025-08-04` read as a date object) and keeps the error
messages in the corpus's own terms. Duplicate keys, which PyYAML silently
drops, are errors.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from uprkg.errors import InputError, Problem


class Text(str):
    """A string scalar from a YAML file, with the line it starts on."""

    line: int

    def __new__(cls, value: str, line: int) -> Text:
        obj = super().__new__(cls, value)
        obj.line = line
        return obj


class Mapping(dict):
    """A YAML mapping with its own line and the line of each key."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class Sequence(list):
    """A YAML sequence with the line it starts on."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line


NULL_TAG = "tag:yaml.org,2002:null"
# libyaml's parser when PyYAML was built with it (the wheels are), else Python's.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_text(path: Path) -> str:
    """Read a UTF-8 file; a file that is not UTF-8 is an input error."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(Problem(f"cannot read file: {exc.strerror}", path)) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            Problem(
                f"not valid UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start}",
                path,
                line,
            )
        ) from None


def load_yaml(path: Path):
    """Parse a YAML file into Mapping / Sequence / Text / None values."""
    text = read_text(path)
    try:
        node = yaml.compose(text, Loader=LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(Problem(f"malformed YAML: {problem}", path, line)) from None
    if node is None:
        return None
    problems: list[Problem] = []
    value = _convert(node, path, problems)
    if problems:
        raise InputError(problems)
    return value


def _convert(node, path: Path, problems: list[Problem]):
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        if node.tag == NULL_TAG:
            return None
        return Text(node.value, line)
    if isinstance(node, yaml.SequenceNode):
        seq = Sequence(line)
        seq.extend(_convert(item, path, problems) for item in node.value)
        return seq
    mapping = Mapping(line)
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem("mapping keys must be plain names", path, key_line))
            continue
        key = key_node.value
        if key in mapping:
            problems.append(
                Problem(
                    f"duplicate key (first given on line {mapping.key_lines[key]})",
                    path,
                    key_line,
                    key,
                )
            )
            continue
        mapping[key] = _convert(value_node, path, problems)
        mapping.key_lines[key] = key_line
    return mapping
