"""Drafts never reach the graph; quotes with offsets; `uprkg vocab`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli
from expected import STANCES
from uprkg.corpus import load_corpus
from uprkg.errors import InputError


def _annotation(mini: Path) -> Path:
    return mini / "annotations" / "a.yaml"


def _edit(path: Path, old: str, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_a_draft_item_is_refused_with_its_line_and_skipped_on_request(mini):
    line = _edit(
        _annotation(mini),
        "  - id: doe-shameful-retreat\n",
        "  - id: doe-shameful-retreat\n    status: draft\n",
    )
    with pytest.raises(InputError) as info:
        load_corpus(mini)
    [problem] = info.value.problems
    assert (problem.line, problem.field) == (line + 1, "status")
    assert "draft item not reviewed yet" in problem.message
    corpus = load_corpus(mini, drafts="skip")
    assert "doe-shameful-retreat" not in corpus.statements
    assert "foo-will-not-be-lectured" in corpus.statements


def test_only_draft_is_a_status(mini):
    _edit(
        _annotation(mini),
        "  - id: doe-shameful-retreat\n",
        "  - id: doe-shameful-retreat\n    status: reviewed\n",
    )
    with pytest.raises(InputError, match=r"unknown value 'reviewed'.*expected one of: draft"):
        load_corpus(mini)


def test_proposed_new_actors_are_refused(mini):
    path = _annotation(mini)
    path.write_text(path.read_text(encoding="utf-8") + "new_actors:\n  - id: x\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"move those you accept to actors\.yaml"):
        load_corpus(mini)
    assert load_corpus(mini, drafts="skip").statements


def test_quote_offsets_are_checked(mini):
    text = (mini / "sources" / "a.txt").read_text(encoding="utf-8")
    start = text.index("said on Monday")
    end = start + len("said on Monday it would not attend its review")
    quote = "      - said on Monday it would not attend its review\n"
    _edit(
        _annotation(mini),
        quote,
        f"      - {{text: said on Monday it would not attend its "
        f"review, start: {start}, end: {end}}}\n",
    )
    corpus = load_corpus(mini)
    span = corpus.events["foo-announces"].spans[0]
    assert (span.start, span.end) == (start, end)
    _edit(_annotation(mini), f"start: {start}, end: {end}", f"start: {start + 1}, end: {end}")
    with pytest.raises(InputError, match=f"quote is not at {start + 1}-{end}.*occurs at {start}"):
        load_corpus(mini)


def test_vocab_lists_stances_with_their_definitions():
    result = run_cli("vocab", "stances", "--format", "json")
    assert result.code == 0
    rows = {r["value"]: r for r in json.loads(result.out)}
    assert set(rows) == STANCES
    assert rows["accusation"]["broader"] == "criticism"
    assert rows["accusation"]["definition"].startswith("Charges the target with a specific")


def test_vocab_overview_and_other_vocabularies():
    overview = run_cli("vocab", "--format", "json")
    sizes = {r["vocabulary"]: r["values"] for r in json.loads(overview.out)}
    assert sizes["roles"] == 5 and sizes["channels"] >= 9 and sizes["event-types"] >= 16
    events = run_cli("vocab", "event-types")
    assert "MissedDeadline" in events.out and "fails to deliver" in events.out
    topics = run_cli("vocab", "topics", "--format", "json")
    assert any(r["value"] == "selectivity" for r in json.loads(topics.out))


def test_claim_properties_say_where_they_come_from():
    """The claim properties are the concepts of the ontology's uprkg:ClaimPropertyScheme."""
    from uprkg.schema.vocabularies import terms

    found, _ = terms("claim-properties")
    by_value = {t.value: t for t in found}
    assert {"start-date", "due-date", "review-interval", "speaker", "wording"} <= set(by_value)
    assert by_value["review-interval"].definition.startswith("How often")
    result = run_cli("vocab", "claim-properties")
    assert result.code == 0 and "upr-absence-rank" in result.out
