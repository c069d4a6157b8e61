"""Pages for people: server-rendered HTML (Jinja2, every value escaped), no
JavaScript, no asset from elsewhere.

Each page runs its queries (src/uprkg/web/queries/*.rq, and canned ones) in
one forked child (uprkg.web.runner), then renders. An entity IRI
https://w3id.org/uprkg/id/KIND/ID is served at /id/KIND/ID: HTML for a
browser, Turtle, JSON-LD, N-Triples or RDF/XML for an RDF client (Accept, or
?format=).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from uprkg.errors import UprkgError
from uprkg.queries import LIST_SEPARATOR, CannedQuery, Table, load_queries
from uprkg.store import Graphs, GraphStore, Limits, QueryTimeout, TooManyResults
from uprkg.web.negotiate import FORMAT_ALIASES, GRAPH_TYPES, choose
from uprkg.web.runner import Busy
from uprkg.web.spans import Span, segments
from uprkg.web.sparql import Refused, rdf_response

HERE = Path(__file__).resolve().parent
W3ID = "https://w3id.org/uprkg/"
ID_BASE = W3ID + "id/"
ONTOLOGY = W3ID + "ontology#"
# the w3id namespaces besides id/ that this server also answers for (concept schemes)
SCHEMES = ("stance", "role", "channel", "voice", "tenure", "participation", "response", "action")
UPRKG = ONTOLOGY
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
MAX_SOURCE_BYTES = 20 << 20
INCOMING_SHOWN = 500
LIST_PAGE = 200
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
# what a page's RDF may be asked for in
ENTITY_TYPES = ["text/html", "application/xhtml+xml"] + [
    media for types in GRAPH_TYPES.values() for media in types if media != "text/plain"
]
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


def local_path(iri: str) -> str | None:
    """This server's path for an IRI it serves (https://w3id.org/uprkg/id/x -> /id/x)."""
    if iri.startswith(ID_BASE) or any(iri.startswith(f"{W3ID}{s}/") for s in SCHEMES):
        return "/" + quote(iri[len(W3ID) :], safe="/:@!$&'()*+,;=-._~")
    if iri.startswith(ONTOLOGY):
        return "/ontology#" + quote(iri[len(ONTOLOGY) :], safe="-._~")
    if iri == W3ID + "ontology":
        return "/ontology"
    return None


def href(iri: str | None) -> str | None:
    """A link for an IRI: ours on this server, http(s) elsewhere as is, nothing else
    (a javascript: or data: IRI in the data never becomes a link)."""
    if not iri:
        return None
    mine = local_path(iri)
    if mine:
        return mine
    if iri.startswith(("http://", "https://")):
        return iri
    return None


def short(iri: str | None) -> str:
    """A compact name for an IRI without a label."""
    if not iri:
        return ""
    from uprkg.prefixes import compact

    return compact(iri)


@dataclass(frozen=True)
class PageQueries:
    """The pages' query files, read once."""

    folder: Path = HERE / "queries"

    @cached_property
    def all(self) -> dict[str, CannedQuery]:
        return load_queries(self.folder)

    def __getitem__(self, name: str) -> CannedQuery:
        return self.all[name]


Plan = Mapping[str, tuple[CannedQuery, Mapping[str, str], int | None]]


def fetch(plan: Plan) -> Callable[[GraphStore, Limits], dict[str, Table]]:
    """The work of one page: every query of the plan, in the same child."""

    def work(store: GraphStore, limits: Limits) -> dict[str, Table]:
        return {
            name: store.select(query, params, limits=limits, limit=limit)
            for name, (query, params, limit) in plan.items()
        }

    return work


