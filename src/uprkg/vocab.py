"""The closed vocabularies of the annotation format, read from the ontology.

The ontology file is the single source of truth: the allowed actor types,
event types, document types, stances, channels, target roles, tenures,
voices, participation statuses and claim properties are whatever it
declares. YAML uses the class local names (`State`, `ReviewSession`) and
the concepts' skos:notation (`criticism`, `remarks-at-session`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, Graph, URIRef

from uprkg import paths
from uprkg.claims.properties import PropertySpec, read_property_specs
from uprkg.namespaces import UPRKG


@dataclass(frozen=True)
class Vocabulary:
    actor_types: dict[str, URIRef]
    event_types: dict[str, URIRef]
    document_types: dict[str, URIRef]
    stances: dict[str, URIRef]
    channels: dict[str, URIRef]
    target_roles: dict[str, URIRef]
    tenures: dict[str, URIRef]
    voices: dict[str, URIRef]
    participations: dict[str, URIRef]
    claim_properties: dict[str, PropertySpec]  # uprkg:ClaimPropertyScheme, by notation
    graph: Graph


def _subclasses(graph: Graph, root: URIRef) -> dict[str, URIRef]:
    found = {}
    for cls in graph.transitive_subjects(RDFS.subClassOf, root):
        if isinstance(cls, URIRef) and cls.startswith(str(UPRKG)):
            found[cls[len(str(UPRKG)) :]] = cls
    return found


def _concepts(graph: Graph, cls: URIRef) -> dict[str, URIRef]:
    return {
        str(graph.value(c, SKOS.notation)): c
        for c in graph.subjects(RDF.type, cls)
        if graph.value(c, SKOS.notation) is not None
    }


@cache
def load_vocabulary(ontology: Path | None = None) -> Vocabulary:
    graph = Graph()
    graph.parse(ontology or paths.ontology_file(), format="turtle")
    actor_types = _subclasses(graph, UPRKG.Actor)
    actor_types.pop("Actor", None)
    documents = _subclasses(graph, UPRKG.Document)
    documents.pop("Document", None)
    events = _subclasses(graph, UPRKG.Event)
    events.pop("Event", None)
    return Vocabulary(
        actor_types=actor_types,
        event_types=events,
        document_types=documents,
        stances=_concepts(graph, UPRKG.Stance),
        channels=_concepts(graph, UPRKG.Channel),
        target_roles=_concepts(graph, UPRKG.TargetRole),
        tenures=_concepts(graph, UPRKG.Tenure),
        voices=_concepts(graph, UPRKG.Voice),
        participations=_concepts(graph, UPRKG.ParticipationStatus),
        claim_properties=read_property_specs(graph),
        graph=graph,
    )
