"""Debian's headless Chromium driven by Playwright (no browser download), for the
tests of the network page and of `uprkg serve`'s pages."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import REPO, need

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO / "tests" / "artifacts"


@contextmanager
def chromium(profile: Path, width: int = 1280, height: int = 1000) -> Iterator:
    """A browser context with its own profile folder and a width x height
    viewport; a visible skip (an error in CI) where Chromium or Playwright is
    missing."""
    executable = shutil.which(CHROMIUM) or shutil.which("chromium")
    need(executable is not None, "Chromium is not installed (Debian package 'chromium')")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "the playwright Python package is not installed (pip install '.[test]')")
    with sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            str(profile),
            executable_path=executable,
            args=ARGS,
            headless=True,
            viewport={"width": width, "height": height},
        )
        try:
            yield context
        finally:
            context.close()
