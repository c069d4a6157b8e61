"""A SHACL engine that grows linearly: uprkg's shapes, evaluated in one pass each.

pySHACL checks every Core constraint node by node through rdflib and runs a
SPARQL constraint's query once per focus node (about 1 ms each in rdflib),
so validating grew to minutes at a hundred thousand triples. This engine
gives the same report (tests compare it with pySHACL result by result on the
bundled corpus and on every broken fixture) in a different way:

- the data (with the ontology and the rdf:type closure) is indexed once,
  predicate -> subject -> objects;
- SHACL Core components are evaluated over that index in Python, shape by
  shape, with pySHACL's reading of each component (which results carry a
  value, how datatypes, patterns and languages are matched);
- SHACL-SPARQL constraints run once per constraint, not once per focus node,
  on Oxigraph (pyoxigraph): `$this` becomes a variable joined with the
  shape's focus nodes in every group that is evaluated on its own, which is
  what pre-binding means for these queries; only the triples whose
  predicates the queries mention are loaded.

Only what uprkg's shapes (and shapes like them) use is implemented: the
Core components listed in COMPONENTS, IRI, sequence, alternative, inverse
and repetition paths, the four kinds of targets, and SPARQL SELECT
constraints on node shapes. Anything else raises Unsupported, and
`uprkg.validate` then falls back to pySHACL, the reference engine.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

SH = Namespace("http://www.w3.org/ns/shacl#")
RDF_LANGSTRING = RDF.langString


class K:
    """SHACL terms as plain class attributes (rdflib's Namespace builds a new URIRef per access)."""

    and_ = SH["and"]
    class_ = SH["class"]
    datatype = SH.datatype
    equals = SH.equals
    hasValue = SH.hasValue
    in_ = SH["in"]
    languageIn = SH.languageIn
    maxCount = SH.maxCount
    maxExclusive = SH.maxExclusive
    maxInclusive = SH.maxInclusive
    maxLength = SH.maxLength
    minCount = SH.minCount
    minExclusive = SH.minExclusive
    minInclusive = SH.minInclusive
    minLength = SH.minLength
    node = SH.node
    nodeKind = SH.nodeKind
    not_ = SH["not"]
    or_ = SH["or"]
    pattern = SH.pattern
    qualifiedMaxCount = SH.qualifiedMaxCount
    qualifiedMinCount = SH.qualifiedMinCount
    qualifiedValueShape = SH.qualifiedValueShape
    qualifiedValueShapesDisjoint = SH.qualifiedValueShapesDisjoint
    uniqueLang = SH.uniqueLang


class Unsupported(Exception):
    """The shapes use a SHACL feature this engine does not implement."""


# -- the data -----------------------------------------------------------------------


class Index:
    """predicate -> subject -> set of objects, with lazy inverse look-ups."""

    def __init__(self, triples: Iterable[tuple] = ()) -> None:
        self.by_predicate: dict[Node, dict[Node, set]] = defaultdict(dict)
        self._inverse: dict[Node, dict[Node, set]] = {}
        self._instances: dict[Node, set] | None = None
        for triple in triples:
            self.add(triple)

    def add(self, triple: tuple) -> None:
        s, p, o = triple
        subjects = self.by_predicate[p]
        found = subjects.get(s)
        if found is None:
            subjects[s] = {o}
        else:
            found.add(o)
        self._inverse.pop(p, None)
        self._instances = None

    def objects(self, s: Node, p: Node) -> set:
        subjects = self.by_predicate.get(p)
        if not subjects:
            return set()
        return subjects.get(s) or set()

    def subjects(self, p: Node) -> Iterable[Node]:
        return self.by_predicate.get(p, {}).keys()

    def inverse(self, p: Node) -> dict[Node, set]:
        found = self._inverse.get(p)
        if found is None:
            found = defaultdict(set)
            for s, objects in self.by_predicate.get(p, {}).items():
                for o in objects:
                    found[o].add(s)
            self._inverse[p] = found
        return found

    def instances(self, cls: Node) -> set:
        if self._instances is None:
            self._instances = defaultdict(set)
            for s, classes in self.by_predicate.get(RDF.type, {}).items():
                for c in classes:
                    self._instances[c].add(s)
        return self._instances.get(cls, set())

    def has_type(self, node: Node, cls: Node) -> bool:
        return cls in self.objects(node, RDF.type)

    def triples(self) -> Iterable[tuple]:
        for p, subjects in self.by_predicate.items():
            for s, objects in subjects.items():
                for o in objects:
                    yield s, p, o

    def __len__(self) -> int:
        return sum(len(o) for subjects in self.by_predicate.values() for o in subjects.values())

    def close_types(self) -> None:
        """Add every named superclass (rdfs:subClassOf, transitively) of every rdf:type."""
        parents: dict[Node, set] = self.by_predicate.get(RDFS.subClassOf, {})
        ancestors: dict[Node, set] = {}

        def up(cls: Node) -> set:
            if cls in ancestors:
                return ancestors[cls]
            found: set = set()
            todo = list(parents.get(cls, ()))
            while todo:
                c = todo.pop()
                if c in found or c == cls:
                    continue
                found.add(c)
                todo.extend(parents.get(c, ()))
            ancestors[cls] = {c for c in found if isinstance(c, URIRef)}
            return ancestors[cls]

        for classes in self.by_predicate.get(RDF.type, {}).values():
            for cls in list(classes):
                classes |= up(cls)
        self._instances = None


# -- the shapes ---------------------------------------------------------------------


@dataclass
class Sparql:
    node: Node
    select: str
    messages: list[Literal]
    prefixes: dict[str, str]


@dataclass
class Shape:
    node: Node
    path: Node | None
    severity: str
    messages: list[Literal]
    params: dict[Node, list]  # constraint parameter -> values
    properties: list[Shape] = field(default_factory=list)
    sparql: list[Sparql] = field(default_factory=list)
    targets: dict[Node, list] = field(default_factory=dict)

    @property
    def is_property(self) -> bool:
        return self.path is not None


TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
COMPONENTS = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent,
    SH.equals: SH.EqualsConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH["and"]: SH.AndConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH.qualifiedMinCount: SH.QualifiedMinCountConstraintComponent,
    SH.qualifiedMaxCount: SH.QualifiedMaxCountConstraintComponent,
}
IGNORED = {
    RDF.type,
    RDFS.label,
    RDFS.comment,
    SH.message,
    SH.severity,
    SH.path,
    SH.property,
    SH.sparql,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.qualifiedValueShape,
    SH.qualifiedValueShapesDisjoint,
    SH.flags,
    SH.deactivated,
    SH.declare,
    *TARGETS,
}


