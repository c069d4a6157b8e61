"""The targets of a drafted statement, with their roles.

Targets are the actors named in what is said (the quotation, or the clause
after a reporting verb), less the speakers themselves, the bodies they
speak for or belong to, and names the lexicon's `not_targets` words make
mere circumstance ("a founding member of the United Nations"). Roles come
from patterns: the lexicon's `roles` words right before a name, or before
the first name of a list ("such as Venezuela, China or Sudan"); the actor
right after an appeal verb ("called on X"), or an actor followed by
"should" / "must", is the addressee; everything an observation names is
its subject; otherwise the role is `direct`. An appeal keeps only its
addressees when it has any.
"""

from __future__ import annotations

import re

from uprkg.extract.lexicon import Lexicon
from uprkg.extract.mentions import Mention
from uprkg.extract.model import DraftStatement, DraftTarget
from uprkg.extract.text import Analysis
from uprkg.model import Corpus

LIST_LINKS = (
    ",",
    ", and",
    "and",
    "or",
    ", or",
    ", and the",
    "and the",
    ", the",
    "and other",
    ", and other",
)
ADDRESSEE_AFTER = re.compile(r"^\s*(should|must|has to|needs to|ought to)\b")
APPEAL_BEFORE = re.compile(
    r"\b(call|calls|calling|called|urge|urges|urging|urged|ask|asks|"
    r"asking|asked|demand|demands|encourage|encourages|encouraging|"
    r"remind|reminds)\s+(on\s+|upon\s+)?(the\s+)?$"
)
APPEALS = ("appeal", "demand")


def related(corpus: Corpus, a: str, b: str) -> bool:
    """Whether one actor is part of the other (transitively) or they are the same."""
    if a == b:
        return True
    return b in _ancestors(corpus, a) or a in _ancestors(corpus, b)


def _ancestors(corpus: Corpus, actor: str) -> set[str]:
    seen: set[str] = set()
    todo = [actor]
    while todo:
        current = corpus.actors.get(todo.pop())
        if current is None:
            continue
        for parent in current.part_of:
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
        for post in current.posts:
            if post.tenure == "current" and post.organisation not in seen:
                seen.add(post.organisation)
                todo.append(post.organisation)
    return seen


def said_ranges(st: DraftStatement, a: Analysis) -> list[tuple[int, int]]:
    if st.way in ("direct", "continuation"):
        out = []
        for start, end in st.spans:
            inner = [q.inner for q in a.quotations if start <= q.start and q.end <= end]
            out.extend(inner or [(start, end)])
        return out
    if st.way == "reported" and st.content:
        return [st.content]
    return list(st.spans)


def find_targets(
    st: DraftStatement, a: Analysis, mentions: list[Mention], lex: Lexicon, corpus: Corpus
) -> list[DraftTarget]:
    ranges = said_ranges(st, a)
    inside = [m for m in mentions if any(s <= m.start and m.end <= e for s, e in ranges)]
    verb = getattr(st, "verb", None)
    object_mention = None
    if verb is not None and st.content and verb.object_role:
        object_mention = next((m for m in mentions if m.start >= st.content[0]), None)
        if object_mention is not None:
            gap = a.lowered[st.content[0] : object_mention.start].split()
            if len(gap) > 2 or any(g not in ("the", "on", "upon", "a") for g in gap):
                object_mention = None
    targets: dict[str, DraftTarget] = {}
    for m in inside:
        if any(related(corpus, m.actor, s) for s in [*st.speakers, st.on_behalf_of] if s):
            continue
        if re.match(r"\s+member states?\b", a.lowered[m.end : m.end + 16]):
            continue
        if m.start and a.text[m.start - 1] == "-":
            continue  # 'pro-Israel
        if st.speaker_span and st.speaker_span[0] <= m.start < st.speaker_span[1]:
            continue
        role, how = _role(m, inside, a, lex, object_mention, verb)
        if role is None:
            continue
        if st.stance == "observation":
            role, how = "subject", "named in an observation"
        current = targets.get(m.actor)
        if current is None:
            targets[m.actor] = DraftTarget(m.actor, role, m.start, m.end, m.text, how)
        elif current.role == "direct" and role != "direct":
            current.role, current.how = role, how
    found = list(targets.values())
    if st.stance in APPEALS:
        addressees = [t for t in found if t.role == "addressee"]
        if addressees:
            found = addressees
        else:
            for t in found:
                t.role, t.how = "addressee", "named in an appeal"
    return found


def _role(
    m: Mention, inside: list[Mention], a: Analysis, lex: Lexicon, object_mention, verb
) -> tuple[str | None, str]:
    if object_mention is not None and m.start == object_mention.start:
        return verb.object_role, f"named right after '{verb.form}'"
    head = _list_head(m, inside, a)
    before = a.lowered[max(0, head.start - 40) : head.start]
    patterns = sorted(((p, r) for r, ps in lex.roles.items() for p in ps), key=lambda x: -len(x[0]))
    for phrase, role in patterns:
        if re.search(rf"(?<![\w']){re.escape(phrase)}\s+(the\s+)?$", before):
            return role, f"after '{phrase}'"
    if APPEAL_BEFORE.search(before):
        return "addressee", "called on"
    tail = _list_tail(m, inside, a)
    if (
        verb is not None
        and verb.object_role == "addressee"
        and re.match(r"^\s*[\"“]?to\s+[a-z]", a.lowered[tail.end : tail.end + 12])
    ):
        return "addressee", "named before the action it is urged to take"
    if ADDRESSEE_AFTER.match(a.lowered[m.end : m.end + 20]):
        return "addressee", "followed by 'should' / 'must'"
    near = a.lowered[max(0, m.start - 30) : m.start]
    for phrase in sorted(lex.not_targets, key=len, reverse=True):
        if re.search(rf"(?<![\w']){re.escape(phrase)}\s+(the\s+)?$", near):
            return None, ""
    return "direct", "named in what is said"


def _list_tail(m: Mention, inside: list[Mention], a: Analysis) -> Mention:
    """The last name of a list the mention starts."""
    tail = m
    for other in sorted((o for o in inside if o.start >= m.end), key=lambda o: o.start):
        if a.lowered[tail.end : other.start].strip() in LIST_LINKS:
            tail = other
        else:
            break
    return tail


def _list_head(m: Mention, inside: list[Mention], a: Analysis) -> Mention:
    """The first name of a list the mention ends ('Venezuela, China or Sudan')."""
    head = m
    for other in sorted((o for o in inside if o.end <= m.start), key=lambda o: -o.start):
        link = a.lowered[other.end : head.start].strip()
        if link in LIST_LINKS:
            head = other
        else:
            break
    return head
