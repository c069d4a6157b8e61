"""Read YAML keeping line numbers, so every error can name file and line.

Every scalar comes back as a string (`Text`) carrying its line; the reader
of each field decides what type it must have. This avoids YAML 1.1 surprises
(`NO` read as false, `2025-08-04` read as a date object) and keeps the error
messages in the corpus's own terms. Duplicate keys, which PyYAML silently
drops, are errors.
"""

from __future__ import annotations

import os
import stat
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


MAX_FILE_BYTES = 64 * 1024 * 1024  # a corpus file larger than this is refused, not read
MAX_DEPTH = 32  # levels of nesting in a corpus YAML file (the corpus needs 5)


def read_bytes(path: Path, inside: Path | None = None, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file, refusing anything else before reading it.

    With `inside`, the path must resolve (symlinks followed) to a file in
    that folder: `../`, absolute paths and symlinks out of it are refused.
    FIFOs, devices, folders and /proc files are not regular files and are
    refused too (opened non-blocking, checked with fstat before any read),
    and so is a file larger than `limit` bytes.
    """
    try:
        resolved = Path(os.path.realpath(path))
    except (OSError, ValueError) as exc:
        raise InputError(Problem(f"cannot read file: {_reason(exc)}", path)) from None
    if inside is not None and not resolved.is_relative_to(os.path.realpath(inside)):
        raise InputError(
            Problem(f"refused: the file resolves outside {inside}{os.sep} ({resolved})", path)
        )
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(resolved, flags)
    except (OSError, ValueError) as exc:
        raise InputError(Problem(f"cannot read file: {_reason(exc)}", path)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(
                Problem("refused: not a regular file (a folder, FIFO, socket or device)", path)
            )
        if info.st_size > limit:
            raise InputError(
                Problem(f"refused: {info.st_size} bytes, more than the limit of {limit}", path)
            )
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(Problem(f"cannot read file: {_reason(exc)}", path)) from None
    finally:
        os.close(fd)
    if len(data) > limit:  # a file that grew while we read it
        raise InputError(Problem(f"refused: more than the limit of {limit} bytes", path))
    return data


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ValueError):  # e.g. a NUL byte in the name
        return "the file name is not valid"
    return exc.strerror or type(exc).__name__  # never the path again, nor any content


def read_text(path: Path, inside: Path | None = None) -> str:
    """Read a UTF-8 file (see `read_bytes`); a file that is not UTF-8 is an input error."""
    return decode_utf8(read_bytes(path, inside), path)


def decode_utf8(data: bytes, path: Path) -> str:
    """The bytes as text; the first byte that is not UTF-8 is an input error at its line."""
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


def load_yaml(path: Path, inside: Path | None = None):
    """Parse a YAML file into Mapping / Sequence / Text / None values."""
    text = read_text(path, inside)
    try:
        node = yaml.compose(text, Loader=LOADER)
    except RecursionError:  # the pure-Python parser, without libyaml's own depth limit
        raise InputError(
            Problem(f"refused: nested more than {MAX_DEPTH} levels deep", path)
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(Problem(f"malformed YAML: {problem}", path, line)) from None
    if node is None:
        return None
    problems: list[Problem] = []
    try:
        value = _convert(node, path, problems, set(), 0)
    except _Refused as refused:
        raise InputError(
            Problem(refused.message, path, refused.line or _alias_line(text))
        ) from None
    if problems:
        raise InputError(problems)
    return value


class _Refused(Exception):
    """Stops the conversion at the first alias or too-deep node: nothing more is expanded."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line = message, line


def _alias_line(text: str) -> int | None:
    """The line of the first alias (*name) in the text (the composer keeps only the anchor's)."""
    for event in yaml.parse(text, Loader=LOADER):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line + 1
    return None


def _convert(node, path: Path, problems: list[Problem], seen: set[int], depth: int):
    """Plain values from composed nodes. The composer hands an alias back as the very
    node its anchor named: a node met twice is an alias, refused before it is
    expanded (an alias bomb stays a few lines); so is nesting beyond MAX_DEPTH."""
    line = node.start_mark.line + 1
    if id(node) in seen:
        raise _Refused(
            "refused: YAML aliases (*name) are not allowed in corpus files; "
            "write the value out where it is used"
        )
    seen.add(id(node))
    if depth > MAX_DEPTH:
        raise _Refused(f"refused: nested more than {MAX_DEPTH} levels deep", line)
    if isinstance(node, yaml.ScalarNode):
        if node.tag == NULL_TAG:
            return None
        return Text(node.value, line)
    if isinstance(node, yaml.SequenceNode):
        seq = Sequence(line)
        seq.extend(_convert(item, path, problems, seen, depth + 1) for item in node.value)
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
        mapping[key] = _convert(value_node, path, problems, seen, depth + 1)
        mapping.key_lines[key] = key_line
    return mapping