class Pages:
    """Renders the pages of one server (its runner, corpus and queries)."""

    def __init__(self, context) -> None:
        from jinja2 import Environment, FileSystemLoader, select_autoescape

        self.context = context
        self.queries = PageQueries()
        self.env = Environment(
            loader=FileSystemLoader(str(HERE / "templates")),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(href=href, short=short, SEP=LIST_SEPARATOR)
        self.env.filters["split_list"] = lambda v: [i for i in (v or "").split(LIST_SEPARATOR) if i]
        self._ontology_html: str | None = None

    # -- plumbing -----------------------------------------------------------------

    def html(self, template: str, code: int = 200, **values: Any) -> HTMLResponse:
        page = self.env.get_template(template).render(site=self.context.site, **values)
        return HTMLResponse(page, code, headers={"Content-Security-Policy": CSP})

    def error(self, status: int, message: str) -> HTMLResponse:
        return self.html("error.html", status, status=status, message=message)

    async def run(self, plan: Plan) -> dict[str, Table]:
        try:
            return await self.context.runner.run(fetch(plan))
        except QueryTimeout:
            raise Refused(503, "the page's queries ran over the time limit") from None
        except TooManyResults:
            raise Refused(403, "the page would list more rows than the row limit") from None
        except Busy as exc:
            raise Refused(503, str(exc), {"Retry-After": "1"}) from None
        except UprkgError as exc:
            raise Refused(400, "; ".join(p.message for p in exc.problems)) from None

    def page(self, name: str, params: Mapping[str, str] | None = None, limit: int | None = None):
        return (self.queries[name], dict(params or {}), limit)

    # -- home and lists -----------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        canned = self.context.queries()
        plan = {"kinds": self.page("kinds")}
        if "sources" in canned:
            plan["sources"] = (canned["sources"], {}, None)
        tables = await self.run(plan)
        return self.html(
            "home.html",
            kinds=tables["kinds"].rows,
            sources=tables["sources"].rows if "sources" in tables else [],
            queries=list(canned.values()),
        )

    async def kind_list(self, request: Request, kind: str) -> Response:
        if not SAFE_NAME.match(kind):
            return self.error(404, "no such kind of thing")
        offset = _offset(request)
        tables = await self.run({"things": self.page("things", {"kind": kind}, None)})
        labels: dict[str, str] = {}
        for row in tables["things"].rows:
            labels.setdefault(row["thing"], row["label"] or "")
        things = sorted(labels.items())
        if not things:
            return self.error(404, f"the graph names nothing of the kind {kind!r}")
        shown = things[offset : offset + LIST_PAGE]
        return self.html(
            "list.html",
            kind=kind,
            things=shown,
            total=len(things),
            offset=offset,
            size=LIST_PAGE,
        )

    # -- one entity ---------------------------------------------------------------------

    async def entity(self, request: Request, path: str) -> Response:
        """/id/... and the concept schemes' paths: HTML or RDF by content negotiation."""
        if any(part in ("", ".", "..") for part in path.split("/")) or "\\" in path:
            return self.error(400, "a path with empty, '.' or '..' segments names nothing")
        iri = W3ID + path
        params = dict(parse_qsl(request.url.query))
        wanted = params.get("format")
        if wanted:
            fmt = FORMAT_ALIASES.get(wanted.lower())
            if fmt not in GRAPH_TYPES:
                return self.error(400, f"unknown format {wanted[:40]!r} (ttl, jsonld, nt, xml)")
            return await self.describe(iri, fmt)
        media = choose(request.headers.get("accept"), ENTITY_TYPES)
        if media is None:
            return Response(
                "cannot answer in that format; offered: " + ", ".join(ENTITY_TYPES) + "\n",
                406,
                media_type="text/plain",
            )
        if media not in ("text/html", "application/xhtml+xml"):
            fmt = next(n for n, types in GRAPH_TYPES.items() if media in types)
            return await self.describe(iri, fmt)
        return await self.entity_page(iri)

    async def describe(self, iri: str, fmt: str) -> Response:
        query = self.queries["describe"]

        def work(store: GraphStore, limits: Limits) -> bytes:
            return store.results(query, fmt, {"thing": iri}, limits=limits)[1]

        try:
            body = await self.context.runner.run(work)
        except (Busy, QueryTimeout) as exc:
            raise Refused(503, str(exc)) from None
        except UprkgError as exc:
            raise Refused(400, "; ".join(p.message for p in exc.problems)) from None
        if _empty_rdf(body, fmt):
            return Response(f"the graph says nothing about <{iri}>\n", 404, media_type="text/plain")
        response = rdf_response(body, GRAPH_TYPES[fmt][0])
        response.headers["Content-Location"] = f"{local_path(iri)}?format={fmt}"
        return response

    async def entity_page(self, iri: str) -> Response:
        kind = iri[len(ID_BASE) :].split("/")[0] if iri.startswith(ID_BASE) else "concept"
        plan = {
            "out": self.page("entity-out", {"thing": iri}),
            "in": self.page("entity-in", {"thing": iri}, INCOMING_SHOWN),
            "quotes": self.page("quotes", {"thing": iri}),
        }
        extra = {
            "actor": ["actor-statements", "actor-received", "actor-posts", "actor-recommendations"],
            "statement": ["targets"],
            "source": ["source-spans"],
            "proposition": ["proposition-claims", "proposition-comparisons"],
        }.get(kind, [])
        for name in extra:
            plan[name] = self.page(name, {"thing": iri})
        tables = await self.run(plan)
        if not tables["out"].rows and not tables["in"].rows:
            return self.error(404, f"the graph says nothing about <{iri}>")
        facts = Facts(iri, tables["out"], tables["in"])
        values: dict[str, Any] = {"iri": iri, "kind": kind, "facts": facts, "tables": tables}
        values["quotes"] = _by_source(tables["quotes"].rows)
        if kind == "actor":
            values.update(actor_sections(tables))
        if kind == "source":
            values.update(self.source_text(iri, facts, tables["source-spans"]))
        if kind == "proposition":
            values["values"] = _values(tables["proposition-claims"].rows)
            values["comparisons"] = tables["proposition-comparisons"].rows
        template = {
            "actor": "actor.html",
            "statement": "statement.html",
            "source": "source.html",
            "proposition": "proposition.html",
        }.get(kind, "entity.html")
        return self.html(template, in_limit=INCOMING_SHOWN, **values)

    # -- the provenance viewer ------------------------------------------------------------

    def source_text(self, iri: str, facts: Facts, spans_table: Table) -> dict[str, Any]:
        """The source's text cut by its spans, or why it cannot be shown."""
        spans: dict[str, Span] = {}
        for row in spans_table.rows:
            try:
                start, end = int(row["start"]), int(row["end"])
            except (TypeError, ValueError):
                continue
            span = spans.setdefault(
                row["quote"], Span(start, end, row["quote"], exact=row["exact"])
            )
            if row["item"] and row["item"] not in [i for i, _ in span.items]:
                span.items.append((row["item"], row["itemLabel"] or short(row["item"])))
        text, problem = self.read_source(facts)
        ordered = sorted(spans.values(), key=lambda s: (s.start, s.end, s.quote))
        if text is None:
            return {"text_problem": problem, "spans": ordered, "segments": []}
        for span in ordered:
            span.verified = span.exact is None or text[span.start : span.end] == span.exact
        return {"text_problem": None, "spans": ordered, "segments": segments(text, ordered)}

    def read_source(self, facts: Facts) -> tuple[str | None, str | None]:
        """The text file of a source: only a plain file name inside the corpus's
        sources/ folder, with the SHA-256 the graph records."""
        name = facts.literal(UPRKG + "fileName")
        digest = facts.literal(UPRKG + "sha256")
        corpus = self.context.corpus
        if not name:
            return None, "the graph gives no file for this source"
        if corpus is None:
            return None, "the server was started without a corpus, so it has no source texts"
        if not SAFE_NAME.match(name) or ".." in name:
            return (
                None,
                "the graph names this source's file with a name that is not a plain file name",
            )
        folder = (Path(corpus) / "sources").resolve()
        path = (folder / name).resolve()
        if path.parent != folder or not path.is_file():
            return None, f"the corpus has no file {name!r} in its sources folder"
        if path.stat().st_size > MAX_SOURCE_BYTES:
            return None, f"{name} is over {MAX_SOURCE_BYTES >> 20} MiB"
        data = path.read_bytes()
        if not digest:
            return None, f"the graph gives no SHA-256 for {name}, so its offsets cannot be trusted"
        if hashlib.sha256(data).hexdigest() != digest:
            return (
                None,
                f"{name} in the corpus is not the text the graph was built from (SHA-256 differs)",
            )
        try:
            return data.decode("utf-8"), None
        except UnicodeDecodeError:
            return None, f"{name} is not UTF-8"

    # -- other pages ---------------------------------------------------------------------

    async def disagreements(self, request: Request) -> Response:
        canned = self.context.queries()
        if "contested-claims" not in canned:
            return self.error(404, "there is no contested-claims query")
        tables = await self.run({"rows": (canned["contested-claims"], {}, None)})
        grouped: dict[str, dict] = {}
        for row in tables["rows"].rows:
            entry = grouped.setdefault(
                row["proposition"], {"question": row["question"], "pairs": []}
            )
            entry["pairs"].append(row)
        return self.html("disagreements.html", propositions=grouped)

    def queries_index(self, request: Request) -> Response:
        return self.html("queries.html", queries=list(self.context.queries().values()))

    async def query_page(self, request: Request, name: str) -> Response:
        query = self.context.queries().get(name)
        if query is None:
            return self.error(404, f"no canned query {name[:80]!r}")
        given = dict(parse_qsl(request.url.query, keep_blank_values=True))
        table, problem = None, None
        if "run" in given:
            from uprkg.web.api import paging, query_params, run_canned

            try:
                asked = [(k, v) for k, v in given.items() if k != "run"]
                values = {k: v for k, v in query_params(query, asked).items() if v}
                limit, offset, _ = paging(query, {k: v for k, v in given.items() if v})
                data = await run_canned(self.context.runner, query, values, limit, offset)
                table = _table_from_json(data)
            except Refused as exc:
                problem = exc.message
        return self.html(
            "query.html",
            400 if problem else 200,
            query=query,
            given=given,
            table=table,
            problem=problem,
        )

    def sparql_form(self, request: Request, query: str = "", problem: str | None = None):
        example = (
            "SELECT ?critic ?target WHERE {\n"
            "  ?s uprkg:speaker ?critic ; uprkg:target ?target .\n} LIMIT 10"
        )
        return self.html(
            "sparql.html", query=query or example, table=None, graph=None, problem=problem
        )

    async def sparql_results(self, request: Request, text: str, form: str, graphs: Graphs):
        from uprkg.web.sparql import run_query

        table = graph = None
        try:
            if form in ("CONSTRUCT", "DESCRIBE"):
                graph = (await run_query(self.context.runner, text, "ttl", graphs)).decode()
            else:
                import json

                raw = await run_query(self.context.runner, text, "json", graphs)
                table = _table_from_json(json.loads(raw))
        except Refused as exc:
            return self.html(
                "sparql.html", exc.status, query=text, table=None, graph=None, problem=exc.message
            )
        return self.html("sparql.html", query=text, table=table, graph=graph, problem=None)

    async def ontology(self, request: Request) -> Response:
        """The ontology documented by pyLODE (generated once, in a worker thread)."""
        import anyio.to_thread

        if self._ontology_html is None:
            self._ontology_html = await anyio.to_thread.run_sync(ontology_html)
        return HTMLResponse(
            self._ontology_html,
            headers={
                "Content-Security-Policy": CSP.replace(
                    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
                )
            },
        )


def ontology_html() -> str:
    from uprkg.paths import ontology_file

    try:
        from pylode import OntPub
    except Exception as exc:  # pyLODE 3.4+ wheels cannot import (they read a missing file)
        return _plain_ontology_page(f"pyLODE is not available ({type(exc).__name__})")
    return OntPub(ontology=str(ontology_file())).make_html()


def _plain_ontology_page(reason: str) -> str:
    from html import escape

    from uprkg.paths import ontology_file

    return (
        "<!doctype html><meta charset=utf-8><title>uprkg ontology</title>"
        f"<p>{escape(reason)}; the ontology in Turtle:</p><pre>"
        + escape(ontology_file().read_text(encoding="utf-8"))
        + "</pre>"
    )


# -- shaping rows for templates ---------------------------------------------------------------


class Facts:
    """A thing's outgoing and incoming triples, with labels, grouped by property."""

    def __init__(self, iri: str, out: Table, incoming: Table) -> None:
        self.iri = iri
        self.out_rows = out.rows
        self.in_rows = incoming.rows
        self.label = next(
            (
                r["value"]
                for r in out.rows
                if r["property"] == LABEL and r["valueKind"] == "literal"
            ),
            None,
        )

    def values(self, prop: str) -> list[dict]:
        seen: dict[str, dict] = {}
        for row in self.out_rows:
            if row["property"] == prop and row["value"] not in seen:
                seen[row["value"]] = row
        return list(seen.values())

    def literal(self, prop: str) -> str | None:
        found = self.values(prop)
        return found[0]["value"] if found else None

    def types(self) -> list[dict]:
        return self.values(RDF_TYPE)

    def grouped_out(self, skip: tuple[str, ...] = ()) -> list[tuple[str, str, list[dict]]]:
        return _group(self.out_rows, "value", skip)

    def grouped_in(self, skip: tuple[str, ...] = ()) -> list[tuple[str, str, list[dict]]]:
        return _group(self.in_rows, "subject", skip)


def _group(rows: list[dict], key: str, skip) -> list[tuple[str, str, list[dict]]]:
    groups: dict[str, dict[str, dict]] = defaultdict(dict)
    labels: dict[str, str] = {}
    for row in rows:
        prop = row["property"]
        if prop in skip:
            continue
        labels.setdefault(prop, row["propertyLabel"] or short(prop))
        groups[prop].setdefault(row[key], row)
    return [(p, labels[p], list(groups[p].values())) for p in sorted(groups)]


def _by_source(rows: list[dict]) -> list[dict]:
    """Quotes grouped by source, sources in order."""
    grouped: dict[str, dict] = {}
    for row in rows:
        entry = grouped.setdefault(
            row["source"], {"source": row["source"], "label": row["sourceLabel"], "quotes": []}
        )
        entry["quotes"].append(row)
    return list(grouped.values())


def actor_sections(tables: Mapping[str, Table]) -> dict[str, Any]:
    """What an actor said, what was said about it, posts, recommendations, neighbours."""
    said: dict[str, dict] = {}
    for row in tables["actor-statements"].rows:
        entry = said.setdefault(row["statement"], {**row, "targets": {}})
        if row["target"]:
            entry["targets"][row["target"]] = row["targetLabel"] or short(row["target"])
    about: dict[str, dict] = {}
    for row in tables["actor-received"].rows:
        entry = about.setdefault(
            row["statement"], {**row, "speakers": {}, "roles": set(), "vias": {}}
        )
        if row["speaker"]:
            entry["speakers"][row["speaker"]] = row["speakerLabel"] or short(row["speaker"])
        if row["role"]:
            entry["roles"].add(row["role"])
        if row["via"]:
            entry["vias"][row["via"]] = row["viaLabel"] or short(row["via"])
    neighbours: dict[str, dict] = {}
    for entry in said.values():
        for target, label in entry["targets"].items():
            n = neighbours.setdefault(target, {"label": label, "to": set(), "from": set()})
            n["to"].add(entry["stance"] or "statement")
    for entry in about.values():
        for speaker, label in entry["speakers"].items():
            n = neighbours.setdefault(speaker, {"label": label, "to": set(), "from": set()})
            n["from"].add(entry["stance"] or "statement")
    recommendations: dict[str, dict] = {}
    for row in tables["actor-recommendations"].rows:
        entry = recommendations.setdefault(row["recommendation"], {**row, "others": {}})
        if row["other"]:
            entry["others"][row["other"]] = row["otherLabel"] or short(row["other"])
    return {
        "said": list(said.values()),
        "about": list(about.values()),
        "posts": tables["actor-posts"].rows,
        "recommendations_made": [r for r in recommendations.values() if r["direction"] == "made"],
        "recommendations_received": [
            r for r in recommendations.values() if r["direction"] == "received"
        ],
        "neighbours": sorted(neighbours.items(), key=lambda kv: kv[1]["label"].casefold()),
    }


def _values(rows: list[dict]) -> list[dict]:
    """The claims about a proposition grouped by the value they give."""
    values: dict[str, dict] = {}
    for row in rows:
        entry = values.setdefault(row["value"] or "", {"value": row["value"], "claims": {}})
        claim = entry["claims"].setdefault(
            row["claim"],
            {
                "claim": row["claim"],
                "label": row["claimLabel"],
                "words": row["valueText"],
                "claimants": {},
                "sources": {},
            },
        )
        if row["claimant"]:
            claim["claimants"][row["claimant"]] = row["claimantLabel"] or short(row["claimant"])
        if row["source"]:
            claim["sources"][row["source"]] = row["sourceLabel"] or short(row["source"])
    return list(values.values())


def _table_from_json(data: dict) -> dict:
    variables = data.get("head", {}).get("vars", [])
    if "boolean" in data:
        return {
            "variables": ["boolean"],
            "rows": [{"boolean": {"value": str(data["boolean"]).lower(), "type": "literal"}}],
        }
    return {"variables": variables, "rows": data["results"]["bindings"]}


def _offset(request: Request) -> int:
    value = request.query_params.get("offset", "0")
    return int(value) if value.isdigit() and len(value) < 10 else 0


def _empty_rdf(body: bytes, fmt: str) -> bool:
    text = body.decode("utf-8", "replace").strip()
    if fmt == "ttl":
        return all(not line.strip() or line.startswith("@prefix") for line in text.splitlines())
    if fmt == "jsonld":
        return text in ("[]", "{}", '{"@graph":[]}') or '"@id"' not in text
    if fmt == "xml":
        return "rdf:Description" not in text and "<rdf:RDF" in text and ":about" not in text
    return not text
