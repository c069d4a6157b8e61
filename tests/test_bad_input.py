"""Every kind of bad corpus input gives one clear located message, exit 2, and
leaves the previous outputs untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli


def replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def ann(corpus: Path) -> Path:
    return corpus / "annotations" / "a.yaml"


# Each case: (name, break the corpus -> (file, line or None), expected words)
def malformed_yaml(c):
    path = ann(c)
    path.write_text(path.read_text(encoding="utf-8") + "claims: [unclosed\n", encoding="utf-8")
    return path, len(path.read_text(encoding="utf-8").splitlines()) + 1


def missing_field(c):
    replace(ann(c), "    stance: criticism\n", "")
    return ann(c), line_of(ann(c), "- id: doe-shameful-retreat")


def unknown_actor(c):
    replace(ann(c), "speaker: jane-doe", "speaker: jane-do")
    return ann(c), line_of(ann(c), "speaker: jane-do")


def bad_date(c):
    replace(ann(c), "date: 2025-11", "date: 2025-13")
    return ann(c), line_of(ann(c), "date: 2025-13")


def impossible_day(c):
    replace(ann(c), "date: 2025-11", "date: 2025-02-30")
    return ann(c), line_of(ann(c), "date: 2025-02-30")


def duplicate_id(c):
    replace(ann(c), "id: doe-shameful-retreat", "id: foo-will-not-be-lectured")
    lines = ann(c).read_text(encoding="utf-8").splitlines()
    hits = [n for n, line in enumerate(lines, 1) if "id: foo-will-not-be-lectured" in line]
    return ann(c), hits[1]


def duplicate_actor_id(c):
    path = c / "actors.yaml"
    replace(path, "  - id: bar\n", "  - id: foo\n")
    return path, line_of(path, "iso3: BAR") - 3


def non_utf8_yaml(c):
    path = ann(c)
    path.write_bytes(path.read_bytes().replace(b"Foo refused", b"Foo r\xe9fused"))
    return path, line_of_bytes(path, b"r\xe9fused")


def non_utf8_source(c):
    path = c / "sources" / "a.txt"
    path.write_bytes(path.read_bytes().replace(b"\xe2\x80\x99s minister", b"\x92s minister"))
    return path, 5


def line_of_bytes(path: Path, needle: bytes) -> int:
    data = path.read_bytes()
    return data[: data.index(needle)].count(b"\n") + 1


def altered_quote(c):
    replace(ann(c), '"a shameful retreat', '"a shameful retrieat')
    return ann(c), line_of(ann(c), "retrieat")


def ambiguous_quote(c):
    replace(ann(c), "      - said on Monday it would not attend its review", "      - Foo")
    return ann(c), line_of(ann(c), "      - Foo")


def unknown_stance(c):
    replace(ann(c), "stance: criticism", "stance: critcism")
    return ann(c), line_of(ann(c), "stance: critcism")


def unknown_field(c):
    replace(
        ann(c),
        "    reasons: [scrutiny]\n    paraphrase: Jane",
        "    reason: [scrutiny]\n    paraphrase: Jane",
    )
    return ann(c), line_of(ann(c), "reason: [scrutiny]")


def duplicate_key(c):
    replace(
        ann(c),
        "    channel: remarks-to-press\n",
        "    channel: remarks-to-press\n    channel: letter\n",
    )
    return ann(c), line_of(ann(c), "channel: letter")


def shifted_boilerplate(c):
    path = c / "sources.yaml"
    replace(path, "start: 224", "start: 223")
    return path, line_of(path, "start: 223")


def alias_not_in_text(c):
    path = c / "actors.yaml"
    replace(path, "aliases: [Foo]", "aliases: [Foo, Fooland]")
    return path, line_of(path, "- id: foo")


def state_without_iso(c):
    path = c / "actors.yaml"
    replace(path, "    iso3: BAR\n", "")
    return path, line_of(path, "- id: bar")


def missing_source_text(c):
    (c / "sources" / "a.txt").unlink()
    return c / "sources.yaml", line_of(c / "sources.yaml", "file: a.txt")


def appeal_without_action(c):
    replace(ann(c), "stance: criticism", "stance: appeal")
    return ann(c), line_of(ann(c), "- id: doe-shameful-retreat")


def unknown_target(c):
    replace(ann(c), "targets: [foo]", "targets: [baz]")
    return ann(c), line_of(ann(c), "targets: [baz]")


CASES = [
    ("malformed YAML", malformed_yaml, ["malformed YAML"]),
    ("missing required field", missing_field, ["missing required field 'stance'"]),
    (
        "unknown actor id",
        unknown_actor,
        ["field 'speaker'", "unknown actor id 'jane-do'", "did you mean 'jane-doe'"],
    ),
    ("bad date", bad_date, ["field 'date'", "'2025-13' is not a date"]),
    ("impossible day", impossible_day, ["field 'date'", "'2025-02-30' is not a date"]),
    (
        "duplicate statement id",
        duplicate_id,
        ["field 'id'", "duplicate id 'foo-will-not-be-lectured'"],
    ),
    ("duplicate actor id", duplicate_actor_id, ["field 'id'", "duplicate id 'foo'"]),
    ("non-UTF-8 annotation", non_utf8_yaml, ["not valid UTF-8", "0xe9"]),
    ("non-UTF-8 source text", non_utf8_source, ["not valid UTF-8", "0x92"]),
    (
        "quote not in source",
        altered_quote,
        ["field 'quotes'", "quote not found in source 'a'", "retrieat"],
    ),
    ("ambiguous quote", ambiguous_quote, ["occurs 2 times", "occurrence: N"]),
    (
        "unknown stance",
        unknown_stance,
        ["field 'stance'", "unknown value 'critcism'", "did you mean 'criticism'"],
    ),
    ("unknown field", unknown_field, ["field 'reason'", "unknown field", "did you mean 'reasons'"]),
    ("duplicate key", duplicate_key, ["field 'channel'", "duplicate key"]),
    ("shifted boilerplate", shifted_boilerplate, ["field 'boilerplate'", "begins with"]),
    ("alias not in any text", alias_not_in_text, ["field 'aliases'", "'Fooland'"]),
    ("state without ISO code", state_without_iso, ["field 'iso3'", "ISO 3166-1 alpha-3"]),
    ("missing source text", missing_source_text, ["field 'file'", "source text not found"]),
    ("appeal without action", appeal_without_action, ["field 'action'"]),
    (
        "unknown target",
        unknown_target,
        ["field 'targets'", "unknown actor or document or decision id 'baz'"],
    ),
]


@pytest.mark.parametrize("name, breaker, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_reported_with_location(mini, tmp_path, name, breaker, expected):
    out = tmp_path / "out"
    out.mkdir()
    (out / "uprkg.ttl").write_text("previous build\n")
    path, line = breaker(mini)

    result = run_cli("--corpus", mini, "build", "--out", out)

    assert result.code == 2, result.err
    assert result.out == ""
    location = f"{path}:{line}:" if line else f"{path}:"
    assert location in result.err, result.err
    for words in expected:
        assert words in result.err, result.err
    assert (out / "uprkg.ttl").read_text() == "previous build\n"
    assert not (out / "uprkg.trig").exists()
    assert [p.name for p in out.iterdir()] == ["uprkg.ttl"]  # no temporary files left


def test_each_problem_is_one_line_and_all_are_reported(mini, tmp_path):
    unknown_actor(mini)
    bad_date(mini)
    result = run_cli("--corpus", mini, "build", "--out", tmp_path / "out")
    lines = result.err.strip().splitlines()
    assert result.code == 2
    assert len(lines) == 2
    assert all(line.startswith("uprkg: error: ") for line in lines)


def test_missing_corpus_folder(tmp_path):
    result = run_cli("--corpus", tmp_path / "nowhere", "build", "--out", tmp_path / "out")
    assert result.code == 2
    assert "corpus folder not found" in result.err


CLAIM = (
    "claims:\n  - id: c1\n    subject: foo-announces\n    property: date\n"
    "    value: --11\n    value_text: on Monday\n"
    "    paraphrase: Foo announced it on a Monday.\n    quotes: [said on Monday]\n"
)


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        # the older format's fields say what replaced them
        (
            "    property: date\n",
            "    property: date\n    answer: Monday\n",
            "answer",
            "'answer:' is no longer used: a claim no longer picks an answer",
        ),
        (
            "property: date",
            "property: dates",
            "property",
            "unknown value 'dates' (did you mean 'date'?)",
        ),
        (
            "subject: foo-announces",
            "subject: foo-announce",
            "subject",
            "unknown actor or document or decision or statement or event or review id "
            "'foo-announce'",
        ),
        (
            "value: --11",
            "value: November",
            "value",
            "'November' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY, or --MM-DD / --MM",
        ),
        ("value: --11", "value: --02-30", "value", "'--02-30' is not a date of the calendar"),
        (
            "value_text: on Monday",
            "value_text: on Tuesday",
            "value_text",
            "'on Tuesday' is not in any of the claim's quotes",
        ),
        ("    value_text: on Monday\n", "", "value_text", "give the words of the quote"),
        ("    subject: foo-announces\n", "", "subject", "add 'subject:'"),
        (
            "property: date",
            "property: postponed-by",
            "value",
            "'--11' is not a duration: write an xsd:duration such as P1Y",
        ),
        ("property: date", "property: speaker", "value", "unknown actor or document"),
        (
            "property: date",
            "property: participation",
            "value",
            "unknown value '--11'; expected one of: did-not-participate, participated, postponed",
        ),
        (
            "property: date",
            "property: review-interval\n    x: 1",
            "x",
            "unknown field in this claim",
        ),
    ],
)
def test_a_claim_value_is_read_by_its_kind_and_checked_against_its_quote(
    mini, tmp_path, old, new, field, words
):
    with ann(mini).open("a", encoding="utf-8") as handle:
        handle.write(CLAIM.replace(old, new))
    result = run_cli("--corpus", mini, "build", "--out", tmp_path / "out")
    assert result.code == 2, result.out
    assert f"field '{field}'" in result.err and words in result.err, result.err
    assert not (tmp_path / "out").exists()


def test_a_range_claim_and_a_text_claim_build(mini, tmp_path):
    with ann(mini).open("a", encoding="utf-8") as handle:
        handle.write(
            CLAIM.replace("property: date", "property: postponed-by").replace(
                "value: --11", "value: {min: P6M, max: P1Y}"
            )
            + "  - id: c2\n    paraphrase: Foo will not attend.\n"
            "    quotes: [it would not attend its review]\n"
        )
    result = run_cli("--corpus", mini, "build", "--out", tmp_path / "out")
    assert result.code == 0, result.err
    ttl = (tmp_path / "out" / "uprkg.ttl").read_text(encoding="utf-8")
    assert 'uprkg:minValue "P6M"^^xsd:duration' in ttl
    assert 'uprkg:maxValue "P1Y"^^xsd:duration' in ttl
    assert 'uprkg:valueLabel "6 months to 1 year"@en' in ttl
    assert "a uprkg:Claim,\n        uprkg:TextClaim" in ttl or "uprkg:TextClaim" in ttl


def test_a_proposition_with_answers_is_explained(mini, tmp_path):
    (mini / "propositions.yaml").write_text(
        "propositions:\n  - id: first\n    subject: foo\n    property: date\n"
        "    question: When?\n    answers: [yes, no]\n",
        encoding="utf-8",
    )
    result = run_cli("--corpus", mini, "build", "--out", tmp_path / "out")
    assert result.code == 2
    assert "field 'answers'" in result.err
    assert "a proposition no longer lists answers" in result.err


def test_report_details_belong_to_the_kind_reported(mini, tmp_path):
    (mini / "sources" / "b.txt").write_text("Foo said on Monday it would skip.\n", encoding="utf-8")
    with (mini / "sources.yaml").open("a", encoding="utf-8") as handle:
        handle.write("  - id: b\n    file: b.txt\n    type: NewsArticle\n    language: en\n")
    (mini / "annotations" / "b.yaml").write_text(
        "source: b\nreports:\n  - event: foo-announces\n    speaker: foo\n"
        "    date: 2025-13\n    quotes: [Foo said on Monday]\n",
        encoding="utf-8",
    )
    result = run_cli("--corpus", mini, "build", "--out", tmp_path / "out")
    assert result.code == 2
    assert "field 'speaker': 'speaker' is a detail a statement report gives" in result.err
    assert "field 'date': '2025-13' is not a date of the calendar" in result.err


def test_report_in_the_defining_source_is_rejected(mini, tmp_path):
    with ann(mini).open("a", encoding="utf-8") as handle:
        handle.write("reports:\n  - statement: doe-shameful-retreat\n    quotes: [Jane Doe]\n")
    result = run_cli("--corpus", mini, "build", "--out", tmp_path / "out")
    assert result.code == 2
    assert "already recorded for source 'a'" in result.err
