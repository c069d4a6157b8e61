"""The US record in the bundled build, and the queries that join it to the articles.

Expected values come from reading the bundled CSV slices (tests/expected_record.py).
"""

from __future__ import annotations

import csv
import hashlib

import pytest
from rdflib import RDF, Literal
from rdflib.namespace import DCTERMS

from conftest import BUNDLED
from expected_record import (
    CRITIC_RATES,
    CRITIC_RECORD,
    DEATH_PENALTY_2010,
    JOINT_2010_LINES,
    JOINT_2020,
    US_2010,
    US_2020,
)
from uprkg.build import union_graph
from uprkg.namespaces import UPRKG, graph_for_record, mint
from uprkg.queries import run_select

RECORDS = BUNDLED / "records"
REVIEW_2010 = mint("review", "us-review-2010")
REVIEW_2020 = mint("review", "us-review-2020")
USA = mint("actor", "usa")


@pytest.fixture(scope="module")
def union(bundled_dataset):
    return union_graph(bundled_dataset)


@pytest.fixture(scope="module")
def run(bundled_dataset):
    cache: dict = {}

    def go(name: str, **params: str):
        key = (name, tuple(sorted(params.items())))
        if key not in cache:
            cache[key] = run_select(name, bundled_dataset, params)
        return cache[key]

    return go


def recommendations_of(graph, review):
    return set(graph.subjects(UPRKG.forReview, review)) & set(
        graph.subjects(RDF.type, UPRKG.Recommendation)
    )


def status(graph, recommendation) -> str:
    (response,) = graph.subjects(UPRKG.respondsTo, recommendation)
    return str(graph.value(response, UPRKG.responseStatus)).rsplit("/", 1)[1]


# -- the bundled record -----------------------------------------------------------------------


def test_the_2010_and_2020_recommendations_hang_on_the_registry_s_us_reviews(union):
    for review, expected in ((REVIEW_2010, US_2010), (REVIEW_2020, US_2020)):
        recs = recommendations_of(union, review)
        assert len(recs) == expected["recommendations"]
        assert {union.value(r, UPRKG.recommendedTo) for r in recs} == {USA}
        counts: dict[str, int] = {}
        for r in recs:
            counts[status(union, r)] = counts.get(status(union, r), 0) + 1
        responses = ("supported", "noted", "partially-supported")
        assert counts == {k: v for k, v in expected.items() if k in responses}


def test_the_us_of_the_record_is_the_us_of_the_articles(union):
    # one node: targeted by statements, addressed by recommendations, responding
    assert any(union.subjects(UPRKG.target, USA))
    assert any(union.subjects(UPRKG.recommendedTo, USA))
    assert any(union.subjects(UPRKG.respondent, USA))
    for critic in ("china", "cuba"):
        actor = mint("actor", critic)
        assert any(union.subjects(UPRKG.speaker, actor)) or any(
            union.subjects(UPRKG.onBehalfOf, actor)
        )
        assert any(union.subjects(UPRKG.recommendedBy, actor))
    assert len(set(union.objects(USA, UPRKG.iso3166Alpha3))) == 1


@pytest.mark.parametrize(
    ("dataset", "file", "rows"),
    [
        ("upr-info-session-09-usa", "upr-info-session-09-usa.csv", 280),
        ("a-hrc-46-15", "us-cycle3-A-HRC-46-15.csv", 347),
    ],
)
def test_every_row_of_each_slice_is_cited_once_in_its_own_graph(
    bundled_dataset, dataset, file, rows
):
    graph = bundled_dataset.graph(graph_for_record(dataset))
    lines = sorted(int(o) for o in graph.objects(None, UPRKG.sourceLine))
    assert lines == list(range(2, rows + 2))
    node = mint("dataset", dataset)
    digest = hashlib.sha256((RECORDS / file).read_bytes()).hexdigest()
    assert (node, UPRKG.dataFileSha256, Literal(digest)) in graph
    assert (node, UPRKG.dataFile, Literal(file)) in graph
    assert graph.value(node, DCTERMS.publisher) is not None
    assert all(
        graph.value(r, UPRKG.recordedIn) == node for r in graph.subjects(UPRKG.sourceLine, None)
    )
    assert all(
        graph.value(r, UPRKG.recordedIn) == node for r in graph.subjects(UPRKG.sourceRow, None)
    )


