"""Canned SPARQL queries: read `queries/*.rq`, check them, bind parameters as RDF terms.

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

grlc's `pagination: N` is honoured too: `--page P` (or limit/offset) appends
LIMIT and OFFSET to the query, as grlc does.

Parameter values are never pasted into query text as text: each is one RDF
term (pyoxigraph checks IRIs, escapes literals) put in place of its
variable (`substitute`, what grlc does), on the embedded store (uprkg.store)
and on an endpoint (uprkg.endpoint) alike. This module imports neither rdflib nor
pyoxigraph at import time, so listing queries stays fast. The library API
other modules rely on: `load_queries()`, `run_select()`, `Table`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path
from typing import Any

from uprkg.errors import InputError, Problem

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

# One lexer for what we need to find in query text without a full parse
# (parameters, the query form, prefixes, SERVICE, FROM, the WHERE group):
# comments, strings and IRIs are tokens of their own, so a '?_x', a keyword
# or a '{' inside them is never taken for one.
_TOKENS = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
      |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_]+)
  | (?P<bnode>_:[\w.-]*)
  | (?P<pname>(?:[A-Za-z][\w.-]*)?:(?:[\w%:-]|\.(?=[\w%:-]))*)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<other>.)
    """,
    re.X | re.S,
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
            from uprkg.prefixes import compact

            extra.append(f"default {compact(self.default)}")
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
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present
        data = yaml.load("\n".join(block), Loader=loader)
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


# -- reading query text without a full parse -----------------------------------------

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    depth: int  # braces open before it


def tokens(text: str) -> list[Token]:
    """The query's tokens, whitespace and comments left out."""
    found = []
    depth = 0
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup or "other"
        if kind in ("space", "comment"):
            continue
        if kind == "close":
            depth = max(0, depth - 1)
        found.append(Token(kind, match.group(), match.start(), depth))
        if kind == "open":
            depth += 1
    return found


