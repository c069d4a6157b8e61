"""Where the declarative assets live: in a checkout, or inside the wheel.

A non-editable install carries ontology/, shapes/, queries/ and graph/ as
package data under uprkg/_assets (see pyproject.toml); a checkout or an
editable install uses the top-level folders of the repository.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

ASSET_NAMES = ("ontology", "shapes", "queries", "graph", "schemas")
BUILD_DIR = Path("build")  # where build writes, relative to the working directory


@cache
def assets_root() -> Path:
    """The folder that holds ontology/, shapes/, queries/ and graph/."""
    packaged = Path(__file__).resolve().parent / "_assets"
    if (packaged / "ontology").is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "ontology").is_dir():
        return checkout
    raise FileNotFoundError(
        "uprkg cannot find its assets (ontology/, shapes/, queries/, graph/): "
        f"looked in {packaged} and {checkout}"
    )


def asset(name: str) -> Path:
    return assets_root() / name


def ontology_file() -> Path:
    return asset("ontology") / "uprkg.ttl"


def default_corpus() -> Path:
    """The corpus folder: $UPRKG_CORPUS if set, else the bundled graph/."""
    env = os.environ.get("UPRKG_CORPUS")
    return Path(env) if env else asset("graph")
