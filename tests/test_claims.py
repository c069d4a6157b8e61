"""Structured claims: the compatibility rules, the values they compare, and the
disagreements computed on a fixture corpus written for these tests
(tests/fixtures/claims: a wire dispatch, a web report, a press release)."""

from __future__ import annotations

import shutil

import pytest
from rdflib import RDF, RDFS

from conftest import FIXTURES, run_cli
from uprkg.claims.rules import Relation, compare_values
from uprkg.claims.values import BadValue, PartialDate, parse_value
from uprkg.namespaces import UPRKG, mint

CLAIMS = FIXTURES / "claims"
AGREEMENT, REFINEMENT, OVERLAP, DISAGREEMENT, UNRELATED = (
    Relation.AGREEMENT,
    Relation.REFINEMENT,
    Relation.OVERLAP,
    Relation.DISAGREEMENT,
    Relation.UNRELATED,
)


def relation(kind: str, a, b, single_valued: bool = True) -> Relation:
    one, other = parse_value(kind, a), parse_value(kind, b)
    found = compare_values(kind, one, other, single_valued)
    # a rule's outcome does not depend on which value comes first
    assert compare_values(kind, other, one, single_valued).relation is found.relation
    return found.relation


# -- the rules, on the cases the issue names and their neighbours ---------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2026", "2026-11", REFINEMENT),  # "to 2026" / "November 2026"
        ("2006", "2008", DISAGREEMENT),  # when the UPR began
        ("--08-04", "--11", DISAGREEMENT),  # "August 4" / "November" for a due date
        ("--08-04", "2025-08-04", REFINEMENT),  # the year added
        ("2025-08", "2025-08-04", REFINEMENT),
        ("2025-11-07", "2025-11-07", AGREEMENT),
        ("2025-11-07", "2025-11-08", DISAGREEMENT),
        ("2026", "--11", OVERLAP),  # one gives the year, the other the month
        ("2025-08", "--08-04", OVERLAP),
        ("2025", "--11", OVERLAP),
        ("2025-11", "--10", DISAGREEMENT),
    ],
)
def test_dates_respect_precision(a, b, expected):
    assert relation("date", a, b) is expected


def test_a_refinement_says_which_value_is_the_finer():
    coarse, fine = parse_value("date", "2026"), parse_value("date", "2026-11")
    assert compare_values("date", coarse, fine).finer == 1
    assert compare_values("date", fine, coarse).finer == 0
    explanation = compare_values("date", coarse, fine).explanation
    assert explanation == "November 2026 is 2026 with added precision"


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("1", "2", DISAGREEMENT),  # "first" / "second" country to skip its review
        ("2", "2", AGREEMENT),  # "the second country" / "the only other country" after one
        ("50", "51", DISAGREEMENT),
    ],
)
def test_ordinals_are_places_in_one_sequence(a, b, expected):
    assert relation("ordinal", a, b) is expected


FOUR_TO_FIVE = {"min": "P4Y", "max": "P5Y"}


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("P4Y", FOUR_TO_FIVE, OVERLAP),  # "every four years" / "every four to five years"
        ("P4Y", "P4Y6M", DISAGREEMENT),  # "every four years" / "every 4½ years"
        (FOUR_TO_FIVE, "P4Y6M", OVERLAP),  # "every four to five years" / "every 4½ years"
        (FOUR_TO_FIVE, FOUR_TO_FIVE, AGREEMENT),
        ("P4Y", "P48M", AGREEMENT),  # the same length, written twice
        ({"min": "P6Y"}, FOUR_TO_FIVE, DISAGREEMENT),
        ({"max": "P4Y"}, FOUR_TO_FIVE, OVERLAP),  # the bound is inclusive
        ("P1M", "P30D", UNRELATED),  # a month is not a number of days
    ],
)
def test_frequencies_compare_their_periods_as_ranges(a, b, expected):
    assert relation("frequency", a, b) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("193", "193", AGREEMENT),
        ("193", "192", DISAGREEMENT),
        ({"max": "20"}, "17", OVERLAP),  # "nearly 20" / 17
        ({"max": "20"}, "21", DISAGREEMENT),
        ("4½", "4.5", AGREEMENT),
        ({"min": "4", "max": "5"}, {"min": "5", "max": "6"}, OVERLAP),
    ],
)
def test_quantities_conflict_only_without_a_common_value(a, b, expected):
    assert relation("quantity", a, b) is expected


