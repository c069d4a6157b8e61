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
    help="RDF file(s) to read (repeatable). Default: the build's store (build/store), "
    "else build/uprkg.trig, else the corpus built in memory.",
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
@click.option(
    "--with-inferred",
    is_flag=True,
    help="ttl, nt, void: add the reasoner's graph (graph/inferred) to the asserted graphs.",
)
@click.pass_context
def export(
    ctx: click.Context,
    fmt: str,
    out: Path | None,
    graph_files: tuple[Path, ...],
    with_inferred: bool,
) -> None:
    """Export the graph for other researchers and tools.

    RDF exports are sorted, so two runs give the same bytes, and each one
    re-parsed is isomorphic to its input (quad formats graph by graph).
    JSON-LD embeds the context published in ontology/uprkg.context.jsonld.
    Asserted and inferred triples never mix unless asked: ttl, nt, plover
    and void hold the asserted graphs (--with-inferred adds graph/inferred to
    ttl, nt and void); trig, nq and jsonld keep every named graph, each
    under its own name. stderr says which graphs were used.
    """
    from uprkg.export import QUAD_FORMATS, render
    from uprkg.serialize import write_all
    from uprkg.store import Graphs, open_store

    def note(message: str) -> None:
        click.echo(f"uprkg: {message}", err=True)

    store = open_store(graph_files, ctx.obj["corpus"], note=note)
    graphs = Graphs(inferred=with_inferred)
    if fmt in QUAD_FORMATS:
        note(f"graphs used: every named graph of {store.origin}, each under its own name")
    else:
        note(graphs.describe(store))
    text = render(store, fmt, graphs)
    if out is None:
        click.echo(text, nl=False)
        return
    write_all({out: text})
    click.echo(f"wrote {out} ({len(text.encode('utf-8'))} bytes)", err=True)
