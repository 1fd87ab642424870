"""Which python-dotenv is installed: found without importing it, never guessed."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import dotenv
import pytest

from envmigrate import dotenv_lexer as lexer


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No ``dotenv.parser`` imported yet, and no cached answer (restored afterwards)."""
    monkeypatch.delitem(sys.modules, "dotenv.parser", raising=False)
    lexer.installed_dialect.cache_clear()
    yield
    lexer.installed_dialect.cache_clear()


def _package(root: Path, parser: bytes | None) -> None:
    (root / "dotenv").mkdir()
    (root / "dotenv" / "__init__.py").write_text("")
    if parser is not None:
        (root / "dotenv" / "parser.py").write_bytes(parser)


def test_found_on_the_path_without_importing(fresh: object) -> None:
    path = lexer._parser_path()
    assert path == str(Path(dotenv.__file__).with_name("parser.py"))
    assert "dotenv.parser" not in sys.modules
    assert lexer.installed_dialect() is not None


def test_an_imported_parser_is_the_one_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh: object
) -> None:
    fake = tmp_path / "parser.py"
    fake.write_text("# a patched copy\n")
    monkeypatch.setitem(sys.modules, "dotenv.parser", type(sys)("dotenv.parser"))
    sys.modules["dotenv.parser"].__file__ = str(fake)
    assert lexer._parser_path() == str(fake)
    assert lexer.installed_dialect() is None
    del sys.modules["dotenv.parser"].__file__
    assert lexer._parser_path() is None  # a module without a file (frozen, zip)


@pytest.mark.parametrize(
    ("layout", "found"),
    [
        ("no package", False),
        ("a module, not a package", False),
        ("no parser.py", False),
        ("parser.py", True),
    ],
)
def test_layouts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh: object, layout: str, found: bool
) -> None:
    if layout == "a module, not a package":
        (tmp_path / "dotenv.py").write_text("")
    elif layout == "no parser.py":
        _package(tmp_path, None)
    elif layout == "parser.py":
        _package(tmp_path, b"# not a release\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    path = lexer._parser_path()
    assert path == (str(tmp_path / "dotenv" / "parser.py") if found else None)
    assert lexer.installed_dialect() is None


def test_a_release_is_known_by_its_bytes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh: object
) -> None:
    """The installed release's own parser.py, copied: its dialect; one byte changed: none."""
    source = Path(dotenv.__file__).with_name("parser.py").read_bytes()
    expected = lexer.installed_dialect()
    assert expected is not None
    for content, dialect in [(source, expected), (source + b"\n", None), (source[:-1], None)]:
        lexer.installed_dialect.cache_clear()
        root = tmp_path / str(len(content))
        root.mkdir()
        _package(root, content)
        monkeypatch.setattr(sys, "path", [str(root)])
        assert lexer.installed_dialect() == dialect


def test_an_unreadable_parser_is_unknown(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh: object
) -> None:
    """Larger than 1 MiB, or not a file: no dialect (the fallback runs), no exception."""
    big = tmp_path / "parser.py"
    big.write_bytes(b"#" * ((1 << 20) + 1))
    monkeypatch.setattr(lexer, "_parser_path", lambda: str(big))
    assert lexer.installed_dialect() is None
    lexer.installed_dialect.cache_clear()
    monkeypatch.setattr(lexer, "_parser_path", lambda: str(tmp_path))
    assert lexer.installed_dialect() is None


def test_a_binding_the_fallback_cannot_locate_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An unknown python-dotenv that reads a line differently from every known release: the
    file is refused with the line's number, one clear line, never a guess."""
    import dotenv.parser

    from envmigrate.envfile import parse
    from envmigrate.errors import InputError

    real = dotenv.parser.parse_stream

    def drifted(stream: object) -> object:
        for binding in real(stream):  # type: ignore[arg-type]
            if binding.key == "B":
                binding = binding._replace(value="not what the line says")
            yield binding

    monkeypatch.setattr(lexer, "installed_dialect", lambda: None)
    monkeypatch.setattr(dotenv.parser, "parse_stream", drifted)
    assert [e.value for e in parse("A=1\n").entries] == ["1"]  # the fallback itself works
    with pytest.raises(InputError) as info:
        parse("A=1\n\n# c\nB=2\nC=3\n", name="f.env")
    assert info.value.message == (
        "f.env: line 4: the installed python-dotenv reads this line in a way envmigrate "
        "does not know; file skipped"
    )
    with pytest.raises(lexer.GrammarError) as grammar:
        lexer.lex("B=2\n")
    assert (grammar.value.line, str(grammar.value)) == (1, "line 1")
