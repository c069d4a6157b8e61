"""The graph says what the articles say: checked against tables written by
hand from the texts (tests/expected.py)."""

from __future__ import annotations

from collections import defaultdict

import pytest
from rdflib import RDF, SKOS
from rdflib.namespace import DCTERMS

from conftest import BUNDLED, SOURCES
from expected import (
    APPEALS,
    CONTESTED,
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
    for answers in CONTESTED.values():
        for _, evidence in answers.values():
            yield evidence
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


def test_each_contested_claim_keeps_both_sides_with_their_sources(union, bundled_corpus):
    sides: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for claim in bundled_corpus.claims.values():
        if claim.proposition:
            sides[claim.proposition][claim.answer].add(claim.source[:3])
    for prop, answers in CONTESTED.items():
        assert {a: frozenset(s) for a, s in sides[prop].items()} == {
            a: srcs for a, (srcs, _) in answers.items()
        }, prop
        assert (mint("proposition", prop), RDF.type, UPRKG.ContestedProposition) in union
    contested = set(union.subjects(RDF.type, UPRKG.ContestedProposition))
    assert {short(p) for p in contested} == set(CONTESTED)


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
