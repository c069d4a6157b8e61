"""The stance of a drafted statement, and splitting a quotation where it changes.

A verb that carries a stance decides it ("accused" -> accusation, "urged"
-> appeal). Otherwise the cue words of the lexicon inside what is said
vote: each hit counts its number of words, the highest total wins and
`stance_order` breaks ties. With no verb stance and no cue the statement
is an observation. A quotation whose sentences (or "..., and calls on"
clauses) change stance *family* is split into one statement per run.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from uprkg.extract.lexicon import Lexicon
from uprkg.extract.model import DraftStatement
from uprkg.extract.text import Analysis, nlp

NEGATED = re.compile(r"(\bto|\bnot|n't|\bnever|\bno)\s+$")
CLAUSE_SPLIT = re.compile(r",?\s+and\s+(?=(?:calls?|urges?|demands?|asks?) (?:on|upon)?)", re.I)


def _matcher(lex: Lexicon):
    cached = getattr(lex, "_cue_matcher", None)
    if cached is None:
        from spacy.matcher import PhraseMatcher

        cached = PhraseMatcher(nlp().vocab, attr="LOWER")
        for stance, phrases in lex.cues.items():
            for phrase in phrases:
                cached.add(f"{stance}|{phrase}", [nlp().make_doc(phrase)])
        lex._cue_matcher = cached  # type: ignore[attr-defined]
    return cached


def cue_hits(a: Analysis, lex: Lexicon, start: int, end: int) -> list[tuple[int, int, str, str]]:
    """(start, end, stance, phrase) of every cue in [start, end), longest first."""
    cache = a.__dict__.setdefault("_cues", {})
    if id(lex) not in cache:
        from spacy.util import filter_spans

        doc = a.doc
        strings = doc.vocab.strings
        found = [(doc[s:e], strings[k]) for k, s, e in _matcher(lex)(doc)]
        keep = {(sp.start, sp.end) for sp in filter_spans([sp for sp, _ in found])}
        hits = []
        for span, key in found:
            if (span.start, span.end) in keep:
                stance, phrase = key.split("|", 1)
                hits.append((span.start_char, span.end_char, stance, phrase))
        cache[id(lex)] = sorted(set(hits))
    return [h for h in cache[id(lex)] if start <= h[0] and h[1] <= end]


def vote(a: Analysis, lex: Lexicon, ranges) -> tuple[str | None, str]:
    """The cue stance of some text ranges, and the words that decided it.

    A cue counts its number of words, three when it is itself a stance verb
    of the lexicon ("condemns", "urges"), times its stance's weight, halved
    for a weak cue; a cue after "to", "not" or "never" does not count
    ("failure to condemn"). When the winner shares its family
    with other cues and does not outweigh them together, the family's
    general stance wins (condemnation + accusation cues -> criticism).
    """
    scores: dict[str, float] = {}
    words: dict[str, list[str]] = {}
    weak = set(lex.weak_cues)
    for start, end in ranges:
        for cue_start, _, stance, phrase in cue_hits(a, lex, start, end):
            if NEGATED.search(a.lowered[max(0, cue_start - 12) : cue_start]):
                continue  # 'failure to condemn', 'doesn't condemn'
            verb = lex.verbs.get(phrase)
            weight = 3.0 if verb is not None and verb.stance == stance else len(phrase.split())
            weight *= lex.cue_weights.get(stance, 1.0) * (0.5 if phrase in weak else 1.0)
            scores[stance] = scores.get(stance, 0) + weight
            words.setdefault(stance, []).append(phrase)
    if not scores:
        return None, ""
    order = {s: i for i, s in enumerate(lex.stance_order)}
    best = max(scores, key=lambda s: (scores[s], -order.get(s, 99)))
    family = lex.family(best)
    rivals = sum(v for s, v in scores.items() if s != best and lex.family(s) == family)
    general = lex.general(family)
    if rivals and scores[best] < rivals and general:
        mixed = [w for s in scores if lex.family(s) == family for w in words[s]]
        return general, ", ".join(f"'{w}'" for w in dict.fromkeys(mixed)) + " (mixed)"
    return best, ", ".join(f"'{w}'" for w in dict.fromkeys(words[best]))


def assign(st: DraftStatement, a: Analysis, lex: Lexicon) -> None:
    """Set the stance of one statement from its verb, else its cue words."""
    verb = getattr(st, "verb", None)
    ranges = _said_ranges(st, a)
    cue, words = vote(a, lex, ranges)
    if (
        verb is not None
        and verb.stance
        and (cue is None or lex.family(cue) == lex.family(verb.stance) or st.way == "reported")
    ):
        st.stance, st.stance_how = verb.stance, f"the verb '{verb.form}'"
        st.confidence *= 1.0
    elif cue is not None:
        st.stance, st.stance_how = cue, f"cue words {words}"
        st.confidence *= 0.9
    else:
        st.stance, st.stance_how = "observation", "no verb stance and no cue word"
        st.confidence *= 0.7
    st.evidence.append(f"stance {st.stance}: {st.stance_how}")


def _said_ranges(st: DraftStatement, a: Analysis) -> list[tuple[int, int]]:
    """What the speaker says: inner text of quotations, else the statement's content."""
    if st.way in ("direct", "continuation", "post"):
        ranges = []
        for start, end in st.spans:
            q = a.quotation_at(start) or a.quotation_at(end - 1)
            if q is not None:
                start, end = max(start, q.inner[0]), min(end, q.inner[1])
            ranges.append((start, end))
        return ranges
    if st.content is not None:
        return [st.content]
    return list(st.spans)


