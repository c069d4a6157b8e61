"""Time uprkg's stages on the bundled corpus and on synthetic corpora.

A synthetic corpus of scale N holds the bundled sources with every
annotation replicated N times under distinct ids (statements, events,
claims, and the reports that point at them), so the cost curve of each
stage is visible as the corpus grows. Each stage runs as a fresh `uprkg`
process; the script prints the median wall time, the peak resident memory
of the process and triples per second.

    python benchmarks/bench_build.py                  # build at N = 1, 10, 100
    python benchmarks/bench_build.py --stage check --scales 1 10 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "graph"

# stage name -> uprkg arguments (OUT is replaced by an output folder)
STAGES = {
    "build": ["build", "--out", "OUT"],
    "check": ["check", "--out", "OUT"],
    "validate": ["validate", "--show", "violation", "OUT/uprkg.trig"],
}
# stages that read what `build` wrote: one untimed build runs first
AFTER_BUILD = {"validate"}


def replicate(corpus: Path, n: int) -> None:
    """Append n-1 renamed copies of every annotation item, in place."""
    if n == 1:
        return
    for path in sorted((corpus / "annotations").glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        for section in ("statements", "events", "claims", "reports"):
            items = data.get(section) or []
            copies = []
            for k in range(1, n):
                for item in items:
                    clone = dict(item)
                    for key in ("id", "statement", "event"):
                        if key in clone:
                            clone[key] = f"{clone[key]}-r{k}"
                    copies.append(clone)
            if items:
                data[section] = items + copies
        # copies share their nested values: write them out, as corpus files must
        # (no YAML aliases)
        text = yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)
        path.write_text(text, "utf-8")


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:
        return True


def run_once(args: list[str], corpus: Path, out: Path) -> tuple[float, int, str]:
    """Wall seconds, peak RSS in MiB, and stdout of one uprkg process."""
    argv = [sys.executable, "-m", "uprkg", "--corpus", str(corpus)]
    argv += [str(out) + a[3:] if a.startswith("OUT") else a for a in args]
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    stdout, stderr = proc.stdout.read(), proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"uprkg {' '.join(args)} failed:\n{stderr}")
    return elapsed, usage.ru_maxrss // 1024, stdout


def triples_in(stdout: str) -> int | None:
    match = re.search(r"(\d+) triples", stdout)
    return int(match.group(1)) if match else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stage", choices=sorted(STAGES), default="build")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--repeat", type=int, default=5, help="runs per scale (median)")
    options = parser.parse_args()

    version = sys.version.split()[0]
    print(f"stage: {options.stage}; {options.repeat} runs per scale; python {version}")
    print(
        f"{'N':>5} {'statements':>10} {'triples':>8} {'median s':>9} {'min s':>7} "
        f"{'peak MiB':>9} {'triples/s':>10}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for n in options.scales:
            corpus = Path(tmp) / f"corpus-{n}"
            shutil.copytree(BUNDLED, corpus)
            replicate(corpus, n)
            if options.stage in AFTER_BUILD:
                run_once(STAGES["build"], corpus, Path(tmp) / f"out-{n}")
            runs = [
                run_once(STAGES[options.stage], corpus, Path(tmp) / f"out-{n}")
                for _ in range(options.repeat)
            ]
            times = [r[0] for r in runs]
            median = statistics.median(times)
            triples = triples_in(runs[-1][2]) or 0
            statements = re.search(r"(\d+) statements", runs[-1][2])
            print(
                f"{n:>5} {statements.group(1) if statements else '?':>10} {triples:>8} "
                f"{median:>9.2f} {min(times):>7.2f} {max(r[1] for r in runs):>9} "
                f"{triples / median:>10.0f}"
            )


if __name__ == "__main__":
    main()
