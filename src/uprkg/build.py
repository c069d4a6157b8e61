"""Turn a verified corpus into an RDF dataset with provenance on every item.

Named graphs: one per source (everything that source attests: its metadata,
the statements, events and claims it reports with its own quotes), one for
the registry (actors, posts, topics, documents, decisions, propositions, UPR
cycles and reviews) and one for the ontology terms the data uses. A
statement reported by two sources has its core triples in both source
graphs and each source's quotes in its own graph, so a user can take or
leave one outlet's contribution and the union still has one statement with
two sources.

The Builder writes into a QuadStore: plain sets of triples per named graph,
about three times faster to fill than rdflib's indexed memory store, and
what the sorted writer (uprkg.serialize) and the fast validator read
directly. `build_dataset` turns it into an rdflib Dataset for the library
API; the build pipeline never needs one.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from rdflib import RDF, RDFS, SKOS, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from uprkg.claims.compare import ClaimSet, Comparison, compare_corpus, item_label, subject_kind
from uprkg.claims.values import Concept, Entities
from uprkg.model import Claim, Corpus, DateValue, Event, Located, Statement
from uprkg.namespaces import (
    BASE,
    CHANNEL,
    GRAPH_ONTOLOGY,
    GRAPH_REGISTRY,
    OA,
    ORG,
    ROLE,
    SCHEMA,
    STANCE,
    TIME,
    UPRKG,
    VOICE,
    WD,
    bind_prefixes,
    graph_for_source,
    mint,
    span_iri,
)
from uprkg.quotes import Span
from uprkg.vocab import Vocabulary, load_vocabulary

PRECISION = {"day": TIME.unitDay, "month": TIME.unitMonth, "year": TIME.unitYear}
COMPARISON_CLASS = {
    "agreement": UPRKG.Agreement,
    "refinement": UPRKG.Refinement,
    "overlap": UPRKG.Overlap,
    "disagreement": UPRKG.Disagreement,
}


def en(text: str) -> Literal:
    return Literal(text, lang="en")


@lru_cache(maxsize=1 << 16)  # offsets repeat across sources; a Literal is immutable
def nonneg(number: int) -> Literal:
    return Literal(number, datatype=XSD.nonNegativeInteger)


class TripleSet:
    """One named graph of a QuadStore: a set of triples with rdflib's `add`."""

    __slots__ = ("identifier", "triples")

    def __init__(self, identifier: URIRef) -> None:
        self.identifier = identifier
        self.triples: set[tuple] = set()

    def add(self, triple: tuple) -> TripleSet:
        self.triples.add(triple)
        return self

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.triples)

    def __len__(self) -> int:
        return len(self.triples)

    def __contains__(self, triple: tuple) -> bool:
        return triple in self.triples


class QuadStore:
    """Named graphs as sets of triples: fast to fill, cheap to hold, no indexes.

    Offers the parts of rdflib's Dataset the build uses (`graph(name).add`,
    `graphs()`, `quads()`, `len`); `to_dataset()` gives a real Dataset.
    """

    def __init__(self) -> None:
        self._graphs: dict[URIRef, TripleSet] = {}

    def graph(self, name: URIRef) -> TripleSet:
        found = self._graphs.get(name)
        if found is None:
            found = self._graphs[name] = TripleSet(URIRef(name))
        return found

    def graphs(self) -> Iterator[TripleSet]:
        return iter(list(self._graphs.values()))

    def quads(self, pattern=None) -> Iterator[tuple]:
        for graph in self._graphs.values():
            for s, p, o in graph.triples:
                yield s, p, o, graph.identifier

    def named_triples(self) -> list[tuple[URIRef, set]]:
        """(name, triples) of every non-empty graph, for the serialiser."""
        return [(name, g.triples) for name, g in self._graphs.items() if g.triples]

    def union(self) -> set[tuple]:
        """The distinct triples of all graphs (the content of uprkg.ttl)."""
        union: set[tuple] = set()
        for graph in self._graphs.values():
            union |= graph.triples
        return union

    def __len__(self) -> int:
        return sum(len(g) for g in self._graphs.values())

    def parse(self, data: str, format: str = "nquads") -> QuadStore:
        """Add N-Quads text (what the record importers write), as rdflib's
        Dataset.parse would; read by Oxigraph's parser, each term converted once."""
        import pyoxigraph as ox

        from uprkg.store import RdflibTerms

        if format not in ("nquads", "nq"):
            raise ValueError(f"a QuadStore parses N-Quads only, not {format}")
        convert = RdflibTerms()
        for quad in ox.parse(data.encode("utf-8"), format=ox.RdfFormat.N_QUADS):
            if isinstance(quad.graph_name, ox.DefaultGraph):
                raise ValueError("a QuadStore holds named graphs only")
            triple = (convert(quad.subject), convert(quad.predicate), convert(quad.object))
            self.graph(convert(quad.graph_name)).add(triple)
        return self

    def to_dataset(self) -> Dataset:
        dataset = Dataset()
        bind_prefixes(dataset)
        for name, graph in sorted(self._graphs.items()):
            target = dataset.graph(name)
            for triple in graph.triples:
                target.add(triple)
        return dataset


