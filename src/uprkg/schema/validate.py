"""Validate corpus YAML files against the shipped JSON Schemas, with lines.

Scalars are read the way the YAML language server reads them (YAML 1.2
core schema: `2025-11-07` and `no` stay strings, `12` is a number), so a
file passes here exactly when it passes in an editor. Every error names
file, line and field, like the loader's; an unknown field gets a "did you
mean" from the fields the schema allows there.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from pathlib import Path

import yaml

from uprkg import paths
from uprkg.errors import Problem
from uprkg.yamlio import LOADER, read_text

INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$|^0o[0-7]+$|^0x[0-9a-fA-F]+$")
FLOAT = re.compile(
    r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|^[-+]?\.(inf|Inf|INF)$|"
    r"^\.(nan|NaN|NAN)$"
)
NULL = {"", "~", "null", "Null", "NULL"}
BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


@cache
def load_schema(name: str) -> dict:
    path = paths.asset("schemas") / f"{name}.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


def schema_for(path: Path) -> str | None:
    """Which schema a corpus file follows, from its name and folder."""
    text = path.read_text(encoding="utf-8", errors="replace")
    modeline = re.search(r"yaml-language-server:\s*\$schema=\S*?([\w-]+)\.schema\.json", text)
    if modeline:
        return modeline.group(1)
    if path.parent.name == "annotations":
        return "annotation"
    stem = path.stem
    return (
        stem
        if stem in ("sources", "actors", "topics", "documents", "propositions", "upr")
        else None
    )


def _value(node):
    """A YAML node as plain data, scalars resolved by the YAML 1.2 core schema."""
    if isinstance(node, yaml.ScalarNode):
        if node.style in ("'", '"', "|", ">"):
            return node.value
        text = node.value
        if text in NULL:
            return None
        if text in BOOL:
            return BOOL[text]
        if INT.match(text):
            return int(text, 0) if text.startswith(("0o", "0x")) else int(text)
        if FLOAT.match(text):
            return float(text.lower().replace(".inf", "inf").replace(".nan", "nan"))
        return text
    if isinstance(node, yaml.SequenceNode):
        return [_value(n) for n in node.value]
    return {k.value: _value(v) for k, v in node.value}


def _node_at(node, path) -> yaml.Node:
    """The node at a JSON path (keys and indexes), as deep as it exists."""
    for step in path:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == step), None)
            if match is None:
                return node
            node = match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            node = node.value[step]
        else:
            return node
    return node


def _key_node(node, key):
    if isinstance(node, yaml.MappingNode):
        return next((k for k, _ in node.value if k.value == key), None)
    return None


def validate_file(path: Path, name: str | None = None) -> list[Problem]:
    """Every schema violation of one YAML file, each with its line and field."""
    from jsonschema import Draft202012Validator

    path = Path(path)
    name = name or schema_for(path)
    if name is None:
        return [
            Problem(
                "no schema for this file (name it as in a corpus folder or add a "
                "'# yaml-language-server: $schema=...' line)",
                path,
            )
        ]
    text = read_text(path)
    try:
        root = yaml.compose(text, Loader=LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [
            Problem(
                f"malformed YAML: {getattr(exc, 'problem', exc)}",
                path,
                mark.line + 1 if mark else None,
            )
        ]
    if root is None:
        return []
    data = _value(root)
    schema = load_schema(name)
    validator = Draft202012Validator(schema)
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        problems.extend(_explain(error, root, path, schema))
    return sorted(set(problems), key=lambda p: (p.line or 0, p.message))


def _explain(error, root, path: Path, schema: dict) -> list[Problem]:
    where = list(error.absolute_path)
    node = _node_at(root, where)
    field = next((str(s) for s in reversed(where) if isinstance(s, str)), None)
    if error.validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        found = []
        for key in error.instance:
            if key in allowed:
                continue
            key_node = _key_node(node, key)
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            found.append(
                Problem(
                    f"unknown field{hint}; allowed here: {', '.join(allowed)}",
                    path,
                    (key_node or node).start_mark.line + 1,
                    key,
                )
            )
        return found
    if error.validator in ("anyOf", "oneOf") and error.context:
        best = min(error.context, key=lambda e: (len(list(e.absolute_path)) * -1, len(e.message)))
        if best.validator != "type":
            return _explain(best, root, path, schema)
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return [Problem(f"missing required field '{missing}'", path, node.start_mark.line + 1)]
    if error.validator == "enum":
        return [
            Problem(
                f"unknown value {error.instance!r}; expected one of: "
                + ", ".join(map(str, error.validator_value)),
                path,
                node.start_mark.line + 1,
                field,
            )
        ]
    return [Problem(error.message, path, node.start_mark.line + 1, field)]


def validate_corpus(root: Path) -> list[Problem]:
    """Validate every YAML file of a corpus folder."""
    files = [
        root / f"{n}.yaml"
        for n in ("sources", "actors", "topics", "documents", "propositions", "upr")
    ]
    files += sorted((root / "annotations").glob("*.yaml"))
    problems = []
    for file in files:
        if file.exists():
            problems += validate_file(file)
    return problems
