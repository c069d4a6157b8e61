"""Run HermiT through owlready2 in a fresh process.

owlready2 keeps state in the interpreter between reasoning runs (a second
run in the same process reports a different set of facts), so every run
gets its own process: `python -m uprkg._hermit INPUT.nt OUTPUT.nt`.
Exit status: 0 consistent (facts written to OUTPUT.nt), 3 inconsistent,
4 Java or HermiT failed (message on stderr).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

INFERENCES = "http://inferrences/"
INCONSISTENT, FAILED = 3, 4


def main(source: str, target: str) -> int:
    import owlready2

    world = owlready2.World()
    world.get_ontology(Path(source).as_uri()).load()
    started = time.perf_counter()
    try:
        owlready2.sync_reasoner_hermit(
            world, infer_property_values=True, debug=0, ignore_unsupported_datatypes=True
        )
    except owlready2.OwlReadyInconsistentOntologyError:
        return INCONSISTENT
    except owlready2.OwlReadyJavaError as exc:
        print(str(exc).strip()[:2000], file=sys.stderr)
        return FAILED
    with open(target, "wb") as handle:
        world.get_ontology(INFERENCES).save(handle, format="ntriples")
    print(f"{time.perf_counter() - started:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
