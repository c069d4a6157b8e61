"""Find statements: direct quotations, reported speech, posts, own voice.

The rules, in the order they run:

1. *Direct quotations* are attributed by a reporting verb right after the
   closing mark (“...,” said X / “...,” X told AFP) or right before the
   opening mark (X said: “...” / X told AFP that “...”).
2. *Reported speech* is a clause governed by a reporting verb outside any
   quotation (Cuba accused the US of ...; ..., Sim said.); partial quotes
   inside it belong to it.
3. *Continuations*: a quotation with no verb of its own continues the last
   speaker of its paragraph (or of the paragraph just before).
4. *Embedded posts*: a paragraph followed by a line "Name (@handle) date"
   is that person's social-media post, dated by its time stamp.
5. *Own voice*: in a press release, evaluative sentences with no reporting
   verb are the publisher speaking ("voice: own").

The speaker is the subject of the verb: the first actor named in its
clause that is not a modifier ("the UPR Project *at* Birmingham City
University"), with actors joined by "and" as joint speakers; failing that,
a pronoun or "the letter" / "the signatories" points back to the last
speaker, and "said X" takes the actor after the verb. A long quotation is
split where its stance changes family (criticism -> appeal), never inside a
family. The same quoted words printed twice in one text are one statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from uprkg.extract.lexicon import Lexicon, Verb
from uprkg.extract.mentions import TITLE_WORDS, Mention
from uprkg.extract.model import DraftStatement
from uprkg.extract.text import Analysis, Quotation, nlp

CLAUSE_WORDS = {"while", "whereas", "but", "with", "after", "because", "although", "though",
                "when", "before"}  # fmt: skip
DOCUMENT_NOUNS = {
    "letter": "letter",
    "statement": "press-statement",
    "post": "social-media-post",
    "release": "press-release",
    "tweet": "social-media-post",
}
INTRO_WORDS = {"in", "after", "according", "during", "on", "following", "despite", "since",
               "at", "for", "as", "before", "unlike", "like", "by", "when", "while"}  # fmt: skip
MODIFIER_WORDS = {"of", "at", "in", "for", "from", "to", "by", "with", "on", "against", "about",
                  "into", "toward", "towards", "over", "under", "within", "across"}  # fmt: skip
NOUN_LIKE = {"states", "claims", "calls", "notes", "posts", "charges", "demands", "appeals",
             "supports", "reports", "promises", "pledges", "cites", "concerns", "says",
             "writes", "warns", "vows", "charged", "called"}  # fmt: skip
DETERMINERS = {"the", "a", "an", "member", "other", "its", "their", "his", "her", "our", "all",
               "these", "those", "of", "un", "mandatory", "phone", "some", "many", "two",
               "three", "several", "no", "any", "each", "every", "for", "whose"}  # fmt: skip
MIN_QUOTE_WORDS = 4
TITLED = re.compile(r"(\s+[\w'-]+){0,3}\s+(" + "|".join(sorted(TITLE_WORDS)) + r"),\s*")


@dataclass
class VerbHit:
    start: int
    end: int
    verb: Verb
    used: bool = False


@dataclass
class Speaker:
    actors: list[str]
    span: tuple[int, int] | None
    how: str
    confidence: float


class SpeechFinder:
    """Runs the rules above over one analysed text."""

    def __init__(
        self,
        analysis: Analysis,
        mentions: list[Mention],
        lexicon: Lexicon,
        publisher: str | None = None,
        own_voice: bool = False,
        persons: set[str] | None = None,
    ) -> None:
        self.a = analysis
        self.mentions = mentions
        self.lex = lexicon
        self.publisher = publisher
        self.own_voice = own_voice
        self.persons = persons or set()  # actor ids that are people (principals apply)
        self.verbs = self._verb_hits()
        self.used_quotations: set[Quotation] = set()
        self.statements: list[DraftStatement] = []
        self.principals: dict[str, str] = {}  # person -> organisation the text shows
        self.title: tuple[int, int] | None = None  # never the publisher's own statement
        self._last_in_sentence: int | None = None  # where the last statement began

    # -- verbs -------------------------------------------------------------

    def _verb_hits(self) -> list[VerbHit]:
        from spacy.matcher import PhraseMatcher
        from spacy.util import filter_spans

        matcher = PhraseMatcher(nlp().vocab, attr="LOWER")
        for form in self.lex.verbs:
            matcher.add(form, [nlp().make_doc(form)])
        doc = self.a.doc
        spans = filter_spans([doc[s:e] for _, s, e in matcher(doc)])
        hits = []
        for span in spans:
            start, end = span.start_char, span.end_char
            if self.a.is_excluded(start, end) or self.a.quotation_at(start):
                continue
            form = " ".join(span.text.lower().split())
            verb = self.lex.verbs.get(form)
            if verb is None or not self._verb_like(span):
                continue
            hits.append(VerbHit(start, end, verb))
        return hits

    def _verb_like(self, span) -> bool:
        """Rule out nouns spelled like verbs ('member states', 'the calls')."""
        first = span[0]
        prev = first.nbor(-1) if first.i > 0 else None
        if prev is not None and prev.lower_ == "to":
            return False  # an infinitive inside what is urged ('to demand that')
        if prev is not None and prev.lower_ in DETERMINERS and first.lower_ in NOUN_LIKE:
            return False
        if first.lower_ in NOUN_LIKE and len(span) == 1:
            nxt = span.doc[span.end] if span.end < len(span.doc) else None
            subject_before = prev is not None and (
                self._mention_ending(prev.idx + len(prev))
                or prev.lower_ in {"it", "he", "she", "they", "also", "we", "who", "which", "that"}
            )
            object_after = nxt is not None and (
                nxt.lower_ in {"that", "on", "upon", "it", "for", ":", ","}
                or self._mention_starting(nxt.idx) is not None
            )
            return subject_before or object_after
        return True

    def _mention_ending(self, end: int) -> Mention | None:
        return next((m for m in self.mentions if m.end == end), None)

    def _mention_starting(self, start: int) -> Mention | None:
        return next((m for m in self.mentions if m.start == start), None)

    # -- speakers --------------------------------------------------------

    def boundaries(self, sent_start: int, pos: int) -> list[tuple[int, int]]:
        """(start, end) of clause boundaries before pos: ';', ':', 'while', a closing quote."""
        found = []
        for tok in self.a.tokens(sent_start, pos):
            if self.a.quotation_at(tok.idx):
                continue
            if tok.text in (";", ":") or tok.lower_ in CLAUSE_WORDS:
                found.append((tok.idx, tok.idx + len(tok)))
        for q in self.a.quotations:
            if sent_start <= q.end <= pos:
                found.append((q.start, q.end))
        return sorted(found)

    def clause_start(self, sent_start: int, pos: int) -> int:
        """Where the clause holding pos begins (after 'while', ';', an intro phrase)."""
        found = self.boundaries(sent_start, pos)
        start = max([sent_start, *(e for _, e in found)])
        head = self.a.lowered[start:pos].lstrip()
        first = head.split(" ", 1)[0].strip(",") if head else ""
        if first in INTRO_WORDS and "," in head:
            comma = self.a.lowered.find(",", start, pos)
            if comma != -1:
                start = comma + 1
        return start

    def is_modifier(self, m: Mention, clause_start: int) -> bool:
        """'at Birmingham City University', 'of the United Nations': not a subject."""
        before = self.a.lowered[clause_start : m.start].split()
        while before and before[-1] in ("the", "a", "an"):
            before.pop()
        if before and before[-1].endswith("'s"):
            before.pop()
            while before and before[-1][:1].isalpha() and before[-1] not in MODIFIER_WORDS:
                before.pop()
        return bool(before) and before[-1] in MODIFIER_WORDS

    def subject_before(self, clause_start: int, verb_start: int) -> list[Mention]:
        window = [
            m
            for m in self.mentions
            if clause_start <= m.start and m.end <= verb_start and not self.a.quotation_at(m.start)
        ]
        heads = [m for m in window if not self.is_modifier(m, clause_start)]
        titled = [
            m
            for m in heads[:-1]
            if self.a.lowered[m.end : m.end + 40].split()[:1]
            and self.a.lowered[m.end : m.end + 40].split()[0].strip(",") in TITLE_WORDS
        ]
        heads = [m for m in heads if m not in titled] or heads  # 'A State Department
        if not heads:  # spokesperson, Tom Hale, said': the person speaks
            return []
        group = [heads[0]]
        for m in heads[1:]:
            lead = self.a.lowered[clause_start : m.start]
            if re.search(r"(?:^|[\s,])(and|and the|and other)\s*$", lead) and m.actor not in [
                g.actor for g in group
            ]:
                group.append(m)
        return group

    def _phrase_in(self, phrases, lo: int, hi: int) -> tuple[int, int] | None:
        text = self.a.lowered[lo:hi]
        for phrase in sorted(phrases, key=len, reverse=True):
            hits = list(re.finditer(rf"(?<![\w']){re.escape(phrase)}(?![\w'])", text))
            found = hits[-1] if hits else None  # the last one, nearest the verb
            if found:
                return lo + found.start(), lo + found.end()
        return None

    def speaker_for(
        self,
        hit: VerbHit,
        sent: tuple[int, int],
        after_quote: int | None = None,
        previous: Speaker | None = None,
    ) -> Speaker | None:
        """The speaker of a verb: its subject, an anaphor, or the actor after it."""
        lo = after_quote if after_quote is not None else self.clause_start(sent[0], hit.start)
        verb = self.a.text[hit.start : hit.end]
        trailing = self._trailing_subject(hit, lo)
        if trailing is not None:
            return self._speaker([trailing], f"subject of '{verb}' after the clause it reports")
        group = self.subject_before(lo, hit.start)
        if group:
            return self._speaker(group, f"subject of '{verb}'")
        neutral = hit.verb.stance is None and hit.verb.object_role is None
        inverted = self._after_verb(hit, sent) if neutral else None
        if inverted is not None and after_quote is not None:
            return inverted
        document = self._document_speaker(lo, hit.start)
        if document is not None:
            return document
        anaphor = self._phrase_in(self.lex.anaphora, lo, hit.start)
        if anaphor and previous:
            word = self.a.text[anaphor[0] : anaphor[1]]
            return Speaker(
                previous.actors,
                anaphor,
                f"'{word}' points back to the last speaker",
                previous.confidence * 0.8,
            )
        person = self._phrase_in(self.lex.first_person, lo, hit.start)
        if person and self.own_voice and self.publisher:
            return Speaker([self.publisher], person, "first person in the publisher's release", 0.8)
        if inverted is not None:
            return inverted
        coordinated = self._last_in_sentence is not None and sent[0] <= self._last_in_sentence
        if (
            previous
            and coordinated
            and self.a.lowered[lo : hit.start].strip(" ,") in ("", "also", "and")
        ):
            return Speaker(
                previous.actors,
                None,
                "same subject as the previous verb",
                previous.confidence * 0.9,
            )
        if after_quote is None and lo > sent[0]:
            group = self.subject_before(sent[0], hit.start)
            if group:
                found = self._speaker(group, f"first actor of the sentence before '{verb}'")
                found.confidence *= 0.8
                return found
        return None

    def _trailing_subject(self, hit: VerbHit, lo: int) -> Mention | None:
        """'..., Sim said.': an actor between a comma and the verb ending the sentence."""
        for m in reversed(self.mentions):
            if m.end > hit.start or m.start < lo:
                continue
            gap = self.a.lowered[m.end : hit.start].split()
            if len(gap) > 1 or any(g not in ("also", "has", "had", "later") for g in gap):
                return None
            if (
                self.a.text[lo : m.start].rstrip().endswith(",")
                and len(self.a.words(hit.end, self.a.sentence_at(hit.start)[1])) <= 3
            ):
                return m
            return None
        return None

    def _speaker(self, group: list[Mention], how: str) -> Speaker:
        kind = group[0].kind
        conf = {"label": 1.0, "alias": 1.0, "surname": 0.9, "role": 0.85}.get(kind, 0.6)
        what = f"registry {kind}" if group[0].known else "a name the registry lacks"
        return Speaker(
            [m.actor for m in group], (group[0].start, group[-1].end), f"{how} ({what})", conf
        )

    def _after_verb(self, hit: VerbHit, sent: tuple[int, int]) -> Speaker | None:
        """'said X': an actor named right after the verb (within three words)."""
        for m in self.mentions:
            if hit.end <= m.start < sent[1]:
                gap = self.a.lowered[hit.end : m.start].split()
                if len(gap) <= 2 and all(g in ("the", "a", "an", "one", "by") for g in gap):
                    conf = 1.0 if m.kind in ("label", "alias") else 0.85
                    return Speaker(
                        [m.actor],
                        (m.start, m.end),
                        f"named after '{self.a.text[hit.start : hit.end]}'",
                        conf,
                    )
                break
        return None

    def _document_speaker(self, lo: int, verb_start: int) -> Speaker | None:
        """'Thursday's letter stated': whoever the text says sent that letter."""
        words = self.a.lowered[lo:verb_start].split()
        nouns = [w for w in words[-4:] if w in DOCUMENT_NOUNS]
        if not nouns or any(
            not self.is_modifier(m, lo)
            for m in self.mentions
            if lo <= m.start < verb_start and not self.a.quotation_at(m.start)
        ):
            return None
        noun = nouns[-1]
        channel = DOCUMENT_NOUNS[noun]
        for st in reversed(self.statements):
            if st.channel == channel and st.start < verb_start:
                return Speaker(
                    list(st.speakers),
                    None,
                    f"'the {noun}' is the one {', '.join(st.speakers)} sent",
                    0.75,
                )
        before = self.a.lowered[:lo]
        sender = None
        verbs = "sent|wrote|issued|published|released|posted"
        sent_it = rf"\b(?:{verbs})\s+(?:a|an|its|their|the)\s+(?:\w+\s+)?{noun}\b"
        for found in re.finditer(sent_it, before):
            sentence = self.a.sentence_at(found.start())
            heads = self.subject_before(sentence[0], found.start())
            sender = heads[0] if heads else sender
        for found in re.finditer(rf"\b{noun}\s+(?:that|which|from)\s+(?:the\s+)?", before):
            sender = self._mention_starting(found.end()) or self._mention_starting(found.end() - 4)
        if sender is None:
            for found in re.finditer(rf"\bin an? {noun}\b[^.]*?,\s*", before):
                sender = self._mention_starting(found.end()) or sender
        if sender is not None:
            return Speaker([sender.actor], None, f"'the {noun}' was sent by '{sender.text}'", 0.7)
        return None

    # -- the rules -------------------------------------------------------

    def run(self) -> list[DraftStatement]:
        self.embedded_posts()
        last: Speaker | None = None
        last_paragraph = None
        for sent in self.a.sentences:
            if self.a.is_excluded(*sent) or self._in_statement(sent[0]):
                continue
            paragraph = self.a.paragraph_at(sent[0])
            if last is not None and last_paragraph is not None and paragraph != last_paragraph:
                last = Speaker(last.actors, None, last.how, last.confidence * 0.85)
            last_paragraph = paragraph
            last = self.sentence(sent, last)
        self.own_voice_sentences()
        for st in self.statements:
            if len(st.speakers) == 1 and st.speaker_span:
                self._principal(st.speakers[0], *st.speaker_span)
        for m in self.mentions:  # a person named beside their organisation anywhere
            if m.kind in ("label", "alias", "new") and not self.a.quotation_at(m.start):
                self._principal(m.actor, m.start, m.end)
        return self.statements

    def _in_statement(self, pos: int) -> bool:
        return any(st.way == "post" and st.start <= pos < st.end for st in self.statements)

    def sentence(self, sent: tuple[int, int], last: Speaker | None) -> Speaker | None:
        hits = [h for h in self.verbs if sent[0] <= h.start < sent[1]]
        quotes = [
            q
            for q in self.a.quotations
            if sent[0] < q.end <= sent[1] + 1
            and q not in self.used_quotations
            and not self.a.is_excluded(q.start, q.end)
        ]
        starting = [
            q
            for q in self.a.quotations
            if sent[0] <= q.start < sent[1]
            and q not in self.used_quotations
            and not self.a.is_excluded(q.start, q.end)
        ]
        previous = last
        # 1. quotations attributed after the closing mark
        for hit in hits:
            q = self._quotation_before(hit, quotes)
            if q is None or any(h.end <= q.start for h in hits if h is not hit):
                continue  # a quotation inside reported speech belongs to its verb
            speaker = self.speaker_for(hit, sent, after_quote=q.end, previous=previous)
            if speaker is None:
                continue
            hit.used = True
            chain = self._unattributed_before(q, quotes)
            for earlier in chain:
                self.used_quotations.add(earlier)
            self.used_quotations.add(q)
            end = self._attribution_end(hit, speaker, sent)
            spans = [(c.start, c.end) for c in chain] + [(q.start, end)]
            self.add(spans, (chain[0].start if chain else q.start, q.end), speaker, hit, "direct")
            previous = speaker
        # 2. reported speech (and quotations announced before the opening mark)
        open_hits = [h for h in hits if not h.used]
        for n, hit in enumerate(open_hits):
            speaker = self.speaker_for(hit, sent, previous=previous)
            if speaker is None:
                continue
            clause_end = self._clause_end(hit, sent, open_hits[n + 1 :])
            inner = [
                q
                for q in starting
                if hit.end <= q.start < clause_end and q not in self.used_quotations
            ]
            if inner and inner[-1].end > clause_end:
                clause_end = inner[-1].end
            begin = hit.start
            if (
                speaker.span
                and speaker.span[0] < hit.start
                and not any(speaker.span[1] <= h.start < hit.start for h in hits if h is not hit)
            ):
                begin = speaker.span[0]
            content = (hit.start, clause_end)
            if begin < hit.start and not self.a.text[
                speaker.span[1] : hit.start
            ].lstrip().startswith(","):
                content = (speaker.span[1], clause_end)  # 'X will not join ..., saying
            if len(self.a.words(hit.end, clause_end)) < 3 and not inner:
                trailing = self._trailing(hit, speaker, sent)
                if trailing is None:
                    continue
                begin, content, clause_end = trailing[0], trailing, hit.end
            hit.used = True
            for q in inner:
                self.used_quotations.add(q)
            lead = self.a.lowered[hit.end : inner[0].start] if inner else ""
            announced = bool(inner) and (
                lead.strip(" ,:") in ("", "that")
                or (len(lead.split()) <= 4 and re.search(r"(:|,|\bthat)\s*$", lead))
            )
            if announced and inner[-1].end >= clause_end - 2:
                spans = [(q.start, q.end) for q in inner]  # X said: “...”
                way = "direct"
            else:
                spans = [(begin, clause_end)]
                way = "reported"
            self.add(spans, content, speaker, hit, way)
            previous = speaker
        # 3. quotations left over continue the last speaker
        for q in quotes:
            if q in self.used_quotations or len(self.a.words(*q.inner)) < MIN_QUOTE_WORDS:
                continue
            if previous is None:
                continue
            self.used_quotations.add(q)
            speaker = Speaker(
                previous.actors,
                None,
                "continues the last speaker's quotation",
                previous.confidence * 0.8,
            )
            self.add([(q.start, q.end)], (q.start, q.end), speaker, None, "continuation")
        return previous

    def _trailing(self, hit: VerbHit, speaker: Speaker, sent) -> tuple[int, int] | None:
        """'..., Sim said.': the clause before the comma is what was said."""
        if not speaker.span or speaker.span[0] > hit.start:
            return None
        if self.a.words(hit.end, sent[1]):
            return None
        comma = self.a.text.rfind(",", sent[0], speaker.span[0])
        if comma == -1 or self.a.text[comma + 1 : speaker.span[0]].strip():
            return None
        if len(self.a.words(sent[0], comma)) < 4:
            return None
        return sent[0], comma

    def _quotation_before(self, hit: VerbHit, quotes: list[Quotation]) -> Quotation | None:
        """The quotation a verb attributes from behind: “...,” said X / “...,” X said."""
        for q in sorted(quotes, key=lambda q: -q.end):
            if q.end > hit.start:
                continue
            if q in self.used_quotations:
                return None
            between = self.a.text[q.end : hit.start]
            words = between.lower().replace(",", " ").split()
            closing = self.a.text[max(q.start, q.end - 3) : q.end] + between[:2]
            if not re.search(r"[,!?]", closing) and between.strip() != "":
                return None
            if any(w in CLAUSE_WORDS or w in ("and", "that", "which") for w in words):
                return None
            if len(words) <= 8 and '"' not in between and "“" not in between:
                return q
            return None
        return None

    def _unattributed_before(self, q: Quotation, quotes: list[Quotation]) -> list[Quotation]:
        """Earlier quotations of the same sentence chain, joined only by short links."""
        chain = []
        current = q
        for earlier in sorted(quotes, key=lambda x: -x.start):
            if earlier.end > current.start or earlier in self.used_quotations:
                continue
            link = self.a.text[earlier.end : current.start].strip()
            if len(link.split()) <= 3 and len(self.a.words(*earlier.inner)) >= 1:
                chain.insert(0, earlier)
                current = earlier
            else:
                break
        return chain

    def _attribution_end(self, hit: VerbHit, speaker: Speaker, sent) -> int:
        """Include a short attribution ('said X', 'X said in a statement') in the quote."""
        end = hit.end
        if speaker.span and speaker.span[1] > end:
            end = speaker.span[1]
        rest = self.a.text[end : sent[1]]
        if len(rest.split()) <= 4 and "," not in rest:
            end = sent[1]
            while end > hit.end and self.a.text[end - 1] in ".!? ":
                end -= 1
        return end

    def _clause_end(self, hit: VerbHit, sent, later: list[VerbHit]) -> int:
        """The clause of a verb ends where the next verb's own clause begins."""
        end = sent[1]
        for nxt in later:
            if nxt.verb.new_statement:
                comma = self.a.text.rfind(",", hit.end, nxt.start)
                end = comma if comma != -1 else nxt.start
                break
            bounds = [b for b in self.boundaries(hit.end, nxt.start) if b[0] >= hit.end]
            if bounds and not self.a.quotation_at(bounds[-1][0]):
                end = bounds[-1][0]
                break
            joined = re.search(r"(,\s*|\s+)and\s+(?:also\s+)?$", self.a.text[hit.end : nxt.start])
            if joined and nxt.verb.stance:
                end = hit.end + joined.start()
                break
        while end > hit.end and self.a.text[end - 1] in ".!?, ":
            end -= 1
        return end

    def add(self, spans, content, speaker: Speaker, hit: VerbHit | None, way: str):
        st = DraftStatement(
            spans=spans,
            content=content,
            speakers=list(speaker.actors),
            speaker_span=speaker.span,
            speaker_how=speaker.how,
            way=way,
        )
        st.confidence = (
            speaker.confidence
            * {"direct": 0.95, "reported": 0.85, "continuation": 0.8, "own": 0.6, "post": 0.9}[way]
        )
        if hit is not None:
            st.evidence.append(f"verb '{self.a.text[hit.start : hit.end]}' at {hit.start}")
            st.verb = hit.verb  # type: ignore[attr-defined]
            if hit.verb.channel:
                st.channel = hit.verb.channel
        st.evidence.append(f"speaker: {speaker.how}")
        if self.own_voice and st.speakers == [self.publisher]:
            st.voice = "own"
        self._last_in_sentence = min(a for a, _ in spans)
        self.statements.append(st)
        return st

    def _principal(self, person: str, s: int, e: int) -> None:
        """The organisation a person speaks for, where the text puts it beside them."""
        if person not in self.persons or person in self.principals:
            return
        sentence = self.a.sentence_at(s)
        after = self.a.lowered[e : min(sentence[1], e + 160)]
        near = []
        if after.startswith(","):
            stop = re.search(r"\b(said|told|says|added|stated)\b|[.;]", after)
            limit = e + (stop.start() if stop else len(after))
            near = [m for m in self.mentions if e < m.start < limit and m.actor != person]
        else:
            limit = e
        before = [
            m
            for m in self.mentions
            if sentence[0] <= m.start
            and m.end <= s
            and m.actor != person
            and len(self.a.lowered[m.end : s].split()) <= 5
            and (
                not re.search(r"[,.;]", self.a.lowered[m.end : s])
                or TITLED.fullmatch(self.a.lowered[m.end : s])
            )
        ]
        roles = [
            m
            for m in self.mentions
            if m.actor == person and m.organisation and s <= m.start <= limit
        ]
        for m in [*roles, *near, *before[-1:]]:
            self.principals.setdefault(person, m.organisation or m.actor)
            break

    # -- posts and own voice -------------------------------------------

    POST_LINE = re.compile(
        r"^(?P<name>[^\n()]{2,80}?)\s*\((?P<handle>@[\w.\-]+)\)\s*"
        r"(?P<date>\d{4}-\d{2}-\d{2})(?:T[\d:.]+Z?)?\s*$"
    )

    def embedded_posts(self) -> None:
        """A paragraph followed by 'Name (@handle) 2025-08-28T...' is that post."""
        for n, (start, end) in enumerate(self.a.paragraphs):
            line = self.a.text[start:end]
            found = self.POST_LINE.match(line)
            if not found or n == 0:
                continue
            body = self.a.paragraphs[n - 1]
            if self.a.is_excluded(*body):
                continue
            named = [m for m in self.mentions if start <= m.start < end]
            if not named:
                continue
            speaker = Speaker(
                [named[0].actor], (named[0].start, named[0].end), f"author line '{line[:60]}'", 0.95
            )
            st = self.add([body], body, speaker, None, "post")
            st.channel = "social-media-post"
            st.date = found["date"]
            st.date_text = None
            st.evidence.append(f"post dated by its time stamp {found['date']}")

    def own_voice_sentences(self) -> None:
        """Evaluative sentences of a press release with no verb: the publisher's voice."""
        if not (self.own_voice and self.publisher):
            return
        from uprkg.extract.stance import cue_hits

        covered = [(s, e) for st in self.statements for s, e in st.spans]
        weak = set(self.lex.weak_cues)
        for sent in self.a.sentences:
            if self.a.is_excluded(*sent) or any(s < sent[1] and sent[0] < e for s, e in covered):
                continue
            if self.a.quotation_at(sent[0]) or len(self.a.words(*sent)) < 6:
                continue
            if self.title and self.title[0] <= sent[0] < self.title[1]:
                continue
            if sent == self.a.paragraph_at(sent[0]) and self.a.text[sent[1] - 1] not in ".!?":
                continue  # a heading, not a sentence
            hits = [
                h
                for h in cue_hits(self.a, self.lex, *sent)
                if h[2] != "observation" and h[3] not in weak
            ]
            if not hits:
                continue
            end = sent[1]
            while end > sent[0] and self.a.text[end - 1] in " ":
                end -= 1
            speaker = Speaker([self.publisher], None, "the publisher's own voice", 0.8)
            st = self.add([(sent[0], end)], (sent[0], end), speaker, None, "own")
            st.voice = "own"
            st.channel = "press-release"