class Shapes:
    """The shapes graph, read once into Shape objects."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._shapes: dict[Node, Shape] = {}
        self._lists: dict[Node, list] = {}
        self._sets: dict[Node, frozenset] = {}
        self._regexes: dict[tuple, re.Pattern] = {}
        self._queries: tuple | None = None
        nodes = set(graph.subjects(RDF.type, SH.NodeShape))
        nodes |= set(graph.subjects(RDF.type, SH.PropertyShape))
        for target in TARGETS:
            nodes |= set(graph.subjects(target, None))
        self.targeted = [self.shape(n) for n in sorted(nodes, key=str) if self.shape(n).targets]

    def shape(self, node: Node) -> Shape:
        found = self._shapes.get(node)
        if found is not None:
            return found
        g = self.graph
        if (node, SH.deactivated, Literal(True)) in g:
            raise Unsupported(f"deactivated shape {node}")
        if (node, RDF.type, RDFS.Class) in g:
            raise Unsupported(f"implicit class target on {node}")
        severity = g.value(node, SH.severity) or SH.Violation
        params: dict[Node, list] = defaultdict(list)
        for p, o in g.predicate_objects(node):
            if p in COMPONENTS:
                params[p].append(o)
            elif p not in IGNORED and str(p).startswith(str(SH)):
                raise Unsupported(f"{p} on {node}")
        found = Shape(
            node=node,
            path=g.value(node, SH.path),
            severity=str(severity).removeprefix(str(SH)),
            messages=list(g.objects(node, SH.message)),
            params=dict(params),
            targets={t: list(g.objects(node, t)) for t in TARGETS if (node, t, None) in g},
        )
        self._shapes[node] = found
        found.properties = [self.shape(p) for p in g.objects(node, SH.property)]
        for constraint in g.objects(node, SH.sparql):
            found.sparql.append(self.sparql(constraint, found))
        return found

    def sparql(self, node: Node, shape: Shape) -> Sparql:
        g = self.graph
        if shape.is_property:
            raise Unsupported("SPARQL constraints on property shapes")
        if (node, SH.deactivated, Literal(True)) in g:
            raise Unsupported("deactivated SPARQL constraint")
        select = g.value(node, SH.select)
        if select is None:
            raise Unsupported("SPARQL constraint without sh:select")
        prefixes = {}
        for holder in g.objects(node, SH.prefixes):
            for declaration in g.objects(holder, SH.declare):
                prefixes[str(g.value(declaration, SH.prefix))] = str(
                    g.value(declaration, SH.namespace)
                )
        return Sparql(node, str(select), list(g.objects(node, SH.message)), prefixes)

    def list_of(self, node: Node) -> list:
        found = self._lists.get(node)
        if found is None:
            found = self._lists[node] = list(Collection(self.graph, node))
        return found

    def members(self, node: Node) -> frozenset:
        found = self._sets.get(node)
        if found is None:
            found = self._sets[node] = frozenset(self.list_of(node))
        return found

    def regex(self, shape: Shape, pattern: Node) -> re.Pattern:
        found = self._regexes.get((shape.node, pattern))
        if found is None:
            flags = _regex_flags(self.graph.value(shape.node, SH.flags))
            found = self._regexes[(shape.node, pattern)] = re.compile(str(pattern), flags)
        return found

    def queries(self) -> tuple[list, set[URIRef] | None]:
        """The SPARQL constraints as (shape, constraint, query over all focus nodes),
        and the IRIs they mention (None: they need every triple). Parsed once."""
        if self._queries is None:
            constraints = [(shape, c) for shape in self.targeted for c in shape.sparql]
            queries = []
            for shape, constraint in constraints:
                header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in constraint.prefixes.items())
                queries.append((shape, constraint, header + rewrite(constraint.select, shape)))
            wanted = predicates_used((q, c.prefixes) for _, c, q in queries) if queries else set()
            self._queries = (queries, wanted)
        return self._queries


# -- evaluation ---------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """One validation result as the engine finds it."""

    shape: Shape
    focus: Node
    component: Node
    value: Node | None
    message_vars: tuple = ()  # (name, value) pairs for SPARQL messages

    def messages(self) -> list[str]:
        texts = [str(m) for m in self.shape.messages]
        if self.component == SH.SPARQLConstraintComponent:
            texts = [_fill(t, self.message_vars) for t in texts]
        return texts


def _fill(message: str, bindings: tuple) -> str:
    """pySHACL's substitution of {?name} and {$name} in SPARQL messages."""
    for name, value in bindings:
        message = re.sub(f"{{[?$]{name}}}", str(value), message)
    return message


