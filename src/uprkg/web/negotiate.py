"""Content negotiation: which of the formats we offer a client's Accept header prefers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

# SELECT and ASK results: format name -> media types (the first is what we send)
RESULT_TYPES: Mapping[str, Sequence[str]] = {
    "json": ("application/sparql-results+json", "application/json"),
    "xml": ("application/sparql-results+xml", "application/xml", "text/xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
}
# CONSTRUCT and DESCRIBE results, and entity descriptions
GRAPH_TYPES: Mapping[str, Sequence[str]] = {
    "ttl": ("text/turtle", "application/x-turtle"),
    "nt": ("application/n-triples", "text/plain"),
    "jsonld": ("application/ld+json", "application/json"),
    "xml": ("application/rdf+xml", "application/xml", "text/xml"),
}
# names a client may give in ?format= (as Fuseki, Virtuoso and others accept)
FORMAT_ALIASES = {
    "json": "json",
    "srj": "json",
    "xml": "xml",
    "srx": "xml",
    "csv": "csv",
    "tsv": "tsv",
    "ttl": "ttl",
    "turtle": "ttl",
    "nt": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
    "rdfxml": "xml",
    "rdf": "xml",
}


def parse_accept(header: str | None) -> list[tuple[str, float, int]]:
    """(media range, q, position) for each entry of an Accept header."""
    if not header:
        return [("*/*", 1.0, 0)]
    ranges = []
    for position, part in enumerate(header.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media or "/" not in media:
            continue
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q, position))
    return ranges or [("*/*", 1.0, 0)]


def _match(media: str, offered: str) -> int:
    """How specifically a media range matches an offered type (-1: not at all)."""
    if media == offered:
        return 3
    kind, _, sub = media.partition("/")
    offered_kind = offered.partition("/")[0]
    if sub == "*" and kind == offered_kind:
        return 2
    if media == "*/*":
        return 1
    return -1


def choose(header: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers, or None.

    Each offer takes the q of the most specific range that matches it; the
    highest q wins, then the more specific match, then our order.
    """
    ranges = parse_accept(header)
    best: tuple[float, int, int] | None = None
    chosen = None
    for index, offer in enumerate(offered):
        matches = [(_match(m, offer), q) for m, q, _ in ranges if _match(m, offer) >= 0]
        if not matches:
            continue
        specificity, q = max(matches)
        if q <= 0:
            continue
        key = (q, specificity, -index)
        if best is None or key > best:
            best, chosen = key, offer
    return chosen


def choose_format(header: str | None, table: Mapping[str, Sequence[str]]) -> tuple[str, str] | None:
    """(format name, media type) from a table like RESULT_TYPES, by Accept."""
    offered = [media for types in table.values() for media in types]
    media = choose(header, offered)
    if media is None:
        return None
    name = next(n for n, types in table.items() if media in types)
    return name, table[name][0]


def prefers_html(header: str | None) -> bool:
    """A browser: text/html preferred over RDF and results formats."""
    media = choose(
        header,
        [
            "text/html",
            "application/xhtml+xml",
            "text/turtle",
            "application/ld+json",
            "application/sparql-results+json",
            "application/json",
        ],
    )
    return media in ("text/html", "application/xhtml+xml") and "html" in (header or "")
