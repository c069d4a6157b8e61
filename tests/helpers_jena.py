"""Apache Jena ARQ from Debian's libapache-jena-java, run with `java -cp`.

Debian packages Jena as jars without the `sparql` script. ARQ's own
command-line class (`java -cp ... arq.sparql --data F --query Q`) runs from
them, one query per JVM; tests/jena/RunQueries.java (run by java's
source-file mode, which the JRE's module image supports) loads the data once
and runs every query in one JVM instead. Debian's jena-core moves the bundled
Xerces classes to the package `xerces` but leaves their message files under
`org/apache/jena/ext/xerces`, so ARQ fails at start ("internal error" in
XSSimpleTypeDecl); copying those files to where the classes look for them
(`xerces/impl/...`, a folder on the class path) is all it needs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

JARS = Path("/usr/share/java")
RUNNER = Path(__file__).resolve().parent / "jena" / "RunQueries.java"
DEPENDENCIES = (
    "commons-cli",
    "commons-codec",
    "commons-compress",
    "commons-csv",
    "commons-io",
    "commons-lang3",
    "dexx.collection",
    "gson",
    "guava",
    "httpclient",
    "httpcore",
    "jackson-annotations",
    "jackson-core",
    "jackson-databind",
    "jakarta.json-api",
    "jsonld-java",
    "protobuf",
    "slf4j-api",
    "slf4j-nop",
    "thrift",
    "titanium-json-ld",
)


def available() -> bool:
    return shutil.which("java") is not None and (JARS / "jena-arq.jar").is_file()


def classpath(work: Path) -> str:
    """Jena's jars, their dependencies, and the folder with Xerces's messages."""
    fix = work / "jena-xerces-messages"
    if not fix.is_dir():
        with zipfile.ZipFile(JARS / "jena-core.jar") as jar:
            for name in jar.namelist():
                if name.startswith("org/apache/jena/ext/xerces/") and not name.endswith("/"):
                    target = fix / name.removeprefix("org/apache/jena/ext/")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(jar.read(name))
    jena = sorted(p for p in JARS.glob("jena-*.jar") if not any(c.isdigit() for c in p.stem))
    others = [JARS / f"{name}.jar" for name in DEPENDENCIES if (JARS / f"{name}.jar").is_file()]
    return ":".join(str(p) for p in [*jena, *others, fix])


def arq_select(cp: str, data: Path, queries: list[str], work: Path) -> list[dict]:
    """SPARQL JSON results of each query on `data` (its triples are ARQ's default
    graph), all in one JVM."""
    files = []
    for index, query in enumerate(queries):
        path = work / f"query-{index}.rq"
        path.write_text(query, encoding="utf-8")
        files.append(str(path))
    proc = subprocess.run(
        ["java", "-cp", cp, str(RUNNER), str(data), *files],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"ARQ failed ({proc.returncode}): {proc.stderr[-3000:]}")
    return [json.loads(Path(f + ".json").read_text(encoding="utf-8")) for f in files]
