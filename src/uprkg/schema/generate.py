"""Generate the JSON Schemas of the corpus files from the loader itself.

The loader (`uprkg.corpus`) reads every field through a few readers:
`Record.text`, `.texts`, `.ident`, `.integer`, `.date`, `.choice` and the
loader's `ref`, `refs`, `quotes`, `targets`, `boilerplate`, `posts`.
`trace` runs the real loader over a corpus with those readers wrapped, and
records, for every kind of record, each field it reads, with which reader,
whether it is required and which values it allows; nested records are tied
to the field they sit under by object identity. `build_schemas` turns that
trace into one JSON Schema per corpus file, with the descriptions of
schemas/fields.yaml. So the schemas say exactly what the loader reads: a
field added to the loader appears in the trace, and the test that
regenerates the schemas fails until fields.yaml describes it and the
shipped files are regenerated (`python -m uprkg.schema`).
"""

from __future__ import annotations

import inspect
import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from uprkg import paths
from uprkg.yamlio import Mapping, Sequence

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_BASE = "https://w3id.org/uprkg/schema/"
RECORD_READERS = ("raw", "text", "texts", "ident", "integer", "date", "choice")
LOADER_READERS = ("ref", "refs", "quotes", "targets", "boilerplate", "posts", "claim_id")
FILES = {  # schema name -> (file pattern, {top-level key: record kind})
    "sources": ("sources.yaml", None),
    "actors": ("actors.yaml", None),
    "topics": ("topics.yaml", None),
    "documents": ("documents.yaml", None),
    "propositions": ("propositions.yaml", None),
    "upr": ("upr.yaml", None),
    "annotation": ("annotations/*.yaml", None),
}
READER_KINDS = {
    "quotes": "quote",
    "targets": "target",
    "boilerplate": "boilerplate range",
    "posts": "post",
}  # the record kind each of these readers reads items as
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


@dataclass
class FieldUse:
    """How the loader reads one field of one kind of record."""

    reader: str
    required: bool = False
    allowed: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()
    children: set[str] = field(default_factory=set)
    listed: bool = False  # the value seen was a list


@dataclass
class Trace:
    kinds: dict[str, dict[str, FieldUse]] = field(default_factory=dict)
    top: dict[str, dict[str, str]] = field(default_factory=dict)  # file -> {key: kind}

    def use(self, kind: str, name: str) -> FieldUse | None:
        return self.kinds.get(kind, {}).get(name)


@contextmanager
def _wrapped(trace: Trace):
    """Wrap the loader's readers for the duration of one load."""
    from uprkg import corpus as loader_module

    record_cls, loader_cls = loader_module.Record, loader_module.Loader
    saved = {}
    stack: list[tuple[int, str]] = []
    # id(value) -> (value, kind, field): the value is kept so its id is never reused
    parents: dict[int, tuple[object, str, str]] = {}

    def remember(value, kind: str, name: str) -> None:
        if isinstance(value, Sequence):
            for item in value:
                parents[id(item)] = (item, kind, name)
        elif isinstance(value, Mapping):
            parents[id(value)] = (value, kind, name)

    def wrap(cls, name: str, on_loader: bool):
        original = getattr(cls, name)
        signature = inspect.signature(original)

        def reader(*args, **kwargs):
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            values = bound.arguments
            rec = values["rec"] if on_loader else values["self"]
            key = values.get("key", "id")
            key = {
                "quotes": "quotes",
                "targets": "targets",
                "boilerplate": "boilerplate",
                "posts": "posts",
            }.get(name, key)
            frame = (id(rec), key)
            outermost = frame not in stack
            if outermost:
                kind = trace.kinds.setdefault(rec.what, {})
                use = kind.get(key)
                reader_name = "ident" if name == "claim_id" else name
                if use is None:
                    use = kind[key] = FieldUse(reader_name)
                use.required |= bool(values.get("required", name == "claim_id"))
                if name == "choice":
                    use.allowed = tuple(sorted(values["allowed"]))
                if name in ("ref", "refs"):
                    use.tables = tuple(values["tables"])
                value = rec.data.get(key)
                use.listed |= isinstance(value, Sequence)
                remember(value, rec.what, key)
            stack.append(frame)
            try:
                return original(*args, **kwargs)
            finally:
                stack.pop()

        saved[(cls, name)] = original
        setattr(cls, name, reader)

    original_init = record_cls.__init__

    def init(self, data, file, problems, what):
        original_init(self, data, file, problems, what)
        parent = parents.get(id(data))
        if parent is not None and parent[0] is data:
            _, kind, name = parent
            if kind.startswith("file:"):
                trace.top.setdefault(kind[5:], {})[name] = what
            else:
                trace.kinds.setdefault(kind, {}).setdefault(name, FieldUse("raw")).children.add(
                    what
                )
        trace.kinds.setdefault(what, {})

    original_items = loader_cls.items

    def items(self, file, key, required=False):
        found = original_items(self, file, key, required)
        trace.top.setdefault(_file_key(self.root, file), {}).setdefault(key, "")
        for item in found:
            parents[id(item)] = (item, f"file:{_file_key(self.root, file)}", key)
        return found

    for name in RECORD_READERS:
        wrap(record_cls, name, False)
    for name in LOADER_READERS:
        wrap(loader_cls, name, True)
    record_cls.__init__ = init
    loader_cls.items = items
    try:
        yield
    finally:
        for (cls, name), original in saved.items():
            setattr(cls, name, original)
        record_cls.__init__ = original_init
        loader_cls.items = original_items


