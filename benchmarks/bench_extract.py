"""Extraction quality on the bundled corpus, one source held out at a time.

For each of the bundled sources, the extractor drafts that source with the
source's own annotations removed from the corpus (and the reports of its
items elsewhere, and the registry's posts known only from its text: see
`uprkg.extract.score.leave_one_out`), and the draft is scored against the
reviewed annotations:

- quote spans: recall (a gold quote is found when one drafted span covers
  at least 50% of it) and precision (a drafted span is right when at least
  50% of it lies in gold quotes);
- on found quotes: speaker (exact set of actor ids) and stance accuracy;
- targets, per target, between each gold statement and the drafted item
  covering most of it: precision, recall, F1, and role accuracy;
- date agreement on the same pairs (both absent counts as agreement).

Prints a table per source and the micro-average, the median extraction
time of three runs, and the most common errors.

    python benchmarks/bench_extract.py [--corpus DIR] [--runs 3] [--errors 12]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGETS = {"recall": 0.9, "speaker": 0.85, "stance": 0.7, "target_f1": 0.7}


def draft_for(corpus, source):
    from uprkg.extract import extract_text

    return extract_text(
        source.text,
        corpus,
        source.id,
        published=source.published.literal if source.published else None,
        publisher=source.publisher,
        doc_type=source.doc_type,
        boilerplate=[(b.start, b.end) for b in source.boilerplate],
        title=source.title,
    )


def row(name: str, s, seconds: float | None) -> list[str]:
    return [
        name,
        str(s.gold_quotes),
        f"{s.recall:.2f}",
        f"{s.precision:.2f}",
        f"{s.speaker:.2f}",
        f"{s.stance:.2f}",
        f"{s.target_precision:.2f}",
        f"{s.target_recall:.2f}",
        f"{s.target_f1:.2f}",
        f"{s.role:.2f}",
        f"{s.date:.2f}",
        f"{seconds:.2f}" if seconds is not None else "",
    ]


def category(error: str) -> str:
    """An error's kind: 'missed quote', 'wrong speaker', 'stance X drafted for Y' ..."""
    words = error.split()
    if words[0] == "stance":
        return f"stance {words[1]} drafted for {words[3]}"
    if words[0] in ("extra", "missing"):
        return f"{words[0]} target"
    return {"missed:": "missed quote", "speaker": "wrong speaker", "date": "wrong date"}.get(
        words[0], words[0]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "graph")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--errors", type=int, default=12, help="most common errors to list")
    args = parser.parse_args(argv)

    from uprkg.corpus import load_corpus
    from uprkg.extract.score import Score, leave_one_out, score

    full = load_corpus(args.corpus)
    header = [
        "source",
        "gold quotes",
        "quote recall",
        "quote precision",
        "speaker",
        "stance",
        "target P",
        "target R",
        "target F1",
        "role",
        "date",
        "median s",
    ]
    rows, total, errors = [], Score("micro-average"), []
    for sid in sorted(full.annotated_sources):
        corpus = leave_one_out(full, sid)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            draft = draft_for(corpus, full.sources[sid])
            times.append(time.perf_counter() - start)
        result = score(draft, corpus, full, sid)
        total.add(result)
        errors += [(sid, e) for e in result.errors]
        rows.append(row(sid, result, statistics.median(times)))
    rows.append(row("micro-average", total, None))
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(" --- " if i == 0 else " ---: " for i in range(len(header))) + "|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    print()
    reached = {
        "recall": total.recall,
        "speaker": total.speaker,
        "stance": total.stance,
        "target_f1": total.target_f1,
    }
    for name, goal in TARGETS.items():
        verdict = "met" if reached[name] >= goal else "NOT met"
        print(f"{name}: {reached[name]:.2f} (target {goal:.2f}: {verdict})")
    print()
    print("Most common errors:")
    for kind, count in Counter(category(e) for _, e in errors).most_common(args.errors):
        example = next(f"{sid[:3]}: {e}" for sid, e in errors if category(e) == kind)
        print(f"  {count:3d}  {kind}   e.g. {example}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
