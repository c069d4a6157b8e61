"""Deterministic serialisation and all-or-nothing file writes.

Turtle and TriG are written by a streaming sorted writer of our own:
rdflib's sorted Turtle writer was half the build's cost and recursed into
nested blank nodes. The output is plain, valid Turtle/TriG: prefix
declarations (only those used, sorted), then one block per subject,
subjects sorted, `rdf:type` first and then predicates in IRI order, objects
sorted. Named graphs come in IRI order. Nothing depends on hash order, so
two runs give the same bytes.

Blank nodes are written as labelled nodes (`_:b...`), never nested, so a
chain of any depth is written without recursion and read back by any
parser. Their labels are hashes of their content (what they point to,
computed bottom-up) and of their context (what points to them), so the
labels, and the bytes, do not depend on the labels a parser invented.

Files are written to a temporary file in the target folder and renamed into
place, so a failed run never leaves a half-written output.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from rdflib import RDF, BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from uprkg.namespaces import PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")
_IRI_ESCAPE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_STRING_ESCAPE = re.compile(r'[\\"\n\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f]')
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
CHUNK = 1 << 16  # characters per write while streaming


def _escape_iri(iri: str) -> str:
    return _IRI_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04X}", iri)


def _escape_string(text: str) -> str:
    return _STRING_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), text)


def nt(term) -> str:
    """A term in N-Triples syntax (one line, escaped)."""
    if isinstance(term, URIRef):
        return f"<{_escape_iri(str(term))}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    body = f'"{_escape_string(str(term))}"'
    if term.language:
        return f"{body}@{term.language}"
    if term.datatype is not None and str(term.datatype) != XSD_STRING:
        return f"{body}^^<{_escape_iri(str(term.datatype))}>"
    return body


class Terms:
    """Turtle text of terms, with the project's prefixes; remembers which prefixes it used."""

    def __init__(self, extra: Iterable[tuple[str, str]] = ()) -> None:
        namespaces = {str(ns): prefix for prefix, ns in PREFIXES.items()}
        taken = set(PREFIXES)
        for prefix, ns in extra:  # a graph's own prefixes, where they do not clash
            if prefix and str(ns) not in namespaces and prefix not in taken:
                namespaces[str(ns)] = prefix
                taken.add(prefix)
        # longest namespace first, so the most specific prefix wins
        self._namespaces = sorted(namespaces.items(), key=lambda item: -len(item[0]))
        self._by_first: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for ns, prefix in self._namespaces:
            self._by_first[ns[:12]].append((ns, prefix))
        self.used: dict[str, str] = {}
        self._iris: dict = {}
        self.blank_labels: dict[BNode, str] = {}

    def text(self, term) -> str:
        if type(term) is URIRef:
            cached = self._iris.get(term)
            if cached is None:
                cached = self._iris[term] = self._iri(str(term))
            return cached
        if isinstance(term, URIRef):
            return self._iri(str(term))
        if isinstance(term, BNode):
            return "_:" + self.blank_labels.get(term, f"x{term}")
        return self._literal(term)

    def declare(self, triples: Iterable[tuple]) -> None:
        """Note the prefixes the triples' IRIs and datatypes use (before the header)."""
        for triple in triples:
            for term in triple:
                if isinstance(term, URIRef):
                    self.text(term)
                elif isinstance(term, Literal) and term.datatype is not None:
                    self.text(term.datatype)

    def _iri(self, iri: str) -> str:
        for ns, prefix in self._by_first.get(iri[:12], ()):
            if iri.startswith(ns):
                local = iri[len(ns) :]
                if local == "" or _LOCAL.match(local):
                    self.used[prefix] = ns
                    return f"{prefix}:{local}"
        return f"<{_escape_iri(iri)}>"

    def _literal(self, literal: Literal) -> str:
        body = f'"{_escape_string(str(literal))}"'
        if literal.language:
            return f"{body}@{literal.language}"
        if literal.datatype is not None and str(literal.datatype) != XSD_STRING:
            return f"{body}^^{self._iri(str(literal.datatype))}"
        return body

    def header(self) -> str:
        return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(self.used.items()))


def _sort_key(term) -> tuple:
    """A total order on terms that depends on their values only."""
    if isinstance(term, URIRef):
        return (1, str(term), "", "")
    if isinstance(term, BNode):
        return (0, str(term), "", "")
    return (2, str(term), str(term.datatype or ""), term.language or "")


def _predicate_key(term) -> tuple:
    return (term != RDF.type, str(term))


# -- blank-node labels -------------------------------------------------------------


