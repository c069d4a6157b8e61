"""The graph in every RDF format, as PLOVER event records, and its VoID description.

Every RDF output is deterministic, so a diff of two releases shows what
changed: Turtle and TriG come from `uprkg.serialize` (sorted subjects, graphs
in IRI order), N-Triples and N-Quads are sorted lines, JSON-LD is compacted
with the published context (ontology/uprkg.context.jsonld, embedded so the
file reads offline) and has its nodes and values sorted. Re-parsed, every
RDF export is isomorphic to its input (tests/test_export.py).

Exports read the store (uprkg.store). Asserted and inferred triples never
mix unless asked: the flat formats (ttl, nt) and the derived ones (plover,
void) hold the asserted graphs, plus graph/inferred with
`Graphs(inferred=True)`; the quad formats (trig, nq, jsonld) keep every
named graph under its own name, graph/inferred included.
"""

from __future__ import annotations

import io
import json
from functools import cache
from pathlib import Path

from rdflib import Dataset, Graph

from uprkg import paths
from uprkg.errors import InputError, Problem

RDF_FORMATS = ("ttl", "trig", "nt", "nq", "jsonld")
FORMATS = (*RDF_FORMATS, "plover", "void")
MEDIA_TYPES = {
    "ttl": ("text/turtle", "Turtle"),
    "trig": ("application/trig", "TriG"),
    "nt": ("application/n-triples", "N-Triples"),
    "nq": ("application/n-quads", "N-Quads"),
    "jsonld": ("application/ld+json", "JSON-LD"),
    "plover": ("application/jsonl", "PLOVER-style event records (JSON Lines)"),
}
CONTEXT_FILE = "uprkg.context.jsonld"


def union(dataset: Dataset | Graph) -> Graph:
    """All triples of all graphs in one graph (the content of uprkg.ttl)."""
    if not isinstance(dataset, Dataset):
        return dataset
    from uprkg.build import union_graph

    return union_graph(dataset)


def as_dataset(data: Dataset | Graph) -> Dataset:
    if isinstance(data, Dataset):
        return data
    dataset = Dataset()
    for triple in data:
        dataset.default_graph.add(triple)
    return dataset


def ntriples(data: Dataset | Graph) -> str:
    """N-Triples, one sorted line per triple (blank-node-free graphs sort stably)."""
    text = union(data).serialize(format="nt")
    return _sorted_lines(text)


def nquads(data: Dataset | Graph) -> str:
    """N-Quads, one sorted line per quad; default-graph triples have no graph label."""
    text = as_dataset(data).serialize(format="nquads")
    return _sorted_lines(text)


def _sorted_lines(text: str) -> str:
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "\n".join(lines) + "\n" if lines else ""


@cache
def context() -> dict:
    """The published JSON-LD context: readable keys (speaker, target, stance, quote...)."""
    path = paths.asset("ontology") / CONTEXT_FILE
    return json.loads(path.read_text(encoding="utf-8"))["@context"]


