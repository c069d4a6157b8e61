"""RDF exports, the JSON-LD context, the VoID + DCAT description and CITATION.cff."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, VOID

from conftest import REPO, run_cli
from uprkg import __version__
from uprkg.build import union_graph
from uprkg.export import FORMATS, RDF_FORMATS, context, render
from uprkg.namespaces import UPRKG

PARSERS = {"ttl": "turtle", "trig": "trig", "nt": "nt", "nq": "nquads", "jsonld": "json-ld"}
QUADS = {"trig", "nq", "jsonld"}


def named_graphs(dataset: Dataset) -> dict[URIRef, Graph]:
    return {g.identifier: g for g in dataset.graphs() if len(g)}


def assert_same_dataset(expected: Dataset, got: Dataset) -> None:
    """Same named graphs, each isomorphic to its counterpart."""
    want, have = named_graphs(expected), named_graphs(got)
    assert set(have) == set(want)
    for name, graph in want.items():
        assert isomorphic(graph, have[name]), name


@pytest.fixture(scope="module")
def exports(bundled_dataset) -> dict[str, str]:
    return {fmt: render(bundled_dataset, fmt) for fmt in RDF_FORMATS}


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_export_reparses_isomorphic_to_the_build(fmt, exports, bundled_dataset):
    text = exports[fmt]
    if fmt in QUADS:
        got = Dataset()
        got.parse(data=text, format=PARSERS[fmt])
        assert_same_dataset(bundled_dataset, got)
    else:
        got = Graph().parse(data=text, format=PARSERS[fmt])
        assert isomorphic(got, union_graph(bundled_dataset))


@pytest.mark.parametrize("fmt", RDF_FORMATS)
def test_export_is_deterministic(fmt, exports, bundled_dataset):
    assert render(bundled_dataset, fmt) == exports[fmt]


@pytest.mark.parametrize("fmt", ["nt", "nq"])
def test_line_formats_are_sorted_lines(fmt, exports):
    lines = exports[fmt].splitlines()
    assert lines == sorted(lines)
    assert len(lines) == len(set(lines)) > 1000


def test_triples_only_input_exports_to_quad_formats(bundled_dataset):
    """A colleague's Turtle file has no named graphs: its triples stay in the default graph."""
    graph = Graph().parse(data=render(bundled_dataset, "ttl"), format="turtle")
    for fmt in ("nq", "jsonld", "trig"):
        got = Dataset()
        got.parse(data=render(graph, fmt), format=PARSERS[fmt])
        assert isomorphic(union_graph(got), graph), fmt


def test_jsonld_embeds_the_published_context_with_readable_keys(exports):
    document = json.loads(exports["jsonld"])
    published = json.loads((REPO / "ontology" / "uprkg.context.jsonld").read_text("utf-8"))
    assert document["@context"] == published["@context"]
    nodes = [n for g in document["@graph"] for n in g.get("@graph", [])]
    statement = next(n for n in nodes if n["id"] == "statement:advocates-outraged-at-us-failure")
    assert statement["speaker"] == "actor:advocates-for-human-rights"
    assert statement["target"] == "actor:usa"
    assert statement["stance"] == "stances:condemnation"
    assert statement["quote"].endswith("/quote/004_7f97047af162db2c/320-483")
    assert statement["paraphrase"].startswith("The Advocates is outraged")


def test_context_terms_never_double_as_prefixes():
    """In JSON-LD 1.0 any term can prefix a compact IRI; a property term named like a
    namespace prefix (source, quote, stance) would silently mint wrong IRIs."""
    ctx = context()
    prefixes = {k for k, v in ctx.items() if isinstance(v, str) and v.endswith(("/", "#"))}
    properties = {k for k, v in ctx.items() if isinstance(v, dict)}
    assert not prefixes & properties
    for term, value in ctx.items():
        iri = value["@id"] if isinstance(value, dict) else value
        if ":" in iri and not iri.startswith(("http", "@")):
            assert iri.split(":", 1)[0] in prefixes, term
    assert {"speaker", "target", "stance", "quote", "source", "reason"} <= properties


def test_cli_export_writes_file_isomorphic_to_input(tmp_path, bundled_dataset):
    trig = tmp_path / "in.trig"
    trig.write_text(render(bundled_dataset, "trig"), encoding="utf-8")
    for fmt in ("nq", "jsonld"):
        out = tmp_path / f"out.{fmt}"
        result = run_cli("export", "--format", fmt, "--graph", trig, "--out", out)
        assert result.code == 0, result.err
        got = Dataset()
        got.parse(out, format=PARSERS[fmt])
        assert_same_dataset(bundled_dataset, got)


