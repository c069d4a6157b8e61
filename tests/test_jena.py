"""The same rows on a second engine: every canned query (with the parameter
cases of helpers_queries) run by Apache Jena ARQ on the build's Turtle gives
exactly the rows uprkg's embedded Oxigraph store gives.

ARQ comes from Debian's libapache-jena-java (scripts/system-deps.sh installs
it in test mode); see tests/helpers_jena.py for how it runs.
"""

from __future__ import annotations

import pytest

import helpers_jena as jena
from conftest import need
from helpers_queries import CASES, case_id
from uprkg.queries import Table, bind_parameters, canonical, get_query, names_query, substitute
from uprkg.store import GraphStore


@pytest.fixture(scope="module")
def built(bundled_build):
    return bundled_build


@pytest.fixture(scope="module")
def arq(built, tmp_path_factory):
    """ARQ's results for every case (one JVM, the data loaded once)."""
    need(jena.available(), "Apache Jena is not installed (apt-get install libapache-jena-java)")
    work = tmp_path_factory.mktemp("jena")
    store = GraphStore.open(built / "store")
    names = store.select(names_query())
    texts = []
    for name, params in CASES:
        canned = get_query(name)
        bindings = bind_parameters(canned, params, lambda: names)
        texts.append(substitute(canned.text, bindings))
    results = jena.arq_select(jena.classpath(work), built / "uprkg.ttl", texts, work)
    return dict(zip((case_id(c) for c in CASES), results, strict=True))


@pytest.fixture(scope="module")
def embedded(built):
    store = GraphStore.open(built / "store")
    return {case_id(c): store.select(c[0], c[1]) for c in CASES}


def plain(term: dict | None) -> str | None:
    if term is None:
        return None
    return "_:" + term["value"] if term["type"] == "bnode" else term["value"]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_jena_arq_gives_the_embedded_rows(arq, embedded, case):
    name, _ = case
    data = arq[case_id(case)]
    variables = data["head"]["vars"]
    rows = [{v: plain(b.get(v)) for v in variables} for b in data["results"]["bindings"]]
    table = canonical(Table(variables, rows), get_query(name).lists)
    expected = embedded[case_id(case)]
    assert table.variables == expected.variables
    assert table.rows == expected.rows
