"""The actor network: statements projected onto actor-to-actor edges.

A statement is an n-ary fact (speaker, principal, targets with roles,
stance, reasons, quotes, sources). Network tools want plain directed edges,
so this module projects statements onto edges between actors, keeping on
every edge the statements, quotes and sources behind it:

- edge kinds by stance family: `criticised` (criticism, condemnation,
  rejection), `accused` (accusation), `urged` (appeal, demand), `supported`
  (defence, endorsement), and `sanctioned` (uprkg:Sanction events,
  performedBy -> affects). Each statement gives exactly one kind, so
  `criticised` and `accused` together are the criticism family, the rows
  of the who-criticised-whom query. Observations and commitments make no
  edge.
- a target that is a document or decision rolls up to its responsible
  actors; with `rollup`, speakers roll up to the principal they act for.
- the weight of an edge is the number of distinct statements behind it.

Only asserted triples are read: the facts come from the store's default
graph, the union of the asserted graphs, so the reasoner's graph
(graph/inferred) is left out and the network is the same before and after
`uprkg reason`. One SELECT (uprkg/sparql/network-facts.rq) fetches the
triples the projection needs into a small in-memory index with rdflib's
lookup methods; that is several times faster than copying the graph into
rdflib, and the code below reads it as it would read an rdflib Graph.
Camps (`camps`) split the signed network into the side of the most
criticised actor and the side opposed to it; see its docstring.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, SKOS, Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS

from uprkg.errors import InputError, Problem
from uprkg.namespaces import BASE, DATA, GRAPH_INFERRED, OA, ORG, STANCE, TENURE, TIME, UPRKG

if TYPE_CHECKING:
    import networkx as nx

# Edge kinds: the stance (or an ancestor via skos:broader) that selects the
# kind, its family and its sign in the signed network. Appeals are neither
# hostile nor friendly (urging the US to take part is pressure, urging the
# Council's president to act is cooperation), so `urged` is unsigned.
KIND_BY_STANCE = {
    "accusation": "accused",
    "criticism": "criticised",
    "appeal": "urged",
    "defence": "supported",
    "endorsement": "supported",
}
KINDS = ("criticised", "accused", "urged", "supported", "sanctioned")
FAMILY = {
    "criticised": "criticism",
    "accused": "criticism",
    "urged": "appeal",
    "supported": "support",
    "sanctioned": "sanction",
}
SIGN = {"criticised": -1, "accused": -1, "urged": 0, "supported": 1, "sanctioned": -1}
ROLLUPS = ("none", "persons", "principals")
# Target roles that make a camp tie: the actors a stance is aimed at, not
# states named in passing as examples or alleged violators.
CAMP_ROLES = frozenset({"direct", "addressee"})
PRECISION = {TIME.unitDay: "day", TIME.unitMonth: "month", TIME.unitYear: "year"}
ACTOR_NS = str(DATA["actor"])
SEP = " | "


# -- reading statements ------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    text: str
    source: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Act:
    """A statement or a sanction: who did what to whom, why, in which words, per which source."""

    id: str
    iri: str
    kind: str  # edge kind, or "" for statements that make no edge
    stance: str | None
    speakers: tuple[str, ...]  # actor IRIs
    principal: str | None
    targets: tuple[tuple[str, str], ...]  # (entity IRI, role)
    reasons: tuple[str, ...]  # topic IRIs
    quotes: tuple[Quote, ...]
    sources: tuple[str, ...]  # source ids
    date: str | None
    precision: str | None
    paraphrase: str
    action: str | None = None


def local_id(iri: str) -> str:
    """The corpus id of a uprkg IRI (`.../id/actor/usa` -> `usa`, `.../role/direct` ->
    `direct`); other IRIs stay whole."""
    text = str(iri)
    if not text.startswith(BASE):
        return text
    rest = text[len(BASE) :]
    if rest.startswith("id/"):
        rest = rest[len("id/") :]
    return rest.split("/", 1)[-1]


class TripleIndex:
    """The few rdflib Graph lookups Facts (and PLOVER) use, over a list of triples.

    Terms are rdflib terms, so callers compare them with URIRef constants as
    they would on a Graph.
    """

    def __init__(self, triples: Iterable[tuple]) -> None:
        self._sp: dict = defaultdict(lambda: defaultdict(list))
        self._po: dict = defaultdict(lambda: defaultdict(list))
        self._triples: set = set()
        for s, p, o in triples:
            if (s, p, o) in self._triples:
                continue
            self._triples.add((s, p, o))
            self._sp[s][p].append(o)
            self._po[p][o].append(s)

    @classmethod
    def from_store(cls, store) -> TripleIndex:
        """The triples of network-facts.rq from a uprkg.store.GraphStore."""
        from uprkg.store import RdflibTerms, internal_query

        convert = RdflibTerms()
        rows = store.rows(internal_query("network-facts"))
        return cls((convert(s), convert(p), convert(o)) for s, p, o in rows)

    def __len__(self) -> int:
        return len(self._triples)

    def __contains__(self, triple: tuple) -> bool:
        return triple in self._triples

    def triples(self, pattern: tuple) -> Iterable[tuple]:
        s, p, o = pattern
        if s is not None and p is not None:
            return [(s, p, x) for x in self._sp.get(s, {}).get(p, []) if o in (None, x)]
        if p is not None and o is not None:
            return [(x, p, o) for x in self._po.get(p, {}).get(o, [])]
        if p is not None:
            return [(x, p, y) for y, xs in self._po.get(p, {}).items() for x in xs]
        return [
            t for t in self._triples if all(a in (None, b) for a, b in zip(pattern, t, strict=True))
        ]

    def objects(self, subject=None, predicate=None) -> list:
        if subject is not None and predicate is not None:
            return list(self._sp.get(subject, {}).get(predicate, []))
        return [o for _, _, o in self.triples((subject, predicate, None))]

    def subjects(self, predicate=None, object=None) -> list:
        if predicate is not None and object is not None:
            return list(self._po.get(predicate, {}).get(object, []))
        return list(dict.fromkeys(s for s, _, _ in self.triples((None, predicate, object))))

    def value(self, subject=None, predicate=None, object=None):
        """One value (the smallest, so the choice is stable), or None."""
        found = self.objects(subject, predicate) if object is None else []
        if object is not None:
            found = self.subjects(predicate, object)
        return min(found) if found else None


def asserted(dataset: Dataset | Graph) -> Graph:
    """Every asserted triple in one graph: all named graphs but the reasoner's."""
    if not isinstance(dataset, Dataset):
        return dataset
    merged = Graph()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        if getattr(g, "identifier", g) != GRAPH_INFERRED:
            merged.add((s, p, o))
    return merged


