"""`uprkg new-source`: a text into the corpus, with its metadata proposed.

The title, publisher and publication date are proposed only where the text
states them, each with the words that state it; boilerplate (navigation,
"Also Read" links, donation appeals, photo captions, datelines, contact
lines, footers) is proposed as ranges of character offsets with the
reason, for the user to confirm. The text is copied byte for byte.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from uprkg.errors import InputError
from uprkg.extract.text import fold
from uprkg.model import Corpus

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
NAV = re.compile(
    r"skip to|\bmenu\b|\bicon\b|\blogo\b|\s\|\s|^exit$|leave this website|"
    r"\bsearch\b|sign in|log in|\bsubscribe\b",
    re.I,
)
ALSO_READ = re.compile(r"^(also read|read more|related|see also|read also|recommended)\b", re.I)
FOOTER = re.compile(
    r"^(follow (our|us)|###|document:|©|copyright|all rights reserved|"
    r"share this|originally published|this article was)",
    re.I,
)
CONTACT = re.compile(
    r"^(for (media |press )?inquiries|media contact|press contact|contact:)"
    r"|[\w.+-]+@[\w-]+\.[\w.]+",
    re.I,
)
DONATION = re.compile(
    r"donat|fundrais|tax-deductible|support (us|our|independent)|"
    r"become a (member|supporter)|make a (one-time|monthly)",
    re.I,
)
CAPTION = re.compile(
    r"\((L|R|C|center|left|right)\)|^photo:|photograph|getty images|"
    r"via getty|pictured|^image:|\(photo",
    re.I,
)
FINITE = {
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "will",
    "would",
    "said",
    "says",
    "can",
    "could",
    "should",
    "must",
    "did",
    "does",
    "do",
    "be",
    "been",
}
DATELINE_ISO = re.compile(
    r"^\s*(?:date|published|posted|updated)?:?\s*(\d{4}-\d{2}-\d{2})\s*$", re.I
)
DATELINE_PLACE = re.compile(rf"^[A-Z][\w .,'-]{{1,40}}\((({MONTHS}) \d{{1,2}}, \d{{4}})\)")
DATE_LINE = re.compile(
    rf"^\s*(?:published:?\s*|posted:?\s*)?(({MONTHS}) \d{{1,2}}, \d{{4}})\s*$", re.I
)
PRESS_RELEASE = re.compile(r"^###\s*$|for (media |press )?inquiries|press release", re.I | re.M)


@dataclass
class ProposedRange:
    start: int
    end: int
    kind: str
    begins: str
    why: str


@dataclass
class SourceMetadata:
    title: str | None = None
    title_why: str = ""
    publisher: str | None = None
    publisher_words: str | None = None
    published: str | None = None
    published_quote: str | None = None
    doc_type: str = "NewsArticle"
    doc_type_why: str = ""
    boilerplate: list[ProposedRange] = field(default_factory=list)


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, its leading spaces included."""
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line.rstrip())))
        pos += len(line) + 1
    return spans


def propose_boilerplate(text: str) -> list[ProposedRange]:
    lines = _lines(text)
    found: list[ProposedRange] = []

    def add(start: int, end: int, kind: str, why: str) -> None:
        lead = len(text[start:end]) - len(text[start:end].lstrip())
        if found and found[-1].kind == kind and not text[found[-1].end : start].strip():
            found[-1].end = end
            return
        found.append(
            ProposedRange(
                start,
                end,
                kind,
                text[start + lead : start + lead + 30] if lead else text[start : start + 30],
                why,
            )
        )

    top = True
    for n, (start, end) in enumerate(lines):
        line = text[start:end].strip()
        words = line.split()
        if top and (NAV.search(line) or (len(words) <= 3 and line.isupper())):
            add(start, end, "navigation", "a navigation line at the top")
            continue
        if top and DATELINE_ISO.match(line):
            add(start, end, "dateline", "a line giving only the date")
            continue
        top = top and len(words) <= 3
        if ALSO_READ.match(line):
            add(start, end, "also-read", "a link to another article")
        elif line.startswith("###"):
            add(start, len(text.rstrip()), "footer", "'###' ends a press release")
            break
        elif FOOTER.match(line):
            add(start, end, "footer", "a footer line")
        elif CONTACT.search(line) and len(words) <= 14:
            add(start, end, "contact", "a contact line")
        elif CAPTION.search(line):
            add(start, end, "photo-caption", "names who is pictured, left or right")
        elif DONATION.search(line):
            add(start, end, "donation-appeal", "asks readers for donations")
        elif (
            4 <= len(words) <= 16
            and line.endswith(".")
            and n > 0
            and not any(w.lower().strip(".,") in FINITE or w.lower().endswith("ed") for w in words)
        ):
            add(start, end, "photo-caption", "a short line without a verb (a caption?)")
    return _join_appeals(text, found, lines)


