"""Read RDF into rdflib: a built file, any RDF file a colleague sends, or the
corpus built in memory.

The commands that need rdflib's API on the whole graph (validate, reason)
go through `load_graph`; the readers (query, sparql, network, export, stats,
load) open the build's Oxigraph store instead (uprkg.store.open_store), which
reads `--graph` files with `parse_rdf` too. Either way a file that cannot be
read is one message with the file and the parser's line, exit code 2.
"""

from __future__ import annotations

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
    before = len(dataset)
    try:
        if fmt in QUAD_FORMATS:
            dataset.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
        else:
            dataset.default_graph.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many types; all mean "not readable RDF"
        reason, line = _reason_and_line(exc, text)
        raise InputError(Problem(f"cannot read as {fmt}: {reason}", path, line)) from None
    if len(dataset) == before and not any(len(g) for g in dataset.graphs()):
        raise InputError(Problem(f"no triples found when reading as {fmt}", path))
    return dataset


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