class Facts:
    """Lookups on the asserted graph (and the bundled ontology for concept hierarchies)."""

    def __init__(self, graph: Graph | TripleIndex) -> None:
        self.g = graph

    @cached_property
    def terms(self) -> Graph:
        """Concept hierarchy and mappings: the graph's own, else the bundled ontology's."""
        if any(self.g.triples((None, SKOS.broader, None))):
            return self.g
        from uprkg.vocab import load_vocabulary

        return load_vocabulary().graph

    def label(self, iri: URIRef) -> str:
        for prop in (RDFS.label, SKOS.prefLabel, DCTERMS.title):
            values = sorted(self.g.objects(iri, prop), key=lambda v: (v.language != "en", str(v)))
            if values:
                return str(values[0])
        return local_id(iri)

    @cached_property
    def actor_types(self) -> dict[URIRef, str]:
        """Each actor's most specific uprkg class, by local name (`NGO`, `Person`)."""
        from uprkg.vocab import load_vocabulary

        onto = load_vocabulary().graph
        known = set(onto.transitive_subjects(RDFS.subClassOf, UPRKG.Actor)) - {UPRKG.Actor}
        found: dict[URIRef, str] = {}
        for subject in set(self.g.subjects(RDF.type, None)):
            types = {t for t in self.g.objects(subject, RDF.type) if t in known}
            specific = [
                t
                for t in types
                if not any(
                    o != t and t in onto.transitive_objects(o, RDFS.subClassOf) for o in types
                )
            ]
            if specific:
                found[subject] = sorted(specific)[0][len(str(UPRKG)) :]
        return found

    def is_actor(self, iri: URIRef) -> bool:
        return iri in self.actor_types

    def responsible(self, iri: URIRef) -> list[URIRef]:
        return sorted(self.g.objects(iri, UPRKG.responsibleActor))

    def country(self, iri: URIRef, seen: frozenset = frozenset()) -> str:
        """ISO 3166-1 alpha-3 code: the state's own, its parent's, or a person's current post's."""
        if iri in seen:
            return ""
        code = self.g.value(iri, UPRKG.iso3166Alpha3)
        if code is not None:
            return str(code)
        seen = seen | {iri}
        parents = sorted(self.g.objects(iri, ORG.subOrganizationOf))
        if self.actor_types.get(iri) == "Person":
            posts = [p for p in self.g.subjects(ORG.member, iri) if self.is_current(p)]
            parents += sorted(o for p in posts for o in self.g.objects(p, ORG.organization))
        codes = {c for c in (self.country(p, seen) for p in parents) if c}
        return codes.pop() if len(codes) == 1 else ""

    def is_current(self, post: URIRef) -> bool:
        return (post, UPRKG.tenure, TENURE.current) in self.g

    def broader_chain(self, concept: URIRef) -> list[URIRef]:
        """The concept and its ancestors by skos:broader, nearest first."""
        chain, todo = [], [concept]
        while todo:
            current = todo.pop(0)
            if current in chain:
                continue
            chain.append(current)
            todo.extend(sorted(self.terms.objects(current, SKOS.broader)))
        return chain

    def kind_of(self, stance: URIRef) -> str:
        for concept in self.broader_chain(stance):
            kind = KIND_BY_STANCE.get(local_id(concept))
            if kind:
                return kind
        return ""

    def quotes(self, node: URIRef) -> tuple[Quote, ...]:
        found = []
        for q in self.g.objects(node, UPRKG.quote):
            text = self.g.value(q, OA.exact)
            if text is None:
                continue
            source = self.g.value(q, UPRKG.inSource)
            start, end = self.g.value(q, OA.start), self.g.value(q, OA.end)
            found.append(
                Quote(
                    str(text),
                    local_id(source) if source is not None else "",
                    int(start) if start is not None else None,
                    int(end) if end is not None else None,
                )
            )
        return tuple(sorted(found, key=lambda q: (q.source, q.start or 0, q.text)))

    def date(self, node: URIRef) -> tuple[str | None, str | None]:
        value = self.g.value(node, DCTERMS.date)
        precision = PRECISION.get(self.g.value(node, UPRKG.datePrecision))
        if value is None:
            return None, None
        return str(value), precision or _precision_of(str(value))

    def targets(self, node: URIRef) -> tuple[tuple[str, str], ...]:
        """(entity, role) from qualified targets; a bare uprkg:target counts as direct."""
        found = set()
        for q in self.g.objects(node, UPRKG.qualifiedTarget):
            entity, role = self.g.value(q, UPRKG.targetedEntity), self.g.value(q, UPRKG.targetRole)
            if entity is not None:
                found.add((str(entity), local_id(role) if role is not None else "direct"))
        qualified = {entity for entity, _ in found}
        for target in self.g.objects(node, UPRKG.target):
            if str(target) not in qualified:
                found.add((str(target), "direct"))
        return tuple(sorted(found))

    def act(self, node: URIRef, stance: URIRef | None) -> Act:
        date_value, precision = self.date(node)
        principal = self.g.value(node, UPRKG.onBehalfOf)
        action = self.g.value(node, UPRKG.action)
        return Act(
            id=local_id(node),
            iri=str(node),
            kind=self.kind_of(stance) if stance is not None else "sanctioned",
            stance=local_id(stance) if stance is not None else None,
            speakers=tuple(sorted(str(s) for s in self.g.objects(node, UPRKG.speaker))),
            principal=str(principal) if principal is not None else None,
            targets=self.targets(node),
            reasons=tuple(sorted(str(r) for r in self.g.objects(node, UPRKG.reason))),
            quotes=self.quotes(node),
            sources=tuple(sorted(local_id(s) for s in self.g.objects(node, UPRKG.source))),
            date=date_value,
            precision=precision,
            paraphrase=str(self.g.value(node, UPRKG.paraphrase) or self.label(node)),
            action=str(action) if action is not None else None,
        )

    def statements(self) -> list[Act]:
        acts = []
        for node in set(self.g.subjects(RDF.type, UPRKG.Statement)):
            stance = self.g.value(node, UPRKG.stance)
            if isinstance(node, URIRef) and stance is not None:
                acts.append(self.act(node, stance))
        return sorted(acts, key=lambda a: a.id)

    def sanctions(self) -> list[Act]:
        """uprkg:Sanction events as acts: performers as speakers, affected actors as targets."""
        acts = []
        for node in set(self.g.subjects(RDF.type, UPRKG.Sanction)):
            base = self.act(node, None)
            affected = sorted((str(a), "direct") for a in self.g.objects(node, UPRKG.affects))
            performers = tuple(sorted(str(p) for p in self.g.objects(node, UPRKG.performedBy)))
            acts.append(replace(base, speakers=performers, targets=tuple(affected)))
        return sorted(acts, key=lambda a: a.id)


