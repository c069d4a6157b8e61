"""The SHACL shapes, table-driven: for every shape a graph that breaks it and one that meets it.

Each case edits tests/fixtures/shapes/base.ttl (a small graph with no
result at all): `bad` must make the shape report the focus node with the
shape's severity, `good` (the base graph unless given) must give no result
from that shape. A test checks that the table covers every shape that
carries a constraint, so a new shape cannot arrive without its cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pytest
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL

from conftest import FIXTURES
from uprkg.validate import SH, SHAPES, default_ontology, load_shapes, validate, with_ontology

BASE = FIXTURES / "shapes" / "base.ttl"
HEADER = "".join(
    line for line in BASE.read_text(encoding="utf-8").splitlines(True) if line.startswith("@prefix")
)
HEADER += "@prefix shape: <https://w3id.org/uprkg/shapes#> .\n"
POST = "<https://w3id.org/uprkg/id/post/jane-doe/bar>"
QT_FOO = "<https://w3id.org/uprkg/id/statement/doe-criticises-foo/target/foo>"
QT_DECISION = "<https://w3id.org/uprkg/id/statement/doe-criticises-foo/target/foo-stays-away>"
QT_URGED = "<https://w3id.org/uprkg/id/statement/rights-watch-urges-foo/target/foo>"
DOE = "statement:doe-criticises-foo"
URGES = "statement:rights-watch-urges-foo"
SANCTION = "event:foo-sanctions-bar"
EDGES = ("actor:foo uprkg:sanctioned actor:bar", "actor:bar uprkg:sanctionedBy actor:foo")
REC = "recommendation:foo-1"
RESPONSE = "<https://w3id.org/uprkg/id/recommendation/foo-1/response>"
ROW = "<https://w3id.org/uprkg/id/dataset/foo-record/row/2>"
RESPONSE_2 = "<https://w3id.org/uprkg/id/recommendation/foo-1/response-2>"
CLAIM_A = "claim:a-review-began-2006"
CLAIM_B = "claim:b-review-began-2008"
TEXT_CLAIM = "claim:a-review-is-a-peer-review"
PROP = "<https://w3id.org/uprkg/id/proposition/foo-2025/start-date>"
OTHER_PROP = "<https://w3id.org/uprkg/id/proposition/foo-2025/date>"
COMPARISON = "<https://w3id.org/uprkg/id/comparison/foo-2025/start-date/2006/2008>"


@dataclass(frozen=True)
class Edit:
    """Triples to take out of the base graph and triples to put in (Turtle, base prefixes)."""

    remove: str = ""
    add: str = ""


@dataclass(frozen=True)
class Case:
    shape: str  # local name in https://w3id.org/uprkg/shapes#
    focus: str  # prefixed name or <IRI> of the node the result is about
    bad: Edit
    good: Edit = Edit()
    why: str = ""

    @property
    def id(self) -> str:
        return f"{self.shape}-{self.why}" if self.why else self.shape


def swap(subject: str, prop: str, old: str, new: str) -> Edit:
    return Edit(f"{subject} {prop} {old} .", f"{subject} {prop} {new} .")


def drop(*triples: str) -> Edit:
    return Edit(" ".join(f"{t} ." for t in triples))


def put(*triples: str) -> Edit:
    return Edit("", " ".join(f"{t} ." for t in triples))


CASES = [
    # -- sources ---------------------------------------------------------------
    Case("Source-title", "source:a", swap("source:a", "dct:title", '"Alpha News"@en', '"Alpha"')),
    Case(
        "Source-publisher",
        "source:a",
        swap("source:a", "dct:publisher", "actor:alpha-news", "topic:scrutiny"),
    ),
    Case("Source-publisher-known", "source:b", drop("source:b dct:publisher actor:alpha-news")),
    Case(
        "Source-issued-known",
        "source:b",
        drop(
            'source:b dct:issued "2025-11"^^xsd:gYearMonth',
            "source:b uprkg:datePrecision time:unitMonth",
        ),
    ),
    Case(
        "Source-language",
        "source:a",
        swap("source:a", "dct:language", '"en"^^xsd:language', '"en"'),
    ),
    Case("Source-fileName", "source:a", drop('source:a uprkg:fileName "a.txt"')),
    Case(
        "Source-sha256",
        "source:b",
        swap(
            "source:b",
            "uprkg:sha256",
            '"fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"',
            '"FEDCBA98"',
        ),
    ),
    Case(
        "Source-characterCount",
        "source:b",
        swap(
            "source:b", "uprkg:characterCount", '"100"^^xsd:nonNegativeInteger', '"-1"^^xsd:integer'
        ),
    ),
    Case("Source-boilerplate", "source:b", put("source:b uprkg:boilerplate quote:b-60-80")),
    # -- selectors ---------------------------------------------------------------
    Case(
        "Selector-start", "quote:a-0-30", drop('quote:a-0-30 oa:start "0"^^xsd:nonNegativeInteger')
    ),
    Case(
        "Selector-end",
        "quote:a-0-30",
        swap("quote:a-0-30", "oa:end", '"30"^^xsd:nonNegativeInteger', '"30"'),
    ),
    Case(
        "Selector-inSource",
        "boilerplate:a-180-200",
        drop("boilerplate:a-180-200 uprkg:inSource source:a"),
    ),
    Case(
        "SelectorInsideSource",
        "boilerplate:a-180-200",
        swap(
            "boilerplate:a-180-200",
            "oa:end",
            '"200"^^xsd:nonNegativeInteger',
            '"201"^^xsd:nonNegativeInteger',
        ),
        why="end-past-text",
    ),
    Case(
        "SelectorInsideSource",
        "boilerplate:a-180-200",
        swap(
            "boilerplate:a-180-200",
            "oa:start",
            '"180"^^xsd:nonNegativeInteger',
            '"200"^^xsd:nonNegativeInteger',
        ),
        why="empty-span",
    ),
    Case(
        "Quote-exact",
        "quote:a-0-30",
        drop('quote:a-0-30 oa:exact "We will not be lectured by Bar"'),
    ),
    Case("Quote-context", "quote:a-0-30", swap("quote:a-0-30", "oa:prefix", '""', '"x"@en')),
    Case(
        "QuoteLengthMatchesOffsets",
        "quote:a-0-30",
        swap(
            "quote:a-0-30",
            "oa:exact",
            '"We will not be lectured by Bar"',
            '"We will not be lectured"',
        ),
        # a typographic apostrophe is one character, as the offsets count
        good=swap(
            "quote:a-40-64", "oa:exact", '"Bar\'s minister, Jane Doe"', '"Bar’s minister, Jane Doe"'
        ),
    ),
    Case(
        "BoilerplateRange-kind",
        "boilerplate:a-180-200",
        swap("boilerplate:a-180-200", "uprkg:boilerplateKind", '"donation-appeal"', '"advert"'),
    ),
    # -- provenance --------------------------------------------------------------
    Case("Attested-source", DOE, drop(f"{DOE} uprkg:source source:a")),
    Case("Attested-quote", SANCTION, drop(f"{SANCTION} uprkg:quote quote:a-110-130")),
    Case(
        "QuotesMatchSources-sources",
        DOE,
        put(f"{DOE} uprkg:quote quote:b-60-80"),
        why="quote-from-a-source-not-named",
    ),
    Case(
        "QuotesMatchSources-sources",
        DOE,
        put(f"{DOE} uprkg:source source:b"),
        why="source-named-but-not-quoted",
    ),
    # -- dates -------------------------------------------------------------------
    Case("Dated-date", DOE, swap(DOE, "dct:date", '"2025-11-07"^^xsd:date', '"7 November 2025"')),
    Case(
        "Dated-date",
        DOE,
        put(f'{DOE} dct:date "2025-11-06"^^xsd:date'),
        why="two-dates",
    ),
    Case(
        "Dated-issued",
        "source:a",
        swap(
            "source:a",
            "dct:issued",
            '"2025-11-07"^^xsd:date',
            '"2025-11-07T10:00:00"^^xsd:dateTime',
        ),
    ),
    Case(
        "Dated-precision",
        "document:foo-letter",
        drop("document:foo-letter uprkg:datePrecision time:unitDay"),
    ),
    Case(
        "DatePrecisionAgrees",
        "review:foo-2025",
        swap("review:foo-2025", "uprkg:datePrecision", "time:unitMonth", "time:unitDay"),
    ),
    Case(
        "DatePrecisionAgrees",
        "source:b",
        swap("source:b", "uprkg:datePrecision", "time:unitMonth", "time:unitYear"),
        why="issued",
    ),
    Case(
        "PrecisionHasDate",
        "document:foo-letter",
        drop('document:foo-letter dct:date "2025-11-03"^^xsd:date'),
    ),
    # -- labels and actors ---------------------------------------------------------
    Case(
        "Labelled-label",
        "actor:foo",
        swap("actor:foo", "rdfs:label", '"Republic of Foo"@en', '"Foo"'),
    ),
    Case(
        "Labelled-label",
        "actor:foo",
        swap("actor:foo", "rdfs:label", '"Republic of Foo"@en', '"République de Foo"@fr'),
        good=put('actor:foo rdfs:label "République de Foo"@fr'),
        why="no-english",
    ),
    Case(
        "Labelled-label",
        "actor:foo",
        put('actor:foo rdfs:label "Foo"@en'),
        why="two-english",
    ),
    Case(
        "Actor-prefLabel",
        "actor:rights-network",
        drop('actor:rights-network skos:prefLabel "Rights Network"@en'),
    ),
    Case("Actor-altLabel", "actor:foo", swap("actor:foo", "skos:altLabel", '"Foo"@en', '"Foo"')),
    Case(
        "Actor-subOrganizationOf",
        "actor:rights-watch",
        swap(
            "actor:rights-watch", "org:subOrganizationOf", "actor:rights-network", "topic:scrutiny"
        ),
    ),
    Case(
        "Actor-basedIn",
        "actor:rights-watch",
        swap("actor:rights-watch", "uprkg:basedIn", "actor:bar", "actor:rights-network"),
    ),
    Case(
        "Actor-sameAs",
        "actor:bar",
        swap("actor:bar", "schema:sameAs", "<http://www.wikidata.org/entity/Q42>", '"Q42"'),
    ),
    Case(
        "State-iso3166Alpha3",
        "actor:foo",
        swap("actor:foo", "uprkg:iso3166Alpha3", '"FOO"', '"Fo"'),
    ),
    Case(
        "State-iso3166Alpha3",
        "actor:bar",
        drop('actor:bar uprkg:iso3166Alpha3 "BAR"'),
        why="missing",
    ),
    Case(
        "IsoCodeOnlyForStates",
        "actor:rights-watch",
        put('actor:rights-watch uprkg:iso3166Alpha3 "RWX"'),
    ),
    Case(
        "Statement-speakerPost",
        URGES,
        Edit(
            "",
            f"{URGES} uprkg:speaker actor:john-roe . actor:john-roe a uprkg:Person ; "
            'rdfs:label "John Roe"@en ; skos:prefLabel "John Roe"@en .',
        ),
    ),
    # -- posts and topics ------------------------------------------------------------
    Case("Post-member", POST, swap(POST, "org:member", "actor:jane-doe", "actor:bar")),
    Case("Post-organization", POST, drop(f"{POST} org:organization actor:bar")),
    Case(
        "Post-organization",
        POST,
        swap(POST, "org:organization", "actor:bar", "actor:jane-doe"),
        why="a-person",
    ),
    Case("Post-title", POST, swap(POST, "uprkg:title", '"minister"@en', '"minister"')),
    Case("Post-tenure", POST, swap(POST, "uprkg:tenure", "tenure:current", "tenure:acting")),
    Case(
        "Topic-inScheme",
        "topic:review-scrutiny",
        drop("topic:review-scrutiny skos:inScheme uprkg:TopicScheme"),
    ),
    Case(
        "Topic-definition",
        "topic:scrutiny",
        drop('topic:scrutiny skos:definition "Whether a state accepts scrutiny of its record."@en'),
    ),
    Case(
        "Topic-broader",
        "topic:review-scrutiny",
        swap("topic:review-scrutiny", "skos:broader", "topic:scrutiny", "actor:foo"),
    ),
    # -- documents, decisions, reviews ------------------------------------------------
    Case(
        "Document-responsibleActor",
        "document:foo-letter",
        swap("document:foo-letter", "uprkg:responsibleActor", "actor:foo", "topic:scrutiny"),
    ),
    Case(
        "Document-recipient",
        "document:foo-letter",
        swap("document:foo-letter", "schema:recipient", "actor:bar", "topic:scrutiny"),
    ),
    Case(
        "Document-forReview",
        "document:foo-letter",
        swap("document:foo-letter", "uprkg:forReview", "review:foo-2025", "cycle:upr-cycle-4"),
    ),
    Case(
        "Decision-responsibleActor",
        "decision:foo-stays-away",
        drop("decision:foo-stays-away uprkg:responsibleActor actor:foo"),
    ),
    Case(
        "Review-stateUnderReview",
        "review:foo-2025",
        swap("review:foo-2025", "uprkg:stateUnderReview", "actor:foo", "actor:rights-watch"),
    ),
    Case(
        "Review-cycle",
        "review:foo-2025",
        swap("review:foo-2025", "uprkg:cycle", "cycle:upr-cycle-4", "review:foo-2025"),
    ),
    Case(
        "Review-participation",
        "review:foo-2025",
        swap(
            "review:foo-2025",
            "uprkg:participation",
            "participation:did-not-participate",
            "participation:partly",
        ),
    ),
    Case(
        "UPRCycle-number",
        "cycle:upr-cycle-4",
        swap("cycle:upr-cycle-4", "uprkg:cycleNumber", "4", "0"),
    ),
    Case(
        "UPRCycle-number",
        "cycle:upr-cycle-4",
        swap("cycle:upr-cycle-4", "uprkg:cycleNumber", "4", '"4"'),
        why="a-string",
    ),
    # -- propositions, disagreements and comparisons ---------------------------------
    Case("Proposition-subject", PROP, drop(f"{PROP} uprkg:subject review:foo-2025")),
    Case(
        "Proposition-claimProperty",
        PROP,
        swap(PROP, "uprkg:claimProperty", "claimprop:start-date", "stance:criticism"),
    ),
    Case(
        "ContestedHasDisagreement",
        PROP,
        swap(COMPARISON, "a", "uprkg:Disagreement", "uprkg:Agreement"),
        why="only-an-agreement",
    ),
    Case("DisagreementIsContested", COMPARISON, drop(f"{PROP} a uprkg:ContestedProposition")),
    Case(
        "ClaimComparison-comparedClaim",
        COMPARISON,
        Edit(
            f"{COMPARISON} uprkg:comparedClaim {CLAIM_B} ; uprkg:secondClaim {CLAIM_B} .",
        ),
    ),
    Case(
        "ClaimComparison-rule",
        COMPARISON,
        swap(COMPARISON, "uprkg:compatibilityRule", '"dates"', '"common sense"'),
    ),
    Case(
        "ClaimComparison-explanation",
        COMPARISON,
        swap(
            COMPARISON,
            "uprkg:explanation",
            '"2006 and 2008 are in different years"@en',
            '"different years"',
        ),
    ),
    Case(
        "ComparisonSides",
        COMPARISON,
        drop(f"{COMPARISON} uprkg:comparedClaim {CLAIM_B}"),
        why="a-side-not-compared",
    ),
    Case(
        "ComparisonSideHoldsOneValue",
        COMPARISON,
        put(
            f"{COMPARISON} uprkg:secondClaim {TEXT_CLAIM} ; uprkg:comparedClaim {TEXT_CLAIM} . "
            f"{TEXT_CLAIM} a uprkg:Claim ; uprkg:valueLabel '2009'@en"
        ),
    ),
    Case(
        "ComparisonSides",
        COMPARISON,
        swap(COMPARISON, "uprkg:secondClaim", CLAIM_B, CLAIM_A),
        why="the-same-value-on-both-sides",
    ),
    Case(
        "ComparisonSides",
        COMPARISON,
        drop(f"{COMPARISON} uprkg:firstClaim {CLAIM_A}"),
        why="no-first-side",
    ),
    Case(
        "ComparisonSides",
        COMPARISON,
        put(f"{COMPARISON} uprkg:secondClaim {CLAIM_A}"),
        why="two-values-on-one-side",
    ),
    Case(
        "ComparisonSides",
        COMPARISON,
        swap(COMPARISON, "a", "uprkg:Disagreement", "uprkg:Agreement"),
        # an agreement lists the claims giving one value, without sides
        good=Edit(
            f"{COMPARISON} a uprkg:Disagreement ; uprkg:firstClaim {CLAIM_A} ; "
            f'uprkg:secondClaim {CLAIM_B} . {CLAIM_B} uprkg:value "2008"^^xsd:gYear ; '
            f'uprkg:valueLabel "2008"@en . {PROP} a uprkg:ContestedProposition .',
            f'{COMPARISON} a uprkg:Agreement . {CLAIM_B} uprkg:value "2006"^^xsd:gYear ; '
            f'uprkg:valueLabel "2006"@en .',
        ),
        why="an-agreement-with-sides",
    ),
    Case(
        "ComparedClaimsShareProposition",
        COMPARISON,
        Edit(
            f"{CLAIM_B} uprkg:proposition {PROP} .",
            f"{CLAIM_B} uprkg:proposition {OTHER_PROP} . {OTHER_PROP} a uprkg:Proposition ; "
            "rdfs:label 'When did Foo review?'@en ; uprkg:subject review:foo-2025 ; "
            "uprkg:claimProperty claimprop:start-date .",
        ),
        why="two-propositions",
    ),
    # -- statements -------------------------------------------------------------------
    Case("Statement-speaker", DOE, drop(f"{DOE} uprkg:speaker actor:jane-doe")),
    Case(
        "Statement-speaker",
        DOE,
        swap(DOE, "uprkg:speaker", "actor:jane-doe", "topic:scrutiny"),
        why="not-an-actor",
    ),
    Case("Statement-onBehalfOf", DOE, put(f"{DOE} uprkg:onBehalfOf actor:foo")),
    Case("Statement-stance", DOE, swap(DOE, "uprkg:stance", "stance:criticism", "stance:sympathy")),
    Case("Statement-stance", DOE, put(f"{DOE} uprkg:stance stance:rejection"), why="two-stances"),
    Case("Statement-stance", DOE, drop(f"{DOE} uprkg:stance stance:criticism"), why="none"),
    Case(
        "Statement-paraphrase",
        DOE,
        swap(
            DOE,
            "uprkg:paraphrase",
            '"Jane Doe called Foo\'s decision a shameful retreat from review."@en',
            '"Jane Doe called it a retreat."',
        ),
    ),
    Case("Statement-voice", DOE, swap(DOE, "uprkg:voice", "voice:reported", "voice:whispered")),
    Case("Statement-reason", DOE, swap(DOE, "uprkg:reason", "topic:scrutiny", "actor:foo")),
    Case("Statement-target", DOE, put(f"{DOE} uprkg:target topic:scrutiny")),
    Case(
        "Statement-target-known",
        URGES,
        drop(
            f"{URGES} uprkg:target actor:foo",
            f"{URGES} uprkg:qualifiedTarget {QT_URGED}",
            "actor:rights-watch uprkg:urged actor:foo",
            "actor:foo uprkg:urgedBy actor:rights-watch",
        ),
    ),
    Case("Statement-qualifiedTarget", DOE, put(f"{DOE} uprkg:qualifiedTarget quote:a-0-30")),
    Case(
        "Statement-channel",
        DOE,
        swap(DOE, "uprkg:channel", "channel:remarks-to-press", "channel:telepathy"),
    ),
    Case("Statement-channel-known", DOE, drop(f"{DOE} uprkg:channel channel:remarks-to-press")),
    Case(
        "Statement-date-known",
        DOE,
        drop(f'{DOE} dct:date "2025-11-07"^^xsd:date', f"{DOE} uprkg:datePrecision time:unitDay"),
    ),
    Case(
        "Statement-action",
        URGES,
        swap(URGES, "uprkg:action", '"take part in its review"@en', '"take part in its review"'),
    ),
    Case(
        "Statement-inDocument",
        DOE,
        swap(DOE, "uprkg:inDocument", "document:foo-letter", "decision:foo-stays-away"),
    ),
    Case(
        "AppealSaysWhatIsUrged", URGES, drop(f'{URGES} uprkg:action "take part in its review"@en')
    ),
    Case(
        "AppealSaysWhatIsUrged",
        DOE,
        swap(DOE, "uprkg:stance", "stance:criticism", "stance:demand"),
        why="demand",
    ),
    Case(
        "Statement-targetRoles",
        DOE,
        drop(f"{DOE} uprkg:qualifiedTarget {QT_DECISION}"),
        why="target-without-role",
    ),
    Case(
        "Statement-targetRoles",
        DOE,
        drop(f"{DOE} uprkg:target decision:foo-stays-away"),
        why="role-without-target",
    ),
    Case(
        "StatementNotAfterSource",
        DOE,
        swap(DOE, "dct:date", '"2025-11-07"^^xsd:date', '"2025-11-08"^^xsd:date'),
        why="day-after-day",
    ),
    Case(
        "StatementNotAfterSource",
        URGES,
        swap(URGES, "dct:date", '"2025-11"^^xsd:gYearMonth', '"2025-12"^^xsd:gYearMonth'),
        # a statement of 7 November 2025, reported that day and in November 2025
        good=Edit(
            f'{URGES} dct:date "2025-11"^^xsd:gYearMonth ; uprkg:datePrecision time:unitMonth .',
            f'{URGES} dct:date "2025-11-07"^^xsd:date ; uprkg:datePrecision time:unitDay .',
        ),
        why="month-after-month",
    ),
    Case(
        "StatementNotAfterSource",
        URGES,
        Edit(
            f'{URGES} dct:date "2025-11"^^xsd:gYearMonth ; uprkg:datePrecision time:unitMonth .',
            f'{URGES} dct:date "2026"^^xsd:gYear ; uprkg:datePrecision time:unitYear .',
        ),
        # a statement of some time in 2025 can precede a source of 7 November 2025
        good=Edit(
            f'{URGES} dct:date "2025-11"^^xsd:gYearMonth ; uprkg:datePrecision time:unitMonth .',
            f'{URGES} dct:date "2025"^^xsd:gYear ; uprkg:datePrecision time:unitYear .',
        ),
        why="year-after-day",
    ),
    Case(
        "QualifiedTarget-entity",
        QT_FOO,
        swap(QT_FOO, "uprkg:targetedEntity", "actor:foo", "topic:scrutiny"),
    ),
    Case("QualifiedTarget-role", QT_FOO, drop(f"{QT_FOO} uprkg:targetRole role:direct")),
    Case(
        "QualifiedTarget-role",
        QT_FOO,
        swap(QT_FOO, "uprkg:targetRole", "role:direct", "role:bystander"),
        why="unknown",
    ),
    # -- events -----------------------------------------------------------------------
    Case(
        "Event-actors",
        SANCTION,
        swap(SANCTION, "uprkg:participant", "actor:rights-watch", "topic:scrutiny"),
    ),
    Case("Event-paraphrase", SANCTION, put(f'{SANCTION} uprkg:paraphrase "Foo punished Bar."@en')),
    Case(
        "Event-date-known",
        SANCTION,
        drop(
            f'{SANCTION} dct:date "2025-09-01"^^xsd:date',
            f'{SANCTION} uprkg:endDate "2025-09-30"^^xsd:date',
            f"{SANCTION} uprkg:datePrecision time:unitDay",
        ),
    ),
    Case(
        "Event-endDate",
        SANCTION,
        swap(SANCTION, "uprkg:endDate", '"2025-09-30"^^xsd:date', '"late September"'),
    ),
    Case("Event-rescheduledTo", SANCTION, put(f'{SANCTION} uprkg:rescheduledTo "next year"')),
    Case(
        "Event-forReview",
        SANCTION,
        swap(SANCTION, "uprkg:forReview", "review:foo-2025", "document:foo-letter"),
    ),
    Case(
        "Event-document",
        SANCTION,
        put(f"{SANCTION} uprkg:document actor:foo"),
        good=put(f"{SANCTION} uprkg:document document:foo-letter"),
    ),
    Case(
        "EventEndsAfterItStarts",
        SANCTION,
        swap(SANCTION, "uprkg:endDate", '"2025-09-30"^^xsd:date', '"2025-08-31"^^xsd:date'),
        good=swap(SANCTION, "uprkg:endDate", '"2025-09-30"^^xsd:date', '"2025-09-01"^^xsd:date'),
    ),
    Case(
        "EventEndsAfterItStarts",
        SANCTION,
        drop(f'{SANCTION} dct:date "2025-09-01"^^xsd:date'),
        why="no-start",
    ),
    Case("Sanction-performedBy", SANCTION, drop(f"{SANCTION} uprkg:performedBy actor:foo", *EDGES)),
    Case("Sanction-affects", SANCTION, drop(f"{SANCTION} uprkg:affects actor:bar", *EDGES)),
    # -- claims -----------------------------------------------------------------------
    Case(
        "Claim-paraphrase",
        CLAIM_A,
        drop(f'{CLAIM_A} uprkg:paraphrase "The review began in 2006."@en'),
    ),
    Case("Claim-voice", CLAIM_A, drop(f"{CLAIM_A} uprkg:voice voice:own")),
    Case(
        "Claim-claimant",
        CLAIM_B,
        swap(CLAIM_B, "uprkg:claimant", "actor:bar", "topic:scrutiny"),
    ),
    Case(
        "Claim-subject",
        CLAIM_A,
        swap(CLAIM_A, "uprkg:subject", "review:foo-2025", "topic:scrutiny"),
    ),
    Case(
        "Claim-claimProperty",
        CLAIM_A,
        put(f"{CLAIM_A} uprkg:claimProperty claimprop:due-date"),
    ),
    Case("Claim-proposition", CLAIM_A, swap(CLAIM_A, "uprkg:proposition", PROP, "actor:foo")),
    Case(
        "Claim-valueText",
        CLAIM_A,
        swap(CLAIM_A, "uprkg:valueText", '"the review began in"@en', '"the review began in"'),
    ),
    Case("Claim-valueLabel", CLAIM_A, put(f'{CLAIM_A} uprkg:valueLabel "MMVI"@en')),
    Case(
        "Claim-valuePrecision",
        CLAIM_A,
        swap(CLAIM_A, "uprkg:valuePrecision", "time:unitYear", "time:unitWeek"),
    ),
    Case(
        "TextClaim",
        TEXT_CLAIM,
        put(
            f"{TEXT_CLAIM} a uprkg:Claim , uprkg:TextClaim ; "
            "rdfs:label 'The review is a peer review.'@en ; "
            "uprkg:paraphrase 'The review is a peer review.'@en ; uprkg:voice voice:own ; "
            "uprkg:quote quote:a-140-160 ; uprkg:source source:a"
        ),
    ),
    Case("TextClaimHasNoValue-value", CLAIM_A, put(f"{CLAIM_A} a uprkg:TextClaim")),
    Case(
        "ClaimIsTypedOrText",
        TEXT_CLAIM,
        put(
            f"{TEXT_CLAIM} a uprkg:Claim ; rdfs:label 'The review is a peer review.'@en ; "
            "uprkg:paraphrase 'The review is a peer review.'@en ; uprkg:voice voice:own ; "
            "uprkg:quote quote:a-140-160 ; uprkg:source source:a"
        ),
        good=put(
            f"{TEXT_CLAIM} a uprkg:Claim , uprkg:TextClaim ; "
            "rdfs:label 'The review is a peer review.'@en ; "
            "uprkg:paraphrase 'The review is a peer review.'@en ; uprkg:voice voice:own ; "
            "uprkg:quote quote:a-140-160 ; uprkg:source source:a"
        ),
    ),
    Case(
        "ClaimValueHasProposition-subject",
        CLAIM_A,
        drop(f"{CLAIM_A} uprkg:subject review:foo-2025"),
    ),
    Case(
        "ClaimValueHasProposition-claimProperty",
        CLAIM_A,
        drop(f"{CLAIM_A} uprkg:claimProperty claimprop:start-date"),
    ),
    Case(
        "ClaimValueHasProposition-proposition",
        CLAIM_A,
        drop(f"{CLAIM_A} uprkg:proposition {PROP}"),
    ),
    Case(
        "ClaimValueMatchesKind",
        PROP,
        swap(CLAIM_A, "uprkg:value", '"2006"^^xsd:gYear', '"2006"'),
        why="a-string-for-a-date",
    ),
    Case(
        "ClaimValueMatchesKind",
        PROP,
        swap(CLAIM_A, "uprkg:valuePrecision", "time:unitYear", "time:unitMonth"),
        why="precision-disagrees",
    ),
    Case(
        "ClaimValueMatchesKind",
        PROP,
        swap(CLAIM_A, "uprkg:value", '"2006"^^xsd:gYear', '"--11"^^xsd:gMonth'),
        # a month without a year is a date known to the month
        good=Edit(
            f'{CLAIM_A} uprkg:value "2006"^^xsd:gYear ; uprkg:valuePrecision time:unitYear .',
            f'{CLAIM_A} uprkg:value "--11"^^xsd:gMonth ; uprkg:valuePrecision time:unitMonth .',
        ),
        why="month-without-year-at-year-precision",
    ),
    Case(
        "ClaimValueMatchesKind",
        PROP,
        Edit(
            f"{CLAIM_A} uprkg:claimProperty claimprop:start-date . "
            f"{PROP} uprkg:claimProperty claimprop:start-date .",
            f"{CLAIM_A} uprkg:claimProperty claimprop:speaker . "
            f"{PROP} uprkg:claimProperty claimprop:speaker .",
        ),
        # an entity value is an item of the corpus
        good=Edit(
            f'{CLAIM_A} uprkg:claimProperty claimprop:start-date ; uprkg:value "2006"^^xsd:gYear . '
            f'{CLAIM_B} uprkg:claimProperty claimprop:start-date ; uprkg:value "2008"^^xsd:gYear . '
            f"{PROP} uprkg:claimProperty claimprop:start-date .",
            f"{CLAIM_A} uprkg:claimProperty claimprop:speaker ; uprkg:value actor:jane-doe . "
            f"{CLAIM_B} uprkg:claimProperty claimprop:speaker ; uprkg:value actor:bar . "
            f"{PROP} uprkg:claimProperty claimprop:speaker .",
        ),
        why="a-year-for-an-actor",
    ),
    Case(
        "ClaimInItsProposition",
        CLAIM_A,
        swap(CLAIM_A, "uprkg:subject", "review:foo-2025", "actor:foo"),
    ),
    Case(
        "ReportedClaimHasClaimant",
        CLAIM_B,
        drop(f"{CLAIM_B} uprkg:claimant actor:bar"),
        good=Edit(
            f"{CLAIM_B} uprkg:claimant actor:bar ; uprkg:voice voice:reported .",
            f"{CLAIM_B} uprkg:voice voice:own .",
        ),
    ),
    # -- derived edges ------------------------------------------------------------------
    Case(
        "BackedCriticised",
        "actor:rights-watch",
        put("actor:rights-watch uprkg:criticised actor:foo"),
    ),
    Case(
        "BackedCriticised",
        "actor:foo",
        put("actor:foo uprkg:criticisedBy actor:rights-watch"),
        why="inverse",
    ),
    Case(
        "BackedCriticised",
        "actor:bar",
        # Bar's statement targets Foo only through Foo's decision (good), or not at all (bad)
        Edit(
            f"{DOE} uprkg:target actor:foo ; uprkg:qualifiedTarget {QT_FOO} . "
            "decision:foo-stays-away uprkg:responsibleActor actor:foo .",
            "decision:foo-stays-away uprkg:responsibleActor actor:rights-network .",
        ),
        good=drop(f"{DOE} uprkg:target actor:foo", f"{DOE} uprkg:qualifiedTarget {QT_FOO}"),
        why="through-a-decision",
    ),
    Case(
        "BackedAccused",
        "actor:jane-doe",
        put("actor:jane-doe uprkg:accused actor:foo"),
        good=Edit(
            f"{DOE} uprkg:stance stance:criticism .",
            f"{DOE} uprkg:stance stance:accusation . actor:jane-doe uprkg:accused actor:foo .",
        ),
    ),
    Case(
        "BackedRejected",
        "actor:foo",
        put("actor:foo uprkg:rejectedBy actor:bar"),
        good=Edit(
            f"{DOE} uprkg:stance stance:criticism .",
            f"{DOE} uprkg:stance stance:rejection . actor:foo uprkg:rejectedBy actor:bar .",
        ),
    ),
    Case("BackedUrged", "actor:bar", put("actor:bar uprkg:urged actor:foo")),
    Case(
        "BackedSupported",
        "actor:rights-watch",
        put("actor:rights-watch uprkg:supported actor:foo"),
        good=Edit(
            f"{URGES} uprkg:stance stance:appeal .",
            f"{URGES} uprkg:stance stance:endorsement . "
            "actor:rights-watch uprkg:supported actor:foo .",
        ),
    ),
    Case("BackedSanctioned", "actor:bar", put("actor:bar uprkg:sanctioned actor:foo")),
    Case(
        "BackedSanctioned",
        "actor:foo",
        put("actor:foo uprkg:sanctionedBy actor:rights-watch"),
        why="inverse",
    ),
    # -- the formal UPR record (shapes/record.ttl) -------------------------------------
    Case("Recommendation-recommendedBy", REC, drop(f"{REC} uprkg:recommendedBy actor:bar")),
    Case("Recommendation-recommendedTo", REC, drop(f"{REC} uprkg:recommendedTo actor:foo")),
    Case(
        "Recommendation-text", REC, swap(REC, "uprkg:text", '"Attend the review."', '"Attend"@en')
    ),
    Case("Recommendation-forReview", REC, drop(f"{REC} uprkg:forReview review:foo-2025")),
    Case(
        "Recommendation-recordedIn",
        REC,
        swap(REC, "uprkg:recordedIn", "dataset:foo-record", "actor:foo"),
    ),
    Case(
        "Recommendation-sourceLine",
        REC,
        swap(ROW, "uprkg:sourceLine", '"2"^^xsd:positiveInteger', '"2"^^xsd:integer'),
    ),
    Case(
        "Recommendation-actionCategory",
        REC,
        swap(REC, "uprkg:actionCategory", "action:4", "action:6"),
    ),
    Case(
        "Recommendation-issue", REC, swap(REC, "uprkg:issue", "issue:upr-process", "topic:scrutiny")
    ),
    Case("Recommendation-sessionNumber", REC, swap(REC, "uprkg:sessionNumber", "50", "0")),
    Case(
        "Recommendation-response",
        REC,
        put(
            f"{RESPONSE_2} a uprkg:RecommendationResponse",
            f"{RESPONSE_2} uprkg:respondsTo {REC}",
            f"{RESPONSE_2} uprkg:respondent actor:foo",
            f"{RESPONSE_2} uprkg:responseStatus response:supported",
        ),
    ),
    Case(
        "Recommendation-response-known",
        REC,
        drop(
            f"{RESPONSE} a uprkg:RecommendationResponse",
            f"{RESPONSE} uprkg:respondsTo {REC}",
            f"{RESPONSE} uprkg:respondent actor:foo",
            f"{RESPONSE} uprkg:responseStatus response:noted",
        ),
    ),
    Case(
        "RecommendationToReviewedState",
        REC,
        Edit(
            f"{REC} uprkg:forReview review:foo-2025 .",
            f"{REC} uprkg:forReview review:bar-2020 . review:bar-2020 a uprkg:Review ; "
            'rdfs:label "UPR of Bar"@en ; uprkg:stateUnderReview actor:bar .',
        ),
    ),
    Case("RecommenderNotReviewed", REC, put(f"{REC} uprkg:recommendedBy actor:foo")),
    Case(
        "RecommendationResponse-respondsTo",
        RESPONSE,
        drop(f"{RESPONSE} uprkg:respondsTo {REC}"),
    ),
    Case(
        "RecommendationResponse-respondent",
        RESPONSE,
        drop(f"{RESPONSE} uprkg:respondent actor:foo"),
    ),
    Case(
        "RecommendationResponse-status",
        RESPONSE,
        swap(RESPONSE, "uprkg:responseStatus", "response:noted", "stance:criticism"),
    ),
    Case(
        "ResponseByReviewedState",
        RESPONSE,
        swap(RESPONSE, "uprkg:respondent", "actor:foo", "actor:bar"),
    ),
    Case(
        "RecordDataset-title",
        "dataset:foo-record",
        swap("dataset:foo-record", "dct:title", '"Recommendations to Foo"@en', '"Foo"'),
    ),
    Case(
        "RecordDataset-publisher",
        "dataset:foo-record",
        drop('dataset:foo-record dct:publisher "Record Keepers"'),
    ),
    Case(
        "RecordDataset-dataFile",
        "dataset:foo-record",
        drop('dataset:foo-record uprkg:dataFile "foo.csv"'),
    ),
    Case(
        "RecordDataset-sha256",
        "dataset:foo-record",
        swap("dataset:foo-record", "uprkg:dataFileSha256", f'"{"0" * 64}"', '"abc"'),
    ),
    Case(
        "RecordDataset-licenceNote",
        "dataset:foo-record",
        drop('dataset:foo-record uprkg:licenceNote "Reuse with attribution."@en'),
    ),
    Case(
        "RecordIssue-inScheme",
        "issue:upr-process",
        swap("issue:upr-process", "skos:inScheme", "uprkg:UPRInfoIssueScheme", "uprkg:TopicScheme"),
    ),
    Case(
        "RecordIssue-prefLabel",
        "issue:upr-process",
        drop('issue:upr-process skos:prefLabel "UPR process"@en'),
    ),
    Case("GroupedState", "topic:scrutiny", put("topic:scrutiny uprkg:regionalGroup group:weog")),
    Case(
        "GroupedState-regionalGroup",
        "actor:bar",
        swap("actor:bar", "uprkg:regionalGroup", "group:weog", "group:nordic"),
    ),
    Case(
        "BackedMadeRecommendationTo",
        "actor:foo",
        put("actor:foo uprkg:madeRecommendationTo actor:bar"),
    ),
]


# -- helpers --------------------------------------------------------------------------


@cache
def base_graph() -> Graph:
    return Graph().parse(BASE, format="turtle")


def turtle(text: str) -> Graph:
    return Graph().parse(data=HEADER + text, format="turtle")


def edited(edit: Edit) -> Graph:
    graph = Graph()
    for triple in base_graph():
        graph.add(triple)
    removed = turtle(edit.remove)
    missing = [t for t in removed if t not in graph]
    assert not missing, f"the edit removes triples the base graph lacks: {missing}"
    for triple in removed:
        graph.remove(triple)
    for triple in turtle(edit.add):
        graph.add(triple)
    return graph


@cache
def report_of(edit: Edit, engine: str = "fast"):
    """The report on the edited base graph, once per edit and engine in a session: the
    same graph gives the same report, and 152 cases share one passing graph (the base)."""
    return validate(edited(edit), engine=engine)


def node(name: str) -> URIRef:
    """A prefixed name or <IRI> written as in the cases, as an IRI."""
    return turtle(f"{name} rdfs:label 'x' .").value(predicate=RDFS.label, object=Literal("x"))


def declared_severity(shape: URIRef) -> str:
    severity = load_shapes().value(shape, SH.severity) or SH.Violation
    return str(severity).removeprefix(str(SH))


def constraint_shapes() -> set[str]:
    """Named shapes that carry a constraint of their own (not just sh:property links)."""
    shapes = load_shapes()
    bookkeeping = {RDF.type, RDFS.label, SH.property, SH.severity, SH.message, SH.deactivated}
    bookkeeping |= {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf}
    found = set()
    for kind in (SH.NodeShape, SH.PropertyShape):
        for shape in shapes.subjects(RDF.type, kind):
            if isinstance(shape, URIRef) and set(shapes.predicates(shape)) - bookkeeping - {
                SH.path
            }:
                found.add(shape.removeprefix(str(SHAPES)))
    return found


# -- the table --------------------------------------------------------------------------


def test_the_base_graph_meets_every_shape_without_a_warning():
    report = validate(base_graph())
    assert report.results == [], report.text()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_a_graph_that_breaks_the_shape_is_reported_at_its_focus_node(case: Case):
    shape = SHAPES[case.shape]
    report = report_of(case.bad)
    hits = [r for r in report.results if r.shape == shape]
    assert hits, f"{case.shape} did not fire:\n{report.text()}"
    assert node(case.focus) in {r.focus for r in hits}, report.text()
    assert {r.severity for r in hits} == {declared_severity(shape)}
    assert all(r.message and "{" not in r.message for r in hits)
    assert report.conforms == (declared_severity(shape) != "Violation")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_a_graph_that_meets_the_shape_gives_no_result_from_it(case: Case):
    report = report_of(case.good)
    assert [r for r in report.results if r.shape == SHAPES[case.shape]] == [], report.text()


def test_every_shape_with_a_constraint_has_cases():
    assert constraint_shapes() == {c.shape for c in CASES}


def test_every_node_shape_targets_something_in_the_passing_graphs():
    """So the passing cases pass because the data is right, not because nothing was checked."""
    shapes = load_shapes()
    data = Graph()
    for edit in {Edit(), *(c.good for c in CASES)}:
        for triple in edited(edit):
            data.add(triple)
    with_ontology(data, default_ontology())
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        if not isinstance(shape, URIRef):
            continue
        focus = set()
        for cls in shapes.objects(shape, SH.targetClass):
            focus |= set(data.subjects(RDF.type, cls))
        for prop in shapes.objects(shape, SH.targetSubjectsOf):
            focus |= set(data.subjects(prop, None))
        assert focus, f"{shape} targets nothing in the passing graphs"


# -- what every shape must carry ----------------------------------------------------------


def test_every_constraint_carries_an_english_message_for_researchers():
    shapes = load_shapes()
    for name in sorted(constraint_shapes()):
        shape = SHAPES[name]
        holders = [shape, *shapes.objects(shape, SH.sparql)]
        messages = [m for h in holders for m in shapes.objects(h, SH.message)]
        assert any(m.language == "en" and len(m) > 30 for m in messages), name


def test_severities_are_violation_warning_or_info():
    shapes = load_shapes()
    used = set(shapes.objects(None, SH.severity))
    assert used <= {SH.Violation, SH.Warning, SH.Info}
    assert {SH.Warning, SH.Info} <= used


# -- closed value sets follow the ontology ---------------------------------------------------


def sh_in(shape: str) -> set:
    shapes = load_shapes()
    return set(Collection(shapes, shapes.value(SHAPES[shape], SH["in"])))


def concepts(ontology: Graph, cls: str) -> set:
    return set(ontology.subjects(RDF.type, URIRef(f"https://w3id.org/uprkg/ontology#{cls}")))


@pytest.mark.parametrize(
    ("shape", "cls"),
    [
        ("Statement-stance", "Stance"),
        ("Statement-channel", "Channel"),
        ("Statement-voice", "Voice"),
        ("Claim-voice", "Voice"),
        ("QualifiedTarget-role", "TargetRole"),
        ("Post-tenure", "Tenure"),
        ("Review-participation", "ParticipationStatus"),
    ],
)
def test_closed_value_sets_are_exactly_the_ontology_concepts(shape, cls):
    from uprkg.vocab import load_vocabulary

    ontology = load_vocabulary().graph
    assert sh_in(shape) == concepts(ontology, cls)
    scheme = {ontology.value(c, SKOS.inScheme) for c in sh_in(shape)}
    assert len(scheme) == 1


def test_boilerplate_kinds_are_the_ones_the_corpus_accepts():
    from uprkg.corpus import BOILERPLATE_KINDS

    assert {str(k) for k in sh_in("BoilerplateRange-kind")} == set(BOILERPLATE_KINDS)


@pytest.mark.parametrize(
    ("shape", "relation", "family"),
    [
        ("BackedCriticised", "criticised", "Criticism"),
        ("BackedAccused", "accused", "Accusation"),
        ("BackedRejected", "rejected", "Rejection"),
        ("BackedUrged", "urged", "Appeal"),
        ("BackedSupported", "supported", "SupportiveStatement"),
    ],
)
def test_every_stance_of_a_family_backs_its_edge_and_no_other_does(shape, relation, family):
    """The stance lists in derived.ttl match the ontology's definition of each family."""
    from uprkg.vocab import load_vocabulary

    ontology = load_vocabulary().graph
    members = stances_of(ontology, URIRef(f"https://w3id.org/uprkg/ontology#{family}"))
    assert members
    for stance in sorted(concepts(ontology, "Stance")):
        graph = edited(
            Edit(
                f"{DOE} uprkg:stance stance:criticism .",
                f"{DOE} uprkg:stance <{stance}> . actor:jane-doe uprkg:{relation} actor:foo .",
            )
        )
        hits = [r for r in validate(graph).results if r.shape == SHAPES[shape]]
        assert bool(hits) == (stance not in members), stance