def test_joint_recommendations_are_one_node_with_several_recommenders(union):
    for lines in JOINT_2010_LINES:
        nodes = {
            r
            for r in recommendations_of(union, REVIEW_2010)
            if {
                int(union.value(row, UPRKG.sourceLine)) for row in union.objects(r, UPRKG.sourceRow)
            }
            == set(lines)
        }
        (node,) = nodes
        assert len(set(union.objects(node, UPRKG.recommendedBy))) == len(lines)
    for paragraph, codes in JOINT_2020.items():
        node = mint("recommendation", "a-hrc-46-15", paragraph)
        found = {
            str(union.value(s, UPRKG.iso3166Alpha3))
            for s in union.objects(node, UPRKG.recommendedBy)
        }
        assert found == codes


def test_the_four_corrections_of_the_un_list_are_on_their_recommendations(union):
    corrected = {str(s).rsplit("/", 1)[1] for s in union.subjects(UPRKG.correction, None)}
    assert corrected == {"26.34", "26.91", "26.161", "26.347"}
    nicaragua = mint("actor", "nic")
    assert (
        union.value(mint("recommendation", "a-hrc-46-15", "26.347"), UPRKG.recommendedBy)
        == nicaragua
    )
    with (RECORDS / "us-cycle3-A-HRC-46-15.csv").open(newline="", encoding="utf-8") as f:
        row = {r["paragraph"]: r for r in csv.DictReader(f)}["26.347"]
    assert row["recommending_state"] == ""  # the file is kept as published
    text = union.value(mint("recommendation", "a-hrc-46-15", "26.347"), UPRKG.text)
    assert str(text) == row["text"]


def test_hermit_is_not_given_the_record(bundled_dataset):
    from uprkg.reason import discourse_graph

    data = discourse_graph(bundled_dataset)
    assert not any(data.subjects(RDF.type, UPRKG.Recommendation))
    assert any(data.subjects(RDF.type, UPRKG.Statement))


def test_issue_concepts_close_match_only_the_documented_topics(union):
    from rdflib import SKOS

    matches = {
        (str(union.value(c, SKOS.prefLabel)), str(t).rsplit("/", 1)[1])
        for c, t in union.subject_objects(SKOS.closeMatch)
        if str(c).startswith("https://w3id.org/uprkg/upr-info/issue/")
    }
    assert matches == {
        ("UPR process", "respect-for-the-upr"),
        ("Special procedures", "international-cooperation"),
        ("Treaty bodies", "international-cooperation"),
        ("Technical assistance and cooperation", "international-cooperation"),
        ("International instruments", "human-rights-obligations"),
    }


# -- the queries --------------------------------------------------------------------------


def test_the_critic_record_lists_china_s_and_cuba_s_recommendations_and_the_us_responses(run):
    table = run("critic-record")
    found = [
        (
            r["criticLabel"],
            int(r["cycleNumber"]),
            int(r["line"]),
            r["paragraph"],
            r["response"],
        )
        for r in table.rows
    ]
    expected = [row[:5] for row in CRITIC_RECORD]
    assert found == expected
    for row, (_, _, _, _, _, words) in zip(table.rows, CRITIC_RECORD, strict=True):
        assert row["text"].startswith(words)
    stances = {r["criticLabel"]: r["stances"] for r in table.rows}
    assert stances == {"China": "criticism", "Cuba": "accusation"}
    assert {r["statements"] for r in table.rows if r["criticLabel"] == "Cuba"} == {
        "https://w3id.org/uprkg/id/statement/cuba-accuses-us-fear-of-oversight"
    }


def test_recommendations_received_by_the_us_by_cycle_and_response(run):
    table = run("recommendations-received")
    assert len(table.rows) == US_2010["recommendations"] + US_2020["recommendations"]
    assert [r["cycleNumber"] for r in table.rows] == ["1"] * 270 + ["3"] * 347
    noted_2020 = [r for r in table.rows if r["cycleNumber"] == "3" and r["response"] == "noted"]
    assert len(noted_2020) == US_2020["noted"]
    partly = [r for r in table.rows if r["response"] == "partially-supported"]
    assert {r["responseAsRecorded"] for r in partly} == {"supported_noted"}
    assert len(partly) == 17
    first = table.rows[0]
    # line 2 of the 2010 slice: Venezuela, Noted, action 5, International instruments
    assert (first["recommenderLabels"], first["response"], first["responseAsRecorded"]) == (
        "Venezuela",
        "noted",
        "Noted",
    )
    assert (first["action"], first["issues"], first["session"]) == (
        "5",
        "International instruments",
        "9",
    )


def test_response_rates_of_the_critics(run):
    table = run("response-rates")
    rows = {r["recommenderLabel"]: r for r in table.rows}
    for critic, (recs, supported, noted, percent) in CRITIC_RATES.items():
        row = rows[critic]
        assert (int(row["recommendations"]), int(row["supported"]), int(row["noted"])) == (
            recs,
            supported,
            noted,
        )
        assert int(row["supportedPercent"]) == percent
    assert rows["Cuba"]["regionalGroups"] == "Latin American and Caribbean Group"


