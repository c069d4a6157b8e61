"""The record slices a corpus bundles (records/records.yaml), imported for the build.

The build calls `add_bundled_records`: every dataset the manifest lists is
imported exactly as `uprkg import` would (same IRIs, same named graph),
and any bad row fails the build with its file, line and column.
"""

from __future__ import annotations

from pathlib import Path

from uprkg.errors import InputError, Problem
from uprkg.importers import RECORDS_DIR, Imported, import_records
from uprkg.model import Corpus

MANIFEST = "records.yaml"
OPTIONS = ("title", "publisher", "licence_note", "description", "state", "document")


def bundled_records(corpus: Corpus) -> list[Imported]:
    """Import every dataset of the corpus's records/records.yaml (none when absent)."""
    import yaml

    folder = corpus.root / RECORDS_DIR
    manifest = folder / MANIFEST
    if not manifest.is_file():
        return []
    try:
        data = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
        items = data["datasets"]
    except (yaml.YAMLError, KeyError, TypeError) as exc:
        raise InputError(Problem(f"expected a 'datasets:' list ({exc})", manifest)) from None
    imported = []
    for item in items:
        try:
            path = folder / item["file"]
            kind = item["importer"]
            dataset_id = item["id"]
        except (KeyError, TypeError):
            raise InputError(
                Problem("each dataset needs id, importer and file", manifest)
            ) from None
        corrections = folder / item["corrections"] if item.get("corrections") else None
        imported.append(
            import_records(
                kind,
                path,
                corpus=corpus,
                dataset_id=dataset_id,
                corrections=corrections,
                session=item.get("session"),
                cycle=item.get("cycle"),
                display_name=_shown(path),
                **{k: item[k] for k in OPTIONS if item.get(k)},
            )
        )
    return imported


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def add_bundled_records(dataset, corpus: Corpus) -> list[Imported]:
    """Parse the bundled record into an rdflib Dataset, one named graph per dataset."""
    imported = bundled_records(corpus)
    for item in imported:
        dataset.parse(data=item.quads.text(), format="nquads")
    return imported
