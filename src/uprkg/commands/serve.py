"""`uprkg serve`: the graph on the web (SPARQL endpoint, API, pages), read-only.

A thin layer over uprkg.web: open the store, build the app, bind the socket
(127.0.0.1 unless told otherwise), print the URLs, run uvicorn until Ctrl-C.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
from pathlib import Path

import click

from uprkg.errors import InputError, Problem


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind to.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to bind to (0: any free port; the URLs printed name it).",
)
@click.option(
    "--graph",
    "graph_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="RDF file to serve (repeatable). Default: build/store, else build/uprkg.trig, "
    "else the corpus built in memory.",
)
@click.option(
    "--queries",
    "queries_folder",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="UPRKG_QUERIES",
    help="Folder of canned queries for /api (default: the bundled queries/).",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0),
    default=10.0,
    show_default=True,
    metavar="SECONDS",
    help="Stop a query that runs longer (0: no limit).",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=0),
    default=10_000,
    show_default=True,
    metavar="N",
    help="Refuse a result of more rows or triples (0: no limit).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=0,
    metavar="N",
    help="Queries run at once, each in its own process (0: 2 per core, at least 4).",
)
@click.option(
    "--on-disk",
    is_flag=True,
    help="Query build/store on disk for every request instead of a copy in memory "
    "(for a graph larger than memory; slower).",
)
@click.option("--access-log", is_flag=True, help="Print a line per request.")
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    graph_files: tuple[Path, ...],
    queries_folder: Path | None,
    time_limit: float,
    max_rows: int,
    workers: int,
    on_disk: bool,
    access_log: bool,
) -> None:
    """Serve the graph read-only: a SPARQL endpoint, the canned queries as an API,
    and pages that link every statement to the words of its source.

    \b
    /               pages: actors, statements, sources with highlighted quotes ...
    /sparql         SPARQL 1.1 Protocol (GET, POST; JSON, XML, CSV, TSV, Turtle ...)
    /api/NAME       a canned query (JSON, CSV, TSV, Turtle); /api/openapi.json
    /id/...         every https://w3id.org/uprkg/id/... IRI (HTML or RDF)

    Updates, LOAD and SERVICE are refused; every query has a time and a row
    limit. Binds to 127.0.0.1 unless --host says otherwise.
    """
    import uvicorn

    from uprkg import paths
    from uprkg.store import open_store
    from uprkg.web.app import create_app
    from uprkg.web.runner import ServerLimits

    corpus = ctx.obj.get("corpus") if ctx.obj else None
    note = lambda message: click.echo(f"uprkg: {message}", err=True)  # noqa: E731
    store = open_store(graph_files, corpus=corpus, note=note)
    limits = ServerLimits(time_limit or None, max_rows or None, workers, in_memory=not on_disk)
    corpus_dir = Path(corpus) if corpus else paths.default_corpus()
    app = create_app(
        store,
        limits=limits,
        queries_folder=queries_folder,
        corpus=corpus_dir if corpus_dir.is_dir() else None,
    )
    sock = bind(host, port)
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    base = f"http://{shown}:{bound_port}"
    click.echo(f"uprkg: serving {store.origin} (read-only)")
    click.echo(f"  pages        {base}/")
    click.echo(f"  SPARQL       {base}/sparql")
    click.echo(f"  API          {base}/api/openapi.json")
    if not _loopback(bound_host):
        click.echo(
            f"uprkg: note: bound to {bound_host}: anyone who can reach this address can query",
            err=True,
        )
    click.echo("Press Ctrl-C to stop.")
    sys.stdout.flush()
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=access_log,
        lifespan="off",
        timeout_graceful_shutdown=2,
        server_header=False,
    )
    uvicorn.Server(config).run(sockets=[sock])


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, or one clear message."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise InputError(
            Problem(f"cannot bind to {host!r}: {exc.strerror}", field="host")
        ) from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise InputError(
            Problem(f"cannot bind to {host}:{port}: {exc.strerror} (try another --port)")
        ) from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
