"""The allowed values of the annotation format, with their definitions.

Read from the ontology (concept schemes and class hierarchies), except the
topics, which are corpus knowledge (topics.yaml), and the boilerplate
kinds, which the loader defines. `uprkg vocab NAME` prints them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, URIRef

from uprkg.namespaces import UPRKG

SCHEMES = {
    "stances": "StanceScheme",
    "channels": "ChannelScheme",
    "roles": "TargetRoleScheme",
    "tenures": "TenureScheme",
    "voices": "VoiceScheme",
    "participations": "ParticipationScheme",
    "claim-properties": "ClaimPropertyScheme",
}
CLASSES = {"event-types": "Event", "actor-types": "Actor", "document-types": "Document"}
NAMES = (*SCHEMES, *CLASSES, "topics", "boilerplate-kinds")


@dataclass(frozen=True)
class Term:
    value: str  # what YAML writes
    label: str
    definition: str
    broader: str = ""


def _text(graph, node, *props) -> str:
    for prop in props:
        for value in graph.objects(node, prop):
            if getattr(value, "language", None) in (None, "en"):
                return " ".join(str(value).split())
    return ""


def terms(
    name: str, corpus_root: Path | None = None, ontology: Path | None = None
) -> tuple[list[Term], str]:
    """The terms of one vocabulary and a note (why it is empty, where it comes from)."""
    from uprkg.vocab import load_vocabulary

    if name not in NAMES:
        raise KeyError(name)
    graph = load_vocabulary(ontology).graph
    if name in SCHEMES:
        scheme = UPRKG[SCHEMES[name]]
        declared = (SKOS.ConceptScheme, UPRKG.CodeList)  # CodeList: a uprkg ConceptScheme
        if not any((scheme, RDF.type, kind) in graph for kind in declared):
            return [], f"the ontology declares no uprkg:{SCHEMES[name]} (yet)"
        found = []
        for concept in set(graph.subjects(SKOS.inScheme, scheme)):
            notation = _text(graph, concept, SKOS.notation) or _local(concept)
            broader = graph.value(concept, SKOS.broader)
            found.append(
                Term(
                    notation,
                    _text(graph, concept, SKOS.prefLabel, RDFS.label),
                    _text(graph, concept, SKOS.definition),
                    _text(graph, broader, SKOS.notation) if broader else "",
                )
            )
        note = f"uprkg:{SCHEMES[name]} in the ontology"
        if not found:
            note = f"uprkg:{SCHEMES[name]} holds no concepts yet"
        return sorted(found, key=lambda t: t.value), note
    if name in CLASSES:
        root = UPRKG[CLASSES[name]]
        found = []
        for cls in set(graph.transitive_subjects(RDFS.subClassOf, root)):
            if cls == root or not isinstance(cls, URIRef) or not str(cls).startswith(str(UPRKG)):
                continue
            parent = next(
                (
                    p
                    for p in graph.objects(cls, RDFS.subClassOf)
                    if isinstance(p, URIRef) and str(p).startswith(str(UPRKG)) and p != root
                ),
                None,
            )
            found.append(
                Term(
                    _local(cls),
                    _text(graph, cls, RDFS.label),
                    _text(graph, cls, SKOS.definition),
                    _local(parent) if parent is not None else "",
                )
            )
        return sorted(found, key=lambda t: t.value), f"subclasses of uprkg:{CLASSES[name]}"
    if name == "boilerplate-kinds":
        from uprkg.corpus import BOILERPLATE_KINDS

        return [Term(k, k.replace("-", " "), "") for k in BOILERPLATE_KINDS], (
            "defined by the loader (uprkg.corpus.BOILERPLATE_KINDS)"
        )
    return _topics(corpus_root)


def _topics(corpus_root: Path | None) -> tuple[list[Term], str]:
    from uprkg import paths
    from uprkg.corpus import Loader
    from uprkg.vocab import load_vocabulary

    root = Path(corpus_root) if corpus_root else paths.default_corpus()
    loader = Loader(root, load_vocabulary())
    loader.load_topics()
    loader.problems.raise_if_any()
    found = [
        Term(t.id, t.label, t.definition, t.broader or "") for t in loader.corpus.topics.values()
    ]
    return sorted(found, key=lambda t: t.value), f"the corpus's {root / 'topics.yaml'}"


def _local(iri) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