def _line(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


@dataclass(frozen=True)
class QueryInfo:
    """What a query is, found by the lexer: its form, whether it names its own
    dataset (FROM / FROM NAMED), and the prefixes it declares."""

    form: str
    has_dataset: bool
    declared: frozenset[str]


def query_form(query: CannedQuery | str) -> str:
    """SELECT, ASK, CONSTRUCT, DESCRIBE, UPDATE, UNKNOWN or EMPTY (from the first
    keyword after the prologue)."""
    return _form_token(query.text if isinstance(query, CannedQuery) else query)[0]


def _form_token(text: str):
    """The query form and the token that decided it (None for an empty query)."""
    skip = 0
    for token in tokens(text):
        if skip:
            skip -= 1
            continue
        word = token.text.upper()
        if token.kind == "word" and word == "PREFIX":
            skip = 2
            continue
        if token.kind == "word" and word == "BASE":
            skip = 1
            continue
        if token.kind == "word" and word in FORMS:
            return word, token
        if token.kind == "word" and word in UPDATES:
            return "UPDATE", token
        return "UNKNOWN", token
    return "EMPTY", None


def check_query(
    query: CannedQuery,
    *,
    allow_service: bool = False,
    prefixes: Mapping[str, str] | None = None,
) -> QueryInfo:
    """Refuse, before anything runs, what uprkg does not run: an empty query, an
    update, SERVICE (unless allowed), a prefix nobody declares."""
    text, path = query.text, query.path
    form, first = _form_token(text)
    if form == "EMPTY":
        raise InputError(Problem("the query is empty: there is no SPARQL in it", path))
    if form == "UNKNOWN":
        raise InputError(
            Problem(
                f"not a SPARQL query: {first.text[:30]!r} where SELECT, ASK, CONSTRUCT or "
                "DESCRIBE (after any PREFIX and BASE) was expected",
                path,
                _line(text, first.start),
            )
        )
    if form == "UPDATE":
        raise InputError(
            Problem("this is a SPARQL Update; uprkg runs only queries (SELECT, ASK, ...)", path)
        )
    found = tokens(text)
    declared = set()
    for before, token in pairwise(found):
        if before.kind == "word" and before.text.upper() == "PREFIX" and token.kind == "pname":
            declared.add(token.text.split(":", 1)[0])
    known = set(prefixes or {}) | declared
    for index, token in enumerate(found):
        if token.kind == "word" and token.text.upper() == "SERVICE" and not allow_service:
            raise InputError(
                Problem(
                    "SERVICE is refused: uprkg does not send queries to other servers unless "
                    "asked (--allow-service)",
                    path,
                    _line(text, token.start),
                )
            )
        if token.kind == "pname" and not (index and found[index - 1].text.upper() == "PREFIX"):
            prefix = token.text.split(":", 1)[0]
            if prefix not in known:
                names = ", ".join(sorted(known)) or "none"
                raise InputError(
                    Problem(
                        f"unknown prefix '{prefix}:' (declare it with PREFIX {prefix}: <...>; "
                        f"known: {names})",
                        path,
                        _line(text, token.start),
                    )
                )
    has_dataset = any(t.kind == "word" and t.text.upper() == "FROM" for t in found)
    return QueryInfo(form, has_dataset, frozenset(declared))


def declared_prefixes(text: str) -> set[str]:
    found = tokens(text)
    return {
        token.text.split(":", 1)[0]
        for before, token in pairwise(found)
        if before.kind == "word" and before.text.upper() == "PREFIX" and token.kind == "pname"
    }


def with_prefixes(text: str, prefixes: Mapping[str, str]) -> str:
    """The query with PREFIX declarations for the prefixes it uses but does not
    declare (for endpoints, which know none of ours), put before its first
    line so line numbers in messages stay right."""
    declared = declared_prefixes(text)
    used = {t.text.split(":", 1)[0] for t in tokens(text) if t.kind == "pname"}
    missing = sorted(p for p in used - declared if p in prefixes)
    if not missing:
        return text
    header = "".join(f"PREFIX {p}: <{prefixes[p]}> " for p in missing)
    return header + text


# A comment line in a query's text where LIMIT and OFFSET go, in the subquery
# that picks the page (by ids and a sort key), so that labels, quotes and lists
# are looked up for that page only, not for every row before the cut.
PAGE_MARK = "# uprkg:page"


def paginate(query: CannedQuery, limit: int | None, offset: int | None) -> str:
    """The query text with LIMIT and OFFSET (grlc's pagination): at the query's
    PAGE_MARK comment when it has one, else appended to the query."""
    if limit is None and not offset:
        return query.text
    for token in tokens(query.text):
        if token.kind == "word" and token.depth == 0 and token.text.upper() in ("LIMIT", "OFFSET"):
            raise InputError(
                Problem(
                    f"the query has its own {token.text.upper()}; --limit, --offset and --page "
                    "need a query without one",
                    query.path,
                    _line(query.text, token.start),
                )
            )
    for name, value in (("limit", limit), ("offset", offset)):
        if value is not None and (not isinstance(value, int) or value < 0):
            raise InputError(Problem(f"{name} must be a whole number from 0, got {value!r}"))
    tail = (f"\nLIMIT {limit}" if limit is not None else "") + (
        f"\nOFFSET {offset}" if offset else ""
    )
    mark = re.search(rf"^[ \t]*{re.escape(PAGE_MARK)}[ \t]*$", query.text, re.M)
    if mark:
        return query.text[: mark.start()] + tail.strip() + query.text[mark.end() :]
    return query.text.rstrip() + tail + "\n"


def page_size(query: CannedQuery) -> int | None:
    """The rows of one page (grlc's `pagination` decorator), None without one."""
    size = query.decorators.get("pagination")
    return size if isinstance(size, int) and size > 0 else None


def page_bounds(query: CannedQuery, page: int) -> tuple[int, int]:
    """(limit, offset) of page `page` (from 1) for a query with grlc's `pagination`."""
    size = query.decorators.get("pagination")
    if not isinstance(size, int) or size < 1:
        raise InputError(
            Problem(f"query {query.name!r} has no 'pagination' decorator; use --limit/--offset")
        )
    if page < 1:
        raise InputError(Problem(f"pages count from 1, got {page}"))
    return size, (page - 1) * size


def syntax_problem(message: str, text: str, path: Path | str) -> Problem:
    """pyoxigraph's SyntaxError ("error at LINE:COLUMN: expected ...") as one readable line.

    Oxigraph often points past the mistake (at the next clause); rdflib's
    parser, asked only once Oxigraph has refused the text, usually points at
    the token itself, so its line and column are used when it also refuses.
    """
    try:
        prepare(CannedQuery(Path(path).stem, Path(path), text))
    except InputError as exc:
        if exc.problems[0].line is not None:
            return exc.problems[0]
    match = re.match(r"error at (\d+):(\d+): (.*)", message, re.S)
    if not match:
        return Problem(f"SPARQL syntax error: {message.splitlines()[0]}", path)
    line, column, reason = int(match.group(1)), int(match.group(2)), match.group(3)
    reason = " ".join(reason.split())
    if "IRI parsing failed" in reason:
        reason = "an IRI is not absolute (relative IRIs need a BASE)"
    elif "Prefix not found" in reason:
        reason = "unknown prefix"
    elif len(reason) > 120:
        reason = reason[:117] + "..."
    lines = text.splitlines()
    near = lines[line - 1].strip()[:60] if 0 < line <= len(lines) else ""
    return Problem(f"SPARQL syntax error at column {column}: {reason} (near: {near!r})", path, line)


# -- parameters -------------------------------------------------------------------------


def ad_hoc(text: str, path: Path | str = "<query>") -> CannedQuery:
    """A researcher's own query, given as text (no decorators needed)."""
    return read_query(Path(path), text)


def prepare(query: CannedQuery):
    """The query parsed by rdflib (for an endpoint's local check; imports rdflib).

    A syntax error names the file and line.
    """
    from rdflib.plugins.sparql import prepareQuery

    try:
        return prepareQuery(query.text)
    except Exception as exc:
        raise _rdflib_syntax_error(query.path, query.text, exc) from None


def _rdflib_syntax_error(path: Path, text: str, exc: Exception) -> InputError:
    if query_form(text) == "UPDATE":
        return InputError(
            Problem("this is a SPARQL Update; uprkg runs only queries (SELECT, ASK, ...)", path)
        )
    line = getattr(exc, "lineno", None)
    reason = getattr(exc, "msg", None) or str(exc).splitlines()[0]
    if line is not None:
        column = getattr(exc, "col", None)
        source_line = text.splitlines()[line - 1] if 0 < line <= text.count("\n") + 1 else ""
        near = source_line.strip()[:60]
        reason = f"SPARQL syntax error at column {column}: {reason} (near: {near!r})"
    else:
        reason = f"SPARQL error: {reason}"
    return InputError(Problem(reason, path, line))


Lookup = Callable[[], "Table"]


def bind_parameters(
    query: CannedQuery, values: Mapping[str, str] | None, names: Lookup, exact_only: bool = False
) -> dict[str, Any]:
    """RDF terms (pyoxigraph) for the given parameter values, by query variable name.

    Checks names, required parameters, enumerations and types; resolves
    `resolve` parameters to IRIs with the `names` table (fetched only when
    needed; with `exact_only`, see `resolve`). Every problem is an
    InputError naming the parameter.
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
    bindings: dict[str, Any] = {}
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
            bindings[param.variable] = resolve(value, param, table[0], exact_only)
        else:
            bindings[param.variable] = to_term(value, param)
    return bindings


def substitute(text: str, bindings: Mapping[str, Any]) -> str:
    """The query with each bound parameter variable replaced by its RDF term.

    This is grlc's way (and SPARQL's SEP-0007 substitution): the engine sees
    a constant where the query has `?_name`, so it looks the value up in its
    indexes instead of joining a VALUES table at the end, and every engine
    gets the same text. Each term is serialised by its library (an IRI
    checked, a literal's quotes and line breaks escaped), and only variable
    tokens the lexer finds outside strings, IRIs and comments are replaced,
    so a value is only ever one RDF term. A parameter projected as it stands
    (`SELECT ?_name`) becomes `(term AS ?_name)`; one the query binds itself
    (`AS ?_name`, VALUES) is refused. Line breaks stay where they were.
    """
    if not bindings:
        return text
    terms = {name: _serialise(term) for name, term in bindings.items()}
    pieces = []
    at = 0
    projection = False  # between SELECT and its WHERE group or FROM
    depth = 0  # parentheses inside the projection
    previous = None
    for token in tokens(text):
        word = token.text.upper() if token.kind == "word" else ""
        if word == "SELECT":
            projection, depth = True, 0
        elif projection and (token.kind == "open" or word in ("WHERE", "FROM")):
            projection = False
        elif projection and token.text in "()":
            depth += 1 if token.text == "(" else -1
        if token.kind == "var" and token.text[1:] in terms:
            name = token.text[1:]
            if previous is not None and previous.text.upper() in ("AS", "VALUES"):
                raise InputError(Problem(f"the query binds the parameter ?{name} itself"))
            value = terms[name]
            if projection and depth == 0:
                value = f"({value} AS ?{name})"
            pieces += [text[at : token.start], value]
            at = token.start + len(token.text)
        previous = token
    pieces.append(text[at:])
    return "".join(pieces)


def _serialise(term: Any) -> str:
    """One term in SPARQL syntax: a pyoxigraph term, or an rdflib one (`n3()`)."""
    if hasattr(term, "n3"):  # rdflib
        from rdflib import Literal, URIRef

        if isinstance(term, URIRef) and _IRI_SAFE.match(str(term)):
            return f"<{term}>"
        if isinstance(term, Literal):
            return term.n3()
    else:
        import pyoxigraph as ox

        if isinstance(term, ox.NamedNode) and _IRI_SAFE.match(term.value):
            return str(term)
        if isinstance(term, ox.Literal):
            return str(term)
    raise InputError(Problem(f"cannot send {term!r} as a parameter value"))


XSD = "http://www.w3.org/2001/XMLSchema#"
_LEXICAL = {
    "integer": r"[+-]?\d+",
    "decimal": r"[+-]?(\d+(\.\d*)?|\.\d+)",
    "boolean": r"true|false|1|0",
    "date": r"-?\d{4,}-\d\d-\d\d(Z|[+-]\d\d:\d\d)?",
    "gYear": r"-?\d{4,}(Z|[+-]\d\d:\d\d)?",
    "gYearMonth": r"-?\d{4,}-\d\d(Z|[+-]\d\d:\d\d)?",
    "dateTime": r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?",
}


def to_term(value: str, param: Parameter):
    """The RDF term (pyoxigraph) for a plain parameter value; a malformed value is rejected."""
    import pyoxigraph as ox

    if param.type == "iri":
        if not _IRI_SAFE.match(value):
            raise InputError(Problem(f"not an absolute IRI: {value!r}", field=param.name))
        try:
            return ox.NamedNode(value)
        except ValueError as exc:
            raise InputError(Problem(f"not an IRI: {value!r} ({exc})", field=param.name)) from None
    if param.type == "integer":
        if not re.fullmatch(_LEXICAL["integer"], value.strip(), re.ASCII):
            raise InputError(Problem(f"not an integer: {value!r}", field=param.name))
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    if param.type.startswith("lang:"):
        return ox.Literal(value, language=param.type[5:])
    if param.type.startswith("xsd:"):
        datatype = param.type[4:]
        pattern = _LEXICAL.get(datatype)
        if pattern and not (
            re.fullmatch(pattern, value, re.ASCII) and _valid_date(datatype, value)
        ):
            raise InputError(Problem(f"not a valid {param.type}: {value!r}", field=param.name))
        return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))
    return ox.Literal(value)


def _valid_date(datatype: str, value: str) -> bool:
    """A date's month and day exist (2025-02-30 is not a date)."""
    import datetime

    if datatype not in ("date", "dateTime", "gYearMonth"):
        return True
    match = re.match(r"(\d{4})-(\d\d)(?:-(\d\d))?", value)
    if not match:
        return False
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3) or 1)
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _fold(text: str) -> str:
    """Compare names loosely: case, accents' composition, typographic apostrophes."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.casefold().split())


class NoSuchName(InputError):
    """No thing of the parameter's kinds has the name (see `resolve`)."""


