"""Time the canned queries on the build's Oxigraph store, side by side with
Oxigraph's own command-line tool on the same store and the same query text.

The table the README reports (every canned query through `uprkg query` and
the Oxigraph CLI at three sizes, with memory and growth) is
bench_scale.py's; this script breaks one size down: a query's forked child
against the same query in-process (every row, no page), the whole command's
start, and the network's fact reading.

For each scale N (1 = the bundled corpus; N = every annotation replicated N
times, as in bench_build.py) the script builds the dataset (without
validation), writes it as TriG and loads it into a store exactly as `uprkg
build` does (uprkg.store.stage), then prints per canned query (default
parameters) the median of `--runs` warm runs of:

- uprkg: `GraphStore.select` with the default limits (a forked child that
  opens the store read-only, as `uprkg query` runs it);
- in-process: the same query with no time limit (no fork), to show the
  fork's cost;
- oxigraph CLI: `oxigraph query --location STORE --query-file Q` on the same
  store and the text uprkg sends (parameters inlined), a process per run,
  results written as TSV to /dev/null;

and the whole command `uprkg query who-criticised-whom` from start to last
row. It also times the network's fact reading both ways (one SELECT into an
index, as uprkg does, and the asserted graph copied into rdflib). Medians
only; nothing asserts.

    python benchmarks/bench_store.py                        # bundled corpus
    python benchmarks/bench_store.py --scales 1 70 700 --runs 5 --work /tmp/uprkg-bench
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import BUNDLED, replicate

REPO = Path(__file__).resolve().parents[1]


def oxigraph_cli() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = shutil.which("oxigraph") or (str(beside) if beside.is_file() else None)
    if not found:
        sys.exit("the oxigraph CLI is not installed (pip install oxigraph)")
    return found


def cpu_now() -> float:
    """CPU seconds of this process and its finished children (a query's forked
    child, the Oxigraph CLI): steadier than wall time on a shared machine."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def median_time(action, runs: int, warm: int = 1) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds of `runs` calls after `warm` ones."""
    for _ in range(warm):
        action()
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), cpu_now()
        action()
        walls.append(time.perf_counter() - started)
        cpus.append(cpu_now() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def prepare(scale: int, work: Path) -> tuple[Path, int, float]:
    """work/n<N>/build with uprkg.trig and store/ (reused when present);
    returns the build folder, its quads and the store's load time (s)."""
    import pyoxigraph as ox

    from uprkg.build import build_dataset
    from uprkg.corpus import load_corpus
    from uprkg.store import read_manifest, stage

    folder = work / f"n{scale}"
    build = folder / "build"
    manifest = read_manifest(build / "store")
    if manifest is not None and manifest.get("bench_load_seconds") is not None:
        return build, sum(manifest["graphs"].values()), manifest["bench_load_seconds"]
    trig = build / "uprkg.trig"
    if not trig.is_file():  # the corpus and its TriG, made once
        shutil.rmtree(folder, ignore_errors=True)
        corpus = folder / "corpus"
        shutil.copytree(BUNDLED, corpus)
        replicate(corpus, scale)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            dataset = build_dataset(load_corpus(corpus))
            nquads = dataset.serialize(format="nquads", encoding="utf-8")
        build.mkdir(parents=True)
        quads = ox.parse(nquads, ox.RdfFormat.N_QUADS)
        trig.write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG))
    shutil.rmtree(build / "store", ignore_errors=True)
    started = time.perf_counter()
    staged = stage(trig.read_bytes(), build / "store")
    staged.manifest["bench_load_seconds"] = round(time.perf_counter() - started, 2)
    staged.commit(trig)
    manifest = read_manifest(build / "store")
    return build, sum(manifest["graphs"].values()), manifest["bench_load_seconds"]


def query_text(store, name: str) -> str:
    """The text uprkg sends for a canned query with its default parameters."""
    from uprkg.queries import bind_parameters, get_query, names_query, substitute

    canned = get_query(name)
    if not canned.parameters:
        return canned.text
    names = store.select(names_query())
    bindings = bind_parameters(canned, {}, lambda: names)
    return substitute(canned.text, bindings)


