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


def cached_nt() -> Callable[[object], str]:
    """`nt` with IRIs remembered: loading a large graph into Oxigraph renders the
    same few thousand IRIs millions of times."""
    cache: dict = {}

    def text(term) -> str:
        if type(term) is URIRef:
            found = cache.get(term)
            if found is None:
                found = cache[term] = nt(term)
            return found
        return nt(term)

    return text


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


RDF_TYPE = RDF.type
_NONE = object()


def _body(triples: Iterable[tuple], terms: Terms) -> Iterator[str]:
    """Subject blocks of sorted Turtle for the given triples.

    The hot loop of the build at scale: triples are grouped in plain dicts,
    a predicate's key and text are worked out once, and a single object (the
    common case) is not sorted.
    """
    by_subject: dict = {}  # subject -> predicate -> an object, or a list of several
    blank = False
    for s, p, o in triples:
        predicates = by_subject.get(s)
        if predicates is None:
            predicates = by_subject[s] = {}
            if type(s) is BNode:
                blank = True
        objects = predicates.get(p, _NONE)
        if objects is _NONE:
            predicates[p] = o
        elif type(objects) is list:
            objects.append(o)
        else:
            predicates[p] = [objects, o]
        if type(o) is BNode:
            blank = True
    if blank or any(isinstance(s, BNode) for s in by_subject):
        everything = [
            (s, p, o)
            for s, ps in by_subject.items()
            for p, os in ps.items()
            for o in (os if type(os) is list else (os,))
        ]
        terms.blank_labels.update(blank_labels(everything, terms))
        del everything
    text = terms.text
    predicate_info: dict = {}
    object_key = _object_key(terms)

    def subject_key(s) -> tuple:
        return (True, text(s)) if isinstance(s, BNode) else (False, str(s))

    for s in sorted(by_subject, key=subject_key):
        predicates = by_subject.pop(s)
        if len(predicates) > 1:
            for p in predicates:
                if p not in predicate_info:
                    predicate_info[p] = _predicate_info(p, terms)
            ordered = sorted(predicates, key=lambda p: predicate_info[p][0])
        else:
            ordered = list(predicates)
        lines = []
        for p in ordered:
            info = predicate_info.get(p)
            if info is None:
                info = predicate_info[p] = _predicate_info(p, terms)
            objects = predicates[p]
            if type(objects) is not list:
                lines.append(f"{info[1]} {text(objects)}")
            else:
                objects = sorted(set(objects), key=object_key)
                lines.append(f"{info[1]}\n        " + ",\n        ".join(map(text, objects)))
        yield f"{text(s)} " + " ;\n    ".join(lines) + " .\n\n"


def _predicate_info(p, terms: Terms) -> tuple[tuple, str]:
    """A predicate's sort key (rdf:type first, then IRI order) and its text."""
    is_type = p == RDF_TYPE
    return (not is_type, str(p)), "a" if is_type else terms.text(p)


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


def turtle_chunks(
    triples: Iterable[tuple], namespaces: Iterable = (), terms: Terms | None = None
) -> Iterator[str]:
    """Sorted Turtle, as chunks of text (prefixes first).

    `terms`, if given, already declares every prefix the triples use (the
    build declares the union once for both of its files)."""
    triples = triples if isinstance(triples, list) else list(triples)
    if terms is None:
        terms = Terms(namespaces)
        terms.declare(triples)
    yield terms.header() + ("\n" if terms.used else "")
    yield from _chunks(_body(triples, terms))


def declared(triples: Iterable[tuple]) -> Terms:
    """Terms that know every prefix the triples use, for `terms=` of both writers."""
    terms = Terms()
    terms.declare(triples)
    return terms


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


