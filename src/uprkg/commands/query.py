"""`uprkg query`, `uprkg sparql` and `uprkg load`: canned queries, your own, a server.

`uprkg query NAME` is built from the query file itself (its decorators give
the help text and the parameters), so adding a `.rq` file adds a command.
Output is rendered in full before it is printed: an error never leaves half
a table behind. Queries run on the build's Oxigraph store (uprkg.store), with
a time limit and a row limit; the query path imports neither rdflib nor
SPARQLWrapper (they load only for --graph files and --endpoint).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
import textwrap
from pathlib import Path

import click

from uprkg.commands.options import report_format_option
from uprkg.errors import InputError, Problem
from uprkg.queries import LIST_SEPARATOR, CannedQuery, Table

FORMATS = ("table", "csv", "tsv", "json", "md")
# uprkg.endpoint.DEFAULT_TIMEOUT, repeated so that a query on the local store
# need not import urllib (tests/test_store.py checks they agree)
DEFAULT_TIMEOUT = 30.0

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output format. json: an array of objects keyed by the query's variables.",
)
graph_option = click.option(
    "--graph",
    "graph_files",
    multiple=True,
    type=click.Path(path_type=Path),
    help="RDF file to query (repeatable). Default: build/uprkg.trig, else the corpus.",
)
endpoint_option = click.option(
    "--endpoint",
    metavar="URL",
    help="Run on this SPARQL 1.1 query endpoint (e.g. http://127.0.0.1:7878/query) "
    "instead of a local graph.",
)
timeout_option = click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait for the endpoint.",
)
param_option = click.option(
    "--param",
    "-p",
    "param_values",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter value (repeatable); `uprkg query list` shows each query's.",
)
columns_option = click.option(
    "--columns",
    metavar="A,B,...",
    help="Print only these columns, in this order.",
)
max_width_option = click.option(
    "--max-width",
    type=click.IntRange(min=2),
    metavar="CHARS",
    help="Cut table and md cells longer than CHARS (…). Tables are also cut to fit "
    "the terminal; csv, tsv and json are never cut.",
)
inferred_option = click.option(
    "--with-inferred",
    is_flag=True,
    help="Add the reasoner's graph (graph/inferred) to the asserted graphs queried.",
)
time_limit_option = click.option(
    "--time-limit",
    type=click.FloatRange(min=0),
    default=60.0,
    show_default=True,
    metavar="SECONDS",
    help="Stop a query that runs longer (0: no limit).",
)
max_rows_option = click.option(
    "--max-rows",
    type=click.IntRange(min=0),
    default=100_000,
    show_default=True,
    metavar="N",
    help="Refuse a result of more rows (or triples) than this (0: no limit).",
)
limit_option = click.option(
    "--limit", type=click.IntRange(min=0), metavar="N", help="Only the first N rows."
)
offset_option = click.option(
    "--offset", type=click.IntRange(min=0), metavar="N", help="Skip the first N rows."
)
page_option = click.option(
    "--page",
    type=click.IntRange(min=1),
    metavar="P",
    help="Page P of a query with grlc's `pagination` decorator (its page size).",
)
all_option = click.option(
    "--all",
    "all_rows",
    is_flag=True,
    help="Every row of a query with a `pagination` decorator (it gives its first page by default).",
)


# -- uprkg query ----------------------------------------------------------------


class QueryGroup(click.Group):
    """`uprkg query list`, and one subcommand per canned query file."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return ["list", *sorted(_queries(ctx))]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.commands:
            return self.commands[name]
        from uprkg.queries import default_folder, read_query

        path = Path(_folder(ctx) or default_folder()) / f"{name}.rq"
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", name) or not path.is_file():
            return None
        return _canned_command(read_query(path))  # one file, not the whole folder

    def resolve_command(self, ctx: click.Context, args: list[str]):
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            from uprkg.queries import get_query

            get_query(args[0], _folder(ctx))  # raises, listing the canned queries
        return super().resolve_command(ctx, args)


