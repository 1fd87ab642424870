r"""Masking reads names, keys, comment lines and words without a pattern, and guards every
pattern it still uses with a plain string test: the same answers as the patterns, always.

A dry run compiles a masking pattern only when a shown line needs it (issue 8: the
patterns cost a ``migrate --dry-run`` more than its whole diff). Each reader here is held
against the pattern it stands for (kept below as the oracle: the module no longer needs
it), exhaustively on short strings and on generated ones (ASCII look-alikes such as the
Kelvin sign, the dotless i and the long s change case into ASCII letters; Unicode digits
and blanks are no ASCII ones); each guarded function against its former, pattern-only
version. The last tests show the guards at work: a plain diff asks for no pattern, a
line with a reference asks for the reference pattern, and a dry run never asks for the
placeholder pattern that a check needs.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envmigrate import redact, rules
from envmigrate.diff import Edit, edits_within
from envmigrate.entry import main
from envmigrate.redact import (
    MASK,
    comment_value,
    is_key,
    is_name,
    is_word,
    mask_comment,
    mask_literal,
    mask_value,
)

# The patterns the readers stand for (as they were in the module).
NAME = r"_*[A-Z][A-Z0-9]{0,11}(?:_+[A-Z0-9]{1,12})*_*|_"
KEY = (
    r"_*(?:[a-z][a-z0-9]{0,11}(?:[_.\-]+[a-z0-9]{1,12})*"
    r"|[A-Z][A-Z0-9]{0,11}(?:[_.\-]+[A-Z0-9]{1,12})*)_*"
)
WORD = r"[(\[\"'`*_]*[A-Za-z]{1,24}(?:[-'/][A-Za-z]{1,24})*[)\]\"'`*_.,;:!?]*"
COMMENT_LINE = r"(?P<head>#[^\S\r\n]*)(?P<body>[^\r\n]*)"
NON_BLANK = r"[^\s]+"

#: Characters that decide a name or a key: both cases, digits, every joiner, and
#: look-alikes (K Kelvin sign -> k, dotless i -> I, long s -> S, an Arabic-Indic digit,
#: a full-width A, sharp s) that are letters or digits, but not ASCII ones.
NAME_CHARS = "aAzZk0_9.-Kız\u212a\u017f\u0660\uff21\u00df$ "
#: Blanks of every kind (``\s`` is ``str.isspace``), line ends, ``#`` and letters.
LINE_CHARS = " \t\x0b\x0c\x1c\x85\xa0\u2028\u3000\r\n#aZ=:'\"\\${}_.1-"


def test_names_and_keys_exhaustively() -> None:
    """Every string of up to four characters of ``NAME_CHARS``, and the lengths (12/13)."""
    for size in range(5):
        for chars in itertools.product(NAME_CHARS, repeat=size):
            text = "".join(chars)
            assert is_name(text) is bool(re.fullmatch(NAME, text)), text
            assert is_key(text) is bool(re.fullmatch(KEY, text)), text
    for text in ("A" * 12, "A" * 13, "a" * 12, "a" * 13, "A_" + "B" * 12, "a.b" + "c" * 12):
        assert is_name(text) is bool(re.fullmatch(NAME, text)), text
        assert is_key(text) is bool(re.fullmatch(KEY, text)), text


WORDS = st.lists(
    st.sampled_from(["A", "b", "Z", "_", "-", ".", "1", "AB", "cd", "K" * 11, "k" * 12, "\u212a"]),
    max_size=8,
).map("".join)


@given(st.one_of(WORDS, st.text(NAME_CHARS, max_size=16)))
@settings(max_examples=800, deadline=None, derandomize=True)
def test_names_and_keys_as_the_patterns(text: str) -> None:
    assert is_name(text) is bool(re.fullmatch(NAME, text))
    assert is_key(text) is bool(re.fullmatch(KEY, text))
    assert is_name(text, [text]) is True


@pytest.mark.parametrize(
    ("word", "shown"),
    [
        ("word", True),
        ("W" * 24, True),
        ("W" * 25, False),  # too long for a word: a pattern reads it
        ("(don't)", True),
        ("1234", False),  # no letter
        ("", False),
        ("é", False),  # a letter, not an ASCII one
        ("a1", False),
        ("\u212a", False),
    ],
)
def test_word_table(word: str, shown: bool) -> None:
    assert is_word(word) is shown
    assert bool(re.fullmatch(WORD, word)) is shown


@given(st.text("aZ(\"'`*_)-/.,;:!?1é\u212a", max_size=30))
@settings(max_examples=500, deadline=None, derandomize=True)
def test_word_as_the_pattern(word: str) -> None:
    assert is_word(word) is bool(re.fullmatch(WORD, word))


@given(st.text(LINE_CHARS, max_size=40))
@settings(max_examples=800, deadline=None, derandomize=True)
def test_comment_lines_as_the_pattern(text: str) -> None:
    expected = [(m.start(), m.end(), m["head"], m["body"]) for m in re.finditer(COMMENT_LINE, text)]
    assert list(redact._comment_lines(text)) == expected


# -- the guarded functions, against their pattern-only versions ----------------------------


def old_mask_literal(text: str) -> str:
    pieces = re.split(r"([\r\n])", text)
    return "".join(p if i % 2 else (MASK if p else "") for i, p in enumerate(pieces))


def old_mask_value(raw: str) -> str:
    parts: list[str] = []
    cursor = 0
    for match in re.finditer(redact._REFERENCE, raw):
        parts.append(old_mask_literal(raw[cursor : match.start()]))
        default = match.group(2)
        masked_default = "" if default is None else ":-" + old_mask_literal(default)
        name = match.group(1)
        shown = name if re.fullmatch(NAME, name) else MASK if name else ""
        parts.append("${" + shown + masked_default + "}")
        cursor = match.end()
    parts.append(old_mask_literal(raw[cursor:]))
    return "".join(parts)


def old_comment_value(body: str) -> int:
    assign = re.match(redact._COMMENT_ASSIGN, body)
    if assign is None or not assign.group().endswith("="):
        return -1
    return len(body) - len(body[assign.end() :].lstrip(" \t"))


def old_mask_comment(body: str) -> str:
    out: list[str] = []
    cursor = 0
    for token in re.finditer(NON_BLANK, body):
        out.append(body[cursor : token.start()])
        assign = re.compile(redact._COMMENT_ASSIGN).match(body, token.start())
        if assign:
            name = re.match(redact._ASSIGNED_NAME, assign.group())
            shown = name is not None and (
                bool(re.fullmatch(NAME, name["name"])) or assign.group().endswith(":")
            )
            out.append(assign.group() if shown else MASK + assign.group()[-1])
            rest = body[assign.end() :]
            value = rest.lstrip(" \t")
            return "".join(out) + rest[: len(rest) - len(value)] + old_mask_value(value)
        word = token.group()
        shown = bool(re.fullmatch(WORD, word)) or bool(
            re.fullmatch(NAME, word.strip(redact._PUNCT))
        )
        out.append(word if shown else MASK)
        cursor = token.end()
    out.append(body[cursor:])
    return "".join(out)


#: Comment bodies: words, names, numbers, assignments, references, blanks of every kind.
BODY = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "note",
                "Set",
                "KEY=v",
                "key: v",
                "export K=",
                "${NAME}",
                "${x:-d}",
                "a:b",
                "1234",
                "(see)",
                "don't",
                "DINGTALK_APP_KEY",
                "=",
                ":",
                "\u212a",  # the Kelvin sign
                "é",
                "Zq8vW3kP0x",
                "e.g.,",
            ]
        ),
        st.text(LINE_CHARS.replace("\r", "").replace("\n", ""), max_size=6),
    ),
    max_size=6,
).map(" ".join)


@given(BODY)
@settings(max_examples=600, deadline=None, derandomize=True)
def test_mask_comment_as_before(body: str) -> None:
    assert mask_comment(body) == old_mask_comment(body)
    assert comment_value(body) == old_comment_value(body)


@given(st.one_of(BODY, st.text(LINE_CHARS, max_size=30)))
@settings(max_examples=600, deadline=None, derandomize=True)
def test_mask_value_as_before(raw: str) -> None:
    assert mask_value(raw) == old_mask_value(raw)
    assert mask_literal(raw) == old_mask_literal(raw)


@given(
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 3)), max_size=8),
    st.integers(0, 35),
    st.integers(0, 35),
)
@settings(deadline=None, derandomize=True)
def test_edits_within_as_a_filter(spans: list[tuple[int, int]], start: int, end: int) -> None:
    """The edits inside ``[start, end]`` (searched for, not imported bisect): those that
    start at or after ``start`` and end by ``end``, up to the first that does not (an
    insertion at ``end`` of a non-empty span belongs to the next line)."""
    edits: list[Edit] = []
    at = 0
    for gap, width in spans:  # sorted, non-overlapping
        edits.append(Edit(at + gap, at + gap + width, "x"))
        at += gap + width
    expected = []
    for edit in (e for e in edits if e.start >= start):
        if edit.end > end or (edit.start == end and end > start):
            break
        expected.append(edit)
    assert edits_within(edits, start, end) == expected


# -- the guards at work ---------------------------------------------------------------------


class Recorder:
    """Stands for ``re`` in a module: records the patterns asked for, then asks ``re``."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __getattr__(self, name: str) -> object:
        function = getattr(re, name)

        def call(pattern: str, *args: object, **kwargs: object) -> object:
            self.asked.append(pattern)
            return function(pattern, *args, **kwargs)

        return call


