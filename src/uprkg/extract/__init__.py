"""Assisted extraction: draft annotations for a new source, for a person to review.

The stage between a raw text and a reviewed annotation file::

    from uprkg.corpus import load_corpus
    from uprkg.extract import extract_file, render_yaml

    corpus = load_corpus(drafts="skip")
    draft = extract_file(Path("graph/sources/005_....txt"), corpus)
    print(render_yaml(draft))            # statements, events, claims: status: draft

Nothing the extractor writes enters the graph until a person has checked
it and deleted its `status: draft` line: the loader refuses drafts.
"""

from uprkg.extract.extractor import extract_file, extract_text
from uprkg.extract.lexicon import load_lexicon
from uprkg.extract.render import render_json, render_yaml

__all__ = ["extract_file", "extract_text", "load_lexicon", "render_json", "render_yaml"]
