"""The graph's store: one Oxigraph store behind every reader.

`uprkg build` writes, beside build/uprkg.ttl and build/uprkg.trig, an on-disk
Oxigraph store, build/store/, bulk-loaded from the TriG. Every reader
(`query`, `sparql`, `network`, `export`, `stats`, `load`) opens it read-only
instead of parsing RDF text again. A notebook uses the same calls::

    from uprkg.store import open_store
    store = open_store()                               # build/store (see below)
    table = store.select("who-criticised-whom")        # a canned query by name
    table = store.select("criticisms-of", {"actor": "Donald Trump"}, limit=10)
    store.ask("ASK { ?s a <https://w3id.org/uprkg/ontology#Statement> }")
    turtle = store.graph("DESCRIBE <https://w3id.org/uprkg/id/actor/cuba>")   # bytes
    store.results("SELECT ...", "json")                # SPARQL JSON, XML, CSV or TSV bytes

What the store holds, and which graphs a query sees:

- every named graph of the TriG (one per source, the registry, the ontology
  terms used, and after `uprkg reason` the reasoner's graph/inferred);
- its default graph: the union of every asserted graph, each triple once
  (the content of uprkg.ttl). A query's default graph is this asserted
  union; `Graphs(inferred=True)` adds graph/inferred and `Graphs(names=...)`
  picks graphs by IRI. GRAPH patterns see the same graphs by name. A server
  pointed at the folder (`oxigraph serve-read-only --location build/store`)
  answers the canned queries as uprkg does, without --union-default-graph.

Parameters of canned queries are resolved (an actor by IRI, id, label or
alias: exact matches by index lookups first) and put in place of their
variables as RDF terms (uprkg.queries.substitute, what grlc does).

Oxigraph stores a literal of a derived XSD type under its primitive type
(xsd:nonNegativeInteger offsets come back as xsd:integer, same value);
`source_quads()` (the TriG as loaded) keeps every datatype for exports and
uploads.

Where the data comes from (`open_store`): `--graph` files, parsed and held
in memory; else build/store when its manifest (build/store/uprkg-manifest.json:
size, time and SHA-256 of the TriG it was loaded from) matches
build/uprkg.trig; else that TriG, read into memory with a note that the
store is missing or stale; else the corpus, built in memory.

Limits. Every query runs with a time limit and a row limit (`Limits`; on
by default, the limit named in the message when it is reached). Oxigraph
evaluates a query inside Rust, where Python cannot interrupt it, so a
query runs in a forked child process that opens the store read-only and
is killed at the deadline (about 8 ms of overhead; `Limits(seconds=None)`
runs it in this process instead). Nothing is fetched: SERVICE is refused
unless asked for (`allow_service=True`, then bounded by the time limit),
and FROM / FROM NAMED name graphs of the store, never documents on the web
or on disk.

Writing: `write_build` writes the TriG, the Turtle and the store all or
nothing (the store is built in a temporary folder, then renamed into
place); `replace_graph` adds or replaces one named graph (for importers)
in a copy of the store that is renamed over it. A reader that keeps the
store open (a server) should reopen it when the manifest changes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import re
import select
import shutil
import signal
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pyoxigraph as ox

from uprkg.errors import InputError, Problem, UprkgError
from uprkg.prefixes import GRAPH_INFERRED, ID, PREFIXES
from uprkg.queries import (
    CannedQuery,
    NoSuchName,
    Table,
    as_query,
    bind_parameters,
    canonical,
    check_query,
    names_query,
    paginate,
    substitute,
    syntax_problem,
    wanted_name,
)

if TYPE_CHECKING:
    from rdflib import Dataset

STORE_DIR = "store"
MANIFEST = "uprkg-manifest.json"
MANIFEST_VERSION = 1
TRIG_NAME = "uprkg.trig"
DEFAULT_SECONDS = 60.0
DEFAULT_ROWS = 100_000
INFERRED = ox.NamedNode(GRAPH_INFERRED)

T = TypeVar("T")


@dataclass(frozen=True)
class Graphs:
    """Which graphs a query sees: the asserted ones (default), plus graph/inferred,
    or the graphs named (IRIs)."""

    inferred: bool = False
    names: tuple[str, ...] = ()
    # a server's dataset (uprkg serve): GRAPH patterns also see graph/inferred
    # (the default graph stays the asserted one unless `inferred`)
    inferred_named: bool = False
    # the SPARQL Protocol's default-graph-uri / named-graph-uri: when either is
    # given they are the whole dataset, over the query's own FROM / FROM NAMED
    protocol_default: tuple[str, ...] | None = None
    protocol_named: tuple[str, ...] | None = None

    @property
    def from_protocol(self) -> bool:
        return self.protocol_default is not None or self.protocol_named is not None

    def describe(self, store: GraphStore) -> str:
        """One line for stderr: which graphs were used."""
        if self.names:
            return "graphs used: " + ", ".join(f"<{n}>" for n in self.names)
        named = store.graph_names()
        asserted = [n for n in named if n != GRAPH_INFERRED]
        has_inferred = GRAPH_INFERRED in named
        what = f"the asserted graphs ({len(asserted)} named graphs, as one default graph)"
        if not named:
            what = "the default graph"
        if self.inferred:
            extra = " plus <graph/inferred>" if has_inferred else " (there is no graph/inferred)"
            return f"graphs used: {what}{extra}"
        left_out = "; graph/inferred left out (--with-inferred adds it)" if has_inferred else ""
        return f"graphs used: {what}{left_out}"


@dataclass(frozen=True)
class Limits:
    """How long a query may run and how many rows (or triples) it may give.

    None lifts a limit. The defaults protect against a runaway query; raise
    them for large exports (`--time-limit`, `--max-rows`).
    """

    seconds: float | None = DEFAULT_SECONDS
    rows: int | None = DEFAULT_ROWS


NO_LIMITS = Limits(None, None)


class QueryTimeout(InputError):
    """A query ran longer than its time limit (its process was killed)."""


class TooManyResults(InputError):
    """A query gave more rows (or triples) than its row limit."""


# -- opening ------------------------------------------------------------------------


class GraphStore:
    """A queryable dataset: an on-disk store (opened read-only when a query
    runs) or an in-memory one. Build it with `open_store`, `GraphStore.open`,
    `from_files`, `from_rdf` or `from_dataset`.

    Oxigraph stores a literal of a derived XSD type under its primitive type
    (the offsets' xsd:nonNegativeInteger comes back as xsd:integer, with the
    same value), so queries see that. What must keep every datatype (exports,
    uploads, rdflib copies) reads `source_quads()`: the RDF as it was loaded
    (the build's TriG, parsed by Oxigraph's parser, or the given files).
    """

    def __init__(
        self,
        path: Path | None = None,
        memory: ox.Store | None = None,
        origin: str = "",
        manifest: Mapping[str, Any] | None = None,
        source: Callable[[], list[ox.Quad]] | None = None,
    ) -> None:
        if (path is None) == (memory is None):
            raise ValueError("a GraphStore is on disk (path) or in memory, not both")
        self.path = path
        self._memory = memory
        self.origin = origin or (str(path) if path else "memory")
        self.manifest = dict(manifest or {})
        self._source = source

    def __repr__(self) -> str:
        return f"<GraphStore {self.origin}>"

    # -- constructors ---------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str) -> GraphStore:
        """An on-disk store written by `uprkg build` (checked to exist, opened lazily)."""
        path = Path(path)
        manifest = read_manifest(path)
        if manifest is None:
            raise InputError(Problem("not a uprkg store (no readable manifest)", path))
        return cls(path=path, manifest=manifest, source=lambda: _stored_source(path, manifest))

    @classmethod
    def from_rdf(cls, data: bytes | str, fmt: str = "trig", origin: str = "") -> GraphStore:
        """In memory, from RDF text (trig, nq, ttl, nt); the default graph is the
        union of the asserted graphs."""
        data = data.encode() if isinstance(data, str) else data
        store = ox.Store()
        store.bulk_load(data, _rdf_format(fmt))
        derive_default_graph(store)

        def source() -> list[ox.Quad]:
            return list(ox.parse(data, format=_rdf_format(fmt)))

        return cls(memory=store, origin=origin or "RDF text", source=source)

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad], origin: str = "") -> GraphStore:
        """In memory, from pyoxigraph quads (kept as given for exports)."""
        kept = list(quads)
        store = ox.Store()
        store.bulk_extend(kept)
        derive_default_graph(store)
        return cls(memory=store, origin=origin or "quads", source=lambda: kept)

    @classmethod
    def from_dataset(cls, dataset: Any, origin: str = "") -> GraphStore:
        """In memory, from an rdflib Dataset or Graph (a graph's triples are the default graph)."""
        return cls.from_quads(_quads_from_rdflib(dataset), origin or "an rdflib dataset")

    @classmethod
    def from_files(cls, files: Iterable[Path | str]) -> GraphStore:
        """In memory, from RDF files (read with uprkg.graphio.parse_rdf, so an
        unreadable file is one message with its line)."""
        from rdflib import Dataset

        from uprkg.graphio import parse_rdf

        files = [Path(f) for f in files]
        dataset = Dataset()
        for file in files:
            parse_rdf(file, dataset)
        return cls.from_dataset(dataset, origin=", ".join(str(f) for f in files))

    @classmethod
    def coerce(cls, data: Any) -> GraphStore:
        """A GraphStore from what callers hold: a GraphStore, a pyoxigraph Store
        (used as is), or an rdflib Dataset or Graph (copied into memory)."""
        if isinstance(data, GraphStore):
            return data
        if isinstance(data, ox.Store):
            return cls(memory=data, origin="a pyoxigraph store")
        return cls.from_dataset(data)

    # -- what it holds ---------------------------------------------------------------

    def oxigraph(self) -> ox.Store:
        """The pyoxigraph Store (an on-disk one is opened read-only on each call)."""
        if self._memory is not None:
            return self._memory
        try:
            return ox.Store.read_only(str(self.path))
        except OSError as exc:
            raise InputError(Problem(f"cannot open the store: {exc}", self.path)) from None

    def graph_names(self) -> list[str]:
        """The named graphs' IRIs, sorted."""
        if self._memory is None and "graphs" in self.manifest:
            return sorted(self.manifest["graphs"])
        store = self.oxigraph()
        return sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))

    def graph_sizes(self) -> dict[str, int]:
        """Triples per named graph."""
        if self._memory is None and "graphs" in self.manifest:
            return dict(sorted(self.manifest["graphs"].items()))
        return _graph_sizes(self.oxigraph())

    # -- queries -------------------------------------------------------------------

    def select(
        self,
        query: CannedQuery | str,
        params: Mapping[str, str] | None = None,
        *,
        graphs: Graphs = Graphs(),
        limits: Limits = Limits(),
        limit: int | None = None,
        offset: int | None = None,
        folder: Path | str | None = None,
        allow_service: bool = False,
    ) -> Table:
        """A SELECT's rows as a Table (plain strings; list columns sorted).

        `query` is a CannedQuery, a canned query's name or SPARQL text;
        `params` are its parameter values (names resolved by id, label or
        alias); `limit`/`offset` page through the rows.
        """
        canned = as_query(query, folder)
        plan = _plan(canned, "SELECT", limit, offset, allow_service)
        job = _Job(self, plan, graphs, limits, dict(params or {}), folder, "table")
        return self._run(job, limits)

    def ask(
        self,
        query: CannedQuery | str,
        *,
        graphs: Graphs = Graphs(),
        limits: Limits = Limits(),
        allow_service: bool = False,
    ) -> bool:
        plan = _plan(as_query(query), "ASK", None, None, allow_service)
        return self._run(_Job(self, plan, graphs, limits, {}, None, "boolean"), limits)

    def graph(
        self,
        query: CannedQuery | str,
        fmt: str = "ttl",
        *,
        graphs: Graphs = Graphs(),
        limits: Limits = Limits(),
        allow_service: bool = False,
    ) -> bytes:
        """A CONSTRUCT or DESCRIBE result as sorted RDF: ttl (with the project's
        prefixes), nt, jsonld or xml."""
        plan = _plan(as_query(query), "CONSTRUCT DESCRIBE", None, None, allow_service)
        return self._run(_Job(self, plan, graphs, limits, {}, None, f"graph:{fmt}"), limits)

    def results(
        self,
        query: CannedQuery | str,
        fmt: str = "json",
        params: Mapping[str, str] | None = None,
        *,
        graphs: Graphs = Graphs(),
        limits: Limits = Limits(),
        limit: int | None = None,
        offset: int | None = None,
        allow_service: bool = False,
    ) -> tuple[str, bytes]:
        """Any query's result serialised, for a server: (form, bytes).

        SELECT and ASK as SPARQL results (fmt json, xml, csv or tsv), CONSTRUCT
        and DESCRIBE as RDF (fmt ttl, nt, jsonld or xml).
        """
        canned = as_query(query)
        plan = _plan(canned, "", limit, offset, allow_service)
        output = f"graph:{fmt}" if plan.form in ("CONSTRUCT", "DESCRIBE") else f"results:{fmt}"
        job = _Job(self, plan, graphs, limits, dict(params or {}), None, output)
        return plan.form, self._run(job, limits)

    def _run(self, job: _Job, limits: Limits):
        return run_bounded(job, limits.seconds, job.plan.canned.path)

    def rows(self, text: str, graphs: Graphs = Graphs()) -> list[tuple]:
        """A trusted SELECT's rows as tuples of pyoxigraph terms, in this process
        and without limits: for uprkg's own readers (network facts, statistics),
        whose queries are files of the package, not user input."""
        store = self.oxigraph()
        try:
            options = _dataset_options(store, graphs)
            result = _evaluate(store, text, Path("<uprkg>"), options)
            width = len(result.variables)
            return [tuple(solution[i] for i in range(width)) for solution in result]
        finally:
            del store  # an on-disk store is closed before anything forks

    # -- data out --------------------------------------------------------------------

    def source_quads(self) -> list[ox.Quad]:
        """The quads as loaded, every datatype kept: named graphs, and the
        default graph's own triples (not the derived union)."""
        if self._source is not None:
            return self._source()
        store = self.oxigraph()  # a bare pyoxigraph store: the best there is
        return [q for q in store if not isinstance(q.graph_name, ox.DefaultGraph)] + [
            q for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
        ]

    def quads(self, graphs: Graphs | None = None) -> list[ox.Quad]:
        """Source quads, all of them or those of the chosen graphs (the asserted
        ones with Graphs(); the default graph's own triples count as asserted)."""
        quads = self.source_quads()
        if graphs is None:
            return quads
        return [q for q in quads if _wanted(q.graph_name, graphs)]

    def triples(self, graphs: Graphs = Graphs()) -> list[ox.Triple]:
        """The triples of the chosen graphs, each once, datatypes as loaded."""
        return list(dict.fromkeys(q.triple for q in self.quads(graphs)))

    def graph_payloads(self) -> list[tuple[str | None, int, bytes]]:
        """(graph IRI or None for the default graph, triples, N-Triples) per graph to
        upload: the default graph's own triples first, then every named graph."""
        grouped: dict[str | None, dict[ox.Triple, None]] = {}
        for quad in self.source_quads():
            name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            grouped.setdefault(name, {})[quad.triple] = None
        payloads = []
        for name in sorted(grouped, key=lambda n: (n is not None, n or "")):
            triples = list(grouped[name])
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            payloads.append((name, len(triples), body))
        return payloads

    def to_rdflib(self, graphs: Graphs | None = None) -> Dataset:
        """An rdflib Dataset for code that needs rdflib's API (pySHACL, JSON-LD,
        sorted Turtle): every graph as loaded, or the chosen ones."""
        from rdflib import Dataset

        convert = RdflibTerms()
        dataset = Dataset()
        for quad in self.quads(graphs):
            s, p, o = (convert(t) for t in quad.triple)
            if isinstance(quad.graph_name, ox.DefaultGraph):
                dataset.default_graph.add((s, p, o))
            else:
                dataset.graph(convert(quad.graph_name)).add((s, p, o))
        return dataset