@pytest.mark.parametrize(
    ("a", "b", "single", "expected"),
    [
        ("us-state-department", "us-state-department-official", True, DISAGREEMENT),
        ("us-state-department", "us-state-department", True, AGREEMENT),
        (["upr-project-bcu", "upr-academic-network"], "upr-project-bcu", True, OVERLAP),
        (["a", "b"], ["a", "c"], True, DISAGREEMENT),
        ("us-state-department", "us-state-department-official", False, UNRELATED),
    ],
)
def test_entities_conflict_when_different_actors_hold_a_single_valued_property(
    a, b, single, expected
):
    assert relation("entity", a, b, single) is expected


@pytest.mark.parametrize(
    ("a", "b", "single", "expected"),
    [
        ("failure to condemn the worst violators", "failure to condemn the worst violators", True,
         AGREEMENT),
        ("“failure to condemn”", '"failure to condemn"', True, AGREEMENT),  # quotation marks fold
        ("failure to condemn", "persistent failure to condemn the worst", True, OVERLAP),
        ("failure to condemn the worst violators",
         "persistent failure to condemn the most egregious human rights violators", True,
         DISAGREEMENT),
        ("put off", "postponed", False, UNRELATED),  # wordings complement each other
    ],
)  # fmt: skip
def test_wordings_agree_contain_or_differ(a, b, single, expected):
    assert relation("text", a, b, single) is expected


def test_concepts_conflict_when_different():
    assert relation("concept", "participated", "did-not-participate") is DISAGREEMENT
    assert relation("concept", "participated", "participated") is AGREEMENT


# -- the values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "raw", "label"),
    [
        ("date", "2026-11", "2026-11"),
        ("date", "--08-04", "August 4 (no year)"),
        ("date", "--11", "November (no year)"),
        ("frequency", FOUR_TO_FIVE, "every 4 to 5 years"),
        ("frequency", "P4Y6M", "every 4 years 6 months"),
        ("duration", "P1Y", "1 year"),
        ("duration", {"max": "P20Y"}, "at most 20 years"),
        ("quantity", {"max": "20"}, "at most 20"),
        ("quantity", "4½", "4.5"),
        ("ordinal", "2", "2nd"),
        ("ordinal", "11", "11th"),
        ("ordinal", "50", "50th"),
    ],
)
def test_values_read_as_written_and_label_for_reading(kind, raw, label):
    assert parse_value(kind, raw).label() == label


def test_a_date_keeps_only_the_parts_the_text_gives():
    august4 = PartialDate.parse("--08-04")
    assert (august4.year, august4.month, august4.day) == (None, 8, 4)
    assert august4.literals() == {
        "value": ("--08-04", "http://www.w3.org/2001/XMLSchema#gMonthDay")
    }
    assert august4.precision == "day"
    assert PartialDate.parse("--11").datatype.endswith("#gMonth")


@pytest.mark.parametrize(
    ("kind", "raw", "words"),
    [
        ("date", "November", "is not a date"),
        ("date", "2025-02-30", "is not a date of the calendar"),
        ("duration", "P1Y2D", "mixes months and days"),
        ("duration", "four years", "is not a duration"),
        ("frequency", {"min": "P5Y", "max": "P4Y"}, "'min' is larger than its 'max'"),
        (
            "frequency",
            {"min": "P4Y", "max": "P40D"},
            "must both be in years/months or both in days",
        ),
        ("quantity", {"most": "3"}, "a range is written {min: ..., max: ...}"),
        ("ordinal", "0", "is not an ordinal"),
        ("ordinal", "second", "is not an ordinal"),
        ("entity", ["a", "a"], "an id is listed twice"),
    ],
)
def test_a_value_that_cannot_be_read_says_what_was_expected(kind, raw, words):
    with pytest.raises(BadValue, match=words):
        parse_value(kind, raw)


# -- the fixture corpus: exactly the expected conflicts and refinements ---------------------------


@pytest.fixture(scope="module")
def fixture_graph():
    from uprkg.build import build_dataset, union_graph
    from uprkg.corpus import load_corpus

    return union_graph(build_dataset(load_corpus(CLAIMS)))


