"""What a reader returns: recommendations, bad rows and notes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from uprkg.importers.record import Recommendation
from uprkg.importers.rows import BadRow


@dataclass
class Parsed:
    rows: int
    recommendations: list[Recommendation] = field(default_factory=list)
    problems: list[BadRow] = field(default_factory=list)
    bad_lines: set[int] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    spellings: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    regional_groups: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
