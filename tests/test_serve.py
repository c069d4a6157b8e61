"""`uprkg serve` as a client sees it: a real server process on 127.0.0.1.

The SPARQL 1.1 Protocol through plain HTTP and SPARQLWrapper, the canned
queries' API against `uprkg query`, refusals (update, LOAD, SERVICE), the
time and row limits, many clients at once, entity IRIs by content
negotiation, and what the pages show (read from the articles).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import threading
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from conftest import FIXTURES, REPO, run_cli
from helpers_serve import fetch, start_server

ID = "https://w3id.org/uprkg/id/"
SOURCE_000 = "https://w3id.org/uprkg/graph/source/000_391cd0b393f3ac2e"
INFERRED = "https://w3id.org/uprkg/graph/inferred"
HOSTILE = FIXTURES / "serve" / "hostile.trig"
SPARQL_JSON = "application/sparql-results+json"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def built(tmp_path_factory, bundled_build) -> Path:
    """A working folder with build/ (the TriG, the Turtle and the store) of the bundled corpus."""
    work = tmp_path_factory.mktemp("serve")
    shutil.copytree(bundled_build, work / "build")
    return work


@pytest.fixture(scope="module")
def server(built):
    running = start_server("--time-limit", "20", cwd=built)
    yield running
    running.stop()


STRICT_SECONDS = 4  # a quick query must get through on a busy machine meanwhile


@pytest.fixture(scope="module")
def strict(built):
    """A server with a short time limit and a small row limit."""
    running = start_server("--time-limit", str(STRICT_SECONDS), "--max-rows", "500", cwd=built)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A server of the hostile fixture graph (with a graph/inferred)."""
    running = start_server("--graph", str(HOSTILE), cwd=tmp_path_factory.mktemp("hostile"))
    yield running
    running.stop()


def manifest(built: Path) -> dict:
    return json.loads((built / "build" / "store" / "uprkg-manifest.json").read_text())


def sparql_get(server, query: str, accept: str = SPARQL_JSON, **params):
    return fetch(server.url("/sparql", query=query, **params), accept=accept)


def bindings(answer) -> list[dict]:
    assert answer.status == 200, answer.text
    return json.loads(answer.body)["results"]["bindings"]


# -- starting -----------------------------------------------------------------------------


def test_prints_its_urls_and_binds_to_loopback(server):
    printed = "".join(server.output)
    assert server.base.startswith("http://127.0.0.1:")
    for path in ("/", "/sparql", "/api/openapi.json"):
        assert f"{server.base}{path}" in printed
    assert "read-only" in printed


def test_a_port_in_use_is_one_clear_message(server):
    port = server.base.rsplit(":", 1)[1]
    result = run_cli("serve", "--port", port)
    assert result.code == 2
    assert f"cannot bind to 127.0.0.1:{port}" in result.err
    assert "Traceback" not in result.err


def test_a_bad_query_folder_is_refused_at_start(tmp_path):
    (tmp_path / "broken.rq").write_text("#+ summary: [unclosed\nSELECT * WHERE { ?s ?p ?o }\n")
    result = run_cli("serve", "--port", "0", "--queries", str(tmp_path))
    assert result.code == 2
    assert "broken.rq:1: bad '#+' decorator" in result.err


# -- the SPARQL 1.1 Protocol ----------------------------------------------------------------


def test_get_form_post_and_direct_post_give_the_same_answer(server, built):
    expected = manifest(built)["default_graph_triples"]
    by_get = bindings(sparql_get(server, COUNT))
    form = fetch(
        server.url("/sparql"),
        data=urlencode({"query": COUNT}).encode(),
        content_type="application/x-www-form-urlencoded",
        accept=SPARQL_JSON,
    )
    direct = fetch(
        server.url("/sparql"),
        data=COUNT.encode(),
        content_type="application/sparql-query",
        accept=SPARQL_JSON,
    )
    assert by_get == bindings(form) == bindings(direct)
    assert int(by_get[0]["n"]["value"]) == expected


