"""The build's Oxigraph store and the readers on it: what `uprkg build` writes,
stale and missing stores, which graphs a query sees, limits, nothing fetched
unless asked, prefixes, pagination, replacing a graph, exact exports, and
results in every SPARQL results format."""

from __future__ import annotations

import contextlib
import csv
import http.server
import io
import json
import os
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
import pytest

from conftest import REPO, run_cli
from expected import WHO_CRITICISED_WHOM
from uprkg.errors import InputError
from uprkg.prefixes import GRAPH_INFERRED, ID, PREFIXES
from uprkg.queries import load_queries
from uprkg.store import (
    MANIFEST,
    Graphs,
    GraphStore,
    Limits,
    open_store,
    read_manifest,
    replace_graph,
    stage,
    store_is_current,
    write_build,
)

XSD = "http://www.w3.org/2001/XMLSchema#"
UPRKG = "https://w3id.org/uprkg/ontology#"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# what a reasoner might add: a derived edge and a class membership
INFERRED_TRIG = f"""
<{GRAPH_INFERRED}> {{
  <{ID}actor/cuba> <{UPRKG}criticised> <{ID}actor/usa> .
  <{ID}statement/x> a <{UPRKG}Criticism> .
}}
"""

# The bundled build: 5 source graphs, the registry, the ontology terms and the two
# datasets of the bundled UPR record (graph/records/), 17 128 distinct triples
# (5 291 of them from the articles and the registry, the rest the US's UPR record).
GRAPHS = 9
UNION = 17132


@pytest.fixture(scope="module")
def built(bundled_build) -> Path:
    """`uprkg build` of the bundled corpus (shared by the session: read only)."""
    return bundled_build


@pytest.fixture
def with_inferred(in_build) -> Path:
    """The build with a graph/inferred added to its TriG and store, as `uprkg reason` does."""
    trig = in_build / "uprkg.trig"
    text = trig.read_text(encoding="utf-8") + INFERRED_TRIG
    write_build({trig: text}, trig)
    return in_build


# -- what the build writes -------------------------------------------------------------------


def test_the_build_writes_a_store_with_a_manifest_of_what_it_loaded(built):
    manifest = read_manifest(built / "store")
    assert manifest is not None
    trig = built / "uprkg.trig"
    assert manifest["loaded"]["bytes"] == trig.stat().st_size
    import hashlib

    assert manifest["loaded"]["sha256"] == hashlib.sha256(trig.read_bytes()).hexdigest()
    assert store_is_current(built / "store", trig)
    # one named graph per source, the registry, the ontology terms and the two
    # datasets of the bundled UPR record; the default graph holds each asserted
    # triple once (the content of uprkg.ttl)
    assert len(manifest["graphs"]) == GRAPHS
    from rdflib import Graph

    union = len(Graph().parse(built / "uprkg.ttl"))
    assert manifest["default_graph_triples"] == union
    store = GraphStore.open(built / "store")
    assert store.select(COUNT).rows == [{"n": str(union)}]


def test_the_store_folder_is_what_an_oxigraph_server_reads(built):
    """The folder is an Oxigraph database itself (the manifest sits beside its files)."""
    store = ox.Store.read_only(str(built / "store"))
    assert len(list(store.named_graphs())) == GRAPHS


def test_a_changed_trig_makes_the_store_stale_and_readers_say_so(in_build):
    trig = in_build / "uprkg.trig"
    text = trig.read_text(encoding="utf-8")
    trig.write_text(text.replace('"Cuba"@en', '"Republic of Cuba"@en'), encoding="utf-8")
    assert not store_is_current(in_build / "store", trig)
    notes: list[str] = []
    store = open_store(note=notes.append)
    assert store.path is None, "read from the TriG, not from the stale store"
    assert any("store is stale" in n and "run `uprkg build`" in n for n in notes), notes
    rows = store.select("SELECT ?l WHERE { <https://w3id.org/uprkg/id/actor/cuba> rdfs:label ?l }")
    assert rows.rows == [{"l": "Republic of Cuba"}]


