"""The quote matcher: exactly the documented normalisation, nothing more."""

import pytest

from uprkg.quotes import locate, near_miss, normalise

TEXT = "He said \u201cwe will\u00a0not   be\nlectured\u201d \u2014 it\u2019s final."


@pytest.mark.parametrize(
    "quote",
    [
        '"we will not be lectured"',  # straight for typographic quotes
        "\u201cwe will not be lectured\u201d",  # the exact text
        "we will not be lectured",  # NBSP, a run of spaces and a line break
        "it's final.",  # straight apostrophe for U+2019
        "  we will not  ",  # surrounding whitespace is trimmed
    ],
)
def test_tolerated_differences_match(quote):
    spans = locate("s", TEXT, quote)
    assert len(spans) == 1
    span = spans[0]
    assert TEXT[span.start : span.end] == span.exact
    assert normalise(span.exact) == normalise(quote)


@pytest.mark.parametrize(
    "quote",
    [
        "We will not be lectured",  # case differs
        "lectured - it's",  # hyphen for an em dash
        "we will not be lectured!",  # an extra character
        "wewill not",  # a missing space
    ],
)
def test_other_differences_do_not_match(quote):
    assert locate("s", TEXT, quote) == []


def test_offsets_are_code_points_of_the_original():
    text = "\u00e9t\u00e9 \u2014 J\u00fcrg Lauber said"
    (span,) = locate("s", text, "J\u00fcrg Lauber")
    assert (span.start, span.end) == (6, 17)
    assert span.prefix == "\u00e9t\u00e9 \u2014 "


def test_every_occurrence_is_found():
    spans = locate("s", "a b a b a", "a b")
    assert [(s.start, s.end) for s in spans] == [(0, 3), (4, 7)]


def test_near_miss_points_at_the_difference():
    why = near_miss(TEXT, "we will not be lecturer")
    assert "first 22 characters match at offset 9" in why
    assert "the quote has 'r' where the source has 'd" in why
