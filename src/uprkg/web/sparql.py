"""/sparql: the SPARQL 1.1 Protocol, query operation only.

GET with ?query=, POST as a form (application/x-www-form-urlencoded) or
with the query as the body (application/sparql-query); default-graph-uri
and named-graph-uri select the dataset (https://www.w3.org/TR/sparql11-protocol/).
Without them a query's default graph is the asserted graph (the union of
the sources' graphs, the registry and the ontology terms) and GRAPH
patterns see every named graph, graph/inferred included.

Refused, with a one-line text/plain message:
  400  a query that does not parse, a missing or repeated query, a bad graph IRI
  403  SPARQL Update (the update operation, or INSERT/DELETE/LOAD/CLEAR... as a
       query), SERVICE, and a result over the row limit
  406  an Accept header that allows none of the formats we write
  413  a request body over 1 MiB
  415  a POST body of another media type
  503  a query over the time limit (its process is killed), or too many waiting
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import Response

from uprkg.errors import UprkgError
from uprkg.queries import CannedQuery, query_form, tokens
from uprkg.store import Graphs, QueryTimeout, TooManyResults
from uprkg.web.negotiate import (
    FORMAT_ALIASES,
    GRAPH_TYPES,
    RESULT_TYPES,
    choose_format,
    prefers_html,
)
from uprkg.web.runner import Busy

MAX_BODY = 1 << 20
_IRI = r'^[A-Za-z][A-Za-z0-9+.-]*:[^<>"{}|^`\\\x00-\x20]*$'


class Refused(Exception):
    """A request we answer with an HTTP error and a one-line message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def refusal(exc: Refused) -> Response:
    return Response(
        exc.message.rstrip() + "\n",
        status_code=exc.status,
        media_type="text/plain; charset=utf-8",
        headers=exc.headers,
    )


@dataclass(frozen=True)
class ProtocolRequest:
    """What a SPARQL Protocol request asks for."""

    query: str | None
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    fmt: str | None  # from ?format=, over Accept


async def read_params(request: Request) -> list[tuple[str, str]]:
    """Query-string parameters, and a form body's (POST)."""
    params = list(parse_qsl(request.url.query, keep_blank_values=True))
    if request.method != "POST":
        return params
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await read_body(request)
    if media == "application/x-www-form-urlencoded":
        try:
            params += parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            raise Refused(400, "the form body is not UTF-8") from None
    elif media == "application/sparql-query":
        try:
            params.append(("query", body.decode("utf-8")))
        except UnicodeDecodeError:
            raise Refused(400, "the query is not UTF-8") from None
    elif media == "application/sparql-update":
        raise read_only()
    else:
        raise Refused(
            415,
            f"POST a query as application/sparql-query or application/x-www-form-urlencoded "
            f"(got {media or 'no content type'!r})",
        )
    return params


