"""Issue #9, items 2 and 3: reading a file never reaches the network unless the user
asks (a local HTTP server records every request and must see none), and a remote
answer is bounded in time and size, however slowly it drips."""

from __future__ import annotations

import contextlib
import http.server
import json
import threading
import time
from pathlib import Path

import pytest

from conftest import run_cli, run_process
from uprkg.endpoint import send
from uprkg.errors import InputError
from uprkg.graphio import CONTEXT_URL

CONTEXT = {"@context": {"name": "http://xmlns.com/foaf/0.1/name"}}


class Recorder(http.server.BaseHTTPRequestHandler):
    """Serves a JSON-LD context (or drips, or floods) and records every request."""

    requests: list[str]
    mode = "serve"

    def _answer(self) -> None:
        type(self).requests.append(f"{self.command} {self.path}")
        if self.command == "POST":
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.mode == "drip-headers":
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for _ in range(60):  # bounded: at most 30 s, one header byte at a time
                self.wfile.write(b"X")
                self.wfile.flush()
                time.sleep(0.5)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        if self.mode == "drip-body":
            self.end_headers()
            self.wfile.write(b'{"head": {"vars": ["x"]}, "results": {"bindings": [')
            for _ in range(60):  # bounded: at most 30 s
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.5)
            return
        body = json.dumps(CONTEXT).encode() if self.mode == "serve" else b" " * 50_000
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _answer_quietly(self) -> None:
        # the client gives up at its deadline, as it should: no traceback for that
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._answer()

    do_GET = do_POST = _answer_quietly

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def recorder(mode: str = "serve"):
    handler = type("Handler", (Recorder,), {"requests": [], "mode": mode})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler.requests
    finally:
        server.shutdown()
        server.server_close()


def jsonld_file(tmp_path: Path, context) -> Path:
    path = tmp_path / "colleague.jsonld"
    document = {"@context": context, "@id": "http://example.org/x", "name": "X"}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def export_nt(path: Path, *options: str):
    return run_cli(*options, "export", "--format", "nt", "--graph", path)


@pytest.mark.parametrize(
    "context",
    [
        "{url}/context.jsonld",
        ["{url}/context.jsonld", {"x": "http://example.org/x"}],
        {"@import": "{url}/context.jsonld"},
        {"name": {"@id": "http://xmlns.com/foaf/0.1/name", "@context": "{url}/scoped"}},
    ],
    ids=["reference", "in a list", "@import", "scoped"],
)
def test_a_remote_jsonld_context_is_refused_and_never_fetched(tmp_path, context):
    with recorder() as (url, requests):
        filled = json.loads(json.dumps(context).replace("{url}", url))
        path = jsonld_file(tmp_path, filled)
        result = export_nt(path)
    assert requests == []
    assert result.code == 2 and result.out == ""
    assert f"{path}: refused: the JSON-LD names a remote @context" in result.err, result.err
    assert "--fetch-contexts" in result.err
    assert len(result.err.strip().splitlines()) == 1


@pytest.mark.parametrize("reference", ["context.jsonld", "file:///etc/passwd"])
def test_a_local_jsonld_context_is_refused(tmp_path, reference):
    (tmp_path / "context.jsonld").write_text(json.dumps(CONTEXT), encoding="utf-8")
    path = jsonld_file(tmp_path, reference)
    result = export_nt(path)
    assert result.code == 2
    assert "refused: the JSON-LD names a local @context" in result.err, result.err
    assert "root:" not in result.err


