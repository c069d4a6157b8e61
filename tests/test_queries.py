"""Canned queries on the embedded engine: their files, their answers (checked
against the tables written by hand from the articles, tests/expected.py),
safe parameters, and the `uprkg query` / `uprkg sparql` commands."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import warnings
from collections import defaultdict

import pyoxigraph
import pytest
from pyoxigraph import NamedNode
from rdflib import RDF, RDFS, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS

from conftest import REPO, run_cli
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
from helpers_queries import CASES, HOSTILE, ID, case_id, items, short, source3, text_of
from uprkg.build import union_graph
from uprkg.errors import InputError
from uprkg.namespaces import GRAPH_INFERRED, UPRKG, mint
from uprkg.queries import (
    KNOWN_DECORATORS,
    LIST_SEPARATOR,
    Parameter,
    Table,
    load_queries,
    prepare,
    query_form,
    read_query,
    resolve,
    run_select,
    substitute,
)

QUERIES = load_queries()


@pytest.fixture(scope="module")
def run(bundled_dataset):
    """Run a canned query on the bundled build (cached: queries do not change it)."""
    cache: dict = {}

    def go(name: str, **params: str) -> Table:
        key = (name, tuple(sorted(params.items())))
        if key not in cache:
            cache[key] = run_select(name, bundled_dataset, params)
        return cache[key]

    return go


@pytest.fixture(scope="module")
def trig(bundled_dataset, tmp_path_factory):
    """The bundled build as a TriG file, so the commands read a known graph
    (not whatever build/ holds in the working tree)."""
    path = tmp_path_factory.mktemp("build") / "uprkg.trig"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        bundled_dataset.serialize(path, format="trig")
    return path


# -- the files ---------------------------------------------------------------------


def test_the_issue_s_queries_are_all_there():
    wanted = {
        "who-criticised-whom",
        "criticisms-of",
        "statements-by",
        "why",
        "appeals",
        "timeline",
        "contested-claims",
        "corroboration",
        "actor-profile",
        "people-and-roles",
        "sources",
        "upr-reviews",
    }
    assert wanted <= set(QUERIES)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_each_query_file_has_grlc_decorators_and_parses(name):
    query = QUERIES[name]
    header = query.text.splitlines()[0]
    assert header.startswith("#+ summary: "), "the file opens with its summary decorator"
    assert query.summary and query.description and query.tags
    assert set(query.decorators) <= KNOWN_DECORATORS
    assert query_form(query) == "SELECT"
    algebra = prepare(query).algebra
    projected = [str(v) for v in algebra["PV"]]
    assert set(query.lists) <= set(projected), "every list column is a projected variable"
    assert "ORDER BY" in query.text, "rows come out in a defined order"
    for param in query.parameters.values():
        assert param.variable.startswith("_"), param
        assert re.search(rf"[?$]{param.variable}\b", query.text)


def test_parameters_come_from_the_variable_names_and_the_decorators():
    statements_by = QUERIES["statements-by"].parameters
    assert statements_by["actor"] == Parameter(
        "actor", "_actor_iri", "iri", True, default=ID + "actor/usa", kinds=("actor",)
    )
    assert statements_by["stance"].required is False
    assert statements_by["stance"].variable == "__stance"
    assert "demand" in statements_by["stance"].choices
    assert QUERIES["why"].parameters["target"].kinds == ("actor", "document", "decision")
    assert QUERIES["search"].parameters["text"].type == "string"
    assert QUERIES["who-criticised-whom"].parameters == {}


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_every_query_runs_and_its_list_columns_are_canonical(run, case):
    name, params = case
    table = run(name, **params)
    assert table.variables == [str(v) for v in prepare(QUERIES[name]).algebra["PV"]]
    if params.get("text") != HOSTILE:
        assert table.rows, f"{name} {params} gave no rows"
    for row in table.rows:
        assert list(row) == table.variables
        for column in QUERIES[name].lists:
            assert items(row[column]) == sorted(set(items(row[column]))), (column, row)


# -- who criticised whom, and why ----------------------------------------------------


def test_who_criticised_whom_has_the_rows_read_from_the_articles(run):
    table = run("who-criticised-whom")
    found = [
        (
            short(r["statement"]),
            short(r["critic"]),
            short(r["target"]),
            r["role"],
            frozenset(source3(s) for s in items(r["sources"])),
        )
        for r in table.rows
    ]
    expected = [(r.statement, r.critic, r.target, r.role, r.sources) for r in WHO_CRITICISED_WHOM]
    assert len(found) == len(set(found)), "one row per statement, critic and target"
    assert set(found) == set(expected)


def test_every_criticism_row_has_a_quote_from_its_source_and_a_reason(run):
    for row in run("who-criticised-whom").rows:
        assert row["quote"] and row["source"], row["statement"]
        assert row["quote"] in text_of(row["source"]), row["statement"]
        assert row["source"] in items(row["sources"])
        assert int(row["sourceCount"]) == len(items(row["sources"]))
        assert row["stance"] in {"criticism", "condemnation", "accusation", "rejection"}
        assert row["criticLabel"] and row["targetLabel"]
        assert bool(row["criticOrg"]) == bool(row["criticOrgLabel"])
        assert (row["date"] is None) == (row["datePrecision"] is None)


def test_the_json_of_who_criticised_whom_carries_the_promised_keys(trig):
    result = run_cli("query", "who-criticised-whom", "--format", "json", "--graph", trig)
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    assert len(rows) == len(WHO_CRITICISED_WHOM)
    promised = {"critic", "criticLabel", "target", "targetLabel", "reasons", "quote", "source"}
    for row in rows:
        assert promised | {"date"} <= set(row)
        assert all(row[key] for key in promised - {"reasons"}), row


def test_the_quote_is_the_first_in_the_first_source(run):
    rows = {short(r["statement"]): r for r in run("who-criticised-whom").rows}
    # printed by 000 and 001: 000 comes first
    lectured = rows["state-department-will-not-be-lectured"]
    assert source3(lectured["source"]) == "000"
    assert lectured["quote"].startswith("“As a founding member of the United Nations")
    # four quotes in 003: the first in the text is the standfirst's
    dakwar = rows["dakwar-boycott-puts-us-among-worst-violators"]
    assert dakwar["quote"].startswith("The move sets “a terrible precedent")


def test_document_and_decision_targets_roll_up_to_their_responsible_actors(run):
    # 003: "The Trump administration’s decision to boycott the UPR" and
    # "The president’s decision to ditch the Universal Periodic Review"
    assert "The Trump administration’s decision to boycott the UPR" in text_of("003")
    assert "The president’s decision to ditch the Universal Periodic Review" in text_of("003")
    # 003: "US Secretary of State Marco Rubio and his department put out an annual report"
    assert "Marco Rubio and his department put out an annual report" in text_of("003")
    rolled = {}
    for row in run("who-criticised-whom").rows:
        actors = {short(a) for a in items(row["targetActors"])}
        assert all(a.startswith(ID + "actor/") for a in items(row["targetActors"])), row
        rolled[short(row["target"])] = actors
        if row["target"].startswith(ID + "actor/"):
            assert actors == {short(row["target"])}
    assert rolled["us-decision-not-to-participate"] == {"trump-administration", "donald-trump"}
    assert rolled["state-department-human-rights-report"] == {"us-state-department", "marco-rubio"}


def expected_criticisms_of(actor: str, responsible: dict[str, set[str]]) -> set:
    return {
        (r.statement, r.critic, r.target)
        for r in WHO_CRITICISED_WHOM
        if r.target == actor or actor in responsible.get(r.target, set())
    }


@pytest.mark.parametrize("name", ["donald-trump", "Donald Trump", "Trump", "President Trump"])
def test_criticisms_of_an_actor_by_id_label_or_alias(run, name):
    responsible = {"us-decision-not-to-participate": {"trump-administration", "donald-trump"}}
    table = run("criticisms-of", actor=name)
    found = {(short(r["statement"]), short(r["critic"]), short(r["target"])) for r in table.rows}
    assert found == expected_criticisms_of("donald-trump", responsible)


def test_criticisms_of_the_united_states_are_the_table_s_rows_aimed_at_it(run):
    table = run("criticisms-of")  # default: usa
    found = {(short(r["statement"]), short(r["critic"]), short(r["target"])) for r in table.rows}
    assert found == expected_criticisms_of("usa", {})


def test_statements_by_an_actor_with_a_stance_include_the_narrower_ones(run, bundled_corpus):
    appeals = {a.statement for a in APPEALS if "advocates-for-human-rights" in a.speakers}
    table = run("statements-by", actor="The Advocates", stance="appeal")
    found = {short(r["statement"]) for r in table.rows}
    assert appeals <= found
    assert {r["stance"] for r in table.rows} == {"appeal", "demand"}
    for row in table.rows:
        speakers = {short(s) for s in items(row["speakers"])}
        assert "advocates-for-human-rights" in speakers or (
            short(row["onBehalfOf"]) == "advocates-for-human-rights"
        )
    kaye = run("statements-by", actor="david-kaye", stance="criticism")
    critics = {r.statement for r in WHO_CRITICISED_WHOM if r.critic == "david-kaye"}
    assert {short(r["statement"]) for r in kaye.rows} == critics


def test_why_counts_the_statements_giving_each_reason(run, bundled_dataset):
    graph = union_graph(bundled_dataset)
    counts: dict[str, set] = defaultdict(set)
    for statement in graph.subjects(RDF.type, UPRKG.Statement):
        for reason in graph.objects(statement, UPRKG.reason):
            counts[str(reason)].add(statement)
    table = run("why")
    assert {r["reason"]: int(r["statements"]) for r in table.rows} == {
        reason: len(statements) for reason, statements in counts.items()
    }
    ranks = [(-int(r["statements"]), r["reason"]) for r in table.rows]
    assert ranks == sorted(ranks)


def test_why_for_one_target_counts_only_the_statements_aimed_at_it(run, bundled_dataset):
    graph = union_graph(bundled_dataset)
    report = mint("document", "state-department-human-rights-report")
    critical = {r.statement for r in WHO_CRITICISED_WHOM if r.target == report.rsplit("/")[-1]}
    table = run("why", target="state-department-human-rights-report", stance="criticism")
    expected: dict[str, int] = defaultdict(int)
    for statement in critical:
        for reason in graph.objects(mint("statement", statement), UPRKG.reason):
            expected[str(reason)] += 1
    assert {r["reason"]: int(r["statements"]) for r in table.rows} == expected


# -- appeals, claims, corroboration ------------------------------------------------------


def test_appeals_say_who_urged_whom_to_do_what(run):
    table = run("appeals")
    found = {
        (
            short(r["statement"]),
            frozenset(short(s) for s in items(r["speakers"])),
            short(r["addressee"]),
            r["stance"],
            source3(r["source"]),
        )
        for r in table.rows
    }
    expected = {(a.statement, a.speakers, a.addressee, a.stance, a.source) for a in APPEALS}
    assert found == expected
    by_statement = {short(r["statement"]): r for r in table.rows}
    for appeal in APPEALS:
        row = by_statement[appeal.statement]
        assert appeal.evidence in row["action"] or appeal.evidence in row["quote"], appeal
        assert row["quote"] in text_of(row["source"])


def proposition_id(iri: str) -> str:
    """A proposition's IRI ends with its subject and property: .../proposition/upr/start-date."""
    return "/".join(iri.split("/")[-2:])


