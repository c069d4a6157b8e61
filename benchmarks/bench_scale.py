"""Side-by-side scaling benchmark: uprkg's stages and the anchors, in the same run.

For each size (about 10k, 100k and 1M triples: the bundled corpus with
every annotation replicated N times, see bench_build.replicate) it measures,
each stage a fresh process, median of --repeat runs, wall seconds and peak
resident memory:

- build      `uprkg build` (corpus -> graph -> validation -> Turtle + TriG)
- validate   `uprkg validate OUT/uprkg.trig` (parse + validate; engine fast)
- derive     the derivation rules over the TriG loaded into Oxigraph
- rapper     Raptor parsing the same uprkg.ttl (anchor; raptor2-utils)
- oxigraph   `oxigraph load` of the same uprkg.ttl into a fresh store (anchor)
- import     the UPR Info record: LEFT FOR engineer "record"'s importer (see
             IMPORT_STAGE below), skipped until it is in main

and prints the table with each stage's growth exponent between sizes
(time ~ triples^k: k = 1 is linear) and the ratio to the anchors.

    python benchmarks/bench_scale.py                       # N = 5, 70, 730
    python benchmarks/bench_scale.py --scales 5 70 --repeat 3
"""

from __future__ import annotations

import argparse
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
DERIVE = (
    "import sys, pyoxigraph as ox; from uprkg import rules; "
    "s = ox.Store(); s.bulk_load(path=sys.argv[1], format=ox.RdfFormat.TRIG); "
    "print(len(rules.derive(s)))"
)
# engineer "record": when `uprkg import` is in main, put its command here
# (OUT is replaced by the output folder) and the stage runs at every size.
IMPORT_STAGE: list[str] | None = None


def measure(argv: list[str], env: dict | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (MiB) of one process; fails loudly."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})}
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{err[-2000:]}")
    return elapsed, usage.ru_maxrss // 1024


def stages(corpus: Path, out: Path) -> dict[str, list[str] | None]:
    uprkg = [sys.executable, "-m", "uprkg", "--quiet", "--corpus", str(corpus)]
    found = {
        "build": [*uprkg, "build", "--out", str(out)],
        "validate": [*uprkg, "validate", "--show", "violation", str(out / "uprkg.trig")],
        "derive": [sys.executable, "-c", DERIVE, str(out / "uprkg.trig")],
        "rapper": ["rapper", "-q", "-i", "turtle", "-c", str(out / "uprkg.ttl")]
        if shutil.which("rapper")
        else None,
        "oxigraph load": [
            str(VENV_BIN / "oxigraph"),
            "load",
            "--location",
            str(out / "oxstore"),
            "--file",
            str(out / "uprkg.ttl"),
        ]
        if (VENV_BIN / "oxigraph").exists()
        else None,
        "import (record)": None if IMPORT_STAGE is None else [*uprkg, *IMPORT_STAGE],
    }
    return found


def triples_of(out: Path) -> int:
    import pyoxigraph as ox

    return sum(1 for _ in ox.parse(path=str(out / "uprkg.ttl"), format=ox.RdfFormat.TURTLE))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[5, 70, 730])
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    rows: dict[str, dict[int, tuple[float, int]]] = {}
    sizes: dict[int, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in options.scales:
            corpus, out = Path(tmp) / f"corpus-{n}", Path(tmp) / f"out-{n}"
            shutil.copytree(BUNDLED, corpus)
            replicate(corpus, n)
            repeat = options.repeat if n < 500 else 1
            for name, argv in stages(corpus, out).items():
                if argv is None:
                    rows.setdefault(name, {})
                    continue
                runs = []
                for _ in range(repeat):
                    shutil.rmtree(out / "oxstore", ignore_errors=True)
                    runs.append(measure(argv))
                rows.setdefault(name, {})[n] = (
                    statistics.median(r[0] for r in runs),
                    max(r[1] for r in runs),
                )
                if name == "build":
                    sizes[n] = triples_of(out)
                print(f"N={n} {name}: {rows[name][n][0]:.2f} s", file=sys.stderr)
            shutil.rmtree(corpus)
            shutil.rmtree(out)
    print_table(rows, sizes, options.scales)


def print_table(rows, sizes, scales) -> None:
    print("| stage | " + " | ".join(f"N={n} ({sizes.get(n, 0):,} triples)" for n in scales), end="")
    print(" | growth exponent |")
    print("| --- |" + " ---: |" * (len(scales) + 1))
    for name, by_n in rows.items():
        cells = []
        for n in scales:
            if n in by_n:
                seconds, mib = by_n[n]
                cells.append(f"{seconds:.2f} s, {mib} MiB")
            else:
                cells.append("not run")
        measured = [n for n in scales if n in by_n]
        exponent = "-"
        if len(measured) >= 2:
            a, b = measured[0], measured[-1]
            ratio_t = by_n[b][0] / max(by_n[a][0], 1e-9)
            ratio_n = sizes[b] / sizes[a]
            exponent = f"{math.log(ratio_t) / math.log(ratio_n):.2f}"
        print(f"| {name} | " + " | ".join(cells) + f" | {exponent} |")
    for anchor in ("rapper", "oxigraph load"):
        if not all(n in rows.get(anchor, {}) for n in scales):
            continue
        ratios = []
        for name in ("build", "validate", "derive"):
            ratios.append(
                f"{name} "
                + "/".join(f"{rows[name][n][0] / rows[anchor][n][0]:.1f}x" for n in scales)
            )
        print(f"\nratio to {anchor} (per size): " + "; ".join(ratios))


if __name__ == "__main__":
    main()