class Engine:
    """Evaluates shapes over an Index.

    Paths and constraints are compiled once per shape into small functions
    (no look-ups in the shapes graph and no comparisons against the list of
    components per focus node), and whether a value conforms to a shape
    (sh:node, sh:or, sh:not, qualified shapes) is remembered: the same
    stances, classes and actors are checked again and again.
    """

    def __init__(self, shapes: Shapes, data: Index) -> None:
        self.shapes = shapes
        self.data = data
        self._paths: dict[Node, object] = {}
        self._compiled: dict[Node, list] = {}
        self._conforming: dict[tuple, bool] = {}

    def close(self) -> None:
        """Drop the compiled functions: they refer back to the engine and its
        index, a reference cycle that would keep the whole index alive until
        the next garbage collection (paused during a build)."""
        self._paths.clear()
        self._compiled.clear()
        self._conforming.clear()

    # paths

    def values(self, focus: Node, path: Node) -> set:
        return self.path_function(path)({focus})

    def walk(self, nodes: set, path: Node) -> set:
        return self.path_function(path)(nodes)

    def path_function(self, path: Node):
        """A function from a set of nodes to the set the path reaches from them."""
        found = self._paths.get(path)
        if found is None:
            found = self._paths[path] = self._compile_path(path)
        return found

    def _compile_path(self, path: Node):
        g = self.shapes.graph
        data = self.data
        if isinstance(path, URIRef):
            subjects = data.by_predicate.get(path, {})
            empty: frozenset = frozenset()

            def forward(nodes: set) -> set:
                if len(nodes) == 1:
                    for n in nodes:
                        return subjects.get(n, empty)
                out: set = set()
                for n in nodes:
                    found = subjects.get(n)
                    if found:
                        out |= found
                return out

            return forward
        inverse = g.value(path, SH.inversePath)
        if inverse is not None:
            if not isinstance(inverse, URIRef):
                raise Unsupported("complex inverse path")
            index = data.inverse(inverse)

            def backward(nodes: set) -> set:
                out: set = set()
                for n in nodes:
                    found = index.get(n)
                    if found:
                        out |= found
                return out

            return backward
        alternatives = g.value(path, SH.alternativePath)
        if alternatives is not None:
            options = [self.path_function(a) for a in self.shapes.list_of(alternatives)]

            def either(nodes: set) -> set:
                out: set = set()
                for option in options:
                    out |= option(nodes)
                return out

            return either
        for repeat, include_start, once in (
            (SH.zeroOrMorePath, True, False),
            (SH.oneOrMorePath, False, False),
            (SH.zeroOrOnePath, True, True),
        ):
            inner = g.value(path, repeat)
            if inner is not None:
                step_function = self.path_function(inner)

                def repeated(nodes: set, start=include_start, once=once, step=step_function):
                    found = set(nodes) if start else set()
                    frontier = set(nodes)
                    while frontier:
                        reached = step(frontier)
                        frontier = reached - found
                        found |= reached
                        if once:
                            break
                    return found

                return repeated
        if (path, RDF.first, None) in g:
            steps = [self.path_function(step) for step in self.shapes.list_of(path)]

            def sequence(nodes: set) -> set:
                for step in steps:
                    nodes = step(nodes)
                return nodes

            return sequence
        raise Unsupported(f"path {path}")

    # targets

    def focus_nodes(self, shape: Shape) -> set:
        found: set = set()
        for cls in shape.targets.get(SH.targetClass, ()):
            found |= self.data.instances(cls)
        for p in shape.targets.get(SH.targetSubjectsOf, ()):
            found |= set(self.data.subjects(p))
        for p in shape.targets.get(SH.targetObjectsOf, ()):
            found |= set(self.data.inverse(p))
        found |= set(shape.targets.get(SH.targetNode, ()))
        return found

    # shapes

    def constraints(self, shape: Shape) -> list:
        """(component, function(focus, values) -> result values) of a shape, compiled once."""
        found = self._compiled.get(shape.node)
        if found is None:
            found = [
                (COMPONENTS[parameter], self.compile(shape, parameter, rule))
                for parameter, rules in shape.params.items()
                for rule in rules
            ]
            self._compiled[shape.node] = found
        return found

    def check(self, shape: Shape, focus_nodes: Iterable[Node], stop: bool = False) -> list[Hit]:
        """The results of a shape on its focus nodes (with `stop`, the first one only)."""
        hits: list[Hit] = []
        constraints = self.constraints(shape)
        path = self.path_function(shape.path) if shape.is_property else None
        properties = shape.properties
        for focus in focus_nodes:
            values = path({focus}) if path is not None else {focus}
            for component, evaluate in constraints:
                for value in evaluate(focus, values):
                    hits.append(Hit(shape, focus, component, value))
                    if stop:
                        return hits
            for prop in properties:
                for value in values:
                    found = self.check(prop, [value], stop)
                    hits.extend(found)
                    if stop and found:
                        return hits
        return hits

    def conforms(self, shape_node: Node, value: Node) -> bool:
        key = (shape_node, value)
        found = self._conforming.get(key)
        if found is None:
            shape = self.shapes.shape(shape_node)
            if shape.sparql:
                raise Unsupported("SPARQL constraints inside logical constraints")
            found = self._conforming[key] = not self.check(shape, [value], stop=True)
        return found

    def component(self, shape: Shape, parameter: Node, rule, focus: Node, values: set) -> list:
        """The value of each result of one constraint (None: a result without sh:value)."""
        return self.compile(shape, parameter, rule)(focus, values)

    def compile(self, shape: Shape, parameter: Node, rule):
        """One constraint as a function (focus, values) -> the value of each result."""
        data = self.data
        conforms = self.conforms
        if parameter == K.minCount:
            least = int(rule)
            return lambda focus, values: [None] if len(values) < least else []
        if parameter == K.maxCount:
            most = int(rule)
            return lambda focus, values: [None] if len(values) > most else []
        if parameter == K.class_:
            types = data.by_predicate.get(RDF.type, {})
            empty: frozenset = frozenset()
            return lambda focus, values: [
                v for v in values if isinstance(v, Literal) or rule not in types.get(v, empty)
            ]
        if parameter == K.datatype:
            known: dict = {}

            def datatype(focus, values):
                wrong = []
                for v in values:
                    ok = known.get(v)
                    if ok is None:
                        ok = known[v] = _has_datatype(v, rule)
                    if not ok:
                        wrong.append(v)
                return wrong

            return datatype
        if parameter == K.nodeKind:
            test = NODE_KINDS[rule]
            return lambda focus, values: [v for v in values if not test(v)]
        if parameter == K.in_:
            allowed = self.shapes.members(rule)
            return lambda focus, values: [v for v in values if v not in allowed]
        if parameter == K.hasValue:
            return lambda focus, values: [] if rule in values else [None]
        if parameter == K.pattern:
            regex = self.shapes.regex(shape, rule)
            return lambda focus, values: [
                v
                for v in values
                if isinstance(v, BNode) or not (regex.match(str(v)) or regex.search(str(v)))
            ]
        if parameter in (K.minLength, K.maxLength):
            limit = int(rule)
            if parameter == K.minLength and limit == 0:
                return lambda focus, values: []
            ok = (lambda n: n >= limit) if parameter == K.minLength else (lambda n: n <= limit)
            return lambda focus, values: [
                v for v in values if isinstance(v, BNode) or not ok(len(str(v)))
            ]
        if parameter in (K.minInclusive, K.maxInclusive, K.minExclusive, K.maxExclusive):
            return lambda focus, values: [v for v in values if not _compare(parameter, v, rule)]
        if parameter == K.languageIn:
            wanted = {str(x).lower() for x in self.shapes.list_of(rule)}
            return lambda focus, values: [v for v in values if not _language_in(v, wanted)]
        if parameter == K.uniqueLang:
            if not rule.toPython():
                return lambda focus, values: []

            def unique_lang(focus, values):
                seen: set = set()
                duplicates: set = set()
                for v in values:
                    if isinstance(v, Literal) and v.language:
                        lang = str(v.language).lower()
                        (duplicates if lang in seen else seen).add(lang)
                return [None] * len(duplicates)

            return unique_lang
        if parameter == K.equals:

            def equals(focus, values):
                other = data.objects(focus, rule)
                return list(values - other) + list(other - values)

            return equals
        if parameter == K.not_:
            return lambda focus, values: [v for v in values if conforms(rule, v)]
        if parameter == K.or_:
            options = self.shapes.list_of(rule)
            return lambda focus, values: [
                v for v in values if not any(conforms(o, v) for o in options)
            ]
        if parameter == K.and_:
            options = self.shapes.list_of(rule)
            return lambda focus, values: [
                v for v in values if not all(conforms(o, v) for o in options)
            ]
        if parameter == K.node:
            return lambda focus, values: [v for v in values if not conforms(rule, v)]
        if parameter in (K.qualifiedMinCount, K.qualifiedMaxCount):
            qualified = self.shapes.graph.value(shape.node, K.qualifiedValueShape)
            if (shape.node, K.qualifiedValueShapesDisjoint, Literal(True)) in self.shapes.graph:
                raise Unsupported("sh:qualifiedValueShapesDisjoint")
            bound = int(rule)
            at_least = parameter == K.qualifiedMinCount

            def qualified_count(focus, values):
                count = sum(1 for v in values if conforms(qualified, v))
                if at_least:
                    return [None] if count < bound else []
                return [None] if count > bound else []

            return qualified_count
        raise Unsupported(str(parameter))


