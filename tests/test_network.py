"""The actor network: projection, filters, camps, stats, files for network tools, pictures."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from rdflib import RDF, URIRef

from conftest import SOURCES, run_cli
from expected import WHO_CRITICISED_WHOM
from uprkg.build import union_graph
from uprkg.errors import InputError
from uprkg.export import edge_id, graphml, network_files, render
from uprkg.namespaces import UPRKG
from uprkg.network import (
    FAMILY,
    KINDS,
    ROLLUPS,
    Selection,
    flatten,
    interval,
    local_id,
    project,
    summary,
    with_camps,
)

US_SIDE = {"usa", "trump-administration", "us-state-department", "us-mission-geneva"}
US_SIDE |= {"donald-trump", "marco-rubio"}
CRITICS = {"china", "cuba", "human-rights-first", "advocates-for-human-rights", "aclu", "cldh"}
CRITICS |= {"amnesty-international-usa"}


@pytest.fixture(scope="module")
def network(bundled_dataset):
    return with_camps(project(bundled_dataset))


@pytest.fixture(scope="module")
def rolled(bundled_dataset):
    return with_camps(project(bundled_dataset, Selection(rollup="persons")))


@pytest.fixture(scope="module")
def criticism_rows(bundled_dataset):
    from uprkg.queries import run_select

    return run_select("who-criticised-whom", bundled_dataset).rows


def query_pairs(rows, rollup_to=None) -> set[tuple[str, str]]:
    """(critic, target actor) pairs of the who-criticised-whom rows, documents rolled up."""
    pairs = set()
    for row in rows:
        critic = row["critic"]
        if rollup_to is not None and row["criticOrg"] and rollup_to(critic):
            critic = row["criticOrg"]
        for actor in row["targetActors"].split("; "):
            pairs.add((local_id(critic), local_id(actor)))
    return pairs


def criticism_pairs(graph) -> set[tuple[str, str]]:
    return {(u, v) for u, v, d in graph.edges(data=True) if d["family"] == "criticism"}


# -- projection -----------------------------------------------------------------


def test_counts_equal_who_criticised_whom(bundled_dataset, criticism_rows):
    graph = project(bundled_dataset, Selection(stances=("criticism",)))
    pairs = query_pairs(criticism_rows)
    assert criticism_pairs(graph) == pairs
    assert graph.number_of_nodes() == len({a for p in pairs for a in p}) == 31
    # one edge per pair and kind; criticised and accused together are the query's pairs
    merged = nx.DiGraph((u, v) for u, v, _ in graph.edges(keys=True))
    assert merged.number_of_edges() == len(pairs) == 39
    statements = {s for _, _, d in graph.edges(data=True) for s in d["statements"]}
    assert statements == {local_id(r["statement"]) for r in criticism_rows}
    assert statements == {row.statement for row in WHO_CRITICISED_WHOM}


def test_rolled_up_counts_equal_who_criticised_whom(bundled_dataset, criticism_rows):
    """Persons acting for an organisation or state (criticOrg) become it."""
    union = union_graph(bundled_dataset)

    def is_person(iri: str) -> bool:
        return (URIRef(iri), RDF.type, UPRKG.Person) in union

    graph = project(bundled_dataset, Selection(rollup="persons", stances=("criticism",)))
    assert criticism_pairs(graph) == query_pairs(criticism_rows, rollup_to=is_person)
    assert ("china", "usa") in criticism_pairs(graph)
    assert ("china-representative", "usa") not in criticism_pairs(graph)


def test_every_edge_carries_its_evidence(network):
    graph, _ = network
    statements = graph.graph["statements"]
    for u, v, kind, data in graph.edges(keys=True, data=True):
        assert data["sources"], (u, v, kind)
        assert data["quotes"], (u, v, kind)
        assert data["weight"] == len(data["statements"]) >= 1
        assert {q.source for q in data["quotes"]} <= set(data["sources"])
        assert data["family"] == FAMILY[kind] and data["label"] == kind
        for statement in data["statements"]:
            assert set(statements[statement]["sources"]) <= set(data["sources"])


def test_edge_kinds_follow_the_stance_families(network):
    graph, _ = network
    assert {k for _, _, k in graph.edges(keys=True)} == set(KINDS)
    assert graph.has_edge("cuba", "usa", "accused")  # an accusation is not also 'criticised'
    assert not graph.has_edge("cuba", "usa", "criticised")
    assert graph.has_edge("advocates-for-human-rights", "us-congress", "urged")  # a demand
    assert graph.has_edge("david-kaye", "un-human-rights-council", "supported")  # a defence
    sanction = graph.edges["usa", "international-criminal-court", "sanctioned"]
    assert sanction["statements"] == ["us-sanctions-un-officials-and-icc"]
    assert sanction["sources"] == [SOURCES["000"]]
    # observations and commitments make no edge
    assert not graph.has_edge("jurg-lauber", "usa")
    assert "pascal-sim" not in graph


def test_documents_roll_up_to_their_responsible_actors(network):
    graph, _ = network
    edge = graph.edges["human-rights-first", "donald-trump", "criticised"]
    assert edge["via"] == ["us-decision-not-to-participate"]
    assert "us-decision-not-to-participate" not in graph


def test_nodes_have_type_label_and_country(network):
    graph, _ = network
    assert graph.nodes["usa"]["label"] == "United States"
    assert (graph.nodes["usa"]["actor_type"], graph.nodes["usa"]["country"]) == ("State", "USA")
    assert graph.nodes["us-mission-geneva"]["country"] == "USA"  # via org:subOrganizationOf
    assert graph.nodes["donald-trump"]["country"] == "USA"  # via his current post
    assert graph.nodes["advocates-for-human-rights"]["actor_type"] == "NGO"
    assert graph.nodes["advocates-for-human-rights"]["country"] == ""


def test_reasoner_output_is_ignored(bundled_dataset):
    """Triples in graph/inferred (types, roll-ups) must not change the network."""
    from rdflib import Dataset

    from uprkg.namespaces import GRAPH_INFERRED

    extended = Dataset()
    for quad in bundled_dataset.quads((None, None, None, None)):
        extended.add(quad)
    inferred = extended.graph(GRAPH_INFERRED)
    statement = URIRef("https://w3id.org/uprkg/id/statement/lauber-notes-us-absence")
    inferred.add((statement, UPRKG.stance, URIRef("https://w3id.org/uprkg/stance/criticism")))
    before, after = project(bundled_dataset), project(extended)
    assert sorted(before.edges(keys=True)) == sorted(after.edges(keys=True))


# -- filters --------------------------------------------------------------------


def test_stance_filter_includes_narrower_stances(bundled_dataset):
    graph = project(bundled_dataset, Selection(stances=("appeal",)))
    assert {k for _, _, k in graph.edges(keys=True)} == {"urged"}
    stances = {s for _, _, d in graph.edges(data=True) for s in d["stances"]}
    assert stances == {"appeal", "demand"}


def test_source_filter(bundled_dataset):
    graph = project(bundled_dataset, Selection(sources=(SOURCES["004"],)))
    assert graph.number_of_edges() > 0
    for _, _, data in graph.edges(data=True):
        assert SOURCES["004"] in data["sources"]
    assert "cuba" not in graph  # source 000 only


def test_kind_filter(bundled_dataset):
    graph = project(bundled_dataset, Selection(kinds=("sanctioned",)))
    assert sorted(graph.edges()) == [
        ("usa", "international-criminal-court"),
        ("usa", "un-officials"),
    ]


def test_date_range_keeps_statements_known_to_fall_inside(bundled_dataset):
    graph = project(bundled_dataset, Selection(since="2025-11-07", until="2025-11-07"))
    dates = {d for _, _, data in graph.edges(data=True) for d in data["dates"]}
    assert dates == {"2025-11-07"}
    everything = project(bundled_dataset)
    undated = [k for u, v, k, d in everything.edges(keys=True, data=True) if not d["dates"]]
    assert undated and graph.number_of_edges() < everything.number_of_edges()


def test_date_intervals():
    assert [str(d) for d in interval("2025")] == ["2025-01-01", "2025-12-31"]
    assert [str(d) for d in interval("2024-02")] == ["2024-02-01", "2024-02-29"]
    assert [str(d) for d in interval("2025-12")] == ["2025-12-01", "2025-12-31"]
    assert [str(d) for d in interval("2025-08-04")] == ["2025-08-04", "2025-08-04"]
    with pytest.raises(ValueError):
        interval("August 2025")


def test_bad_selection_reports_every_problem(bundled_dataset):
    selection = Selection(stances=("praise",), sources=("999",), since="2025-13", until="2025")
    with pytest.raises(InputError) as caught:
        project(bundled_dataset, selection)
    messages = "\n".join(str(p) for p in caught.value.problems)
    assert "unknown stance 'praise'" in messages and "criticism" in messages
    assert "unknown source '999'" in messages
    assert "since" in messages


def test_cli_bad_options_exit_2_and_write_nothing(tmp_path, bundled_dataset):
    trig = tmp_path / "in.trig"
    trig.write_text(render(bundled_dataset, "trig"), encoding="utf-8")
    out = tmp_path / "n.graphml"
    for args in (
        ["--stance", "praise"],
        ["--since", "2026-01-01", "--until", "2025-01-01"],
        ["--kind", "hugged"],
        ["--roll-up", "everyone"],
        ["--source", SOURCES["000"], "--kind", "supported"],  # nothing left
    ):
        result = run_cli(
            "network", "export", "--graph", trig, "--format", "graphml", "--out", out, *args
        )
        assert result.code == 2, (args, result.err)
        assert not out.exists()
    result = run_cli("network", "draw", "--graph", trig, "--out", tmp_path / "n.pdf")
    assert result.code == 2 and "unknown picture type" in result.err


def test_cli_choices_match_the_library():
    from uprkg.commands import network as command

    assert command.KINDS == KINDS
    assert command.ROLLUPS == ROLLUPS


# -- camps and stats ---------------------------------------------------------------


def test_camps_put_the_us_government_and_its_critics_on_opposite_sides(rolled):
    graph, found = rolled
    assert found.anchor == "usa"
    side = {a for a, c in found.member.items() if c == "anchor"}
    opposite = {a for a, c in found.member.items() if c == "opposition"}
    assert side >= US_SIDE
    assert opposite >= CRITICS
    assert not side & opposite
    assert graph.nodes["china"]["camp"] == found.labels["opposition"]


def test_unrolled_camps_place_persons_by_their_statements(network):
    _, found = network
    assert found.member["us-state-department-official"] == "anchor"
    assert found.member["jennifer-prestholdt"] == "opposition"
    assert found.member["china-representative"] == "opposition"


def test_each_camp_member_is_explained_by_its_statements(rolled):
    graph, found = rolled
    for actor in found.member:
        reasons = found.because[actor]
        assert reasons, actor
        incident = {
            s for u, v, d in graph.edges(data=True) if actor in (u, v) for s in d["camp_statements"]
        }
        assert set(reasons) <= incident, actor
    assert "cuba-accuses-us-fear-of-oversight" in found.because["cuba"]


def test_named_examples_and_appeal_addressees_get_no_camp(rolled):
    """States named only as examples of abusers, and actors only urged, are not parties."""
    graph, found = rolled
    for actor in ("iran", "russia", "israel", "journalists"):
        assert actor in graph and actor not in found.member
        assert graph.nodes[actor]["camp"] == ""


def test_stats_rank_the_most_criticised_as_the_query_does(network, criticism_rows):
    graph, found = network
    numbers = summary(graph, found)
    statements_against_usa = {
        r["statement"] for r in criticism_rows if local_id(r["targetActors"]) == "usa"
    } | {"us-sanctions-un-officials-and-icc"}
    criticism_only = {s for s in statements_against_usa if "sanctions" not in s}
    assert numbers["most_criticised"][0]["actor"] == "usa"
    assert numbers["most_criticised"][0]["score"] == len(criticism_only)
    assert numbers["edges"] == graph.number_of_edges()
    assert sum(numbers["edges_by_kind"].values()) == graph.number_of_edges()
    assert numbers["betweenness"][0]["actor"] == "usa"


def test_stats_cli_json_and_table(tmp_path, bundled_dataset):
    trig = tmp_path / "in.trig"
    trig.write_text(render(bundled_dataset, "trig"), encoding="utf-8")
    result = run_cli(
        "network", "stats", "--graph", trig, "--format", "json", "--roll-up", "persons"
    )
    assert result.code == 0, result.err
    numbers = json.loads(result.out)
    members = {m["actor"]: m for m in numbers["camps"]["members"]}
    assert members["usa"]["camp"] != members["cuba"]["camp"]
    assert members["cuba"]["statements"] == ["cuba-accuses-us-fear-of-oversight"]
    table = run_cli("network", "stats", "--graph", trig)
    assert table.code == 0
    assert "most criticised" in table.out and "camps" in table.out


# -- files for network tools ---------------------------------------------------------


def test_graphml_reads_back_with_every_attribute(network, tmp_path):
    graph, _ = network
    path = tmp_path / "n.graphml"
    path.write_text(graphml(graph), encoding="utf-8")
    back = nx.read_graphml(path, force_multigraph=True)
    flat = flatten(graph)
    assert dict(back.nodes(data=True)) == dict(flat.nodes(data=True))
    for u, v, key, data in flat.edges(keys=True, data=True):
        read = back.edges[u, v, edge_id(u, v, key)]
        assert read == data  # the id is the edge element's own, not a data column
        assert isinstance(read["weight"], int) and read["label"] == key
    types = {
        k.get("attr.name"): k.get("attr.type")
        for k in ET.parse(path).getroot()
        if k.get("attr.name")
    }
    assert types["weight"] in ("int", "long") and types["sign"] in ("int", "long")


def test_gexf_reads_back_with_every_attribute_and_layout(network, tmp_path):
    graph, _ = network
    path = tmp_path / "n.gexf"
    path.write_text(network_files(graph, "gexf", path)[path], encoding="utf-8")
    back = nx.read_gexf(path)
    flat = flatten(graph)
    assert back.number_of_nodes() == flat.number_of_nodes()
    assert back.number_of_edges() == flat.number_of_edges()
    for node, data in flat.nodes(data=True):
        read = back.nodes[node]
        assert {k: read[k] for k in data} == data
        assert set(read["viz"]) >= {"color", "position", "size"}
    edges = {d["id"]: d for _, _, d in back.edges(data=True)}
    for u, v, key, data in flat.edges(keys=True, data=True):
        read = edges[edge_id(u, v, key)]
        assert read["label"] == key
        assert read["weight"] == data["weight"]  # GEXF weights are floats
        for name, value in data.items():
            if name not in ("weight", "label"):
                assert read[name] == value, name


def test_csv_node_and_edge_lists(network, tmp_path):
    graph, _ = network
    files = network_files(graph, "csv", tmp_path)
    nodes = list(csv.DictReader(files[tmp_path / "nodes.csv"].splitlines()))
    edges = list(csv.DictReader(files[tmp_path / "edges.csv"].splitlines()))
    assert [n["Id"] for n in nodes] == list(graph.nodes)
    assert len(edges) == graph.number_of_edges()
    assert {"Source", "Target", "Type", "Label", "Weight", "quotes", "sources"} <= set(edges[0])
    assert all(e["sources"] and e["quotes"] for e in edges)
    assert sum(int(e["Weight"]) for e in edges) == sum(
        d["weight"] for *_, d in graph.edges(data=True)
    )


def test_network_json_keeps_lists_and_statements(network, tmp_path):
    graph, _ = network
    path = tmp_path / "n.json"
    data = json.loads(network_files(graph, "json", path)[path])
    assert len(data["nodes"]) == graph.number_of_nodes()
    edge = next(e for e in data["edges"] if e["id"] == "cuba--accused--usa")
    assert edge["quotes"][0]["source"] == SOURCES["000"]
    assert "cuba-accuses-us-fear-of-oversight" in data["graph"]["statements"]


def test_network_files_are_deterministic(network, tmp_path):
    graph, _ = network
    for fmt, out in (("graphml", tmp_path / "a"), ("gexf", tmp_path / "b"), ("csv", tmp_path)):
        assert network_files(graph, fmt, out) == network_files(graph, fmt, out), fmt


def test_cli_network_export_writes_all_csv_files(tmp_path, bundled_dataset):
    trig = tmp_path / "in.trig"
    trig.write_text(render(bundled_dataset, "trig"), encoding="utf-8")
    result = run_cli(
        "network", "export", "--graph", trig, "--format", "csv", "--out", tmp_path / "csv"
    )
    assert result.code == 0, result.err
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == ["edges.csv", "nodes.csv"]


# -- pictures ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def picture(network):
    from uprkg.draw import figure

    graph, found = network
    return figure(graph, found)


def test_no_label_overlaps_on_the_bundled_corpus(picture, network):
    """Label and marker boxes as the renderer draws them: no two nodes' boxes meet."""
    graph, _ = network
    assert picture.collisions() == []
    boxes = picture.boxes()
    figure_box = picture.fig.bbox
    for node, (label, _) in boxes.items():
        assert picture.labels[node].get_text().replace("\n", " ") == graph.nodes[node]["label"]
        assert label.width > 0 and label.height > 0
        assert figure_box.contains(label.x0, label.y0) and figure_box.contains(label.x1, label.y1)


def test_svg_is_deterministic_and_has_a_legend(network, picture):
    from uprkg.draw import figure, svg

    graph, found = network
    text = svg(picture.fig)
    assert text == svg(figure(graph, found).fig)
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag.endswith("svg")
    assert "<dc:date>" not in text
    legend = [t for t in picture.fig.legends[0].get_texts()]
    assert {"criticised (criticism, condemnation, rejection)", "accused"} <= {
        t.get_text() for t in legend
    }


def test_png_is_a_png(picture):
    from uprkg.draw import png

    data = png(picture.fig)
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000


def test_cli_draw_writes_every_picture(tmp_path, bundled_dataset):
    trig = tmp_path / "in.trig"
    trig.write_text(render(bundled_dataset, "trig"), encoding="utf-8")
    outs = [tmp_path / n for n in ("n.svg", "n.png", "n.html")]
    args = [a for o in outs for a in ("--out", o)]
    result = run_cli("network", "draw", "--graph", trig, *args)
    assert result.code == 0, result.err
    assert all(o.stat().st_size > 10_000 for o in outs)
    page = outs[2].read_text(encoding="utf-8")
    for fetch in ("<script src", "<link", "@import", "url(http", 'src="http', "fetch("):
        assert fetch not in page, fetch
