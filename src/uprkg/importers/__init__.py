"""Importers of the formal UPR record: recommendations and the reviewed states' responses.

    from uprkg.importers import import_records, write_import
    imported = import_records("upr-info", "upr-info-sessions-01-20.csv", skip_bad_rows=True)
    print(imported.summary())          # recommendations, rows, bad rows, quads
    path = write_import(imported, "build")    # build/records/<dataset id>.nq, sorted N-Quads
    load_into_store(imported, path, "build")  # and its graph in build/store, for every reader

Each dataset is its own named graph (`graph/record/<id>`) with a dataset
node (title, publisher, licence note, file name and SHA-256) and, on each
recommendation, the file's lines it comes from. States get the registry's
IRIs (see `states`), so the record joins the discourse graph as it is.
Bad rows are reported with file, line, column and reason: by default they
fail the import (InputError, nothing written); with `skip_bad_rows` they
are left out and listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from uprkg.errors import InputError, Problem
from uprkg.importers.corrections import load_corrections
from uprkg.importers.parsed import Parsed
from uprkg.importers.record import DatasetInfo, Quads, Registry, record_nquads, slug
from uprkg.importers.rows import BadRow
from uprkg.model import Corpus

KINDS = ("upr-info", "un-recommendations")
RECORDS_DIR = "records"  # under the build folder, and in a corpus folder

UPR_INFO_LICENCE = (
    "The recommendations are UN documents (reports of the UPR Working Group); the compilation, "
    "response coding, action categories and issue tags are UPR Info's (upr-info.org). The file "
    "has no licence of its own: attribute 'UPR Info database' when publishing derived data."
)
UN_LICENCE = (
    "The recommendations and positions are the text of a United Nations document (report of the "
    "UPR Working Group and its addendum); no licence of its own: attribute the UN document by "
    "its symbol."
)


@dataclass
class Imported:
    """One imported dataset: its description, what was read, and its quads."""

    info: DatasetInfo
    parsed: Parsed
    quads: Quads

    @property
    def bad_rows(self) -> list[int]:
        return sorted({p.line for p in self.parsed.problems if p.line is not None})

    def summary(self) -> str:
        recs = self.parsed.recommendations
        rows = sum(len(r.lines) for r in recs)
        joint = sum(1 for r in recs if len(r.recommenders) > 1)
        return (
            f"{len(recs)} recommendations ({joint} joint) from {rows} rows of "
            f"{self.info.file_name}; {len(self.bad_rows)} bad rows left out; "
            f"{len(self.quads.lines)} quads in <{self.info.graph}>"
        )


def load_registry(corpus: Corpus | Path | str | None) -> tuple[Registry, Corpus]:
    from uprkg.corpus import load_corpus

    if not isinstance(corpus, Corpus):
        corpus = load_corpus(corpus)
    return Registry(corpus), corpus


def issue_topics(corpus: Corpus) -> dict[str, str]:
    """UPR Info issue label -> the corpus topic it closely matches (records/issue-topics.yaml)."""
    import yaml

    path = corpus.root / RECORDS_DIR / "issue-topics.yaml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {m["issue"]: m["topic"] for m in data.get("close_matches", [])}


def import_records(
    kind: str,
    path: Path | str,
    *,
    corpus: Corpus | Path | str | None = None,
    dataset_id: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    licence_note: str | None = None,
    description: str | None = None,
    state: str | None = None,
    document: str | None = None,
    session: int | None = None,
    cycle: int | None = None,
    corrections: Path | str | None = None,
    skip_bad_rows: bool = False,
    display_name: str | None = None,
) -> Imported:
    """Read one data file of the record into the quads of its own named graph.

    Raises InputError listing every bad row (file, line, column, reason)
    unless `skip_bad_rows`; then the bad rows are left out and listed in
    `imported.parsed.problems`.
    """
    from uprkg.importers.un_recommendations import read_un_recommendations
    from uprkg.importers.upr_info import read_upr_info

    if kind not in KINDS:
        raise InputError(f"unknown importer {kind!r}: one of {', '.join(KINDS)}")
    path = Path(path)
    name = display_name or str(path)
    registry, corpus = load_registry(corpus)
    fixes = load_corrections(corrections)
    if kind == "upr-info":
        parsed = read_upr_info(path, registry, fixes, name)
        default_title = f"UPR Info database export ({path.name})"
        default_publisher = "UPR Info"
        default_licence = UPR_INFO_LICENCE
    else:
        if not state or not document:
            raise InputError(
                "un-recommendations needs --state (the state under review) and --document "
                "(the UN symbol of the Working Group report, such as A/HRC/46/15): the file "
                "does not say them"
            )
        reviewed = registry.states.resolve(state) or (
            registry.states.by_code(state.upper())
            if len(state) == 3 and state.isalpha() and _known_code(state.upper())
            else None
        )
        if reviewed is None:
            raise InputError(f"--state {state!r}: not a state name or ISO 3166-1 alpha-3 code")
        parsed = read_un_recommendations(
            path, registry, reviewed, document, session, cycle, fixes, name
        )
        default_title = f"Recommendations to {reviewed.label} ({document})"
        default_publisher = "United Nations Human Rights Council"
        default_licence = UN_LICENCE
    if parsed.problems and not skip_bad_rows:
        raise InputError(_with_count(parsed.problems, parsed))
    table_sha = _sha256(path)
    info = DatasetInfo(
        id=dataset_id or slug(path.stem),
        title=title or default_title,
        publisher=publisher or default_publisher,
        licence_note=licence_note or default_licence,
        file_name=path.name,
        sha256=table_sha,
        description=description,
    )
    quads = record_nquads(
        info,
        parsed.recommendations,
        registry,
        regional_groups=parsed.regional_groups,
        spellings=parsed.spellings,
        issue_topics=issue_topics(corpus),
    )
    return Imported(info, parsed, quads)


def _known_code(code: str) -> bool:
    import pycountry

    return pycountry.countries.get(alpha_3=code) is not None


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _with_count(problems: list[BadRow], parsed: Parsed) -> list[Problem]:
    lines = {p.line for p in problems}
    tail = Problem(
        f"{len(lines)} bad rows of {parsed.rows}: nothing written; fix them, give a "
        "corrections file, or pass --skip-bad-rows to leave them out"
    )
    return [*problems, tail]


def output_path(out_dir: Path | str, dataset_id: str) -> Path:
    return Path(out_dir) / RECORDS_DIR / f"{dataset_id}.nq"


def write_import(imported: Imported, out_dir: Path | str) -> Path:
    """Write the dataset as sorted N-Quads to OUT/records/<id>.nq (all or nothing)."""
    from uprkg.serialize import write_all

    path = output_path(out_dir, imported.info.id)
    write_all({path: imported.quads.text()})
    return path


def load_into_store(imported: Imported, path: Path, out_dir: Path | str) -> int | None:
    """Add (or replace) the dataset's graph in OUT/store; None when there is no store.

    The store's default graph (the union every query reads) follows. A later
    `uprkg build` rebuilds the store from the corpus: import again after it.
    """
    from uprkg.store import STORE_DIR, read_manifest, replace_graph

    store_dir = Path(out_dir) / STORE_DIR
    if read_manifest(store_dir) is None:
        return None
    return replace_graph(store_dir, imported.info.graph, path=path, fmt="nq")