def _has_datatype(value: Node, datatype: Node) -> bool:
    """pySHACL's DatatypeConstraintComponent (well-typed literals of that datatype)."""
    if not isinstance(value, Literal):
        return False
    if value.datatype == datatype:
        if getattr(value, "ill_typed", None) is True:
            return False
        return _python_type_fits(value, datatype)
    if datatype == RDFS.Literal:
        return True
    if datatype == RDFS.Datatype and value.datatype:
        return True
    if value.datatype is None and value.language is None and datatype == XSD.string:
        return _python_type_fits(value, datatype)
    if datatype == RDF_LANGSTRING and value.language:
        return _python_type_fits(value, datatype)
    return False


def _python_type_fits(value: Literal, datatype: Node) -> bool:
    import datetime

    python = value.value
    checks = {
        XSD.string: (str, bytes),
        RDF_LANGSTRING: (str, bytes),
        XSD.integer: int,
        XSD.float: float,
        XSD.decimal: Decimal,
        XSD.boolean: bool,
        XSD.date: datetime.date,
        XSD.time: datetime.time,
        XSD.dateTime: datetime.datetime,
    }
    wanted = checks.get(datatype)
    return True if wanted is None else isinstance(python, wanted)


NODE_KINDS = {
    SH.IRI: lambda v: isinstance(v, URIRef),
    SH.BlankNode: lambda v: isinstance(v, BNode),
    SH.Literal: lambda v: isinstance(v, Literal),
    SH.BlankNodeOrIRI: lambda v: isinstance(v, BNode | URIRef),
    SH.BlankNodeOrLiteral: lambda v: isinstance(v, BNode | Literal),
    SH.IRIOrLiteral: lambda v: isinstance(v, URIRef | Literal),
}


