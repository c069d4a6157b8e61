"""Find the actors a text names: registry names, surnames, role descriptions.

Names come from the actor registry: labels and aliases (matched as written,
after folding), a person's surname once the text has named them in full
("Lauber" after "Jurg Lauber"), and the role descriptions the registry
records for current posts ("president of the UN Human Rights Council",
"Rights Council spokesman"). Matching uses spaCy's PhraseMatcher on the
folded text, so token boundaries are spaCy's. Capitalised names that match
nothing are returned as proposed new actors, with a guessed type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from uprkg.extract.text import Analysis, fold, nlp
from uprkg.model import Corpus

ARTICLES = ("a ", "an ", "the ", "one ")
CONNECTORS = {"of", "for", "the", "and", "on", "in", "at", "'s", "&", "de", "du", "des", "la"}
TITLE_WORDS = {
    "president", "director", "secretary", "minister", "spokesman", "spokesperson",
    "spokeswoman", "ambassador", "chief", "head", "chair", "chairman", "chairwoman",
    "representative", "adviser", "advisor", "commissioner", "envoy", "rapporteur", "ceo",
    "official", "deputy", "professor", "senator", "governor", "counsel", "officer",
}  # fmt: skip
NOT_NAMES = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "also", "read", "however", "nevertheless", "while",
    "today", "first", "second", "third", "instead", "although", "despite", "during",
    "after", "before", "since", "this", "that", "these", "those", "it", "we", "they", "he",
    "she", "our", "their", "its", "his", "her", "a", "an", "the", "in", "on", "at", "for",
    "as", "by", "to", "of", "and", "but", "or", "if", "when", "what", "why", "how", "who",
    "further", "ensuring", "according", "follow", "topics",
    "u.s.", "u.n.", "un", "us", "news", "menu", "exit", "document", "legal", "help",
}  # fmt: skip
NOT_ACTOR_WORDS = {
    "declaration", "convention", "treaty", "act", "review", "report", "day", "room",
    "house", "east", "west", "north", "south", "program", "programme", "order", "law",
    "charter", "covenant", "agenda", "session", "cycle", "channel", "account", "icon",
    "logo", "website", "periodic", "meeting", "statement", "letter", "record",
}  # fmt: skip
TYPE_KEYWORDS = (
    ({"ministry", "department", "agency", "office of"}, "GovernmentAgency"),
    ({"mission"}, "DiplomaticMission"),
    ({"parliament", "congress", "senate", "assembly"}, "Legislature"),
    ({"university", "institute", "school", "college", "academic", "centre", "center",
      "project"}, "AcademicBody"),
    ({"news", "times", "post", "press", "agence", "reuters", "broadcasting", "tv", "radio"},
     "NewsOrganisation"),
    ({"watch", "amnesty", "foundation", "advocates", "coalition", "alliance", "network",
      "rights", "league", "committee for", "federation", "association", "union for"}, "NGO"),
)  # fmt: skip


@dataclass(frozen=True)
class Mention:
    """A stretch of text naming an actor of the registry (or a proposed one)."""

    start: int
    end: int
    actor: str  # registry id, or the proposed id of a new actor
    kind: str  # label | alias | surname | role | head noun | new
    text: str
    organisation: str | None = None  # for a role description: the post's organisation

    @property
    def known(self) -> bool:
        return self.kind != "new"


@dataclass
class NewActor:
    """A name the registry does not know, proposed for actors.yaml."""

    id: str
    label: str
    type: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    iso3: str | None = None
    evidence: str = ""
    posts: list[tuple[str, str, int, int]] = field(default_factory=list)  # org, title, s, e


class Registry:
    """The actor registry as phrase patterns over a folded text."""

    def __init__(self, corpus: Corpus, lexicon=None) -> None:
        self.corpus = corpus
        self.actors = corpus.actors
        self.lexicon = lexicon
        self.names: dict[str, list[tuple[str, str]]] = {}  # folded phrase -> [(actor, kind)]
        self.surnames: dict[str, str] = {}  # folded surname -> person id
        self.role_orgs: dict[str, str] = {}  # folded role description -> organisation
        self.full_names: dict[str, set[str]] = {}  # person -> folded full names
        for actor in self.actors.values():
            self._add_actor(actor)
        self._add_roles()
        self._matchers = None

    # -- building --------------------------------------------------------

    def _add(self, phrase: str, actor: str, kind: str) -> None:
        phrase = " ".join(fold(phrase).split())
        if not phrase:
            return
        variants = {phrase}
        for article in ("the ", "The "):
            if phrase.startswith(article) and len(phrase) > len(article) + 2:
                rest = phrase[len(article) :]
                variants |= {rest, "the " + rest, "The " + rest}
        for variant in variants:
            owners = self.names.setdefault(variant, [])
            if (actor, kind) not in owners and all(a != actor for a, _ in owners):
                owners.append((actor, kind))

    def _add_actor(self, actor) -> None:
        self._add(actor.label, actor.id, "label")
        for alias in actor.aliases:
            self._add(alias, actor.id, "alias")
        if actor.type == "Person":
            full = {fold(n) for n in [actor.label, *actor.aliases] if len(n.split()) >= 2}
            self.full_names[actor.id] = full
            for name in full:
                last = name.split()[-1]
                if last[:1].isupper() and len(last) > 2:
                    self.surnames.setdefault(last, actor.id)

    def _add_roles(self) -> None:
        """Role descriptions from current posts: quotes without the name, title + body."""
        phrases: dict[str, set[str]] = {}
        orgs: dict[str, str] = {}
        for actor in self.actors.values():
            names = [fold(n) for n in [actor.label, *actor.aliases]]
            for post in actor.posts:
                if post.tenure != "current":
                    continue
                org = self.actors.get(post.organisation)
                for quote in post.quotes:
                    role = _strip_name(fold(quote.text), names, self._verb_forms())
                    if role and len(role.split()) >= 2:
                        phrases.setdefault(role, set()).add(actor.id)
                        orgs[role] = post.organisation
                if org is None:
                    continue
                title = fold(post.title)
                for body in {fold(n) for n in [org.label, *org.aliases] if len(n) > 2}:
                    for role in (
                        f"{title} of {body}",
                        f"{body} {title}",
                        f"{body}'s {title}",
                        f"{title} at {body}",
                        f"{title} of the {body}",
                    ):
                        phrases.setdefault(role, set()).add(actor.id)
                        orgs[role] = post.organisation
        for role, owners in phrases.items():
            if len(owners) == 1:  # a description two people share names neither
                self._add(role, next(iter(owners)), "role")
                for variant in {role, role.removeprefix("the "), "the " + role}:
                    self.role_orgs[" ".join(variant.split())] = orgs[role]

    def _verb_forms(self) -> list[str]:
        return sorted(self.lexicon.verbs, key=len, reverse=True) if self.lexicon else []

    def matchers(self):
        """PhraseMatchers: exact spelling for all names, any case for people's names."""
        if self._matchers is None:
            from spacy.matcher import PhraseMatcher

            exact = PhraseMatcher(nlp().vocab, attr="ORTH")
            anycase = PhraseMatcher(nlp().vocab, attr="LOWER")
            for phrase, owners in self.names.items():
                exact.add(phrase, [nlp().make_doc(phrase)])
                person = any(self.actors[a].type == "Person" for a, _ in owners)
                if person and len(phrase) >= 4:
                    anycase.add(phrase, [nlp().make_doc(phrase)])
            surnames = PhraseMatcher(nlp().vocab, attr="LOWER")
            for surname in self.surnames:
                surnames.add(surname, [nlp().make_doc(surname)])
            self._matchers = exact, anycase, surnames
        return self._matchers

    # -- finding ---------------------------------------------------------

    def find(self, analysis: Analysis) -> list[Mention]:
        """Every registry mention in the text, longest first, none overlapping."""
        from spacy.util import filter_spans

        exact, anycase, surnames = self.matchers()
        doc = analysis.doc
        vocab = doc.vocab.strings
        spans = []
        for matcher in (exact, anycase):
            for match_id, s, e in matcher(doc):
                spans.append((doc[s:e], vocab[match_id]))
        chosen = filter_spans([span for span, _ in spans])
        label_of = {(span.start, span.end): key for span, key in spans}
        mentions = []
        for span in chosen:
            key = label_of[(span.start, span.end)]
            actor, kind = self.names[key][0]
            org = self.role_orgs.get(key) if kind == "role" else None
            mentions.append(Mention(span.start_char, span.end_char, actor, kind, span.text, org))
        # surnames, valid after the person's first full mention
        first_full: dict[str, int] = {}
        for m in mentions:
            person = self.actors[m.actor].type == "Person"
            if person and m.kind in ("label", "alias") and len(m.text.split()) >= 2:
                first_full.setdefault(m.actor, m.start)
        taken = [(m.start, m.end) for m in mentions]
        for match_id, s, e in surnames(doc):
            span = doc[s:e]
            person = self.surnames[vocab[match_id]]
            if not span.text[:1].isupper() and span.text.lower() != span.text:
                continue
            after_full = person in first_full and first_full[person] < span.start_char
            free = not any(a < span.end_char and span.start_char < b for a, b in taken)
            if after_full and free:
                mentions.append(
                    Mention(span.start_char, span.end_char, person, "surname", span.text)
                )
        mentions = [m for m in mentions if not analysis.is_excluded(m.start, m.end)]
        return sorted(mentions, key=lambda m: m.start)


