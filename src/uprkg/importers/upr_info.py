"""Read a UPR Info database export: one row per recommending state and recommendation.

Columns: To, To-Rgrp, To-Org, Text, From, From-Rgrp, From-Org, Response,
Action, Issue, Session (see /work/shared/upr/README.md and the README's
"The formal UPR record"). Rules, all documented there:

- one recommendation per state under review, session and text: the rows
  UPR Info splits a joint recommendation into become one node with several
  recommenders; rows with the same text but a different response, action
  category or issues stay separate recommendations (listed as a note);
- the cycle follows from the session (1-12 first cycle, 13-26 second,
  27-40 third, 41-54 fourth);
- `Accepted` (or `Supported`) is supported, `Noted` is noted.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from uprkg.importers.corrections import Correction, check_all_used
from uprkg.importers.parsed import Parsed
from uprkg.importers.record import REGIONAL_GROUPS, Recommendation, Registry, digest
from uprkg.importers.rows import RowReader, read_table
from uprkg.importers.states import unresolved_reason
from uprkg.namespaces import mint

REQUIRED = ("To", "Text", "From", "Response", "Session")
RESPONSES = {"accepted": "supported", "supported": "supported", "noted": "noted"}
SESSION_CYCLES = ((1, 12, 1), (13, 26, 2), (27, 40, 3), (41, 54, 4))


def cycle_of_session(session: int) -> int | None:
    for first, last, cycle in SESSION_CYCLES:
        if first <= session <= last:
            return cycle
    return None


def local_id(code: str, session: int, parts: list[str]) -> str:
    """`usa-s9-<16 hex of the key>`: readable, and stable for the same text."""
    return f"{code.lower()}-s{session}-{digest(*parts)}"


def read_upr_info(
    path: Path | str,
    registry: Registry,
    corrections: list[Correction] | None = None,
    display_name: str | None = None,
) -> Parsed:
    reader = RowReader(read_table(path, REQUIRED), display_name or str(path), corrections)
    name = reader.name
    parsed = Parsed(rows=0)
    # (state under review, session, text) -> coding -> [(line, recommender, notes)]
    groups: dict[tuple, dict[tuple, list]] = defaultdict(lambda: defaultdict(list))
    for line, row, notes in reader.corrected_rows():
        before = len(reader.problems)
        to = registry.states.resolve(row["To"])
        if to is None:
            reader.bad(line, "To", unresolved_reason(row["To"]))
        frm = registry.states.resolve(row["From"])
        if frm is None:
            reader.bad(line, "From", unresolved_reason(row["From"]))
        elif to is not None and frm.code == to.code:
            reader.bad(line, "From", "the recommending state is the state under review")
        text = row["Text"]
        if not text.strip():
            reader.bad(line, "Text", "empty: a recommendation needs its text")
        response = RESPONSES.get(row["Response"].strip().casefold())
        if response is None:
            reader.bad(line, "Response", f"{row['Response']!r} is not Accepted or Noted")
        session_text = row["Session"].strip()
        session = int(session_text) if session_text.isdigit() and int(session_text) > 0 else None
        if session is None:
            reader.bad(line, "Session", f"{session_text!r} is not a session number (1, 2, ...)")
        action = row.get("Action", "").strip() or None
        if action is not None and action not in {"1", "2", "3", "4", "5"}:
            reader.bad(line, "Action", f"{action!r} is not an action category 1 to 5")
        for column in ("To-Rgrp", "From-Rgrp"):
            value = row.get(column, "").strip()
            if value and value not in REGIONAL_GROUPS:
                reader.bad(
                    line,
                    column,
                    f"{value!r} is not a regional group ({', '.join(REGIONAL_GROUPS)})",
                )
        if len(reader.problems) > before:
            parsed.bad_lines.add(line)
            continue
        issues = tuple(sorted({i.strip() for i in row.get("Issue", "").split(",") if i.strip()}))
        for state, spelled, group in (
            (to, row["To"], row.get("To-Rgrp", "")),
            (frm, row["From"], row.get("From-Rgrp", "")),
        ):
            parsed.spellings[state.code].add(" ".join(spelled.split()))
            if group.strip():
                parsed.regional_groups[state.code].add(group.strip())
        key = (to.code, session, text)
        coding = (response, row["Response"].strip(), action, issues)
        groups[key][coding].append((line, frm, notes))
    parsed.rows = reader.count
    check_all_used(reader.corrections, name)
    parsed.problems = reader.problems
    for (code, session, text), codings in groups.items():
        split = len(codings) > 1
        if split:
            lines = sorted(line for rows in codings.values() for line, _, _ in rows)
            parsed.notes.append(
                f"{name}: lines {', '.join(map(str, lines))}: the same text to the same state "
                f"in session {session} with {len(codings)} different codings (response, "
                "action, issues): kept as separate recommendations"
            )
        for coding, rows in codings.items():
            response, recorded, action, issues = coding
            parts = [str(session), code, text]
            if split:
                parts += [recorded, action or "", "|".join(issues)]
            sur = registry.states.by_code(code)
            recommenders = {}
            seen: dict[str, int] = {}
            for line, frm, _ in rows:
                if frm.code in seen:
                    parsed.notes.append(
                        f"{name}:{line}: repeats line {seen[frm.code]} (same state, text and "
                        "coding): one recommendation citing both lines"
                    )
                seen.setdefault(frm.code, line)
                recommenders[frm.code] = frm
            parsed.recommendations.append(
                Recommendation(
                    iri=str(mint("recommendation", "upr-info", local_id(code, session, parts))),
                    state_under_review=sur,
                    recommenders=[recommenders[c] for c in sorted(recommenders)],
                    text=text,
                    response=response,
                    response_as_recorded=recorded,
                    cycle=cycle_of_session(session),
                    session=session,
                    action=action,
                    issues=list(issues),
                    lines=sorted(line for line, _, _ in rows),
                    corrections=[n for _, _, notes in rows for n in notes],
                )
            )
    return parsed
