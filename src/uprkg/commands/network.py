"""`uprkg network`: the actor network (stats, files for network tools, pictures)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click

from uprkg.commands.export import graph_option

# uprkg.network's KINDS and ROLLUPS, repeated so `uprkg --help` need not import
# rdflib (tests/test_network.py checks they agree)
KINDS = ("criticised", "accused", "urged", "supported", "sanctioned")
ROLLUPS = ("none", "persons", "principals")
NETWORK_FORMATS = ("graphml", "gexf", "csv", "json")
PICTURE_SUFFIXES = (".svg", ".png", ".html")


def projection_options(function):
    """The options every network subcommand shares: input, roll-up and filters."""
    options = [
        graph_option,
        click.option(
            "--roll-up",
            "rollup",
            type=click.Choice(ROLLUPS),
            default="none",
            show_default=True,
            help="persons: a person speaking for an organisation or state (uprkg:onBehalfOf) "
            "becomes it; principals: every speaker with a principal does.",
        ),
        click.option(
            "--stance",
            "stances",
            multiple=True,
            help="Keep statements with this stance or a narrower one (repeatable), "
            "e.g. criticism (also condemnation, accusation, rejection), appeal, defence.",
        ),
        click.option(
            "--kind",
            "kinds",
            multiple=True,
            type=click.Choice(KINDS),
            help="Keep edges of this kind (repeatable).",
        ),
        click.option(
            "--source", "sources", multiple=True, help="Keep statements this source reports."
        ),
        click.option("--since", help="Keep statements dated on or after (YYYY[-MM[-DD]])."),
        click.option("--until", help="Keep statements dated on or before (YYYY[-MM[-DD]])."),
        click.option(
            "--layer",
            type=click.Choice(["discourse", "recommendations", "both"]),
            default="discourse",
            show_default=True,
            help="discourse: the statements' edges; recommendations: the UPR record's "
            "recommended-to edges (weight: recommendations, with the supported share); both.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _network(ctx: click.Context, graph_files, rollup, stances, kinds, sources, since, until, layer):
    from uprkg.errors import InputError, Problem
    from uprkg.network import Selection, add_recommendation_layer, project, with_camps
    from uprkg.store import open_store

    def note(message: str) -> None:
        click.echo(f"uprkg: {message}", err=True)

    selection = Selection(rollup, tuple(stances), tuple(kinds), tuple(sources), since, until)
    data = open_store(graph_files, ctx.obj["corpus"], note=note)
    graph = project(data, selection)
    if layer == "recommendations":
        graph.remove_edges_from(list(graph.edges(keys=True)))
        graph.remove_nodes_from(list(graph.nodes))
        graph.graph["statements"] = {}
    if layer != "discourse" and add_recommendation_layer(graph, data) == 0:
        raise InputError(Problem("the graph holds no recommendation (import a UPR dataset)"))
    if graph.number_of_edges() == 0:
        raise InputError(Problem(f"no statement matches the selection ({selection.describe()})"))
    return with_camps(graph)


@click.group()
def network() -> None:
    """The actor network: who criticised, accused, urged, supported or sanctioned whom.

    Edges come from the asserted statements (one edge per speaker, target
    and kind, weighted by the number of statements, with their quotes and
    sources); documents and decisions roll up to their responsible actors.
    """


@network.command()
@projection_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True)
@click.pass_context
def stats(ctx: click.Context, fmt: str, top: int, **selection) -> None:
    """Most criticised and most critical actors, betweenness, and the two camps.

    Camps split the signed network (criticism and sanctions negative,
    support positive) by structural balance around the most criticised
    actor; each actor is listed with the statements that put it there.
    """
    from uprkg.network import render_table, summary

    graph, found = _network(ctx, **selection)
    numbers = summary(graph, found, top)
    if fmt == "json":
        click.echo(json.dumps(numbers, indent=2, ensure_ascii=False))
    else:
        click.echo(render_table(numbers, shutil.get_terminal_size((100, 24)).columns))


@network.command("export")
@projection_options
@click.option("--format", "fmt", type=click.Choice(NETWORK_FORMATS), required=True)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="File to write; for csv a folder that receives nodes.csv and edges.csv.",
)
@click.pass_context
def export_network(ctx: click.Context, fmt: str, out: Path, **selection) -> None:
    """Write the network for Gephi, Cytoscape or a script: GraphML, GEXF, CSV or JSON.

    Attributes are typed (weight and sign integers, the rest strings);
    every edge has a label (its kind), its statements, quotes and sources.
    """
    from uprkg.export import network_files
    from uprkg.serialize import write_all

    graph, _ = _network(ctx, **selection)
    outputs = network_files(graph, fmt, out)
    write_all(outputs)
    for path in outputs:
        click.echo(f"wrote {path}", err=True)


@network.command()
@projection_options
@click.option(
    "--out",
    "outs",
    multiple=True,
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Picture to write, by extension: .svg or .png (static, for papers) or .html "
    "(interactive, works offline). Repeatable.",
)
@click.option(
    "--width",
    type=click.FloatRange(min=2.0, max=40.0),
    default=17.0,
    show_default=True,
    metavar="INCHES",
    help="Width of the static figure (3.5 for a journal column, 7 for a page).",
)
@click.option(
    "--height",
    type=click.FloatRange(min=2.0, max=40.0),
    default=11.0,
    show_default=True,
    metavar="INCHES",
    help="Height of the static figure.",
)
@click.pass_context
def draw(
    ctx: click.Context, outs: tuple[Path, ...], width: float, height: float, **selection
) -> None:
    """Draw the network: a static SVG/PNG and a self-contained interactive HTML page.

    The layout is seeded, so the same graph gives the same picture. The static
    figure is --width x --height inches; its text is never smaller than 6 pt at
    that size and stays text in the SVG.
    """
    from uprkg.draw import Style, pictures
    from uprkg.errors import InputError, Problem
    from uprkg.serialize import write_all

    bad = [o for o in outs if o.suffix.lower() not in PICTURE_SUFFIXES]
    if bad:
        known = ", ".join(PICTURE_SUFFIXES)
        raise InputError([Problem(f"unknown picture type (known: {known})", o) for o in bad])
    graph, found = _network(ctx, **selection)
    outputs = pictures(graph, found, list(outs), Style(width, height))
    write_all(outputs)
    for path in outputs:
        click.echo(f"wrote {path}", err=True)