def _strip_name(text: str, names: list[str], verbs: list[str]) -> str:
    """A post's quote without the person's name, articles and trailing verb."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    for verb in verbs:
        text = re.sub(rf"\s+{re.escape(verb)}\b.*$", "", text)
    text = re.sub(r"\s*\([A-Z]\)\s*", " ", text)
    text = " ".join(text.strip(" ,;:").split())
    for article in ARTICLES:
        if text.lower().startswith(article):
            text = text[len(article) :]
    if text.endswith(" and his department"):
        text = text[: -len(" and his department")]
    return text.strip(" ,")


# -- names the registry does not know ------------------------------------


def slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", fold(text).lower())
    return "-".join(words)[:60].strip("-") or "item"


def propose_new_actors(analysis: Analysis, mentions: list[Mention]) -> list[NewActor]:
    """Capitalised names matching no actor, with a guessed type and their spans."""
    taken = [(m.start, m.end) for m in mentions]
    found: dict[str, NewActor] = {}
    for start, end in analysis.sentences:
        if analysis.is_excluded(start, end) or _heading(analysis, start, end):
            continue
        tokens = analysis.tokens(start, end)
        i = 0
        while i < len(tokens):
            run = _name_run(tokens, i)
            if not run:
                i += 1
                continue
            j = i + len(run)
            s, e = run[0].idx, run[-1].idx + len(run[-1])
            i = j
            if any(a < e and s < b for a, b in taken):
                continue
            text = analysis.text[s:e]
            kind = _guess_type(text, run)
            lone = len(run) == 1 and kind != "State"
            if kind is None or (lone and not _used_as_name(tokens, i - 1)):
                continue
            key = fold(text)
            actor = found.get(key)
            if actor is None:
                actor = found[key] = NewActor(slug(text), text, kind, evidence=kind)
                if kind == "State":
                    actor.iso3 = _iso3(text)
            actor.spans.append((s, e))
    _surname_spans(analysis, found, taken)
    return list(found.values())


def _heading(analysis: Analysis, start: int, end: int) -> bool:
    """A title or heading: a whole line in title case without a final full stop."""
    if (start, end) not in analysis.paragraphs or analysis.text[end - 1] in '.!?"”':
        return False
    words = analysis.text[start:end].split()
    return sum(w[:1].isupper() for w in words) >= 0.6 * len(words)


def _used_as_name(tokens, index: int) -> bool:
    """An acronym used as an organisation's name ('the ACLU', 'at DAWN', 'AFP said')."""
    before = tokens[index - 1].lower_ if index > 0 else ""
    after = tokens[index + 1].lower_ if index + 1 < len(tokens) else ""
    return before in {"the", "at", "of", "by", "from", "with", "and", "for"} or after in {
        "said",
        "says",
        "'s",
        "told",
        "stated",
        "added",
        "spokesperson",
        "spokesman",
    }


