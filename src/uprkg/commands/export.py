"""`uprkg export`: the graph in an RDF format, as PLOVER records, or its VoID description."""

from __future__ import annotations

from pathlib import Path

import click

# uprkg.export.FORMATS, repeated so `uprkg --help` need not import rdflib
FORMATS = ("ttl", "trig", "nt", "nq", "jsonld", "plover", "void")

graph_option = click.option(
    "--graph",
    "graph_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="RDF file(s) to read (repeatable). Default: build/uprkg.trig if present, "
    "else the corpus built in memory.",
)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    required=True,
    help="ttl, trig, nt, nq, jsonld: RDF; plover: statements as PLOVER-style JSON "
    "Lines records; void: a VoID + DCAT description of the dataset (Turtle).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (replaced only if the export succeeds). Default: stdout.",
)
@graph_option
@click.pass_context
def export(ctx: click.Context, fmt: str, out: Path | None, graph_files: tuple[Path, ...]) -> None:
    """Export the graph for other researchers and tools.

    RDF exports are sorted, so two runs give the same bytes, and each one
    re-parsed is isomorphic to its input (quad formats graph by graph).
    JSON-LD embeds the context published in ontology/uprkg.context.jsonld.
    """
    from uprkg.export import render
    from uprkg.graphio import load_graph
    from uprkg.serialize import write_all

    text = render(load_graph(graph_files, ctx.obj["corpus"]), fmt)
    if out is None:
        click.echo(text, nl=False)
        return
    write_all({out: text})
    click.echo(f"wrote {out} ({len(text.encode('utf-8'))} bytes)", err=True)
