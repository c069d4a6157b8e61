"""From a raw text to a passing build: new-source, extract, review, build.

The article (tests/fixtures/extract/new-article.txt) was written for this
test and is in no corpus. A person's review is simulated the way the draft
asks for it: accepted new actors move to actors.yaml, the draft marks are
deleted; the build must then pass with the new source's items in the graph.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from conftest import BUNDLED, FIXTURES, run_cli

ARTICLE = FIXTURES / "extract" / "new-article.txt"


def _review(corpus: Path, annotation: Path) -> None:
    """What the reviewer does: move new actors to the registry, delete the draft marks."""
    text = annotation.read_text(encoding="utf-8")
    head, _, rest = text.partition("\nnew_actors:\n")
    if rest:
        block, after = re.split(r"\n(?=\w)", rest, maxsplit=1)
        actors = corpus / "actors.yaml"
        actors.write_text(
            actors.read_text(encoding="utf-8").rstrip("\n") + "\n" + block + "\n", encoding="utf-8"
        )
        text = head + "\n" + after
    annotation.write_text(re.sub(r"^\s+status: draft\n", "", text, flags=re.M), encoding="utf-8")


def test_new_source_then_extract_then_review_builds(tmp_path: Path):
    corpus = tmp_path / "graph"
    shutil.copytree(BUNDLED, corpus)
    added = run_cli("--corpus", str(corpus), "new-source", str(ARTICLE))
    assert added.code == 0, added.err
    sources = yaml.safe_load((corpus / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    entry = sources[-1]
    assert entry["title"] == "Empty Chair in Geneva as US Skips Its Rights Review"
    assert str(entry["published"]) == "2025-11-08"
    assert entry["published_quote"] == "Published: November 8, 2025"
    text = ARTICLE.read_text(encoding="utf-8")
    kinds = {b["kind"]: text[b["start"] : b["end"]] for b in entry["boilerplate"]}
    assert kinds["navigation"].startswith("Skip to main content")
    assert kinds["also-read"].startswith("Also Read:")
    assert kinds["donation-appeal"].startswith("Support our newsroom")
    copied = corpus / "sources" / entry["file"]
    assert copied.read_bytes() == ARTICLE.read_bytes()

    draft = corpus / "annotations" / f"{entry['id']}.yaml"
    extracted = run_cli("--corpus", str(corpus), "extract", str(copied), "--out", str(draft))
    assert extracted.code == 0, extracted.err
    written = draft.read_text(encoding="utf-8")
    assert written.startswith("# yaml-language-server: $schema=")
    assert written.count("status: draft") >= 8

    refused = run_cli("--corpus", str(corpus), "build", "--out", str(tmp_path / "out"))
    assert refused.code == 2
    assert "draft item not reviewed yet" in refused.err
    assert "new_actors" in refused.err
    assert not (tmp_path / "out" / "uprkg.ttl").exists()

    _review(corpus, draft)
    schema = run_cli("--corpus", str(corpus), "schema", "check")
    assert schema.code == 0, schema.err
    built = run_cli("--corpus", str(corpus), "build", "--out", str(tmp_path / "out"))
    assert built.code == 0, built.err
    turtle = (tmp_path / "out" / "uprkg.ttl").read_text(encoding="utf-8")
    for actor in ("maria-okafor", "tom-hale", "mexico", "geneva-rights-forum"):
        assert f"actor:{actor} " in turtle

    reviewed = yaml.safe_load(draft.read_text(encoding="utf-8"))
    by_speaker = {}
    for st in reviewed["statements"]:
        by_speaker.setdefault(st["speaker"], []).append(st)
    assert {s["stance"] for s in by_speaker["maria-okafor"]} >= {"criticism", "appeal"}
    assert by_speaker["mexico"][0]["stance"] == "appeal"
    assert by_speaker["cuba"][0]["stance"] == "accusation"
    hale = next(s for s in by_speaker["tom-hale"] if s["stance"] == "rejection")
    assert str(hale["date"]) == "2025-11-06" and hale["date_text"] == "on Thursday"
    assert hale["on_behalf_of"] == "us-state-department"  # 'A State Department spokesperson'
    assert all(t["id"] != "us-state-department" for t in hale.get("targets", []))
    reports = {r.get("statement") for r in reviewed.get("reports", [])}
    assert "state-department-will-not-be-lectured" in reports


def test_extract_refuses_to_overwrite_and_writes_json(tmp_path: Path):
    out = tmp_path / "draft.yaml"
    out.write_text("keep me\n", encoding="utf-8")
    result = run_cli("extract", str(ARTICLE), "--out", str(out))
    assert result.code == 2 and "exists" in result.err
    assert out.read_text(encoding="utf-8") == "keep me\n"
    as_json = run_cli("extract", str(ARTICLE), "--format", "json")
    assert as_json.code == 0
    import json

    data = json.loads(as_json.out)
    quote = data["statements"][0]["quotes"][0]
    text = ARTICLE.read_text(encoding="utf-8")
    assert text[quote["start"] : quote["end"]] == quote["text"]


def test_new_source_refuses_a_text_already_in_the_corpus(tmp_path: Path):
    corpus = tmp_path / "graph"
    shutil.copytree(BUNDLED, corpus)
    before = (corpus / "sources.yaml").read_bytes()
    again = run_cli(
        "--corpus", str(corpus), "new-source", str(BUNDLED / "sources" / "000_391cd0b393f3ac2e.txt")
    )
    assert again.code == 2
    assert "already in the corpus as source '000_391cd0b393f3ac2e'" in again.err
    assert (corpus / "sources.yaml").read_bytes() == before
