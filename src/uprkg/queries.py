"""Canned SPARQL queries: read `queries/*.rq`, bind parameters as RDF terms, run them.

Each `.rq` file is one query with a header of grlc decorators (`#+ key: value`
lines, YAML) and parameters named by the grlc/BASIL convention: `?_name` is a
required parameter, `?__name` an optional one; a suffix types the value
(`_iri`, `_integer`, `_xsd_date`, a language tag such as `_en`; none means a
plain string). Two decorators are uprkg's own (grlc ignores them):

- `lists`: columns whose value is a list built with GROUP_CONCAT. SPARQL does
  not define the order of a GROUP_CONCAT, so the runner splits these values
  on LIST_SEPARATOR, sorts the items and joins them again: rows are then the
  same whichever engine ran the query.
- `resolve`: parameters that name a thing of a kind (actor, document,
  decision, topic, source ...) by id, label or alias; the runner looks the
  name up with the `names` query and binds the thing's IRI.

Parameter values are never pasted into query text: embedded queries get them
as rdflib initial bindings, remote queries as a VALUES block of serialised
RDF terms (see uprkg.endpoint). The library API other modules rely on:
`load_queries()`, `run_select()`, `Table`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from uprkg.errors import InputError, Problem

if TYPE_CHECKING:
    from rdflib.query import Result
    from rdflib.term import Identifier

LIST_SEPARATOR = "; "
NAMES_QUERY = "names"
ID_BASE = "https://w3id.org/uprkg/id/"
KNOWN_DECORATORS = {
    # grlc's own (https://github.com/CLARIAH/grlc#decorator-syntax)
    "summary",
    "description",
    "tags",
    "defaults",
    "enumerate",
    "endpoint",
    "method",
    "pagination",
    "endpoint_in_url",
    "transform",
    # uprkg's
    "lists",
    "resolve",
}

# One lexer for the few things we need to find in query text without a full
# parse: comments, strings and IRIs are skipped so a '?_x' or '{' inside them
# is never taken for a variable or a group.
_TOKENS = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
      |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_]+)
  | (?P<open>\{)
    """,
    re.X,
)
_PARAMETER = re.compile(r"^[?$](?P<optional>__?)(?P<name>[A-Za-z0-9]+)(?:_(?P<type>\w+))?$")
_IRI_SAFE = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*:[^<>"{}|^`\\\x00-\x20]*$')


@dataclass(frozen=True)
class Parameter:
    """A query parameter as the user names it (`actor`) and as the query does."""

    name: str
    variable: str  # without '?': '_actor_iri'
    type: str  # 'string', 'iri', 'integer', 'lang:<tag>' or 'xsd:<datatype>'
    required: bool
    default: str | None = None
    choices: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()  # for `resolve`: the kinds of thing it names

    def describe(self) -> str:
        """One line for `uprkg query list` and `--help`."""
        what = "/".join(self.kinds) + " id, label or alias" if self.kinds else self.type
        extra = []
        if self.default is not None:
            extra.append(f"default {self.default}")
        elif not self.required:
            extra.append("optional")
        if self.choices:
            extra.append("one of " + ", ".join(self.choices))
        return f"{self.name} ({what}{'; ' + '; '.join(extra) if extra else ''})"


@dataclass(frozen=True)
class CannedQuery:
    """One `.rq` file: its text, decorators and parameters."""

    name: str
    path: Path
    text: str
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    parameters: Mapping[str, Parameter] = field(default_factory=dict)
    decorators: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Table:
    """SELECT results: the query's variables and one dict per row.

    Values are plain strings (an IRI's string, a literal's lexical form) or
    None when unbound; list columns are canonical (sorted items).
    """

    variables: list[str]
    rows: list[dict[str, str | None]]
    # columns whose bound values are all numeric literals (xsd:integer, decimal ...),
    # so JSON output can give numbers as numbers
    numbers: frozenset[str] = frozenset()

    def column(self, name: str) -> list[str | None]:
        return [row[name] for row in self.rows]


# -- reading query files ------------------------------------------------------


def default_folder() -> Path:
    from uprkg import paths

    return paths.asset("queries")


def load_queries(folder: Path | str | None = None) -> dict[str, CannedQuery]:
    """Every `*.rq` in the folder (the bundled queries/ by default), by name.

    Reads decorators and finds parameters without parsing the SPARQL, so
    listing queries stays fast; `prepare()` parses a query when it runs.
    """
    folder = Path(folder) if folder else default_folder()
    if not folder.is_dir():
        raise InputError(Problem("no such query folder", folder))
    queries = {}
    for path in sorted(folder.glob("*.rq")):
        query = read_query(path)
        queries[query.name] = query
    return queries


def read_query(path: Path, text: str | None = None) -> CannedQuery:
    """One query file: decorators, parameters, and checks that they agree."""
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise InputError(Problem("not valid UTF-8", path)) from None
        except OSError as exc:
            raise InputError(Problem(f"cannot read: {exc.strerror}", path)) from None
    decorators = _decorators(path, text)
    parameters = _parameters(path, text)
    _apply_decorators(path, text, decorators, parameters)
    return CannedQuery(
        name=path.stem,
        path=path,
        text=text,
        summary=str(decorators.get("summary", "")).strip(),
        description=str(decorators.get("description", "")).strip(),
        tags=tuple(str(t) for t in decorators.get("tags") or ()),
        lists=tuple(str(c) for c in decorators.get("lists") or ()),
        parameters=parameters,
        decorators=decorators,
    )


def _decorators(path: Path, text: str) -> dict[str, Any]:
    """The YAML of the `#+` lines that open the file (grlc's header)."""
    import yaml

    block = []
    for line in text.splitlines():
        if line.startswith("#+"):
            block.append(line[3:] if line.startswith("#+ ") else line[2:])
        elif line.strip() and not line.startswith("#"):
            break
    if not block:
        return {}
    try:
        data = yaml.safe_load("\n".join(block))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = _header_line(text, mark.line) if mark else None
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(Problem(f"bad '#+' decorator: {reason}", path, line)) from None
    if not isinstance(data, dict):
        raise InputError(Problem("the '#+' decorators must be 'key: value' lines", path, 1))
    unknown = sorted(set(data) - KNOWN_DECORATORS)
    if unknown:
        known = ", ".join(sorted(KNOWN_DECORATORS))
        raise InputError(
            Problem(
                f"unknown decorator {unknown[0]!r} (known: {known})",
                path,
                _line_of(text, f"#+ {unknown[0]}"),
            )
        )
    return data


def _header_line(text: str, index: int) -> int:
    """File line of the index-th '#+' line."""
    seen = -1
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("#+"):
            seen += 1
            if seen == index:
                return number
    return 1


def _line_of(text: str, needle: str) -> int | None:
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at != -1 else None


def _parameters(path: Path, text: str) -> dict[str, Parameter]:
    """Parameters from the `?_name` / `?__name_type` variables the query uses."""
    found: dict[str, Parameter] = {}
    for match in _TOKENS.finditer(text):
        token = match.group("var")
        if not token or not token[1:].startswith("_"):
            continue
        parts = _PARAMETER.match(token)
        line = text.count("\n", 0, match.start()) + 1
        if not parts:
            raise InputError(
                Problem(f"bad parameter variable {token} (use ?_name or ?_name_type)", path, line)
            )
        param = Parameter(
            name=parts["name"],
            variable=token[1:],
            type=_parameter_type(parts["type"], path, line),
            required=parts["optional"] == "_",
        )
        previous = found.get(param.name)
        if previous and previous.variable != param.variable:
            raise InputError(
                Problem(
                    f"parameter {param.name!r} is used as ?{previous.variable} and {token}",
                    path,
                    line,
                )
            )
        found[param.name] = param
    return found


def _parameter_type(suffix: str | None, path: Path, line: int) -> str:
    if suffix is None:
        return "string"
    if suffix in ("iri", "integer"):
        return suffix
    if re.fullmatch(r"[a-z]{2,3}", suffix):
        return f"lang:{suffix}"
    if suffix.startswith("xsd_"):
        return f"xsd:{suffix[4:]}"
    raise InputError(
        Problem(
            f"unknown parameter type '_{suffix}' (use _iri, _integer, _xsd_<type> or a language)",
            path,
            line,
        )
    )


def _apply_decorators(
    path: Path, text: str, decorators: Mapping[str, Any], params: dict[str, Parameter]
) -> None:
    """Fold `defaults`, `enumerate` and `resolve` into the parameters."""
    for key, attribute in (("defaults", "default"), ("enumerate", "choices"), ("resolve", "kinds")):
        for name, value in _name_value_pairs(path, text, decorators, key):
            if name not in params:
                valid = ", ".join(sorted(params)) or "none"
                raise InputError(
                    Problem(
                        f"'{key}' names {name!r}, which is not a parameter of this query "
                        f"(parameters: {valid})",
                        path,
                        _line_of(text, f"- {name}"),
                    )
                )
            if attribute == "default":
                value = str(value)
            elif isinstance(value, str):
                value = tuple(value.split())
            else:
                value = tuple(str(v) for v in value or ())
            params[name] = replace(params[name], **{attribute: value})


def _name_value_pairs(
    path: Path, text: str, decorators: Mapping[str, Any], key: str
) -> Iterable[tuple[str, Any]]:
    """grlc writes these as a YAML list of one-key mappings (or bare names)."""
    items = decorators.get(key) or []
    if not isinstance(items, list):
        raise InputError(Problem(f"'{key}' must be a list", path, _line_of(text, f"#+ {key}")))
    for item in items:
        if isinstance(item, dict) and len(item) == 1:
            yield next(iter(item.items()))
        elif isinstance(item, str) and key == "enumerate":
            continue  # grlc: values come from the endpoint; nothing to check here
        else:
            raise InputError(
                Problem(
                    f"each '{key}' item must be 'name: value'", path, _line_of(text, f"#+ {key}")
                )
            )


# -- parsing and binding ------------------------------------------------------


def ad_hoc(text: str, path: Path | str = "<query>") -> CannedQuery:
    """A researcher's own query, given as text (no decorators needed)."""
    return read_query(Path(path), text)


@lru_cache(maxsize=256)
def _prepared(path: Path, text: str):
    from rdflib.plugins.sparql import prepareQuery

    try:
        return prepareQuery(text)
    except Exception as exc:
        raise _syntax_error(path, text, exc) from None


def prepare(query: CannedQuery):
    """The parsed rdflib query; a syntax error names the file and line."""
    return _prepared(query.path, query.text)


def query_form(query: CannedQuery) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE."""
    name = prepare(query).algebra.name
    return name.removesuffix("Query").upper()


def _syntax_error(path: Path, text: str, exc: Exception) -> InputError:
    from rdflib.plugins.sparql.parser import parseUpdate

    line = getattr(exc, "lineno", None)
    reason = getattr(exc, "msg", None) or str(exc).splitlines()[0]
    try:
        parseUpdate(text)
    except Exception:
        pass
    else:
        return InputError(
            Problem("this is a SPARQL Update; uprkg runs only queries (SELECT, ASK, ...)", path)
        )
    if line is not None:
        column = getattr(exc, "col", None)
        source_line = text.splitlines()[line - 1] if 0 < line <= text.count("\n") + 1 else ""
        near = source_line.strip()[:60]
        reason = f"SPARQL syntax error at column {column}: {reason} (near: {near!r})"
    else:
        reason = f"SPARQL error: {reason}"
    return InputError(Problem(reason, path, line))


Lookup = Callable[[], Table]


def bind_parameters(
    query: CannedQuery, values: Mapping[str, str] | None, names: Lookup
) -> dict[str, Identifier]:
    """RDF terms for the given parameter values, by query variable name.

    Checks names, required parameters, enumerations and types; resolves
    `resolve` parameters to IRIs with the `names` table (fetched only when
    needed). Every problem is an InputError naming the parameter.
    """
    values = dict(values or {})
    unknown = sorted(set(values) - set(query.parameters))
    if unknown:
        valid = ", ".join(sorted(query.parameters)) or "none"
        raise InputError(
            Problem(
                f"query {query.name!r} has no parameter {unknown[0]!r} (its parameters: {valid})",
                field=unknown[0],
            )
        )
    bindings: dict[str, Identifier] = {}
    table: list[Table] = []
    for param in query.parameters.values():
        value = values.get(param.name, param.default)
        if value is None:
            if param.required:
                raise InputError(
                    Problem(
                        f"query {query.name!r} needs --param {param.name}=VALUE "
                        f"({param.describe()})",
                        field=param.name,
                    )
                )
            continue
        if param.choices and value not in param.choices:
            raise InputError(
                Problem(
                    f"{value!r} is not one of: {', '.join(param.choices)}",
                    field=param.name,
                )
            )
        if param.kinds:
            if not table:
                table.append(names())
            bindings[param.variable] = resolve(value, param, table[0])
        else:
            bindings[param.variable] = to_term(value, param)
    return bindings


def inline_values(text: str, bindings: Mapping[str, Identifier]) -> str:
    """The query with a VALUES block of the bound terms opening its WHERE group.

    For endpoints, which take no initial bindings. Each term is serialised by
    rdflib (literals escaped, IRIs checked), so a value can only ever be one
    RDF term; a VALUES block at the top of the WHERE group joins with the
    whole group, as rdflib's initial bindings do for parameters used in
    triple patterns (the rule for canned queries, see queries/README.md).
    """
    where = None
    previous_end = 0
    for match in _TOKENS.finditer(text):
        if match.group("open"):
            before = _TOKENS.sub(" ", text[previous_end : match.start()]).split()
            if before and before[-1].upper() == "WHERE":
                where = match
            break
        if not match.group("comment"):
            previous_end = match.end()
    if where is None:
        raise InputError(Problem("parameters need the query's group to follow 'WHERE'"))
    names = sorted(bindings)
    terms = " ".join(_serialise(bindings[name]) for name in names)
    block = f"\n  VALUES ({' '.join('?' + n for n in names)}) {{ ({terms}) }}\n"
    return text[: where.end()] + block + text[where.end() :]


def _serialise(term: Identifier) -> str:
    from rdflib import Literal, URIRef

    if isinstance(term, URIRef) and _IRI_SAFE.match(str(term)):
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    raise InputError(Problem(f"cannot send {term!r} as a parameter value"))


def to_term(value: str, param: Parameter) -> Identifier:
    """The RDF term for a plain parameter value; a malformed value is rejected."""
    from rdflib import XSD, Literal, URIRef

    if param.type == "iri":
        if not _IRI_SAFE.match(value):
            raise InputError(Problem(f"not an absolute IRI: {value!r}", field=param.name))
        return URIRef(value)
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise InputError(Problem(f"not an integer: {value!r}", field=param.name))
        return Literal(int(value))
    if param.type.startswith("lang:"):
        return Literal(value, lang=param.type[5:])
    if param.type.startswith("xsd:"):
        literal = Literal(value, datatype=XSD[param.type[4:]])
        if getattr(literal, "ill_typed", False):
            raise InputError(Problem(f"not a valid {param.type}: {value!r}", field=param.name))
        return literal
    return Literal(value)


def _fold(text: str) -> str:
    """Compare names loosely: case, accents' composition, typographic apostrophes."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.casefold().split())


def resolve(value: str, param: Parameter, names: Table) -> Identifier:
    """The IRI of the one thing of the parameter's kinds with this id, label or alias."""
    from rdflib import URIRef

    rows = [r for r in names.rows if r["kind"] in param.kinds]
    wanted = value.strip()
    if ":" in wanted and not wanted.startswith("http"):
        kind, _, ident = wanted.partition(":")
        if kind in param.kinds:
            wanted = ident
    by_iri = {r["thing"] for r in rows if r["thing"] == wanted}
    by_id = {r["thing"] for r in rows if r["id"] == wanted}
    by_name = {r["thing"] for r in rows if r["name"] == wanted}
    by_fold = {r["thing"] for r in rows if _fold(r["name"] or "") == _fold(wanted)}
    for found in (by_iri, by_id, by_name, by_fold):
        if len(found) == 1:
            iri = found.pop()
            if not _IRI_SAFE.match(iri):
                raise InputError(Problem(f"the data names it by a malformed IRI: {iri!r}"))
            return URIRef(iri)
        if len(found) > 1:
            labels = _labels(rows)
            options = ", ".join(f"{_short(t)} ({labels.get(t, '')})" for t in sorted(found))
            raise InputError(
                Problem(f"{value!r} names several things: {options}; give an id", field=param.name)
            )
    kinds = "/".join(param.kinds)
    return _no_such(value, kinds, rows, param.name)


def _no_such(value: str, kinds: str, rows: list[dict], field_name: str):
    candidates = sorted({r["id"] for r in rows} | {r["name"] for r in rows if r["name"]})
    close = difflib.get_close_matches(value, candidates, n=3, cutoff=0.6)
    hint = f"; did you mean: {', '.join(close)}?" if close else ""
    raise InputError(
        Problem(
            f"no {kinds} has the id, label or alias {value!r}{hint} "
            f"(`uprkg query {NAMES_QUERY}` lists them)",
            field=field_name,
        )
    )


def _labels(rows: list[dict]) -> dict[str, str]:
    return {r["thing"]: r["name"] for r in rows if r["nameType"] == "label"}


def _short(iri: str) -> str:
    return iri.removeprefix(ID_BASE)


# -- results ------------------------------------------------------------------


def canonical(table: Table, lists: Iterable[str]) -> Table:
    """Sort the items of list columns, so GROUP_CONCAT's order does not matter.

    Empty items are dropped and an empty list is "": queries write list
    columns as GROUP_CONCAT(DISTINCT COALESCE(STR(?x), "")), because engines
    disagree on an unbound value inside an aggregate (rdflib skips it,
    Oxigraph makes the whole aggregate unbound).
    """
    lists = [c for c in lists if c in table.variables]
    if not lists:
        return table
    for row in table.rows:
        for column in lists:
            items = {item for item in (row.get(column) or "").split(LIST_SEPARATOR) if item}
            row[column] = LIST_SEPARATOR.join(sorted(items))
    return table


def term_text(term: Any) -> str | None:
    """An RDF term as a plain string: the IRI, the literal's lexical form."""
    return None if term is None else str(term)


def table_from_rdflib(result: Result) -> Table:
    variables = [str(v) for v in result.vars or []]
    terms = [list(row) for row in result]
    rows = [{v: term_text(row[i]) for i, v in enumerate(variables)} for row in terms]
    numeric = {
        v
        for i, v in enumerate(variables)
        if any(row[i] is not None for row in terms)
        and all(row[i] is None or is_number(getattr(row[i], "datatype", None)) for row in terms)
    }
    return Table(variables, rows, frozenset(numeric))


NUMERIC_TYPES = frozenset(
    "http://www.w3.org/2001/XMLSchema#" + name
    for name in (
        "integer decimal double float long int short byte nonNegativeInteger "
        "positiveInteger nonPositiveInteger negativeInteger unsignedLong unsignedInt "
        "unsignedShort unsignedByte"
    ).split()
)


def is_number(datatype) -> bool:
    return datatype is not None and str(datatype) in NUMERIC_TYPES


# -- running embedded ---------------------------------------------------------


def union_view(dataset):
    """The graph to query: all named graphs as the default graph.

    An endpoint in union-default-graph mode answers the same way. The view
    shares the dataset's store, so nothing is copied; GRAPH patterns in a
    researcher's own query still see each named graph.
    """
    from rdflib import ConjunctiveGraph, Dataset

    if isinstance(dataset, ConjunctiveGraph):
        return Dataset(store=dataset.store, default_union=True)
    return dataset


def as_query(query: CannedQuery | str, folder: Path | str | None = None) -> CannedQuery:
    """A CannedQuery from a query, a canned query's name, or SPARQL text."""
    if isinstance(query, CannedQuery):
        return query
    if re.fullmatch(r"[A-Za-z0-9_.-]+", query):
        return get_query(query, folder)
    return ad_hoc(query)


def get_query(name: str, folder: Path | str | None = None) -> CannedQuery:
    """A canned query by name; an unknown name lists the valid ones."""
    queries = load_queries(folder)
    if name in queries:
        return queries[name]
    close = difflib.get_close_matches(name, list(queries), n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise InputError(
        Problem(f"no canned query {name!r}; {hint}canned queries: {', '.join(sorted(queries))}")
    )


def names_query(folder: Path | str | None = None) -> CannedQuery:
    """The lookup query for `resolve` parameters (the bundled one if the folder has none)."""
    path = Path(folder or default_folder()) / f"{NAMES_QUERY}.rq"
    if not path.is_file():
        path = default_folder() / f"{NAMES_QUERY}.rq"
    return read_query(path)


def run_select(
    query: CannedQuery | str,
    dataset,
    params: Mapping[str, str] | None = None,
    folder: Path | str | None = None,
) -> Table:
    """Run a SELECT query on a dataset (rdflib Dataset or Graph) and return its Table.

    `query` is a CannedQuery, a canned query's name or SPARQL text. Named
    graphs are queried as one union default graph, the same rows an
    endpoint in union-default-graph mode gives.
    """
    canned = as_query(query, folder)
    graph = union_view(dataset)
    if query_form(canned) != "SELECT":
        raise InputError(Problem("run_select needs a SELECT query", canned.path))

    def names() -> Table:
        lookup = names_query(folder)
        with _quiet():
            return table_from_rdflib(graph.query(prepare(lookup)))

    bindings = bind_parameters(canned, params, names)
    with _quiet():
        result = graph.query(prepare(canned), initBindings=bindings)
        return canonical(table_from_rdflib(result), canned.lists)


def run_query(query: CannedQuery | str, dataset) -> Result:
    """Run any query form (SELECT, ASK, CONSTRUCT, DESCRIBE) without parameters.

    The result is evaluated here (rdflib evaluates lazily), so errors and
    rdflib's own warnings stay inside this call.
    """
    canned = as_query(query)
    with _quiet():
        result = union_view(dataset).query(prepare(canned))
        if result.type == "SELECT":
            result.bindings  # noqa: B018 - forces the lazy evaluation
        return result


@contextmanager
def _quiet():
    """rdflib 7.6 warns about its own use of Dataset.default_context on every
    triple lookup in a dataset (thousands of DeprecationWarnings per query)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
        yield
