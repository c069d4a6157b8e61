"""Compare every claim about the same subject and property, and keep the outcome.

`compare_corpus` gathers the claims of a verified corpus (those written in
the annotation files and those the reports' details make), groups them by
subject and property (a proposition), and applies the compatibility rule
of the property's value kind to every pair. A pair from two different
sources is kept when it agrees, refines, overlaps or disagrees; a pair from
one source only when it disagrees (a source contradicting itself). A
proposition with a disagreement is contested.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING

from uprkg.claims.details import detail_claims
from uprkg.claims.rules import Relation, Verdict, compare_values
from uprkg.model import Claim, Corpus

if TYPE_CHECKING:
    from uprkg.claims.properties import PropertySpec

SUBJECT_TABLES = ("actors", "documents", "decisions", "statements", "events", "reviews")
SUBJECT_KINDS = ("actor", "document", "decision", "statement", "event", "review")


@dataclass(frozen=True)
class Comparison:
    """Two claims compared by one rule; for a refinement `first` is the coarser."""

    first: Claim
    second: Claim
    verdict: Verdict

    @property
    def relation(self) -> Relation:
        return self.verdict.relation

    @property
    def key(self) -> tuple[str, str]:
        return (self.first.id, self.second.id)


@dataclass(frozen=True)
class Proposition:
    """A subject and property with its claims; `question` when a person labelled it."""

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
        return {(c.first.subject or "", c.first.property or "") for c in self.disagreements()}


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


def compare_claims(
    claims: list[Claim], specs: dict[str, PropertySpec], names=None
) -> list[Comparison]:
    """Every related pair of claims about the same subject and property."""
    groups: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.value is not None and claim.subject and claim.property:
            groups[(claim.subject, claim.property)].append(claim)
    found = []
    for (_, prop), members in sorted(groups.items()):
        spec = specs[prop]
        for a, b in combinations(sorted(members, key=lambda c: c.id), 2):
            verdict = compare_values(spec.kind, a.value, b.value, spec.single_valued, names)
            if verdict.relation is Relation.UNRELATED:
                continue
            if a.source == b.source and verdict.relation is not Relation.DISAGREEMENT:
                continue
            if verdict.relation is Relation.REFINEMENT:
                first, second = (b, a) if verdict.finer == 0 else (a, b)
            else:
                first, second = sorted((a, b), key=lambda c: _order(c, names))
            oriented = compare_values(
                spec.kind, first.value, second.value, spec.single_valued, names
            )
            found.append(Comparison(first, second, oriented))
    return sorted(found, key=lambda c: c.key)


def _order(claim: Claim, names) -> tuple:
    value = claim.value
    return (value.sort_key, value.label(names), claim.id)  # type: ignore[union-attr]


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
