"""The claim properties, read from the ontology's uprkg:ClaimPropertyScheme.

Each property says what kind of value it takes (`uprkg:valueKind`),
whether a subject has one value of it (`uprkg:singleValued`) and, for
concept values, the scheme they come from. The annotation format's
`property:` is the concept's skos:notation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, SKOS, Graph, Literal, URIRef

from uprkg.claims.values import KINDS
from uprkg.namespaces import UPRKG


@dataclass(frozen=True)
class PropertySpec:
    notation: str
    iri: URIRef
    kind: str
    single_valued: bool
    label: str
    definition: str
    scheme: URIRef | None = None
    concepts: dict[str, URIRef] = field(default_factory=dict)  # notation -> concept


def read_property_specs(graph: Graph) -> dict[str, PropertySpec]:
    """Every concept of uprkg:ClaimPropertyScheme, by notation."""
    specs = {}
    for concept in graph.subjects(SKOS.inScheme, UPRKG.ClaimPropertyScheme):
        notation = graph.value(concept, SKOS.notation)
        kind = graph.value(graph.value(concept, UPRKG.valueKind), SKOS.notation)
        if notation is None or str(kind) not in KINDS:
            continue
        single = graph.value(concept, UPRKG.singleValued)
        scheme = graph.value(concept, UPRKG.valueScheme)
        concepts = {}
        if isinstance(scheme, URIRef):
            for member in graph.subjects(SKOS.inScheme, scheme):
                if (member, RDF.type, None) in graph and graph.value(member, SKOS.notation):
                    concepts[str(graph.value(member, SKOS.notation))] = member
        specs[str(notation)] = PropertySpec(
            notation=str(notation),
            iri=concept,
            kind=str(kind),
            single_valued=not (isinstance(single, Literal) and single.toPython() is False),
            label=str(graph.value(concept, SKOS.prefLabel) or notation),
            definition=str(graph.value(concept, SKOS.definition) or ""),
            scheme=scheme if isinstance(scheme, URIRef) else None,
            concepts=concepts,
        )
    return dict(sorted(specs.items()))
