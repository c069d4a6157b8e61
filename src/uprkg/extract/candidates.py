"""Candidate matches: existing items a drafted item may re-report or dispute.

- a drafted *statement* may re-report an existing statement with the same
  speaker (or the same principal) and overlapping words, or one that shares
  a run of six or more words with it whoever the speaker;
- a drafted *event* may re-report an existing event of the same type with
  the same date, year or actors;
- a drafted *claim* may meet existing claims sharing its numbers or years
  or most of its words; when such a claim gives a typed value and the draft
  states one of the same kind (a year for a date, a number, an ordinal), the
  two values are compared by the compatibility rules (uprkg.claims.rules):
  the draft agrees with, refines, is compatible with or disagrees with it.

Items of the source being drafted are never candidates for themselves.
"""

from __future__ import annotations

import re

from uprkg.extract.model import Candidate, DraftClaim, DraftEvent, DraftStatement
from uprkg.model import Corpus

STRONG_RUN = 10  # words in a row shared with an existing quote: it is the same quotation
QUOTED_RUN = 6  # the same, when the drafted words are a quotation
NUMBER = re.compile(r"\b\d[\d,.]*\b")


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def words(text: str) -> list[str]:
    from uprkg.extract.text import fold

    return re.findall(r"[a-z0-9]+", fold(text).lower())


def content_words(text: str) -> set[str]:
    stop = _stop_words()
    return {w for w in words(text) if w not in stop and len(w) > 2}


def longest_run(a: list[str], b: list[str]) -> int:
    """Length of the longest run of words the two texts share."""
    best = 0
    index: dict[str, list[int]] = {}
    for j, w in enumerate(b):
        index.setdefault(w, []).append(j)
    for i, w in enumerate(a):
        for j in index.get(w, []):
            if i and j and a[i - 1] == b[j - 1]:
                continue  # not the start of a run
            k = 0
            while i + k < len(a) and j + k < len(b) and a[i + k] == b[j + k]:
                k += 1
            best = max(best, k)
    return best


def _quote_texts(item) -> str:
    return " ".join(s.exact for s in item.spans)


def for_statement(st: DraftStatement, text: str, corpus: Corpus, source: str) -> list[Candidate]:
    mine = " ".join(text[s:e] for s, e in st.spans)
    mine_words, mine_content = words(mine), content_words(mine)
    found = []
    for other in corpus.statements.values():
        sources = corpus.sources_of("statement", other.id)
        if source in sources:
            continue
        theirs = (
            _quote_texts(other)
            + " "
            + " ".join(
                s.exact
                for r in corpus.reports
                if r.kind == "statement" and r.id == other.id
                for s in r.spans
            )
        )
        shared = mine_content & content_words(theirs)
        run = longest_run(mine_words, words(theirs))
        same_speaker = bool(set(st.speakers) & set(other.speakers)) or (
            st.on_behalf_of is not None and st.on_behalf_of == other.on_behalf_of
        )
        if run >= QUOTED_RUN or (same_speaker and len(shared) >= 3):
            why = []
            if same_speaker:
                why.append("same speaker")
            if run >= 2:
                why.append(f"{run} words in a row in common")
            why.append(f"{len(shared)} shared words")
            score = run + len(shared) / 2 + (3 if same_speaker else 0)
            found.append(
                Candidate("statement", other.id, other.source, "re-reports", ", ".join(why), score)
            )
    return sorted(found, key=lambda c: -c.score)[:3]


