"""Remote SPARQL: run queries on a SPARQL 1.1 endpoint, load the build into a store.

Queries go through SPARQLWrapper (POST, URL-encoded, content negotiation
only) with a timeout; the raw response is parsed here, so a response that is
not SPARQL results is reported as such rather than as a parser's traceback.
Canned-query parameters travel as a VALUES block of serialised RDF terms
(`queries.inline_values`), never as text pasted into the query.

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
import socket
import urllib.error
import urllib.request
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from uprkg.errors import InputError, Problem
from uprkg.queries import (
    CannedQuery,
    Table,
    ad_hoc,
    as_query,
    bind_parameters,
    canonical,
    inline_values,
    names_query,
    prepare,
    query_form,
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


def send(url: str, text: str, timeout: float = DEFAULT_TIMEOUT, form: str = "SELECT") -> Response:
    """POST a query of the given form to the endpoint.

    The form is ours (from rdflib's parse), not SPARQLWrapper's guess: its
    keyword regex mistakes a query whose comments mention, say, an
    "addressee" for an ADD update and sends it as one. Network and HTTP
    failures become InputErrors.
    """
    from SPARQLWrapper import JSON, POST, TURTLE, URLENCODED, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    _check_url(url)
    wrapper = SPARQLWrapper(url)
    wrapper.setMethod(POST)
    wrapper.setRequestMethod(URLENCODED)
    wrapper.setOnlyConneg(True)
    wrapper.setReturnFormat(JSON if form in ("SELECT", "ASK") else TURTLE)
    wrapper.timeout = timeout  # not setTimeout(): it truncates to whole seconds, and 0 means none
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # its guess, replaced next line
        wrapper.setQuery(text)
    wrapper.queryType = form
    try:
        response = wrapper.query().response
        body = response.read()
    except SPARQLWrapperException as exc:
        raise _http_error(url, _wrapper_status(exc), _wrapper_body(exc)) from None
    except urllib.error.HTTPError as exc:
        raise _http_error(url, exc.code, _body(exc)) from None
    except (urllib.error.URLError, OSError) as exc:
        raise _network_error(url, exc, timeout) from None
    content_type = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    return Response(body, content_type)


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
    return Table([str(v) for v in variables], rows)


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
    text = inline_values(canned.text, bindings) if bindings else canned.text
    if bindings:  # the text we send must still parse as the same query
        prepare(ad_hoc(text, canned.path))
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
    request = urllib.request.Request(
        url, data=body, method=method, headers={"Content-Type": "application/n-triples"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        raise _http_error(store_url, exc.code, _body(exc), what="graph store") from None
    except (urllib.error.URLError, OSError) as exc:
        raise _network_error(store_url, exc, timeout, what="graph store") from None


# -- errors -------------------------------------------------------------------


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(Problem(f"not an http(s) URL: {url!r} (e.g. http://127.0.0.1:7878/query)"))


def _network_error(url: str, exc: BaseException, timeout: float, what: str = "SPARQL endpoint"):
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    host = urlsplit(url).netloc
    if isinstance(reason, TimeoutError | socket.timeout):
        message = f"the {what} {url} did not answer within {timeout:g} s (see --timeout)"
    elif isinstance(reason, ConnectionRefusedError):
        message = f"cannot reach the {what} {url}: connection refused by {host} (is it running?)"
    elif isinstance(reason, socket.gaierror):
        message = f"cannot reach the {what} {url}: unknown host {urlsplit(url).hostname!r}"
    else:
        message = f"cannot reach the {what} {url}: {reason}"
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


def _wrapper_status(exc: Exception) -> int | None:
    from SPARQLWrapper import SPARQLExceptions as E

    codes = {
        E.QueryBadFormed: 400,
        E.Unauthorized: 401,
        E.EndPointNotFound: 404,
        E.URITooLong: 414,
        E.EndPointInternalError: 500,
    }
    return next((code for cls, code in codes.items() if isinstance(exc, cls)), None)


def _wrapper_body(exc: Exception) -> bytes:
    """SPARQLWrapper keeps the response body only in its message, as a repr."""
    import ast

    _, found, body = str(exc).partition("Response:\n")
    try:
        value = ast.literal_eval(body.strip()) if found else b""
    except (ValueError, SyntaxError):
        return b""
    return value if isinstance(value, bytes) else str(value).encode()


def _body(exc: urllib.error.HTTPError) -> bytes:
    try:
        return exc.read()
    except Exception:
        return b""


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
