"""The corpus files' format as JSON Schema: generated from the loader, shipped, checked.

- `generate`: trace the loader and write schemas/*.schema.json and
  docs/annotation-format.md (`python -m uprkg.schema`);
- `validate`: check YAML files against the shipped schemas, with lines;
- `vocabularies`: the allowed values of the closed vocabularies, with
  their definitions from the ontology (`uprkg vocab`).
"""
