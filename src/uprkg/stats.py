"""Counts of what the graph contains, per class and per source."""

from __future__ import annotations

import json
from collections import Counter

from rdflib import RDF, Dataset

from uprkg.model import Corpus
from uprkg.namespaces import UPRKG, graph_for_source

PER_SOURCE = ("Statement", "Event", "Claim", "Quote")


def graph_stats(corpus: Corpus, dataset: Dataset) -> dict:
    """Asserted instances per uprkg class, and per-source counts."""
    per_class: Counter = Counter()
    typed = {(s, o) for s, _, o, _ in dataset.quads((None, RDF.type, None, None))}
    for _, cls in typed:
        if str(cls).startswith(str(UPRKG)):
            per_class[str(cls)[len(str(UPRKG)) :]] += 1
    event_types = {UPRKG[name] for name in _event_classes(dataset)}
    per_source = []
    for source in corpus.sources.values():
        graph = dataset.graph(graph_for_source(source.id))
        row = {"source": source.id, "title": source.title or ""}
        row["statements"] = len(set(graph.subjects(RDF.type, UPRKG.Statement)))
        row["events"] = len(
            {s for s, _, o in graph.triples((None, RDF.type, None)) if o in event_types}
        )
        row["claims"] = len(set(graph.subjects(RDF.type, UPRKG.Claim)))
        row["quotes"] = len(set(graph.subjects(RDF.type, UPRKG.Quote)))
        row["triples"] = len(graph)
        per_source.append(row)
    per_stance: Counter = Counter(
        str(o).rsplit("/", 1)[1]
        for s, o in {(s, o) for s, _, o, _ in dataset.quads((None, UPRKG.stance, None, None))}
    )
    return {
        "per_class": dict(sorted(per_class.items())),
        "per_stance": dict(sorted(per_stance.items())),
        "per_source": per_source,
        "triples": len({(s, p, o) for s, p, o, _ in dataset.quads()}),
    }


def _event_classes(dataset: Dataset) -> set[str]:
    from uprkg.vocab import load_vocabulary

    return set(load_vocabulary().event_types)


def corpus_stats(corpus: Corpus) -> dict:
    from uprkg.build import build_dataset

    return graph_stats(corpus, build_dataset(corpus))


def render(stats: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(stats, indent=2, ensure_ascii=False)
    md = fmt == "md"
    lines = []
    lines += _table(["class", "instances"], list(stats["per_class"].items()), md)
    lines.append("")
    lines += _table(["stance", "statements"], list(stats["per_stance"].items()), md)
    lines.append("")
    cols = ["source", "statements", "events", "claims", "quotes", "triples"]
    rows = [[r[c] for c in cols] for r in stats["per_source"]]
    totals = ["total (distinct)"] + [""] * 4 + [stats["triples"]]
    lines += _table(cols, [*rows, totals], md)
    return "\n".join(lines)


def _table(header: list[str], rows: list, md: bool) -> list[str]:
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]

    def fmt(row: list[str]) -> str:
        pairs = enumerate(zip(row, widths, strict=True))
        padded = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in pairs]
        return ("| " + " | ".join(padded) + " |") if md else "  ".join(padded)

    out = [fmt(cells[0])]
    if md:
        out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    else:
        out.append("  ".join("-" * w for w in widths))
    out += [fmt(r) for r in cells[1:]]
    return out