def blank_labels(triples: list[tuple], terms: Terms) -> dict[BNode, str]:
    """Content- and context-based labels for the blank nodes of a set of triples.

    Out-hash: what a node points to, bottom-up (children before parents,
    without recursion); nodes on cycles get a few rounds of refinement
    instead. In-hash: what points to the node, top-down. Nodes whose final
    hashes tie have identical content and context, so which of them gets
    which label does not change the output.
    """
    out_edges: dict[BNode, list] = defaultdict(list)
    in_edges: dict[BNode, list] = defaultdict(list)
    blanks: set[BNode] = set()
    for s, p, o in triples:
        if isinstance(s, BNode):
            blanks.add(s)
            out_edges[s].append((p, o))
        if isinstance(o, BNode):
            blanks.add(o)
            in_edges[o].append((s, p))
    if not blanks:
        return {}

    def digest(parts: list[str]) -> str:
        return hashlib.sha1("\x1f".join(sorted(parts)).encode("utf-8")).hexdigest()

    def show(term, hashes) -> str:
        return "_:" + hashes[term] if isinstance(term, BNode) else terms.text(term)

    out_hash: dict[BNode, str] = {}
    waiting = {b: sum(1 for _, o in out_edges[b] if isinstance(o, BNode)) for b in blanks}
    parents: dict[BNode, list[BNode]] = defaultdict(list)
    for b in blanks:
        for _, o in out_edges[b]:
            if isinstance(o, BNode):
                parents[o].append(b)
    ready = [b for b, n in waiting.items() if n == 0]
    while ready:
        b = ready.pop()
        out_hash[b] = digest([f"{terms.text(p)} {show(o, out_hash)}" for p, o in out_edges[b]])
        for parent in parents[b]:
            waiting[parent] -= 1
            if waiting[parent] == 0:
                ready.append(parent)
    cyclic = blanks - set(out_hash)
    if cyclic:  # colour refinement for nodes on or above a cycle
        for b in cyclic:
            out_hash[b] = "cycle"
        for _ in range(4):
            out_hash.update(
                {
                    b: digest([f"{terms.text(p)} {show(o, out_hash)}" for p, o in out_edges[b]])
                    for b in cyclic
                }
            )
    labels: dict[BNode, str] = {}
    taken: dict[str, int] = defaultdict(int)
    children: dict[BNode, list[BNode]] = defaultdict(list)
    unlabelled_parents: dict[BNode, int] = defaultdict(int)
    for b in blanks:
        if b in cyclic:
            continue
        for s, _ in in_edges[b]:
            if isinstance(s, BNode) and s not in cyclic:
                children[s].append(b)
                unlabelled_parents[b] += 1
    wave = [b for b in blanks if unlabelled_parents[b] == 0]
    while wave:  # top-down, in waves: a node's context uses its parents' final labels
        hashes = {}
        for b in wave:
            context = [
                f"{labels.get(s, out_hash[s]) if isinstance(s, BNode) else terms.text(s)} "
                f"{terms.text(p)}"
                for s, p in in_edges[b]
            ]
            hashes[b] = digest([out_hash[b], *context])[:20]
        # ties have the same content and context: which gets which suffix cannot show
        following = []
        for b in sorted(wave, key=hashes.__getitem__):
            h = hashes[b]
            labels[b] = f"b{h}" + (f"n{taken[h]}" if taken[h] else "")
            taken[h] += 1
            for child in children[b]:
                unlabelled_parents[child] -= 1
                if unlabelled_parents[child] == 0:
                    following.append(child)
        wave = following
    return labels


# -- Turtle and TriG -----------------------------------------------------------------


def _body(triples: Iterable[tuple], terms: Terms) -> Iterator[str]:
    """Subject blocks of sorted Turtle for the given triples."""
    triples = list(triples)
    if any(isinstance(t, BNode) for triple in triples for t in triple[::2]):
        terms.blank_labels.update(blank_labels(triples, terms))
    by_subject: dict = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        by_subject[s][p].append(o)
    del triples

    def subject_key(s) -> tuple:
        return (isinstance(s, BNode), terms.text(s) if isinstance(s, BNode) else str(s))

    for s in sorted(by_subject, key=subject_key):
        predicates = by_subject.pop(s)
        lines = []
        for p in sorted(predicates, key=_predicate_key):
            objects = sorted(set(predicates[p]), key=_object_key(terms))
            shown = "a" if p == RDF.type else terms.text(p)
            if len(objects) == 1:
                lines.append(f"{shown} {terms.text(objects[0])}")
            else:
                lines.append(f"{shown}\n        " + ",\n        ".join(map(terms.text, objects)))
        yield f"{terms.text(s)} " + " ;\n    ".join(lines) + " .\n\n"


def _object_key(terms: Terms) -> Callable:
    def key(term) -> tuple:
        if isinstance(term, BNode):
            return (0, terms.text(term), "", "")
        return _sort_key(term)

    return key


