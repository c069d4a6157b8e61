"""Draft the annotations of one source: the extraction stage's public function.

`extract_text` runs, in order: mentions of registry actors (and names the
registry lacks), statements (`speech`), their split by stance family and
their stance (`stance`), targets (`targets`), dates and channels,
events and claims (`facts`), candidate matches (`candidates`); finally
every span is verified with `uprkg.quotes.locate`, the matcher the builder
uses, so a draft never carries an offset the build would reject.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from uprkg.errors import InputError
from uprkg.extract import candidates, facts, speech, stance, targets
from uprkg.extract.dates import find_dates, parse_published
from uprkg.extract.lexicon import Lexicon, load_lexicon
from uprkg.extract.mentions import (
    Mention,
    NewActor,
    Registry,
    head_noun_mentions,
    propose_new_actors,
    slug,
)
from uprkg.extract.model import Draft, DraftStatement
from uprkg.extract.text import Analysis
from uprkg.model import Corpus
from uprkg.quotes import locate

PRINCIPAL_CLIMB = {"NGO", "AcademicBody", "UNBody", "NewsOrganisation"}
STATE_PARTS = {"DiplomaticMission", "GovernmentAgency"}
ACTION = re.compile(r"^\s*(?:on\s+|upon\s+)?(?:the\s+)?[^,;]*?\bto\s+(?P<action>[^;]+)$", re.I)


def extract_text(
    text: str,
    corpus: Corpus,
    source_id: str,
    *,
    published: str | None = None,
    publisher: str | None = None,
    doc_type: str = "NewsArticle",
    boilerplate: list[tuple[int, int]] | None = None,
    title: str | None = None,
    lexicon: Lexicon | None = None,
) -> Draft:
    """Propose statements, events, claims and new actors for one source text."""
    lex = lexicon or load_lexicon()
    a = Analysis(text, excluded=list(boilerplate or []))
    registry = Registry(corpus, lex)
    mentions = registry.find(a)
    new_actors = propose_new_actors(a, mentions)
    all_mentions = sorted(
        [
            *mentions,
            *(Mention(s, e, n.id, "new", text[s:e]) for n in new_actors for s, e in n.spans),
        ],
        key=lambda m: m.start,
    )
    all_mentions = sorted(
        [*all_mentions, *head_noun_mentions(a, all_mentions)], key=lambda m: m.start
    )
    day = parse_published(published)
    own = doc_type == "PressRelease" and publisher is not None
    persons = {k for k, v in corpus.actors.items() if v.type == "Person"}
    persons |= {n.id for n in new_actors if n.type == "Person"}
    finder = speech.SpeechFinder(a, all_mentions, lex, publisher, own_voice=own, persons=persons)
    if title and title in text:
        finder.title = (text.index(title), text.index(title) + len(title))
    found = _merge_continuations(_merge_repeated(finder.run(), a), a)
    statements: list[DraftStatement] = []
    for st in sorted(found, key=lambda s: s.start):
        for part in stance.split(st, a, lex):
            stance.assign(part, a, lex)
            statements.append(part)
    actors = {**corpus.actors}
    for st in statements:
        st.on_behalf_of = _principal(st, finder.principals, corpus)
        st.targets = targets.find_targets(st, a, all_mentions, lex, corpus)
        if own and publisher and publisher in (st.on_behalf_of, *st.speakers):
            st.channel = st.channel or "press-release"
        _channel(st, a, lex)
        _date(st, a, lex, day, own)
        if st.stance in ("appeal", "demand"):
            st.action = _action(st, a)
        st.paraphrase = _paraphrase(st, a, actors, new_actors)
    _inherit(statements)
    events = facts.find_events(a, all_mentions, lex, day)
    claims = facts.find_claims(a, statements)
    draft = Draft(source_id, text, statements, events, claims, new_actors, published, publisher)
    _ids(draft, corpus, a)
    for st in draft.statements:
        st.candidates = candidates.for_statement(st, text, corpus, source_id)
        quoted = st.way in ("direct", "continuation")
        needed = candidates.QUOTED_RUN if quoted else candidates.STRONG_RUN
        strong = [c for c in st.candidates if _run(c) >= needed]
        if strong:
            st.report_of = strong[0]
    for ev in draft.events:
        ev.candidates = candidates.for_event(ev, text, corpus, source_id)
    for cl in draft.claims:
        cl.candidates = candidates.for_claim(cl, text, corpus, source_id)
        _propose_value(cl, text, corpus)
    _verify(draft)
    return draft


def _propose_value(cl, text: str, corpus: Corpus) -> None:
    """When one existing typed claim meets the draft and the draft states a value of its
    kind, propose the same subject and property with the draft's own value."""
    from uprkg.vocab import load_vocabulary

    met = {
        (c.subject, c.property)
        for cand in cl.candidates
        if cand.relation in candidates.RELATIONS.values()
        and (c := corpus.claims.get(cand.id)) is not None
    }
    if len(met) != 1:
        return
    subject, prop = met.pop()
    spec = load_vocabulary().claim_properties[prop or ""]
    stated = candidates.stated_value(spec.kind, " ".join(text[s:e] for s, e in cl.spans))
    if stated:
        cl.subject, cl.property = subject, prop
        cl.value, cl.value_text = stated


