"""Time the import of the UPR Info export, its validation and the canned queries on it.

Reads `$UPRKG_SHARED/upr/upr-info-sessions-01-20.csv` (default: ../shared
beside the repository). For each fraction of the file (its header and the
first 10 %, 25 %, 50 %, 100 % of its rows), in fresh processes:

- `uprkg import upr-info SLICE --skip-bad-rows`: median wall time and peak
  resident memory (ru_maxrss), quads written; the anchor in the same run is
  Oxigraph's own CLI loading those quads (`oxigraph load`), so the README
  can give ratios;
- the same import into a fresh copy of the build, which also loads the
  dataset's graph into build/store (uprkg.store.replace_graph), and the
  same import once more into that build (the graph replaced);
- `uprkg validate` on the build's TriG plus the imported N-Quads (the fast
  engine, uprkg.shacl; the files read by Oxigraph's parser);
- every canned query with its default parameters, warm (median of --runs
  after one run), on that store (`open_store(...).select`, what `uprkg query`
  runs): wall time and the CPU time of the process that ran it (the machine
  is shared, so the wall time includes waiting for a core), and embedded in
  rdflib (`run_select`) for fractions up to --embedded-up-to.

The load average is printed with each fraction. Medians only; nothing asserts.

    python benchmarks/bench_import.py                      # 10 %, 25 %, 50 %, 100 %
    python benchmarks/bench_import.py --fractions 0.1 1 --runs 3 --validate-up-to 0.1
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
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_queries import median_time, oxigraph_binary, uprkg  # noqa: E402

SHARED = Path(os.environ.get("UPRKG_SHARED", REPO.parent / "shared"))
EXPORT = SHARED / "upr" / "upr-info-sessions-01-20.csv"


GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").is_file() else None
PEAK = "uprkg-bench peak KiB:"


def measured(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one process (it must succeed).

    The peak comes from GNU time where it is installed: a child forked from
    this process starts with this process's resident size in its ru_maxrss
    (it is not reset by exec), which would hide peaks below it.
    """
    if not GNU_TIME:
        started = time.perf_counter()
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            sys.exit(f"failed: {' '.join(args)}")
        return time.perf_counter() - started, usage.ru_maxrss / 1024
    command = [GNU_TIME, "-f", f"{PEAK} %M", *args]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, err = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode not in (0, 1):
        sys.exit(f"failed: {' '.join(args)}\n{err.decode()}")
    line = [x for x in err.decode().splitlines() if x.startswith(PEAK)][-1]
    return seconds, int(line.removeprefix(PEAK)) / 1024


def cut(fraction: float, work: Path) -> Path:
    """The header and the first `fraction` of the rows (one row is one line in this file)."""
    lines = EXPORT.read_text(encoding="utf-8").splitlines(keepends=True)
    rows = round((len(lines) - 1) * fraction)
    path = work / f"upr-info-{round(fraction * 100):03d}.csv"
    path.write_text("".join(lines[: rows + 1]), encoding="utf-8")
    return path


def median_of(args: list[str], runs: int, prepare=None) -> tuple[float, float]:
    """Median wall seconds and the highest peak MiB of `runs` runs (prepare() before each)."""
    results = []
    for n in range(runs):
        if prepare is not None:
            prepare(n)
        results.append(measured(args))
    return statistics.median(s for s, _ in results), max(m for _, m in results)


def query_times(run, runs: int) -> tuple[float, float]:
    """Median wall seconds of run() and its mean CPU seconds, this process's and
    its children's (a query on the store runs in a forked child)."""
    run()

    def cpu() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    before = cpu()
    wall = median_time(run, runs)
    return wall, (cpu() - before) / runs