def _wanted(graph, graphs: Graphs) -> bool:
    if graphs.names:
        return not isinstance(graph, ox.DefaultGraph) and graph.value in graphs.names
    return graphs.inferred or graph != INFERRED


def _stored_source(store_dir: Path, manifest: Mapping) -> list[ox.Quad]:
    """The quads of the TriG a store was loaded from (checked to be the same
    file), with the graphs `replace_graph` put in since."""
    trig = store_dir.parent / manifest["loaded"]["file"]
    if not store_is_current(store_dir, trig):
        raise InputError(Problem(f"{trig} changed since the store was built; run `uprkg build`"))
    replaced = manifest.get("replaced") or {}
    quads = [
        q
        for q in ox.parse(
            path=str(trig), format=_rdf_format(manifest["loaded"].get("format", "trig"))
        )
        if isinstance(q.graph_name, ox.DefaultGraph) or q.graph_name.value not in replaced
    ]
    for file in replaced.values():
        quads += ox.parse(path=str(store_dir / file), format=ox.RdfFormat.N_QUADS)
    return quads


def _rdf_format(fmt: str) -> ox.RdfFormat:
    formats = {
        "trig": ox.RdfFormat.TRIG,
        "nq": ox.RdfFormat.N_QUADS,
        "nquads": ox.RdfFormat.N_QUADS,
        "ttl": ox.RdfFormat.TURTLE,
        "turtle": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
    }
    if fmt not in formats:
        raise InputError(Problem(f"unknown RDF format {fmt!r} (known: {', '.join(formats)})"))
    return formats[fmt]


