"""The UPR record as plain data, and its triples as sorted N-Quads text.

The readers (`upr_info`, `un_recommendations`) turn rows into
`Recommendation`s; `record_nquads` writes them, with the dataset node, the
states, reviews, cycles, report and issue concepts they name, into the
dataset's own named graph. N-Quads text is built directly (no rdflib
objects), so the 41k-row UPR Info file takes seconds, and sorted, so two
imports of the same file give the same bytes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from uprkg.importers.states import State, StateIndex
from uprkg.model import Corpus
from uprkg.namespaces import (
    ACTION,
    REGIONAL_GROUP,
    RESPONSE,
    UPR_INFO_ISSUE,
    UPRKG,
    graph_for_record,
    mint,
)

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"

RESPONSES = ("supported", "noted", "partially-supported")
REGIONAL_GROUPS = {
    "Africa": "africa",
    "Asia": "asia",
    "EEG": "eeg",
    "GRULAC": "grulac",
    "WEOG": "weog",
    "Observer": "observer",
}
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


@dataclass
class DatasetInfo:
    """What the dataset node says: where the file came from and who made it."""

    id: str
    title: str
    publisher: str
    licence_note: str
    file_name: str
    sha256: str
    description: str | None = None

    @property
    def iri(self) -> str:
        return str(mint("dataset", self.id))

    @property
    def graph(self) -> str:
        return str(graph_for_record(self.id))


@dataclass
class Recommendation:
    """One recommendation: one node, whatever the number of rows and recommenders."""

    iri: str
    state_under_review: State
    recommenders: list[State]
    text: str
    response: str  # one of RESPONSES
    response_as_recorded: str
    cycle: int | None
    session: int | None = None
    paragraph: str | None = None
    document: str | None = None  # UN symbol of the Working Group report
    action: str | None = None
    issues: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    corrections: list[str] = field(default_factory=list)


def digest(*parts: str, length: int = 16) -> str:
    """A short stable hash of some text parts (for recommendation ids)."""
    joined = "\x1f".join(parts).encode("utf-8")
    return hashlib.sha256(joined).hexdigest()[:length]


def slug(text: str) -> str:
    """Lower-case words joined by '-' (UPR Info issue labels, file stems, UN symbols)."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


# -- N-Quads terms -------------------------------------------------------------

_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r"}
_ESCAPES.update({c: f"\\u{c:04X}" for c in range(0x20) if c not in (0x0A, 0x0D)})
_ESCAPES[0x7F] = "\\u007F"


def lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    body = '"' + text.translate(_ESCAPES) + '"'
    if lang:
        return f"{body}@{lang}"
    if datatype:
        return f"{body}^^<{datatype}>"
    return body


def en(text: str) -> str:
    return lit(text, lang="en")


def integer(number: int) -> str:
    return lit(str(number), datatype=XSD + "integer")


def positive(number: int) -> str:
    return lit(str(number), datatype=XSD + "positiveInteger")


class Quads:
    """A set of N-Quads lines in one named graph."""

    def __init__(self, graph: str) -> None:
        self.graph = f"<{graph}>"
        self.lines: set[str] = set()

    def add(self, s: str, p: str, o: str) -> None:
        """Subject and predicate are IRIs; the object an IRI or a term from lit()."""
        if not o.startswith('"'):
            o = f"<{o}>"
        self.lines.add(f"<{s}> <{p}> {o} {self.graph} .\n")

    def text(self) -> str:
        return "".join(sorted(self.lines))


# -- the registry's reviews and cycles ---------------------------------------------


class Registry:
    """States, reviews, cycles and topics of the corpus the record joins."""

    def __init__(self, corpus: Corpus) -> None:
        self.states = StateIndex(corpus.actors)
        self.topics = set(corpus.topics)
        self.cycles = {c.number: c for c in corpus.cycles.values()}
        self.reviews = {(r.state, r.cycle): r for r in corpus.reviews.values() if r.cycle}

    def cycle_iri(self, number: int) -> str:
        cycle = self.cycles.get(number)
        return str(mint("cycle", cycle.id if cycle else f"upr-cycle-{number}"))

    def cycle_label(self, number: int) -> str:
        cycle = self.cycles.get(number)
        if cycle:
            return cycle.label
        ordinal = ORDINALS[number - 1] if number <= len(ORDINALS) else f"number {number}"
        return f"{ordinal} UPR cycle"

    def review(self, state: State, cycle: int | None) -> tuple[str, str]:
        """IRI and label of the review of a state in a cycle.

        The registry's review when upr.yaml has one for that state and cycle
        (us-review-2010 ...), else `id/review/<state id>-upr-cycle-<n>`.
        """
        local = state.iri.rsplit("/", 1)[1]
        if cycle is None:
            return str(mint("review", f"{local}-upr")), f"UPR of {state.label}"
        cycle_id = self.cycle_iri(cycle).rsplit("/", 1)[1]
        found = self.reviews.get((local, cycle_id))
        if found:
            return str(mint("review", found.id)), found.label
        return (
            str(mint("review", f"{local}-upr-cycle-{cycle}")),
            f"UPR of {state.label}, {self.cycle_label(cycle)}",
        )


# -- the triples -------------------------------------------------------------------


