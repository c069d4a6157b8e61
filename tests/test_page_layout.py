"""Issue #9 item 16 (interactive page): at 1400x900 the page is readable without
zooming, its legend is on screen, and what an actor received is worded so the
direction is unmistakable. Runs the page in Debian's Chromium."""

from __future__ import annotations

import pytest

from helpers_browser import ARTIFACTS, chromium


@pytest.fixture(scope="module")
def page(bundled_dataset, tmp_path_factory):
    from uprkg.draw import figure, html_page
    from uprkg.network import project, with_camps

    graph, found = with_camps(project(bundled_dataset))
    path = tmp_path_factory.mktemp("page") / "network.html"
    path.write_text(html_page(graph, found, figure(graph, found).pos), encoding="utf-8")
    with chromium(tmp_path_factory.mktemp("chromium-profile"), 1400, 900) as context:
        tab = context.new_page()
        tab.goto(path.as_uri())
        tab.wait_for_selector("body[data-ready=true]", timeout=30_000)
        yield tab
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / "network-page-1400x900.png"))


BOX = "(selector) => { const r = document.querySelector(selector).getBoundingClientRect();"
BOX += " return [r.left, r.top, r.right, r.bottom]; }"


@pytest.mark.parametrize("section", ["#filter-kind", "#camps", "#types"])
def test_the_legend_is_on_screen_without_scrolling(page, section):
    left, top, right, bottom = page.evaluate(BOX, section)
    assert left >= 0 and right <= 1400 and top >= 0 and bottom <= 900, (section, bottom)


def test_labels_show_at_a_readable_size(page):
    heights = page.evaluate(
        "() => [...document.querySelectorAll('svg .node-label tspan')]"
        ".map((t) => t.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 11, min(heights)


def test_the_whole_network_is_in_view(page):
    svg = page.evaluate(BOX, "#network")
    nodes = page.evaluate(
        "() => [...document.querySelectorAll('svg .node')].map((n) => {"
        " const r = n.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"
    )
    for left, top, right, bottom in nodes:
        assert svg[0] <= left and right <= svg[2] and svg[1] <= top and bottom <= svg[3]


def test_received_edges_say_who_did_what_to_this_actor(page):
    page.locator('svg .node[data-id="usa"]').click()
    details = page.locator("#details").text_content()
    assert "What others did to it" in details
    assert "Cuba accused this actor (1)" in details
    page.locator('svg .node[data-id="cuba"]').click()
    assert "accused United States (1)" in page.locator("#details").text_content()
