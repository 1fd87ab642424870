"""Dependency declarations: ``dingtalk-stream`` held below 0.8.0 (EM104) and a Python
floor below 3.11 (EM105), in requirements*.txt, pyproject.toml, setup.cfg and Pipfile.

Line based: PEP 508 strings (``"dingtalk-stream>=0.6,<0.8"``), Poetry/Pipfile tables
(``dingtalk-stream = "^0.7"``, ``{ version = "==0.7.1" }``), ``requires-python``,
``python_requires``, ``python_version`` and Poetry's ``python = "^3.9"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from envmigrate.i18n import Msg
from envmigrate.scanners.hits import Hit

FLOOR_SDK = (0, 8, 0)
FLOOR_PYTHON = (3, 11)
_SDK = re.compile(
    r"(?P<name>dingtalk[-_.]stream)(?![\w-])(?:\[[^\]]*\])?[\"']?[ \t]*(?:=(?=[ \t]*[\"'{])[ \t]*)?"
    r"(?:\{[^}\n]*?version[ \t]*=[ \t]*)?[\"']?(?P<spec>[^\"';#\n\r]*)",
    re.IGNORECASE,
)
_PYTHON = re.compile(
    r"^[ \t]*(?P<key>requires-python|python_requires|python_version|python)[ \t]*="
    r"[ \t]*[\"']?(?P<spec>[^\"'#\n\r]*)",
    re.MULTILINE,
)
#: A version clause: a whole version, never digits inside a word or a hash (``sha256``,
#: ``:0a1b…``).
_CLAUSE = re.compile(
    r"(?<![\w.])(?P<op>===|==|~=|!=|<=|>=|<|>|\^|~)?[ \t]*v?(?P<version>\d+(?:\.\d+)*)"
    r"(?P<star>\.\*)?(?![\w.])"
)
#: Where a requirements line's options begin (``--hash=…``, ``--config-settings …``).
_OPTIONS = re.compile(r"[ \t]+--?[A-Za-z]")


def scan(text: str) -> list[Hit]:
    return [*_sdk(text), *_python(text)]


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def _upper(op: str, version: tuple[int, ...], star: bool) -> bool:
    """True when a clause keeps every version from 0.8.0 on out."""
    full = version + (0,) * (3 - len(version))  # 0.8 is 0.8.0
    if op in ("", "==", "===") and not star:
        return full < FLOOR_SDK
    if op == "==" and star:
        return version < FLOOR_SDK[: len(version)]
    if op == "<":
        return full <= FLOOR_SDK
    if op == "<=":
        return full < FLOOR_SDK
    if op == "~=":  # ~=0.7.0 means ==0.7.*; ~=0.7 means ==0.*
        return version[:-1] < FLOOR_SDK[: len(version) - 1]
    if op in ("^", "~"):  # Poetry: ^0.7 and ~0.7 both mean <0.8; ^0 and ~0 mean <1
        return len(version) > 1 and version[:2] < FLOOR_SDK[:2]
    return False


#: A version spec quoted in a message only when it is made of version clauses (never a
#: stray value: a spec is free text up to the end of the line).
_SHOWN_SPEC = re.compile(r"[\s,<>=!~^*.\dv|]*")


def _shown(spec: str, clauses: list[re.Match[str]]) -> str:
    spec = spec.strip()
    return spec if _SHOWN_SPEC.fullmatch(spec) else ",".join(c.group().strip() for c in clauses)


def _sdk(text: str) -> Iterator[Hit]:
    for match in _SDK.finditer(text):
        spec = _OPTIONS.split(match.group("spec"))[0]
        clauses = list(_CLAUSE.finditer(spec))
        if any(
            _upper(c.group("op") or "", _version(c.group("version")), bool(c.group("star")))
            for c in clauses
        ):
            message = Msg(
                "dingtalk-stream is held below 0.8.0 ({spec}): "
                "the Stream-mode names need dingtalk-stream>=0.8.0",
                spec=_shown(spec, clauses),
            )
            yield Hit(match.start("name"), match.end("name"), "EM104", "dingtalk-stream", message)


def _floor(op: str, version: tuple[int, ...]) -> bool:
    return op in ("", ">=", ">", "==", "~=", "^", "~") and version < FLOOR_PYTHON


def _python(text: str) -> Iterator[Hit]:
    for match in _PYTHON.finditer(text):
        spec = match.group("spec").strip()
        clauses = list(_CLAUSE.finditer(spec))
        if clauses and any(
            _floor(c.group("op") or "", _version(c.group("version"))) for c in clauses
        ):
            message = Msg(
                "{key} allows Python older than 3.11 ({spec}): "
                "dingtalk-stream>=0.8.0 and this migration target Python 3.11+",
                key=match.group("key"),
                spec=_shown(spec, clauses),
            )
            yield Hit(match.start("key"), match.end("key"), "EM105", match.group("key"), message)