def _join_appeals(text: str, found: list[ProposedRange], lines) -> list[ProposedRange]:
    """Paragraphs between two parts of one donation appeal belong to it."""
    out: list[ProposedRange] = []
    for r in found:
        if out and out[-1].kind == r.kind == "donation-appeal":
            between = [ln for ln in lines if out[-1].end <= ln[0] and ln[1] <= r.start]
            if len(between) <= 3:
                out[-1].end = r.end
                continue
        out.append(r)
    return out


def propose_metadata(text: str, corpus: Corpus) -> SourceMetadata:
    meta = SourceMetadata()
    meta.boilerplate = propose_boilerplate(text)
    body = [
        (s, e)
        for s, e in _lines(text)
        if not any(r.start <= s and e <= r.end for r in meta.boilerplate)
    ]
    _title(text, body, meta)
    _published(text, meta)
    _publisher(text, corpus, meta)
    if PRESS_RELEASE.search(text):
        meta.doc_type, meta.doc_type_why = "PressRelease", "'###' or a press contact line"
    elif (
        meta.publisher
        and corpus.actors[meta.publisher].type != "NewsOrganisation"
        and re.search(r"^[A-Z][\w .,'-]{1,40}\(\w+ \d{1,2}, \d{4}\)\s*(--|—)", text, re.M)
    ):
        meta.doc_type = "PressRelease"
        meta.doc_type_why = "a dateline 'Place (date) --' from a non-news publisher"
    return meta


def _title(text: str, body, meta: SourceMetadata) -> None:
    for s, e in body:
        line = text[s:e].strip()
        words = line.split()
        if len(words) < 3 or len(words) > 25:
            continue
        capitals = sum(1 for w in words if w[:1].isupper()) / len(words)
        if capitals >= 0.6 and not line.endswith((".", ":")):
            meta.title, meta.title_why = line, "a heading in title case"
            return
    if body:
        s, e = body[0]
        line = text[s:e].strip()
        blank_after = text[e : e + 3].startswith("\n\n") or text[e:].startswith("\r\n\r\n")
        if 3 <= len(line.split()) <= 25 and blank_after:
            meta.title, meta.title_why = line, "the first line, standing alone before the body"


def _published(text: str, meta: SourceMetadata) -> None:
    import datetime as dt

    candidates: list[tuple[str, str]] = []
    for s, e in _lines(text)[:15]:
        line = text[s:e]
        iso = DATELINE_ISO.match(line)
        if iso:
            candidates.append((line.strip(), iso.group(1)))
        place = DATELINE_PLACE.match(line.strip())
        if place:
            quote = line.strip()[: place.end()]
            candidates.append((quote, place.group(1)))
        only = DATE_LINE.match(line)
        if only:
            candidates.append((line.strip(), only.group(1)))
    candidates.sort(key=lambda c: 0 if "(" in c[0] else 1)
    for quote, value in candidates:
        if text.count(quote) != 1:
            continue
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            value = dt.datetime.strptime(value, "%B %d, %Y").date().isoformat()
        meta.published, meta.published_quote = value, quote
        return


