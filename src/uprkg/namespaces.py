"""Namespaces and the minting of stable IRIs from stable ids.

Every IRI in the graph is derived from an id written in the corpus (or from
a source id and character offsets), never from a counter or a random number,
so two builds of the same corpus give the same IRIs.
"""

from __future__ import annotations

from urllib.parse import quote

from rdflib import Namespace, URIRef

BASE = "https://w3id.org/uprkg/"

UPRKG = Namespace(BASE + "ontology#")
STANCE = Namespace(BASE + "stance/")
CHANNEL = Namespace(BASE + "channel/")
ROLE = Namespace(BASE + "role/")
TENURE = Namespace(BASE + "tenure/")
VOICE = Namespace(BASE + "voice/")
PARTICIPATION = Namespace(BASE + "participation/")
CLAIMPROP = Namespace(BASE + "claim-property/")
VALUEKIND = Namespace(BASE + "value-kind/")
PLOVER = Namespace(BASE + "ext/plover/")
CAMEO = Namespace(BASE + "ext/cameo/")

PROV = Namespace("http://www.w3.org/ns/prov#")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")
WD = Namespace("http://www.wikidata.org/entity/")

ID = BASE + "id/"
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
)
DATA = {kind: Namespace(f"{ID}{kind}/") for kind in KINDS}

GRAPH_REGISTRY = URIRef(BASE + "graph/registry")
GRAPH_ONTOLOGY = URIRef(BASE + "graph/ontology")
GRAPH_INFERRED = URIRef(BASE + "graph/inferred")


def graph_for_source(source_id: str) -> URIRef:
    return URIRef(f"{BASE}graph/source/{quote(source_id, safe='')}")


def mint(kind: str, *parts: str) -> URIRef:
    """IRI of a `kind` thing from its id parts (percent-encoded, '/'-joined)."""
    return URIRef(DATA[kind] + "/".join(quote(str(p), safe="-_.~") for p in parts))


def span_iri(kind: str, source_id: str, start: int, end: int) -> URIRef:
    """A quote or boilerplate range is named by its source and offsets."""
    return mint(kind, source_id, f"{start}-{end}")


PREFIXES = {
    "uprkg": UPRKG,
    "stance": STANCE,
    "channel": CHANNEL,
    "role": ROLE,
    "tenure": TENURE,
    "voice": VOICE,
    "participation": PARTICIPATION,
    "claimprop": CLAIMPROP,
    "valuekind": VALUEKIND,
    "plover": PLOVER,
    "cameo": CAMEO,
    **{kind: DATA[kind] for kind in KINDS},
    "prov": PROV,
    "org": ORG,
    "oa": OA,
    "schema": SCHEMA,
    "time": TIME,
    "wd": WD,
    "dct": Namespace("http://purl.org/dc/terms/"),
    "foaf": Namespace("http://xmlns.com/foaf/0.1/"),
    "skos": Namespace("http://www.w3.org/2004/02/skos/core#"),
    "owl": Namespace("http://www.w3.org/2002/07/owl#"),
    "rdf": Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    "rdfs": Namespace("http://www.w3.org/2000/01/rdf-schema#"),
    "xsd": Namespace("http://www.w3.org/2001/XMLSchema#"),
    "vann": Namespace("http://purl.org/vocab/vann/"),
    "void": Namespace("http://rdfs.org/ns/void#"),
    "dcat": Namespace("http://www.w3.org/ns/dcat#"),
}


def bind_prefixes(graph) -> None:
    """Bind the project's prefixes (replacing rdflib's defaults)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