LABEL_OF_CUBA = "SELECT ?label WHERE { actor:cuba rdfs:label ?label }"


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (SPARQL_JSON, SPARQL_JSON),
        ("application/json", SPARQL_JSON),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
    ],
)
def test_select_results_in_every_format(server, accept, media):
    answer = sparql_get(server, LABEL_OF_CUBA, accept=accept)
    assert answer.status == 200
    assert answer.headers["content-type"].startswith(media)
    if "json" in media:
        assert bindings(answer) == [
            {"label": {"type": "literal", "value": "Cuba", "xml:lang": "en"}}
        ]
    elif "xml" in media:
        root = ET.fromstring(answer.body)
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        literal = root.find(".//r:binding[@name='label']/r:literal", ns)
        assert literal.text == "Cuba"
    elif media == "text/csv":
        assert list(csv.reader(io.StringIO(answer.text))) == [["label"], ["Cuba"]]
    else:
        assert answer.text.splitlines() == ["?label", '"Cuba"@en']


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_and_describe_in_every_rdf_format(server, accept, fmt):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDFS

    for query in (
        "CONSTRUCT { actor:cuba rdfs:label ?l } WHERE { actor:cuba rdfs:label ?l }",
        "DESCRIBE actor:cuba",
    ):
        answer = sparql_get(server, query, accept=accept)
        assert answer.status == 200, answer.text
        assert answer.headers["content-type"].startswith(accept)
        graph = Graph().parse(data=answer.body, format=fmt)
        assert (URIRef(ID + "actor/cuba"), RDFS.label, Literal("Cuba", lang="en")) in graph


def test_format_parameter_overrides_accept(server):
    answer = sparql_get(
        server, LABEL_OF_CUBA, accept="application/sparql-results+xml", format="csv"
    )
    assert answer.headers["content-type"].startswith("text/csv")


def test_an_unacceptable_accept_header_is_406(server):
    answer = sparql_get(server, LABEL_OF_CUBA, accept="image/png")
    assert answer.status == 406
    assert "application/sparql-results+json" in answer.text


def test_ask(server):
    yes = fetch(server.url("/sparql", query="ASK { actor:cuba a uprkg:State }"), accept=SPARQL_JSON)
    assert json.loads(yes.body) == {"head": {}, "boolean": True}


