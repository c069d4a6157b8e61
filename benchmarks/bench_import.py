"""Time the import of the UPR Info export, its validation and the canned queries on it.

Reads `$UPRKG_SHARED/upr/upr-info-sessions-01-20.csv` (default: ../shared
beside the repository). For each fraction of the file (its header and the
first 10 %, 25 %, 50 %, 100 % of its rows), in fresh processes:

- `uprkg import upr-info SLICE --skip-bad-rows`: median wall time and peak
  resident memory (ru_maxrss), quads written; the anchor in the same run is
  Oxigraph's own CLI loading those quads (`oxigraph load`), so the README
  can give ratios;
- `uprkg validate` on the build plus the imported dataset (one run: pySHACL
  is the engine; --validate-up-to limits the fractions);
- the same import into a copy of the build, which also loads the dataset's
  graph into build/store (uprkg.store.replace_graph);
- every canned query with its default parameters, warm (median of --runs
  after one run), on that store (`open_store(...).select`, what `uprkg query`
  runs), and embedded in rdflib (`run_select`) for fractions up to
  --embedded-up-to.

Medians only; nothing asserts.

    python benchmarks/bench_import.py                      # 10 %, 25 %, 50 %, 100 %
    python benchmarks/bench_import.py --fractions 0.1 1 --runs 3 --validate-up-to 0.1
"""

from __future__ import annotations

import argparse
import os
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


def measured(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one process (it must succeed)."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"failed: {' '.join(args)}\n{process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def cut(fraction: float, work: Path) -> Path:
    """The header and the first `fraction` of the rows (one row is one line in this file)."""
    lines = EXPORT.read_text(encoding="utf-8").splitlines(keepends=True)
    rows = round((len(lines) - 1) * fraction)
    path = work / f"upr-info-{round(fraction * 100):03d}.csv"
    path.write_text("".join(lines[: rows + 1]), encoding="utf-8")
    return path


def bench_fraction(fraction: float, options, work: Path, build: Path) -> None:
    from uprkg.graphio import parse_rdf
    from uprkg.queries import load_queries, run_select
    from uprkg.store import open_store

    csv = cut(fraction, work)
    out = work / f"out-{csv.stem}"
    nq = out / "records" / f"{csv.stem}.nq"
    args = uprkg("import", "upr-info", str(csv), "--skip-bad-rows", "--out", str(out))
    runs = [measured(args) for _ in range(options.runs)]
    seconds = statistics.median(s for s, _ in runs)
    peak = max(m for _, m in runs)
    quads = sum(1 for _ in nq.open(encoding="utf-8"))
    rows = len(csv.read_text(encoding="utf-8").splitlines()) - 1
    anchor = []
    for n in range(options.runs):
        store = work / f"anchor-{csv.stem}-{n}"
        anchor.append(
            measured([oxigraph_binary(), "load", "--location", str(store), "--file", str(nq)])
        )
    anchor_s = statistics.median(s for s, _ in anchor)
    # the same import into a fresh copy of the build, so its store holds the build
    # and the dataset (a first import: replacing a graph costs more, see README)
    stored = []
    for n in range(options.store_runs):
        with_store = work / f"build-{csv.stem}-{n}"
        shutil.copytree(build, with_store)
        args = uprkg("import", "upr-info", str(csv), "--skip-bad-rows", "--out", str(with_store))
        stored.append(measured(args))
    stored_s = statistics.median(s for s, _ in stored)
    print(f"\n## {fraction:.0%} of the export: {rows} rows, {quads} quads\n")
    print("| step | median s | peak MiB | ratio to anchor |")
    print("| --- | ---: | ---: | ---: |")
    print(
        f"| `uprkg import upr-info` (N-Quads only) | {seconds:.2f} | {peak:.0f} | "
        f"{seconds / anchor_s:.1f} |"
    )
    print(
        f"| `uprkg import upr-info` into a build (N-Quads and build/store) | {stored_s:.2f} | "
        f"{max(m for _, m in stored):.0f} | {stored_s / anchor_s:.1f} |"
    )
    print(
        f"| anchor: `oxigraph load` of the same quads | {anchor_s:.2f} | "
        f"{max(m for _, m in anchor):.0f} | 1.0 |"
    )
    if fraction <= options.validate_up_to:
        s, m = measured(uprkg("validate", str(build / "uprkg.trig"), str(nq)))
        print(f"| `uprkg validate` build + dataset (1 run) | {s:.2f} | {m:.0f} | |")
    store = open_store(build_dir=with_store)
    embedded = None
    if fraction <= options.embedded_up_to:
        embedded = parse_rdf(build / "uprkg.trig")
        embedded.parse(nq, format="nquads")
    print("\n| query | rows | store (Oxigraph) warm median s | embedded (rdflib) warm median s |")
    print("| --- | ---: | ---: | ---: |")
    for name, query in load_queries().items():
        table = store.select(query)
        warm = median_time(lambda q=query: store.select(q), options.runs)
        local = ""
        if embedded is not None:
            run_select(query, embedded)
            local = f"{median_time(lambda q=query: run_select(q, embedded), options.runs):.3f}"
        print(f"| {name} | {len(table.rows)} | {warm:.3f} | {local} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fractions", type=float, nargs="+", default=[0.1, 0.25, 0.5, 1.0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--store-runs", type=int, default=1)
    parser.add_argument("--validate-up-to", type=float, default=1.0)
    parser.add_argument("--embedded-up-to", type=float, default=0.1)
    options = parser.parse_args()
    if not EXPORT.is_file():
        sys.exit(f"the UPR Info export is not at {EXPORT}: set UPRKG_SHARED")
    with tempfile.TemporaryDirectory(prefix="uprkg-bench-import-") as folder:
        work = Path(folder)
        build = work / "build"
        subprocess.run(uprkg("build", "--out", str(build)), check=True, stderr=subprocess.DEVNULL)
        for fraction in options.fractions:
            bench_fraction(fraction, options, work, build)


if __name__ == "__main__":
    main()