def test_touching_the_trig_without_changing_it_keeps_the_store(in_build):
    trig = in_build / "uprkg.trig"
    os.utime(trig, ns=(trig.stat().st_atime_ns, trig.stat().st_mtime_ns + 10**9))
    assert store_is_current(in_build / "store", trig)  # same size and hash


def test_a_missing_store_is_said_and_the_trig_read(in_build):
    import shutil

    shutil.rmtree(in_build / "store")
    result = run_cli("query", "who-criticised-whom", "--format", "json")
    assert result.code == 0, result.err
    assert "build/store is missing; reading build/uprkg.trig" in result.err
    assert len(json.loads(result.out)) == len(WHO_CRITICISED_WHOM)


def test_a_failed_store_writes_nothing(tmp_path, monkeypatch):
    """The store is staged before any file is written: all or nothing."""
    import uprkg.store

    def broken(*args, **kwargs):
        raise InputError("the disk is full (simulated)")

    monkeypatch.setattr(uprkg.store, "stage", broken)
    result = run_cli("build", "--out", tmp_path / "out")
    assert result.code == 2 and "disk is full" in result.err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_second_build_replaces_the_store_and_leaves_no_temporary_folder(in_build):
    before = read_manifest(in_build / "store")
    result = run_cli("build", "--out", in_build)
    assert result.code == 0, result.err
    after = read_manifest(in_build / "store")
    assert after["loaded"]["sha256"] == before["loaded"]["sha256"]
    names = sorted(p.name for p in in_build.iterdir())
    assert names == ["disagreements.tsv", "store", "uprkg.trig", "uprkg.ttl"]


# -- which graphs a query sees ------------------------------------------------------------------


def test_asserted_and_inferred_never_mix_unless_asked(with_inferred):
    ask = "ASK { ?a <https://w3id.org/uprkg/ontology#criticised> ?b }"
    store = open_store()
    assert store.path is not None, "the refreshed store is current"
    assert store.ask(ask) is False
    assert store.ask(ask, graphs=Graphs(inferred=True)) is True
    assert store.select(COUNT).rows == [{"n": str(UNION)}]
    assert store.select(COUNT, graphs=Graphs(inferred=True)).rows == [{"n": str(UNION + 2)}]
    # GRAPH patterns see the same graphs by name
    graphs = "SELECT ?g WHERE { GRAPH ?g { } } ORDER BY ?g"
    names = [r["g"] for r in store.select(graphs).rows]
    assert GRAPH_INFERRED not in names and len(names) == GRAPHS
    with_it = [r["g"] for r in store.select(graphs, graphs=Graphs(inferred=True)).rows]
    assert GRAPH_INFERRED in with_it


def test_sparql_defaults_to_the_asserted_graphs_and_says_which(with_inferred, tmp_path):
    query = tmp_path / "edges.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?a uprkg:criticised ?b }\n", "utf-8")
    plain = run_cli("sparql", query, "--format", "json")
    assert plain.code == 0, plain.err
    assert json.loads(plain.out) == [{"n": 0}]  # a count is a JSON number
    assert f"graphs used: the asserted graphs ({GRAPHS} named graphs" in plain.err
    assert "graph/inferred left out (--with-inferred adds it)" in plain.err
    both = run_cli("sparql", query, "--format", "json", "--with-inferred")
    assert json.loads(both.out) == [{"n": 1}]
    assert "plus <graph/inferred>" in both.err


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_flat_exports_hold_the_asserted_graphs_unless_asked(with_inferred, fmt):
    plain = run_cli("export", "--format", fmt)
    assert plain.code == 0, plain.err
    assert "criticised" not in plain.out.replace("criticisedBy", "")
    assert "graph/inferred left out" in plain.err
    both = run_cli("export", "--format", fmt, "--with-inferred")
    assert "uprkg:criticised actor:usa" in both.out or f"<{UPRKG}criticised>" in both.out
    assert "plus <graph/inferred>" in both.err