def bench_fraction(fraction: float, options, work: Path, build: Path) -> None:
    load_before = os.getloadavg()
    csv = cut(fraction, work)
    out = work / f"out-{csv.stem}"
    nq = out / "records" / f"{csv.stem}.nq"
    args = uprkg("import", "upr-info", str(csv), "--skip-bad-rows", "--out", str(out))
    seconds, peak = median_of(args, options.runs)
    quads = sum(1 for _ in nq.open(encoding="utf-8"))
    rows = len(csv.read_text(encoding="utf-8").splitlines()) - 1

    anchor_store = work / f"anchor-{csv.stem}"
    anchor_args = [oxigraph_binary(), "load", "--location", str(anchor_store), "--file", str(nq)]
    anchor_s, anchor_mib = median_of(
        anchor_args, options.runs, lambda n: shutil.rmtree(anchor_store, ignore_errors=True)
    )
    shutil.rmtree(anchor_store, ignore_errors=True)

    # the same import into a fresh copy of the build, so its store holds the build
    # and the dataset; then once more into that build, which replaces the graph
    with_store = work / f"build-{csv.stem}"

    def fresh_build(n: int) -> None:
        shutil.rmtree(with_store, ignore_errors=True)
        shutil.copytree(build, with_store)

    into = uprkg("import", "upr-info", str(csv), "--skip-bad-rows", "--out", str(with_store))
    stored_s, stored_mib = median_of(into, options.store_runs, fresh_build)
    again_s, again_mib = median_of(into, options.store_runs)

    validate_args = uprkg("validate", str(build / "uprkg.trig"), str(nq))
    validated = None
    if fraction <= options.validate_up_to:
        validated = median_of(validate_args, options.validate_runs)

    print(f"\n## {fraction:.0%} of the export: {rows} rows, {quads} quads\n")
    print(f"load average before: {' '.join(f'{x:.1f}' for x in load_before)}\n")
    print("| step | median s | peak MiB | ratio to anchor |")
    print("| --- | ---: | ---: | ---: |")
    print(
        f"| `uprkg import upr-info` (N-Quads only) | {seconds:.2f} | {peak:.0f} | "
        f"{seconds / anchor_s:.2f} |"
    )
    print(
        f"| `uprkg import upr-info` into a build (N-Quads and build/store) | {stored_s:.2f} | "
        f"{stored_mib:.0f} | {stored_s / anchor_s:.2f} |"
    )
    print(f"| of which loading build/store (difference) | {stored_s - seconds:.2f} | | |")
    print(
        f"| the same import again into that build (graph replaced) | {again_s:.2f} | "
        f"{again_mib:.0f} | {again_s / anchor_s:.2f} |"
    )
    print(
        f"| anchor: `oxigraph load` of the same quads | {anchor_s:.2f} | {anchor_mib:.0f} | 1.00 |"
    )
    if validated is not None:
        print(f"| `uprkg validate` build + dataset | {validated[0]:.2f} | {validated[1]:.0f} | |")
    # the queries in a fresh process, as `uprkg query` runs them: forking this one,
    # grown by the steps above, would cost each query on the store more
    embedded = [str(build / "uprkg.trig"), str(nq)] if fraction <= options.embedded_up_to else []
    sys.stdout.flush()
    subprocess.run(
        [sys.executable, __file__, "--queries-on", str(with_store), "--runs", str(options.runs)]
        + (["--embedded", *embedded] if embedded else []),
        check=True,
    )
    print(f"\nload average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    shutil.rmtree(with_store, ignore_errors=True)


def print_queries(build_dir: Path, runs: int, embedded_files: list[str]) -> None:
    """Every canned query on the build's store (and embedded in rdflib, if files are given)."""
    from uprkg.graphio import parse_rdf
    from uprkg.queries import load_queries, run_select
    from uprkg.store import open_store

    store = open_store(build_dir=build_dir)
    embedded = None
    if embedded_files:
        embedded = parse_rdf(Path(embedded_files[0]))
        for file in embedded_files[1:]:
            embedded.parse(file, format="nquads")
    print(
        "\n| query | rows | store (Oxigraph) warm median s | CPU s per run "
        "| embedded (rdflib) warm median s |"
    )
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, query in load_queries().items():
        table = store.select(query)
        warm, cpu = query_times(lambda q=query: store.select(q), runs)
        local = ""
        if embedded is not None:
            run_select(query, embedded)
            local = f"{median_time(lambda q=query: run_select(q, embedded), runs):.3f}"
        print(f"| {name} | {len(table.rows)} | {warm:.3f} | {cpu:.3f} | {local} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fractions", type=float, nargs="+", default=[0.1, 0.25, 0.5, 1.0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--store-runs", type=int, default=3)
    parser.add_argument("--validate-runs", type=int, default=3)
    parser.add_argument("--validate-up-to", type=float, default=1.0)
    parser.add_argument("--embedded-up-to", type=float, default=0.1)
    parser.add_argument("--queries-on", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--embedded", nargs="+", default=[], help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.queries_on:
        print_queries(options.queries_on, options.runs, options.embedded)
        return
    if not EXPORT.is_file():
        sys.exit(f"the UPR Info export is not at {EXPORT}: set UPRKG_SHARED")
    with tempfile.TemporaryDirectory(prefix="uprkg-bench-import-") as folder:
        work = Path(folder)
        build = work / "build"
        subprocess.run(uprkg("build", "--out", str(build)), check=True, stderr=subprocess.DEVNULL)
        for fraction in options.fractions:
            bench_fraction(fraction, options, work, build)
            sys.stdout.flush()


if __name__ == "__main__":
    main()
