"""JSON (ECS, CloudFormation, package.json, JSONC) and Terraform/HCL scanners, whole
results: every hit (line, column, code, name, replacement) and the exact bytes written,
over comments, heredocs, escapes, nesting and CRLF."""

from __future__ import annotations

import re

import pytest

from envmigrate.rules import RenameTable
from envmigrate.scanners import structured
from tests.scanners.helpers import records_and_fix

Row = tuple[str, list[str], str]

JSON: list[Row] = [
    # env map keys, every env key; not values, not other maps
    (
        '{"env": {"OLD_ID": "OLD_KEY"}, "environment": {"OLD_KEY": 1}, "variables": {"GONE": 1}, "labels": {"OLD_ID": 1}, "OLD_KEY": 1}',
        ["1:11 EM102 OLD_ID>NEW_ID", "1:49 EM102 OLD_KEY>NEW_KEY", "1:78 EM103 GONE"],
        '{"env": {"NEW_ID": "OLD_KEY"}, "environment": {"NEW_KEY": 1}, "variables": {"GONE": 1}, "labels": {"OLD_ID": 1}, "OLD_KEY": 1}',
    ),
    # more env keys
    (
        '{"environment_variables": {"OLD_ID": 1}, "env_vars": {"OLD_ID": 1}, "envvars": {"OLD_ID": 1}, "envs": {"OLD_ID": 1}, "extraenv": {"OLD_ID": 1}, "app_settings": {"OLD_ID": 1}, "container_env": {"OLD_ID": 1}, "build_args": {"OLD_ID": 1}, "buildargs": {"OLD_ID": 1}}',
        [
            "1:29 EM102 OLD_ID>NEW_ID",
            "1:56 EM102 OLD_ID>NEW_ID",
            "1:82 EM102 OLD_ID>NEW_ID",
            "1:105 EM102 OLD_ID>NEW_ID",
            "1:132 EM102 OLD_ID>NEW_ID",
            "1:163 EM102 OLD_ID>NEW_ID",
            "1:195 EM102 OLD_ID>NEW_ID",
            "1:224 EM102 OLD_ID>NEW_ID",
            "1:252 EM102 OLD_ID>NEW_ID",
        ],
        '{"environment_variables": {"NEW_ID": 1}, "env_vars": {"NEW_ID": 1}, "envvars": {"NEW_ID": 1}, "envs": {"NEW_ID": 1}, "extraenv": {"NEW_ID": 1}, "app_settings": {"NEW_ID": 1}, "container_env": {"NEW_ID": 1}, "build_args": {"NEW_ID": 1}, "buildargs": {"NEW_ID": 1}}',
    ),
    # key case does not matter; nested objects of an env map are not env maps
    (
        '{"Environment": {"OLD_ID": {"OLD_KEY": 1}, "OLD_KEY": [1]}}',
        ["1:19 EM102 OLD_ID>NEW_ID", "1:45 EM102 OLD_KEY>NEW_KEY"],
        '{"Environment": {"NEW_ID": {"OLD_KEY": 1}, "NEW_KEY": [1]}}',
    ),
    # ECS name/value lists: environment and secrets; Name too
    (
        '[{"environment": [{"name": "OLD_ID", "value": "OLD_KEY"}, {"Name": "OLD_KEY"}], "secrets": [{"name": "OLD_ID", "valueFrom": "OLD_KEY"}]}]',
        ["1:29 EM102 OLD_ID>NEW_ID", "1:69 EM102 OLD_KEY>NEW_KEY", "1:103 EM102 OLD_ID>NEW_ID"],
        '[{"environment": [{"name": "NEW_ID", "value": "OLD_KEY"}, {"Name": "NEW_KEY"}], "secrets": [{"name": "NEW_ID", "valueFrom": "OLD_KEY"}]}]',
    ),
    # a name outside env lists, in an env map entry, or a list of strings
    (
        '{"name": "OLD_ID", "env": {"name": "OLD_ID"}, "environment": ["OLD_KEY"], "labels": [{"name": "OLD_ID"}]}',
        [],
        '{"name": "OLD_ID", "env": {"name": "OLD_ID"}, "environment": ["OLD_KEY"], "labels": [{"name": "OLD_ID"}]}',
    ),
    # an env key inherited into nested lists
    (
        '{"environment": [[{"name": "OLD_ID"}]]}',
        ["1:29 EM102 OLD_ID>NEW_ID"],
        '{"environment": [[{"name": "NEW_ID"}]]}',
    ),
    # ${X} in any string value, not $X, not longer names; ${X:...}
    (
        '{"Fn::Sub": "${OLD_ID} $OLD_KEY ${OLD_IDX} ${OLD_KEY:-d} ${ GONE}", "k": "${GONE}"}',
        ["1:16 EM102 OLD_ID>NEW_ID", "1:46 EM102 OLD_KEY>NEW_KEY", "1:77 EM103 GONE"],
        '{"Fn::Sub": "${NEW_ID} $OLD_KEY ${OLD_IDX} ${NEW_KEY:-d} ${ GONE}", "k": "${GONE}"}',
    ),
    # npm scripts are shell (escapes blanked)
    (
        '{"scripts": {"start": "OLD_ID=1 node $OLD_KEY", "msg": "echo OLD_ID", "q": "x \\"$OLD_ID\\" \\\\ \\n$OLD_KEY"}}',
        [
            "1:24 EM101 OLD_ID>NEW_ID",
            "1:39 EM101 OLD_KEY>NEW_KEY",
            "1:82 EM101 OLD_ID>NEW_ID",
            "1:97 EM101 OLD_KEY>NEW_KEY",
        ],
        '{"scripts": {"start": "NEW_ID=1 node $NEW_KEY", "msg": "echo OLD_ID", "q": "x \\"$NEW_ID\\" \\\\ \\n$NEW_KEY"}}',
    ),
    # script escapes: quote, apostrophe and backslash are kept, the others blanked
    (
        '{"scripts": {"a": "cmd \\"a OLD_ID\\" \\\'b OLD_KEY\\\' \\\\$OLD_ID a\\nOLD_KEY \\XOLD_ID"}}',
        ["1:64 EM101 OLD_KEY>NEW_KEY", "1:74 EM101 OLD_ID>NEW_ID"],
        '{"scripts": {"a": "cmd \\"a OLD_ID\\" \\\'b OLD_KEY\\\' \\\\$OLD_ID a\\nNEW_KEY \\XNEW_ID"}}',
    ),
    # scripts only directly under scripts
    (
        '{"scripts": {"a": {"b": "OLD_ID=1 ${OLD_KEY}"}}, "x": {"scripts": "OLD_ID=1"}}',
        ["1:37 EM102 OLD_KEY>NEW_KEY"],
        '{"scripts": {"a": {"b": "OLD_ID=1 ${NEW_KEY}"}}, "x": {"scripts": "OLD_ID=1"}}',
    ),
    # comments (JSONC) are skipped
    (
        '{\n  // "env": {"OLD_ID": 1}\n  /* ${OLD_KEY} */\n  "env": {"OLD_ID": 1 /* c */, // c\n  "OLD_KEY": 2}\n}',
        ["4:12 EM102 OLD_ID>NEW_ID", "5:4 EM102 OLD_KEY>NEW_KEY"],
        '{\n  // "env": {"OLD_ID": 1}\n  /* ${OLD_KEY} */\n  "env": {"NEW_ID": 1 /* c */, // c\n  "NEW_KEY": 2}\n}',
    ),
    # an unterminated comment runs to the end
    (
        '{"env": {"OLD_ID": 1}} /* "env": {"OLD_KEY": 1}',
        ["1:11 EM102 OLD_ID>NEW_ID"],
        '{"env": {"NEW_ID": 1}} /* "env": {"OLD_KEY": 1}',
    ),
    # escaped quotes inside strings
    (
        '{"env": {"a\\"OLD_ID": 1, "OLD_KEY": "\\"${OLD_ID}\\""}}',
        ["1:27 EM102 OLD_KEY>NEW_KEY", "1:42 EM102 OLD_ID>NEW_ID"],
        '{"env": {"a\\"OLD_ID": 1, "NEW_KEY": "\\"${NEW_ID}\\""}}',
    ),
    # a key must be followed by ':'
    (
        '{"env": {"OLD_ID" , "OLD_KEY": 1}}',
        ["1:22 EM102 OLD_KEY>NEW_KEY"],
        '{"env": {"OLD_ID" , "NEW_KEY": 1}}',
    ),
    # unbalanced closers
    (
        '}]{"env": {"OLD_ID": 1}}}]',
        ["1:13 EM102 OLD_ID>NEW_ID"],
        '}]{"env": {"NEW_ID": 1}}}]',
    ),
    # CRLF and positions
    (
        '{\r\n  "env": {\r\n    "OLD_ID": "${OLD_KEY}"\r\n  }\r\n}\r\n',
        ["3:6 EM102 OLD_ID>NEW_ID", "3:18 EM102 OLD_KEY>NEW_KEY"],
        '{\r\n  "env": {\r\n    "NEW_ID": "${NEW_KEY}"\r\n  }\r\n}\r\n',
    ),
    # an object in an env list is an entry, not an env map; the top level is not an env map
    (
        '{"environment": [{"OLD_ID": 1}]}\n{"OLD_KEY": 1}',
        [],
        '{"environment": [{"OLD_ID": 1}]}\n{"OLD_KEY": 1}',
    ),
    # a top-level string, a list in scripts: references only
    (
        '"${OLD_ID}"\n{"scripts": ["OLD_KEY=1 ${OLD_ID}"]}',
        ["1:4 EM102 OLD_ID>NEW_ID", "2:27 EM102 OLD_ID>NEW_ID"],
        '"${NEW_ID}"\n{"scripts": ["OLD_KEY=1 ${NEW_ID}"]}',
    ),
    # no tokens at all
    (
        "x",
        [],
        "x",
    ),
    # an env map inside a list entry
    (
        '{"a": [{"env": {"OLD_ID": 1}}]}',
        ["1:18 EM102 OLD_ID>NEW_ID"],
        '{"a": [{"env": {"NEW_ID": 1}}]}',
    ),
    # a closed object gives its last key to no one
    (
        '{"env": {}}\n{"OLD_ID": 1}',
        [],
        '{"env": {}}\n{"OLD_ID": 1}',
    ),
    # malformed: a key in a list, an object right inside an object
    (
        '{"env": ["OLD_ID": 1]}\n{"env": {{"OLD_KEY": 1}}}',
        ["2:12 EM102 OLD_KEY>NEW_KEY"],
        '{"env": ["OLD_ID": 1]}\n{"env": {{"NEW_KEY": 1}}}',
    ),
    # a key at the very end
    (
        '{"env": {"OLD_ID":',
        ["1:11 EM102 OLD_ID>NEW_ID"],
        '{"env": {"NEW_ID":',
    ),
    # a string at the very end
    (
        '{"env": ["${OLD_ID}"',
        ["1:13 EM102 OLD_ID>NEW_ID"],
        '{"env": ["${NEW_ID}"',
    ),
    # comments between a key and its colon; malformed: any string before ':' is a key
    (
        '{"env": {"OLD_ID" /* c */ : 1, "x": "OLD_KEY": 2}}',
        ["1:11 EM102 OLD_ID>NEW_ID", "1:38 EM102 OLD_KEY>NEW_KEY"],
        '{"env": {"NEW_ID" /* c */ : 1, "x": "NEW_KEY": 2}}',
    ),
    # a string broken by a new line is not a string
    (
        '{"env": {"OLD_ID\n": 1, "OLD_KEY": 2}}',
        [],
        '{"env": {"OLD_ID\n": 1, "OLD_KEY": 2}}',
    ),
]

