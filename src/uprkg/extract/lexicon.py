"""Read and check the extraction lexicon (lexicon.yaml beside this module).

The lexicon is data: reporting verbs, stance cue words, channel and role
patterns, event cues and date words. Its values must be the ontology's own
terms (stances, channels, target roles, event types), so a typo in the
lexicon is reported with its file and line, not discovered as a silent miss.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from uprkg.errors import InputError, Problems
from uprkg.vocab import Vocabulary, load_vocabulary
from uprkg.yamlio import Mapping, Sequence, Text, load_yaml

DEFAULT_LEXICON = Path(__file__).resolve().parent / "lexicon.yaml"
SECTIONS = (
    "verbs",
    "cues",
    "stance_order",
    "families",
    "channels",
    "roles",
    "anaphora",
    "first_person",
    "not_targets",
    "weak_cues",
    "cue_weights",
    "events",
    "dates",
)
DATE_KEYS = ("today", "yesterday", "this_month", "weekdays", "months")


@dataclass(frozen=True)
class Verb:
    """One reporting-verb form and what it implies."""

    form: str
    stance: str | None = None
    object_role: str | None = None
    channel: str | None = None
    new_statement: bool = False


@dataclass
class Lexicon:
    verbs: dict[str, Verb] = field(default_factory=dict)
    cues: dict[str, list[str]] = field(default_factory=dict)
    stance_order: list[str] = field(default_factory=list)
    families: dict[str, str] = field(default_factory=dict)  # stance -> family
    channels: dict[str, list[str]] = field(default_factory=dict)
    roles: dict[str, list[str]] = field(default_factory=dict)
    anaphora: list[str] = field(default_factory=list)
    first_person: list[str] = field(default_factory=list)
    not_targets: list[str] = field(default_factory=list)
    weak_cues: list[str] = field(default_factory=list)
    cue_weights: dict[str, float] = field(default_factory=dict)
    events: dict[str, list[str]] = field(default_factory=dict)
    dates: dict[str, list[str]] = field(default_factory=dict)
    path: Path = DEFAULT_LEXICON

    def family(self, stance: str | None) -> str | None:
        return self.families.get(stance or "")

    def general(self, family: str | None) -> str | None:
        """The family's general stance: the first one listed ('criticism')."""
        return next((s for s, f in self.families.items() if f == family), None)


def _phrases(value, file: Path, key: str, problems: Problems) -> list[str]:
    if isinstance(value, Text):
        value = [value]
    if not isinstance(value, Sequence) or not all(isinstance(v, Text) for v in value):
        line = getattr(value, "line", None)
        problems.add("expected a list of words or phrases", file, line, key)
        return []
    return [" ".join(str(v).lower().split()) for v in value if str(v).strip()]


def _check(value: str, allowed, what: str, file: Path, line, key: str, problems: Problems):
    if value not in allowed:
        problems.add(
            f"unknown {what} '{value}'; expected one of: {', '.join(sorted(allowed))}",
            file,
            line,
            key,
        )


def load_lexicon(path: Path | None = None, vocab: Vocabulary | None = None) -> Lexicon:
    """Read a lexicon file; raise InputError naming file, line and field."""
    file = Path(path) if path else DEFAULT_LEXICON
    vocab = vocab or load_vocabulary()
    data = load_yaml(file)
    problems = Problems()
    if not isinstance(data, Mapping):
        raise InputError(f"{file}: expected a mapping of lexicon sections")
    for key in data:
        if key not in SECTIONS:
            problems.add(
                f"unknown lexicon section; expected one of: {', '.join(SECTIONS)}",
                file,
                data.line_of(key),
                key,
            )
    lex = Lexicon(path=file)
    for entry in data.get("verbs") or []:
        if not isinstance(entry, Mapping):
            problems.add("each verb entry is a mapping with 'forms'", file, entry.line, "verbs")
            continue
        stance, role, channel = entry.get("stance"), entry.get("object_role"), entry.get("channel")
        if stance:
            _check(stance, vocab.stances, "stance", file, stance.line, "stance", problems)
        if role:
            _check(
                role, vocab.target_roles, "target role", file, role.line, "object_role", problems
            )
        if channel:
            _check(channel, vocab.channels, "channel", file, channel.line, "channel", problems)
        for key in entry:
            if key not in ("forms", "stance", "object_role", "channel", "new_statement"):
                problems.add("unknown field of a verb entry", file, entry.line_of(key), key)
        for form in _phrases(entry.get("forms"), file, "forms", problems):
            if form in lex.verbs:
                problems.add(f"verb form '{form}' is listed twice", file, entry.line, "forms")
            lex.verbs[form] = Verb(
                form,
                str(stance) if stance else None,
                str(role) if role else None,
                str(channel) if channel else None,
                str(entry.get("new_statement") or "").lower() == "true",
            )
    for section, allowed, what in (
        ("cues", vocab.stances, "stance"),
        ("channels", vocab.channels, "channel"),
        ("roles", vocab.target_roles, "target role"),
        ("events", vocab.event_types, "event type"),
        ("dates", DATE_KEYS, "date key"),
    ):
        table = data.get(section) or Mapping(1)
        if not isinstance(table, Mapping):
            problems.add("expected a mapping", file, getattr(table, "line", None), section)
            continue
        target = getattr(lex, section)
        for key, value in table.items():
            _check(key, allowed, what, file, table.line_of(key), section, problems)
            target[str(key)] = _phrases(value, file, section, problems)
    for section in ("anaphora", "first_person", "not_targets", "weak_cues"):
        setattr(lex, section, _phrases(data.get(section) or Sequence(1), file, section, problems))
    lex.stance_order = _phrases(
        data.get("stance_order") or Sequence(1), file, "stance_order", problems
    )
    for stance in lex.stance_order:
        _check(stance, vocab.stances, "stance", file, None, "stance_order", problems)
    missing = set(vocab.stances) - set(lex.stance_order)
    if missing:
        problems.add(f"stance_order lacks {', '.join(sorted(missing))}", file, None, "stance_order")
    weights = data.get("cue_weights") or Mapping(1)
    for stance, value in weights.items():
        _check(
            stance, vocab.stances, "stance", file, weights.line_of(stance), "cue_weights", problems
        )
        try:
            lex.cue_weights[str(stance)] = float(value)
        except (TypeError, ValueError):
            problems.add(f"'{value}' is not a number", file, weights.line_of(stance), "cue_weights")
    families = data.get("families") or Mapping(1)
    for family, members in families.items():
        for stance in _phrases(members, file, "families", problems):
            _check(
                stance,
                vocab.stances,
                "stance",
                file,
                families.line_of(family),
                "families",
                problems,
            )
            lex.families[stance] = str(family)
    problems.raise_if_any()
    return lex
