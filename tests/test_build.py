"""The build: provenance on every item, round trips, determinism, fresh installs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from conftest import BUNDLED, REPO, SOURCES, run_cli, run_process
from uprkg.build import union_graph
from uprkg.namespaces import OA, UPRKG, graph_for_source, mint


def test_build_writes_both_files_and_prints_the_summary(tmp_path, bundled_corpus):
    result = run_cli("build", "--out", tmp_path)
    assert result.code == 0, result.err
    c = bundled_corpus
    first = result.out.splitlines()[0]
    assert first == (
        f"{len(c.sources)} sources, {len(c.actors)} actors, {len(c.statements)} statements, "
        f"{len(c.events)} events, {len(c.claims)} claims"
    )
    triples = len(Graph().parse(tmp_path / "uprkg.ttl"))
    # 5 sources, registry, ontology, and the bundled UPR record's two datasets
    assert f"{triples} triples in 9 named graphs" in result.out
    assert (tmp_path / "uprkg.trig").stat().st_size > 0


def test_turtle_and_trig_round_trip_to_the_graph_in_memory(tmp_path, bundled_dataset):
    assert run_cli("build", "--out", tmp_path).code == 0
    assert isomorphic(Graph().parse(tmp_path / "uprkg.ttl"), union_graph(bundled_dataset))
    reread = Dataset()
    reread.parse(tmp_path / "uprkg.trig", format="trig")
    expected = {g.identifier for g in bundled_dataset.graphs() if len(g)}
    assert {g.identifier for g in reread.graphs() if len(g)} == expected
    for name in expected:
        assert isomorphic(reread.graph(name), bundled_dataset.graph(name)), name


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        proc = run_process("build", "--out", out, env={"PYTHONHASHSEED": seed})
        assert proc.returncode == 0, proc.stderr
        outputs.append({name: (out / name).read_bytes() for name in ("uprkg.ttl", "uprkg.trig")})
    assert outputs[0] == outputs[1]


def test_one_named_graph_per_source_plus_registry_and_ontology(bundled_dataset):
    names = {str(g.identifier) for g in bundled_dataset.graphs() if len(g)}
    expected = {str(graph_for_source(s)) for s in SOURCES.values()}
    expected |= {"https://w3id.org/uprkg/graph/registry", "https://w3id.org/uprkg/graph/ontology"}
    # the bundled UPR record (graph/records/records.yaml): one graph per dataset
    expected |= {
        "https://w3id.org/uprkg/graph/record/upr-info-session-09-usa",
        "https://w3id.org/uprkg/graph/record/a-hrc-46-15",
    }
    assert names == expected


def test_every_statement_event_and_claim_has_source_and_verified_quote(
    bundled_corpus, bundled_dataset
):
    union = union_graph(bundled_dataset)
    texts = {
        s: (BUNDLED / "sources" / f"{s}.txt").read_text(encoding="utf-8") for s in SOURCES.values()
    }
    c = bundled_corpus
    items = [mint("statement", i) for i in c.statements] + [mint("event", i) for i in c.events]
    items += [mint("claim", i) for i in c.claims]
    assert len(items) == len(c.statements) + len(c.events) + len(c.claims) > 80
    for item in items:
        sources = set(union.objects(item, UPRKG.source))
        quotes = set(union.objects(item, UPRKG.quote))
        assert sources, item
        assert quotes, item
        for quote in quotes:
            source = union.value(quote, UPRKG.inSource)
            assert source in sources
            start = int(union.value(quote, OA.start))
            end = int(union.value(quote, OA.end))
            text = texts[str(source).rsplit("/", 1)[1]]
            assert str(union.value(quote, OA.exact)) == text[start:end]


def test_iris_come_from_stable_ids(bundled_dataset):
    union = union_graph(bundled_dataset)
    statement = URIRef("https://w3id.org/uprkg/id/statement/state-department-will-not-be-lectured")
    assert (statement, RDF.type, UPRKG.Statement) in union
    assert mint("actor", "usa") == URIRef("https://w3id.org/uprkg/id/actor/usa")
    assert not any(
        str(t).startswith("_:") or t.__class__.__name__ == "BNode"
        for triple in union
        for t in triple
    )


def test_one_statement_reported_by_two_sources_keeps_both(bundled_dataset):
    """Source 000 prints the State Department statement in full, source 001
    quotes its word 'lectured': one statement, two sources, two quotes."""
    union = union_graph(bundled_dataset)
    statement = mint("statement", "state-department-will-not-be-lectured")
    sources = set(union.objects(statement, UPRKG.source))
    assert sources == {mint("source", SOURCES["000"]), mint("source", SOURCES["001"])}
    in_001 = bundled_dataset.graph(graph_for_source(SOURCES["001"]))
    quotes_001 = {str(in_001.value(q, OA.exact)) for q in in_001.objects(statement, UPRKG.quote)}
    assert quotes_001 == {"rejected being “lectured” by members like Venezuela, China, and Sudan"}


def test_altered_quote_in_the_bundled_corpus_fails_with_its_location(bundled_copy, tmp_path):
    path = bundled_copy / "annotations" / f"{SOURCES['000']}.yaml"
    text = path.read_text(encoding="utf-8")
    original = "Cuba accused the US of being afraid of what greater oversight"
    assert original in text
    path.write_text(text.replace(original, original.replace("afraid", "afriad")), "utf-8")
    lines = path.read_text("utf-8").splitlines()
    line = next(n for n, text_line in enumerate(lines, 1) if "afriad" in text_line)

    result = run_cli("--corpus", bundled_copy, "build", "--out", tmp_path / "out")

    assert result.code == 2
    assert (
        f"{path}:{line}: field 'quotes': quote not found in source '{SOURCES['000']}'" in result.err
    )
    assert "afriad" in result.err
    assert not (tmp_path / "out").exists()


def test_corpus_can_come_from_the_environment(mini, tmp_path):
    proc = run_process("build", "--out", tmp_path, env={"UPRKG_CORPUS": str(mini)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("1 sources, 3 actors, 2 statements, 1 events, 0 claims")


@pytest.mark.slow
def test_non_editable_install_builds_from_another_directory(tmp_path):
    """`pip install .` ships ontology/, shapes/, queries/ and graph/ as package
    data; the installed command builds the bundled corpus from anywhere."""
    target = tmp_path / "site"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assets = target / "uprkg" / "_assets"
    for folder in ("ontology", "shapes", "queries", "graph"):
        assert (assets / folder).is_dir(), folder
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("UPRKG_CORPUS", None)
    proc = subprocess.run(
        [sys.executable, "-c", "import uprkg.paths as p; print(p.assets_root())"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.stdout.strip() == str(assets), proc.stderr
    proc = subprocess.run(
        [sys.executable, "-m", "uprkg", "build"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert (elsewhere / "build" / "uprkg.ttl").is_file()
    assert (elsewhere / "build" / "uprkg.ttl").read_bytes() == _fresh_build(tmp_path)


def _fresh_build(tmp_path: Path) -> bytes:
    out = tmp_path / "reference"
    assert run_cli("build", "--out", out).code == 0
    return (out / "uprkg.ttl").read_bytes()


def all_commands() -> list[tuple[str, ...]]:
    """Every command and subcommand path the CLI offers."""
    import click

    from uprkg.cli import COMMANDS, cli

    paths = []
    for name in sorted(COMMANDS):
        command = cli.get_command(None, name)
        paths.append((name,))
        if isinstance(command, click.Group):
            paths += [(name, sub) for sub in sorted(command.commands)]
    return paths


@pytest.mark.parametrize("path", all_commands(), ids=" ".join)
def test_every_command_has_help(path):
    result = run_cli(*path, "--help")
    assert result.code == 0, result.err
    assert result.out.startswith(f"Usage: uprkg {' '.join(path)}")
    assert result.err == ""


def test_unknown_command_is_a_usage_error():
    result = run_cli("bulid")
    assert result.code == 2
    assert "No such command 'bulid'" in result.err
    assert result.out == ""


def test_installed_console_script_runs():
    beside = Path(sys.executable).with_name("uprkg")
    exe = str(beside) if beside.exists() else shutil.which("uprkg")
    if exe is None:
        pytest.skip("the uprkg console script is not installed (pip install -e .)")
    proc = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    assert proc.stdout.startswith("uprkg, version ")


@pytest.mark.parametrize(
    "content, words",
    [
        ("", "the file is empty"),
        ("not rdf at all {{{\n", ":1: cannot read as turtle: expected directive or statement"),
        ('@prefix ex: <http://example.org/> .\nex:a ex:b "unterminated\n', "cannot read as turtle"),
    ],
    ids=["empty", "not RDF", "truncated"],
)
def test_unreadable_rdf_is_one_clear_message(tmp_path, content, words):
    from uprkg.errors import InputError
    from uprkg.graphio import parse_rdf

    path = tmp_path / "colleague.ttl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        parse_rdf(path)
    (problem,) = info.value.problems
    assert str(problem).startswith(str(path))
    assert words in str(problem)


def test_load_graph_prefers_files_then_the_build_then_the_corpus(tmp_path, monkeypatch):
    from uprkg.graphio import load_graph

    monkeypatch.chdir(tmp_path)
    in_memory = load_graph()  # no build/ here: the bundled corpus, built in memory
    assert run_cli("build").code == 0
    from_build = load_graph()
    assert len(from_build) == len(in_memory)
    one = tmp_path / "one.ttl"
    one.write_text("<http://example.org/a> <http://example.org/b> 1 .\n", encoding="utf-8")
    assert len(load_graph([one])) == 1
