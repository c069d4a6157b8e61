"""Issue #9 item 17: the README's examples are run, and their output must be what the
README shows.

What counts as an example (so new sections are tested by writing them this way):

- a fenced block whose lines start with `$ ` is a session: each `$ COMMAND` is run
  with bash (pipes allowed) and must print the lines that follow it, up to the next
  `$ ` line or the end of the block;
- a fenced block right after a line `<!-- output of: COMMAND -->` is the whole
  output of COMMAND;
- a session right after a line `<!-- readme-test: skip: REASON -->` is reported as
  skipped with that reason (for a state no command reaches, such as the corpus
  after a person's review), so what is not run stays visible.

Each session runs in its own copy of a scratch folder in the state a new user reaches
with the README's quick start (`uprkg check` on a copy of the bundled corpus in
`graph/`, which is also $UPRKG_CORPUS (as `graph`), so an example that adds a source never writes
into the repository), with `.venv/bin` first on PATH, the repository's `tests/`
reachable as `tests/`, the files of tests/fixtures/readme/ (the `colleague.ttl` and
`truncated.ttl` the README validates) and tests/fixtures/extract/new-article.txt
copied in, and COLUMNS=120. A command's shown output is compared with its
stdout, or with its stderr when it prints nothing on stdout (error examples); lines
of its stderr may also be shown among its output (an example showing its notes).
Timings such as `(6.2 s)` match any number (and the reasoner's cached note); a
line `...` in the README stands for any lines. A session that starts a server in
the background (`... &`) gets a free port instead of the one shown, and the server
is stopped when the session ends.
A failing example names its README line and shows a diff.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, need

# every example is a real process in a copy of a checked corpus: seconds each
pytestmark = pytest.mark.slow

README = REPO / "README.md"
MARKER = re.compile(r"<!--\s*output of:\s*(.+?)\s*-->")
SKIP = re.compile(r"<!--\s*readme-test:\s*skip:\s*(.+?)\s*-->")
# a timing; "cached" when an earlier test already gave HermiT the same input (the
# README shows a new user's first run)
TIMING = re.compile(r"\(\d+(?:\.\d+)? s(?:; cached: input unchanged)?\)")
PORT = "7878"


@dataclass
class Example:
    line: int
    command: str
    expected: list[str] = field(default_factory=list)


@dataclass
class Session:
    line: int
    examples: list[Example]
    skip: str | None = None
    heading: str = ""


def sessions(text: str) -> list[Session]:
    """Every runnable example of the README, grouped by fenced block."""
    found: list[Session] = []
    lines = text.splitlines()
    index = 0
    heading = ""
    while index < len(lines):
        if lines[index].startswith("#"):
            heading = lines[index].lstrip("#").strip()
        if not lines[index].startswith("```"):
            index += 1
            continue
        start = index
        end = next(j for j in range(start + 1, len(lines)) if lines[j].startswith("```"))
        body = lines[start + 1 : end]
        before = next((lines[j] for j in range(start - 1, -1, -1) if lines[j].strip()), "")
        marker = MARKER.fullmatch(before.strip())
        skip = SKIP.fullmatch(before.strip())
        if marker:
            found.append(
                Session(start + 1, [Example(start + 1, marker.group(1), body)], None, heading)
            )
        elif any(line.startswith("$ ") for line in body):
            examples: list[Example] = []
            continued = False
            for offset, line in enumerate(body, start + 2):
                if continued:  # a command continued with a trailing backslash
                    examples[-1].command += "\n" + line
                elif line.startswith("$ "):
                    examples.append(Example(offset, line[2:]))
                elif examples:
                    examples[-1].expected.append(line)
                    continue
                continued = line.endswith("\\")
            found.append(Session(start + 1, examples, skip.group(1) if skip else None, heading))
        index = end + 1
    return found


SESSIONS = sessions(README.read_text(encoding="utf-8"))


def sections(found: list[Session]) -> list[list[Session]]:
    """Sessions grouped by the README heading they sit under, in order: the sessions
    of one section run one after the other in one folder (a worked example's steps
    build on each other), and each section starts afresh."""
    groups: list[list[Session]] = []
    for session in found:
        if groups and groups[-1][0].heading == session.heading:
            groups[-1].append(session)
        else:
            groups.append([session])
    return groups


SECTIONS = sections(SESSIONS)


def test_the_readme_has_examples_to_run():
    commands = [e.command for s in SESSIONS for e in s.examples]
    assert len(commands) >= 20
    assert "uprkg check" in commands


def normalise(lines: list[str]) -> list[str]:
    return [TIMING.sub("(N s)", line.rstrip()) for line in lines]


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line, a `...` line standing for any number of lines."""
    if not expected:
        return not actual
    head, rest = expected[0], expected[1:]
    if head.strip() == "...":
        return any(matches(rest, actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0] == head and matches(rest, actual[1:])


QUICK_START = "uprkg check"
FIRST_RUNS: dict[str, subprocess.CompletedProcess] = {}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory, java) -> Path:
    """A scratch folder after the quick start: `uprkg check` of the bundled corpus. Its
    output is kept: the README's quick start shows a first run, which an example
    running `uprkg check` again (a second build) would not print."""
    folder = tmp_path_factory.mktemp("readme")
    (folder / "tests").symlink_to(REPO / "tests")
    shutil.copytree(REPO / "graph", folder / "graph")
    for file in [*(FIXTURES / "readme").iterdir(), FIXTURES / "extract" / "new-article.txt"]:
        shutil.copy(file, folder / file.name)
    result = run(QUICK_START, folder)
    assert result.returncode == 0, result.stderr
    FIRST_RUNS[QUICK_START] = result
    return folder


