"""The Starlette application: routes, CORS, and the server's context."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from uprkg.queries import CannedQuery, load_queries
from uprkg.store import GraphStore
from uprkg.web import api, sparql
from uprkg.web.pages import HERE, SCHEMES, Pages
from uprkg.web.runner import Runner, ServerLimits
from uprkg.web.sparql import Refused, refusal


@dataclass
class Context:
    """What every request needs: the runner (store and limits), the canned
    queries, the corpus (for source texts) and the site's description."""

    runner: Runner
    queries_folder: Path | None = None
    corpus: Path | None = None
    site: dict[str, Any] = field(default_factory=dict)
    pages: Pages = field(init=False)
    _queries: dict[str, CannedQuery] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.pages = Pages(self)

    def queries(self) -> dict[str, CannedQuery]:
        if self._queries is None:
            self._queries = load_queries(self.queries_folder)
        return self._queries


def create_app(
    store: GraphStore,
    *,
    limits: ServerLimits | None = None,
    queries_folder: Path | str | None = None,
    corpus: Path | str | None = None,
) -> Starlette:
    """The whole server for a store: /sparql, /api, the pages, the static files."""
    limits = limits or ServerLimits()
    context = Context(
        Runner(store, limits),
        Path(queries_folder) if queries_folder else None,
        Path(corpus) if corpus else None,
        site={"origin": store.origin, "limits": limits},
    )
    context.queries()  # a bad query folder or file is one message at start, not a 500 later
    pages = context.pages

    def guarded(handler):
        async def endpoint(request: Request) -> Response:
            try:
                return await handler(request)
            except Refused as exc:
                if _browser(request):
                    return pages.error(exc.status, exc.message)
                return refusal(exc)

        return endpoint

    async def home(request: Request) -> Response:
        return await pages.home(request)

    async def entity(request: Request) -> Response:
        return await pages.entity(request, "id/" + request.path_params["path"])

    async def scheme(request: Request) -> Response:
        name = request.path_params["scheme"]
        if name not in SCHEMES:
            return pages.error(404, "no such page")
        return await pages.entity(request, f"{name}/{request.path_params['path']}")

    async def kinds(request: Request) -> Response:
        return await pages.kind_list(request, request.path_params["kind"])

    async def disagreements(request: Request) -> Response:
        return await pages.disagreements(request)

    async def queries_index(request: Request) -> Response:
        return pages.queries_index(request)

    async def query_page(request: Request) -> Response:
        return await pages.query_page(request, request.path_params["name"])

    async def ontology(request: Request) -> Response:
        return await pages.ontology(request)

    async def robots(request: Request) -> Response:
        return PlainTextResponse("User-agent: *\nDisallow: /sparql\nDisallow: /api/\n")

    async def favicon(request: Request) -> Response:
        return FileResponse(HERE / "static" / "favicon.svg", media_type="image/svg+xml")

    routes = [
        Route("/", guarded(home)),
        Route("/sparql", sparql.endpoint, methods=["GET", "POST"]),
        Route("/api", api.index),
        Route("/api/", api.index),
        Route("/api/openapi.json", api.openapi),
        Route("/api/{name}", api.operation),
        Route("/api-local/{name}", api.operation),  # grlc's path for a local query folder
        Route("/id/{kind}/", guarded(kinds)),
        Route("/id/{kind}", lambda r: RedirectResponse(f"/id/{r.path_params['kind']}/")),
        Route("/id/{path:path}", guarded(entity)),
        Route("/disagreements", guarded(disagreements)),
        Route("/queries", guarded(queries_index)),
        Route("/queries/{name}", guarded(query_page)),
        Route("/ontology", guarded(ontology)),
        Route("/robots.txt", robots),
        Route("/favicon.ico", favicon),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
        Route("/{scheme}/{path:path}", guarded(scheme)),
    ]
    middleware = [
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Accept", "Content-Type"],
            expose_headers=["Link", "Content-Location", "Retry-After"],
            max_age=3600,
        ),
        Middleware(SecurityHeaders),
    ]

    async def not_found(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 404)
        if _browser(request):
            return pages.error(status, "no such page" if status == 404 else "refused")
        return PlainTextResponse(f"HTTP {status}\n", status)

    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={404: not_found, 405: not_found},
    )
    app.state.context = context
    return app


def _browser(request: Request) -> bool:
    from uprkg.web.negotiate import prefers_html

    return prefers_html(request.headers.get("accept"))


class SecurityHeaders:
    """nosniff and a referrer policy on every response (pages set their own CSP)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"referrer-policy", b"no-referrer"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, sending)