def test_quad_exports_keep_graph_inferred_under_its_own_name(with_inferred):
    result = run_cli("export", "--format", "nq")
    assert result.code == 0, result.err
    inferred = [line for line in result.out.splitlines() if line.endswith(f"<{GRAPH_INFERRED}> .")]
    assert len(inferred) == 2
    assert "every named graph" in result.err


def test_exports_keep_every_datatype_though_the_store_does_not(built):
    """Oxigraph stores xsd:nonNegativeInteger as xsd:integer; exports read the TriG."""
    store = GraphStore.open(built / "store")
    query = "SELECT (DATATYPE(?start) AS ?t) WHERE { ?q oa:start ?start } LIMIT 1"
    assert store.select(query).rows == [{"t": XSD + "integer"}]
    from uprkg.export import render

    nt = render(store, "nt")
    in_turtle = (built / "uprkg.ttl").read_text(encoding="utf-8").count("^^xsd:nonNegativeInteger")
    assert in_turtle > 300
    assert nt.count(f'"^^<{XSD}nonNegativeInteger>') == in_turtle
    assert render(store, "ttl") == (built / "uprkg.ttl").read_text(encoding="utf-8")


def test_the_trig_export_of_a_build_is_the_build_s_trig(built):
    from uprkg.export import render

    store = GraphStore.open(built / "store")
    assert render(store, "trig") == (built / "uprkg.trig").read_text(encoding="utf-8")


# -- limits --------------------------------------------------------------------------------------


def test_a_query_over_the_time_limit_is_stopped_and_the_limit_named(built):
    store = GraphStore.open(built / "store")
    endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.monotonic()
    with pytest.raises(InputError, match=r"ran longer than 1 s \(the time limit; raise it with"):
        store.select(endless, limits=Limits(seconds=1))
    assert time.monotonic() - started < 30, "killed at the deadline, not run to the end"


def test_the_cli_time_limit_is_an_option(in_build, tmp_path):
    query = tmp_path / "endless.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "utf-8")
    result = run_cli("sparql", query, "--time-limit", "0.5")
    assert result.code == 2 and result.out == ""
    assert "ran longer than 0.5 s (the time limit; raise it with --time-limit" in result.err


def test_a_result_over_the_row_limit_is_refused_and_the_limit_named(in_build, tmp_path):
    query = tmp_path / "all.rq"
    query.write_text("SELECT * WHERE { ?s ?p ?o }", "utf-8")
    result = run_cli("sparql", query, "--max-rows", "1000")
    assert result.code == 2 and result.out == ""
    assert "gives more than 1000 rows (the row limit; raise it with --max-rows" in result.err
    assert run_cli("sparql", query, "--max-rows", "0", "--format", "tsv").code == 0


def test_limits_are_on_by_default():
    assert Limits().seconds and Limits().rows


