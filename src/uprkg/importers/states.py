"""State names to ISO 3166-1 alpha-3 codes, and codes to the graph's state IRIs.

A name is looked up in the override table (`state-names.yaml`, beside this
file: the UN and UPR Info spellings pycountry does not know), then in
pycountry's ISO 3166-1 names. Nothing is guessed: a name in neither is
unresolved, and the importer reports the row.

The IRI rule, one for every dataset: a state the corpus registry
(actors.yaml) holds keeps its actor IRI (`id/actor/usa`, `id/actor/china`:
the US of the articles is the US of the record); any other state is
`id/actor/<alpha-3 in lower case>` (`id/actor/fra`). Both are functions of
the code and the registry, so two imports give the same IRIs and the
record joins the discourse graph without a mapping step.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from uprkg.errors import InputError
from uprkg.model import Actor
from uprkg.namespaces import mint

OVERRIDES_FILE = Path(__file__).with_name("state-names.yaml")
_SPACED_APOSTROPHE = re.compile(r"\s*'\s*s\b")


def normalise(name: str) -> str:
    """The lookup key of a name: case, diacritics, apostrophes and spacing ignored."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = _SPACED_APOSTROPHE.sub("'s", text)
    return " ".join(text.split()).casefold()


@cache
def overrides() -> dict[str, str]:
    """The override table: normalised name -> alpha-3."""
    data = yaml.safe_load(OVERRIDES_FILE.read_text(encoding="utf-8"))
    return {normalise(name): code for name, code in data["names"].items()}


@cache
def _iso_names() -> tuple[dict[str, str], dict[str, str]]:
    """pycountry's names (normalised -> alpha-3) and each code's display name."""
    import pycountry

    index: dict[str, str] = {}
    display: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                index.setdefault(normalise(value), country.alpha_3)
        display[country.alpha_3] = getattr(country, "common_name", None) or country.name
    return index, display


def iso_code(name: str) -> str | None:
    """The alpha-3 code of a state name, or None when neither table knows it."""
    key = normalise(name)
    if not key:
        return None
    return overrides().get(key) or _iso_names()[0].get(key)


@dataclass(frozen=True)
class State:
    code: str
    iri: str
    label: str
    registered: bool


class StateIndex:
    """Resolves names and codes to states, with the corpus registry's IRIs."""

    def __init__(self, actors: dict[str, Actor]) -> None:
        self.registered = {a.iso3: a for a in actors.values() if a.type == "State" and a.iso3}
        self.ids = {a.id: a for a in actors.values()}
        self._states: dict[str, State] = {}

    def by_code(self, code: str) -> State:
        if code not in self._states:
            self._states[code] = self._make(code)
        return self._states[code]

    def _make(self, code: str) -> State:
        actor = self.registered.get(code)
        if actor is not None:
            return State(code, str(mint("actor", actor.id)), actor.label, True)
        local = code.lower()
        clash = self.ids.get(local)
        if clash is not None:
            raise InputError(
                f"actors.yaml: the actor '{local}' ({clash.type}) has the id the record gives "
                f"the state {code}; rename it, or register the state with iso3: {code}"
            )
        label = _iso_names()[1].get(code, code)
        return State(code, str(mint("actor", local)), label, False)

    def resolve(self, name: str) -> State | None:
        code = iso_code(name)
        return self.by_code(code) if code else None


def unresolved_reason(name: str) -> str:
    """Why a state name did not resolve, in words a researcher can act on."""
    import html

    if not name.strip():
        return "empty: the row names no state"
    if html.unescape(name) != name:
        return (
            f"{name!r} is HTML-escaped {html.unescape(name)!r}, not a state name: "
            "the dataset does not say which state"
        )
    if name.strip().endswith(" of"):
        return (
            f"{name!r} is not a state name: it looks like the tail of a UN name split at "
            "its parenthesis (such as 'Venezuela (Bolivarian Republic of)'); fix the file "
            "or give a corrections file"
        )
    return (
        f"{name!r} is not a state name ISO 3166-1 (pycountry) or the override table "
        "(importers/state-names.yaml) knows"
    )
