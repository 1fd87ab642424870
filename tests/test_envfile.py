"""The lossless model: render(parse(b)) == b, with exact key/value spans."""

from __future__ import annotations

import dotenv.parser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envmigrate.envfile import MAX_BYTES, decode, parse, resolve
from envmigrate.errors import InputError

ROUND_TRIP = [
    b"",
    b"A=1",
    b"A=1\n",
    b"A=1\r\nB=2\r\n",
    b"A=1\rB=2\r",
    b"A=1\r\nB=2\nC=3\r",
    b"\xef\xbb\xbfA=1\n",
    b"\n\n# comment\n\n  A = 1  # inline\n",
    b"export A='x'\n",
    b'A="multi\nline\nDINGTALK_APP_KEY=not-a-key\n"\n',
    b"not a binding line\nA=1\n",
    b"=novalue\n'quoted'=x\n",
    b"A\nB=\nC= \n",
    b"\tA\t=\t1\t\n",
    "K=unicode \u00e9\u4e2d\u6587\n".encode(),
    b"A='it\\'s'\nB=\"q\\\"q\"\n",
    b"   \n\t\n",
]


@pytest.mark.parametrize("data", ROUND_TRIP)
def test_round_trip_table(data: bytes) -> None:
    """Rendering a parsed file gives back exactly the bytes that were read."""
    assert parse(data).render() == data


@given(st.text(alphabet=st.characters(blacklist_characters="\x00"), max_size=300))
@settings(derandomize=True, max_examples=400)
def test_round_trip_property(text: str) -> None:
    """Any text (CR, CRLF, BOM, quotes, junk) survives parse + render byte for byte.

    The only refusal: a byte-order mark python-dotenv would read into a name.
    """
    data = text.encode("utf-8")
    refused = ""
    try:
        env = parse(data)
    except InputError as exc:
        refused = exc.message
    if refused:
        assert "byte-order mark" in refused
        assert "\ufeff" in text.removeprefix("\ufeff")
        return
    assert env.render() == data
    assert "".join(env.text[e.start : e.end] for e in env.entries) == env.text


@given(st.text(alphabet=st.sampled_from("AB =#'\"\\\n\r\t\ufeffx$"), max_size=60))
@settings(derandomize=True, max_examples=400)
def test_round_trip_property_nasty(text: str) -> None:
    """The same over an alphabet of only the grammar's special characters."""
    test_round_trip_property.hypothesis.inner_test(text)  # type: ignore[attr-defined]


ENV_LINE = st.sampled_from(
    [
        "A=1",
        "export B = 'two'",
        'C="x\ny"',
        "# c",
        "",
        "bad line",
        "D",
        "E= spaced # c",
        "'F'=f",
        "  G=g",
    ]
)


@given(st.lists(ENV_LINE, max_size=12), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())
@settings(derandomize=True, max_examples=300)
def test_keys_and_values_match_python_dotenv(lines: list[str], nl: str, bom: bool) -> None:
    """Our entries agree with python-dotenv's parser; spans point at the key and value."""
    text = nl.join(lines)
    env = parse(("\ufeff" if bom else "") + text)
    expected = [
        (b.key, b.value)
        for b in dotenv.parser.parse_stream(__import__("io").StringIO(text, newline=""))
    ]
    assert [(e.key, e.value) for e in env.entries] == expected
    for entry in env.bindings():
        assert env.text[entry.key_start : entry.key_end] == entry.key


@pytest.mark.parametrize(
    ("text", "key", "line", "column", "raw_value"),
    [
        ("A=1\n", "A", 1, 1, "1"),
        ("\n\nexport  B=2\n", "B", 3, 9, "2"),
        ("# c\r\n  C = 'x y' # c\r\n", "C", 2, 3, "x y"),
        ('X=1\nD="a\nb"\nE=5\n', "E", 4, 1, "5"),
        ("'F'=f\n", "F", 1, 2, "f"),
        ("G=v # comment\n", "G", 1, 1, "v"),
        ("H=\n", "H", 1, 1, ""),
    ],
)
def test_positions(text: str, key: str, line: int, column: int, raw_value: str) -> None:
    """Line and column are those of the key; the value span excludes quotes and comments."""
    env = parse(text)
    entry = next(e for e in env.bindings() if e.key == key)
    assert (entry.line, entry.column) == (line, column)
    assert env.text[entry.value_start : entry.value_end] == raw_value


def test_bare_key_has_no_value_span() -> None:
    entry = next(parse("K\n").bindings())
    assert entry.value is None
    assert entry.value_start == -1


def test_bom_is_owned_here() -> None:
    """The BOM never reaches python-dotenv's keys, and is put back on render."""
    env = parse(b"\xef\xbb\xbfDINGTALK_APP_KEY=x\n")
    assert env.bom
    assert [e.key for e in env.bindings()] == ["DINGTALK_APP_KEY"]
    assert env.render("Y=1\n") == b"\xef\xbb\xbfY=1\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"A=\xff\n", "not valid UTF-8 (line 1"),
        (b"A=1\nB=\x00\n", "binary file"),
        (b"A=1\n" + b"B=\xc3\n", "line 2"),
    ],
)
def test_decode_refuses(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=r"^f\.env: ") as info:
        decode(data, name="f.env")
    assert message in info.value.message


def test_decode_refuses_oversized() -> None:
    with pytest.raises(InputError, match="larger than"):
        decode(b"A" * (MAX_BYTES + 1))


@pytest.mark.parametrize(
    ("text", "environ", "expected"),
    [
        ("A=1\nB=${A}\n", {}, {"A": "1", "B": "1"}),
        ("B=${A}\nA=1\n", {}, {"B": "", "A": "1"}),
        ("B=${A:-dflt}\n", {}, {"B": "dflt"}),
        ("B=${A:-dflt}\n", {"A": "env"}, {"B": "env"}),
        ("A=file\nB=${A}\n", {"A": "env"}, {"A": "file", "B": "file"}),
        ("A\nB=${A:-d}\n", {}, {"A": None, "B": ""}),
        ("B='${A}'\nA=1\n", {}, {"B": "", "A": "1"}),
    ],
)
def test_resolve_matches_python_dotenv(
    text: str, environ: dict[str, str], expected: dict[str, str | None]
) -> None:
    """resolve() gives what dotenv_values gives (override=True), in linear time."""
    assert resolve(parse(text), environ=environ) == expected