def test_contested_claims_list_each_disagreement_with_both_sides(run):
    table = run("contested-claims")
    found = set()
    for row in table.rows:
        sides = []
        for prefix in ("", "other"):
            key = (prefix + "Source") if prefix else "source"
            sources = frozenset(
                source3(s) for s in items(row[f"{prefix}Sources" if prefix else "sources"])
            )
            count = row[f"{prefix}SourceCount" if prefix else "sourceCount"]
            assert int(count) == len(sources)
            quote = row[f"{prefix}Quote" if prefix else "quote"]
            assert quote in text_of(row[key]), row
            assert source3(row[key]) in sources
            sides.append((row[f"{prefix}Value" if prefix else "value"], sources))
        assert row["question"].endswith("?"), row
        assert row["why"], row
        found.add((proposition_id(row["proposition"]), frozenset(sides)))
    expected = {
        (f"{d.subject}/{d.property}", frozenset((s.value, s.sources) for s in d.sides))
        for d in CONTESTED
    }
    assert found == expected
    assert len(table.rows) == len(CONTESTED)


def test_claim_corroboration_lists_agreements_refinements_and_overlaps(run):
    table = run("claim-corroboration")
    found = set()
    for r in table.rows:
        sources = frozenset(source3(s) for s in items(r["sources"]))
        assert int(r["sourceCount"]) == len(sources)
        second = None
        if r["otherValue"] is not None:
            second = (r["otherValue"], frozenset(source3(s) for s in items(r["otherSources"])))
        subject, prop = proposition_id(r["proposition"]).split("/")
        found.add((subject, prop, r["relation"], (r["value"], sources), second))
        assert r["why"] and r["question"], r
    assert found == CORROBORATED_CLAIMS
    contested = {proposition_id(r["proposition"]) for r in run("contested-claims").rows}
    refined = {
        proposition_id(r["proposition"]) for r in table.rows if r["relation"] == "refinement"
    }
    # 003's August 4 is both refined by 004's August 4, 2025 and in conflict with 001's November
    assert refined & contested == {"us-national-report-2025/due-date"}


