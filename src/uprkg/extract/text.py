"""A source text prepared for extraction: paragraphs, sentences, quotations.

The text is folded character for character (typographic quotes and
apostrophes to straight ones, fixed-width spaces to spaces, letters with
diacritics to their base letter), so every offset in the folded text is the
offset in the original and every span found here can be handed to
`uprkg.quotes.locate` unchanged. Sentences come from spaCy's rule-based
sentencizer on a blank English pipeline (no trained model), cut at
paragraph breaks; quotations from pairing the quotation marks of each
paragraph.
"""

from __future__ import annotations

import itertools
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache

from uprkg.quotes import FOLDS

OPENING = "“"
CLOSING = "”"
STRAIGHT = '"'


def _fold_char(ch: str) -> str:
    ch = FOLDS.get(ch, ch)
    if ord(ch) < 128:
        return ch
    base = unicodedata.normalize("NFKD", ch)[:1]
    return base if base and ord(base) < 128 and base.isalpha() == ch.isalpha() else ch


def fold(text: str) -> str:
    """The text with quotes, spaces and diacritics folded, one character for one."""
    return "".join(_fold_char(ch) for ch in text)


def lower(text: str) -> str:
    """Lower case, keeping the length (characters whose lower case is longer stay)."""
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


@cache
def nlp():
    """A blank English spaCy pipeline with the rule-based sentencizer."""
    import spacy

    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    return pipeline


@dataclass(frozen=True)
class Quotation:
    """Text between a pair of quotation marks (marks included in start/end)."""

    start: int
    end: int
    closed: bool = True  # False when the paragraph ends before a closing mark

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, self.end - (1 if self.closed else 0)


@dataclass
class Analysis:
    """The text, its folded copy, its spaCy doc and its structure."""

    text: str
    excluded: list[tuple[int, int]] = field(default_factory=list)  # boilerplate

    def __post_init__(self) -> None:
        self.folded = fold(self.text)
        self.lowered = lower(self.folded)
        self.doc = nlp()(self.folded)
        self.paragraphs = _paragraphs(self.text)
        self.sentences = _sentences(self.doc, self.paragraphs, self.text)
        self._sentence_starts = [s for s, _ in self.sentences]
        self.quotations = [q for p in self.paragraphs for q in _quotations(self.text, *p)]

    # -- lookups ---------------------------------------------------------

    def is_excluded(self, start: int, end: int | None = None) -> bool:
        end = start + 1 if end is None else end
        return any(s < end and start < e for s, e in self.excluded)

    def sentence_at(self, pos: int) -> tuple[int, int]:
        i = max(0, bisect_right(self._sentence_starts, pos) - 1)
        return self.sentences[i] if self.sentences else (0, len(self.text))

    def sentence_index(self, pos: int) -> int:
        return max(0, bisect_right(self._sentence_starts, pos) - 1)

    def paragraph_at(self, pos: int) -> tuple[int, int]:
        for start, end in self.paragraphs:
            if start <= pos < end:
                return start, end
        return (pos, pos)

    def quotation_at(self, pos: int) -> Quotation | None:
        for q in self.quotations:
            if q.start <= pos < q.end:
                return q
        return None

    def tokens(self, start: int, end: int):
        """spaCy tokens lying within [start, end)."""
        return [t for t in self.doc if t.idx >= start and t.idx + len(t) <= end]

    def words(self, start: int, end: int) -> list[str]:
        return [t.lower_ for t in self.tokens(start, end) if t.is_alpha or t.like_num]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as paragraphs (articles put one paragraph on a line)."""
    spans, pos = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + (len(line) - len(line.lstrip()))
            spans.append((start, start + len(stripped)))
        pos += len(line) + 1
    return spans


def _sentences(doc, paragraphs, text: str) -> list[tuple[int, int]]:
    """Sentence spans, cut at paragraph ends; an opening mark moves to its sentence."""
    cuts = set()
    for sent in doc.sents:
        cuts.add(sent.start_char)
    spans = []
    for p_start, p_end in paragraphs:
        inner = sorted(c for c in cuts if p_start < c < p_end)
        bounds = [p_start, *inner, p_end]
        for a, b in itertools.pairwise(bounds):
            spans.append((a, b))
    fixed: list[tuple[int, int]] = []
    for a, b in spans:
        if fixed:
            pa, pb = fixed[-1]
            tail = text[pa:pb].rstrip()
            if (
                tail
                and tail[-1] in (OPENING, STRAIGHT)
                and pb == a
                and _opens(text, pa + len(tail) - 1)
            ):
                mark = pa + len(tail) - 1
                fixed[-1] = (pa, mark)
                a = mark
        piece = text[a:b]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        if trail > lead:
            fixed.append((a + lead, a + trail))
    return [(a, b) for a, b in fixed if text[a:b].strip()]


def _opens(text: str, i: int) -> bool:
    """Whether the quotation mark at i opens a quotation (rather than closes one)."""
    if text[i] == OPENING:
        return True
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-") and not after.isspace()


def _quotations(text: str, start: int, end: int) -> list[Quotation]:
    """Pair the quotation marks of one paragraph."""
    found, open_at, kind = [], None, None
    for i in range(start, end):
        ch = text[i]
        if open_at is None:
            if ch == OPENING or (ch == STRAIGHT and _opens(text, i)):
                open_at, kind = i, ch
        elif (kind == OPENING and ch == CLOSING) or (kind == STRAIGHT and ch == STRAIGHT):
            found.append(Quotation(open_at, i + 1))
            open_at = None
        elif kind == OPENING and ch == OPENING:
            open_at = i  # an unclosed quote: restart at the new opening mark
    if open_at is not None and end - open_at > 1:
        found.append(Quotation(open_at, end, closed=False))
    return found