def record_nquads(
    info: DatasetInfo,
    recommendations: Iterable[Recommendation],
    registry: Registry,
    *,
    regional_groups: dict[str, set[str]] | None = None,
    spellings: dict[str, set[str]] | None = None,
    issue_topics: dict[str, str] | None = None,
) -> Quads:
    """Every triple of one imported dataset, in its own named graph."""
    q = Quads(info.graph)
    u = str(UPRKG)
    ds = info.iri
    q.add(ds, RDF_TYPE, u + "RecordDataset")
    q.add(ds, RDFS_LABEL, en(info.title))
    q.add(ds, DCT + "title", en(info.title))
    q.add(ds, DCT + "publisher", lit(info.publisher))
    q.add(ds, u + "licenceNote", en(info.licence_note))
    q.add(ds, u + "dataFile", lit(info.file_name))
    q.add(ds, u + "dataFileSha256", lit(info.sha256))
    if info.description:
        q.add(ds, DCT + "description", en(info.description))

    states: dict[str, State] = {}
    reviews: dict[str, tuple[State, int | None, str]] = {}
    documents: dict[str, str] = {}
    issues: set[str] = set()
    for rec in recommendations:
        r = rec.iri
        sur = rec.state_under_review
        states[sur.code] = sur
        review, review_label = registry.review(sur, rec.cycle)
        reviews[review] = (sur, rec.cycle, review_label)
        q.add(r, RDF_TYPE, u + "Recommendation")
        q.add(r, u + "recommendedTo", sur.iri)
        for state in rec.recommenders:
            states[state.code] = state
            q.add(r, u + "recommendedBy", state.iri)
        q.add(r, u + "forReview", review)
        q.add(r, u + "text", lit(rec.text))
        q.add(r, u + "recordedIn", ds)
        for line in rec.lines:
            row = f"{ds}/row/{line}"
            q.add(r, u + "sourceRow", row)
            q.add(row, u + "recordedIn", ds)
            q.add(row, u + "sourceLine", positive(line))
        if rec.session is not None:
            q.add(r, u + "sessionNumber", integer(rec.session))
        if rec.paragraph:
            q.add(r, u + "paragraph", lit(rec.paragraph))
        if rec.document:
            doc = str(mint("document", slug(rec.document)))
            documents[doc] = rec.document
            q.add(doc, u + "forReview", review)
            q.add(r, u + "inReport", doc)
        if rec.action:
            q.add(r, u + "actionCategory", str(ACTION[rec.action]))
        for label in rec.issues:
            issues.add(label)
            q.add(r, u + "issue", str(UPR_INFO_ISSUE[slug(label)]))
        for note in rec.corrections:
            q.add(r, u + "correction", en(note))
        response = r + "/response"
        q.add(response, RDF_TYPE, u + "RecommendationResponse")
        q.add(response, u + "respondsTo", r)
        q.add(response, u + "respondent", sur.iri)
        q.add(response, u + "responseStatus", str(RESPONSE[rec.response]))
        q.add(response, u + "responseAsRecorded", lit(rec.response_as_recorded))

    for code, state in states.items():
        q.add(state.iri, RDF_TYPE, u + "State")
        q.add(state.iri, RDFS_LABEL, en(state.label))
        q.add(state.iri, SKOS + "prefLabel", en(state.label))
        q.add(state.iri, u + "iso3166Alpha3", lit(code))
        for spelling in sorted((spellings or {}).get(code, ())):
            if spelling != state.label:
                q.add(state.iri, SKOS + "altLabel", en(spelling))
        for group in sorted((regional_groups or {}).get(code, ())):
            q.add(state.iri, u + "regionalGroup", str(REGIONAL_GROUP[REGIONAL_GROUPS[group]]))
    for review, (state, cycle, label) in reviews.items():
        q.add(review, RDF_TYPE, u + "Review")
        q.add(review, RDFS_LABEL, en(label))
        q.add(review, u + "stateUnderReview", state.iri)
        if cycle is not None:
            cycle_iri = registry.cycle_iri(cycle)
            q.add(review, u + "cycle", cycle_iri)
            q.add(cycle_iri, RDF_TYPE, u + "UPRCycle")
            q.add(cycle_iri, RDFS_LABEL, en(registry.cycle_label(cycle)))
            q.add(cycle_iri, u + "cycleNumber", integer(cycle))
    for doc, symbol in documents.items():
        q.add(doc, RDF_TYPE, u + "OutcomeDocument")
        q.add(doc, RDFS_LABEL, en(f"UN document {symbol}"))
        q.add(doc, u + "unSymbol", lit(symbol))
    for label in issues:
        concept = str(UPR_INFO_ISSUE[slug(label)])
        q.add(concept, RDF_TYPE, u + "RecordIssue")
        q.add(concept, SKOS + "inScheme", u + "UPRInfoIssueScheme")
        q.add(concept, SKOS + "topConceptOf", u + "UPRInfoIssueScheme")
        q.add(concept, SKOS + "notation", lit(label))
        q.add(concept, RDFS_LABEL, en(label))
        q.add(concept, SKOS + "prefLabel", en(label))
        topic = (issue_topics or {}).get(label)
        if topic and topic in registry.topics:
            q.add(concept, SKOS + "closeMatch", str(mint("topic", topic)))
    return q
