"""Ground truth written by hand from reading the five articles.

Every row names the words of the article that justify it (`evidence`); the
tests check those words really are in that source, then check the graph and
the canned queries against these tables. Ids are the corpus's ids; sources
are abbreviated to their three-digit prefix (000 ... 004).

Coding rules these tables follow (see README, "What the graph contains"):
criticism covers the stances criticism, condemnation, accusation and
rejection; each named target counts, including states named as examples or
as alleged violators; a document or decision target is listed as itself.
"""

from __future__ import annotations

from typing import NamedTuple


class Criticism(NamedTuple):
    statement: str
    critic: str  # the speaker
    target: str
    role: str
    sources: frozenset[str]
    evidence: tuple[str, str]  # (source, words of the article)


def C(statement, critic, targets, sources, evidence):
    """Rows for one statement: targets is a list of (target, role)."""
    return [
        Criticism(statement, critic, t, r, frozenset(sources.split()), evidence) for t, r in targets
    ]


# the stances of the annotation format (README, "What the graph contains")
STANCES = frozenset(
    {
        "criticism",
        "condemnation",
        "accusation",
        "rejection",
        "appeal",
        "demand",
        "defence",
        "endorsement",
        "observation",
        "commitment",
    }
)

D = "direct"
WHO_CRITICISED_WHOM: list[Criticism] = [
    # --- 000 -------------------------------------------------------------
    *C(
        "china-lack-of-respect-for-upr",
        "china-representative",
        [("usa", D)],
        "000",
        ("000", "Washington was showing a “lack of respect for the UPR mechanism”"),
    ),
    *C(
        "cuba-accuses-us-fear-of-oversight",
        "cuba",
        [("usa", D)],
        "000",
        ("000", "Cuba accused the US of being afraid"),
    ),
    *C(
        "state-department-will-not-be-lectured",
        "us-state-department",
        [
            ("un-human-rights-council", D),
            ("venezuela", "named-example"),
            ("china", "named-example"),
            ("sudan", "named-example"),
        ],
        "000 001",
        (
            "000",
            "by the likes of HRC (Human Rights Council) members such as Venezuela, China or Sudan",
        ),
    ),
    # --- 001 -------------------------------------------------------------
    *C(
        "us-participation-would-legitimize-council",
        "usa",
        [("upr", D), ("un-human-rights-council", D)],
        "001",
        ("001", "saying participation would legitimize the Human Rights Council"),
    ),
    *C(
        "hrf-damaging-setback",
        "human-rights-first",
        [("us-decision-not-to-participate", D)],
        "001",
        ("001", "another damaging setback to American credibility on human rights"),
    ),
    *C(
        "zeya-showing-up-is-the-bare-minimum",
        "uzra-zeya",
        [("usa", D)],
        "001",
        ("001", "The United States isn’t being singled out"),
    ),
    *C(
        "lynch-human-rights-pariah-state",
        "phil-lynch",
        [("donald-trump", D)],
        "001",
        ("001", "accused Trump of making the U.S. “a human rights pariah state.”"),
    ),
    *C(
        "posner-excuse-to-follow-suit",
        "michael-posner",
        [
            ("usa", D),
            ("iran", "alleged-violator"),
            ("russia", "alleged-violator"),
            ("sudan", "alleged-violator"),
        ],
        "001",
        ("001", "gives gross human rights abusers like Iran, Russia and Sudan an excuse"),
    ),
    # --- 002 -------------------------------------------------------------
    *C(
        "us-mission-letter-will-not-participate",
        "us-mission-geneva",
        [("upr", D)],
        "002",
        (
            "002",
            "the United States of America will not participate in the Universal Periodic Review",
        ),
    ),
    *C(
        "state-department-official-failure-to-condemn",
        "us-state-department-official",
        [("un-human-rights-council", D)],
        "001 002",
        (
            "002",
            "ignores its persistent failure to condemn the most egregious human rights violators",
        ),
    ),
    *C(
        "us-letter-upr-not-objective",
        "us-mission-geneva",
        [("upr", D)],
        "002 003",
        ("003", "“However, this is not the case today,” it charged"),
    ),
    *C(
        "us-letter-politicisation-and-bias-against-israel",
        "us-mission-geneva",
        [("un", D)],
        "002 003",
        ("002", "the UN’s unrelenting selective bias against Israel"),
    ),
    *C(
        "us-letter-un-ignores-abuses",
        "us-mission-geneva",
        [
            ("un", D),
            ("upr", D),
            ("china", "alleged-violator"),
            ("north-korea", "alleged-violator"),
            ("cuba", "alleged-violator"),
            ("venezuela", "alleged-violator"),
        ],
        "002 003",
        (
            "003",
            "It also accused the UN of “ignoring human rights abuses in China, North Korea, Cuba and Venezuela,”",
        ),
    ),
    # --- 003 -------------------------------------------------------------
    *C(
        "dakwar-boycott-puts-us-among-worst-violators",
        "jamil-dakwar",
        [("us-decision-not-to-participate", D), ("trump-administration", D)],
        "003",
        ("003", "The ACLU on Thursday condemned President Donald Trump’s administration"),
    ),
    *C(
        "kaye-justification-is-total-bs",
        "david-kaye",
        [("donald-trump", D), ("marco-rubio", D)],
        "003",
        ("003", "trump/rubio say they're not participating"),
    ),
    *C(
        "cldh-us-position-threatens-accountability",
        "cldh",
        [("usa", D)],
        "003",
        ("003", "the US position is “threatening global human rights accountability"),
    ),
    *C(
        "klasing-very-selective-documentation",
        "amanda-klasing",
        [("state-department-human-rights-report", D), ("trump-administration", D)],
        "003",
        ("003", "the Trump administration has engaged in a very selective documentation"),
    ),
    *C(
        "critics-highlight-israel",
        "other-critics",
        [("state-department-human-rights-report", D), ("israel", "alleged-violator")],
        "003",
        ("003", "Other critics highlighted Israel as an example of this."),
    ),
    *C(
        "blaha-report-useless-and-pro-israel",
        "charles-blaha",
        [("state-department-human-rights-report", D)],
        "003",
        ("003", "“nothing more than a pro-Israel document.”"),
    ),
    # --- 004 -------------------------------------------------------------
    *C(
        "advocates-outraged-at-us-failure",
        "advocates-for-human-rights",
        [("usa", D)],
        "004",
        ("004", "The Advocates for Human Rights is outraged"),
    ),
    *C(
        "prestholdt-condemns-betrayal",
        "jennifer-prestholdt",
        [("usa", D)],
        "004",
        ("004", "The Advocates condemns the United States' betrayal"),
    ),
    *C(
        "advocates-administration-undermined-process",
        "advocates-for-human-rights",
        [("trump-administration", D)],
        "004",
        ("004", "The current administration, however, undermined the process"),
    ),
    *C(
        "advocates-failure-threatens-upr-and-us-standing",
        "advocates-for-human-rights",
        [("usa", D)],
        "004",
        ("004", "The U.S. failure to participate threatens the integrity"),
    ),
    *C(
        "advocates-us-forfeits-its-defence",
        "advocates-for-human-rights",
        [("usa", D)],
        "004",
        ("004", "it is forfeiting the ability to present and defend its human rights record"),
    ),
]


