"""The graph says what the articles say: checked against tables written by
hand from the texts (tests/expected.py)."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, SKOS
from rdflib.namespace import DCTERMS

from conftest import BUNDLED, SOURCES
from expected import (
    APPEALS,
    CONTESTED,
    CORROBORATED_CLAIMS,
    CORROBORATED_EVENTS,
    CORROBORATED_STATEMENTS,
    PEOPLE,
    POSTS,
    WHO_CRITICISED_WHOM,
)
from uprkg.build import union_graph
from uprkg.namespaces import ORG, ROLE, STANCE, UPRKG, mint

CRITICAL = {"criticism", "condemnation", "accusation", "rejection"}


def text_of(short: str) -> str:
    return (BUNDLED / "sources" / f"{SOURCES[short]}.txt").read_text(encoding="utf-8")


def evidence_rows():
    for row in WHO_CRITICISED_WHOM:
        yield row.evidence
    for row in APPEALS:
        yield row.source, row.evidence
    for disagreement in CONTESTED:
        for side in disagreement.sides:
            yield side.evidence
    for row in POSTS:
        yield row.source, row.evidence
    yield from PEOPLE.values()


@pytest.mark.parametrize("source, words", sorted(set(evidence_rows())))
def test_expected_tables_quote_the_articles(source, words):
    assert words in text_of(source)


@pytest.fixture(scope="module")
def union(bundled_dataset):
    return union_graph(bundled_dataset)


def short(iri) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[1]


def source_ids(graph, node) -> frozenset[str]:
    return frozenset(short(s)[:3] for s in graph.objects(node, UPRKG.source))


def test_who_criticised_whom_matches_the_hand_written_table(union, bundled_corpus):
    found = set()
    for st in bundled_corpus.statements.values():
        if st.stance not in CRITICAL:
            continue
        node = mint("statement", st.id)
        for speaker in st.speakers:
            for qualified in union.objects(node, UPRKG.qualifiedTarget):
                target = short(union.value(qualified, UPRKG.targetedEntity))
                role = short(union.value(qualified, UPRKG.targetRole))
                found.add((st.id, speaker, target, role, source_ids(union, node)))
    expected = {(r.statement, r.critic, r.target, r.role, r.sources) for r in WHO_CRITICISED_WHOM}
    assert found - expected == set(), "in the graph but not in the hand-written table"
    assert expected - found == set(), "in the hand-written table but not in the graph"


def test_appeals_name_who_urged_whom_to_do_what(union, bundled_corpus):
    found = set()
    for st in bundled_corpus.statements.values():
        if st.stance in ("appeal", "demand"):
            for target in st.targets:
                assert target.role == "addressee", (st.id, target)
                found.add((st.id, frozenset(st.speakers), target.id, st.stance, st.source[:3]))
    expected = {(r.statement, r.speakers, r.addressee, r.stance, r.source) for r in APPEALS}
    assert found == expected
    for row in APPEALS:
        action = str(union.value(mint("statement", row.statement), UPRKG.action))
        quotes = bundled_corpus.statements[row.statement].quotes
        assert row.evidence in action or any(row.evidence in q.text for q in quotes), row


def side(graph, node, prop) -> tuple[str, frozenset[str]] | None:
    """The value the claims on one side of a comparison give, and their sources."""
    claims = list(graph.objects(node, prop))
    if not claims:
        return None
    values = {str(graph.value(c, UPRKG.valueLabel)) for c in claims}
    assert len(values) == 1, (node, values)
    return values.pop(), frozenset().union(*(source_ids(graph, c) for c in claims))


def comparisons(graph, cls) -> set[tuple]:
    """(subject, property, first side, second side) of every comparison of a class."""
    found = set()
    for node in graph.subjects(RDF.type, cls):
        claims = list(graph.objects(node, UPRKG.comparedClaim))
        propositions = {graph.value(c, UPRKG.proposition) for c in claims}
        assert len(propositions) == 1, node
        proposition = propositions.pop()
        subject = short(graph.value(proposition, UPRKG.subject))
        prop = short(graph.value(proposition, UPRKG.claimProperty))
        first = side(graph, node, UPRKG.firstClaim) or side(graph, node, UPRKG.comparedClaim)
        found.add((subject, prop, first, side(graph, node, UPRKG.secondClaim)))
    return found


def test_disagreements_are_computed_as_read_from_the_articles(union):
    found = {(s, p, frozenset({a, b})) for s, p, a, b in comparisons(union, UPRKG.Disagreement)}
    expected = {
        (d.subject, d.property, frozenset((s.value, s.sources) for s in d.sides)) for d in CONTESTED
    }
    assert found == expected
    contested = {
        (short(union.value(p, UPRKG.subject)), short(union.value(p, UPRKG.claimProperty)))
        for p in union.subjects(RDF.type, UPRKG.ContestedProposition)
    }
    assert contested == {(d.subject, d.property) for d in CONTESTED}


def test_no_answer_list_decides_a_disagreement(bundled_copy):
    """The five disagreements come from the values: without propositions.yaml they remain."""
    from uprkg.build import build_dataset
    from uprkg.corpus import load_corpus

    text = (bundled_copy / "propositions.yaml").read_text(encoding="utf-8")
    assert "answers:" not in text
    for file in (bundled_copy / "annotations").glob("*.yaml"):
        assert "answer:" not in file.read_text(encoding="utf-8"), file
    (bundled_copy / "propositions.yaml").unlink()
    graph = union_graph(build_dataset(load_corpus(bundled_copy)))
    found = {(s, p) for s, p, *_ in comparisons(graph, UPRKG.Disagreement)}
    assert found == {(d.subject, d.property) for d in CONTESTED}
    labels = {str(graph.value(p, RDFS.label)) for p in graph.subjects(RDF.type, UPRKG.Proposition)}
    assert "United States: rank among states absent from their UPR" in labels


def test_corroborating_claims_are_agreements_refinements_and_overlaps(union):
    found = set()
    for relation in ("Agreement", "Refinement", "Overlap"):
        for subject, prop, first, second in comparisons(union, UPRKG[relation]):
            found.add((subject, prop, relation.lower(), first, second))
    assert found == CORROBORATED_CLAIMS


def test_every_claim_keeps_its_quote_and_a_typed_claim_its_words(union, bundled_corpus):
    for claim in bundled_corpus.claims.values():
        node = mint("claim", claim.id)
        assert set(union.objects(node, UPRKG.quote)), claim.id
        if claim.value is None:
            assert (node, RDF.type, UPRKG.TextClaim) in union, claim.id
            continue
        words = str(union.value(node, UPRKG.valueText))
        assert any(words.replace("’", "'") in q.text.replace("’", "'") for q in claim.quotes)


def test_corroborated_statements_are_one_node_with_each_source(union, bundled_dataset):
    for statement, sources in CORROBORATED_STATEMENTS.items():
        node = mint("statement", statement)
        assert source_ids(union, node) == sources, statement
        # one statement per utterance: no other statement quotes the same span
        for quote in union.objects(node, UPRKG.quote):
            holders = set(union.subjects(UPRKG.quote, quote)) & set(
                union.subjects(RDF.type, UPRKG.Statement)
            )
            assert holders == {node}, quote
    multi = {
        short(s): source_ids(union, s)
        for s in union.subjects(RDF.type, UPRKG.Statement)
        if len(source_ids(union, s)) > 1
    }
    assert multi == CORROBORATED_STATEMENTS


def test_corroborated_events_list_each_source(union):
    for event, sources in CORROBORATED_EVENTS.items():
        assert source_ids(union, mint("event", event)) == sources, event


def test_each_persons_posts_are_as_the_text_gives_them(union):
    found = set()
    for post in union.subjects(RDF.type, UPRKG.Post):
        found.add(
            (
                short(union.value(post, ORG.member)),
                short(union.value(post, ORG.organization)),
                str(union.value(post, UPRKG.title)),
                short(union.value(post, UPRKG.tenure)),
            )
        )
    expected = {(p.person, p.organisation, p.title, p.tenure) for p in POSTS}
    assert found == expected


def test_every_named_person_is_in_the_registry(union):
    people = {short(p) for p in union.subjects(RDF.type, UPRKG.Person)}
    assert people == set(PEOPLE)


def test_reported_speech_and_the_outlets_own_voice_are_distinct(union):
    own = mint("claim", "c000-trump-administration-hostile-to-frameworks")
    reported = mint("claim", "c001-hrf-only-country-besides-israel")
    assert short(union.value(own, UPRKG.voice)) == "own"
    assert union.value(own, UPRKG.claimant) is None
    assert short(union.value(reported, UPRKG.voice)) == "reported"
    assert short(union.value(reported, UPRKG.claimant)) == "human-rights-first"
    advocates = mint("statement", "advocates-outraged-at-us-failure")
    assert short(union.value(advocates, UPRKG.voice)) == "own"


def test_grouped_and_document_targets_carry_their_roles(union):
    letter = mint("statement", "us-letter-un-ignores-abuses")
    roles = {
        short(union.value(q, UPRKG.targetedEntity)): union.value(q, UPRKG.targetRole)
        for q in union.objects(letter, UPRKG.qualifiedTarget)
    }
    assert roles["china"] == ROLE["alleged-violator"]
    assert roles["un"] == ROLE.direct
    report = mint("document", "state-department-human-rights-report")
    assert {short(a) for a in union.objects(report, UPRKG.responsibleActor)} == {
        "us-state-department",
        "marco-rubio",
    }
    decision = mint("decision", "us-decision-not-to-participate")
    assert (decision, RDF.type, UPRKG.Decision) in union


def test_relative_dates_stay_as_written_unless_the_text_fixes_them(union):
    dakwar = mint("statement", "dakwar-boycott-puts-us-among-worst-violators")
    assert union.value(dakwar, UPRKG.dateText).toPython() == "on Thursday"
    assert union.value(dakwar, DCTERMS.date) is None
    lauber = mint("statement", "lauber-notes-us-absence")
    assert str(union.value(lauber, DCTERMS.date)) == "2025-11-07"


def test_stance_concepts_used_are_in_the_scheme(union):
    for stance in set(union.objects(None, UPRKG.stance)):
        assert (stance, SKOS.inScheme, UPRKG.StanceScheme) in union
        assert str(stance).startswith(str(STANCE))