def bench_queries(build: Path, runs: int, names: list[str], work: Path) -> None:
    from uprkg.queries import load_queries
    from uprkg.store import GraphStore, Limits

    store = GraphStore.open(build / "store")
    cli = oxigraph_cli()
    print(
        "| query | rows | uprkg s | in-process s | oxigraph CLI s | uprkg / CLI "
        "| uprkg CPU s | CLI CPU s | CPU ratio |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    queries = load_queries()
    for name in names:
        canned = queries[name]
        rows = len(store.select(canned, limits=Limits(None, None)).rows)
        forked = median_time(lambda c=canned: store.select(c), runs)
        inside = median_time(lambda c=canned: store.select(c, limits=Limits(None, None)), runs)
        text_file = work / f"{name}.rq"
        text_file.write_text(query_text(store, name), encoding="utf-8")
        argv = [cli, "query", "--location", str(build / "store"), "--query-file", str(text_file)]
        argv += ["--results-format", "tsv"]

        def run_cli(argv=argv):
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        anchor = median_time(run_cli, runs)
        print(
            f"| {name} | {rows} | {forked[0]:.3f} | {inside[0]:.3f} | {anchor[0]:.3f} | "
            f"{forked[0] / anchor[0]:.2f} | {forked[1]:.3f} | {anchor[1]:.3f} | "
            f"{forked[1] / anchor[1]:.2f} |",
            flush=True,
        )


def bench_command(build: Path, runs: int) -> None:
    argv = [sys.executable, "-m", "uprkg", "query", "who-criticised-whom", "--format", "tsv"]

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def run():  # with byte-code caching, as an installed uprkg runs
        subprocess.run(argv, cwd=build.parent, env=env, check=True, stdout=subprocess.DEVNULL)

    wall, cpu = median_time(run, runs)
    print(
        f"\n`uprkg query who-criticised-whom --format tsv`, start to last row: "
        f"{wall:.3f} s wall, {cpu:.3f} s CPU"
    )


def bench_network(build: Path) -> None:
    """Reading the network's facts: one SELECT into an index, or rdflib."""
    from uprkg.network import Facts, TripleIndex, project
    from uprkg.store import Graphs, GraphStore

    store = GraphStore.open(build / "store")
    started = time.perf_counter()
    index = TripleIndex.from_store(store)
    select_s = time.perf_counter() - started
    started = time.perf_counter()
    graph = project(store)
    project_s = time.perf_counter() - started
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from uprkg.network import asserted

        rdflib_graph = asserted(store.to_rdflib(Graphs()))
        Facts(rdflib_graph).statements()
    rdflib_s = time.perf_counter() - started
    print(
        f"network facts: SELECT into an index {select_s:.2f} s ({len(index)} triples), "
        f"whole projection {project_s:.2f} s ({graph.number_of_edges()} edges); "
        f"asserted graph into rdflib + statements {rdflib_s:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, help="keep the built stores here between runs")
    parser.add_argument("--queries", nargs="+", help="only these canned queries")
    parser.add_argument("--no-network", action="store_true", help="skip the network timing")
    parser.add_argument("--prepare-only", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.prepare_only:  # in a process of its own: the dataset's memory goes with it
        for scale in options.scales:
            prepare(scale, options.work)
        return
    from uprkg.queries import load_queries

    names = options.queries or sorted(load_queries())
    with tempfile.TemporaryDirectory(prefix="uprkg-bench-store-") as tmp:
        work = options.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for scale in options.scales:
            # built in a child process, so this one stays small: a query's
            # forked child then costs what it costs for `uprkg query`
            argv = [sys.executable, __file__, "--prepare-only", "--work", str(work)]
            subprocess.run([*argv, "--scales", str(scale)], check=True)
            build, quads, load_s = prepare(scale, work)
            print(f"\n## N = {scale}: {quads} quads; store loaded in {load_s:.1f} s\n", flush=True)
            texts = work / f"texts-{scale}"
            texts.mkdir(exist_ok=True)
            bench_queries(build, options.runs, names, texts)
            bench_command(build, options.runs)
            if not options.no_network:
                bench_network(build)


if __name__ == "__main__":
    main()