def _node_kind(value: Node, kind: Node) -> bool:
    return NODE_KINDS[kind](value)


def _compare(parameter: Node, value: Node, limit: Literal) -> bool:
    if not isinstance(value, Literal):
        return False
    try:
        a, b = value.toPython(), limit.toPython()
        if parameter == SH.minInclusive:
            return bool(a >= b)
        if parameter == SH.maxInclusive:
            return bool(a <= b)
        if parameter == SH.minExclusive:
            return bool(a > b)
        return bool(a < b)
    except TypeError:
        return False


def _language_in(value: Node, wanted: set) -> bool:
    if not isinstance(value, Literal) or not value.language:
        return False
    lang = str(value.language).lower()
    return "*" in wanted or lang in wanted or lang.split("-")[0] in wanted


def _regex_flags(flags) -> int:
    found = 0
    for letter in str(flags or ""):
        found |= {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}.get(
            letter, 0
        )
    return found


# -- SPARQL constraints on Oxigraph -----------------------------------------------------

_GROUP_OPENERS = re.compile(r"(EXISTS|OPTIONAL)\s*$", re.IGNORECASE)


def target_pattern(shape: Shape) -> str:
    """A subquery binding ?this to the shape's focus nodes."""
    parts = []
    for cls in shape.targets.get(SH.targetClass, ()):
        parts.append(f"{{ ?this a <{cls}> }}")
    for p in shape.targets.get(SH.targetSubjectsOf, ()):
        parts.append(f"{{ ?this <{p}> ?uprkgTargetObject }}")
    for p in shape.targets.get(SH.targetObjectsOf, ()):
        parts.append(f"{{ ?uprkgTargetSubject <{p}> ?this }}")
    for node in shape.targets.get(SH.targetNode, ()):
        if not isinstance(node, URIRef):
            raise Unsupported("targetNode that is not an IRI")
        parts.append(f"{{ BIND (<{node}> AS ?this) }}")
    return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"


