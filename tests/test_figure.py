"""Issue #9 item 16 (static figure): a figure sized for a paper column keeps its text
legible and as text, arrowheads above the labels' backgrounds, and everything inside
the page."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from conftest import run_cli

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def column(tmp_path_factory, bundled_dataset):
    from uprkg.export import render

    folder = tmp_path_factory.mktemp("figure")
    trig = folder / "in.trig"
    trig.write_text(render(bundled_dataset, "trig"), encoding="utf-8")
    out = folder / "column.svg"
    result = run_cli(
        "network", "draw", "--graph", trig, "--width", "3.5", "--height", "5", "--out", out
    )
    assert result.code == 0, result.err
    return out


def test_the_svg_has_the_asked_size_and_keeps_text_as_text(column):
    root = ET.parse(column).getroot()
    assert root.get("width") == "252pt" and root.get("height") == "360pt"
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert any("United States" in t for t in texts)
    assert any("Who criticised" in t for t in texts)


def test_no_text_is_smaller_than_six_points(column):
    svg = column.read_text(encoding="utf-8")
    sizes = [float(s) for s in re.findall(r"font(?:-size)?:\s*(?:[a-z]+\s+)*([0-9.]+)px", svg)]
    assert sizes, "font sizes are written"
    assert min(sizes) >= 6.0  # matplotlib writes points as px at 72 per inch


@pytest.fixture(scope="module")
def picture(bundled_dataset):
    from uprkg.draw import Style, figure
    from uprkg.network import project, with_camps

    graph, found = with_camps(project(bundled_dataset))
    return graph, figure(graph, found, Style(3.5, 5.0))


def test_column_figure_parts_stay_inside_the_page(picture):
    _, picture = picture
    fig = picture.fig
    renderer = fig.canvas.get_renderer()
    page = fig.bbox
    legend = fig.legends[0].get_window_extent(renderer)
    assert legend.x0 >= page.x0 - 1 and legend.y0 >= page.y0 - 1
    assert legend.y1 <= picture.ax.get_window_extent(renderer).y0 + 1  # under the network
    for node, text in picture.labels.items():
        box = text.get_window_extent(renderer)
        assert page.x0 - 1 <= box.x0 and box.x1 <= page.x1 + 1, node


def test_arrows_are_drawn_above_label_backgrounds(picture):
    from matplotlib.patches import FancyArrowPatch

    graph, picture = picture
    arrows = [p for p in picture.ax.patches if isinstance(p, FancyArrowPatch)]
    backgrounds = [t for t in picture.ax.texts if (t.get_gid() or "").startswith("label-")]
    assert len(arrows) == graph.number_of_edges()
    assert len(backgrounds) == graph.number_of_nodes()
    assert min(a.get_zorder() for a in arrows) > max(b.get_zorder() for b in backgrounds)
    assert all(b.get_bbox_patch() is not None for b in backgrounds)
    assert max(a.get_zorder() for a in arrows) < min(
        t.get_zorder() for t in picture.labels.values()
    )
