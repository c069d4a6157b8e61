"""/api/NAME: the canned queries (queries/*.rq) as a web API, the way grlc serves them.

A query's file name is its operation (/api/who-criticised-whom), its `?_name`
and `?__name` variables are its parameters (?actor=...), its decorators give
the summary, description, tags, defaults, enumerations and pagination, as in
grlc (https://github.com/CLARIAH/grlc). Beyond grlc: parameters that
`resolve` also take an id, label or alias; list columns come sorted;
`limit` and `offset` page through any query, `page` through one with a
`pagination` decorator (as grlc, page 1 by default, with Link headers).

Results: SPARQL JSON (what grlc returns for JSON), CSV, TSV or Turtle (the
W3C result-set vocabulary) by Accept or by extension (/api/NAME.csv).
/api/openapi.json describes every operation (OpenAPI 3.0).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from uprkg.errors import UprkgError
from uprkg.queries import LIST_SEPARATOR, CannedQuery, Parameter
from uprkg.store import Graphs, QueryTimeout, TooManyResults
from uprkg.web.negotiate import choose_format, prefers_html
from uprkg.web.runner import Busy
from uprkg.web.sparql import Refused, refusal

API_TYPES = {
    "json": ("application/sparql-results+json", "application/json"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
    "ttl": ("text/turtle",),
}
EXTENSIONS = {"json": "json", "csv": "csv", "tsv": "tsv", "ttl": "ttl"}
PAGING = ("limit", "offset", "page")
RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"


def split_name(raw: str) -> tuple[str, str | None]:
    """'who-criticised-whom.csv' -> ('who-criticised-whom', 'csv')."""
    stem, dot, ext = raw.rpartition(".")
    if dot and ext in EXTENSIONS:
        return stem, EXTENSIONS[ext]
    return raw, None


def _whole(name: str, value: str) -> int:
    if not value.isdigit() or len(value) > 9:
        raise Refused(400, f"{name} must be a whole number from 0, got {value[:20]!r}")
    return int(value)


def paging(query: CannedQuery, given: Mapping[str, str]) -> tuple[int | None, int | None, int]:
    """(limit, offset, page) from limit/offset, or grlc's page for a paginated query."""
    size = query.decorators.get("pagination")
    limit = _whole("limit", given["limit"]) if "limit" in given else None
    offset = _whole("offset", given["offset"]) if "offset" in given else None
    page = 1
    if "page" in given:
        if not isinstance(size, int):
            raise Refused(400, f"{query.name} has no pagination; use limit and offset")
        page = _whole("page", given["page"])
        if page < 1:
            raise Refused(400, "pages count from 1")
        if limit is not None or offset is not None:
            raise Refused(400, "give page, or limit and offset, not both")
    if isinstance(size, int) and size > 0 and limit is None and offset is None:
        return size, (page - 1) * size or None, page
    return limit, offset, page


def query_params(query: CannedQuery, given: list[tuple[str, str]]) -> dict[str, str]:
    values: dict[str, str] = {}
    for key, value in given:
        if key in PAGING or key == "format":
            continue
        if key not in query.parameters:
            known = ", ".join([*sorted(query.parameters), *PAGING]) or "none"
            raise Refused(
                400, f"{query.name} has no parameter {key[:40]!r} (its parameters: {known})"
            )
        if key in values:
            raise Refused(400, f"parameter {key!r} is given twice")
        values[key] = value
    return values


async def operation(request: Request) -> Response:
    """GET /api/NAME[.ext]."""
    context = request.app.state.context
    name, ext = split_name(request.path_params["name"])
    query = context.queries().get(name)
    if query is None:
        return refusal(Refused(404, f"no canned query {name[:80]!r}; /api lists them"))
    given = parse_qsl(request.url.query, keep_blank_values=True)
    try:
        fmt_param = next((v for k, v in given if k == "format"), None)
        fmt, media = _negotiate(ext or (fmt_param and EXTENSIONS.get(fmt_param)), request)
        values = query_params(query, given)
        limit, offset, page = paging(query, dict(given))
        result = await run_canned(context.runner, query, values, limit, offset)
    except Refused as exc:
        return refusal(exc)
    body = render(result, fmt, query)
    headers = {"Vary": "Accept"}
    links = _links(request, query, page, limit, len(result["results"]["bindings"]))
    if links:
        headers["Link"] = links
    charset = "; charset=utf-8" if "json" in media else ""
    return Response(body, media_type=media + charset, headers=headers)