def rewrite(query: str, shape: Shape) -> str:
    """Turn a pre-bound `$this` query into one over all focus nodes at once.

    `$this` becomes `?this`; the focus-node subquery goes into the WHERE
    clause's group and into every nested group that SPARQL evaluates on its
    own (plain groups and UNION branches) and that mentions `?this`, if
    only inside a FILTER's EXISTS. EXISTS and OPTIONAL groups see the outer
    binding already.
    """
    text = query.replace("$this", "?this")
    where = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
    if where is None or re.search(r"\b(SERVICE|GRAPH|MINUS|VALUES)\b", text, re.IGNORECASE):
        raise Unsupported("SPARQL constraint form")
    pattern = target_pattern(shape) + " "
    # find every group and its direct contents
    opens: list[int] = []
    groups: list[tuple[int, int]] = []
    in_string: str | None = None
    i = where.end() - 1
    while i < len(text):
        ch = text[i]
        if in_string:
            if ch == "\\":
                i += 2
                continue
            if text.startswith(in_string, i):
                i += len(in_string)
                in_string = None
                continue
        elif text.startswith('"""', i) or text.startswith("'''", i):
            in_string = text[i : i + 3]
            i += 3
            continue
        elif ch in "\"'":
            in_string = ch
        elif ch == "#":
            i = text.find("\n", i)
            if i < 0:
                break
        elif ch == "{":
            opens.append(i)
        elif ch == "}":
            start = opens.pop()
            groups.append((start, i))
            if not opens:
                break
        i += 1
    top = where.end() - 1
    inserts = [top]
    for start, end in groups:
        if start == top:
            continue
        before = text[:start]
        if _GROUP_OPENERS.search(before) or re.search(r"\bSELECT\b[^{}]*$", before):
            continue
        if "?this" in text[start:end]:  # in its patterns or in its FILTERs' EXISTS
            inserts.append(start)
    for position in sorted(inserts, reverse=True):
        text = text[: position + 1] + " " + pattern + text[position + 1 :]
    return text