def split(st: DraftStatement, a: Analysis, lex: Lexicon) -> list[DraftStatement]:
    """Split a quotation or post into runs of one stance family."""
    if st.way not in ("direct", "continuation", "post"):
        return [st]
    pieces: list[tuple[int, int]] = []
    for start, end in st.spans:
        for s_start, s_end in a.sentences:
            lo, hi = max(start, s_start), min(end, s_end)
            if lo < hi and a.text[lo:hi].strip(" “”\"'.,"):
                pieces.extend(_clauses(a, lo, hi))
    if len(pieces) < 2:
        return [st]
    families = []
    for piece in pieces:
        cue, _ = vote(a, lex, [piece])
        families.append(lex.family(cue) if cue else None)
    groups: list[list[int]] = []
    current: str | None = None
    for i, family in enumerate(families):
        if groups and (family is None or current is None or family == current):
            groups[-1].append(i)
            current = current or family
        else:
            groups.append([i])
            current = family
    if len(groups) < 2:
        return [st]
    parts = []
    for n, group in enumerate(groups):
        spans = _merge([pieces[i] for i in group], a)
        part = replace(st, spans=spans, evidence=list(st.evidence), targets=[], candidates=[])
        part.content = (spans[0][0], spans[-1][1])
        if hasattr(st, "verb"):
            part.verb = st.verb  # type: ignore[attr-defined]
        part.evidence.append(f"part {n + 1} of {len(groups)}: the stance changes family here")
        parts.append(part)
    return parts


def _clauses(a: Analysis, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [start]
    for found in CLAUSE_SPLIT.finditer(a.text, start, end):
        cuts.append(found.end())
    cuts.append(end)
    out = []
    for lo, hi in itertools.pairwise(cuts):
        while hi > lo and a.text[hi - 1] in " ,":
            hi -= 1
        if hi > lo:
            out.append((lo, hi))
    return out


def _merge(pieces: list[tuple[int, int]], a: Analysis) -> list[tuple[int, int]]:
    """Join adjacent pieces (only spaces between) into one span."""
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(pieces):
        if merged and not a.text[merged[-1][1] : lo].strip():
            merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged
