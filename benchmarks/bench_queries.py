"""Time the canned queries: embedded (rdflib), through an Oxigraph server, and
from the command line.

For each corpus scale (1 = the bundled corpus; N = every annotation
replicated N times, as in bench_build.py) the script builds the graph, starts
`oxigraph serve --union-default-graph` on a free local port, loads the build
with `uprkg load`, then prints, per canned query with its default
parameters, the median latency of `run_select` embedded and of
`run_select_remote` through the server (the first embedded run, which also
parses the query, is shown apart). It also times whole `uprkg` processes:
from start to the last row of `uprkg query who-criticised-whom`, embedded
and through the server, and `uprkg --help`. Medians only; nothing asserts.

    python benchmarks/bench_queries.py                   # bundled corpus, 5 runs
    python benchmarks/bench_queries.py --scales 1 10 --runs 3
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import BUNDLED, replicate  # noqa: E402 - a sibling script, not a package


def median_time(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def uprkg(*args: str) -> list[str]:
    return [sys.executable, "-m", "uprkg", *args]


def build(scale: int, work: Path) -> Path:
    """Build the corpus at this scale; returns the folder with uprkg.trig."""
    corpus = work / f"corpus-{scale}"
    shutil.copytree(BUNDLED, corpus)
    replicate(corpus, scale)
    out = work / f"build-{scale}"
    subprocess.run(uprkg("--corpus", str(corpus), "build", "--out", str(out)), check=True)
    return out


def oxigraph_binary() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = shutil.which("oxigraph") or (str(beside) if beside.is_file() else None)
    if not found:
        sys.exit("the oxigraph server is not installed (pip install oxigraph)")
    return found


@contextmanager
def oxigraph(folder: Path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    args = [oxigraph_binary(), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        [*args, "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/", timeout=1).close()
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def bench_scale(scale: int, runs: int, work: Path) -> None:
    from uprkg.endpoint import run_select_remote
    from uprkg.graphio import parse_rdf
    from uprkg.queries import load_queries, run_select

    out = build(scale, work)
    trig = out / "uprkg.trig"
    dataset = parse_rdf(trig)
    with oxigraph(work / f"store-{scale}") as base:
        started = time.perf_counter()
        subprocess.run(
            uprkg("load", "--endpoint", base + "/store", "--graph", str(trig)),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        load_s = time.perf_counter() - started
        print(f"\n## scale {scale}: {len(dataset)} quads; `uprkg load` took {load_s:.2f} s\n")
        print("| query | rows | embedded first s | embedded median s | Oxigraph median s |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for name, query in load_queries().items():
            started = time.perf_counter()
            rows = len(run_select(query, dataset).rows)
            first = time.perf_counter() - started
            embedded = median_time(lambda q=query: run_select(q, dataset), runs)
            remote = median_time(lambda q=query: run_select_remote(q, base + "/query"), runs)
            print(f"| {name} | {rows} | {first:.3f} | {embedded:.3f} | {remote:.4f} |")
        bench_commands(trig, base, runs)


def bench_commands(trig: Path, base: str, runs: int) -> None:
    """Whole processes: start to last row printed (the process exits after it)."""
    commands = {
        "uprkg --help": uprkg("--help"),
        "uprkg query list": uprkg("query", "list"),
        "uprkg query who-criticised-whom (embedded)": uprkg(
            "query", "who-criticised-whom", "--graph", str(trig), "--format", "tsv"
        ),
        "uprkg query who-criticised-whom --endpoint": uprkg(
            "query", "who-criticised-whom", "--endpoint", base + "/query", "--format", "tsv"
        ),
    }
    print("\n| command | median wall s |")
    print("| --- | ---: |")
    for label, args in commands.items():

        def run(args=args):
            subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        print(f"| `{label}` | {median_time(run, runs):.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="uprkg-bench-queries-") as work:
        for scale in options.scales:
            bench_scale(scale, options.runs, Path(work))


if __name__ == "__main__":
    main()