PLAIN = (
    "APP_NAME=shop\n"
    "database_url=postgres://u:p@h/db\n"
    "# Service settings for the API\n"
    "# service 1001\n"
    "DINGTALK_APP_KEY=dingabc123\n"
    "DINGTALK_APP_SECRET='s3cr3t-value'\n"
    "export TIMEOUT=30\n"
    "REGION=cn-hangzhou\n"
)


def dry_run(
    tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[str, Recorder]:
    masking, placeholders = Recorder(), Recorder()
    monkeypatch.setattr(redact, "re", masking)
    monkeypatch.setattr(rules, "re", placeholders)
    path = tmp_path / ".env"
    path.write_text(text)
    assert main(["migrate", "--dry-run", "--no-color", str(path)]) == 1
    assert placeholders.asked == []  # only a check (or a write) looks for placeholders
    return capsys.readouterr().out, masking


def test_a_plain_diff_asks_for_no_pattern(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    output, masking = dry_run(tmp_path, PLAIN, monkeypatch, capsys)
    assert masking.asked == []
    assert "+DINGTALK_CLIENT_ID=****" in output
    assert "# Service settings for the API" in output
    assert "# service ****" in output
    assert "database_url=****" in output
    for secret in ("s3cr3t", "dingabc", "postgres"):
        assert secret not in output


def test_a_line_that_needs_a_pattern_asks_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = PLAIN.replace("REGION=cn-hangzhou", "URL=https://${HOST}/x # owner: ops, e.g. (ask)")
    output, masking = dry_run(tmp_path, text, monkeypatch, capsys)
    assert redact._REFERENCE in masking.asked  # the value holds a reference
    assert redact._COMMENT_ASSIGN in masking.asked  # the comment holds a ":"
    assert "URL=****${HOST}**** # owner: ****" in output


def test_a_check_asks_for_the_placeholder_pattern(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    placeholders = Recorder()
    monkeypatch.setattr(rules, "re", placeholders)
    (tmp_path / ".env").write_text("DINGTALK_CLIENT_ID=your_client_id\n")
    main(["check", str(tmp_path / ".env")])
    assert placeholders.asked == [rules._PLACEHOLDER]
    assert "placeholder" in capsys.readouterr().out
