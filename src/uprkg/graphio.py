"""Read RDF into rdflib: a built file, any RDF file a colleague sends, or the
corpus built in memory.

The commands that need rdflib's API on the whole graph (validate, reason)
go through `load_graph`; the readers (query, sparql, network, export, stats,
load) open the build's Oxigraph store instead (uprkg.store.open_store), which
reads `--graph` files with `parse_rdf` too. Either way a file that cannot be
read is one message with the file and the parser's line, exit code 2.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from rdflib import Dataset

from uprkg.errors import InputError, Problem

DEFAULT_BUILD = Path("build") / "uprkg.trig"

FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".ntriples": "nt",
    ".nq": "nquads",
    ".nquads": "nquads",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".n3": "n3",
}
QUAD_FORMATS = ("trig", "nquads", "json-ld")
# The project's published JSON-LD context; documents that name it get the packaged copy.
CONTEXT_URL = "https://w3id.org/uprkg/context.jsonld"
MAX_CONTEXT_BYTES = 1024 * 1024
MAX_REASON = 200  # characters of a parser's message shown: never a long stretch of the file


def rdf_format(path: Path) -> str:
    """The rdflib parser name for a file, from its extension."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise InputError(Problem(f"unknown RDF file extension (known: {known})", path))
    return fmt


def _reason_and_line(exc: Exception, text: str) -> tuple[str, int | None]:
    """A one-line reason and the line a parser error points at, if any.

    rdflib's parsers differ: Turtle/TriG raise BadSyntax with a line count,
    some string errors carry only a snippet around '^', N-Triples quotes the
    offending line, JSON says 'line N column M'.
    """
    why = getattr(exc, "_why", None)
    lines = getattr(exc, "lines", None)
    message = str(exc).strip()
    if why is not None and isinstance(lines, int):
        return str(why), lines + 1
    reason = message.splitlines()[0] if message else type(exc).__name__
    match = re.search(r"line (\d+) column", message)
    if match:
        return reason, int(match.group(1))
    match = re.search(r"at \^ in(.*)\^", message, re.S)
    if match and match.group(1).strip():
        snippet = match.group(1).removeprefix(" ").lstrip("\n")  # "at ^ in <before>^<after>"
        at = text.rfind(snippet)
        if at != -1:
            return reason.split(" at ^ in")[0], text.count("\n", 0, at + len(snippet)) + 1
    if isinstance(exc, IndexError):  # rdflib's Turtle parser ran off the end of the text
        return "the file ends in the middle of a statement (truncated?)", len(text.splitlines())
    match = re.match(r"Invalid line: (.*)", message)
    if match:
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip() == match.group(1).strip():
                return reason, number
    return reason, None


def parse_rdf(path: Path | str, into: Dataset | None = None) -> Dataset:
    """Parse one RDF file into a dataset; unreadable input is an InputError.

    Triple formats go into the default graph, quad formats keep their named
    graphs. Empty files, files that are not RDF and truncated files all give
    one message naming the file and, where the parser says it, the line.
    """
    path = Path(path)
    dataset = into if into is not None else Dataset()
    if not path.is_file():
        raise InputError(Problem("no such file", path))
    fmt = rdf_format(path)
    data = path.read_bytes()
    if not data.strip():
        raise InputError(Problem("the file is empty: no RDF to read", path))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(Problem("not valid UTF-8: not an RDF file", path, line)) from None
    if fmt == "xml":
        _refuse_dtd(text, path)
    if fmt == "json-ld":
        text = jsonld_text(text, path)
    before = len(dataset)
    try:
        if fmt in QUAD_FORMATS:
            dataset.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
        else:
            dataset.default_graph.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many types; all mean "not readable RDF"
        reason, line = _reason_and_line(exc, text)
        if len(reason) > MAX_REASON:
            reason = reason[: MAX_REASON - 3] + "..."
        raise InputError(Problem(f"cannot read as {fmt}: {reason}", path, line)) from None
    if len(dataset) == before and not any(len(g) for g in dataset.graphs()):
        raise InputError(Problem(f"no triples found when reading as {fmt}", path))
    return dataset