def stances_of(ontology: Graph, family: URIRef) -> set:
    """The stances a statement class is defined by: owl:oneOf members or an owl:hasValue."""
    found = set()
    for definition in ontology.objects(family, OWL.equivalentClass):
        for part in ontology.transitive_objects(definition, None):
            found |= {v for v in ontology.objects(part, OWL.hasValue)}
            for one in ontology.objects(part, OWL.oneOf):
                found |= set(Collection(ontology, one))
    return {s for s in found if str(s).startswith("https://w3id.org/uprkg/stance/")}


# -- portability ---------------------------------------------------------------------------


def test_shapes_use_only_shacl_core_and_shacl_sparql():
    """No SHACL Advanced Features, no SHACL-JS: another engine must give the same verdict."""
    shapes = load_shapes()
    advanced = {SH.rule, SH.target, SH.SPARQLTarget, SH.expression, SH.condition, SH.js}
    advanced |= {SH.JSConstraint, SH.SPARQLRule, SH.TripleRule, SH.SPARQLFunction, SH.values}
    used = set(shapes.predicates()) | set(shapes.objects(None, RDF.type))
    assert not used & advanced
    for query in shapes.objects(None, SH.select):
        words = str(query).upper().split()
        # SHACL 1.0, 5.3.1: no MINUS, no SERVICE, no VALUES in constraint queries
        assert not {"MINUS", "SERVICE", "VALUES"} & set(words), query
        assert "$THIS" in str(query).upper()


