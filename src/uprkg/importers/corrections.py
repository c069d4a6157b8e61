"""Documented corrections of known defects in a data file.

A corrections file (YAML) lists, for one data file, the fields to read
otherwise, each with the value the file has (`was`, so a correction never
applies to a file that changed), the value to read (`becomes`) and the
reason. Every correction applied is written on the recommendation
(uprkg:correction) and listed by the importer: nothing is changed silently.

    corrections:
      - paragraph: "26.347"            # or line: 348 (the row's first line)
        column: recommending_state
        was: ""
        becomes: Nicaragua
        reason: the state is left in parentheses at the end of the text
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from uprkg.errors import InputError, Problem


@dataclass
class Correction:
    key: str  # "line" or "paragraph"
    value: str
    column: str
    was: str
    becomes: str
    reason: str
    used: bool = False

    def note(self) -> str:
        return f"{self.column} {self.was!r} read as {self.becomes!r}: {self.reason}"


def load_corrections(path: Path | str | None) -> list[Correction]:
    if path is None:
        return []
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(Problem(f"cannot read the corrections: {exc}", path)) from None
    items = data.get("corrections") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise InputError(Problem("expected a 'corrections:' list", path))
    found = []
    for number, item in enumerate(items, 1):
        where = f"correction {number}"
        if not isinstance(item, dict):
            raise InputError(Problem(f"{where}: expected a mapping", path))
        keys = [k for k in ("line", "paragraph") if k in item]
        missing = [k for k in ("column", "was", "becomes", "reason") if k not in item]
        if len(keys) != 1 or missing:
            raise InputError(
                Problem(
                    f"{where}: needs one of line/paragraph and column, was, becomes, reason",
                    path,
                )
            )
        found.append(
            Correction(
                keys[0],
                str(item[keys[0]]),
                str(item["column"]),
                str(item["was"] or ""),
                str(item["becomes"] or ""),
                str(item["reason"]),
            )
        )
    return found


def apply(
    corrections: list[Correction], line: int, row: dict[str, str], source: Path | str
) -> list[str]:
    """Apply the corrections that name this row; return their notes."""
    notes = []
    for c in corrections:
        own = str(line) if c.key == "line" else row.get("paragraph", "")
        if own != c.value:
            continue
        if c.column not in row:
            raise InputError(Problem(f"correction for {c.key} {c.value}: no column {c.column!r}"))
        if row[c.column] != c.was:
            raise InputError(
                Problem(
                    f"correction for {c.key} {c.value}: column {c.column!r} reads "
                    f"{row[c.column]!r}, not {c.was!r} (was the file changed?)",
                    source,
                    line,
                )
            )
        row[c.column] = c.becomes
        c.used = True
        notes.append(c.note())
    return notes


def check_all_used(corrections: list[Correction], source: Path | str) -> None:
    unused = [c for c in corrections if not c.used]
    if unused:
        raise InputError(
            [Problem(f"correction for {c.key} {c.value} matches no row", source) for c in unused]
        )
