"""The message catalogue: extract the msgids from the code, compile the .po into the .mo.

    python bench/catalogue.py            # compile envmigrate/locale/*/LC_MESSAGES/*.po
    python bench/catalogue.py missing    # msgids in the code without a translation

The compiler writes a GNU .mo (little-endian, no hash table: ``gettext`` does not need
one) from the .po's entries in sorted order, so the same .po always gives the same bytes;
a test compares the committed .mo with a fresh compile.
"""

from __future__ import annotations

import ast
import inspect
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "envmigrate"
PO = PACKAGE / "locale" / "zh_CN" / "LC_MESSAGES" / "envmigrate.po"
#: Calls whose literal arguments are msgids (``plural``/``ngettext``: two of them).
MARKERS = {"_", "N_", "Msg"}
PLURALS = {"ngettext", "plural"}
#: Click commands and groups: their docstring is their --help text.
COMMAND_DECORATORS = ("command", "group")


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def msgids_of(source: str) -> set[str | tuple[str, str]]:
    """Every msgid of one module: marker calls with literal text, commands' docstrings."""
    found: set[str | tuple[str, str]] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and node.args:
            name, args = _name(node.func), [_literal(a) for a in node.args[:2]]
            if name in PLURALS and len(args) == 2 and args[0] and args[1]:
                found.add((args[0], args[1]))
            elif name in MARKERS and args[0] is not None:
                found.add(args[0])
        if isinstance(node, ast.FunctionDef) and any(
            _name(d.func if isinstance(d, ast.Call) else d).endswith(COMMAND_DECORATORS)
            for d in node.decorator_list
        ):
            doc = ast.get_docstring(node)
            if doc:
                found.add(inspect.cleandoc(doc))
    return found


def code_msgids(package: Path = PACKAGE) -> set[str | tuple[str, str]]:
    found: set[str | tuple[str, str]] = set()
    for path in sorted(package.rglob("*.py")):
        found |= msgids_of(path.read_text(encoding="utf-8"))
    return found


# -- the .po file -----------------------------------------------------------------------


def _unquote(text: str) -> str:
    value = ast.literal_eval(text)
    if not isinstance(value, str):
        raise ValueError(f"not a string: {text}")
    return value


def parse_po(text: str) -> dict[str | tuple[str, str], list[str]]:
    """msgid (or (msgid, msgid_plural)) -> msgstr forms; the header has msgid ``""``."""
    entries: dict[str | tuple[str, str], list[str]] = {}
    fields: dict[str, str] = {}
    current = ""

    def flush() -> None:
        if "msgid" in fields:
            strs = [fields[k] for k in sorted(fields) if k.startswith("msgstr")]
            key = fields["msgid"]
            entries[(key, fields["msgid_plural"]) if "msgid_plural" in fields else key] = strs
        fields.clear()

    for raw in [*text.splitlines(), ""]:
        line = raw.strip()
        if not line or line.startswith("#"):
            if not line and "msgstr" in "".join(fields):
                flush()
            continue
        if line.startswith('"'):
            fields[current] += _unquote(line)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword == "msgid" and any(k.startswith("msgstr") for k in fields):
            flush()
        current = keyword.replace("[", "_").replace("]", "")
        fields[current] = _unquote(rest)
    flush()
    return entries


def compile_mo(entries: dict[str | tuple[str, str], list[str]]) -> bytes:
    """GNU .mo bytes: header, the sorted original and translated tables, then the strings."""
    pairs = []
    for key, forms in entries.items():
        original = "\0".join(key) if isinstance(key, tuple) else key
        if all(forms):  # untranslated entries stay out: gettext falls back to the msgid
            pairs.append((original.encode(), "\0".join(forms).encode()))
    pairs.sort()
    count = len(pairs)
    start = 7 * 4 + 16 * count
    ids = b"".join(o + b"\0" for o, _ in pairs)
    strs = b"".join(t + b"\0" for _, t in pairs)
    table, offset = [], start
    for original, _ in pairs:
        table += [len(original), offset]
        offset += len(original) + 1
    for _, translated in pairs:
        table += [len(translated), offset]
        offset += len(translated) + 1
    header = struct.pack("<7I", 0x950412DE, 0, count, 28, 28 + 8 * count, 0, start)
    return header + struct.pack(f"<{len(table)}I", *table) + ids + strs


def mo_path(po: Path) -> Path:
    return po.with_suffix(".mo")


def main(argv: list[str]) -> int:
    entries = parse_po(PO.read_text(encoding="utf-8"))
    if argv[:1] == ["missing"]:
        for msgid in sorted(code_msgids() - entries.keys(), key=str):
            print(repr(msgid))
        return 0
    mo_path(PO).write_bytes(compile_mo(entries))
    print(f"{mo_path(PO).relative_to(ROOT)}: {len(entries) - 1} messages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
