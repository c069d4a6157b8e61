"""Errors that carry where they come from (file, line, field).

`InputError` is bad input or usage (exit 2); `CheckFailed` is a check that
ran and found problems (exit 1). Both can hold several problems, each one
line, so a researcher fixing a corpus sees everything wrong at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong, located as precisely as we know."""

    message: str
    file: Path | str | None = None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        field = f"field '{self.field}': " if self.field else ""
        return f"{where}{field}{self.message}"


class UprkgError(Exception):
    """Base class: one or more problems, each printed on its own line."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):
        """Pickled with its problems (a query's child process sends errors back)."""
        return (type(self), (self.problems,))


class InputError(UprkgError):
    """The input (corpus, file, parameter) is malformed: exit code 2."""

    exit_code = 2


class CheckFailed(UprkgError):
    """A check (SHACL, reasoner) ran and failed: exit code 1."""

    exit_code = 1


class Problems:
    """Collects problems while reading, so all are reported together."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, message: str, file=None, line=None, field=None) -> None:
        self.items.append(Problem(message, file, line, field))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self, cls: type[UprkgError] = InputError) -> None:
        if self.items:
            raise cls(self.items)
