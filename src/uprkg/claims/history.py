"""The disagreements of a build, and those a change introduced since the previous one.

The build writes the disagreements it computed to OUT/disagreements.tsv
(one line per proposition and pair of conflicting values, with the sources
on each side, sorted), next to the graph. The
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
    """Two conflicting values of one proposition and their sources: a line of disagreements.tsv."""

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


def _short(iris: str) -> str:
    """Source IRIs as their ids: '.../source/001_... .../source/004_...' -> '001_..., 004_...'."""
    return ", ".join(iri.rsplit("/", 1)[-1] for iri in iris.split())


def _side(graph: Graph, node, prop) -> tuple[str, str]:
    """The value one side of a comparison gives, and its sources (space-separated IRIs)."""
    claims = list(graph.objects(node, prop))
    values = sorted({str(graph.value(c, UPRKG.valueLabel) or "") for c in claims})
    sources = {str(s) for c in claims for s in graph.objects(c, UPRKG.source)}
    return "; ".join(values), " ".join(sorted(sources))


def disagreements(graph: Graph) -> list[Disagreement]:
    """Every uprkg:Disagreement of a graph (the union of a build), sorted."""
    found = []
    for node in set(graph.subjects(RDF.type, UPRKG.Disagreement)):
        claim = graph.value(node, UPRKG.firstClaim)
        proposition = graph.value(claim, UPRKG.proposition)
        value, source = _side(graph, node, UPRKG.firstClaim)
        other_value, other_source = _side(graph, node, UPRKG.secondClaim)
        found.append(
            Disagreement(
                comparison=str(node),
                proposition=str(proposition),
                question=str(graph.value(proposition, RDFS.label) or proposition),
                value=value,
                source=source,
                other_value=other_value,
                other_source=other_source,
            )
        )
    return sorted(found)


def summary_lines(current: list[Disagreement], new: list[Disagreement] | None) -> list[str]:
    """What a build says about disagreements: how many, and which are new."""
    contested = len({row.proposition for row in current})
    line = (
        f"{_count(len(current), 'disagreement')} on "
        f"{_count(contested, 'contested proposition')} (uprkg query contested-claims)"
    )
    if new is None:
        return [line]
    if not new:
        return [line + "; none new since the previous build"]
    lines = [line + f"; {len(new)} new since the previous build:"]
    lines += [f"  new disagreement: {row.describe()}" for row in new]
    return lines


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


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

    A disagreement on which a source has newly taken a side counts as new too.
    """
    known = set(previous or [])
    return [row for row in current if row not in known]
