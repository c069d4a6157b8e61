"""`uprkg validate` and the validation that guards `uprkg build`: reports, formats, exit codes."""

from __future__ import annotations

import json

import pytest
from rdflib import RDF, Dataset, Graph, URIRef

from conftest import FIXTURES, run_cli, run_process
from uprkg.validate import SH, SHAPES, validate

COLLEAGUE = FIXTURES / "colleague" / "advocates-claims.ttl"
BASE = FIXTURES / "shapes" / "base.ttl"


def broken_colleague_file(tmp_path):
    """The colleague's file with a two-letter ISO code and a quote one character short."""
    text = COLLEAGUE.read_text(encoding="utf-8")
    text = text.replace('uprkg:iso3166Alpha3 "SLE"', 'uprkg:iso3166Alpha3 "SL"')
    text = text.replace('"the UN is empowered', '"UN is empowered')
    path = tmp_path / "broken.ttl"
    path.write_text(text, encoding="utf-8")
    return path


# -- the bundled graph ---------------------------------------------------------------


def test_the_built_graph_conforms(bundled_dataset):
    report = validate(bundled_dataset)
    assert report.conforms, report.text("Violation")
    counts = report.counts()
    assert counts["Violation"] == 0
    assert counts["Warning"] > 0  # unknown dates and channels are expected, and reported
    assert report.verdict() == (
        f"conforms: 0 violations, {counts['Warning']} warnings, {counts['Info']} infos"
    )


def test_validate_reads_the_built_trig_by_default(tmp_path, monkeypatch):
    assert run_cli("build", "--out", tmp_path / "build").code == 0
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate")
    assert result.code == 0, result.err
    assert "building the corpus in memory" not in result.err
    assert result.out.splitlines()[-1].startswith("conforms: 0 violations, ")


def test_without_a_build_the_corpus_is_built_in_memory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate", "--show", "violation")
    assert result.code == 0, result.err
    assert "building the corpus in memory" in result.err
    assert result.out.splitlines()[-1].startswith("conforms: 0 violations, ")
    assert "Warning " not in result.out  # --show violation lists violations only
    assert "not shown; see --show" in result.out


def test_the_report_groups_by_source_then_focus_node_and_is_deterministic(bundled_dataset):
    first = validate(bundled_dataset).text()
    assert first == validate(bundled_dataset).text()
    headings = [line for line in first.splitlines() if line.startswith(("source ", "sources "))]
    groups = [
        tuple(part.split()[0] for part in heading.split(" ", 1)[1].split(" + "))
        for heading in headings
    ]
    assert groups == sorted(groups)
    assert len(groups) == len(set(groups)) > 5


# -- a colleague's file, in every format --------------------------------------------------


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld", "trig"])
def test_a_colleagues_file_validates_in_every_rdf_format(tmp_path, fmt):
    graph = Graph().parse(COLLEAGUE, format="turtle")
    suffix = {"turtle": ".ttl", "nt": ".nt", "json-ld": ".jsonld", "trig": ".trig"}[fmt]
    path = tmp_path / f"colleague{suffix}"
    if fmt == "trig":
        dataset = Dataset()
        named = dataset.graph(URIRef("https://example.org/colleague/graph"))
        for triple in graph:
            named.add(triple)
        path.write_text(dataset.serialize(format="trig"), encoding="utf-8")
    else:
        path.write_text(graph.serialize(format=fmt), encoding="utf-8")
    result = run_cli("validate", path)
    assert result.code == 0, result.out + result.err
    assert result.out.splitlines()[-1] == "conforms: 0 violations, 1 warning, 1 info"
    # subclass instances met their superclass shapes: the PolicyChange is checked as an Event
    assert "shape:Event-date-known" in result.out


def test_files_are_merged_into_one_graph(tmp_path):
    text = COLLEAGUE.read_text(encoding="utf-8")
    header = "".join(line for line in text.splitlines(True) if line.startswith("@prefix"))
    cut = text.index("ex:advocates a uprkg:NGO")
    source_part, rest = tmp_path / "source.ttl", tmp_path / "items.ttl"
    source_part.write_text(text[:cut], encoding="utf-8")
    rest.write_text(header + text[cut:], encoding="utf-8")
    alone = run_cli("validate", rest)
    assert alone.code == 1  # the claim's source is not described in this file
    assert "shape:Attested-source" in alone.out
    together = run_cli("validate", source_part, rest)
    assert together.code == 0, together.out