def test_corroboration_lists_statements_and_events_with_their_count(run):
    table = run("corroboration")
    statements = {
        short(r["item"]): frozenset(source3(s) for s in items(r["sources"]))
        for r in table.rows
        if r["kind"] == "statement"
    }
    events = {
        short(r["item"]): frozenset(source3(s) for s in items(r["sources"]))
        for r in table.rows
        if r["kind"] != "statement"
    }
    assert statements == CORROBORATED_STATEMENTS
    assert events == CORROBORATED_EVENTS
    for row in table.rows:
        assert int(row["sourceCount"]) == len(items(row["sources"])) > 1
    counts = [int(r["sourceCount"]) for r in table.rows]
    assert counts == sorted(counts, reverse=True)


# -- people, actors, sources, reviews, time ----------------------------------------------


def test_people_and_roles_are_the_posts_the_texts_give(run):
    table = run("people-and-roles")
    posts = {
        (short(r["person"]), short(r["organisation"]), r["title"], r["tenure"])
        for r in table.rows
        if r["organisation"]
    }
    assert posts == {(p.person, p.organisation, p.title, p.tenure) for p in POSTS}
    assert {short(r["person"]) for r in table.rows} == set(PEOPLE)
    for row in table.rows:
        if row["organisation"]:
            assert items(row["sources"]), row


