"""The JSON Schemas of the corpus files: generated from the loader, and faithful to it."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import BUNDLED, REPO, run_cli
from uprkg.errors import InputError

SCHEMAS = REPO / "schemas"
FILES = {
    "sources": "sources.yaml",
    "actors": "actors.yaml",
    "topics": "topics.yaml",
    "documents": "documents.yaml",
    "propositions": "propositions.yaml",
    "upr": "upr.yaml",
}


@pytest.fixture(scope="module")
def generated():
    from uprkg.schema.generate import build_schemas, trace

    return build_schemas(trace(BUNDLED))


def test_shipped_schemas_are_what_the_loader_reads(generated):
    from uprkg.schema.generate import render

    for name, schema in generated.items():
        shipped = (SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8")
        assert render(schema) == shipped, (
            f"schemas/{name}.schema.json is out of date with the loader: run `make schema`"
        )
    reference = (REPO / "docs" / "annotation-format.md").read_text(encoding="utf-8")
    from uprkg.schema.reference import reference_markdown

    assert reference == reference_markdown(generated), "run `make schema`"


def test_a_field_the_loader_reads_but_fields_yaml_lacks_fails_generation():
    from uprkg.schema.generate import build_schemas, load_descriptions, trace

    notes = load_descriptions()
    del notes["kinds"]["statement"]["fields"]["stance"]
    with pytest.raises(ValueError, match="the loader reads stance, which it does not describe"):
        build_schemas(trace(BUNDLED), notes)
    notes = load_descriptions()
    notes["kinds"]["event"]["fields"]["weather"] = {"description": "not read by the loader"}
    with pytest.raises(ValueError, match="describes weather, which the loader does not read"):
        build_schemas(trace(BUNDLED), notes)


def _instances(schema: dict, node, data, path, found: dict) -> None:
    """The first mapping of each record kind in a file, found by walking schema and data."""
    if "$ref" in node:
        kind = node["$ref"].rsplit("/", 1)[-1]
        if isinstance(data, dict):
            found.setdefault(kind, path)
            for key, value in data.items():
                prop = schema["$defs"][kind]["properties"].get(key)
                if prop is not None:
                    _instances(schema, prop, value, [*path, key], found)
        return
    for alternative in node.get("anyOf", []):
        _instances(schema, alternative, data, path, found)
    if node.get("type") == "array" and isinstance(data, list):
        for i, item in enumerate(data):
            _instances(schema, node["items"], item, [*path, i], found)
    if node.get("type") == "object" and isinstance(data, dict):
        for key, value in data.items():
            if key in node.get("properties", {}):
                _instances(schema, node["properties"][key], value, [*path, key], found)


def _corpus_with(tmp_path: Path, inject) -> tuple[Path, list[tuple[str, str]], set[str]]:
    """A copy of the bundled corpus with fields injected into one record of every kind."""
    corpus = tmp_path / "graph"
    shutil.copytree(BUNDLED, corpus)
    files = {**FILES, "annotation": "annotations/003_68ba44fa0eab2d1b.yaml"}
    injected, done = [], set()
    for name, rel in files.items():
        schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
        data = yaml.safe_load((corpus / rel).read_text(encoding="utf-8"))
        found: dict = {}
        _instances(schema, schema, data, [], found)
        for kind, path in found.items():
            if kind in done:
                continue
            done.add(kind)
            record = data
            for step in path:
                record = record[step]
            for field in inject(schema["$defs"][kind], record):
                record[field] = "x"
                injected.append((kind, field))
        (corpus / rel).write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return corpus, injected, done


def _unknown_fields(corpus: Path) -> set[str]:
    from uprkg.corpus import load_corpus

    try:
        load_corpus(corpus)
    except InputError as exc:
        return {p.field for p in exc.problems if "unknown field" in p.message}
    return set()


def test_the_loader_accepts_every_field_the_schema_has(tmp_path):
    corpus, injected, reached = _corpus_with(
        tmp_path, lambda kind, record: [f for f in kind["properties"] if f not in record]
    )
    kinds = set()
    for path in SCHEMAS.glob("*.schema.json"):
        kinds |= set(json.loads(path.read_text(encoding="utf-8"))["$defs"])
    assert reached == kinds  # a record of every kind was found and given the missing fields
    assert len(injected) > 30  # the others are in those records already
    assert _unknown_fields(corpus) == set()


def test_the_loader_and_the_schema_reject_the_same_unknown_field(tmp_path):
    from uprkg.schema.validate import validate_corpus

    corpus, injected, _ = _corpus_with(tmp_path, lambda kind, record: ["zz_not_a_field"])
    assert _unknown_fields(corpus) == {"zz_not_a_field"}
    problems = validate_corpus(corpus)
    assert {p.field for p in problems} == {"zz_not_a_field"}
    assert len(problems) == len(injected)


def test_every_bundled_file_validates():
    from uprkg.schema.validate import validate_corpus

    assert validate_corpus(BUNDLED) == []


def test_a_misspelled_field_is_rejected_with_its_line(tmp_path):
    from uprkg.schema.validate import validate_file

    folder = tmp_path / "annotations"
    folder.mkdir()
    lines = (
        (BUNDLED / "annotations" / "002_fadd87fbb4cd4605.yaml")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    at = next(i for i, line in enumerate(lines) if line.strip() == "stance: accusation")
    lines[at] = lines[at].replace("stance:", "stanse:")
    bad = folder / "002.yaml"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = validate_file(bad)
    misspelled = [p for p in problems if p.field == "stanse"]
    assert len(misspelled) == 1 and misspelled[0].line == at + 1
    assert "did you mean 'stance'?" in misspelled[0].message
    result = run_cli("schema", "check", str(bad))
    assert result.code == 1
    assert f"{bad}:{at + 1}: field 'stanse': unknown field (did you mean 'stance'?)" in result.err


def test_values_are_read_as_an_editor_reads_them(tmp_path):
    from uprkg.schema.validate import validate_file

    good = tmp_path / "upr.yaml"
    text = (BUNDLED / "upr.yaml").read_text(encoding="utf-8")
    good.write_text(text, encoding="utf-8")
    assert validate_file(good) == []
    data = yaml.safe_load(text)
    broken = copy.deepcopy(data)
    broken["cycles"][0]["number"] = "four"
    bad = tmp_path / "bad" / "upr.yaml"
    bad.parent.mkdir()
    bad.write_text(yaml.safe_dump(broken, sort_keys=False), encoding="utf-8")
    assert [p.field for p in validate_file(bad)] == ["number"]


def test_schema_command_prints_the_path_for_editors():
    result = run_cli("schema", "path", "annotation")
    assert result.code == 0
    path = Path(result.out.strip())
    assert json.loads(path.read_text(encoding="utf-8"))["title"] == "uprkg annotation file"
