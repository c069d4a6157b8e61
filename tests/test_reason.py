"""OWL reasoning: the bundled graph is consistent, the derived edges are
there and marked as inferred, and inconsistent graphs are explained."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import RDF, Dataset, Graph, URIRef

from conftest import FIXTURES, run_cli
from expected import APPEALS, WHO_CRITICISED_WHOM
from uprkg.namespaces import GRAPH_INFERRED, PROV, UPRKG, mint

INCONSISTENT = FIXTURES / "inconsistent"


@pytest.fixture(scope="module")
def reasoned(java, tmp_path_factory) -> tuple[Dataset, str, Path]:
    """`uprkg check` on the bundled corpus: the rewritten TriG, the output, the folder."""
    out = tmp_path_factory.mktemp("check")
    result = run_cli("check", "--out", out)
    assert result.code == 0, result.err
    dataset = Dataset()
    dataset.parse(out / "uprkg.trig", format="trig")
    return dataset, result.out, out


@pytest.fixture(scope="module")
def inferred(reasoned) -> Graph:
    return reasoned[0].graph(GRAPH_INFERRED)


def actor(name: str):
    return mint("actor", name)


def test_check_reports_the_graph_consistent(reasoned):
    assert "consistent: HermiT found no contradiction" in reasoned[1]
    assert "validation with the inferred graph: conforms: 0 violations" in reasoned[1]


def test_check_refreshes_the_store_with_the_inferred_graph(reasoned, inferred):
    """The store matches the rewritten TriG; its default graph stays the asserted union."""
    from uprkg.store import Graphs, GraphStore, store_is_current

    _, _, out = reasoned
    assert store_is_current(out / "store", out / "uprkg.trig")
    store = GraphStore.open(out / "store")
    assert store.graph_sizes()[str(GRAPH_INFERRED)] == len(inferred)
    edge = "ASK { ?a <https://w3id.org/uprkg/ontology#criticised> ?b }"
    assert store.ask(edge) is False
    assert store.ask(edge, graphs=Graphs(inferred=True)) is True


def test_no_owlready2_artefacts_leak_into_the_inferred_graph(inferred):
    from rdflib import OWL

    assert (None, RDF.type, OWL.Ontology) not in inferred
    assert not any("inferrences" in str(term) for triple in inferred for term in triple)


def test_inferred_triples_sit_in_their_own_marked_graph(reasoned, inferred):
    dataset = reasoned[0]
    assert len(inferred) > 500
    assert (GRAPH_INFERRED, RDF.type, PROV.Entity) in inferred
    derived_from = set(inferred.objects(GRAPH_INFERRED, PROV.wasDerivedFrom))
    assert URIRef("https://w3id.org/uprkg/graph/registry") in derived_from
    assert URIRef("https://w3id.org/uprkg/ontology/1.0.0") in derived_from
    for graph in dataset.graphs():
        if graph.identifier != GRAPH_INFERRED:
            assert (None, UPRKG.criticised, None) not in graph, "a derived edge was asserted"
            assert (None, RDF.type, UPRKG.Criticism) not in graph, "a derived type was asserted"


def test_every_critic_criticised_each_target_actor_it_named(inferred, bundled_corpus):
    for row in WHO_CRITICISED_WHOM:
        targets = [row.target]
        if row.target in bundled_corpus.documents:
            targets = bundled_corpus.documents[row.target].responsible
        elif row.target in bundled_corpus.decisions:
            targets = bundled_corpus.decisions[row.target].responsible
        for target in targets:
            assert (actor(row.critic), UPRKG.criticised, actor(target)) in inferred, row
            assert (actor(target), UPRKG.criticisedBy, actor(row.critic)) in inferred, row


@pytest.mark.parametrize(
    "principal, target",
    [
        ("aclu", "trump-administration"),  # Dakwar spoke for the ACLU
        ("human-rights-first", "usa"),  # Zeya spoke for Human Rights First
        ("usa", "un-human-rights-council"),  # the State Department spoke for the US
        ("usa", "upr"),  # the mission's letter, on behalf of the US
        ("amnesty-international-usa", "us-state-department"),  # via the annual report
        ("china", "usa"),  # China's representative at the session
    ],
)
def test_criticism_rolls_up_to_the_organisation_or_state_spoken_for(inferred, principal, target):
    assert (actor(principal), UPRKG.criticised, actor(target)) in inferred


def test_appeals_give_urged_edges(inferred):
    for row in APPEALS:
        for speaker in row.speakers:
            assert (actor(speaker), UPRKG.urged, actor(row.addressee)) in inferred, row


@pytest.mark.parametrize(
    "prop, a, b",
    [
        ("accused", "cuba", "usa"),
        ("accused", "us-mission-geneva", "china"),
        ("rejected", "us-state-department", "venezuela"),
        ("supported", "david-kaye", "un-human-rights-council"),
        ("supported", "upr-project-bcu", "upr"),
        ("sanctioned", "usa", "international-criminal-court"),
        ("sanctioned", "usa", "un-officials"),
    ],
)
def test_other_derived_edges(inferred, prop, a, b):
    assert (actor(a), UPRKG[prop], actor(b)) in inferred


def test_no_edges_the_articles_do_not_support(inferred):
    assert (actor("usa"), UPRKG.criticised, actor("israel")) not in inferred
    assert (actor("cuba"), UPRKG.urged, None) not in inferred
    assert (None, UPRKG.supported, actor("usa")) not in inferred


def test_class_membership_follows_the_stance(inferred):
    condemnation = mint("statement", "advocates-outraged-at-us-failure")
    rejection = mint("statement", "state-department-will-not-be-lectured")
    appeal = mint("statement", "advocates-congress-must-ensure-participation")
    assert (condemnation, RDF.type, UPRKG.Condemnation) in inferred
    assert (condemnation, RDF.type, UPRKG.Criticism) in inferred
    assert (rejection, RDF.type, UPRKG.Criticism) in inferred
    assert (appeal, RDF.type, UPRKG.Demand) in inferred
    assert (appeal, RDF.type, UPRKG.Appeal) in inferred
    assert (mint("actor", "cuba"), RDF.type, UPRKG.Actor) in inferred


def test_inverse_properties_are_materialised(inferred):
    statement = mint("statement", "cuba-accuses-us-fear-of-oversight")
    assert (actor("cuba"), UPRKG.speakerOf, statement) in inferred
    assert (actor("usa"), UPRKG.targetOf, statement) in inferred
    assert (actor("usa"), UPRKG.accusedBy, actor("cuba")) in inferred


def test_helper_properties_are_not_materialised(inferred):
    assert (None, UPRKG.isCriticism, None) not in inferred
    assert (None, UPRKG.isActor, None) not in inferred


def test_reasoning_twice_gives_the_same_bytes(reasoned, tmp_path):
    shutil.copytree(reasoned[2], tmp_path, dirs_exist_ok=True)  # what `uprkg check` wrote
    first = (tmp_path / "uprkg.trig").read_bytes()
    assert run_cli("reason", "--out", tmp_path).code == 0
    assert (tmp_path / "uprkg.trig").read_bytes() == first


@pytest.mark.parametrize(
    "fixture, expected",
    [
        (
            "disjoint-types.ttl",
            [
                "actor:janus cannot be both uprkg:Actor and uprkg:Statement",
                "it is typed uprkg:Person",
                "it is typed uprkg:Statement",
                "owl:AllDisjointClasses(uprkg:Actor",
            ],
        ),
        (
            "domain-misuse.ttl",
            [
                "actor:usa cannot be both uprkg:Actor and uprkg:Statement",
                "it is the subject of uprkg:stance, whose domain is uprkg:Statement",
                "it is typed uprkg:State",
            ],
        ),
        (
            "two-stances.ttl",
            [
                "statement:both-ways has 2 different values for uprkg:stance",
                "owl:FunctionalProperty",
            ],
        ),
    ],
)
def test_an_inconsistent_graph_is_explained_in_plain_words(java, tmp_path, fixture, expected):
    result = run_cli("reason", INCONSISTENT / fixture, "--trig", tmp_path / "out.trig")
    assert result.code == 1, result.err
    assert result.out == ""
    for words in expected:
        assert words in result.err, result.err
    assert not (tmp_path / "out.trig").exists()


def test_missing_java_is_said_plainly(monkeypatch, tmp_path):
    import owlready2

    monkeypatch.setattr(owlready2, "JAVA_EXE", "no-such-java-binary")
    result = run_cli("reason", INCONSISTENT / "disjoint-types.ttl")
    assert result.code == 2
    assert "Java was not found" in result.err
    assert "default-jre-headless" in result.err


def test_reasoning_over_a_file_writes_only_when_asked(java, tmp_path):
    data = Path(tmp_path / "small.ttl")
    data.write_text(
        "@prefix uprkg: <https://w3id.org/uprkg/ontology#> .\n"
        "@prefix stance: <https://w3id.org/uprkg/stance/> .\n"
        "<https://w3id.org/uprkg/id/statement/s> a uprkg:Statement ;\n"
        "  uprkg:stance stance:accusation ;\n"
        "  uprkg:speaker <https://w3id.org/uprkg/id/actor/a> ;\n"
        "  uprkg:target <https://w3id.org/uprkg/id/actor/b> .\n"
        "<https://w3id.org/uprkg/id/actor/a> a uprkg:NGO .\n"
        "<https://w3id.org/uprkg/id/actor/b> a uprkg:State .\n",
        encoding="utf-8",
    )
    result = run_cli("reason", data)
    assert result.code == 0, result.err
    assert "1 uprkg:accused, 1 uprkg:criticised" in result.out
    assert list(tmp_path.iterdir()) == [data]
    assert run_cli("reason", data, "--trig", tmp_path / "out.trig").code == 0
    written = Dataset()
    written.parse(tmp_path / "out.trig", format="trig")
    assert (actor("a"), UPRKG.accused, actor("b")) in written.graph(GRAPH_INFERRED)
