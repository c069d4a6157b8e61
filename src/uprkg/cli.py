"""The `uprkg` command: a thin layer over the library.

Each subcommand lives in its own module under `uprkg.commands` and is
imported only when it runs (or when help lists it), so `uprkg --help` and
light commands start fast and heavy libraries (pyshacl, owlready2,
matplotlib) load only in the commands that need them.

Conventions: results on stdout, messages on stderr; exit 0 on success,
1 when a check ran and failed, 2 on bad input or usage.
"""

from __future__ import annotations

import importlib
import sys

import click

from uprkg import __version__
from uprkg.errors import UprkgError

COMMANDS = {
    "build": ("uprkg.commands.build", "build"),
    "check": ("uprkg.commands.build", "check"),
    "stats": ("uprkg.commands.build", "stats"),
    "query": ("uprkg.commands.query", "query"),
    "sparql": ("uprkg.commands.query", "sparql"),
    "load": ("uprkg.commands.query", "load"),
    "validate": ("uprkg.commands.validate", "validate"),
    "reason": ("uprkg.commands.reason", "reason"),
    "export": ("uprkg.commands.export", "export"),
    "network": ("uprkg.commands.network", "network"),
    "new-source": ("uprkg.commands.extract", "new_source"),
    "extract": ("uprkg.commands.extract", "extract"),
    "vocab": ("uprkg.commands.vocab", "vocab"),
    "schema": ("uprkg.commands.schema", "schema"),
    "serve": ("uprkg.commands.serve", "serve"),
    "import": ("uprkg.commands.importer", "import_"),
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attribute = COMMANDS[name]
        return getattr(importlib.import_module(module), attribute)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="uprkg")
@click.option(
    "--corpus",
    type=click.Path(file_okay=False, path_type=str),
    envvar="UPRKG_CORPUS",
    help="Corpus folder (sources/, sources.yaml, actors.yaml, annotations/). "
    "Default: the bundled corpus, or $UPRKG_CORPUS.",
)
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="No progress display on the terminal (it is never shown when stderr is not one).",
)
@click.option(
    "--fetch-contexts",
    "fetch_contexts",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Let JSON-LD files name remote http(s) @context documents, each fetched within "
    "SECONDS in total. Default: nothing is ever fetched.",
)
@click.pass_context
def cli(ctx: click.Context, corpus: str | None, quiet: bool, fetch_contexts: float | None) -> None:
    """uprkg: who criticised whom, and why, around the 2025 US refusal of its UPR.

    Build a provenance-tracked RDF graph from the source articles, check it,
    and query it. Start with `uprkg check` on the bundled corpus.
    """
    from uprkg.progress import set_quiet

    set_quiet(quiet)
    ctx.obj = {"corpus": corpus}
    from uprkg.fetch import allow_remote_contexts  # the standard library only: starts fast

    allow_remote_contexts(fetch_contexts)


def main() -> None:
    """Entry point: run the CLI, turning uprkg errors into messages and exit codes."""
    try:
        result = cli.main(prog_name="uprkg", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("uprkg: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except UprkgError as exc:
        for problem in exc.problems:
            click.echo(f"uprkg: error: {problem}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    sys.exit(result if isinstance(result, int) else 0)
