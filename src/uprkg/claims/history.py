"""The disagreements of a build, and those a change introduced since the previous one.

The build writes the disagreements it computed to OUT/disagreements.tsv
(one line per pair of conflicting claims, sorted), next to the graph. The
next build reads that file before replacing it, so `uprkg build` and
`uprkg check` can say which disagreements are new: a new article that
contradicts an old one is reported the moment it is built.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph

from uprkg.namespaces import UPRKG

FILE_NAME = "disagreements.tsv"
COLUMNS = ("comparison", "proposition", "question", "value", "source", "otherValue", "otherSource")


@dataclass(frozen=True, order=True)
class Disagreement:
    """One pair of conflicting claims, as a line of disagreements.tsv."""

    comparison: str
    proposition: str
    question: str
    value: str
    source: str
    other_value: str
    other_source: str

    def describe(self) -> str:
        return (
            f"{self.question}: {self.value} ({_short(self.source)}) "
            f"vs {self.other_value} ({_short(self.other_source)})"
        )


def _short(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _sources(graph: Graph, claim) -> str:
    return " ".join(sorted(str(s) for s in graph.objects(claim, UPRKG.source)))


def disagreements(graph: Graph) -> list[Disagreement]:
    """Every uprkg:Disagreement of a graph (the union of a build), sorted."""
    found = []
    for node in set(graph.subjects(RDF.type, UPRKG.Disagreement)):
        first = graph.value(node, UPRKG.firstClaim)
        second = graph.value(node, UPRKG.secondClaim)
        proposition = graph.value(first, UPRKG.proposition)
        found.append(
            Disagreement(
                comparison=str(node),
                proposition=str(proposition),
                question=str(graph.value(proposition, RDFS.label) or proposition),
                value=str(graph.value(first, UPRKG.valueLabel) or ""),
                source=_sources(graph, first),
                other_value=str(graph.value(second, UPRKG.valueLabel) or ""),
                other_source=_sources(graph, second),
            )
        )
    return sorted(found)


def summary_lines(current: list[Disagreement], new: list[Disagreement] | None) -> list[str]:
    """What a build says about disagreements: how many, and which are new."""
    contested = len({row.proposition for row in current})
    line = (
        f"{len(current)} disagreements between claims on {contested} contested propositions "
        "(uprkg query contested-claims)"
    )
    if new is None:
        return [line]
    if not new:
        return [line + "; none new since the previous build"]
    lines = [line + f"; {len(new)} new since the previous build:"]
    lines += [f"  new disagreement: {row.describe()}" for row in new]
    return lines


def _clean(text: str) -> str:
    return " ".join(text.split())


def to_tsv(rows: list[Disagreement]) -> str:
    lines = ["\t".join(COLUMNS)]
    for row in rows:
        lines.append("\t".join(_clean(str(v)) for v in astuple(row)))
    return "\n".join(lines) + "\n"


def read_tsv(path: Path) -> list[Disagreement] | None:
    """The disagreements of the previous build; None when there is none (or it is unreadable)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    if not lines or tuple(lines[0].split("\t")) != COLUMNS:
        return None
    rows = []
    for line in lines[1:]:
        cells = line.split("\t")
        if len(cells) == len(COLUMNS):
            rows.append(Disagreement(*cells))
    return rows


def new_since(
    previous: list[Disagreement] | None, current: list[Disagreement]
) -> list[Disagreement]:
    """The disagreements of `current` that `previous` did not have (all, if none before).

    A pair of claims that disagreed before but now with another value counts as new.
    """
    known = {(row.comparison, row.value, row.other_value) for row in previous or []}
    return [r for r in current if (r.comparison, r.value, r.other_value) not in known]
