"""`uprkg serve`: the graph on the web, read-only.

One Starlette application (`create_app`) over the build's Oxigraph store
(uprkg.store), served by uvicorn:

- /sparql        the SPARQL 1.1 Protocol (GET and POST, content negotiation,
                 CORS): the asserted graph as default graph, graph/inferred
                 and every source as named graphs; updates, LOAD and SERVICE
                 refused (uprkg.web.sparql);
- /api/NAME      the canned queries of queries/*.rq as a web API, grlc's paths
                 and parameters, with /api/openapi.json (uprkg.web.api);
- /, /id/...     server-rendered pages for people: actors, statements, sources
                 with every quoted span highlighted, claims, disagreements, a
                 form per canned query, the ontology (uprkg.web.pages). Every
                 entity IRI https://w3id.org/uprkg/id/... is served at /id/...,
                 as HTML or RDF by content negotiation.

Every query runs in a forked child process with a time limit and a row
limit (uprkg.web.runner), so a slow query holds one of a bounded number of
workers and never the server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from uprkg.web.app import create_app as create_app


def __getattr__(name: str):
    if name == "create_app":
        from uprkg.web.app import create_app

        return create_app
    raise AttributeError(name)
