"""The provenance viewer in a real browser (Debian's headless Chromium, driven by
Playwright, no browser download): open a source page served by `uprkg serve`,
click a highlighted sentence, land on its statement; nothing is logged as an
error and no request leaves the server on 127.0.0.1."""

from __future__ import annotations

import shutil

import pytest

from helpers_browser import ARTIFACTS, chromium
from helpers_serve import start_server

SOURCE = "/id/source/000_391cd0b393f3ac2e"
STATEMENT = "/id/statement/cuba-accuses-us-fear-of-oversight"


@pytest.fixture(scope="module")
def server(tmp_path_factory, bundled_build):
    work = tmp_path_factory.mktemp("serve-browser")
    shutil.copytree(bundled_build, work / "build")
    running = start_server(cwd=work)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium-profile"), 1300, 1000) as context:
        yield context


def test_click_a_highlighted_span_to_its_statement(server, browser):
    page = browser.new_page()
    log = {"errors": [], "requests": []}
    page.on("console", lambda m: log["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: log["errors"].append(str(e)))
    page.on("request", lambda r: log["requests"].append(r.url))
    page.goto(server.url(SOURCE))
    span = page.locator(f'.source-text a.span[href="{STATEMENT}"]').first
    assert "Cuba accused the US of being afraid" in span.text_content()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-source-page.png"), full_page=True)
    span.click()
    page.wait_for_url(server.url(STATEMENT))
    assert page.locator("h1").text_content().startswith("Cuba accused the US")
    assert page.locator(".stance").first.text_content().strip() == "accusation"
    # and back to the sentence in the source, by its anchor
    page.locator(f'a[href^="{SOURCE}#q-"]').first.click()
    page.wait_for_url(f"{server.base}{SOURCE}#q-*")
    assert log["errors"] == []
    assert log["requests"], "the pages were requested"
    assert [u for u in log["requests"] if not u.startswith(server.base + "/")] == []