def _negotiate(fmt: str | None, request: Request) -> tuple[str, str]:
    if fmt:
        return fmt, API_TYPES[fmt][0]
    accept = request.headers.get("accept")
    chosen = choose_format(accept, API_TYPES)
    if chosen is None:
        offered = ", ".join(t[0] for t in API_TYPES.values())
        raise Refused(406, f"cannot answer in {accept!r}; offered: {offered}")
    return chosen


def _links(request: Request, query: CannedQuery, page: int, limit: int | None, rows: int) -> str:
    """grlc's Link header for a paginated query: first, prev, next."""
    size = query.decorators.get("pagination")
    if not isinstance(size, int) or limit != size:
        return ""
    kept = [(k, v) for k, v in parse_qsl(request.url.query) if k != "page"]

    def url(n: int) -> str:
        return str(request.url.replace(query=urlencode([*kept, ("page", str(n))])))

    links = [f'<{url(1)}>; rel="first"']
    if page > 1:
        links.append(f'<{url(page - 1)}>; rel="prev"')
    if rows >= size:
        links.append(f'<{url(page + 1)}>; rel="next"')
    return ", ".join(links)


async def run_canned(runner, query: CannedQuery, values, limit, offset) -> dict:
    """SPARQL JSON results of a canned query, list columns sorted."""

    def work(store, limits):
        return store.results(
            query, "json", values, graphs=Graphs(), limits=limits, limit=limit, offset=offset
        )[1]

    try:
        data = json.loads(await runner.run(work))
    except QueryTimeout:
        raise Refused(503, f"the query ran longer than {runner.limits.seconds:g} s") from None
    except TooManyResults:
        raise Refused(
            403, f"more than {runner.limits.rows} rows; page with limit and offset"
        ) from None
    except Busy as exc:
        raise Refused(503, str(exc), {"Retry-After": "1"}) from None
    except UprkgError as exc:
        raise Refused(400, "; ".join(p.message for p in exc.problems)) from None
    return canonical_json(data, query.lists)


def canonical_json(data: dict, lists) -> dict:
    """Sort the items of list columns (as `uprkg query` does), in SPARQL JSON."""
    for binding in data.get("results", {}).get("bindings", []):
        for column in lists:
            term = binding.get(column)
            if term is None:
                continue
            items = {i for i in term["value"].split(LIST_SEPARATOR) if i}
            term["value"] = LIST_SEPARATOR.join(sorted(items))
    return data


def render(data: dict, fmt: str, query: CannedQuery) -> bytes:
    variables = data["head"]["vars"]
    rows = data["results"]["bindings"]
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False).encode("utf-8")
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([row[v]["value"] if v in row else "" for v in variables])
        return out.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in variables)]
        for row in rows:
            lines.append("\t".join(_tsv(row.get(v)) for v in variables))
        return ("\n".join(lines) + "\n").encode("utf-8")
    return result_set_turtle(variables, rows)


def _tsv(term: dict | None) -> str:
    if term is None:
        return ""
    return str(json_term(term))


def json_term(term: dict):
    """A SPARQL JSON term as a pyoxigraph term."""
    import pyoxigraph as ox

    kind = term["type"]
    if kind == "uri":
        return ox.NamedNode(term["value"])
    if kind == "bnode":
        return ox.BlankNode(term["value"])
    if "xml:lang" in term:
        return ox.Literal(term["value"], language=term["xml:lang"])
    if "datatype" in term:
        return ox.Literal(term["value"], datatype=ox.NamedNode(term["datatype"]))
    return ox.Literal(term["value"])


