"""uprkg: a provenance-tracked knowledge graph of the 2025 US refusal to take
part in its Universal Periodic Review, and the reactions to it.

The pipeline runs one way: sources -> annotations -> graph -> checks ->
outputs. Each stage is a module with a small public function; the `uprkg`
command is a thin layer over them, so a notebook can call the same API::

    from uprkg import load_corpus, build_dataset
    corpus = load_corpus()            # the bundled corpus, verified
    dataset = build_dataset(corpus)   # an rdflib Dataset, one graph per source
"""

from uprkg.errors import CheckFailed, InputError, UprkgError

__version__ = "0.1.0"

__all__ = [
    "CheckFailed",
    "InputError",
    "UprkgError",
    "__version__",
    "build_dataset",
    "load_corpus",
]


def load_corpus(path=None):
    """Load and verify a corpus folder (the bundled one by default)."""
    from uprkg.corpus import load_corpus as _load

    return _load(path)


def build_dataset(corpus):
    """Build the RDF dataset (rdflib.Dataset) for a loaded corpus."""
    from uprkg.build import build_dataset as _build

    return _build(corpus)
