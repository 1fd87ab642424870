"""JavaScript/TypeScript reads as whole records: every hit of a snippet with its code, key,
line, column, span, replacement and store, and the exact text ``migrate --code`` writes.
Odd layouts: destructuring (defaults, renames, multi-line), quoted and computed keys,
template literals (nested, with object literals in a field), env schemas (zod, envalid,
TypeScript types), and names in comments, messages and import lists that must not change."""

from __future__ import annotations

import pytest

from envmigrate.rules import DEFAULT_RULES
from envmigrate.scanners import js
from envmigrate.scanners.hits import Lines
from envmigrate.scanners.js import MENTION
from tests.scanners.helpers import Scanner, fix

Record = tuple[object, ...]

#: The messages of a read (EM101) and of an obsolete name (EM103) in code.
READS = "reads deprecated {key}: rename it to {new}"
OBSOLETE = "{key} is not needed in Stream mode: remove it when nothing uses it"
NEW = {"DINGTALK_APP_KEY": "DINGTALK_CLIENT_ID", "DINGTALK_APP_SECRET": "DINGTALK_CLIENT_SECRET"}


def records(scan: Scanner, src: str) -> list[Record]:
    """Every hit, in position order: (code, key, line, column, the text it is about,
    replacement[, store][, message unless it is the standard EM101/EM103 one])."""
    lines = Lines(src)
    out: list[Record] = []
    for hit in sorted(scan(src, DEFAULT_RULES)):
        record: Record = (hit.code, hit.key, *lines.position(hit.start))
        record += (src[hit.start : hit.end], hit.replacement)
        record += (hit.store,) if hit.store else ()
        if hit.code == "EM101":
            assert hit.message == READS.format(key=hit.key, new=NEW[hit.key])
        elif hit.code == "EM103":
            assert hit.message == OBSOLETE.format(key=hit.key)
        else:
            record += (str(hit.message),)
        out.append(record)
    return out


