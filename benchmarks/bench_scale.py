"""Side-by-side scaling benchmark: uprkg's stages and the anchors, in the same run.

For each size (about 10k, 100k and 1M triples: the bundled corpus with
every annotation replicated N times, see bench_build.replicate) it measures,
each stage a fresh process, median of --repeat runs, wall seconds, CPU
seconds (user + system, the process and its children) and peak resident
memory:

- build      `uprkg build` (corpus -> graph -> validation -> Turtle, TriG and
             the Oxigraph store in build/)
- validate   `uprkg validate` on that build (reads it through the store)
- derive     `uprkg reason --rules-only` (rules inside the store, the
             inferred graph written into the TriG, the store loaded again)
- rapper     Raptor parsing the same build/uprkg.ttl (anchor; raptor2-utils)
- oxigraph   `oxigraph load` of the same uprkg.ttl into a fresh store (anchor)
- import     `uprkg import upr-info` of the UPR Info file ($UPRKG_SHARED/upr,
             41k recommendations) into that build, last (IMPORT_STAGE; skipped
             without the shared data)

and then every canned query (default parameters; a query with a
`pagination` decorator gives its first page, as `uprkg query` does), warm
(one untimed run of each first), median of --query-runs runs:

- uprkg      `uprkg query NAME --format tsv` on that build's store (a process)
- oxigraph   `oxigraph query --location build/store` on the same store with
             the same query text (parameters bound, LIMIT at the page mark),
             results as TSV (anchor)

The machine is shared, so the load average is printed with each size, and
the table gives each stage's growth per tenfold data (time ratio between
sizes, scaled to 10x triples) and its ratio to the anchors, which ran in
the same conditions.

    python benchmarks/bench_scale.py                       # N = 5, 70, 730
    python benchmarks/bench_scale.py --scales 5 70 --repeat 3
    python benchmarks/bench_scale.py --stages build queries   # queries only
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import BUNDLED, replicate

VENV_BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parents[1]
UPR_INFO = Path(os.environ.get("UPRKG_SHARED", REPO.parent / "shared")) / "upr"
UPR_INFO_FILE = UPR_INFO / "upr-info-sessions-01-20.csv"
# `uprkg import` of the UPR Info file (41k recommendations) into the build just
# made, as bench_serve.py runs it (after `uprkg --corpus CORPUS`, in the folder
# that holds build/); skipped when the shared data is not there.
IMPORT_STAGE: list[str] | None = (
    ["import", "upr-info", str(UPR_INFO_FILE), "--skip-bad-rows"]
    if UPR_INFO_FILE.is_file()
    else None
)
IMPORT = "import (record)"
STAGES = ("build", "validate", "derive", "rapper", "oxigraph load", IMPORT)
ANCHORS = ("rapper", "oxigraph load")


def measure(argv: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak RSS (MiB) of one process; fails loudly."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: validation found violations
        raise SystemExit(f"{' '.join(argv)} failed:\n{err[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def commands(corpus: Path) -> dict[str, list[str] | None]:
    uprkg = [sys.executable, "-m", "uprkg", "--quiet", "--corpus", str(corpus)]
    oxigraph = VENV_BIN / "oxigraph"
    return {
        "build": [*uprkg, "build"],
        "validate": [*uprkg, "validate", "--show", "violation"],
        "derive": [*uprkg, "reason", "--rules-only"],
        "rapper": ["rapper", "-q", "-i", "turtle", "-c", "build/uprkg.ttl"]
        if shutil.which("rapper")
        else None,
        "oxigraph load": [
            str(oxigraph),
            "load",
            "--location",
            "oxstore",
            "--file",
            "build/uprkg.ttl",
        ]
        if oxigraph.exists()
        else None,
        # last: it adds the record's graph to the build the other stages read
        IMPORT: None if IMPORT_STAGE is None else [*uprkg, *IMPORT_STAGE],
    }


def query_texts(build: Path, folder: Path) -> dict[str, Path]:
    """Each canned query's text as `uprkg query` sends it with its default
    parameters (and its first page), written to folder/NAME.rq."""
    from uprkg.queries import (
        bind_parameters,
        load_queries,
        names_query,
        page_size,
        paginate,
        substitute,
    )
    from uprkg.store import GraphStore

    store = GraphStore.open(build / "store")
    names = None
    texts = {}
    for name, canned in load_queries().items():
        size = page_size(canned)
        text = paginate(canned, size + 1 if size else None, None)
        if canned.parameters:
            names = names or store.select(names_query())
            text = substitute(text, bind_parameters(canned, {}, lambda n=names: n))
        texts[name] = folder / f"{name}.rq"
        texts[name].write_text(text, encoding="utf-8")
    return texts


def time_queries(
    work: Path, corpus: Path, runs: int, only: list[str] | None = None
) -> dict[str, dict[str, tuple]]:
    """query -> {"uprkg": (wall, cpu, MiB), "oxigraph": (...)}, medians of warm runs."""
    folder = work / "query-texts"
    folder.mkdir(exist_ok=True)
    texts = query_texts(work / "build", folder)
    texts = {name: text for name, text in texts.items() if not only or name in only}
    oxigraph = str(VENV_BIN / "oxigraph")
    found = {}
    for name, text in texts.items():
        uprkg = [sys.executable, "-m", "uprkg", "--corpus", str(corpus), "query", name]
        anchor = [oxigraph, "query", "--location", "build/store", "--query-file", str(text)]
        argv = {
            "uprkg": [*uprkg, "--format", "tsv"],
            "oxigraph": [*anchor, "--results-format", "tsv"],
        }
        found[name] = {}
        for tool, command in argv.items():
            measure(command, work)  # warm: the store's files in the page cache
            timed = [measure(command, work) for _ in range(runs)]
            found[name][tool] = (
                statistics.median(r[0] for r in timed),
                statistics.median(r[1] for r in timed),
                max(r[2] for r in timed),
            )
        mine, anchor = found[name]["uprkg"], found[name]["oxigraph"]
        note = f"  {name}: uprkg {mine[0]:.2f} s ({mine[1]:.2f} s cpu, {mine[2]} MiB), "
        note += f"oxigraph {anchor[0]:.2f} s ({anchor[1]:.2f} s cpu)"
        print(note, file=sys.stderr)
    return found


def triples_of(work: Path) -> int:
    import pyoxigraph as ox

    path = str(work / "build" / "uprkg.ttl")
    return sum(1 for _ in ox.parse(path=path, format=ox.RdfFormat.TURTLE))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[5, 70, 730])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--repeat-large",
        type=int,
        default=1,
        help="runs per stage at N >= 500 (default 1: a 1M-triple build takes minutes)",
    )
    parser.add_argument(
        "--stages",
        nargs="+",
        choices=[*STAGES, "queries"],
        help="only these (build always runs; default: every stage and the queries)",
    )
    parser.add_argument("--query-runs", type=int, default=3, help="timed runs per query")
    parser.add_argument("--queries", nargs="+", metavar="NAME", help="only these canned queries")
    options = parser.parse_args()
    wanted = set(options.stages or [*STAGES, "queries"]) | {"build"}
    rows: dict[str, dict[int, tuple[float, float, int]]] = {name: {} for name in STAGES}
    queries: dict[int, dict[str, dict[str, tuple]]] = {}
    sizes: dict[int, int] = {}
    loads: dict[int, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in options.scales:
            work = Path(tmp) / f"n{n}"
            corpus = work / "corpus"
            shutil.copytree(BUNDLED, corpus)
            replicate(corpus, n)
            repeat = options.repeat if n < 500 else options.repeat_large
            before = os.getloadavg()[0]
            for name, argv in commands(corpus).items():
                if argv is None or name not in wanted:
                    continue
                if name == IMPORT and "queries" in wanted:  # the queries read the build
                    queries[n] = time_queries(work, corpus, options.query_runs, options.queries)
                runs = []
                for _ in range(repeat):
                    shutil.rmtree(work / "oxstore", ignore_errors=True)
                    runs.append(measure(argv, work))
                rows[name][n] = (
                    statistics.median(r[0] for r in runs),
                    statistics.median(r[1] for r in runs),
                    max(r[2] for r in runs),
                )
                if name == "build":
                    sizes[n] = triples_of(work)
                wall, cpu, mib = rows[name][n]
                note = f"N={n} {name}: {wall:.2f} s wall, {cpu:.2f} s cpu, {mib} MiB"
                print(note, file=sys.stderr)
            if "queries" in wanted and n not in queries:
                queries[n] = time_queries(work, corpus, options.query_runs, options.queries)
            loads[n] = (before, os.getloadavg()[0])
            shutil.rmtree(work)
    print_table(rows, sizes, loads, options.scales)
    if queries:
        print_queries(queries, sizes, options.scales)


def growth(by_n: dict, sizes: dict, a: int, b: int, index: int) -> str:
    """Time ratio for tenfold data between sizes a and b (10.0: linear)."""
    if a not in by_n or b not in by_n or by_n[a][index] <= 0:
        return "-"
    exponent = math.log(by_n[b][index] / by_n[a][index]) / math.log(sizes[b] / sizes[a])
    return f"{10**exponent:.1f}x"


def print_table(rows, sizes, loads, scales) -> None:
    header = " | ".join(f"N = {n} ({sizes.get(n, 0):,} triples)" for n in scales)
    steps = list(itertools.pairwise(scales))
    print(f"| stage | {header} | " + " | ".join(f"10x data ({a}->{b})" for a, b in steps) + " |")
    print("| --- |" + " ---: |" * (len(scales) + len(steps)))
    for name, by_n in rows.items():
        if not by_n:
            print(f"| {name} | " + " | ".join("not run" for _ in scales + steps) + " |")
            continue
        cells = []
        for n in scales:
            if n in by_n:
                wall, cpu, mib = by_n[n]
                cells.append(f"{wall:.2f} s ({cpu:.2f} s cpu), {mib} MiB")
            else:
                cells.append("not run")
        cells += [growth(by_n, sizes, a, b, 0) for a, b in steps]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print()
    for anchor in ANCHORS:
        if not all(n in rows[anchor] for n in scales):
            continue
        for name in ("build", "validate", "derive"):
            ratios = "/".join(
                f"{rows[name][n][0] / rows[anchor][n][0]:.1f}x" for n in scales if n in rows[name]
            )
            print(f"{name} / {anchor} (wall, per size): {ratios}")
    print()
    for n in scales:
        if n in loads:
            print(f"load average at N = {n}: {loads[n][0]:.1f} before, {loads[n][1]:.1f} after")


def print_queries(queries, sizes, scales) -> None:
    """Per query and size: uprkg's median wall time, the Oxigraph CLI's, their
    ratio, both CPU times, uprkg's peak memory; then the growth per tenfold
    data (wall)."""
    done = [n for n in scales if n in queries]
    steps = list(itertools.pairwise(done))
    head = " | ".join(f"N = {n} ({sizes.get(n, 0):,} triples)" for n in done)
    growths = "".join(f" 10x data ({a}->{b}) |" for a, b in steps)
    print(f"\n| query (uprkg / oxigraph CLI, wall) | {head} |{growths}")
    print("| --- |" + " ---: |" * (len(done) + len(steps)))
    for name in sorted(queries[done[0]]):
        cells = []
        for n in done:
            mine, anchor = queries[n][name]["uprkg"], queries[n][name]["oxigraph"]
            ratio = mine[0] / anchor[0] if anchor[0] else float("inf")
            cells.append(
                f"{mine[0]:.2f} / {anchor[0]:.2f} s ({ratio:.1f}x; CPU {mine[1]:.2f} / "
                f"{anchor[1]:.2f} s), {mine[2]} MiB"
            )
        by_n = {n: queries[n][name]["uprkg"] for n in done}
        cells += [growth(by_n, sizes, a, b, 0) for a, b in steps]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
