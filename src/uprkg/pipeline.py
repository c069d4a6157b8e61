"""The main job as a library call: corpus -> verified graph -> files.

`build` is what `uprkg build` runs; `check` adds every check that exists.
Both return a summary a notebook can read and the CLI prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from uprkg.model import Corpus

DEFAULT_OUT = Path("build")
TTL_NAME = "uprkg.ttl"
TRIG_NAME = "uprkg.trig"


@dataclass
class Summary:
    sources: int
    actors: int
    statements: int
    events: int
    claims: int
    triples: int
    graphs: int
    files: list[Path] = field(default_factory=list)

    def lines(self) -> list[str]:
        counts = (
            f"{self.sources} sources, {self.actors} actors, {self.statements} statements, "
            f"{self.events} events, {self.claims} claims"
        )
        written = ", ".join(str(f) for f in self.files) or "nothing written"
        return [counts, f"{self.triples} triples in {self.graphs} named graphs; {written}"]


def summarise(corpus: Corpus, triples: int, graphs: int) -> Summary:
    return Summary(
        sources=len(corpus.sources),
        actors=len(corpus.actors),
        statements=len(corpus.statements),
        events=len(corpus.events),
        claims=len(corpus.claims),
        triples=triples,
        graphs=graphs,
    )


def build(corpus_dir: Path | str | None = None, out_dir: Path | str = DEFAULT_OUT) -> Summary:
    """Load and verify the corpus, build the graph, write uprkg.ttl and uprkg.trig."""
    from uprkg.build import build_dataset, union_graph
    from uprkg.corpus import load_corpus
    from uprkg.serialize import trig, turtle, write_all

    corpus = load_corpus(corpus_dir)
    dataset = build_dataset(corpus)
    union = union_graph(dataset)
    out = Path(out_dir)
    outputs = {out / TTL_NAME: turtle(union), out / TRIG_NAME: trig(dataset)}
    write_all(outputs)
    graphs = sum(1 for g in dataset.graphs() if len(g))
    summary = summarise(corpus, len(union), graphs)
    summary.files = list(outputs)
    return summary