def _folder(ctx: click.Context | None) -> Path | None:
    """The --queries folder: read from the group's parameters, which click
    parses before it looks up the subcommand (and before any callback runs)."""
    while ctx is not None:
        if "queries_folder" in ctx.params:
            return ctx.params["queries_folder"]
        ctx = ctx.parent
    return None


def _queries(ctx: click.Context) -> dict[str, CannedQuery]:
    from uprkg.queries import load_queries

    return load_queries(_folder(ctx))


@click.group(cls=QueryGroup)
@click.option(
    "--queries",
    "queries_folder",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="UPRKG_QUERIES",
    help="Folder of .rq files to use instead of the bundled queries/ ($UPRKG_QUERIES).",
)
def query(queries_folder: Path | None) -> None:
    """Run a canned query: `uprkg query list`, then `uprkg query NAME [-p NAME=VALUE]`.

    Each canned query is a file queries/NAME.rq with grlc decorators, so the
    folder also serves as a grlc query collection. Add `--endpoint URL` to
    run it on a SPARQL server instead of the local graph.
    """


@query.command("list")
@report_format_option
@click.pass_context
def list_queries(ctx: click.Context, fmt: str) -> None:
    """List the canned queries: name, parameters and summary."""
    queries = _queries(ctx)
    rows = [
        {
            "name": q.name,
            "parameters": LIST_SEPARATOR.join(p.describe() for p in q.parameters.values()),
            "summary": q.summary,
        }
        for q in queries.values()
    ]
    if fmt != "table":
        click.echo(render(Table(["name", "parameters", "summary"], rows), fmt))
        return
    click.echo(_list_text(rows))


def _list_text(rows: list[dict]) -> str:
    width = max(60, _terminal_width())
    lines = []
    for row in rows:
        lines.append(row["name"])
        lines += textwrap.wrap(
            row["summary"], width - 4, initial_indent="    ", subsequent_indent="    "
        )
        params = row["parameters"] or "none"
        lines += textwrap.wrap(
            f"parameters: {params}", width - 4, initial_indent="    ", subsequent_indent="      "
        )
    return "\n".join(lines)


def _canned_command(canned: CannedQuery) -> click.Command:
    """A click command for one query file, its help taken from the decorators."""

    @click.pass_context
    def callback(ctx, param_values, fmt, graph_files, endpoint, timeout, columns, max_width, **run):
        table = execute(
            canned,
            parse_params(param_values),
            graph_files,
            endpoint,
            timeout,
            corpus=(ctx.find_object(dict) or {}).get("corpus"),
            **run,
        )
        emit(table, fmt, columns, max_width, (ctx.find_object(dict) or {}).get("corpus"))

    command = click.Command(
        canned.name, callback=callback, help=_help(canned), short_help=canned.summary
    )
    for option in (
        param_option,
        format_option,
        graph_option,
        endpoint_option,
        timeout_option,
        columns_option,
        max_width_option,
        limit_option,
        offset_option,
        page_option,
        all_option,
        inferred_option,
        time_limit_option,
        max_rows_option,
    ):
        option(command)  # appends, in this order
    return command


def _help(canned: CannedQuery) -> str:
    parts = [canned.summary or canned.name]
    if canned.description:
        parts.append(canned.description)
    lines = [f"  -p {p.describe()}" for p in canned.parameters.values()] or ["  none"]
    parts.append("\b\nParameters:\n" + "\n".join(lines))
    if canned.decorators.get("pagination"):
        parts.append(
            f"Pages of {canned.decorators['pagination']} rows (grlc's `pagination`): the "
            "first page by default, page P with --page P, every row with --all."
        )
    parts.append(f"Query file: {canned.path}")
    return "\n\n".join(parts)


def parse_params(values: tuple[str, ...] | list[str]) -> dict[str, str]:
    """NAME=VALUE pairs; a malformed or repeated one is a usage error."""
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InputError(Problem(f"--param needs NAME=VALUE, got {item!r}"))
        if name in params:
            raise InputError(Problem(f"--param {name} is given twice"))
        params[name] = value
    return params


