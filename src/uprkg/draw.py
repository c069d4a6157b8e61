"""Pictures of the actor network: a static figure (SVG, PNG) and an interactive page.

The figure is for papers: colour by actor type, line style by edge kind,
shape by camp, a legend, labels that never overlap (moved apart using the
renderer's own text extents), and a seeded layout, so the same graph gives
the same picture; the SVG has no date and fixed ids, so two runs give the
same bytes. The page (`html_page`) is one self-contained file: its script and
style are inlined from the package (uprkg/html/), nothing is fetched, so it
works offline and can be mailed to a colleague.
"""

from __future__ import annotations

import io
import json
import textwrap
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from uprkg.network import KINDS, RECOMMENDED, Camps

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

SEED = 20251107  # the day of the review session the US stayed away from
# Colours per actor type (Tableau 20 tones, distinct at a glance), fixed so
# every picture of every corpus uses the same key.
TYPE_COLOURS = {
    "State": "#1f77b4",
    "Government": "#aec7e8",
    "GovernmentAgency": "#17becf",
    "DiplomaticMission": "#9edae5",
    "Legislature": "#393b79",
    "Person": "#ff7f0e",
    "NGO": "#2ca02c",
    "AcademicBody": "#8c564b",
    "UNBody": "#e377c2",
    "UNMechanism": "#f7b6d2",
    "IntergovernmentalOrganisation": "#9467bd",
    "NewsOrganisation": "#7f7f7f",
    "Collective": "#bcbd22",
    "Organisation": "#dbdb8d",
    "Actor": "#c7c7c7",
}
# Edge kind: (colour, matplotlib line style, SVG dash pattern, legend text)
KIND_STYLES = {
    "criticised": ("#c0392b", "solid", "", "criticised (criticism, condemnation, rejection)"),
    "accused": ("#7d3c98", (0, (5, 2)), "6 3", "accused"),
    "urged": ("#2471a3", (0, (1, 2)), "1.5 3", "urged (appeal, demand)"),
    "supported": ("#1e8449", "solid", "", "supported (defence, endorsement)"),
    "sanctioned": ("#000000", (0, (6, 2, 1, 2)), "8 3 2 3", "sanctioned"),
    "recommended": ("#b9770e", (0, (3, 1)), "4 2", "recommended to (UPR record)"),
}
CAMP_SHAPES = {"anchor": ("s", "square"), "opposition": ("o", "circle"), "": ("D", "diamond")}
FIGSIZE = (17.0, 11.0)
SPREAD = 0.5  # how much rank spreading the layout gets (0: none)
LABEL_WIDTH = 22


def camp_ids(graph: nx.MultiDiGraph, found: Camps) -> dict[str, str]:
    return {n: found.member.get(n, "") for n in graph}


def layout(graph: nx.MultiDiGraph, found: Camps) -> dict[str, tuple[float, float]]:
    """Seeded spring layout, started with the anchor's side left and its opponents right;
    positions scaled to [0, 1]."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph))
    simple.add_edges_from(sorted((min(u, v), max(u, v)) for u, v in graph.edges()))
    camps = camp_ids(graph, found)
    column = {"anchor": -1.0, "opposition": 1.0, "": 0.0}
    nodes = sorted(graph)
    start = {
        n: (column[camps[n]], -1.0 + 2.0 * i / max(1, len(nodes) - 1)) for i, n in enumerate(nodes)
    }
    k = 3.0 / max(1, len(nodes)) ** 0.5
    pos = nx.spring_layout(simple, pos=start, seed=SEED, k=k, iterations=500)
    return _spread(_normalised({n: (float(x), float(y)) for n, (x, y) in pos.items()}))


def _normalised(pos: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    width = (max(xs) - min(xs)) or 1.0
    height = (max(ys) - min(ys)) or 1.0
    return {
        n: (round((x - min(xs)) / width, 6), round((y - min(ys)) / height, 6))
        for n, (x, y) in sorted(pos.items())
    }


def _spread(pos: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Blend each coordinate with its rank, so a dense hub's neighbours get room
    (monotone per axis: left stays left, above stays above)."""
    nodes = sorted(pos)
    last = max(1, len(nodes) - 1)
    spread = {n: [0.0, 0.0] for n in nodes}
    for axis in (0, 1):
        for rank, node in enumerate(sorted(nodes, key=lambda n: (pos[n][axis], n))):
            spread[node][axis] = round(SPREAD * rank / last + (1 - SPREAD) * pos[node][axis], 6)
    return {n: (x, y) for n, (x, y) in spread.items()}


