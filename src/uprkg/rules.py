"""Derived actor-to-actor edges by rules, at store speed, generated from the ontology.

HermiT proves the hand-annotated discourse consistent, but it does not
scale to imported records (hundreds of thousands of triples). The edges it
derives (uprkg:criticised, accused, rejected, urged, supported, sanctioned,
targetActor and their inverses) come from the ontology's
owl:propertyChainAxiom declarations; this module turns each chain into a
SPARQL CONSTRUCT query and runs it on Oxigraph (pyoxigraph):

- a chain step p is `?a p ?b`, or `?b q ?a` where q is declared owl:inverseOf
  p, or a sub-property of p;
- a "rolification" helper step (uprkg:isCriticism, declared by a class C
  rdfs:subClassOf [owl:onProperty uprkg:isCriticism; owl:hasSelf true])
  keeps the node and requires it to be a C: typed C or a subclass, in the
  domain or range of a property whose domain or range is C or a subclass,
  or meeting C's owl:equivalentClass definition (an intersection of named
  classes and owl:hasValue / owl:someValuesFrom owl:oneOf restrictions);
- a step that is itself defined by chains (uprkg:targetActor) is replaced by
  the union of its chains.

A test checks that on the bundled corpus the rules give exactly the edges
HermiT infers. `uprkg reason --show-rules` prints the generated queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from rdflib import OWL, RDFS, BNode, Graph, URIRef
from rdflib.collection import Collection


@dataclass(frozen=True)
class Rule:
    """One CONSTRUCT query deriving `prop` (and its inverse) from one property chain."""

    prop: URIRef
    inverse: URIRef | None
    chain: tuple[URIRef, ...]
    query: str


class Ontology:
    """The parts of the ontology the rules are generated from."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.chains: dict[URIRef, list[tuple[URIRef, ...]]] = defaultdict(list)
        for prop, chain in graph.subject_objects(OWL.propertyChainAxiom):
            self.chains[prop].append(tuple(Collection(graph, chain)))
        self.inverse: dict[URIRef, URIRef] = {}
        for p, q in graph.subject_objects(OWL.inverseOf):
            if isinstance(p, URIRef) and isinstance(q, URIRef):
                self.inverse[p], self.inverse[q] = q, p
        self.sub_properties: dict[URIRef, set[URIRef]] = defaultdict(set)
        for sub, sup in graph.subject_objects(RDFS.subPropertyOf):
            self.sub_properties[sup].add(sub)
        self.self_classes: dict[URIRef, set[URIRef]] = defaultdict(set)
        for cls, restriction in graph.subject_objects(RDFS.subClassOf):
            helper = graph.value(restriction, OWL.onProperty)
            if helper is not None and (restriction, OWL.hasSelf, None) in graph:
                self.self_classes[helper].add(cls)
        self.named_parents: dict[URIRef, set[URIRef]] = defaultdict(set)
        for sub, sup in graph.subject_objects(RDFS.subClassOf):
            if isinstance(sub, URIRef) and isinstance(sup, URIRef):
                self.named_parents[sub].add(sup)
        for cls, definition in graph.subject_objects(OWL.equivalentClass):
            for part in self.intersection(definition):
                if isinstance(part, URIRef):
                    self.named_parents[cls].add(part)

    def intersection(self, definition) -> list:
        members = self.graph.value(definition, OWL.intersectionOf)
        return list(Collection(self.graph, members)) if members is not None else []

    def subclasses(self, cls: URIRef) -> set[URIRef]:
        """cls and every named class below it (declared, or by definition)."""
        found = {cls}
        changed = True
        while changed:
            changed = False
            for sub, parents in self.named_parents.items():
                if sub not in found and parents & found:
                    found.add(sub)
                    changed = True
        return found

    def properties(self, prop: URIRef) -> set[URIRef]:
        """prop and its sub-properties, transitively."""
        found, todo = set(), [prop]
        while todo:
            p = todo.pop()
            if p not in found:
                found.add(p)
                todo.extend(self.sub_properties.get(p, ()))
        return found


