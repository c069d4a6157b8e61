"""The main job as a library call: corpus -> verified graph -> files.

`build` is what `uprkg build` runs; `check` adds every check that exists.
Both return a summary a notebook can read and the CLI prints.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Python's cyclic garbage collector paused for a bulk job.

    The build keeps millions of small objects alive (terms, tuples, corpus
    records), and the collector walks all of them again each time the oldest
    generation grows by a quarter: at 300k triples, 23 full passes and 60 % of
    the corpus and graph building time, growing faster than the data. These
    objects hold no reference cycles that need collecting while the job runs.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build(corpus_dir: Path | str | None = None, out_dir: Path | str = DEFAULT_OUT) -> Summary:
    """Load and verify the corpus, build and validate the graph, write uprkg.ttl and uprkg.trig.

    A graph that violates a shape is never written: the violations are
    raised as CheckFailed, each located at the corpus file and line of the
    item it is about. The validation verdict (warnings included) goes to stderr.
    """
    with no_cycle_collection():
        return _build(corpus_dir, out_dir)


def _build(corpus_dir: Path | str | None, out_dir: Path | str) -> Summary:
    import sys

    from uprkg.build import build_quads
    from uprkg.claims import history
    from uprkg.corpus import load_corpus
    from uprkg.errors import CheckFailed
    from uprkg.progress import stage
    from uprkg.serialize import declared, trig_chunks, turtle_chunks
    from uprkg.store import write_build
    from uprkg.validate import validate

    with stage("reading the corpus"):
        corpus = load_corpus(corpus_dir)
    with stage("building the graph"):
        quads = build_quads(corpus)
    with stage(f"validating {len(quads)} quads"):
        report = validate(quads)
    # one collection now: validation leaves reference cycles (caught parser
    # exceptions hold frames that hold its index), a third of the memory at 1M
    gc.collect()
    listed = "; `uprkg validate` lists them" if report.results else ""
    print(f"uprkg: validation {report.verdict()}{listed}", file=sys.stderr)
    if not report.conforms:
        raise CheckFailed(report.problems(corpus))
    union = list(quads.union())
    summary = summarise(corpus, len(union), sum(1 for g in quads.graphs() if len(g)))
    out = Path(out_dir)
    previous = history.read_tsv(out / history.FILE_NAME)
    current = history.disagreements(disagreement_graph(union))
    # streamed: each file is rendered chunk by chunk into its temporary file;
    # the store (out/store) is bulk-loaded from that same TriG before anything
    # is renamed into place
    terms = declared(union)  # the union uses every prefix either file needs
    outputs = {
        out / TTL_NAME: turtle_chunks(union, terms=terms),
        out / TRIG_NAME: trig_chunks(quads, terms=terms),
        out / history.FILE_NAME: history.to_tsv(current),
    }
    # the writers hold the last references: the graph is let go as it is
    # written, and Oxigraph's bulk load reuses the memory (peak halved at 1M)
    del corpus, report, quads, union
    with stage("writing Turtle, TriG and the store"):
        write_build(outputs, out / TRIG_NAME, union_path=out / TTL_NAME)
    summary.files = list(outputs)[:2]
    summary.disagreements = current
    if previous is not None:
        summary.new_disagreements = history.new_since(previous, current)
    return summary


def disagreement_graph(triples: list[tuple]):
    """The few triples `claims.history.disagreements` reads, taken from the
    union: the disagreements, their claims' propositions, values and sources,
    and the propositions' labels (not a million-triple rdflib Graph)."""
    from rdflib import RDF, RDFS, Graph

    from uprkg.namespaces import UPRKG

    graph = Graph()
    sides = {UPRKG.firstClaim, UPRKG.secondClaim}
    claims: set = set()
    for s, p, o in triples:
        if p in sides or (p == RDF.type and o == UPRKG.Disagreement):
            graph.add((s, p, o))
            if p in sides:
                claims.add(o)
    about = {UPRKG.proposition, UPRKG.valueLabel, UPRKG.source}
    propositions: set = set()
    for s, p, o in triples:
        if s in claims and p in about:
            graph.add((s, p, o))
            if p == UPRKG.proposition:
                propositions.add(o)
    for s, p, o in triples:
        if p == RDFS.label and s in propositions:
            graph.add((s, p, o))
    return graph


def cache_dir_for(out_dir: Path | str | None) -> Path | None:
    """Where HermiT's answers are kept: $UPRKG_CACHE_DIR, else OUT/cache."""
    import os

    if os.environ.get("UPRKG_CACHE_DIR"):
        return Path(os.environ["UPRKG_CACHE_DIR"])
    return Path(out_dir) / "cache" if out_dir is not None else None


