"""Progress display: shown to a person at a terminal, never in pipes or with --quiet."""

from __future__ import annotations

import io
import sys
from contextlib import contextmanager

import pytest

from conftest import run_cli
from uprkg import progress as progress_module
from uprkg.progress import progress, stage


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@contextmanager
def terminal(quiet_env: str | None = None):
    """stderr replaced by a fake terminal for the duration of the block.

    Patched inside the test body, not in a fixture: pytest's output capture
    sets its own sys.stderr again when a test's call phase starts, so a
    fixture's patch of sys.stderr is gone by the time the test runs.
    """
    screen = Terminal()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stderr", screen)
        if quiet_env is None:
            patch.delenv("UPRKG_QUIET", raising=False)
        else:
            patch.setenv("UPRKG_QUIET", quiet_env)
        progress_module.set_quiet(False)
        try:
            yield screen
        finally:
            progress_module.set_quiet(False)


def test_a_terminal_sees_items_done_and_rate():
    with terminal() as screen:
        assert sum(progress(range(5000), desc="statements")) == sum(range(5000))
    shown = screen.getvalue()
    assert "uprkg: statements" in shown
    assert "5.00k/5.00k" in shown  # items done of total
    assert "item/s" in shown  # the rate


def test_a_stage_says_how_long_it_took():
    with terminal() as screen, stage("validating"):
        pass
    assert "uprkg: validating (0.0 s)" in screen.getvalue()


def test_quiet_silences_the_terminal():
    with terminal() as screen:
        progress_module.set_quiet(True)
        items = range(5000)
        assert progress(items) is items
        with stage("validating"):
            pass
    assert screen.getvalue() == ""


def test_the_environment_silences_it_too():
    with terminal(quiet_env="1") as screen:
        list(progress(range(5000)))
    assert screen.getvalue() == ""


def test_nothing_is_shown_when_stderr_is_not_a_terminal(monkeypatch):
    screen = io.StringIO()
    monkeypatch.setattr(sys, "stderr", screen)
    progress_module.set_quiet(False)
    items = range(5000)
    assert progress(items) is items
    assert screen.getvalue() == ""


def test_build_output_in_a_pipe_has_no_progress(tmp_path):
    result = run_cli("build", "--out", tmp_path)
    assert result.code == 0
    assert "\r" not in result.err and "it/s" not in result.err


def test_quiet_is_a_global_option():
    result = run_cli("--quiet", "--help")
    assert result.code == 0
    assert "--quiet" in run_cli("--help").out