# -- nothing is fetched unless asked -------------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list] = []

    def _answer(self):
        type(self).requests.append(self.path)
        body = b'{"head": {"vars": ["x"]}, "results": {"bindings": []}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def recording_server():
    handler = type("Handler", (_Recorder,), {"requests": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/data", handler.requests
    finally:
        server.shutdown()
        server.server_close()


def test_service_is_refused_and_no_request_leaves(in_build, tmp_path):
    with recording_server() as (url, requests):
        query = tmp_path / "service.rq"
        query.write_text(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}\n", "utf-8")
        result = run_cli("sparql", query)
        assert result.code == 2 and result.out == ""
        assert f"{query}:1: SERVICE is refused" in result.err
        assert "--allow-service" in result.err
        assert requests == []
        # asked for, the request does go out (so the test above can see one)
        allowed = run_cli("sparql", query, "--allow-service", "--time-limit", "20")
        assert allowed.code == 0, allowed.err
        assert requests, "with --allow-service the SERVICE request reaches the server"


def test_from_and_from_named_are_never_fetched(in_build, tmp_path):
    local = tmp_path / "secret.ttl"
    local.write_text('<http://example.org/s> <http://example.org/p> "secret" .\n', "utf-8")
    with recording_server() as (url, requests):
        for clause in (f"FROM <{url}>", f"FROM NAMED <{url}>", f"FROM <{local.as_uri()}>"):
            query = tmp_path / "from.rq"
            query.write_text(
                f"SELECT * {clause} WHERE {{ {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} }} }}",
                "utf-8",
            )
            result = run_cli("sparql", query, "--format", "json")
            assert result.code == 0, result.err
            assert json.loads(result.out) == [], clause
            assert "never fetched" in result.err
        assert requests == []


def test_from_names_a_graph_of_the_store(built):
    store = GraphStore.open(built / "store")
    registry = "https://w3id.org/uprkg/graph/registry"
    rows = store.select(f"SELECT (COUNT(*) AS ?n) FROM <{registry}> WHERE {{ ?s ?p ?o }}").rows
    assert rows == [{"n": str(store.graph_sizes()[registry])}]


# -- bad queries ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, words",
    [
        ("", "the query is empty"),
        ("\n  \n", "the query is empty"),
        ("# only a comment\n# and another\n", "the query is empty"),
    ],
    ids=["empty", "blank", "comments"],
)
def test_an_empty_query_file_says_it_is_empty(in_build, tmp_path, text, words):
    query = tmp_path / "empty.rq"
    query.write_text(text, "utf-8")
    result = run_cli("sparql", query)
    assert result.code == 2 and result.out == ""
    assert f"{query}: {words}" in result.err


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("@prefix ex: <http://e/> .\nex:a ex:b ex:c .\n", 1, "'@' where SELECT, ASK"),
        ("# a typo\n\nSELCT ?s WHERE { ?s ?p ?o }\n", 3, "'SELCT' where SELECT, ASK"),
        ("PREFIX ex: <http://e/>\nex:a ex:b ex:c .\n", 2, "'ex:a' where SELECT, ASK"),
    ],
)
def test_a_file_that_is_not_a_query_is_named_with_its_line(in_build, tmp_path, text, line, words):
    query = tmp_path / "data.rq"
    query.write_text(text, "utf-8")
    result = run_cli("sparql", query)
    assert result.code == 2 and result.out == ""
    assert result.err.strip().splitlines() == [
        f"uprkg: error: {query}:{line}: not a SPARQL query: {words}, CONSTRUCT or DESCRIBE "
        "(after any PREFIX and BASE) was expected"
    ]


def test_an_empty_canned_query_file_says_it_is_empty(in_build, tmp_path):
    folder = tmp_path / "queries"
    folder.mkdir()
    (folder / "nothing.rq").write_text("#+ summary: nothing yet\n", "utf-8")
    result = run_cli("query", "--queries", folder, "nothing")
    assert result.code == 2 and "nothing.rq: the query is empty" in result.err


# -- prefixes ------------------------------------------------------------------------------------