def _chunks(parts: Iterable[str]) -> Iterator[str]:
    """Join small strings into chunks of about CHUNK characters."""
    buffer: list[str] = []
    size = 0
    for part in parts:
        buffer.append(part)
        size += len(part)
        if size >= CHUNK:
            yield "".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer)


def _namespaces_of(data) -> list[tuple[str, str]]:
    try:
        return [(p, str(ns)) for p, ns in data.namespaces()]
    except AttributeError:
        return []


def turtle_chunks(triples: Iterable[tuple], namespaces: Iterable = ()) -> Iterator[str]:
    """Sorted Turtle, as chunks of text (prefixes first)."""
    triples = triples if isinstance(triples, list) else list(triples)
    terms = Terms(namespaces)
    terms.declare(triples)
    yield terms.header() + ("\n" if terms.used else "")
    yield from _chunks(_body(triples, terms))


def turtle(graph: Graph | Iterable[tuple]) -> str:
    """Sorted Turtle for a graph (or any iterable of triples)."""
    return "".join(turtle_chunks(graph, _namespaces_of(graph)))


def named_graphs(data) -> list[tuple[URIRef | None, list]]:
    """(name, triples) of each non-empty graph: a Dataset's, a QuadStore's or a Graph's."""
    if hasattr(data, "named_triples"):  # uprkg.build.QuadStore
        return data.named_triples()
    if isinstance(data, Dataset):
        graphs = defaultdict(list)
        for s, p, o, g in data.quads((None, None, None, None)):
            name = getattr(g, "identifier", g)
            graphs[None if name == DATASET_DEFAULT_GRAPH_ID else name].append((s, p, o))
        return list(graphs.items())
    return [(None, list(data))]


def trig_chunks(data, graph_names: Iterable | None = None) -> Iterator[str]:
    """TriG, graphs sorted by IRI (default graph first), as chunks of text.

    A first pass over the IRIs finds the prefixes for the header; each
    graph's triples are dropped as soon as its body is written.
    """
    wanted = None if graph_names is None else {str(n) for n in graph_names}
    graphs = [
        (name, triples)
        for name, triples in named_graphs(data)
        if triples and (wanted is None or str(name) in wanted)
    ]
    graphs.sort(key=lambda item: "" if item[0] is None else str(item[0]))
    terms = Terms(_namespaces_of(data))
    for _, triples in graphs:
        terms.declare(triples)
    yield terms.header()

    def blocks() -> Iterator[str]:
        for number, (name, triples) in enumerate(graphs):
            graphs[number] = (name, [])  # let the triples go once written
            inner = "".join(_body(triples, terms))
            if name is None:
                yield f"\n{inner}"
            else:
                label = terms.text(name) if isinstance(name, BNode) else f"<{_escape_iri(name)}>"
                yield f"\n{label} {{\n{inner.rstrip()}\n}}\n"

    yield from _chunks(blocks())


def trig(data, graph_names: Iterable | None = None) -> str:
    """TriG with graphs sorted by IRI; empty graphs are left out."""
    return "".join(trig_chunks(data, graph_names))


# -- all-or-nothing writes ----------------------------------------------------------


def _file_mode() -> int:
    """Permissions of a new file under the current umask (mkstemp uses 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


Content = str | bytes | Iterable[str]


def _write(handle, content: Content) -> None:
    if isinstance(content, bytes):
        handle.write(content)
    elif isinstance(content, str):
        handle.write(content.encode("utf-8"))
    else:
        for chunk in content:
            handle.write(chunk.encode("utf-8"))


def write_all(
    outputs: dict[Path, Content],
    before_commit: Callable[[dict[Path, Path]], None] | None = None,
) -> None:
    """Write several files so that either all are replaced or none is.

    Text is written as UTF-8 with the line ends it has; bytes (a PNG) as
    they are; an iterable of strings (a streaming serialiser) chunk by
    chunk. Temporary files in the target folders are registered before a
    byte is written and renamed over the targets last, so a failure (a full
    disk) leaves the old files and no temporary behind. A folder or file
    that cannot be written is an InputError naming it.

    `before_commit`, if given, is called with {target: temporary file} once
    every file is complete and before any is renamed: a reader of what was
    just written (the store's bulk load) can still stop the whole write.
    """
    from uprkg.errors import InputError, Problem

    staged: list[tuple[str, Path]] = []
    mode = _file_mode()
    path = None
    try:
        for path, content in outputs.items():
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                _write(handle, content)
            os.chmod(tmp, mode)
        if before_commit is not None:
            before_commit({target: Path(tmp) for tmp, target in staged})
        for tmp, path in staged:
            os.replace(tmp, path)
    except OSError as exc:
        where = exc.filename if exc.filename and not str(exc.filename).endswith(".tmp") else path
        reason = exc.strerror or str(exc)
        raise InputError(Problem(f"cannot write: {reason}", where)) from None
    finally:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
