"""Issue #9 item 9: every PLOVER record meets the field list and value lists of the
PLOVER manual (draft 0.8), transcribed with its provenance in
tests/fixtures/plover/plover-0.8.json. Fields uprkg adds carry a `uprkg_` prefix."""

from __future__ import annotations

import json
import re

import pytest

from conftest import FIXTURES
from uprkg.plover import records

SPEC = json.loads((FIXTURES / "plover" / "plover-0.8.json").read_text(encoding="utf-8"))
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
ISO3 = re.compile(r"[A-Z]{3}")


@pytest.fixture(scope="module")
def all_records(bundled_dataset) -> list[dict]:
    return records(bundled_dataset)


def extra(key: str) -> bool:
    return key.startswith("uprkg_")


def problems(record: dict) -> list[str]:
    """Every way the record departs from the manual's lists (empty: it conforms)."""
    found = []
    for key in record:
        if key not in SPEC["record_fields"] and not extra(key):
            found.append(f"field {key!r} is not a PLOVER field and has no uprkg_ prefix")
    for key in SPEC["required_fields"]:
        if key not in record:
            found.append(f"required field {key!r} missing")
    for key in ("date", "enddate"):
        value = record.get(key)
        if value is not None and not DATE.fullmatch(value):
            found.append(f"{key} {value!r} is not YYYY-MM-DD")
    events = record["event"]
    if record["has_event"] != bool(events):
        found.append("has_event disagrees with event")
    for event in events:
        if event not in SPEC["categories"]:
            found.append(f"event {event!r} is not a PLOVER category")
        elif record.get("quad_code") != SPEC["categories"][event]:
            found.append(f"quad_code {record.get('quad_code')} is not {event}'s")
    allowed_modes = {m for e in events for m in SPEC["modes"].get(e, [])}
    for mode in record.get("mode", []):
        if mode not in allowed_modes:
            found.append(f"mode {mode!r} is not in the modes of {events}")
    for context in record.get("context", []):
        if context not in SPEC["contexts"]:
            found.append(f"context {context!r} is not a PLOVER context")
    for role in ("source", "recipient"):
        for actor in record.get(role, []):
            for key in actor:
                if key not in SPEC["actor_fields"] and not extra(key):
                    found.append(f"{role} field {key!r} is not a PLOVER actor field")
            code = actor.get("code")
            if code is not None and not (ISO3.fullmatch(code) or code in SPEC["non_state_codes"]):
                found.append(f"{role} code {code!r} is neither ISO alpha-3 nor non-state")
            if actor.get("sector") not in (None, *SPEC["sectors"]):
                found.append(f"{role} sector {actor['sector']!r} is not a PLOVER sector")
    for key, fields in (("text_info", "text_info_fields"), ("cite_info", "cite_info_fields")):
        value = record.get(key)
        if value is None:
            continue
        if not isinstance(value, dict):
            found.append(f"{key} is not one object")
            continue
        for sub in value:
            if sub not in SPEC[fields] and not extra(sub):
                found.append(f"{key} field {sub!r} is not in the manual's {key} object")
    if not isinstance(record.get("event_text", []), list):
        found.append("event_text is not a list")
    return found


def test_every_record_meets_the_manual(all_records):
    assert len(all_records) == 45
    report = {r["id"]: p for r in all_records if (p := problems(r))}
    assert report == {}


def test_the_check_itself_catches_the_old_format(all_records):
    """The validator is not a rubber stamp: last round's fields fail it."""
    old = dict(all_records[0])
    old["event"] = ["DISAPPROVE"]
    old["has_event"] = True
    old["mode"] = ["criticism"]
    old["context"] = ["accountability"]
    old["cite_info"] = [old["cite_info"]]
    old["date"] = "2025-08"
    old["source"] = [{**old["source"][0], "on_behalf_of": "usa", "code": "UN"}]
    found = problems(old)
    for words in (
        "'DISAPPROVE' is not a PLOVER category",
        "mode 'criticism'",
        "context 'accountability'",
        "cite_info is not one object",
        "date '2025-08' is not YYYY-MM-DD",
        "source field 'on_behalf_of'",
        "source code 'UN'",
    ):
        assert any(words in p for p in found), (words, found)


def test_categories_used_on_the_bundled_corpus(all_records):
    used = {e for r in all_records for e in r["event"]}
    assert used == {"ACCUSE", "REJECT", "DEMAND", "SUPPORT"}
    accuse = [r for r in all_records if r["event"] == ["ACCUSE"]]
    assert {r["mode"][0] for r in accuse} == {"disapprove", "allege"}
    assert all(r["mode"] == ["allege"] for r in accuse if r["uprkg_stance"] == "accusation")