def execute(
    canned: CannedQuery,
    params: dict[str, str],
    graph_files: tuple[Path, ...] | list[Path],
    endpoint: str | None,
    timeout: float,
    corpus: str | None = None,
    *,
    limit: int | None = None,
    offset: int | None = None,
    page: int | None = None,
    all_rows: bool = False,
    with_inferred: bool = False,
    time_limit: float = 60.0,
    max_rows: int = 100_000,
) -> Table:
    """Run a SELECT, on the endpoint if one is given, else on the local store.

    A query with a `pagination` decorator gives its first page unless a page,
    a limit or --all is asked for (one row more is fetched to tell whether
    rows were cut, and a note on stderr says so)."""
    from uprkg.queries import page_bounds, page_size

    if endpoint and graph_files:
        raise InputError(Problem("give --endpoint or --graph, not both"))
    if page is not None and (limit is not None or offset is not None):
        raise InputError(Problem("give --page or --limit/--offset, not both"))
    if all_rows and (page is not None or limit is not None or offset is not None):
        raise InputError(Problem("give --all or --page/--limit/--offset, not both"))
    if page is not None:
        limit, offset = page_bounds(canned, page)

    def select(limit: int | None, offset: int | None) -> Table:
        return _select(
            canned, params, graph_files, endpoint, timeout, corpus, limit, offset,
            with_inferred=with_inferred, time_limit=time_limit, max_rows=max_rows,
        )  # fmt: skip

    size = page_size(canned)
    if size is None or all_rows or limit is not None or offset is not None:
        return select(limit, offset)
    table = select(size + 1, None)
    if len(table.rows) > size:
        del table.rows[size:]
        _note(
            f"the first {size} rows, a page (the query's `pagination: {size}`); "
            "the next with --page 2, every row with --all"
        )
    return table


def _select(
    canned: CannedQuery,
    params: dict[str, str],
    graph_files,
    endpoint: str | None,
    timeout: float,
    corpus: str | None,
    limit: int | None,
    offset: int | None,
    *,
    with_inferred: bool,
    time_limit: float,
    max_rows: int,
) -> Table:
    from dataclasses import replace

    from uprkg.queries import paginate

    if endpoint:
        from uprkg.endpoint import run_select_remote

        paged = replace(canned, text=paginate(canned, limit, offset))
        return run_select_remote(paged, endpoint, params, timeout, canned.path.parent)
    from uprkg.store import Graphs, open_store

    store = open_store(list(graph_files), corpus, note=_note)
    return store.select(
        canned,
        params,
        graphs=Graphs(inferred=with_inferred),
        limits=limits_of(time_limit, max_rows),
        limit=limit,
        offset=offset,
        folder=canned.path.parent,
    )


def limits_of(time_limit: float, max_rows: int):
    """The store's Limits from the options (0 lifts a limit)."""
    from uprkg.store import Limits

    return Limits(time_limit or None, max_rows or None)


def _note(message: str) -> None:
    click.echo(f"uprkg: {message}", err=True)


def emit(
    table: Table,
    fmt: str,
    columns: str | None,
    max_width: int | None = None,
    corpus: str | None = None,
) -> None:
    table = select_columns(table, columns)
    names = None
    if fmt in ("table", "md") and any(
        SOURCE_PATH in (v or "") for row in table.rows for v in row.values()
    ):
        names = source_names(corpus)
    text = render(table, fmt, max_width, names)
    click.echo(text)
    click.echo(f"{len(table.rows)} row{'s' if len(table.rows) != 1 else ''}", err=True)


