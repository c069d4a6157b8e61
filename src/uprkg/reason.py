"""OWL reasoning with HermiT (through owlready2): consistency and inferences.

`reason(dataset)` hands the ontology plus the asserted graph to HermiT,
asks it for class memberships and property values, and returns the new
triples as one graph, meant for the named graph
https://w3id.org/uprkg/graph/inferred so nobody mistakes them for asserted
ones. What is materialised:

- class membership: a statement whose stance is a condemnation is a
  uprkg:Condemnation, hence a uprkg:Criticism and a uprkg:Statement ... (all
  named superclasses);
- derived actor-to-actor relations: uprkg:criticised, accused, rejected,
  urged, supported (from statements, for the speaker and for the principal
  it spoke for, through documents and decisions to their responsible
  actors), sanctioned (from sanction events), and uprkg:targetActor;
- inverse properties (criticisedBy, speakerOf, targetOf, hasMembership, ...).

owlready2 reports only the facts it cannot rebuild itself; it leaves out
inverses of asserted facts and superclasses of inferred types. Both follow
from the ontology's owl:inverseOf and rdfs:subClassOf axioms, and are added
here from those axioms. The helper properties used for the property chains
(uprkg:isCriticism ...) are not materialised.

An inconsistent graph raises CheckFailed with an explanation in plain
words: which individuals, and which axioms (disjoint classes, domains and
ranges, functional properties) clash.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import OWL, RDF, RDFS, BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection

from uprkg import paths
from uprkg.errors import CheckFailed, InputError, Problem
from uprkg.namespaces import (
    GRAPH_INFERRED,
    GRAPH_ONTOLOGY,
    PROV,
    UPRKG,
    bind_prefixes,
)

HELPERS = frozenset(
    UPRKG[name]
    for name in (
        "isActor",
        "isCriticism",
        "isAccusation",
        "isRejection",
        "isAppeal",
        "isSupportive",
        "isSanction",
    )
)
# Only facts about individuals are materialised; class-level subsumptions
# HermiT finds (Condemnation is a kind of Criticism) are used for the type
# closure but not written.
TBOX = frozenset({RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty})


@dataclass
class Reasoning:
    """What the reasoner added, and how long HermiT took."""

    inferred: Graph
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)
    cached: bool = False  # HermiT's result came from the cache (input unchanged)
    hermit: bool = True  # False: derived by rules only, no consistency proof
    rule_triples: int = 0  # edges the derivation rules gave (over every graph)


GRAPH_PREFIX = "https://w3id.org/uprkg/graph/"
DISCOURSE = ("source/", "registry", "ontology")


def is_discourse(name) -> bool:
    """Hand-annotated graphs (sources, registry, ontology terms, or a file's own
    graphs) go to HermiT; imported graphs (graph/record/... and the like) do not."""
    text = str(name)
    if not text.startswith(GRAPH_PREFIX):
        return True
    return text[len(GRAPH_PREFIX) :].startswith(DISCOURSE)


def discourse_graph(dataset) -> Graph:
    """The union of the hand-annotated graphs: what HermiT reasons over."""
    graph = Graph()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        if name != GRAPH_INFERRED and is_discourse(name):
            graph.add((s, p, o))
    return graph


def cache_key(ontology_text: str, data: Graph) -> str:
    """A content hash of what HermiT's answer depends on."""
    import hashlib

    import owlready2

    from uprkg.serialize import nt

    digest = hashlib.sha256()
    for part in (
        ontology_text,
        owlready2.VERSION,
        Path(__file__).with_name("_hermit.py").read_text(),
    ):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    for line in sorted(f"{nt(s)} {nt(p)} {nt(o)} ." for s, p, o in data):
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def cached_hermit(ontology: Graph, ontology_text: str, data: Graph, cache_dir: Path | None):
    """HermiT's facts, from the cache when the same input was reasoned over before."""
    import json

    if cache_dir is None:
        facts, seconds = run_hermit(ontology, data)
        return facts, seconds, False
    key = cache_key(ontology_text, data)
    facts_file, meta_file = cache_dir / f"hermit-{key}.nt", cache_dir / f"hermit-{key}.json"
    if facts_file.is_file() and meta_file.is_file():
        try:
            seconds = float(json.loads(meta_file.read_text(encoding="utf-8"))["seconds"])
            return Graph().parse(facts_file, format="nt"), seconds, True
        except (ValueError, KeyError, OSError, SyntaxError):
            pass  # a damaged cache entry: reason again
    facts, seconds = run_hermit(ontology, data)
    import contextlib

    from uprkg.serialize import write_all

    with contextlib.suppress(InputError):  # an unwritable cache only costs time
        write_all(
            {
                facts_file: "".join(sorted(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in facts)),
                meta_file: json.dumps({"seconds": seconds}) + "\n",
            }
        )
    return facts, seconds, False