class Appeal(NamedTuple):
    statement: str
    speakers: frozenset[str]
    addressee: str
    stance: str  # appeal | demand
    source: str
    evidence: str  # words of the article, also found in the coded action


def A(statement, speakers, addressees, stance, source, evidence):
    return [
        Appeal(statement, frozenset(speakers.split()), a, stance, source, evidence)
        for a in addressees.split()
    ]


APPEALS: list[Appeal] = [
    *A(
        "lynch-experts-should-intensify-scrutiny",
        "phil-lynch",
        "human-rights-experts-and-bodies",
        "appeal",
        "001",
        "intensify their focus and reporting",
    ),
    *A(
        "aclu-calls-on-congress-and-officials",
        "jamil-dakwar",
        "us-congress state-and-local-elected-officials",
        "appeal",
        "003",
        "join the fight",
    ),
    *A(
        "kaye-journalists-not-stenographers",
        "david-kaye",
        "journalists",
        "appeal",
        "003",
        "stenographers",
    ),
    *A(
        "upr-academics-call-on-us-to-resume",
        "upr-project-bcu upr-academic-network",
        "usa",
        "appeal",
        "003",
        "resume cooperation",
    ),
    *A(
        "upr-academics-call-on-states-and-lauber",
        "upr-project-bcu upr-academic-network",
        "un-member-states jurg-lauber international-community",
        "appeal",
        "003",
        "take appropriate steps and measures",
    ),
    *A(
        "advocates-call-on-us-to-fulfil-obligation",
        "advocates-for-human-rights",
        "usa",
        "appeal",
        "004",
        "obligation to participate",
    ),
    *A(
        "prestholdt-us-should-engage",
        "jennifer-prestholdt",
        "usa",
        "appeal",
        "004",
        "engagement and investment",
    ),
    *A(
        "advocates-administration-should-commit",
        "advocates-for-human-rights",
        "trump-administration",
        "demand",
        "004",
        "no later than November 2026",
    ),
    *A(
        "advocates-congress-must-ensure-participation",
        "advocates-for-human-rights",
        "us-congress",
        "demand",
        "004",
        "use all available means to ensure U.S. participation",
    ),
    *A(
        "prestholdt-urges-us-to-recommit",
        "jennifer-prestholdt",
        "usa",
        "appeal",
        "004",
        "recommit to human rights",
    ),
]


