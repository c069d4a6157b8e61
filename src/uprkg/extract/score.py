"""Score a draft against a source's reviewed annotations (the benchmark's measure).

For one source, the gold items are its statements and its reports of
statements other sources define, each quote a gold span. A gold quote is
*found* when one drafted span covers at least half of its characters; a
drafted span is *correct* when at least half of its characters lie in gold
quotes. On found quotes: the speaker (the exact set of actor ids) and the
stance of the drafted item that covers most of it. Targets are compared per
target id between each gold statement and the drafted item covering most of
its quotes; the date likewise (both absent counts as agreement).

`leave_one_out` makes the corpus the extractor sees for a source: without
that source's annotations, without reports elsewhere of items it defined,
and without the registry's posts known only from its text, so the draft
cannot copy what a person already coded from it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from uprkg.extract.model import Draft, DraftStatement
from uprkg.model import Corpus

OVERLAP = 0.5


@dataclass
class GoldQuote:
    start: int
    end: int
    statement: str
    speakers: frozenset[str]
    stance: str


@dataclass
class Score:
    source: str
    gold_quotes: int = 0
    found: int = 0
    drafted_spans: int = 0
    correct_spans: int = 0
    speaker_right: int = 0
    stance_right: int = 0
    target_tp: int = 0
    target_fp: int = 0
    target_fn: int = 0
    role_right: int = 0
    date_pairs: int = 0
    date_right: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in (
            "gold_quotes",
            "found",
            "drafted_spans",
            "correct_spans",
            "speaker_right",
            "stance_right",
            "target_tp",
            "target_fp",
            "target_fn",
            "role_right",
            "date_pairs",
            "date_right",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 0.0

    @property
    def recall(self) -> float:
        return self._ratio(self.found, self.gold_quotes)

    @property
    def precision(self) -> float:
        return self._ratio(self.correct_spans, self.drafted_spans)

    @property
    def speaker(self) -> float:
        return self._ratio(self.speaker_right, self.found)

    @property
    def stance(self) -> float:
        return self._ratio(self.stance_right, self.found)

    @property
    def target_precision(self) -> float:
        return self._ratio(self.target_tp, self.target_tp + self.target_fp)

    @property
    def target_recall(self) -> float:
        return self._ratio(self.target_tp, self.target_tp + self.target_fn)

    @property
    def target_f1(self) -> float:
        p, r = self.target_precision, self.target_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def role(self) -> float:
        return self._ratio(self.role_right, self.target_tp)

    @property
    def date(self) -> float:
        return self._ratio(self.date_right, self.date_pairs)


def leave_one_out(corpus: Corpus, source: str) -> Corpus:
    """The corpus as it was before `source` was annotated (registry names kept)."""
    c = copy.deepcopy(corpus)
    own_statements = {k for k, v in c.statements.items() if v.source == source}
    own_events = {k for k, v in c.events.items() if v.source == source}
    c.statements = {k: v for k, v in c.statements.items() if k not in own_statements}
    c.events = {k: v for k, v in c.events.items() if k not in own_events}
    c.claims = {k: v for k, v in c.claims.items() if v.source != source}
    c.reports = [
        r
        for r in c.reports
        if r.source != source
        and r.id not in (own_statements if r.kind == "statement" else own_events)
    ]
    c.annotated_sources = [s for s in c.annotated_sources if s != source]
    for actor in c.actors.values():
        actor.posts = [
            p for p in actor.posts if not p.quotes or any(q.source != source for q in p.quotes)
        ]
        for post in actor.posts:
            post.spans = [s for s in post.spans if s.source != source]
    return c


def gold(corpus: Corpus, source: str):
    """Gold statements of a source: (statement, its spans in that source)."""
    out = []
    for st in corpus.statements.values():
        if st.source == source:
            out.append((st, [(s.start, s.end) for s in st.spans if s.source == source]))
    for report in corpus.reports:
        if report.kind == "statement" and report.source == source:
            st = corpus.statements[report.id]
            out.append((st, [(s.start, s.end) for s in report.spans]))
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _view(item: DraftStatement, corpus: Corpus):
    """What a drafted item says: its own fields, or those of the statement it reports."""
    if item.report_of is not None and item.report_of.id in corpus.statements:
        st = corpus.statements[item.report_of.id]
        return (
            frozenset(st.speakers),
            st.stance,
            {t.id: t.role for t in st.targets},
            st.date.literal if st.date else None,
        )
    return (frozenset(item.speakers), item.stance, {t.id: t.role for t in item.targets}, item.date)


def score(draft: Draft, corpus: Corpus, reference: Corpus, source: str) -> Score:
    """Compare a draft with the reviewed annotations of `source` in `reference`.

    `corpus` is what the extractor saw (to read the statements drafted reports
    point at); `reference` holds the reviewed annotations.
    """
    result = Score(source)
    statements = gold(reference, source)
    gold_spans = [span for _, spans in statements for span in spans]
    drafted = [(item, span) for item in draft.statements for span in item.spans]
    result.drafted_spans = len(drafted)
    for _, span in drafted:
        covered = sum(_overlap(span, g) for g in _union(gold_spans))
        if covered >= OVERLAP * (span[1] - span[0]):
            result.correct_spans += 1
    text = draft.text
    for st, spans in statements:
        weights: dict[int, int] = {}
        for g in spans:
            result.gold_quotes += 1
            best = max(drafted, key=lambda d: _overlap(d[1], g), default=None)
            if best is None or _overlap(best[1], g) < OVERLAP * (g[1] - g[0]):
                result.errors.append(f"missed: «{_short(text[g[0] : g[1]])}» ({st.id})")
                continue
            result.found += 1
            item = best[0]
            weights[id(item)] = weights.get(id(item), 0) + _overlap(best[1], g)
            speakers, stance, _, _ = _view(item, corpus)
            if speakers == frozenset(st.speakers):
                result.speaker_right += 1
            else:
                result.errors.append(f"speaker {sorted(speakers)} for {st.speakers} ({st.id})")
            if stance == st.stance:
                result.stance_right += 1
            else:
                result.errors.append(f"stance {stance} for {st.stance} ({st.id})")
        if not weights:
            continue
        item = next(d for d, _ in drafted if id(d) == max(weights, key=weights.get))
        _, _, targets, date = _view(item, corpus)
        want = {t.id: t.role for t in st.targets}
        tp = set(targets) & set(want)
        result.target_tp += len(tp)
        result.target_fp += len(set(targets) - set(want))
        result.target_fn += len(set(want) - set(targets))
        result.role_right += sum(1 for t in tp if targets[t] == want[t])
        for t in sorted(set(targets) ^ set(want)):
            what = "extra" if t in targets else "missing"
            result.errors.append(f"{what} target {t} ({st.id})")
        result.date_pairs += 1
        gold_date = st.date.literal if st.date else None
        if date == gold_date:
            result.date_right += 1
        else:
            result.errors.append(f"date {date} for {gold_date} ({st.id})")
    return result


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _short(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 3] + "..."