def test_cli_export_to_stdout(tmp_path, bundled_dataset):
    trig = tmp_path / "in.trig"
    trig.write_text(render(bundled_dataset, "trig"), encoding="utf-8")
    result = run_cli("export", "--format", "ttl", "--graph", trig)
    assert result.code == 0
    assert isomorphic(Graph().parse(data=result.out, format="turtle"), union_graph(bundled_dataset))


def test_unknown_format_is_a_usage_error(tmp_path):
    out = tmp_path / "x.rdf"
    result = run_cli("export", "--format", "rdfxml", "--out", out)
    assert result.code == 2
    assert "rdfxml" in result.err
    assert not out.exists()


def test_unreadable_input_writes_nothing(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is @not turtle .\n", encoding="utf-8")
    out = tmp_path / "out.nt"
    out.write_text("previous export\n", encoding="utf-8")
    result = run_cli("export", "--format", "nt", "--graph", bad, "--out", out)
    assert result.code == 2
    assert result.err.count("uprkg: error:") == 1
    assert str(bad) in result.err
    assert out.read_text(encoding="utf-8") == "previous export\n"
    assert list(tmp_path.glob(".*.tmp")) == []


def test_missing_input_file(tmp_path):
    result = run_cli("export", "--format", "ttl", "--graph", tmp_path / "nope.trig")
    assert result.code == 2
    assert "no such file" in result.err


def test_formats_listed_by_the_cli_match_the_library():
    from uprkg.commands import export as command

    assert command.FORMATS == FORMATS


# -- VoID + DCAT --------------------------------------------------------------


@pytest.fixture(scope="module")
def void(bundled_dataset) -> Graph:
    return Graph().parse(data=render(bundled_dataset, "void"), format="turtle")


DATASET = URIRef("https://w3id.org/uprkg/dataset")


def test_void_counts_are_the_graphs(void, bundled_dataset):
    union = union_graph(bundled_dataset)
    assert void.value(DATASET, VOID.triples).toPython() == len(union)
    statements = set(union.subjects(RDF.type, UPRKG.Statement))
    partition = next(
        p
        for p in void.objects(DATASET, VOID.classPartition)
        if void.value(p, VOID["class"]) == UPRKG.Statement
    )
    assert void.value(partition, VOID.entities).toPython() == len(statements) == 45
    entities = {s for s in union.subjects() if str(s).startswith("https://w3id.org/uprkg/id/")}
    assert void.value(DATASET, VOID.entities).toPython() == len(entities)
    for name, graph in named_graphs(bundled_dataset).items():
        assert (DATASET, VOID.subset, name) in void
        assert void.value(name, VOID.triples).toPython() == len(graph)


def test_void_says_what_a_catalogue_needs(void, bundled_dataset):
    licence = URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert (DATASET, DCTERMS.license, licence) in void
    assert (DATASET, DCTERMS.creator, Literal("The uprkg founders")) in void
    assert str(void.value(DATASET, URIRef("http://www.w3.org/ns/dcat#version"))) == __version__
    assert void.value(DATASET, DCTERMS.title) is not None
    assert void.value(DATASET, DCTERMS.description) is not None
    sources = set(union_graph(bundled_dataset).subjects(RDF.type, UPRKG.Source))
    assert set(void.objects(DATASET, DCTERMS.source)) == sources and len(sources) == 5
    example = void.value(DATASET, URIRef("https://schema.org/workExample"))
    text = str(void.value(example, URIRef("https://schema.org/text")))
    assert "SELECT" in text and "uprkg:speaker" in text
    distributions = set(void.objects(DATASET, URIRef("http://www.w3.org/ns/dcat#distribution")))
    assert len(distributions) == len(RDF_FORMATS) + 1  # + PLOVER records


def test_void_date_follows_source_date_epoch(monkeypatch, bundled_dataset):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1762473600")  # 2025-11-07T00:00:00Z
    graph = Graph().parse(data=render(bundled_dataset, "void"), format="turtle")
    assert str(graph.value(DATASET, DCTERMS.modified)) == "2025-11-07"
    assert render(bundled_dataset, "void") == render(bundled_dataset, "void")


# -- CITATION.cff ---------------------------------------------------------------


def test_citation_file():
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    assert citation["version"] == __version__
    assert citation["title"] and citation["message"]
    assert any(a.get("name") == "The uprkg founders" for a in citation["authors"])
    text = json.dumps(citation).lower()
    assert "doi" not in text and "orcid" not in text  # none exists yet: none invented


def test_context_file_is_packaged():
    """ontology/ ships in the wheel (pyproject force-include), so the context does too."""
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert '"ontology" = "uprkg/_assets/ontology"' in pyproject
    assert Path(REPO / "ontology" / "uprkg.context.jsonld").is_file()
