"""The guard of bench/mutation-equivalents.txt: a listed mutant still is the one reviewed.

mutmut numbers the mutants of a function in order (``x_needles__mutmut_4``): editing the
function renumbers them, and a listed name may then stand for another mutation, one that
a test could notice, skipped and left out of the score. So each line carries a stamp,
``[0123abcd]``, after the name: a digest of the mutated function as mutmut generated it
(docstring left out). Editing the function changes the stamp of each of its mutants; the
check names those lines, and they are reviewed again (``python -m mutmut show NAME``)
before they are stamped anew.

    python bench/equivalents.py [GLOB ...]          # check the stamps (after a run)
    python bench/equivalents.py --stamp [NAME ...]  # stamp lines without one (or these)

Run from the project root after ``bash bench/mutation.sh`` (the mutated sources are in
./mutants); bench/mutation.sh runs the check at the end of every run.
"""

from __future__ import annotations

import ast
import fnmatch
import hashlib
import re
import sys
from functools import cache
from pathlib import Path

LISTED = Path(__file__).with_name("mutation-equivalents.txt")
MUTANTS = Path("mutants")
_STAMP = re.compile(r"\[([0-9a-f]{8})\]")


def split(name: str) -> tuple[str, str]:
    """(module, function) of a mutant name: ``envmigrate.diff``, ``x__blocks__mutmut_17``."""
    match = re.match(r"(.+?)\.(xǁ.*|x_.*)$", name)
    if match is None:
        raise ValueError(f"not a mutmut name: {name}")
    return match.group(1), match.group(2)


@cache
def _functions(module: str) -> dict[str, str]:
    """The mutated functions of one module, by name, as source without docstrings."""
    path = MUTANTS / (module.replace(".", "/") + ".py")
    if not path.exists():
        return {}
    found = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and "__mutmut_" in node.name:
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                node.body = body[1:] or [ast.Pass()]
            found[node.name] = ast.unparse(node)
    return found


def stamp(name: str) -> str | None:
    """The digest of the mutant's function (None: not generated, run mutation.sh first)."""
    module, function = split(name)
    source = _functions(module).get(function)
    return None if source is None else hashlib.sha256(source.encode()).hexdigest()[:8]


def _entries(lines: list[str]) -> list[tuple[int, str, str | None]]:
    """(line index, name, stamp or None) of every listed mutant."""
    out = []
    for index, line in enumerate(lines):
        if line.strip() and not line.startswith("#"):
            words = line.split()
            match = _STAMP.fullmatch(words[1]) if len(words) > 1 else None
            out.append((index, words[0], match.group(1) if match else None))
    return out


def names() -> set[str]:
    """The listed mutants (the score leaves them out; their runs are skipped)."""
    try:
        lines = LISTED.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return set()
    return {name for _, name, _ in _entries(lines)}


def check(globs: list[str]) -> int:
    lines = LISTED.read_text(encoding="utf-8").splitlines()
    stale, unstamped, missing = [], [], []
    for _, name, listed in _entries(lines):
        if globs and not any(fnmatch.fnmatch(name, g) for g in globs):
            continue
        now = stamp(name)
        if now is None:
            missing.append(name)
        elif listed is None:
            unstamped.append(name)
        elif listed != now:
            stale.append(name)
    for title, names in (
        (
            "changed since they were reviewed (mutmut renumbers an edited function's "
            "mutants): check each with `python -m mutmut show NAME`, fix its line, then "
            "`python bench/equivalents.py --stamp NAME`",
            stale,
        ),
        ("without a stamp: review, then `python bench/equivalents.py --stamp`", unstamped),
        ("not generated (run bench/mutation.sh first), or gone", missing),
    ):
        if names:
            print(f"equivalents {title}:")
            print("".join(f"  {name}\n" for name in names), end="")
    return 1 if stale or unstamped or missing else 0


def stamp_lines(names: list[str]) -> int:
    lines = LISTED.read_text(encoding="utf-8").splitlines(keepends=True)
    done = 0
    for index, name, listed in _entries([line.rstrip("\n") for line in lines]):
        if (names and name not in names) or (not names and listed is not None):
            continue
        now = stamp(name)
        if now is None:
            print(f"not generated: {name}", file=sys.stderr)
            return 1
        rest = lines[index][len(name) :].lstrip()
        if listed is not None:
            rest = rest.split(None, 1)[1] if " " in rest else "\n"
        lines[index] = f"{name}  [{now}]  {rest}"
        done += 1
    LISTED.write_text("".join(lines), encoding="utf-8")
    print(f"stamped {done} line(s)")
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["--stamp"]:
        return stamp_lines(argv[1:])
    return check(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
