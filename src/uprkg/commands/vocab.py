"""`uprkg vocab`: the values the annotation format allows, with their definitions."""

from __future__ import annotations

import json

import click

from uprkg.commands.options import report_format_option

NAMES = (
    "stances",
    "channels",
    "roles",
    "event-types",
    "topics",
    "claim-properties",
    "actor-types",
    "document-types",
    "tenures",
    "voices",
    "participations",
    "boilerplate-kinds",
)


@click.command()
@click.argument("name", required=False, type=click.Choice(NAMES))
@report_format_option
@click.pass_context
def vocab(ctx: click.Context, name: str | None, fmt: str) -> None:
    """List the allowed values of NAME with their definitions from the ontology.

    NAME is one of the closed vocabularies of the annotation files: stances,
    channels, roles (target roles), event-types, topics (from the corpus's
    topics.yaml), claim-properties (the ontology's uprkg:ClaimPropertyScheme),
    actor-types, document-types, tenures, voices, participations or
    boilerplate-kinds. Without NAME, lists the vocabularies and their sizes.
    """
    from uprkg.schema.vocabularies import terms

    corpus = ctx.obj.get("corpus") if ctx.obj else None
    if name is None:
        rows = []
        for each in NAMES:
            found, note = terms(each, corpus)
            rows.append({"vocabulary": each, "values": len(found), "source": note})
        _emit(rows, ["vocabulary", "values", "source"], fmt)
        return
    found, note = terms(name, corpus)
    if not found:
        click.echo(f"uprkg: {name}: no values: {note}", err=True)
    rows = [
        {"value": t.value, "label": t.label, "broader": t.broader, "definition": t.definition}
        for t in found
    ]
    columns = ["value", "label", "broader", "definition"]
    if not any(r["broader"] for r in rows):
        columns.remove("broader")
    _emit(rows, columns, fmt)


def _emit(rows: list[dict], columns: list[str], fmt: str) -> None:
    if fmt == "json":
        click.echo(
            json.dumps([{c: r[c] for c in columns} for r in rows], indent=2, ensure_ascii=False)
        )
        return
    if fmt == "md":
        click.echo("| " + " | ".join(columns) + " |")
        click.echo("|" + "|".join(" --- " for _ in columns) + "|")
        for r in rows:
            click.echo("| " + " | ".join(str(r[c]).replace("|", "\\|") for c in columns) + " |")
        return
    if columns[-1] != "definition":
        widths = [max(len(c), *(len(str(r[c])) for r in rows)) for c in columns]
        for r in rows:
            click.echo(
                "  ".join(str(r[c]).ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()
            )
        return
    for r in rows:
        head = "  ".join(str(r[c]) for c in columns[:-1] if r[c] != "")
        click.echo(f"{head}\n    {r['definition']}")