def _name_run(tokens, i: int):
    """The longest run of capitalised words (with inner connectors) starting at i."""
    first = tokens[i]
    if not _capital(first) or first.lower_ in NOT_NAMES:
        return []
    run = [first]
    k = i + 1
    while k < len(tokens):
        tok = tokens[k]
        inner = tok.lower_ in CONNECTORS and k + 1 < len(tokens) and _capital(tokens[k + 1])
        shouted = tok.is_upper and len(tok) > 1
        if (_capital(tok) and tok.lower_ not in NOT_NAMES and not shouted) or inner:
            run.append(tok)
        else:
            break
        k += 1
    while run and run[-1].lower_ in CONNECTORS:
        run.pop()
    return run


def _capital(tok) -> bool:
    text = tok.text
    return tok.is_alpha and text[:1].isupper() and len(text) != 1


def _guess_type(text: str, run) -> str | None:
    words = [t.lower_ for t in run]
    if any(w in NOT_ACTOR_WORDS for w in words[-1:]):
        return None
    if _iso3(text):
        return "State"
    lowered = " " + " ".join(words) + " "
    for keys, kind in TYPE_KEYWORDS:
        if any(f" {k} " in lowered for k in keys):
            return kind
    if len(run) == 1:
        token = run[0]
        if token.is_upper and len(token) >= 3:
            return "Organisation"  # an acronym: DAWN, CLDH
        return None
    if 2 <= len(run) <= 3 and all(t.is_title for t in run):
        return "Person"
    return "Organisation"


