"""Reading CSV rows with their line numbers, and reporting bad rows.

A bad row is reported with its file, line, column and reason, every
problem of every row at once. What happens next is the caller's choice:
fail (nothing written) or leave the bad rows out and list them.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from uprkg.errors import InputError, Problem


@dataclass(frozen=True)
class BadRow(Problem):
    """One problem of one row: file, line, column (number and name), reason."""

    column: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: "
        if self.field is not None:
            where += f"column {self.column} '{self.field}': "
        return where + self.message


@dataclass
class Table:
    """A CSV file read whole: its header, its rows with their first line, its checksum."""

    path: Path
    header: list[str]
    rows: list[tuple[int, list[str]]]
    sha256: str

    def column(self, name: str) -> int:
        return self.header.index(name) + 1


def read_table(path: Path | str, required: tuple[str, ...]) -> Table:
    """Read a UTF-8 CSV file; an unreadable file or a missing column is an InputError."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(Problem(f"cannot read: {exc.strerror}", path)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + data[: exc.start].count(b"\r") + 1
        raise InputError(
            Problem(
                f"not UTF-8 (byte 0x{data[exc.start]:02x}); re-encode the file as UTF-8 "
                "(UPR Info's exports are Mac Roman: iconv -f MACINTOSH -t UTF-8)",
                path,
                line,
            )
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(Problem("the file is empty: expected a header line", path, 1)) from None
    header = [h.strip() for h in header]
    missing = [name for name in required if name not in header]
    if missing:
        raise InputError(
            Problem(
                f"missing column(s) {', '.join(missing)}; the header has {', '.join(header)}",
                path,
                1,
            )
        )
    rows = []
    line = reader.line_num + 1
    try:
        for values in reader:
            rows.append((line, values))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(Problem(f"malformed CSV: {exc}", path, line)) from None
    return Table(path, header, rows, hashlib.sha256(data).hexdigest())


class RowReader:
    """Gives a row's fields by column name and collects its problems."""

    def __init__(self, table: Table, display_name: str, corrections: list | None = None) -> None:
        self.table = table
        self.name = display_name
        self.index = {name: i for i, name in enumerate(table.header)}
        self.problems: list[BadRow] = []
        self.corrections = corrections or []  # uprkg.importers.corrections.Correction
        self.count = 0  # rows given by corrected_rows

    def corrected_rows(self) -> Iterator[tuple[int, dict[str, str], list[str]]]:
        """Each row with the corrections that name it applied, and their notes
        (counted in `count`); every importer reads its file this way."""
        from uprkg.importers.corrections import apply

        for line, row in self.rows():
            self.count += 1
            yield line, row, apply(self.corrections, line, row, self.name)

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        width = len(self.table.header)
        for line, values in self.table.rows:
            if not any(v.strip() for v in values):
                continue  # a blank line is not a row
            if len(values) != width:
                self.problems.append(
                    BadRow(
                        f"{len(values)} fields where the header has {width} "
                        "(a comma or quote out of place?)",
                        self.name,
                        line,
                    )
                )
                continue
            yield line, dict(zip(self.table.header, values, strict=True))

    def bad(self, line: int, column: str, message: str) -> None:
        self.problems.append(BadRow(message, self.name, line, column, self.table.column(column)))