def pairs(graph, cls) -> set[tuple]:
    """(property, first value, its sources, second value, its sources) per comparison.

    An agreement has no second value: (property, value, its sources).
    """

    def side(node, prop) -> tuple[str, ...]:
        claims = list(graph.objects(node, prop))
        values = {str(graph.value(c, UPRKG.valueLabel)) for c in claims}
        sources = sorted(
            {str(s).rsplit("/", 1)[1] for c in claims for s in graph.objects(c, UPRKG.source)}
        )
        return (*values, " ".join(sources)) if claims else ()

    found = set()
    for node in graph.subjects(RDF.type, cls):
        claim = graph.value(node, UPRKG.comparedClaim)
        prop = str(graph.value(claim, UPRKG.claimProperty)).rsplit("/", 1)[1]
        first = side(node, UPRKG.firstClaim) or side(node, UPRKG.comparedClaim)
        found.add((prop, *first, *side(node, UPRKG.secondClaim)))
    return found


def test_fixture_disagreements_are_exactly_the_clashes_read_in_the_texts(fixture_graph):
    assert pairs(fixture_graph, UPRKG.Disagreement) == {
        # "every four years" (wire) and "every 4½ years" (release)
        ("review-interval", "every 4 years", "wire", "every 4 years 6 months", "release"),
        # "a first since Israel in 2013" and "Israel returned to participating in 2013"
        ("participation", "did not participate", "wire", "participated", "web"),
    }
    contested = {
        str(fixture_graph.value(p, RDFS.label))
        for p in fixture_graph.subjects(RDF.type, UPRKG.ContestedProposition)
    }
    assert contested == {
        "Universal Periodic Review: review interval",
        "Did Israel take part in its UPR in 2013?",
    }


def test_fixture_refinements_and_compatible_values_are_corroboration(fixture_graph):
    # "put off ... to 2026" (the wire's report) is refined by "for November 2026" (the release)
    assert pairs(fixture_graph, UPRKG.Refinement) == {
        ("rescheduled-to", "2026", "wire", "2026-11", "release"),
    }
    assert pairs(fixture_graph, UPRKG.Overlap) == {
        ("review-interval", "every 4 years", "wire", "every 4 to 5 years", "web"),
        ("review-interval", "every 4 to 5 years", "web", "every 4 years 6 months", "release"),
    }
    # who acted, as the wire reports it, is who acted in the release's record
    assert pairs(fixture_graph, UPRKG.Agreement) == {
        ("performed-by", "UN Human Rights Council", "release wire"),
    }


def test_a_length_of_postponement_and_the_50th_session_meet_no_other_claim(fixture_graph):
    """'for a year' is a length, not a new date: no rule adds it to a date."""
    for claim_id, label in (("web-postponed-for-a-year", "1 year"), ("wire-50th-session", "50th")):
        claim = mint("claim", claim_id)
        assert str(fixture_graph.value(claim, UPRKG.valueLabel)) == label
        assert (claim, RDF.type, UPRKG.TextClaim) not in fixture_graph
        assert not set(fixture_graph.subjects(UPRKG.comparedClaim, claim))


def test_comparisons_grow_with_distinct_values_not_with_pairs_of_claims(tmp_path):
    """Ten copies of every claim still give one comparison per two values."""
    from uprkg.build import build_dataset, union_graph
    from uprkg.corpus import load_corpus

    corpus = tmp_path / "corpus"
    shutil.copytree(CLAIMS, corpus)
    for name in ("wire", "web"):
        path = corpus / "annotations" / f"{name}.yaml"
        text = path.read_text(encoding="utf-8")
        head, claims = text.split("claims:\n", 1)
        copies = "".join(claims.replace("  - id: ", f"  - id: copy{k}-") for k in range(10))
        path.write_text(head + "claims:\n" + claims + copies, encoding="utf-8")
    graph = union_graph(build_dataset(load_corpus(corpus)))
    one = union_graph(build_dataset(load_corpus(CLAIMS)))
    for cls in (UPRKG.Disagreement, UPRKG.Refinement, UPRKG.Overlap):
        assert len(set(graph.subjects(RDF.type, cls))) == len(set(one.subjects(RDF.type, cls)))
    interval = mint("comparison", "upr", "review-interval", "P4Y", "P4Y6M")
    assert len(set(graph.objects(interval, UPRKG.firstClaim))) == 11