def test_an_actor_profile_gathers_its_posts_statements_and_names(run):
    table = run("actor-profile", actor="Jamil Dakwar")
    facts = {(r["facet"], short(r["item"])) for r in table.rows}
    assert ("post", "aclu-human-rights-program") in facts
    types = [r["item"].rsplit("#")[-1] for r in table.rows if r["facet"] == "type"]
    assert types == ["Person"]
    made = {r.statement for r in WHO_CRITICISED_WHOM if r.critic == "jamil-dakwar"}
    made |= {a.statement for a in APPEALS if "jamil-dakwar" in a.speakers}
    assert made <= {item for facet, item in facts if facet == "statement made"}
    usa = run("actor-profile")
    assert {r["itemLabel"] for r in usa.rows if r["facet"] == "alias"} >= {"Washington", "U.S."}
    assert [r["itemLabel"] for r in usa.rows if r["facet"] == "iso3166Alpha3"] == ["USA"]
    assert [r["item"].rsplit("#")[-1] for r in usa.rows if r["facet"] == "type"] == ["State"]
    received = {r.statement for r in WHO_CRITICISED_WHOM if r.target == "usa"}
    assert received <= {short(r["item"]) for r in usa.rows if r["facet"] == "statement received"}


def test_sources_count_what_each_article_gives(run, bundled_corpus, bundled_dataset):
    from uprkg.stats import graph_stats

    stats = {
        row["source"]: row for row in graph_stats(bundled_corpus, bundled_dataset)["per_source"]
    }
    graph = union_graph(bundled_dataset)
    table = run("sources")
    assert [short(r["source"]) for r in table.rows] == sorted(stats)
    for row in table.rows:
        expected = stats[short(row["source"])]
        for column in ("statements", "events", "claims"):
            assert int(row[column]) == expected[column], (row["source"], column)
        quotes = set(graph.subjects(UPRKG.inSource, URIRef(row["source"])))
        assert int(row["quotes"]) == len(quotes)
        assert int(row["characters"]) == len(text_of(row["source"]))
    types = {source3(r["source"]): r["type"] for r in table.rows}
    assert types["004"] == "PressRelease" and types["000"] == "NewsArticle"