def java_command() -> str:
    """The Java executable owlready2 will run; an InputError if there is none."""
    import owlready2

    found = shutil.which(owlready2.JAVA_EXE)
    if not found:
        raise InputError(
            "Java was not found: the OWL reasoner (HermiT, run by owlready2) needs a Java "
            "runtime. Install one (Debian: apt-get install default-jre-headless; or run "
            "`make run`, which installs it)."
        )
    return found


def run_hermit(ontology: Graph, data: Graph) -> tuple[Graph, float]:
    """HermiT's new facts for ontology + data, from a fresh process (see _hermit)."""
    from uprkg import _hermit

    java_command()
    with tempfile.TemporaryDirectory(prefix="uprkg-reason-") as tmp:
        source, target = Path(tmp) / "input.nt", Path(tmp) / "inferred.nt"
        combined = Graph()
        for graph in (ontology, data):
            for triple in graph:
                combined.add(triple)
        combined.serialize(source, format="nt", encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "uprkg._hermit", str(source), str(target)],
            capture_output=True,
            text=True,
        )
        if proc.returncode == _hermit.INCONSISTENT:
            raise Inconsistent()
        if proc.returncode != 0:
            raise CheckFailed(f"the reasoner failed: {proc.stderr.strip()[-1000:]}")
        facts = Graph()
        facts.parse(target, format="nt")
    return facts, float(proc.stdout.strip() or 0)


class Inconsistent(Exception):
    """HermiT found the ontology plus data inconsistent."""


def complete(facts: Graph, ontology: Graph, data: Graph) -> Graph:
    """Add the superclass closure of every type and every inverse property value."""
    supers = _superclasses(ontology, facts)
    inverses = _inverse_pairs(ontology)
    inferred = Graph()
    for s, p, o in facts:
        if p in HELPERS or p in TBOX or o in (OWL.Thing, OWL.Ontology):
            continue
        inferred.add((s, p, o))
    known = data + inferred
    for s, cls in list(known.subject_objects(RDF.type)):
        for parent in supers.get(cls, ()):
            inferred.add((s, RDF.type, parent))
    for s, p, o in list(known):
        if p in inverses and not isinstance(o, Literal):
            inferred.add((o, inverses[p], s))
    for triple in list(inferred):
        if triple in data:
            inferred.remove(triple)
    return inferred


def _superclasses(ontology: Graph, facts: Graph) -> dict[URIRef, set[URIRef]]:
    """Named superclasses of each named class, from asserted and inferred axioms."""
    direct: dict[URIRef, set[URIRef]] = defaultdict(set)
    for graph in (ontology, facts):
        for sub, sup in graph.subject_objects(RDFS.subClassOf):
            if isinstance(sub, URIRef) and isinstance(sup, URIRef) and sup != OWL.Thing:
                direct[sub].add(sup)
    closure: dict[URIRef, set[URIRef]] = {}

    def walk(cls: URIRef) -> set[URIRef]:
        if cls not in closure:
            closure[cls] = set()
            for parent in direct.get(cls, ()):
                closure[cls] |= {parent} | walk(parent)
        return closure[cls]

    for cls in list(direct):
        walk(cls)
    return closure


def _inverse_pairs(ontology: Graph) -> dict[URIRef, URIRef]:
    pairs = {}
    for p, q in ontology.subject_objects(OWL.inverseOf):
        if isinstance(p, URIRef) and isinstance(q, URIRef):
            pairs[p], pairs[q] = q, p
    return pairs


def describe(inferred: Graph, sources: list[URIRef], hermit: bool = True) -> None:
    """Say, inside the inferred graph, where its triples come from."""
    node = GRAPH_INFERRED
    if hermit:
        import owlready2

        comment = (
            "Triples inferred by the HermiT reasoner (run by owlready2 "
            f"{owlready2.VERSION}) from the uprkg ontology and the asserted named graphs; "
            "none of them is asserted by a source."
        )
    else:
        comment = (
            "Triples derived by uprkg's rules from the property chains of the uprkg "
            "ontology over the asserted named graphs (the HermiT reasoner was not run); "
            "none of them is asserted by a source."
        )
    inferred.add((node, RDF.type, PROV.Entity))
    inferred.add((node, RDFS.comment, Literal(comment, lang="en")))
    inferred.add((node, PROV.wasDerivedFrom, URIRef("https://w3id.org/uprkg/ontology/1.0.0")))
    for source in sources:
        inferred.add((node, PROV.wasDerivedFrom, source))


