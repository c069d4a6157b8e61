"""Namespaces and the minting of stable IRIs from stable ids.

Every IRI in the graph is derived from an id written in the corpus (or from
a source id and character offsets), never from a counter or a random number,
so two builds of the same corpus give the same IRIs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote

from rdflib import Namespace, URIRef

BASE = "https://w3id.org/uprkg/"


class InternedNamespace(Namespace):
    """A Namespace that makes each term once: `UPRKG.quote` is the same object
    every time. rdflib's Namespace builds a new URIRef per attribute access,
    and equal but distinct URIRefs cost a Python-level __eq__ in every dict
    and set look-up of the build, the serialiser and the validator."""

    def __getattr__(self, name: str):
        if name.startswith("__"):  # copy, pickle and friends probe for these
            raise AttributeError(name)
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term


UPRKG = InternedNamespace(BASE + "ontology#")
STANCE = InternedNamespace(BASE + "stance/")
CHANNEL = InternedNamespace(BASE + "channel/")
ROLE = InternedNamespace(BASE + "role/")
TENURE = InternedNamespace(BASE + "tenure/")
VOICE = InternedNamespace(BASE + "voice/")
PARTICIPATION = InternedNamespace(BASE + "participation/")
CLAIMPROP = InternedNamespace(BASE + "claim-property/")
VALUEKIND = InternedNamespace(BASE + "value-kind/")
PLOVER = InternedNamespace(BASE + "ext/plover/")
CAMEO = InternedNamespace(BASE + "ext/cameo/")
RESPONSE = InternedNamespace(BASE + "response/")
ACTION = InternedNamespace(BASE + "upr-info/action/")
UPR_INFO_ISSUE = InternedNamespace(BASE + "upr-info/issue/")
REGIONAL_GROUP = InternedNamespace(BASE + "regional-group/")

PROV = InternedNamespace("http://www.w3.org/ns/prov#")
ORG = InternedNamespace("http://www.w3.org/ns/org#")
OA = InternedNamespace("http://www.w3.org/ns/oa#")
SCHEMA = InternedNamespace("https://schema.org/")
TIME = InternedNamespace("http://www.w3.org/2006/time#")
WD = InternedNamespace("http://www.wikidata.org/entity/")

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
    "recommendation",
    "dataset",
)
DATA = {kind: Namespace(f"{ID}{kind}/") for kind in KINDS}

GRAPH_REGISTRY = URIRef(BASE + "graph/registry")
GRAPH_ONTOLOGY = URIRef(BASE + "graph/ontology")
GRAPH_INFERRED = URIRef(BASE + "graph/inferred")


def graph_for_source(source_id: str) -> URIRef:
    return URIRef(f"{BASE}graph/source/{quote(source_id, safe='')}")


RECORD_GRAPHS = BASE + "graph/record/"


def graph_for_record(dataset_id: str) -> URIRef:
    """The named graph of one imported dataset of the UPR record."""
    return URIRef(f"{RECORD_GRAPHS}{quote(dataset_id, safe='')}")


@lru_cache(maxsize=1 << 18)  # the same IRI is the same object (see InternedNamespace)
def mint(kind: str, *parts: str) -> URIRef:
    """IRI of a `kind` thing from its id parts (percent-encoded, '/'-joined)."""
    return URIRef(DATA[kind] + "/".join(map(_quote_part, parts)))


_SAFE_PART = re.compile(r"[A-Za-z0-9_.~-]*")


def _quote_part(part) -> str:
    """An id part percent-encoded (urllib's quote, skipped when nothing needs it)."""
    text = str(part)
    return text if _SAFE_PART.fullmatch(text) else quote(text, safe="-_.~")


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
    "response": RESPONSE,
    "action": ACTION,
    "issue": UPR_INFO_ISSUE,
    "group": REGIONAL_GROUP,
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