def for_event(ev: DraftEvent, text: str, corpus: Corpus, source: str) -> list[Candidate]:
    mine = " ".join(text[s:e] for s, e in ev.spans)
    mine_content = content_words(mine)
    found = []
    for other in corpus.events.values():
        if source in corpus.sources_of("event", other.id):
            continue
        reasons, score = [], 0.0
        same_type = other.type == ev.type
        if same_type:
            reasons.append(f"same type {ev.type}")
            score += 2
        if ev.date and other.date and (ev.date == other.date.literal):
            reasons.append(f"same date {ev.date}")
            score += 3
        elif ev.date and other.date and ev.date[:4] == other.date.literal[:4]:
            reasons.append(f"same year {ev.date[:4]}")
            score += 1
        actors = set(ev.performed_by + ev.affects) & set(other.performed_by + other.affects)
        if actors:
            reasons.append("same actors " + ", ".join(sorted(actors)))
            score += len(actors)
        shared = mine_content & content_words(_quote_texts(other) + " " + other.label)
        if len(shared) >= 3:
            reasons.append(f"{len(shared)} shared words")
            score += len(shared) / 3
        if same_type and score >= 3.5:
            found.append(
                Candidate("event", other.id, other.source, "re-reports", ", ".join(reasons), score)
            )
    return sorted(found, key=lambda c: -c.score)[:3]


RELATIONS = {
    "agreement": "agrees",
    "refinement": "refines or is refined by",
    "overlap": "is compatible with",
    "disagreement": "disagrees",
}
YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b")
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b|\b(" + "|".join(ORDINALS) + r")\b", re.I)


def stated_value(kind: str, text: str) -> tuple[str, str] | None:
    """The first value of a kind the text states plainly: (value as written in YAML, its words).

    Only what needs no judgement: a year for a date, a number, an ordinal.
    """
    if kind == "date":
        match = YEAR.search(text)
        return (match.group(0), match.group(0)) if match else None
    if kind == "quantity":
        match = NUMBER.search(text)
        return (match.group(0).rstrip(".,").replace(",", ""), match.group(0)) if match else None
    if kind == "ordinal":
        match = ORDINAL.search(text)
        if match:
            number = match.group(1) or str(ORDINALS[match.group(2).lower()])
            return number, match.group(0)
    return None


def _compare(other, kind: str, stated: str, single: bool) -> str | None:
    from uprkg.claims.rules import compare_values
    from uprkg.claims.values import BadValue, parse_value

    try:
        mine = parse_value(kind, stated)
    except BadValue:
        return None
    return RELATIONS.get(compare_values(kind, mine, other.value, single).relation.value)


def for_claim(cl: DraftClaim, text: str, corpus: Corpus, source: str) -> list[Candidate]:
    """Existing claims the draft may meet; typed ones compared by the rules when it states a value
    of their kind."""
    from uprkg.vocab import load_vocabulary

    specs = load_vocabulary().claim_properties
    mine = " ".join(text[s:e] for s, e in cl.spans)
    mine_numbers = set(NUMBER.findall(mine))
    mine_content = content_words(mine)
    found = []
    for other in corpus.claims.values():
        if other.source == source:
            continue
        theirs = _quote_texts(other)
        numbers = mine_numbers & set(NUMBER.findall(theirs + " " + (other.value_text or "")))
        shared = mine_content & content_words(theirs + " " + other.paraphrase)
        spec = specs.get(other.property or "") if other.value is not None else None
        stated = stated_value(spec.kind, mine) if spec else None
        # a typed claim is met by fewer shared words when the draft states a value of its kind
        if not numbers and len(shared) < (2 if stated else 4):
            continue
        relation = "may agree or disagree with"
        why = []
        if numbers:
            why.append("same numbers " + ", ".join(sorted(numbers)))
        why.append(f"{len(shared)} shared words")
        score = len(numbers) * 2 + len(shared) / 2
        if spec is not None:
            relation = "may give a value for the same subject and property as"
            why.append(f"its {spec.notation} of {other.subject}: '{other.value_text}'")
            compared = stated and _compare(other, spec.kind, stated[0], spec.single_valued)
            if compared:
                relation = compared
                why.append(f"this text states '{stated[1]}'")
                score += 3
        found.append(Candidate("claim", other.id, other.source, relation, "; ".join(why), score))
    return sorted(found, key=lambda c: -c.score)[:4]
