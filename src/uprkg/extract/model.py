"""What the extractor proposes: drafted statements, events, claims, actors.

Every drafted item keeps its character spans in the source (verified with
`uprkg.quotes.locate` before it is written), a confidence between 0 and 1,
the evidence it was drafted from, and candidate matches among the items
the corpus already holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from uprkg.extract.mentions import NewActor


@dataclass(frozen=True)
class Candidate:
    """An existing item a drafted item may re-report, agree or disagree with."""

    kind: str  # statement | event | claim
    id: str
    source: str | None
    relation: str  # re-reports | agrees | disagrees | refines ... (see candidates.py)
    why: str
    score: float = 0.0


@dataclass
class DraftTarget:
    id: str
    role: str
    start: int
    end: int
    text: str
    how: str = ""


@dataclass
class DraftItem:
    """Fields shared by drafted statements, events and claims."""

    kind: str  # statement | event | claim
    spans: list[tuple[int, int]] = field(default_factory=list)
    id: str = ""
    confidence: float = 0.5
    evidence: list[str] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    date: str | None = None
    date_text: str | None = None
    paraphrase: str = ""
    report_of: Candidate | None = None  # when drafted as a report of an existing item

    @property
    def start(self) -> int:
        return min(s for s, _ in self.spans)

    @property
    def end(self) -> int:
        return max(e for _, e in self.spans)


@dataclass
class DraftStatement(DraftItem):
    kind: str = "statement"
    speakers: list[str] = field(default_factory=list)
    speaker_span: tuple[int, int] | None = None
    speaker_how: str = ""
    on_behalf_of: str | None = None
    voice: str = "reported"
    stance: str = "observation"
    stance_how: str = ""
    targets: list[DraftTarget] = field(default_factory=list)
    channel: str | None = None
    action: str | None = None
    content: tuple[int, int] | None = None  # what is said (quotation or clause)
    way: str = "direct"  # direct | reported | continuation | own | post


@dataclass
class DraftEvent(DraftItem):
    kind: str = "event"
    type: str = ""
    label: str = ""
    performed_by: list[str] = field(default_factory=list)
    affects: list[str] = field(default_factory=list)


@dataclass
class DraftClaim(DraftItem):
    kind: str = "claim"
    claimants: list[str] = field(default_factory=list)
    # proposed from an existing claim whose value the text meets (uprkg.claims)
    subject: str | None = None
    property: str | None = None
    value: str | None = None
    value_text: str | None = None


@dataclass
class Draft:
    """Everything `uprkg extract` proposes for one source."""

    source: str
    text: str
    statements: list[DraftStatement] = field(default_factory=list)
    events: list[DraftEvent] = field(default_factory=list)
    claims: list[DraftClaim] = field(default_factory=list)
    new_actors: list[NewActor] = field(default_factory=list)
    published: str | None = None
    publisher: str | None = None
    notes: list[str] = field(default_factory=list)

    def items(self) -> list[DraftItem]:
        return [*self.statements, *self.events, *self.claims]