def _publisher(text: str, corpus: Corpus, meta: SourceMetadata) -> None:
    """A registry organisation the text's own apparatus names (logo, appeal, contact)."""
    folded = fold(text)
    apparatus = [
        r
        for r in meta.boilerplate
        if r.kind in ("navigation", "donation-appeal", "footer", "contact")
    ]
    best: tuple[int, str, str] | None = None
    for actor in corpus.actors.values():
        if actor.type in ("State", "Person", "Collective"):
            continue
        for name in {actor.label, *actor.aliases}:
            if len(name) < 4:
                continue
            pattern = re.compile(rf"(?<!\w){re.escape(fold(name))}(?!\w)")
            count = sum(len(pattern.findall(folded, r.start, r.end)) for r in apparatus)
            if count and (best is None or count > best[0]):
                hit = next(h for r in apparatus if (h := pattern.search(folded, r.start, r.end)))
                best = (count, actor.id, text[hit.start() : hit.end()])
    if best:
        meta.publisher, meta.publisher_words = best[1], best[2]


def new_source_id(text: str, corpus_root: Path) -> str:
    """NNN_<first 16 hex digits of the text's SHA-256>, NNN the next free number."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    numbers = [
        int(p.name[:3]) for p in (corpus_root / "sources").glob("*.txt") if p.name[:3].isdigit()
    ]
    return f"{(max(numbers) + 1) if numbers else 0:03d}_{digest}"


def check_new(text: str, corpus: Corpus, source_id: str) -> None:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    for source in corpus.sources.values():
        if source.sha256 == digest:
            raise InputError(f"this text is already in the corpus as source '{source.id}'")
    if source_id in corpus.sources:
        raise InputError(f"source id '{source_id}' is already used in sources.yaml")


def source_entry_yaml(source_id: str, file_name: str, meta: SourceMetadata) -> str:
    """The sources.yaml entry, with a comment giving the evidence for each value."""
    from uprkg.extract.render import scalar

    out = [
        "",
        "  # Added by uprkg new-source. Check each value against the text; delete a",
        "  # proposed boilerplate range that is not boilerplate.",
        f"  - id: {source_id}",
        f"    file: {file_name}",
    ]
    why = f"  # {meta.doc_type_why}" if meta.doc_type_why else ""
    out.append(f"    type: {meta.doc_type}{why}")
    if meta.title:
        out.append(f"    title: {scalar(meta.title)}  # {meta.title_why}")
    if meta.publisher:
        out.append(
            f"    publisher: {meta.publisher}  # named in the text as "
            f"{scalar(meta.publisher_words)}"
        )
    if meta.published:
        out.append(f"    published: {meta.published}")
        out.append(f"    published_quote: {scalar(meta.published_quote)}")
    out.append("    language: en")
    if meta.boilerplate:
        out.append("    boilerplate:")
        for r in meta.boilerplate:
            out.append(
                f"      - {{start: {r.start}, end: {r.end}, kind: {r.kind}, "
                f"begins: {scalar(r.begins)}}}  # proposed: {r.why}"
            )
    return "\n".join(out) + "\n"


def add_source(
    path: Path, corpus_root: Path, corpus: Corpus, source_id: str | None = None
) -> tuple[str, Path, SourceMetadata, str]:
    """Copy a text into the corpus and append its sources.yaml entry (all or nothing)."""
    from uprkg.serialize import write_all
    from uprkg.yamlio import read_text

    text = read_text(path)
    source_id = source_id or new_source_id(text, corpus_root)
    check_new(text, corpus, source_id)
    target = corpus_root / "sources" / f"{source_id}.txt"
    if target.exists():
        raise InputError(f"{target} already exists")
    meta = propose_metadata(text, corpus)
    entry = source_entry_yaml(source_id, target.name, meta)
    listing = corpus_root / "sources.yaml"
    current = listing.read_text(encoding="utf-8") if listing.exists() else "sources:\n"
    if not current.endswith("\n"):
        current += "\n"
    write_all({target: path.read_bytes(), listing: current + entry})
    return source_id, target, meta, entry
