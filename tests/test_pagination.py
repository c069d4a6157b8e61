"""Pages of the long canned queries: LIMIT and OFFSET go at a query's page mark
(inside the subquery that picks the page, so labels and lists are looked up
for that page only), the pages add up to every row in the same order, and
`uprkg query` gives the first page by default and says when it cut rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from uprkg.queries import PAGE_MARK, get_query, load_queries, page_size, paginate, read_query
from uprkg.store import GraphStore

MARKED = sorted(name for name, q in load_queries().items() if PAGE_MARK in q.text)


@pytest.fixture
def built(bundled_build) -> Path:
    """The session's bundled build (read only; tests that change it copy it)."""
    return bundled_build


def test_the_long_discourse_queries_pick_their_page_first():
    assert {"who-criticised-whom", "appeals", "timeline", "corroboration"} <= set(MARKED)
    assert {"criticisms-of", "statements-by"} <= set(MARKED)


@pytest.mark.parametrize("name", MARKED)
def test_limit_and_offset_go_at_the_mark_inside_the_query(name):
    query = get_query(name)
    assert page_size(query) == 100, "a marked query has grlc's pagination decorator"
    text = paginate(query, 7, 14)
    assert PAGE_MARK not in text
    before, _, after = text.partition("LIMIT 7\nOFFSET 14")
    assert after, "LIMIT and OFFSET are written together at the mark"
    # the mark sits in a subquery: the outer query goes on after it
    assert "ORDER BY" in after and before.count("{") > before.count("}")


def test_a_query_without_a_mark_is_paged_at_its_end(tmp_path):
    path = tmp_path / "plain.rq"
    path.write_text("#+ pagination: 5\nSELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s\n")
    text = paginate(read_query(path), 5, 10)
    assert text.endswith("ORDER BY ?s\nLIMIT 5\nOFFSET 10\n")


@pytest.mark.parametrize("name", MARKED)
def test_pages_picked_first_add_up_to_every_row_in_order(built, name):
    store = GraphStore.open(built / "store")
    everything = store.select(name).rows
    size = max(1, len(everything) // 3)
    pages = [store.select(name, limit=size, offset=k * size).rows for k in range(4)]
    assert len(everything) > size, "the bundled corpus gives more than one page"
    assert [row for page in pages for row in page] == everything


def test_uprkg_query_gives_the_first_page_and_says_it_cut(in_build, tmp_path):
    folder = tmp_path / "queries"
    folder.mkdir()
    text = (REPO / "queries" / "who-criticised-whom.rq").read_text(encoding="utf-8")
    (folder / "critics.rq").write_text(text.replace("#+ pagination: 100", "#+ pagination: 7"))
    everything = json.loads(run_cli("query", "who-criticised-whom", "--format", "json").out)
    assert len(everything) > 7
    first = run_cli("query", "--queries", folder, "critics", "--format", "json")
    assert first.code == 0, first.err
    assert json.loads(first.out) == everything[:7]
    assert "the first 7 rows" in first.err and "--all" in first.err and "--page 2" in first.err
    every = run_cli("query", "--queries", folder, "critics", "--all", "--format", "json")
    assert json.loads(every.out) == everything
    assert "the first" not in every.err
    bad = run_cli("query", "--queries", folder, "critics", "--all", "--page", "2")
    assert bad.code == 2 and "give --all or --page/--limit/--offset, not both" in bad.err


def test_a_result_that_fits_its_page_is_not_called_cut(in_build):
    result = run_cli("query", "corroboration", "--format", "json")
    assert result.code == 0, result.err
    assert 0 < len(json.loads(result.out)) <= 100
    assert "the first" not in result.err
