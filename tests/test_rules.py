"""Derivation rules from the ontology's property chains, and HermiT's cache."""

from __future__ import annotations

import shutil

import pytest
from rdflib import Dataset, Graph, URIRef

from conftest import FIXTURES, run_cli
from uprkg import rules
from uprkg.namespaces import GRAPH_INFERRED, UPRKG, mint

RECORD_GRAPH = URIRef("https://w3id.org/uprkg/graph/record/test")


@pytest.fixture(scope="module")
def hermit_edges(java, bundled_dataset) -> set:
    """The derived edges HermiT infers on the bundled corpus (cached for the session)."""
    import os
    from pathlib import Path

    from uprkg.reason import run_hermit_facts

    return run_hermit_facts(bundled_dataset, Path(os.environ["UPRKG_CACHE_DIR"]))


def test_rules_give_exactly_the_edges_hermit_infers(hermit_edges, bundled_dataset):
    from uprkg.reason import discourse_graph

    # the same input: HermiT never sees the imported record
    derived = rules.derive(rules.load_store(discourse_graph(bundled_dataset)))
    assert derived == hermit_edges
    assert len(derived) > 200
    props = {p for _, p, _ in derived}
    for name in ("criticised", "criticisedBy", "accused", "urged", "sanctioned", "targetActor"):
        assert UPRKG[name] in props, name


def test_every_property_chain_of_the_ontology_has_a_rule():
    from uprkg import paths

    ontology = Graph().parse(paths.ontology_file(), format="turtle")
    chains = set(ontology.subjects(URIRef("http://www.w3.org/2002/07/owl#propertyChainAxiom")))
    assert {r.prop for r in rules.rules()} == chains
    assert all(r.query.startswith("CONSTRUCT") for r in rules.rules())


def imported_statement() -> Dataset:
    """A record graph with one accusation: an imported graph HermiT never sees."""
    dataset = Dataset()
    g = dataset.graph(RECORD_GRAPH)
    s = mint("statement", "imported")
    g.add((s, UPRKG.stance, URIRef("https://w3id.org/uprkg/stance/accusation")))
    g.add((s, UPRKG.speaker, mint("actor", "a")))
    g.add((s, UPRKG.target, mint("actor", "b")))
    g.add(
        (mint("actor", "b"), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), UPRKG.State)
    )
    return dataset


def test_imported_graphs_are_derived_by_rules_and_not_sent_to_hermit():
    from uprkg.reason import discourse_graph, is_discourse

    dataset = imported_statement()
    assert not is_discourse(RECORD_GRAPH)
    assert len(discourse_graph(dataset)) == 0
    derived = rules.derive(rules.load_store(dataset))
    a, b = mint("actor", "a"), mint("actor", "b")
    assert (a, UPRKG.accused, b) in derived
    assert (a, UPRKG.criticised, b) in derived
    assert (b, UPRKG.accusedBy, a) in derived
    assert (a, UPRKG.urged, b) not in derived


def test_rules_only_reasoning_writes_the_edges_into_the_inferred_graph(tmp_path):
    source = tmp_path / "record.trig"
    source.write_text(imported_statement().serialize(format="trig"), encoding="utf-8")
    result = run_cli("reason", "--rules-only", source, "--trig", tmp_path / "out.trig")
    assert result.code == 0, result.err
    assert "rules only: no consistency check" in result.out
    written = Dataset()
    written.parse(tmp_path / "out.trig", format="trig")
    edge = (mint("actor", "a"), UPRKG.accused, mint("actor", "b"))
    assert edge in written.graph(GRAPH_INFERRED)


def test_show_rules_prints_the_generated_queries():
    result = run_cli("reason", "--show-rules")
    assert result.code == 0
    assert result.out.count("CONSTRUCT") == len(rules.rules())
    assert "https://w3id.org/uprkg/ontology#criticised" in result.out


@pytest.fixture(scope="module")
def first_check(java, tmp_path_factory):
    """`uprkg check` of the mini corpus with an empty HermiT cache, once for the cache
    tests below (each goes on from a copy of the cache it left): (its output, the cache)."""
    work = tmp_path_factory.mktemp("first-check")
    shutil.copytree(FIXTURES / "mini", work / "corpus")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("UPRKG_CACHE_DIR", str(work / "cache"))
        result = run_cli("--corpus", work / "corpus", "check", "--out", work / "out")
    assert result.code == 0, result.err
    assert list((work / "cache").glob("hermit-*.json")), "the first run cached nothing"
    return result.out, work / "cache"


@pytest.mark.slow
def test_an_unchanged_input_does_not_pay_for_the_reasoner_twice(
    first_check, mini, tmp_path, monkeypatch
):
    first, cache = first_check
    assert "cached" not in first
    shutil.copytree(cache, tmp_path / "cache")
    monkeypatch.setenv("UPRKG_CACHE_DIR", str(tmp_path / "cache"))
    second = run_cli("--corpus", mini, "check", "--out", tmp_path / "out")
    assert "cached: input unchanged" in second.out
    assert (tmp_path / "out" / "uprkg.trig").read_bytes()  # written again, same content
    annotations = mini / "annotations" / "a.yaml"
    text = annotations.read_text(encoding="utf-8")
    changed = text.replace("paraphrase: ", "paraphrase: Indeed, ", 1)
    assert changed != text
    annotations.write_text(changed, encoding="utf-8")
    third = run_cli("--corpus", mini, "check", "--out", tmp_path / "out")
    assert third.code == 0, third.err
    assert "cached" not in third.out


@pytest.mark.slow
def test_a_damaged_cache_entry_is_reasoned_again(first_check, mini, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    shutil.copytree(first_check[1], cache)
    monkeypatch.setenv("UPRKG_CACHE_DIR", str(cache))
    for entry in cache.glob("hermit-*.json"):
        entry.write_text("{not json", encoding="utf-8")
    again = run_cli("--corpus", mini, "check", "--out", tmp_path / "out")
    assert again.code == 0, again.err
    assert "cached" not in again.out


def test_rules_only_on_a_build_derives_inside_its_store(tmp_path, bundled_dataset):
    from uprkg.serialize import trig
    from uprkg.store import open_store

    out = tmp_path / "build"
    assert run_cli("build", "--out", out).code == 0
    trig_path = out / "uprkg.trig"
    asserted = Dataset()
    asserted.parse(trig_path, format="trig")
    result = run_cli("reason", "--rules-only", "--out", out)
    assert result.code == 0, result.err
    assert "rules only: no consistency check" in result.out
    text = trig_path.read_text(encoding="utf-8")
    written = Dataset()
    written.parse(data=text, format="trig")
    inferred = written.graph(GRAPH_INFERRED)
    edges = {t for t in inferred if t[0] != GRAPH_INFERRED}
    assert edges == rules.derive(rules.load_store(bundled_dataset))
    for graph in asserted.graphs():  # every other graph as it was
        assert set(written.graph(graph.identifier)) == set(graph)
    assert text == trig(written)  # the bytes of a full rewrite
    store = open_store((), None, out)
    assert store.path is not None  # the store on disk is current again
    assert str(GRAPH_INFERRED) in store.graph_names()
    assert run_cli("reason", "--rules-only", "--out", out).code == 0
    assert trig_path.read_text(encoding="utf-8") == text  # the same bytes again
