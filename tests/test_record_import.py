"""The importers of the formal UPR record: states by ISO code, bad rows, stable output.

Runs on tests/fixtures/record/upr-info-sample.csv (24 rows cut from the
UPR Info export, see its README) and on the bundled OHCHR list
(graph/records/); the tests on the whole 41k-row export skip visibly when
$UPRKG_SHARED/upr is absent.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
import yaml
from rdflib import Dataset, Literal, URIRef

from conftest import BUNDLED, FIXTURES, REPO, run_cli, run_process
from uprkg.errors import InputError
from uprkg.importers import import_records
from uprkg.importers.states import iso_code, normalise, overrides
from uprkg.namespaces import UPRKG, mint

SAMPLE = FIXTURES / "record" / "upr-info-sample.csv"
UN_FILE = BUNDLED / "records" / "us-cycle3-A-HRC-46-15.csv"
UN_CORRECTIONS = BUNDLED / "records" / "a-hrc-46-15.corrections.yaml"
SHARED = Path(os.environ.get("UPRKG_SHARED", REPO.parent / "shared"))
FULL = SHARED / "upr" / "upr-info-sessions-01-20.csv"
UN_OPTIONS = ("--state", "USA", "--document", "A/HRC/46/15", "--session", "36", "--cycle", "3")


def quads(path: Path) -> Dataset:
    """An N-Quads file; its triples read as one graph (default_union)."""
    ds = Dataset(default_union=True)
    ds.parse(path, format="nquads")
    return ds


# -- states ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("United States", "USA"),
        ("Russian Federation", "RUS"),
        ("Laos", "LAO"),  # pycountry's common name
        ("Bolivia", "BOL"),
        ("DPR Korea", "PRK"),  # the override table
        ("Democratic People ’ s Republic of Korea", "PRK"),  # spaced typographic apostrophe
        ("Macedonia FYR", "MKD"),
        ("Holy See", "VAT"),
        ("Palestine", "PSE"),
        ("State of Palestine", "PSE"),
        ("St Kitts & Nevis", "KNA"),
        ("Venezuela (Bolivarian Republic of)", "VEN"),
        ("Cote d'Ivoire", "CIV"),  # diacritics ignored
        ("Côte d’Ivoire", "CIV"),
        ("  united   states ", "USA"),
    ],
)
def test_state_names_resolve_to_iso_codes(name, code):
    assert iso_code(name) == code


@pytest.mark.parametrize(
    "name",
    [
        "",
        "&#40;Unknown&#41;",
        "(Unknown)",
        "ACT Group",
        "the Paris Principles",
        "Bolivarian Republic of",
        "Venezuel",
    ],
)
def test_names_that_are_not_states_stay_unresolved(name):
    assert iso_code(name) is None


def test_the_override_table_agrees_with_pycountry_where_both_know_a_name():
    import pycountry

    for key, code in overrides().items():
        assert pycountry.countries.get(alpha_3=code) is not None, code
        known = {
            normalise(v)
            for c in pycountry.countries
            for v in (c.name, getattr(c, "common_name", ""), getattr(c, "official_name", ""))
            if v
        }
        if key in known:  # a newer pycountry learnt the name: it must say the same
            assert pycountry.countries.lookup(key).alpha_3 == code


def test_registered_states_keep_their_actor_iri_and_others_get_their_code(tmp_path):
    imported = import_records("upr-info", SAMPLE, skip_bad_rows=True)
    states = {s.code: s for r in imported.parsed.recommendations for s in r.recommenders}
    states |= {
        r.state_under_review.code: r.state_under_review for r in imported.parsed.recommendations
    }
    # actors.yaml holds the US (id usa) and the DRC (id dr-congo): their actor IRIs
    assert states["USA"].iri == str(mint("actor", "usa"))
    assert states["COD"].iri == str(mint("actor", "dr-congo"))
    # any other state: its alpha-3 code in lower case
    assert states["PRK"].iri == str(mint("actor", "north-korea"))
    assert states["MKD"].iri == str(mint("actor", "mkd"))
    assert states["VAT"].iri == str(mint("actor", "vat"))


# -- bad rows ----------------------------------------------------------------------------


def test_bad_rows_fail_the_import_with_file_line_column_and_reason(tmp_path):
    result = run_cli("import", "upr-info", SAMPLE, "--out", tmp_path)
    assert result.code == 2
    err = result.err
    # lines 15 and 16 of the sample are lines 2497-2498 of the export: '&#40;Unknown&#41;'
    for line in (15, 16):
        assert (
            f"upr-info-sample.csv:{line}: column 5 'From': '&#40;Unknown&#41;' is HTML-escaped"
            in err
        )
        assert f"upr-info-sample.csv:{line}: column 6 'From-Rgrp'" in err
    assert "2 bad rows of 24: nothing written" in err
    assert not (tmp_path / "records").exists()


def test_skip_bad_rows_lists_what_it_leaves_out_and_drops_nothing_else(tmp_path):
    result = run_cli("import", "upr-info", SAMPLE, "--out", tmp_path, "--skip-bad-rows")
    assert result.code == 0, result.err
    assert "left out: " in result.err and "upr-info-sample.csv:15: column 5 'From'" in result.err
    assert "left out 2 bad rows of 24" in result.err
    ds = quads(tmp_path / "records" / "upr-info-sample.nq")
    lines = sorted(int(o) for o in ds.objects(None, UPRKG.sourceLine))
    rows = set(ds.objects(None, UPRKG.sourceRow))
    assert len(rows) == len(lines)
    # every good line is cited once; lines 19 and 20 repeat each other and share a node
    assert lines == [n for n in range(2, 26) if n not in (15, 16)]
    recommendations = set(ds.subjects(UPRKG.sourceRow, None))
    assert len(recommendations) == 24 - 2 - 1
    assert "repeats line 19" in result.err
    assert (
        "lines 7, 8: the same text to the same state in session 1 with 2 different codings"
        in result.err
    )


def test_a_repeated_row_is_one_recommendation_citing_both_lines(tmp_path):
    imported = import_records("upr-info", SAMPLE, skip_bad_rows=True)
    (repeated,) = [r for r in imported.parsed.recommendations if 19 in r.lines]
    assert repeated.lines == [19, 20]
    assert [s.code for s in repeated.recommenders] == ["TCD"]
    split = [r for r in imported.parsed.recommendations if set(r.lines) & {7, 8}]
    assert sorted(r.action for r in split) == ["2", "4"]  # Austria's 2, Slovenia's 4
    assert len({r.iri for r in split}) == 2


def test_importing_the_same_file_twice_gives_the_same_bytes(tmp_path):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        proc = run_process(
            "import",
            "upr-info",
            SAMPLE,
            "--out",
            out,
            "--skip-bad-rows",
            env={"PYTHONHASHSEED": seed},
        )
        assert proc.returncode == 0, proc.stderr
        outputs.append((out / "records" / "upr-info-sample.nq").read_bytes())
    assert outputs[0] == outputs[1]
    lines = outputs[0].decode("utf-8").splitlines()
    assert lines == sorted(lines)


def test_the_dataset_node_says_where_the_file_came_from(tmp_path):
    assert run_cli("import", "upr-info", SAMPLE, "--out", tmp_path, "--skip-bad-rows").code == 0
    ds = quads(tmp_path / "records" / "upr-info-sample.nq")
    node = mint("dataset", "upr-info-sample")
    graph = ds.graph(URIRef("https://w3id.org/uprkg/graph/record/upr-info-sample"))
    assert (
        node,
        UPRKG.dataFileSha256,
        Literal(hashlib.sha256(SAMPLE.read_bytes()).hexdigest()),
    ) in graph
    assert (node, UPRKG.dataFile, Literal("upr-info-sample.csv")) in graph
    publisher = graph.value(node, URIRef("http://purl.org/dc/terms/publisher"))
    assert str(publisher) == "UPR Info"
    assert "UPR Info database" in str(graph.value(node, UPRKG.licenceNote))
    # every quad is in the dataset's graph
    assert len(graph) == len(list(ds.quads((None, None, None, None))))


def test_an_un_list_reports_its_four_known_defects():
    with pytest.raises(InputError) as caught:
        import_records("un-recommendations", UN_FILE, state="USA", document="A/HRC/46/15", cycle=3)
    text = [str(p) for p in caught.value.problems]
    assert [t.split(": ")[0].rsplit(":", 1)[1] for t in text[:-1]] == ["35", "92", "162", "348"]
    assert "column 2 'recommending_state': 'ACT Group' is not a state name" in text[0]
    assert "'the Paris Principles' is not a state name" in text[1]
    assert "tail of a UN name split at its parenthesis" in text[2]
    assert "empty: the row names no state (the text ends with '(Nicaragua)'" in text[3]
    assert text[-1].startswith("4 bad rows of 347: nothing written")


def test_un_import_needs_the_state_and_the_report():
    result = run_cli("import", "un-recommendations", UN_FILE)
    assert result.code == 2
    assert "--state" in result.err


def test_documented_corrections_are_applied_and_written_on_the_recommendation(tmp_path):
    result = run_cli(
        "import",
        "un-recommendations",
        UN_FILE,
        *UN_OPTIONS,
        "--corrections",
        UN_CORRECTIONS,
        "--out",
        tmp_path,
    )
    assert result.code == 0, result.err
    assert "347 recommendations (5 joint) from 347 rows" in result.out
    ds = quads(tmp_path / "records" / "us-cycle3-a-hrc-46-15.nq")
    rec = mint("recommendation", "a-hrc-46-15", "26.161")
    assert set(ds.objects(rec, UPRKG.recommendedBy)) == {
        mint("actor", "venezuela"),
        mint("actor", "nic"),
    }
    notes = {str(o) for o in ds.objects(None, UPRKG.correction)}
    assert len(notes) == 4
    assert any(n.startswith("recommending_state '' read as 'Nicaragua'") for n in notes)


def test_a_correction_that_no_longer_matches_the_file_fails(tmp_path):
    stale = tmp_path / "stale.yaml"
    data = yaml.safe_load(UN_CORRECTIONS.read_text(encoding="utf-8"))
    data["corrections"][0]["was"] = "ACT Group"
    stale.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run_cli(
        "import",
        "un-recommendations",
        UN_FILE,
        *UN_OPTIONS,
        "--corrections",
        stale,
        "--out",
        tmp_path,
    )
    assert result.code == 2
    assert "correction for paragraph 26.34: column 'recommending_state' reads" in result.err
    assert not (tmp_path / "records").exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"To,Text\nFrance,Do it\n", "missing column(s) From, Response, Session"),
        (b"", "the file is empty"),
        (
            "To,Text,From,Response,Session\nC\u00f4te,x,France,Noted,1\n".encode("mac_roman"),
            "not UTF-8",
        ),
        (
            b'To,Text,From,Response,Session\nFrance,"Do it,Spain,Noted\n',
            "fields where the header has 5",
        ),
        (
            b"To,Text,From,Response,Session\nFrance,Do it,Spain,Rejected,x\n",
            "is not Accepted or Noted",
        ),
    ],
)
def test_malformed_files_are_one_clear_message_each(tmp_path, content, words):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    result = run_cli("import", "upr-info", bad, "--out", tmp_path / "out")
    assert result.code == 2
    assert words in result.err
    assert "bad.csv" in result.err
    assert not (tmp_path / "out").exists()


# -- the join with the discourse graph ------------------------------------------------------


def test_an_imported_dataset_joins_the_build_without_a_mapping_step(tmp_path, bundled_dataset):
    assert run_cli("import", "upr-info", SAMPLE, "--out", tmp_path, "--skip-bad-rows").code == 0
    joined = Dataset(default_union=True)
    for s, p, o, g in bundled_dataset.quads((None, None, None, None)):
        joined.graph(g).add((s, p, o))
    joined.parse(tmp_path / "records" / "upr-info-sample.nq", format="nquads")
    usa = mint("actor", "usa")
    # the US the articles target is the US the sample's two recommendations of session 9 address
    assert any(joined.subjects(UPRKG.target, usa))
    sample_graph = joined.graph(URIRef("https://w3id.org/uprkg/graph/record/upr-info-sample"))
    assert len(set(sample_graph.subjects(UPRKG.recommendedTo, usa))) == 2


# -- the whole export (shared data; skipped visibly without it) -------------------------------


@pytest.mark.skipif(
    not FULL.is_file(), reason=f"the UPR Info export is not at {FULL} (set UPRKG_SHARED)"
)
def test_the_whole_export_imports_with_its_nine_bad_rows_reported():
    imported = import_records("upr-info", FULL, skip_bad_rows=True)
    raw = FULL.read_text(encoding="utf-8").splitlines()
    unknown = [n for n, line in enumerate(raw, 1) if "&#40;Unknown&#41;" in line]
    assert imported.bad_rows == unknown and len(unknown) == 9
    cited = [line for r in imported.parsed.recommendations for line in r.lines]
    assert len(cited) == len(set(cited)) == 41066 - 9
    to_us = [r for r in imported.parsed.recommendations if r.state_under_review.code == "USA"]
    assert sum(len(r.lines) for r in to_us) == 280  # the README: 280 rows of session 9
    assert {r.session for r in to_us} == {9}