def test_response_rates_by_regional_group(run):
    table = run("response-rates-by-group")
    rows = {r["regionalGroupLabel"]: r for r in table.rows}
    # the Holy See, UPR Info's only 'Observer' recommender of 2010: one Accepted, one Noted
    observer = rows["observer state"]
    assert (observer["recommendations"], observer["supported"], observer["noted"]) == (
        "2",
        "1",
        "1",
    )
    assert "no group recorded" in rows  # states known only from the 2020 list


def test_recommendations_by_issue_over_cycles(run):
    table = run("recommendations-by-issue")
    rows = {(r["issueLabel"], r["cycleNumber"]): r for r in table.rows}
    death = rows[("Death penalty", "1")]
    assert (
        int(death["recommendations"]),
        int(death["supported"]),
        int(death["noted"]),
    ) == DEATH_PENALTY_2010
    untagged = rows[("no issue recorded", "3")]
    assert int(untagged["recommendations"]) == US_2020["recommendations"]
    assert int(untagged["partiallySupported"]) == US_2020["partially-supported"]


def test_record_queries_accept_another_state(run):
    cuba = run("recommendations-received", state="Cuba")
    assert cuba.rows == []  # the bundled record holds only the US's reviews
    venezuela = run("response-rates", state="venezuela")
    assert venezuela.rows == []


# -- the recommendation layer of `uprkg network` --------------------------------------------


def test_the_recommendation_network_has_one_weighted_edge_per_pair(run):
    table = run("recommendation-network")
    rows = {
        (r["recommender"].rsplit("/", 1)[1], r["state"].rsplit("/", 1)[1]): r for r in table.rows
    }
    for critic, (recs, supported, noted, _) in CRITIC_RATES.items():
        row = rows[(critic.lower(), "usa")]
        assert (int(row["recommendations"]), int(row["supported"]), int(row["noted"])) == (
            recs,
            supported,
            noted,
        )
    assert {state for _, state in rows} == {"usa"}  # the bundled record: the US's reviews
    assert len(rows) == RECOMMENDERS


def test_network_layers_alone_and_with_the_discourse(tmp_path, bundled_dataset):
    from uprkg.network import Selection, add_recommendation_layer, project

    discourse = project(bundled_dataset, Selection())
    both = project(bundled_dataset, Selection())
    added = add_recommendation_layer(both, bundled_dataset)
    recommended = [
        (u, v, d) for u, v, k, d in both.edges(keys=True, data=True) if k == "recommended"
    ]
    assert len(recommended) == added == both.number_of_edges() - discourse.number_of_edges()
    cuba = next(d for u, v, d in recommended if (u, v) == ("cuba", "usa"))
    assert (cuba["weight"], cuba["supported"], cuba["noted"]) == (22, 13, 9)
    assert cuba["supported_share"] == round(13 / 22, 3)
    assert cuba["sign"] == 0  # the record places no one in a camp
    # the same actor nodes as the discourse edges: rolled up to principals, China
    # both criticised the United States and recommended to it
    principals = project(bundled_dataset, Selection(rollup="principals"))
    add_recommendation_layer(principals, bundled_dataset)
    assert set(principals["china"]["usa"]) == {"criticised", "recommended"}
    assert set(principals["cuba"]["usa"]) == {"accused", "recommended"}


# 114 states recommended in 2020 (118 values of the column, less the four defects
# the corrections fix) and 55 in 2010, of which 9 made no 2020 recommendation
# (Bangladesh, Bolivia, Guatemala, Holy See, Hungary, Libya, Trinidad & Tobago,
# Uruguay, Viet Nam; DPR Korea, Iran, Moldova, the UK and Venezuela are spelt
# otherwise in 2020): 123 recommended-to edges, all to the United States.
RECOMMENDERS = 123


@pytest.mark.parametrize("layer", ["recommendations", "both"])
def test_network_commands_take_the_layer(tmp_path, layer):
    from conftest import run_cli

    result = run_cli("network", "stats", "--layer", layer, "--format", "json")
    assert result.code == 0, result.err
    import json

    numbers = json.loads(result.out)
    assert numbers["edges_by_kind"]["recommended"] == RECOMMENDERS
    out = tmp_path / "edges"
    assert run_cli("network", "export", "--layer", layer, "--format", "csv", "--out", out).code == 0
    edges = (out / "edges.csv").read_text()
    assert "cuba,usa,Directed,cuba--recommended--usa,recommended,22," in edges
