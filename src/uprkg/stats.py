"""Counts of what the graph contains, per class, per stance and per source.

Counted on the store (uprkg.store) with SPARQL (uprkg/sparql/stats-*.rq):
instances and stances on the asserted graphs, statements, events, claims,
quotes and triples per source in each source's own named graph.
"""

from __future__ import annotations

import json
from collections import defaultdict

from uprkg.prefixes import GRAPH_SOURCE, ID, UPRKG

PER_SOURCE = ("Statement", "Event", "Claim", "Quote")


def store_stats(store) -> dict:
    """Asserted instances per uprkg class and per stance, and per-source counts,
    for a uprkg.store.GraphStore (or an rdflib Dataset, copied into one)."""
    from uprkg.store import GraphStore, internal_query

    store = GraphStore.coerce(store)
    event_classes = {UPRKG + name for name in _event_classes()}
    per_class: dict[str, set] = defaultdict(set)
    in_graph: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for graph, thing, cls in store.rows(internal_query("stats-typed")):
        if not cls.value.startswith(UPRKG):
            continue
        name = cls.value[len(UPRKG) :]
        if graph is None:
            per_class[name].add(thing)
            continue
        kind = "Event" if cls.value in event_classes else name
        if kind in PER_SOURCE:
            in_graph[graph.value][kind].add(thing)
    sizes = store.graph_sizes()
    per_source = []
    for source, title in store.rows(internal_query("stats-sources")):
        ident = source.value.removeprefix(ID + "source/")
        counts = in_graph[GRAPH_SOURCE + ident]
        per_source.append(
            {
                "source": ident,
                "title": title.value if title is not None else "",
                "statements": len(counts["Statement"]),
                "events": len(counts["Event"]),
                "claims": len(counts["Claim"]),
                "quotes": len(counts["Quote"]),
                "triples": sizes.get(GRAPH_SOURCE + ident, 0),
            }
        )
    per_stance = {
        stance.value.rsplit("/", 1)[1]: int(n.value)
        for stance, n in store.rows(internal_query("stats-stances"))
    }
    return {
        "per_class": {k: len(v) for k, v in sorted(per_class.items())},
        "per_stance": dict(sorted(per_stance.items())),
        "per_source": sorted(per_source, key=lambda row: row["source"]),
        "triples": len(store.triples()),
    }


def graph_stats(corpus, dataset) -> dict:
    """store_stats of a dataset (the corpus argument is kept for older callers)."""
    return store_stats(dataset)


def _event_classes() -> set[str]:
    from uprkg.vocab import load_vocabulary

    return set(load_vocabulary().event_types)


def corpus_stats(corpus) -> dict:
    from uprkg.build import build_dataset

    return store_stats(build_dataset(corpus))


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