def result_set_turtle(variables: list[str], rows: list[dict]) -> bytes:
    """SELECT results as RDF: the W3C result-set vocabulary (as DAWG's tests write it)."""
    import pyoxigraph as ox

    def rs(local: str):
        return ox.NamedNode(RS + local)

    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    results = ox.BlankNode("results")
    triples = [ox.Triple(results, rdf_type, rs("ResultSet"))]
    triples += [ox.Triple(results, rs("resultVariable"), ox.Literal(v)) for v in variables]
    for index, row in enumerate(rows, 1):
        solution = ox.BlankNode(f"s{index}")
        triples.append(ox.Triple(results, rs("solution"), solution))
        triples.append(ox.Triple(solution, rs("index"), ox.Literal(str(index), datatype=integer)))
        for column, variable in enumerate(variables):
            if variable not in row:
                continue
            binding = ox.BlankNode(f"s{index}v{column}")
            triples.append(ox.Triple(solution, rs("binding"), binding))
            triples.append(ox.Triple(binding, rs("variable"), ox.Literal(variable)))
            triples.append(ox.Triple(binding, rs("value"), json_term(row[variable])))
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes={"rs": RS})


async def index(request: Request) -> Response:
    """GET /api: the operations (HTML for a browser: the queries page)."""
    context = request.app.state.context
    if prefers_html(request.headers.get("accept")):
        return context.pages.queries_index(request)
    base = str(request.base_url).rstrip("/")
    listing = [
        {
            "name": q.name,
            "summary": q.summary,
            "url": f"{base}/api/{q.name}",
            "parameters": [p.name for p in q.parameters.values()],
        }
        for q in context.queries().values()
    ]
    return JSONResponse({"openapi": f"{base}/api/openapi.json", "queries": listing})


async def openapi(request: Request) -> Response:
    context = request.app.state.context
    base = str(request.base_url).rstrip("/")
    return JSONResponse(openapi_document(context.queries(), base))


def openapi_document(queries: Mapping[str, CannedQuery], server: str) -> dict:
    """OpenAPI 3.0 for every canned query."""
    from uprkg import __version__

    paths = {}
    for query in queries.values():
        parameters = [_parameter(p) for p in query.parameters.values()]
        parameters += _paging_parameters(query)
        table = {"type": "object", "description": "SPARQL 1.1 Query Results JSON"}
        text = {"type": "string"}
        paths[f"/api/{query.name}"] = {
            "get": {
                "operationId": query.name.replace("-", "_"),
                "summary": query.summary or query.name,
                "description": query.description or query.summary or query.name,
                "tags": list(query.tags) or ["queries"],
                "parameters": parameters,
                "responses": {
                    "200": {
                        "description": "the query's rows",
                        "content": {
                            "application/sparql-results+json": {"schema": table},
                            "application/json": {"schema": table},
                            "text/csv": {"schema": text},
                            "text/tab-separated-values": {"schema": text},
                            "text/turtle": {"schema": text},
                        },
                    },
                    "400": {"description": "a parameter the query does not take, or a bad value"},
                    "403": {"description": "more rows than the server's row limit"},
                    "406": {"description": "none of the formats the Accept header allows"},
                    "503": {"description": "over the time limit, or the server is busy"},
                },
            }
        }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "uprkg canned queries",
            "version": __version__,
            "description": "Who criticised whom, and why, around the 2025 US refusal of its "
            "UPR: the canned SPARQL queries of queries/*.rq, with grlc's paths and "
            "parameters. The SPARQL endpoint itself is at /sparql.",
        },
        "servers": [{"url": server}],
        "paths": paths,
    }


def _parameter(param: Parameter) -> dict:
    schema: dict = {"type": "integer" if param.type == "integer" else "string"}
    if param.type == "iri" and not param.kinds:
        schema["format"] = "uri"
    if param.choices:
        schema["enum"] = list(param.choices)
    if param.default is not None:
        schema["default"] = param.default
    return {
        "name": param.name,
        "in": "query",
        "required": param.required and param.default is None,
        "description": param.describe(),
        "schema": schema,
    }


def _paging_parameters(query: CannedQuery) -> list[dict]:
    found = [
        {
            "name": "limit",
            "in": "query",
            "required": False,
            "description": "at most this many rows",
            "schema": {"type": "integer", "minimum": 0},
        },
        {
            "name": "offset",
            "in": "query",
            "required": False,
            "description": "skip this many rows",
            "schema": {"type": "integer", "minimum": 0},
        },
    ]
    size = query.decorators.get("pagination")
    if isinstance(size, int):
        found.append(
            {
                "name": "page",
                "in": "query",
                "required": False,
                "description": f"page of {size} rows (grlc's pagination)",
                "schema": {"type": "integer", "minimum": 1, "default": 1},
            }
        )
    return found