class Generator:
    def __init__(self, ontology: Ontology) -> None:
        self.o = ontology
        self.counter = 0

    def fresh(self) -> str:
        self.counter += 1
        return f"?v{self.counter}"

    def step(self, a: str, prop: URIRef, b: str, depth: int = 0) -> tuple[str, str]:
        """A graph pattern for `a prop b`; returns (pattern, the variable b ends in)."""
        o = self.o
        if prop in o.self_classes:
            return self.member(a, o.self_classes[prop], depth), a
        if prop in o.chains and depth < 4:
            branches = [self.chain(a, chain, b, depth + 1) for chain in o.chains[prop]]
            return _union(branches), b
        alternatives = []
        for p in sorted(o.properties(prop)):
            alternatives.append(f"{a} <{p}> {b} .")
            if p in o.inverse:
                alternatives.append(f"{b} <{o.inverse[p]}> {a} .")
        return _union(alternatives), b

    def chain(self, start: str, chain: tuple, end: str, depth: int = 0) -> str:
        parts, current = [], start
        for number, prop in enumerate(chain):
            target = end if number == len(chain) - 1 else self.fresh()
            pattern, reached = self.step(current, prop, target, depth)
            parts.append(pattern)
            if reached != target and number == len(chain) - 1:
                parts.append(f"BIND ({reached} AS {end})")
            current = reached if reached != target else target
        return "\n".join(parts)

    def member(self, x: str, classes: set[URIRef], depth: int = 0) -> str:
        """A pattern true when x is an instance of one of the classes (see module docstring)."""
        o, g = self.o, self.o.graph
        named = set().union(*(o.subclasses(c) for c in classes))
        branches = [f"{x} a ?t{self.counter} . VALUES ?t{self.counter} {{ {_iris(named)} }}"]
        self.counter += 1
        for kind, position in ((RDFS.domain, "subject"), (RDFS.range, "object")):
            for prop, cls in g.subject_objects(kind):
                if cls not in named or not isinstance(prop, URIRef):
                    continue
                for p in sorted(o.properties(prop)):
                    other = self.fresh()
                    if position == "subject":
                        branches.append(f"{x} <{p}> {other} .")
                        if p in o.inverse:
                            branches.append(f"{other} <{o.inverse[p]}> {x} .")
                    else:
                        branches.append(f"{other} <{p}> {x} . FILTER (!isLiteral({x}))")
                        if p in o.inverse:
                            branches.append(f"{x} <{o.inverse[p]}> {other} .")
        if depth < 3:
            for cls in sorted(named):
                for definition in g.objects(cls, OWL.equivalentClass):
                    pattern = self.definition(x, definition, depth + 1)
                    if pattern:
                        branches.append(pattern)
        # the members, each once (the union has one row per supporting triple),
        # computed once per query and joined: a FILTER EXISTS would run the
        # whole union again for every row (34 s instead of 5 at 1M triples)
        body = _union(sorted(set(branches), key=branches.index))
        return f"{{ SELECT DISTINCT {x} WHERE {{\n{body}\n}} }}"

    def definition(self, x: str, definition, depth: int) -> str | None:
        g = self.o.graph
        members = self.o.intersection(definition)
        # a named part already implied by a restricted property's domain adds nothing
        domains = {
            d
            for part in members
            if not isinstance(part, URIRef)
            for d in g.objects(g.value(part, OWL.onProperty), RDFS.domain)
        }
        parts = []
        for part in members:
            if isinstance(part, URIRef):
                if not domains & self.o.subclasses(part):
                    parts.append(self.member(x, {part}, depth))
                continue
            prop = g.value(part, OWL.onProperty)
            value = g.value(part, OWL.hasValue)
            some = g.value(part, OWL.someValuesFrom)
            if prop is None:
                return None
            if value is not None:
                parts.append(_union([f"{x} <{p}> <{value}> ." for p in self.o.properties(prop)]))
            elif some is not None and g.value(some, OWL.oneOf) is not None:
                allowed = list(Collection(g, g.value(some, OWL.oneOf)))
                v = self.fresh()
                branches = [f"{x} <{p}> {v} ." for p in sorted(self.o.properties(prop))]
                parts.append(f"{_union(branches)}\nVALUES {v} {{ {_iris(allowed)} }}")
            else:
                return None  # a definition the rules do not cover
        return "\n".join(parts) if parts else None


def _iris(terms) -> str:
    return " ".join(f"<{t}>" for t in sorted(terms, key=str) if not isinstance(t, BNode))


def _union(patterns: list[str]) -> str:
    if len(patterns) == 1:
        return patterns[0]
    return "\nUNION\n".join(f"{{ {p} }}" for p in patterns)


@cache
def _rules_for(ontology_text: str) -> tuple[Rule, ...]:
    graph = Graph().parse(data=ontology_text, format="turtle")
    o = Ontology(graph)
    rules = []
    for prop in sorted(o.chains):
        inverse = o.inverse.get(prop)
        for chain in sorted(o.chains[prop]):
            body = Generator(o).chain("?a", chain, "?b")
            head = f"?a <{prop}> ?b ." + (f" ?b <{inverse}> ?a ." if inverse else "")
            query = f"CONSTRUCT {{ {head} }}\nWHERE {{\n{body}\nFILTER (!isLiteral(?b))\n}}"
            rules.append(Rule(prop, inverse, chain, query))
    return tuple(rules)


def rules(ontology_text: str | None = None) -> tuple[Rule, ...]:
    """The derivation rules generated from the ontology (ontology/uprkg.ttl by default)."""
    if ontology_text is None:
        from uprkg import paths

        ontology_text = paths.ontology_file().read_text(encoding="utf-8")
    return _rules_for(ontology_text)


def derived_properties(all_rules: tuple[Rule, ...]) -> set[URIRef]:
    found = {r.prop for r in all_rules}
    return found | {r.inverse for r in all_rules if r.inverse is not None}


def load_store(quads):
    """An in-memory Oxigraph store with the triples of a QuadStore, Dataset or Graph."""
    import pyoxigraph as ox

    from uprkg.serialize import cached_nt
    from uprkg.validate import data_triples

    text = cached_nt()
    store = ox.Store()
    chunk: list[str] = []
    for s, p, o in data_triples(quads):
        chunk.append(f"{text(s)} {text(p)} {text(o)} .\n")
        if len(chunk) >= 200_000:
            store.bulk_load(input="".join(chunk).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
            chunk = []
    if chunk:
        store.bulk_load(input="".join(chunk).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def derive(store, all_rules: tuple[Rule, ...] | None = None, union: bool = True) -> set[tuple]:
    """Run every rule on an Oxigraph store; the derived triples.

    With `union` the rules see the union of the store's graphs (a store
    loaded for the purpose); without, its default graph only (the build's
    store, whose default graph is the union of the asserted graphs).
    """
    from uprkg.progress import progress
    from uprkg.shacl import to_rdflib

    derived: set[tuple] = set()
    options = {"use_default_graph_as_union": True} if union else {}
    for rule in progress(all_rules or rules(), desc="derivation rules", unit="rule"):
        for triple in store.query(rule.query, **options):
            derived.add(
                (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object))
            )
    return derived