class Side(NamedTuple):
    """One side of a comparison: the value as the sources give it, who gives it."""

    value: str  # as `uprkg query contested-claims` prints it (the value's label)
    sources: frozenset[str]
    evidence: tuple[str, str]  # (source, words stating the value)


class Disagreement(NamedTuple):
    subject: str
    property: str
    sides: frozenset[Side]  # two sides whose values cannot both hold


def D(subject: str, prop: str, one: Side, other: Side) -> Disagreement:
    return Disagreement(subject, prop, frozenset({one, other}))


def S(value: str, sources: str, evidence: tuple[str, str]) -> Side:
    return Side(value, frozenset(sources.split()), evidence)


# Where the sources disagree, read from the articles: every pair of values
# that cannot both hold, with the sources giving each. Found by the builder's
# compatibility rules; no answer lists are declared anywhere.
CONTESTED: set[Disagreement] = {
    # "the second country in history" / "the only country, besides Israel" vs "the first country"
    D(
        "usa",
        "upr-absence-rank",
        S("2nd", "000 001", ("000", "becoming the second country in history to snub")),
        S("1st", "004", ("004", "the first country in the UPR's nearly 20-year history")),
    ),
    D(
        "upr",
        "start-date",
        S("2006", "001", ("001", "since the process began in 2006")),
        S("2008", "002 003 004", ("004", "Since the first UPR in 2008")),
    ),
    # 001: "in November" and 003: "an August 4 deadline", neither with a year
    D(
        "us-national-report-2025",
        "due-date",
        S("November (no year)", "001", ("001", "due to submit its report in November")),
        S("August 4 (no year)", "003", ("003", "missed an August 4 deadline")),
    ),
    D(
        "us-national-report-2025",
        "due-date",
        S("November (no year)", "001", ("001", "due to submit its report in November")),
        S("2025-08-04", "004", ("004", "which was due on August 4, 2025")),
    ),
    D(
        "state-department-will-not-be-lectured",
        "speaker",
        S(
            "US Department of State",
            "000",
            ("000", "the US Department of State said in a statement"),
        ),
        S(
            "unnamed US State Department official",
            "001",
            ("001", "A State Department official cited the HRC’s"),
        ),
    ),
    D(
        "state-department-official-failure-to-condemn",
        "quoted-words",
        S(
            "“persistent failure to condemn the most egregious human rights violators”",
            "002",
            ("002", "persistent failure to condemn the most egregious"),
        ),
        S(
            "“failure to condemn the worst violators”",
            "001",
            ("001", "“failure to condemn the worst violators”"),
        ),
    ),
}