def open_store(
    files: Iterable[Path | str] = (),
    corpus: Path | str | None = None,
    build_dir: Path | str | None = None,
    note: Callable[[str], None] | None = None,
) -> GraphStore:
    """The store a reader works on (see the module docstring for the order).

    `note` receives the one-line notes for the user (stderr in the CLI):
    a store that is missing or stale, a corpus newer than its build.
    """
    from uprkg.paths import BUILD_DIR

    files = list(files)
    if files:
        return GraphStore.from_files(files)
    tell = note or (lambda _message: None)
    build = Path(build_dir) if build_dir is not None else BUILD_DIR
    trig = build / TRIG_NAME
    if trig.is_file():
        _note_if_corpus_newer(trig, corpus, tell)
        store_dir = build / STORE_DIR
        if store_is_current(store_dir, trig):
            return GraphStore.open(store_dir)
        state = "is stale" if store_dir.exists() else "is missing"
        tell(f"{store_dir} {state}; reading {trig} (run `uprkg build` to refresh the store)")
        return read_trig(trig)
    from uprkg.build import build_dataset
    from uprkg.corpus import load_corpus

    tell(f"no {trig} here; building the corpus in memory")
    return GraphStore.from_dataset(build_dataset(load_corpus(corpus)), origin="the corpus")


def read_trig(path: Path) -> GraphStore:
    """Our own TriG, read with Oxigraph's parser into memory."""
    try:
        return GraphStore.from_rdf(path.read_bytes(), "trig", origin=str(path))
    except SyntaxError as exc:
        line = _error_line(str(exc))
        raise InputError(Problem(f"cannot read as trig: {exc}", path, line)) from None


def _error_line(message: str) -> int | None:
    match = re.search(r"(?:at |line )(\d+)[:,]", message)
    return int(match.group(1)) if match else None