def select_columns(table: Table, columns: str | None) -> Table:
    if not columns:
        return table
    wanted = [c.strip() for c in columns.split(",") if c.strip()]
    unknown = [c for c in wanted if c not in table.variables]
    if unknown:
        raise InputError(
            Problem(f"no column {unknown[0]!r}; columns: {', '.join(table.variables)}")
        )
    rows = [{c: row[c] for c in wanted} for row in table.rows]
    return Table(wanted, rows, frozenset(table.numbers) & set(wanted))


# -- rendering ------------------------------------------------------------------


def render(
    table: Table, fmt: str, max_width: int | None = None, names: dict[str, str] | None = None
) -> str:
    """The table as text in one of FORMATS (without a trailing newline).

    JSON gives numeric columns (every bound value a numeric literal) as numbers.
    `max_width` cuts table and Markdown cells to that many characters (with …).
    In table and md, IRIs in `names` (sources) show as their names.
    """
    if fmt == "json":
        numbers = getattr(table, "numbers", frozenset())
        rows = [{k: _number(v) if k in numbers else v for k, v in r.items()} for r in table.rows]
        return json.dumps(rows, ensure_ascii=False, indent=2)
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(table.variables)
        writer.writerows([[row[v] or "" for v in table.variables] for row in table.rows])
        return out.getvalue().rstrip("\n")
    cells = [[_compact(row[v], names) for v in table.variables] for row in table.rows]
    if max_width:
        cells = [[_cut(c, max_width) for c in row] for row in cells]
    if fmt == "md":
        return _markdown(table.variables, cells)
    return _text_table(table.variables, cells, _terminal_width())


def _number(value: str | None):
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        try:
            return float(value)
        except ValueError:
            return value


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def _terminal_width() -> int:
    return shutil.get_terminal_size((120, 24)).columns


def _prefixes() -> list[tuple[str, str]]:
    from uprkg.prefixes import PREFIXES

    pairs = [(str(ns), prefix) for prefix, ns in PREFIXES.items()]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


_IRI = re.compile(r"^https?://\S+$")


def _compact(value: str | None, names: dict[str, str] | None = None) -> str:
    """IRIs as a person reads them: a source by its publisher and title, others in the
    project's namespaces as prefix:name; list items one by one."""
    if value is None:
        return ""
    items = value.split(LIST_SEPARATOR) if LIST_SEPARATOR in value else [value]
    if not all(_IRI.match(item) for item in items):
        return " ".join(value.split()) if "\n" in value else value
    names = names or {}
    return LIST_SEPARATOR.join(names.get(item) or _compact_iri(item) for item in items)


SOURCE_PATH = "/id/source/"
TITLE_CHARACTERS = 50


def source_names(corpus: str | None = None) -> dict[str, str]:
    """Source IRI -> "Publisher: Title" (or the title alone) from the corpus's
    sources.yaml and actors.yaml; a source with no title keeps its id. Read only
    when a table shows sources; a corpus that cannot be read gives no names."""
    from uprkg import paths
    from uprkg.namespaces import BASE
    from uprkg.yamlio import Mapping, load_yaml

    root = Path(corpus) if corpus else paths.default_corpus()
    try:
        sources = load_yaml(root / "sources.yaml", root) or {}
        actors = load_yaml(root / "actors.yaml", root) or {}
    except (InputError, OSError):
        return {}
    labels = {
        str(a.get("id")): str(a.get("label"))
        for a in (actors.get("actors") or [] if isinstance(actors, Mapping) else [])
        if isinstance(a, Mapping) and a.get("label")
    }
    names = {}
    for source in sources.get("sources") or [] if isinstance(sources, Mapping) else []:
        if not isinstance(source, Mapping) or not source.get("title"):
            continue
        title = _cut(" ".join(str(source["title"]).split()), TITLE_CHARACTERS)
        publisher = labels.get(str(source.get("publisher")))
        name = f"{publisher}: {title}" if publisher else title
        names[f"{BASE}id/source/{source.get('id')}"] = name
    return names


def _compact_iri(iri: str) -> str:
    for namespace, prefix in _prefixes():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _markdown(header: list[str], cells: list[list[str]]) -> str:
    def line(values: list[str]) -> str:
        return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |"

    return "\n".join([line(header), "|" + "|".join("---" for _ in header) + "|", *map(line, cells)])


