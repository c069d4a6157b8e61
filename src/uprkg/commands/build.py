"""`uprkg build`, `uprkg check` and `uprkg stats`."""

from __future__ import annotations

from pathlib import Path

import click

from uprkg.commands.options import out_option, report_format_option


@click.command()
@out_option
@click.pass_context
def build(ctx: click.Context, out_dir: Path) -> None:
    """Build the graph from the corpus: verify every quote, write Turtle and TriG.

    Writes OUT/uprkg.ttl (the whole graph) and OUT/uprkg.trig (one named
    graph per source, one for the registry, one for the ontology terms
    used), then prints a summary. Nothing is written if the corpus has a
    problem; each problem is reported with its file, line and field.
    """
    from uprkg.pipeline import build as run_build

    summary = run_build(ctx.obj["corpus"], out_dir)
    for line in summary.lines():
        click.echo(line)


@click.command()
@out_option
@click.pass_context
def check(ctx: click.Context, out_dir: Path) -> None:
    """Build the graph and run every check that exists.

    Builds (verifying every quote and validating the shapes), then runs the
    OWL reasoner: consistency, and the inferred named graph in
    OUT/uprkg.trig. Exit 0 when everything passes, 1 when a check fails,
    2 on bad input.
    """
    from uprkg.pipeline import check as run_check

    for line in run_check(ctx.obj["corpus"], out_dir):
        click.echo(line)
    click.echo("all checks passed", err=True)


@click.command()
@report_format_option
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """Count what the graph contains, per class, per stance and per source.

    Reads the build's store (build/store; else build/uprkg.trig, else the
    corpus built in memory): instances and stances of the asserted graphs,
    statements, events, claims, quotes and triples in each source's graph.
    """
    from uprkg.stats import render, store_stats
    from uprkg.store import open_store

    def note(message: str) -> None:
        click.echo(f"uprkg: {message}", err=True)

    click.echo(render(store_stats(open_store((), ctx.obj["corpus"], note=note)), fmt))
