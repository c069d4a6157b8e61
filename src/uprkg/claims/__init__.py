"""Structured claims: typed values, compatibility rules, computed disagreements.

A claim states a value for a property of a subject, as its source gives it
(`values`); the properties and the kind of value each takes come from the
ontology (`properties`); reports of statements and events add the details
a source gives differently (`details`); the claims about one subject and
property are compared pairwise by small named rules (`rules`), and the
pairs that agree, refine, overlap or disagree are kept (`compare`). The
builder writes all of it into the graph; `history` finds the disagreements
a change introduced since the previous build.
"""

from uprkg.claims.compare import ClaimSet, Comparison, compare_claims, compare_corpus
from uprkg.claims.rules import Relation, Verdict, compare_values

__all__ = [
    "ClaimSet",
    "Comparison",
    "Relation",
    "Verdict",
    "compare_claims",
    "compare_corpus",
    "compare_values",
]
