"""Claims from the details sources give of statements and events.

A statement or event is recorded once, by the source that first reports
it; another source's `reports:` entry may say what that source gives
differently: the date and its precision, who acted (speaker, principal,
performer), the new date of a rescheduling, its own wording. Each such
detail becomes a claim of the reporting source about the item, and the
record's own value for the same detail a claim of the recording source,
so "rescheduled to November 2026" and "postponed to 2026" meet in the same
comparison as written claims do.
"""

from __future__ import annotations

from collections.abc import Callable

from uprkg.claims.values import Entities, PartialDate, Value, Wording
from uprkg.model import Claim, Corpus, Event, Report, Statement

# report field -> claim property (notation)
DETAIL_PROPERTIES = {
    "date": "date",
    "rescheduled_to": "rescheduled-to",
    "performed_by": "performed-by",
    "speakers": "speaker",
    "on_behalf_of": "on-behalf-of",
    "wording": "wording",
}


def report_value(report: Report, field: str) -> Value | None:
    """The value a report gives for one detail field, if it gives one."""
    raw = getattr(report, field)
    if field in ("performed_by", "speakers"):
        return Entities(tuple(sorted(raw))) if raw else None
    if field == "on_behalf_of":
        return Entities((raw,)) if raw else None
    if field == "wording":
        return Wording(raw) if raw else None
    return raw  # a PartialDate or None


def record_value(item: Statement | Event, field: str) -> Value | None:
    """The value the item's own record gives for one detail field."""
    if field in ("date", "rescheduled_to"):
        date = getattr(item, field, None)
        return PartialDate.parse(date.literal) if date is not None else None
    if field == "performed_by" and isinstance(item, Event) and item.performed_by:
        return Entities(tuple(sorted(item.performed_by)))
    if field == "speakers" and isinstance(item, Statement) and item.speakers:
        return Entities(tuple(sorted(item.speakers)))
    if field == "on_behalf_of" and isinstance(item, Statement) and item.on_behalf_of:
        return Entities((item.on_behalf_of,))
    return None  # a record has no wording of its own: its label is the coder's


def detail_claim_id(item_id: str, prop: str, source: str) -> str:
    """Derived claims are named item/property/source ('/' never occurs in corpus ids)."""
    return f"{item_id}/{prop}/{source}"


def detail_claims(
    corpus: Corpus, label: Callable[[str], str], property_label: Callable[[str], str]
) -> list[Claim]:
    """Every claim the reports' details make, with the records' values they meet."""
    found: dict[str, Claim] = {}
    for report in corpus.reports:
        table = corpus.statements if report.kind == "statement" else corpus.events
        item = table.get(report.id)
        if item is None:
            continue
        for field, prop in DETAIL_PROPERTIES.items():
            value = report_value(report, field)
            words = report.date_text if field == "date" else None
            if value is None and not words:
                continue
            sides = [(report.source, value, words, report)]
            own = record_value(item, field)
            if own is not None:
                own_words = item.date_text if field == "date" else None
                sides.append((item.source, own, own_words, item))
            for source, side_value, side_words, origin in sides:
                claim = Claim(
                    id=detail_claim_id(item.id, prop, source),
                    where=origin.where,
                    source=source,
                    subject=item.id,
                    property=prop,
                    value=side_value,
                    value_text=side_words,
                    voice="own",
                    detail_of=report.kind,
                )
                claim.spans = list(origin.spans)
                shown = side_value.label(label) if side_value is not None else f"“{side_words}”"
                claim.paraphrase = (
                    f"Source {source} gives the {property_label(prop)} of “{label(item.id)}” "
                    f"as {shown}."
                )
                found.setdefault(claim.id, claim)
    return [found[k] for k in sorted(found)]
