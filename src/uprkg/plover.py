"""Statements as PLOVER event records, for joining with event-data sets.

PLOVER (Open Event Data Alliance; this follows the manual's DRAFT version
0.8, openeventdata/PLOVER, PLOVER_MANUAL.tex) records "who did what to
whom" in named JSON fields; one record per statement, sorted by id, as JSON
Lines (the manual's suggestion). Every field the manual names keeps its
meaning; what uprkg adds has a `uprkg_` prefix (the manual invites extra
named fields), so a PLOVER tool reads the standard part unchanged:

- `event`: the PLOVER category the stance maps to in the ontology
  (skos:exactMatch, else skos:closeMatch, to a plover: concept, by its
  skos:notation): ACCUSE (draft 0.8 merged DISAPPROVE and INVESTIGATE into
  it), REJECT, DEMAND, SUPPORT; `quad_code` via the concept's skos:broader
  quad category. Stances PLOVER does not code (appeal: CAMEO 02, "dropped";
  observation and commitment: CAMEO 01) get `event: []` and `has_event:
  false`, and keep their CAMEO code in `uprkg_cameo`.
- `mode`: a value of the category's own mode table only where the stance
  says it (ACCUSE: criticism and condemnation are `disapprove`, accusation
  is `allege`); PLOVER gives other verbal events no mode. The uprkg stance
  is kept in `uprkg_stance`.
- `context`: `human_rights` when a quote uses the term (the manual's
  definition: "explicit mentions of the term human rights"); the statement's
  own reasons stay in `uprkg_reasons` and `uprkg_reasons_text`.
- `date` is YYYY-MM-DD as the manual requires: a day as it is; a month or a
  year as its first day with `enddate` its last, so the record says "some
  time in this range", never a guessed day (`uprkg_date` keeps the text's
  precision). An undated statement has `date: null`.
- `source`, `recipient`: actor objects. `code` is the ISO 3166-1 alpha-3 code
  (a state's own, its parent organisation's, or a person's current post's),
  else a non-state code of the manual's table (NGO; IGO for UN bodies, UN
  mechanisms and intergovernmental organisations), else the principal's code
  for a speaker acting on behalf of one; `sector` from the manual's sector
  codes where the type says it (GOV, LEG, JRN, EDU); `identifier_id` the
  Wikidata id where certain. Documents and decisions a statement targets
  appear as their responsible actors, with `uprkg_via`.
- provenance: `text` is the first quote, `event_text` all quotes,
  `text_info` its `start`/`end` character offsets in its source, and
  `cite_info` one citation object for that source; every reporting source
  with its quotes and offsets is in `uprkg_reports`.
"""

from __future__ import annotations

import calendar
import json
import re
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
# modes from the category's own table in the manual, only where the stance says it
MODES = {
    ("ACCUSE", "criticism"): "disapprove",
    ("ACCUSE", "condemnation"): "disapprove",
    ("ACCUSE", "accusation"): "allege",
}
CODEBOOK = "PLOVER draft 0.8 (openeventdata/PLOVER) via the uprkg stance scheme's SKOS mappings"
HUMAN_RIGHTS = re.compile(r"human[\s-]+rights", re.IGNORECASE)


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
        wikidata = self.wikidata(node)
        entry = {
            "code": code,
            "sector": SECTORS.get(kind),
            "actor_text": label,
            "identifier_id": wikidata,
            "identifier_text": label if wikidata else None,
            "uprkg_id": local_id(iri),
            "uprkg_type": kind or None,
        }
        entry.update({f"uprkg_{k}": v for k, v in extra.items()})
        return entry


def date_range(date: str | None, precision: str | None) -> tuple[str | None, str | None]:
    """PLOVER's YYYY-MM-DD `date` (and `enddate` for a month or a year): the range the
    text supports, never a guessed day."""
    if not date:
        return None, None
    if precision == "month" or len(date) == 7:
        year, month = (int(p) for p in date.split("-"))
        last = calendar.monthrange(year, month)[1]
        return f"{date}-01", f"{date}-{last:02d}"
    if precision == "year" or len(date) == 4:
        return f"{date}-01-01", f"{date}-12-31"
    return date, None


def record(act: Act, info: Facts, actors: Actors) -> dict[str, Any]:
    """One statement as a PLOVER record (see the module docstring)."""
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
    first = act.quotes[0] if act.quotes else None
    date, enddate = date_range(act.date, act.precision)
    mode = MODES.get((mapped["event"][0], act.stance or "")) if mapped["event"] else None
    mentions = any(HUMAN_RIGHTS.search(q.text) for q in act.quotes)
    found = {
        "id": act.id,
        "has_event": bool(mapped["event"]),
        "date": date,
        "enddate": enddate,
        "source": sources,
        "recipient": list(unique.values()),
        "event": mapped["event"],
        "quad_code": mapped["quad_code"],
        "mode": [mode] if mode else [],
        "context": ["human_rights"] if mentions else [],
        "text": first.text if first else None,
        "event_text": [q.text for q in act.quotes],
        "text_info": (
            {"start": first.start, "end": first.end, "uprkg_source": first.source}
            if first
            else None
        ),
        "cite_info": cite_info(first.source if first else None, info),
        "coder": CODER,
        "comment": act.paraphrase,
        "uprkg_iri": act.iri,
        "uprkg_date": act.date,
        "uprkg_date_precision": act.precision,
        "uprkg_stance": act.stance,
        "uprkg_quad_category": mapped["quad_category"],
        "uprkg_cameo": mapped["cameo"],
        "uprkg_cameo_match": mapped["cameo_match"],
        "uprkg_reasons": [local_id(r) for r in act.reasons],
        "uprkg_reasons_text": [info.label(URIRef(r)) for r in act.reasons],
        "uprkg_action": act.action,
        "uprkg_reports": reports(act),
    }
    if enddate is None:
        del found["enddate"]
    return found


def _id(iri: str | None) -> str | None:
    return local_id(iri) if iri else None


CODER = f"uprkg {__version__} (hand-annotated corpus, quotes verified)"


def cite_info(source_id: str | None, info: Facts) -> dict[str, Any] | None:
    """PLOVER's citation object for the source the record's `text` comes from."""
    if source_id is None:
        return None
    node = mint("source", source_id)
    publisher = info.g.value(node, DCTERMS.publisher)
    language = info.g.value(node, DCTERMS.language)
    issued = info.g.value(node, DCTERMS.issued)
    return {
        "corpus": "uprkg",
        "citation": str(node),
        "title": _text(info.g.value(node, DCTERMS.title)),
        "language": str(language) if language is not None else None,
        "publication": info.label(publisher) if publisher is not None else None,
        "coder": CODER,
        "codebook": CODEBOOK,
        "version": __version__,
        "uprkg_source": source_id,
        "uprkg_date": str(issued) if issued is not None else None,
    }


def reports(act: Act) -> list[dict[str, Any]]:
    """Every reporting source with the quotes it prints and their offsets."""
    return [
        {
            "source": source_id,
            "quotes": [
                {"text": q.text, "start": q.start, "end": q.end}
                for q in act.quotes
                if q.source == source_id
            ],
        }
        for source_id in act.sources
    ]


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