def trig_chunks(
    data, graph_names: Iterable | None = None, terms: Terms | None = None
) -> Iterator[str]:
    """TriG, graphs sorted by IRI (default graph first), as chunks of text.

    A first pass over the IRIs finds the prefixes for the header (unless
    `terms` already declares them: see `declared`); each graph's triples
    are dropped as soon as its body is written, and a body is streamed, never
    held whole.
    """
    wanted = None if graph_names is None else {str(n) for n in graph_names}
    graphs = [
        (name, triples)
        for name, triples in named_graphs(data)
        if triples and (wanted is None or str(name) in wanted)
    ]
    graphs.sort(key=lambda item: "" if item[0] is None else str(item[0]))
    namespaces = _namespaces_of(data)
    del data  # the graphs' triples are in `graphs` now: the source can go
    if terms is None:
        terms = Terms(namespaces)
        for _, triples in graphs:
            terms.declare(triples)
    else:  # the same prefixes and IRI texts, but blank-node labels of its own
        shared = terms
        terms = Terms()
        terms.used, terms._iris = dict(shared.used), shared._iris
    yield terms.header()

    def blocks() -> Iterator[str]:
        for number, (name, triples) in enumerate(graphs):
            graphs[number] = (name, [])  # let the triples go once written
            if name is None:
                yield "\n"
                yield from _body(triples, terms)
                continue
            label = terms.text(name) if isinstance(name, BNode) else f"<{_escape_iri(name)}>"
            yield f"\n{label} {{\n"
            last = None
            for block in _body(triples, terms):
                if last is not None:
                    yield last
                last = block
            yield f"{last.rstrip()}\n}}\n"

    yield from _chunks(blocks())


_PREFIX_LINE = re.compile(r"@prefix ([A-Za-z][\w.-]*|): <([^<>\s]*)> \.\n")
_GRAPH_START = re.compile(r"^<([^<>\s]*)> \{\n", re.M)


def replace_graph_chunks(trig_path: Path, name: URIRef, triples: Iterable[tuple]):
    """A TriG file this module wrote, with the named graph `name` replaced by
    `triples` (added when absent; left out when empty), as chunks of text; None
    when the file is not laid out the way this module writes TriG.

    Every other graph is copied as it is (graphs are independent blocks in
    IRI order, and escaped literals never hold a line break), so the bytes
    are those `trig()` gives for the whole dataset, at the cost of one graph.
    The prefix header is the one `trig()` would write: those the other
    graphs use plus those the new graph uses.
    """
    text = trig_path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    at = 0
    while match := _PREFIX_LINE.match(text, at):
        header[match.group(1)] = match.group(2)
        at = match.end()
    blocks: list[tuple[str | None, str]] = []  # (graph IRI, its text from "\n<iri> {")
    starts = [(m.start() - 1, m.group(1)) for m in _GRAPH_START.finditer(text, at)]
    if starts and (starts[0][0] < at or text[starts[0][0]] != "\n"):
        return None
    first = starts[0][0] if starts else len(text)
    if text[at:first].strip():  # a default graph: subject blocks, as _body writes them
        if not text[at:first].endswith(" .\n\n"):
            return None
        blocks.append((None, text[at:first]))
    for number, (start, iri) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(text)
        body = text[start:end]
        if not body.endswith("\n}\n"):
            return None
        blocks.append((iri, body))
    others = [(iri, body) for iri, body in blocks if iri != str(name)]
    had_graph = len(others) < len(blocks)
    triples = list(triples)
    terms = Terms()
    terms.declare(triples)
    if triples:
        inner = "".join(_body(triples, terms))
        blocks = [*others, (str(name), f"\n<{_escape_iri(str(name))}> {{\n{inner.rstrip()}\n}}\n")]
        blocks.sort(key=lambda block: block[0] or "")
    else:
        blocks = others
    used = dict(terms.used)
    rest = "".join(body for _, body in others)
    for prefix, namespace in header.items():
        # without the old graph, the header lists exactly what the others use;
        # with it, a prefix stays if the others' text still uses it
        if prefix not in used and (
            not had_graph or re.search(rf"(?<![\w:/#.-]){re.escape(prefix)}:", rest)
        ):
            used[prefix] = namespace
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(used.items()))

    def chunks() -> Iterator[str]:
        yield head
        yield from _chunks(body for _, body in blocks)

    return chunks()


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
