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
@click.option(
    "--rules-only",
    is_flag=True,
    help="Derive the actor-to-actor edges by rules only (fast on large imported data); "
    "HermiT does not run, so consistency is not checked.",
)
@click.option(
    "--show-rules",
    is_flag=True,
    help="Print the SPARQL CONSTRUCT rules generated from the ontology's property chains, "
    "and exit.",
)
@click.pass_context
def reason(
    ctx: click.Context,
    files: tuple[Path, ...],
    out_dir: Path,
    trig_file: Path | None,
    rules_only: bool,
    show_rules: bool,
):
    """Check the graph is consistent with the ontology and add what follows from it.

    Runs HermiT (through owlready2; needs Java) on the ontology plus the
    asserted graph. Adds, in the named graph
    https://w3id.org/uprkg/graph/inferred: class memberships (a
    condemnation is a criticism), derived actor-to-actor edges (criticised,
    accused, rejected, urged, supported, sanctioned, also for the
    organisation or state a speaker acts for) and inverse properties.

    HermiT sees the hand-annotated graphs (sources, registry, ontology
    terms); its answer is cached under OUT/cache by a hash of its input, so
    an unchanged corpus does not pay for it twice. The derived edges are
    also computed by rules generated from the ontology's property chains,
    over every graph, imported records included (--show-rules prints them).

    Without FILES it works on OUT/uprkg.trig (building it first if missing)
    and rewrites that file. An inconsistent graph is explained in plain
    words and exits 1.
    """
    from uprkg.pipeline import reason_build, reason_files

    if show_rules:
        from uprkg.rules import rules

        for rule in rules():
            click.echo(f"# {rule.prop} <- {' / '.join(rule.chain)}\n{rule.query}\n")
        return
    if files:
        report = reason_files(list(files), trig_file, hermit=not rules_only)
    else:
        report = reason_build(ctx.obj["corpus"], out_dir, hermit=not rules_only)
    for line in report:
        click.echo(line)