def test_report_details_are_the_reporting_sources_claims(fixture_graph):
    """The wire's 'to 2026' and the web's 'postponed' are their own claims about the event."""
    event = mint("event", "us-review-rescheduled")
    details = {
        (
            str(fixture_graph.value(c, UPRKG.claimProperty)).rsplit("/", 1)[1],
            str(fixture_graph.value(c, UPRKG.source)).rsplit("/", 1)[1],
            str(fixture_graph.value(c, UPRKG.valueLabel)),
        )
        for c in fixture_graph.subjects(UPRKG.subject, event)
        if (c, RDF.type, UPRKG.DetailClaim) in fixture_graph
    }
    assert details == {
        ("rescheduled-to", "wire", "2026"),
        ("rescheduled-to", "release", "2026-11"),
        ("performed-by", "wire", "UN Human Rights Council"),
        ("performed-by", "release", "UN Human Rights Council"),
        ("wording", "wire", "“put off”"),
        ("wording", "web", "“postponed”"),
    }
    # the record's own rescheduled date stays the release's
    assert str(fixture_graph.value(event, UPRKG.rescheduledTo)) == "2026-11"


def test_a_council_decision_is_coded_without_a_warning(fixture_graph):
    """Issue #12, item 7: the Council adopted a decision urging the US to re-engage."""
    from uprkg.validate import validate

    statement = mint("statement", "council-urges-us-to-re-engage")
    decision = mint("document", "council-decision-on-us-review")
    adoption = mint("event", "council-adopts-decision-on-us-review")
    assert fixture_graph.value(statement, UPRKG.channel).endswith("/channel/un-decision")
    assert (decision, RDF.type, UPRKG.UNDecision) in fixture_graph
    assert (adoption, RDF.type, UPRKG.Adoption) in fixture_graph
    assert fixture_graph.value(adoption, UPRKG.document) == decision
    report = validate(fixture_graph)
    assert report.conforms
    about = {statement, decision, adoption}
    assert [r for r in report.results if r.focus in about] == []


# -- the build reports the disagreements a change introduced -------------------------------------


def test_build_names_the_new_disagreements_since_the_previous_build(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CLAIMS, corpus)
    web = (corpus / "annotations" / "web.yaml").read_text(encoding="utf-8")
    (corpus / "annotations" / "web.yaml").unlink()
    out = tmp_path / "out"

    first = run_cli("--corpus", corpus, "build", "--out", out)
    assert first.code == 0, first.err
    assert "1 disagreement on 1 contested proposition (uprkg query contested-claims)" in first.out
    assert "new since" not in first.out  # nothing to compare with
    assert (out / "disagreements.tsv").read_text(encoding="utf-8").count("\n") == 2

    again = run_cli("--corpus", corpus, "build", "--out", out)
    assert "; none new since the previous build" in again.out

    (corpus / "annotations" / "web.yaml").write_text(web, encoding="utf-8")
    second = run_cli("--corpus", corpus, "build", "--out", out)
    assert second.code == 0, second.err
    assert "2 disagreements on 2 contested propositions" in second.out
    assert "; 1 new since the previous build:" in second.out
    assert (
        "  new disagreement: Did Israel take part in its UPR in 2013?: "
        "did not participate (wire) vs participated (web)"
    ) in second.out.splitlines()


def test_check_reports_the_new_disagreements_too(tmp_path, java):
    corpus = tmp_path / "corpus"
    shutil.copytree(CLAIMS, corpus)
    text = (corpus / "annotations" / "release.yaml").read_text(encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("--corpus", corpus, "build", "--out", out).code == 0
    # the release now says every five years: a new clash with the wire's four
    (corpus / "annotations" / "release.yaml").write_text(
        text.replace("value: P4Y6M", "value: P5Y").replace("every 4½ years", "every 5 years"),
        encoding="utf-8",
    )
    (corpus / "sources" / "release.txt").write_text(
        (corpus / "sources" / "release.txt").read_text(encoding="utf-8").replace("4½", "5"),
        encoding="utf-8",
    )
    result = run_cli("--corpus", corpus, "check", "--out", out)
    assert result.code == 0, result.err
    new = [line for line in result.out.splitlines() if line.startswith("  new disagreement")]
    assert new == [
        "  new disagreement: Universal Periodic Review: review interval: "
        "every 4 years (wire) vs every 5 years (release)"
    ]