def predicates_used(queries: Iterable[tuple[str, dict[str, str]]]) -> set[URIRef] | None:
    """Every IRI the queries mention (a superset of the predicates they match on).

    None when a query matches a variable predicate: then every triple is needed.
    """
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.term import Variable

    found: set[URIRef] = {RDF.type}
    variable = []

    def visit(node, depth: int = 0) -> None:
        if depth > 200:
            raise Unsupported("SPARQL constraint nested too deeply")
        if getattr(node, "name", None) in ("BGP", "TriplesBlock"):
            flat = [t for triple in node.triples for t in triple]
            variable.extend(p for p in flat[1::3] if isinstance(p, Variable))
        elif isinstance(node, dict):
            for value in node.values():
                visit(value, depth + 1)
        elif isinstance(node, list | tuple):
            for value in node:
                visit(value, depth + 1)

    for text, prefixes in queries:
        visit(prepareQuery(text).algebra)
        body = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)  # no IRIs inside strings
        found.update(URIRef(iri) for iri in re.findall(r"<([^<>\s]*)>", body))
        for prefix, local in re.findall(r"(?<![\w?$])([A-Za-z][\w-]*):([\w-]+)", body):
            if prefix in prefixes:
                found.add(URIRef(prefixes[prefix] + local))
    return None if variable else found


def to_rdflib(term, exact: bool = False) -> Node:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if exact and datatype.startswith(KEPT):
        datatype = datatype[len(KEPT) :]
    if datatype == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


