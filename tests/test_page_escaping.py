"""Issue #9 item 7: the interactive page escapes every `<` of its embedded data, so a
label such as `<!--<script>` cannot end or hide the data block and blank the page."""

from __future__ import annotations

import json
import re

import pytest

from helpers_browser import chromium

HOSTILE = "Evil <!--<script> </script><b>&amp; co"


@pytest.fixture(scope="module")
def hostile_page(bundled_dataset):
    from uprkg.draw import figure, html_page
    from uprkg.network import project, with_camps

    graph, found = with_camps(project(bundled_dataset))
    graph.nodes["usa"]["label"] = HOSTILE
    return graph, html_page(graph, found, figure(graph, found).pos)


def test_embedded_data_has_no_markup_characters(hostile_page):
    _, page = hostile_page
    block = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert block is not None
    assert not set("<>&") & set(block.group(1))
    data = json.loads(block.group(1))
    assert next(n for n in data["nodes"] if n["id"] == "usa")["label"] == HOSTILE


def test_hostile_label_page_still_draws_in_chromium(hostile_page, tmp_path):
    graph, page_text = hostile_page
    path = tmp_path / "network.html"
    path.write_text(page_text, encoding="utf-8")
    with chromium(tmp_path / "chromium-profile") as context:
        page = context.new_page()
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready=true]", timeout=30_000)
        assert page.locator("svg .node").count() == graph.number_of_nodes()
        title = page.locator('svg .node[data-id="usa"] title').text_content()
        assert title == HOSTILE