def test_the_shapes_graph_is_valid_shacl():
    """pySHACL's meta-SHACL check: the shapes graph itself conforms to SHACL-SHACL."""
    from pyshacl import validate as pyshacl_validate

    conforms, _, text = pyshacl_validate(load_shapes(), meta_shacl=True, inference="none")
    assert conforms, text


def test_every_sparql_constraint_declares_its_prefixes_in_the_shapes_graph():
    shapes = load_shapes()
    declared = {str(p) for p in shapes.objects(None, SH.prefix)}
    for constraint in shapes.subjects(SH.select, None):
        holder = shapes.value(constraint, SH.prefixes)
        assert holder == URIRef("https://w3id.org/uprkg/shapes"), constraint
        query = str(shapes.value(constraint, SH.select))
        used = {w.split(":")[0] for w in query.replace("(", " ").split() if ":" in w}
        used = {u.lstrip("^!|/") for u in used if u and not u.startswith(("?", "$", '"'))}
        assert used <= declared, used - declared


PLAIN_ENGINE_CASES = [
    c
    for c in CASES
    if c.id
    in {
        "Labelled-label-no-english",
        "State-iso3166Alpha3",
        "Post-organization-a-person",
        "QuotesMatchSources-sources-quote-from-a-source-not-named",
        "QuoteLengthMatchesOffsets",
        "SelectorInsideSource-end-past-text",
        "DatePrecisionAgrees",
        "StatementNotAfterSource-year-after-day",
        "Statement-speakerPost",
        "ContestedHasDisagreement-only-an-agreement",
        "ClaimValueMatchesKind-precision-disagrees",
        "ClaimValueMatchesKind-a-year-for-an-actor",
        "BackedCriticised-inverse",
    }
]


@pytest.mark.slow  # pySHACL over each graph mixed with the whole ontology: seconds a case
@pytest.mark.parametrize("case", PLAIN_ENGINE_CASES, ids=lambda c: c.id)
def test_plain_pyshacl_with_the_ontology_gives_the_same_results(case: Case):
    """No uprkg code between the shapes and the engine: the same (focus, shape, severity) set.

    pySHACL mixes the ontology into the data graph (`ont_graph`) and follows
    rdfs:subClassOf itself; uprkg also closes rdf:type and caches parsed
    queries. Neither may change a result.
    """
    from pyshacl import validate as pyshacl_validate

    from uprkg.validate import read_results

    graph = edited(case.bad)
    _, report, _ = pyshacl_validate(
        graph,
        shacl_graph=load_shapes(),
        ont_graph=default_ontology(),
        inference="none",
        allow_warnings=True,
    )
    plain = {(r.focus, r.shape, r.severity) for r in read_results(report, graph)}
    ours = {(r.focus, r.shape, r.severity) for r in report_of(case.bad).results}
    assert plain == ours
    assert any(shape == SHAPES[case.shape] for _, shape, _ in plain)
