"""uprkg.store.run_bounded from several threads, as the server calls it."""

from __future__ import annotations

import os
import threading
import time

import pytest

from uprkg import store


def slow_job() -> str:
    time.sleep(3)
    return "slow"


def quick_job() -> str:
    return "quick"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="run_bounded forks only where fork exists")
def test_a_quick_job_is_not_held_by_a_slow_one_forked_beside_it(monkeypatch):
    """A child forked by another thread while this thread's pipe is open must not
    keep that pipe's write end: the quick job's answer would wait for the slow
    child to exit (the server answered quick queries at the time limit)."""
    real_fork = os.fork
    quick_forked = threading.Event()

    def fork_then_linger() -> int:
        pid = real_fork()
        if pid and threading.current_thread().name == "quick":
            quick_forked.set()
            time.sleep(0.5)  # the window in which another thread may fork
        return pid

    monkeypatch.setattr(os, "fork", fork_then_linger)
    answers: list[str] = []
    slow_done = threading.Event()

    def run_quick() -> None:
        answers.append(store.run_bounded(quick_job, 30))

    def run_slow() -> None:
        quick_forked.wait(5)
        store.run_bounded(slow_job, 30)
        slow_done.set()

    quick = threading.Thread(target=run_quick, name="quick")
    slow = threading.Thread(target=run_slow, name="slow")
    quick.start()
    slow.start()
    quick.join(20)
    assert answers == ["quick"]
    assert not slow_done.is_set(), "the quick job's answer waited for the slow child"
    slow.join(20)
    assert slow_done.is_set()