# -- violations ----------------------------------------------------------------------------


def test_violations_exit_1_with_a_report_a_researcher_can_read(tmp_path):
    result = run_cli("validate", broken_colleague_file(tmp_path))
    assert result.code == 1
    out = result.out
    assert out.splitlines()[-1] == "does not conform: 2 violations, 1 warning, 1 info"
    assert "source 004_7f97047af162db2c.txt “U.S. Failure to Participate" in out
    assert "  ex:sierra-leone  “Sierra Leone”" in out
    assert "Violation  A state carries exactly one ISO 3166-1 alpha-3 code" in out
    assert 'value "SL"' in out
    assert "The quote has 66 characters but its offsets 3775-3845 span 70" in out
    assert "shape:QuoteLengthMatchesOffsets" in out
    # grouped: the quote is listed under the source it lies in, the state under the registry
    state = "  ex:sierra-leone  “Sierra Leone”"
    assert out.index("  ex:quote-3775-3845") < out.index("\nregistry") < out.index(state)


def test_json_format_gives_the_shacl_results(tmp_path):
    path = broken_colleague_file(tmp_path)
    result = run_cli("validate", "--format", "json", path)
    assert result.code == 1
    data = json.loads(result.out)
    assert data["conforms"] is False
    assert data["counts"] == {"Violation": 2, "Warning": 1, "Info": 1}
    iso = next(r for r in data["results"] if r["sourceShape"].endswith("#State-iso3166Alpha3"))
    assert iso["focusNode"] == "https://example.org/colleague/upr/sierra-leone"
    assert iso["resultSeverity"] == "Violation"
    assert iso["value"] == '"SL"'
    assert iso["resultPath"] == "https://w3id.org/uprkg/ontology#iso3166Alpha3"
    assert iso["sourceConstraintComponent"] == str(SH.PatternConstraintComponent)
    assert "does not conform: 2 violations" in result.err
    assert run_cli("validate", "--format", "json", path).out == result.out


def test_turtle_format_gives_a_shacl_validation_report(tmp_path):
    path = broken_colleague_file(tmp_path)
    result = run_cli("validate", "--format", "ttl", path)
    assert result.code == 1
    report = Graph().parse(data=result.out, format="turtle")
    (node,) = report.subjects(RDF.type, SH.ValidationReport)
    assert not report.value(node, SH.conforms).toPython()
    results = list(report.objects(node, SH.result))
    assert len(results) == 4
    shapes = {report.value(r, SH.sourceShape) for r in results}
    assert {SHAPES["State-iso3166Alpha3"], SHAPES["QuoteLengthMatchesOffsets"]} <= shapes
    assert run_cli("validate", "--format", "ttl", path).out == result.out


def test_a_conforming_graph_with_warnings_reports_sh_conforms_true():
    result = run_cli("validate", "--format", "ttl", COLLEAGUE)
    assert result.code == 0
    report = Graph().parse(data=result.out, format="turtle")
    assert [c.toPython() for c in report.objects(None, SH.conforms)] == [True]


# -- input that cannot be read ---------------------------------------------------------------


