"""The main job as a library call: corpus -> verified graph -> files.

`build` is what `uprkg build` runs; `check` adds every check that exists.
Both return a summary a notebook can read and the CLI prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from uprkg.model import Corpus
from uprkg.paths import BUILD_DIR

DEFAULT_OUT = BUILD_DIR
TTL_NAME = "uprkg.ttl"
TRIG_NAME = "uprkg.trig"


REASONING_NOTE = "consistent: HermiT found no contradiction"


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
    disagreements: list = field(default_factory=list)  # uprkg.claims.history rows
    new_disagreements: list | None = None  # None: no previous build to compare with

    def lines(self) -> list[str]:
        from uprkg.claims.history import summary_lines

        counts = (
            f"{self.sources} sources, {self.actors} actors, {self.statements} statements, "
            f"{self.events} events, {self.claims} claims"
        )
        written = ", ".join(str(f) for f in self.files) or "nothing written"
        lines = [counts, f"{self.triples} triples in {self.graphs} named graphs; {written}"]
        return lines + summary_lines(self.disagreements, self.new_disagreements)


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
    """Load and verify the corpus, build and validate the graph, write uprkg.ttl and uprkg.trig.

    A graph that violates a shape is never written: the violations are
    raised as CheckFailed, each located at the corpus file and line of the
    item it is about. The validation verdict (warnings included) goes to stderr.
    """
    import sys

    from uprkg.build import build_dataset, union_graph
    from uprkg.claims import history
    from uprkg.corpus import load_corpus
    from uprkg.errors import CheckFailed
    from uprkg.serialize import trig, turtle
    from uprkg.store import write_build
    from uprkg.validate import validate

    corpus = load_corpus(corpus_dir)
    dataset = build_dataset(corpus)
    report = validate(dataset)
    listed = "; `uprkg validate` lists them" if report.results else ""
    print(f"uprkg: validation {report.verdict()}{listed}", file=sys.stderr)
    if not report.conforms:
        raise CheckFailed(report.problems(corpus))
    union = union_graph(dataset)
    out = Path(out_dir)
    previous = history.read_tsv(out / history.FILE_NAME)
    current = history.disagreements(union)
    outputs = {out / TTL_NAME: turtle(union), out / TRIG_NAME: trig(dataset)}
    outputs[out / history.FILE_NAME] = history.to_tsv(current)
    write_build(outputs, out / TRIG_NAME)  # and the Oxigraph store, out/store
    graphs = sum(1 for g in dataset.graphs() if len(g))
    summary = summarise(corpus, len(union), graphs)
    summary.files = list(outputs)[:2]
    summary.disagreements = current
    if previous is not None:
        summary.new_disagreements = history.new_since(previous, current)
    return summary


def reason_dataset(
    dataset, trig_path: Path | None, validated: bool = True, store: bool = False
) -> list[str]:
    """Reason over a dataset; write it with its inferred graph to trig_path
    (with `store`, also the Oxigraph store beside it).

    With `validated`, the shapes run again on the result (they check that
    every derived edge is backed by a statement) before anything is written.
    """
    from uprkg.errors import CheckFailed
    from uprkg.namespaces import GRAPH_INFERRED
    from uprkg.reason import reason
    from uprkg.serialize import trig, write_all
    from uprkg.validate import validate

    dataset.remove_graph(dataset.graph(GRAPH_INFERRED))
    result = reason(dataset)
    inferred = dataset.graph(GRAPH_INFERRED)
    for triple in result.inferred:
        inferred.add(triple)
    lines = [f"{REASONING_NOTE} ({result.seconds:.1f} s)"]
    derived = ", ".join(
        f"{n} {p}"
        for p, n in result.counts.items()
        if p.split(":")[-1]
        in ("criticised", "accused", "rejected", "urged", "supported", "sanctioned")
    )
    lines.append(f"inferred {len(result.inferred)} triples into <{GRAPH_INFERRED}>: {derived}")
    if validated:
        report = validate(dataset)
        lines.append(f"validation with the inferred graph: {report.verdict()}")
        if not report.conforms:
            raise CheckFailed(report.problems())
    if trig_path is not None:
        if store:
            from uprkg.store import write_build

            write_build({trig_path: trig(dataset)}, trig_path)
        else:
            write_all({trig_path: trig(dataset)})
        lines.append(f"wrote {trig_path}")
    return lines


def reason_build(corpus_dir: Path | str | None, out_dir: Path | str = DEFAULT_OUT) -> list[str]:
    """Reason over OUT/uprkg.trig (built first if missing) and rewrite it."""
    from uprkg.graphio import parse_rdf

    path = Path(out_dir) / TRIG_NAME
    if not path.is_file():
        build(corpus_dir, out_dir)
    return reason_dataset(parse_rdf(path), path, store=True)


def reason_files(files: list[Path], trig_path: Path | None) -> list[str]:
    """Reason over the given RDF files; optionally write them plus inferences.

    A colleague's file need not meet uprkg's shapes to be reasoned over;
    `uprkg validate` checks those separately.
    """
    from uprkg.graphio import load_graph

    return reason_dataset(load_graph(files), trig_path, validated=False)


def check(corpus_dir: Path | str | None = None, out_dir: Path | str = DEFAULT_OUT) -> list[str]:
    """Build (with validation), then reason: every check that exists."""
    summary = build(corpus_dir, out_dir)
    return summary.lines() + reason_build(corpus_dir, out_dir)
