"""An imported dataset in the build's store, and `uprkg validate` on imported files.

The import into a build (uprkg.store.replace_graph) works by bulk loads:
these tests check what that must keep: the graph holds exactly the file's
triples, the default graph stays the union of the asserted graphs when a
graph is added, replaced by the same file, or replaced by a smaller one
(a triple another graph asserts stays), and the file is kept as written.
`uprkg validate FILES` reads Turtle, TriG and N-Quads with Oxigraph's
parser: it must see the same triples as rdflib's, and still give rdflib's
reading (or its one message) where Oxigraph refuses a file.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, URIRef

from conftest import FIXTURES, run_cli
from uprkg.prefixes import GRAPH_INFERRED
from uprkg.store import read_manifest

SAMPLE = FIXTURES / "record" / "upr-info-sample.csv"
GRAPH = "https://w3id.org/uprkg/graph/record/upr-info-sample"
USA = "https://w3id.org/uprkg/id/actor/usa"
# every distinct triple of the asserted named graphs (graph/inferred is not asserted)
UNION = f"""SELECT (COUNT(*) AS ?n) WHERE {{
  SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{GRAPH_INFERRED}>) }}
}}"""
DEFAULT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture
def built(bundled_build) -> Path:
    """The session's bundled build (read only; tests that change it copy it)."""
    return bundled_build


@pytest.fixture
def build(built, tmp_path) -> Path:
    """A fresh copy of the bundled build."""
    return Path(shutil.copytree(built, tmp_path / "build"))


def count(store_dir: Path, query: str) -> int:
    store = ox.Store.read_only(str(store_dir))
    return int(next(iter(store.query(query)))[0].value)


def graph_triples(store_dir: Path, graph: str) -> set:
    store = ox.Store.read_only(str(store_dir))
    return {q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))}


def nquads(path: Path) -> set:
    """An N-Quads file's triples as a store holds them (derived integer types as xsd:integer)."""
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    return {q.triple for q in store}


def import_sample(csv: Path, out: Path) -> None:
    result = run_cli("import", "upr-info", csv, "--skip-bad-rows", "--out", out)
    assert result.code == 0, result.err


def test_an_import_into_a_build_adds_its_graph_and_the_default_graph_follows(build):
    store_dir = build / "store"
    before = count(store_dir, DEFAULT)
    import_sample(SAMPLE, build)
    written = build / "records" / "upr-info-sample.nq"
    assert graph_triples(store_dir, GRAPH) == nquads(written)
    union = count(store_dir, UNION)
    assert count(store_dir, DEFAULT) == union > before
    manifest = read_manifest(store_dir)
    assert manifest["graphs"][GRAPH] == len(nquads(written))
    assert manifest["default_graph_triples"] == union
    # the file is kept beside the store as written (exports read its exact datatypes)
    kept = store_dir / manifest["replaced"][GRAPH]
    assert kept.read_bytes() == written.read_bytes()


def test_importing_again_replaces_the_graph_with_the_same_result(build):
    store_dir = build / "store"
    import_sample(SAMPLE, build)
    first = read_manifest(store_dir)
    triples = graph_triples(store_dir, GRAPH)
    import_sample(SAMPLE, build)
    again = read_manifest(store_dir)
    assert again["graphs"] == first["graphs"]
    assert again["default_graph_triples"] == first["default_graph_triples"]
    assert graph_triples(store_dir, GRAPH) == triples
    assert count(store_dir, DEFAULT) == count(store_dir, UNION)


def test_a_smaller_replacement_leaves_only_what_another_graph_asserts(build, tmp_path):
    store_dir = build / "store"
    import_sample(SAMPLE, build)
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    smaller = tmp_path / "cut" / SAMPLE.name  # the same dataset id, so the same graph
    smaller.parent.mkdir()
    smaller.write_text("".join(lines[:4]), encoding="utf-8")
    full = graph_triples(store_dir, GRAPH)
    import_sample(smaller, build)
    kept = graph_triples(store_dir, GRAPH)
    assert kept == nquads(build / "records" / SAMPLE.name.replace(".csv", ".nq"))
    assert len(kept) < len(full)  # a new checksum, and far fewer recommendations
    assert count(store_dir, DEFAULT) == count(store_dir, UNION)
    store = ox.Store.read_only(str(store_dir))
    default = ox.DefaultGraph()
    left = full - kept
    elsewhere = {
        t
        for t in left
        if any(not isinstance(q.graph_name, ox.DefaultGraph) for q in store.quads_for_pattern(*t))
    }
    assert left - elsewhere, "some triples were only in the replaced graph"
    assert elsewhere, "some triples of the replaced graph are asserted by another graph too"
    for triple in left:
        in_default = bool(list(store.quads_for_pattern(*triple, default)))
        assert in_default == (triple in elsewhere), triple
    # the US is still labelled: the registry asserts it too
    label = store.query(f"ASK {{ <{USA}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}")
    assert bool(label)


def test_validate_reads_imported_files_as_rdflib_does(build, tmp_path):
    from uprkg.validate import file_triples

    import_sample(SAMPLE, tmp_path)
    files = [build / "uprkg.trig", tmp_path / "records" / "upr-info-sample.nq"]
    fast = file_triples(files)
    reference = Dataset()
    for file in files:
        reference.parse(file, format="trig" if file.suffix == ".trig" else "nquads")
    expected = {(s, p, o) for s, p, o, _ in reference.quads((None, None, None, None))}

    def named(triples) -> set:
        return {t for t in triples if not any(isinstance(x, BNode) for x in t)}

    assert named(fast) == named(expected)
    assert len(fast) == len(expected)
    assert dict(fast.namespaces())["uprkg"] == URIRef("https://w3id.org/uprkg/ontology#")


def test_validate_falls_back_to_rdflib_where_oxigraph_refuses_a_file(tmp_path):
    from uprkg.validate import file_triples

    # an IRI Oxigraph refuses (a '|') that rdflib reads: the file is still validated
    odd = tmp_path / "odd.nt"
    odd.write_text('<http://example.org/a|b> <http://example.org/p> "x" .\n', encoding="utf-8")
    assert len(file_triples([odd])) == 1
    # and what neither reads is rdflib's one message with file and line
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    result = run_cli("validate", broken)
    assert result.code == 2
    assert "broken.ttl" in result.err


def test_validate_of_a_build_and_an_import_agrees_with_the_build_alone(build, tmp_path):
    """The sample's recommendations meet the record shapes: no new violation."""
    import_sample(SAMPLE, tmp_path)
    result = run_cli(
        "validate",
        build / "uprkg.trig",
        tmp_path / "records" / "upr-info-sample.nq",
        "--format",
        "json",
    )
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["conforms"] is True
