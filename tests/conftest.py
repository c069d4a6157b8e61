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


def shared_tmp(tmp_path_factory) -> Path:
    """The temporary folder of this pytest run that every xdist worker shares (the
    session's own folder when the run has no workers)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session", autouse=True)
def shared_reasoner_cache(tmp_path_factory):
    """One HermiT run per distinct input for the whole run: every `uprkg check` and
    `reason` of every xdist worker shares this cache (keyed by a hash of the input;
    entries are written whole and renamed into place, so workers can share it)."""
    folder = shared_tmp(tmp_path_factory) / "hermit-cache"
    folder.mkdir(exist_ok=True)
    previous = os.environ.get("UPRKG_CACHE_DIR")
    os.environ["UPRKG_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("UPRKG_CACHE_DIR", None)
    else:
        os.environ["UPRKG_CACHE_DIR"] = previous


def _digest(folder: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    for name in ("uprkg.trig", "uprkg.ttl", "store/uprkg-manifest.json"):
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="session")
def bundled_build(tmp_path_factory) -> Path:
    """`uprkg build` of the bundled corpus, once per session (per xdist worker), for
    tests that read a build (files, store, servers). Tests only read it; a test that
    changes a build works on a copy (shutil.copytree). At the end of the session the
    build is checked to be unchanged, so a test that wrote into it is caught."""
    out = tmp_path_factory.mktemp("bundled-build")
    result = run_cli("build", "--out", out)
    assert result.code == 0, result.err
    before = _digest(out)
    yield out
    assert _digest(out) == before, f"a test changed the shared build in {out}"


@pytest.fixture
def in_build(bundled_build, tmp_path, monkeypatch) -> Path:
    """A working directory whose build/ is a copy of the bundled build (a test may
    change it)."""
    shutil.copytree(bundled_build, tmp_path / "build")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "build"


# How `pytest -n` (pytest-xdist) shares the tests out: each module's tests go to one
# worker together, so its module-scoped build, server, JVM or browser starts once; the
# modules below share nothing expensive at module scope, so their tests are handed out
# one by one and fill the workers at the end. Largest modules first (xdist's loadscope
# order), so no long module starts last. (xdist's `--dist loadgroup` would say the same
# with markers, but its group suffix on node ids does not reach pytest 9's nodes.)
SPREAD = {"test_shapes.py", "test_validate_engines.py"}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class ByModule(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return nodeid if module.rsplit("/", 1)[-1] in SPREAD else module

    return ByModule(config, log)
