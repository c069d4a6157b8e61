"""`python -m uprkg.schema`: regenerate schemas/*.schema.json and the field reference."""

from uprkg.schema.generate import write

for path in write():
    print(f"wrote {path}")
