"""Issue #9 item 13: after `make run`, the user knows how to run uprkg."""

from __future__ import annotations

import subprocess

from conftest import REPO


def test_make_run_says_how_to_run_uprkg():
    """The recipe's closing lines (make -n prints them without running anything)."""
    proc = subprocess.run(
        ["make", "-n", "run", "VENV=.venv"], cwd=REPO, capture_output=True, text=True, check=True
    )
    said = proc.stdout
    assert ".venv/bin/uprkg" in said
    assert ". .venv/bin/activate" in said
    assert said.index("uprkg check") < said.index("Run it as")


def test_readme_quick_start_says_how_to_run_uprkg():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert ".venv/bin/uprkg" in quick
    assert "source .venv/bin/activate" in quick
