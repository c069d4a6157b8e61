"""Options several commands share; click only, so help and listings stay fast."""

from __future__ import annotations

from pathlib import Path

import click

from uprkg.paths import BUILD_DIR

report_format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "md"]),
    default="table",
    show_default=True,
    help="table for a terminal, json for programs, md for Markdown documents.",
)

out_option = click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=BUILD_DIR,
    show_default=True,
    help="Folder for uprkg.ttl and uprkg.trig.",
)
