"""Deterministic serialisation and all-or-nothing file writes.

rdflib's Turtle writer sorts subjects, predicates and objects, so a graph
without blank nodes always gives the same bytes. Its TriG writer does not
order the named graphs, so TriG is assembled here from one sorted Turtle
body per graph, graphs in IRI order. Files are written to a temporary file
in the target folder and renamed into place, so a failed run never leaves a
half-written output.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from rdflib import Dataset, Graph

from uprkg.namespaces import bind_prefixes


def turtle(graph: Graph) -> str:
    bind_prefixes(graph)
    return graph.serialize(format="turtle")


def _split(text: str) -> tuple[dict[str, str], str]:
    """A Turtle document's prefix declarations, and its body without them."""
    lines = text.splitlines()
    prefixes: dict[str, str] = {}
    start = 0
    while start < len(lines) and (lines[start].startswith("@prefix") or not lines[start]):
        if lines[start]:
            _, name, iri, _ = lines[start].split()
            prefixes[name] = iri
        start += 1
    return prefixes, "\n".join(lines[start:]).rstrip() + "\n"


def trig(dataset: Dataset, graph_names: Iterable | None = None) -> str:
    """TriG with graphs sorted by IRI; empty graphs are left out."""
    names = sorted(
        str(g.identifier)
        for g in dataset.graphs()
        if len(g) and (graph_names is None or g.identifier in set(graph_names))
    )
    prefixes: dict[str, str] = {}
    bodies = []
    for name in names:
        graph = Graph()
        for triple in dataset.graph(name):
            graph.add(triple)
        declared, body = _split(turtle(graph))
        for prefix, iri in declared.items():
            if prefixes.setdefault(prefix, iri) != iri:
                raise ValueError(f"prefix {prefix} bound to {iri} and {prefixes[prefix]}")
        bodies.append(f"\n<{name}> {{\n{body}}}\n")
    header = "".join(f"@prefix {p} {iri} .\n" for p, iri in sorted(prefixes.items()))
    return header + "".join(bodies)


def _file_mode() -> int:
    """Permissions of a new file under the current umask (mkstemp uses 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_all(outputs: dict[Path, str | bytes]) -> None:
    """Write several files so that either all are replaced or none is.

    Text is written as UTF-8 with the line ends it has; bytes (a PNG) as
    they are. All contents are rendered before anything is written;
    temporary files in the target folder are written first and renamed over
    the targets last. A folder that cannot be written is an InputError.
    """
    from uprkg.errors import InputError, Problem

    staged: list[tuple[str, Path]] = []
    mode = _file_mode()
    try:
        for path, content in outputs.items():
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            data = content.encode("utf-8") if isinstance(content, str) else content
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, mode)
            staged.append((tmp, path))
        for tmp, path in staged:
            os.replace(tmp, path)
    except OSError as exc:
        raise InputError(Problem(f"cannot write: {exc.strerror}", exc.filename)) from None
    finally:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
