"""The project's namespace prefixes and graph names as plain strings.

`uprkg.namespaces` builds rdflib Namespaces, and importing rdflib alone costs
about 0.3 s. The query path (`uprkg query`, `uprkg sparql`, the store) needs
only the strings, so they live here, and `uprkg.namespaces` builds its
Namespaces from this table: add a prefix here.
"""

from __future__ import annotations

BASE = "https://w3id.org/uprkg/"
ID = BASE + "id/"
UPRKG = BASE + "ontology#"

GRAPH_REGISTRY = BASE + "graph/registry"
GRAPH_ONTOLOGY = BASE + "graph/ontology"
GRAPH_INFERRED = BASE + "graph/inferred"
GRAPH_SOURCE = BASE + "graph/source/"

KINDS = (
    "actor",
    "document",
    "decision",
    "source",
    "statement",
    "event",
    "claim",
    "proposition",
    "comparison",
    "topic",
    "post",
    "quote",
    "boilerplate",
    "review",
    "cycle",
    "recommendation",
    "dataset",
)

PREFIXES: dict[str, str] = {
    "uprkg": UPRKG,
    "stance": BASE + "stance/",
    "channel": BASE + "channel/",
    "role": BASE + "role/",
    "tenure": BASE + "tenure/",
    "voice": BASE + "voice/",
    "participation": BASE + "participation/",
    "claimprop": BASE + "claim-property/",
    "valuekind": BASE + "value-kind/",
    "plover": BASE + "ext/plover/",
    "cameo": BASE + "ext/cameo/",
    "response": BASE + "response/",
    "action": BASE + "upr-info/action/",
    "issue": BASE + "upr-info/issue/",
    "group": BASE + "regional-group/",
    **{kind: f"{ID}{kind}/" for kind in KINDS},
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "oa": "http://www.w3.org/ns/oa#",
    "schema": "https://schema.org/",
    "time": "http://www.w3.org/2006/time#",
    "wd": "http://www.wikidata.org/entity/",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "vann": "http://purl.org/vocab/vann/",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
}


def compact(iri: str) -> str:
    """`actor:usa` for an IRI in one of the project's namespaces, else the IRI."""
    for namespace, prefix in _LONGEST_FIRST:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


_LONGEST_FIRST = sorted(((iri, p) for p, iri in PREFIXES.items()), key=lambda x: -len(x[0]))