def test_upr_reviews_of_the_united_states(run):
    # 003: "participated in its previous three cycles of UPR in 2010, 2015, and 2020"
    assert "participated in its previous three cycles of UPR in 2010, 2015, and 2020" in text_of(
        "003"
    )
    table = run("upr-reviews")
    found = [(r["date"], r["cycleNumber"], r["participation"]) for r in table.rows]
    assert found == [
        ("2010", "1", "participated"),
        ("2015", "2", "participated"),
        ("2020", "3", "participated"),
        ("2025", "4", "did-not-participate"),
    ]
    assert all(r["datePrecision"] == "year" for r in table.rows)
    israel = run("upr-reviews", state="Israel")
    # 001: "Israel returned to participating in 2013, 2018, and 2023."
    assert [r["date"] for r in israel.rows] == ["2013", "2018", "2023"]


def test_the_timeline_is_in_date_order_with_each_date_s_precision(run, bundled_corpus):
    table = run("timeline")
    assert len(table.rows) == len(bundled_corpus.statements) + len(bundled_corpus.events)
    dated = [r for r in table.rows if r["date"]]
    undated = table.rows[len(dated) :]
    assert all(r["date"] is None for r in undated) and all(r["dateText"] for r in undated[:1])
    assert [r["date"] for r in dated] == sorted(r["date"] for r in dated)
    pattern = {"day": r"\d{4}-\d\d-\d\d", "month": r"\d{4}-\d\d", "year": r"\d{4}"}
    for row in dated:
        assert re.fullmatch(pattern[row["datePrecision"]], row["date"]), row
    by_item = {short(r["item"]): r for r in table.rows}
    # 001: "which President Trump withdrew from in February" - a month, no day
    assert by_item["us-withdraws-from-human-rights-council"]["datePrecision"] == "month"
    # 000: "was held on Friday" (the article is dated 2025-11-07)
    session = by_item["us-review-session-2025-11-07"]
    assert (session["date"], session["datePrecision"]) == ("2025-11-07", "day")
    assert session["kind"] == "review session"


def test_search_finds_the_quotes_that_contain_the_words(run):
    table = run("search")  # default: "lectured"
    statements = {
        source3(r["source"])
        for r in table.rows
        if short(r["item"]) == "state-department-will-not-be-lectured"
    }
    assert statements == CORROBORATED_STATEMENTS["state-department-will-not-be-lectured"]
    for row in table.rows:
        text = text_of(row["source"])
        assert text[int(row["start"]) : int(row["end"])] == row["quote"]
        assert "lectured" in row["quote"].lower()


# -- parameters: names, and values that try to change the query ------------------------------


def test_names_lists_every_actor_label_and_alias(run, bundled_corpus):
    table = run("names")
    actors = {r["id"] for r in table.rows if r["kind"] == "actor"}
    # the registry's actors, plus the states the bundled UPR record names that the
    # registry does not hold: their id is their ISO 3166-1 alpha-3 code in lower case
    assert actors >= set(bundled_corpus.actors)
    record_states = actors - set(bundled_corpus.actors)
    assert record_states and all(re.fullmatch("[a-z]{3}", a) for a in record_states)
    names = {(r["id"], r["name"]) for r in table.rows}
    assert ("usa", "Washington") in names and ("jurg-lauber", "Jürg Lauber") in names


def names_table(*rows: tuple[str, str, str, str]) -> Table:
    return Table(
        ["thing", "kind", "id", "name", "nameType"],
        [
            {"thing": ID + f"{kind}/{ident}", "kind": kind, "id": ident, "name": n, "nameType": t}
            for kind, ident, n, t in rows
        ],
    )


def test_resolution_by_id_label_alias_case_and_apostrophe():
    param = Parameter("actor", "_actor_iri", "iri", True, kinds=("actor",))
    table = names_table(
        ("actor", "china-representative", "China’s representative", "label"),
        ("actor", "usa", "United States", "label"),
        ("actor", "usa", "US", "alias"),
        ("document", "us", "US report", "label"),
    )
    for value in ("usa", "actor:usa", "United States", "us", "united states", ID + "actor/usa"):
        assert resolve(value, param, table) == NamedNode(ID + "actor/usa"), value
    assert resolve("china's representative", param, table) == NamedNode(
        ID + "actor/china-representative"
    )


