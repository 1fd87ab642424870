"""envfile's refusals, each as its whole one-line message, and its exact boundaries."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from envmigrate.envfile import (
    MAX_BYTES,
    LazyValues,
    decode,
    parse,
    parse_for_check,
    parse_text,
    resolve,
)
from envmigrate.errors import InputError

KEY = "DINGTALK_APP_KEY=id\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe" + KEY.encode("utf-16-le"), "f.env: encoded as UTF-16 (byte-order mark); save it as UTF-8"),
        (b"\xfe\xff" + KEY.encode("utf-16-be"), "f.env: encoded as UTF-16 (byte-order mark); save it as UTF-8"),
        (b"\xff\xfe\x00\x00" + KEY.encode("utf-32-le"), "f.env: encoded as UTF-32 (byte-order mark); save it as UTF-8"),
        (b"\x00\x00\xfe\xff" + KEY.encode("utf-32-be"), "f.env: encoded as UTF-32 (byte-order mark); save it as UTF-8"),
        (b"A=1\nB=\x00\n", "f.env: binary file (contains NUL bytes), not an env file"),
        (b"\x00", "f.env: binary file (contains NUL bytes), not an env file"),
        (b"A=\xff\n", "f.env: not valid UTF-8 (line 1, byte 2)"),
        (b"A=1\nB=\xc3\n", "f.env: not valid UTF-8 (line 2, byte 6)"),
        (b"\n\n\n\xe4\xb8", "f.env: not valid UTF-8 (line 4, byte 3)"),
        (b"\r\r\xff", "f.env: not valid UTF-8 (line 3, byte 2)"),  # a CR ends a line too
        (b"\r\n\r\n\xff", "f.env: not valid UTF-8 (line 3, byte 4)"),
        (b"\n\r\xff", "f.env: not valid UTF-8 (line 3, byte 2)"),
    ],
)  # fmt: skip
def test_decode_refuses(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as info:
        decode(data, name="f.env")
    assert info.value.message == message


def test_the_size_limit_is_exact() -> None:
    assert MAX_BYTES == 16 * 1024 * 1024
    text, bom = decode(b"#" * MAX_BYTES)
    assert (len(text), bom) == (MAX_BYTES, False)
    with pytest.raises(InputError) as info:
        decode(b"#" * (MAX_BYTES + 1))
    assert info.value.message == "<input>: larger than 16 MiB, not an env file"


@pytest.mark.parametrize(
    ("data", "text", "bom"),
    [
        (b"\xef\xbb\xbfA=1\n", "A=1\n", True),
        (b"A=1\n", "A=1\n", False),
        (b"A=\xef\xbb\xbf\n", "A=\ufeff\n", False),
        (b"", "", False),
        (b"\xfe", None, False),  # not a byte-order mark of UTF-16: not valid UTF-8
    ],
)
def test_decode(data: bytes, text: str | None, bom: bool) -> None:
    if text is None:
        with pytest.raises(InputError, match="not valid UTF-8"):
            decode(data)
        return
    assert decode(data) == (text, bom)


@pytest.mark.parametrize("data", [b"\xef\xbb\xbfA=1\n", "\ufeffA=1\n"])
def test_parse_bytes_or_text_owns_the_bom(data: bytes | str) -> None:
    env = parse(data)
    assert (env.text, env.bom, env.complete) == ("A=1\n", True, True)
    assert [(e.key, e.value) for e in env.bindings()] == [("A", "1")]
    assert env.render() == b"\xef\xbb\xbfA=1\n"
    assert env.render("B=2\n") == b"\xef\xbb\xbfB=2\n"
    assert parse("A=1\n").render() == b"A=1\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("\ufeffA=1\n", "f.env: starts with more than one byte-order mark (U+FEFF); "
         "python-dotenv would read it as part of the first name: remove the extra mark"),
        ("A=1\n\n\ufeffB=2\n", "f.env: line 3: a byte-order mark (U+FEFF) inside the file "
         "makes python-dotenv read a name with an invisible character: remove it"),
    ],
)  # fmt: skip
def test_parse_text_refuses(text: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse_text(text, name="f.env")
    assert info.value.message == message


def test_a_bom_in_a_value_or_comment_is_a_character() -> None:
    env = parse_text("A=\ufeff\n# \ufeff\nB='x\ufeff'\n")
    assert [(e.key, e.value) for e in env.bindings()] == [("A", "\ufeff"), ("B", "x\ufeff")]


def test_lazy_values_are_resolved_once() -> None:
    env = parse_text("A=1\nB=${A}\n")
    lazy = LazyValues(env)
    first = lazy()
    assert first == {"A": "1", "B": "1"} == resolve(env)
    assert lazy() is first
    given = {"A": "x"}
    assert LazyValues(env, given)() is given


@pytest.mark.parametrize(
    ("read", "message"),
    [
        (lambda: parse_text("\ufeffA=1\n"), "<input>: starts with more than one byte-order mark"),
        (lambda: parse(b"A=\xff"), "<input>: not valid UTF-8 (line 1, byte 2)"),
        (lambda: parse("\ufeff\ufeffA=1"), "<input>: starts with more than one byte-order mark"),
        (lambda: decode(b"\x00"), "<input>: binary file (contains NUL bytes), not an env file"),
    ],
)
def test_an_unnamed_input_is_called_input(read: Callable[[], object], message: str) -> None:
    with pytest.raises(InputError) as info:
        read()
    assert info.value.message.startswith(message)


WATCHED = frozenset({"DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"})


@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize(
    ("text", "complete", "entries"),
    [
        # an ordinary file: only the lines that mention a watched name, a partial read
        ("A=1\nDINGTALK_APP_KEY=k\nB=2\n", False, [("DINGTALK_APP_KEY", "k", 2)]),
        ("X=${DINGTALK_APP_KEY}\n", False, [("X", "${DINGTALK_APP_KEY}", 1)]),
        # a reference in a watched value, a multi-line value, a bare key: the full parse
        ("DINGTALK_APP_KEY=${A}\n", True, [("DINGTALK_APP_KEY", "${A}", 1)]),
        ('X="a\nb"\nDINGTALK_APP_KEY=k\n', True, [("X", "a\nb", 1), ("DINGTALK_APP_KEY", "k", 3)]),
        ("DINGTALK_APP_KEY\n", True, [("DINGTALK_APP_KEY", None, 1)]),
    ],
)
def test_parse_for_check_whole(
    text: str, complete: bool, entries: list[tuple[str, str | None, int]], bom: bool
) -> None:
    env = parse_for_check(text, bom, WATCHED)
    assert (env.text, env.bom, env.complete) == (text, bom, complete)
    assert [(e.key, e.value, e.line) for e in env.bindings()] == entries


@pytest.mark.parametrize("name", [None, "f.env"])
def test_parse_for_check_names_its_input_in_a_refusal(name: str | None) -> None:
    named = {} if name is None else {"name": name}
    with pytest.raises(InputError) as info:
        parse_for_check("\ufeffA=1\n", False, WATCHED, **named)
    assert info.value.message.startswith(f"{name or '<input>'}: starts with more than one")


def test_the_size_limit_message_names_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The limit's boundary and message, at a smaller limit (fast): one byte over it is
    refused, the limit itself is read, the size is given in whole MiB."""
    from envmigrate import envfile

    limit = 3 * 1024 * 1024
    monkeypatch.setattr(envfile, "MAX_BYTES", limit)
    assert decode(b"#" * limit) == ("#" * limit, False)
    with pytest.raises(InputError) as info:
        decode(b"#" * (limit + 1), name="big.env")
    assert info.value.message == "big.env: larger than 3 MiB, not an env file"
