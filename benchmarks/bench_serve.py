"""Load-test `uprkg serve`: requests per second and p50/p95 latency at 1, 10 and 50
concurrent clients, against Oxigraph's own server on the same store (the anchor).

For each graph (the bundled corpus; the corpus with every annotation
replicated N times, as in bench_build.py; the UPR Info file imported into the
build when `uprkg import` exists and $UPRKG_SHARED/upr holds it) the script
builds the store, starts `uprkg serve` and `oxigraph serve-read-only` on the
same build/store, and a load generator in a second process (this script with
--generate: one thread and one keep-alive connection per client, each looping
over the requests until the time is up). Targets:

  api      uprkg serve /api/NAME, every canned query with its default parameters
  sparql   uprkg serve /sparql, the canned queries without parameters, as text
  anchor   oxigraph serve-read-only /query, the same texts (no limits, no fork)

    python benchmarks/bench_serve.py                         # bundled and N = 50
    python benchmarks/bench_serve.py --scales 1 --clients 1 10 --seconds 5
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import BUNDLED, replicate
from bench_queries import oxigraph_binary

REPO = Path(__file__).resolve().parents[1]
SPARQL_JSON = "application/sparql-results+json"


def uprkg(*args: str) -> list[str]:
    return [sys.executable, "-m", "uprkg", *args]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


@contextmanager
def process(args: list[str], url: str, cwd: Path):
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(url)
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def build(scale: int, work: Path, with_upr: bool) -> tuple[Path, str]:
    """The working folder holding build/ at this scale, and the graph's description."""
    folder = work / f"scale-{scale}"
    corpus = folder / "corpus"
    shutil.copytree(BUNDLED, corpus)
    replicate(corpus, scale)
    subprocess.run(
        uprkg("--corpus", str(corpus), "build", "--out", str(folder / "build")),
        check=True,
        cwd=folder,
        stdout=subprocess.DEVNULL,
    )
    what = "bundled corpus" if scale == 1 else f"corpus x{scale}"
    if with_upr:
        shared = Path(os.environ.get("UPRKG_SHARED", REPO.parent / "shared"))
        data = shared / "upr" / "upr-info-sessions-01-20.csv"
        result = subprocess.run(
            uprkg("import", "upr-info", str(data), "--skip-bad-rows"),
            cwd=folder,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            print(f"(UPR Info import skipped: {result.stderr.strip()[:200]})")
        else:
            what += " + UPR Info record"
    manifest = json.loads((folder / "build" / "store" / "uprkg-manifest.json").read_text())
    return folder, f"{what}, {manifest['default_graph_triples']:,} triples"


def request_sets(base_uprkg: str, base_anchor: str) -> dict[str, list[tuple[str, str]]]:
    """(url, accept) per target."""
    from uprkg.queries import load_queries

    queries = load_queries()
    api = [(f"{base_uprkg}/api/{name}", SPARQL_JSON) for name in queries]
    plain = [q for q in queries.values() if not q.parameters]
    sparql = [(f"{base_uprkg}/sparql?{urlencode({'query': q.text})}", SPARQL_JSON) for q in plain]
    anchor = [(f"{base_anchor}/query?{urlencode({'query': q.text})}", SPARQL_JSON) for q in plain]
    return {"api": api, "sparql": sparql, "anchor": anchor}


def generate(requests: list[tuple[str, str]], clients: int, seconds: float) -> dict:
    """The load: `clients` threads, each with its own keep-alive connection, for `seconds`."""
    import http.client

    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(clients)

    def client(index: int) -> None:
        parts = urlsplit(requests[0][0])
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        mine, wrong = [], []
        start.wait()
        deadline = time.monotonic() + seconds
        i = index
        while time.monotonic() < deadline or not mine:
            url, accept = requests[i % len(requests)]
            i += 1
            target = urlsplit(url)
            path = target.path + ("?" + target.query if target.query else "")
            began = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Accept": accept})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    wrong.append(f"{response.status} {target.path}")
            except (OSError, http.client.HTTPException) as exc:
                wrong.append(f"{type(exc).__name__} {target.path}")
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
            mine.append(time.perf_counter() - began)
        connection.close()
        with lock:
            latencies.extend(mine)
            errors.extend(wrong)

    began = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies),
        "p95": latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))],
        "errors": errors[:5],
        "error_count": len(errors),
    }


def run_generator(requests, clients: int, seconds: float) -> dict:
    """The load generator in a second process (this script with --generate)."""
    result = subprocess.run(
        [sys.executable, __file__, "--generate", str(clients), str(seconds)],
        input=json.dumps(requests),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def bench_graph(folder: Path, what: str, clients: list[int], seconds: float, workers: int):
    serve_port, anchor_port = free_port(), free_port()
    serve_args = uprkg("serve", "--port", str(serve_port))
    if workers:
        serve_args += ["--workers", str(workers)]
    anchor_args = [
        oxigraph_binary(),
        "serve-read-only",
        "--location",
        str(folder / "build" / "store"),
        "--bind",
        f"127.0.0.1:{anchor_port}",
    ]
    base, anchor = f"http://127.0.0.1:{serve_port}", f"http://127.0.0.1:{anchor_port}"
    print(f"\n{what}")
    print("| target | clients | requests | req/s | p50 ms | p95 ms | errors | req/s vs anchor |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with (
        process(serve_args, base + "/robots.txt", folder),
        process(anchor_args, anchor + "/", folder),
    ):
        sets = request_sets(base, anchor)
        for url, accept in [*sets["api"], *sets["anchor"]]:  # warm both up; report failures
            try:
                request = urllib.request.Request(url, headers={"Accept": accept})
                urllib.request.urlopen(request, timeout=120).read()
            except urllib.error.HTTPError as error:
                print(f"(warm-up: {error.code} {url[:70]}: {error.read()[:120]!r})")
        for count in clients:
            found = {t: run_generator(sets[t], count, seconds) for t in ("api", "sparql", "anchor")}
            for target, r in found.items():
                ratio = r["rps"] / found["anchor"]["rps"] if found["anchor"]["rps"] else 0
                errors = (
                    r["error_count"] if not r["errors"] else f"{r['error_count']} {r['errors']}"
                )
                print(
                    f"| {target} | {count} | {r['requests']} | {r['rps']:.0f} | "
                    f"{r['p50'] * 1000:.1f} | {r['p95'] * 1000:.1f} | {errors} | {ratio:.2f} |",
                    flush=True,
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 50])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--seconds", type=float, default=8.0, help="per target and level")
    parser.add_argument("--workers", type=int, default=0, help="uprkg serve --workers")
    parser.add_argument("--upr", action="store_true", help="also import the UPR Info file")
    parser.add_argument("--generate", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        requests = [tuple(r) for r in json.loads(sys.stdin.read())]
        print(json.dumps(generate(requests, int(args.generate[0]), float(args.generate[1]))))
        return
    print(
        f"uprkg serve against oxigraph serve-read-only; {os.cpu_count()} cores; "
        f"{args.seconds:g} s per target and level; latencies per request"
    )
    with tempfile.TemporaryDirectory(prefix="uprkg-bench-serve-") as tmp:
        for scale in args.scales:
            folder, what = build(scale, Path(tmp), args.upr and scale == max(args.scales))
            bench_graph(folder, what, args.clients, args.seconds, args.workers)


if __name__ == "__main__":
    main()