def _refuse_dtd(text: str, path: Path) -> None:
    """RDF/XML with a document type declaration is refused: entities are never expanded."""
    match = re.search(r"<!(DOCTYPE|ENTITY)", text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        raise InputError(
            Problem(
                f"refused: the file declares a DTD (<!{match.group(1)}): uprkg does not expand "
                "XML entities; write the IRIs out in full, or convert the file to Turtle",
                path,
                line,
            )
        )


def jsonld_text(text: str, path: Path) -> str:
    """The JSON-LD document with every referenced @context inlined (see module docstring)."""
    try:
        document = json.loads(text)
    except RecursionError:
        raise InputError(Problem("refused: the JSON is nested too deeply", path)) from None
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(Problem(f"cannot read as json-ld: {exc}", path, line)) from None
    try:
        return json.dumps(_inline_contexts(document, path, {}))
    except RecursionError:
        raise InputError(Problem("refused: the JSON is nested too deeply", path)) from None


def _inline_contexts(value, path: Path, cache: dict):
    if isinstance(value, list):
        return [_inline_contexts(v, path, cache) for v in value]
    if not isinstance(value, dict):
        return value
    found = {}
    for key, item in value.items():
        if key == "@context":
            item = _context_value(item, path, cache)
        found[key] = _inline_contexts(item, path, cache)
    return found


def _context_value(value, path: Path, cache: dict):
    """A @context value with references replaced by the documents they name."""
    if isinstance(value, list):
        return [_context_value(v, path, cache) for v in value]
    if isinstance(value, str):
        return _context_document(value, path, cache)
    if isinstance(value, dict) and isinstance(value.get("@import"), str):
        imported = _context_document(value["@import"], path, cache)
        if not isinstance(imported, dict):
            raise InputError(Problem("the @import does not name a context object", path))
        return {**imported, **{k: v for k, v in value.items() if k != "@import"}}
    return value


def _context_document(reference: str, path: Path, cache: dict):
    """The @context a reference names: the project's own, or a fetched one when allowed."""
    if reference.rstrip("#") == CONTEXT_URL:
        from uprkg.export import context

        return context()
    from uprkg import fetch

    timeout = fetch.remote_contexts_timeout()
    remote = reference.startswith(("http://", "https://"))
    if timeout is None or not remote:
        kind = "remote" if remote else "local"
        raise InputError(
            Problem(
                f"refused: the JSON-LD names a {kind} @context {reference[:120]!r}, which uprkg "
                f"does not fetch; embed the context in the file, use {CONTEXT_URL}, or allow "
                "remote contexts with `uprkg --fetch-contexts SECONDS`",
                path,
            )
        )
    if reference not in cache:
        cache[reference] = None  # a context that includes itself is refused, not followed
        cache[reference] = _context_value(_fetch_context(reference, timeout, path), path, cache)
    if cache[reference] is None:
        raise InputError(Problem(f"the @context {reference[:120]} includes itself", path))
    return cache[reference]


def _fetch_context(url: str, timeout: float, path: Path):
    from uprkg import fetch

    try:
        reply = fetch.request(
            url,
            headers={"Accept": "application/ld+json, application/json"},
            timeout=timeout,
            limit=MAX_CONTEXT_BYTES,
        )
    except fetch.FetchError as exc:
        why = {
            "timeout": f"no complete answer within {timeout:g} s",
            "too-large": f"larger than {MAX_CONTEXT_BYTES} bytes",
        }.get(exc.kind, exc.detail or exc.kind)
        raise InputError(Problem(f"cannot fetch the @context {url}: {why}", path)) from None
    if reply.status != 200:
        raise InputError(
            Problem(f"cannot fetch the @context {url}: HTTP {reply.status} {reply.reason}", path)
        )
    try:
        document = json.loads(reply.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise InputError(Problem(f"the @context {url} is not JSON", path)) from None
    if not isinstance(document, dict) or "@context" not in document:
        raise InputError(Problem(f"the @context {url} has no '@context' key", path))
    return document["@context"]


def load_graph(
    files: list[Path] | tuple[Path, ...] | None = None,
    corpus: Path | str | None = None,
    build_file: Path = DEFAULT_BUILD,
) -> Dataset:
    """The dataset a command works on.

    - `files` given: those files, parsed and merged;
    - else `build/uprkg.trig` in the working directory, when it exists
      (a note on stderr if the corpus changed since it was written);
    - else the corpus (bundled by default) built in memory.
    """
    if files:
        dataset = Dataset()
        for file in files:
            parse_rdf(file, dataset)
        return dataset
    if build_file.is_file():
        _warn_if_stale(build_file, corpus)
        return parse_rdf(build_file)
    from uprkg.build import build_dataset
    from uprkg.corpus import load_corpus

    print(f"uprkg: no {build_file} here; building the corpus in memory", file=sys.stderr)
    return build_dataset(load_corpus(corpus))


def _warn_if_stale(build_file: Path, corpus: Path | str | None) -> None:
    from uprkg import paths

    root = Path(corpus) if corpus else paths.default_corpus()
    if not root.is_dir():
        return
    built = build_file.stat().st_mtime
    newer = [p for p in root.rglob("*") if p.is_file() and p.stat().st_mtime > built]
    if newer:
        print(
            f"uprkg: note: {build_file} is older than {newer[0]}; run `uprkg build` to refresh",
            file=sys.stderr,
        )