def _iso3(name: str) -> str | None:
    """The ISO 3166-1 alpha-3 code of a state named exactly (no fuzzy guess)."""
    import pycountry

    folded = fold(name).strip()
    for country in pycountry.countries:
        names = {
            country.name,
            getattr(country, "common_name", None),
            getattr(country, "official_name", None),
        }
        if folded in {fold(n) for n in names if n}:
            return country.alpha_3
    return None


def _surname_spans(analysis: Analysis, found: dict[str, NewActor], taken) -> None:
    """Later mentions of a new person by surname alone."""
    for actor in found.values():
        if actor.type != "Person" or len(actor.label.split()) < 2:
            continue
        surname = fold(actor.label.split()[-1])
        first = min(s for s, _ in actor.spans)
        for m in re.finditer(rf"\b{re.escape(surname)}\b", analysis.folded):
            s, e = m.span()
            if s <= first or any(a <= s < b for a, b in actor.spans):
                continue
            if any(a < e and s < b for a, b in taken) or analysis.is_excluded(s, e):
                continue
            actor.spans.append((s, e))
        actor.spans.sort()


HEAD_NOUNS = {"forum", "network", "council", "commission", "coalition", "group", "ministry",
              "mission", "agency", "court", "office", "institute", "center", "centre",
              "foundation", "union", "committee", "alliance", "organisation", "organization",
              "department", "project", "league", "federation", "association"}  # fmt: skip


def head_noun_mentions(analysis: Analysis, mentions: list[Mention]) -> list[Mention]:
    """'the forum' after 'Geneva Rights Forum': the head noun names the body again."""
    taken = [(m.start, m.end) for m in mentions]
    found = []
    seen: dict[str, Mention] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        last = fold(m.text).split()[-1].lower() if m.text.split() else ""
        if len(m.text.split()) >= 2 and last in HEAD_NOUNS:
            seen.setdefault(last, m)
    for noun, first in seen.items():
        for hit in re.finditer(rf"\bthe {noun}\b", analysis.lowered):
            s, e = hit.span()
            if s <= first.start or any(a < e and s < b for a, b in taken):
                continue
            if analysis.is_excluded(s, e):
                continue
            found.append(Mention(s, e, first.actor, "head noun", analysis.text[s:e]))
    return found