def jsonld(data: Dataset | Graph) -> str:
    """JSON-LD compacted with the embedded context; nodes sorted by id, values sorted."""
    ctx = context()
    text = as_dataset(data).serialize(format="json-ld", context=ctx, auto_compact=True)
    document = _sorted_json(json.loads(text))
    document["@context"] = ctx
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _sorted_json(value, parent: str = ""):
    """Sort every array (JSON-LD arrays are unordered except @list) by its items' JSON."""
    if isinstance(value, dict):
        return {k: _sorted_json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        if parent == "@list":
            return items
        return sorted(items, key=_sort_key)
    return value


def _sort_key(item) -> tuple:
    if isinstance(item, dict):
        ident = item.get("@id", item.get("id", ""))
        return (0, str(ident), json.dumps(item, sort_keys=True, ensure_ascii=False))
    return (1, "", json.dumps(item, sort_keys=True, ensure_ascii=False))


QUAD_FORMATS = ("trig", "nq", "jsonld")


def render(data, fmt: str, graphs=None) -> str:
    """The data as text in one of FORMATS.

    `data` is a uprkg.store.GraphStore (or an rdflib Dataset or Graph, copied
    into one); `graphs` (a uprkg.store.Graphs) chooses what the flat and
    derived formats hold: the asserted graphs by default.
    """
    from uprkg.serialize import trig, turtle
    from uprkg.store import Graphs, GraphStore

    if fmt not in FORMATS:
        raise InputError(Problem(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})"))
    store = GraphStore.coerce(data)
    graphs = graphs or Graphs()
    if fmt == "nt":
        return _sorted_lines(_oxigraph_text(store.triples(graphs), "nt"))
    if fmt == "nq":
        return _sorted_lines(_oxigraph_text(store.quads(), "nq"))
    if fmt == "ttl":
        return turtle(_rdflib_graph(store.triples(graphs)))
    if fmt == "plover":
        from uprkg.plover import jsonl

        return jsonl(store)  # statements are asserted: graph/inferred adds none
    if fmt == "void":
        from uprkg.describe import void_turtle

        return void_turtle(store.to_rdflib(graphs))
    everything = store.to_rdflib()
    return trig(everything) if fmt == "trig" else jsonld(everything)


def _oxigraph_text(items, fmt: str) -> str:
    import pyoxigraph as ox

    rdf_format = ox.RdfFormat.N_TRIPLES if fmt == "nt" else ox.RdfFormat.N_QUADS
    return ox.serialize(items, format=rdf_format).decode("utf-8")


def _rdflib_graph(triples) -> Graph:
    """An rdflib Graph of pyoxigraph triples (for rdflib's sorted Turtle)."""
    from uprkg.store import RdflibTerms

    convert = RdflibTerms()
    graph = Graph()
    for triple in triples:
        graph.add(tuple(convert(term) for term in triple))
    return graph


# -- the actor network for network tools ----------------------------------------

NETWORK_FORMATS = ("graphml", "gexf", "csv", "json")
NODE_COLUMNS = ("Id", "Label", "actor_type", "country", "camp", "iri")
EDGE_COLUMNS = ("Source", "Target", "Type", "Id", "Label", "Weight")
EDGE_FIELDS = ("kind", "family", "sign", "statements", "stances", "roles", "reasons", "sources")


def network_json(graph) -> dict:
    """Nodes and edges as plain JSON (lists kept as lists, quotes as objects)."""

    def plain(value):
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        if hasattr(value, "__dataclass_fields__"):
            return dict(value.__dict__)
        return value

    nodes = [{"id": n, **{k: plain(v) for k, v in d.items()}} for n, d in graph.nodes(data=True)]
    edges = [
        {"id": edge_id(u, v, k), "source": u, "target": v, **{a: plain(x) for a, x in d.items()}}
        for u, v, k, d in graph.edges(keys=True, data=True)
    ]
    meta = {k: v for k, v in graph.graph.items()}
    for edge, (_, _, key) in zip(edges, graph.edges(keys=True), strict=True):
        edge["key"] = key
    # the flags networkx.node_link_graph reads, so the file comes back directed and multi
    return {"directed": True, "multigraph": True, "graph": meta, "nodes": nodes, "edges": edges}


def edge_id(source: str, target: str, kind: str) -> str:
    """`cuba--accused--usa`: readable, and a valid XML ID (GraphML edge ids are xs:ID)."""
    text = f"{source}--{kind}--{target}"
    return text if text[:1].isalpha() or text[:1] == "_" else "_" + text


def network_files(graph, fmt: str, out: Path) -> dict[Path, str]:
    """The network as GraphML, GEXF, CSV (nodes.csv + edges.csv in folder `out`) or JSON."""
    if fmt == "json":
        text = json.dumps(network_json(graph), indent=2, ensure_ascii=False, sort_keys=True)
        return {out: text + "\n"}
    if fmt == "csv":
        return csv_files(graph, out)
    if fmt == "graphml":
        return {out: graphml(graph)}
    if fmt == "gexf":
        return {out: gexf(graph)}
    known = ", ".join(NETWORK_FORMATS)
    raise InputError(Problem(f"unknown network format {fmt!r} (known: {known})"))


def _flat(graph):
    """Scalar attributes (what GraphML and GEXF hold) plus a stable id per edge."""
    from uprkg.network import flatten

    flat = flatten(graph)
    flat.graph["selection"] = str(graph.graph.get("selection", ""))
    for u, v, k, data in flat.edges(keys=True, data=True):
        data["id"] = edge_id(u, v, k)
    return flat


def graphml(graph) -> str:
    """GraphML with typed keys (weight, sign: long) named by attr.name; key ids are
    d0, d1 ... so a node and an edge attribute of the same name (label) never share an
    id, and edge ids are XML IDs."""
    from networkx.readwrite.graphml import GraphMLWriter

    flat = _flat(graph)
    writer = GraphMLWriter(flat, prettyprint=True, edge_id_from_attribute="id")
    root = writer.xml  # plain tag names: the namespace is only an xmlns attribute
    # the edge id is the element's XML id; a data column repeating it clashes in igraph
    dropped = {k.get("id") for k in root.iter("key") if k.get("attr.name") == "id"}
    for parent in [root, *root.iter("edge")]:
        for child in list(parent):
            if child.get("id") in dropped or child.get("key") in dropped:
                parent.remove(child)
    return "\n".join(str(writer).splitlines()) + "\n"


def gexf(graph) -> str:
    """GEXF 1.2 with the layout and type colours as viz attributes, so Gephi opens it drawn."""
    from networkx.readwrite.gexf import GEXFWriter

    from uprkg.describe import release_date
    from uprkg.draw import TYPE_COLOURS, layout
    from uprkg.network import camps

    flat = _flat(graph)
    pos = layout(graph, camps(graph))
    for node, data in flat.nodes(data=True):
        colour = TYPE_COLOURS.get(data["actor_type"], TYPE_COLOURS["Actor"]).lstrip("#")
        r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
        x, y = pos[node]
        data["viz"] = {
            "color": {"r": r, "g": g, "b": b, "a": 1.0},
            "position": {"x": round(1000 * x, 2), "y": round(1000 * y, 2), "z": 0.0},
            "size": 10.0 + 2.0 * graph.degree(node),
        }
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    meta.set("lastmodifieddate", release_date().isoformat())
    meta.find("creator").text = f"uprkg {_version()}"
    writer.add_graph(flat)
    _clean_gexf(writer.xml)
    return "\n".join(str(writer).splitlines()) + "\n"


def _clean_gexf(root) -> None:
    """What networkx adds that GEXF 1.2 does not allow or Gephi would show as data:
    an empty graph `name` attribute, and the multigraph's `networkx_key` column (the
    key is the edge's kind, already its `label`)."""
    graph = root.find("graph")
    if graph is None:
        return
    graph.attrib.pop("name", None)
    dropped = set()
    for attributes in graph.findall("attributes"):
        for attribute in list(attributes):
            if attribute.get("title") == "networkx_key":
                dropped.add(attribute.get("id"))
                attributes.remove(attribute)
    for values in root.iter("attvalues"):
        for value in list(values):
            if value.get("for") in dropped:
                values.remove(value)


def _version() -> str:
    from uprkg import __version__

    return __version__


def csv_files(graph, folder: Path) -> dict[Path, str]:
    """nodes.csv and edges.csv with the column names Gephi's spreadsheet import knows."""
    import csv

    flat = _flat(graph)
    nodes, edges = io.StringIO(), io.StringIO()
    writer = csv.writer(nodes, lineterminator="\n")
    writer.writerow(NODE_COLUMNS)
    for node, d in flat.nodes(data=True):
        writer.writerow(
            [node, d["label"], d["actor_type"], d["country"], d.get("camp", ""), d["iri"]]
        )
    writer = csv.writer(edges, lineterminator="\n")
    writer.writerow((*EDGE_COLUMNS, *EDGE_FIELDS, "quotes"))
    for u, v, _, d in flat.edges(keys=True, data=True):
        row = [u, v, "Directed", d["id"], d["label"], d["weight"]]
        writer.writerow(row + [d[f] for f in EDGE_FIELDS] + [d["quotes"]])
    return {folder / "nodes.csv": nodes.getvalue(), folder / "edges.csv": edges.getvalue()}