def test_an_ambiguous_or_unknown_name_is_refused_with_the_candidates():
    param = Parameter("actor", "_actor_iri", "iri", True, kinds=("actor",))
    table = names_table(
        ("actor", "un", "United Nations", "label"),
        ("actor", "un", "UN", "alias"),
        ("actor", "un-human-rights-council", "UN", "alias"),
    )
    with pytest.raises(InputError, match=r"'UN' names several things: .*un \(United Nations\)"):
        resolve("UN", param, table)
    with pytest.raises(InputError, match="no actor has the id, label or alias 'Untied Nations'"):
        resolve("Untied Nations", param, table)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_a_hostile_literal_is_one_literal_and_changes_nothing(run, bundled_dataset):
    before = set(bundled_dataset.quads())
    assert run_select("search", bundled_dataset, {"text": HOSTILE}).rows == []
    assert set(bundled_dataset.quads()) == before
    # the same words, found when they are in a quote: the value is matched, not run
    assert run("search", text="we will not be lectured").rows


def test_a_hostile_value_is_substituted_as_one_literal_term():
    """As grlc does, the value replaces its variable; escaped, it stays one literal."""
    from rdflib.plugins.sparql.algebra import traverse

    query = QUERIES["search"]
    from dataclasses import replace

    text = substitute(query.text, {"_text": pyoxigraph.Literal(HOSTILE)})
    parsed = prepare(replace(query, text=text))
    assert parsed.algebra.name == "SelectQuery"
    literals = []

    def collect(node):
        if isinstance(node, Literal):
            literals.append(node)

    traverse(parsed.algebra, visitPre=collect)
    assert Literal(HOSTILE) in literals
    assert "?_text" not in text.split("WHERE", 1)[1].replace("#+", "")
    assert text.count("\n") == query.text.count("\n"), "line numbers stay right"


def test_substitution_keeps_a_projected_parameter_a_column():
    text = "SELECT ?_actor_iri ?n WHERE { ?n <http://example.org/p> ?_actor_iri }"
    bound = substitute(text, {"_actor_iri": NamedNode("http://example.org/a")})
    assert bound == (
        "SELECT (<http://example.org/a> AS ?_actor_iri) ?n "
        "WHERE { ?n <http://example.org/p> <http://example.org/a> }"
    )
    with pytest.raises(InputError, match="binds the parameter"):
        substitute("SELECT * WHERE { BIND(1 AS ?_x) }", {"_x": NamedNode("http://example.org/a")})


@pytest.mark.parametrize(
    "args, words",
    [
        (["criticisms-of", "-p", f"actor={HOSTILE}"], "no actor has the id, label or alias"),
        (["statements-by", "-p", f"stance={HOSTILE}"], "is not one of: criticism"),
        (["why", "-p", f"target={HOSTILE}"], "no actor/document/decision has"),
        (["upr-reviews", "-p", f"state={HOSTILE}"], "no actor has the id"),
    ],
)
def test_hostile_names_are_refused_before_anything_runs(args, words, trig):
    result = run_cli("query", *args, "--graph", trig)
    assert result.code == 2
    assert result.out == ""
    assert words in result.err


def test_a_hostile_iri_parameter_is_refused(tmp_path):
    rq = tmp_path / "by-iri.rq"
    rq.write_text(
        "#+ summary: x\nSELECT ?o WHERE { ?_thing_iri ?p ?o } ORDER BY ?o\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match="not an absolute IRI"):
        run_select(read_query(rq), Dataset(), {"thing": "http://x/> } ; DROP ALL #"})


# -- errors ------------------------------------------------------------------------------------


def test_an_unknown_query_lists_the_canned_ones():
    result = run_cli("query", "who-critisised-whom")
    assert result.code == 2 and result.out == ""
    assert "did you mean 'who-criticised-whom'?" in result.err
    assert all(name in result.err for name in QUERIES)


def test_an_unknown_parameter_lists_the_valid_ones():
    result = run_cli("query", "criticisms-of", "-p", "actr=usa")
    assert result.code == 2 and result.out == ""
    assert "has no parameter 'actr' (its parameters: actor)" in result.err
    bad = run_cli("query", "criticisms-of", "-p", "usa")
    assert bad.code == 2 and "--param needs NAME=VALUE" in bad.err


def write_queries(tmp_path, **files: str):
    folder = tmp_path / "queries"
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name}.rq").write_text(text, encoding="utf-8")
    return folder


