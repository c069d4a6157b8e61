"""Validate a graph against the SHACL shapes in shapes/, with the ontology applied.

The shapes are declarative (Turtle, SHACL Core and SHACL-SPARQL); this
module only prepares the data and reads the report:

- the union of all named graphs is validated, because a statement's core
  triples sit in every reporting source's graph;
- the ontology is mixed in and every rdf:type is closed under
  rdfs:subClassOf, so an instance of uprkg:NGO meets the shapes of
  uprkg:Actor. Only the subclass closure is added: RDFS domain and range
  inference would type every speaker an Actor and make the shapes' value
  class checks pass vacuously;
- a graph conforms when no result has severity Violation; warnings and
  infos are reported but allowed.

    from uprkg.validate import validate
    report = validate(dataset)        # rdflib Dataset or Graph
    print(report.text())
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote

from rdflib import RDF, RDFS, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from uprkg.errors import Problem
from uprkg.namespaces import DATA, UPRKG, bind_prefixes

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES = Namespace("https://w3id.org/uprkg/shapes#")
SEVERITIES = ("Violation", "Warning", "Info")
REGISTRY = "registry"
# corpus tables holding the record an IRI of each kind was minted from
_TABLES = {
    "statement": "statements",
    "event": "events",
    "claim": "claims",
    "comparison": "claims",
    "actor": "actors",
    "post": "actors",
    "source": "sources",
    "quote": "sources",
    "boilerplate": "sources",
    "topic": "topics",
    "document": "documents",
    "decision": "decisions",
    "proposition": "propositions",
    "cycle": "cycles",
    "review": "reviews",
}


@dataclass(frozen=True)
class Result:
    """One validation result, with the sources its focus node comes from."""

    severity: str
    focus: Node
    shape: Node
    component: Node
    message: str
    path: Node | None = None
    value: Node | None = None
    sources: tuple[URIRef, ...] = ()
    path_triples: tuple = ()  # the structure of a complex path (sequence, inverse, ...)

    def path_text(self, names=None) -> str | None:
        """The path in SPARQL property-path syntax, prefixed when a namespace manager is given."""
        if self.path is None:
            return None
        structure = Graph()
        for triple in self.path_triples:
            structure.add(triple)
        return path_text(self.path, structure, names)

    def sort_key(self) -> tuple:
        return (
            self.sources or (URIRef("~"),),
            str(self.focus),
            _rank(self.severity),
            str(self.shape),
            str(self.value),
            self.message,
        )


@dataclass
class Report:
    """The outcome of validating one graph: sorted results and how to show them."""

    results: list[Result]
    graph: Graph = field(repr=False)  # the data as validated (for labels)
    triples: int = 0
    shapes: int = 0

    @property
    def conforms(self) -> bool:
        return not any(r.severity == "Violation" for r in self.results)

    def counts(self) -> dict[str, int]:
        return {s: sum(1 for r in self.results if r.severity == s) for s in SEVERITIES}

    def verdict(self) -> str:
        """One line: conforms or not, and how many results of each severity."""
        counts = self.counts()
        parts = [_plural(counts[s], s.lower()) for s in SEVERITIES]
        state = "conforms" if self.conforms else "does not conform"
        return f"{state}: {', '.join(parts)}"

    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    # -- renderings ---------------------------------------------------------

    def text(self, minimum: str = "Info") -> str:
        """The human-readable report, grouped by source document and focus node.

        `minimum` is the least severe result listed; the verdict counts all.
        """
        shown = [r for r in self.results if _rank(r.severity) <= _rank(minimum)]
        lines = [f"uprkg validate: {self.triples} triples checked against {self.shapes} shapes"]
        group: tuple | None = None
        focus: Node | None = None
        for r in shown:
            if r.sources != group:
                group, focus = r.sources, None
                lines += ["", self.heading(r.sources)]
            if r.focus != focus:
                focus = r.focus
                label = self.label(focus)
                lines.append(
                    f"  {self.short(focus)}" + (f"  “{_clip(label, 70)}”" if label else "")
                )
            lines += self.result_lines(r)
        hidden = len(self.results) - len(shown)
        if hidden:
            lines += ["", f"({_plural(hidden, 'less severe result')} not shown; see --show)"]
        lines += ["", self.verdict()]
        return "\n".join(lines) + "\n"

    def result_lines(self, r: Result) -> list[str]:
        """A result: severity and message, then the offending value, path and shape."""
        indent = " " * 15
        lines = textwrap.wrap(
            r.message, 100, initial_indent=f"    {r.severity:<9}  ", subsequent_indent=indent
        )
        details = [f"value {_clip(self.short(r.value), 70)}"] if r.value is not None else []
        if r.path is not None:
            details.append(f"path {r.path_text(self.graph.namespace_manager)}")
        details.append(f"shape {self.short(r.shape)}")
        return [*lines, f"{indent}({'; '.join(details)})"]

    def heading(self, sources: tuple[URIRef, ...]) -> str:
        """A group heading: the source documents, by file name and title."""
        if not sources:
            return "registry (items no corpus source attests directly)"
        names = []
        for source in sources:
            name = self.graph.value(source, UPRKG.fileName) or self.short(source)
            title = self.graph.value(source, DCTERMS.title)
            names.append(f"{name} “{_clip(str(title), 60)}”" if title else str(name))
        word = "source" if len(sources) == 1 else "sources"
        return f"{word} {' + '.join(names)}"

    def as_json(self) -> str:
        """The results as JSON, keyed with the names of the SHACL report vocabulary."""
        data = {
            "conforms": self.conforms,
            "counts": self.counts(),
            "results": [
                {
                    "resultSeverity": r.severity,
                    "focusNode": _nt(r.focus),
                    "focusLabel": self.label(r.focus),
                    "resultPath": _nt(r.path) if isinstance(r.path, URIRef) else r.path_text(),
                    "value": _nt(r.value),
                    "sourceShape": _nt(r.shape),
                    "sourceConstraintComponent": _nt(r.component),
                    "resultMessage": r.message,
                    "sources": [str(s) for s in r.sources],
                }
                for r in self.results
            ],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def as_graph(self) -> Graph:
        """The SHACL validation report as RDF, with stable blank-node names."""
        g = Graph()
        bind_prefixes(g)
        g.bind("sh", SH)
        g.bind("shape", SHAPES)
        report = BNode("report")
        g.add((report, RDF.type, SH.ValidationReport))
        g.add((report, SH.conforms, Literal(self.conforms)))
        for number, r in enumerate(self.results, 1):
            node = BNode(f"result{number:05d}")
            g.add((report, SH.result, node))
            g.add((node, RDF.type, SH.ValidationResult))
            g.add((node, SH.resultSeverity, SH[r.severity]))
            g.add((node, SH.focusNode, r.focus))
            g.add((node, SH.sourceShape, r.shape))
            g.add((node, SH.sourceConstraintComponent, r.component))
            g.add((node, SH.resultMessage, Literal(r.message, lang="en")))
            if r.path is not None:
                g.add((node, SH.resultPath, copy_path(r, g, f"result{number:05d}-path")))
            if r.value is not None:
                g.add((node, SH.value, r.value))
        return g

    def as_turtle(self) -> str:
        return self.as_graph().serialize(format="turtle")

    # -- helpers for renderings and the build ---------------------------------

    def label(self, node: Node | None) -> str | None:
        """The English label of a node, if the graph has one."""
        if node is None:
            return None
        labels = sorted(self.graph.objects(node, RDFS.label), key=_label_key)
        return str(labels[0]) if labels else None

    def problems(self, corpus=None) -> list[Problem]:
        """The violations as problems, located in the corpus files when a corpus is given."""
        problems = []
        for r in self.violations():
            where = corpus_location(corpus, r.focus) if corpus is not None else None
            shape = r.shape.n3(self.graph.namespace_manager)
            message = f"{self.short(r.focus)}: {r.message} [{shape}]"
            if where is None:
                sources = ", ".join(self.short(s) for s in r.sources) or REGISTRY
                problems.append(Problem(message, sources))
            else:
                problems.append(Problem(message, where.file, where.line))
        return problems

    def short(self, node: Node | None) -> str:
        if node is None:
            return ""
        if isinstance(node, URIRef | Literal):
            return node.n3(self.graph.namespace_manager)
        return node.n3()


def _rank(severity: str) -> int:
    return SEVERITIES.index(severity.capitalize())  # Violation 0, Warning 1, Info 2


def _clip(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _label_key(literal) -> tuple:
    return (getattr(literal, "language", None) != "en", str(literal))


def _nt(node: Node | None) -> str | None:
    if node is None or isinstance(node, BNode):
        return None
    return str(node) if isinstance(node, URIRef) else node.n3()


def path_text(path: Node, structure: Graph, names=None) -> str:
    """A SHACL property path in SPARQL syntax: a/b, ^a, (a|b), a*, a+, a?."""

    def text(node: Node) -> str:
        return path_text(node, structure, names)

    if not isinstance(path, BNode):
        return path.n3(names) if names is not None else path.n3()
    inverse = structure.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + text(inverse)
    alternatives = structure.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(text(p) for p in Collection(structure, alternatives)) + ")"
    for repeat, mark in (
        (SH.zeroOrMorePath, "*"),
        (SH.oneOrMorePath, "+"),
        (SH.zeroOrOnePath, "?"),
    ):
        inner = structure.value(path, repeat)
        if inner is not None:
            return text(inner) + mark
    return "/".join(text(p) for p in Collection(structure, path))


def copy_path(result: Result, target: Graph, prefix: str) -> Node:
    """Copy a result's path into a graph, naming its blank nodes after the result."""
    names: dict[Node, BNode] = {}

    def rename(node: Node) -> Node:
        if isinstance(node, BNode):
            names.setdefault(node, BNode(f"{prefix}{len(names)}"))
            return names[node]
        return node

    for s, p, o in result.path_triples:
        target.add((rename(s), p, rename(o)))
    return rename(result.path)