def extract_file(
    path: Path, corpus: Corpus, source_id: str | None = None, lexicon: Lexicon | None = None
) -> Draft:
    """Draft a source file; its sources.yaml entry (if any) gives date and boilerplate."""
    from uprkg.yamlio import read_text

    text = read_text(path)
    entry = _source_entry(corpus, path, source_id)
    if entry is None:
        from uprkg.extract.sources import propose_metadata

        meta = propose_metadata(text, corpus)
        return extract_text(
            text,
            corpus,
            source_id or path.stem,
            published=meta.published,
            publisher=meta.publisher,
            doc_type=meta.doc_type,
            boilerplate=[(b.start, b.end) for b in meta.boilerplate],
            lexicon=lexicon,
        )
    return extract_text(
        text,
        corpus,
        entry.id,
        published=entry.published.literal if entry.published else None,
        publisher=entry.publisher,
        doc_type=entry.doc_type,
        boilerplate=[(b.start, b.end) for b in entry.boilerplate],
        lexicon=lexicon,
    )


def _source_entry(corpus: Corpus, path: Path, source_id: str | None):
    if source_id:
        return corpus.sources.get(source_id)
    for source in corpus.sources.values():
        if source.file_name == path.name:
            return source
    return None


def _run(c) -> int:
    found = re.search(r"(\d+) words in a row", c.why)
    return int(found.group(1)) if found else 0


def _merge_repeated(statements: list[DraftStatement], a: Analysis) -> list[DraftStatement]:
    """The same quoted words printed twice in one text are one statement."""
    inner = {}
    for st in statements:
        texts = []
        for s, _ in st.spans:
            q = a.quotation_at(s)
            if q is not None:
                texts.append(" ".join(a.lowered[q.inner[0] : q.inner[1]].split()).strip(" ,."))
        inner[id(st)] = texts
    kept = []
    for st in statements:
        mine = [t for t in inner[id(st)] if len(t.split()) >= 5]
        target = None
        for other in statements if mine else []:
            if other is st:
                continue
            theirs = " ".join(" ".join(a.lowered[s:e].split()) for s, e in other.spans)
            if all(t in theirs for t in mine) and len(theirs) > sum(map(len, mine)) + 5:
                target = other
                break
        if target is None:
            kept.append(st)
            continue
        target.spans = sorted({*target.spans, *st.spans})
        target.evidence.append(f"the same words are quoted again at {st.start}")
    return kept