# Values that two or more sources corroborate: (subject, property, relation,
# (value, its sources), (other value, its sources) or None for an agreement).
# A refinement lists the coarser value first.
Sides = tuple[str, frozenset[str]]


def C2(subject, prop, relation, value, sources, other=None, other_sources=""):
    first = (value, frozenset(sources.split()))
    second = (other, frozenset(other_sources.split())) if other else None
    return (subject, prop, relation, first, second)


CORROBORATED_CLAIMS: set[tuple[str, str, str, Sides, Sides | None]] = {
    C2("upr", "start-date", "agreement", "2008", "002 003 004"),
    C2("upr", "states-under-review", "agreement", "193", "000 002 004"),
    # "every four to five years" (000, 002) and "every 4½ years" (001)
    C2("upr", "review-interval", "agreement", "every 4 to 5 years", "000 002"),
    C2(
        "upr",
        "review-interval",
        "overlap",
        "every 4 to 5 years",
        "000 002",
        "every 4 years 6 months",
        "001",
    ),
    # "the second country in history" (000), "the only country, besides Israel" (001)
    C2("usa", "upr-absence-rank", "agreement", "2nd", "000 001"),
    # 003 "an August 4 deadline" (no year); 004 "due on August 4, 2025"
    C2(
        "us-national-report-2025",
        "due-date",
        "refinement",
        "August 4 (no year)",
        "003",
        "2025-08-04",
        "004",
    ),
    C2(
        "us-misses-national-report-deadline",
        "date",
        "refinement",
        "August 4 (no year)",
        "003",
        "2025-08-04",
        "004",
    ),
    # reports giving the record's date: "November 7, 2025" (004) for "on Friday" (000)
    C2("us-review-session-2025-11-07", "date", "agreement", "2025-11-07", "000 004"),
    C2("us-absent-from-review-session", "date", "agreement", "2025-11-07", "000 004"),
    C2("human-rights-council-created", "date", "agreement", "2006", "002 003"),
}

# Statements printed by more than one source: id -> sources
CORROBORATED_STATEMENTS: dict[str, frozenset[str]] = {
    "state-department-will-not-be-lectured": frozenset({"000", "001"}),
    "state-department-official-failure-to-condemn": frozenset({"001", "002"}),
    "us-letter-upr-not-objective": frozenset({"002", "003"}),
    "us-letter-politicisation-and-bias-against-israel": frozenset({"002", "003"}),
    "us-letter-un-ignores-abuses": frozenset({"002", "003"}),
    "sim-states-have-asked-to-postpone": frozenset({"002", "003"}),
    "sim-council-will-discuss-us-review": frozenset({"002", "003"}),
}

# Events reported by more than one source: id -> sources
CORROBORATED_EVENTS: dict[str, frozenset[str]] = {
    "us-notifies-non-participation": frozenset({"000", "002", "003"}),
    "us-withdraws-from-human-rights-council": frozenset({"001", "002", "003"}),
    # 002 prints only the letter's "scheduled to take place in Geneva on
    # November 7", written before the session: it does not report the session.
    "us-review-session-2025-11-07": frozenset({"000", "004"}),
    "us-absent-from-review-session": frozenset({"000", "004"}),
    "human-rights-council-created": frozenset({"002", "003"}),
    "hrc-session-september-october-2025": frozenset({"002", "003"}),
    "us-misses-national-report-deadline": frozenset({"003", "004"}),
}


class PostRow(NamedTuple):
    person: str
    organisation: str
    title: str
    tenure: str
    source: str
    evidence: str