# -- shapes and data ---------------------------------------------------------


def shapes_dir() -> Path:
    from uprkg import paths

    return paths.asset("shapes")


@cache
def load_shapes(directory: Path | None = None) -> Graph:
    """Every shapes/*.ttl file, parsed into one shapes graph."""
    shapes = Graph()
    for file in sorted((directory or shapes_dir()).glob("*.ttl")):
        shapes.parse(file, format="turtle")
    return shapes


def shape_count(shapes: Graph) -> int:
    """Shapes that carry constraints: named node and property shapes."""
    kinds = set(shapes.subjects(RDF.type, SH.NodeShape))
    kinds |= set(shapes.subjects(RDF.type, SH.PropertyShape))
    return sum(1 for s in kinds if isinstance(s, URIRef))


def default_ontology() -> Graph:
    from uprkg.vocab import load_vocabulary

    return load_vocabulary().graph


@cache
def _prepared(text: str):
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


class PreparedQueryGraph(Graph):
    """A graph that parses each distinct SPARQL text once.

    pySHACL sends the same constraint query, with $this pre-bound through
    initBindings, once per focus node; parsing it each time cost over 90 %
    of the validation time (10 s instead of 0.75 s on the bundled graph).
    Caching the parsed query changes nothing else.
    """

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


def union_of(data: Graph | Dataset) -> Graph:
    """All triples of a dataset's graphs (or of a graph) in one new graph."""
    union = PreparedQueryGraph()
    namespaces = data.namespaces() if hasattr(data, "namespaces") else ()
    for prefix, namespace in namespaces:  # the input's own prefixes, for the report
        union.bind(prefix, namespace, override=False)
    bind_prefixes(union)
    union.bind("sh", SH)
    union.bind("shape", SHAPES)
    if hasattr(data, "union"):  # uprkg.build.QuadStore
        for triple in data.union():
            union.add(triple)
    elif isinstance(data, Dataset):
        for s, p, o, _ in data.quads((None, None, None, None)):
            union.add((s, p, o))
    else:
        for triple in data:
            union.add(triple)
    return union