def environment(cwd: Path | None = None) -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items() if k not in ("UPRKG_CORPUS", "UPRKG_QUERIES")}
    env.update(PATH=bin_dir + os.pathsep + env.get("PATH", ""), COLUMNS="120")
    if cwd is not None:
        env["UPRKG_CORPUS"] = "graph"  # the copy in the working folder, named as the README does
    return env


COMMAND_SECONDS = 120  # an example still running then (a server?) fails, named


def run(command: str, cwd: Path) -> subprocess.CompletedProcess:
    """The command in bash, in its own process group, so a deadline stops all of it."""
    process = subprocess.Popen(
        ["bash", "-c", command],
        cwd=cwd,
        env=environment(cwd),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=COMMAND_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGTERM)
        out, err = process.communicate()
        err += (
            f"\n[still running after {COMMAND_SECONDS} s and stopped: a server or a prompt? "
            "mark its block <!-- readme-test: skip: REASON -->]"
        )
        return subprocess.CompletedProcess(command, -1, "", (out or "") + (err or ""))
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def free_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return str(sock.getsockname()[1])


def start_background(command: str, cwd: Path, port: str) -> subprocess.Popen:
    binary = command.split()[0]
    need(
        shutil.which(binary, path=environment()["PATH"]) is not None,
        f"{binary} is not installed (pip install '.[test]')",
    )
    process = subprocess.Popen(
        ["bash", "-c", f"exec {command.rstrip('&').strip()}"],
        cwd=cwd,
        env=environment(cwd),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", int(port))) == 0:
                return process
        if process.poll() is not None:
            pytest.fail(f"`{command}` exited with {process.returncode}")
        time.sleep(0.1)
    process.terminate()
    pytest.fail(f"`{command}` did not listen on {port} within 30 s")


@pytest.mark.parametrize(
    "section", SECTIONS, ids=[f"README.md:{g[0].line}:{g[0].heading[:40]}" for g in SECTIONS]
)
def test_readme_examples_print_what_the_readme_shows(section, workdir: Path, tmp_path):
    folder = tmp_path / "work"
    shutil.copytree(workdir, folder, symlinks=True)  # a section cannot change the next one's
    failures, skipped = [], []
    for session in section:
        if session.skip:
            skipped.append(f"README.md:{session.line}: {session.skip}")
            continue
        failures += run_session(session, folder)
    assert not failures, "\n\n".join(failures)
    if skipped:  # the rest of the section passed; what was not run is said
        pytest.skip("; ".join(skipped))


def run_session(session: Session, workdir: Path) -> list[str]:
    port = free_port()
    background: list[subprocess.Popen] = []
    failures = []
    try:
        for example in session.examples:
            command = example.command.replace(PORT, port)
            expected = normalise([line.replace(PORT, port) for line in example.expected])
            if command.rstrip().endswith("&"):
                background.append(start_background(command, workdir, port))
                continue
            result = FIRST_RUNS.pop(command, None) or run(command, workdir)
            shown = result.stdout if result.stdout.strip() else result.stderr
            actual = normalise(shown.rstrip("\n").splitlines())
            # a README may also show notes the command writes on stderr among its output
            notes = set(normalise(result.stderr.splitlines()))
            output = normalise(result.stdout.rstrip("\n").splitlines())
            while expected and not expected[-1]:
                expected.pop()
            shown_notes = [line for line in expected if line not in notes]
            with_notes = len(shown_notes) < len(expected) and matches(shown_notes, output)
            if not matches(expected, actual) and not with_notes:
                diff = "\n".join(
                    difflib.unified_diff(expected, actual, "README", "actual", lineterm="")
                )
                failures.append(f"README.md:{example.line}: $ {example.command}\n{diff}")
    finally:
        for process in background:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    return failures