JS = [
    (
        "process.env.DINGTALK_APP_KEY\n",
        [("EM101", "DINGTALK_APP_KEY", 1, 13, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        "process.env.DINGTALK_CLIENT_ID\n",
    ),
    (
        "process.env?.DINGTALK_APP_SECRET;\nprocess.env . DINGTALK_AGENT_ID\n",
        [
            (
                "EM101",
                "DINGTALK_APP_SECRET",
                1,
                14,
                "DINGTALK_APP_SECRET",
                "DINGTALK_CLIENT_SECRET",
            ),
            ("EM103", "DINGTALK_AGENT_ID", 2, 15, "DINGTALK_AGENT_ID", None),
        ],
        "process.env?.DINGTALK_CLIENT_SECRET;\nprocess.env . DINGTALK_AGENT_ID\n",
    ),
    (
        "const a = process.env['DINGTALK_APP_KEY'] ?? process.env[\"DINGTALK_APP_SECRET\"];\n",
        [
            ("EM101", "DINGTALK_APP_KEY", 1, 24, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"),
            (
                "EM101",
                "DINGTALK_APP_SECRET",
                1,
                59,
                "DINGTALK_APP_SECRET",
                "DINGTALK_CLIENT_SECRET",
            ),
        ],
        "const a = process.env['DINGTALK_CLIENT_ID'] ?? process.env[\"DINGTALK_CLIENT_SECRET\"];\n",
    ),
    (
        "const { DINGTALK_APP_KEY, DINGTALK_APP_SECRET: secret, DINGTALK_AGENT_ID } = process.env;\n",
        [
            (
                "EM101",
                "DINGTALK_APP_KEY",
                1,
                9,
                "DINGTALK_APP_KEY",
                "DINGTALK_CLIENT_ID: DINGTALK_APP_KEY",
            ),
            (
                "EM101",
                "DINGTALK_APP_SECRET",
                1,
                27,
                "DINGTALK_APP_SECRET",
                "DINGTALK_CLIENT_SECRET",
            ),
            ("EM103", "DINGTALK_AGENT_ID", 1, 56, "DINGTALK_AGENT_ID", None),
        ],
        "const { DINGTALK_CLIENT_ID: DINGTALK_APP_KEY, DINGTALK_CLIENT_SECRET: secret, DINGTALK_AGENT_ID } = process.env;\n",
    ),
    (
        "const { DINGTALK_APP_KEY = 'dev' } = process.env;\n",
        [
            (
                "EM101",
                "DINGTALK_APP_KEY",
                1,
                9,
                "DINGTALK_APP_KEY",
                "DINGTALK_CLIENT_ID: DINGTALK_APP_KEY",
            )
        ],
        "const { DINGTALK_CLIENT_ID: DINGTALK_APP_KEY = 'dev' } = process.env;\n",
    ),
    (
        "const {\n  DINGTALK_APP_KEY,\n  DINGTALK_APP_SECRET\n} = process.env;\n",
        [
            (
                "EM101",
                "DINGTALK_APP_KEY",
                2,
                3,
                "DINGTALK_APP_KEY",
                "DINGTALK_CLIENT_ID: DINGTALK_APP_KEY",
            ),
            (
                "EM101",
                "DINGTALK_APP_SECRET",
                3,
                3,
                "DINGTALK_APP_SECRET",
                "DINGTALK_CLIENT_SECRET: DINGTALK_APP_SECRET",
            ),
        ],
        "const {\n  DINGTALK_CLIENT_ID: DINGTALK_APP_KEY,\n  DINGTALK_CLIENT_SECRET: DINGTALK_APP_SECRET\n} = process.env;\n",
    ),
    (
        "const { 'DINGTALK_APP_KEY': k, [`DINGTALK_APP_SECRET`]: s } = process.env;\n",
        [
            ("EM101", "DINGTALK_APP_KEY", 1, 10, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"),
            (
                "EM101",
                "DINGTALK_APP_SECRET",
                1,
                34,
                "DINGTALK_APP_SECRET",
                "DINGTALK_CLIENT_SECRET",
            ),
        ],
        "const { 'DINGTALK_CLIENT_ID': k, [`DINGTALK_CLIENT_SECRET`]: s } = process.env;\n",
    ),
    (
        "const t = `${process.env.DINGTALK_APP_KEY}:${env?.DINGTALK_APP_SECRET}`;\n",
        [
            ("EM101", "DINGTALK_APP_KEY", 1, 26, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"),
            (
                "EM101",
                "DINGTALK_APP_SECRET",
                1,
                51,
                "DINGTALK_APP_SECRET",
                "DINGTALK_CLIENT_SECRET",
            ),
        ],
        "const t = `${process.env.DINGTALK_CLIENT_ID}:${env?.DINGTALK_CLIENT_SECRET}`;\n",
    ),
    (
        "const t = `DINGTALK_APP_KEY`;\nconst u = `DINGTALK_APP_KEY is required`;\n",
        [("EM101", "DINGTALK_APP_KEY", 1, 12, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        "const t = `DINGTALK_CLIENT_ID`;\nconst u = `DINGTALK_APP_KEY is required`;\n",
    ),
    (
        "// process.env.DINGTALK_APP_KEY\n/* DINGTALK_APP_SECRET: x */\nconst x = 1;\n",
        [],
        "// process.env.DINGTALK_APP_KEY\n/* DINGTALK_APP_SECRET: x */\nconst x = 1;\n",
    ),
    (
        "throw new Error(`missing ${'DINGTALK_APP_KEY'}`);\nconsole.log('DINGTALK_APP_KEY');\nlogger?.info('DINGTALK_APP_SECRET')\n",
        [],
        "throw new Error(`missing ${'DINGTALK_APP_KEY'}`);\nconsole.log('DINGTALK_APP_KEY');\nlogger?.info('DINGTALK_APP_SECRET')\n",
    ),
    (
        "expect(msg).toContain(\"DINGTALK_APP_KEY\");\nfail('DINGTALK_APP_KEY')\nwarn( 'DINGTALK_APP_KEY' )\n",
        [],
        "expect(msg).toContain(\"DINGTALK_APP_KEY\");\nfail('DINGTALK_APP_KEY')\nwarn( 'DINGTALK_APP_KEY' )\n",
    ),
    (
        "console.log(x, 'DINGTALK_APP_KEY')\nconsole.log(f(a), 'DINGTALK_APP_KEY')\n",
        [],
        "console.log(x, 'DINGTALK_APP_KEY')\nconsole.log(f(a), 'DINGTALK_APP_KEY')\n",
    ),
    (
        "const env = z.object({ DINGTALK_APP_KEY: z.string(), DINGTALK_APP_SECRET: z.string().optional() });\n",
        [
            ("EM101", "DINGTALK_APP_KEY", 1, 24, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"),
            (
                "EM101",
                "DINGTALK_APP_SECRET",
                1,
                54,
                "DINGTALK_APP_SECRET",
                "DINGTALK_CLIENT_SECRET",
            ),
        ],
        "const env = z.object({ DINGTALK_CLIENT_ID: z.string(), DINGTALK_CLIENT_SECRET: z.string().optional() });\n",
    ),
    (
        "export const env = cleanEnv(process.env, {\n  DINGTALK_APP_KEY: str(),\n  DINGTALK_AGENT_ID: num({ default: 0 }),\n});\n",
        [
            ("EM101", "DINGTALK_APP_KEY", 2, 3, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"),
            ("EM103", "DINGTALK_AGENT_ID", 3, 3, "DINGTALK_AGENT_ID", None),
        ],
        "export const env = cleanEnv(process.env, {\n  DINGTALK_CLIENT_ID: str(),\n  DINGTALK_AGENT_ID: num({ default: 0 }),\n});\n",
    ),
    (
        "import { DINGTALK_APP_KEY } from './c';\nexport { DINGTALK_APP_SECRET };\nimport type { DINGTALK_APP_KEY } from 'x';\nexport type { DINGTALK_APP_KEY };\n",
        [],
        "import { DINGTALK_APP_KEY } from './c';\nexport { DINGTALK_APP_SECRET };\nimport type { DINGTALK_APP_KEY } from 'x';\nexport type { DINGTALK_APP_KEY };\n",
    ),
    (
        "enum E { DINGTALK_APP_KEY, DINGTALK_APP_SECRET = 2 }\n",
        [],
        "enum E { DINGTALK_APP_KEY, DINGTALK_APP_SECRET = 2 }\n",
    ),
    (
        "function f() { DINGTALK_APP_KEY }\nconst g = () => { DINGTALK_APP_KEY }\nif (x) { DINGTALK_APP_KEY }\n",
        [],
        "function f() { DINGTALK_APP_KEY }\nconst g = () => { DINGTALK_APP_KEY }\nif (x) { DINGTALK_APP_KEY }\n",
    ),
    (
        "const o = { a: 1, DINGTALK_APP_KEY };\nconst p = {DINGTALK_APP_KEY}\n",
        [
            (
                "EM101",
                "DINGTALK_APP_KEY",
                1,
                19,
                "DINGTALK_APP_KEY",
                "DINGTALK_CLIENT_ID: DINGTALK_APP_KEY",
            ),
            (
                "EM101",
                "DINGTALK_APP_KEY",
                2,
                12,
                "DINGTALK_APP_KEY",
                "DINGTALK_CLIENT_ID: DINGTALK_APP_KEY",
            ),
        ],
        "const o = { a: 1, DINGTALK_CLIENT_ID: DINGTALK_APP_KEY };\nconst p = {DINGTALK_CLIENT_ID: DINGTALK_APP_KEY}\n",
    ),
    (
        "x = a ? DINGTALK_APP_KEY : b;\ny = { k: a ? DINGTALK_APP_KEY: b }\n",
        [],
        "x = a ? DINGTALK_APP_KEY : b;\ny = { k: a ? DINGTALK_APP_KEY: b }\n",
    ),
    (
        "type Env = { DINGTALK_APP_KEY?: string; DINGTALK_APP_SECRET: string };\n",
        [
            ("EM101", "DINGTALK_APP_KEY", 1, 14, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"),
            (
                "EM101",
                "DINGTALK_APP_SECRET",
                1,
                41,
                "DINGTALK_APP_SECRET",
                "DINGTALK_CLIENT_SECRET",
            ),
        ],
        "type Env = { DINGTALK_CLIENT_ID?: string; DINGTALK_CLIENT_SECRET: string };\n",
    ),
    (
        "interface Env {\n  readonly x: string\n  DINGTALK_APP_KEY: string\n}\n",
        [("EM101", "DINGTALK_APP_KEY", 3, 3, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        "interface Env {\n  readonly x: string\n  DINGTALK_CLIENT_ID: string\n}\n",
    ),
    (
        "const a = obj.DINGTALK_APP_KEY;\nconst b = a..DINGTALK_APP_KEY;\nconst c = $DINGTALK_APP_KEY + DINGTALK_APP_KEY$;\n",
        [("EM101", "DINGTALK_APP_KEY", 1, 15, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        "const a = obj.DINGTALK_CLIENT_ID;\nconst b = a..DINGTALK_APP_KEY;\nconst c = $DINGTALK_APP_KEY + DINGTALK_APP_KEY$;\n",
    ),
    (
        "const { DINGTALK_APP_KEY == 1 }\nconst { DINGTALK_APP_KEY => 1 }\n",
        [],
        "const { DINGTALK_APP_KEY == 1 }\nconst { DINGTALK_APP_KEY => 1 }\n",
    ),
    (
        "const x = { DINGTALK_APP_KEY: 1 };\n",
        [("EM101", "DINGTALK_APP_KEY", 1, 13, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        "const x = { DINGTALK_CLIENT_ID: 1 };\n",
    ),
    (
        "f(a,\n  DINGTALK_APP_KEY: 1)\n",
        [("EM101", "DINGTALK_APP_KEY", 2, 3, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        "f(a,\n  DINGTALK_CLIENT_ID: 1)\n",
    ),
    (
        "s.replace(/'/g, '');\nconst k = process.env.DINGTALK_APP_KEY;\n",
        [("EM101", "DINGTALK_APP_KEY", 2, 23, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        "s.replace(/'/g, '');\nconst k = process.env.DINGTALK_CLIENT_ID;\n",
    ),
    (
        "x = a / b; const k = 'DINGTALK_APP_KEY'; y = c / d;\n",
        [("EM101", "DINGTALK_APP_KEY", 1, 23, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        "x = a / b; const k = 'DINGTALK_CLIENT_ID'; y = c / d;\n",
    ),
    (
        "const r = 'DINGTALK_APP_KEY'.length;\n",
        [("EM101", "DINGTALK_APP_KEY", 1, 12, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        "const r = 'DINGTALK_CLIENT_ID'.length;\n",
    ),
    (
        "const t = `x${`${process.env.DINGTALK_APP_KEY}`}`;\n",
        [("EM101", "DINGTALK_APP_KEY", 1, 30, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        "const t = `x${`${process.env.DINGTALK_CLIENT_ID}`}`;\n",
    ),
    (
        "const t = `${ {a: 1}.a }${process.env.DINGTALK_APP_KEY}`;\n",
        [("EM101", "DINGTALK_APP_KEY", 1, 39, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        "const t = `${ {a: 1}.a }${process.env.DINGTALK_CLIENT_ID}`;\n",
    ),
    (
        "process.env.DINGTALK_APP_KEY\r\nprocess.env.DINGTALK_APP_SECRET\rprocess.env.DINGTALK_AGENT_ID",
        [
            ("EM101", "DINGTALK_APP_KEY", 1, 13, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"),
            (
                "EM101",
                "DINGTALK_APP_SECRET",
                2,
                13,
                "DINGTALK_APP_SECRET",
                "DINGTALK_CLIENT_SECRET",
            ),
            ("EM103", "DINGTALK_AGENT_ID", 3, 13, "DINGTALK_AGENT_ID", None),
        ],
        "process.env.DINGTALK_CLIENT_ID\r\nprocess.env.DINGTALK_CLIENT_SECRET\rprocess.env.DINGTALK_AGENT_ID",
    ),
    (
        "Deno.env.get('DINGTALK_APP_KEY');\nimport.meta.env.DINGTALK_APP_SECRET;\nBun.env.DINGTALK_AGENT_ID;\n",
        [
            ("EM101", "DINGTALK_APP_KEY", 1, 15, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"),
            (
                "EM101",
                "DINGTALK_APP_SECRET",
                2,
                17,
                "DINGTALK_APP_SECRET",
                "DINGTALK_CLIENT_SECRET",
            ),
            ("EM103", "DINGTALK_AGENT_ID", 3, 9, "DINGTALK_AGENT_ID", None),
        ],
        "Deno.env.get('DINGTALK_CLIENT_ID');\nimport.meta.env.DINGTALK_CLIENT_SECRET;\nBun.env.DINGTALK_AGENT_ID;\n",
    ),
    (
        "const m = new Map([['DINGTALK_APP_KEY', 1]]);\n",
        [("EM101", "DINGTALK_APP_KEY", 1, 22, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        "const m = new Map([['DINGTALK_CLIENT_ID', 1]]);\n",
    ),
    (
        "const s = \"it's DINGTALK_APP_KEY\";\nconst q = 'a\\'DINGTALK_APP_KEY';\n",
        [],
        "const s = \"it's DINGTALK_APP_KEY\";\nconst q = 'a\\'DINGTALK_APP_KEY';\n",
    ),
    (
        "DINGTALK_APP_KEY: z.string(),\n",
        [("EM101", "DINGTALK_APP_KEY", 1, 1, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        "DINGTALK_CLIENT_ID: z.string(),\n",
    ),
    (
        "label: DINGTALK_APP_KEY: 1\n",
        [],
        "label: DINGTALK_APP_KEY: 1\n",
    ),
    # a comment between the brace and the name is not code: blanked whole
    (
        "const o = {\n  // }\n  DINGTALK_APP_KEY,\n};\n",
        [
            (
                "EM101",
                "DINGTALK_APP_KEY",
                3,
                3,
                "DINGTALK_APP_KEY",
                "DINGTALK_CLIENT_ID: DINGTALK_APP_KEY",
            )
        ],
        "const o = {\n  // }\n  DINGTALK_CLIENT_ID: DINGTALK_APP_KEY,\n};\n",
    ),
    (
        "const o = {\n  DINGTALK_APP_KEY, // {\n  DINGTALK_APP_SECRET,\n};\n",
        [
            (
                "EM101",
                "DINGTALK_APP_KEY",
                2,
                3,
                "DINGTALK_APP_KEY",
                "DINGTALK_CLIENT_ID: DINGTALK_APP_KEY",
            ),
            (
                "EM101",
                "DINGTALK_APP_SECRET",
                3,
                3,
                "DINGTALK_APP_SECRET",
                "DINGTALK_CLIENT_SECRET: DINGTALK_APP_SECRET",
            ),
        ],
        "const o = {\n  DINGTALK_CLIENT_ID: DINGTALK_APP_KEY, // {\n  DINGTALK_CLIENT_SECRET: DINGTALK_APP_SECRET,\n};\n",
    ),
    (
        "const o = { /* c */ DINGTALK_APP_KEY };\n",
        [
            (
                "EM101",
                "DINGTALK_APP_KEY",
                1,
                21,
                "DINGTALK_APP_KEY",
                "DINGTALK_CLIENT_ID: DINGTALK_APP_KEY",
            )
        ],
        "const o = { /* c */ DINGTALK_CLIENT_ID: DINGTALK_APP_KEY };\n",
    ),
    (
        "const o = {a, // c\n DINGTALK_APP_KEY };\n",
        [
            (
                "EM101",
                "DINGTALK_APP_KEY",
                2,
                2,
                "DINGTALK_APP_KEY",
                "DINGTALK_CLIENT_ID: DINGTALK_APP_KEY",
            )
        ],
        "const o = {a, // c\n DINGTALK_CLIENT_ID: DINGTALK_APP_KEY };\n",
    ),
    (
        "x = {\n  /* } */ DINGTALK_APP_KEY: 1 }\n",
        [("EM101", "DINGTALK_APP_KEY", 2, 11, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        "x = {\n  /* } */ DINGTALK_CLIENT_ID: 1 }\n",
    ),
    (
        "f(/x{/, DINGTALK_APP_KEY: 1)\n",
        [("EM101", "DINGTALK_APP_KEY", 1, 9, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        "f(/x{/, DINGTALK_CLIENT_ID: 1)\n",
    ),
    (
        "const o = { 'a': DINGTALK_APP_KEY, \"b\": 1 }\n",
        [],
        "const o = { 'a': DINGTALK_APP_KEY, \"b\": 1 }\n",
    ),
]


@pytest.mark.parametrize(("src", "expected", "fixed"), JS)
def test_js_records(src: str, expected: list[Record], fixed: str) -> None:
    assert records(js.scan, src) == expected
    assert fix(js.scan, src) == fixed


#: The module's patterns: (pattern, text, what ``search`` finds, or None).
PATTERNS = [
    ("_PIECE", "// c\nx", "// c"),
    ("_PIECE", "/* a\nb */x", "/* a\nb */"),
    ("_PIECE", "/* open\nx", "/* open\nx"),
    ("_PIECE", "'a\\'b'x", "'a\\'b'"),
    ("_PIECE", "'open\nx", None),
    ("_PIECE", '"a\\"b"x', '"a\\"b"'),
    ("_PIECE", '"open\nx', None),
    ("_PIECE", "`a\\`b\nc`x", "`a\\`b\nc`"),
    ("_PIECE", "`open", None),
    ("_PIECE", "(/a[/]b\\/c/gi)", "/a[/]b\\/c/gi"),
    ("_PIECE", "=/a/", "/a/"),
    ("_PIECE", " /a/", "/a/"),
    ("_PIECE", "x/a/", None),
    ("_PIECE", "(/ a/)", None),
    ("_PIECE", "(/a\nb/)", None),
    ("_PIECE", "(/[\n]/)", None),
    ("_PIECE", "\t/a/", "/a/"),
    ("_PIECE", ",/a/", "/a/"),
    ("_PIECE", ":/a/", "/a/"),
    ("_PIECE", "[/a/", "/a/"),
    ("_PIECE", "!/a/", "/a/"),
    ("_PIECE", "&/a/", "/a/"),
    ("_PIECE", "|/a/", "/a/"),
    ("_PIECE", "?/a/", "/a/"),
    ("_PIECE", "{/a/", "/a/"),
    ("_PIECE", "}/a/", "/a/"),
    ("_PIECE", ";/a/", "/a/"),
    ("_PIECE", ")/a/", None),
    ("_PIECE", "(/a/G", "/a/"),
    ("_TEMPLATE_EXPR", "${a.b}", "${a.b}"),
    ("_TEMPLATE_EXPR", "${}", "${}"),
    ("_TEMPLATE_EXPR", "${a{b}", None),
    ("_TEMPLATE_EXPR", "${a`b}", None),
    ("_TEMPLATE_EXPR", "$ {a}", None),
    ("_TEMPLATE_EXPR", "${a\nb}", "${a\nb}"),
    ("_IMPORTISH", "import ", "import "),
    ("_IMPORTISH", "export\n", "export\n"),
    ("_IMPORTISH", "import type ", "import type "),
    ("_IMPORTISH", "export  type", "export  type"),
    ("_IMPORTISH", "enum E ", "enum E "),
    ("_IMPORTISH", "enum $E_1", "enum $E_1"),
    ("_IMPORTISH", "f() ", ") "),
    ("_IMPORTISH", "=> ", "=> "),
    ("_IMPORTISH", "reimport ", None),
    ("_IMPORTISH", "import x", None),
    ("_IMPORTISH", "enum ", None),
    ("_IMPORTISH", "typeimport", None),
    ("_IMPORTISH", "x = ", None),
    ("_IMPORTISH", "importtype", None),
]


@pytest.mark.parametrize(("name", "text", "expected"), PATTERNS)
def test_js_patterns(name: str, text: str, expected: str | None) -> None:
    match = getattr(js, name).search(text)
    assert (match and match.group()) == expected


#: The code before a string: is the string an argument of a call that prints or matches it?
@pytest.mark.parametrize(
    ("before", "mention"),
    [
        ("console.log(", True),
        ("console?.log(", True),
        ("console . warn (", True),
        ("logger.info(", True),
        ("log.debug(", True),
        ("logging.error(", True),
        ("xconsole.log(", False),
        ("console.(", False),
        ("console.log", False),
        ("new Error(", True),
        ("new TypeError(", True),
        ("RuntimeException(", True),
        ("DeprecationWarning(", True),
        ("ErrorX(", False),
        ("alert(", True),
        ("print(", True),
        ("fail(", True),
        ("warn(", True),
        ("die(", True),
        ("printf(", False),
        ("xalert(", False),
        (".toContain(", True),
        (".toMatch(", True),
        (".toThrow(", True),
        (".toThrowError(", True),
        (".toMatchInlineSnapshot(", True),
        (".toMatchSnapshot(", True),
        (".stringContaining(", True),
        (".stringMatching(", True),
        (".includes(", True),
        (".startsWith(", True),
        (".endsWith(", True),
        (".indexOf(", True),
        (".match(", True),
        (".replace(", True),
        (".replaceAll(", True),
        (".regex(", True),
        (".throws(", True),
        ("toContain(", False),
        (". includes (", True),
        ("console.log(a, ", True),
        ("console.log(a, b,\n", True),
        ("console.log(f(a), ", True),
        ("console.log(f(g(a)), ", False),
        ("console.log(a)", False),
        ("console.log(\n  ", True),
        ("console.log(a)\nx(", False),
        ("console.log( ", True),
        ("console.log(x", False),
        ("console.log(a,b", False),
        ("console.log((a), (b), ", True),
    ],
)
def test_mention_calls(before: str, mention: bool) -> None:
    assert (MENTION.search(before) is not None) is mention


def _hits(src: str) -> list[tuple[str, int]]:
    return [(h.code, h.start) for h in js.scan(src, DEFAULT_RULES)]


NAME = "DINGTALK_APP_KEY"


@pytest.mark.parametrize(
    ("src", "read"),
    [
        # a mention is looked for in the 120 characters before the string
        ("console.log(" + "a" * 106 + f", '{NAME}')", False),
        ("console.log(" + "a" * 107 + f", '{NAME}')", True),
        ("console.log(" + "a" * 106 + f", `{NAME}`)", False),  # a template: the same
        ("console.log(" + "a" * 107 + f", `{NAME}`)", True),
        (f"console.log(`{NAME}`)", False),
        # the character before a key is looked for in the 4096 before it
        ("{" + " " * 4095 + f"{NAME}: 1}}", True),
        ("{" + " " * 4096 + f"{NAME}: 1}}", False),
        (f"{{{NAME}: 1}}", True),
        # and the ':' after it in the 4096 after it
        (f"{{{NAME}" + " " * 4095 + ": 1}", True),
        (f"{{{NAME}" + " " * 4096 + ": 1}", False),
        # the brace a shorthand sits in is looked for in the 65 535 characters before it
        ("x = {" + "a," * 32767 + f"{NAME}}}", True),
        ("x = {" + "a," * 32767 + f" {NAME}}}", False),
        (f"f(a, {NAME}, b);\n{{", False),  # no brace before it: not a shorthand
        # what the brace opens is read from the 80 characters before it
        ("import" + " " * 74 + f"{{ {NAME} }}", False),
        ("import" + " " * 75 + f"{{ {NAME} }}", True),
    ],
)
def test_look_around_windows(src: str, read: bool) -> None:
    """The scanner looks a bounded distance around a name (linear time on any file); the
    bounds are exact."""
    at = src.index(NAME)
    assert _hits(src) == ([("EM101", at)] if read else [])


def test_configured_names_of_any_length() -> None:
    """A one-letter name from the configuration: shorthand, key, property, string."""
    rules = DEFAULT_RULES.with_extra(renames={"K": "NEW_K"})
    src = "{a, K}\nx = {K: 1, b: process.env.K, c: env['K']}\n"
    want = "{a, NEW_K: K}\nx = {NEW_K: 1, b: process.env.NEW_K, c: env['NEW_K']}\n"
    assert fix(js.scan, src, rules) == want


def test_a_shorthand_at_the_start_of_the_file() -> None:
    assert fix(js.scan, f"{{a, {NAME}}}") == f"{{a, DINGTALK_CLIENT_ID: {NAME}}}"


@pytest.mark.parametrize(
    ("src", "read"),
    [
        # the strings before a mention's argument are blanked but keep their quotes: a
        # parenthesis in them is text
        (f"console.log(')', '{NAME}')", False),
        (f"console.log('(', '{NAME}')", False),
        # a key at the start of a line is a key, unless a ternary's '?' or ':' ends the line
        # above; in the middle of a line it needs '{', ',' or ';' before it
        (f"x = a\n{NAME}: 1\n", True),
        (f"a {NAME}: 1\n", False),
        (f"x = a ?\n{NAME}: b\n", False),
        (f"label:\n{NAME}: 1\n", False),
        # a label in a block is not a key
        (f"if (x) {{\n  {NAME}: while (1) {{}}\n}}\n", False),
        # the brace a shorthand sits in, past nested blocks
        (f"x = {{ f() {{ if (a) {{ b() }} }}, {NAME} }}", True),
        (f"x = {{ f: () => {{ return 1 }}, {NAME} }}", True),
    ],
)
def test_keys_and_shorthands_in_context(src: str, read: bool) -> None:
    at = src.index(NAME)
    assert _hits(src) == ([("EM101", at)] if read else [])