HCL: list[Row] = [
    # environment { variables = { X = … } } (Lambda)
    (
        'resource "aws_lambda_function" "f" {\n  environment {\n    variables = {\n      OLD_ID = "x"\n      "OLD_KEY" = "y"\n      GONE = 1\n    }\n  }\n  tags = {\n    OLD_ID = 1\n  }\n}\n',
        ["4:7 EM102 OLD_ID>NEW_ID", "5:8 EM102 OLD_KEY>NEW_KEY", "6:7 EM103 GONE"],
        'resource "aws_lambda_function" "f" {\n  environment {\n    variables = {\n      NEW_ID = "x"\n      "NEW_KEY" = "y"\n      GONE = 1\n    }\n  }\n  tags = {\n    OLD_ID = 1\n  }\n}\n',
    ),
    # env = { X = … }, ':' and ',' separators
    (
        "env = { OLD_ID = 1, OLD_KEY = 2 }\nenvironment = {OLD_ID: 1}\n",
        ["1:9 EM102 OLD_ID>NEW_ID", "1:21 EM102 OLD_KEY>NEW_KEY", "2:16 EM102 OLD_ID>NEW_ID"],
        "env = { NEW_ID = 1, NEW_KEY = 2 }\nenvironment = {NEW_ID: 1}\n",
    ),
    # name/value lists in environment and secrets
    (
        'container_definitions = jsonencode([{\n  environment = [{ name = "OLD_ID", value = "OLD_KEY" }]\n  secrets = [{ name = "OLD_KEY", valueFrom = "arn" }]\n  other = [{ name = "OLD_ID" }]\n}])\n',
        ["2:28 EM102 OLD_ID>NEW_ID", "3:24 EM102 OLD_KEY>NEW_KEY"],
        'container_definitions = jsonencode([{\n  environment = [{ name = "NEW_ID", value = "OLD_KEY" }]\n  secrets = [{ name = "NEW_KEY", valueFrom = "arn" }]\n  other = [{ name = "OLD_ID" }]\n}])\n',
    ),
    # the Kubernetes provider's env blocks
    (
        'env {\n  name  = "OLD_ID"\n  value = "OLD_KEY"\n}\nenv {\n  name = OLD_KEY\n}\n',
        ["2:12 EM102 OLD_ID>NEW_ID"],
        'env {\n  name  = "NEW_ID"\n  value = "OLD_KEY"\n}\nenv {\n  name = OLD_KEY\n}\n',
    ),
    # block labels: env "x" { … }
    (
        'env "a" "b" {\n  OLD_ID = 1\n}\n',
        ["2:3 EM102 OLD_ID>NEW_ID"],
        'env "a" "b" {\n  NEW_ID = 1\n}\n',
    ),
    # comments of every kind and heredocs are skipped
    (
        "# env = { OLD_ID = 1 }\n// env = { OLD_ID = 1 }\n/* env = { OLD_ID = 1 } */\nenv = {\n  OLD_ID = <<EOT\nOLD_KEY = 1\nEOT\n  OLD_KEY = 2\n}\n",
        ["5:3 EM102 OLD_ID>NEW_ID", "8:3 EM102 OLD_KEY>NEW_KEY"],
        "# env = { OLD_ID = 1 }\n// env = { OLD_ID = 1 }\n/* env = { OLD_ID = 1 } */\nenv = {\n  NEW_ID = <<EOT\nOLD_KEY = 1\nEOT\n  NEW_KEY = 2\n}\n",
    ),
    # <<- heredocs, and an unterminated one
    (
        "env = {\n  a = <<-EOT\n  OLD_ID = 1\n  EOT\n  OLD_ID = 2\n}\nx = <<EOT\nOLD_KEY = 1\n",
        ["5:3 EM102 OLD_ID>NEW_ID"],
        "env = {\n  a = <<-EOT\n  OLD_ID = 1\n  EOT\n  NEW_ID = 2\n}\nx = <<EOT\nOLD_KEY = 1\n",
    ),
    # an unterminated block comment
    (
        "env = { OLD_ID = 1 }\n/* env = { OLD_KEY = 1 }\n",
        ["1:9 EM102 OLD_ID>NEW_ID"],
        "env = { NEW_ID = 1 }\n/* env = { OLD_KEY = 1 }\n",
    ),
    # strings with ${…} and escapes
    (
        'env = {\n  "OLD_ID" = "${var.a} \\" }"\n  OLD_KEY = "x"\n}\n',
        ["2:4 EM102 OLD_ID>NEW_ID", "3:3 EM102 OLD_KEY>NEW_KEY"],
        'env = {\n  "NEW_ID" = "${var.a} \\" }"\n  NEW_KEY = "x"\n}\n',
    ),
    # a call takes the name of its attribute; a call argument is not a key
    (
        "env = merge({ OLD_ID = 1 }, var.x)\nenv = f(OLD_KEY = 1)\nx = f(env = { OLD_ID = 1 })\nx = (env)\nenv = ({ OLD_KEY = 1 })\n",
        ["1:15 EM102 OLD_ID>NEW_ID", "3:15 EM102 OLD_ID>NEW_ID", "5:10 EM102 OLD_KEY>NEW_KEY"],
        "env = merge({ NEW_ID = 1 }, var.x)\nenv = f(OLD_KEY = 1)\nx = f(env = { NEW_ID = 1 })\nx = (env)\nenv = ({ NEW_KEY = 1 })\n",
    ),
    # a key after a value on the same line is not a key
    (
        "env = { a = 1 OLD_ID = 2 }\n",
        [],
        "env = { a = 1 OLD_ID = 2 }\n",
    ),
    # identifiers with dashes; a name that is a value
    (
        "env = {\n  x-y = OLD_ID\n  OLD_KEY = x\n}\n",
        ["3:3 EM102 OLD_KEY>NEW_KEY"],
        "env = {\n  x-y = OLD_ID\n  NEW_KEY = x\n}\n",
    ),
    # unbalanced closers
    (
        "}])\nenv = { OLD_ID = 1 }\n",
        ["2:9 EM102 OLD_ID>NEW_ID"],
        "}])\nenv = { NEW_ID = 1 }\n",
    ),
    # CRLF
    (
        "env = {\r\n  OLD_ID = 1\r\n}\r\n",
        ["2:3 EM102 OLD_ID>NEW_ID"],
        "env = {\r\n  NEW_ID = 1\r\n}\r\n",
    ),
    # short identifiers, a block comment between tokens
    (
        "env = {\n  X = 1\n  XX = 2\n  OLD_ID = 3 /* c */ OLD_KEY = 4\n  /* c */ OLD_KEY = 5\n}\n",
        ["4:3 EM102 OLD_ID>NEW_ID", "5:11 EM102 OLD_KEY>NEW_KEY"],
        "env = {\n  X = 1\n  XX = 2\n  NEW_ID = 3 /* c */ OLD_KEY = 4\n  /* c */ NEW_KEY = 5\n}\n",
    ),
    # a quoted name key, a key that only starts with name, ':' in an entry
    (
        'environment = [{ "name" = "OLD_ID" }, { "nameX" = "OLD_KEY" }, { name: "OLD_KEY" }]\n',
        ["1:28 EM102 OLD_ID>NEW_ID", "1:73 EM102 OLD_KEY>NEW_KEY"],
        'environment = [{ "name" = "NEW_ID" }, { "nameX" = "OLD_KEY" }, { name: "NEW_KEY" }]\n',
    ),
    # one block label; an upper-case block name
    (
        'env "a" {\n  OLD_ID = 1\n}\nEnvironment = {\n  OLD_KEY = 2\n}\n',
        ["2:3 EM102 OLD_ID>NEW_ID", "5:3 EM102 OLD_KEY>NEW_KEY"],
        'env "a" {\n  NEW_ID = 1\n}\nEnvironment = {\n  NEW_KEY = 2\n}\n',
    ),
    # an unnamed opener at the top, then a closer too many
    (
        "[{ OLD_ID = 1 }]\n)\nenv = { OLD_KEY = 2 }\n",
        ["3:9 EM102 OLD_KEY>NEW_KEY"],
        "[{ OLD_ID = 1 }]\n)\nenv = { NEW_KEY = 2 }\n",
    ),
    # a closed block leaves no name behind
    (
        "env = {}\n[{ OLD_ID = 1 }]\nenv = []\n[{ OLD_ID = 1 }]\nenv = f()\n[{ OLD_ID = 1 }]\n",
        [],
        "env = {}\n[{ OLD_ID = 1 }]\nenv = []\n[{ OLD_ID = 1 }]\nenv = f()\n[{ OLD_ID = 1 }]\n",
    ),
    # closers too many, then an unnamed opener
    (
        ")\n]\n[{ OLD_ID = 1 }]\n",
        [],
        ")\n]\n[{ OLD_ID = 1 }]\n",
    ),
    # name: {, and a labelled block after other lines
    (
        'x = { environment: { OLD_ID = 1 } }\ny = 1\nenv "a" {\n  OLD_KEY = 1\n}\n',
        ["1:22 EM102 OLD_ID>NEW_ID", "4:3 EM102 OLD_KEY>NEW_KEY"],
        'x = { environment: { NEW_ID = 1 } }\ny = 1\nenv "a" {\n  NEW_KEY = 1\n}\n',
    ),
    # list keys: name must be the key of the string
    (
        'environment = [{ value = "OLD_ID", name = "OLD_KEY" }]\nenvironment = ["OLD_ID"]\n',
        ["1:44 EM102 OLD_KEY>NEW_KEY"],
        'environment = [{ value = "OLD_ID", name = "NEW_KEY" }]\nenvironment = ["OLD_ID"]\n',
    ),
]


