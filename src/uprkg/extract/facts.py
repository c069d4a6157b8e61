"""Events and factual claims: what the text reports in its own voice.

An *event* is drafted where a sentence carries an event cue of the lexicon
("rescheduled", "withdrew from", "missed an ... deadline"), with the first
actor named before the cue as who did it, the actors after it as who it
affects, and the first date expression of its clause. A *claim* is drafted
for a sentence in the outlet's own voice (outside any statement) that
states a number, a year or a first / only / never: the kind of fact
sources disagree on. Both stay drafts for a person to confirm.
"""

from __future__ import annotations

import datetime as dt
import re

from uprkg.extract.dates import find_dates
from uprkg.extract.lexicon import Lexicon
from uprkg.extract.mentions import Mention
from uprkg.extract.model import DraftClaim, DraftEvent, DraftStatement
from uprkg.extract.text import Analysis, nlp

FACT_WORDS = re.compile(
    r"\b(\d[\d,.]*|first|second|only|never|every|all|since|none|"
    r"no country|no state|twice|three times|half)\b",
    re.I,
)


def _event_matcher(lex: Lexicon):
    cached = getattr(lex, "_event_matcher", None)
    if cached is None:
        from spacy.matcher import PhraseMatcher

        cached = PhraseMatcher(nlp().vocab, attr="LOWER")
        for kind, phrases in lex.events.items():
            for phrase in phrases:
                cached.add(f"{kind}|{phrase}", [nlp().make_doc(phrase)])
        lex._event_matcher = cached  # type: ignore[attr-defined]
    return cached


def find_events(
    a: Analysis, mentions: list[Mention], lex: Lexicon, published: dt.date | None
) -> list[DraftEvent]:
    from spacy.util import filter_spans

    doc = a.doc
    strings = doc.vocab.strings
    found = [(doc[s:e], strings[k]) for k, s, e in _event_matcher(lex)(doc)]
    keep = {(sp.start, sp.end) for sp in filter_spans([sp for sp, _ in found])}
    events: list[DraftEvent] = []
    seen: set[tuple[str, int]] = set()
    for span, key in sorted(found, key=lambda x: x[0].start_char):
        if (span.start, span.end) not in keep:
            continue
        start, end = span.start_char, span.end_char
        if a.is_excluded(start, end) or a.quotation_at(start):
            continue
        kind, phrase = key.split("|", 1)
        sent = a.sentence_at(start)
        if (kind, sent[0]) in seen:
            continue
        seen.add((kind, sent[0]))
        clause = _clause(a, sent, start)
        before = [m for m in mentions if clause[0] <= m.start and m.end <= start]
        after = [m for m in mentions if end <= m.start and m.end <= clause[1]]
        ev = DraftEvent(spans=[clause], type=kind, confidence=0.5)
        ev.performed_by = [before[0].actor] if before else []
        ev.affects = list(
            dict.fromkeys(m.actor for m in after[:2] if m.actor not in ev.performed_by)
        )
        dates = find_dates(a.lowered, clause[0], clause[1], lex, published, a.text)
        if dates:
            ev.date, ev.date_text = dates[0].value, dates[0].text
            ev.evidence.append(f"date '{dates[0].text}': {dates[0].how}")
        words = a.text[clause[0] : clause[1]].split()
        ev.label = " ".join(words[:14]) + (" ..." if len(words) > 14 else "")
        ev.paraphrase = a.text[clause[0] : clause[1]]
        ev.evidence.insert(0, f"event cue '{phrase}' -> {kind}")
        if ev.performed_by:
            ev.confidence += 0.15
        events.append(ev)
    return events


def _clause(a: Analysis, sent: tuple[int, int], pos: int) -> tuple[int, int]:
    """The clause around pos: from the last ';' or ', ' + subject, to the next one."""
    start, end = sent
    text = a.text
    semi = text.rfind(";", start, pos)
    if semi != -1:
        start = semi + 1
    nxt = text.find(";", pos, end)
    if nxt != -1:
        end = nxt
    while end > start and text[end - 1] in " .;,":
        end -= 1
    while start < end and text[start] == " ":
        start += 1
    return start, end


def find_claims(a: Analysis, statements: list[DraftStatement]) -> list[DraftClaim]:
    covered = [(s, e) for item in [*statements] for s, e in item.spans]
    claims = []
    for sent in a.sentences:
        if a.is_excluded(*sent) or any(s < sent[1] and sent[0] < e for s, e in covered):
            continue
        text = a.text[sent[0] : sent[1]]
        if len(text.split()) < 6 or a.quotation_at(sent[0]):
            continue
        facts = FACT_WORDS.findall(text)
        if not facts:
            continue
        end = sent[1]
        while end > sent[0] and a.text[end - 1] in " ":
            end -= 1
        claim = DraftClaim(spans=[(sent[0], end)], confidence=0.4, paraphrase=text.strip())
        claim.evidence.append(
            "a sentence in the outlet's own voice stating "
            + ", ".join(f"'{f}'" for f in dict.fromkeys(facts))
        )
        claims.append(claim)
    return claims
