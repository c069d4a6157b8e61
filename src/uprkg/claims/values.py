"""Claim values: what a source says a property of a subject is, typed.

A claim's `value:` is read according to the kind its property declares in
the ontology (`uprkg:valueKind`): a date, a quantity, an ordinal, a
duration, a frequency, entities, a concept or words. Each kind is a small
immutable object that knows its RDF literal, a label for reading and a sort
key. Nothing is completed: a date keeps exactly the parts the text gives
("August 4" has no year), a range keeps the bounds it states ("nearly 20"
has an upper bound only).

The annotation format, one value per claim:

    value: 2026-11                  date: YYYY-MM-DD, YYYY-MM, YYYY, --MM-DD, --MM
    value: 193                      quantity (a number); 4.5 or 4½ for fractions
    value: {min: 4, max: 5}         quantity range (either bound may be left out)
    value: 2                        ordinal (first = 1, second = 2)
    value: P1Y                      duration (xsd:duration: P1Y, P4Y6M, P10D)
    value: {min: P4Y, max: P5Y}     duration or frequency range
    value: us-state-department      entity (an id, or a list of ids for a group)
    value: did-not-participate      concept (a notation of the property's scheme)
    value: failure to condemn ...   text (words)
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

XSD = "http://www.w3.org/2001/XMLSchema#"
KINDS = ("date", "quantity", "ordinal", "duration", "frequency", "entity", "concept", "text")
PRECISIONS = ("year", "month", "day")

_DATE = re.compile(r"^(?:(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?|--(\d{2})(?:-(\d{2}))?)$")
_NUMBER = re.compile(r"^(\d+)(?:\.(\d+))?(½|¼|¾)?$")
_DURATION = re.compile(r"^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$")
_FRACTIONS = {"½": Fraction(1, 2), "¼": Fraction(1, 4), "¾": Fraction(3, 4)}


class BadValue(ValueError):
    """A value that cannot be read; the message says what was expected."""


def _lexical(number: Fraction) -> tuple[str, str]:
    """An exact number as an xsd:integer or xsd:decimal literal (lexical, datatype)."""
    if number.denominator == 1:
        return str(number.numerator), XSD + "integer"
    return str(float(number)), XSD + "decimal"


# -- dates ----------------------------------------------------------------------


@dataclass(frozen=True)
class PartialDate:
    """A calendar date known to the parts the text gives, and nothing more."""

    year: int | None
    month: int | None
    day: int | None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        match = _DATE.match(text.strip())
        if not match:
            raise BadValue(
                f"'{text}' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY, "
                "or --MM-DD / --MM when the text gives no year"
            )
        year, month, day, month_only, day_only = match.groups()
        if month_only:
            month, day = month_only, day_only
        found = cls(
            int(year) if year else None,
            int(month) if month else None,
            int(day) if day else None,
        )
        try:  # 2000 is a leap year, so --02-29 is a possible day
            datetime.date(found.year or 2000, found.month or 1, found.day or 1)
        except ValueError:
            raise BadValue(f"'{text}' is not a date of the calendar") from None
        return found

    @property
    def parts(self) -> frozenset[str]:
        """The parts the text gives: some of year, month, day."""
        given = (("year", self.year), ("month", self.month), ("day", self.day))
        return frozenset(name for name, value in given if value is not None)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def literal(self) -> str:
        if self.year is None:
            return f"--{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    @property
    def datatype(self) -> str:
        if self.year is None:
            return XSD + ("gMonthDay" if self.day else "gMonth")
        return XSD + {"year": "gYear", "month": "gYearMonth", "day": "date"}[self.precision]

    def literals(self) -> dict[str, tuple[str, str]]:
        """RDF literals by role (value, min, max): lexical form and datatype ("" for none)."""
        return {"value": (self.literal, self.datatype)}

    @property
    def key(self) -> str:
        """A short stable name for the value, used in the IRIs of comparisons."""
        return self.literal

    def label(self, names: Callable[[str], str] | None = None) -> str:
        if self.year is not None:
            return self.literal
        month = calendar.month_name[self.month or 1]
        return f"{month} {self.day} (no year)" if self.day else f"{month} (no year)"

    def describe(self) -> str:
        """The date in words, for explanations ('November 2026', 'August 4')."""
        month = calendar.month_name[self.month] if self.month else ""
        words = " ".join(str(p) for p in (month, self.day) if p)
        if words and self.year:
            return f"{words}, {self.year}" if self.day else f"{words} {self.year}"
        return words or str(self.year)

    @property
    def sort_key(self) -> tuple:
        return (self.year or 0, self.month or 0, self.day or 0)


# -- numbers and lengths of time -------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    """Inclusive bounds; None is an open side. An exact value has low == high."""

    low: Fraction | None
    high: Fraction | None

    @property
    def exact(self) -> bool:
        return self.low is not None and self.low == self.high

    def overlaps(self, other: Interval) -> bool:
        above = self.high is not None and other.low is not None and other.low > self.high
        below = self.low is not None and other.high is not None and other.high < self.low
        return not (above or below)

    @property
    def sort_key(self) -> tuple:
        low = self.low if self.low is not None else Fraction(-1)
        high = self.high if self.high is not None else Fraction(10**12)
        return (low, high)


def _number(text: str) -> Fraction:
    match = _NUMBER.match(text.strip())
    if not match:
        raise BadValue(f"'{text}' is not a number (write 193, 4.5 or 4½)")
    whole, decimals, vulgar = match.groups()
    number = Fraction(int(whole))
    if decimals:
        number += Fraction(int(decimals), 10 ** len(decimals))
    return number + _FRACTIONS.get(vulgar or "", 0)


def _format_number(number: Fraction) -> str:
    if number.denominator == 1:
        return str(number.numerator)
    decimal = float(number)
    return f"{decimal:g}"


def _bounds(raw, read: Callable[[str], Fraction]) -> tuple[Fraction | None, Fraction | None]:
    """A scalar is an exact value; a mapping {min, max} a range (one bound may be open)."""
    if isinstance(raw, dict):
        unknown = set(raw) - {"min", "max"}
        if unknown or not raw:
            raise BadValue("a range is written {min: ..., max: ...} (one bound may be left out)")
        low = read(str(raw["min"])) if raw.get("min") is not None else None
        high = read(str(raw["max"])) if raw.get("max") is not None else None
        if low is None and high is None:
            raise BadValue("a range needs 'min', 'max' or both")
        if low is not None and high is not None and low > high:
            raise BadValue("the range's 'min' is larger than its 'max'")
        return low, high
    if isinstance(raw, str):
        exact = read(raw)
        return exact, exact
    raise BadValue("expected a single value or a range {min: ..., max: ...}")


@dataclass(frozen=True)
class Quantity:
    """A number or count, exact or a range."""

    bounds: Interval

    @classmethod
    def parse(cls, raw) -> Quantity:
        return cls(Interval(*_bounds(raw, _number)))

    def literals(self) -> dict[str, tuple[str, str]]:
        return _interval_literals(self.bounds, _lexical)

    @property
    def key(self) -> str:
        return _interval_key(self.bounds, _format_number)

    def label(self, names=None) -> str:
        return _range_label(self.bounds, _format_number)

    @property
    def sort_key(self) -> tuple:
        return self.bounds.sort_key


@dataclass(frozen=True)
class Period:
    """A length of time (xsd:duration), counted in months (years, months) or days.

    The two families are kept apart: a month is not a number of days, so
    P1M and P30D are not compared.
    """

    bounds: Interval
    unit: str  # "month" | "day"
    frequency: bool = False  # "every ..." rather than a length

    @classmethod
    def parse(cls, raw, frequency: bool = False) -> Period:
        units: set[str] = set()

        def read(text: str) -> Fraction:
            amount, unit = _duration(text)
            if units and unit not in units:
                raise BadValue("a range's bounds must both be in years/months or both in days")
            units.add(unit)
            return amount

        low, high = _bounds(raw, read)
        return cls(Interval(low, high), units.pop(), frequency)

    def literal(self, amount: Fraction) -> str:
        if self.unit == "day":
            return f"P{amount.numerator}D"
        years, months = divmod(int(amount), 12)
        text = "P" + (f"{years}Y" if years else "") + (f"{months}M" if months else "")
        return text if text != "P" else "P0M"

    def literals(self) -> dict[str, tuple[str, str]]:
        return _interval_literals(self.bounds, lambda n: (self.literal(n), XSD + "duration"))

    @property
    def key(self) -> str:
        return _interval_key(self.bounds, self.literal)

    def words(self, amount: Fraction) -> str:
        if self.unit == "day":
            return _plural(int(amount), "day")
        years, months = divmod(int(amount), 12)
        parts = [_plural(years, "year")] if years else []
        if months:
            parts.append(_plural(months, "month"))
        return " ".join(parts) or "0 months"

    def label(self, names=None) -> str:
        b = self.bounds
        if b.low is not None and b.high is not None and not b.exact:
            low, high = self.words(b.low), self.words(b.high)
            if self.unit == "month" and b.low % 12 == 0 and b.high % 12 == 0:
                low = str(int(b.low) // 12)  # "4 to 5 years"
            text = f"{low} to {high}"
        else:
            text = _range_label(b, self.words)
        return f"every {text}" if self.frequency else text

    @property
    def sort_key(self) -> tuple:
        return (self.unit, *self.bounds.sort_key)


def _duration(text: str) -> tuple[Fraction, str]:
    match = _DURATION.match(text.strip())
    if not match:
        raise BadValue(
            f"'{text}' is not a duration: write an xsd:duration such as P1Y, P4Y6M, P6M or P10D"
        )
    years, months, days = (int(g) if g else 0 for g in match.groups())
    if days and (years or months):
        raise BadValue(
            f"'{text}' mixes months and days, which cannot be compared: "
            "write it in years and months, or in days"
        )
    if match.group(3):
        return Fraction(days), "day"
    return Fraction(years * 12 + months), "month"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _interval_literals(bounds: Interval, lexical) -> dict[str, tuple[str, str]]:
    if bounds.exact:
        return {"value": lexical(bounds.low)}
    found = {}
    if bounds.low is not None:
        found["min"] = lexical(bounds.low)
    if bounds.high is not None:
        found["max"] = lexical(bounds.high)
    return found


def _interval_key(bounds: Interval, show) -> str:
    if bounds.exact:
        return show(bounds.low)
    low = show(bounds.low) if bounds.low is not None else ""
    high = show(bounds.high) if bounds.high is not None else ""
    return f"{low}..{high}"


def _range_label(bounds: Interval, show: Callable[[Fraction], str]) -> str:
    if bounds.exact:
        return show(bounds.low)  # type: ignore[arg-type]
    if bounds.low is None:
        return f"at most {show(bounds.high)}"  # type: ignore[arg-type]
    if bounds.high is None:
        return f"at least {show(bounds.low)}"
    return f"{show(bounds.low)} to {show(bounds.high)}"


# -- places, things and words -------------------------------------------------------------


@dataclass(frozen=True)
class Ordinal:
    """A place in a sequence: first = 1."""

    number: int

    @classmethod
    def parse(cls, raw) -> Ordinal:
        text = str(raw).strip() if isinstance(raw, str) else ""
        if not text.isdigit() or int(text) < 1:
            raise BadValue(f"'{raw}' is not an ordinal: write 1 for first, 2 for second, ...")
        return cls(int(text))

    def literals(self) -> dict[str, tuple[str, str]]:
        return {"value": (str(self.number), XSD + "positiveInteger")}

    @property
    def key(self) -> str:
        return str(self.number)

    def label(self, names=None) -> str:
        n = self.number
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"

    @property
    def sort_key(self) -> tuple:
        return (self.number,)


@dataclass(frozen=True)
class Entities:
    """One or more items of the corpus (actors, documents, ...), by id."""

    ids: tuple[str, ...]

    @classmethod
    def parse(cls, raw) -> Entities:
        items = raw if isinstance(raw, list) else [raw]
        if not items or not all(isinstance(i, str) and i.strip() for i in items):
            raise BadValue("expected an id or a list of ids")
        if len(set(items)) != len(items):
            raise BadValue("an id is listed twice")
        return cls(tuple(sorted(str(i) for i in items)))

    def label(self, names: Callable[[str], str] | None = None) -> str:
        shown = [names(i) if names else i for i in self.ids]
        return " and ".join(shown)

    @property
    def key(self) -> str:
        return "+".join(self.ids)

    @property
    def sort_key(self) -> tuple:
        return self.ids


@dataclass(frozen=True)
class Concept:
    """A concept of the scheme the property names, by notation."""

    notation: str

    @classmethod
    def parse(cls, raw) -> Concept:
        if not isinstance(raw, str) or not raw.strip():
            raise BadValue("expected the notation of a concept")
        return cls(str(raw).strip())

    def label(self, names: Callable[[str], str] | None = None) -> str:
        return self.notation

    @property
    def key(self) -> str:
        return self.notation

    @property
    def sort_key(self) -> tuple:
        return (self.notation,)


@dataclass(frozen=True)
class Wording:
    """Words, as the source gives them."""

    text: str

    @classmethod
    def parse(cls, raw) -> Wording:
        if not isinstance(raw, str) or not raw.strip():
            raise BadValue("expected words")
        return cls(str(raw))

    def literals(self) -> dict[str, tuple[str, str]]:
        return {"value": (self.text, "")}  # a plain literal: xsd:string in RDF 1.1

    @property
    def key(self) -> str:
        """Words are named by a digest of their text: IRIs stay short."""
        return "words-" + hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:12]

    def label(self, names=None) -> str:
        return f"“{self.text}”"

    @property
    def sort_key(self) -> tuple:
        return (self.text,)


Value = PartialDate | Quantity | Period | Ordinal | Entities | Concept | Wording


def parse_value(kind: str, raw) -> Value:
    """Read a YAML value of the given kind; raise ValueError with what was expected."""
    if kind == "date":
        if not isinstance(raw, str):
            raise BadValue("a date is a single value (YYYY-MM-DD, YYYY-MM, YYYY, --MM-DD, --MM)")
        return PartialDate.parse(raw)
    if kind == "quantity":
        return Quantity.parse(raw)
    if kind in ("duration", "frequency"):
        return Period.parse(raw, frequency=kind == "frequency")
    if kind == "ordinal":
        return Ordinal.parse(raw)
    if kind == "entity":
        return Entities.parse(raw)
    if kind == "concept":
        return Concept.parse(raw)
    if kind == "text":
        return Wording.parse(raw)
    raise BadValue(f"unknown value kind '{kind}'")