def _file_key(root: Path, file: Path) -> str:
    return str(Path(file).relative_to(root)) if Path(file).is_relative_to(root) else Path(file).name


def trace(corpus_root: Path | None = None) -> Trace:
    """Run the loader over a corpus, recording how it reads every field."""
    from uprkg.corpus import load_corpus

    found = Trace()
    root = Path(corpus_root) if corpus_root else paths.asset("graph")
    with _wrapped(found):
        load_corpus(root, drafts="skip")
    found.top["annotations/*.yaml"] = {"": "annotation file"}
    for fields in found.kinds.values():
        for use in fields.values():
            if use.reader in READER_KINDS:
                use.children.add(READER_KINDS[use.reader])
    return found


# -- from the trace to JSON Schema ----------------------------------------


def load_descriptions(path: Path | None = None) -> dict:
    import yaml

    path = path or paths.asset("schemas") / "fields.yaml"
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _def_name(kind: str) -> str:
    return kind.replace(" ", "-")


def _scalar() -> dict:
    return {"type": ["string", "number", "boolean"]}


def _one_or_many(item: dict) -> dict:
    return {"anyOf": [item, {"type": "array", "items": item}]}


def _field_schema(use: FieldUse, kind: str, name: str, notes: dict) -> dict:
    shape = notes.get("shape")
    if shape:
        return _shape(shape)
    ref_kind = sorted(use.children)
    if use.reader == "text":
        return _scalar()
    if use.reader == "texts":
        return _one_or_many(_scalar())
    if use.reader == "ident":
        return {"type": "string", "pattern": ID_PATTERN}
    if use.reader == "integer":
        return {
            "anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": r"^\d+$"}]
        }
    if use.reader == "date":
        return {
            "anyOf": [
                {"type": "string", "pattern": DATE_PATTERN},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ]
        }
    if use.reader == "choice":
        return {"enum": list(use.allowed)}
    if use.reader == "ref":
        return {"type": "string", "pattern": ID_PATTERN}
    if use.reader == "refs":
        return _one_or_many({"type": "string", "pattern": ID_PATTERN})
    if use.reader == "quotes":
        return _one_or_many(
            {"anyOf": [{"type": "string", "minLength": 1}, *(_ref(k) for k in ref_kind)]}
        )
    if use.reader == "targets":
        return _one_or_many(
            {"anyOf": [{"type": "string", "pattern": ID_PATTERN}, *(_ref(k) for k in ref_kind)]}
        )
    if use.reader in ("boilerplate", "posts") or (use.reader == "raw" and ref_kind):
        items = _ref(ref_kind[0]) if len(ref_kind) == 1 else {"anyOf": [_ref(k) for k in ref_kind]}
        return {"type": "array", "items": items} if use.listed or use.reader != "raw" else items
    raise ValueError(
        f"field '{name}' of a {kind} is read by {use.reader}(), whose shape the schema "
        "generator cannot see: give it a 'shape' in schemas/fields.yaml"
    )