def wrapped(label: str) -> str:
    return textwrap.fill(label, LABEL_WIDTH, break_long_words=False)


# -- the static figure ---------------------------------------------------------


@dataclass
class Picture:
    """The figure, its axes, node labels, final positions and marker sizes (points²)."""

    fig: Figure
    ax: Axes
    labels: dict[str, Text]
    pos: dict[str, tuple[float, float]]
    sizes: dict[str, float]

    def boxes(self, pad: float = 0.0) -> dict[str, list[Bbox]]:
        """Each node's label box and marker box in pixels, as the renderer draws them."""
        from matplotlib.transforms import Bbox

        renderer = self.fig.canvas.get_renderer()
        found = {}
        for node, text in self.labels.items():
            x, y = self.ax.transData.transform(self.pos[node])
            r = self.sizes[node] ** 0.5 / 2 * self.fig.dpi / 72 + pad
            marker = Bbox.from_extents(x - r, y - r, x + r, y + r)
            found[node] = [text.get_window_extent(renderer).padded(pad), marker]
        return found

    def collisions(self, pad: float = 0.0) -> list[tuple[str, str, Bbox, Bbox]]:
        """Pairs of nodes whose labels or markers overlap (label-label, label-marker,
        marker-marker), with the two boxes."""
        boxes = self.boxes(pad)
        names = sorted(boxes)
        return [
            (a, b, box_a, box_b)
            for i, a in enumerate(names)
            for b in names[i + 1 :]
            for box_a in boxes[a]
            for box_b in boxes[b]
            if box_a.overlaps(box_b)
        ]


MIN_POINTS = 6.0  # no text in the figure is smaller than this at its printed size


@dataclass(frozen=True)
class Style:
    """Sizes for a figure of `width` x `height` inches: text in points never below
    MIN_POINTS, so a one-column figure (3.5 in) stays legible; narrow figures put
    the legend under the network instead of beside it."""

    width: float = FIGSIZE[0]
    height: float = FIGSIZE[1]

    @property
    def scale(self) -> float:
        return min(self.width / FIGSIZE[0], self.height / FIGSIZE[1])

    def points(self, full: float) -> float:
        return max(MIN_POINTS, round(full * self.scale, 2))

    @property
    def narrow(self) -> bool:
        return self.width < 8.0

    @property
    def marker(self) -> float:
        return max(0.3, self.scale)


