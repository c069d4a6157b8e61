"""`uprkg validate`: check a graph against the SHACL shapes."""

from __future__ import annotations

from pathlib import Path

import click

FORMATS = ("text", "ttl", "json")


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: a report for reading; ttl: the SHACL validation report in Turtle; "
    "json: the same results as JSON.",
)
@click.option(
    "--show",
    type=click.Choice(["violation", "warning", "info"]),
    default="info",
    show_default=True,
    help="Least severe results the text report lists (the verdict always counts all).",
)
@click.pass_context
def validate(ctx: click.Context, files: tuple[Path, ...], fmt: str, show: str) -> None:
    """Validate a graph against the SHACL shapes, with the ontology applied.

    FILES are Turtle, TriG, N-Triples, N-Quads or JSON-LD files, merged into
    one graph; without FILES, the build (build/store and its uprkg.trig,
    read by Oxigraph) if it exists, else the corpus built in memory.
    Subclass instances meet their superclass shapes (the ontology's
    rdfs:subClassOf is applied).

    The text report groups results by source document and item, each with
    its message, offending value and shape, and ends with a one-line
    verdict. Exit 0 when the graph conforms (warnings and infos allowed),
    1 when it has violations, 2 when a file cannot be read.
    """
    from uprkg.pipeline import no_cycle_collection
    from uprkg.validate import build_triples
    from uprkg.validate import validate as run_validation

    with no_cycle_collection():
        if files:
            from uprkg.validate import file_triples

            data = file_triples(files)
        else:

            def note(message: str) -> None:
                click.echo(f"uprkg: {message}", err=True)

            data = build_triples(ctx.obj["corpus"], note=note)
        report = run_validation(data)
    if fmt == "ttl":
        click.echo(report.as_turtle(), nl=False)
    elif fmt == "json":
        click.echo(report.as_json(), nl=False)
    else:
        click.echo(report.text(show.capitalize()), nl=False)
    if fmt != "text":
        click.echo(f"uprkg: {report.verdict()}", err=True)
    if not report.conforms:
        ctx.exit(1)
