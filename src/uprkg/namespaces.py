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

from uprkg import prefixes
from uprkg.prefixes import BASE, KINDS
from uprkg.prefixes import ID as ID  # re-exported for the modules that mint from here


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


# one Namespace per prefix of `uprkg.prefixes` (the strings the query path uses
# without importing rdflib), so the two tables cannot drift apart
PREFIXES: dict[str, Namespace] = {
    prefix: InternedNamespace(iri) for prefix, iri in prefixes.PREFIXES.items()
}
UPRKG = PREFIXES["uprkg"]
STANCE = PREFIXES["stance"]
CHANNEL = PREFIXES["channel"]
ROLE = PREFIXES["role"]
TENURE = PREFIXES["tenure"]
VOICE = PREFIXES["voice"]
PARTICIPATION = PREFIXES["participation"]
CLAIMPROP = PREFIXES["claimprop"]
VALUEKIND = PREFIXES["valuekind"]
PLOVER = PREFIXES["plover"]
CAMEO = PREFIXES["cameo"]
RESPONSE = PREFIXES["response"]
ACTION = PREFIXES["action"]
UPR_INFO_ISSUE = PREFIXES["issue"]
REGIONAL_GROUP = PREFIXES["group"]
PROV = PREFIXES["prov"]
ORG = PREFIXES["org"]
OA = PREFIXES["oa"]
SCHEMA = PREFIXES["schema"]
TIME = PREFIXES["time"]
WD = PREFIXES["wd"]
DATA = {kind: PREFIXES[kind] for kind in KINDS}

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


def bind_prefixes(graph) -> None:
    """Bind the project's prefixes (replacing rdflib's defaults)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