def reason(
    dataset: Dataset,
    ontology_path: Path | None = None,
    cache_dir: Path | None = None,
    hermit: bool = True,
) -> Reasoning:
    """Check consistency and return the inferred triples (see module docstring).

    HermiT gets the ontology plus the hand-annotated graphs (its answer is
    cached in `cache_dir` under a hash of that input); the derivation rules
    (uprkg.rules) run over every asserted graph, imported ones included.
    With `hermit=False` only the rules run: no consistency proof.
    """
    from uprkg import rules

    ontology_text = Path(ontology_path or paths.ontology_file()).read_text(encoding="utf-8")
    ontology = Graph().parse(data=ontology_text, format="turtle")
    data = discourse_graph(dataset)
    drop_imports(ontology, data)
    seconds, cached = 0.0, False
    inferred = Graph()
    if hermit:
        try:
            facts, seconds, cached = cached_hermit(ontology, ontology_text, data, cache_dir)
        except Inconsistent:
            raise CheckFailed(explain(ontology, data)) from None
        inferred = complete(facts, ontology, data)
    store = rules.load_store(_asserted_quads(dataset))
    derived = rules.derive(store, rules.rules(ontology_text))
    del store
    for triple in derived:
        inferred.add(triple)
    names = sorted(
        getattr(g, "identifier", g)
        for g in dataset.graphs()
        if len(g) and getattr(g, "identifier", g) not in (GRAPH_INFERRED, GRAPH_ONTOLOGY)
    )
    describe(inferred, [n for n in names if isinstance(n, URIRef)], hermit)
    return Reasoning(inferred, seconds, _counts(inferred), cached, hermit, len(derived))


def _counts(inferred: Graph) -> dict[str, int]:
    bind_prefixes(inferred)
    counts: dict[str, int] = defaultdict(int)
    for _, p, _ in inferred:
        counts[inferred.namespace_manager.normalizeUri(p)] += 1
    return dict(sorted(counts.items()))


def derive_in_store(store, graph_names: list[str]) -> Reasoning:
    """The derivation rules alone, run inside an Oxigraph store whose default
    graph is the union of the asserted graphs (the build's store): no HermiT,
    so no consistency proof, and no data copied into Python but the result.

    `graph_names` are the store's named graphs (the asserted sources the
    inferred graph says it was derived from).
    """
    import time

    from uprkg import rules

    started = time.perf_counter()
    derived = rules.derive(store, union=False)
    inferred = Graph()
    for triple in derived:
        inferred.add(triple)
    names = [URIRef(n) for n in sorted(graph_names)]
    sources = [n for n in names if n not in (GRAPH_INFERRED, GRAPH_ONTOLOGY)]
    describe(inferred, sources, hermit=False)
    seconds = time.perf_counter() - started
    return Reasoning(inferred, seconds, _counts(inferred), False, False, len(derived))


def run_hermit_facts(dataset, cache_dir: Path | None = None) -> set[tuple]:
    """The derived edges (chain properties and inverses) HermiT alone infers: for tests."""
    from uprkg import rules

    ontology_text = paths.ontology_file().read_text(encoding="utf-8")
    ontology = Graph().parse(data=ontology_text, format="turtle")
    data = discourse_graph(dataset)
    drop_imports(ontology, data)
    facts, _, _ = cached_hermit(ontology, ontology_text, data, cache_dir)
    wanted = rules.derived_properties(rules.rules(ontology_text))
    return {t for t in complete(facts, ontology, data) if t[1] in wanted}


def _asserted_quads(dataset) -> Graph:
    """Every graph but earlier inferences, imported records included: what the
    rules run over."""
    graph = Graph()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        if getattr(g, "identifier", g) != GRAPH_INFERRED:
            graph.add((s, p, o))
    return graph


def drop_imports(*graphs: Graph) -> list[URIRef]:
    """Remove owl:imports before HermiT sees the graphs: owlready2 would fetch each
    imported ontology from the web. Says so on stderr, naming what it left out."""
    dropped = set()
    for graph in graphs:
        for triple in list(graph.triples((None, OWL.imports, None))):
            graph.remove(triple)
            dropped.add(triple[2])
    for iri in sorted(dropped, key=str):
        print(
            f"uprkg: note: owl:imports <{str(iri)[:200]}> ignored: the reasoner uses the uprkg "
            "ontology and the graph's own triples, and fetches nothing; merge what you need "
            "into the file instead",
            file=sys.stderr,
        )
    return sorted(dropped, key=str)


