"""Helpers shared by the query tests: embedded (test_queries) and through a real
Oxigraph server (test_endpoint)."""

from __future__ import annotations

from conftest import BUNDLED, SOURCES
from uprkg.queries import LIST_SEPARATOR, load_queries

ID = "https://w3id.org/uprkg/id/"

# A parameter that tries to end the string and the query and append an update.
HOSTILE = 'x" } DELETE WHERE { ?s ?p ?o } #'

# Every canned query with its defaults, plus parameter values that exercise
# ids, labels, aliases, narrower stances and the hostile string.
CASES: list[tuple[str, dict[str, str]]] = [(name, {}) for name in sorted(load_queries())] + [
    ("criticisms-of", {"actor": "Donald Trump"}),
    ("criticisms-of", {"actor": "trump-administration"}),
    ("statements-by", {"actor": "The Advocates", "stance": "appeal"}),
    ("statements-by", {"actor": "david-kaye", "stance": "criticism"}),
    ("why", {"target": "usa", "stance": "criticism"}),
    ("why", {"stance": "appeal"}),
    ("upr-reviews", {"state": "Israel"}),
    ("actor-profile", {"actor": "jamil-dakwar"}),
    ("search", {"text": "Venezuela"}),
    ("search", {"text": HOSTILE}),
]


def case_id(case: tuple[str, dict[str, str]]) -> str:
    name, params = case
    return name + "".join(f"[{k}={v[:12]}]" for k, v in params.items())


def short(iri: str | None) -> str | None:
    """The id at the end of one of our IRIs (actor/usa -> usa)."""
    return None if iri is None else iri.rstrip("/").rsplit("/", 1)[1]


def source3(iri: str) -> str:
    """A source IRI as the three-digit prefix expected.py uses."""
    return short(iri)[:3]


def items(value: str | None) -> list[str]:
    return [item for item in (value or "").split(LIST_SEPARATOR) if item]


def text_of(source: str) -> str:
    """The text of a source, by its IRI or its three-digit prefix."""
    key = source if len(source) == 3 else source3(source)
    return (BUNDLED / "sources" / f"{SOURCES[key]}.txt").read_text(encoding="utf-8")