async def read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY:
        raise Refused(413, f"the request body is over {MAX_BODY} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise Refused(413, f"the request body is over {MAX_BODY} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def read_only() -> Refused:
    return Refused(
        403,
        "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, CREATE, "
        "DROP, COPY, MOVE, ADD) is refused",
    )


def protocol_request(params: list[tuple[str, str]]) -> ProtocolRequest:
    """Check the parameters the protocol defines."""
    import re

    if any(k in ("update", "using-graph-uri", "using-named-graph-uri") for k, _ in params):
        raise read_only()
    queries = [v for k, v in params if k == "query"]
    if len(queries) > 1:
        raise Refused(400, "give one query parameter, not several")
    graphs = {"default-graph-uri": [], "named-graph-uri": []}
    for key, value in params:
        if key in graphs:
            if not re.match(_IRI, value):
                raise Refused(400, f"{key} must be an absolute IRI, got {value[:80]!r}")
            graphs[key].append(value)
    fmt = next((v for k, v in params if k in ("format", "output")), None)
    if fmt is not None:
        fmt = _format_name(fmt)
    return ProtocolRequest(
        queries[0] if queries else None,
        tuple(graphs["default-graph-uri"]),
        tuple(graphs["named-graph-uri"]),
        fmt,
    )


def _format_name(value: str) -> str:
    name = FORMAT_ALIASES.get(value.strip().lower())
    if name is None:
        for table in (RESULT_TYPES, GRAPH_TYPES):
            name = next((n for n, types in table.items() if value in types), None)
            if name:
                break
    if name is None:
        known = ", ".join(sorted(set(FORMAT_ALIASES)))
        raise Refused(400, f"unknown format {value[:40]!r} (known: {known})")
    return name


def check_text(text: str) -> str:
    """The query form; refuses updates and SERVICE before anything runs."""
    if len(text.encode("utf-8")) > MAX_BODY:
        raise Refused(413, f"the query is over {MAX_BODY} bytes")
    form = query_form(text)
    if form == "EMPTY":
        raise Refused(400, "the query is empty")
    if form == "UPDATE":
        raise read_only()
    for token in tokens(text):
        if token.kind == "word" and token.text.upper() == "SERVICE":
            raise Refused(
                403, "SERVICE is refused: this endpoint sends no queries to other servers"
            )
    if form not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        raise Refused(400, "not a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE expected)")
    return form


def negotiate(form: str, accept: str | None, fmt: str | None) -> tuple[str, str]:
    """(format name, media type) for the query form."""
    table = GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else RESULT_TYPES
    if fmt is not None:
        if fmt not in table:
            raise Refused(
                400, f"format {fmt!r} does not fit a {form} query (use {', '.join(table)})"
            )
        return fmt, table[fmt][0]
    chosen = choose_format(accept, table)
    if chosen is None:
        offered = ", ".join(t[0] for t in table.values())
        raise Refused(406, f"cannot answer a {form} query in {accept!r}; offered: {offered}")
    return chosen


def dataset(request: ProtocolRequest) -> Graphs:
    if request.default_graphs or request.named_graphs:
        return Graphs(protocol_default=request.default_graphs, protocol_named=request.named_graphs)
    return Graphs(inferred_named=True)


def as_canned(text: str) -> CannedQuery:
    """A client's query as it is: no decorators, no ?_parameters (plain variables here)."""
    return CannedQuery(name="query", path=Path("<query>"), text=text)


async def run_query(runner, text: str, fmt: str, graphs: Graphs) -> bytes:
    """The serialised result, or Refused with the reason."""
    canned = as_canned(text)

    def work(store, limits):
        return store.results(canned, fmt, graphs=graphs, limits=limits)[1]

    try:
        return await runner.run(work)
    except QueryTimeout:
        raise Refused(
            503,
            f"the query ran longer than {runner.limits.seconds:g} s, this server's time limit "
            "(`uprkg serve --time-limit`); it was stopped",
        ) from None
    except TooManyResults:
        raise Refused(
            403,
            f"the query gives more than {runner.limits.rows} rows or triples, this server's "
            "row limit (`uprkg serve --max-rows`); add LIMIT and OFFSET to page through them",
        ) from None
    except Busy as exc:
        raise Refused(503, str(exc), {"Retry-After": "1"}) from None
    except UprkgError as exc:
        message = "; ".join(p.message for p in exc.problems)
        if "SERVICE" in message:
            raise Refused(403, message) from None
        if "Update" in message:
            raise read_only() from None
        raise Refused(400, message) from None


async def endpoint(request: Request) -> Response:
    """GET or POST /sparql."""
    context = request.app.state.context
    try:
        params = await read_params(request)
        asked = protocol_request(params)
        accept = request.headers.get("accept")
        if asked.query is None:
            if prefers_html(accept):
                return context.pages.sparql_form(request)
            raise Refused(400, "no query: send ?query=SELECT... (see /sparql in a browser)")
        form = check_text(asked.query)
        if asked.fmt is None and prefers_html(accept):
            return await context.pages.sparql_results(request, asked.query, form, dataset(asked))
        fmt, media = negotiate(form, accept, asked.fmt)
        body = await run_query(context.runner, asked.query, fmt, dataset(asked))
    except Refused as exc:
        return refusal(exc)
    return rdf_response(body, media)


def rdf_response(body: bytes, media: str, status: int = 200) -> Response:
    """Results or RDF with their media type (UTF-8 said for text and JSON)."""
    charset = "; charset=utf-8" if "json" in media else ""  # Starlette adds it to text/*
    return Response(body, status, media_type=media + charset, headers={"Vary": "Accept"})