def _principal(st: DraftStatement, shown: dict[str, str], corpus: Corpus) -> str | None:
    """On whose behalf: the organisation the text puts beside a person, a mission's state."""
    if len(st.speakers) != 1 or st.voice == "own":
        return None
    speaker = corpus.actors.get(st.speakers[0])
    if speaker is not None and speaker.type in STATE_PARTS:
        return _state_of(speaker.id, corpus)
    organisation = shown.get(st.speakers[0])
    if organisation is None or (speaker is not None and speaker.type != "Person"):
        return None
    if organisation in corpus.actors:
        if corpus.actors[organisation].type in ("Person", "Collective"):
            return None
        return _climb(organisation, corpus)
    return organisation


def _merge_continuations(statements: list[DraftStatement], a: Analysis):
    """A quotation continuing its speaker joins that speaker's statement."""
    kept: list[DraftStatement] = []
    for st in sorted(statements, key=lambda s: s.start):
        previous = kept[-1] if kept else None
        if (
            st.way == "continuation"
            and previous is not None
            and previous.speakers == st.speakers
            and previous.way in ("direct", "continuation")
            and _adjacent(previous, st, a)
        ):
            previous.spans = sorted([*previous.spans, *st.spans])
            previous.content = (min(previous.start, st.start), max(previous.end, st.end))
            previous.evidence.append(f"the quotation at {st.start} continues it")
            continue
        kept.append(st)
    return kept


def _adjacent(first: DraftStatement, second: DraftStatement, a: Analysis) -> bool:
    p1, p2 = a.paragraph_at(first.end - 1), a.paragraph_at(second.start)
    if p1 == p2:
        return True
    index = a.paragraphs.index(p2) if p2 in a.paragraphs else -1
    return index > 0 and a.paragraphs[index - 1] == p1


def _climb(actor: str, corpus: Corpus) -> str:
    """From a programme or service up to the organisation of the same kind."""
    current = corpus.actors[actor]
    while current.part_of:
        parent = corpus.actors.get(current.part_of[0])
        if parent is None or parent.type != current.type or current.type not in PRINCIPAL_CLIMB:
            break
        current = parent
    return current.id


def _state_of(actor: str, corpus: Corpus) -> str | None:
    todo, seen = [actor], set()
    while todo:
        current = corpus.actors.get(todo.pop())
        if current is None or current.id in seen:
            continue
        seen.add(current.id)
        if current.type == "State":
            return current.id
        todo.extend(current.part_of)
    return None


def _channel(st: DraftStatement, a: Analysis, lex: Lexicon) -> None:
    if st.channel:
        return
    sentence = a.sentence_at(st.start)
    lo = min(sentence[0], st.start)
    pieces = [(lo, max(sentence[1], st.end))]
    text = " ".join(a.lowered[s:e] for s, e in pieces)
    quoted = [q for q in a.quotations if lo <= q.start < pieces[0][1]]
    for q in quoted:  # words inside quotations are the speaker's, not the channel
        text = text.replace(a.lowered[q.start : q.end], " ")
    best = None
    for channel, phrases in lex.channels.items():
        for phrase in phrases:
            found = re.search(rf"(?<![\w']){re.escape(phrase)}(?![\w'])", text)
            if found and (best is None or len(phrase) > len(best[1])):
                best = (channel, phrase)
    if best:
        st.channel = best[0]
        st.evidence.append(f"channel {best[0]}: '{best[1]}'")


def _date(st: DraftStatement, a: Analysis, lex: Lexicon, day: dt.date | None, own: bool):
    if st.date:
        return
    if (st.voice == "own" or (own and st.channel == "press-release")) and day:
        st.date = day.isoformat()
        st.evidence.append("date: the press release's own date")
        return
    if st.way == "own" and day:
        st.date = day.isoformat()
        return
    sentence = a.sentence_at(st.start)
    window = _attribution_window(st, a, sentence)
    if window is None:
        return
    hits = [
        h for h in find_dates(a.lowered, *window, lex, day, a.text) if not a.quotation_at(h.start)
    ]
    if not hits:
        return
    hit = hits[0]
    st.date_text = hit.text
    st.date = hit.value
    st.evidence.append(f"date '{hit.text}': {hit.how}")


