"""Through a real Oxigraph server on 127.0.0.1: `uprkg load` keeps the
per-source graphs, every canned query gives the same rows as embedded (with
the data in named graphs or in the default graph), and unreachable hosts,
timeouts, HTTP errors and malformed responses each give one clear message."""

from __future__ import annotations

import contextlib
import http.server
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import need, run_cli
from helpers_queries import CASES, HOSTILE, case_id
from uprkg.endpoint import remote_select, run_select_remote, send
from uprkg.errors import InputError
from uprkg.queries import run_select

COUNT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


def oxigraph_binary() -> str | None:
    """The `oxigraph` command the oxigraph package installs (on PATH or beside python)."""
    beside = Path(sys.executable).parent / "oxigraph"
    return shutil.which("oxigraph") or (str(beside) if beside.is_file() else None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(process: subprocess.Popen, base: str, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"oxigraph exited with {process.returncode}: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/", timeout=1):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"oxigraph did not answer on {base} within {seconds} s")


def _die_with_parent() -> None:
    """In the child (Linux): get SIGTERM when the test process dies, so a test
    run that is killed (a CI timeout, a SIGTERM) cannot leave the server behind."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@contextlib.contextmanager
def oxigraph(folder: Path, union: bool):
    """Start `oxigraph serve` on a free port; always stop it, even on failure."""
    binary = oxigraph_binary()
    need(binary is not None, "the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    args = [binary, "serve", "--location", str(folder / "store"), "--bind", f"127.0.0.1:{port}"]
    if union:
        args.append("--union-default-graph")
    log_path = folder / "oxigraph.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            args, stdout=log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(process, base, log_path)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="module")
def build_dir(bundled_build) -> Path:
    """A fresh `uprkg build` of the bundled corpus (no inferred graph), shared by the session."""
    return bundled_build


@pytest.fixture(scope="module")
def union_server(tmp_path_factory, build_dir):
    """Oxigraph with --union-default-graph, loaded with the TriG (named graphs)."""
    with oxigraph(tmp_path_factory.mktemp("oxigraph-union"), union=True) as base:
        result = run_cli("load", "--endpoint", base + "/store", "--graph", build_dir / "uprkg.trig")
        assert result.code == 0, result.err
        yield base


@pytest.fixture(scope="module")
def default_server(tmp_path_factory, build_dir):
    """Oxigraph in its plain mode, loaded with the Turtle (all in the default graph)."""
    with oxigraph(tmp_path_factory.mktemp("oxigraph-default"), union=False) as base:
        result = run_cli("load", "--endpoint", base + "/store", "--graph", build_dir / "uprkg.ttl")
        assert result.code == 0, result.err
        yield base


@pytest.fixture(scope="module")
def embedded(bundled_dataset):
    cache: dict = {}

    def go(name, params):
        key = (name, tuple(sorted(params.items())))
        if key not in cache:
            cache[key] = run_select(name, bundled_dataset, params)
        return cache[key]

    return go


# -- loading -----------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_load_keeps_one_named_graph_per_source(union_server, bundled_dataset):
    table = remote_select(union_server + "/query", GRAPHS)
    found = {row["g"]: int(row["n"]) for row in table.rows}
    expected = {str(g.identifier): len(g) for g in bundled_dataset.graphs() if len(g)}
    assert found == expected
    assert sum(1 for g in found if "/graph/source/" in g) == 5


def test_loading_twice_replaces_each_graph(union_server, build_dir):
    before = remote_select(union_server + "/query", COUNT_TRIPLES).rows
    result = run_cli(
        "load", "--endpoint", union_server + "/store", "--graph", build_dir / "uprkg.trig"
    )
    assert result.code == 0, result.err
    # 5 sources, registry, ontology and the bundled UPR record's two datasets
    assert result.out.splitlines()[-1].startswith("loaded 9 graphs, ")
    assert remote_select(union_server + "/query", COUNT_TRIPLES).rows == before


# -- the same rows embedded and through the server ------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_named_graphs_with_a_union_default_graph_give_the_embedded_rows(
    union_server, embedded, case
):
    name, params = case
    remote = run_select_remote(name, union_server + "/query", params)
    local = embedded(name, params)
    assert remote.variables == local.variables
    assert remote.rows == local.rows


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_triples_in_the_default_graph_give_the_embedded_rows(default_server, embedded, case):
    name, params = case
    remote = run_select_remote(name, default_server + "/query", params)
    assert remote.rows == embedded(name, params).rows


def test_the_command_prints_the_same_json_through_the_server(union_server, build_dir):
    local = run_cli(
        "query", "who-criticised-whom", "--format", "json", "--graph", build_dir / "uprkg.trig"
    )
    remote = run_cli(
        "query", "who-criticised-whom", "--format", "json", "--endpoint", union_server + "/query"
    )
    assert remote.code == 0, remote.err
    assert json.loads(remote.out) == json.loads(local.out)


def test_sparql_asks_constructs_and_describes_through_the_server(union_server, tmp_path):
    query = union_server + "/query"
    ask = tmp_path / "ask.rq"
    ask.write_text("ASK { ?s a <https://w3id.org/uprkg/ontology#Statement> }", encoding="utf-8")
    assert run_cli("sparql", ask, "--endpoint", query).out.strip() == "true"
    describe = tmp_path / "describe.rq"
    describe.write_text("DESCRIBE <https://w3id.org/uprkg/id/actor/cuba>", encoding="utf-8")
    result = run_cli("sparql", describe, "--endpoint", query)
    assert result.code == 0, result.err
    assert 'rdfs:label "Cuba"@en' in result.out
    broken = tmp_path / "broken.rq"
    broken.write_text("SELECT * WHERE {\n  ?s ?p\n}\n", encoding="utf-8")
    result = run_cli("sparql", broken, "--endpoint", query)
    assert result.code == 2 and "broken.rq:2: SPARQL syntax error" in result.err


# -- hostile parameters ------------------------------------------------------------------------


def test_a_hostile_literal_changes_nothing_on_the_server(union_server):
    query = union_server + "/query"
    before = remote_select(query, COUNT_TRIPLES).rows
    assert run_select_remote("search", query, {"text": HOSTILE}).rows == []
    assert remote_select(query, COUNT_TRIPLES).rows == before


def test_a_hostile_name_is_refused_before_the_query_is_sent(union_server):
    with pytest.raises(InputError, match="no actor has the id, label or alias"):
        run_select_remote("criticisms-of", union_server + "/query", {"actor": HOSTILE})


# -- failures ----------------------------------------------------------------------------------


def test_an_unreachable_endpoint_is_one_clear_message():
    url = f"http://127.0.0.1:{free_port()}/query"
    result = run_cli("query", "appeals", "--endpoint", url)
    assert result.code == 2 and result.out == ""
    assert result.err.strip() == (
        f"uprkg: error: cannot reach the SPARQL endpoint {url}: "
        f"connection refused by 127.0.0.1:{url.split(':')[2].split('/')[0]} (is it running?)"
    )
    load = run_cli("load", "--endpoint", url.replace("/query", "/store"))
    assert load.code == 2 and "cannot reach the graph store" in load.err


def test_an_unknown_host_is_named():
    result = run_cli("query", "appeals", "--endpoint", "http://no-such-host.invalid/sparql")
    assert result.code == 2 and "unknown host 'no-such-host.invalid'" in result.err


@pytest.mark.parametrize("timeout", ["0.5", "1"])
def test_an_endpoint_that_does_not_answer_times_out(timeout):
    with socket.socket() as silent:  # accepts connections (backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        # if the client waited for ever, closing the socket resets its connection
        watchdog = threading.Timer(20, silent.close)
        watchdog.start()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        started = time.monotonic()
        try:
            result = run_cli("query", "appeals", "--endpoint", url, "--timeout", timeout)
        finally:
            watchdog.cancel()
        elapsed = time.monotonic() - started
    assert result.code == 2 and result.out == ""
    assert f"the SPARQL endpoint {url} did not answer within {timeout} s (see --timeout)" in (
        result.err
    )
    assert elapsed < 20


def test_http_errors_name_the_status(union_server):
    result = run_cli("query", "appeals", "--endpoint", union_server + "/no-such-path")
    assert result.code == 2
    assert f"{union_server}/no-such-path answered HTTP 404 Not Found" in result.err
    with pytest.raises(InputError, match=r"answered HTTP 400 Bad Request: .+"):
        send(union_server + "/query", "SELECT nothing at all")


class _Stub(http.server.BaseHTTPRequestHandler):
    body = b"<html><body>Welcome</body></html>"
    content_type = "text/html"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", self.content_type)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def stub_server(body: bytes, content_type: str):
    handler = type("Handler", (_Stub,), {"body": body, "content_type": content_type})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "body, content_type, words",
    [
        (
            b"<html><body>Welcome</body></html>",
            "text/html",
            "expected SPARQL JSON results, got text/html",
        ),
        (
            b'{"head": {"vars": ["x"]}}',
            "application/sparql-results+json",
            "the JSON has no 'head' and 'results'",
        ),
        (
            b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": 3}]}}',
            "application/json",
            "a bound value is not a JSON term",
        ),
    ],
)
def test_a_malformed_response_is_reported_as_such(body, content_type, words):
    with stub_server(body, content_type) as url:
        result = run_cli("query", "corroboration", "--endpoint", url)
    assert result.code == 2 and result.out == ""
    assert f"the SPARQL endpoint {url} sent a malformed response: {words}" in result.err


class _FailsAfterOne(http.server.BaseHTTPRequestHandler):
    """A graph store that takes the first graph, then answers 500."""

    requests = 0

    def do_PUT(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).requests += 1
        self.send_response(201 if self.requests == 1 else 500)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_load_that_fails_half_way_says_what_was_sent(build_dir):
    handler = type("Handler", (_FailsAfterOne,), {"requests": 0})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/store"
        result = run_cli("load", "--endpoint", url, "--graph", build_dir / "uprkg.trig")
    finally:
        server.shutdown()
        server.server_close()
    assert result.code == 2 and result.out == ""
    assert result.err.strip() == (
        f"uprkg: error: the graph store {url} answered HTTP 500 Internal Server Error "
        "(1 of 9 graphs were sent before it)"  # 5 sources, registry, ontology, 2 record datasets
    )