@pytest.mark.parametrize(("src", "expected", "fixed"), JSON)
def test_json_whole_result(src: str, expected: list[str], fixed: str) -> None:
    assert records_and_fix(structured.scan_json, src) == (expected, fixed)


@pytest.mark.parametrize(("src", "expected", "fixed"), HCL)
def test_hcl_whole_result(src: str, expected: list[str], fixed: str) -> None:
    assert records_and_fix(structured.scan_hcl, src) == (expected, fixed)


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        # strings with escapes, not across a line end
        (structured._JSON_TOKEN, '"a\\"b" "c\\\\" "d\ne"', ['"a\\"b"', '"c\\\\"']),
        # line comments to the LF, block comments (lazy), unterminated to the end
        (structured._JSON_TOKEN, '// a "b"\n/* c\n */ /* d */ /* e', ['// a "b"', '/* c\n */', '/* d */', '/* e']),
        # punctuation, not other characters
        (structured._JSON_TOKEN, '{}[]:, 1 true x', ['{', '}', '[', ']', ':', ',']),
        # a string with a CR is broken
        (structured._JSON_TOKEN, '"a\rb"', []),
        # comments: #, //, /* */ (unterminated to the end)
        (structured._HCL_TOKEN, '# a "b"\n// c\n/* d\n */ /* e', ['# a "b"', '\n', '// c', '\n', '/* d\n */', '/* e']),
        # heredocs: <<X and <<-X, the end marker alone on its line (blanks around)
        (structured._HCL_TOKEN, 'a = <<EOT\nx EOT\n  EOT \nb = <<-X\r\ny\nX\nc', ['a', '=', '<<EOT\nx EOT\n  EOT ', '\n', 'b', '=', '<<-X\r\ny\nX', '\n', 'c']),
        # an unterminated heredoc runs to the end
        (structured._HCL_TOKEN, 'a = <<EOT\nx\n', ['a', '=', '<<EOT\nx\n']),
        # a heredoc needs its marker and a line end
        (structured._HCL_TOKEN, 'a = <<EOT x\n<< EOT\n', ['a', '=', 'EOT', 'x', '\n', 'EOT', '\n']),
        # strings: escapes, ${...} with quotes inside, not across lines
        (structured._HCL_TOKEN, '"a\\"b" "${f("x")}" "c\nd"', ['"a\\"b"', '"${f("x")}"', 'c', '\n', 'd']),
        # identifiers with dashes, punctuation, new lines
        (structured._HCL_TOKEN, 'a-b _c 9d {}[]()=:,\n. +', ['a-b', '_c', 'd', '{', '}', '[', ']', '(', ')', '=', ':', ',', '\n']),
    ],
)  # fmt: skip
def test_token_patterns(pattern: re.Pattern[str], text: str, expected: list[str]) -> None:
    assert [m.group() for m in pattern.finditer(text)] == expected


def test_an_npm_script_ends_at_its_closing_quote() -> None:
    """A one-letter name right after the script's string is not part of the script."""
    rules = RenameTable(renames={"X": "Y"}, obsolete=())
    src = '{"scripts": {"a": "cmd "X, "b": "cmd X"}}'
    assert records_and_fix(structured.scan_json, src, rules) == (
        ["1:38 EM101 X>Y"],
        '{"scripts": {"a": "cmd "X, "b": "cmd Y"}}',
    )
