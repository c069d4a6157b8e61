"""Ontology quality checks (OBO style) and the reasoner's verdict."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from conftest import REPO
from expected import STANCES
from uprkg.namespaces import BASE, CAMEO, PLOVER, STANCE, UPRKG
from uprkg.vocab import load_vocabulary

ONTOLOGY = REPO / "ontology" / "uprkg.ttl"
OURS = (BASE,)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY)


def our_terms(onto: Graph, kinds) -> list[URIRef]:
    return sorted(
        {
            s
            for kind in kinds
            for s in onto.subjects(RDF.type, kind)
            if isinstance(s, URIRef) and str(s).startswith(OURS)
        }
    )


TERM_KINDS = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    SKOS.Concept,
    SKOS.ConceptScheme,
    UPRKG.CodeList,
)


def test_every_term_has_an_english_label_and_definition(onto):
    concept_classes = [c for c in onto.transitive_subjects(RDFS.subClassOf, SKOS.Concept)]
    concepts = {s for c in concept_classes for s in onto.subjects(RDF.type, c)}
    terms = set(our_terms(onto, TERM_KINDS)) | {c for c in concepts if str(c).startswith(OURS)}
    assert len(terms) > 150
    missing = []
    for term in sorted(terms):
        labels = [o for o in onto.objects(term, RDFS.label) if isinstance(o, Literal)]
        definitions = [o for o in onto.objects(term, SKOS.definition) if isinstance(o, Literal)]
        if not any(lab.language == "en" for lab in labels):
            missing.append(f"{term}: no English rdfs:label")
        if not any(d.language == "en" for d in definitions):
            missing.append(f"{term}: no English skos:definition")
    assert missing == []


def test_reused_vocabulary_terms_are_declared_with_labels(onto):
    for term in (
        URIRef("http://www.w3.org/ns/prov#Activity"),
        URIRef("http://www.w3.org/ns/org#Membership"),
        URIRef("http://www.w3.org/ns/oa#TextQuoteSelector"),
    ):
        assert (term, RDF.type, OWL.Class) in onto
        assert onto.value(term, RDFS.label) is not None


def test_header_has_version_iri_licence_and_creator(onto):
    header = URIRef(BASE + "ontology")
    assert (header, RDF.type, OWL.Ontology) in onto
    assert onto.value(header, OWL.versionIRI) == URIRef(BASE + "ontology/1.0.0")
    assert onto.value(header, URIRef("http://purl.org/dc/terms/license")) is not None
    assert onto.value(header, URIRef("http://purl.org/dc/terms/creator")) is not None


@pytest.mark.parametrize(
    "cls, parent",
    [
        ("Actor", "http://www.w3.org/ns/prov#Agent"),
        ("Person", "http://xmlns.com/foaf/0.1/Person"),
        ("Organisation", "http://www.w3.org/ns/org#Organization"),
        ("Post", "http://www.w3.org/ns/org#Membership"),
        ("Statement", "http://www.w3.org/ns/prov#Activity"),
        ("Claim", "https://schema.org/Claim"),
        ("NewsArticle", "https://schema.org/NewsArticle"),
        ("Quote", "http://www.w3.org/ns/oa#TextQuoteSelector"),
        ("Quote", "http://www.w3.org/ns/oa#TextPositionSelector"),
        ("Stance", "http://www.w3.org/2004/02/skos/core#Concept"),
    ],
)
def test_alignment_axioms_link_to_reused_vocabularies(onto, cls, parent):
    assert (UPRKG[cls], RDFS.subClassOf, URIRef(parent)) in onto


def test_required_classes_exist(onto):
    required = """State IntergovernmentalOrganisation UNBody UNMechanism GovernmentAgency
    DiplomaticMission NGO AcademicBody NewsOrganisation Person Post NewsArticle Letter
    NationalReport StakeholderReport OutcomeDocument Statement Topic Withdrawal MissedDeadline
    ReviewSession NonAttendance Rescheduling Postponement Sanction Lawsuit ReportRelease UPRCycle
    Review WorkingGroupSession Recommendation Claim""".split()
    for name in required:
        assert (UPRKG[name], RDF.type, OWL.Class) in onto, name


def test_every_stance_maps_to_cameo_and_to_plover_or_says_why_not(onto):
    mappings = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.relatedMatch)
    stances = list(onto.subjects(RDF.type, UPRKG.Stance))
    assert len(stances) == 10
    for stance in stances:
        targets = {o for m in mappings for o in onto.objects(stance, m)}
        assert any(str(t).startswith(str(CAMEO)) for t in targets), stance
        if not any(str(t).startswith(str(PLOVER)) for t in targets):
            assert onto.value(stance, SKOS.note) is not None, stance
    assert (STANCE.condemnation, SKOS.closeMatch, PLOVER.ACCUSE) in onto
    assert (STANCE.demand, SKOS.exactMatch, PLOVER.DEMAND) in onto


def test_builder_vocabulary_comes_from_the_ontology():
    vocab = load_vocabulary(ONTOLOGY)
    assert {"State", "Person", "NGO", "UNMechanism", "Collective"} <= set(vocab.actor_types)
    assert "Actor" not in vocab.actor_types
    assert {"ReviewSession", "Sanction", "WorkingGroupSession"} <= set(vocab.event_types)
    assert set(vocab.stances) == STANCES
    assert set(vocab.target_roles) == {
        "direct",
        "named-example",
        "alleged-violator",
        "addressee",
        "subject",
    }


@pytest.mark.slow
def test_owlready2_loads_it_and_hermit_finds_it_consistent(java, tmp_path):
    import owlready2

    nt = tmp_path / "uprkg.nt"
    Graph().parse(ONTOLOGY).serialize(nt, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(nt.as_uri()).load()
    assert onto.Statement is not None and onto.Criticism is not None
    owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
    # A consistent ontology: HermiT returned; Condemnation is classified under Criticism.
    assert onto.Criticism in onto.Condemnation.ancestors()
    assert onto.Criticism in onto.Rejection.ancestors()
    assert onto.Appeal in onto.Demand.ancestors()
