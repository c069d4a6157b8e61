"""Write a draft: YAML in the annotation format for people, JSON for programs.

The YAML is an annotation file the builder reads once its drafts are
reviewed: every item carries `status: draft` (the loader refuses it until
a person deletes the line), quotes carry their verified `start` / `end`
offsets, and a comment above each item gives the extractor's confidence,
its evidence and the existing items it may re-report. Proposed new actors
are listed under `new_actors:` in the registry's own format, to be moved
into actors.yaml.
"""

from __future__ import annotations

import json
import re

from uprkg import __version__
from uprkg.extract.model import Draft, DraftClaim, DraftEvent, DraftItem, DraftStatement

PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 _.'()/-]*$")  # no ',': flow mappings
RESERVED = {"yes", "no", "true", "false", "null", "on", "off", "y", "n", "~"}
WIDTH = 96


def scalar(value) -> str:
    """A YAML scalar: plain where that is unambiguous, else double-quoted (JSON style)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", text):
        return text
    if PLAIN.match(text) and text.lower() not in RESERVED and not text.endswith((" ", ":")):
        return text
    return json.dumps(text, ensure_ascii=False)


def _comment(lines: list[str], indent: str) -> list[str]:
    out = []
    for line in lines:
        words, current = line.split(), ""
        for word in words:
            if current and len(indent) + 2 + len(current) + 1 + len(word) > WIDTH:
                out.append(f"{indent}# {current}")
                current = "  " + word
            else:
                current = f"{current} {word}" if current else word
        if current:
            out.append(f"{indent}# {current}")
    return out


def _quotes(item: DraftItem, text: str, indent: str) -> list[str]:
    out = [f"{indent}quotes:"]
    for start, end in item.spans:
        out.append(f"{indent}  - {{text: {scalar(text[start:end])}, start: {start}, end: {end}}}")
    return out


def _about(item: DraftItem) -> list[str]:
    lines = [f"confidence {item.confidence:.2f} | " + " | ".join(item.evidence)]
    for c in item.candidates:
        where = f" (source {c.source})" if c.source else ""
        lines.append(f"{c.relation} {c.kind} {c.id}{where}: {c.why}")
    return lines


def _statement(st: DraftStatement, draft: Draft) -> list[str]:
    text, ind = draft.text, "    "
    out = _comment(_about(st), "  ")
    if st.report_of is not None:
        c = st.report_of
        out += _comment(
            [
                f"drafted as a report of statement {c.id}, which prints the same "
                f"words; as a new statement it would read: speaker "
                f"{', '.join(st.speakers)}, stance {st.stance}, targets "
                f"{', '.join(t.id for t in st.targets) or 'none'}"
            ],
            "  ",
        )
        out.append(f"  - statement: {c.id}")
        out.append(f"{ind}status: draft")
        out += _quotes(st, text, ind)
        return out
    out.append(f"  - id: {st.id}")
    out.append(f"{ind}status: draft")
    speaker = st.speakers[0] if len(st.speakers) == 1 else "[" + ", ".join(st.speakers) + "]"
    out.append(f"{ind}speaker: {speaker}")
    if st.on_behalf_of:
        out.append(f"{ind}on_behalf_of: {st.on_behalf_of}")
    if st.voice != "reported":
        out.append(f"{ind}voice: {st.voice}")
    if st.targets:
        out.append(f"{ind}targets:")
        for t in st.targets:
            out.append(f"{ind}  - {{id: {t.id}, role: {t.role}}}  # {scalar(t.text)}: {t.how}")
    out.append(f"{ind}stance: {st.stance}")
    if st.action:
        out.append(f"{ind}action: {scalar(st.action)}")
    out.append(f"{ind}paraphrase: {scalar(st.paraphrase)}")
    out += _quotes(st, text, ind)
    out += _dates(st, ind)
    if st.channel:
        out.append(f"{ind}channel: {st.channel}")
    return out


def _dates(item: DraftItem, ind: str) -> list[str]:
    out = []
    if item.date:
        out.append(f"{ind}date: {scalar(item.date)}")
    if item.date_text:
        out.append(f"{ind}date_text: {scalar(item.date_text)}")
    return out


def _event(ev: DraftEvent, draft: Draft) -> list[str]:
    ind = "    "
    out = _comment(_about(ev), "  ")
    out.append(f"  - id: {ev.id}")
    out.append(f"{ind}status: draft")
    out.append(f"{ind}type: {ev.type}")
    out.append(f"{ind}label: {scalar(ev.label)}")
    if ev.performed_by:
        out.append(f"{ind}performed_by: [{', '.join(ev.performed_by)}]")
    if ev.affects:
        out.append(f"{ind}affects: [{', '.join(ev.affects)}]")
    out += _dates(ev, ind)
    out.append(f"{ind}paraphrase: {scalar(ev.paraphrase)}")
    out += _quotes(ev, draft.text, ind)
    return out


def _claim(cl: DraftClaim, draft: Draft) -> list[str]:
    ind = "    "
    out = _comment(_about(cl), "  ")
    out.append(f"  - id: {cl.id}")
    out.append(f"{ind}status: draft")
    if cl.claimants:
        out.append(f"{ind}claimant: [{', '.join(cl.claimants)}]")
    if cl.property:
        out.append(f"{ind}subject: {cl.subject}")
        out.append(f"{ind}property: {cl.property}")
        out.append(f"{ind}value: {scalar(cl.value)}")
        out.append(f"{ind}value_text: {scalar(cl.value_text)}")
    out.append(f"{ind}paraphrase: {scalar(cl.paraphrase)}")
    out += _quotes(cl, draft.text, ind)
    return out


def _new_actors(draft: Draft) -> list[str]:
    out = []
    for actor in draft.new_actors:
        spans = ", ".join(f"{s}-{e} «{draft.text[s:e]}»" for s, e in actor.spans[:6])
        more = f" and {len(actor.spans) - 6} more" if len(actor.spans) > 6 else ""
        out += _comment([f"named at {spans}{more}; type guessed from '{actor.evidence}'"], "  ")
        out.append(f"  - id: {actor.id}")
        out.append(f"    type: {actor.type}")
        out.append(f"    label: {scalar(actor.label)}")
        aliases = sorted({draft.text[s:e] for s, e in actor.spans} - {actor.label})
        if aliases:
            out.append(f"    aliases: [{', '.join(scalar(a) for a in aliases)}]")
        if actor.iso3:
            out.append(f"    iso3: {actor.iso3}")
        out.append(f"    note: {scalar(f'Proposed by uprkg extract from source {draft.source}.')}")
    return out


def render_yaml(draft: Draft, schema: str | None = None) -> str:
    """The draft as an annotation file (YAML) with comments for the reviewer."""
    out = []
    if schema:
        out.append(f"# yaml-language-server: $schema={schema}")
    out += _comment(
        [
            f"Draft annotations for source {draft.source}, written by uprkg extract "
            f"{__version__}. Nothing here enters the graph until you review it: check each item "
            "against the text, fix or delete it, then delete its 'status: draft' line. The build "
            "refuses items still marked as drafts, and the new_actors section (move the actors "
            "you accept to actors.yaml). Confidence is a heuristic score between 0 and 1, not a "
            "probability; offsets are [start, end) in Unicode code points. Where an item "
            "re-reports a statement or event another source records, replace it by a "
            "'reports:' entry.",
        ],
        "",
    )
    for note in draft.notes:
        out += _comment([note], "")
    out.append(f"source: {draft.source}")
    if draft.new_actors:
        out += ["", "new_actors:", *_new_actors(draft)]
    statements = [s for s in draft.statements if s.report_of is None]
    reports = [s for s in draft.statements if s.report_of is not None]
    for key, items, render in (
        ("statements", statements, _statement),
        ("events", draft.events, _event),
        ("claims", draft.claims, _claim),
        ("reports", reports, _statement),
    ):
        if not items:
            continue
        out += ["", f"{key}:"]
        for n, item in enumerate(items):
            if n:
                out.append("")
            out += render(item, draft)
    return "\n".join(out) + "\n"


def render_json(draft: Draft) -> str:
    """The draft with every detail (offsets, evidence, candidates) as JSON."""

    def item(x: DraftItem) -> dict:
        data = {
            "kind": x.kind,
            "id": x.id,
            "confidence": round(x.confidence, 3),
            "quotes": [{"start": s, "end": e, "text": draft.text[s:e]} for s, e in x.spans],
            "date": x.date,
            "date_text": x.date_text,
            "paraphrase": x.paraphrase,
            "evidence": x.evidence,
            "candidates": [c.__dict__ for c in x.candidates],
        }
        if isinstance(x, DraftStatement):
            data.update(
                speakers=x.speakers,
                on_behalf_of=x.on_behalf_of,
                voice=x.voice,
                stance=x.stance,
                channel=x.channel,
                action=x.action,
                way=x.way,
                targets=[t.__dict__ for t in x.targets],
                report_of=x.report_of.__dict__ if x.report_of else None,
            )
        if isinstance(x, DraftEvent):
            data.update(type=x.type, label=x.label, performed_by=x.performed_by, affects=x.affects)
        if isinstance(x, DraftClaim):
            data.update(
                claimants=x.claimants,
                subject=x.subject,
                property=x.property,
                value=x.value,
                value_text=x.value_text,
            )
        return data

    payload = {
        "source": draft.source,
        "published": draft.published,
        "publisher": draft.publisher,
        "statements": [item(s) for s in draft.statements],
        "events": [item(e) for e in draft.events],
        "claims": [item(c) for c in draft.claims],
        "new_actors": [
            {"id": a.id, "label": a.label, "type": a.type, "iso3": a.iso3, "spans": a.spans}
            for a in draft.new_actors
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