MIN_COLUMN = 12  # a column is never cut narrower than this to make a table fit


def _text_table(header: list[str], cells: list[list[str]], width: int) -> str:
    """Aligned columns when they fit the terminal, cutting the widest cells (…) as far
    as MIN_COLUMN characters if needed; else one block per row."""
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    room = width - 2 * (len(widths) - 1)
    while sum(widths) > room:
        widest = max(range(len(widths)), key=lambda i: widths[i])
        floor = max(MIN_COLUMN, len(header[widest]))
        if widths[widest] <= floor:
            break
        widths[widest] -= 1
    if sum(widths) <= room:
        cells = [[_cut(c, w) for c, w in zip(row, widths, strict=True)] for row in cells]
        lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
        lines.append("  ".join("-" * w for w in widths))
        for row in cells:
            lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        return "\n".join(lines)
    return _records(header, cells, width)


def _records(header: list[str], cells: list[list[str]], width: int) -> str:
    key_width = max(len(h) for h in header)
    value_width = max(20, width - key_width - 2)
    lines = []
    for number, row in enumerate(cells, 1):
        lines.append(f"-[ {number} ]" + "-" * max(0, min(width, 60) - len(str(number)) - 5))
        for key, value in zip(header, row, strict=True):
            wrapped = textwrap.wrap(value, value_width) or [""]
            lines.append(f"{key.ljust(key_width)}  {wrapped[0]}".rstrip())
            lines += [" " * (key_width + 2) + more for more in wrapped[1:]]
    return "\n".join(lines)


# -- uprkg sparql ---------------------------------------------------------------


@click.command()
@click.argument("query_file", metavar="FILE|-")
@param_option
@format_option
@graph_option
@endpoint_option
@timeout_option
@inferred_option
@time_limit_option
@max_rows_option
@max_width_option
@click.option(
    "--allow-service",
    is_flag=True,
    help="Let SERVICE send parts of the query to other SPARQL servers (refused by "
    "default); the whole query stays bounded by --time-limit.",
)
@click.pass_context
def sparql(
    ctx,
    query_file,
    param_values,
    fmt,
    graph_files,
    endpoint,
    timeout,
    with_inferred,
    time_limit,
    max_rows,
    max_width,
    allow_service,
) -> None:
    """Run your own SPARQL query from FILE (or - for stdin).

    SELECT prints a table (--format as for `uprkg query`), ASK prints true or
    false, CONSTRUCT and DESCRIBE print Turtle. The default graph is the
    union of the asserted graphs (graph/inferred added by --with-inferred;
    stderr says which graphs were used); GRAPH patterns see each one.
    The project's prefixes (uprkg:, actor:, statement:, rdfs:, ...) are
    declared unless the query declares its own. Updates are refused, and so
    is SERVICE unless --allow-service; FROM and FROM NAMED name graphs of the
    store and are never fetched. `?_name` variables are parameters, as in
    canned queries (SELECT only).
    """
    from uprkg.prefixes import PREFIXES
    from uprkg.queries import ad_hoc, check_query

    canned = ad_hoc(*_read_query(query_file))
    info = check_query(canned, allow_service=allow_service or bool(endpoint), prefixes=PREFIXES)
    params = parse_params(param_values)
    corpus = (ctx.find_object(dict) or {}).get("corpus")
    if params and info.form != "SELECT":
        raise InputError(Problem("--param works with SELECT queries only", canned.path))
    if endpoint and graph_files:
        raise InputError(Problem("give --endpoint or --graph, not both"))
    if endpoint:
        _remote(canned, info.form, endpoint, timeout, fmt, params, max_width)
        return
    from uprkg.store import Graphs, open_store

    store = open_store(list(graph_files), corpus, note=_note)
    graphs = Graphs(inferred=with_inferred)
    limits = limits_of(time_limit, max_rows)
    _note(_graphs_used(graphs, store, info.has_dataset))
    if info.form == "SELECT":
        table = store.select(
            canned, params, graphs=graphs, limits=limits, allow_service=allow_service
        )
        emit(table, fmt, None, max_width, corpus)
    elif info.form == "ASK":
        answer = store.ask(canned, graphs=graphs, limits=limits, allow_service=allow_service)
        click.echo(json.dumps(answer) if fmt == "json" else str(answer).lower())
    else:
        text = store.graph(canned, "ttl", graphs=graphs, limits=limits, allow_service=allow_service)
        click.echo(text.decode("utf-8").rstrip("\n"))


