"""The interactive network page in a real browser (Debian's headless Chromium).

Checks what a reader relies on: the page draws every actor and edge of the
network, hovering an edge shows its quote and source, filters and search
work, nothing is logged as an error, and nothing is fetched from anywhere
but the file itself. A screenshot is kept in tests/artifacts/.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers_browser import ARTIFACTS, chromium

REACHABLE = """(index) => {
  // a point of the edge where the edge itself is the topmost element (a real hover target)
  const path = document.querySelector(`path.edge-hit[data-index="${index}"]`);
  const m = path.getScreenCTM();
  const length = path.getTotalLength();
  for (let i = 1; i < 40; i++) {
    const p = path.getPointAtLength((length * i) / 40);
    const x = p.x * m.a + p.y * m.c + m.e;
    const y = p.x * m.b + p.y * m.d + m.f;
    if (document.elementFromPoint(x, y) === path) return [x, y];
  }
  return null;
}"""


@pytest.fixture(scope="module")
def network(bundled_dataset):
    from uprkg.network import project, with_camps

    return with_camps(project(bundled_dataset))


@pytest.fixture(scope="module")
def page_file(network, tmp_path_factory) -> Path:
    from uprkg.draw import figure, html_page

    graph, found = network
    path = tmp_path_factory.mktemp("page") / "network.html"
    path.write_text(html_page(graph, found, figure(graph, found).pos), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser_page(page_file, tmp_path_factory):
    """The page loaded in Chromium, with every console error and request recorded."""
    with chromium(tmp_path_factory.mktemp("chromium-profile"), 1600, 1000) as context:
        page = context.new_page()
        log = {"errors": [], "requests": []}
        page.on("console", lambda m: log["errors"].append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: log["errors"].append(str(e)))
        page.on("request", lambda r: log["requests"].append(r.url))
        page.goto(page_file.as_uri())
        page.wait_for_selector("body[data-ready=true]", timeout=30_000)
        yield page, log


def edge_data(page) -> list[dict]:
    return json.loads(page.locator("#graph-data").text_content())["edges"]


def test_page_draws_every_actor_and_edge(browser_page, network):
    page, _ = browser_page
    graph, _ = network
    assert page.locator("svg .node").count() == graph.number_of_nodes()
    assert page.locator("svg path.edge").count() == graph.number_of_edges()
    labels = page.locator("svg .node-label").all_text_contents()
    assert "United States" in labels
    counts = page.locator("#counts").text_content()
    assert f"{graph.number_of_nodes()} of {graph.number_of_nodes()} actors" in counts


def test_every_edge_can_be_hovered(browser_page):
    page, _ = browser_page
    edges = edge_data(page)
    unreachable = [e["id"] for i, e in enumerate(edges) if not page.evaluate(REACHABLE, i)]
    assert unreachable == []


def test_hovering_an_edge_shows_its_quote_and_source(browser_page):
    page, _ = browser_page
    edges = edge_data(page)
    index = next(i for i, e in enumerate(edges) if e["id"] == "cuba--accused--usa")
    page.mouse.move(*page.evaluate(REACHABLE, index))
    details = page.locator("#details")
    details.locator(".quote").first.wait_for(timeout=5_000)
    assert "Cuba → United States" in details.text_content()
    assert edges[index]["quotes"][0]["text"] in details.text_content()
    assert edges[index]["sources"][0] in details.locator("cite").first.text_content()


def test_clicking_an_actor_lists_its_edges(browser_page):
    page, _ = browser_page
    page.locator('svg .node[data-id="advocates-for-human-rights"]').click()
    details = page.locator("#details").text_content()
    assert "The Advocates for Human Rights" in details
    assert "criticised United States (3)" in details


def test_filters_hide_edges_by_kind_and_source(browser_page):
    page, _ = browser_page
    edges = edge_data(page)
    hidden = "svg path.edge.hidden"
    page.locator('input[name="kind"][value="criticised"]').uncheck()
    assert page.locator(hidden).count() == sum(e["kind"] == "criticised" for e in edges)
    page.locator('input[name="kind"][value="criticised"]').check()
    assert page.locator(hidden).count() == 0
    source = "004_7f97047af162db2c"
    page.locator(f'input[name="source"][value="{source}"]').uncheck()
    only_004 = sum(e["sources"] == [source] for e in edges)
    assert only_004 > 0 and page.locator(hidden).count() == only_004
    page.locator(f'input[name="source"][value="{source}"]').check()


def test_search_finds_an_actor_ignoring_accents(browser_page):
    page, _ = browser_page
    page.fill("#search", "jurg")  # the label is spelled Jürg
    assert page.locator("svg .node.match").count() == 1
    assert page.locator("#matches button").first.text_content().startswith("J")
    page.press("#search", "Enter")
    assert "UN Human Rights Council" in page.locator("#details").text_content() or page.locator(
        "#details h2"
    ).first.text_content().startswith("J")
    page.fill("#search", "")
    assert page.locator("svg .dim").count() == 0


def test_camps_are_shown(browser_page, network):
    page, _ = browser_page
    _, found = network
    camps = page.locator("#camps").text_content()
    for label in found.labels.values():
        assert label in camps


def test_no_console_errors_and_no_network_requests(browser_page):
    page, log = browser_page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "network-page.png"), full_page=True)
    assert log["errors"] == []
    assert log["requests"], "the page itself was requested"
    assert [u for u in log["requests"] if not u.startswith("file://")] == []
