"""Compare the values claims give for the same subject and property, and keep the outcome.

`compare_corpus` gathers the claims of a verified corpus (those written in
the annotation files and those the reports' details make) and groups them
by subject and property (a proposition), then by value: claims giving the
same value agree. Each two distinct values of a proposition are compared
once, by the compatibility rule of the property's value kind, and the
outcome names the claims on each side. So the work, and the graph, grow
with the number of claims and of distinct values, not with pairs of claims.

Kept: an agreement when claims of two or more sources give one value; a
refinement or overlap when the two sides hold claims of different sources;
every disagreement (a source contradicting itself included). A proposition
with a disagreement is contested.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING

from uprkg.claims.details import detail_claims
from uprkg.claims.rules import RULES, Relation, Verdict, compare_values
from uprkg.claims.values import Value
from uprkg.model import Claim, Corpus

if TYPE_CHECKING:
    from uprkg.claims.properties import PropertySpec

SUBJECT_TABLES = ("actors", "documents", "decisions", "statements", "events", "reviews")
SUBJECT_KINDS = ("actor", "document", "decision", "statement", "event", "review")


@dataclass(frozen=True)
class Side:
    """One value of a proposition and the claims that give it."""

    value: Value
    claims: tuple[Claim, ...]

    @property
    def sources(self) -> set[str]:
        return {c.source for c in self.claims}


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing two values of one proposition (or an agreement on one).

    For an agreement `second` is None; for a refinement `first` is the coarser value.
    """

    subject: str
    property: str
    first: Side
    second: Side | None
    verdict: Verdict

    @property
    def relation(self) -> Relation:
        return self.verdict.relation

    @property
    def claims(self) -> tuple[Claim, ...]:
        return self.first.claims + (self.second.claims if self.second else ())


@dataclass(frozen=True)
class Proposition:
    """A subject and property with its claims; `declared` when a person labelled it."""

    subject: str
    property: str
    label: str
    declared: str | None  # the id in propositions.yaml, if any
    claims: tuple[Claim, ...]


@dataclass
class ClaimSet:
    claims: list[Claim]
    comparisons: list[Comparison]
    propositions: dict[tuple[str, str], Proposition] = field(default_factory=dict)

    def disagreements(self) -> list[Comparison]:
        return [c for c in self.comparisons if c.relation is Relation.DISAGREEMENT]

    def contested(self) -> set[tuple[str, str]]:
        return {(c.subject, c.property) for c in self.disagreements()}


def subject_kind(corpus: Corpus, item_id: str) -> str | None:
    """Which table an id a claim is about lies in (actor, document, ..., review)."""
    for table, kind in zip(SUBJECT_TABLES, SUBJECT_KINDS, strict=True):
        if item_id in getattr(corpus, table):
            return kind
    return None


def item_label(corpus: Corpus, item_id: str) -> str:
    """A readable name for anything a claim can be about or name as its value."""
    for table in ("actors", "documents", "decisions", "events", "reviews"):
        record = getattr(corpus, table).get(item_id)
        if record is not None:
            return record.label
    statement = corpus.statements.get(item_id)
    return statement.paraphrase if statement else item_id


def _sides(members: list[Claim], names) -> list[Side]:
    """The distinct values of a proposition, in value order, each with its claims."""
    by_value: dict[Value, list[Claim]] = defaultdict(list)
    for claim in members:
        by_value[claim.value].append(claim)  # type: ignore[index]
    sides = [Side(v, tuple(sorted(cs, key=lambda c: c.id))) for v, cs in by_value.items()]
    return sorted(sides, key=lambda s: (s.value.sort_key, s.value.label(names)))


def compare_claims(
    claims: list[Claim], specs: dict[str, PropertySpec], names=None
) -> list[Comparison]:
    """Agreements on one value, and the outcome of each two distinct values, per proposition."""
    groups: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.value is not None and claim.subject and claim.property:
            groups[(claim.subject, claim.property)].append(claim)
    found = []
    for (subject, prop), members in sorted(groups.items()):
        spec = specs[prop]
        sides = _sides(members, names)
        for side in sides:
            if len(side.sources) > 1:
                why = f"{len(side.sources)} sources give {side.value.label(names)}"
                verdict = Verdict(Relation.AGREEMENT, _rule(spec.kind), why)
                found.append(Comparison(subject, prop, side, None, verdict))
        for a, b in combinations(sides, 2):
            verdict = compare_values(spec.kind, a.value, b.value, spec.single_valued, names)
            if verdict.relation is Relation.UNRELATED:
                continue
            across = a.sources != b.sources or len(a.sources) > 1
            if verdict.relation is not Relation.DISAGREEMENT and not across:
                continue
            if verdict.relation is Relation.REFINEMENT and verdict.finer == 0:
                a, b = b, a
                verdict = compare_values(spec.kind, a.value, b.value, spec.single_valued, names)
            found.append(Comparison(subject, prop, a, b, verdict))
    return found


def _rule(kind: str) -> str:
    return RULES[kind].__name__


def compare_corpus(corpus: Corpus, specs: dict[str, PropertySpec]) -> ClaimSet:
    """All claims of a corpus (written and derived), their comparisons and propositions."""

    def names(item_id: str) -> str:
        return item_label(corpus, item_id)

    def property_label(notation: str) -> str:
        return specs[notation].label

    claims = sorted(
        [*corpus.claims.values(), *detail_claims(corpus, names, property_label)],
        key=lambda c: c.id,
    )
    comparisons = compare_claims(claims, specs, names)
    declared = {(p.subject, p.property): p for p in corpus.propositions.values()}
    members: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.subject and claim.property:
            members[(claim.subject, claim.property)].append(claim)
    for key in declared:
        members.setdefault(key, [])
    propositions = {}
    for key, found in sorted(members.items()):
        subject, prop = key
        person = declared.get(key)
        label = person.question if person else f"{names(subject)}: {property_label(prop)}"
        propositions[key] = Proposition(
            subject, prop, label, person.id if person else None, tuple(found)
        )
    return ClaimSet(claims, comparisons, propositions)