def _shape(shape) -> dict:
    if isinstance(shape, str):
        return _ref(shape)
    if "list_of" in shape:
        return {"type": "array", "items": _ref(shape["list_of"])}
    return shape


def _ref(kind: str) -> dict:
    return {"$ref": f"#/$defs/{_def_name(kind)}"}


def _record_schema(kind: str, fields: dict[str, FieldUse], notes: dict) -> dict:
    described = notes.get("fields", {})
    missing = sorted(set(fields) - set(described))
    extra = sorted(set(described) - set(fields))
    if missing or extra:
        raise ValueError(
            f"schemas/fields.yaml is out of step with the loader for a {kind}: "
            + "; ".join(
                filter(
                    None,
                    [
                        f"the loader reads {', '.join(missing)}, which it does not describe"
                        if missing
                        else "",
                        f"it describes {', '.join(extra)}, which the loader does not read"
                        if extra
                        else "",
                    ],
                )
            )
        )
    properties = {}
    for name in sorted(fields, key=lambda n: list(described).index(n)):
        entry = described[name] or {}
        schema = _field_schema(fields[name], kind, name, entry)
        schema = {"description": entry.get("description", ""), **schema}
        if "examples" in entry:
            schema["examples"] = entry["examples"]
        properties[name] = schema
    one_of = notes.get("one_of_required")
    required = [n for n, u in fields.items() if u.required and n not in (one_of or [])]
    schema = {
        "title": notes.get("title", kind),
        "description": notes.get("description", ""),
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = sorted(required, key=lambda n: list(properties).index(n))
    if one_of:
        schema["oneOf"] = [{"required": [n]} for n in one_of]
    return schema


def _reachable(trace: Trace, roots: list[str], notes: dict) -> list[str]:
    seen: list[str] = []
    todo = list(roots)
    while todo:
        kind = todo.pop(0)
        if kind in seen or not kind:
            continue
        seen.append(kind)
        for name, use in trace.kinds.get(kind, {}).items():
            shape = notes.get(kind, {}).get("fields", {}).get(name, {}) or {}
            shape = shape.get("shape")
            if isinstance(shape, dict) and "list_of" in shape:
                todo.append(shape["list_of"])
            elif isinstance(shape, str):
                todo.append(shape)
            todo.extend(sorted(use.children))
    return seen


def build_schemas(found: Trace, notes: dict | None = None) -> dict[str, dict]:
    """One JSON Schema per corpus file, from a trace and the field descriptions."""
    notes = notes or load_descriptions()
    kinds = notes["kinds"]
    schemas = {}
    for name, meta in notes["files"].items():
        pattern = meta["file"]
        top = found.top.get(pattern, {})
        if pattern.startswith("annotations/"):
            root_kind = "annotation file"
            roots = [root_kind]
        else:
            roots = [k for k in top.values() if k]
        defs = {}
        for kind in _reachable(found, roots, kinds):
            defs[_def_name(kind)] = _record_schema(
                kind, found.kinds.get(kind, {}), kinds.get(kind, {})
            )
        schema = {
            "$schema": SCHEMA_DRAFT,
            "$id": SCHEMA_BASE + f"{name}.schema.json",
            "title": meta["title"],
            "description": meta["description"],
        }
        if pattern.startswith("annotations/"):
            schema["$ref"] = _ref("annotation file")["$ref"]
        else:
            schema.update(
                {
                    "type": "object",
                    "properties": {
                        key: {
                            "description": meta.get("keys", {}).get(key, ""),
                            "type": "array",
                            "items": _ref(kind),
                        }
                        for key, kind in top.items()
                    },
                    "additionalProperties": False,
                }
            )
        schema["$defs"] = defs
        schemas[name] = schema
    return schemas


def render(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write(folder: Path | None = None, corpus_root: Path | None = None) -> list[Path]:
    """Regenerate the shipped schemas (and the field reference) from the loader."""
    from uprkg.schema.reference import reference_markdown
    from uprkg.serialize import write_all

    folder = folder or paths.asset("schemas")
    schemas = build_schemas(trace(corpus_root))
    outputs = {folder / f"{name}.schema.json": render(s) for name, s in schemas.items()}
    docs = paths.assets_root() / "docs" / "annotation-format.md"
    outputs[docs] = reference_markdown(schemas)
    write_all(outputs)
    return sorted(outputs)
