"""Shared test helpers: the CLI run in-process, fixture corpora, real tools."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BUNDLED = REPO / "graph"
SOURCES = {
    "000": "000_391cd0b393f3ac2e",
    "001": "001_018afc5835442117",
    "002": "002_fadd87fbb4cd4605",
    "003": "003_68ba44fa0eab2d1b",
    "004": "004_7f97047af162db2c",
}


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def need(tool_present: bool, reason: str) -> None:
    """Skip with a visible reason outside CI; in CI a missing tool is a failure."""
    if tool_present:
        return
    if in_ci():
        pytest.fail(f"{reason} (required in CI: .ci/run installs it)")
    pytest.skip(reason)


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_cli(*args: str) -> Result:
    """Run `uprkg ARGS` in this process, capturing stdout, stderr and exit code."""
    from uprkg.cli import main

    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["uprkg", *map(str, args)]
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.argv = argv
    return Result(code, out.getvalue(), err.getvalue())


def run_process(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 600):
    """Run `python -m uprkg ARGS` as a separate process."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "uprkg", *map(str, args)],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the small fixture corpus that a test may break."""
    target = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "mini", target)
    return target


@pytest.fixture
def bundled_copy(tmp_path: Path) -> Path:
    """A copy of the bundled corpus that a test may break."""
    target = tmp_path / "graph"
    shutil.copytree(BUNDLED, target)
    return target


@pytest.fixture(scope="session")
def bundled_corpus():
    from uprkg.corpus import load_corpus

    return load_corpus(BUNDLED)


@pytest.fixture(scope="session")
def bundled_dataset(bundled_corpus):
    from uprkg.build import build_dataset

    return build_dataset(bundled_corpus)


@pytest.fixture(scope="session")
def java() -> None:
    need(shutil.which("java") is not None, "Java is not installed: HermiT (owlready2) needs it")


@pytest.fixture(scope="session", autouse=True)
def shared_reasoner_cache(tmp_path_factory):
    """One HermiT run per distinct input for the whole session: every `uprkg
    check` and `reason` shares this cache (keyed by a hash of the input)."""
    folder = tmp_path_factory.mktemp("hermit-cache")
    previous = os.environ.get("UPRKG_CACHE_DIR")
    os.environ["UPRKG_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("UPRKG_CACHE_DIR", None)
    else:
        os.environ["UPRKG_CACHE_DIR"] = previous
