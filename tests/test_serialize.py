"""The sorted Turtle/TriG writer: valid, deterministic, streaming, and all-or-nothing writes."""

from __future__ import annotations

import errno

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from uprkg.errors import InputError
from uprkg.serialize import trig, turtle, write_all

EX = "http://example.org/"


def tricky_graph() -> Graph:
    g = Graph()
    s = URIRef(EX + "s")
    for text in ['say "no"', "two\nlines", "back\\slash", "tab\tand\rcr", "bell\x07", "é ✓ 𝄞"]:
        g.add((s, URIRef(EX + "text"), Literal(text)))
    g.add((s, URIRef(EX + "label"), Literal("Republik", lang="de")))
    g.add((s, URIRef(EX + "count"), Literal(3)))
    g.add((s, URIRef(EX + "odd"), Literal("x", datatype=URIRef(EX + "type"))))
    for iri in ("a/b", "c%20d", "e(f)", "g.", "h:i", "7up"):
        g.add((s, URIRef(EX + "link"), URIRef(EX + iri)))
    return g


def test_turtle_reparses_to_the_same_graph_in_rdflib_and_oxigraph():
    import pyoxigraph as ox

    graph = tricky_graph()
    text = turtle(graph)
    assert isomorphic(Graph().parse(data=text, format="turtle"), graph)
    parsed = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    assert len(parsed) == len(graph)


def test_trig_keeps_graphs_apart_and_sorted():
    import pyoxigraph as ox

    dataset = Dataset()
    for name in ("zeta", "alpha"):
        dataset.graph(URIRef(EX + name)).add((URIRef(EX + name), URIRef(EX + "p"), Literal(name)))
    text = trig(dataset)
    assert text.index("<http://example.org/alpha>") < text.index("<http://example.org/zeta>")
    reread = Dataset()
    reread.parse(data=text, format="trig")
    for name in ("zeta", "alpha"):
        assert len(reread.graph(URIRef(EX + name))) == 1
    quads = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TRIG))
    assert {q.graph_name.value for q in quads} == {EX + "alpha", EX + "zeta"}


def test_the_bundled_build_parses_in_oxigraph_with_every_triple(bundled_dataset):
    import pyoxigraph as ox

    from uprkg.build import union_graph

    union = union_graph(bundled_dataset)
    parsed = list(ox.parse(turtle(union).encode("utf-8"), format=ox.RdfFormat.TURTLE))
    assert len(parsed) == len(union)


def test_a_deep_blank_node_chain_is_written_without_recursion():
    graph = Graph()
    node = URIRef(EX + "root")
    for _ in range(3000):
        nxt = BNode()
        graph.add((node, URIRef(EX + "next"), nxt))
        node = nxt
    graph.add((node, URIRef(EX + "value"), Literal("end")))
    text = turtle(graph)  # rdflib's writer nests [ ... ] and overflows the stack here
    reread = Graph().parse(data=text, format="turtle")
    assert len(reread) == len(graph)
    assert turtle(reread) == text  # labels come from content, not from the parser's ids


def test_blank_node_labels_do_not_depend_on_the_parser():
    text = (
        "@prefix ex: <http://example.org/> .\n"
        'ex:s ex:p [ ex:q "a" ], [ ex:q "a" ], [ ex:q "b" ; ex:r [ ex:q "a" ] ] .\n'
        '_:x ex:p _:y . _:y ex:p _:x . _:x ex:q "loop" .\n'
    )
    first = turtle(Graph().parse(data=text, format="turtle"))
    second = turtle(Graph().parse(data=text, format="turtle"))
    assert first == second
    assert len(Graph().parse(data=first, format="turtle")) == 11


def test_output_is_sorted_by_subject_with_type_first():
    g = Graph()
    a, b = URIRef(EX + "a"), URIRef(EX + "b")
    g.add((b, URIRef(EX + "p"), Literal("2")))
    g.add((a, URIRef(EX + "z"), Literal("1")))
    g.add((a, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(EX + "T")))
    text = turtle(g)
    assert text.index("<http://example.org/a> a ") < text.index("<http://example.org/b>")


# -- all-or-nothing writes --------------------------------------------------------------


def test_a_full_disk_names_the_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    from uprkg import serialize

    first, second = tmp_path / "one.ttl", tmp_path / "two.trig"
    first.write_text("old one\n", encoding="utf-8")
    real = serialize._write
    calls = []

    def disk_fills_up(handle, content):
        calls.append(content)
        if len(calls) == 2:
            handle.write(b"partial")
            raise OSError(errno.ENOSPC, "No space left on device")
        real(handle, content)

    monkeypatch.setattr(serialize, "_write", disk_fills_up)
    with pytest.raises(InputError) as info:
        write_all({first: "new one\n", second: iter(["chunk 1\n", "chunk 2\n"])})
    (problem,) = info.value.problems
    assert str(problem).startswith(str(second))
    assert "No space left on device" in str(problem)
    assert first.read_text(encoding="utf-8") == "old one\n"  # nothing replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.ttl"]  # no stale .tmp


def test_streamed_chunks_are_written_in_order(tmp_path):
    target = tmp_path / "out.ttl"
    write_all({target: (part for part in ["a", "b", "c\n"])})
    assert target.read_text(encoding="utf-8") == "abc\n"


def two_graphs_and_inferred(inferred: list[tuple]) -> Dataset:
    """Two asserted graphs and an inferred one (the part `reason --rules-only` replaces)."""
    from uprkg.namespaces import GRAPH_INFERRED, UPRKG, mint

    dataset = Dataset()
    for number in (1, 2):
        g = dataset.graph(URIRef(f"https://w3id.org/uprkg/graph/source/s{number}"))
        statement = mint("statement", f"st{number}")
        g.add((statement, UPRKG.speaker, mint("actor", f"a{number}")))
        g.add((statement, UPRKG.paraphrase, Literal(f"line one\n}}\n<x> {{ {number}", lang="en")))
    for triple in inferred:
        dataset.graph(GRAPH_INFERRED).add(triple)
    return dataset


@pytest.mark.parametrize("old", ["none", "with-a-prefix-only-it-uses"])
@pytest.mark.parametrize("new", ["edges", "empty"])
def test_replacing_one_graph_gives_the_bytes_of_a_full_rewrite(tmp_path, old, new):
    from uprkg.namespaces import GRAPH_INFERRED, PROV, UPRKG, mint
    from uprkg.serialize import replace_graph_chunks

    # prov: is a prefix only the old inferred graph uses
    provenance = [(GRAPH_INFERRED, PROV.wasDerivedFrom, URIRef(EX + "source"))]
    edges = [(mint("actor", "a1"), UPRKG.criticised, mint("actor", "a2"))]
    before = two_graphs_and_inferred(provenance if old != "none" else [])
    path = tmp_path / "uprkg.trig"
    path.write_text(trig(before), encoding="utf-8")
    replacement = edges if new == "edges" else []
    chunks = replace_graph_chunks(path, GRAPH_INFERRED, replacement)
    assert chunks is not None
    assert "".join(chunks) == trig(two_graphs_and_inferred(replacement))


def test_a_file_laid_out_otherwise_is_not_spliced(tmp_path):
    from uprkg.namespaces import GRAPH_INFERRED
    from uprkg.serialize import replace_graph_chunks

    path = tmp_path / "other.trig"
    path.write_text("<http://a> { <http://s> <http://p> <http://o> }\n", encoding="utf-8")
    assert replace_graph_chunks(path, GRAPH_INFERRED, []) is None
