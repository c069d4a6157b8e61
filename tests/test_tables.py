"""Issue #9 item 15: what a person reads fits the terminal and names actors, and JSON
gives numbers as numbers."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli


@pytest.fixture(scope="module")
def trig(tmp_path_factory, bundled_dataset):
    from uprkg.export import render

    path = tmp_path_factory.mktemp("tables") / "in.trig"
    path.write_text(render(bundled_dataset, "trig"), encoding="utf-8")
    return path


def test_json_gives_counts_and_offsets_as_numbers(trig):
    result = run_cli("query", "sources", "--graph", trig, "--format", "json")
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    first = rows[0]
    assert isinstance(first["statements"], int) and isinstance(first["characters"], int)
    assert isinstance(first["source"], str) and first["published"] == "2025-11-07"
    search = run_cli(
        "query", "search", "-p", "text=bare minimum", "--graph", trig, "--format", "json"
    )
    hit = json.loads(search.out)[0]
    assert (hit["start"], hit["end"]) == (961, 1139)


def test_a_wide_table_is_cut_to_fit_the_terminal(trig, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    columns = "criticLabel,targetLabel,stance,reasons,quote"
    result = run_cli("query", "who-criticised-whom", "--graph", trig, "--columns", columns)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].split() == columns.split(",")  # aligned columns, not one block per row
    assert max(len(line) for line in lines) <= 80
    assert any("…" in line for line in lines[2:])


def test_max_width_cuts_cells_but_never_csv_or_json(trig):
    args = ("query", "appeals", "--graph", trig, "--max-width", "10")
    md = run_cli(*args, "--format", "md")
    cells = [c.strip() for line in md.out.splitlines()[2:] for c in line.strip("|").split("|")]
    assert all(len(c) <= 10 for c in cells) and any(c.endswith("…") for c in cells)
    csv = run_cli(*args, "--format", "csv")
    assert "…" not in csv.out


def test_network_stats_name_actors(trig):
    result = run_cli("network", "stats", "--graph", trig, "--roll-up", "persons")
    assert result.code == 0, result.err
    text = result.out
    assert "9  United States" in text
    assert "  usa " not in text and "donald-trump" not in text
    camps = text.split("\ncamps (", 1)[1]
    assert "side of United States (6): Donald Trump, Marco Rubio" in camps
    assert "no camp (13): Congress, Iran, Israel" in camps
    numbers = json.loads(
        run_cli("network", "stats", "--graph", trig, "--format", "json", "--roll-up", "persons").out
    )
    assert "usa" in numbers["camps"]["without_camp"] or any(
        m["actor"] == "usa" for m in numbers["camps"]["members"]
    )


def test_sources_show_as_publisher_and_title(trig):
    args = ("query", "sources", "--graph", trig, "--columns", "source,type")
    table = run_cli(*args)
    assert "The Advocates for Human Rights: U.S. Failure to Participate" in table.out
    assert "Truthout: Trump Refuses to Participate" in table.out
    assert "source:004_7f97047af162db2c" not in table.out
    assert "source:001_018afc5835442117" in table.out  # no title in the text: its id
    csv = run_cli(*args, "--format", "csv")
    assert "https://w3id.org/uprkg/id/source/004_7f97047af162db2c" in csv.out
