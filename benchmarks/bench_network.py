"""Time the exports and the network stages on the bundled corpus and synthetic ones.

Synthetic corpora replicate every annotation N times under new ids (see
bench_build.py), so statements, quotes and triples grow N-fold while the
actors stay the same: the network keeps its nodes and edges and its weights
grow. Each step runs in-process on a dataset built once; the script prints the
median wall time of --repeat runs and the output size.

    python benchmarks/bench_network.py                 # N = 1 and 10, 3 runs each
    python benchmarks/bench_network.py --scales 1 --repeat 5
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import BUNDLED, replicate
from uprkg import build_dataset, load_corpus
from uprkg.export import RDF_FORMATS, network_files, render
from uprkg.network import project, summary, with_camps


def median_time(step: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def size(result: object) -> str:
    if isinstance(result, (str, bytes)):
        data = result.encode("utf-8") if isinstance(result, str) else result
        return f"{len(data) / 1024:,.0f} KiB"
    if isinstance(result, dict):  # several files: their total
        return size("".join(result.values()))
    return ""


def steps(dataset, repeat: int) -> list[tuple[str, float, str]]:
    from uprkg.draw import figure, html_page, png, svg

    rows = []
    for fmt in (*RDF_FORMATS, "plover", "void"):
        seconds, text = median_time(lambda fmt=fmt: render(dataset, fmt), repeat)
        rows.append((f"export {fmt}", seconds, size(text)))
    seconds, graph = median_time(lambda: project(dataset), repeat)
    rows.append(
        (f"project ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)", seconds, "")
    )
    seconds, (graph, found) = median_time(lambda: with_camps(project(dataset)), repeat)
    rows.append(("project + camps", seconds, ""))
    seconds, _ = median_time(lambda: summary(graph, found), repeat)
    rows.append(("stats (degrees, betweenness)", seconds, ""))
    for fmt in ("graphml", "gexf", "csv"):
        seconds, files = median_time(lambda fmt=fmt: network_files(graph, fmt, Path("x")), repeat)
        rows.append((f"network {fmt}", seconds, size(files)))
    seconds, picture = median_time(lambda: figure(graph, found), repeat)
    rows.append(("figure (layout, labels apart)", seconds, ""))
    for name, render_picture in (("svg", svg), ("png", png)):
        seconds, data = median_time(lambda f=render_picture: f(picture.fig), repeat)
        rows.append((f"picture {name}", seconds, size(data)))
    seconds, page = median_time(lambda: html_page(graph, found, picture.pos), repeat)
    rows.append(("picture html", seconds, size(page)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for n in args.scales:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "graph"
            shutil.copytree(BUNDLED, corpus)
            replicate(corpus, n)
            dataset = build_dataset(load_corpus(corpus))
            quads = sum(len(g) for g in dataset.graphs())
            print(f"\nN = {n}: {quads:,} quads; median of {args.repeat} runs")
            print("| step | median s | output |\n| --- | ---: | ---: |")
            for name, seconds, output in steps(dataset, args.repeat):
                print(f"| {name} | {seconds:.2f} | {output} |")


if __name__ == "__main__":
    main()