def figure(graph: nx.MultiDiGraph, found: Camps, style: Style | None = None) -> Picture:
    """The static figure: layout, labels moved apart, edges, nodes, legend, title.

    Arrows are drawn above the labels' white backgrounds and below their text, so
    an arrowhead reaching a node from below is never hidden by its label.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    style = style or Style()
    fig = Figure(figsize=(style.width, style.height), dpi=100)
    FigureCanvasAgg(fig)
    legend = _legend(fig, graph, found, style)
    if style.narrow:  # the network between the title and the legend under it
        renderer = fig.canvas.get_renderer()
        legend_top = legend.get_window_extent(renderer).y1 / fig.bbox.height
        title_room = 3.2 * style.points(14) / (style.height * 72) + 0.06
        box = (0.02, legend_top + 0.01, 0.96, max(0.2, 1 - title_room - legend_top - 0.01))
    else:
        box = (0.01, 0.02, 0.72, 0.9)
    ax = fig.add_axes(box)
    ax.set_xlim(-0.06, 1.06)
    ax.set_ylim(-0.08, 1.06)
    ax.axis("off")
    size = style.points(7.5)
    width = 14 if style.narrow else LABEL_WIDTH
    labels = {n: _label(ax, graph.nodes[n]["label"], size, width) for n in sorted(graph)}
    sizes = {n: (40.0 + 14.0 * graph.degree(n)) * style.marker**2 for n in graph}
    picture = Picture(fig, ax, labels, layout(graph, found), sizes)
    separate(picture, rounds=150 if style.narrow else 500)  # a column cannot part them all
    for text in labels.values():  # near the sides, a label extends inwards
        x = text.get_position()[0]
        text.set_horizontalalignment("left" if x < 0.12 else "right" if x > 0.88 else "center")
    for node, text in labels.items():  # the white background, under the arrows
        background = ax.text(
            *text.get_position(),
            text.get_text(),
            ha=text.get_horizontalalignment(),
            va="top",
            fontsize=size,
            color="none",
            zorder=1,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
        )
        background.set_gid(f"label-background-{node}")
    _draw_edges(ax, graph, picture.pos, style)
    _draw_nodes(ax, graph, found, picture.pos, sizes)
    _title(fig, graph, found, style)
    return picture


def _label(ax, label: str, size: float, width: int = LABEL_WIDTH):
    text = textwrap.fill(label, width, break_long_words=False)
    return ax.text(0, 0, text, ha="center", va="top", fontsize=size, zorder=5)


LABEL_GAP = 3.0  # points between a marker's lower edge and its label
GAP = 3.0  # pixels kept free around every label and marker


def _place_labels(picture: Picture) -> None:
    """Put each label just below its marker."""
    to_data = picture.ax.transData.inverted()
    for node, text in picture.labels.items():
        x, y = picture.ax.transData.transform(picture.pos[node])
        below = (picture.sizes[node] ** 0.5 / 2 + LABEL_GAP) * picture.fig.dpi / 72
        text.set_position(to_data.transform((x, y - below)))


def separate(picture: Picture, rounds: int = 500) -> None:
    """Move nodes (labels follow) until no label or marker overlaps another node's.

    Each round measures every box with the renderer and pushes each
    colliding pair of nodes apart along the axis where they overlap least.
    """
    to_data = picture.ax.transData.inverted()
    origin = to_data.transform((0, 0))
    for _ in range(rounds):
        _place_labels(picture)
        moves: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for a, b, box_a, box_b in picture.collisions(pad=GAP / 2):
            _push(box_a, box_b, moves[a], moves[b])
        if not moves:
            return
        for node, (dx, dy) in moves.items():
            x1, y1 = to_data.transform((dx, dy))
            x, y = picture.pos[node]
            picture.pos[node] = (
                min(1.0, max(0.0, x + x1 - origin[0])),
                min(1.0, max(0.0, y + y1 - origin[1])),
            )


def _push(a, b, move_a: list[float], move_b: list[float]) -> None:
    """Split the smaller overlap of boxes a and b between them (pixels, plus a margin)."""
    dx = min(a.x1, b.x1) - max(a.x0, b.x0)
    dy = min(a.y1, b.y1) - max(a.y0, b.y0)
    if dx < dy:
        step = dx / 2 + 1
        sign = -1 if (a.x0 + a.x1) <= (b.x0 + b.x1) else 1
        move_a[0] += sign * step
        move_b[0] -= sign * step
    else:
        step = dy / 2 + 1
        sign = -1 if (a.y0 + a.y1) < (b.y0 + b.y1) else 1
        move_a[1] += sign * step
        move_b[1] -= sign * step


def _draw_edges(ax, graph, pos, style: Style | None = None) -> None:
    from matplotlib.patches import FancyArrowPatch

    scale = (style or Style()).marker

    for (u, v, kind), rad in curvatures(graph).items():
        data = graph.edges[u, v, kind]
        colour, style, _, _ = KIND_STYLES[kind]
        ax.add_patch(
            FancyArrowPatch(
                pos[u],
                pos[v],
                arrowstyle="-|>",
                mutation_scale=max(6.0, 9 * scale),
                connectionstyle=f"arc3,rad={rad}",
                color=colour,
                linestyle=style,
                linewidth=(0.7 + 0.6 * data["weight"]) * max(0.5, scale),
                alpha=0.75,
                shrinkA=5 * scale,
                shrinkB=7 * scale,
                zorder=2,
            )
        )


def curvatures(graph: nx.MultiDiGraph) -> dict[tuple[str, str, str], float]:
    """A bend per edge so parallel edges (other kinds, other direction) do not cover each other."""
    by_pair: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for u, v, kind in graph.edges(keys=True):
        by_pair[(min(u, v), max(u, v))].append((u, v, kind))
    bends = {}
    order = {k: i for i, k in enumerate((*KINDS, RECOMMENDED))}
    for (low, _), edges in sorted(by_pair.items()):
        edges.sort(key=lambda e: (e[0] != low, order[e[2]]))
        for i, edge in enumerate(edges):
            offset = 0.0 if len(edges) == 1 else 0.12 * (i - (len(edges) - 1) / 2)
            # arc3 bends relative to the direction of travel: flip for reverse edges
            bends[edge] = offset if edge[0] == low else -offset
    return bends


def _draw_nodes(ax, graph, found, pos, sizes) -> None:
    camps = camp_ids(graph, found)
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for node in sorted(graph):
        groups[(graph.nodes[node]["actor_type"], camps[node])].append(node)
    for (kind, camp), nodes in sorted(groups.items()):
        ax.scatter(
            [pos[n][0] for n in nodes],
            [pos[n][1] for n in nodes],
            s=[sizes[n] for n in nodes],
            c=TYPE_COLOURS.get(kind, TYPE_COLOURS["Actor"]),
            marker=CAMP_SHAPES[camp][0],
            edgecolors="#222222",
            linewidths=0.8,
            zorder=4,
        )


def _legend(fig, graph, found, style: Style | None = None):
    from matplotlib.lines import Line2D

    types = sorted({d["actor_type"] for _, d in graph.nodes(data=True)})
    kinds = [
        k for k in (*KINDS, RECOMMENDED) if any(key == k for _, _, key in graph.edges(keys=True))
    ]
    handles = [Line2D([], [], linestyle="none", label="actor type")]
    handles += [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="none",
            markersize=8,
            label=t,
            markerfacecolor=TYPE_COLOURS.get(t, TYPE_COLOURS["Actor"]),
            markeredgecolor="#222",
        )
        for t in types
    ]
    handles += [
        Line2D([], [], linestyle="none", label=""),
        Line2D([], [], linestyle="none", label="edge (width: statements)"),
    ]
    handles += [
        Line2D(
            [],
            [],
            color=KIND_STYLES[k][0],
            linestyle=KIND_STYLES[k][1],
            linewidth=1.6,
            label=k if (style or Style()).narrow else KIND_STYLES[k][3],
        )
        for k in kinds
    ]
    handles += [
        Line2D([], [], linestyle="none", label=""),
        Line2D([], [], linestyle="none", label="camp (structural balance)"),
    ]
    for camp_id in ("anchor", "opposition", ""):
        text = found.labels.get(camp_id, "no camp")
        handles.append(
            Line2D(
                [],
                [],
                marker=CAMP_SHAPES[camp_id][0],
                linestyle="none",
                markersize=8,
                markerfacecolor="white",
                markeredgecolor="#222",
                label=text,
            )
        )
    style = style or Style()
    if style.narrow:  # under the network, the spacer rows dropped
        handles = [h for h in handles if h.get_label()]
    return fig.legend(
        handles=handles,
        loc="lower left" if style.narrow else "upper left",
        bbox_to_anchor=(0.0, 0.0) if style.narrow else (0.75, 0.93),
        ncol=2 if style.narrow else 1,
        frameon=False,
        fontsize=style.points(8.5),
        handlelength=2.0 if style.narrow else 2.6,
        columnspacing=0.6,
        borderaxespad=0.2,
    )


def _title(fig, graph, found, style: Style | None = None) -> None:
    style = style or Style()
    statements = {s for _, _, d in graph.edges(data=True) for s in d["statements"]}
    title = style.points(14)
    fig.text(
        0.01,
        0.985 if style.narrow else 0.975,
        "Who criticised, accused, urged, supported or sanctioned whom",
        fontsize=title,
        weight="bold",
        va="top",
        wrap=True,
    )
    subtitle = (
        f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} edges from "
        f"{len(statements)} statements and sanctions in {len(graph.graph.get('sources', {}))} "
        f"sources ({graph.graph.get('selection', '')}); arrows point from speaker to target; "
        "documents and decisions shown as their responsible actors."
    )
    size = style.points(9)
    per_line = max(30, int(style.width * 72 / (size * 0.52)))  # average glyph ~0.52 em
    fig.text(
        0.01,
        0.985 - (title * 1.6) / (style.height * 72) if style.narrow else 0.945,
        textwrap.fill(subtitle, per_line),
        fontsize=size,
        va="top",
    )


def svg(fig: Figure) -> str:
    """The figure as SVG, text kept as text, without a date and with fixed element ids
    (identical runs)."""
    import matplotlib

    buffer = io.StringIO()
    # fonttype none: labels stay <text> a journal's editor (or a screen reader) can use
    with matplotlib.rc_context({"svg.hashsalt": "uprkg", "svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def png(fig: Figure, dpi: int = 150) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


# -- the interactive page --------------------------------------------------------


def page_data(graph: nx.MultiDiGraph, found: Camps, pos) -> dict:
    """Everything the page shows, as JSON: nodes with positions, edges with evidence."""
    from uprkg.export import network_json

    data = network_json(graph)
    camps = camp_ids(graph, found)
    for node in data["nodes"]:
        node["x"], node["y"] = pos[node["id"]]
        node["colour"] = TYPE_COLOURS.get(node["actor_type"], TYPE_COLOURS["Actor"])
        node["camp_id"] = camps[node["id"]]
        node["shape"] = CAMP_SHAPES[camps[node["id"]]][1]
        node["degree"] = graph.degree(node["id"])
        node["lines"] = wrapped(node["label"]).split("\n")
    bends = curvatures(graph)
    for edge in data["edges"]:
        edge["bend"] = bends[(edge["source"], edge["target"], edge["kind"])]
    data["styles"] = {  # lists, not objects: the legend keeps this order
        "kinds": [
            {"kind": k, "colour": c, "dash": d, "label": t}
            for k, (c, _, d, t) in KIND_STYLES.items()
        ],
        "types": TYPE_COLOURS,
        "camps": [
            {"id": k, "label": found.labels.get(k, "no camp"), "shape": s[1]}
            for k, s in CAMP_SHAPES.items()
        ],
    }
    return data


def html_page(graph: nx.MultiDiGraph, found: Camps, pos) -> str:
    """One self-contained HTML file: template, style, script and data inlined."""
    folder = Path(__file__).resolve().parent / "html"
    template = (folder / "page.html").read_text(encoding="utf-8")
    style = (folder / "style.css").read_text(encoding="utf-8")
    script = (folder / "app.js").read_text(encoding="utf-8")
    data = json.dumps(page_data(graph, found, pos), ensure_ascii=False, sort_keys=True)
    # No "<" at all inside the script element: "</script" would close it and "<!--" would
    # open the HTML parser's escaped state; "\u003c" is the same character to JSON.parse.
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    parts = {"/*STYLE*/": style, "/*SCRIPT*/": script, "/*DATA*/": data}
    for marker, content in parts.items():
        template = template.replace(marker, content, 1)
    return template


def pictures(
    graph: nx.MultiDiGraph, found: Camps, outs: list[Path], style: Style | None = None
) -> dict[Path, str | bytes]:
    """The files to write, by extension (.svg, .png, .html); rendered before any is written."""
    outputs: dict[Path, str | bytes] = {}
    picture = figure(graph, found, style)
    for out in outs:
        suffix = out.suffix.lower()
        if suffix == ".svg":
            outputs[out] = svg(picture.fig)
        elif suffix == ".png":
            outputs[out] = png(picture.fig)
        elif suffix == ".html":
            outputs[out] = html_page(graph, found, picture.pos)
    return outputs
