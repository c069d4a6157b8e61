"""Find verbatim quotes in source texts and return their character offsets.

Matching tolerates exactly three differences between a quote as typed in an
annotation file and the source text, and nothing else:

1. typographic vs straight quotation marks and apostrophes
   (‘ ’ ‚ ‛ ′ match ', and “ ” „ ‟ ″ match ");
2. non-breaking and other fixed-width spaces (U+00A0, U+2007, U+202F,
   U+2009, U+200A) match an ordinary space;
3. a run of whitespace (spaces, tabs, line breaks) matches any other run.

Case, dashes, ellipses and every other character must match exactly.
Offsets count Unicode code points in the original text (Python string
indices, the unit of Web Annotation's TextPositionSelector); the recorded
quote (oa:exact) is always the original text between the offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

QUOTE_FOLDS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
}
SPACE_FOLDS = dict.fromkeys(["\u00a0", "\u2007", "\u202f", "\u2009", "\u200a"], " ")
FOLDS = {**QUOTE_FOLDS, **SPACE_FOLDS}
CONTEXT = 32  # characters of prefix / suffix kept with each quote


@dataclass(frozen=True)
class Span:
    """Where a quote lies in a source: offsets and the exact original text."""

    source: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


class Normalised:
    """A text folded by the rules above, with a map back to original offsets."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        origin: list[int] = []
        in_space = False
        for i, ch in enumerate(text):
            ch = FOLDS.get(ch, ch)
            if ch.isspace():
                if in_space:
                    continue
                ch, in_space = " ", True
            else:
                in_space = False
            chars.append(ch)
            origin.append(i)
        self.text = "".join(chars)
        self.origin = origin

    def find_all(self, needle: str) -> list[tuple[int, int]]:
        """All (start, end) of needle in the folded text, as original offsets."""
        hits = []
        at = self.text.find(needle)
        while at != -1:
            end = at + len(needle)
            hits.append((self.origin[at], self.origin[end - 1] + 1))
            at = self.text.find(needle, at + 1)
        return hits


_FOLD_TABLE = str.maketrans(FOLDS)
_WHITESPACE = re.compile(r"\s+")  # the characters str.isspace() accepts


def normalise(text: str) -> str:
    """Fold a quote the way source texts are folded, trimming the ends
    (Normalised's rules without its offset map, at C speed)."""
    return _WHITESPACE.sub(" ", text.strip().translate(_FOLD_TABLE))


@cache
def _normalised_source(text: str) -> Normalised:
    return Normalised(text)


def locate(source_id: str, text: str, quote: str) -> list[Span]:
    """Every place the quote occurs in the text (empty list if none)."""
    needle = normalise(quote)
    if not needle:
        return []
    spans = []
    for start, end in _normalised_source(text).find_all(needle):
        spans.append(
            Span(
                source=source_id,
                start=start,
                end=end,
                exact=text[start:end],
                prefix=text[max(0, start - CONTEXT) : start],
                suffix=text[end : end + CONTEXT],
            )
        )
    return spans


def near_miss(text: str, quote: str) -> str:
    """Explain where a missing quote stops matching, to help fix a typo."""
    needle = normalise(quote)
    folded = _normalised_source(text)
    best_len, best_at = 0, -1
    lo, hi = 1, len(needle) - 1
    while lo <= hi:  # longest prefix of the quote found in the text
        mid = (lo + hi) // 2
        at = folded.text.find(needle[:mid])
        if at != -1:
            best_len, best_at = mid, at
            lo = mid + 1
        else:
            hi = mid - 1
    if best_at == -1 or best_len < 8:
        return "no part of its beginning occurs in the source"
    if best_len == len(needle):
        return "it occurs only when case or characters beyond the tolerated ones differ"
    offset = folded.origin[best_at]
    source_next = folded.text[best_at + best_len : best_at + best_len + 20]
    quote_next = needle[best_len : best_len + 20]
    return (
        f"its first {best_len} characters match at offset {offset}, then the quote has "
        f"{quote_next!r} where the source has {source_next!r}"
    )