# -- explaining an inconsistency ---------------------------------------------------


def explain(ontology: Graph, data: Graph) -> list[Problem]:
    """Plain-words reasons why ontology + data are inconsistent.

    Looks for the clashes this ontology can produce: an individual in two
    disjoint classes (asserted, or implied by the domain or range of a
    property it is used with) and a functional property with two values
    declared different. Falls back to a short message when none is found.
    """
    names = Graph()
    bind_prefixes(names)
    short = names.namespace_manager.normalizeUri
    types = _typed_with_reasons(ontology, data, short)
    problems = _disjointness_clashes(ontology, types, short)
    problems += _functional_clashes(ontology, data, short)
    if not problems:
        problems.append(
            Problem(
                "the reasoner (HermiT) found the graph inconsistent, but no disjoint-class or "
                "functional-property clash explains it; inspect the individuals' types and the "
                "ontology's axioms"
            )
        )
    return problems


def _typed_with_reasons(ontology: Graph, data: Graph, short) -> dict:
    """individual -> {class: why}, closed under rdfs:subClassOf."""
    supers = _superclasses(ontology, Graph())
    domains = {p: c for p, c in ontology.subject_objects(RDFS.domain) if isinstance(c, URIRef)}
    ranges = {p: c for p, c in ontology.subject_objects(RDFS.range) if isinstance(c, URIRef)}
    typed: dict = defaultdict(dict)

    def add(node, cls, why):
        typed[node].setdefault(cls, why)
        for parent in supers.get(cls, ()):
            typed[node].setdefault(parent, f"{why}, and {short(cls)} is a kind of {short(parent)}")

    for s, p, o in data:
        if isinstance(s, BNode):
            continue
        if p == RDF.type and isinstance(o, URIRef):
            add(s, o, f"it is typed {short(o)}")
        if p in domains:
            add(
                s,
                domains[p],
                f"it is the subject of {short(p)}, whose domain is {short(domains[p])}",
            )
        if p in ranges and isinstance(o, URIRef):
            add(o, ranges[p], f"it is the value of {short(p)}, whose range is {short(ranges[p])}")
    return typed


def _disjoint_groups(ontology: Graph) -> list[tuple[list[URIRef], str]]:
    groups = []
    for node in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(ontology, ontology.value(node, OWL.members)))
        groups.append((members, "owl:AllDisjointClasses"))
    for a, b in ontology.subject_objects(OWL.disjointWith):
        groups.append(([a, b], "owl:disjointWith"))
    return groups


def _disjointness_clashes(ontology: Graph, typed: dict, short) -> list[Problem]:
    problems = []
    groups = _disjoint_groups(ontology)
    for individual in sorted(typed, key=str):
        classes = typed[individual]
        for members, axiom in groups:
            present = [m for m in members if m in classes]
            if len(present) < 2:
                continue
            a, b = present[0], present[1]
            listing = ", ".join(short(m) for m in members)
            problems.append(
                Problem(
                    f"inconsistent: {short(individual)} cannot be both {short(a)} and "
                    f"{short(b)}: {classes[a]}; {classes[b]}; but the ontology declares "
                    f"{axiom}({listing})"
                )
            )
    return problems


def _functional_clashes(ontology: Graph, data: Graph, short) -> list[Problem]:
    different = set()
    for node in ontology.subjects(RDF.type, OWL.AllDifferent):
        members = list(Collection(ontology, ontology.value(node, OWL.distinctMembers)))
        different |= {(a, b) for a in members for b in members if a != b}
    problems = []
    for prop in sorted(ontology.subjects(RDF.type, OWL.FunctionalProperty), key=str):
        values: dict = defaultdict(set)
        for s, o in data.subject_objects(prop):
            values[s].add(o)
        for subject in sorted(values, key=str):
            found = sorted(values[subject], key=str)
            clash = [(a, b) for a in found for b in found if (a, b) in different]
            literal_clash = len([v for v in found if isinstance(v, Literal)]) > 1
            if clash or literal_clash:
                shown = ", ".join(
                    short(v) if isinstance(v, URIRef) else repr(str(v)) for v in found
                )
                problems.append(
                    Problem(
                        f"inconsistent: {short(subject)} has {len(found)} different values for "
                        f"{short(prop)} ({shown}), but the ontology declares {short(prop)} "
                        "owl:FunctionalProperty (one value at most)"
                    )
                )
    return problems
