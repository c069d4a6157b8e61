"""`uprkg reason`: consistency and inferences with HermiT."""

from __future__ import annotations

from pathlib import Path

import click

from uprkg.commands.options import out_option


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@out_option
@click.option(
    "--trig",
    "trig_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With FILES: write their triples plus the inferred graph to this TriG file.",
)
@click.pass_context
def reason(ctx: click.Context, files: tuple[Path, ...], out_dir: Path, trig_file: Path | None):
    """Check the graph is consistent with the ontology and add what follows from it.

    Runs HermiT (through owlready2; needs Java) on the ontology plus the
    asserted graph. Adds, in the named graph
    https://w3id.org/uprkg/graph/inferred: class memberships (a
    condemnation is a criticism), derived actor-to-actor edges (criticised,
    accused, rejected, urged, supported, sanctioned, also for the
    organisation or state a speaker acts for) and inverse properties.

    Without FILES it works on OUT/uprkg.trig (building it first if missing)
    and rewrites that file. An inconsistent graph is explained in plain
    words and exits 1.
    """
    from uprkg.pipeline import reason_build, reason_files

    if files:
        report = reason_files(list(files), trig_file)
    else:
        report = reason_build(ctx.obj["corpus"], out_dir)
    for line in report:
        click.echo(line)