def _graphs_used(graphs, store, has_dataset: bool) -> str:
    if has_dataset:
        return (
            "graphs used: those the query's FROM / FROM NAMED name, from the store (never fetched)"
        )
    return graphs.describe(store)


def _read_query(query_file: str) -> tuple[str, Path]:
    if query_file == "-":
        return sys.stdin.read(), Path("<stdin>")
    path = Path(query_file)
    if not path.is_file():
        raise InputError(Problem("no such query file", path))
    try:
        return path.read_text(encoding="utf-8"), path
    except UnicodeDecodeError:
        raise InputError(Problem("not valid UTF-8", path)) from None


def _remote(canned, form, endpoint, timeout, fmt, params, max_width=None) -> None:
    """Your own query on an endpoint, with the project's prefixes declared."""
    from dataclasses import replace

    from uprkg import endpoint as remote
    from uprkg.prefixes import PREFIXES
    from uprkg.queries import prepare, with_prefixes

    canned = replace(canned, text=with_prefixes(canned.text, PREFIXES))
    prepare(canned)  # checked here first: a syntax error names the file and line
    if form == "SELECT":
        emit(remote.run_select_remote(canned, endpoint, params, timeout), fmt, None, max_width)
    elif form == "ASK":
        answer = remote.remote_ask(endpoint, canned.text, timeout)
        click.echo(json.dumps(answer) if fmt == "json" else str(answer).lower())
    else:
        click.echo(_turtle(remote.remote_graph(endpoint, canned.text, timeout, form)))


def _turtle(graph) -> str:
    from rdflib import Graph

    from uprkg.namespaces import bind_prefixes

    out = Graph()
    bind_prefixes(out)
    for triple in graph:
        out.add(triple)
    return out.serialize(format="turtle").rstrip("\n")


# -- uprkg load -----------------------------------------------------------------


@click.command()
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="Graph Store Protocol URL (Oxigraph: http://HOST:7878/store; Fuseki: "
    "http://HOST:3030/DATASET/data).",
)
@graph_option
@click.option(
    "--append", is_flag=True, help="Add to each graph (POST) instead of replacing it (PUT)."
)
@timeout_option
@click.pass_context
def load(ctx, endpoint: str, graph_files, append: bool, timeout: float) -> None:
    """Upload the graph to a SPARQL store, one named graph per source.

    Sends every named graph of the build (or of --graph files) through the
    SPARQL 1.1 Graph Store HTTP Protocol, keeping the per-source graphs;
    triples of a Turtle file go to the default graph. Loading twice gives the
    same store (each graph is replaced). The canned queries need the store to
    query the union of its named graphs by default (Oxigraph: `oxigraph serve
    --union-default-graph`), or the triples in its default graph
    (`uprkg load --graph build/uprkg.ttl`).
    """
    from uprkg.endpoint import upload
    from uprkg.store import open_store

    store = open_store(list(graph_files), (ctx.find_object(dict) or {}).get("corpus"), note=_note)
    sent = upload(store, endpoint, timeout, append)
    lines = [f"{count:>6} triples  {name or '(default graph)'}" for name, count in sent]
    total = sum(count for _, count in sent)
    lines.append(f"loaded {len(sent)} graphs, {total} triples into {endpoint}")
    click.echo("\n".join(lines))
