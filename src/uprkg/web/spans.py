"""The provenance viewer's core: a source text cut into segments by its quoted spans.

Spans may nest or overlap (a claim's quote inside a statement's, two quotes
sharing words), so they cannot all be HTML elements of their own. The text
is cut at every span's start and end; each segment knows every span that
covers it and links to the innermost one, and every span gets a marker at
its start that links to each item quoting it, so every span stays reachable
by a click, without JavaScript.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field


@dataclass
class Span:
    """One quoted range of the text and the items (statements, events, claims ...) quoting it."""

    start: int
    end: int
    quote: str  # the quote's IRI
    items: list[tuple[str, str]] = field(default_factory=list)  # (item IRI, label)
    exact: str | None = None  # the quote's text, as the graph gives it
    verified: bool = True  # the text at the offsets is the quote's exact text

    @property
    def anchor(self) -> str:
        return f"q-{self.start}-{self.end}"


@dataclass
class Segment:
    text: str
    start: int
    covering: list[Span]  # innermost first
    starting: list[Span]  # spans that start here (their markers go before the text)

    @property
    def depth(self) -> int:
        return len(self.covering)

    @property
    def target(self) -> Span | None:
        """The innermost covering span that some item quotes (the segment's link)."""
        return next((s for s in self.covering if s.items), None)


def segments(text: str, spans: list[Span]) -> list[Segment]:
    """The text in segments, each with the spans covering it (innermost first)."""
    size = len(text)
    kept = [s for s in spans if 0 <= s.start < s.end <= size]
    cuts = sorted({0, size} | {s.start for s in kept} | {s.end for s in kept})
    by_start: dict[int, list[Span]] = {}
    for span in sorted(kept, key=lambda s: (s.start, -s.end, s.quote)):
        by_start.setdefault(span.start, []).append(span)
    found = []
    active: list[Span] = []
    for left, right in itertools.pairwise(cuts):
        active = [s for s in active if s.end > left] + by_start.get(left, [])
        covering = sorted(active, key=lambda s: (s.end - s.start, s.start, s.quote))
        found.append(Segment(text[left:right], left, covering, by_start.get(left, [])))
    return found
