"""`uprkg new-source` and `uprkg extract`: from a raw text to a draft annotation file."""

from __future__ import annotations

import os
from pathlib import Path

import click


def _corpus_root(ctx: click.Context) -> Path:
    from uprkg import paths

    given = ctx.obj.get("corpus") if ctx.obj else None
    return Path(given) if given else paths.default_corpus()


@click.command("new-source")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--id", "source_id", help="Source id (default: NNN_<16 hex digits of SHA-256>).")
@click.pass_context
def new_source(ctx: click.Context, file: Path, source_id: str | None) -> None:
    """Add a text to the corpus: copy it and write its sources.yaml entry.

    FILE is copied byte for byte into the corpus's sources/ folder. The new
    sources.yaml entry proposes the title, publisher and publication date only
    where the text states them (with the words that state the date), and
    proposes boilerplate ranges (navigation, "Also Read" links, donation
    appeals, photo captions, datelines, contact lines, footers) with their
    offsets and the reason, for you to confirm or delete. Prints the entry
    and the next step.
    """
    from uprkg.corpus import load_corpus
    from uprkg.extract.sources import add_source

    root = _corpus_root(ctx)
    corpus = load_corpus(root, drafts="skip")
    sid, target, _, entry = add_source(file, root, corpus, source_id)
    click.echo(entry.lstrip("\n"), nl=False)
    out = root / "annotations" / f"{sid}.yaml"
    click.echo(
        f"uprkg: added {target}; check the entry above in {root / 'sources.yaml'}, "
        f"then draft its annotations:\n  uprkg extract {target} --out {out}",
        err=True,
    )


@click.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the draft here (default: stdout). An existing file is kept unless --force.",
)
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "json"]),
    default="yaml",
    show_default=True,
    help="yaml: an annotation file to review; json: every detail for programs.",
)
@click.option(
    "--source-id",
    help="The source's id in sources.yaml (default: found by "
    "file name; a text not in sources.yaml is drafted with proposed metadata).",
)
@click.option(
    "--lexicon",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Another extraction lexicon (default: the bundled lexicon.yaml).",
)
@click.pass_context
def extract(
    ctx: click.Context,
    source: Path,
    out: Path | None,
    force: bool,
    fmt: str,
    source_id: str | None,
    lexicon: Path | None,
) -> None:
    """Draft the annotations of a source text for a person to review.

    Proposes every statement it finds (direct quotations, reported speech,
    embedded posts, a press release's own voice) with speaker, stance,
    targets and roles, channel and date; events and factual claims; actors
    the registry does not know; and, for each item, the existing statements,
    events, claims and propositions it may re-report or dispute. Every item
    is marked `status: draft` and carries verified offsets and a confidence:
    the build refuses it until you have checked it and deleted that line.
    """
    from uprkg import paths
    from uprkg.corpus import load_corpus
    from uprkg.errors import InputError
    from uprkg.extract import extract_file, load_lexicon, render_json, render_yaml
    from uprkg.serialize import write_all

    root = _corpus_root(ctx)
    corpus = load_corpus(root, drafts="skip")
    draft = extract_file(source, corpus, source_id, lexicon=load_lexicon(lexicon))
    if draft.source not in corpus.sources:
        draft.notes.append(
            f"{source} is not in sources.yaml: its metadata and boilerplate "
            "were guessed; run `uprkg new-source` on it first."
        )
    if draft.source in corpus.annotated_sources:
        draft.notes.append(
            f"Source {draft.source} already has an annotation file; items it "
            "records are not offered as candidates."
        )
    if fmt == "json":
        text = render_json(draft)
    else:
        schema = paths.asset("schemas") / "annotation.schema.json"
        base = out.resolve().parent if out else (root / "annotations").resolve()
        relative = os.path.relpath(schema.resolve(), base)
        near = not relative.startswith(os.path.join(os.pardir, os.pardir, os.pardir))
        text = render_yaml(draft, schema=relative if near else str(schema.resolve()))
    if out is None:
        click.echo(text, nl=False)
    else:
        if out.exists() and not force:
            raise InputError(f"{out} exists; choose another --out or add --force")
        write_all({out: text})
    reports = sum(1 for s in draft.statements if s.report_of)
    click.echo(
        f"uprkg: drafted {len(draft.statements) - reports} statements, {reports} reports, "
        f"{len(draft.events)} events, {len(draft.claims)} claims, "
        f"{len(draft.new_actors)} new actors for {draft.source}; review each item and "
        "delete its 'status: draft' line, then run `uprkg build`",
        err=True,
    )
