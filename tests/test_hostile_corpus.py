"""Issue #9, items 1 and 5: a colleague's corpus cannot make uprkg read files outside
its sources/ folder, block on a FIFO, or echo what such a file holds; a byte-order
mark is refused instead of silently shifting every offset."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import run_cli, run_process

SECRET = "s3cr3t-marker-outside-the-corpus"


def point_source_at(corpus: Path, name: str) -> None:
    path = corpus / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    assert "file: a.txt" in text
    path.write_text(text.replace("file: a.txt", f"file: {name!r}"), encoding="utf-8")


def assert_refused(result, corpus: Path, out: Path) -> None:
    assert result.code == 2, result.err
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert lines, "an error is reported"
    assert all(line.startswith("uprkg: error: ") for line in lines), result.err
    assert f"{corpus / 'sources.yaml'}:3: field 'file': refused" in result.err, result.err
    assert SECRET not in result.err
    assert "Traceback" not in result.err
    assert not out.exists(), "nothing is written"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "outside.txt"
    path.write_text(f"{SECRET}\n" * 50, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "name",
    [
        "../actors.yaml",  # inside the corpus, outside sources/
        "../../outside.txt",  # outside the corpus
        "/etc/passwd",
        "/proc/self/environ",
        "/dev/zero",
        "sub/../../actors.yaml",
    ],
)
def test_source_file_outside_sources_is_refused(mini, tmp_path, secret, name):
    point_source_at(mini, name)
    out = tmp_path / "out"
    result = run_cli("--corpus", mini, "build", "--out", out)
    assert_refused(result, mini, out)
    assert "root:" not in result.err


def test_symlink_out_of_sources_is_refused(mini, tmp_path, secret):
    text = mini / "sources" / "a.txt"
    text.unlink()
    text.symlink_to(secret)
    out = tmp_path / "out"
    result = run_cli("--corpus", mini, "build", "--out", out)
    assert_refused(result, mini, out)


def test_fifo_in_sources_is_refused_without_blocking(mini, tmp_path):
    """A FIFO no one writes to would block a plain read for ever: a separate
    process with a deadline proves it returns."""
    fifo = mini / "sources" / "pipe.txt"
    os.mkfifo(fifo)
    point_source_at(mini, "pipe.txt")
    out = tmp_path / "out"
    proc = run_process("--corpus", mini, "build", "--out", out, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "field 'file': refused: not a regular file" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not out.exists()


def test_symlinked_annotation_file_out_of_the_corpus_is_refused(mini, tmp_path, secret):
    link = mini / "annotations" / "zz.yaml"
    link.symlink_to(secret)
    result = run_cli("--corpus", mini, "build", "--out", tmp_path / "out")
    assert result.code == 2
    assert f"{link}: refused: the file resolves outside" in result.err, result.err
    assert SECRET not in result.err


def test_boilerplate_message_quotes_a_short_excerpt_only(mini, tmp_path):
    path = mini / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("start: 224", "start: 0").replace(
            'begins: "Support Alpha News"', f'begins: "{"x" * 5000}"'
        ),
        encoding="utf-8",
    )
    result = run_cli("--corpus", mini, "build", "--out", tmp_path / "out")
    assert result.code == 2
    assert "field 'boilerplate'" in result.err
    found = result.err.split("begins with ", 1)[1].split(", not ", 1)[0]
    assert len(found) <= 82  # 40 characters (escaped: at most 80) and the quotes around them


def test_source_with_a_byte_order_mark_is_refused(mini, tmp_path):
    text = mini / "sources" / "a.txt"
    text.write_bytes(b"\xef\xbb\xbf" + text.read_bytes())
    out = tmp_path / "out"
    result = run_cli("--corpus", mini, "build", "--out", out)
    assert result.code == 2, result.err
    assert f"{mini / 'sources.yaml'}:3: field 'file':" in result.err
    assert "byte-order mark" in result.err
    assert len(result.err.strip().splitlines()) == 1, "one line, not one per shifted offset"
    assert not out.exists()


# -- item 3: YAML cannot blow up ---------------------------------------------------------

ALIAS_BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
    for prev, name in zip("abcdefghi", "bcdefghij", strict=True)
)


def test_a_yaml_alias_bomb_fails_fast(mini, tmp_path):
    path = mini / "annotations" / "a.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + 'a: &a ["lol", "lol", "lol"]\n' + ALIAS_BOMB, encoding="utf-8")
    alias_line = len(text.splitlines()) + 2
    proc = run_process("--corpus", mini, "build", "--out", tmp_path / "out", timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip() == (
        f"uprkg: error: {path}:{alias_line}: refused: YAML aliases (*name) are not allowed "
        "in corpus files; write the value out where it is used"
    )


def test_a_harmless_alias_is_refused_too(mini, tmp_path):
    path = mini / "actors.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("aliases: [Foo]", "aliases: &names [Foo]", 1), encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8") + "extra: *names\n", encoding="utf-8")
    result = run_cli("--corpus", mini, "build", "--out", tmp_path / "out")
    assert result.code == 2
    last = len(path.read_text(encoding="utf-8").splitlines())
    assert f"{path}:{last}: refused: YAML aliases" in result.err, result.err


@pytest.mark.parametrize("style", ["block", "flow"])
def test_deep_nesting_is_refused_with_its_line(mini, tmp_path, style):
    path = mini / "topics.yaml"
    if style == "block":
        deep = "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "x: 1\n"
    else:
        deep = "deep: " + "[" * 200 + "]" * 200 + "\n"
    path.write_text(path.read_text(encoding="utf-8") + deep, encoding="utf-8")
    result = run_cli("--corpus", mini, "build", "--out", tmp_path / "out")
    assert result.code == 2, result.err
    assert "RecursionError" not in result.err and "Traceback" not in result.err
    assert f"{path}:" in result.err
    assert "refused: nested more than 32 levels deep" in result.err


# -- item 4: dates are ASCII digits, nothing after -----------------------------------------


@pytest.mark.parametrize(
    "written, shown",
    [
        ('"2025-11-07\\n"', "'2025-11-07\\n'"),  # a YAML escape: a trailing newline
        ("٢٠٢٥-١١-٠٧", "'٢٠٢٥-١١-٠٧'"),  # Arabic-Indic digits
        ("２０２５", "'２０２５'"),  # full-width digits
        ('"2025 "', "'2025 '"),
    ],
    ids=["trailing newline", "arabic-indic", "full-width", "trailing space"],
)
def test_dates_take_ascii_digits_only(mini, tmp_path, written, shown):
    path = mini / "annotations" / "a.yaml"
    text = path.read_text(encoding="utf-8")
    assert "date: 2025-11\n" in text
    path.write_text(text.replace("date: 2025-11\n", f"date: {written}\n", 1), encoding="utf-8")
    line = next(n for n, x in enumerate(path.read_text("utf-8").splitlines(), 1) if "date: " in x)
    out = tmp_path / "out"
    result = run_cli("--corpus", mini, "build", "--out", out)
    assert result.code == 2, result.err
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith(f"uprkg: error: {path}:{line}: field 'date': ")
    assert "is not a date: write YYYY-MM-DD" in lines[0]
    assert not out.exists()
