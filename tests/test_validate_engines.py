"""The fast validation engine (uprkg.shacl) against pySHACL, the reference: result by result.

Compared: severity, focus node, shape, constraint component, message, path,
value and the sources a result is grouped under, on the bundled corpus, on
every broken and passing graph of tests/test_shapes.py and on the broken
colleague file.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from conftest import FIXTURES
from test_shapes import CASES, Case, report_of
from uprkg.validate import SH, validate

# One known difference, by design: in shape:SelectorInsideSource a string end
# offset ("30") is compared with numbers. SPARQL says that comparison is a
# type error, so the FILTER fails (Oxigraph); rdflib evaluates it as true and
# pySHACL reports the span too. Shape Selector-end reports the string in both.
KNOWN = {("Selector-end", "bad"): {("SelectorInsideSource", "a-0-30")}}


def key(result) -> tuple:
    return (
        result.severity,
        result.focus,
        result.shape,
        result.component,
        result.message,
        result.path_text(),
        result.value,
        result.sources,
    )


def both(graph) -> tuple[set, set]:
    return compared(validate(graph, engine="fast"), validate(graph, engine="pyshacl"))


def compared(fast, reference) -> tuple[set, set]:
    assert fast.conforms == reference.conforms or set(map(key, fast.results)) != set(
        map(key, reference.results)
    )
    return set(map(key, fast.results)), set(map(key, reference.results))


def test_the_bundled_corpus_gives_the_same_report(bundled_dataset):
    fast, reference = both(bundled_dataset)
    assert fast == reference
    assert len(fast) > 50  # warnings and infos: something was compared


def test_the_broken_colleague_file_gives_the_same_report():
    text = (FIXTURES / "colleague" / "advocates-claims.ttl").read_text(encoding="utf-8")
    text = text.replace('uprkg:iso3166Alpha3 "SLE"', 'uprkg:iso3166Alpha3 "SL"')
    text = text.replace('"the UN is empowered', '"UN is empowered')
    fast, reference = both(Graph().parse(data=text, format="turtle"))
    assert fast == reference
    assert sum(1 for k in fast if k[0] == "Violation") == 2


@pytest.mark.parametrize("which", ["bad", "good"])
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_every_shape_case_gives_the_same_report(case: Case, which: str):
    edit = case.bad if which == "bad" else case.good
    fast, reference = compared(report_of(edit, "fast"), report_of(edit, "pyshacl"))
    expected = KNOWN.get((case.id, which), set())
    only_reference = {
        (str(k[2]).rsplit("#")[-1], str(k[1]).rsplit("/")[-1]) for k in reference - fast
    }
    assert fast - reference == set()
    assert only_reference == expected


def test_the_pre_binding_rewrite_reaches_groups_evaluated_on_their_own():
    """A nested group holding only a FILTER sees $this bound, as pre-binding requires."""
    from uprkg import shacl

    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> .
        ex:Shape a sh:NodeShape ; sh:targetClass ex:T ;
            sh:sparql [ sh:select \"\"\"
                SELECT $this ?value WHERE {
                    { $this ex:p ?value }
                    UNION
                    { FILTER NOT EXISTS { $this ex:q ?other } BIND (0 AS ?value) }
                }
            \"\"\" ] .
        """,
        format="turtle",
    )
    compiled = shacl.Shapes(shapes)
    shape = compiled.shape(URIRef("http://example.org/Shape"))
    (constraint,) = shape.sparql
    text = shacl.rewrite(constraint.select, shape)
    assert "$this" not in text
    # the WHERE group, the first UNION branch and the FILTER-only branch
    assert text.count("SELECT DISTINCT ?this") == 3


def test_a_shape_feature_the_fast_engine_lacks_falls_back_to_pyshacl():
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> .
        ex:Closed a sh:NodeShape ; sh:targetClass ex:T ; sh:closed true ;
            sh:property [ sh:path ex:p ] .
        """,
        format="turtle",
    )
    data = Graph().parse(
        data="@prefix ex: <http://example.org/> . ex:a a ex:T ; ex:p 1 ; ex:q 2 .",
        format="turtle",
    )
    report = validate(data, shapes=shapes, ontology=Graph())
    closed = {
        (r.focus, r.value) for r in report.results if r.component == SH.ClosedConstraintComponent
    }
    assert (URIRef("http://example.org/a"), Literal(2)) in closed
    reference = validate(data, shapes=shapes, ontology=Graph(), engine="pyshacl")
    assert set(map(key, report.results)) == set(map(key, reference.results))


def test_an_unknown_engine_is_refused(bundled_dataset):
    with pytest.raises(ValueError, match="unknown validation engine"):
        validate(bundled_dataset, engine="jena")