POSTS: list[PostRow] = [
    PostRow(
        "jurg-lauber",
        "un-human-rights-council",
        "president of the UN Human Rights Council",
        "current",
        "000",
        "Jurg Lauber, president of the UN Human Rights Council",
    ),
    PostRow("donald-trump", "usa", "President", "current", "003", "U.S. President Donald Trump"),
    PostRow(
        "china-representative",
        "china",
        "representative at the meeting",
        "current",
        "000",
        "China’s representative at the meeting",
    ),
    PostRow(
        "uzra-zeya",
        "human-rights-first",
        "president and CEO",
        "current",
        "001",
        "president and CEO of Human Rights First",
    ),
    PostRow(
        "uzra-zeya",
        "biden-administration",
        "under secretary of state for civilian security, democracy, and human rights",
        "former",
        "001",
        "former under secretary of state for civilian security",
    ),
    PostRow(
        "phil-lynch",
        "human-rights-first-international",
        "executive director",
        "current",
        "001",
        "executive director of Human Rights First’s international service",
    ),
    PostRow(
        "michael-posner",
        "nyu-stern-center-business-human-rights",
        "director",
        "current",
        "001",
        "director of the Center for Business and Human Rights",
    ),
    PostRow(
        "us-state-department-official",
        "us-state-department",
        "official",
        "current",
        "002",
        "a US State Department official told AFP",
    ),
    PostRow(
        "volker-turk",
        "un",
        "UN High Commissioner for Human Rights",
        "current",
        "003",
        "UN High Commissioner for Human Rights Volker Türk",
    ),
    PostRow(
        "pascal-sim",
        "un-human-rights-council",
        "spokesperson",
        "current",
        "003",
        "UNHRC spokesperson Pascal Sim",
    ),
    PostRow(
        "jamil-dakwar",
        "aclu-human-rights-program",
        "director",
        "current",
        "003",
        "director of the ACLU’s Human Rights Program",
    ),
    PostRow(
        "marco-rubio",
        "us-state-department",
        "US Secretary of State",
        "current",
        "003",
        "US Secretary of State Marco Rubio and his department",
    ),
    PostRow(
        "pete-hegseth",
        "trump-administration",
        "Defense Secretary",
        "current",
        "003",
        "Defense Secretary Pete Hegseth",
    ),
    PostRow(
        "amanda-klasing",
        "amnesty-international-usa",
        "national director of government relations and advocacy",
        "current",
        "003",
        "Amnesty International USA’s national director of government relations",
    ),
    PostRow(
        "charles-blaha",
        "us-state-department",
        "State Department official",
        "former",
        "003",
        "a former State Department official",
    ),
    PostRow(
        "charles-blaha",
        "dawn",
        "senior adviser",
        "current",
        "003",
        "now serves as a senior adviser at DAWN",
    ),
    PostRow(
        "jennifer-prestholdt",
        "advocates-for-human-rights",
        "Deputy Director",
        "current",
        "004",
        "Jennifer Prestholdt, Deputy Director at The Advocates for Human Rights",
    ),
]

# People the articles name, each with words that name them.
PEOPLE: dict[str, tuple[str, str]] = {
    "jurg-lauber": ("000", "Jurg Lauber"),
    "donald-trump": ("000", "President Donald Trump"),
    "uzra-zeya": ("001", "Uzra Zeya"),
    "phil-lynch": ("001", "Phil Lynch"),
    "michael-posner": ("001", "Michael Posner"),
    "volker-turk": ("002", "Volker Turk"),
    "pascal-sim": ("002", "Pascal Sim"),
    "marco-rubio": ("003", "Marco Rubio"),
    "pete-hegseth": ("003", "Pete Hegseth"),
    "jamil-dakwar": ("003", "Jamil Dakwar"),
    "david-kaye": ("003", "David Kaye"),
    "amanda-klasing": ("003", "Amanda Klasing"),
    "charles-blaha": ("003", "Charles Blaha"),
    "jennifer-prestholdt": ("004", "Jennifer Prestholdt"),
    "china-representative": ("000", "China’s representative"),
    "us-state-department-official": ("001", "A State Department official"),
}
