"""Each env file is decoded once, each text parsed once, each parse resolved at most once."""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from envmigrate import envfile, pipeline
from envmigrate.entry import main

# the modules (``envmigrate.detect`` and ``envmigrate.rewrite`` are also functions)
detect = importlib.import_module("envmigrate.detect")
rewrite = importlib.import_module("envmigrate.rewrite")

SIMPLE = b"# app\nDINGTALK_APP_KEY=id\nDINGTALK_APP_SECRET='s3cret'\nOTHER=1\n"
NASTY = b'DINGTALK_APP_KEY=id\r\nX="a\nb"\r\nbad line\r\nY=${DINGTALK_APP_KEY}\r\n'


class Calls:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.decode: Counter[bytes] = Counter()
        self.lex: Counter[str] = Counter()
        self.mentions: Counter[str] = Counter()
        self.affected: Counter[str] = Counter()
        self.resolve: Counter[int] = Counter()
        for module in (pipeline, envfile):
            self._wrap(monkeypatch, module, "decode", lambda a, k: self.decode.update([a[0]]))
        self._wrap(monkeypatch, envfile, "lex", lambda a, k: self.lex.update([a[0]]))
        self._wrap(monkeypatch, envfile, "lex_mentions", lambda a, k: self.mentions.update([a[0]]))
        self._wrap(monkeypatch, rewrite, "lex_affected", lambda a, k: self.affected.update([a[0]]))
        for module in (detect, rewrite, pipeline, envfile):  # each caller's own binding
            if hasattr(module, "resolve"):
                self._wrap(
                    monkeypatch, module, "resolve", lambda a, k: self.resolve.update([id(a[0])])
                )

    @staticmethod
    def _wrap(
        monkeypatch: pytest.MonkeyPatch,
        module: object,
        name: str,
        record: Callable[[tuple[object, ...], dict[str, object]], None],
    ) -> None:
        real = getattr(module, name)

        def counted(*args: object, **kwargs: object) -> object:
            record(args, kwargs)
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)


def run(*args: str) -> int:
    with CliRunner().isolation():
        return main(list(args))


@pytest.mark.parametrize("data", [SIMPLE, NASTY])
@pytest.mark.parametrize("verify", [False, True])
def test_check_decodes_parses_and_resolves_once(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, data: bytes, verify: bool
) -> None:
    path = in_tmp / ".env"
    path.write_bytes(data)
    calls = Calls(monkeypatch)
    if verify:  # no network here: the credentials are computed, the probe is not run
        monkeypatch.setattr("envmigrate.commands.check.verify_into", lambda *a, **k: None)
    run("check", *(["--verify"] if verify else []), str(path))
    assert list(calls.decode.values()) == [1]
    assert all(n == 1 for n in calls.lex.values())
    assert all(n == 1 for n in calls.resolve.values())
    assert len(calls.resolve) <= 1
    if data == SIMPLE:
        assert not calls.lex  # the cheaper read: only the lines naming a watched key
        assert list(calls.mentions.values()) == [1]
    else:
        assert list(calls.lex.values()) == [1]


@pytest.mark.parametrize("data", [SIMPLE, NASTY])
def test_migrate_parses_before_and_after_once_each(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch, data: bytes
) -> None:
    path = in_tmp / ".env"
    path.write_bytes(data)
    calls = Calls(monkeypatch)
    assert run("migrate", "--yes", "--no-verify", str(path)) == 0
    assert list(calls.decode.values()) == [1]
    before, after = data.decode(), path.read_bytes().decode()
    assert calls.affected == Counter({before: 1})
    if data == SIMPLE:  # the fast path: only the lines a rewrite can touch, in both texts
        assert not calls.lex
    else:  # the full proof: the whole text, then the whole new text
        assert calls.lex == Counter({before: 1, after: 1})
    assert all(n == 1 for n in calls.resolve.values())