INTEGER_TYPES = {
    XSD[name]
    for name in (
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}


def _original(value: Node, focus: Node, data: Index) -> Node:
    """The data's own term for a value Oxigraph gives back as xsd:integer.

    Oxigraph stores the derived integer types (xsd:nonNegativeInteger ...)
    as xsd:integer; a ?value bound to one of the focus node's own literals
    is mapped back to that literal, so sh:value is the term in the data.
    """
    if not (isinstance(value, Literal) and value.datatype == XSD.integer):
        return value
    candidates = {
        o
        for subjects in data.by_predicate.values()
        for o in subjects.get(focus, ())
        if isinstance(o, Literal) and o.datatype in INTEGER_TYPES and str(o) == str(value)
    }
    return candidates.pop() if len(candidates) == 1 else value


CHUNK_LINES = 100_000


def sparql_hits(shapes: Shapes, data: Index, n3) -> list[Hit]:
    """Every SPARQL constraint, each run once over all its focus nodes on Oxigraph."""
    import pyoxigraph as ox

    NT = ox.RdfFormat.N_TRIPLES

    queries, wanted = shapes.queries()
    if not queries:
        return []
    store = ox.Store()
    lines: list[str] = []
    for p, subjects in data.by_predicate.items():
        if wanted is not None and p not in wanted:
            continue
        pn = n3(p)
        for s, objects in subjects.items():
            sn = n3(s)
            lines.extend(f"{sn} {pn} {n3(o)} .\n" for o in objects)
            if len(lines) >= CHUNK_LINES:  # loaded in pieces, never held as one text
                store.bulk_load(input="".join(lines).encode("utf-8"), format=NT)
                lines = []
    if lines:
        store.bulk_load(input="".join(lines).encode("utf-8"), format=NT)
    del lines
    hits: list[Hit] = []
    exact = None
    for shape, constraint, query in queries:
        seen = set()
        options: dict = {}
        on = store
        if needs_exact_datatypes(constraint.select):
            if exact is None:
                exact = exact_store(queries, data, n3)
            on, query = exact, _DATATYPE_CALL.sub(f"<{KEPT_FUNCTION}>(", query)
            options = {"custom_functions": {ox.NamedNode(KEPT_FUNCTION): kept_datatype}}
        solutions = on.query(query, **options)
        names = [v.value for v in solutions.variables]
        rows = (
            {n: to_rdflib(row[n], exact=on is exact) for n in names if row[n] is not None}
            for row in solutions
        )
        for bound in rows:
            focus = bound.pop("this")
            value = bound.pop("value", None)
            bound.pop("path", None)
            key = (focus, value, tuple(sorted(bound.items())))
            if key in seen:
                continue
            seen.add(key)
            value = focus if value is None else _original(value, focus, data)
            variables = (*bound.items(), ("this", focus), ("value", value))
            carrier = Shape(shape.node, None, shape.severity, constraint.messages, {})
            hits.append(Hit(carrier, focus, SH.SPARQLConstraintComponent, value, variables))
    return hits


_DATATYPE_CALL = re.compile(r"\bDATATYPE\s*\(", re.IGNORECASE)
_DERIVED_INTEGERS = re.compile(
    r"\b(?:nonNegative|positive|nonPositive|negative|unsigned)?(?:Integer|Long|Int|Short|Byte)\b"
    r"|\b(?:long|int|short|byte)\b"
)


def needs_exact_datatypes(select: str) -> bool:
    """A constraint that asks DATATYPE() about derived integer types: Oxigraph
    stores xsd:positiveInteger, nonNegativeInteger ... as xsd:integer, so it
    would answer wrongly; such a constraint runs on an `exact_store`, where
    those literals keep their type (and compare as strings, not numbers)."""
    if not _DATATYPE_CALL.search(select):
        return False
    return any(m.group(0) not in ("Integer", "integer") for m in _DERIVED_INTEGERS.finditer(select))


KEPT = "urn:uprkg:kept-datatype:"  # a derived XSD type, under a name Oxigraph keeps
KEPT_FUNCTION = "urn:uprkg:datatype"


def kept_datatype(term):
    """DATATYPE() that gives back the derived XSD type a literal was loaded with."""
    import pyoxigraph as ox

    if not isinstance(term, ox.Literal):
        return None
    datatype = term.datatype.value
    return ox.NamedNode(datatype[len(KEPT) :] if datatype.startswith(KEPT) else datatype)


def exact_store(queries: list, data: Index, n3):
    """A store for the constraints that need exact datatypes: the triples their
    queries mention, literals of derived integer types under a KEPT datatype
    (Oxigraph would store them as xsd:integer), read back by kept_datatype."""
    import pyoxigraph as ox

    wanted = predicates_used(
        (q, c.prefixes) for _, c, q in queries if needs_exact_datatypes(c.select)
    )

    def text(term) -> str:
        if isinstance(term, Literal) and term.datatype in INTEGER_TYPES:
            return f'"{term}"^^<{KEPT}{term.datatype}>'
        return n3(term)

    lines = []
    for p, subjects in data.by_predicate.items():
        if wanted is None or p in wanted:
            pn = n3(p)
            lines.extend(f"{n3(s)} {pn} {text(o)} .\n" for s, os in subjects.items() for o in os)
    store = ox.Store()
    store.bulk_load(input="".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def run(shapes: Shapes, data: Index, n3) -> list[Hit]:
    """Every result of every targeted shape."""
    from uprkg.progress import progress

    engine = Engine(shapes, data)
    hits = []
    try:
        for shape in shapes.targeted:
            focus = engine.focus_nodes(shape)
            label = str(shape.node).rsplit("#", 1)[-1]
            hits.extend(engine.check(shape, progress(focus, len(focus), f"shape {label}", "node")))
    finally:
        engine.close()
    return hits + sparql_hits(shapes, data, n3)
