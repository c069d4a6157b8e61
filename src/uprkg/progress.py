"""Progress on long work, for people at a terminal and for nobody else.

    from uprkg.progress import progress, stage
    for item in progress(items, total=len(items), desc="statements"):
        ...
    with stage("validating"):
        ...

`progress` wraps an iterable in a tqdm bar on stderr (items done, rate,
time left); `stage` prints one line with the time a step took. Both stay
silent when stderr is not a terminal (pipes, CI, tests), with `uprkg
--quiet`, or with UPRKG_QUIET=1 in the environment, so output that
programs read never changes. tqdm is imported only when a bar is shown.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

_quiet = False
MIN_ITEMS = 1000  # smaller loops finish before a bar would be worth drawing


def set_quiet(quiet: bool = True) -> None:
    """Silence (or allow again) every progress display of this process."""
    global _quiet
    _quiet = quiet


def enabled() -> bool:
    """Progress is shown only to a person: stderr a terminal, not --quiet."""
    if _quiet or os.environ.get("UPRKG_QUIET", "").lower() in ("1", "true", "yes"):
        return False
    stream = sys.stderr
    return bool(getattr(stream, "isatty", None) and stream.isatty())


def progress(
    items: Iterable, total: int | None = None, desc: str = "", unit: str = "item"
) -> Iterable:
    """The items, with a progress bar on a terminal (or the items unchanged)."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    if not enabled() or (total is not None and total < MIN_ITEMS):
        return items
    from tqdm import tqdm

    return tqdm(
        items,
        total=total,
        desc=f"uprkg: {desc}" if desc else "uprkg",
        unit=unit,
        unit_scale=True,
        leave=True,  # the final count and rate stay on screen
        file=sys.stderr,
        dynamic_ncols=True,
    )


@contextmanager
def stage(desc: str) -> Iterator[None]:
    """Say on a terminal what is being done, then how long it took."""
    if not enabled():
        yield
        return
    started = time.perf_counter()
    sys.stderr.write(f"uprkg: {desc} ...\r")
    sys.stderr.flush()
    try:
        yield
    finally:
        seconds = time.perf_counter() - started
        sys.stderr.write(f"\x1b[2Kuprkg: {desc} ({seconds:.1f} s)\n")
        sys.stderr.flush()