class Builder:
    """Writes the triples of one corpus into a QuadStore."""

    def __init__(self, corpus: Corpus, vocabulary: Vocabulary) -> None:
        self.corpus = corpus
        self.vocab = vocabulary
        self.dataset = QuadStore()
        self.registry = self.dataset.graph(GRAPH_REGISTRY)
        self.claimset: ClaimSet = compare_corpus(corpus, vocabulary.claim_properties)

    # -- small helpers ---------------------------------------------------

    def source_graph(self, source_id: str) -> TripleSet:
        return self.dataset.graph(graph_for_source(source_id))

    def entity(self, entity_id: str) -> URIRef:
        """IRI of an actor, document or decision (they share one id space)."""
        if entity_id in self.corpus.actors:
            return mint("actor", entity_id)
        if entity_id in self.corpus.documents:
            return mint("document", entity_id)
        return mint("decision", entity_id)

    def item(self, item_id: str) -> URIRef:
        """IRI of anything a claim can be about or name as its value."""
        return mint(subject_kind(self.corpus, item_id) or "actor", item_id)

    @staticmethod
    def add_date(g: Graph, node: URIRef, date: DateValue | None, text: str | None) -> None:
        if date is not None:
            g.add((node, DCTERMS.date, Literal(date.literal, datatype=date.datatype)))
            g.add((node, UPRKG.datePrecision, PRECISION[date.precision]))
        if text:
            g.add((node, UPRKG.dateText, en(text)))

    def add_spans(self, g: Graph, node: URIRef, spans: list[Span]) -> None:
        """Link a node to its quotes and to the sources they lie in."""
        for span in spans:
            quote = span_iri("quote", span.source, span.start, span.end)
            source = mint("source", span.source)
            g.add((node, UPRKG.quote, quote))
            g.add((node, UPRKG.source, source))
            g.add((quote, RDF.type, UPRKG.Quote))
            g.add((quote, OA.exact, Literal(span.exact)))
            g.add((quote, OA.prefix, Literal(span.prefix)))
            g.add((quote, OA.suffix, Literal(span.suffix)))
            g.add((quote, OA.start, nonneg(span.start)))
            g.add((quote, OA.end, nonneg(span.end)))
            g.add((quote, UPRKG.inSource, source))

    @staticmethod
    def add_note(g: Graph, node: URIRef, item: Located) -> None:
        if item.note:
            g.add((node, UPRKG.note, en(item.note)))

    # -- registry ----------------------------------------------------------

    def sources(self) -> None:
        for source in self.corpus.sources.values():
            g = self.source_graph(source.id)
            node = mint("source", source.id)
            g.add((node, RDF.type, UPRKG.Source))
            g.add((node, RDF.type, self.vocab.document_types[source.doc_type]))
            g.add((node, RDFS.label, en(source.title or source.id)))
            if source.title:
                g.add((node, DCTERMS.title, en(source.title)))
            if source.publisher:
                g.add((node, DCTERMS.publisher, self.entity(source.publisher)))
            if source.published:
                g.add(
                    (
                        node,
                        DCTERMS.issued,
                        Literal(source.published.literal, datatype=source.published.datatype),
                    )
                )
                g.add((node, UPRKG.datePrecision, PRECISION[source.published.precision]))
            g.add((node, DCTERMS.language, Literal(source.language, datatype=XSD.language)))
            g.add((node, UPRKG.fileName, Literal(source.file_name)))
            g.add((node, UPRKG.sha256, Literal(source.sha256)))
            g.add((node, UPRKG.characterCount, nonneg(len(source.text))))
            self.add_note(g, node, source)
            for span in source.spans:  # title and date quotes attest the metadata
                self.add_spans(g, node, [span])
            for bp in source.boilerplate:
                rng = span_iri("boilerplate", source.id, bp.start, bp.end)
                g.add((node, UPRKG.boilerplate, rng))
                g.add((rng, RDF.type, UPRKG.BoilerplateRange))
                g.add((rng, OA.start, nonneg(bp.start)))
                g.add((rng, OA.end, nonneg(bp.end)))
                g.add((rng, UPRKG.boilerplateKind, Literal(bp.kind)))
                g.add((rng, UPRKG.inSource, node))

    def actors(self) -> None:
        g = self.registry
        for actor in self.corpus.actors.values():
            node = mint("actor", actor.id)
            g.add((node, RDF.type, self.vocab.actor_types[actor.type]))
            g.add((node, RDFS.label, en(actor.label)))
            g.add((node, SKOS.prefLabel, en(actor.label)))
            for alias in actor.aliases:
                if alias != actor.label:
                    g.add((node, SKOS.altLabel, en(alias)))
            if actor.iso3:
                g.add((node, UPRKG.iso3166Alpha3, Literal(actor.iso3)))
            if actor.wikidata:
                g.add((node, SCHEMA.sameAs, WD[actor.wikidata]))
            for parent in actor.part_of:
                g.add((node, ORG.subOrganizationOf, mint("actor", parent)))
            if actor.based_in:
                g.add((node, UPRKG.basedIn, mint("actor", actor.based_in)))
            self.add_note(g, node, actor)
            self.add_spans(g, node, actor.spans)
            self.posts(actor)

    def posts(self, actor) -> None:
        g = self.registry
        seen: dict[str, int] = {}
        for post in actor.posts:
            seen[post.organisation] = seen.get(post.organisation, 0) + 1
            parts = [actor.id, post.organisation]
            if seen[post.organisation] > 1:
                parts.append(str(seen[post.organisation]))
            node = mint("post", *parts)
            org_label = self.corpus.actors[post.organisation].label
            g.add((node, RDF.type, UPRKG.Post))
            g.add((node, RDFS.label, en(f"{actor.label}, {post.title} ({org_label})")))
            g.add((node, ORG.member, mint("actor", actor.id)))
            g.add((node, ORG.organization, mint("actor", post.organisation)))
            g.add((node, UPRKG.title, en(post.title)))
            g.add((node, UPRKG.tenure, self.vocab.tenures[post.tenure]))
            if post.period_text:
                g.add((node, UPRKG.periodText, en(post.period_text)))
            self.add_spans(g, node, post.spans)

    def topics(self) -> None:
        g = self.registry
        for topic in self.corpus.topics.values():
            node = mint("topic", topic.id)
            g.add((node, RDF.type, UPRKG.Topic))
            g.add((node, SKOS.inScheme, UPRKG.TopicScheme))
            g.add((node, SKOS.notation, Literal(topic.id)))
            g.add((node, RDFS.label, en(topic.label)))
            g.add((node, SKOS.prefLabel, en(topic.label)))
            g.add((node, SKOS.definition, en(topic.definition)))
            if topic.broader:
                g.add((node, SKOS.broader, mint("topic", topic.broader)))
            else:
                g.add((node, SKOS.topConceptOf, UPRKG.TopicScheme))
            self.add_note(g, node, topic)

    def documents(self) -> None:
        g = self.registry
        for doc in self.corpus.documents.values():
            node = mint("document", doc.id)
            g.add((node, RDF.type, self.vocab.document_types[doc.type]))
            g.add((node, RDFS.label, en(doc.label)))
            for actor in doc.responsible:
                g.add((node, UPRKG.responsibleActor, mint("actor", actor)))
            if doc.recipient:
                g.add((node, SCHEMA.recipient, mint("actor", doc.recipient)))
            if doc.review:
                g.add((node, UPRKG.forReview, mint("review", doc.review)))
            self.add_date(g, node, doc.date, doc.date_text)
            self.add_note(g, node, doc)
            self.add_spans(g, node, doc.spans)
        for decision in self.corpus.decisions.values():
            node = mint("decision", decision.id)
            g.add((node, RDF.type, UPRKG.Decision))
            g.add((node, RDFS.label, en(decision.label)))
            for actor in decision.responsible:
                g.add((node, UPRKG.responsibleActor, mint("actor", actor)))
            self.add_note(g, node, decision)
            self.add_spans(g, node, decision.spans)

    def propositions(self) -> None:
        """One node per subject and property claims are about; contested when two conflict."""
        g = self.registry
        contested = self.claimset.contested()
        for (subject, prop), found in self.claimset.propositions.items():
            node = mint("proposition", subject, prop)
            g.add((node, RDF.type, UPRKG.Proposition))
            if (subject, prop) in contested:
                g.add((node, RDF.type, UPRKG.ContestedProposition))
            g.add((node, RDFS.label, en(found.label)))
            g.add((node, UPRKG.subject, self.item(subject)))
            g.add((node, UPRKG.claimProperty, self.vocab.claim_properties[prop].iri))
            if found.declared:
                g.add((node, SKOS.notation, Literal(found.declared)))
                self.add_note(g, node, self.corpus.propositions[found.declared])

    def upr(self) -> None:
        g = self.registry
        for cycle in self.corpus.cycles.values():
            node = mint("cycle", cycle.id)
            g.add((node, RDF.type, UPRKG.UPRCycle))
            g.add((node, RDFS.label, en(cycle.label)))
            g.add((node, UPRKG.cycleNumber, Literal(cycle.number, datatype=XSD.integer)))
            self.add_note(g, node, cycle)
            self.add_spans(g, node, cycle.spans)
        for review in self.corpus.reviews.values():
            node = mint("review", review.id)
            g.add((node, RDF.type, UPRKG.Review))
            g.add((node, RDFS.label, en(review.label)))
            g.add((node, UPRKG.stateUnderReview, mint("actor", review.state)))
            if review.cycle:
                g.add((node, UPRKG.cycle, mint("cycle", review.cycle)))
            if review.participation:
                g.add((node, UPRKG.participation, self.vocab.participations[review.participation]))
            self.add_date(g, node, review.date, None)
            self.add_note(g, node, review)
            self.add_spans(g, node, review.spans)

    # -- annotations ---------------------------------------------------------

    def statement_core(self, g: Graph, st: Statement) -> URIRef:
        node = mint("statement", st.id)
        g.add((node, RDF.type, UPRKG.Statement))
        g.add((node, RDFS.label, en(st.paraphrase)))
        g.add((node, UPRKG.paraphrase, en(st.paraphrase)))
        for speaker in st.speakers:
            g.add((node, UPRKG.speaker, mint("actor", speaker)))
        if st.on_behalf_of:
            g.add((node, UPRKG.onBehalfOf, mint("actor", st.on_behalf_of)))
        g.add((node, UPRKG.voice, VOICE[st.voice]))
        g.add((node, UPRKG.stance, STANCE[st.stance]))
        for reason in st.reasons:
            g.add((node, UPRKG.reason, mint("topic", reason)))
        if st.action:
            g.add((node, UPRKG.action, en(st.action)))
        if st.channel:
            g.add((node, UPRKG.channel, CHANNEL[st.channel]))
        if st.in_document:
            g.add((node, UPRKG.inDocument, mint("document", st.in_document)))
        self.add_date(g, node, st.date, st.date_text)
        self.add_note(g, node, st)
        for target in st.targets:
            entity = self.entity(target.id)
            qualified = URIRef(f"{node}/target/{target.id}")
            g.add((node, UPRKG.target, entity))
            g.add((node, UPRKG.qualifiedTarget, qualified))
            g.add((qualified, RDF.type, UPRKG.QualifiedTarget))
            g.add((qualified, UPRKG.targetedEntity, entity))
            g.add((qualified, UPRKG.targetRole, ROLE[target.role]))
        return node

    def event_core(self, g: Graph, ev: Event) -> URIRef:
        node = mint("event", ev.id)
        g.add((node, RDF.type, self.vocab.event_types[ev.type]))
        g.add((node, RDFS.label, en(ev.label)))
        if ev.paraphrase:
            g.add((node, UPRKG.paraphrase, en(ev.paraphrase)))
        for prop, actors in (
            (UPRKG.performedBy, ev.performed_by),
            (UPRKG.affects, ev.affects),
            (UPRKG.participant, ev.participants),
        ):
            for actor in actors:
                g.add((node, prop, mint("actor", actor)))
        self.add_date(g, node, ev.date, ev.date_text)
        if ev.end_date:
            g.add(
                (node, UPRKG.endDate, Literal(ev.end_date.literal, datatype=ev.end_date.datatype))
            )
        if ev.rescheduled_to:
            g.add(
                (
                    node,
                    UPRKG.rescheduledTo,
                    Literal(ev.rescheduled_to.literal, datatype=ev.rescheduled_to.datatype),
                )
            )
        if ev.review:
            g.add((node, UPRKG.forReview, mint("review", ev.review)))
        if ev.document:
            g.add((node, UPRKG.document, mint("document", ev.document)))
        self.add_note(g, node, ev)
        return node

    def annotations(self) -> None:
        from uprkg.progress import progress

        c = self.corpus
        for st in progress(c.statements.values(), len(c.statements), "statements"):
            g = self.source_graph(st.source)
            self.add_spans(g, self.statement_core(g, st), st.spans)
        for ev in c.events.values():
            g = self.source_graph(ev.source)
            self.add_spans(g, self.event_core(g, ev), ev.spans)
        for report in c.reports:
            g = self.source_graph(report.source)
            if report.kind == "statement":
                node = self.statement_core(g, c.statements[report.id])
            else:
                node = self.event_core(g, c.events[report.id])
            self.add_note(g, node, report)
            self.add_spans(g, node, report.spans)
        for claim in self.claimset.claims:
            self.claim(claim)
        for comparison in self.claimset.comparisons:
            self.comparison(comparison)

    def claim(self, claim: Claim) -> None:
        g = self.source_graph(claim.source)
        node = claim_iri(claim)
        g.add((node, RDF.type, UPRKG.Claim))
        if claim.value is None:
            g.add((node, RDF.type, UPRKG.TextClaim))
        if claim.detail_of:
            g.add((node, RDF.type, UPRKG.DetailClaim))
        g.add((node, RDFS.label, en(claim.paraphrase)))
        g.add((node, UPRKG.paraphrase, en(claim.paraphrase)))
        g.add((node, UPRKG.voice, VOICE[claim.voice]))
        for claimant in claim.claimants:
            g.add((node, UPRKG.claimant, mint("actor", claimant)))
        if claim.subject and claim.property:
            g.add((node, UPRKG.subject, self.item(claim.subject)))
            g.add((node, UPRKG.claimProperty, self.vocab.claim_properties[claim.property].iri))
            g.add((node, UPRKG.proposition, mint("proposition", claim.subject, claim.property)))
        if claim.value_text:
            g.add((node, UPRKG.valueText, en(claim.value_text)))
        if claim.value is not None:
            self.add_value(g, node, claim)
        self.add_note(g, node, claim)
        self.add_spans(g, node, claim.spans)

    def add_value(self, g: Graph, node: URIRef, claim: Claim) -> None:
        """The typed value (or range), its precision for a date, and a label for reading."""
        value = claim.value
        spec = self.vocab.claim_properties[claim.property or ""]
        if isinstance(value, Entities):
            for item in value.ids:
                g.add((node, UPRKG.value, self.item(item)))
        elif isinstance(value, Concept):
            g.add((node, UPRKG.value, spec.concepts[value.notation]))
        else:
            roles = {"value": UPRKG.value, "min": UPRKG.minValue, "max": UPRKG.maxValue}
            for role, (lexical, datatype) in value.literals().items():
                typed = URIRef(datatype) if datatype else None
                g.add((node, roles[role], Literal(lexical, datatype=typed)))
        if spec.kind == "date":
            g.add((node, UPRKG.valuePrecision, PRECISION[value.precision]))
        g.add((node, UPRKG.valueLabel, en(self.value_label(claim))))

    def value_label(self, claim: Claim) -> str:
        value = claim.value
        if isinstance(value, Concept):
            spec = self.vocab.claim_properties[claim.property or ""]
            concept = spec.concepts[value.notation]
            return str(self.vocab.graph.value(concept, SKOS.prefLabel) or value.notation)
        return value.label(lambda i: item_label(self.corpus, i))  # type: ignore[union-attr]

    def comparison(self, comparison: Comparison) -> None:
        """A compared pair of values (or an agreement on one), with the claims on each side.

        In the registry: it belongs to no single source.
        """
        g = self.registry
        first, second = comparison.first, comparison.second
        keys = [first.value.key] + ([second.value.key] if second else [])
        node = mint("comparison", comparison.subject, comparison.property, *keys)
        relation = comparison.relation.value
        g.add((node, RDF.type, COMPARISON_CLASS[relation]))
        sides = [self.side_label(first)] + ([self.side_label(second)] if second else [])
        g.add((node, RDFS.label, en(f"{relation}: {' and '.join(sides)}")))
        for claim in comparison.claims:
            g.add((node, UPRKG.comparedClaim, claim_iri(claim)))
        if second is not None:
            for claim in first.claims:
                g.add((node, UPRKG.firstClaim, claim_iri(claim)))
            for claim in second.claims:
                g.add((node, UPRKG.secondClaim, claim_iri(claim)))
        g.add((node, UPRKG.compatibilityRule, Literal(comparison.verdict.rule)))
        g.add((node, UPRKG.explanation, en(comparison.verdict.explanation)))

    def side_label(self, side) -> str:
        sources = ", ".join(sorted(side.sources))
        return f"{self.value_label(side.claims[0])} ({sources})"

    # -- ontology terms used -------------------------------------------------

    def ontology_terms(self) -> None:
        """Copy the ontology's named-node triples about every term the data uses.

        Follows superclasses, schemes and mappings, so the build carries the
        labels, definitions, hierarchy and CAMEO/PLOVER mappings it needs,
        while the OWL restrictions (blank nodes) stay in ontology/uprkg.ttl.
        """
        onto = self.vocab.graph
        defined = set(onto.subjects())
        used = {term for s, p, o, _ in self.dataset.quads() for term in (s, p, o)}
        todo = [t for t in used if t in defined]
        todo.append(URIRef(BASE + "ontology"))
        seen: set = set()
        g = self.dataset.graph(GRAPH_ONTOLOGY)
        while todo:
            term = todo.pop()
            if term in seen:
                continue
            seen.add(term)
            for p, o in onto.predicate_objects(term):
                if isinstance(o, BNode):
                    continue
                g.add((term, p, o))
                if isinstance(o, URIRef) and o in defined and p != RDFS.seeAlso:
                    todo.append(o)

    def build(self) -> QuadStore:
        self.sources()
        self.actors()
        self.topics()
        self.documents()
        self.propositions()
        self.upr()
        self.annotations()
        self.records()
        self.ontology_terms()
        return self.dataset

    def records(self) -> None:
        """The formal UPR record the corpus bundles (records/), one graph per dataset."""
        from uprkg.importers.bundled import add_bundled_records

        add_bundled_records(self.dataset, self.corpus)


def claim_iri(claim: Claim) -> URIRef:
    """A written claim is named by its id; a derived one by item, property and source."""
    return mint("claim", *claim.id.split("/"))


def build_quads(corpus: Corpus, vocabulary: Vocabulary | None = None) -> QuadStore:
    """Build the named graphs of a verified corpus as a QuadStore (the fast path)."""
    return Builder(corpus, vocabulary or load_vocabulary()).build()


def build_dataset(corpus: Corpus, vocabulary: Vocabulary | None = None) -> Dataset:
    """Build the dataset for a verified corpus (see module docstring)."""
    return build_quads(corpus, vocabulary).to_dataset()


def union_graph(dataset: Dataset | QuadStore) -> Graph:
    """All named graphs merged into one graph (the content of uprkg.ttl)."""
    union = Graph()
    bind_prefixes(union)
    if isinstance(dataset, QuadStore):
        for triple in dataset.union():
            union.add(triple)
        return union
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union
