"""grlc, pointed at the repository's queries and at `uprkg serve`'s /sparql, gives
the answers of `uprkg serve`'s own /api: the paths and decorators are grlc's.

grlc runs in its own process (it reads config.ini from its working folder at
import) with its Flask test client; it sends each query to the real server
over HTTP, as it would to any endpoint.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap

import pytest

from conftest import REPO, need, run_process
from helpers_serve import fetch, start_server

GRLC_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from grlc.server import app
    client = app.test_client()
    answers = []
    for name, params in json.loads(sys.argv[1]):
        response = client.get(f"/api-local/{name}", query_string=params,
                              headers={"Accept": "application/json"})
        answers.append({"status": response.status_code, "body": response.get_data(as_text=True)})
    swagger = client.get("/api-local/swagger")
    print(json.dumps({"answers": answers, "swagger": swagger.get_json()}))
    """
)
# queries without parameters, with a full IRI (grlc pastes it as <IRI>) and with a string
CASES = [
    ("who-criticised-whom", {}),
    ("timeline", {}),
    ("sources", {}),
    ("appeals", {}),
    ("criticisms-of", {"actor": "https://w3id.org/uprkg/id/actor/usa"}),
    ("search", {"text": "lectured"}),
]


@pytest.fixture(scope="module")
def grlc_answers(tmp_path_factory):
    try:
        import grlc
    except ImportError:
        need(False, "grlc is not installed (pip install '.[test]')")
    work = tmp_path_factory.mktemp("grlc")
    result = run_process("build", "--out", str(work / "build"), cwd=work)
    assert result.returncode == 0, result.stderr
    server = start_server(cwd=work)
    try:
        queries = work / "queries"
        shutil.copytree(REPO / "queries", queries)
        (queries / "endpoint.txt").write_text(server.url("/sparql") + "\n")
        endpoint = server.url("/sparql")
        (work / "config.ini").write_text(
            f"[local]\nlocal_sparql_dir = {queries}\n[defaults]\nsparql_endpoint = {endpoint}\n"
        )
        grlc = subprocess.run(
            [sys.executable, "-c", GRLC_SCRIPT, json.dumps(CASES)],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert grlc.returncode == 0, grlc.stderr[-3000:]
        found = json.loads(grlc.stdout.strip().splitlines()[-1])
        ours = [
            json.loads(fetch(server.url(f"/api/{name}", **params), accept="application/json").body)
            for name, params in CASES
        ]
    finally:
        server.stop()
    return found, ours


def _rows(data: dict, lists: tuple[str, ...]) -> list[dict]:
    """Plain values; list columns as sets (grlc keeps the engine's GROUP_CONCAT order)."""
    rows = []
    for binding in data["results"]["bindings"]:
        row = {}
        for key, term in binding.items():
            value = term["value"]
            row[key] = frozenset(i for i in value.split("; ") if i) if key in lists else value
        rows.append(row)
    return rows


@pytest.mark.parametrize("index", range(len(CASES)))
def test_grlc_gives_the_same_rows(grlc_answers, index):
    from uprkg.queries import load_queries

    found, ours = grlc_answers
    name, _ = CASES[index]
    answer = found["answers"][index]
    assert answer["status"] == 200, answer["body"][:500]
    lists = load_queries()[name].lists
    theirs = _rows(json.loads(answer["body"]), lists)
    assert theirs, f"grlc got no rows for {name}"
    assert theirs == _rows(ours[index], lists)


def test_grlc_reads_every_query_and_its_parameters(grlc_answers):
    from uprkg.queries import load_queries

    found, _ = grlc_answers
    swagger = found["swagger"]
    paths = swagger["paths"]
    for name, query in load_queries().items():
        assert f"/{name}" in paths, f"grlc does not list {name}"
        params = {p["name"] for p in paths[f"/{name}"]["get"].get("parameters", [])}
        assert set(query.parameters) <= params, name