def _note_if_corpus_newer(trig: Path, corpus: Path | str | None, tell) -> None:
    from uprkg import paths

    root = Path(corpus) if corpus else paths.default_corpus()
    if not root.is_dir():
        return
    built = trig.stat().st_mtime
    newer = next((p for p in root.rglob("*") if p.is_file() and p.stat().st_mtime > built), None)
    if newer is not None:
        tell(f"note: {trig} is older than {newer}; run `uprkg build` to refresh")


# -- the manifest -------------------------------------------------------------------------


def read_manifest(store_dir: Path) -> dict | None:
    try:
        data = json.loads((store_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("uprkg_store") != MANIFEST_VERSION:
        return None
    return data


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def store_is_current(store_dir: Path, trig: Path) -> bool:
    """True when the store was loaded from exactly this TriG (size and time,
    else its SHA-256, match the manifest)."""
    manifest = read_manifest(store_dir)
    if manifest is None or not trig.is_file():
        return False
    loaded = manifest.get("loaded") or {}
    stat = trig.stat()
    if loaded.get("bytes") != stat.st_size:
        return False
    if loaded.get("mtime_ns") == stat.st_mtime_ns:
        return True
    return loaded.get("sha256") == file_digest(trig)


# -- running a query, bounded ---------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    canned: CannedQuery
    form: str
    text: str  # after pagination
    has_dataset: bool  # the query names its own FROM / FROM NAMED graphs


def _plan(
    canned: CannedQuery, forms: str, limit: int | None, offset: int | None, allow_service: bool
) -> _Plan:
    """Check a query before anything runs: empty, update, SERVICE, prefixes, form."""
    info = check_query(canned, allow_service=allow_service, prefixes=PREFIXES)
    if forms and info.form not in forms.split():
        wanted = " or ".join(forms.split())
        raise InputError(Problem(f"this is a {info.form} query; {wanted} expected", canned.path))
    text = paginate(canned, limit, offset)
    return _Plan(canned, info.form, text, info.has_dataset)


@dataclass
class _Job:
    """A query to run, picklable apart from the store (a forked child inherits it)."""

    store: GraphStore
    plan: _Plan
    graphs: Graphs
    limits: Limits
    params: dict[str, str]
    folder: Path | str | None
    output: str  # table, boolean, graph:FMT, results:FMT

    def __call__(self):
        store = self.store.oxigraph()
        own = self.plan.has_dataset and not self.graphs.from_protocol
        options = _dataset_options(store, self.graphs) if not own else {}
        canned = self.plan.canned
        text = self.plan.text

        if canned.parameters or self.params:
            text = substitute(text, self._bind(store, options))
        result = _evaluate(store, text, canned.path, options)
        return _output(result, self.output, self.limits.rows, canned)

    def _bind(self, store: ox.Store, options: dict) -> dict:
        """The parameters as terms; names are looked up exactly first (a few index
        lookups), with the full `names` table only when that does not decide."""
        canned = self.plan.canned
        lookup = names_query(self.folder)

        def names() -> Table:
            rows = _evaluate(store, lookup.text, lookup.path, options)
            return _table(rows, None, lookup.lists)

        default_graph = "default_graph" not in options and not self.plan.has_dataset
        quick = default_graph and lookup.path == names_query(None).path
        if quick:
            given = [
                wanted_name(self.params.get(p.name, p.default) or "", p)
                for p in canned.parameters.values()
                if p.kinds
            ]
            exact = candidate_names(store, given)
            try:
                return bind_parameters(canned, self.params, lambda: exact, exact_only=True)
            except NoSuchName:
                pass
        return bind_parameters(canned, self.params, names)


NAME_KINDS = ("actor", "document", "decision", "topic", "source", "proposition", "review")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS_ALT_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")


def candidate_names(store: ox.Store, given: Iterable[str]) -> Table:
    """The rows of queries/names.rq for the things these names may name exactly:
    the thing with that IRI, those with that id, those with a label or alias
    spelled so (plain or @en, as the shapes require labels to be). Index
    lookups on the default graph, where the full table reads every label."""
    default = ox.DefaultGraph()
    things: set = set()
    for name in given:
        iris = [name, *(f"{ID}{kind}/{name}" for kind in NAME_KINDS)]
        for iri in iris:
            with contextlib.suppress(ValueError):
                things.add(ox.NamedNode(iri))
        for literal in (ox.Literal(name), ox.Literal(name, language="en")):
            for prop in (RDFS_LABEL, SKOS_ALT_LABEL):
                things.update(
                    q.subject for q in store.quads_for_pattern(None, prop, literal, default)
                )
    rows = []
    for thing in things:
        if not isinstance(thing, ox.NamedNode) or not thing.value.startswith(ID):
            continue
        kind, _, ident = thing.value[len(ID) :].partition("/")
        if kind not in NAME_KINDS:
            continue
        for prop, name_type in ((RDFS_LABEL, "label"), (SKOS_ALT_LABEL, "alias")):
            for quad in store.quads_for_pattern(thing, prop, None, default):
                row = {"thing": thing.value, "kind": kind, "id": ident}
                rows.append({**row, "name": _plain(quad.object), "nameType": name_type})
    unique = {tuple(r.values()): r for r in rows}
    variables = ["thing", "kind", "id", "name", "nameType"]
    return Table(variables, [unique[k] for k in sorted(unique)])


def _dataset_options(store: ox.Store, graphs: Graphs) -> dict:
    """pyoxigraph's dataset arguments for the chosen graphs."""
    if graphs.from_protocol:
        return {
            "default_graph": [ox.NamedNode(n) for n in graphs.protocol_default or ()],
            "named_graphs": [ox.NamedNode(n) for n in graphs.protocol_named or ()],
        }
    if graphs.names:
        chosen = [ox.NamedNode(n) for n in graphs.names]
        return {"default_graph": chosen, "named_graphs": chosen}
    named = list(store.named_graphs())
    if INFERRED not in named:
        return {}
    if graphs.inferred:
        return {"default_graph": [ox.DefaultGraph(), INFERRED]}
    if graphs.inferred_named:
        return {}
    return {"named_graphs": [g for g in named if g != INFERRED]}


def _evaluate(store: ox.Store, text: str, path: Path, options: dict):
    try:
        return store.query(text, prefixes=PREFIXES, **options)
    except SyntaxError as exc:
        raise InputError(syntax_problem(str(exc), text, path)) from None
    except (OSError, RuntimeError) as exc:
        raise InputError(Problem(f"the query failed: {_first_line(exc)}", path)) from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _too_many(limit: int, what: str, path) -> InputError:
    return TooManyResults(
        Problem(
            f"the query gives more than {limit} {what} (the row limit; raise it with "
            "--max-rows N, or page through them with LIMIT and OFFSET)",
            path,
        )
    )


def _output(result, output: str, max_rows: int | None, canned: CannedQuery):
    """The result in the form the caller asked for, counted against the row limit."""
    path = canned.path
    if isinstance(result, ox.QueryBoolean):
        answer = bool(result)
        if output.startswith("results:"):
            return serialise_boolean(answer, output.split(":", 1)[1])
        return answer
    if isinstance(result, ox.QueryTriples):
        triples = _bounded(result, max_rows, "triples", path)
        return serialise_graph(triples, output.split(":", 1)[1] if ":" in output else "ttl")
    variables = [v.value for v in result.variables]
    rows = _bounded(result, max_rows, "rows", path)
    if output.startswith("results:"):
        return serialise_solutions(variables, rows, output.split(":", 1)[1])
    return _table((variables, rows), max_rows, canned.lists)


def _bounded(items, limit: int | None, what: str, path) -> list:
    found = []
    for item in items:
        found.append(item)
        if limit is not None and len(found) > limit:
            raise _too_many(limit, what, path)
    return found


def _table(result, max_rows: int | None, lists: Iterable[str]) -> Table:
    """Plain strings: an IRI's text, a literal's lexical form, a blank node as _:id."""
    if isinstance(result, tuple):
        variables, rows = result
    else:
        variables = [v.value for v in result.variables]
        rows = _bounded(result, max_rows, "rows", None)
    out = []
    for solution in rows:
        values = [_plain(solution[i]) for i in range(len(variables))]
        out.append(dict(zip(variables, values, strict=True)))
    return canonical(Table(variables, out, _numeric(variables, rows)), lists)


def _numeric(variables: list[str], rows) -> frozenset[str]:
    """Columns whose bound values are all numeric literals (JSON output gives numbers)."""
    from uprkg.queries import is_number

    found = set()
    for i, variable in enumerate(variables):
        terms = [row[i] for row in rows if row[i] is not None]
        if terms and all(isinstance(t, ox.Literal) and is_number(t.datatype) for t in terms):
            found.add(variable)
    return frozenset(found)


def _plain(term) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


_FORK_LOCK = threading.Lock()


def run_bounded(job: Callable[[], T], seconds: float | None, path=None) -> T:
    """job() in a forked child, killed after `seconds`; in this process when
    seconds is None (or where fork does not exist). The child's result or
    uprkg error comes back pickled through a pipe."""
    if seconds is None or not hasattr(os, "fork"):
        return job()
    # one fork at a time, from the pipe's creation until the parent closed its
    # write end: a child another thread forked in between would inherit that
    # write end, and this query's reader would see no end of file until that
    # other (perhaps slow) child exited (the server answered a quick query at
    # the time limit when it arrived together with a slow one)
    with _FORK_LOCK:
        read_end, write_end = os.pipe()
        with warnings.catch_warnings():  # a test runner's idle threads do not touch the store
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # the child: run, send the outcome, exit without cleanup handlers
            os.close(read_end)
            _child(job, write_end)
        os.close(write_end)
    try:
        data = _read_until(read_end, time.monotonic() + seconds)
    except TimeoutError:
        _kill(pid)
        raise QueryTimeout(
            Problem(
                f"the query ran longer than {seconds:g} s (the time limit; raise it with "
                "--time-limit SECONDS)",
                path,
            )
        ) from None
    except BaseException:
        _kill(pid)
        raise
    finally:
        os.close(read_end)
    _, status = os.waitpid(pid, 0)
    if not data:
        raise InputError(Problem(f"the query process died ({_exit_reason(status)})", path))
    ok, value = pickle.loads(data)
    if ok:
        return value
    raise value


def _child(job: Callable[[], Any], write_end: int) -> None:
    code = 0
    try:
        try:
            payload = pickle.dumps((True, job()), protocol=pickle.HIGHEST_PROTOCOL)
        except UprkgError as exc:
            payload = pickle.dumps((False, exc))
        except BaseException as exc:  # anything else: its type and first line
            problem = f"{type(exc).__name__}: {_first_line(exc)}"
            payload = pickle.dumps((False, RuntimeError(problem)))
        view = memoryview(payload)
        while view:
            view = view[os.write(write_end, view) :]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _read_until(fd: int, deadline: float) -> bytes:
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            raise TimeoutError
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def _exit_reason(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


# -- serialising results ------------------------------------------------------------------------

RESULT_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_FORMATS = {
    "ttl": (ox.RdfFormat.TURTLE, "text/turtle"),
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
    "xml": (ox.RdfFormat.RDF_XML, "application/rdf+xml"),
}


def serialise_graph(triples: list[ox.Triple], fmt: str = "ttl") -> bytes:
    """Triples sorted (so the bytes are stable), with the project's prefixes in
    Turtle and RDF/XML (only those used)."""
    if fmt not in GRAPH_FORMATS:
        raise InputError(
            Problem(f"unknown graph format {fmt!r} (known: {', '.join(GRAPH_FORMATS)})")
        )
    ordered = sorted(set(triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    rdf_format = GRAPH_FORMATS[fmt][0]
    prefixes = _used_prefixes(ordered) if fmt in ("ttl", "xml") else None
    return ox.serialize(ordered, format=rdf_format, prefixes=prefixes)


def _used_prefixes(triples: list[ox.Triple]) -> dict[str, str]:
    used = set()
    for triple in triples:
        for term in triple:
            if isinstance(term, ox.NamedNode):
                used.update(p for p, iri in PREFIXES.items() if term.value.startswith(iri))
            elif isinstance(term, ox.Literal) and term.datatype is not None:
                used.update(p for p, iri in PREFIXES.items() if term.datatype.value.startswith(iri))
    return {p: PREFIXES[p] for p in sorted(used)}


def serialise_boolean(answer: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": answer}).encode()
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{str(answer).lower()}</boolean></sparql>\n"
        ).encode()
    if fmt in ("csv", "tsv"):
        return f"{'true' if answer else 'false'}\n".encode()
    raise InputError(
        Problem(f"unknown results format {fmt!r} (known: {', '.join(RESULT_FORMATS)})")
    )


def serialise_solutions(variables: list[str], rows: list, fmt: str) -> bytes:
    """SELECT results in a SPARQL 1.1 results format (JSON, XML, CSV, TSV)."""
    if fmt == "json":
        bindings = [
            {v: _json_term(row[i]) for i, v in enumerate(variables) if row[i] is not None}
            for row in rows
        ]
        data = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        return json.dumps(data, ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        return _xml_results(variables, rows)
    if fmt == "csv":
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([_csv_term(row[i]) for i in range(len(variables))])
        return out.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in variables)]
        for row in rows:
            lines.append("\t".join("" if t is None else str(t) for t in row))
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise InputError(
        Problem(f"unknown results format {fmt!r} (known: {', '.join(RESULT_FORMATS)})")
    )


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        found = {"type": "literal", "value": term.value}
        if term.language:
            found["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            found["datatype"] = term.datatype.value
        return found
    return {"type": "triple", "value": str(term)}


def _csv_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    return term.value if hasattr(term, "value") else str(term)


def _xml_results(variables: list[str], rows: list) -> bytes:
    from xml.sax.saxutils import escape, quoteattr

    parts = [
        '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
        "<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables) + "</head>",
        "<results>",
    ]
    for row in rows:
        parts.append("<result>")
        for i, name in enumerate(variables):
            term = row[i]
            if term is None:
                continue
            if isinstance(term, ox.NamedNode):
                body = f"<uri>{escape(term.value)}</uri>"
            elif isinstance(term, ox.BlankNode):
                body = f"<bnode>{escape(term.value)}</bnode>"
            elif isinstance(term, ox.Literal):
                if term.language:
                    attr = f" xml:lang={quoteattr(term.language)}"
                else:
                    attr = f" datatype={quoteattr(term.datatype.value)}"
                body = f"<literal{attr}>{escape(term.value)}</literal>"
            else:
                body = f"<literal>{escape(str(term))}</literal>"
            parts.append(f"<binding name={quoteattr(name)}>{body}</binding>")
        parts.append("</result>")
    parts.append("</results></sparql>\n")
    return "".join(parts).encode("utf-8")


# -- building and writing stores ---------------------------------------------------------------


def derive_default_graph(store: ox.Store, scratch: Path | None = None) -> int:
    """Fill the default graph with the union of the asserted named graphs (each
    triple once, graph/inferred left out); returns the default graph's size.

    The union is gathered inside Oxigraph (a CONSTRUCT), written as N-Triples
    to a file in `scratch` (a folder; else held in memory) and bulk-loaded.
    """
    union = store.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER (?g != <{GRAPH_INFERRED}>) }}"
    )
    if scratch is None:
        text = ox.serialize(union, format=ox.RdfFormat.N_TRIPLES)
        if text:
            store.bulk_load(text, ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
        return _default_graph_size(store)
    fd, name = tempfile.mkstemp(prefix=".union.", suffix=".nt", dir=scratch)
    os.close(fd)
    try:
        ox.serialize(union, output=name, format=ox.RdfFormat.N_TRIPLES)
        store.bulk_load(path=name, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    finally:
        os.unlink(name)
    return _default_graph_size(store)


def _count(store: ox.Store, text: str) -> int:
    return int(next(iter(store.query(text)))[0].value)


def _graph_sizes(store: ox.Store) -> dict[str, int]:
    """Triples per named graph, counted inside Oxigraph."""
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    sizes = {row[0].value: int(row[1].value) for row in rows if isinstance(row[0], ox.NamedNode)}
    return dict(sorted(sizes.items()))


def _default_graph_size(store: ox.Store) -> int:
    rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return int(next(iter(rows))[0].value)


@dataclass
class Staged:
    """A store built in a temporary folder beside its final place."""

    tmp: Path
    target: Path
    manifest: dict = field(default_factory=dict)

    def commit(self, trig: Path) -> None:
        """Record the TriG's size, time and hash, then rename the store into place."""
        stat = trig.stat()
        self.manifest["loaded"].update(bytes=stat.st_size, mtime_ns=stat.st_mtime_ns)
        _write_manifest(self.tmp, self.manifest)
        _swap(self.tmp, self.target)

    def discard(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def stage(
    trig: bytes | str | Path,
    store_dir: Path,
    source_name: str = TRIG_NAME,
    union: Path | None = None,
    fmt: str = "trig",
) -> Staged:
    """Bulk-load TriG (or N-Quads, fmt="nq"), text or a file (read by Oxigraph
    itself, never held in Python), into a new store in a temporary folder next
    to store_dir.

    `union`, if given, is a Turtle file holding exactly the union of the
    asserted graphs (the build's uprkg.ttl): it is bulk-loaded as the default
    graph instead of gathering that union again inside the store.
    """
    if isinstance(trig, Path):
        data, digest = None, file_digest(trig)
    else:
        data = trig.encode("utf-8") if isinstance(trig, str) else trig
        digest = hashlib.sha256(data).hexdigest()
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{store_dir.name}.", suffix=".tmp", dir=store_dir.parent))
    try:
        store = ox.Store(str(tmp))
        if data is None:
            store.bulk_load(path=str(trig), format=_rdf_format(fmt))
        else:
            store.bulk_load(data, _rdf_format(fmt))
        if union is not None:
            store.bulk_load(path=str(union), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
            triples = _default_graph_size(store)
        else:
            triples = derive_default_graph(store, scratch=store_dir.parent)
        sizes = _graph_sizes(store)
        store.flush()
        del store  # closes the database before the folder is renamed
    except (OSError, SyntaxError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise InputError(
            Problem(f"cannot build the store: {_first_line(exc)}", store_dir)
        ) from None
    manifest = {
        "uprkg_store": MANIFEST_VERSION,
        "loaded": {"file": source_name, "format": fmt, "sha256": digest},
        "default_graph_triples": triples,
        "graphs": sizes,
        "pyoxigraph": ox.__version__ if hasattr(ox, "__version__") else "",
    }
    return Staged(tmp, store_dir, manifest)


def _write_manifest(folder: Path, manifest: Mapping) -> None:
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", "utf-8")


def _swap(new: Path, target: Path) -> None:
    """Rename `new` over `target`: the old store is moved aside, then removed."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
        os.replace(target, old / "store")
    try:
        os.replace(new, target)
    except OSError:
        if old is not None:
            os.replace(old / "store", target)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _return_free_memory() -> None:
    """Give the memory Python freed back to the system (glibc's malloc_trim):
    freed objects leave holes in the heap that glibc keeps otherwise, and the
    store's bulk load would come on top of them."""
    import ctypes
    import ctypes.util

    with contextlib.suppress(OSError, AttributeError, TypeError):
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)


def write_build(
    outputs: Mapping[Path, Any], trig_path: Path, union_path: Path | None = None
) -> None:
    """write_all(outputs) and the store beside trig_path, all or nothing.

    The outputs (text, bytes or a streaming serialiser's chunks) are written
    to temporary files; the store is bulk-loaded from the TriG's temporary
    file (the same bytes, no second serialisation) before any file is
    renamed into place, so nothing is written if loading fails. `union_path`
    names an output that holds the union of the asserted graphs (the build's
    Turtle), loaded as the store's default graph.
    """
    staged: list[Staged] = []

    def load(written: dict[Path, Path]) -> None:
        _return_free_memory()  # what the writers let go, before Oxigraph needs its share
        union = written[union_path] if union_path is not None else None
        staged.append(
            stage(written[trig_path], trig_path.parent / STORE_DIR, trig_path.name, union)
        )

    _write_then_commit(outputs, trig_path, load, staged)


def _write_then_commit(
    outputs: Mapping[Path, Any], trig_path: Path, prepare: Callable, staged: list
) -> None:
    """write_all(outputs), with `prepare` staging the store before the files are
    renamed into place; the store is committed after them, or discarded."""
    from uprkg.serialize import write_all

    try:
        write_all(dict(outputs), before_commit=prepare)
        staged[0].commit(trig_path)
    except BaseException:
        for store in staged:
            store.discard()
        raise


def write_inferred(outputs: Mapping[Path, Any], trig_path: Path, triples: Iterable) -> None:
    """write_all(outputs), where the TriG differs from the one the store was
    loaded from in graph/inferred only, and the store updated to match, all or
    nothing (for `uprkg reason --rules-only`).

    The store is not loaded again: Oxigraph's backup makes a copy of it (hard
    links to its immutable files), graph/inferred is replaced there (it is not
    part of the default graph), the manifest records the new TriG, and the
    copy is renamed into place. Graphs an importer put into the store
    (`replace_graph`) are kept. A store that is missing or stale is loaded
    from the TriG instead (`write_build`).
    """

    store_dir = trig_path.parent / STORE_DIR
    manifest = read_manifest(store_dir)
    if manifest is None or not store_is_current(store_dir, trig_path):
        write_build(outputs, trig_path)
        return
    work = Path(tempfile.mkdtemp(prefix=f".{store_dir.name}.", suffix=".tmp", dir=store_dir.parent))
    staged: list[Staged] = []

    def update(written: dict[Path, Path]) -> None:
        target = work / STORE_DIR
        original = ox.Store(str(store_dir))
        original.backup(str(target))
        del original
        for file in (manifest.get("replaced") or {}).values():
            shutil.copy2(store_dir / file, target / file)
        store = ox.Store(str(target))
        if store.contains_named_graph(INFERRED):
            store.remove_graph(INFERRED)
        store.bulk_extend(ox.Quad(*_triple_from_rdflib(t), INFERRED) for t in triples)
        changed = dict(manifest, graphs=_graph_sizes(store))
        changed["loaded"] = {"file": trig_path.name, "sha256": file_digest(written[trig_path])}
        store.flush()
        del store
        staged.append(Staged(target, store_dir, changed))

    try:
        _write_then_commit(outputs, trig_path, update, staged)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _triple_from_rdflib(triple) -> tuple:
    return tuple(_term_from_rdflib(term) for term in triple)


def replace_graph(
    store_dir: Path | str,
    graph: str,
    *,
    path: Path | str | None = None,
    data: bytes | str | None = None,
    fmt: str | None = None,
    quads: Iterable[ox.Triple | ox.Quad] | None = None,
) -> int:
    """Add or replace the named graph `graph` of an on-disk store, from a file,
    RDF text (fmt: ttl, nt, trig, nq: every triple goes into `graph`) or
    pyoxigraph triples; returns the graph's size.

    For importers (`uprkg import`). It works on a copy that is renamed over
    the store, so readers never see half a graph; the default graph (the
    asserted union) follows, unless the graph is graph/inferred. The graph's
    triples are also kept as N-Quads in the store folder (listed under
    "replaced" in the manifest), so exports keep their exact datatypes. The
    next `uprkg build` rebuilds the store from the TriG alone: a graph that
    must survive a build belongs in the corpus, or is replaced again.

    Everything bulky happens inside Oxigraph, by bulk loads (deleting or
    inserting quads one by one in a transaction takes minutes at 700 000):
    the input is loaded into a scratch store in memory; a new graph goes
    into a backup of the store (hard links to its immutable files), and a
    graph that is replaced into a new store loaded with everything else
    (the default graph without the triples only the old graph asserted);
    then the graph and the default graph are loaded from the scratch
    store's N-Triples. An N-Quads file whose quads all sit in `graph` (what
    importers write) is kept as it is.
    """
    store_dir = Path(store_dir)
    manifest = read_manifest(store_dir)
    if manifest is None:
        raise InputError(Problem("not a uprkg store (no readable manifest)", store_dir))
    try:
        name = ox.NamedNode(graph)
    except ValueError as exc:
        raise InputError(Problem(f"not an IRI for a graph: {graph!r} ({exc})")) from None
    if quads is not None:
        quads = list(quads)  # read twice: into the store and into the kept N-Quads
    scratch, only_this_graph = _scratch_graph(name, path, data, fmt, quads)
    lines = scratch.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
    size = len(scratch)
    del scratch
    work = Path(tempfile.mkdtemp(prefix=f".{store_dir.name}.", suffix=".tmp", dir=store_dir.parent))
    target = work / STORE_DIR
    try:
        kept = manifest.setdefault("replaced", {})
        old = ox.Store.read_only(str(store_dir))
        if old.contains_named_graph(name):
            store = _without_graph(old, name, target)
        else:
            old.backup(str(target))
            store = ox.Store(str(target))
        del old
        for file in kept.values():
            shutil.copy2(store_dir / file, target / file)
        if lines:
            store.bulk_load(lines, ox.RdfFormat.N_TRIPLES, to_graph=name)
            if name != INFERRED:
                store.bulk_load(lines, ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
        del lines
        sizes = dict(manifest.get("graphs") or {})
        sizes.pop(graph, None)
        if size:
            sizes[graph] = size
        manifest["graphs"] = dict(sorted(sizes.items()))
        manifest["default_graph_triples"] = _default_graph_size(store)
        store.flush()
        del store
        file = (
            kept.get(graph) or f"uprkg-graph-{hashlib.sha256(graph.encode()).hexdigest()[:16]}.nq"
        )
        if only_this_graph:
            shutil.copyfile(path, target / file)
        else:
            triples = dict.fromkeys(_triples_from(path, data, fmt, quads))
            body = ox.serialize((ox.Quad(*t, name) for t in triples), format=ox.RdfFormat.N_QUADS)
            (target / file).write_bytes(body)
        kept[graph] = file
        _write_manifest(target, manifest)
        _swap(target, store_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return size


def _without_graph(old: ox.Store, name: ox.NamedNode, target: Path) -> ox.Store:
    """A new store at `target` with every graph of `old` but `name`, and the
    default graph without the triples only `name` asserted.

    Bulk-loading what stays is much faster in Oxigraph than deleting a large
    graph's quads from a copy (a transaction of millions of index entries).
    """
    store = ox.Store(str(target))
    for graph in old.named_graphs():
        if graph != name:
            text = old.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
            if text:
                store.bulk_load(text, ox.RdfFormat.N_TRIPLES, to_graph=graph)
    default = "?s ?p ?o"  # graph/inferred is not part of the default graph
    if name != INFERRED:
        default = _KEEP_IN_DEFAULT_GRAPH.format(graph=name, inferred=INFERRED)
    union = old.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {default} }}")
    text = ox.serialize(union, format=ox.RdfFormat.N_TRIPLES)
    if text:
        store.bulk_load(text, ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    return store


# the default graph without `graph`: its own triples that `graph` does not
# assert, and every other asserted graph's triples
_KEEP_IN_DEFAULT_GRAPH = """
  {{ ?s ?p ?o FILTER NOT EXISTS {{ GRAPH {graph} {{ ?s ?p ?o }} }} }}
  UNION
  {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other NOT IN ({graph}, {inferred})) }}
"""


def _scratch_graph(name: ox.NamedNode, path, data, fmt, quads) -> tuple[ox.Store, bool]:
    """An in-memory store holding the given triples in graph `name` (and nothing
    else), and whether `path` is an N-Quads file whose quads all sat in `name`."""
    given = sum(x is not None for x in (path, data, quads))
    if given != 1:
        raise ValueError("give exactly one of path, data, quads")
    scratch = ox.Store()
    if quads is not None:
        scratch.bulk_extend(
            ox.Quad(*(q.triple if isinstance(q, ox.Quad) else q), name) for q in quads
        )
        return scratch, False
    if path is not None:
        fmt = fmt or Path(path).suffix.lstrip(".")
    form = _rdf_format(fmt or "ttl")
    # a quad format's default-graph triples land in a graph of their own, so
    # they show up below as quads outside `name`
    into = name if not form.supports_datasets else ox.NamedNode(_SCRATCH_DEFAULT)
    try:
        if path is not None:
            scratch.bulk_load(path=str(path), format=form, to_graph=into)
        else:
            text = data.encode("utf-8") if isinstance(data, str) else data
            scratch.bulk_load(text, form, to_graph=into)
    except SyntaxError as exc:
        line = _error_line(str(exc))
        raise InputError(Problem(f"cannot read as {fmt}: {exc}", path, line)) from None
    except OSError as exc:
        raise InputError(Problem(f"cannot read: {exc}", path)) from None
    others = [g for g in scratch.named_graphs() if g != name]
    if not others:
        return scratch, path is not None and form == ox.RdfFormat.N_QUADS
    scratch.update(f"INSERT {{ GRAPH {name} {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    for other in others:
        scratch.remove_graph(other)
    return scratch, False


_SCRATCH_DEFAULT = "urn:uprkg:scratch:default-graph"


def _triples_from(path, data, fmt, quads) -> list[ox.Triple]:
    given = sum(x is not None for x in (path, data, quads))
    if given != 1:
        raise ValueError("give exactly one of path, data, quads")
    if quads is not None:
        return [q.triple if isinstance(q, ox.Quad) else q for q in quads]
    if path is not None:
        path = Path(path)
        fmt = fmt or path.suffix.lstrip(".")
        data = path.read_bytes()
    try:
        parsed = ox.parse(data, format=_rdf_format(fmt or "ttl"))
        return [q.triple for q in parsed]
    except SyntaxError as exc:
        line = _error_line(str(exc))
        raise InputError(Problem(f"cannot read as {fmt}: {exc}", path, line)) from None


# -- rdflib terms in ------------------------------------------------------------------------------


def _quads_from_rdflib(data: Any) -> Iterable[ox.Quad]:
    """Quads for pyoxigraph from an rdflib Dataset (named graphs kept; its default
    graph stays the default graph) or Graph (its triples in the default graph)."""
    from rdflib import Dataset
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    terms: dict[Any, Any] = {}

    def term(node):
        found = terms.get(node)
        if found is None:
            found = terms[node] = _term_from_rdflib(node)
        return found

    if isinstance(data, Dataset) or hasattr(data, "quads"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            for s, p, o, g in data.quads((None, None, None, None)):
                name = getattr(g, "identifier", g)
                graph = (
                    ox.DefaultGraph() if name in (None, DATASET_DEFAULT_GRAPH_ID) else term(name)
                )
                yield ox.Quad(term(s), term(p), term(o), graph)
        return
    for s, p, o in data:
        yield ox.Quad(term(s), term(p), term(o), ox.DefaultGraph())


class RdflibTerms:
    """pyoxigraph terms to rdflib terms, each distinct term converted once."""

    def __init__(self) -> None:
        from rdflib import BNode, Literal, URIRef

        self.cache: dict = {}
        self.URIRef, self.BNode, self.Literal = URIRef, BNode, Literal

    def __call__(self, term):
        found = self.cache.get(term)
        if found is not None:
            return found
        if isinstance(term, ox.NamedNode):
            found = self.URIRef(term.value)
        elif isinstance(term, ox.BlankNode):
            found = self.BNode(term.value)
        elif term.language:
            found = self.Literal(term.value, lang=term.language)
        elif term.datatype.value == XSD_STRING:
            found = self.Literal(term.value)
        else:
            found = self.Literal(term.value, datatype=self.URIRef(term.datatype.value))
        self.cache[term] = found
        return found


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _term_from_rdflib(node):
    from rdflib import BNode, Literal, URIRef

    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise InputError(Problem(f"cannot store the RDF term {node!r}"))


# -- queries uprkg runs for itself ------------------------------------------------------------


def internal_query(name: str) -> str:
    """The text of src/uprkg/sparql/NAME.rq (queries of uprkg's own readers:
    network facts, statistics), kept as .rq files like the canned queries."""
    path = Path(__file__).resolve().parent / "sparql" / f"{name}.rq"
    return path.read_text(encoding="utf-8")
