"""`uprkg import`: bring a dataset of the formal UPR record into the graph."""

from __future__ import annotations

from pathlib import Path

import click

from uprkg.commands.options import out_option


def common_options(command):
    """Options every importer takes (applied bottom-up, listed top-down in --help)."""
    for option in reversed(
        [
            click.argument("file", type=click.Path(dir_okay=False, path_type=Path)),
            click.option(
                "--skip-bad-rows",
                is_flag=True,
                help="Leave bad rows out (each listed, with a count) instead of failing.",
            ),
            click.option(
                "--corrections",
                type=click.Path(dir_okay=False, path_type=Path),
                help="YAML table of documented corrections of known defects in FILE.",
            ),
            click.option(
                "--dataset-id",
                help="Id of the dataset and its named graph. Default: FILE's name, slugified.",
            ),
            click.option("--title", help="Title of the dataset node."),
            click.option("--publisher", help="Publisher of the dataset node."),
            click.option("--licence-note", help="What is known of the terms of reuse."),
            out_option,
        ]
    ):
        command = option(command)
    return command


def run(ctx: click.Context, kind: str, file: Path, out_dir: Path, **options) -> None:
    from uprkg.importers import import_records, load_into_store, write_import

    imported = import_records(kind, file, corpus=ctx.obj["corpus"], **options)
    for problem in imported.parsed.problems:
        click.echo(f"uprkg: left out: {problem}", err=True)
    for note in imported.parsed.notes:
        click.echo(f"uprkg: note: {note}", err=True)
    if imported.bad_rows:
        click.echo(
            f"uprkg: left out {len(imported.bad_rows)} bad rows of {imported.parsed.rows}",
            err=True,
        )
    path = write_import(imported, out_dir)
    click.echo(imported.summary())
    click.echo(f"wrote {path}")
    size = load_into_store(imported, path, out_dir)
    if size is None:
        click.echo(
            f"uprkg: note: no store in {out_dir} (run `uprkg build`, then import again); "
            f"meanwhile query the file with --graph {path}",
            err=True,
        )
    else:
        click.echo(
            f"loaded <{imported.info.graph}> into {Path(out_dir) / 'store'} ({size} triples)"
        )


@click.group(name="import")
def import_() -> None:
    """Import a dataset of the formal UPR record: recommendations and responses.

    Each dataset becomes its own named graph (graph/record/<id>) with a
    dataset node (title, publisher, licence note, file checksum) and, on
    every recommendation, the lines of FILE it comes from. States take the
    registry's IRIs (actor/usa ...) or their ISO 3166-1 alpha-3 code in
    lower case (actor/fra). A bad row (unknown state, empty field, bad
    response ...) is reported with file, line, column and reason; the
    import then fails (exit 2, nothing written) unless --skip-bad-rows.
    Writes OUT/records/<id>.nq (sorted N-Quads: the same file gives the
    same bytes) and adds the graph to the store OUT/store (replacing an
    earlier import of the same dataset), so `uprkg query` sees it; a later
    `uprkg build` rebuilds the store from the corpus alone.
    """


@import_.command("upr-info")
@common_options
@click.pass_context
def upr_info(ctx: click.Context, file: Path, out_dir: Path, **options) -> None:
    """A UPR Info database export (To, Text, From, Response, Action, Issue, Session ...).

    Rows that share state under review, session and text are one
    recommendation (a joint one when several states made it); the cycle
    follows from the session.
    """
    run(ctx, "upr-info", file, out_dir, **options)


@import_.command("un-recommendations")
@common_options
@click.option(
    "--state",
    required=True,
    help="The state under review: a name or ISO 3166-1 alpha-3 code (USA).",
)
@click.option(
    "--document",
    required=True,
    help="UN symbol of the Working Group report the paragraphs number (A/HRC/46/15).",
)
@click.option("--session", type=click.IntRange(1), help="UPR Working Group session (36).")
@click.option("--cycle", type=click.IntRange(1), help="UPR cycle (3).")
@click.pass_context
def un_recommendations(ctx: click.Context, file: Path, out_dir: Path, **options) -> None:
    """An OHCHR list of one review's recommendations (paragraph, recommending_state, ...).

    Joint recommendations separate their states with ';'; position is
    supported, noted or supported_noted (partially supported).
    """
    run(ctx, "un-recommendations", file, out_dir, **options)