def test_the_projects_own_context_is_served_from_the_package(tmp_path):
    path = tmp_path / "statement.jsonld"
    document = {
        "@context": CONTEXT_URL,
        "@id": "statement:s1",
        "speaker": "actor:usa",
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    result = export_nt(path)
    assert result.code == 0, result.err
    assert (
        "<https://w3id.org/uprkg/id/statement/s1> <https://w3id.org/uprkg/ontology#speaker> "
        "<https://w3id.org/uprkg/id/actor/usa> ." in result.out
    )


def test_remote_contexts_are_fetched_only_when_asked(tmp_path):
    with recorder() as (url, requests):
        path = jsonld_file(tmp_path, f"{url}/context.jsonld")
        result = export_nt(path, "--fetch-contexts", "5")
        again = export_nt(path)  # the permission does not outlive its command
    assert result.code == 0, result.err
    assert '<http://example.org/x> <http://xmlns.com/foaf/0.1/name> "X" .' in result.out
    assert requests == ["GET /context.jsonld"]
    assert again.code == 2 and "refused" in again.err


def test_a_fetched_context_has_a_total_deadline(tmp_path):
    with recorder("drip-body") as (url, requests):
        path = jsonld_file(tmp_path, f"{url}/context.jsonld")
        started = time.monotonic()
        result = export_nt(path, "--fetch-contexts", "1")
        elapsed = time.monotonic() - started
    assert requests == ["GET /context.jsonld"]
    assert result.code == 2
    assert "no complete answer within 1 s" in result.err
    assert elapsed < 10


RDFXML_EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY remote SYSTEM "{url}/entity"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:foaf="http://xmlns.com/foaf/0.1/">
  <rdf:Description rdf:about="http://example.org/x"><foaf:name>&remote;</foaf:name></rdf:Description>
</rdf:RDF>
"""
RDFXML_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
  <!ENTITY a "ha">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:foaf="http://xmlns.com/foaf/0.1/">
  <rdf:Description rdf:about="http://example.org/x"><foaf:name>&d;</foaf:name></rdf:Description>
</rdf:RDF>
"""


@pytest.mark.parametrize("template", [RDFXML_EXTERNAL, RDFXML_LAUGHS], ids=["external", "laughs"])
def test_rdfxml_entities_are_never_expanded(tmp_path, template):
    with recorder() as (url, requests):
        path = tmp_path / "colleague.rdf"
        path.write_text(template.format(url=url), encoding="utf-8")
        result = export_nt(path)
    assert requests == []
    assert result.code == 2 and result.out == ""
    assert f"{path}:2: refused: the file declares a DTD (<!DOCTYPE)" in result.err, result.err
    assert "haha" not in result.err


@pytest.mark.slow
def test_reason_never_fetches_owl_imports(tmp_path, java):
    with recorder() as (url, requests):
        path = tmp_path / "colleague.ttl"
        path.write_text(
            "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
            "@prefix uprkg: <https://w3id.org/uprkg/ontology#> .\n"
            f"<http://example.org/onto> a owl:Ontology ; owl:imports <{url}/imported.ttl> .\n"
            "<http://example.org/usa> a uprkg:State .\n",
            encoding="utf-8",
        )
        proc = run_process("reason", path, timeout=300)
    assert requests == []
    assert proc.returncode == 0, proc.stderr
    assert f"owl:imports <{url}/imported.ttl> ignored" in proc.stderr
    assert "consistent" in proc.stdout


# -- item 3: a remote SPARQL answer is bounded ---------------------------------------------


@pytest.mark.parametrize("mode", ["drip-headers", "drip-body"])
def test_endpoint_timeout_is_a_total_deadline(mode):
    with recorder(mode) as (url, requests):
        started = time.monotonic()
        result = run_cli("query", "appeals", "--endpoint", url + "/query", "--timeout", "1")
        elapsed = time.monotonic() - started
    assert len(requests) == 1
    assert result.code == 2 and result.out == ""
    assert f"{url}/query did not answer within 1 s (see --timeout)" in result.err
    assert elapsed < 5, f"took {elapsed:.1f} s with --timeout 1"


def test_endpoint_response_size_is_capped():
    with recorder("flood") as (url, _):
        with pytest.raises(InputError, match=r"sent more than 10000 bytes: refused"):
            send(url + "/query", "SELECT * WHERE { ?s ?p ?o }", 5, limit=10_000)
        table = send(url + "/query", "SELECT * WHERE { ?s ?p ?o }", 5, limit=100_000)
    assert len(table.body) == 50_000
