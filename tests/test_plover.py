"""PLOVER-style event records: categories from the ontology's mappings, actors, provenance."""

from __future__ import annotations

import json

import pytest
from rdflib import RDF

from conftest import BUNDLED, SOURCES, run_cli
from uprkg.build import union_graph
from uprkg.export import render
from uprkg.namespaces import UPRKG
from uprkg.plover import records


@pytest.fixture(scope="module")
def by_id(bundled_dataset) -> dict[str, dict]:
    return {r["id"]: r for r in records(bundled_dataset)}


@pytest.mark.parametrize(
    ("statement", "stance", "event", "quad", "cameo"),
    [
        ("advocates-outraged-at-us-failure", "condemnation", ["ACCUSE"], 3, "111"),
        ("advocates-congress-must-ensure-participation", "demand", ["DEMAND"], 3, "10"),
        ("us-mission-letter-will-not-participate", "rejection", ["REJECT"], 3, "12"),
        ("cuba-accuses-us-fear-of-oversight", "accusation", ["ACCUSE"], 3, "112"),
        ("zeya-showing-up-is-the-bare-minimum", "criticism", ["ACCUSE"], 3, "111"),
        ("kaye-council-is-a-major-voice", "defence", ["SUPPORT"], 1, "052"),
        ("upr-academics-praise-upr", "endorsement", ["SUPPORT"], 1, "051"),
        # PLOVER does not code appeals, comments or statements of intent: no category,
        # the CAMEO code kept
        ("prestholdt-urges-us-to-recommit", "appeal", [], None, "02"),
        ("lauber-notes-us-absence", "observation", [], None, "010"),
        ("prestholdt-will-hold-us-accountable", "commitment", [], None, "01"),
    ],
)
def test_category_mapping_on_known_statements(by_id, statement, stance, event, quad, cameo):
    record = by_id[statement]
    assert record["uprkg_stance"] == stance
    assert record["event"] == event
    assert record["has_event"] is bool(event)
    assert record["quad_code"] == quad
    assert record["uprkg_cameo"] == cameo


def test_categories_agree_with_the_ontology_for_every_record(bundled_dataset, by_id):
    """Recomputed with SPARQL over the built graph: exact match wins over close match."""
    query = """
    PREFIX uprkg: <https://w3id.org/uprkg/ontology#>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT ?statement ?match ?code WHERE {
      ?statement a uprkg:Statement ; uprkg:stance ?stance .
      ?stance ?match ?category .
      ?category a uprkg:PloverCategory ; skos:notation ?code .
      VALUES ?match { skos:exactMatch skos:closeMatch }
    }"""
    found: dict[str, dict[str, str]] = {}
    for row in union_graph(bundled_dataset).query(query):
        statement = str(row.statement).rsplit("/", 1)[-1]
        found.setdefault(statement, {})[str(row.match).rsplit("#", 1)[-1]] = str(row.code)
    assert found, "the build carries the stance mappings"
    for statement, record in by_id.items():
        matches = found.get(statement, {})
        expected = matches.get("exactMatch") or matches.get("closeMatch")
        assert record["event"] == ([expected] if expected else []), statement


def test_one_record_per_statement_sorted(bundled_dataset, by_id):
    statements = set(union_graph(bundled_dataset).subjects(RDF.type, UPRKG.Statement))
    ids = [r["id"] for r in records(bundled_dataset)]
    assert len(ids) == len(statements) == 45
    assert ids == sorted(ids) == sorted(by_id)


def test_actors_use_iso_and_plover_codes(by_id):
    china = by_id["china-lack-of-respect-for-upr"]
    speakers = [(a["uprkg_id"], a["code"]) for a in china["source"]]
    assert speakers == [("china-representative", "CHN")]
    assert china["source"][0]["uprkg_on_behalf_of"] == "china"
    assert [(a["uprkg_id"], a["code"]) for a in china["recipient"]] == [("usa", "USA")]
    letter = by_id["us-mission-letter-will-not-participate"]
    assert (letter["source"][0]["code"], letter["source"][0]["sector"]) == ("USA", "GOV")
    assert letter["recipient"][0]["code"] == "IGO"  # the UPR, a UN mechanism
    assert by_id["advocates-outraged-at-us-failure"]["source"][0]["code"] == "NGO"
    assert by_id["cuba-accuses-us-fear-of-oversight"]["source"][0]["identifier_id"] == "Q241"