def test_a_missing_required_parameter_is_named(tmp_path):
    folder = write_queries(
        tmp_path,
        **{"by-speaker": "#+ summary: s\nSELECT ?s WHERE { ?s ?p ?_speaker_iri } ORDER BY ?s\n"},
    )
    result = run_cli("query", "--queries", folder, "by-speaker")
    assert result.code == 2 and result.out == ""
    assert "needs --param speaker=VALUE" in result.err


def test_a_query_that_does_not_parse_names_its_file_and_line(tmp_path):
    text = "#+ summary: broken\n\nSELECT ?s\nWHERE {\n  ?s ?p\n}\nORDER BY ?s\n"
    folder = write_queries(tmp_path, broken=text)
    result = run_cli("query", "--queries", folder, "broken")
    assert result.code == 2 and result.out == ""
    assert re.search(r"broken\.rq:5: SPARQL syntax error at column 3", result.err), result.err


def test_bad_decorators_name_their_file_and_line(tmp_path):
    folder = write_queries(
        tmp_path,
        bad="#+ summary: s\n#+ defaults:\n#+   - actr: usa\n"
        "SELECT ?s WHERE { ?s ?p ?_actor_iri }\n",
    )
    result = run_cli("query", "--queries", folder, "list")
    assert result.code == 2
    assert re.search(r"bad\.rq:3: 'defaults' names 'actr', which is not a parameter", result.err)
    (folder / "bad.rq").write_text("#+ summary: [unclosed\nSELECT * WHERE {}\n", encoding="utf-8")
    result = run_cli("query", "--queries", folder, "list")
    assert result.code == 2 and re.search(r"bad\.rq:1: bad '#\+' decorator", result.err)


def test_an_update_is_refused(tmp_path):
    update = tmp_path / "drop.rq"
    update.write_text("DELETE WHERE { ?s ?p ?o }\n", encoding="utf-8")
    result = run_cli("sparql", update)
    assert result.code == 2 and result.out == ""
    assert "this is a SPARQL Update" in result.err


# -- the commands and their formats ----------------------------------------------------------


def test_query_list_shows_every_query_with_its_parameters():
    result = run_cli("query", "list", "--format", "json")
    assert result.code == 0, result.err
    listed = {row["name"]: row for row in json.loads(result.out)}
    assert set(listed) == set(QUERIES)
    assert (
        "actor (actor id, label or alias; default actor:usa)"
        in listed["criticisms-of"]["parameters"]
    )
    text = run_cli("query", "list")
    assert "who-criticised-whom" in text.out and "parameters: none" in text.out


def test_a_query_s_help_comes_from_its_decorators():
    result = run_cli("query", "statements-by", "--help")
    assert result.code == 0
    assert QUERIES["statements-by"].summary[:40] in result.out
    assert "-p stance" in result.out and "queries/statements-by.rq" in result.out


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_and_tsv_read_back_as_the_table(run, fmt, trig):
    result = run_cli("query", "appeals", "--format", fmt, "--graph", trig)
    assert result.code == 0, result.err
    rows = list(csv.DictReader(io.StringIO(result.out), delimiter="," if fmt == "csv" else "\t"))
    expected = [{k: v or "" for k, v in row.items()} for row in run("appeals").rows]
    assert rows == expected


def test_markdown_and_table_formats_are_readable(run, trig):
    md = run_cli(
        "query", "corroboration", "--format", "md", "--columns", "item,sourceCount", "--graph", trig
    )
    lines = md.out.splitlines()
    assert lines[0] == "| item | sourceCount |" and lines[1] == "|---|---|"
    assert len(lines) == 2 + len(run("corroboration").rows)
    assert "statement:" in md.out, "IRIs are shown with the project's prefixes"
    table = run_cli("query", "upr-reviews", "--columns", "date,participation", "--graph", trig)
    assert table.out.splitlines()[:3] == [
        "date  participation",
        "----  -------------------",
        "2010  participated",
    ]
    wide = run_cli("query", "who-criticised-whom", "--graph", trig)
    assert wide.out.startswith("-[ 1 ]-"), "too wide for the terminal: one block per row"
    assert "40 rows" in wide.err


def test_unknown_columns_are_named(trig):
    result = run_cli("query", "appeals", "--columns", "speaker", "--graph", trig)
    assert result.code == 2 and "no column 'speaker'; columns: statement, speakers" in result.err