def test_cors_for_browser_clients(server):
    simple = fetch(
        server.url("/sparql", query=LABEL_OF_CUBA), headers={"Origin": "https://yasgui.org"}
    )
    assert simple.headers["access-control-allow-origin"] == "*"
    preflight = fetch(
        server.url("/sparql"),
        method="OPTIONS",
        headers={
            "Origin": "https://yasgui.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]


def test_named_graphs_and_the_protocol_dataset(server, built):
    graphs = bindings(
        sparql_get(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    )
    assert [g["g"]["value"] for g in graphs] == sorted(manifest(built)["graphs"])
    only_000 = bindings(
        fetch(
            server.url("/sparql", query=COUNT) + "&" + urlencode({"default-graph-uri": SOURCE_000}),
            accept=SPARQL_JSON,
        )
    )
    assert int(only_000[0]["n"]["value"]) == manifest(built)["graphs"][SOURCE_000]
    named = bindings(
        fetch(
            server.url("/sparql", query="SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
            + "&"
            + urlencode({"named-graph-uri": SOURCE_000}),
            accept=SPARQL_JSON,
        )
    )
    assert [g["g"]["value"] for g in named] == [SOURCE_000]


def test_inferred_graph_is_named_not_default(hostile):
    edge = "ASK { actor:evil uprkg:criticised actor:usa }"
    assert json.loads(sparql_get(hostile, edge).body)["boolean"] is False
    in_graph = f"ASK {{ GRAPH <{INFERRED}> {{ actor:evil uprkg:criticised actor:usa }} }}"
    assert json.loads(sparql_get(hostile, in_graph).body)["boolean"] is True


def test_sparqlwrapper_client(server):
    from SPARQLWrapper import CSV, GET, JSON, POST, TURTLE, SPARQLWrapper

    client = SPARQLWrapper(server.url("/sparql"))
    client.setQuery("SELECT ?label WHERE { actor:cuba rdfs:label ?label }")
    client.setReturnFormat(JSON)
    for method in (GET, POST):
        client.setMethod(method)
        rows = client.query().convert()["results"]["bindings"]
        assert [r["label"]["value"] for r in rows] == ["Cuba"]
    client.setReturnFormat(CSV)
    client.setMethod(GET)
    assert client.query().convert().decode().splitlines() == ["label", "Cuba"]
    client.setQuery("ASK { actor:cuba a uprkg:State }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
    client.setQuery("CONSTRUCT { actor:cuba rdfs:label ?l } WHERE { actor:cuba rdfs:label ?l }")
    client.setReturnFormat(TURTLE)
    assert b'"Cuba"@en' in client.query().convert()


# -- what the endpoint refuses --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("how", "text"),
    [
        ("update", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
        ("update-body", "DELETE WHERE { ?s ?p ?o }"),
        ("query", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
        ("query", "LOAD <http://127.0.0.1:9/data.ttl>"),
        ("query", "CLEAR ALL"),
        ("update", "LOAD <file:///etc/passwd>"),
    ],
)
def test_updates_and_load_are_refused(server, built, how, text):
    if how == "update":
        answer = fetch(
            server.url("/sparql"),
            data=urlencode({"update": text}).encode(),
            content_type="application/x-www-form-urlencoded",
        )
    elif how == "update-body":
        answer = fetch(
            server.url("/sparql"), data=text.encode(), content_type="application/sparql-update"
        )
    else:
        answer = sparql_get(server, text)
    assert answer.status == 403
    assert "read-only" in answer.text
    count = bindings(sparql_get(server, COUNT))
    assert int(count[0]["n"]["value"]) == manifest(built)["default_graph_triples"]


def test_service_is_refused(server):
    answer = sparql_get(
        server, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    )
    assert answer.status == 403
    assert "SERVICE is refused" in answer.text


def test_nothing_is_fetched_from_elsewhere(server):
    """FROM and FROM NAMED name the store's graphs, never documents to fetch; SERVICE
    is refused: a local HTTP server sees no request."""
    import http.server

    hits: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/turtle")
            self.end_headers()
            self.wfile.write(b"<urn:a> <urn:b> <urn:c> .")

        def do_POST(self):
            self.do_GET()

        def log_message(self, *args):
            pass

    listener = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=listener.serve_forever, daemon=True)
    thread.start()
    here = f"http://127.0.0.1:{listener.server_address[1]}"
    try:
        from_doc = sparql_get(server, f"SELECT * FROM <{here}/data.ttl> WHERE {{ ?s ?p ?o }}")
        assert bindings(from_doc) == []
        named = sparql_get(
            server, f"SELECT * FROM NAMED <{here}/g.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
        )
        assert bindings(named) == []
        service = sparql_get(server, f"SELECT * WHERE {{ SERVICE <{here}/sparql> {{ ?s ?p ?o }} }}")
        assert service.status == 403
    finally:
        listener.shutdown()
        listener.server_close()
    assert hits == []


def test_sparqlwrapper_sees_the_refusal(server):
    from urllib.error import HTTPError

    from SPARQLWrapper import POST, SPARQLWrapper

    client = SPARQLWrapper(server.url("/sparql"), updateEndpoint=server.url("/sparql"))
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(HTTPError, match="403") as raised:
        client.query()
    assert "read-only" in raised.value.read().decode()


@pytest.mark.parametrize(
    ("url_params", "status", "words"),
    [
        ({"query": "SELECT ?s WHERE { ?s ?p }"}, 400, "SPARQL syntax error"),
        ({}, 400, "no query"),
        ({"query": COUNT, "default-graph-uri": "not an iri"}, 400, "absolute IRI"),
        ({"query": COUNT, "format": "pdf"}, 400, "unknown format"),
    ],
)
def test_bad_requests_are_400_with_a_reason(server, url_params, status, words):
    answer = fetch(server.url("/sparql", **url_params))
    assert answer.status == status
    assert words in answer.text
    assert answer.headers["content-type"].startswith("text/plain")


def test_other_post_bodies_are_415(server):
    answer = fetch(server.url("/sparql"), data=b"{}", content_type="application/json")
    assert answer.status == 415


# -- limits and many clients ----------------------------------------------------------------------

PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def query_processes(server) -> set[int]:
    """The server's children: each running query is a forked process (uprkg.web.runner)."""
    found: set[int] = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == server.process.pid:
            found.add(int(stat.parent.name))
    return found


def test_a_pathological_query_is_stopped_and_others_still_answered(strict):
    """While a query runs into the time limit, quick queries are answered.

    Neither load nor timing decides it: the quick queries are asked only once the
    slow query's process is seen running (so none can get in before it), and again
    and again until the slow one ends; they must all be answered, at least one while
    the slow one still runs, and the slow one must last until the time limit."""
    slow: dict = {}

    def run_slow() -> None:
        slow["answer"] = sparql_get(strict, PATHOLOGICAL)
        slow["ended"] = time.monotonic()

    idle = query_processes(strict)
    began = time.monotonic()
    thread = threading.Thread(target=run_slow)
    thread.start()
    while not query_processes(strict) - idle and thread.is_alive():
        time.sleep(0.02)
    meanwhile = []  # (seconds after the slow query began, status, problem) of quick answers
    while thread.is_alive():
        asked = time.monotonic() - began
        quick = sparql_get(strict, LABEL_OF_CUBA)
        if thread.is_alive():
            problem = "" if quick.status == 200 else f"asked at {asked:.2f} s: {quick.text[:300]}"
            meanwhile.append((time.monotonic() - began, quick.status, problem))
        time.sleep(0.25)
    thread.join(timeout=60)
    assert not thread.is_alive(), "the timed-out query's connection hung"
    assert meanwhile and all(status == 200 for _, status, _ in meanwhile), meanwhile
    assert slow["answer"].status == 503
    assert "time limit" in slow["answer"].text
    assert slow["ended"] - began >= STRICT_SECONDS * 0.9, "stopped before its time limit"
    assert sparql_get(strict, LABEL_OF_CUBA).status == 200


def test_a_result_over_the_row_limit_is_refused(strict):
    answer = sparql_get(strict, "SELECT * WHERE { ?s ?p ?o }")
    assert answer.status == 403
    assert "row limit" in answer.text and "500" in answer.text
    assert bindings(sparql_get(strict, "SELECT * WHERE { ?s ?p ?o } LIMIT 500")).__len__() == 500


def test_many_clients_at_once_lose_nothing(server):
    """60 clients, 4 requests each (SPARQL, API, pages), all at once: every answer
    arrives, complete and the same as a lone client's."""
    requests = [
        (server.url("/sparql", query=LABEL_OF_CUBA), SPARQL_JSON),
        (server.url("/api/who-criticised-whom.csv"), None),
        (server.url("/id/actor/cuba"), "text/html"),
        (server.url("/api/why", stance="criticism"), SPARQL_JSON),
    ]
    expected = [fetch(url, accept=accept).body for url, accept in requests]

    def client(index: int) -> list[tuple[int, bytes]]:
        order = requests[index % 4 :] + requests[: index % 4]
        return [
            (requests.index((url, accept)), fetch(url, accept=accept, timeout=120))
            for url, accept in order
        ]

    with ThreadPoolExecutor(max_workers=60) as pool:
        results = list(pool.map(client, range(60), timeout=300))
    answers = [pair for result in results for pair in result]
    assert len(answers) == 240
    failures = [(i, a.status) for i, a in answers if a.status != 200]
    assert failures == []
    assert all(a.body == expected[i] for i, a in answers)


# -- the canned queries' API --------------------------------------------------------------------


def _api_rows(answer) -> list[dict]:
    rows = bindings(answer)
    return [{k: v["value"] for k, v in row.items()} for row in rows]


def _cli_rows(built: Path, name: str, *params: str) -> list[dict]:
    args = ["query", name, "--format", "json", "--graph", str(built / "build" / "uprkg.trig")]
    for param in params:
        args += ["--param", param]
    result = run_cli(*args)
    assert result.code == 0, result.err
    # uprkg query's JSON gives counts as numbers; SPARQL JSON results as lexical forms
    rows = json.loads(result.out)
    return [{k: str(v) for k, v in row.items() if v not in (None, "")} for row in rows]


def _without_empty(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in row.items() if v != ""} for row in rows]


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("who-criticised-whom", {}),
        ("criticisms-of", {"actor": "Cuba"}),
        ("criticisms-of", {}),
        ("statements-by", {"actor": "https://w3id.org/uprkg/id/actor/usa", "stance": "criticism"}),
        ("why", {"stance": "criticism"}),
        ("appeals", {}),
        ("timeline", {}),
        ("contested-claims", {}),
        ("sources", {}),
        ("search", {"text": "lectured"}),
        ("people-and-roles", {}),
    ],
)
def test_api_gives_the_rows_of_uprkg_query(server, built, name, params):
    answer = fetch(server.url(f"/api/{name}", **params, limit="1000"), accept="application/json")
    expected = _cli_rows(built, name, *(f"{k}={v}" for k, v in params.items()))
    assert expected, f"{name} should give rows on the bundled corpus"
    assert _without_empty(_api_rows(answer)) == expected


def test_api_formats_by_extension_and_accept(server):
    by_ext = fetch(server.url("/api/criticisms-of.csv", actor="Cuba"))
    by_accept = fetch(server.url("/api/criticisms-of", actor="Cuba"), accept="text/csv")
    assert by_ext.body == by_accept.body
    rows = list(csv.DictReader(io.StringIO(by_ext.text)))
    # sources 002 and 003: the US letter accused the UN of "ignoring human rights abuses
    # in China, North Korea, Cuba and Venezuela"
    assert [(r["statement"], r["critic"], r["target"]) for r in rows] == [
        (
            ID + "statement/us-letter-un-ignores-abuses",
            ID + "actor/us-mission-geneva",
            ID + "actor/cuba",
        )
    ]
    turtle = fetch(server.url("/api/criticisms-of.ttl", actor="Cuba"))
    from rdflib import Graph, Namespace

    rs = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
    graph = Graph().parse(data=turtle.body, format="turtle")
    assert len(set(graph.objects(None, rs.solution))) == len(rows)
    tsv = fetch(server.url("/api/criticisms-of.tsv", actor="Cuba"))
    assert tsv.text.splitlines()[0].startswith("?statement\t?critic")


def test_api_pagination(server):
    everything = _api_rows(fetch(server.url("/api/timeline", limit="1000")))
    page = _api_rows(fetch(server.url("/api/timeline", limit="5", offset="10")))
    assert page == everything[10:15]
    first = fetch(server.url("/api/timeline"))
    assert _api_rows(first) == everything[:100]
    assert 'rel="first"' in first.headers["link"]
    second = fetch(server.url("/api/timeline", page="2"))
    assert _api_rows(second) == everything[100:200]


@pytest.mark.parametrize(
    ("path", "params", "status", "words"),
    [
        ("/api/criticisms-of", {"actr": "Cuba"}, 400, "no parameter 'actr'"),
        ("/api/criticisms-of", {"actor": "Atlantis"}, 400, "no actor has the id"),
        ("/api/statements-by", {"stance": "praise"}, 400, "not one of"),
        ("/api/criticisms-of", {"limit": "-1"}, 400, "whole number"),
        ("/api/no-such-query", {}, 404, "no canned query"),
    ],
)
def test_api_refusals(server, path, params, status, words):
    answer = fetch(server.url(path, **params))
    assert answer.status == status
    assert words in answer.text


def test_openapi_describes_every_query(server):
    from openapi_spec_validator import validate

    from uprkg.queries import load_queries

    document = json.loads(fetch(server.url("/api/openapi.json")).body)
    validate(document)
    queries = load_queries()
    assert set(document["paths"]) == {f"/api/{name}" for name in queries}
    operation = document["paths"]["/api/statements-by"]["get"]
    params = {p["name"]: p for p in operation["parameters"]}
    assert params["stance"]["schema"]["enum"][0] == "criticism"
    assert params["actor"]["schema"]["default"] == ID + "actor/usa"
    assert {"limit", "offset", "page"} <= set(params)


# -- entity IRIs dereference -----------------------------------------------------------------------


def test_entity_iri_by_content_negotiation(server):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDFS

    cuba = URIRef(ID + "actor/cuba")
    page = fetch(server.url("/id/actor/cuba"), accept="text/html,application/xhtml+xml,*/*;q=0.8")
    assert page.headers["content-type"].startswith("text/html")
    assert "<h1>Cuba</h1>" in page.text
    for accept, fmt in (("text/turtle", "turtle"), ("application/ld+json", "json-ld")):
        answer = fetch(server.url("/id/actor/cuba"), accept=accept)
        assert answer.headers["content-type"].startswith(accept)
        graph = Graph().parse(data=answer.body, format=fmt)
        assert (cuba, RDFS.label, Literal("Cuba", lang="en")) in graph
    assert (
        fetch(server.url("/id/actor/cuba", format="nt"))
        .headers["content-type"]
        .startswith("application/n-triples")
    )
    assert fetch(server.url("/id/actor/atlantis"), accept="text/turtle").status == 404
    assert fetch(server.url("/id/actor/atlantis"), accept="text/html").status == 404


def test_concept_iris_dereference_too(server):
    answer = fetch(server.url("/stance/criticism"), accept="text/turtle")
    assert answer.status == 200
    assert "skos:prefLabel" in answer.text or "prefLabel" in answer.text


# -- pages (expectations read from the articles) -----------------------------------------------


def test_statement_page_shows_speaker_targets_reasons_and_every_source(server):
    page = fetch(
        server.url("/id/statement/state-department-will-not-be-lectured"), accept="text/html"
    ).text
    assert "US Department of State" in page or "State Department" in page
    for target in ("China", "Sudan", "Venezuela", "UN Human Rights Council"):
        assert f">{target}</a>" in page
    assert "named example" in page
    assert "rejection" in page
    # source 000 quotes the statement; source 001 reports it too, in other words
    assert "we will not be lectured about our human rights record" in page
    assert "/id/source/000_391cd0b393f3ac2e#q-1266-1544" in page
    assert "/id/source/001_018afc5835442117#q-267-336" in page


def test_actor_page_shows_what_it_said_and_what_was_said_about_it(server):
    page = fetch(server.url("/id/actor/cuba"), accept="text/html").text
    said = page.split('id="said"')[1].split('id="about"')[0]
    assert "/id/statement/cuba-accuses-us-fear-of-oversight" in said
    assert "accusation" in said
    assert "United States" in said
    usa = fetch(server.url("/id/actor/usa"), accept="text/html").text
    about_usa = usa.split('id="about"')[1]
    assert "/id/statement/cuba-accuses-us-fear-of-oversight" in about_usa
    assert "Donald Trump" in usa.split("Posts")[1].split('id="said"')[0]


def test_actor_page_shows_recommendations_when_the_graph_has_them(hostile):
    page = fetch(hostile.url("/id/actor/usa"), accept="text/html").text
    section = page.split('id="recommendations"')[1]
    assert "Received (1)" in section
    assert "/id/recommendation/r1" in section
    made = fetch(hostile.url("/id/actor/evil"), accept="text/html").text
    assert "Made (1)" in made.split('id="recommendations"')[1]


def test_source_page_highlights_every_span_with_overlaps(server):
    page = fetch(server.url("/id/source/000_391cd0b393f3ac2e"), accept="text/html").text
    # Cuba's accusation, in source 000's words, links to its statement
    assert (
        'href="/id/statement/cuba-accuses-us-fear-of-oversight"' in page
        and "Cuba accused the US of being afraid of what greater oversight" in page
    )
    # 1266-1544 (the State Department's statement) contains 1497-1543 (a claim's quote)
    assert 'id="q-1266-1544"' in page and 'id="q-1497-1543"' in page
    assert "depth-2" in page
    assert "the text at these offsets differs" not in page


def test_proposition_page_shows_both_values_and_why_they_conflict(server):
    page = fetch(
        server.url("/id/proposition/state-department-will-not-be-lectured/speaker"),
        accept="text/html",
    ).text
    assert "The sources disagree: 1 pair of values cannot both hold." in page
    assert "US Department of State" in page
    assert "unnamed US State Department official" in page
    assert "are different" in page  # the rule's explanation


def test_disagreements_and_query_pages(server):
    page = fetch(server.url("/disagreements"), accept="text/html").text
    assert "/id/proposition/state-department-will-not-be-lectured/speaker" in page
    assert "2006" in page and "2008" in page  # when the UPR began, by source
    form = fetch(server.url("/queries/criticisms-of"), accept="text/html").text
    assert '<input name="actor"' in form
    ran = fetch(server.url("/queries/criticisms-of", actor="Cuba", run="1"), accept="text/html")
    assert ran.status == 200
    assert "/id/statement/" in ran.text


def test_ontology_page_is_self_contained(server):
    page = fetch(server.url("/ontology"), accept="text/html")
    assert page.status == 200
    assert "Statement" in page.text
    assert 'src="http' not in page.text
    assert '<link rel="stylesheet" href="http' not in page.text


def test_sparql_page_for_browsers(server):
    form = fetch(server.url("/sparql"), accept="text/html")
    assert "<textarea" in form.text
    table = fetch(server.url("/sparql", query=LABEL_OF_CUBA), accept="text/html")
    assert "<td>Cuba</td>" in table.text


# -- hostile data and paths ------------------------------------------------------------------------


HOSTILE_PAGES = [
    "/",
    "/id/actor/",
    "/id/actor/evil",
    "/id/actor/usa",
    "/id/statement/evil",
    "/id/source/hostile",
    "/id/claim/evil",
    "/id/proposition/evil",
    "/id/recommendation/r1",
    "/disagreements",
    "/queries/criticisms-of?actor=%3Cscript%3Ealert(1)%3C/script%3E&run=1",
    "/sparql?query="
    + quote("SELECT * WHERE { ?s rdfs:label ?o } # </textarea><script>alert(1)</script>"),
    "/id/actor/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "/queries/%3Cscript%3E",
]


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_hostile_values_are_escaped_in_every_page(hostile, path):
    answer = fetch(hostile.base + path, accept="text/html")
    assert answer.headers["content-type"].startswith("text/html")
    page = answer.text
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert 'href="javascript:' not in page
    assert "onerror=alert" not in page or "&lt;img src=x onerror=alert" in page
    assert "default-src 'none'" in answer.headers["content-security-policy"]


def test_hostile_values_show_as_text(hostile):
    actor = fetch(hostile.url("/id/actor/evil"), accept="text/html").text
    assert "&lt;script&gt;alert(&#39;actor&#39;)&lt;/script&gt;" in actor
    assert "&#34;quoted&#34; and\nsplit &lt;b&gt;bold&lt;/b&gt;" in actor
    statement = fetch(hostile.url("/id/statement/evil"), accept="text/html").text
    assert "&lt;img src=x onerror=alert(&#39;quote&#39;)&gt;\n&#34;line two&#34;" in statement


def test_a_source_file_outside_the_corpus_is_never_read(hostile):
    page = fetch(hostile.url("/id/source/hostile"), accept="text/html").text
    assert "not a plain file name" in page
    assert "root:" not in page


@pytest.mark.parametrize(
    "path",
    [
        "/static/../../../pyproject.toml",
        "/static/%2e%2e/%2e%2e/%2e%2e/pyproject.toml",
        "/static/..%2f..%2f..%2fpyproject.toml",
        "/id/../../etc/passwd",
        "/id/actor/%2e%2e/%2e%2e/etc/passwd",
        "/static//etc/passwd",
    ],
)
def test_path_traversal_is_refused(server, path):
    import http.client

    host, port = server.base.removeprefix("http://").rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.request("GET", path)  # sent as is: no client-side normalisation
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    assert 400 <= response.status < 500
    assert "[project]" not in body and "root:x:" not in body


def test_static_files_are_served(server):
    css = fetch(server.url("/static/style.css"))
    assert css.status == 200 and css.headers["content-type"].startswith("text/css")
    assert (REPO / "src" / "uprkg" / "web" / "static" / "style.css").read_bytes() == css.body
