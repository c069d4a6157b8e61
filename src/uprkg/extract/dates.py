"""Dates: found as written, resolved only where the text fixes them.

An expression is resolved against the source's publication date (its
dateline or the date `sources.yaml` records with the words that state it)
and nothing else: "today" is that day, "yesterday" the day before,
"Thursday" the last Thursday on or before it, "earlier this month" its
month, "in August" the last August on or before it, a full date itself.
Without a publication date a relative expression stays in `date_text`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from uprkg.extract.lexicon import Lexicon

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class DateHit:
    start: int
    end: int
    text: str  # as written
    value: str | None  # YYYY-MM-DD | YYYY-MM | YYYY, or None when the text does not fix it
    how: str


def _pattern(lex: Lexicon) -> re.Pattern:
    months = "|".join(lex.dates.get("months") or MONTHS)
    days = "|".join(lex.dates.get("weekdays") or WEEKDAYS)
    relative = "|".join(
        re.escape(p)
        for key in ("today", "yesterday", "this_month")
        for p in sorted(lex.dates.get(key, []), key=len, reverse=True)
    )
    parts = [
        r"(?P<iso>\b\d{4}-\d{2}-\d{2}\b)",
        rf"(?P<mdy>\b(?:{months})\s+\d{{1,2}},\s+\d{{4}}\b)",
        rf"(?P<dmy>\b\d{{1,2}}\s+(?:{months})\s+\d{{4}}\b)",
        rf"(?P<md>\b(?:{months})\s+\d{{1,2}}\b(?!,?\s+\d{{4}}))",
        rf"(?P<my>\b(?:(?:in|since|by|until|from|of|early|late|mid)\s+(?:{months})"
        rf"(?:\s+(?P<year>\d{{4}}))?|(?:{months})\s+(?P<year2>\d{{4}}))\b)",
        rf"(?P<wd>\b(?:on\s+|last\s+)?(?:{days})(?:'s)?\b)",
    ]
    if relative:
        parts.append(rf"(?P<rel>\b(?:{relative})\b)")
    return re.compile("|".join(parts), re.I)


def find_dates(
    lowered: str, start: int, end: int, lex: Lexicon, published: dt.date | None, original: str
) -> list[DateHit]:
    """Every date expression in [start, end), resolved where the text fixes it."""
    hits = []
    for m in _pattern(lex).finditer(lowered, start, end):
        text = original[m.start() : m.end()]
        hits.append(DateHit(m.start(), m.end(), text, *_resolve(m, lex, published)))
    return hits


def _resolve(m: re.Match, lex: Lexicon, published: dt.date | None) -> tuple[str | None, str]:
    text = m.group(0).lower()
    if m.group("iso"):
        return m.group("iso"), "a full date"
    if m.group("mdy") or m.group("dmy"):
        parts = re.findall(r"[a-z]+|\d+", text)
        month = next(MONTHS.index(p) + 1 for p in parts if p in MONTHS)
        numbers = [int(p) for p in parts if p.isdigit()]
        day, year = (numbers[0], numbers[1]) if numbers[1] > 31 else (numbers[1], numbers[0])
        return f"{year:04d}-{month:02d}-{day:02d}", "a full date"
    if m.group("md"):
        if published is None:
            return None, "a day without a year, and no publication date"
        parts = text.split()
        month, day = MONTHS.index(parts[0]) + 1, int(parts[1])
        return f"{published.year:04d}-{month:02d}-{day:02d}", "the publication year"
    if m.group("my"):
        month = next(MONTHS.index(w) + 1 for w in text.split() if w in MONTHS)
        year_text = m.group("year") or m.group("year2")
        if year_text:
            return f"{year_text}-{month:02d}", "a month and year"
        if published is None:
            return None, "a month without a year, and no publication date"
        year = published.year if month <= published.month else published.year - 1
        return f"{year:04d}-{month:02d}", "the last such month before the publication date"
    if m.group("wd"):
        if published is None:
            return None, "a weekday, and no publication date"
        day = next(
            WEEKDAYS.index(w.removesuffix("'s"))
            for w in text.split()
            if w.removesuffix("'s") in WEEKDAYS
        )
        back = (published.weekday() - day) % 7
        when = published - dt.timedelta(days=back)
        return when.isoformat(), "the last such weekday on or before the publication date"
    if published is None:
        return None, "relative to an unknown publication date"
    if text in lex.dates.get("today", []):
        return published.isoformat(), "the publication date"
    if text in lex.dates.get("yesterday", []):
        return (published - dt.timedelta(days=1)).isoformat(), "the day before publication"
    return f"{published.year:04d}-{published.month:02d}", "the publication month"


def parse_published(value: str | None) -> dt.date | None:
    if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value)
    return None
