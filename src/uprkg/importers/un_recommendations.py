"""Read an OHCHR list of the recommendations one state received in one review.

Layout (the 2020 US file, A/HRC/46/15): paragraph, recommending_state,
position, text. Joint recommendations name their states separated by ';'.
The file does not say which state was reviewed, in which report or
session: the importer is told (`--state`, `--document`, `--session`,
`--cycle`), never guesses.
"""

from __future__ import annotations

import re
from pathlib import Path

from uprkg.importers.corrections import Correction, check_all_used
from uprkg.importers.parsed import Parsed
from uprkg.importers.record import Recommendation, Registry, slug
from uprkg.importers.rows import RowReader, read_table
from uprkg.importers.states import State, unresolved_reason
from uprkg.namespaces import mint

REQUIRED = ("paragraph", "recommending_state", "position", "text")
POSITIONS = {
    "supported": "supported",
    "noted": "noted",
    "supported_noted": "partially-supported",
    "partially supported": "partially-supported",
}
PARAGRAPH = re.compile(r"^\d+(\.\d+)+$")


def read_un_recommendations(
    path: Path | str,
    registry: Registry,
    state: State,
    document: str,
    session: int | None = None,
    cycle: int | None = None,
    corrections: list[Correction] | None = None,
    display_name: str | None = None,
) -> Parsed:
    reader = RowReader(read_table(path, REQUIRED), display_name or str(path), corrections)
    name = reader.name
    parsed = Parsed(rows=0)
    first_line: dict[str, int] = {}
    for line, row, notes in reader.corrected_rows():
        before = len(reader.problems)
        paragraph = row["paragraph"].strip()
        if not PARAGRAPH.match(paragraph):
            reader.bad(line, "paragraph", f"{paragraph!r} is not a paragraph number such as 26.1")
        elif paragraph in first_line:
            reader.bad(line, "paragraph", f"{paragraph} is already on line {first_line[paragraph]}")
        else:
            first_line[paragraph] = line
        recommenders: dict[str, State] = {}
        names = [n.strip() for n in row["recommending_state"].split(";")]
        for item in names:
            found = registry.states.resolve(item)
            if found is None:
                reason = unresolved_reason(item)
                tail = re.search(r"\(([^()]+)\)\.?\s*$", row["text"])
                if not item and tail and registry.states.resolve(tail.group(1)):
                    reason += (
                        f" (the text ends with '({tail.group(1)})': a state left in the text "
                        "stays unresolved unless a correction says otherwise)"
                    )
                reader.bad(line, "recommending_state", reason)
            elif found.code == state.code:
                reader.bad(line, "recommending_state", "the reviewed state as its own recommender")
            else:
                recommenders[found.code] = found
                parsed.spellings[found.code].add(" ".join(item.split()))
        position = POSITIONS.get(row["position"].strip().casefold())
        if position is None:
            reader.bad(
                line, "position", f"{row['position']!r} is not supported, noted or supported_noted"
            )
        if not row["text"].strip():
            reader.bad(line, "text", "empty: a recommendation needs its text")
        if len(reader.problems) > before:
            parsed.bad_lines.add(line)
            continue
        parsed.recommendations.append(
            Recommendation(
                iri=str(mint("recommendation", slug(document), paragraph)),
                state_under_review=state,
                recommenders=[recommenders[c] for c in sorted(recommenders)],
                text=row["text"],
                response=position,
                response_as_recorded=row["position"].strip(),
                cycle=cycle,
                session=session,
                paragraph=paragraph,
                document=document,
                lines=[line],
                corrections=notes,
            )
        )
    parsed.rows = reader.count
    check_all_used(reader.corrections, name)
    parsed.problems = reader.problems
    return parsed