def _precision_of(value: str) -> str:
    return {4: "year", 7: "month"}.get(len(value), "day")


def facts(data) -> Facts:
    """Facts about the asserted graph of a uprkg.store.GraphStore (an rdflib
    Dataset or Graph is copied into an in-memory store first)."""
    from uprkg.store import GraphStore

    return Facts(TripleIndex.from_store(GraphStore.coerce(data)))


# -- filters -----------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """Which acts to project, and how to roll actors up."""

    rollup: str = "none"
    stances: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None

    def describe(self) -> str:
        parts = [f"roll-up {self.rollup}"]
        for name in ("stances", "kinds", "sources"):
            if getattr(self, name):
                parts.append(f"{name} {', '.join(getattr(self, name))}")
        if self.since or self.until:
            parts.append(f"dates {self.since or '…'} to {self.until or '…'}")
        return "; ".join(parts)


DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def interval(value: str) -> tuple[date, date]:
    """First and last day a date of day, month or year precision may mean."""
    match = DATE_RE.match(value.strip())
    if not match:
        raise ValueError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if day is None:
        last = (date(year + month // 12, month % 12 + 1, 1) - date.resolution).day
        return date(year, month, 1), date(year, month, last)
    one = date(year, month, day)
    return one, one


def check_selection(selection: Selection, info: Facts) -> None:
    """Reject unknown stances, kinds, sources, roll-ups and bad dates, all at once."""
    problems = []
    stances = {local_id(s) for s in info.terms.subjects(RDF.type, UPRKG.Stance)}
    sources = {local_id(s) for s in info.g.subjects(RDF.type, UPRKG.Source)}
    if selection.rollup not in ROLLUPS:
        problems.append(
            Problem(f"unknown roll-up {selection.rollup!r} (known: {', '.join(ROLLUPS)})")
        )
    for value, known, what in (
        *((s, stances, "stance") for s in selection.stances),
        *((k, set(KINDS), "edge kind") for k in selection.kinds),
        *((s, sources, "source") for s in selection.sources),
    ):
        if value not in known:
            problems.append(
                Problem(f"unknown {what} {value!r} (known: {', '.join(sorted(known))})")
            )
    bounds = []
    for name in ("since", "until"):
        value = getattr(selection, name)
        if value is None:
            continue
        try:
            bounds.append(interval(value))
        except ValueError as exc:
            problems.append(Problem(str(exc), field=name))
    if len(bounds) == 2 and bounds[0][0] > bounds[1][1]:
        problems.append(Problem(f"--since {selection.since} is after --until {selection.until}"))
    if problems:
        raise InputError(problems)


def selected(act: Act, selection: Selection, info: Facts) -> bool:
    if not act.kind:
        return False
    if selection.kinds and act.kind not in selection.kinds:
        return False
    if selection.stances:
        chain = (
            {local_id(c) for c in info.broader_chain(STANCE[act.stance])} if act.stance else set()
        )
        if not chain & set(selection.stances):
            return False
    if selection.sources and not set(act.sources) & set(selection.sources):
        return False
    return _in_dates(act, selection)


def _in_dates(act: Act, selection: Selection) -> bool:
    """An act is in a date range when all the days its date may mean are; undated acts are not."""
    if not (selection.since or selection.until):
        return True
    if act.date is None:
        return False
    first, last = interval(act.date)
    if selection.since and first < interval(selection.since)[0]:
        return False
    return not (selection.until and last > interval(selection.until)[1])


# -- projection --------------------------------------------------------------


def speakers_of(act: Act, rollup: str, info: Facts) -> list[str]:
    """Speakers, rolled up to the principal when asked (persons only, or every speaker)."""
    if act.principal is None or rollup == "none":
        return list(act.speakers)
    rolled = []
    for speaker in act.speakers:
        is_person = info.actor_types.get(URIRef(speaker)) == "Person"
        rolled.append(act.principal if rollup == "principals" or is_person else speaker)
    return sorted(set(rolled))


def targets_of(act: Act, info: Facts) -> list[tuple[str, str, str]]:
    """(actor IRI, role, via document) for each target; documents roll up to their actors."""
    found = []
    for entity, role in act.targets:
        node = URIRef(entity)
        if info.is_actor(node):
            found.append((entity, role, ""))
        else:
            found += [(str(a), role, local_id(entity)) for a in info.responsible(node)]
    return sorted(set(found))


@dataclass
class EdgeData:
    acts: dict[str, Act] = field(default_factory=dict)
    roles: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    via: set[str] = field(default_factory=set)


def project(data, selection: Selection = Selection()) -> nx.MultiDiGraph:
    """The actor network of the selected statements and sanctions (see module docstring).

    `data` is a uprkg.store.GraphStore, or an rdflib Dataset or Graph.
    """
    info = facts(data)
    check_selection(selection, info)
    edges: dict[tuple[str, str, str], EdgeData] = defaultdict(EdgeData)
    loops = 0
    for act in info.statements() + info.sanctions():
        if not selected(act, selection, info):
            continue
        for speaker in speakers_of(act, selection.rollup, info):
            for target, role, via in targets_of(act, info):
                if speaker == target:
                    loops += 1
                    continue
                data = edges[(speaker, target, act.kind)]
                data.acts[act.id] = act
                data.roles[act.id].add(role)
                if via:
                    data.via.add(via)
    return _graph(edges, info, selection, loops)


def _graph(edges, info: Facts, selection: Selection, loops: int) -> nx.MultiDiGraph:
    import networkx as nx

    graph = nx.MultiDiGraph(selection=selection.describe(), dropped_self_loops=loops)
    actors = sorted({a for u, v, _ in edges for a in (u, v)}, key=local_id)
    for iri in actors:
        graph.add_node(local_id(iri), **node_attributes(URIRef(iri), info))
    order = {k: i for i, k in enumerate(KINDS)}
    for u, v, kind in sorted(edges, key=lambda e: (local_id(e[0]), local_id(e[1]), order[e[2]])):
        graph.add_edge(
            local_id(u), local_id(v), key=kind, **edge_attributes(edges[(u, v, kind)], kind, info)
        )
    graph.graph["sources"] = {
        local_id(s): info.label(s) for s in sorted(info.g.subjects(RDF.type, UPRKG.Source))
    }
    acts = {a.id: a for data in edges.values() for a in data.acts.values()}
    graph.graph["statements"] = {k: evidence(acts[k]) for k in sorted(acts)}
    return graph


def evidence(act: Act) -> dict:
    """What a reader needs to check an edge: the statement's words and where they are printed."""
    return {
        "kind": act.kind,
        "stance": act.stance or "sanction",
        "paraphrase": act.paraphrase,
        "date": act.date,
        "sources": list(act.sources),
        "quotes": [q.__dict__ for q in act.quotes],
        "iri": act.iri,
    }


def node_attributes(iri: URIRef, info: Facts) -> dict:
    return {
        "label": info.label(iri),
        "actor_type": info.actor_types.get(iri, "Actor"),
        "country": info.country(iri),
        "iri": str(iri),
    }


def edge_attributes(data: EdgeData, kind: str, info: Facts) -> dict:
    acts = [data.acts[k] for k in sorted(data.acts)]
    quotes = sorted({q for a in acts for q in a.quotes}, key=lambda q: (q.source, q.start or 0))
    return {
        "label": kind,
        "kind": kind,
        "family": FAMILY[kind],
        "sign": SIGN[kind],
        "weight": len(acts),
        "statements": [a.id for a in acts],
        "stances": sorted({a.stance or "sanction" for a in acts}),
        "roles": sorted({r for rs in data.roles.values() for r in rs}),
        "camp_statements": sorted(k for k, rs in data.roles.items() if rs & CAMP_ROLES),
        "reasons": sorted({info.label(URIRef(r)) for a in acts for r in a.reasons}),
        "sources": sorted({s for a in acts for s in a.sources}),
        "quotes": quotes,
        "dates": sorted({a.date for a in acts if a.date}),
        "via": sorted(data.via),
    }


def flatten(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all str/int (what GraphML, GEXF and CSV can hold).

    Lists are joined with ' | '; quotes become «text» [source].
    """
    import networkx as nx

    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: _scalar(v) for k, v in data.items()})
    for u, v, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, **{k: _scalar(v) for k, v in data.items()})
    return flat


def _scalar(value):
    if isinstance(value, (list, tuple)):
        return SEP.join(_quote_text(x) if isinstance(x, Quote) else str(x) for x in value)
    return value


def _quote_text(quote: Quote) -> str:
    return f"«{quote.text}» [{quote.source}]"


# -- analysis ----------------------------------------------------------------


def family_weights(graph: nx.MultiDiGraph, family: str) -> tuple[dict, dict]:
    """Statements of one family each actor received and made (distinct statements,
    so a statement aimed at three actors counts once for its speaker)."""
    received: dict[str, set[str]] = defaultdict(set)
    made: dict[str, set[str]] = defaultdict(set)
    for u, v, data in graph.edges(data=True):
        if data["family"] == family:
            made[u].update(data["statements"])
            received[v].update(data["statements"])
    return {a: len(s) for a, s in received.items()}, {a: len(s) for a, s in made.items()}


def betweenness(graph: nx.MultiDiGraph) -> dict[str, float]:
    """Directed betweenness on the simple graph of all edges (unweighted: a weight is a
    count of statements, not a distance)."""
    import networkx as nx

    simple = nx.DiGraph()
    simple.add_nodes_from(graph)
    simple.add_edges_from((u, v) for u, v in graph.edges())
    return nx.betweenness_centrality(simple, normalized=True)


@dataclass
class Camps:
    """Two camps of the signed network, and why each actor is in its camp."""

    anchor: str
    labels: dict[str, str]  # camp id -> label
    member: dict[str, str]  # actor -> camp id
    because: dict[str, list[str]]  # actor -> statements consistent with its camp
    against: dict[str, list[str]]  # actor -> statements that contradict it
    frustration: int  # statements on ties that contradict the split
    ties: int

    def label_of(self, actor: str) -> str:
        return self.labels.get(self.member.get(actor, ""), "")


def signed_ties(graph: nx.MultiDiGraph) -> dict[tuple[str, str], dict[str, int]]:
    """Undirected ties: for each pair, statement -> sign, over direct targets only."""
    ties: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for u, v, data in graph.edges(data=True):
        if data["sign"] == 0:
            continue
        pair = (min(u, v), max(u, v))
        for statement in data["camp_statements"]:
            ties[pair][statement] = data["sign"]
    return dict(ties)


def camps(graph: nx.MultiDiGraph) -> Camps:
    """Split the signed network into two camps by structural balance.

    Ties: criticised/accused/sanctioned are negative, supported positive,
    urged unsigned; only direct targets and addressees count (a state named
    as an example of abusers is not a party to the dispute). The anchor is
    the most criticised actor (weighted in-degree of the criticism family).
    Within the anchor's connected signed component, the eigenvector of the
    smallest eigenvalue of the signed Laplacian gives a first split (exact
    for a balanced network); single-actor moves then lower the frustration
    (statements whose sign disagrees with the split) until none helps.
    Actors outside that component have no camp.
    """
    import networkx as nx
    import numpy as np

    ties = signed_ties(graph)
    indeg, _ = family_weights(graph, "criticism")
    if not ties or not indeg:
        return Camps("", {}, {}, {}, {}, 0, 0)
    anchor = sorted(indeg, key=lambda a: (-indeg[a], a))[0]
    net = nx.Graph()
    net.add_edges_from((u, v, {"w": sum(s.values())}) for (u, v), s in ties.items())
    if anchor not in net:
        return Camps(anchor, {}, {}, {}, {}, 0, 0)
    nodes = sorted(nx.node_connected_component(net, anchor))
    index = {n: i for i, n in enumerate(nodes)}
    matrix = np.zeros((len(nodes), len(nodes)))
    for u, v, data in net.subgraph(nodes).edges(data=True):
        matrix[index[u], index[v]] = matrix[index[v], index[u]] = data["w"]
    laplacian = np.diag(np.abs(matrix).sum(axis=1)) - matrix
    vector = np.linalg.eigh(laplacian)[1][:, 0]
    side = {n: bool(vector[index[n]] >= 0) for n in nodes}
    side = _refine(side, net.subgraph(nodes))
    own = side[anchor]
    member = {n: "anchor" if side[n] == own else "opposition" for n in nodes}
    label = graph.nodes[anchor].get("label", anchor)
    labels = {"anchor": f"side of {label}", "opposition": "opposing side"}
    return _explain(anchor, labels, member, ties)


def _frustration(side: dict[str, bool], net) -> float:
    return sum(
        abs(d["w"]) for u, v, d in net.edges(data=True) if (d["w"] > 0) != (side[u] == side[v])
    )


def _refine(side: dict[str, bool], net) -> dict[str, bool]:
    """Flip single actors while that lowers the frustration (deterministic order)."""
    improved = True
    while improved:
        improved = False
        for node in sorted(side):
            before = _frustration(side, net)
            side[node] = not side[node]
            if _frustration(side, net) < before:
                improved = True
            else:
                side[node] = not side[node]
    return side


def _explain(anchor, labels, member, ties) -> Camps:
    because: dict[str, set[str]] = defaultdict(set)
    against: dict[str, set[str]] = defaultdict(set)
    frustrated: set[str] = set()
    for (u, v), statements in ties.items():
        if u not in member or v not in member:
            continue
        for statement, sign in statements.items():
            fits = (sign > 0) == (member[u] == member[v])
            for actor in (u, v):
                (because if fits else against)[actor].add(statement)
            if not fits:
                frustrated.add(statement)
    return Camps(
        anchor=anchor,
        labels=labels,
        member=member,
        because={a: sorted(because[a]) for a in sorted(member)},
        against={a: sorted(against[a]) for a in sorted(member)},
        frustration=len(frustrated),
        ties=len({s for st in ties.values() for s in st}),
    )


def with_camps(graph: nx.MultiDiGraph) -> tuple[nx.MultiDiGraph, Camps]:
    """Label every node with its camp (empty when it has none)."""
    found = camps(graph)
    for node in graph:
        graph.nodes[node]["camp"] = found.label_of(node)
    graph.graph["camps"] = dict(found.labels)
    return graph, found


def summary(graph: nx.MultiDiGraph, found: Camps, top: int = 10) -> dict:
    """The numbers `uprkg network stats` prints: degrees, betweenness, camps."""
    indeg, outdeg = family_weights(graph, "criticism")
    between = betweenness(graph)

    def ranked(scores: dict, n: int) -> list[dict]:
        order = sorted(scores, key=lambda a: (-scores[a], a))
        return [
            {"actor": a, "label": graph.nodes[a]["label"], "score": _round(scores[a])}
            for a in order[:n]
            if scores[a]
        ]

    kinds = defaultdict(int)
    for _, _, data in graph.edges(data=True):
        kinds[data["kind"]] += 1
    return {
        "selection": graph.graph.get("selection", ""),
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "edges_by_kind": {k: kinds[k] for k in (*KINDS, RECOMMENDED) if kinds[k]},
        "statements": len({s for _, _, d in graph.edges(data=True) for s in d["statements"]}),
        "most_criticised": ranked(indeg, top),
        "most_critical": ranked(outdeg, top),
        "betweenness": ranked(between, top),
        "camps": _camp_summary(graph, found),
    }


def _round(value):
    return round(value, 4) if isinstance(value, float) else value


def _camp_summary(graph, found: Camps) -> dict:
    members = []
    for actor in sorted(found.member, key=lambda a: (found.member[a], a)):
        members.append(
            {
                "actor": actor,
                "label": graph.nodes[actor]["label"],
                "camp": found.labels[found.member[actor]],
                "statements": found.because[actor],
                "contradicting": found.against[actor],
            }
        )
    return {
        "method": "structural balance: signed-Laplacian spectral split, refined by single moves",
        "anchor": found.anchor,
        "labels": found.labels,
        "signed_statements": found.ties,
        "frustrated_statements": found.frustration,
        "members": members,
        "without_camp": sorted(n for n in graph if n not in found.member),
        "without_camp_labels": sorted(
            graph.nodes[n]["label"] for n in graph if n not in found.member
        ),
    }


def render_table(stats: dict, width: int = 100) -> str:
    """The stats as plain text for a person: actors by name (ids are in --format json)."""
    import textwrap

    lines = [
        f"network: {stats['nodes']} actors, {stats['edges']} edges "
        f"({', '.join(f'{n} {k}' for k, n in stats['edges_by_kind'].items())}), "
        f"{stats['statements']} statements; {stats['selection']}",
    ]
    for title, key in (
        ("most criticised (statements received)", "most_criticised"),
        ("most critical (statements made)", "most_critical"),
        ("betweenness (directed, normalised)", "betweenness"),
    ):
        lines += ["", title, *_rows(stats[key])]
    camps_ = stats["camps"]
    lines += [
        "",
        f"camps ({camps_['method']}; {camps_['frustrated_statements']} of "
        f"{camps_['signed_statements']} signed statements contradict the split)",
    ]
    groups: dict[str, list[str]] = {}
    for member in camps_["members"]:
        groups.setdefault(member["camp"], []).append(member["label"])
    for camp, labels in groups.items():
        text = f"{camp} ({len(labels)}): {', '.join(sorted(labels))}"
        lines += textwrap.wrap(text, width, initial_indent="  ", subsequent_indent="    ")
    labels = camps_.get("without_camp_labels") or camps_["without_camp"]
    if labels:
        text = f"no camp ({len(labels)}): {', '.join(labels)}"
        lines += textwrap.wrap(text, width, initial_indent="  ", subsequent_indent="    ")
    lines.append("  (the statements that put each actor in its camp: --format json)")
    return "\n".join(lines)


def _rows(rows: Iterable[dict]) -> list[str]:
    rows = list(rows)
    if not rows:
        return ["  (none)"]
    width = max(len(str(r["score"])) for r in rows)
    return [f"  {r['score']!s:>{width}}  {r['label']}" for r in rows]


# -- the recommendation layer (the formal UPR record) ------------------------------

RECOMMENDED = "recommended"
LAYERS = ("discourse", "recommendations", "both")


def add_recommendation_layer(graph: nx.MultiDiGraph, data) -> int:
    """Add the record's recommended-to edges (recommender -> state under review).

    One edge per pair, kind `recommended`, weighted by the number of
    recommendations (canned query recommendation-network), with how many
    were supported, noted and partially supported and the supported share.
    Unsigned: the record says nothing about camps. Returns the edges added.
    """
    from uprkg.store import GraphStore

    store = GraphStore.coerce(data)
    info = facts(store)
    table = store.select("recommendation-network")
    for row in table.rows:
        u, v = local_id(row["recommender"]), local_id(row["state"])
        for node, iri in ((u, row["recommender"]), (v, row["state"])):
            if node not in graph:
                graph.add_node(node, **node_attributes(URIRef(iri), info))
        count = int(row["recommendations"])
        supported = int(row["supported"])
        graph.add_edge(
            u,
            v,
            key=RECOMMENDED,
            label=RECOMMENDED,
            kind=RECOMMENDED,
            family="recommendation",
            sign=0,
            weight=count,
            supported=supported,
            noted=int(row["noted"]),
            partially_supported=int(row["partiallySupported"]),
            supported_share=round(supported / count, 3),
            statements=[],
            stances=[],
            roles=[],
            camp_statements=[],
            reasons=[],
            sources=[],
            quotes=[],
            dates=[],
            via=[],
        )
    return len(table.rows)
