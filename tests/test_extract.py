"""The extractor on small texts written for these tests (not the bundled articles).

Each test builds a tiny registry in memory and a few sentences that exercise
one rule, and checks what a person would expect to find in the draft.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from uprkg.errors import InputError
from uprkg.extract import extract_text, load_lexicon, render_json, render_yaml
from uprkg.model import Actor, Claim, Corpus, Post, QuoteRef, Statement, Where
from uprkg.quotes import Span

HERE = Where(Path("test"), 1)


def actor(id_, type_, label, aliases=(), part_of=(), posts=()) -> Actor:
    return Actor(
        id=id_,
        where=HERE,
        type=type_,
        label=label,
        aliases=list(aliases),
        part_of=list(part_of),
        posts=list(posts),
    )


def registry() -> Corpus:
    corpus = Corpus(root=Path("."))
    for a in (
        actor("northland", "State", "Northland"),
        actor("southland", "State", "Southland"),
        actor("eastland", "State", "Eastland"),
        actor("westland", "State", "Westland"),
        actor("rights-body", "UNBody", "Rights Body", aliases=["the Body"]),
        actor("watchdog", "NGO", "Liberty Watchdog"),
        actor("assembly", "Legislature", "Assembly"),
        actor(
            "ann-ames",
            "Person",
            "Ann Ames",
            posts=[
                Post(
                    "ann-ames",
                    "watchdog",
                    "director",
                    "current",
                    None,
                    [QuoteRef("s0", "Ann Ames, director of Liberty Watchdog", None, HERE)],
                    HERE,
                )
            ],
        ),
        actor(
            "bo-berg",
            "Person",
            "Bo Berg",
            posts=[
                Post(
                    "bo-berg",
                    "rights-body",
                    "president of the Rights Body",
                    "current",
                    None,
                    [QuoteRef("s0", "Bo Berg, president of the Rights Body", None, HERE)],
                    HERE,
                )
            ],
        ),
    ):
        corpus.actors[a.id] = a
    return corpus


def draft(text: str, corpus: Corpus | None = None, **kwargs):
    return extract_text(text, corpus or registry(), "s1", **kwargs)


def only(items, **fields):
    found = [i for i in items if all(getattr(i, k) == v for k, v in fields.items())]
    assert len(found) == 1, [(i.speakers, i.stance, i.spans) for i in items]
    return found[0]


def quoted(d, item) -> list[str]:
    return [d.text[s:e] for s, e in item.spans]


def test_direct_quotation_after_attribution_with_principal_and_offsets():
    text = (
        "“The chamber has failed the people,” said Ann Ames, director of Liberty Watchdog. "
        "The weather was fine."
    )
    d = draft(text)
    st = only(d.statements)
    assert st.speakers == ["ann-ames"] and st.on_behalf_of == "watchdog"
    assert st.stance == "criticism"
    assert quoted(d, st)[0].startswith("“The chamber has failed the people,” said Ann Ames")
    assert all(0 <= s < e <= len(text) for s, e in st.spans)
    assert 0 < st.confidence <= 1
    assert "status: draft" in render_yaml(d)


def test_straight_quotes_and_the_quote_before_the_verb():
    text = 'Northland told reporters: "We will not take part in this review."'
    d = draft(text)
    st = only(d.statements)
    assert st.speakers == ["northland"]
    assert st.stance == "rejection"
    assert st.channel == "remarks-to-press"
    assert quoted(d, st) == ['"We will not take part in this review."']


def test_reported_speech_accusation_with_its_object_as_target():
    d = draft("Southland accused Northland of hiding its prisons from inspectors.")
    st = only(d.statements)
    assert (st.speakers, st.stance) == (["southland"], "accusation")
    assert [(t.id, t.role) for t in st.targets] == [("northland", "direct")]


def test_appeal_names_its_addressee_and_action():
    d = draft("Liberty Watchdog called on the Assembly to reopen the inquiry.")
    st = only(d.statements)
    assert st.stance == "appeal"
    assert [(t.id, t.role) for t in st.targets] == [("assembly", "addressee")]
    assert st.action == "reopen the inquiry"


def test_surname_counts_only_after_the_full_name():
    from uprkg.extract.mentions import Registry
    from uprkg.extract.text import Analysis

    text = (
        "“Berg is wrong,” Southland said. Bo Berg opened the session. "
        "“The review will go ahead without Northland,” Berg said."
    )
    d = draft(text)
    speakers = [s.speakers for s in sorted(d.statements, key=lambda s: s.start)]
    assert speakers == [["southland"], ["bo-berg"]]
    mentions = Registry(registry(), load_lexicon()).find(Analysis(text))
    berg = [(m.start, m.kind) for m in mentions if m.actor == "bo-berg"]
    assert berg == [(text.index("Bo Berg"), "label"), (text.rindex("Berg"), "surname")]


def test_role_description_from_the_registry_resolves_the_speaker():
    text = "The president of the Rights Body said that Northland had not sent a delegation."
    st = only(draft(text).statements)
    assert st.speakers == ["bo-berg"]
    assert st.stance == "observation"
    assert [(t.id, t.role) for t in st.targets] == [("northland", "subject")]


def test_roles_from_patterns_named_example_and_alleged_violator():
    text = (
        "“We will not be lectured by the likes of Southland, Eastland or Westland,” "
        "Northland said. “Leaving gives abusers like Eastland an excuse,” Ann Ames said."
    )
    d = draft(text)
    lectured = only(d.statements, speakers=["northland"])
    assert {t.id: t.role for t in lectured.targets} == {
        "southland": "named-example",
        "eastland": "named-example",
        "westland": "named-example",
    }
    excuse = only(d.statements, speakers=["ann-ames"])
    assert {t.id: t.role for t in excuse.targets} == {"eastland": "alleged-violator"}


def test_relative_date_resolved_only_against_a_known_date():
    text = "Southland on Thursday condemned the vote as a disgrace."
    dated = only(draft(text, published="2025-11-08").statements)
    assert (dated.date, dated.date_text) == ("2025-11-06", "on Thursday")
    undated = only(draft(text).statements)
    assert (undated.date, undated.date_text) == (None, "on Thursday")


def test_names_the_registry_lacks_are_proposed_with_spans_and_a_type():
    text = (
        "Carla Diaz, spokesperson of the Harbour Rights Network, said the vote was a "
        "shameful mistake. Diaz added that Mexico agreed."
    )
    d = draft(text)
    new = {a.label: a for a in d.new_actors}
    assert new["Carla Diaz"].type == "Person"
    assert [text[s:e] for s, e in new["Carla Diaz"].spans] == ["Carla Diaz", "Diaz"]
    assert new["Harbour Rights Network"].type == "NGO"
    assert (new["Mexico"].type, new["Mexico"].iso3) == ("State", "MEX")
    first = min(d.statements, key=lambda s: s.start)
    assert first.speakers == [new["Carla Diaz"].id]


def test_a_quotation_is_split_where_its_stance_changes_family():
    text = "“This boycott is a shameful betrayal. We urge the Assembly to act now,” said Ann Ames."
    d = draft(text)
    stances = sorted(s.stance for s in d.statements)
    assert stances == ["appeal", "condemnation"]
    appeal = only(d.statements, stance="appeal")
    assert [(t.id, t.role) for t in appeal.targets] == [("assembly", "addressee")]


def test_anaphora_points_back_to_the_last_speaker():
    text = (
        "Southland sent a letter to the Body. “We decline,” the letter said. "
        "It also accused the Body of bias."
    )
    d = draft(text)
    later = [s for s in d.statements if "accused" in d.text[s.start : s.end]]
    assert later and later[0].speakers == ["southland"]


def test_candidates_turn_a_reprinted_quotation_into_a_report():
    corpus = registry()
    words = "we will never accept lectures from a chamber that ignores its own members"
    corpus.statements["old"] = Statement(
        id="old",
        where=HERE,
        source="s0",
        speakers=["northland"],
        stance="rejection",
        spans=[Span("s0", 0, 70, words, "", "")],
    )
    d = draft(f"Northland said again that “{words}.”", corpus)
    st = only(d.statements)
    assert st.report_of is not None and st.report_of.id == "old"
    assert "- statement: old" in render_yaml(d)


def test_claims_meet_typed_claims_and_take_their_subject_and_property():
    from uprkg.claims.values import PartialDate

    corpus = registry()
    corpus.claims["c-old"] = Claim(
        id="c-old",
        where=HERE,
        source="s0",
        subject="northland",
        property="start-date",
        value=PartialDate(2006, None, None),
        value_text="in 2006",
        paraphrase="The review began in 2006.",
        spans=[Span("s0", 0, 10, "the review began in 2006", "", "")],
    )
    d = draft("The review began in 2008 and has covered every state since then.", corpus)
    claim = only(d.claims)
    assert (claim.subject, claim.property, claim.value) == ("northland", "start-date", "2008")
    assert any(c.id == "c-old" and c.relation == "disagrees" for c in claim.candidates)
    yaml_text = render_yaml(d)
    assert "property: start-date" in yaml_text and "value_text: " in yaml_text
    assert "proposition:" not in yaml_text and "answer:" not in yaml_text


def test_every_span_is_verified_and_json_carries_the_details():
    d = draft("“Nobody is above scrutiny,” said Ann Ames.")
    data = __import__("json").loads(render_json(d))
    quote = data["statements"][0]["quotes"][0]
    assert d.text[quote["start"] : quote["end"]] == quote["text"]
    assert data["statements"][0]["evidence"]


def test_boilerplate_is_never_drafted():
    text = "Support us: “Donate now,” said Ann Ames.\n“Enough is enough,” said Ann Ames."
    d = draft(text, boilerplate=[(0, text.index("\n"))])
    assert all(s >= text.index("\n") for st in d.statements for s, _ in st.spans)


def test_press_release_own_voice_takes_the_publisher_and_its_date():
    text = (
        "Springfield (November 7, 2025) -- Liberty Watchdog is outraged that Northland "
        "skipped its review. The Assembly must restore funding without delay."
    )
    d = draft(text, publisher="watchdog", doc_type="PressRelease", published="2025-11-07")
    demand = only(d.statements, stance="demand")
    assert (demand.speakers, demand.voice, demand.date) == (["watchdog"], "own", "2025-11-07")
    outraged = only(d.statements, stance="condemnation")
    assert outraged.voice == "own"


def test_lexicon_errors_name_file_line_and_field(tmp_path):
    bad = tmp_path / "lexicon.yaml"
    text = (
        Path(load_lexicon().path)
        .read_text(encoding="utf-8")
        .replace("    stance: accusation\n", "    stance: acusation\n", 1)
    )
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_lexicon(bad)
    message = str(info.value)
    line = text.splitlines().index("    stance: acusation") + 1
    assert f"{bad}:{line}: field 'stance': unknown stance 'acusation'" in message
