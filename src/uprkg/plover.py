"""Statements as PLOVER-style event records, for joining with event-data sets.

PLOVER (Open Event Data Alliance) records "who did what to whom": `source`
and `recipient` actor lists, an `event` category, a `mode` (how) and a
`context` (what about), plus text and citation fields. One record per
statement, sorted by id, as JSON Lines (the manual's suggestion):

- `event`: the PLOVER category the stance maps to in the ontology
  (skos:exactMatch, else skos:closeMatch, to a plover: concept, by its
  skos:notation); `quad_code`/`quad_category` via that concept's
  skos:broader quad category (1 verbal cooperation ... 4 material conflict).
  Stances PLOVER does not code (appeal: CAMEO 02, "dropped" in PLOVER;
  observation; commitment) get `event: []` and `has_event: false`, and
  keep their CAMEO code, so nothing is silently lost or forced.
- `cameo`: the CAMEO code of the stance (exact, else close, else broad match).
- `mode`: the uprkg stance (criticism, condemnation, accusation, rejection,
  appeal, demand, ...). PLOVER gives verbal events no mode of their own
  ("their mode is just verbal"), so the stance, which is finer than the
  category, fills it.
- `context`: the statement's reasons (topic ids), with their labels in
  `context_text`.
- actors: `code` is the ISO 3166-1 alpha-3 code (a state's own, its parent
  organisation's, or a person's current post's), else PLOVER's non-state
  code (NGO; IGO for UN bodies, UN mechanisms and intergovernmental
  organisations), else the principal's code for a speaker acting on behalf of
  one; `sector` follows PLOVER's sector codes where the type says it
  (GOV, LEG, JRN, EDU). Documents and decisions a statement targets appear
  as their responsible actors, with `via`.
- provenance: `text` is the first quote, `event_text` all quotes, and
  `cite_info` one entry per reporting source with its quote offsets.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import SKOS, Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS

from uprkg import __version__
from uprkg.namespaces import CAMEO, ORG, PLOVER, SCHEMA, STANCE, WD, mint
from uprkg.network import Act, Facts, facts, local_id

QUAD_CODES = {
    "verbal cooperation": 1,
    "material cooperation": 2,
    "verbal conflict": 3,
    "material conflict": 4,
}
NON_STATE = {
    "NGO": "NGO",
    "UNBody": "IGO",
    "UNMechanism": "IGO",
    "IntergovernmentalOrganisation": "IGO",
}
SECTORS = {
    "Government": "GOV",
    "GovernmentAgency": "GOV",
    "DiplomaticMission": "GOV",
    "Legislature": "LEG",
    "NewsOrganisation": "JRN",
    "AcademicBody": "EDU",
}
CODEBOOK = "PLOVER draft 0.7b1 categories via the uprkg stance scheme's SKOS mappings"


def _match(info: Facts, stance: URIRef, namespace: str, props) -> tuple[URIRef | None, str]:
    """The first concept in `namespace` the stance maps to, trying props in order."""
    for prop, strength in props:
        found = sorted(o for o in info.terms.objects(stance, prop) if str(o).startswith(namespace))
        if found:
            return found[0], strength
    return None, ""


def category(info: Facts, stance_id: str) -> dict[str, Any]:
    """PLOVER category, quad category and CAMEO code of a stance, from the ontology."""
    stance = STANCE[stance_id]
    plover, _ = _match(
        info, stance, str(PLOVER), ((SKOS.exactMatch, "exact"), (SKOS.closeMatch, "close"))
    )
    cameo, strength = _match(
        info,
        stance,
        str(CAMEO),
        ((SKOS.exactMatch, "exact"), (SKOS.closeMatch, "close"), (SKOS.broadMatch, "broad")),
    )
    result: dict[str, Any] = {"event": [], "quad_code": None, "quad_category": None}
    if plover is not None:
        result["event"] = [str(info.terms.value(plover, SKOS.notation) or local_id(plover))]
        quad = info.terms.value(plover, SKOS.broader)
        if quad is not None:
            name = str(info.terms.value(quad, SKOS.notation) or "")
            result["quad_code"] = QUAD_CODES.get(name)
            result["quad_category"] = name or None
    result["cameo"] = str(info.terms.value(cameo, SKOS.notation)) if cameo is not None else None
    result["cameo_match"] = strength or None
    return result


class Actors:
    """PLOVER actor objects for uprkg actors."""

    def __init__(self, info: Facts) -> None:
        self.info = info

    def code(self, iri: URIRef, seen: frozenset = frozenset()) -> str | None:
        country = self.info.country(iri)
        if country:
            return country
        own = NON_STATE.get(self.info.actor_types.get(iri, ""))
        if own or iri in seen:
            return own
        g = self.info.g
        parents = sorted(g.objects(iri, ORG.subOrganizationOf))
        posts = [p for p in g.subjects(ORG.member, iri) if self.info.is_current(p)]
        parents += sorted(o for p in posts for o in g.objects(p, ORG.organization))
        codes = {c for c in (self.code(p, seen | {iri}) for p in parents) if c}
        return codes.pop() if len(codes) == 1 else None

    def wikidata(self, iri: URIRef) -> str | None:
        for same in sorted(self.info.g.objects(iri, SCHEMA.sameAs)):
            if str(same).startswith(str(WD)):
                return str(same)[len(str(WD)) :]
        return None

    def entry(self, iri: str, principal: str | None = None, **extra) -> dict[str, Any]:
        node = URIRef(iri)
        kind = self.info.actor_types.get(node, "")
        code = self.code(node)
        if code is None and principal is not None:
            code = self.code(URIRef(principal))
        label = self.info.label(node)
        entry = {
            "code": code,
            "sector": SECTORS.get(kind),
            "actor_text": label,
            "identifier_id": self.wikidata(node),
            "identifier_text": label,
            "uprkg_id": local_id(iri),
            "uprkg_type": kind or None,
        }
        entry.update(extra)
        return entry


def record(act: Act, info: Facts, actors: Actors) -> dict[str, Any]:
    """One statement as a PLOVER-style record."""
    mapped = category(info, act.stance or "")
    sources = [
        actors.entry(s, act.principal, on_behalf_of=_id(act.principal)) for s in act.speakers
    ]
    recipients = []
    for entity, role in act.targets:
        node = URIRef(entity)
        if info.is_actor(node):
            recipients.append(actors.entry(entity, role=role, via=None))
        else:
            for actor in info.responsible(node):
                recipients.append(actors.entry(str(actor), role=role, via=local_id(entity)))
    unique: dict[str, dict] = {}
    for recipient in recipients:  # a direct target also reached through a document counts once
        unique.setdefault(recipient["uprkg_id"], recipient)
    return {
        "id": act.id,
        "iri": act.iri,
        "has_event": bool(mapped["event"]),
        "date": act.date,
        "date_precision": act.precision,
        "source": sources,
        "recipient": list(unique.values()),
        "event": mapped["event"],
        "quad_code": mapped["quad_code"],
        "quad_category": mapped["quad_category"],
        "mode": [act.stance] if act.stance else [],
        "cameo": mapped["cameo"],
        "cameo_match": mapped["cameo_match"],
        "context": [local_id(r) for r in act.reasons],
        "context_text": [info.label(URIRef(r)) for r in act.reasons],
        "text": act.quotes[0].text if act.quotes else None,
        "event_text": [q.text for q in act.quotes],
        "comment": act.paraphrase,
        "action": act.action,
        "cite_info": cite_info(act, info),
        "coder": f"uprkg {__version__} (hand-annotated corpus, quotes verified)",
        "codebook": CODEBOOK,
    }


def _id(iri: str | None) -> str | None:
    return local_id(iri) if iri else None


def cite_info(act: Act, info: Facts) -> list[dict[str, Any]]:
    """One citation per reporting source, with the quotes it prints."""
    cites = []
    for source_id in act.sources:
        node = mint("source", source_id)
        publisher = info.g.value(node, DCTERMS.publisher)
        issued = info.g.value(node, DCTERMS.issued)
        language = info.g.value(node, DCTERMS.language)
        cites.append(
            {
                "corpus": "uprkg",
                "citation": str(node),
                "source": source_id,
                "title": _text(info.g.value(node, DCTERMS.title)),
                "publication": info.label(publisher) if publisher is not None else None,
                "date": str(issued) if issued is not None else None,
                "language": str(language) if language is not None else None,
                "version": __version__,
                "quotes": [
                    {"text": q.text, "start": q.start, "end": q.end}
                    for q in act.quotes
                    if q.source == source_id
                ],
            }
        )
    return cites


def _text(value) -> str | None:
    return str(value) if value is not None else None


def records(data: Dataset | Graph) -> list[dict[str, Any]]:
    """Every statement of the graph as a record, sorted by id."""
    info = facts(data)
    actors = Actors(info)
    return [record(act, info, actors) for act in info.statements()]


def jsonl(data: Dataset | Graph) -> str:
    """The records as JSON Lines (one record per line, UTF-8)."""
    lines = [json.dumps(r, ensure_ascii=False) for r in records(data)]
    return "\n".join(lines) + "\n" if lines else ""
