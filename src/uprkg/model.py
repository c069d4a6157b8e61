"""The corpus as Python objects: what the YAML says, checked and located.

These are plain records; `uprkg.corpus` fills them from the YAML files and
verifies them, `uprkg.build` turns them into RDF. Every record keeps the
file and line it came from so later stages can still point at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import URIRef

from uprkg.quotes import Span

if TYPE_CHECKING:
    from uprkg.claims.values import PartialDate, Value

XSD = "http://www.w3.org/2001/XMLSchema#"
# ASCII digits only and the whole string (\d would take Arabic-Indic digits, and $ a
# trailing newline, both of which rdflib then fails on)
_DATE_FORMS = (
    (re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"), "day", XSD + "date"),
    (re.compile(r"[0-9]{4}-[0-9]{2}"), "month", XSD + "gYearMonth"),
    (re.compile(r"[0-9]{4}"), "year", XSD + "gYear"),
)


@dataclass(frozen=True)
class Where:
    """A place in a corpus file."""

    file: Path
    line: int


@dataclass(frozen=True)
class DateValue:
    """A date known to a day, a month or a year, and nothing more."""

    literal: str  # 2025-08-04 | 2025-08 | 2025
    precision: str  # day | month | year

    @property
    def datatype(self) -> URIRef:
        return URIRef(next(dt for _, p, dt in _DATE_FORMS if p == self.precision))

    @classmethod
    def parse(cls, text: str) -> DateValue:
        """Parse YYYY-MM-DD, YYYY-MM or YYYY; raise ValueError otherwise."""
        import datetime

        for pattern, precision, _ in _DATE_FORMS:
            if pattern.fullmatch(text):
                parts = [int(p) for p in text.split("-")] + [1, 1]
                datetime.date(parts[0], parts[1], parts[2])  # validates the calendar
                return cls(text, precision)
        raise ValueError(text)


@dataclass(frozen=True)
class QuoteRef:
    """A verbatim quote as written in YAML, before it is found in its source."""

    source: str
    text: str
    occurrence: int | None
    where: Where
    field: str = "quotes"
    offsets: tuple[int, int] | None = None  # start, end when the YAML gives them


@dataclass
class Located:
    """Base for records that carry verified quotes."""

    id: str
    where: Where
    quotes: list[QuoteRef] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)  # filled by verification
    note: str | None = None


@dataclass
class Boilerplate:
    start: int
    end: int
    kind: str
    begins: str
    line: int = 0


@dataclass
class Source(Located):
    file_name: str = ""
    doc_type: str = "NewsArticle"
    title: str | None = None
    publisher: str | None = None
    published: DateValue | None = None
    language: str = "en"
    boilerplate: list[Boilerplate] = field(default_factory=list)
    text: str = ""
    sha256: str = ""


@dataclass
class Post:
    person: str
    organisation: str
    title: str
    tenure: str
    period_text: str | None
    quotes: list[QuoteRef]
    where: Where
    spans: list[Span] = field(default_factory=list)


@dataclass
class Actor(Located):
    type: str = ""
    label: str = ""
    aliases: list[str] = field(default_factory=list)
    iso3: str | None = None
    wikidata: str | None = None
    part_of: list[str] = field(default_factory=list)
    based_in: str | None = None
    posts: list[Post] = field(default_factory=list)


@dataclass
class Topic(Located):
    label: str = ""
    definition: str = ""
    broader: str | None = None


@dataclass
class Document(Located):
    type: str = ""
    label: str = ""
    responsible: list[str] = field(default_factory=list)
    recipient: str | None = None
    date: DateValue | None = None
    date_text: str | None = None
    review: str | None = None


@dataclass
class Decision(Located):
    label: str = ""
    responsible: list[str] = field(default_factory=list)


@dataclass
class Proposition(Located):
    """A person's label (a question) for a subject and property claims give values for."""

    question: str = ""
    subject: str = ""
    property: str = ""


@dataclass
class Cycle(Located):
    number: int = 0
    label: str = ""


@dataclass
class Review(Located):
    state: str = ""
    cycle: str | None = None
    date: DateValue | None = None
    participation: str | None = None
    label: str = ""


@dataclass
class Target:
    id: str
    role: str
    where: Where


@dataclass
class Statement(Located):
    source: str = ""
    speakers: list[str] = field(default_factory=list)
    on_behalf_of: str | None = None
    voice: str = "reported"
    targets: list[Target] = field(default_factory=list)
    stance: str = ""
    reasons: list[str] = field(default_factory=list)
    paraphrase: str = ""
    action: str | None = None
    date: DateValue | None = None
    date_text: str | None = None
    channel: str | None = None
    in_document: str | None = None


@dataclass
class Event(Located):
    source: str = ""
    type: str = ""
    label: str = ""
    performed_by: list[str] = field(default_factory=list)
    affects: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    date: DateValue | None = None
    end_date: DateValue | None = None
    date_text: str | None = None
    rescheduled_to: DateValue | None = None
    review: str | None = None
    document: str | None = None
    paraphrase: str | None = None


@dataclass
class Claim(Located):
    """A factual assertion of a source: a value for a property of a subject.

    A claim with no `value` is a text claim (its text gives no clear
    value). `detail_of` is set on claims derived from the details a source
    gives of a statement or event ("statement" or "event"), which are not
    written in the YAML but compared like the others.
    """

    source: str = ""
    subject: str | None = None
    property: str | None = None  # a notation of uprkg:ClaimPropertyScheme
    value: Value | None = None
    value_text: str | None = None
    claimants: list[str] = field(default_factory=list)
    voice: str = "own"
    paraphrase: str = ""
    detail_of: str | None = None


@dataclass
class Report(Located):
    """Another source reporting a statement or event defined elsewhere,
    with the details it gives differently (each becomes that source's claim)."""

    kind: str = "statement"  # statement | event
    source: str = ""
    date: PartialDate | None = None
    date_text: str | None = None
    rescheduled_to: PartialDate | None = None  # events
    performed_by: list[str] = field(default_factory=list)  # events
    speakers: list[str] = field(default_factory=list)  # statements
    on_behalf_of: str | None = None  # statements
    wording: str | None = None


@dataclass
class Corpus:
    root: Path
    sources: dict[str, Source] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    decisions: dict[str, Decision] = field(default_factory=dict)
    propositions: dict[str, Proposition] = field(default_factory=dict)
    cycles: dict[str, Cycle] = field(default_factory=dict)
    reviews: dict[str, Review] = field(default_factory=dict)
    statements: dict[str, Statement] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    reports: list[Report] = field(default_factory=list)
    annotated_sources: list[str] = field(default_factory=list)

    def sources_of(self, kind: str, item_id: str) -> list[str]:
        """Every source reporting a statement or event, defining one first."""
        item = self.statements[item_id] if kind == "statement" else self.events[item_id]
        extra = [r.source for r in self.reports if r.kind == kind and r.id == item_id]
        return [item.source, *sorted(set(extra))]