def test_document_targets_become_their_responsible_actors(by_id):
    record = by_id["hrf-damaging-setback"]
    assert {(a["uprkg_id"], a["uprkg_via"]) for a in record["recipient"]} == {
        ("donald-trump", "us-decision-not-to-participate"),
        ("trump-administration", "us-decision-not-to-participate"),
    }
    # a direct target also reached through a document is listed once, as direct
    dakwar = by_id["dakwar-boycott-puts-us-among-worst-violators"]
    ids = [a["uprkg_id"] for a in dakwar["recipient"]]
    assert sorted(ids) == ["donald-trump", "trump-administration"]
    administration = next(a for a in dakwar["recipient"] if a["uprkg_id"] == "trump-administration")
    assert administration["uprkg_via"] is None


def test_reasons_kept_beside_plover_context(by_id):
    record = by_id["advocates-outraged-at-us-failure"]
    assert record["uprkg_reasons"] == ["accountability", "precedent"]
    assert len(record["uprkg_reasons_text"]) == 2
    # PLOVER's human_rights context: "explicit mentions of the term human rights"
    for record in by_id.values():
        said = any("human rights" in q.lower().replace("-", " ") for q in record["event_text"])
        assert record["context"] == (["human_rights"] if said else []), record["id"]


def test_every_quote_is_at_its_offsets_in_its_source(by_id):
    """Provenance down to the characters: text, quotes and citations agree with the files."""
    texts = {s: (BUNDLED / "sources" / f"{s}.txt").read_text("utf-8") for s in SOURCES.values()}
    checked = 0
    for record in by_id.values():
        cited = []
        for cite in record["uprkg_reports"]:
            for quote in cite["quotes"]:
                assert texts[cite["source"]][quote["start"] : quote["end"]] == quote["text"]
                cited.append(quote["text"])
                checked += 1
        assert sorted(cited) == sorted(record["event_text"])
        assert record["text"] == (record["event_text"][0] if record["event_text"] else None)
        info = record["text_info"]
        assert texts[info["uprkg_source"]][info["start"] : info["end"]] == record["text"]
        assert record["cite_info"]["uprkg_source"] == info["uprkg_source"]
    assert checked >= 45


def test_corroborated_statement_cites_every_source(by_id):
    record = by_id["us-letter-un-ignores-abuses"]
    assert [c["source"] for c in record["uprkg_reports"]] == [SOURCES["002"], SOURCES["003"]]
    assert all(c["quotes"] for c in record["uprkg_reports"])


def test_dates_keep_their_precision(by_id):
    dated = [r for r in by_id.values() if r["date"]]
    assert dated
    for record in dated:
        length = {"day": 10, "month": 7, "year": 4}[record["uprkg_date_precision"]]
        assert len(record["uprkg_date"]) == length
        assert record["date"].startswith(record["uprkg_date"])
        assert ("enddate" in record) == (length < 10)


def test_a_month_becomes_its_range_not_a_guessed_day():
    from uprkg.plover import date_range

    assert date_range("2025-08", "month") == ("2025-08-01", "2025-08-31")
    assert date_range("2024-02", "month") == ("2024-02-01", "2024-02-29")
    assert date_range("2025", "year") == ("2025-01-01", "2025-12-31")
    assert date_range("2025-11-07", "day") == ("2025-11-07", None)
    assert date_range(None, None) == (None, None)


def test_cli_writes_json_lines(tmp_path, bundled_dataset):
    trig = tmp_path / "in.trig"
    trig.write_text(render(bundled_dataset, "trig"), encoding="utf-8")
    out = tmp_path / "events.jsonl"
    result = run_cli("export", "--format", "plover", "--graph", trig, "--out", out)
    assert result.code == 0, result.err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [r["id"] for r in records(bundled_dataset)]
    assert out.read_text(encoding="utf-8") == render(bundled_dataset, "plover")