def with_ontology(graph: Graph, ontology: Graph) -> Graph:
    """Mix the ontology into the graph and close rdf:type under rdfs:subClassOf, in place."""
    for triple in ontology:
        graph.add(triple)
    ancestors: dict[Node, set[Node]] = {}
    for cls in set(graph.objects(None, RDF.type)):
        found = set(graph.transitive_objects(cls, RDFS.subClassOf)) - {cls}
        ancestors[cls] = {c for c in found if isinstance(c, URIRef)}
    for node, cls in list(graph.subject_objects(RDF.type)):
        for ancestor in ancestors[cls]:
            graph.add((node, RDF.type, ancestor))
    return graph


ENGINES = ("fast", "pyshacl")


def validate(
    data,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    engine: str = "fast",
) -> Report:
    """Validate a dataset (all named graphs together) or a graph against the shapes.

    `data` is an rdflib Dataset or Graph, or the build's QuadStore.
    engine "fast" (the default) is uprkg.shacl: linear in the data, the same
    report; "pyshacl" is the reference engine. The fast engine hands over to
    pySHACL by itself when the shapes use a feature it does not implement.
    """
    shapes = shapes if shapes is not None else load_shapes()
    ontology = ontology if ontology is not None else default_ontology()
    if engine == "fast":
        from uprkg import shacl

        try:
            return _validate_fast(data, shapes, ontology)
        except shacl.Unsupported:
            pass
    elif engine != "pyshacl":
        raise ValueError(f"unknown validation engine {engine!r} (known: {', '.join(ENGINES)})")
    return _validate_pyshacl(data, shapes, ontology)


