"""A VoID + DCAT description of the dataset, with counts computed from the graph.

Catalogues and colleagues read this before the data: what the dataset is,
its licence (CC BY 4.0), who made it, which version, which sources it draws
on, how big it is (triples, entities, instances per class, triples per named
graph), in which formats it comes, and a SPARQL query to start from (the
canned who-criticised-whom query). Nothing here is typed by hand that the
graph can say: every number is counted on the dataset being described.

The date is `$SOURCE_DATE_EPOCH` when set (reproducible builds), else today.
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import UTC, date, datetime

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, VOID

from uprkg import __version__, paths
from uprkg.namespaces import BASE, ID, PREFIXES, SCHEMA, UPRKG, bind_prefixes

DCAT = PREFIXES["dcat"]  # an open namespace: rdflib's DCAT lacks DCAT 3 terms (dcat:version)
DATASET = URIRef(BASE + "dataset")
PART = Namespace(BASE + "dataset/")
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
IANA = "https://www.iana.org/assignments/media-types/"
# Where a release publishes its files: the distributions' dcat:downloadURL, and
# the RDF ones as void:dataDump (one file per format, named as `uprkg export` names them)
DOWNLOAD = BASE + "dataset/download/"
FILE_NAMES = {
    "ttl": "uprkg.ttl",
    "trig": "uprkg.trig",
    "nt": "uprkg.nt",
    "nq": "uprkg.nq",
    "jsonld": "uprkg.jsonld",
    "plover": "events.jsonl",
}
CREATOR = "The uprkg founders"
TITLE = "uprkg: actors, bodies and positions around the 2025 US refusal of its UPR"
DESCRIPTION = (
    "A knowledge graph of the United States' refusal, in 2025, to take part in its "
    "Universal Periodic Review at the UN Human Rights Council, and of the reactions to "
    "it: who criticised, accused, urged or defended whom, why, in which words and "
    "according to which source. Every statement, event and claim carries its exact "
    "quotes with character offsets in the source texts; one named graph per source."
)
KEYWORDS = (
    "human rights",
    "Universal Periodic Review",
    "UN Human Rights Council",
    "United States",
    "event data",
    "PLOVER",
    "provenance",
)
FALLBACK_QUERY = """PREFIX uprkg: <https://w3id.org/uprkg/ontology#>
SELECT ?statement ?critic ?target WHERE {
  ?statement uprkg:speaker ?critic ; uprkg:target ?target .
}"""


def release_date() -> date:
    """$SOURCE_DATE_EPOCH (seconds) when set, so rebuilt descriptions are identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


def example_query() -> str:
    path = paths.asset("queries") / "who-criticised-whom.rq"
    return path.read_text(encoding="utf-8") if path.is_file() else FALLBACK_QUERY


def describe(data: Dataset | Graph) -> Graph:
    """The VoID + DCAT description of `data` as an RDF graph."""
    g = Graph()
    bind_prefixes(g)
    g.bind("dcat", DCAT, override=True)
    g.bind("void", VOID, override=True)
    union = _union(data)
    _about(g)
    _counts(g, union)
    _sources(g, union)
    _graphs(g, data)
    _distributions(g)
    _example(g, union)
    return g


def _union(data: Dataset | Graph) -> Graph:
    if isinstance(data, Dataset):
        from uprkg.build import union_graph

        return union_graph(data)
    return data


