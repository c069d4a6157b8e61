"""Remote SPARQL: run queries on a SPARQL 1.1 endpoint, load the build into a store.

<<<<<<< HEAD
Queries are built by SPARQLWrapper (POST, URL-encoded, content negotiation
only) and sent by `uprkg.fetch`, whose timeout is a total deadline for the
whole exchange and which caps the response size. The raw response is
parsed here, so a response that is not SPARQL results is reported as such
rather than as a parser's traceback.
Canned-query parameters travel as a VALUES block of serialised RDF terms
(`queries.inline_values`), never as text pasted into the query.
=======
Queries go through SPARQLWrapper (POST, URL-encoded, content negotiation
only) with a timeout; the raw response is parsed here, so a response that is
not SPARQL results is reported as such rather than as a parser's traceback.
Canned-query parameters are substituted as serialised RDF terms
(`queries.substitute`, as grlc does), never as text pasted into the query.
>>>>>>> main

Loading uses the SPARQL 1.1 Graph Store HTTP Protocol with the standard
library: one PUT (or POST with `append`) per named graph, so each source keeps
its own graph in the store. The canned queries use no GRAPH patterns, so a
store answers them as the embedded engine does when its default graph is the
union of the named graphs (Oxigraph: `serve --union-default-graph`), or when
the triples were loaded into the default graph (`uprkg load --graph
build/uprkg.ttl`). Every error is an InputError with one clear line: the
endpoint is input the user gave.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote, urlsplit

from uprkg import fetch
from uprkg.errors import InputError, Problem
from uprkg.fetch import MAX_RESPONSE_BYTES
from uprkg.queries import (
    CannedQuery,
    Table,
    as_query,
    bind_parameters,
    canonical,
    is_number,
    names_query,
    prepare,
    query_form,
    substitute,
)

DEFAULT_TIMEOUT = 30.0
RESULTS_JSON = "application/sparql-results+json"
RDF_PARSERS = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/n-quads": "nquads",
    "application/trig": "trig",
}


@dataclass(frozen=True)
class Response:
    body: bytes
    content_type: str


# -- queries ------------------------------------------------------------------


def send(
    url: str,
    text: str,
    timeout: float = DEFAULT_TIMEOUT,
    form: str = "SELECT",
    limit: int = MAX_RESPONSE_BYTES,
) -> Response:
    """POST a query of the given form to the endpoint, within `timeout` seconds in all.

    SPARQLWrapper builds the request (protocol parameters, content
    negotiation); `uprkg.fetch` sends it, so the timeout bounds the whole
    exchange, a slowly dripping body included, and a body over `limit`
    bytes is refused. The form is ours (from rdflib's parse), not
    SPARQLWrapper's guess: its keyword regex mistakes a query whose comments
    mention, say, an "addressee" for an ADD update and sends it as one.
    Network and HTTP failures become InputErrors.
    """
    from SPARQLWrapper import JSON, POST, TURTLE, URLENCODED, SPARQLWrapper

    _check_url(url)
    wrapper = SPARQLWrapper(url)
    wrapper.setMethod(POST)
    wrapper.setRequestMethod(URLENCODED)
    wrapper.setOnlyConneg(True)
    wrapper.setReturnFormat(JSON if form in ("SELECT", "ASK") else TURTLE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # its guess, replaced next line
        wrapper.setQuery(text)
    wrapper.queryType = form
    prepared = wrapper._createRequest()  # the request SPARQLWrapper would send
    reply = _exchange(
        url,
        prepared.get_method(),
        prepared.data,
        dict(prepared.header_items()),
        timeout,
        limit,
    )
    return Response(reply.body, reply.content_type)


def _exchange(
    url, method, body, headers, timeout, limit, what: str = "SPARQL endpoint", shown=None
):
    """One bounded HTTP exchange; every failure an InputError of one line about `shown`."""
    target, url = url, shown or url
    try:
        reply = fetch.request(target, method, body, headers, timeout, limit)
    except fetch.FetchError as exc:
        raise _network_error(url, exc, timeout, limit, what) from None
    if 300 <= reply.status < 400:
        where = reply.headers.get("location", "somewhere else")
        raise InputError(
            Problem(f"the {what} {url} redirects to {where[:200]}: use that URL instead")
        )
    if reply.status >= 400:
        raise _http_error(url, reply.status, reply.body, what)
    return reply


def remote_select(url: str, text: str, timeout: float = DEFAULT_TIMEOUT) -> Table:
    """A SELECT's rows from SPARQL JSON results."""
    data = _json_results(url, send(url, text, timeout, "SELECT"))
    head, results = data.get("head"), data.get("results")
    if not isinstance(head, dict) or not isinstance(results, dict):
        raise _malformed(url, "the JSON has no 'head' and 'results'")
    variables, bindings = head.get("vars"), results.get("bindings")
    if not isinstance(variables, list) or not isinstance(bindings, list):
        raise _malformed(url, "the JSON has no 'head.vars' and 'results.bindings' lists")
    rows = []
    for binding in bindings:
        if not isinstance(binding, dict):
            raise _malformed(url, "a result binding is not a JSON object")
        rows.append({v: _value(url, binding.get(v)) for v in variables})
    numeric = {
        str(v)
        for v in variables
        if any(isinstance(b.get(v), dict) for b in bindings)
        and all(not isinstance(b.get(v), dict) or is_number(b[v].get("datatype")) for b in bindings)
    }
    return Table([str(v) for v in variables], rows, frozenset(numeric))


def remote_ask(url: str, text: str, timeout: float = DEFAULT_TIMEOUT) -> bool:
    data = _json_results(url, send(url, text, timeout, "ASK"))
    if not isinstance(data.get("boolean"), bool):
        raise _malformed(url, "an ASK answer needs a 'boolean'")
    return data["boolean"]


def remote_graph(url: str, text: str, timeout: float = DEFAULT_TIMEOUT, form: str = "CONSTRUCT"):
    """A CONSTRUCT or DESCRIBE result as an rdflib Graph."""
    from rdflib import Graph

    response = send(url, text, timeout, form)
    parser = RDF_PARSERS.get(response.content_type)
    if parser is None:
        raise _malformed(url, f"expected RDF, got {response.content_type or 'no content type'}")
    graph = Graph()
    try:
        graph.parse(data=response.body, format=parser)
    except Exception as exc:  # rdflib's parsers raise many types
        raise _malformed(url, f"cannot read it as {parser}: {str(exc).splitlines()[0]}") from None
    return graph


def run_select_remote(
    query: CannedQuery | str,
    url: str,
    params: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    folder: Path | str | None = None,
) -> Table:
    """Like queries.run_select, through a SPARQL endpoint.

    The query is parsed here first, so a syntax error names the file and
    line; parameters are resolved with the endpoint's own `names` rows.
    """
    canned = as_query(query, folder)
    prepare(canned)  # a syntax error is reported here, with the file and line
    if query_form(canned) != "SELECT":
        raise InputError(Problem("run_select_remote needs a SELECT query", canned.path))

    def names() -> Table:
        return remote_select(url, names_query(folder).text, timeout)

    bindings = bind_parameters(canned, params, names)
    text = substitute(canned.text, bindings)
    if bindings:  # the text we send must still parse as the same query
        prepare(replace(canned, text=text))
    return canonical(remote_select(url, text, timeout), canned.lists)


# -- loading (Graph Store HTTP Protocol) --------------------------------------


def upload(
    dataset, store_url: str, timeout: float = DEFAULT_TIMEOUT, append: bool = False
) -> list[tuple[str | None, int]]:
    """Send each non-empty graph of the dataset to a Graph Store Protocol endpoint.

    `dataset` is a uprkg.store.GraphStore (its named graphs, and the triples
    of its default graph that no named graph holds) or an rdflib Dataset.
    Named graphs go to `?graph=IRI`, the default graph to `?default`. PUT
    replaces a graph (so loading twice gives the same store); `append` POSTs
    to merge instead. Returns (graph IRI or None for default, triples) per
    graph sent; on a failure the message says how many were already sent.
    """
    _check_url(store_url)
    payloads = _payloads(dataset)
    sent: list[tuple[str | None, int]] = []
    for name, count, body in payloads:
        try:
            _gsp_request(store_url, name, body, timeout, "POST" if append else "PUT")
        except InputError as exc:
            done = f" ({len(sent)} of {len(payloads)} graphs were sent before it)" if sent else ""
            raise InputError(
                [Problem(f"{p.message}{done}", p.file, p.line, p.field) for p in exc.problems]
            ) from None
        sent.append((name, count))
    return sent


def _payloads(dataset) -> list[tuple[str | None, int, bytes]]:
    """(graph IRI or None, triples, N-Triples body), default graph first."""
    if hasattr(dataset, "graph_payloads"):
        return dataset.graph_payloads()
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    graphs = sorted(
        (g for g in dataset.graphs() if len(g)),
        key=lambda g: (g.identifier != DATASET_DEFAULT_GRAPH_ID, str(g.identifier)),
    )
    return [
        (
            None if g.identifier == DATASET_DEFAULT_GRAPH_ID else str(g.identifier),
            len(g),
            g.serialize(format="nt", encoding="utf-8"),
        )
        for g in graphs
    ]


def _gsp_request(store_url: str, graph: str | None, body: bytes, timeout: float, method: str):
    target = "default" if graph is None else "graph=" + quote(graph, safe="")
    url = store_url + ("&" if "?" in store_url else "?") + target
    headers = {"Content-Type": "application/n-triples"}
    _exchange(url, method, body, headers, timeout, MAX_RESPONSE_BYTES, "graph store", store_url)


# -- errors -------------------------------------------------------------------


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(Problem(f"not an http(s) URL: {url!r} (e.g. http://127.0.0.1:7878/query)"))


def _network_error(
    url: str, exc: fetch.FetchError, timeout: float, limit: int, what: str = "SPARQL endpoint"
) -> InputError:
    host = urlsplit(url).netloc
    if exc.kind == "timeout":
        message = f"the {what} {url} did not answer within {timeout:g} s (see --timeout)"
    elif exc.kind == "too-large":
        size = f"{limit // 1024**2} MiB" if limit >= 1024**2 else f"{limit} bytes"
        message = f"the {what} {url} sent more than {size}: refused"
    elif exc.kind == "refused":
        message = f"cannot reach the {what} {url}: connection refused by {host} (is it running?)"
    elif exc.kind == "unknown-host":
        message = f"cannot reach the {what} {url}: unknown host {urlsplit(url).hostname!r}"
    else:
        message = f"cannot reach the {what} {url}: {exc.detail[:200]}"
    return InputError(Problem(message))


def _http_error(url: str, status: int | None, body: bytes | str, what: str = "SPARQL endpoint"):
    from http import HTTPStatus

    try:
        phrase = HTTPStatus(status).phrase if status else "error"
    except ValueError:
        phrase = "error"
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body or "")
    detail = " ".join(text.split())[:200]
    status_text = f"HTTP {status} {phrase}" if status else "an HTTP error"
    return InputError(
        Problem(f"the {what} {url} answered {status_text}" + (f": {detail}" if detail else ""))
    )


def _malformed(url: str, why: str) -> InputError:
    return InputError(Problem(f"the SPARQL endpoint {url} sent a malformed response: {why}"))


def _json_results(url: str, response: Response) -> dict:
    try:
        data = json.loads(response.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        snippet = " ".join(response.body[:80].decode("utf-8", "replace").split())
        kind = response.content_type or "no content type"
        raise _malformed(url, f"expected SPARQL JSON results, got {kind}: {snippet!r}") from None
    if not isinstance(data, dict):
        raise _malformed(url, "the JSON is not an object")
    return data


def _value(url: str, term: object) -> str | None:
    if term is None:
        return None
    if not isinstance(term, dict) or not isinstance(term.get("value"), str):
        raise _malformed(url, f"a bound value is not a JSON term: {str(term)[:60]}")
    if term.get("type") == "bnode":
        return "_:" + term["value"]
    return term["value"]