def _validate_pyshacl(data, shapes: Graph, ontology: Graph) -> Report:
    import pyshacl

    graph = union_of(data)
    triples = len(graph)
    with_ontology(graph, ontology)
    _, report_graph, _ = pyshacl.validate(
        graph,
        shacl_graph=shapes,
        inference="none",
        advanced=False,
        inplace=True,
        allow_warnings=True,
        allow_infos=True,
    )
    results = sorted(set(read_results(report_graph, graph)), key=Result.sort_key)
    return Report(results, graph, triples, shape_count(shapes))


@cache
def _compiled(shapes: Graph):
    from uprkg import shacl

    return shacl.Shapes(shapes)


def build_triples(corpus=None, build_dir=None, note=None) -> set[tuple]:
    """The triples of the build (every named graph, graph/inferred included),
    for `uprkg validate` without files.

    They are read through the build's store: its TriG, parsed by Oxigraph's
    parser (ten times rdflib's speed; the store itself keeps derived XSD
    types only as their primitive type, and the shapes check those types),
    each distinct term converted to rdflib once. Without a build, the
    corpus is built in memory (see uprkg.store.open_store).
    """
    from uprkg.store import RdflibTerms, open_store

    quads = open_store((), corpus, build_dir, note).source_quads()
    convert = RdflibTerms()
    return {(convert(q.subject), convert(q.predicate), convert(q.object)) for q in quads}


class FileTriples(set):
    """The distinct triples of RDF files, with the prefixes the files declare."""

    def __init__(self) -> None:
        super().__init__()
        self.prefixes: dict[str, str] = {}

    def namespaces(self) -> Iterable[tuple[str, URIRef]]:
        return [(prefix, URIRef(iri)) for prefix, iri in sorted(self.prefixes.items())]


# rdflib parser names (uprkg.graphio.rdf_format) that Oxigraph's parsers read
_OXIGRAPH_FORMATS = {"turtle": "TURTLE", "trig": "TRIG", "nt": "N_TRIPLES", "nquads": "N_QUADS"}


def file_triples(files: Iterable[Path]) -> FileTriples:
    """The triples of RDF files (all graphs together), for `uprkg validate FILES`.

    Turtle, TriG, N-Triples and N-Quads are read by Oxigraph's parser, each
    distinct term converted to rdflib once: an imported dataset of 700 000
    quads takes a fifth of the time and memory of an rdflib Dataset. A file
    Oxigraph cannot read (or another format) is read by
    uprkg.graphio.parse_rdf, which accepts what rdflib accepts and otherwise
    gives its one message with file and line.
    """
    import pyoxigraph as ox

    from uprkg.graphio import parse_rdf, rdf_format
    from uprkg.store import RdflibTerms

    convert = RdflibTerms()
    found = FileTriples()
    for file in files:
        file = Path(file)
        fmt = _OXIGRAPH_FORMATS.get(rdf_format(file))
        if fmt is not None and file.is_file():
            read: set[tuple] = set()
            try:
                parser = ox.parse(
                    path=str(file),
                    format=getattr(ox.RdfFormat, fmt),
                    base_iri=file.resolve().as_uri(),
                    rename_blank_nodes=True,  # blank nodes of two files stay apart
                )
                for q in parser:
                    read.add((convert(q.subject), convert(q.predicate), convert(q.object)))
            except (SyntaxError, ValueError, OSError):
                read = set()
            if read:
                found |= read
                found.prefixes.update(parser.prefixes)
                continue
        dataset = parse_rdf(file)
        found.update((s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None)))
        found.prefixes.update((prefix, str(iri)) for prefix, iri in dataset.namespaces())
    return found


def data_triples(data) -> Iterable[tuple]:
    """The distinct triples of a QuadStore, Dataset or Graph (all named graphs together)."""
    if hasattr(data, "union"):  # uprkg.build.QuadStore
        return data.union()
    if isinstance(data, Dataset):
        return {(s, p, o) for s, p, o, _ in data.quads((None, None, None, None))}
    return data