def _about(g: Graph) -> None:
    for cls in (VOID.Dataset, DCAT.Dataset):
        g.add((DATASET, RDF.type, cls))
    g.add((DATASET, DCTERMS.title, Literal(TITLE, lang="en")))
    g.add((DATASET, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    g.add((DATASET, DCTERMS.license, LICENCE))
    g.add((DATASET, DCTERMS.creator, Literal(CREATOR)))
    g.add((DATASET, DCAT.version, Literal(__version__)))
    g.add((DATASET, OWL.versionInfo, Literal(__version__)))
    g.add((DATASET, DCTERMS.modified, Literal(release_date().isoformat(), datatype=XSD.date)))
    g.add((DATASET, DCTERMS.language, URIRef("http://id.loc.gov/vocabulary/iso639-1/en")))
    g.add((DATASET, DCTERMS.conformsTo, URIRef(BASE + "ontology")))
    g.add((DATASET, VOID.uriSpace, Literal(ID)))
    for keyword in KEYWORDS:
        g.add((DATASET, DCAT.keyword, Literal(keyword, lang="en")))


def _counts(g: Graph, union: Graph) -> None:
    """Triples, entities, distinct subjects and objects, properties, classes, per class."""
    entities = {s for s in union.subjects() if isinstance(s, URIRef) and str(s).startswith(ID)}
    types = Counter(o for _, o in union.subject_objects(RDF.type) if isinstance(o, URIRef))
    numbers = {
        VOID.triples: len(union),
        VOID.entities: len(entities),
        VOID.distinctSubjects: len(set(union.subjects())),
        VOID.distinctObjects: len(set(union.objects())),
        VOID.properties: len(set(union.predicates())),
        VOID.classes: len(types),
    }
    for prop, number in numbers.items():
        g.add((DATASET, prop, Literal(number)))
    for namespace in sorted({_namespace(p) for p in union.predicates()}):
        g.add((DATASET, VOID.vocabulary, URIRef(namespace)))
    for cls, number in sorted(types.items()):
        part = PART[f"class/{_slug(cls)}"]
        g.add((DATASET, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, Literal(number)))


def _namespace(iri: URIRef) -> str:
    text = str(iri)
    cut = max(text.rfind("#"), text.rfind("/"))
    return text[: cut + 1]


def _slug(iri: URIRef) -> str:
    """`uprkg-Statement` for uprkg:Statement: prefix and local name, so names never clash."""
    text = str(iri)
    prefixes = {str(ns): p for p, ns in PREFIXES.items()}
    local = text[max(text.rfind("#"), text.rfind("/")) + 1 :]
    return f"{prefixes.get(_namespace(iri), 'ext')}-{local}"


def _sources(g: Graph, union: Graph) -> None:
    for source in sorted(union.subjects(RDF.type, UPRKG.Source)):
        g.add((DATASET, DCTERMS.source, source))
        for prop in (DCTERMS.title, DCTERMS.issued, UPRKG.fileName):
            for value in union.objects(source, prop):
                g.add((source, prop, value))


def _graphs(g: Graph, data: Dataset | Graph) -> None:
    """Each non-empty named graph as a subset, with its triple count."""
    if not isinstance(data, Dataset):
        return
    for graph in sorted((x for x in data.graphs() if len(x)), key=lambda x: str(x.identifier)):
        if not isinstance(graph.identifier, URIRef) or str(graph.identifier).startswith("urn:"):
            continue
        g.add((DATASET, VOID.subset, graph.identifier))
        g.add((graph.identifier, RDF.type, VOID.Dataset))
        g.add((graph.identifier, VOID.triples, Literal(len(graph))))


def _distributions(g: Graph) -> None:
    from uprkg.export import MEDIA_TYPES

    for fmt, (media, name) in MEDIA_TYPES.items():
        node = PART[f"distribution/{fmt}"]
        g.add((DATASET, DCAT.distribution, node))
        g.add((node, RDF.type, DCAT.Distribution))
        g.add((node, DCTERMS.title, Literal(f"uprkg {name}", lang="en")))
        g.add((node, DCTERMS.format, Literal(media)))
        if fmt != "plover":  # application/jsonl is not an IANA-registered type
            g.add((node, DCAT.mediaType, URIRef(IANA + media)))
        g.add((node, DCTERMS.license, LICENCE))
        g.add((node, RDFS.comment, Literal(f"uprkg export --format {fmt}", lang="en")))
        download = URIRef(DOWNLOAD + FILE_NAMES[fmt])
        g.add((node, DCAT.downloadURL, download))
        g.add((node, DCAT.accessURL, download))
        if fmt in ("ttl", "trig", "nt", "nq", "jsonld"):
            g.add((DATASET, VOID.dataDump, download))


def _example(g: Graph, union: Graph) -> None:
    """A SPARQL query to start from, and the most-reported statements as example resources."""
    node = PART["example/who-criticised-whom"]
    g.add((DATASET, SCHEMA.workExample, node))
    g.add((node, RDF.type, SCHEMA.SoftwareSourceCode))
    g.add((node, RDFS.label, Literal("who criticised whom (SPARQL)", lang="en")))
    g.add((node, SCHEMA.programmingLanguage, Literal("SPARQL")))
    g.add((node, SCHEMA.text, Literal(example_query())))
    statements = sorted(
        union.subjects(RDF.type, UPRKG.Statement),
        key=lambda s: (-len(set(union.objects(s, UPRKG.source))), str(s)),
    )
    for statement in statements[:3]:
        g.add((DATASET, VOID.exampleResource, statement))


def void_turtle(data: Dataset | Graph) -> str:
    """The description as sorted Turtle."""
    from uprkg.serialize import turtle

    return turtle(describe(data))