def test_sparql_declares_the_project_s_prefixes(in_build, tmp_path):
    query = tmp_path / "cuba.rq"
    query.write_text("SELECT ?label WHERE { actor:cuba rdfs:label ?label }", "utf-8")
    result = run_cli("sparql", query, "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out) == [{"label": "Cuba"}]


def test_a_query_s_own_prefix_wins(in_build, tmp_path):
    query = tmp_path / "own.rq"
    query.write_text(
        "PREFIX actor: <https://w3id.org/uprkg/id/statement/>\n"
        "SELECT ?s WHERE { actor:state-department-will-not-be-lectured ?p ?s } LIMIT 1",
        "utf-8",
    )
    result = run_cli("sparql", query, "--format", "json")
    assert result.code == 0, result.err
    assert len(json.loads(result.out)) == 1


def test_an_unknown_prefix_names_the_known_ones(in_build, tmp_path):
    query = tmp_path / "typo.rq"
    query.write_text("SELECT ?s WHERE {\n  ?s a uprgk:Statement }", "utf-8")
    result = run_cli("sparql", query)
    assert result.code == 2 and result.out == ""
    assert f"{query}:2: unknown prefix 'uprgk:'" in result.err
    assert "known: action, actor, boilerplate," in result.err and "uprkg" in result.err


# -- the query path ------------------------------------------------------------------------------


def test_the_query_command_loads_no_rdflib(in_build):
    code = (
        "import sys, runpy\n"
        "sys.argv = ['uprkg', 'query', 'who-criticised-whom', '--format', 'tsv']\n"
        "try:\n"
        "    runpy.run_module('uprkg', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'rdflib', 'SPARQLWrapper'}),"
        " file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=in_build.parent, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "[]"
    assert len(proc.stdout.splitlines()) == 1 + len(WHO_CRITICISED_WHOM)


# -- pagination ----------------------------------------------------------------------------------


def test_limit_and_offset_page_through_the_rows(built):
    store = GraphStore.open(built / "store")
    everything = store.select("who-criticised-whom").rows
    pages = [store.select("who-criticised-whom", limit=15, offset=k).rows for k in (0, 15, 30)]
    assert [len(p) for p in pages] == [15, 15, len(everything) - 30]
    assert [row for page in pages for row in page] == everything


LONG = ("who-criticised-whom", "criticisms-of", "statements-by", "appeals", "timeline", "search")


@pytest.mark.parametrize("name", LONG)
def test_long_queries_have_grlc_pagination(name):
    assert load_queries()[name].decorators.get("pagination") == 100


def test_page_follows_the_pagination_decorator(in_build, tmp_path):
    folder = tmp_path / "queries"
    folder.mkdir()
    text = (REPO / "queries" / "who-criticised-whom.rq").read_text(encoding="utf-8")
    (folder / "critics.rq").write_text(text.replace("#+ pagination: 100", "#+ pagination: 7"))
    everything = json.loads(run_cli("query", "who-criticised-whom", "--format", "json").out)
    pages = []
    for page in range(1, 8):
        result = run_cli(
            "query", "--queries", folder, "critics", "--page", page, "--format", "json"
        )
        assert result.code == 0, result.err
        pages.append(json.loads(result.out))
    assert [len(p) for p in pages] == [7, 7, 7, 7, 7, 5, 0]
    assert [row for page in pages for row in page] == everything
    bad = run_cli("query", "who-criticised-whom", "--page", "1", "--limit", "3")
    assert bad.code == 2 and "give --page or --limit/--offset, not both" in bad.err


def test_a_query_with_its_own_limit_cannot_be_paged(built):
    store = GraphStore.open(built / "store")
    with pytest.raises(InputError, match="has its own LIMIT"):
        store.select("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 3", limit=2)


# -- grlc ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(load_queries()))
def test_iri_parameter_defaults_are_full_iris(name):
    """grlc turns a bare `usa` into the relative IRI <usa>, which matches nothing."""
    for param in load_queries()[name].parameters.values():
        if param.type == "iri" and param.default is not None:
            assert param.default.startswith(ID), (name, param)


def test_the_queries_folder_names_its_endpoint_as_grlc_reads_it():
    """grlc takes the endpoint from the first line of endpoint.txt beside the queries."""
    line = (REPO / "queries" / "endpoint.txt").read_text(encoding="utf-8").splitlines()[0]
    assert line.startswith("http://") and line.endswith("/query")


# -- replacing a graph ---------------------------------------------------------------------------


def test_replace_graph_adds_a_graph_the_default_graph_follows(in_build):
    store_dir = in_build / "store"
    graph = "https://w3id.org/uprkg/graph/records/test"
    data = f'<{ID}actor/usa> <{UPRKG}note> "{4}"^^<{XSD}nonNegativeInteger> .\n'
    assert replace_graph(store_dir, graph, data=data, fmt="nt") == 1
    store = open_store()
    assert store.path is not None and store.path.resolve() == store_dir.resolve(), "still current"
    rows = store.select(f"SELECT ?n WHERE {{ actor:usa <{UPRKG}note> ?n }}").rows
    assert rows == [{"n": "4"}]
    assert store.select(COUNT).rows == [{"n": str(UNION + 1)}]
    from uprkg.export import render

    assert f'"4"^^<{XSD}nonNegativeInteger> <{graph}> .' in render(store, "nq")
    # replaced again with nothing: the graph and its triple in the default graph go
    assert replace_graph(store_dir, graph, quads=[]) == 0
    assert open_store().select(COUNT).rows == [{"n": str(UNION)}]


def test_replace_graph_keeps_a_triple_another_graph_asserts(in_build):
    store_dir = in_build / "store"
    label = ox.Triple(
        ox.NamedNode(f"{ID}actor/cuba"),
        ox.NamedNode(PREFIXES["rdfs"] + "label"),
        ox.Literal("Cuba", language="en"),
    )
    graph = "https://w3id.org/uprkg/graph/records/test"
    replace_graph(store_dir, graph, quads=[label])
    replace_graph(store_dir, graph, quads=[])
    ask = 'ASK { actor:cuba rdfs:label "Cuba"@en }'
    assert open_store().ask(ask) is True


def test_stage_refuses_text_that_is_not_trig(tmp_path):
    with pytest.raises(InputError, match="cannot build the store"):
        stage("this is { not trig", tmp_path / "store")
    assert list(tmp_path.iterdir()) == []


# -- results for a server ------------------------------------------------------------------------


def test_results_in_every_sparql_results_format_read_back_as_the_table(built):
    store = GraphStore.open(built / "store")
    table = store.select("who-criticised-whom")
    query = load_queries()["who-criticised-whom"]
    form, body = store.results(query, "json")
    assert form == "SELECT"
    data = json.loads(body)
    assert data["head"]["vars"] == table.variables
    assert len(data["results"]["bindings"]) == len(table.rows)
    first = data["results"]["bindings"][0]
    assert first["critic"] == {"type": "uri", "value": table.rows[0]["critic"]}
    _, body = store.results(query, "csv")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert [r["statement"] for r in rows] == table.column("statement")
    _, body = store.results(query, "tsv")
    lines = body.decode("utf-8").splitlines()
    assert lines[0].split("\t") == ["?" + v for v in table.variables]
    assert lines[1].split("\t")[0] == f"<{table.rows[0]['statement']}>"
    _, body = store.results(query, "xml")
    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    results = ET.fromstring(body).findall("s:results/s:result", ns)
    assert len(results) == len(table.rows)


def test_ask_and_graph_results_for_a_server(built):
    store = GraphStore.open(built / "store")
    form, body = store.results("ASK { actor:cuba a uprkg:State }", "json")
    assert form == "ASK" and json.loads(body)["boolean"] is True
    form, body = store.results("DESCRIBE actor:cuba", "nt")
    assert form == "DESCRIBE"
    triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
    assert any(str(q.object) == '"Cuba"@en' for q in triples)
    jsonld = json.loads(store.graph("DESCRIBE actor:cuba", "jsonld"))
    assert jsonld[0]["@id"] == f"{ID}actor/cuba"


def test_construct_prints_sorted_turtle_with_the_project_s_prefixes(built):
    store = GraphStore.open(built / "store")
    query = "CONSTRUCT { ?speaker uprkg:speakerOf ?s } WHERE { ?s uprkg:speaker ?speaker }"
    first, again = store.graph(query), store.graph(query)
    assert first == again
    text = first.decode("utf-8")
    assert "@prefix uprkg:" in text and "actor:cuba uprkg:speakerOf" in text
    assert "@prefix foaf:" not in text, "only the prefixes the triples use"


# -- the other readers -----------------------------------------------------------------------------


def test_stats_count_the_store_as_rdflib_counts_the_graph(in_build, bundled_dataset):
    """Counts from SPARQL on the store against counts from rdflib on the built dataset."""
    from rdflib import RDF

    from uprkg.namespaces import UPRKG as NS
    from uprkg.namespaces import graph_for_source

    result = run_cli("stats", "--format", "json")
    assert result.code == 0, result.err
    stats = json.loads(result.out)
    quads = set(bundled_dataset.quads())
    assert stats["triples"] == len({(s, p, o) for s, p, o, _ in quads})
    statements = {s for s, p, o, _ in quads if p == RDF.type and o == NS.Statement}
    assert sum(stats["per_stance"].values()) == len(statements)
    for row in stats["per_source"]:
        graph = bundled_dataset.graph(graph_for_source(row["source"]))
        assert row["triples"] == len(graph)
        assert row["statements"] == len(set(graph.subjects(RDF.type, NS.Statement)))
        assert row["claims"] == len(set(graph.subjects(RDF.type, NS.Claim)))
    assert stats["per_class"]["Statement"] == len(statements)


def test_the_network_reads_the_store_and_ignores_graph_inferred(with_inferred, bundled_dataset):
    from uprkg.network import project

    store = open_store()
    assert GRAPH_INFERRED in store.graph_names()
    from_store = project(store)
    from_rdflib = project(bundled_dataset)
    assert sorted(from_store.edges(keys=True)) == sorted(from_rdflib.edges(keys=True))
    critics = {(u, v) for u, v, k in from_store.edges(keys=True) if k in ("criticised", "accused")}
    assert ("cuba", "usa") in critics
    assert {r.critic for r in WHO_CRITICISED_WHOM} >= {u for u, _ in critics}


def test_load_sends_the_graphs_as_loaded(built):
    store = GraphStore.open(built / "store")
    payloads = {name: (count, body) for name, count, body in store.graph_payloads()}
    assert None not in payloads, "the derived default graph is not sent"
    assert set(payloads) == set(store.graph_names())
    count, body = payloads["https://w3id.org/uprkg/graph/source/000_391cd0b393f3ac2e"]
    assert count == 428 and f"^^<{XSD}nonNegativeInteger>".encode() in body


def test_the_manifest_file_name_is_stable():
    assert MANIFEST == "uprkg-manifest.json"


def test_an_error_from_the_query_process_keeps_its_file_and_line(built, tmp_path):
    store = GraphStore.open(built / "store")
    broken = tmp_path / "broken.rq"
    broken.write_text("SELECT ?s\nWHERE {\n  ?s ?p\n}\n", "utf-8")
    from uprkg.queries import ad_hoc

    with pytest.raises(InputError) as info:
        store.select(ad_hoc(broken.read_text("utf-8"), broken))
    (problem,) = info.value.problems
    assert (problem.file, problem.line) == (broken, 3)
    assert "SPARQL syntax error" in problem.message


def test_the_network_command_reads_the_store(in_build, tmp_path):
    """A graph put into the store (not into the TriG) shows in the network."""
    sanction = (
        f"<{ID}event/test-sanction> a <{UPRKG}Sanction> ;\n"
        f"  <{UPRKG}performedBy> <{ID}actor/cuba> ;\n"
        f"  <{UPRKG}affects> <{ID}actor/china> .\n"
    )
    replace_graph(in_build / "store", "https://w3id.org/uprkg/graph/test", data=sanction, fmt="ttl")
    out = tmp_path / "network.json"
    result = run_cli("network", "export", "--format", "json", "--out", out, "--kind", "sanctioned")
    assert result.code == 0, result.err
    edges = {edge["id"] for edge in json.loads(out.read_text("utf-8"))["edges"]}
    assert "cuba--sanctioned--china" in edges  # edge ids are XML ids (harden)


def test_the_commands_default_timeout_is_the_endpoint_s():
    from uprkg.commands.query import DEFAULT_TIMEOUT
    from uprkg.endpoint import DEFAULT_TIMEOUT as ENDPOINT

    assert DEFAULT_TIMEOUT == ENDPOINT