def test_sparql_runs_a_researcher_s_own_queries(tmp_path, trig):
    select = tmp_path / "mine.rq"
    select.write_text(
        "PREFIX uprkg: <https://w3id.org/uprkg/ontology#>\n"
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a uprkg:Statement }\n",
        encoding="utf-8",
    )
    result = run_cli("sparql", select, "--format", "json", "--graph", trig)
    assert result.code == 0, result.err
    statements = json.loads(result.out)[0]["n"]
    ask = tmp_path / "ask.rq"
    ask.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    assert run_cli("sparql", ask, "--graph", trig).out.strip() == "true"
    construct = tmp_path / "construct.rq"
    construct.write_text(
        "PREFIX uprkg: <https://w3id.org/uprkg/ontology#>\n"
        "CONSTRUCT { ?speaker uprkg:speakerOf ?s } WHERE { ?s uprkg:speaker ?speaker }",
        encoding="utf-8",
    )
    turtle = run_cli("sparql", construct, "--graph", trig).out
    assert "@prefix uprkg:" in turtle and "actor:cuba uprkg:speakerOf" in turtle
    describe = tmp_path / "describe.rq"
    describe.write_text("DESCRIBE <https://w3id.org/uprkg/id/actor/cuba>", encoding="utf-8")
    assert 'rdfs:label "Cuba"@en' in run_cli("sparql", describe, "--graph", trig).out
    graphs = tmp_path / "graphs.rq"
    graphs.write_text("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")
    assert "graph/source/000_391cd0b393f3ac2e" in run_cli("sparql", graphs, "--graph", trig).out
    assert int(statements) > 40


# -- graphs: default or named, with or without inferred triples ------------------------------


# rdflib 7.6 warns about its own Dataset internals on every add
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_rows_are_the_same_from_named_graphs_or_one_default_graph(bundled_dataset):
    merged = Dataset()
    for triple in union_graph(bundled_dataset):
        merged.add(triple)  # the default graph, as uprkg.ttl has it
    for name, params in CASES:
        named = run_select(name, bundled_dataset, params)
        default = run_select(name, merged, params)
        assert named.rows == default.rows, (name, params)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_rows_do_not_depend_on_inferred_triples(bundled_dataset):
    """A reasoner adds superclass types and inverse links in graph/inferred;
    the queries must give the same rows with or without them."""
    from rdflib import OWL

    data = Dataset()
    for quad in bundled_dataset.quads():
        data.add(quad)
    graph = union_graph(bundled_dataset)
    inferred = data.graph(GRAPH_INFERRED)
    for thing, cls in graph.subject_objects(RDF.type):
        for above in graph.transitive_objects(cls, RDFS.subClassOf):
            inferred.add((thing, RDF.type, above))
    for prop, inverse in graph.subject_objects(OWL.inverseOf):
        for s, o in graph.subject_objects(prop):
            inferred.add((o, inverse, s))
    inferred.add((URIRef(ID + "source/x"), DCTERMS.title, Literal("not a source")))
    assert len(inferred) > 500
    for name, params in CASES:
        assert (
            run_select(name, data, params).rows == run_select(name, bundled_dataset, params).rows
        ), (name, params)


def test_the_library_api_other_modules_use(bundled_dataset):
    queries = load_queries()
    table = run_select(queries["who-criticised-whom"], bundled_dataset)
    assert isinstance(table, Table) and table.variables[:3] == [
        "statement",
        "critic",
        "criticLabel",
    ]
    assert all(isinstance(v, str | None) for row in table.rows for v in row.values())
    assert run_select("who-criticised-whom", bundled_dataset).rows == table.rows
    text = "SELECT ?n WHERE { BIND(1 AS ?n) } ORDER BY ?n"
    assert run_select(text, bundled_dataset).rows == [{"n": "1"}]
    assert LIST_SEPARATOR == "; "


def test_the_cli_loads_no_rdf_library_to_list_or_describe_queries():
    code = (
        "import sys\n"
        "from uprkg.cli import cli\n"
        "import click\n"
        "ctx = click.Context(cli)\n"
        "group = cli.get_command(ctx, 'query')\n"
        "names = group.list_commands(click.Context(group))\n"
        "assert 'who-criticised-whom' in names\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rdflib', 'SPARQLWrapper')))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