def bad_input(tmp_path, name: str, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    return path, run_cli("validate", path)


def test_a_file_that_is_not_rdf_exits_2_naming_file_and_line(tmp_path):
    path, result = bad_input(tmp_path, "notes.ttl", b"Meeting notes\nThe US did not attend.\n")
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(f"uprkg: error: {path}:1: cannot read as turtle")


@pytest.mark.parametrize(
    "where",
    ['"the UN is empowered', "ex:quote-1791-1917 a uprkg:Quote ;\n    oa:exact", '"SLE" .'],
    ids=["inside-a-string", "inside-a-statement", "before-the-dot"],
)
def test_a_truncated_turtle_file_exits_2_with_the_parser_line(tmp_path, where):
    text = COLLEAGUE.read_text(encoding="utf-8")
    cut = text.index(where) + len(where) - 3
    path, result = bad_input(tmp_path, "truncated.ttl", text[:cut].encode("utf-8"))
    assert result.code == 2
    assert result.out == ""
    line = text[:cut].count("\n") + 1
    assert f"{path}:{line}: cannot read as turtle" in result.err, result.err


def test_an_empty_file_exits_2(tmp_path):
    path, result = bad_input(tmp_path, "empty.ttl", b"")
    assert result.code == 2
    assert result.err.strip() == f"uprkg: error: {path}: the file is empty: no RDF to read"


def test_a_missing_file_and_an_unknown_extension_exit_2(tmp_path):
    missing = run_cli("validate", tmp_path / "nowhere.ttl")
    assert missing.code == 2
    assert "no such file" in missing.err
    _, unknown = bad_input(tmp_path, "graph.txt", b"<a> <b> <c> .\n")
    assert unknown.code == 2
    assert "unknown RDF file extension" in unknown.err


def test_exit_codes_hold_in_a_real_process(tmp_path):
    assert run_process("validate", COLLEAGUE).returncode == 0
    assert run_process("validate", broken_colleague_file(tmp_path)).returncode == 1
    empty = tmp_path / "empty.nt"
    empty.write_text("", encoding="utf-8")
    proc = run_process("validate", empty)
    assert proc.returncode == 2
    assert "the file is empty" in proc.stderr


# -- validation guards the build ---------------------------------------------------------------


def date_the_mini_source_before_its_statement(corpus):
    """A publication date the YAML accepts but a statement dated 2025-11 contradicts."""
    path = corpus / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "    title: Alpha News\n",
        "    title: Alpha News\n"
        "    published: 2025-10\n"
        '    published_quote: "Alpha News\\n\\nThe Republic"\n',
    )
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_build_that_violates_a_shape_fails_and_writes_nothing(mini, tmp_path, command):
    date_the_mini_source_before_its_statement(mini)
    out = tmp_path / "out"
    result = run_cli("--corpus", mini, command, "--out", out)
    assert result.code == 1
    assert not out.exists()
    assert "uprkg: validation does not conform: 1 violation" in result.err
    expected = (
        f"uprkg: error: {mini / 'annotations' / 'a.yaml'}:3: statement:foo-will-not-be-lectured: "
        "The statement is dated 2025-11, later than the publication (2025-10) of the source "
        "a.txt that reports it. [shape:StatementNotAfterSource]"
    )
    assert expected in result.err.splitlines()


def test_the_build_prints_its_validation_verdict(tmp_path):
    result = run_cli("build", "--out", tmp_path)
    assert result.code == 0, result.err
    assert "uprkg: validation conforms: 0 violations, " in result.err


def test_the_mini_corpus_builds_and_validates(mini, tmp_path):
    result = run_cli("--corpus", mini, "build", "--out", tmp_path)
    assert result.code == 0, result.err
    assert (tmp_path / "uprkg.ttl").is_file()


# -- the library ----------------------------------------------------------------------------------


def test_results_are_grouped_under_the_sources_of_quotes_and_qualified_targets():
    graph = Graph().parse(BASE, format="turtle")
    qualified = URIRef("https://w3id.org/uprkg/id/statement/doe-criticises-foo/target/foo")
    quote = URIRef("https://w3id.org/uprkg/id/quote/a-0-30")
    graph.remove((qualified, None, URIRef("https://w3id.org/uprkg/role/direct")))
    graph.remove((quote, URIRef("http://www.w3.org/ns/oa#exact"), None))
    report = validate(graph)
    source_a = URIRef("https://w3id.org/uprkg/id/source/a")
    by_focus = {r.focus: r.sources for r in report.results}
    assert by_focus[qualified] == (source_a,)
    assert by_focus[quote] == (source_a,)


def test_the_command_is_listed_in_help():
    result = run_cli("--help")
    assert result.code == 0
    assert "validate" in result.out
    assert run_cli("validate", "--help").code == 0
