"""Odd file starts (a second BOM, a BOM inside, UTF-16, BOM + NUL): one file, one line.

Whatever the installed python-dotenv does with an extra U+FEFF, the tool never fails with
an internal error and never aborts the run: the odd file gets one clear error line (exit 2,
file untouched) and every other file is still checked or migrated.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from envmigrate.entry import main
from envmigrate.envfile import parse
from envmigrate.errors import InputError

BOM = b"\xef\xbb\xbf"
KEY = b"DINGTALK_APP_KEY=id-value\n"

ODD = [
    (BOM + BOM + KEY, "more than one byte-order mark"),
    (BOM + BOM + BOM + KEY, "more than one byte-order mark"),
    (BOM + BOM + b"# comment\n" + KEY, "more than one byte-order mark"),
    (BOM + b" " + BOM + KEY, "line 1: a byte-order mark (U+FEFF) inside the file"),
    (b"A=1\n" + BOM + KEY, "line 2: a byte-order mark (U+FEFF) inside the file"),
    (BOM + b"A=1\r\n\r\n" + BOM + KEY, "line 3: a byte-order mark (U+FEFF) inside the file"),
    (BOM + b"\xff\xfe" + KEY, "not valid UTF-8"),
    (b"\xff\xfe" + KEY.decode().encode("utf-16-le"), "encoded as UTF-16"),
    (b"\xfe\xff" + KEY.decode().encode("utf-16-be"), "encoded as UTF-16"),
    (b"\xff\xfe\x00\x00" + KEY.decode().encode("utf-32-le"), "encoded as UTF-32"),
    (BOM + b"\x00" + KEY, "binary file"),
]
FINE = [
    BOM + KEY,
    BOM + b"\r\n" + KEY,
    BOM + b'A="\xef\xbb\xbf"\n' + KEY,  # a BOM inside a value is just a character
    BOM + b"# \xef\xbb\xbf\n" + KEY,
]


def run(*args: str) -> tuple[int, str, str]:
    with CliRunner().isolation() as (out, err, _):
        code = main(list(args))
    return code, out.getvalue().decode(), err.getvalue().decode()


@pytest.mark.parametrize(("data", "message"), ODD)
def test_parse_refuses_with_one_line(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse(data, name="odd.env")
    assert info.value.message.startswith("odd.env: ")
    assert message in info.value.message
    assert "\n" not in info.value.message


@pytest.mark.parametrize("data", FINE)
def test_one_bom_is_fine(data: bytes) -> None:
    env = parse(data)
    assert env.bom
    assert [e.key for e in env.bindings()][-1] == "DINGTALK_APP_KEY"
    assert env.render() == data


@pytest.mark.parametrize(("data", "message"), ODD)
@pytest.mark.parametrize("command", ["check", "migrate"])
def test_the_run_goes_on(in_tmp: Path, data: bytes, message: str, command: str) -> None:
    """The odd file: one error line, exit 2, untouched; the good file is still handled."""
    odd, good = in_tmp / "odd.env", in_tmp / "good.env"
    odd.write_bytes(data)
    good.write_bytes(KEY)
    args = [command, "--yes", "--no-verify"] if command == "migrate" else [command]
    code, out, err = run(*args, str(odd), str(good))
    assert code == 2
    assert "internal error" not in err
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if "envmigrate: error:" in line]
    assert len(errors) == 1
    assert str(odd) in errors[0]
    assert message in errors[0]
    assert odd.read_bytes() == data
    if command == "check":
        assert f"{good}:1:1: EM001" in out
    else:
        assert good.read_bytes() == b"DINGTALK_CLIENT_ID=id-value\n"