def _attribution_window(st: DraftStatement, a: Analysis, sentence) -> tuple[int, int] | None:
    """Where a date of the utterance is written: around the speaker and the verb."""
    verb_at = next((int(e.split(" at ")[1]) for e in st.evidence if e.startswith("verb ")), None)
    points = [p for p in (verb_at, *(st.speaker_span or ())) if p is not None]
    if not points:
        return None
    lo, hi = min(points), max(points)
    hi = min(sentence[1], hi + 40)
    if verb_at is not None:
        hi = min(hi, max(verb_at + 40, hi))
    return max(sentence[0], lo), hi


def _action(st: DraftStatement, a: Analysis) -> str | None:
    """What an appeal urges: the infinitive after its addressee ('... to resume')."""
    text = a.text[st.content[0] : st.content[1]] if st.content else ""
    addressee = next((t for t in st.targets if t.role == "addressee"), None)
    if addressee is not None and st.content and st.content[0] <= addressee.end <= st.content[1]:
        text = a.text[addressee.end : st.content[1]]
    found = re.search(r"\bto\s+(?P<action>[^;]+)", text)
    if found:
        action = found.group("action").strip(' .,"”“')
        return " ".join(action.split())
    words = " ".join(text.split()).strip(' .,"”“')
    return words or None


def _paraphrase(st: DraftStatement, a: Analysis, actors: dict, new_actors: list[NewActor]):
    names = {n.id: n.label for n in new_actors}
    who = " and ".join(actors[s].label if s in actors else names.get(s, s) for s in st.speakers)
    said = " ".join(" ".join(a.text[s:e].split()) for s, e in st.spans)
    said = said.replace("“", "").replace("”", "").replace('"', "")
    words = said.split()
    short = " ".join(words[:30]) + (" ..." if len(words) > 30 else "")
    return f"{who} ({st.stance}): {short}"


def _inherit(statements: list[DraftStatement]) -> None:
    """A continuation or 'it'/'the letter' statement keeps its antecedent's channel and date."""
    for n, st in enumerate(statements):
        if st.way != "continuation" and "points back" not in st.speaker_how:
            continue
        for earlier in reversed(statements[:n]):
            if earlier.speakers == st.speakers:
                st.channel = st.channel or earlier.channel
                if not st.date and not st.date_text:
                    st.date, st.date_text = earlier.date, earlier.date_text
                break


def _ids(draft: Draft, corpus: Corpus, a: Analysis) -> None:
    taken = {
        *corpus.statements,
        *corpus.events,
        *corpus.claims,
        *corpus.actors,
        *corpus.documents,
        *corpus.decisions,
    }
    for actor in draft.new_actors:
        actor.id = _unique(actor.id, taken)
    for item in draft.items():
        head = item.speakers[0] if getattr(item, "speakers", None) else item.kind
        if item.kind == "event":
            head = item.type.lower()
        if item.kind == "claim":
            head = "claim"
        words = [w for w in slug(a.text[item.start : item.end]).split("-") if len(w) > 2][:5]
        item.id = _unique(slug(f"{head} {' '.join(words)}"), taken)


def _unique(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _verify(draft: Draft) -> None:
    """Every span is found by the builder's own matcher at exactly its offsets."""
    problems = []
    for item in draft.items():
        item.spans = [_trim(draft.text, s, e) for s, e in item.spans]
        for start, end in item.spans:
            quote = draft.text[start:end]
            spans = locate(draft.source, draft.text, quote)
            if not any(s.start == start and s.end == end for s in spans):
                problems.append(f"{item.kind} {item.id}: span {start}-{end} does not verify")
    if problems:
        raise InputError(problems)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