def wanted_name(value: str, param: Parameter) -> str:
    """The name a value gives: stripped, without a `kind:` prefix of the parameter's kinds."""
    wanted = value.strip()
    if ":" in wanted and not wanted.startswith("http"):
        kind, _, ident = wanted.partition(":")
        if kind in param.kinds:
            wanted = ident
    return wanted


def resolve(value: str, param: Parameter, names: Table, exact_only: bool = False):
    """The IRI (a pyoxigraph NamedNode) of the one thing of the parameter's kinds
    with this IRI, id, label or alias, tried in this order, then the same name
    ignoring case, accents' composition and typographic apostrophes.

    With `exact_only` the last step is left out and a name nothing has
    exactly raises NoSuchName: the store resolves from the few rows that
    match exactly first, and from the full `names` table only then.
    """
    import pyoxigraph as ox

    rows = [r for r in names.rows if r["kind"] in param.kinds]
    wanted = wanted_name(value, param)
    by_iri = {r["thing"] for r in rows if r["thing"] == wanted}
    by_id = {r["thing"] for r in rows if r["id"] == wanted}
    by_name = {r["thing"] for r in rows if r["name"] == wanted}
    by_fold = {r["thing"] for r in rows if _fold(r["name"] or "") == _fold(wanted)}
    levels = (by_iri, by_id, by_name) if exact_only else (by_iri, by_id, by_name, by_fold)
    for found in levels:
        if len(found) == 1:
            iri = found.pop()
            if not _IRI_SAFE.match(iri):
                raise InputError(Problem(f"the data names it by a malformed IRI: {iri!r}"))
            return ox.NamedNode(iri)
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
    raise NoSuchName(
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


NUMERIC_TYPES = frozenset(
    "http://www.w3.org/2001/XMLSchema#" + name
    for name in (
        "integer decimal double float long int short byte nonNegativeInteger "
        "positiveInteger nonPositiveInteger negativeInteger unsignedLong unsignedInt "
        "unsignedShort unsignedByte"
    ).split()
)


def is_number(datatype) -> bool:
    """Whether a literal's datatype (IRI string, or a term with one) is numeric."""
    if datatype is None:
        return False
    return str(getattr(datatype, "value", datatype)) in NUMERIC_TYPES


# -- finding queries ---------------------------------------------------------------


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


# -- running embedded ---------------------------------------------------------


def run_select(
    query: CannedQuery | str,
    data,
    params: Mapping[str, str] | None = None,
    folder: Path | str | None = None,
    **options,
) -> Table:
    """Run a SELECT query on the graph and return its Table.

    `data` is a uprkg.store.GraphStore (see `uprkg.store.open_store`), a
    pyoxigraph Store, or an rdflib Dataset or Graph (copied into an
    in-memory store). `query` is a CannedQuery, a canned query's name or
    SPARQL text. The default graph is the union of the asserted graphs;
    `options` are GraphStore.select's (graphs, limits, limit, offset).
    """
    from uprkg.store import GraphStore

    return GraphStore.coerce(data).select(query, params, folder=folder, **options)
