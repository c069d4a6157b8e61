"""`uprkg schema`: the corpus files' JSON Schemas: check files, show or locate a schema."""

from __future__ import annotations

from pathlib import Path

import click

NAMES = ("annotation", "sources", "actors", "topics", "documents", "propositions", "upr")


@click.group()
def schema() -> None:
    """The JSON Schemas of the corpus files (annotations, sources, actors, ...).

    The schemas are generated from the loader's own reading of each field, so
    a file that passes them passes the loader's field checks (references,
    quotes and offsets are checked by `uprkg build`). Editors that speak the
    YAML language server validate and complete a file whose first line is
    `# yaml-language-server: $schema=PATH`, PATH from `uprkg schema path`.
    """


@schema.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def check(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Validate YAML FILES (default: every file of the corpus) against their schema.

    The schema is chosen by the file's name (sources.yaml, actors.yaml ...;
    a file in annotations/ is an annotation file) or its
    yaml-language-server line. Prints one problem per line with file, line
    and field; exit 0 when all files pass, 1 when one fails.
    """
    from uprkg import paths
    from uprkg.schema.validate import validate_corpus, validate_file

    if files:
        problems = [p for f in files for p in validate_file(f)]
        count = len(files)
    else:
        given = ctx.find_root().obj.get("corpus") if ctx.find_root().obj else None
        root = Path(given) if given else paths.default_corpus()
        problems = validate_corpus(root)
        count = len(list(root.glob("*.yaml"))) + len(list((root / "annotations").glob("*.yaml")))
    for problem in problems:
        click.echo(f"uprkg: error: {problem}", err=True)
    if problems:
        ctx.exit(1)
    click.echo(f"{count} file(s) valid", err=True)


@schema.command()
@click.argument("name", type=click.Choice(NAMES), default="annotation")
def path(name: str) -> None:
    """Print the path of a schema file, for an editor's $schema line."""
    from uprkg import paths

    click.echo(paths.asset("schemas") / f"{name}.schema.json")


@schema.command()
@click.argument("name", type=click.Choice(NAMES), default="annotation")
def show(name: str) -> None:
    """Print a schema (JSON)."""
    from uprkg import paths

    click.echo(
        (paths.asset("schemas") / f"{name}.schema.json").read_text(encoding="utf-8"), nl=False
    )