def reason_dataset(
    dataset,
    trig_path: Path | None,
    validated: bool = True,
    cache_dir: Path | None = None,
    hermit: bool = True,
    store: bool = False,
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
    result = reason(dataset, cache_dir=cache_dir, hermit=hermit)
    inferred = dataset.graph(GRAPH_INFERRED)
    for triple in result.inferred:
        inferred.add(triple)
    if not hermit:
        lines = ["derived by rules only: no consistency check (HermiT was not run)"]
    elif result.cached:
        lines = [f"{REASONING_NOTE} ({result.seconds:.1f} s; cached: input unchanged)"]
    else:
        lines = [f"{REASONING_NOTE} ({result.seconds:.1f} s)"]
    lines.append(inferred_line(result))
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


def reason_build(
    corpus_dir: Path | str | None, out_dir: Path | str = DEFAULT_OUT, hermit: bool = True
) -> list[str]:
    """Reason over OUT/uprkg.trig (built first if missing) and rewrite it."""
    from uprkg.graphio import parse_rdf

    path = Path(out_dir) / TRIG_NAME
    if not path.is_file():
        build(corpus_dir, out_dir)
    if not hermit:
        return derive_build(corpus_dir, out_dir)
    return reason_dataset(
        parse_rdf(path), path, cache_dir=cache_dir_for(out_dir), hermit=hermit, store=True
    )


def derive_build(corpus_dir: Path | str | None, out_dir: Path | str = DEFAULT_OUT) -> list[str]:
    """`uprkg reason --rules-only` on a build: the rules run inside the build's
    store (its default graph is the asserted union), the inferred graph is
    replaced in OUT/uprkg.trig (every other graph copied as written) and in a
    copy of the store (`uprkg.store.write_inferred`). Nothing is parsed into rdflib but
    the derived edges; no second validation (`uprkg validate` checks them).
    """
    with no_cycle_collection():
        return _derive_build(corpus_dir, out_dir)


def _derive_build(corpus_dir: Path | str | None, out_dir: Path | str) -> list[str]:
    from uprkg.errors import InputError, Problem
    from uprkg.namespaces import GRAPH_INFERRED
    from uprkg.progress import stage
    from uprkg.reason import derive_in_store
    from uprkg.serialize import replace_graph_chunks
    from uprkg.store import open_store, write_inferred

    out = Path(out_dir)
    path = out / TRIG_NAME
    store = open_store((), corpus_dir, out)
    with stage("deriving edges by rules"):
        oxigraph = store.oxigraph()
        result = derive_in_store(oxigraph, store.graph_names())
        del oxigraph, store  # the on-disk store is closed before it is replaced
    chunks = replace_graph_chunks(path, GRAPH_INFERRED, result.inferred)
    if chunks is None:
        raise InputError(Problem("not a TriG file written by uprkg; run `uprkg build`", path))
    with stage("writing TriG and the store"):
        write_inferred({path: chunks}, path, result.inferred)
    return [
        "derived by rules only: no consistency check (HermiT was not run)",
        inferred_line(result),
        f"wrote {path}",
    ]


DERIVED_EDGES = (
    "criticised",
    "accused",
    "rejected",
    "urged",
    "supported",
    "sanctioned",
    "madeRecommendationTo",
)


def inferred_line(result) -> str:
    """How many triples were inferred, and the actor-to-actor edges among them."""
    derived = ", ".join(
        f"{n} {p}" for p, n in result.counts.items() if p.split(":")[-1] in DERIVED_EDGES
    )
    from uprkg.prefixes import GRAPH_INFERRED

    return f"inferred {len(result.inferred)} triples into <{GRAPH_INFERRED}>: {derived}"


def reason_files(files: list[Path], trig_path: Path | None, hermit: bool = True) -> list[str]:
    """Reason over the given RDF files; optionally write them plus inferences.

    A colleague's file need not meet uprkg's shapes to be reasoned over;
    `uprkg validate` checks those separately.
    """
    from uprkg.graphio import load_graph

    return reason_dataset(
        load_graph(files), trig_path, validated=False, cache_dir=cache_dir_for(None), hermit=hermit
    )


def check(corpus_dir: Path | str | None = None, out_dir: Path | str = DEFAULT_OUT) -> list[str]:
    """Build (with validation), then reason: every check that exists."""
    summary = build(corpus_dir, out_dir)
    return summary.lines() + reason_build(corpus_dir, out_dir)
