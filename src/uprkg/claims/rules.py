"""Compatibility rules: can two values of one property of one subject both hold?

Each rule compares two values of one kind and returns a `Verdict`: the
relation and a sentence saying why. The rules say nothing beyond what the
values say: no year is added to "August 4", no date is computed from "for a
year", two different actors are not assumed to be one.

Relations:

- agreement: the same value;
- refinement: one value is the other with added precision ("2026" then
  "November 2026"): corroboration, not disagreement;
- overlap: both can hold without one refining the other ("every four years"
  and "every four to five years");
- disagreement: they cannot both hold ("2006" and "2008");
- unrelated: the rule cannot compare them (months against days), or the
  property holds several values and the two simply differ.

A property that holds several values (`uprkg:singleValued false`) relates
only equal values; everything else is unrelated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from uprkg.claims.values import (
    Concept,
    Entities,
    Ordinal,
    PartialDate,
    Period,
    Quantity,
    Value,
    Wording,
)
from uprkg.quotes import normalise


class Relation(Enum):
    AGREEMENT = "agreement"
    REFINEMENT = "refinement"
    OVERLAP = "overlap"
    DISAGREEMENT = "disagreement"
    UNRELATED = "unrelated"


@dataclass(frozen=True)
class Verdict:
    relation: Relation
    rule: str
    explanation: str
    finer: int | None = None  # for a refinement: 0 if the first value is the finer, 1 if the second


def dates(a: PartialDate, b: PartialDate) -> Verdict:
    """Dates conflict when a part both give differs; more parts that agree refine.

    "2006"/"2008": disagreement. "2026"/"2026-11": refinement. "--08-04"
    (August 4, no year)/"--11": disagreement. "--08-04"/"2025-08-04":
    refinement (the year is added). "2026"/"--11": overlap (one gives the
    year, the other the month).
    """
    for part in ("year", "month", "day"):
        mine, theirs = getattr(a, part), getattr(b, part)
        if mine is not None and theirs is not None and mine != theirs:
            why = f"{a.describe()} and {b.describe()} are in different {part}s"
            if part == "day":
                why = f"{a.describe()} and {b.describe()} are different days"
            return Verdict(Relation.DISAGREEMENT, "dates", why)
    if a.parts == b.parts:
        return Verdict(Relation.AGREEMENT, "dates", f"both give {a.describe()}")
    if a.parts < b.parts or b.parts < a.parts:
        finer, coarser = (b, a) if a.parts < b.parts else (a, b)
        why = f"{finer.describe()} is {coarser.describe()} with added precision"
        return Verdict(Relation.REFINEMENT, "dates", why, finer=1 if a.parts < b.parts else 0)
    why = (
        f"{a.describe()} and {b.describe()} can both hold: each gives a part the other leaves open"
    )
    return Verdict(Relation.OVERLAP, "dates", why)


def quantities(a: Quantity, b: Quantity) -> Verdict:
    """Numbers and ranges conflict when they have no value in common.

    "193"/"193": agreement. "4"/"4 to 5": overlap. "at most 20"/"17":
    overlap. "193"/"192": disagreement.
    """
    return _intervals(a, b, "quantities")


def durations(a: Period, b: Period) -> Verdict:
    """Lengths of time (and the periods of frequencies) compare like ranges of numbers.

    "every 4 years"/"every 4 to 5 years": overlap. "every 4 years"/"every 4
    years 6 months": disagreement. "every 4 to 5 years"/"every 4 years 6
    months": overlap. Years and months are not compared with days.
    """
    if a.unit != b.unit:
        why = f"{a.label()} and {b.label()} are counted in months and in days, which do not compare"
        return Verdict(Relation.UNRELATED, "durations", why)
    return _intervals(a, b, "durations")


def _intervals(a: Quantity | Period, b: Quantity | Period, rule: str) -> Verdict:
    if a.bounds == b.bounds:
        return Verdict(Relation.AGREEMENT, rule, f"both give {a.label()}")
    if not a.bounds.overlaps(b.bounds):
        why = f"{a.label()} and {b.label()} have no value in common"
        return Verdict(Relation.DISAGREEMENT, rule, why)
    return Verdict(Relation.OVERLAP, rule, f"{a.label()} and {b.label()} share values")


def ordinals(a: Ordinal, b: Ordinal) -> Verdict:
    """Different places in one sequence conflict: "first"/"second"."""
    if a == b:
        return Verdict(Relation.AGREEMENT, "ordinals", f"both give {a.label()}")
    return Verdict(
        Relation.DISAGREEMENT, "ordinals", f"{a.label()} and {b.label()} are different places"
    )


def entities(a: Entities, b: Entities, names: Callable[[str], str] | None = None) -> Verdict:
    """Different actors (or items) conflict; a group and a part of it are compatible.

    For a single-valued property (the speaker of a statement): "the US
    Department of State"/"a State Department official" disagree, even if
    one belongs to the other: the values name different actors.
    """
    shown_a, shown_b = a.label(names), b.label(names)
    if a == b:
        return Verdict(Relation.AGREEMENT, "entities", f"both name {shown_a}")
    if set(a.ids) < set(b.ids) or set(b.ids) < set(a.ids):
        why = f"{shown_a} and {shown_b}: one names part of the other's group"
        return Verdict(Relation.OVERLAP, "entities", why)
    return Verdict(Relation.DISAGREEMENT, "entities", f"{shown_a} and {shown_b} are different")


def concepts(a: Concept, b: Concept, names: Callable[[str], str] | None = None) -> Verdict:
    """Different concepts of one scheme conflict: "participated"/"did-not-participate"."""
    if a == b:
        return Verdict(Relation.AGREEMENT, "concepts", f"both give {a.notation}")
    why = f"{a.notation} and {b.notation} are different values"
    return Verdict(Relation.DISAGREEMENT, "concepts", why)


def wordings(a: Wording, b: Wording) -> Verdict:
    """Words agree when the same (quotation marks and spaces folded as in quotes),
    are compatible when one is an excerpt of the other, and otherwise conflict."""
    mine, theirs = normalise(a.text), normalise(b.text)
    if mine == theirs:
        return Verdict(Relation.AGREEMENT, "wordings", "the same words")
    if mine in theirs or theirs in mine:
        return Verdict(Relation.OVERLAP, "wordings", "one is an excerpt of the other")
    return Verdict(Relation.DISAGREEMENT, "wordings", f"{a.label()} and {b.label()} differ")


RULES: dict[str, Callable[..., Verdict]] = {
    "date": dates,
    "quantity": quantities,
    "duration": durations,
    "frequency": durations,
    "ordinal": ordinals,
    "entity": entities,
    "concept": concepts,
    "text": wordings,
}


def compare_values(
    kind: str,
    a: Value,
    b: Value,
    single_valued: bool = True,
    names: Callable[[str], str] | None = None,
) -> Verdict:
    """Apply the rule of the value kind; a property of several values relates only equal ones."""
    rule = RULES[kind]
    verdict = rule(a, b, names) if kind in ("entity", "concept") else rule(a, b)
    if not single_valued and verdict.relation is not Relation.AGREEMENT:
        why = "the property holds several values: different values complement each other"
        return Verdict(Relation.UNRELATED, verdict.rule, why)
    return verdict