def _validate_fast(data, shapes: Graph, ontology: Graph) -> Report:
    from uprkg import shacl
    from uprkg.serialize import cached_nt

    compiled = _compiled(shapes)
    index = shacl.Index(data_triples(data))
    triples = len(index)
    for triple in ontology:
        index.add(triple)
    index.close_types()
    hits = shacl.run(compiled, index, cached_nt())
    results = {_result(hit, index, compiled.graph) for hit in hits}
    ordered = sorted(results, key=Result.sort_key)
    return Report(ordered, _label_graph(ordered, index, data), triples, shape_count(shapes))


def _result(hit, index, shapes: Graph) -> Result:
    shape = hit.shape
    messages = [Literal(m) for m in hit.messages()] if hit.message_vars else shape.messages
    messages = sorted(messages, key=_label_key)
    path = shape.path
    return Result(
        severity=shape.severity,
        focus=hit.focus,
        shape=shape.node,
        component=hit.component,
        message=str(messages[0]) if messages else "",
        path=path,
        value=hit.value,
        sources=_sources_in_index(index, hit.focus),
        path_triples=tuple(sorted(shapes.cbd(path))) if isinstance(path, BNode) else (),
    )


def _sources_in_index(index, node: Node) -> tuple[URIRef, ...]:
    """sources_of, over the fast engine's index."""
    if index.has_type(node, UPRKG.Source):
        return (node,)
    found = set(index.objects(node, UPRKG.source)) | set(index.objects(node, UPRKG.inSource))
    if not found:
        for statement in index.inverse(UPRKG.qualifiedTarget).get(node, ()):
            found |= index.objects(statement, UPRKG.source)
    return tuple(sorted(s for s in found if isinstance(s, URIRef)))


def _label_graph(results: list[Result], index, data) -> Graph:
    """The few triples a report shows (labels, source file names and titles), with prefixes."""
    graph = Graph()
    namespaces = data.namespaces() if hasattr(data, "namespaces") else ()
    for prefix, namespace in namespaces:
        graph.bind(prefix, namespace, override=False)
    bind_prefixes(graph)
    graph.bind("sh", SH)
    graph.bind("shape", SHAPES)
    nodes = {r.focus for r in results} | {s for r in results for s in r.sources}
    for node in nodes:
        for prop in (RDFS.label, UPRKG.fileName, DCTERMS.title):
            for value in index.objects(node, prop):
                graph.add((node, prop, value))
    return graph


def read_results(report: Graph, data: Graph) -> Iterable[Result]:
    """The top-level results of a SHACL report, with the sources of each focus node."""
    seen = set()
    for node in report.objects(None, SH.result):
        severity = report.value(node, SH.resultSeverity)
        focus = report.value(node, SH.focusNode)
        messages = sorted(report.objects(node, SH.resultMessage), key=_label_key)
        result = Result(
            severity=str(severity).removeprefix(str(SH)),
            focus=focus,
            shape=report.value(node, SH.sourceShape),
            component=report.value(node, SH.sourceConstraintComponent),
            message=str(messages[0]) if messages else "",
            path=(path := report.value(node, SH.resultPath)),
            value=report.value(node, SH.value),
            sources=sources_of(data, focus),
            path_triples=tuple(sorted(report.cbd(path))) if isinstance(path, BNode) else (),
        )
        if result not in seen:
            seen.add(result)
            yield result


def sources_of(data: Graph, node: Node) -> tuple[URIRef, ...]:
    """The corpus sources a node comes from: its own, its quote's, or its statement's."""
    if (node, RDF.type, UPRKG.Source) in data:
        return (node,)
    found = set(data.objects(node, UPRKG.source)) | set(data.objects(node, UPRKG.inSource))
    if not found:
        for statement in data.subjects(UPRKG.qualifiedTarget, node):
            found |= set(data.objects(statement, UPRKG.source))
    return tuple(sorted(s for s in found if isinstance(s, URIRef)))


# -- back to the corpus --------------------------------------------------------


def corpus_location(corpus, node: Node):
    """The corpus file and line an IRI was minted from (a `Where`), if known."""
    if not isinstance(node, URIRef):
        return None
    for kind, namespace in DATA.items():
        if node.startswith(str(namespace)):
            first = unquote(node[len(str(namespace)) :].split("/")[0])
            record = getattr(corpus, _TABLES[kind], {}).get(first)
            return getattr(record, "where", None)
    return None
