"""Load a corpus folder and verify it against its sources.

A corpus folder holds:

    sources/            the verbatim source texts (UTF-8)
    sources.yaml        their metadata (title, publisher, date, boilerplate)
    actors.yaml         the actor registry, with people's posts
    topics.yaml         the reasons statements give (optional)
    documents.yaml      documents and decisions statements can target (optional)
    propositions.yaml   the questions claims answer (optional)
    upr.yaml            UPR cycles and reviews (optional)
    annotations/*.yaml  one file per source: statements, events, claims, reports

`load_corpus` reads all of it, checks every field and reference, and finds
every quote in its source. Problems are collected and raised together as
one `InputError`, each naming file, line and field, so one run shows
everything that needs fixing.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path

from uprkg import paths
from uprkg.claims.values import BadValue, PartialDate, Value, parse_value
from uprkg.errors import InputError, Problems
from uprkg.model import (
    Actor,
    Boilerplate,
    Claim,
    Corpus,
    Cycle,
    DateValue,
    Decision,
    Document,
    Event,
    Post,
    Proposition,
    QuoteRef,
    Report,
    Review,
    Source,
    Statement,
    Target,
    Topic,
    Where,
)
from uprkg.quotes import locate, near_miss
from uprkg.vocab import Vocabulary, load_vocabulary
from uprkg.yamlio import Mapping, Sequence, Text, decode_utf8, load_yaml, read_bytes

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
BOILERPLATE_KINDS = (
    "donation-appeal",
    "navigation",
    "also-read",
    "photo-caption",
    "dateline",
    "contact",
    "footer",
)
APPEAL_STANCES = ("appeal", "demand")
BOM = "\ufeff"
EXCERPT = 40  # at most this many characters of a source text in a message
DRAFT_STATUSES = ("draft",)  # written by `uprkg extract`; refused until a person deletes it
# what a claim can be about, and what an entity value can name
CLAIM_SUBJECTS = ("actor", "document", "decision", "statement", "event", "review")
# details a report may give differently from the record (each becomes a claim)
STATEMENT_DETAILS = ("speaker", "on_behalf_of")
EVENT_DETAILS = ("rescheduled_to", "performed_by")
REPORT_DETAILS = ("date", "date_text", "wording", *STATEMENT_DETAILS, *EVENT_DETAILS)
RETIRED_CLAIM_FIELDS = {
    "proposition": "a claim no longer picks a proposition: give its subject, property and value",
    "answer": "a claim no longer picks an answer: give its subject, property and value",
    "answers": "a proposition no longer lists answers: it labels a subject and property "
    "with a question; the claims' values are compared by the compatibility rules",
}


class Record:
    """Reads the fields of one YAML mapping, collecting located problems."""

    def __init__(self, data, file: Path, problems: Problems, what: str) -> None:
        self.file, self.problems, self.what = file, problems, what
        self.ok = isinstance(data, Mapping)
        if not self.ok:
            line = getattr(data, "line", None)
            problems.add(f"expected a mapping (key: value lines) for a {what}", file, line)
            data = Mapping(line or 1)
        self.data: Mapping = data
        self.seen: set[str] = set()

    @property
    def where(self) -> Where:
        return Where(self.file, self.data.line)

    def line(self, key: str) -> int:
        return self.data.line_of(key)

    def error(self, key: str | None, message: str, line: int | None = None) -> None:
        self.problems.add(message, self.file, line or self.line(key or ""), key)

    def raw(self, key: str, required: bool = False):
        self.seen.add(key)
        value = self.data.get(key)
        if value is None and required:
            self.error(None, f"missing required field '{key}' in this {self.what}")
        return value

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.raw(key, required)
        if value is None:
            return None
        if not isinstance(value, Text):
            self.error(key, "expected a single value, not a list or mapping")
            return None
        if not value.strip():
            if required:
                self.error(key, "must not be empty")
            return None
        return str(value)

    def texts(self, key: str, required: bool = False) -> list[Text]:
        value = self.raw(key, required)
        if value is None:
            return []
        if isinstance(value, Text):
            return [value]
        if isinstance(value, Sequence) and all(isinstance(v, Text) for v in value):
            return list(value)
        self.error(key, "expected a value or a list of values")
        return []

    def ident(self, key: str = "id") -> str:
        value = self.text(key, required=True) or ""
        if value and not ID_PATTERN.match(value):
            self.error(key, f"'{value}' is not a valid id (letters, digits, '-', '_' and '.' only)")
        return value

    def integer(self, key: str, required: bool = False) -> int | None:
        value = self.text(key, required)
        if value is None:
            return None
        try:
            number = int(value)
        except ValueError:
            self.error(key, f"'{value}' is not a whole number")
            return None
        if number < 0:
            self.error(key, f"{number} must not be negative")
        return number

    def date(self, key: str) -> DateValue | None:
        value = self.text(key)
        if value is None:
            return None
        try:
            return DateValue.parse(value)
        except ValueError:
            self.error(
                key,
                f"{value!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY, "
                "at the precision the source supports",
            )
            return None

    def partial_date(self, key: str) -> PartialDate | None:
        """A date that may leave out the year (--MM-DD, --MM) when the text does."""
        value = self.text(key)
        if value is None:
            return None
        try:
            return PartialDate.parse(value)
        except BadValue as exc:
            self.error(key, str(exc))
            return None

    def retired(self, *keys: str) -> None:
        """Fields of an older format: say what replaced them."""
        for key in keys:
            if self.data.get(key) is not None:
                self.seen.add(key)
                self.error(
                    key,
                    f"'{key}:' is no longer used: {RETIRED_CLAIM_FIELDS[key]} "
                    "(README, 'Claims and values')",
                )

    def choice(self, key: str, allowed, required: bool = False, default=None) -> str | None:
        value = self.text(key, required)
        if value is None:
            return default
        if value not in allowed:
            self.error(key, f"unknown value '{value}'{_suggest(value, allowed)}")
            return default
        return value

    def finish(self, allowed_extra: tuple[str, ...] = ()) -> None:
        for key in self.data:
            if key not in self.seen and key not in allowed_extra:
                known = sorted(self.seen | set(allowed_extra))
                self.error(key, f"unknown field in this {self.what}{_suggest(key, known)}")


def _suggest(value: str, allowed) -> str:
    allowed = sorted(allowed)
    close = difflib.get_close_matches(value, allowed, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    listing = ", ".join(allowed) if len(allowed) <= 25 else f"{len(allowed)} known values"
    return f"{hint}; expected one of: {listing}"


class _Reference:
    """An id used in one place, checked once every table is loaded."""

    def __init__(self, value: str, tables: tuple[str, ...], file: Path, line: int, key: str):
        self.value, self.tables, self.file, self.line, self.key = value, tables, file, line, key


class Loader:
    """Reads one corpus folder into a `Corpus`, collecting problems."""

    def __init__(self, root: Path, vocabulary: Vocabulary, drafts: str = "refuse") -> None:
        self.root = root
        self.vocab = vocabulary
        self.drafts = drafts  # refuse | skip (items still marked `status: draft`)
        self.problems = Problems()
        self.corpus = Corpus(root=root)
        self.references: list[_Reference] = []
        self.id_owner: dict[str, tuple[str, Path, int]] = {}

    # -- helpers ---------------------------------------------------------

    def items(self, file: Path, key: str, required: bool = False) -> list:
        """The list under a top-level key of a YAML file ([] if absent)."""
        if not file.exists():
            if required:
                self.problems.add(f"required corpus file is missing: {file.name}", file)
            return []
        try:
            data = load_yaml(file, self.root)
        except InputError as exc:
            self.problems.items.extend(exc.problems)
            return []
        if data is None:
            return []
        if not isinstance(data, Mapping):
            self.problems.add(f"expected a mapping with a '{key}:' list at the top", file, 1)
            return []
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, Sequence):
            self.problems.add(f"'{key}' must be a list", file, data.line_of(key), key)
            return []
        return list(value)

    def claim_id(self, table: str, rec: Record, key: str = "id") -> str:
        """Read an id and make sure no other record of the corpus uses it."""
        value = rec.ident(key)
        if not value:
            return value
        scope = "entity" if table in ("actor", "document", "decision") else table
        owner_key = f"{scope}:{value}"
        if owner_key in self.id_owner:
            kind, file, line = self.id_owner[owner_key]
            rec.error(key, f"duplicate id '{value}' (already used by a {kind} at {file}:{line})")
        else:
            self.id_owner[owner_key] = (table, rec.file, rec.line(key))
        return value

    def ref(self, rec: Record, key: str, tables: tuple[str, ...], required=False) -> str | None:
        value = rec.text(key, required)
        if value is not None:
            self.references.append(_Reference(value, tables, rec.file, rec.line(key), key))
        return value

    def refs(self, rec: Record, key: str, tables: tuple[str, ...], required=False) -> list[str]:
        values = rec.texts(key, required)
        for value in values:
            self.references.append(_Reference(str(value), tables, rec.file, value.line, key))
        return [str(v) for v in values]

    def quotes(
        self, rec: Record, default_source: str | None, required: bool = True
    ) -> list[QuoteRef]:
        """Read `quotes:` — strings, or {text, occurrence, source} mappings."""
        raw = rec.raw("quotes", required)
        if raw is None:
            return []
        entries = raw if isinstance(raw, Sequence) else [raw]
        found = []
        for entry in entries:
            offsets: tuple[int | None, int | None] = (None, None)
            if isinstance(entry, Text):
                text, occurrence, source, line = str(entry), None, default_source, entry.line
            elif isinstance(entry, Mapping):
                sub = Record(entry, rec.file, self.problems, "quote")
                text = sub.text("text", required=True) or ""
                occurrence = sub.integer("occurrence")
                source = sub.text("source") or default_source
                offsets = (sub.integer("start"), sub.integer("end"))
                line = entry.line
                sub.finish()
                if (offsets[0] is None) != (offsets[1] is None):
                    sub.error(None, "give both 'start' and 'end', or neither", line)
            else:
                rec.error("quotes", "each quote must be a string or a mapping with 'text'")
                continue
            if source is None:
                rec.error("quotes", "this quote needs 'source:' (the id of the source it is in)")
                continue
            if source != default_source:
                self.references.append(_Reference(source, ("source",), rec.file, line, "source"))
            at = offsets if None not in offsets else None
            found.append(QuoteRef(source, text, occurrence, Where(rec.file, line), offsets=at))
        if required and not found:
            rec.error("quotes", "at least one verbatim quote is required")
        return found

    # -- files -----------------------------------------------------------

    def load_sources(self) -> None:
        file = self.root / "sources.yaml"
        for item in self.items(file, "sources", required=True):
            rec = Record(item, file, self.problems, "source")
            sid = self.claim_id("source", rec)
            source = Source(id=sid, where=rec.where)
            source.file_name = rec.text("file", required=True) or ""
            source.doc_type = rec.choice("type", self.vocab.document_types, True) or ""
            source.title = rec.text("title")
            source.publisher = self.ref(rec, "publisher", ("actor",))
            source.published = rec.date("published")
            published_quote = rec.text("published_quote")
            source.language = rec.text("language", required=True) or ""
            if source.language and not LANGUAGE_PATTERN.match(source.language):
                rec.error("language", f"'{source.language}' is not a BCP 47 language tag")
            source.note = rec.text("note")
            source.boilerplate = self.boilerplate(rec)
            rec.finish()
            if source.published and not published_quote:
                rec.error("published_quote", "give the words of the text that state the date")
            # The title is looked up at its first occurrence (it may be repeated).
            for text, key, occurrence in (
                (source.title, "title", 1),
                (published_quote, "published_quote", None),
            ):
                if text:
                    where = Where(file, rec.line(key))
                    source.quotes.append(QuoteRef(sid, text, occurrence, where, key))
            self.read_text(source, rec)
            if sid:
                self.corpus.sources[sid] = source

    def read_text(self, source: Source, rec: Record) -> None:
        if not source.file_name:
            return
        folder = self.root / "sources"
        path = folder / source.file_name
        try:
            inside = "\0" not in source.file_name and Path(os.path.realpath(path)).is_relative_to(
                os.path.realpath(folder)
            )
        except (OSError, ValueError):
            inside = False
        if not inside:  # ../, an absolute path, a symlink out: refused before any read
            rec.error("file", f"refused: '{source.file_name}' is not a file inside {folder}")
            return
        if not path.exists():
            rec.error("file", f"source text not found: {path}")
            return
        try:
            data = read_bytes(path, folder)
        except InputError as exc:  # a FIFO, device, folder or oversized file
            for problem in exc.problems:
                rec.error("file", f"{problem.message}: {path}")
            return
        try:
            source.text = decode_utf8(data, path)
        except InputError as exc:
            self.problems.items.extend(exc.problems)
            return
        if source.text.startswith(BOM):
            rec.error(
                "file",
                f"{path} starts with a UTF-8 byte-order mark (U+FEFF): remove it (offsets "
                "count the text's characters, and a hidden mark would shift them all by one)",
            )
            return
        source.sha256 = hashlib.sha256(source.text.encode("utf-8")).hexdigest()
        last_end = 0
        for bp in source.boilerplate:
            if bp.end > len(source.text) or bp.start >= bp.end:
                message = (
                    f"range {bp.start}-{bp.end} is outside the text (length {len(source.text)})"
                )
            elif bp.start < last_end:
                message = f"range {bp.start}-{bp.end} overlaps the previous one"
            elif not source.text[bp.start : bp.end].startswith(bp.begins):
                found = source.text[bp.start : bp.start + min(len(bp.begins), EXCERPT)]
                message = f"range {bp.start}-{bp.end} begins with {found!r}, not {bp.begins!r}"
            else:
                message = ""
            if message:
                rec.error("boilerplate", message, bp.line)
            last_end = max(last_end, bp.end)

    def boilerplate(self, rec: Record) -> list[Boilerplate]:
        raw = rec.raw("boilerplate")
        if raw is None:
            return []
        if not isinstance(raw, Sequence):
            rec.error("boilerplate", "expected a list of {start, end, kind, begins}")
            return []
        ranges = []
        for entry in raw:
            sub = Record(entry, rec.file, self.problems, "boilerplate range")
            start, end = sub.integer("start", True), sub.integer("end", True)
            kind = sub.choice("kind", BOILERPLATE_KINDS, required=True)
            begins = sub.text("begins", required=True)
            sub.finish()
            if None not in (start, end, kind, begins):
                ranges.append(Boilerplate(start, end, kind, begins, sub.data.line))
        return ranges

    def load_actors(self) -> None:
        file = self.root / "actors.yaml"
        for item in self.items(file, "actors", required=True):
            rec = Record(item, file, self.problems, "actor")
            actor = Actor(id=self.claim_id("actor", rec), where=rec.where)
            actor.type = rec.choice("type", self.vocab.actor_types, required=True) or ""
            actor.label = rec.text("label", required=True) or ""
            actor.aliases = [str(a) for a in rec.texts("aliases")]
            actor.iso3 = rec.text("iso3")
            actor.wikidata = rec.text("wikidata")
            actor.part_of = self.refs(rec, "part_of", ("actor",))
            actor.based_in = self.ref(rec, "based_in", ("actor",))
            actor.note = rec.text("note")
            actor.quotes = self.quotes(rec, None, required=False)
            if actor.type == "State" and not (actor.iso3 and re.match(r"^[A-Z]{3}$", actor.iso3)):
                rec.error("iso3", "a state needs its ISO 3166-1 alpha-3 code (three capitals)")
            if actor.iso3 and actor.type != "State":
                rec.error("iso3", "only states carry an ISO 3166-1 alpha-3 code")
            if actor.wikidata and not re.match(r"^Q[1-9][0-9]*$", actor.wikidata):
                rec.error("wikidata", f"'{actor.wikidata}' is not a Wikidata item id (Q123)")
            actor.posts = self.posts(rec, actor)
            rec.finish()
            if actor.id:
                self.corpus.actors[actor.id] = actor

    def posts(self, rec: Record, actor: Actor) -> list[Post]:
        raw = rec.raw("posts")
        if raw is None:
            return []
        if actor.type and actor.type != "Person":
            rec.error("posts", "only a person holds posts")
        if not isinstance(raw, Sequence):
            rec.error("posts", "expected a list of posts")
            return []
        posts = []
        for entry in raw:
            sub = Record(entry, rec.file, self.problems, "post")
            organisation = self.ref(sub, "organisation", ("actor",), required=True)
            title = sub.text("title", required=True)
            tenure = sub.choice("tenure", self.vocab.tenures, default="current")
            period = sub.text("period")
            quotes = self.quotes(sub, None)
            sub.finish()
            if organisation and title:
                posts.append(Post(actor.id, organisation, title, tenure, period, quotes, sub.where))
        return posts

    def load_topics(self) -> None:
        file = self.root / "topics.yaml"
        for item in self.items(file, "topics"):
            rec = Record(item, file, self.problems, "topic")
            topic = Topic(id=self.claim_id("topic", rec), where=rec.where)
            topic.label = rec.text("label", required=True) or ""
            topic.definition = rec.text("definition", required=True) or ""
            topic.broader = self.ref(rec, "broader", ("topic",))
            topic.note = rec.text("note")
            rec.finish()
            if topic.id:
                self.corpus.topics[topic.id] = topic

    def load_documents(self) -> None:
        file = self.root / "documents.yaml"
        for item in self.items(file, "documents"):
            rec = Record(item, file, self.problems, "document")
            doc = Document(id=self.claim_id("document", rec), where=rec.where)
            doc.type = rec.choice("type", self.vocab.document_types, required=True) or ""
            doc.label = rec.text("label", required=True) or ""
            doc.responsible = self.refs(rec, "responsible", ("actor",))
            doc.recipient = self.ref(rec, "recipient", ("actor",))
            doc.date = rec.date("date")
            doc.date_text = rec.text("date_text")
            doc.review = self.ref(rec, "review", ("review",))
            doc.note = rec.text("note")
            doc.quotes = self.quotes(rec, None, required=False)
            rec.finish()
            if doc.id:
                self.corpus.documents[doc.id] = doc
        for item in self.items(file, "decisions"):
            rec = Record(item, file, self.problems, "decision")
            decision = Decision(id=self.claim_id("decision", rec), where=rec.where)
            decision.label = rec.text("label", required=True) or ""
            decision.responsible = self.refs(rec, "responsible", ("actor",), required=True)
            decision.note = rec.text("note")
            decision.quotes = self.quotes(rec, None, required=False)
            rec.finish()
            if decision.id:
                self.corpus.decisions[decision.id] = decision

    def load_propositions(self) -> None:
        file = self.root / "propositions.yaml"
        for item in self.items(file, "propositions"):
            rec = Record(item, file, self.problems, "proposition")
            prop = Proposition(id=self.claim_id("proposition", rec), where=rec.where)
            prop.subject = self.ref(rec, "subject", CLAIM_SUBJECTS, required=True) or ""
            prop.property = rec.choice("property", self.vocab.claim_properties, True) or ""
            prop.question = rec.text("question", required=True) or ""
            prop.note = rec.text("note")
            rec.retired("answers")
            rec.finish()
            labelled = {(p.subject, p.property): p.id for p in self.corpus.propositions.values()}
            if prop.subject and prop.property and (prop.subject, prop.property) in labelled:
                other = labelled[(prop.subject, prop.property)]
                rec.error(
                    "property", f"proposition '{other}' already labels this subject and property"
                )
            elif prop.id:
                self.corpus.propositions[prop.id] = prop

    def load_upr(self) -> None:
        file = self.root / "upr.yaml"
        for item in self.items(file, "cycles"):
            rec = Record(item, file, self.problems, "cycle")
            cycle = Cycle(id=self.claim_id("cycle", rec), where=rec.where)
            cycle.number = rec.integer("number", required=True) or 0
            cycle.label = rec.text("label", required=True) or ""
            cycle.note = rec.text("note")
            cycle.quotes = self.quotes(rec, None, required=False)
            rec.finish()
            if cycle.id:
                self.corpus.cycles[cycle.id] = cycle
        for item in self.items(file, "reviews"):
            rec = Record(item, file, self.problems, "review")
            review = Review(id=self.claim_id("review", rec), where=rec.where)
            review.label = rec.text("label", required=True) or ""
            review.state = self.ref(rec, "state", ("actor",), required=True) or ""
            review.cycle = self.ref(rec, "cycle", ("cycle",))
            review.date = rec.date("date")
            review.participation = rec.choice("participation", self.vocab.participations)
            review.note = rec.text("note")
            review.quotes = self.quotes(rec, None)
            rec.finish()
            if review.id:
                self.corpus.reviews[review.id] = review

    def load_annotations(self) -> None:
        folder = self.root / "annotations"
        if not folder.is_dir():
            return
        claimed: dict[str, Path] = {}
        for file in sorted(folder.glob("*.yaml")):
            try:
                data = load_yaml(file, self.root)
            except InputError as exc:
                self.problems.items.extend(exc.problems)
                continue
            rec = Record(data, file, self.problems, "annotation file")
            source = self.ref(rec, "source", ("source",), required=True)
            if source in claimed:
                rec.error("source", f"source '{source}' is already annotated in {claimed[source]}")
                continue
            if source:
                claimed[source] = file
                self.corpus.annotated_sources.append(source)
            sections: dict[str, Callable] = {
                "statements": self.statement,
                "events": self.event,
                "claims": self.claim,
                "reports": self.report,
            }
            for key, read in sections.items():
                raw = rec.raw(key)
                if raw is None:
                    continue
                if not isinstance(raw, Sequence):
                    rec.error(key, "expected a list")
                    continue
                for entry in raw:
                    item = Record(entry, file, self.problems, key[:-1])
                    if not self.is_draft(item):
                        read(item, source or "")
            if rec.raw("new_actors") is not None and self.drafts == "refuse":
                rec.error(
                    "new_actors",
                    "actors proposed by `uprkg extract`: move those you "
                    "accept to actors.yaml, then delete this section",
                )
            rec.finish()

    def is_draft(self, rec: Record) -> bool:
        """An item still marked `status: draft` is refused (or skipped), never loaded."""
        if rec.choice("status", DRAFT_STATUSES) != "draft":
            return False
        if self.drafts == "refuse":
            rec.error(
                "status",
                "draft item not reviewed yet: check it against its source, "
                "fix it, then delete this line (or delete the item)",
            )
        return True

    def statement(self, rec: Record, source: str) -> None:
        st = Statement(id=self.claim_id("statement", rec), where=rec.where, source=source)
        st.speakers = self.refs(rec, "speaker", ("actor",), required=True)
        st.on_behalf_of = self.ref(rec, "on_behalf_of", ("actor",))
        st.voice = rec.choice("voice", self.vocab.voices, default="reported")
        st.targets = self.targets(rec)
        st.stance = rec.choice("stance", self.vocab.stances, required=True) or ""
        st.reasons = self.refs(rec, "reasons", ("topic",))
        st.paraphrase = rec.text("paraphrase", required=True) or ""
        st.action = rec.text("action")
        if st.stance in APPEAL_STANCES and not st.action:
            rec.error("action", f"a statement with stance '{st.stance}' says what is urged")
        st.date = rec.date("date")
        st.date_text = rec.text("date_text")
        st.channel = rec.choice("channel", self.vocab.channels)
        st.in_document = self.ref(rec, "in_document", ("document",))
        st.note = rec.text("note")
        st.quotes = self.quotes(rec, source)
        rec.finish()
        if st.id:
            self.corpus.statements[st.id] = st

    def targets(self, rec: Record) -> list[Target]:
        raw = rec.raw("targets")
        if raw is None:
            return []
        entries = raw if isinstance(raw, Sequence) else [raw]
        targets = []
        for entry in entries:
            if isinstance(entry, Text):
                value, role, line = str(entry), "direct", entry.line
            else:
                sub = Record(entry, rec.file, self.problems, "target")
                value = sub.text("id", required=True) or ""
                role = sub.choice("role", self.vocab.target_roles, default="direct")
                line = sub.data.line
                sub.finish()
            if value:
                if any(t.id == value for t in targets):
                    rec.error("targets", f"target '{value}' is listed twice", line)
                self.references.append(
                    _Reference(value, ("actor", "document", "decision"), rec.file, line, "targets")
                )
                targets.append(Target(value, role, Where(rec.file, line)))
        return targets

    def event(self, rec: Record, source: str) -> None:
        ev = Event(id=self.claim_id("event", rec), where=rec.where, source=source)
        ev.type = rec.choice("type", self.vocab.event_types, required=True) or ""
        ev.label = rec.text("label", required=True) or ""
        ev.performed_by = self.refs(rec, "performed_by", ("actor",))
        ev.affects = self.refs(rec, "affects", ("actor",))
        ev.participants = self.refs(rec, "participants", ("actor",))
        ev.date = rec.date("date")
        ev.end_date = rec.date("end_date")
        ev.date_text = rec.text("date_text")
        ev.rescheduled_to = rec.date("rescheduled_to")
        ev.review = self.ref(rec, "review", ("review",))
        ev.document = self.ref(rec, "document", ("document",))
        ev.paraphrase = rec.text("paraphrase")
        ev.note = rec.text("note")
        ev.quotes = self.quotes(rec, source)
        rec.finish()
        if ev.end_date and not ev.date:
            rec.error("end_date", "an end date needs a start date ('date')")
        if ev.id:
            self.corpus.events[ev.id] = ev

    def claim(self, rec: Record, source: str) -> None:
        claim = Claim(id=self.claim_id("claim", rec), where=rec.where, source=source)
        rec.retired("proposition", "answer")
        claim.subject = self.ref(rec, "subject", CLAIM_SUBJECTS)
        claim.property = rec.choice("property", self.vocab.claim_properties)
        claim.value = self.claim_value(rec, claim.property)
        claim.value_text = rec.text("value_text")
        claim.claimants = self.refs(rec, "claimant", ("actor",))
        claim.voice = rec.choice(
            "voice", self.vocab.voices, default="reported" if claim.claimants else "own"
        )
        claim.paraphrase = rec.text("paraphrase", required=True) or ""
        claim.note = rec.text("note")
        claim.quotes = self.quotes(rec, source)
        rec.finish()
        self.check_claim_fields(rec, claim)
        if claim.id:
            self.corpus.claims[claim.id] = claim

    def claim_value(self, rec: Record, prop: str | None) -> Value | None:
        """Read `value:` by the kind its property declares; ids it names are references."""
        raw = rec.raw("value")
        if raw is None:
            return None
        spec = self.vocab.claim_properties.get(prop or "")
        if spec is None:
            if prop is None:
                rec.error("value", "a value is the value of a property: add 'property:'")
            return None
        try:
            value = parse_value(spec.kind, raw)
        except BadValue as exc:
            rec.error("value", f"{exc} (property '{spec.notation}' takes a {spec.kind})")
            return None
        if spec.kind == "entity":
            items = raw if isinstance(raw, Sequence) else [raw]
            for item in items:
                line = getattr(item, "line", rec.line("value"))
                self.references.append(
                    _Reference(str(item), CLAIM_SUBJECTS, rec.file, line, "value")
                )
        if spec.kind == "concept" and value.notation not in spec.concepts:
            known = spec.concepts
            rec.error("value", f"unknown value '{value.notation}'{_suggest(value.notation, known)}")
            return None
        return value

    def check_claim_fields(self, rec: Record, claim: Claim) -> None:
        """Subject, property and value come together; the value's words are quoted."""
        if claim.property and not claim.subject:
            rec.error("subject", "a claim with a property says what it is about: add 'subject:'")
        if claim.subject and not claim.property:
            rec.error("property", "a claim about a subject says which property: add 'property:'")
        if claim.value is not None and not claim.value_text:
            rec.error(
                "value_text",
                "give the words of the quote that state the value (value_text), "
                "so the value can be checked against the text",
            )
        if claim.value_text and not claim.property:
            rec.error("value_text", "value_text goes with a property and a value")
        quoted = any(locate("", q.text, claim.value_text or "") for q in claim.quotes)
        if claim.value_text and claim.quotes and not quoted:
            rec.error(
                "value_text",
                f"'{claim.value_text}' is not in any of the claim's quotes: "
                "the value's words must lie in a quote",
            )

    def report(self, rec: Record, source: str) -> None:
        kinds = [k for k in ("statement", "event") if rec.data.get(k) is not None]
        if len(kinds) != 1:
            rec.error(None, "a report names exactly one 'statement:' or 'event:' it reports")
            rec.finish(("statement", "event", "quotes", "note", *REPORT_DETAILS))
            return
        kind = kinds[0]
        item = self.ref(rec, kind, (kind,), required=True) or ""
        report = Report(id=item, where=rec.where, kind=kind, source=source)
        report.note = rec.text("note")
        report.date = rec.partial_date("date")
        report.date_text = rec.text("date_text")
        report.wording = rec.text("wording")
        if kind == "event":
            report.rescheduled_to = rec.partial_date("rescheduled_to")
            report.performed_by = self.refs(rec, "performed_by", ("actor",))
        else:
            report.speakers = self.refs(rec, "speaker", ("actor",))
            report.on_behalf_of = self.ref(rec, "on_behalf_of", ("actor",))
        other = EVENT_DETAILS if kind == "statement" else STATEMENT_DETAILS
        for key in other:
            if rec.data.get(key) is not None:
                rec.seen.add(key)
                rec.error(
                    key,
                    f"'{key}' is a detail an event report gives, not a statement report"
                    if kind == "statement"
                    else f"'{key}' is a detail a statement report gives, not an event report",
                )
        report.quotes = self.quotes(rec, source)
        rec.finish()
        self.corpus.reports.append(report)

    # -- cross-checks ------------------------------------------------------

    def resolve(self) -> None:
        tables = {
            "source": self.corpus.sources,
            "actor": self.corpus.actors,
            "topic": self.corpus.topics,
            "document": self.corpus.documents,
            "decision": self.corpus.decisions,
            "proposition": self.corpus.propositions,
            "cycle": self.corpus.cycles,
            "review": self.corpus.reviews,
            "statement": self.corpus.statements,
            "event": self.corpus.events,
        }
        for ref in self.references:
            if any(ref.value in tables[t] for t in ref.tables):
                continue
            known = [k for t in ref.tables for k in tables[t]]
            kind = " or ".join(ref.tables)
            close = difflib.get_close_matches(ref.value, known, n=3)
            hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
            self.problems.add(f"unknown {kind} id '{ref.value}'{hint}", ref.file, ref.line, ref.key)
        self.check_semantics()

    def check_semantics(self) -> None:
        c = self.corpus
        tables = [c.actors, c.documents, c.decisions, c.statements, c.events, c.reviews]
        about = [(claim, "subject", claim.subject) for claim in c.claims.values()]
        about += [(prop, "subject", prop.subject) for prop in c.propositions.values()]
        for record, key, item in about:
            holders = [k for k, table in zip(CLAIM_SUBJECTS, tables, strict=True) if item in table]
            if len(holders) > 1:
                self.problems.add(
                    f"'{item}' is the id of both a {holders[0]} and a {holders[1]}: "
                    "a claim's subject must name one thing",
                    record.where.file,
                    record.where.line,
                    key,
                )
        for review in c.reviews.values():
            state = c.actors.get(review.state)
            if state and state.type != "State":
                self.problems.add(
                    f"'{review.state}' is a {state.type}, not a State",
                    review.where.file,
                    review.where.line,
                    "state",
                )
        seen: set[tuple[str, str, str]] = set()
        for report in c.reports:
            item = (c.statements if report.kind == "statement" else c.events).get(report.id)
            if item is None:
                continue
            key = (report.kind, report.id, report.source)
            if item.source == report.source or key in seen:
                self.problems.add(
                    f"{report.kind} '{report.id}' is already recorded for source "
                    f"'{report.source}'; add the quotes there instead",
                    report.where.file,
                    report.where.line,
                    report.kind,
                )
            seen.add(key)

    def verify_quotes(self) -> None:
        """Find every quote in its source; a quote not found is an error."""
        c = self.corpus
        located = [*c.sources.values(), *c.actors.values(), *c.topics.values()]
        located += [*c.documents.values(), *c.decisions.values(), *c.cycles.values()]
        located += [*c.reviews.values(), *c.statements.values(), *c.events.values()]
        located += [*c.claims.values(), *c.reports]
        for item in located:
            item.spans = [s for q in item.quotes if (s := self.find(q))]
        for actor in c.actors.values():
            for post in actor.posts:
                post.spans = [s for q in post.quotes if (s := self.find(q))]
        self.check_aliases()

    def find(self, quote: QuoteRef):
        source = self.corpus.sources.get(quote.source)
        if source is None or not source.text:
            return None  # already reported as an unknown or unreadable source
        spans = locate(source.id, source.text, quote.text)
        where = (quote.where.file, quote.where.line, quote.field)
        shown = quote.text if len(quote.text) <= 90 else quote.text[:87] + "..."
        if not spans:
            why = near_miss(source.text, quote.text)
            self.problems.add(f"quote not found in source '{source.id}': «{shown}» ({why})", *where)
            return None
        if quote.offsets is not None:
            at = [s for s in spans if (s.start, s.end) == quote.offsets]
            if not at:
                offsets = ", ".join(f"{s.start}-{s.end}" for s in spans)
                self.problems.add(
                    f"quote is not at {quote.offsets[0]}-{quote.offsets[1]} in "
                    f"'{source.id}'; it occurs at {offsets}: «{shown}»",
                    *where,
                )
                return None
            return at[0]
        if quote.occurrence is not None:
            if not 1 <= quote.occurrence <= len(spans):
                self.problems.add(
                    f"occurrence {quote.occurrence} asked, but the quote occurs "
                    f"{len(spans)} time(s) in '{source.id}': «{shown}»",
                    *where,
                )
                return None
            return spans[quote.occurrence - 1]
        if len(spans) > 1:
            offsets = ", ".join(str(s.start) for s in spans)
            self.problems.add(
                f"quote occurs {len(spans)} times in '{source.id}' (offsets {offsets}); "
                f"quote more words or add 'occurrence: N': «{shown}»",
                *where,
            )
            return None
        return spans[0]

    def check_aliases(self) -> None:
        """Every alias is spelled as in at least one source text."""
        texts = [(s.id, s.text) for s in self.corpus.sources.values() if s.text]
        for actor in self.corpus.actors.values():
            for alias in actor.aliases:
                if not any(locate(sid, text, alias) for sid, text in texts):
                    self.problems.add(
                        f"alias '{alias}' of '{actor.id}' is not spelled so in any source",
                        actor.where.file,
                        actor.where.line,
                        "aliases",
                    )


def load_corpus(
    root: Path | str | None = None, ontology: Path | None = None, drafts: str = "refuse"
) -> Corpus:
    """Read and verify a corpus folder; raise InputError listing every problem.

    Items still marked `status: draft` are errors; `drafts="skip"` leaves them
    out silently instead (for tools that read a corpus under review).
    """
    root = Path(root) if root is not None else paths.default_corpus()
    if not root.is_dir():
        raise InputError(f"corpus folder not found: {root}")
    loader = Loader(root, load_vocabulary(ontology), drafts)
    loader.load_sources()
    loader.load_actors()
    loader.load_topics()
    loader.load_documents()
    loader.load_propositions()
    loader.load_upr()
    loader.load_annotations()
    loader.resolve()
    loader.verify_quotes()
    loader.problems.raise_if_any()
    return loader.corpus
